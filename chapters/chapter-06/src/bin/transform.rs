//! `transform`: a command-line filter that streams stdin (or a file) through
//! one or more of the chapter's filters to stdout (or a file).
//!
//! `transform base64-encode < in > out`; several filters chain left to right
//! (`transform normalize qp-encode qp-wrap`). Input of any size passes in
//! fixed-size blocks, so memory stays flat. `--list` names every filter.
//!
//! Layout: [`Args`], [`parse_filter`], [`open_io`], `as_file`, [`run`], `main`.

use anyhow::{Context, Result};
use chapter_06::catalog::{self, FILTERS};
use chapter_06::ltn12::sink::{ChainedSink, WriterSink};
use chapter_06::ltn12::source::ReaderSource;
use chapter_06::ltn12::{Chain, pump_all};
use clap::Parser;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Stream bytes through the chapter's filters (base64, quoted-printable,
/// rot13, ...). Filters given in order are chained.
#[derive(Parser, Debug)]
#[command(version, about, after_help = filter_list())]
struct Args {
    /// Filters to apply, in order (see the list below).
    #[arg(required_unless_present = "list", value_parser = parse_filter)]
    filters: Vec<String>,
    /// Read from this file instead of stdin.
    #[arg(short, long)]
    input: Option<PathBuf>,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Bytes read per chunk.
    #[arg(long, default_value_t = 64 * 1024, value_parser = clap::value_parser!(u32).range(1..=16 << 20))]
    block_size: u32,
    /// List the filters and exit.
    #[arg(long)]
    list: bool,
    /// At the end, print byte counts and peak memory (VmHWM) to stderr.
    #[arg(long, hide = true)]
    stats: bool,
}

fn filter_list() -> String {
    let mut text = String::from("Filters:\n");
    for (name, what) in FILTERS {
        text.push_str(&format!("  {name:<18} {what}\n"));
    }
    text
}

fn parse_filter(name: &str) -> Result<String, String> {
    match catalog::by_name(name) {
        Some(_) => Ok(name.to_owned()),
        None => Err(format!("unknown filter (try --list)\n\n{}", filter_list())),
    }
}

/// Opens the input and output; stdin/stdout are used as plain files (no
/// locking, no line buffering), which matters at gigabytes per second.
fn open_io(args: &Args) -> Result<(File, File)> {
    let input = match &args.input {
        Some(path) => {
            File::open(path).with_context(|| format!("cannot open {}", path.display()))?
        }
        None => as_file(&std::io::stdin())?,
    };
    let output = match &args.output {
        Some(path) => {
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?
        }
        None => as_file(&std::io::stdout())?,
    };
    Ok((input, output))
}

/// A standard stream as a `File` of its own (a duplicate of its descriptor).
#[cfg(unix)]
fn as_file(stream: &impl std::os::fd::AsFd) -> std::io::Result<File> {
    Ok(File::from(stream.as_fd().try_clone_to_owned()?))
}

/// A standard stream as a `File` of its own (a duplicate of its handle).
#[cfg(windows)]
fn as_file(stream: &impl std::os::windows::io::AsHandle) -> std::io::Result<File> {
    Ok(File::from(stream.as_handle().try_clone_to_owned()?))
}

// ANCHOR: run
/// Pumps `input` through the chained `filters` into `output`; returns the
/// number of bytes read.
fn run(filters: &[String], input: impl Read, output: impl Write, block: usize) -> Result<u64> {
    let mut chain = Chain::new();
    for name in filters {
        chain.push(catalog::by_name(name).context("unknown filter")?);
    }
    let mut counted = CountingReader {
        inner: input,
        bytes: 0,
    };
    let mut src = ReaderSource::with_block_size(&mut counted, block);
    // Outputs of at least `block` bytes bypass the buffer (no extra copy);
    // small ones are gathered into fewer writes.
    let writer = BufWriter::with_capacity(block, output);
    let mut snk = ChainedSink::new(chain, WriterSink::new(writer));
    pump_all(&mut src, &mut snk).with_context(|| format!("{} failed", filters.join(" | ")))?;
    Ok(counted.bytes)
}
// ANCHOR_END: run

/// Counts the bytes read through it (for `--stats`).
struct CountingReader<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Peak resident memory of this process in KiB, from /proc (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.list {
        print!("{}", filter_list());
        return ExitCode::SUCCESS;
    }
    let result = open_io(&args)
        .and_then(|(input, output)| run(&args.filters, input, output, args.block_size as usize));
    match result {
        Ok(bytes) => {
            if args.stats {
                let rss = peak_rss_kib().map_or("unknown".into(), |k| k.to_string());
                eprintln!("transform: bytes_in={bytes} vmhwm_kib={rss}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("transform: {err:#}");
            ExitCode::FAILURE
        }
    }
}
