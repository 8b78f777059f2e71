//! Tests of the `new_by_uidl` exercise (filter `new_by_uidl::`): each calls the
//! learner's code, so each fails on the untouched stub.

use std::collections::BTreeSet;

use chapter_08::exercises::new_by_uidl::{fetch_new, select_new};
use harness::pop3::{Caps, Pop3Options, start_on_fixtures_with};
use harness::smtp::MailStore;

use crate::common::{fixture, login};

#[test]
fn selects_unseen_ids_in_order() {
    let ids = vec![(1, "a".to_string()), (2, "b".into()), (3, "c".into())];
    let seen: BTreeSet<String> = ["b".to_string()].into();
    expect_eq!(select_new(&ids, &seen), vec![1, 3]);
    expect_eq!(select_new(&ids, &BTreeSet::new()), vec![1, 2, 3]);
}

fn fetch_twice_then_new(caps: Caps) {
    let pop = start_on_fixtures_with(Pop3Options {
        caps,
        ..Pop3Options::new("")
    })
    .unwrap();
    let mut seen = BTreeSet::new();
    let mut c = login(&pop, "titania");
    let k = c.capa().unwrap();
    let first = fetch_new(&mut c, &k, &mut seen).unwrap();
    expect_eq!(first.len(), 3, "messages fetched by the first call");
    expect_eq!(first[1].1, fixture("titania", 2));
    let again: Vec<String> = fetch_new(&mut c, &k, &mut seen)
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    expect_eq!(
        again,
        Vec::<String>::new(),
        "ids fetched again by a second call"
    );
    c.quit().unwrap();
    let new = b"Message-ID: <new.1@fairy.example>\r\nSubject: new\r\n\r\nfresh\r\n";
    MailStore::new(pop.store()).deliver("titania", new).unwrap();
    let mut c = login(&pop, "titania");
    let k = c.capa().unwrap();
    let got = fetch_new(&mut c, &k, &mut seen).unwrap();
    expect_eq!(got.len(), 1);
    expect_eq!(got[0].1, new);
    expect_eq!(seen.len(), 4);
}

#[test]
fn fetches_only_new_messages() {
    fetch_twice_then_new(Caps::default());
}

#[test]
fn falls_back_to_message_id_without_uidl() {
    fetch_twice_then_new(Caps {
        uidl: false,
        top: false,
        ..Caps::default()
    });
}
