//! Stock servers nobody on this team wrote, run against the server cases:
//! each passes, or gets exactly the verdict it deserves, named check by
//! check (DESIGN.md §9). A missing program skips the test with a printed
//! `SKIPPED` line, or fails it under `WORKBOOK_REQUIRE_PEERS=1`
//! (`harness::real`).
//!
//! The programs run as the cases run any program: on a free loopback port
//! the case picks (`WORKBOOK_PORT`), in their own process group, killed
//! with it at the end of the run; every wait is bounded by the case's time
//! limit.

mod common;

use conform::report::Verdict;
use harness::real::available;

use common::{PYTHON, assert_verdict, python, report, www};

const NGINX: &str = "/usr/sbin/nginx";

/// What python's http.server deserves in both of its protocol versions:
/// everything right but one SHOULD: it answers a request line it cannot
/// parse in HTTP/0.9 style, without a status line, instead of with 400.
const PYTHON_HTTP_WARNINGS: &[&str] =
    &["NON-STRICT answers a malformed request line with 400 (RFC 9112 §3: SHOULD)"];

#[test]
fn pythons_http_server_passes_http_server_in_http_1_0() {
    if !python() {
        return;
    }
    // The document root and port from the variables the case documents.
    let script = "exec \"$0\" -m http.server --bind 127.0.0.1 --directory \"$WORKBOOK_WWW\" \
                  \"$WORKBOOK_PORT\"";
    let report = report("http-server", &["sh", "-c", script, PYTHON]);
    assert_verdict(&report, Verdict::PassWithWarnings, PYTHON_HTTP_WARNINGS);
    // HTTP/1.0 closes after every response and says so: not graded.
    let persistence = report
        .checks
        .iter()
        .find(|c| c.name.starts_with("closes after every"));
    assert!(persistence.is_some(), "{}", report.render_plain());
}

#[test]
fn pythons_http_server_passes_http_server_in_http_1_1() {
    if !python() {
        return;
    }
    let www = www();
    let argv = [
        PYTHON,
        "-m",
        "http.server",
        "--protocol",
        "HTTP/1.1",
        "--bind",
        "127.0.0.1",
        "--directory",
        &www,
        "{port}",
    ];
    let report = report("http-server", &argv);
    assert_verdict(&report, Verdict::PassWithWarnings, PYTHON_HTTP_WARNINGS);
    // It keeps connections open (closing after errors, and saying so), so
    // pipelining was graded.
    assert!(
        report
            .checks
            .iter()
            .any(|c| c.name == "pipelined GET /docs/notes.txt is 200"),
        "{}",
        report.render_plain()
    );
}

/// A configuration for nginx serving `fixtures/www` from a temporary
/// prefix, in the foreground, as one process, logging to stderr; `@PORT@`
/// is replaced by the case's port when the program starts.
fn nginx_conf(www: &str) -> String {
    format!(
        "daemon off;\nmaster_process off;\npid nginx.pid;\nerror_log stderr;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
         \x20 access_log off;\n  client_body_temp_path tmp/body;\n  proxy_temp_path tmp/proxy;\n\
         \x20 fastcgi_temp_path tmp/fastcgi;\n  uwsgi_temp_path tmp/uwsgi;\n  scgi_temp_path tmp/scgi;\n\
         \x20 server {{ listen 127.0.0.1:@PORT@; root {www}; }}\n}}\n"
    )
}

#[test]
fn nginx_passes_http_server() {
    if !available("nginx (nginx-light)", &[NGINX, "-v"]) {
        return;
    }
    let prefix = tempfile::tempdir().unwrap();
    std::fs::create_dir(prefix.path().join("tmp")).unwrap();
    std::fs::write(prefix.path().join("nginx.conf.in"), nginx_conf(&www())).unwrap();
    let dir = prefix.path().display().to_string();
    let script = "sed \"s/@PORT@/$WORKBOOK_PORT/\" \"$1/nginx.conf.in\" > \"$1/nginx.conf\" && \
                  exec /usr/sbin/nginx -p \"$1/\" -c \"$1/nginx.conf\" -e stderr";
    let report = report("http-server", &["sh", "-c", script, "sh", &dir]);
    // nginx refuses the traversal attempts with 400, a client error too.
    assert_verdict(&report, Verdict::Pass, &[]);
}

fn socat() -> bool {
    available("socat", &["socat", "-V"])
}

/// socat answering each TCP connection from a child of its own (`fork`),
/// echoing with `PIPE`, passes echo-server (several clients at once,
/// half-close answered by a close) every time in 20 runs.
#[test]
fn socat_passes_echo_server_every_time() {
    if !socat() {
        return;
    }
    let listen = "TCP4-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork";
    for _ in 0..20 {
        let report = report("echo-server", &["socat", listen, "PIPE"]);
        assert_verdict(&report, Verdict::Pass, &[]);
    }
}

