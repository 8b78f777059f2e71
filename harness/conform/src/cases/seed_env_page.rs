//! `env-page`: the program is 002's `env_page`: run with no input, it
//! writes an HTML page on stdout (`env_page > index.html`) for the seed's
//! web server to serve. The seed's page lists Lua's library functions,
//! ours the workbook's chapters: the content is the program's own, so what
//! is graded is that stdout is a whole HTML document a browser shows with
//! a title and a heading.
//!
//! # Layout
//! - `grade`: the checks; `EnvPage`: the case.

use super::common::{case_info, exit_check, exit_status};
use crate::{Case, CaseInfo, Check, Evidence, Grade, ProgramRun, Role, Running, Session};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct EnvPage;

/// The checks of one run.
fn grade(run: &ProgramRun) -> Vec<Check> {
    let page = String::from_utf8_lossy(&run.stdout).to_ascii_lowercase();
    let page = page.trim();
    let starts = page.starts_with("<!doctype html") || page.starts_with("<html");
    let ends = page.ends_with("</html>");
    let titled = page.contains("<title>") && page.contains("</title>");
    let headed = page.contains("<h1");
    let first: String = page.chars().take(60).collect();
    vec![
        Check::must(
            "writes an HTML document on stdout (<!DOCTYPE html> or <html> first, </html> last)",
            starts && ends,
            format!("stdout began \"{first}\""),
        ),
        Check::must(
            "gives the page a <title>",
            titled,
            "there is no <title>…</title>",
        ),
        Check::should(
            "gives the page a heading (<h1>)",
            headed,
            "there is no <h1>",
        ),
        exit_check(run),
    ]
}

impl Case for EnvPage {
    fn info(&self) -> CaseInfo {
        case_info(
            "env-page",
            "your program (002's env_page) writes a whole HTML page on stdout (with a <title> and a heading) for the web server to serve; its content is yours",
            Role::Filter,
            &["nothing: your program runs alone, with empty stdin"],
            20,
            "cargo run -q -p chapter-05 --bin env_page",
        )
        .seed("002 env_page (an index page)")
        .must("writes an HTML document on stdout: `<!DOCTYPE html>` (or `<html>`) first, `</html>` last", "002 env_page; HTML Living Standard §13.1")
        .must("gives the page a <title>", "HTML Living Standard §4.2.2")
        .should("gives the page a heading", "002 env_page")
        .must("exits with status 0", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let run =
            Running::spawn(&session.program, &[], Some(Vec::new()), session.time_limit)?.wait();
        let checks = grade(&run);
        let mut outcome = toml::Table::new();
        let html = checks.first().is_some_and(|c| c.grade == Grade::Ok);
        outcome.insert("html_document".into(), html.into());
        outcome.insert("exit_status".into(), exit_status(&run).into());
        Ok(Evidence {
            checks,
            outcome,
            run: Some(run),
            reproduce: vec![format!(
                "{} > index.html",
                harness::proc::shell_line(&session.program.argv)
            )],
            ..Evidence::default()
        })
    }
}
