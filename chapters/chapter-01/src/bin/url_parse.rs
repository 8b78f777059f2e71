//! `url_parse`: the seed's `url_01.lua` — a URL unfurled into its parts.
//!
//! With no argument it takes apart a contrived URL with every part there
//! is (user `natty`, password `pathfinder`, port 8888, path `/susquehanna`,
//! params `loc`, query `date=1793`, fragment `title`), prints LuaSocket's
//! components, then shows `build`, `absolute`, `escape`/`unescape` and
//! `parse_path` on it. `--corpus parse|absolute` turns it into the filter
//! of the `url-parse`/`url-absolute` conformance cases (stdin → stdout).
//!
//! ```text
//! cargo run -p chapter-01 --bin url_parse
//! cargo run -p chapter-01 --bin url_parse -- 'ftp://[::1]:2121/pub' --relative ../etc
//! ```

use std::io::Write;

use anyhow::Context;
use chapter_01::input;
use chapter_01::url::{self, Url};
use clap::{Parser, ValueEnum};

/// The seed's URL shape, with a host of our own.
const SEED_URL: &str =
    "http://natty:pathfinder@www.workbook.test:8888/susquehanna;loc?date=1793#title";

/// Split a URL into LuaSocket's components; build, resolve, escape.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// The URL to take apart.
    #[arg(default_value = SEED_URL)]
    url: String,
    /// A relative reference to resolve against the URL.
    #[arg(long, default_value = "../delaware/crossing?date=1776")]
    relative: String,
    /// Read lines on stdin and print one JSON object per line instead.
    #[arg(long, value_enum)]
    corpus: Option<Corpus>,
}

/// The conformance line formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Corpus {
    /// A URL per line → its components.
    Parse,
    /// `BASE<TAB>RELATIVE` per line → the absolute URL.
    Absolute,
}

/// Longest input line accepted in corpus mode (URLs in the wild stay far below).
const MAX_LINE: usize = 64 * 1024;

fn run_corpus(kind: Corpus) -> anyhow::Result<()> {
    let mut stdin = std::io::stdin().lock();
    let mut out = std::io::stdout().lock();
    let mut n = 0usize;
    while let Some(line) = input::read_line(&mut stdin, MAX_LINE)
        .with_context(|| format!("reading line {} of standard input", n + 1))?
    {
        n += 1;
        let line = String::from_utf8_lossy(&line);
        let result = match kind {
            Corpus::Parse => url::corpus::parse_line(&line),
            Corpus::Absolute => url::corpus::absolute_line(&line),
        };
        writeln!(out, "{result}")?;
    }
    Ok(())
}

fn show(args: &Args) -> anyhow::Result<()> {
    let parsed = Url::parse(&args.url).map_err(|e| anyhow::anyhow!("{:?}: {e}", args.url))?;
    println!("{:<10} {}", "url", args.url);
    for (name, value) in parsed.fields() {
        println!("{name:<10} {value}");
    }
    println!();
    println!("{:<10} {}", "build", parsed.build());
    let abs = url::absolute(&args.url, &args.relative);
    println!("{:<10} {} -> {abs}", "absolute", args.relative);
    let query = parsed.query.as_deref().unwrap_or_default();
    let escaped = url::escape(query.as_bytes());
    println!("{:<10} {query} -> {escaped}", "escape");
    println!(
        "{:<10} {escaped} -> {}",
        "unescape",
        url::unescape(&escaped)
    );
    let path = url::parse_path(parsed.path.as_deref().unwrap_or_default());
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|s| format!("{:?}", String::from_utf8_lossy(s)))
        .collect();
    println!(
        "{:<10} [{}] absolute={} directory={}",
        "parse_path",
        segments.join(", "),
        path.is_absolute,
        path.is_directory
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    match args.corpus {
        Some(kind) => run_corpus(kind),
        None => show(&args),
    }
}