/// socat answering each datagram from a child of its own (`fork`, each
/// child running `cat`): two echoes sent back to back may come back in
/// either order, which UDP allows (RFC 768); run 20 times, it must pass
/// every time. (With `PIPE` instead of `EXEC:cat`, socat's children lose
/// datagrams now and then, even when sent again: about one run in 50
/// here, and the case then rightly says that no echo came back.)
#[test]
fn socat_passes_udp_echo_server_every_time() {
    if !socat() {
        return;
    }
    let listen = "UDP4-RECVFROM:{port},bind=127.0.0.1,fork";
    for _ in 0..20 {
        let report = report("udp-echo-server", &["socat", listen, "EXEC:cat"]);
        assert_verdict(&report, Verdict::Pass, &[]);
    }
}

fn aiosmtpd() -> bool {
    available(
        "aiosmtpd (Debian's python3-aiosmtpd)",
        &[PYTHON, "-c", "import aiosmtpd"],
    )
}

/// What aiosmtpd deserves against smtp-server, with or without an
/// authenticator: it keeps no mail store in the workbook's layout, which
/// the case grades as a SHOULD.
const AIOSMTPD_WARNINGS: &[&str] = &["NON-STRICT stores one copy per recipient in $SMTP_STORE"];

/// aiosmtpd as shipped: no authenticator, and AUTH refused without TLS
/// (538, RFC 4954 §4), so it does not advertise AUTH; graded on the rest.
#[test]
fn stock_aiosmtpd_passes_smtp_server_without_auth() {
    if !aiosmtpd() {
        return;
    }
    let argv = [PYTHON, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:{port}"];
    let report = report("smtp-server", &argv);
    assert_verdict(&report, Verdict::PassWithWarnings, AIOSMTPD_WARNINGS);
    let auth = report
        .checks
        .iter()
        .find(|c| c.name.starts_with("AUTH not graded"));
    assert!(auth.is_some(), "{}", report.render_plain());
}

/// aiosmtpd with an authenticator that accepts SMTP_USER/SMTP_PASS, AUTH
/// allowed without TLS (`tests/programs/aiosmtpd_auth.py`): AUTH is graded.
#[test]
fn aiosmtpd_with_an_authenticator_passes_smtp_server_with_auth() {
    if !aiosmtpd() {
        return;
    }
    let server = common::program("aiosmtpd_auth.py");
    let report = report("smtp-server", &[PYTHON, &server]);
    assert_verdict(&report, Verdict::PassWithWarnings, AIOSMTPD_WARNINGS);
    let auth = report.checks.iter().find(|c| c.name.contains("AUTH PLAIN"));
    assert!(auth.is_some(), "{}", report.render_plain());
}

/// A server that advertises AUTH PLAIN but refuses the login it was given
/// gets a warning naming the check, and is graded on the rest.
#[test]
fn a_server_refusing_the_advertised_login_gets_a_warning() {
    if !aiosmtpd() {
        return;
    }
    let server = common::program("aiosmtpd_auth.py");
    let report = report("smtp-server", &[PYTHON, &server, "refuse"]);
    let auth = "NON-STRICT accepts the login SMTP_USER/SMTP_PASS with AUTH PLAIN, which it \
                advertises (RFC 4954 §4)";
    let expected = [auth, AIOSMTPD_WARNINGS[0]];
    assert_verdict(&report, Verdict::PassWithWarnings, &expected);
}

/// Starts Dovecot (stock, with its default auth failure delay) in the
/// foreground from a temporary directory `$1`: POP3 only, on 127.0.0.1 at
/// `$WORKBOOK_PORT`, serving the case's store as a Maildir, the login from
/// `$POP3_USER`/`$POP3_PASS`. Mail is accessed as the current user, or as
/// `nobody` when that is root (Dovecot refuses uid 0 for mail).
const DOVECOT: &str = r##"set -e
d=$1
chmod 755 "$d"
if [ "$(id -u)" = 0 ]; then
  user=nobody; group=$(id -gn nobody); chown -R nobody:"$group" "$POP3_STORE"
  internal="default_internal_user = dovecot
default_login_user = dovenull"
else
  user=$(id -un); group=$(id -gn)
  internal="default_internal_user = $user
default_login_user = $user"
fi
printf '%s:{PLAIN}%s\n' "$POP3_USER" "$POP3_PASS" > "$d/passwd"
cat > "$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/state
log_path = /dev/stderr
protocols = pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
first_valid_uid = 0
$internal
mail_location = maildir:$POP3_STORE/%u:INDEX=MEMORY
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/passwd
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$POP3_STORE/%u
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $WORKBOOK_PORT
  }
}
CONF
exec /usr/sbin/dovecot -F -c "$d/dovecot.conf"
"##;

/// Stock Dovecot passes pop3-server, its ~2 s delay after the wrong
/// password included (reads wait as long as the case's time limit).
#[test]
fn dovecot_passes_pop3_server() {
    if !available(
        "Dovecot (dovecot-pop3d)",
        &["/usr/sbin/dovecot", "--version"],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().display().to_string();
    let report = report("pop3-server", &["sh", "-c", DOVECOT, "sh", &dir_arg]);
    assert_verdict(&report, Verdict::Pass, &[]);
}
