//! Known bugs: what the targets found in code this crate may not change.
//! Each is reported (with its replay command, in `fuzz/README.md`) and its
//! inputs are skipped by the target, so that a run stays green for new
//! findings until the code's owner fixes it. `--known` runs them anyway
//! (they then fail); delete an entry once its fix lands.
//!
//! # Layout
//! [`run_known`], [`set_run_known`]; one predicate per finding.

use std::sync::atomic::{AtomicBool, Ordering};

use harness::fault::FaultPlan;

static RUN_KNOWN: AtomicBool = AtomicBool::new(false);

/// Whether inputs that hit known bugs are run too (`--known`).
pub fn run_known() -> bool {
    RUN_KNOWN.load(Ordering::Relaxed)
}

/// Runs (true) or skips (false) the inputs of known bugs.
pub fn set_run_known(on: bool) {
    RUN_KNOWN.store(on, Ordering::Relaxed);
}

/// `harness/src/fault/apply.rs`: `chop = 0` makes `write_steps` loop for
/// ever, pushing empty writes; `chop_random = 0` panics on an empty range;
/// `long_line.length` is allocated as given (a plan can ask for exabytes).
pub fn fault_plan_skip(plan: &FaultPlan) -> bool {
    let bad = plan.chop == Some(0)
        || plan.chop_random == Some(0)
        || plan.long_line.as_ref().is_some_and(|l| l.length > 1 << 20);
    bad && !run_known()
}

/// `harness/src/dns` (zone.rs, wire.rs): a zone name with a label over 63
/// bytes is accepted and written with its length byte as it is, so the
/// reply has a length byte with the pointer bits set (a reply chapter 1
/// rightly refuses).
/// Names over 253 bytes of text (255 on the wire), and empty labels
/// (`a..b`, written as a zero byte that ends the name early), the same.
pub fn zone_skip(zone_text: &str) -> bool {
    let bad = zone_text
        .lines()
        .flat_map(|l| l.split('#').next().unwrap_or("").split_whitespace())
        .map(|field| field.strip_suffix('.').unwrap_or(field))
        .any(|field| {
            field.len() > 253
                || field
                    .split('.')
                    .any(|label| label.len() > 63 || label.is_empty())
        });
    bad && !run_known()
}

/// `chapters/chapter-07/src/config.rs`: a configuration file that is not
/// valid TOML is reported with toml's message, which quotes the offending
/// line, and that line can be the `password = "…"` one.
pub fn config_toml_error(message: &str) -> bool {
    message.contains("TOML parse error") && !run_known()
}

/// `chapters/chapter-06/src/mime/qp.rs`: the quoted-printable encoder is
/// quadratic in a run of spaces or tabs (64 KiB of tabs: seconds; the 1.6
/// MiB of seed 22's input 3717 in `qp`: hours). Its fix is in progress
/// elsewhere; until then runs over 4 KiB are skipped (shorter ones run,
/// exempt from the time bound over 1 KiB: see `targets::filters`).
pub fn qp_whitespace_skip(input: &[u8]) -> bool {
    longest_blank_run(input) > 4 << 10 && !run_known()
}

/// The longest run of spaces and tabs in `input`.
pub fn longest_blank_run(input: &[u8]) -> usize {
    let (mut run, mut longest) = (0, 0);
    for &b in input {
        run = if b == b' ' || b == b'\t' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// `chapters/chapter-07/src/config.rs` and `harness/src/fault` (`peer
/// --faults FILE`) read a TOML file of any size, and toml needs up to 140
/// times a pathological file's size to reject it (0.5 MiB of dots: 82 MiB;
/// 3.7 MiB of `=`: 280 MiB). Over 64 KiB (larger than any configuration or
/// plan) is skipped; the accounts file is capped at 256 KiB already.
pub fn toml_too_big(input: &[u8]) -> bool {
    input.len() > 64 << 10 && !run_known()
}

/// `solutions/chapter-05/request_head.rs`: a folded line after an empty
/// field value (`X:\r\n 25`) gives `" 25"`, where the library (and RFC
/// 9112 §5.2, a fold is one SP, then OWS is trimmed) gives `"25"`. True
/// when that is the only difference between the two header lists.
pub fn fold_after_empty_value(solution: &[(String, String)], library: &[(String, String)]) -> bool {
    let same_but_lead = solution.len() == library.len()
        && solution
            .iter()
            .zip(library)
            .all(|((n, v), (m, w))| n == m && v.trim_start() == w);
    same_but_lead && solution != library && !run_known()
}

/// `harness/src/dns/wire.rs`: `parse_query` caps a question's labels (63
/// bytes, 127 labels) but not the name's length, so a query whose name is
/// over 255 bytes is answered, with that name echoed: a reply chapter 1
/// rightly refuses (RFC 1035 §2.3.4; FORMERR would be the answer).
pub fn dns_query_name_too_long(query: &[u8]) -> bool {
    let (mut pos, mut wire) = (12, 1);
    // Bounded: each pass moves past a label.
    while let Some(&len) = query.get(pos) {
        if len == 0 || len > 63 {
            break;
        }
        wire += 1 + usize::from(len);
        pos += 1 + usize::from(len);
    }
    wire > 255 && !run_known()
}

/// `harness/src/smtp`: the EHLO reply echoes the client's domain, made
/// lossy UTF-8 first, so a 512-byte command line can give a reply line
/// over RFC 5321's 512 octets (§4.5.3.1.5), which chapter 7 refuses.
pub fn smtp_reply_too_long(reply: &str) -> bool {
    reply.split("\r\n").any(|line| line.len() + 2 > 512) && !run_known()
}

/// `solutions/chapter-01/url_absolute.rs`: `remove_dot_segments` drains
/// the front of a `String` for each segment, quadratic in the path (seed
/// 6's input 18190 in `url-absolute`, 4 MiB: hours). Its fix is in
/// progress elsewhere; until then paths over 64 KiB skip the solution
/// (shorter ones run, exempt from the time bound over 16 KiB).
pub fn url_absolute_skip(input: &[u8]) -> bool {
    input.len() > 64 << 10 && !run_known()
}

/// `solutions/chapter-05/chunked_decode.rs`: a size line is trimmed with
/// `str::trim_end`, so any Unicode white space after the hex digits (a
/// vertical tab, U+0085, U+3000…) is accepted, where the library (and RFC
/// 9112 §7.1, which allows none) refuses it. True for an input with such a
/// character, when the library refused a size.
pub fn chunk_size_unicode_space(input: &[u8], library_error: &str) -> bool {
    let odd_space = String::from_utf8_lossy(input)
        .chars()
        .any(|c| c.is_whitespace() && !c.is_ascii_whitespace());
    odd_space && library_error.contains("BadSize") && !run_known()
}

/// `chapters/chapter-05/src/head.rs` (`parse_head`) and
/// `solutions/chapter-05/request_head.rs`: with the request line not yet
/// ended, the cap is checked on all the bytes so far, a final CR included;
/// when the LF comes, on the line without its CR. A line of exactly the
/// cap whose CR arrives before its LF is refused with 414, and accepted
/// when both arrive together. True for that verdict on such a prefix.
pub fn cr_counted_against_cap(early_verdict: &str, prefix: &[u8]) -> bool {
    early_verdict.contains("UriTooLong") && prefix.ends_with(b"\r") && !run_known()
}
