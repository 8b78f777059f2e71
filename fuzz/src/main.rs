//! `fuzz`: runs the targets on generated inputs (see `fuzz/README.md`).
//!
//! ```text
//! cargo run --profile fuzz --manifest-path fuzz/Cargo.toml -- --all --inputs 1000000
//! cargo run --profile fuzz --manifest-path fuzz/Cargo.toml -- --target qp --seed 7 --index 4312
//! ```

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use fuzz::corpus::Corpus;
use fuzz::run::{self, Options};
use fuzz::show;
use fuzz::targets::{self, Target};
use harness::workspace::Workspace;

/// Hostile input for the workbook's parsers, codecs and sessions.
#[derive(Parser, Debug)]
#[command(name = "fuzz")]
struct Args {
    /// Run these targets (repeat, or separate with commas).
    #[arg(long, value_delimiter = ',')]
    target: Vec<String>,
    /// Run every target (the default when no --target is given).
    #[arg(long, conflicts_with = "target")]
    all: bool,
    /// Inputs per target.
    #[arg(long, default_value_t = 10_000)]
    inputs: u64,
    /// The run's seed (default: drawn from the clock, and printed).
    #[arg(long)]
    seed: Option<u64>,
    /// Run only input number N (with one --target and the run's --seed):
    /// print it, judge it, say why it fails.
    #[arg(long, value_name = "N", requires = "seed")]
    index: Option<u64>,
    /// With --index: write the input to this file as well.
    #[arg(long, requires = "index")]
    dump: Option<PathBuf>,
    /// List the targets and what each checks.
    #[arg(long)]
    list: bool,
    /// Fail any input that takes longer than --time-limit (always reported).
    #[arg(long)]
    strict: bool,
    /// The time bound per input, in seconds.
    #[arg(long, default_value_t = 1.0)]
    time_limit: f64,
    /// An input running this many seconds is a hang: stop the run.
    #[arg(long, default_value_t = 120.0)]
    hang_limit: f64,
    /// Threads, each running whole targets (default: the cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Also run the inputs of known, reported bugs (they fail).
    #[arg(long)]
    known: bool,
    /// The workspace root, for the fixtures (default: found from here).
    #[arg(long)]
    root: Option<PathBuf>,
}

fn main() -> ExitCode {
    // anyhow captures a backtrace for every error when RUST_BACKTRACE is
    // set; the targets make millions of errors, and a run's figures should
    // not depend on the caller's environment.
    // SAFETY: first thing in main, before any other thread exists.
    unsafe { std::env::set_var("RUST_LIB_BACKTRACE", "0") };
    match run(Args::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("fuzz: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> anyhow::Result<bool> {
    let chosen = choose(&args.target)?;
    if args.list {
        for t in &chosen {
            println!("{:<28} {}", t.name, t.about);
        }
        return Ok(true);
    }
    let root = match &args.root {
        Some(root) => Workspace::at(root)?,
        None => Workspace::discover(&std::env::current_dir()?)?,
    };
    fuzz::set_root(root.root.clone());
    fuzz::known::set_run_known(args.known);
    let corpus = Corpus::load(&root.root).context("loading the fixtures")?;
    let seed = args.seed.unwrap_or_else(clock_seed);
    if let Some(index) = args.index {
        let [target] = chosen.as_slice() else {
            bail!("--index replays one input of one target: give exactly one --target");
        };
        return replay(target, &corpus, seed, index, args.dump.as_deref());
    }
    let opts = Options {
        seed,
        inputs: args.inputs,
        strict: args.strict,
        time_limit: Duration::from_secs_f64(args.time_limit),
        hang_limit: Duration::from_secs_f64(args.hang_limit),
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    println!(
        "fuzz: seed {seed} (replay this run with --seed {seed}); {} targets x {} inputs; {} jobs",
        chosen.len(),
        opts.inputs,
        opts.jobs
    );
    println!("{}", show::HEADER);
    let work: Vec<(Target, Vec<Vec<u8>>)> =
        chosen.iter().map(|t| (*t, corpus.seeds(t.kinds))).collect();
    let reports = fuzz::pool::run_all(&work, &opts, &|r| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", show::target_line(r));
        if let Some(f) = &r.failure {
            let _ = write!(out, "{}", show::failure(f));
        }
        let _ = out.flush();
    });
    println!();
    print!("{}", show::table(&reports, opts.strict));
    let ok = reports.iter().all(|r| r.failure.is_none());
    Ok(ok)
}

/// The targets named, or all of them.
fn choose(names: &[String]) -> anyhow::Result<Vec<Target>> {
    if names.is_empty() {
        return Ok(targets::all());
    }
    names
        .iter()
        .map(|n| targets::find(n).with_context(|| format!("no target {n:?} (see --list)")))
        .collect()
}

/// Makes, prints and judges one input.
fn replay(
    t: &Target,
    corpus: &Corpus,
    seed: u64,
    index: u64,
    dump: Option<&std::path::Path>,
) -> anyhow::Result<bool> {
    let seeds = corpus.seeds(t.kinds);
    let (input, rng) = run::make_input(t, &seeds, &t.word_list(), seed, index);
    print!(
        "{} input #{index} (seed {seed}), {} bytes\n{}",
        t.name,
        input.len(),
        show::input(&input)
    );
    if let Some(path) = dump {
        std::fs::write(path, &input).with_context(|| format!("writing {}", path.display()))?;
        println!("  written to {}", path.display());
    }
    let (verdict, took, peak) = run::judge(t, &input, rng, seed, index);
    println!("  took {took:.2?}, peak heap {}", run::bytes(peak as u64));
    match &verdict {
        Ok(()) => println!("  ok"),
        Err(why) => println!("  FAIL: {why}"),
    }
    Ok(verdict.is_ok())
}

/// A seed for a run without `--seed`.
fn clock_seed() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.map_or(0, |d| d.as_nanos() as u64 % 1_000_000_000)
}
