//! 000's file server, over HTTP and safely: GET lists directories and sends
//! files, PUT uploads (capped), nothing outside the root.
//!
//! `cargo run -p chapter-05 --bin file_server -- --root /tmp/share --port 8081`,
//! then `curl http://127.0.0.1:8081/` and `curl -T notes.txt http://127.0.0.1:8081/notes.txt`.

use std::path::PathBuf;
use std::process::ExitCode;

use chapter_05::cli::{finish, serve};
use chapter_05::files::FileServer;
use chapter_05::server::Engine;
use clap::Parser;

/// Serve a directory: GET lists and downloads, PUT uploads (up to --max-upload bytes).
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: any free port).
    #[arg(long, short, default_value_t = 8081)]
    port: u16,
    /// The directory to share.
    #[arg(long, short, default_value = ".")]
    root: PathBuf,
    /// Largest upload in bytes (413 beyond).
    #[arg(long, default_value_t = 1024 * 1024)]
    max_upload: usize,
    /// Do not log each request.
    #[arg(long, short)]
    quiet: bool,
    /// How connections are served: a new thread each (threads), a thread
    /// kept from an earlier connection (pool), or one event loop per core
    /// for all of them (poll).
    #[arg(long, value_enum, default_value = "pool")]
    engine: Engine,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.root.is_dir() {
        false => Err(anyhow::anyhow!(
            "{} is not a directory",
            args.root.display()
        )),
        true => {
            let what = format!("Sharing {}", args.root.display());
            let files = FileServer {
                root: args.root,
                max_upload: args.max_upload,
            };
            serve(
                &args.host,
                args.port,
                &what,
                files,
                args.quiet,
                None,
                args.engine,
            )
        }
    };
    finish("file_server", result)
}
