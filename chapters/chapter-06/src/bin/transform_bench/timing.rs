//! Timing helpers of `transform_bench`: the input generator, and running a
//! command with its wall-clock and CPU time measured.
//!
//! Layout: [`write_input`], [`Speed`], [`time_command`], [`best_of`], [`rate`].

use anyhow::{Context, Result, bail};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Writes `size` bytes of mail-like text: ASCII words, line breaks every
/// 60-80 columns, and about 1 byte in 50 from Latin-1 (accents).
pub fn write_input(path: &Path, size: u64) -> Result<()> {
    let mut block = Vec::with_capacity(1 << 20);
    let mut state: u32 = 0x2545_F491;
    let mut column = 0;
    while block.len() < 1 << 20 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let byte = match state % 50 {
            0 => 0xE0 + (state >> 8) as u8 % 0x1F,
            1..=8 => b' ',
            _ => b'a' + (state >> 8) as u8 % 26,
        };
        column += 1;
        let line_end = column > 60 && byte == b' ' || column >= 80;
        block.push(if line_end { b'\n' } else { byte });
        column = if line_end { 0 } else { column };
    }
    let mut out =
        BufWriter::new(File::create(path).with_context(|| format!("{}", path.display()))?);
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        out.write_all(&block[..n])?;
        left -= n as u64;
    }
    out.flush()?;
    Ok(())
}

/// Speed of one measurement in MB/s: by wall-clock time, and by the CPU time
/// the process used (steadier on a busy machine).
#[derive(Clone, Copy, Debug, Default)]
pub struct Speed {
    /// MB/s by wall-clock time.
    pub wall: f64,
    /// MB/s by CPU time.
    pub cpu: f64,
}

impl Speed {
    /// The better of two speeds, each figure on its own.
    pub fn best(self, other: Speed) -> Speed {
        Speed {
            wall: self.wall.max(other.wall),
            cpu: self.cpu.max(other.cpu),
        }
    }
}

/// CPU time used so far by this process's waited-for children, from
/// /proc/self/stat (`cutime` + `cstime`, in 1/100 s clock ticks).
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// MB/s for `bytes` in `time`.
pub fn rate(bytes: u64, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
}

/// Runs `cmd` with `input` (of `size` bytes) as stdin and /dev/null as
/// stdout; returns its speed and what it wrote to stderr.
pub fn time_command(cmd: &mut Command, input: &Path, size: u64) -> Result<(Speed, String)> {
    cmd.stdin(File::open(input)?)
        .stdout(File::create("/dev/null")?)
        .stderr(Stdio::piped());
    let cpu_before = children_cpu().unwrap_or_default();
    let start = Instant::now();
    let output = cmd
        .output()
        .with_context(|| format!("cannot run {cmd:?}"))?;
    let wall = start.elapsed();
    let cpu = children_cpu()
        .unwrap_or_default()
        .saturating_sub(cpu_before);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        bail!("{cmd:?} failed: {}\n{stderr}", output.status);
    }
    // Clock ticks are coarse: never report a CPU time below one tick.
    let cpu = cpu.max(Duration::from_millis(10));
    Ok((
        Speed {
            wall: rate(size, wall),
            cpu: rate(size, cpu),
        },
        stderr,
    ))
}

/// The best of `runs` runs of `cmd`, and the stderr of the last one.
pub fn best_of(runs: u32, cmd: &mut Command, input: &Path, size: u64) -> Result<(Speed, String)> {
    let mut best = Speed::default();
    let mut stderr = String::new();
    for _ in 0..runs.max(1) {
        let (speed, err) = time_command(cmd, input, size)?;
        best = best.best(speed);
        stderr = err;
    }
    Ok((best, stderr))
}
