//! Tests for the exercises of chapter 7, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`dot_stuff::`, ...).
//! Every test calls the learner's code, so each one fails on an untouched stub.

mod dot_stuff {
    use chapter_06::ltn12::{Filter, transform};
    use chapter_07::exercises::dot_stuff::SmtpData;
    use chapter_07::smtp::data::encode_data;
    use harness::strategies::split_at;
    use proptest::prelude::*;

    fn run(chunks: &[&[u8]]) -> Vec<u8> {
        let mut f = SmtpData::new();
        let mut out = Vec::new();
        for c in chunks {
            f.filter(Some(c), &mut out).unwrap();
        }
        f.filter(None, &mut out).unwrap();
        out
    }

    #[test]
    fn doubles_leading_dots_and_ends_with_a_dot_line() {
        assert_eq!(run(&[b"hello\r\n"]), b"hello\r\n.\r\n");
        assert_eq!(run(&[b".hidden\r\n"]), b"..hidden\r\n.\r\n");
        assert_eq!(run(&[b"a\r\n.\r\nb.c\r\n"]), b"a\r\n..\r\nb.c\r\n.\r\n");
    }

    #[test]
    fn finishes_an_unfinished_line_and_handles_empty_input() {
        assert_eq!(run(&[b"no newline"]), b"no newline\r\n.\r\n");
        assert_eq!(run(&[]), b".\r\n");
        assert_eq!(transform(b"x\r\n", SmtpData::new()).unwrap(), b"x\r\n.\r\n");
    }

    #[test]
    fn a_crlf_and_its_dot_may_arrive_in_three_chunks() {
        assert_eq!(run(&[b"a\r", b"\n", b".b\r\n"]), b"a\r\n..b\r\n.\r\n");
    }

    proptest! {
        #[test]
        fn same_as_the_library_however_it_is_chunked(
            lines in prop::collection::vec("[.a-z]{0,6}", 0..10),
            cuts in prop::collection::vec(0usize..80, 0..6),
        ) {
            let message = lines.join("\r\n");
            let chunks = split_at(message.as_bytes(), &cuts);
            let refs: Vec<&[u8]> = chunks.iter().map(|c| c.as_slice()).collect();
            prop_assert_eq!(run(&refs), encode_data(message.as_bytes()).unwrap());
        }
    }
}

mod reply_parser {
    use chapter_07::exercises::reply_parser::{MAX_REPLY_LINE, ReplyError, parse_reply};

    #[test]
    fn parses_a_one_line_reply() {
        let (reply, used) = parse_reply(b"250 OK\r\n").unwrap().unwrap();
        assert_eq!(
            (reply.code, reply.lines, used),
            (250, vec!["OK".to_string()], 8)
        );
    }

    #[test]
    fn parses_a_multi_line_reply_and_leaves_the_rest() {
        let buf = b"250-mail.example\r\n250-SIZE 100\r\n250 AUTH PLAIN\r\n221 bye\r\n";
        let (reply, used) = parse_reply(buf).unwrap().unwrap();
        assert_eq!(reply.code, 250);
        assert_eq!(reply.lines, ["mail.example", "SIZE 100", "AUTH PLAIN"]);
        assert_eq!(&buf[used..], b"221 bye\r\n");
        let (bare, _) = parse_reply(b"354\n").unwrap().unwrap();
        assert_eq!((bare.code, bare.lines), (354, vec![String::new()]));
    }

    #[test]
    fn waits_for_the_final_line() {
        assert_eq!(parse_reply(b"").unwrap(), None);
        assert_eq!(parse_reply(b"250-first\r\n250-second\r\n").unwrap(), None);
        assert_eq!(parse_reply(b"250 almost").unwrap(), None);
    }

