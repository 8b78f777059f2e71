//! 002's http_01 ("Grabbing a File"): download a URL to a file, with a
//! progress bar and a SHA-256 checksum.
//!
//! `cargo run -p chapter-05 --bin grab_file -- http://127.0.0.1:8080/logo.png`
//!
//! The file is written under a temporary name and renamed only when the
//! whole body arrived with a success status, so a failed download never
//! leaves a truncated file that looks complete.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chapter_05::cli::{ClientArgs, finish};
use chapter_05::client::fetch;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

/// Download a URL to a file, showing progress; print its size and SHA-256.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The URL to download.
    url: String,
    /// The file to write (default: the URL's last path segment, or index.html).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Fail unless the download has this SHA-256 (hex).
    #[arg(long)]
    sha256: Option<String>,
    #[command(flatten)]
    client: ClientArgs,
}

/// A file sink that also hashes what it writes.
struct Hashing {
    file: File,
    hash: Sha256,
}

impl Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.hash.update(&bytes[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let request = args.client.request(&args.url)?;
    let name = request
        .url
        .target
        .split('?')
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("");
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(if name.is_empty() { "index.html" } else { name }));
    let partial = output.with_extension("part");
    let file =
        File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    let mut sink = Hashing {
        file,
        hash: Sha256::new(),
    };
    // Drawn on stderr, and hidden when stderr is not a terminal.
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec}",
    )?);
    let result = fetch(&request, &mut sink, &mut |got, total| {
        if let Some(total) = total {
            bar.set_length(total);
        }
        bar.set_position(got);
    });
    bar.finish_and_clear();
    let reply = result.inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    if reply.status >= 300 {
        let _ = std::fs::remove_file(&partial);
        anyhow::bail!("{}: {}", reply.url, reply.status_line);
    }
    let digest: String = sink
        .hash
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if let Some(want) = args
        .sha256
        .as_ref()
        .filter(|w| !w.eq_ignore_ascii_case(&digest))
    {
        let _ = std::fs::remove_file(&partial);
        anyhow::bail!("checksum mismatch: got {digest}, expected {want}");
    }
    std::fs::rename(&partial, &output)?;
    println!("{}", reply.status_line);
    println!("Saved {} bytes to {}", reply.body_len, output.display());
    println!("SHA-256 {digest}");
    Ok(())
}

fn main() -> ExitCode {
    finish("grab_file", run(Args::parse()))
}
