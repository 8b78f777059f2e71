//! Tests of the `safe_delete` exercise (filter `safe_delete::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_08::exercises::safe_delete::delete_all;
use harness::fault::FaultPlan;
use harness::pop3::{Pop3Options, start_on_fixtures, start_on_fixtures_with};

use crate::common::login;

fn with_plan(plan: FaultPlan) -> harness::pop3::FakePop3 {
    start_on_fixtures_with(Pop3Options {
        plan,
        ..Pop3Options::new("")
    })
    .unwrap()
}

#[test]
fn deletes_at_quit() {
    let pop = start_on_fixtures();
    let before = pop.files("titania");
    let c = login(&pop, "titania");
    expect_eq!(delete_all(c, &[1, 3]).unwrap(), vec![1, 3]);
    expect_eq!(pop.files("titania"), vec![before[1].clone()]);
}

#[test]
fn a_refused_mark_resets_and_deletes_nothing() {
    let pop = with_plan(FaultPlan::none().on("DELE", 2, "-ERR [SYS/TEMP] try later"));
    let before = pop.files("titania");
    let c = login(&pop, "titania");
    let e = delete_all(c, &[1, 2, 3]).unwrap_err();
    assert!(e.is_refusal(), "{e}");
    expect_eq!(pop.files("titania"), before);
    let t = pop.stop().render();
    let rset = t.find("RSET").expect("RSET sent");
    let quit = t.find("QUIT").expect("QUIT sent");
    assert!(rset < quit, "{t}");
}

#[test]
fn a_dropped_connection_at_quit_deletes_nothing_and_is_an_error() {
    let pop = with_plan(FaultPlan::none().on("QUIT", 1, "<drop>"));
    let before = pop.files("oberon");
    let c = login(&pop, "oberon");
    let got = delete_all(c, &[1]).map_err(|_| "an error");
    expect_eq!(
        got,
        Err("an error"),
        "QUIT got no answer, so nothing is known deleted"
    );
    expect_eq!(pop.files("oberon"), before);
}

#[test]
fn a_message_that_is_not_there_deletes_nothing() {
    let pop = start_on_fixtures();
    let before = pop.files("oberon");
    let c = login(&pop, "oberon");
    assert!(delete_all(c, &[1, 7]).unwrap_err().is_refusal());
    expect_eq!(pop.files("oberon"), before);
}
