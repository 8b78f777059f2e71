//! The program's extra environment: the account a mail client logs in
//! with, or the account and mail store a mail server serves; and the check
//! that the password, passed this way, never shows in its output.

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
