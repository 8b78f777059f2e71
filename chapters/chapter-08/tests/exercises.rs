//! The exercises' tests: each `mod <name>` checks `exercises::<name>`, and
//! every test here fails on the untouched stub (`todo!()`).

mod common;

mod multiline {
    use chapter_08::exercises::multiline::{MAX_LINE, MultiLineError, read_multiline};
    use proptest::prelude::*;

    #[test]
    fn reads_up_to_the_lone_dot_and_unstuffs() {
        let buf = b"line one\r\n..dot\r\n...two\r\n.\r\n+OK next";
        let (data, used) = read_multiline(buf, 1000).unwrap().unwrap();
        assert_eq!(data, b"line one\r\n.dot\r\n..two\r\n");
        assert_eq!(&buf[used..], b"+OK next");
    }

    #[test]
    fn waits_for_the_final_line() {
        assert_eq!(read_multiline(b"a\r\nb\r\n", 1000), Ok(None));
        assert_eq!(read_multiline(b"a\r\n.", 1000), Ok(None));
        assert_eq!(read_multiline(b"", 1000), Ok(None));
    }

    #[test]
    fn an_empty_reply_and_bare_lf() {
        assert_eq!(read_multiline(b".\r\n", 10), Ok(Some((vec![], 3))));
        assert_eq!(
            read_multiline(b"x\n.\n", 10),
            Ok(Some((b"x\n".to_vec(), 4)))
        );
    }

    #[test]
    fn a_dot_inside_a_line_is_data() {
        let (data, _) = read_multiline(b" .\r\n.x.\r\n.\r\n", 100).unwrap().unwrap();
        assert_eq!(data, b" .\r\nx.\r\n");
    }

    #[test]
    fn caps_lines_and_totals() {
        let long = vec![b'a'; MAX_LINE + 1];
        assert_eq!(
            read_multiline(&long, usize::MAX),
            Err(MultiLineError::LineTooLong)
        );
        let mut line = vec![b'a'; MAX_LINE + 1];
        line.extend_from_slice(b"\r\n.\r\n");
        assert_eq!(
            read_multiline(&line, usize::MAX),
            Err(MultiLineError::LineTooLong)
        );
        assert_eq!(
            read_multiline(b"0123456789\r\n.\r\n", 5),
            Err(MultiLineError::ReplyTooLong)
        );
    }

    proptest! {
        /// Stuffing any lines and reading them back gives them unchanged,
        /// and any prefix of the reply asks for more.
        #[test]
        fn round_trips_stuffed_lines(lines in proptest::collection::vec("[.a-z ]{0,20}", 0..12)) {
            let mut wire = Vec::new();
            let mut plain = Vec::new();
            for l in &lines {
                if l.starts_with('.') { wire.push(b'.'); }
                wire.extend_from_slice(l.as_bytes());
                wire.extend_from_slice(b"\r\n");
                plain.extend_from_slice(l.as_bytes());
                plain.extend_from_slice(b"\r\n");
            }
            wire.extend_from_slice(b".\r\n");
            prop_assert_eq!(read_multiline(&wire, usize::MAX), Ok(Some((plain, wire.len()))));
            for cut in 0..wire.len() {
                prop_assert_eq!(read_multiline(&wire[..cut], usize::MAX), Ok(None));
            }
        }
    }
}

mod top_headers {
    use chapter_08::exercises::top_headers::unfold_headers;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn unfolds_continuation_lines() {
        let block = b"Subject: a long\r\n subject line\r\nX-Tab: one\r\n\ttwo\r\nFrom: Puck <p@f>\r\n\r\nbody: no\r\n";
        assert_eq!(
            unfold_headers(block),
            pairs(&[
                ("subject", "a long subject line"),
                ("x-tab", "one\ttwo"),
                ("from", "Puck <p@f>"),
            ])
        );
    }

    #[test]
    fn lower_cases_names_and_trims_values() {
        let block = b"SUBJECT:   spaced  \r\nDate:Mon\r\n";
        assert_eq!(
            unfold_headers(block),
            pairs(&[("subject", "spaced"), ("date", "Mon")])
        );
    }

    #[test]
    fn skips_junk_and_stops_at_the_blank_line() {
        let block = b"not a header\r\nTo: t@x\r\n\r\nFrom: body@x\r\n";
        assert_eq!(unfold_headers(block), pairs(&[("to", "t@x")]));
    }

    #[test]
    fn reads_the_fixture_with_folded_headers() {
        let msg = crate::common::fixture("titania", 1);
        let h = unfold_headers(&msg);
        let get = |n: &str| h.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(
            get("subject").unwrap(),
            "=?UTF-8?B?SWxsIG1ldCBieSBtb29ubGlnaHQs?= =?UTF-8?B?IHByb3VkIFRpdGFuaWEg4pi+?="
        );
        assert_eq!(
            get("x-note").unwrap(),
            "a header folded\tover two lines with a tab"
        );
    }
}

