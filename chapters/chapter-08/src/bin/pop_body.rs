//! `pop_body`: the seed's exercise 2 — as `pop_headers`, and below each
//! message of at most 4096 bytes, its body.
//!
//! The body printing is the exercise `chapter_08::exercises::body_print`:
//! until you have written it, this program stops at the first message
//! with the exercise's `todo!()` message.
//!
//! ```text
//! cargo run -p chapter-08 --bin pop_body -- --config pop.toml
//! ```

use std::process::ExitCode;

use chapter_08::cli::{AccountArgs, CONFIG_HELP, exit_status};
#[cfg(not(feature = "skip-body_print"))]
use chapter_08::exercises::body_print::body_print;
use clap::Parser;

/// Show the headers of waiting messages, and the bodies of small ones.
#[derive(Parser)]
#[command(after_help = CONFIG_HELP)]
struct Args {
    #[command(flatten)]
    account: AccountArgs,
}

#[cfg(not(feature = "skip-body_print"))]
fn main() -> ExitCode {
    let args = Args::parse();
    let mut out = std::io::stdout().lock();
    let result = args.account.run(&mut out, &mut |client, msg, out| {
        if body_print(client, msg.number, msg.size, out)? {
            writeln!(out, "--- End of Msg {} ---", msg.number)?;
        }
        Ok(())
    });
    exit_status("pop_body", result)
}

/// `workbook` may build the chapter without the exercise `body_print`, to
/// check the other exercises while that one does not compile; this program
/// needs it, and says so.
#[cfg(feature = "skip-body_print")]
fn main() -> ExitCode {
    let _ = Args::parse();
    let why = "this build leaves out the exercise body_print, which it needs";
    exit_status("pop_body", Err(anyhow::anyhow!(why)))
}
