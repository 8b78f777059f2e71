//! `file-server`: the program is 000's file server. It listens on
//! `{port}`; a client sends a file name as a line and gets the file's
//! bytes, or the line `File not found`; the connection stays open for the
//! next name, and several clients are served at once.
//!
//! The names are relative to the directory the program shares, given as
//! `WORKBOOK_FILES` (the seed opens names relative to its working
//! directory: run a faithful port there, `sh -c 'cd "$WORKBOOK_FILES" &&
//! exec lua file_server.lua'`). The harness makes that directory afresh
//! for each run, with a file next to it, outside it.
//!
//! The seed opens whatever name it gets, so `../secret.txt` or an absolute
//! path reads files outside the shared directory: a path traversal
//! (CWE-22). That is graded, not ignored: serving such a file is FAILED
//! (the MUST that a name never escapes the shared directory); refusing it
//! with anything but the missing-file answer is NON-STRICT (the SHOULD to
//! answer as for a missing file, so nothing is learnt about what is
//! outside).
//!
//! # Layout
//! - `Share`: the directory served and the file outside it;
//! - `SCRIPT`: the ordinary requests; `check_escape`: one traversal
//!   attempt; `FileServer`: the case.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::common::env::with_env;
use super::common::line_checks::line_matches;
use super::common::reproduce::server_lines;
use super::common::script::{Player, STOPPED, Step};
use super::common::server::Server;
use super::common::{case_info, passed};
use crate::client::LineClient;
use crate::{Case, CaseInfo, Check, Evidence, Grade, Role, Session};
use harness::failure::{Proto, escape};
use harness::transcript::Transcript;

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct FileServer;

/// Where the seed listens (shown in reproduce lines).
const SHOWN_PORT: u16 = 12345;
/// The seed's answer to a name it cannot open.
const NOT_FOUND: &str = "File not found";
/// The file outside the shared directory, and its only line.
const SECRET: (&str, &str) = ("secret.txt", "outside the shared directory: never served");
/// Longest wait for the answer to a traversal attempt: a server that
/// ignores the name says nothing, and that must not cost the whole limit.
const ESCAPE_WAIT: Duration = Duration::from_secs(5);

/// The shared directory (a fresh temporary one) and the secret beside it.
struct Share {
    _dir: tempfile::TempDir,
    root: PathBuf,
    secret: PathBuf,
}

impl Share {
    fn make() -> anyhow::Result<Share> {
        let dir = tempfile::tempdir()?;
        let base = dir.path().canonicalize()?;
        let root = base.join("share");
        std::fs::create_dir_all(root.join("docs"))?;
        std::fs::write(root.join("hello.txt"), "first line\nsecond line\n")?;
        std::fs::write(
            root.join("docs/notes.txt"),
            "notes: the file server works\n",
        )?;
        let secret = base.join(SECRET.0);
        std::fs::write(&secret, format!("{}\n", SECRET.1))?;
        Ok(Share {
            _dir: dir,
            root,
            secret,
        })
    }
}

/// Two clients at once: files in the root and below it, a missing one.
const SCRIPT: &[Step] = &[
    Step::Connect(0),
    Step::Connect(1),
    Step::Send(0, &["hello.txt\n"]),
    Step::Line(0, "first line"),
    Step::Line(0, "second line"),
    Step::Send(1, &["docs/", "notes.txt\r\n"]),
    Step::Line(1, "notes: the file server works"),
    Step::Send(0, &["missing.txt\n"]),
    Step::Line(0, NOT_FOUND),
];

