//! Property-test strategies (proptest) shared by the chapters' tests.
//!
//! The property every stream parser must have: the same result however the
//! input is split. [`chunked`] splits any byte string at arbitrary points
//! (empty chunks included); [`split_at`] is the same split as a plain
//! function, for shrinking-friendly hand-written cases.
//!
//! Every `proptest!` block of the workbook takes its configuration from
//! [`config`] (or [`config_with_cases`]), so a failing case is saved in
//! one place: beside the test file, as `<file>.proptest-regressions`
//! (`tests/filters.rs` → `tests/filters.proptest-regressions`,
//! `tests/exercises/rot13.rs` → `tests/exercises/rot13.proptest-regressions`).
//! proptest's own default would put files of tests that have a `main.rs`
//! in a `proptest-regressions/` folder beside theirs and the others beside
//! the test file, with a warning. Those of worked examples are committed
//! (they replay real bugs); those of the exercises' tests are ignored by
//! git and by `workbook` status (stubs fail on purpose).
//!
//! Layout: the configuration; byte payloads and chunkings; line streams;
//! mail messages and maildrops ([`MailMessage`]); URLs ([`UrlParts`]).

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

/// The extension of the files proptest saves failing cases in.
pub const REGRESSIONS: &str = "proptest-regressions";

/// proptest's default configuration, with failing cases saved beside the
/// test file ([`REGRESSIONS`]): for `#![proptest_config(config())]`.
/// `PROPTEST_DISABLE_FAILURE_PERSISTENCE=1` still saves nothing (`workbook
/// grade` sets it: a learner's checkout is not written to).
pub fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    let saving = default.failure_persistence.is_some();
    let beside_the_test = FileFailurePersistence::WithSource(REGRESSIONS);
    ProptestConfig {
        failure_persistence: saving.then(|| Box::new(beside_the_test) as Box<_>),
        ..default
    }
}

/// [`config`] with `cases` cases instead of the default number (slow
/// properties: each case a real connection, say).
pub fn config_with_cases(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, ..config() }
}

/// Splits `bytes` at the given cut points (any order, repeats allowed:
/// a repeated cut makes an empty chunk). The chunks concatenate to `bytes`.
pub fn split_at(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for c in cuts {
        out.push(bytes[start..c].to_vec());
        start = c;
    }
    out.push(bytes[start..].to_vec());
    out
}

/// Every way (up to 16 cuts) to split `bytes` into chunks, empty ones included.
pub fn chunked(bytes: Vec<u8>) -> impl Strategy<Value = Vec<Vec<u8>>> {
    vec(any::<Index>(), 0..16).prop_map(move |idx| {
        let cuts: Vec<usize> = idx.iter().map(|i| i.index(bytes.len() + 1)).collect();
        split_at(&bytes, &cuts)
    })
}

/// A payload from `payload` together with a chunking of it.
pub fn with_chunks(
    payload: impl Strategy<Value = Vec<u8>>,
) -> impl Strategy<Value = (Vec<u8>, Vec<Vec<u8>>)> {
    payload.prop_flat_map(|bytes| (Just(bytes.clone()), chunked(bytes)))
}

/// Printable ASCII (space to `~`), up to `max` bytes.
pub fn printable(max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(0x20u8..0x7f, 0..=max)
}

/// Any bytes, up to `max`.
pub fn binary(max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..=max)
}

/// Line endings for [`line_stream`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `\r\n` everywhere (the network standard).
    Crlf,
    /// Bare `\n` everywhere.
    Lf,
    /// Each line picks one at random.
    Mixed,
}

/// Lines of printable text (no CR or LF inside), up to `max_len` bytes each.
pub fn lines(max_lines: usize, max_len: usize) -> impl Strategy<Value = Vec<Vec<u8>>> {
    vec(printable(max_len), 0..=max_lines)
}

/// A stream of lines with the given endings; returns the lines (without
/// endings) and the stream.
pub fn line_stream(
    ending: Ending,
    max_lines: usize,
) -> impl Strategy<Value = (Vec<Vec<u8>>, Vec<u8>)> {
    vec((printable(80), any::<bool>()), 0..=max_lines).prop_map(move |ls| {
        let mut stream = Vec::new();
        for (line, coin) in &ls {
            stream.extend_from_slice(line);
            let crlf = match ending {
                Ending::Crlf => true,
                Ending::Lf => false,
                Ending::Mixed => *coin,
            };
            stream.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        }
        (ls.into_iter().map(|(l, _)| l).collect(), stream)
    })
}