    #[test]
    fn rejects_broken_replies() {
        assert!(matches!(
            parse_reply(b"OK\r\n"),
            Err(ReplyError::BadCode { .. })
        ));
        assert!(matches!(
            parse_reply(b"650 x\r\n"),
            Err(ReplyError::BadCode { .. })
        ));
        assert!(matches!(
            parse_reply(b"250_x\r\n"),
            Err(ReplyError::BadSeparator { .. })
        ));
        assert!(matches!(
            parse_reply(b"250-a\r\n251 b\r\n"),
            Err(ReplyError::CodeChanged {
                first: 250,
                then: 251
            })
        ));
        let long = format!("250 {}\r\n", "x".repeat(MAX_REPLY_LINE));
        assert_eq!(parse_reply(long.as_bytes()), Err(ReplyError::LineTooLong));
        assert_eq!(
            parse_reply(&[b'x'; MAX_REPLY_LINE]),
            Err(ReplyError::LineTooLong)
        );
    }

    #[test]
    fn agrees_with_the_library_parser_on_every_prefix() {
        let buf = b"220 hi\r\n250-a\r\n250 b\r\n";
        for n in 0..=buf.len() {
            let got = parse_reply(&buf[..n])
                .unwrap()
                .map(|(r, used)| (r.code, used));
            let expected = match n {
                0..=7 => None,
                _ => Some((220, 8)),
            };
            assert_eq!(got, expected, "prefix of {n} bytes");
        }
    }
}

mod auth_login {
    use chapter_07::exercises::auth_login::{AuthFailed, AuthLogin, LoginStep};
    use chapter_07::smtp::auth::base64;
    use harness::peer::client::connect;
    use std::io::{BufRead, BufReader, Write};

    #[test]
    fn answers_both_challenges() {
        let mut a = AuthLogin::new("puck", "goodfellow");
        assert_eq!(a.start(), "AUTH LOGIN");
        assert_eq!(
            a.on_reply(334, "VXNlcm5hbWU6"),
            Ok(LoginStep::Send("cHVjaw==".into()))
        );
        assert_eq!(
            a.on_reply(334, "UGFzc3dvcmQ6"),
            Ok(LoginStep::Send("Z29vZGZlbGxvdw==".into()))
        );
        assert_eq!(a.on_reply(235, "ok"), Ok(LoginStep::Done));
    }

    #[test]
    fn a_refusal_or_a_broken_exchange_is_an_error() {
        let mut a = AuthLogin::new("puck", "nope");
        a.start();
        a.on_reply(334, "VXNlcm5hbWU6").unwrap();
        a.on_reply(334, "UGFzc3dvcmQ6").unwrap();
        let failed = AuthFailed {
            code: 535,
            text: "bad credentials".into(),
        };
        assert_eq!(a.on_reply(535, "bad credentials"), Err(failed));
        let mut early = AuthLogin::new("a", "b");
        early.start();
        assert!(early.on_reply(235, "too early").is_err());
        let mut third = AuthLogin::new("a", "b");
        third.start();
        third.on_reply(334, "").unwrap();
        third.on_reply(334, "").unwrap();
        assert!(third.on_reply(334, "again?").is_err());
    }

    #[test]
    fn logs_in_to_the_fake_server() {
        let smtp = harness::smtp::start();
        let s = connect(smtp.addr()).unwrap();
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut w = s;
        let mut read_reply = || {
            let last = loop {
                let mut line = String::new();
                r.read_line(&mut line).unwrap();
                if line.as_bytes().get(3) != Some(&b'-') {
                    break line;
                }
            };
            let code: u16 = last[..3].parse().unwrap();
            (code, last[4..].trim_end().to_string())
        };
        read_reply();
        w.write_all(b"EHLO me.example\r\n").unwrap();
        read_reply();
        let mut login = AuthLogin::new("puck", "goodfellow");
        w.write_all(format!("{}\r\n", login.start()).as_bytes())
            .unwrap();
        for _ in 0..3 {
            let (code, text) = read_reply();
            match login.on_reply(code, &text).unwrap() {
                LoginStep::Send(line) => w.write_all(format!("{line}\r\n").as_bytes()).unwrap(),
                LoginStep::Done => return,
            }
        }
        panic!(
            "not logged in after three replies; base64 of the user is {}",
            base64(b"puck")
        );
    }
}

