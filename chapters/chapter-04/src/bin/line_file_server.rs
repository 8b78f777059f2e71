//! `line_file_server`: 000's file server, safely. A client sends a file
//! name as a line; the server answers with the file's bytes, or with
//! `File not found` and a LF. Connections stay open for more requests.
//!
//! The seed opens whatever name it is sent, so `../../etc/passwd` or an
//! absolute path reads any file the server can: a path traversal. This
//! version serves only names under `--root`: relative, with no `..`
//! component, and (after following links) still inside the root. A name
//! refused that way gets the same `File not found` as a missing file, so
//! a client learns nothing about what lies outside.
//!
//! `cargo run -p chapter-04 --bin line_file_server -- --root fixtures/www`,
//! then `printf 'index.html\n' | nc 127.0.0.1 12345`.
//!
//! Layout: [`Args`], [`FileSession`] (one client's requests), [`resolve_in`]
//! (the traversal guard), `main`.

use std::net::TcpListener;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use chapter_02::addr::resolve;
use chapter_02::cli::finish;
use chapter_04::control::{Options, Stop};
use chapter_04::poll::serve;
use chapter_04::service::Sessions;
use chapter_04::session::{Session, Step};

/// Largest file served: the reply is queued whole, so it is capped.
const MAX_FILE: u64 = 1 << 20;

/// The answer to a name that is missing, refused or too large.
const NOT_FOUND: &[u8] = b"File not found\n";

/// 000's file server: a file name per line, the file's bytes back.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0: an ephemeral port chosen by the OS).
    #[arg(long, default_value_t = 12345)]
    port: u16,
    /// The directory whose files are served (the `file-server`
    /// conformance case passes it as WORKBOOK_FILES).
    #[arg(long, env = "WORKBOOK_FILES", default_value = ".")]
    root: PathBuf,
}

/// The file `name` names under `root`, or `None` when the name is not a
/// plain relative path or leads outside the root (through `..` or a link).
fn resolve_in(root: &Path, name: &str) -> Option<PathBuf> {
    let relative = Path::new(name);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if name.is_empty() || !plain {
        return None;
    }
    let path = root.join(relative).canonicalize().ok()?;
    path.starts_with(root).then_some(path)
}

/// One client's requests against the (canonical) root.
struct FileSession {
    root: PathBuf,
}

impl Session for FileSession {
    fn on_line(&mut self, line: &[u8], out: &mut Vec<u8>) -> Step {
        let name = String::from_utf8_lossy(line);
        println!("Received request for file: {name}");
        let file = resolve_in(&self.root, name.trim_end())
            .filter(|p| {
                p.metadata()
                    .is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE)
            })
            .and_then(|p| std::fs::read(p).ok());
        out.extend_from_slice(file.as_deref().unwrap_or(NOT_FOUND));
        Step::Continue
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let root = args
        .root
        .canonicalize()
        .with_context(|| format!("--root {}", args.root.display()))?;
    let addr = resolve(&args.host, args.port).context("Listening socket")?;
    let listener = TcpListener::bind(addr)
        .with_context(|| format!("Listening socket: cannot listen on {addr}"))?;
    println!("File server listening on {}", listener.local_addr()?);
    let mut sessions = Sessions::new(|| FileSession { root: root.clone() });
    serve(listener, &mut sessions, Options::default(), &Stop::new()).context("Serving")
}

fn main() -> ExitCode {
    finish("line_file_server", run(Args::parse()))
}
