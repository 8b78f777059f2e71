//! `transform_bench`: how fast, and in how little memory, `transform` streams.
//!
//! It writes a text-like input file of `--size` bytes, then times, in the same
//! run: `transform base64-encode` against coreutils `base64 -w0` and against
//! the `base64` crate's one-shot encoder (in memory), and `transform
//! quoted-printable` against LuaSocket's `mime` filters driven by ltn12 (on a
//! `--lua-size` prefix, since the Lua side is slower). It prints MB/s
//! (10^6 input bytes per second), the ratios, and the peak RSS `transform`
//! itself reports (VmHWM). Targets: base64 >= 0.8x coreutils, peak RSS <= 8 MiB,
//! quoted-printable >= 2x LuaSocket.
//!
//! Layout: [`Args`], size parsing, the four measurements, and the report;
//! `timing` has the input generator and the timed runs.

mod timing;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use clap::Parser;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use timing::{Speed, best_of, rate, write_input};

/// Benchmark `transform` (base64 and quoted-printable) against coreutils,
/// the base64 crate and LuaSocket, printing MB/s, ratios and peak memory.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Input size for `transform`, coreutils and the crate (e.g. 64MiB, 1GiB).
    #[arg(long, default_value = "1GiB", value_parser = parse_size)]
    size: u64,
    /// Input size for the LuaSocket quoted-printable run.
    #[arg(long, default_value = "64MiB", value_parser = parse_size)]
    lua_size: u64,
    /// Path of the `transform` program (default: next to this program).
    #[arg(long)]
    transform: Option<PathBuf>,
    /// Directory for the temporary input files.
    #[arg(long, default_value_os_t = std::env::temp_dir())]
    dir: PathBuf,
    /// Keep the input files (to profile with them) instead of deleting them.
    #[arg(long)]
    keep_input: bool,
    /// Runs of each measurement; the best one counts (the machine may be busy).
    #[arg(long, default_value_t = 3)]
    runs: u32,
}

/// Parses sizes like `1GiB`, `64MiB`, `10MB`, `4096`.
fn parse_size(text: &str) -> Result<u64, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("not a size: {text}"))?;
    let scale = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        other => {
            return Err(format!(
                "unknown unit {other:?} (B, KiB, MiB, GiB, KB, MB, GB)"
            ));
        }
    };
    n.checked_mul(scale)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("bad size: {text}"))
}

/// Times `transform FILTER --stats`: its speed and peak RSS in KiB.
fn run_transform(
    args: &Args,
    exe: &Path,
    filter: &str,
    input: &Path,
    size: u64,
) -> Result<(Speed, u64)> {
    let mut cmd = Command::new(exe);
    cmd.args(["--stats", filter]);
    let (speed, stderr) = best_of(args.runs, &mut cmd, input, size)?;
    let rss = stderr
        .split("vmhwm_kib=")
        .nth(1)
        .and_then(|s| s.trim().parse().ok())
        .with_context(|| format!("transform did not report its memory: {stderr}"))?;
    Ok((speed, rss))
}

/// Times the `base64` crate's one-shot encoder on the input held in memory
/// (one thread, so wall and CPU time are the same).
fn run_crate(args: &Args, input: &Path) -> Result<Speed> {
    let mut data = Vec::new();
    File::open(input)?.read_to_end(&mut data)?;
    // Touch every output page first, so the timing is the encoder, not page faults.
    let mut out = vec![1u8; data.len().div_ceil(3) * 4];
    let mut best = 0.0f64;
    for _ in 0..args.runs.max(1) {
        let start = Instant::now();
        let n = base64::engine::general_purpose::STANDARD.encode_slice(&data, &mut out)?;
        best = best.max(rate(data.len() as u64, start.elapsed()));
        std::hint::black_box(&out[..n]);
    }
    Ok(Speed {
        wall: best,
        cpu: best,
    })
}

