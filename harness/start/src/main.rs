//! `cargo workbook [ARGS…]`: shows the next exercise at once (for the
//! status, which is what the learner runs first), then builds the
//! `workbook` command, showing cargo's progress when that takes a while,
//! and runs it with the same arguments. See the library's docs.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use workbook_start::{NEXT_FILE, exercises, next_box, untouched};

const CHAPTERS: [&str; 9] = ["01", "02", "03", "04", "05", "06", "07", "08", "09"];

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let status = args.is_empty() || (args.len() == 1 && args[0] == "status");
    let target = target_dir(&root);
    let exe = target
        .join("debug")
        .join(format!("workbook{}", std::env::consts::EXE_SUFFIX));
    let first_build = !exe.exists();
    if status {
        quick_status(&root, first_build);
    }
    if let Err(code) = build(&root, first_build) {
        return code;
    }
    match Command::new(&exe).args(&args).status() {
        Ok(s) => ExitCode::from(s.code().map_or(1, |c| u8::try_from(c).unwrap_or(1))),
        Err(e) => {
            eprintln!("cannot run {}: {e}", exe.display());
            ExitCode::FAILURE
        }
    }
}

/// Where cargo builds: `CARGO_TARGET_DIR` or the checkout's `target/`.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Prints where the learner is, from the files alone.
fn quick_status(root: &Path, first_build: bool) {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let paint = |style: &str, text: &str| {
        let code = if style == "bold" { "1" } else { "36" };
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let (next, from) = match last_answer(root) {
        Some(next) => (next, "as of your last check; checking again below"),
        None => (
            first_untouched(root),
            "the first exercise you have not started",
        ),
    };
    match next {
        Some((nn, ex)) => {
            for line in next_box(nn, &ex, &paint) {
                println!("{line}");
            }
            println!("            ({from})");
        }
        None => println!("Every exercise written so far is solved (as of your last check)."),
    }
    println!();
    println!(
        "{} {} once built below; until then, read the pages in {}",
        paint("bold", "The book:"),
        paint("cmd", "target/book/index.html"),
        paint("cmd", "book/src/")
    );
    if first_build {
        println!();
        println!(
            "First run: cargo now builds the workbook's tools (a few minutes on a laptop,\n\
             about 3 on two cores), then checks your exercises chapter by chapter.\n\
             Later runs take seconds."
        );
    }
    println!();
}

/// The answer `workbook status` left: `NN name`, looked up again in the
/// manifest so the box has its title. `Some(None)`: everything was solved.
fn last_answer(root: &Path) -> Option<Option<(&'static str, workbook_start::Exercise)>> {
    let text = std::fs::read_to_string(root.join(NEXT_FILE)).ok()?;
    let line = text.trim();
    if line.is_empty() {
        return Some(None);
    }
    let (nn, name) = line.split_once(' ')?;
    let nn = CHAPTERS.into_iter().find(|c| *c == nn)?;
    let ex = manifest(root, nn).into_iter().find(|e| e.name == name)?;
    Some(Some((nn, ex)))
}

/// The first exercise, in the book's order, whose file is still the stub.
fn first_untouched(root: &Path) -> Option<(&'static str, workbook_start::Exercise)> {
    CHAPTERS.into_iter().find_map(|nn| {
        let ex = manifest(root, nn)
            .into_iter()
            .find(|e| untouched(root, nn, e))?;
        Some((nn, ex))
    })
}

fn manifest(root: &Path, nn: &str) -> Vec<workbook_start::Exercise> {
    let path = root.join(format!("chapters/chapter-{nn}/exercises.toml"));
    exercises(&std::fs::read_to_string(path).unwrap_or_default())
}

/// Builds the `workbook` command: quietly when it only needs a look,
/// with cargo's progress (which crate, how many of how many) the first time.
fn build(root: &Path, first_build: bool) -> Result<(), ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "-p", "workbook"]).current_dir(root);
    if !first_build {
        cmd.arg("--quiet");
    }
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => {
            eprintln!("building the workbook command failed ({s}); the messages above say why");
            Err(ExitCode::FAILURE)
        }
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}
