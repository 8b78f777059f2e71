//! `dns-test`: the program is 002's `dns_test`: it asks the system
//! resolver (`getaddrinfo`, LuaSocket's `socket.dns.toip`) what a name
//! stands for and prints the answer.
//!
//! A documented substitute: the seed asks about a public web site, whose
//! addresses change and need the Internet, so no run could be graded
//! fairly. The harness instead gives the program the one name every
//! system resolver must answer the same way without any network:
//! `localhost`, which resolves to a loopback address (RFC 6761 §6.3; from
//! `/etc/hosts` on most systems). The name is in `DNS_TEST_NAME`, or the
//! program may hard-code it as the seed hard-codes its own. What is
//! graded is what it prints: a loopback address (127.0.0.1, or ::1 where
//! the system prefers IPv6), and, as a SHOULD, the name itself (toip's
//! table holds the official name). The harness starts no peer and records
//! no conversation; `dns-client` checks the resolver protocol itself
//! against the workbook's DNS peer.
//!
//! # Layout
//! - `grade`: the checks of one run; `DnsTest`: the case.

use super::common::env::with_env;
use super::common::{case_info, exit_check, exit_status};
use crate::{Case, CaseInfo, Check, Evidence, ProgramRun, Role, Running, Session};
use harness::failure::escape;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct DnsTest;

/// The name asked about.
const NAME: &str = "localhost";
/// The addresses that name may have (RFC 6761 §6.3).
const LOOPBACK: [&str; 2] = ["127.0.0.1", "::1"];

/// Whether `word` appears in `text` as a whole word (not inside another
/// address such as 127.0.0.10, nor a longer name); a colon belongs to a
/// word only inside an IPv6 address (`localhost:` is the name).
fn has_word(text: &str, word: &str) -> bool {
    let colons = word.contains(':');
    text.split(|c: char| {
        !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || (colons && c == ':'))
    })
    .any(|w| w == word)
}

/// The checks of one run.
fn grade(run: &ProgramRun) -> Vec<Check> {
    let out = String::from_utf8_lossy(&run.stdout);
    let address = LOOPBACK.iter().any(|a| has_word(&out, a));
    let detail = format!(
        "expected 127.0.0.1 or ::1 on stdout; it printed \"{}\"",
        escape(&run.stdout)
    );
    vec![
        Check::must(
            format!("prints the address of {NAME} (a loopback address)"),
            address,
            detail,
        ),
        Check::should(
            format!("prints the name {NAME}"),
            has_word(&out, NAME),
            "the name is not in its output",
        ),
        exit_check(run),
    ]
}

impl Case for DnsTest {
    fn info(&self) -> CaseInfo {
        case_info(
            "dns-test",
            "your program (002's dns_test) asks the system resolver about `localhost` (DNS_TEST_NAME) and prints its address and name; a substitute for the seed's public web site, which no offline run can grade",
            Role::Client,
            &["nothing: the system resolver answers (localhost, RFC 6761 §6.3)"],
            20,
            "cargo run -q -p chapter-01 --bin dns_test -- localhost",
        )
        .seed("002 dns_test (names and numbers)")
        .var("DNS_TEST_NAME", "the name to look up (the seed hard-codes its own; hard-coding localhost is fine)", NAME)
        .must("prints a loopback address for localhost, 127.0.0.1 or ::1", "RFC 6761 §6.3; 002 dns_test (socket.dns.toip)")
        .should("prints the name it looked up", "002 dns_test (toip's table names it)")
        .must("exits with status 0", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let program = with_env(&session.program, &[("DNS_TEST_NAME", NAME.to_string())]);
        let run = Running::spawn(&program, &[], None, session.time_limit)?.wait();
        let checks = grade(&run);
        let mut outcome = toml::Table::new();
        let address = checks.first().is_some_and(|c| c.grade == crate::Grade::Ok);
        outcome.insert("prints_loopback".into(), address.into());
        outcome.insert("exit_status".into(), exit_status(&run).into());
        Ok(Evidence {
            checks,
            outcome,
            run: Some(run),
            reproduce: vec![format!(
                "DNS_TEST_NAME={NAME} {}",
                harness::proc::shell_line(&session.program.argv)
            )],
            ..Evidence::default()
        })
    }
}
