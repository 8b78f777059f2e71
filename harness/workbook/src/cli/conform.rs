//! `workbook conform`: check a program in any language against the reference
//! (DESIGN.md §6).
//!
//! `--list` shows the cases; `conform <case> -- <command> [args…]` runs one
//! (without a command: our own reference program); `--all` runs every case
//! with our programs (maintainers, CI); `--describe CASE` prints a case's
//! whole contract and `--describe-all --markdown DIR` writes the book's
//! implementers' pages from it. The engine is [`conform`];
//! this file only parses arguments, prints, and picks the exit code: 0 on a
//! pass (warnings included), 1 on a failure, 2 on a usage or setup error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

use super::Root;
use conform::contract::{self, grouped};
use conform::report::Report;
use conform::runner::{self, Mode};
use conform::{Case, CaseInfo, Program, Role, Session, cases};
use harness::proc::shell_line;
use harness::term::{BOLD, CMD, DIM, paint};

/// Arguments of `workbook conform`.
#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// The case to run (see `--list`).
    pub case: Option<String>,
    /// List every case with one line about it.
    #[arg(long)]
    pub list: bool,
    /// Run every case with our own reference programs.
    #[arg(long, conflicts_with = "case")]
    pub all: bool,
    /// Print the case's whole contract (role, variables, files, rules).
    #[arg(long, requires = "case")]
    pub describe: bool,
    /// Print every case's contract (with --markdown DIR: write the book's
    /// implementers' pages there instead).
    #[arg(long, conflicts_with = "case")]
    pub describe_all: bool,
    /// With --describe-all: write one markdown page per case and an
    /// index.md into DIR.
    #[arg(long, value_name = "DIR", requires = "describe_all")]
    pub markdown: Option<PathBuf>,
    /// Also write the report as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Time limit in seconds, instead of the case's own.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// Maintainers: rewrite `fixtures/reference/<case>/` from this run.
    #[arg(long)]
    pub record: bool,
    /// Which workbook checkout.
    #[command(flatten)]
    pub root: Root,
    /// The program to check and its arguments, after `--`; `{host}` and
    /// `{port}` are replaced by the address (also in WORKBOOK_HOST/PORT).
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Runs `workbook conform`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ws = args.root.open()?;
    if args.list {
        list(&cases::all(&ws.root)?);
        return Ok(ExitCode::SUCCESS);
    }
    if args.describe || args.describe_all {
        describe(&args, &ws.root)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut reports = Vec::new();
    for case in selected(&args, &ws.root)? {
        let session = session(case.as_ref(), &args, ws.root.clone())?;
        let limit = session.time_limit.as_secs_f64();
        let name = case.info().name;
        anstream::eprintln!(
            "{}",
            paint(DIM, format!("running {name} (time limit {limit}s)…"))
        );
        let mode = if args.record {
            Mode::Record
        } else {
            Mode::Compare
        };
        let report = runner::run(case.as_ref(), &session, mode)?;
        anstream::print!("{}", report.render());
        reports.push(report);
    }
    write_json(&args, &reports)?;
    let passed = reports.iter().all(|r| r.verdict.passed());
    Ok(if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The cases to run: the named one, or all (all but corpus cases when
/// recording, as a corpus has no reference directory).
fn selected(args: &Args, root: &Path) -> anyhow::Result<Vec<Box<dyn Case>>> {
    if args.all && !args.command.is_empty() {
        bail!("--all runs our own programs; give a case to check your command");
    }
    match (&args.case, args.all) {
        (Some(name), false) => Ok(vec![cases::find(root, name)?]),
        (None, true) => Ok(cases::all(root)?
            .into_iter()
            .filter(|c| !args.record || c.info().role != Role::Filter)
            .collect()),
        _ => bail!("name a case (see `cargo workbook conform --list`) or give --all"),
    }
}

/// Builds our own program first when it is a `cargo run`, so the case's time
/// limit measures the program, not the compiler: a server case may start it
/// once per connection (inetd-echo), and several cargo runs at once would
/// otherwise queue on cargo's build lock while the clients wait.
fn prebuild(argv: &[String], root: &std::path::Path) -> anyhow::Result<()> {
    let [cargo, run, rest @ ..] = argv else {
        return Ok(());
    };
    if cargo != "cargo" || run != "run" {
        return Ok(());
    }
    let build_args: Vec<&String> = rest.iter().take_while(|a| *a != "--").collect();
    let status = std::process::Command::new("cargo")
        .arg("build")
        .args(&build_args)
        .current_dir(root)
        .status()
        .context("cannot run cargo to build our own program")?;
    if !status.success() {
        bail!("building our own program failed ({status}): cargo build {build_args:?}");
    }
    Ok(())
}

/// The session for one case: the given command, or our own program.
fn session(case: &dyn Case, args: &Args, root: PathBuf) -> anyhow::Result<Session> {
    let info = case.info();
    let program = if args.command.is_empty() {
        let argv = info.our_program.clone().with_context(|| {
            format!(
                "case `{}` has no program of ours: give one after `--`",
                info.name
            )
        })?;
        anstream::eprintln!(
            "{}",
            paint(
                DIM,
                format!("checking our own program: {}", shell_line(&argv))
            )
        );
        prebuild(&argv, &root)?;
        Program {
            argv,
            cwd: Some(root.clone()),
        }
    } else {
        Program {
            argv: args.command.clone(),
            cwd: None,
        }
    };
    let time_limit = match args.time_limit {
        Some(secs) if secs.is_finite() && secs > 0.0 => Duration::from_secs_f64(secs),
        Some(secs) => bail!("--time-limit must be a positive number of seconds, not {secs}"),
        None => info.time_limit,
    };
    Ok(Session {
        program,
        time_limit,
        root,
    })
}

/// Prints the cases grouped by seed program (a header each), one entry
/// per case, summaries wrapped.
fn list(cases: &[Box<dyn Case>]) {
    let infos: Vec<CaseInfo> = cases.iter().map(|c| c.info()).collect();
    let width = infos.iter().map(|i| i.name.len()).max().unwrap_or(0);
    for (group, infos) in grouped(&infos) {
        anstream::println!("{}", paint(BOLD, &group));
        for info in infos {
            let role = match info.role {
                Role::Client => "client",
                Role::Server => "server",
                Role::Filter => "filter",
            };
            let name = format!("{:<width$}", info.name);
            // Wrapped, never cut: the summary is part of the case's contract.
            let indent = " ".repeat(2 + width + 2 + 6 + 2);
            let summary = wrap(&info.summary, SUMMARY_WIDTH).join(&format!("\n{indent}"));
            anstream::println!(
                "  {}  {}  {summary}",
                paint(BOLD, name),
                paint(DIM, format!("{role:<6}"))
            );
        }
    }
    anstream::println!(
        "\n{} your program is the client, the server, or a stdin→stdout filter. Run one with:\n  {}\n  {}",
        paint(DIM, "role:"),
        paint(
            CMD,
            "cargo workbook conform <case> -- <command> [args…]   ({host}/{port} are replaced)"
        ),
        paint(
            CMD,
            "cargo workbook conform <case> --describe          (the case's whole contract)"
        )
    );
}

/// `--describe CASE` and `--describe-all [--markdown DIR]`.
fn describe(args: &Args, root: &Path) -> anyhow::Result<()> {
    let infos: Vec<CaseInfo> = match &args.case {
        Some(name) if !args.describe_all => vec![cases::find(root, name)?.info()],
        _ => cases::all(root)?.iter().map(|c| c.info()).collect(),
    };
    let Some(dir) = &args.markdown else {
        let texts: Vec<String> = infos.iter().map(contract::describe).collect();
        anstream::print!("{}", texts.join("\n"));
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (file, text) in contract::pages(&infos) {
        let path = dir.join(file);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    anstream::eprintln!("wrote {} pages to {}", infos.len() + 1, dir.display());
    Ok(())
}

/// Widest line of a summary shown by `--list` (longer ones wrap).
const SUMMARY_WIDTH: usize = 80;

/// `text` as lines of at most `width` characters, broken between words (a
/// longer word gets a line of its own); the text's own line breaks kept.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let fits = line.chars().count() + 1 + word.chars().count() <= width;
            if !line.is_empty() && !fits {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Writes `--json`: one report object, or an array with `--all`.
fn write_json(args: &Args, reports: &[Report]) -> anyhow::Result<()> {
    let Some(path) = &args.json else {
        return Ok(());
    };
    let json = match reports {
        [one] if !args.all => serde_json::to_string_pretty(one)?,
        _ => serde_json::to_string_pretty(reports)?,
    };
    std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn wraps_between_words_and_cuts_nothing() {
        let text = "your program is an SMTP server on {port}: command order, dot-stuffing";
        let lines = wrap(text, 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("a-very-long-word x", 5), ["a-very-long-word", "x"]);
    }
}