/// Times LuaSocket (normalize, encode, wrap through ltn12); `None` if lua5.1
/// with lua-socket is missing.
fn run_lua_qp(args: &Args, input: &Path) -> Result<Option<Speed>> {
    let probe = Command::new("lua5.1")
        .args(["-e", "require('mime')"])
        .output();
    if !matches!(probe, Ok(ref o) if o.status.success()) {
        return Ok(None);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/gen_corpus.lua");
    let mut cmd = Command::new("lua5.1");
    cmd.arg(script).arg("qp").arg(input).arg("/dev/null");
    Ok(Some(best_of(args.runs, &mut cmd, input, args.lua_size)?.0))
}

fn transform_exe(args: &Args) -> Result<PathBuf> {
    let exe = match &args.transform {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("transform"),
    };
    if !exe.exists() {
        bail!(
            "{} not found: build it first (cargo build --release -p chapter-06)",
            exe.display()
        );
    }
    Ok(exe)
}

fn main() -> Result<()> {
    let args = Args::parse();
    let exe = transform_exe(&args)?;
    let big = args
        .dir
        .join(format!("transform_bench_{}.txt", std::process::id()));
    let small = big.with_extension("lua.txt");
    eprintln!(
        "writing {} + {} input bytes to {} ...",
        args.size,
        args.lua_size,
        args.dir.display()
    );
    write_input(&big, args.size)?;
    write_input(&small, args.lua_size)?;
    let result = measure(&args, &exe, &big, &small);
    if !args.keep_input {
        let _ = std::fs::remove_file(&big);
        let _ = std::fs::remove_file(&small);
    }
    result
}

/// One report line: name, speed, and the ratio of `ours` to this speed.
fn line(name: &str, speed: Speed, ours: Option<Speed>, note: &str) {
    let ratio = ours.map_or(String::new(), |o| {
        format!(
            "ratio {:.2}x wall, {:.2}x cpu",
            o.wall / speed.wall,
            o.cpu / speed.cpu
        )
    });
    println!(
        "  {name:<28} {:8.1} MB/s wall {:8.1} MB/s cpu  {ratio}{note}",
        speed.wall, speed.cpu
    );
}

fn verdict(name: &str, ratio: f64, target: f64) {
    let ok = if ratio >= target { "PASS" } else { "FAIL" };
    println!("  {name:<34} {ratio:6.2} (target >= {target}) {ok}");
}

fn measure(args: &Args, exe: &Path, big: &Path, small: &Path) -> Result<()> {
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    eprintln!("timing base64 (best of {} runs each) ...", args.runs);
    let (b64, b64_rss) = run_transform(args, exe, "base64-encode", big, args.size)?;
    let core = best_of(args.runs, Command::new("base64").arg("-w0"), big, args.size)?.0;
    let krate = run_crate(args, big)?;
    eprintln!("timing quoted-printable ...");
    let (qp, qp_rss) = run_transform(args, exe, "quoted-printable", big, args.size)?;
    let (qp_small, _) = run_transform(args, exe, "quoted-printable", small, args.lua_size)?;
    let lua = run_lua_qp(args, small)?;
    println!(
        "input: {:.0} MiB of mail-like text (LuaSocket: {:.0} MiB)",
        mib(args.size),
        mib(args.lua_size)
    );
    println!("base64 encoding:");
    line(
        "transform base64-encode",
        b64,
        None,
        &format!("  peak RSS {b64_rss} KiB"),
    );
    line("coreutils base64 -w0", core, Some(b64), "");
    line("base64 crate, in memory", krate, Some(b64), "");
    println!("quoted-printable (normalize, encode, wrap):");
    line(
        "transform quoted-printable",
        qp,
        None,
        &format!("  peak RSS {qp_rss} KiB"),
    );
    line("transform, LuaSocket's input", qp_small, None, "");
    match lua {
        Some(lua) => line("LuaSocket mime via ltn12", lua, Some(qp_small), ""),
        None => println!("  LuaSocket: skipped (lua5.1 with lua-socket not installed)"),
    }
    println!("targets:");
    verdict("base64 vs coreutils (wall)", b64.wall / core.wall, 0.8);
    verdict("base64 vs coreutils (cpu)", b64.cpu / core.cpu, 0.8);
    if let Some(lua) = lua {
        verdict(
            "quoted-printable vs LuaSocket (wall)",
            qp_small.wall / lua.wall,
            2.0,
        );
        verdict(
            "quoted-printable vs LuaSocket (cpu)",
            qp_small.cpu / lua.cpu,
            2.0,
        );
    }
    let rss = b64_rss.max(qp_rss);
    let ok = if rss <= 8 * 1024 { "PASS" } else { "FAIL" };
    println!(
        "  {:<34} {rss:6} KiB (target <= 8192 KiB) {ok}",
        "peak RSS of transform"
    );
    Ok(())
}
