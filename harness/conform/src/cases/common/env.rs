//! The program's extra environment: the account a mail client logs in
//! with, or the account and mail store a mail server serves; the check
//! that the password, passed this way, never shows in its output; and how
//! reproduce lines refer to it without showing it either.

use std::path::Path;

use crate::{Check, Program, ProgramRun};

/// The program with `vars` in its environment (`env VAR=… cmd`), so the
/// command line shown in a report says what it ran with.
pub(crate) fn with_env(program: &Program, vars: &[(&str, String)]) -> Program {
    let mut argv = vec!["env".to_string()];
    argv.extend(vars.iter().map(|(k, v)| format!("{k}={v}")));
    argv.extend(program.argv.iter().cloned());
    Program {
        argv,
        cwd: program.cwd.clone(),
    }
}

/// A mail server case's program: `program` with `<NAME>_USER` and
/// `<NAME>_PASS` (the account it must accept) and `<NAME>_STORE` (its mail
/// directory, in the layout of `fixtures/mail/`) set.
pub(crate) fn mail_program(
    program: &Program,
    name: &str,
    (user, pass): (&str, &str),
    store: &Path,
) -> Program {
    let names = ["USER", "PASS", "STORE"].map(|v| format!("{name}_{v}"));
    let values = [
        user.to_string(),
        pass.to_string(),
        store.display().to_string(),
    ];
    let vars: Vec<(&str, String)> = names.iter().map(String::as_str).zip(values).collect();
    with_env(program, &vars)
}

/// MUST NOT show the password (the value of `var`) on stdout or stderr.
pub(crate) fn check_secret(run: &ProgramRun, password: &str, var: &str) -> Check {
    let printed = [&run.stdout, &run.stderr]
        .iter()
        .any(|o| String::from_utf8_lossy(o).contains(password));
    let detail = format!("{var} appeared in its output");
    Check::must("never prints the password", !printed, detail)
}

/// Where the test account's password is written down.
pub(crate) const PASSWORD_FILE: &str = "fixtures/mail/accounts.toml";

/// `VAR="$VAR" `: a reproduce line's setting of a password, taken from the
/// user's shell instead of written out, since a report may be pasted
/// anywhere (a bug tracker, a chat): secrets never appear in one.
pub(crate) fn secret_assignment(var: &str) -> String {
    format!("{var}=\"${var}\" ")
}

/// The reproduce line that comes first when the others use `var`: where
/// to get the password from.
pub(crate) fn secret_note(var: &str) -> String {
    format!("export {var}=...    # the test account's password, from {PASSWORD_FILE}")
}
