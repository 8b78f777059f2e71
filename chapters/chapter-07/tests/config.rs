//! The configuration: file fields, environment overrides, the password from
//! a named variable, clear errors, and a `Debug` that hides the password.

use std::collections::HashMap;
use std::path::Path;

use chapter_07::config::Config;

fn load(file: &str, env: &[(&str, &str)]) -> anyhow::Result<Config> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("smtp.toml");
    std::fs::write(&path, file).unwrap();
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::load(Some(&path), &|name| env.get(name).cloned())
}

#[test]
fn reads_the_file_and_the_named_password_variable() {
    let c = load(
        "server = \"mail.example\"\nport = 587\nuser = \"puck\"\npassword_env = \"MY_PASS\"\n",
        &[("MY_PASS", "goodfellow")],
    )
    .unwrap();
    assert_eq!((c.server.as_str(), c.port), ("mail.example", 587));
    let creds = c.credentials.clone().unwrap();
    assert_eq!(
        (creds.user.as_str(), creds.password.as_str()),
        ("puck", "goodfellow")
    );
    assert!(
        !format!("{c:?}").contains("goodfellow"),
        "Debug hides the password"
    );
}

#[test]
fn the_environment_overrides_the_file() {
    let c = load(
        "server = \"mail.example\"\nuser = \"puck\"\npassword = \"in-file\"\n",
        &[
            ("SMTP_HOST", "127.0.0.1"),
            ("SMTP_PORT", "2525"),
            ("SMTP_PASS", "from-env"),
        ],
    )
    .unwrap();
    assert_eq!((c.server.as_str(), c.port), ("127.0.0.1", 2525));
    assert_eq!(c.credentials.unwrap().password, "from-env");
    let anonymous = load("server = \"mail.example\"\n", &[]).unwrap();
    assert_eq!(anonymous.port, 25, "the SMTP port by default");
    assert!(anonymous.credentials.is_none());
}

#[test]
fn mistakes_are_explained() {
    let err = |file: &str, env: &[(&str, &str)]| format!("{:#}", load(file, env).unwrap_err());
    assert!(err("server = \"x\"\npasword = \"typo\"\n", &[]).contains("unknown field"));
    assert!(err("server = \"x\"\nuser = \"puck\"\n", &[]).contains("has no password"));
    assert!(err("server = \"x\"\npassword = \"p\"\n", &[]).contains("no user"));
    assert!(err("port = 25\n", &[]).contains("no server"));
    assert!(err("server = \"x\"\n", &[("SMTP_PORT", "lots")]).contains("not a port number"));
    let missing = Config::load(Some(Path::new("/nonexistent/smtp.toml")), &|_| None).unwrap_err();
    assert!(format!("{missing:#}").contains("no configuration file"));
    // Found by fuzz/ (`smtp-config`): toml takes up to 100 times a
    // pathological file's size to refuse it, so a huge file is not parsed.
    let huge = format!("server = \"x\"\n{}", "#".repeat(70_000));
    assert!(err(&huge, &[]).contains("not a configuration file"));
}

#[test]
fn a_broken_file_is_reported_by_line_and_key_never_by_its_values() {
    let mut broken = harness::hostile::broken_configs("s3cr3t-Zq9");
    broken.push("port = \"s3cr3t\\\"-Zq9\"\n".into());
    for file in &broken {
        let err = load(file, &[]).unwrap_err();
        for shown in [format!("{err:#}"), format!("{err:?}")] {
            for secret in ["s3cr3t", "Zq9", "31415926"] {
                assert!(!shown.contains(secret), "{file:?} gave {shown:?}");
            }
            assert!(shown.contains("line "), "{file:?} gave {shown:?}");
        }
    }
    let typo = format!("{:#}", load(&broken[0], &[]).unwrap_err());
    assert!(
        typo.contains("line 2, column 1 (key `pasword`): unknown field `pasword`"),
        "{typo}"
    );
}