mod body_print {
    use assert_cmd::Command;
    use chapter_08::exercises::body_print::{LIMIT, body_print};
    use harness::pop3::start_on_fixtures;
    use predicates::prelude::*;

    use crate::common::{body, fixture, login, password};

    #[test]
    fn prints_the_body_of_a_small_message_unstuffed() {
        let pop = start_on_fixtures();
        let mut c = login(&pop, "titania");
        let mut out = Vec::new();
        let size = fixture("titania", 1).len() as u64;
        assert!(body_print(&mut c, 1, size, &mut out).unwrap());
        assert_eq!(out, body(&fixture("titania", 1)));
    }

    #[test]
    fn skips_a_large_message_without_fetching_it() {
        let pop = start_on_fixtures();
        let mut c = login(&pop, "titania");
        let mut out = Vec::new();
        let size = fixture("titania", 2).len() as u64;
        assert!(size > LIMIT);
        assert!(!body_print(&mut c, 2, size, &mut out).unwrap());
        assert!(out.is_empty());
        c.quit().unwrap();
        let t = pop.stop().render();
        assert!(!t.contains("RETR"), "{t}");
    }

    #[test]
    fn the_limit_is_inclusive() {
        let pop = start_on_fixtures();
        let mut c = login(&pop, "titania");
        let mut out = Vec::new();
        assert!(body_print(&mut c, 3, LIMIT, &mut out).unwrap());
        assert_eq!(out, body(&fixture("titania", 3)));
    }

    /// `pop_body` (whose core is this exercise) as a process.
    #[test]
    fn pop_body_prints_small_bodies_only() {
        let pop = start_on_fixtures();
        let out = Command::cargo_bin("pop_body")
            .unwrap()
            .arg("--config")
            .arg("/nonexistent/pop.toml")
            .env("POP3_HOST", "127.0.0.1")
            .env("POP3_PORT", pop.addr().port().to_string())
            .env("POP3_USER", "titania")
            .env("POP3_PASS", password("titania"))
            .assert()
            .success()
            .stdout(predicate::str::contains("What, jealous Oberon?"))
            .stdout(predicate::str::contains(
                "\n.\r\n.. two dots lead this line\r\n.one dot",
            ))
            .stdout(predicate::str::contains("I have had a most rare vision."))
            .stdout(predicate::str::contains("--- End of Msg 3 ---"))
            .stdout(predicate::str::contains("--- End of Msg 2 ---").not())
            .stdout(predicate::str::contains("I know a bank").not())
            .get_output()
            .clone();
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

mod safe_delete {
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
        assert_eq!(delete_all(c, &[1, 3]).unwrap(), vec![1, 3]);
        assert_eq!(pop.files("titania"), vec![before[1].clone()]);
    }

    #[test]
    fn a_refused_mark_resets_and_deletes_nothing() {
        let pop = with_plan(FaultPlan::none().on("DELE", 2, "-ERR [SYS/TEMP] try later"));
        let before = pop.files("titania");
        let c = login(&pop, "titania");
        let e = delete_all(c, &[1, 2, 3]).unwrap_err();
        assert!(e.is_refusal(), "{e}");
        assert_eq!(pop.files("titania"), before);
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
        assert!(delete_all(c, &[1]).is_err());
        assert_eq!(pop.files("oberon"), before);
    }

    #[test]
    fn a_message_that_is_not_there_deletes_nothing() {
        let pop = start_on_fixtures();
        let before = pop.files("oberon");
        let c = login(&pop, "oberon");
        assert!(delete_all(c, &[1, 7]).unwrap_err().is_refusal());
        assert_eq!(pop.files("oberon"), before);
    }
}

mod new_by_uidl {
    use std::collections::BTreeSet;

    use chapter_08::exercises::new_by_uidl::{fetch_new, select_new};
    use harness::pop3::{Caps, Pop3Options, start_on_fixtures_with};
    use harness::smtp::MailStore;

    use crate::common::{fixture, login};

    #[test]
    fn selects_unseen_ids_in_order() {
        let ids = vec![(1, "a".to_string()), (2, "b".into()), (3, "c".into())];
        let seen: BTreeSet<String> = ["b".to_string()].into();
        assert_eq!(select_new(&ids, &seen), vec![1, 3]);
        assert_eq!(select_new(&ids, &BTreeSet::new()), vec![1, 2, 3]);
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
        assert_eq!(first.len(), 3);
        assert_eq!(first[1].1, fixture("titania", 2));
        assert!(fetch_new(&mut c, &k, &mut seen).unwrap().is_empty());
        c.quit().unwrap();
        let new = b"Message-ID: <new.1@fairy.example>\r\nSubject: new\r\n\r\nfresh\r\n";
        MailStore::new(pop.store()).deliver("titania", new).unwrap();
        let mut c = login(&pop, "titania");
        let k = c.capa().unwrap();
        let got = fetch_new(&mut c, &k, &mut seen).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, new);
        assert_eq!(seen.len(), 4);
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
}