mod envelope {
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
        assert_eq!(
            s.to.as_deref(),
            Some("Oberon <oberon@fairy.example>, Titania <titania@fairy.example>")
        );
        assert_eq!(
            s.cc.as_deref(),
            Some("William Shakespeare <william@globe.example>")
        );
    }

    #[test]
    fn a_blind_copy_is_delivered_but_never_shown() {
        let s = split(&seed_list());
        assert!(s.rcpt.contains(&"bottom@athens.example".to_string()));
        for header in [&s.to, &s.cc].into_iter().flatten() {
            assert!(!header.contains("bottom"), "{header}");
        }
        assert_eq!(s.rcpt.len(), 4);
    }

    #[test]
    fn each_address_is_delivered_once() {
        let s = split(&[
            r(Kind::To, "", "a@x.example"),
            r(Kind::Cc, "A", "A@X.example"),
            r(Kind::Bcc, "", "b@x.example"),
        ]);
        assert_eq!(s.rcpt, ["a@x.example", "b@x.example"]);
        assert_eq!(s.to.as_deref(), Some("<a@x.example>"));
        assert_eq!(s.cc.as_deref(), Some("A <A@X.example>"));
    }

    #[test]
    fn only_blind_copies_means_no_headers() {
        let s = split(&[r(Kind::Bcc, "Secret", "s@x.example")]);
        assert_eq!((s.to, s.cc), (None, None));
        assert_eq!(s.rcpt, ["s@x.example"]);
    }
}

mod header_fold {
    use chapter_07::exercises::header_fold::{LIMIT, encode_word, fold};
    use mail_parser::MessageParser;
    use proptest::prelude::*;

    #[test]
    fn short_headers_stay_on_one_line() {
        assert_eq!(fold("Subject", "Moonlight"), "Subject: Moonlight\r\n");
        assert_eq!(fold("Subject", "  two   words "), "Subject: two words\r\n");
    }

    #[test]
    fn long_headers_fold_before_a_space() {
        let value = "Oberon <oberon@fairy.example>, Titania <titania@fairy.example>, Puck <puck@fairy.example>";
        let folded = fold("To", value);
        assert_eq!(
            folded,
            "To: Oberon <oberon@fairy.example>, Titania <titania@fairy.example>, Puck\r\n <puck@fairy.example>\r\n"
        );
        let long = "y".repeat(90);
        assert_eq!(
            fold("X", &format!("a {long}")),
            format!("X: a\r\n {long}\r\n")
        );
        let word = "z".repeat(75);
        assert_eq!(fold("Subject", &word), format!("Subject:\r\n {word}\r\n"));
    }

    #[test]
    fn ascii_is_not_encoded() {
        assert_eq!(
            encode_word("Moonlight over Athens"),
            "Moonlight over Athens"
        );
    }

    #[test]
    fn other_text_becomes_encoded_words() {
        assert_eq!(encode_word("Æsop"), "=?UTF-8?B?w4Zzb3A=?=");
        assert_eq!(encode_word("tab\there"), "=?UTF-8?B?dGFiCWhlcmU=?=");
        let words = encode_word(&"Ωμέγα ".repeat(20));
        assert!(words.split(' ').count() > 1);
        for w in words.split(' ') {
            assert!(
                w.len() <= 75 && w.starts_with("=?UTF-8?B?") && w.ends_with("?="),
                "{w}"
            );
        }
    }

    proptest! {
        #[test]
        fn folded_encoded_subjects_parse_back(text in "\\PC{1,100}") {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assume!(!text.is_empty());
            let header = fold("Subject", &encode_word(&text));
            for line in header.split("\r\n") {
                prop_assert!(line.len() <= LIMIT);
            }
            let message = format!("{header}\r\nbody\r\n");
            let parsed = MessageParser::default().parse(message.as_bytes()).unwrap();
            prop_assert_eq!(parsed.subject(), Some(text.as_str()));
        }
    }
}
