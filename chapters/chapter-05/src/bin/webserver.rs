//! 002's web server: serves a directory over HTTP/1.1 until `/quit`.
//!
//! `cargo run -p chapter-05 --bin webserver -- --port 8080` then open
//! <http://127.0.0.1:8080/>. Each request is logged on stdout.

use std::path::PathBuf;
use std::process::ExitCode;

use chapter_05::cli::{default_root, finish, serve};
use chapter_05::server::Engine;
use chapter_05::site::Site;
use clap::Parser;

/// Serve a directory over HTTP/1.1 (keep-alive, HEAD, safe paths); GET /quit stops it.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: any free port; the one chosen is printed).
    #[arg(long, short, default_value_t = 8080)]
    port: u16,
    /// The document root (default: the workbook's fixtures/www).
    #[arg(long, short)]
    root: Option<PathBuf>,
    /// Ignore GET /quit (it is then an ordinary 404).
    #[arg(long)]
    no_quit: bool,
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
    let root = args.root.unwrap_or_else(default_root);
    // Canonical, so the banner shows a clean path (and `..` in it resolved).
    let result = match root.canonicalize() {
        Ok(root) if root.is_dir() => {
            let what = format!("Serving {}", root.display());
            let quit = !args.no_quit;
            let site = Site { root, quit };
            let stop_path = quit.then_some("/quit");
            serve(
                &args.host,
                args.port,
                &what,
                site,
                args.quiet,
                stop_path,
                args.engine,
            )
        }
        _ => Err(anyhow::anyhow!(
            "{} is not a directory (give one with --root)",
            root.display()
        )),
    };
    finish("webserver", result)
}
