//! Tests of the `envelope` exercise (filter `envelope::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_07::exercises::envelope::{Kind, Recipient, split};

fn r(kind: Kind, name: &str, addr: &str) -> Recipient {
    Recipient {
        kind,
        name: name.into(),
        addr: addr.into(),
    }
}

fn seed_list() -> Vec<Recipient> {
    vec![
        r(Kind::To, "Oberon", "oberon@fairy.example"),
        r(Kind::To, "Titania", "titania@fairy.example"),
        r(Kind::Cc, "William Shakespeare", "william@globe.example"),
        r(Kind::Bcc, "Nick Bottom", "bottom@athens.example"),
    ]
}

#[test]
fn to_and_cc_become_headers() {
    let s = split(&seed_list());
    expect_eq!(
        s.to.as_deref(),
        Some("Oberon <oberon@fairy.example>, Titania <titania@fairy.example>")
    );
    expect_eq!(
        s.cc.as_deref(),
        Some("William Shakespeare <william@globe.example>")
    );
}

#[test]
fn a_blind_copy_is_delivered_but_never_shown() {
    let s = split(&seed_list());
    expect_eq!(
        s.rcpt,
        [
            "oberon@fairy.example",
            "titania@fairy.example",
            "william@globe.example",
            "bottom@athens.example",
        ]
    );
    let showing_bottom: Vec<String> = [s.to, s.cc]
        .into_iter()
        .flatten()
        .filter(|header| header.contains("bottom"))
        .collect();
    expect_eq!(
        showing_bottom,
        Vec::<String>::new(),
        "headers that show the blind copy"
    );
}

#[test]
fn each_address_is_delivered_once() {
    let s = split(&[
        r(Kind::To, "", "a@x.example"),
        r(Kind::Cc, "A", "A@X.example"),
        r(Kind::Bcc, "", "b@x.example"),
    ]);
    expect_eq!(s.rcpt, ["a@x.example", "b@x.example"]);
    expect_eq!(s.to.as_deref(), Some("<a@x.example>"));
    expect_eq!(s.cc.as_deref(), Some("A <A@X.example>"));
}

#[test]
fn only_blind_copies_means_no_headers() {
    let s = split(&[r(Kind::Bcc, "Secret", "s@x.example")]);
    expect_eq!((s.to, s.cc), (None, None));
    expect_eq!(s.rcpt, ["s@x.example"]);
}