/// Asks for `name` (which points outside the share; `label` names it in
/// the report, as an absolute path differs per run) on `client`: FAILED
/// when the secret comes back, NON-STRICT for any answer but
/// [`NOT_FOUND`], OK for that.
fn check_escape(client: &mut LineClient, (name, label): (&str, &str), until: Instant) -> Check {
    let title = format!(
        "does not serve {label}, outside the shared directory (a name must not escape it: CWE-22)"
    );
    if let Err(e) = client.send(&[format!("{name}\n").as_bytes()]) {
        return Check::must(title, false, harness::failure::io_summary(&e));
    }
    let answer = client.read_line(until.min(Instant::now() + ESCAPE_WAIT));
    let got = match &answer {
        Ok(line) => line.clone(),
        Err(end) => end.partial.clone(),
    };
    if line_matches(&got, SECRET.1) {
        let detail = "it sent the file outside the shared directory: path traversal. \
                      Refuse absolute names and names with a `..` component (or check that \
                      the resolved path is still inside the directory)";
        return Check::must(title, false, detail);
    }
    let refused_as_missing = answer.is_ok() && line_matches(&got, NOT_FOUND);
    let detail = format!(
        "it answered \"{}\"; a refused name should get the missing-file answer, \"{NOT_FOUND}\", \
         so that nothing is learnt about what lies outside",
        escape(&got)
    );
    Check::should(title, refused_as_missing, detail)
}

impl Case for FileServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "file-server",
            "your program (000's file server) listens on {port} and serves the directory WORKBOOK_FILES: a name per line, the file's bytes back or \"File not found\"; names escaping the directory (../x, /abs) must not be served",
            Role::Server,
            &["2 line clients at once", "a fresh shared directory with a file outside it"],
            30,
            "cargo run -q -p chapter-04 --bin line_file_server -- --port {port}",
        )
        .seed("000 file server")
        .var("WORKBOOK_FILES", "the absolute path of the directory to share (the seed serves its working directory: cd there)", "/tmp/.tmpAbC123/share")
        .file("$WORKBOOK_FILES/hello.txt: \"first line\\nsecond line\\n\"")
        .file("$WORKBOOK_FILES/docs/notes.txt: \"notes: the file server works\\n\"")
        .file("$WORKBOOK_FILES/../secret.txt: outside the share; must never be sent")
        .must("serves two clients at once; a connection stays open for more names", "000 file server")
        .must("answers a name with the file's bytes (names below the directory too, LF or CRLF after the name)", "000 file server")
        .must("answers a missing name with the line `File not found` (LF or CRLF)", "000 file server")
        .must("never serves a file outside the directory: `../secret.txt` or its absolute path", "CWE-22 path traversal; RFC 3986 §5.2.4 (dot segments)")
        .should("answers such a name exactly as a missing file (`File not found`)", "CWE-209: refusals reveal nothing")
        .must("keeps running", "the seed's endless loop")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let share = Share::make()?;
        let vars = [("WORKBOOK_FILES", share.root.display().to_string())];
        let program = with_env(&session.program, &vars);
        let mut server = Server::start(&program, "file-server", &[], session.time_limit)?;
        let secret = share.secret.display().to_string();
        let mut checks = server.converse(|addr, recorder, until| {
            let mut player = Player::new(addr, recorder, until);
            let mut checks = player.play(SCRIPT);
            let escapes = [
                (0, ("../secret.txt", "\"../secret.txt\"")),
                (1, (secret.as_str(), "the absolute path of secret.txt")),
            ];
            for (i, name) in escapes {
                let Some(client) = player.client(i).filter(|_| passed(&checks)) else {
                    break;
                };
                checks.push(check_escape(client, name, until));
            }
            checks
        });
        if let Some(last) = checks.last_mut().filter(|c| c.grade == Grade::Failed) {
            last.detail.push_str(&format!("\n{STOPPED}"));
        }
        server.keeps_running(&mut checks, "keeps running", "it exited");
        let env = "WORKBOOK_FILES=$PWD ";
        let what = "type hello.txt, then ../secret.txt";
        let reproduce = server_lines(session, SHOWN_PORT, env, Proto::Line, what);
        let mut evidence = server.evidence(checks, reproduce);
        if let Some(t) = &mut evidence.transcript {
            *t = hide_dir(t, share.secret.parent().unwrap_or(Path::new("/")));
        }
        Ok(evidence)
    }
}

/// `t` with every mention of `dir` (it differs per run) as `<tmp>`.
fn hide_dir(t: &Transcript, dir: &Path) -> Transcript {
    let redactor = harness::transcript::Redactor::none()
        .with(&regex::escape(&dir.display().to_string()), "<tmp>");
    redactor.apply(t)
}