/// An RFC 5322 message: a few headers and a body of lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    /// `(name, value)` pairs, in order.
    pub headers: Vec<(String, String)>,
    /// Body lines without endings (some start with `.`, to test dot-stuffing).
    pub body: Vec<String>,
}

impl MailMessage {
    /// The message as CRLF text: headers, blank line, body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        for l in &self.body {
            out.push_str(l);
            out.push_str("\r\n");
        }
        out.into_bytes()
    }
}

fn word() -> impl Strategy<Value = String> {
    "[a-z]{1,8}"
}

/// Mail messages with From/To/Subject/Date/Message-ID and a body whose
/// lines include `.`-leading ones, empty ones and a lone `.`.
pub fn mail_message() -> impl Strategy<Value = MailMessage> {
    let body_line = prop_oneof![
        4 => "[ -~]{0,76}",
        1 => Just(".".to_string()),
        1 => "\\.[ -~]{0,20}",
        1 => Just(String::new()),
    ];
    (word(), word(), word(), "[ -~]{0,40}", vec(body_line, 0..12)).prop_map(
        |(from, to, host, subject, body)| {
            let headers = vec![
                ("From".into(), format!("{from}@{host}.example")),
                ("To".into(), format!("{to}@example.org")),
                ("Subject".into(), subject.trim().to_string()),
                ("Date".into(), "Sat, 21 Nov 2026 07:31:21 +0000".into()),
                ("Message-ID".into(), format!("<{from}.{to}@{host}.example>")),
            ];
            MailMessage { headers, body }
        },
    )
}

/// A maildrop: 0 to `max` messages.
pub fn maildrop(max: usize) -> impl Strategy<Value = Vec<MailMessage>> {
    vec(mail_message(), 0..=max)
}

/// The parts of a URL, and the URL they make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// `http`, `https` or `ftp`.
    pub scheme: String,
    /// `(user, password)` in the authority, if any.
    pub userinfo: Option<(String, String)>,
    /// A lowercase host name.
    pub host: String,
    /// An explicit port, if any.
    pub port: Option<u16>,
    /// The path, starting with `/` (segments may hold `%XX` escapes).
    pub path: String,
    /// The query, without `?`.
    pub query: Option<String>,
    /// The fragment, without `#`.
    pub fragment: Option<String>,
}

impl std::fmt::Display for UrlParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://", self.scheme)?;
        if let Some((u, p)) = &self.userinfo {
            write!(f, "{u}:{p}@")?;
        }
        write!(f, "{}", self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        write!(f, "{}", self.path)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        if let Some(frag) = &self.fragment {
            write!(f, "#{frag}")?;
        }
        Ok(())
    }
}

/// URLs (RFC 3986 subset) with their parts.
pub fn url() -> impl Strategy<Value = UrlParts> {
    let scheme = prop_oneof![Just("http"), Just("https"), Just("ftp")].prop_map(String::from);
    let host = vec(word(), 1..4).prop_map(|labels| labels.join("."));
    let segment = prop_oneof![3 => "[A-Za-z0-9._~-]{1,10}", 1 => "%[0-9A-F]{2}[a-z]{0,4}"];
    let path = vec(segment, 0..4).prop_map(|s| format!("/{}", s.join("/")));
    let userinfo = proptest::option::of((word(), "[A-Za-z0-9]{1,8}"));
    let query = proptest::option::of("[a-z]{1,5}=[a-z0-9]{0,5}(&[a-z]{1,5}=[a-z0-9]{0,5}){0,2}");
    let fragment = proptest::option::of("[a-z0-9]{1,8}");
    (
        scheme,
        userinfo,
        host,
        proptest::option::of(1u16..),
        path,
        query,
        fragment,
    )
        .prop_map(
            |(scheme, userinfo, host, port, path, query, fragment)| UrlParts {
                scheme,
                userinfo,
                host,
                port,
                path,
                query,
                fragment,
            },
        )
}
