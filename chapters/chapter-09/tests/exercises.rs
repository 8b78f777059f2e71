//! Tests for the exercises of chapter 9, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`echo_core::`,
//! ...). Every test calls the learner's code, so each one fails on an
//! untouched stub.

mod common;

mod echo_core {
    use crate::common::fixed_clock;
    use chapter_09::exercises::echo_core::{TOO_LONG, echo_session};
    use proptest::prelude::*;
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::io::{self, BufReader, Read, Write};
    use std::rc::Rc;

    fn run(input: &[u8]) -> (String, usize) {
        let mut out = Vec::new();
        let n = echo_session(input, &mut out, &mut fixed_clock("09:40:56")).unwrap();
        (String::from_utf8(out).unwrap(), n)
    }

    const OPEN: &str = "Rust echo server opening / 09:40:56\r\n";
    const CLOSE: &str = "Rust echo server closing / 09:40:56\r\n";

    #[test]
    fn greets_echoes_and_closes_at_the_empty_line() {
        let (out, n) = run(b"hello\r\nsecond line\r\n\r\nnot read\r\n");
        assert_eq!(out, format!("{OPEN}hello\r\nsecond line\r\n{CLOSE}"));
        assert_eq!(n, 2);
    }

    #[test]
    fn answers_bare_lf_lines_with_crlf() {
        let (out, _) = run(b"one\ntwo\n\n");
        assert_eq!(out, format!("{OPEN}one\r\ntwo\r\n{CLOSE}"));
    }

    #[test]
    fn closes_at_end_of_input_and_keeps_a_last_unterminated_line() {
        assert_eq!(run(b"").0, format!("{OPEN}{CLOSE}"));
        let (out, n) = run(b"a\r\nlast\r");
        assert_eq!(out, format!("{OPEN}a\r\nlast\r\n{CLOSE}"));
        assert_eq!(n, 2);
    }

    #[test]
    fn refuses_an_over_long_line_and_goes_on() {
        let mut input = vec![b'x'; chapter_09::echo::MAX_LINE + 10];
        input.extend_from_slice(b"\r\nok\r\n\r\n");
        let (out, n) = run(&input);
        let too_long = String::from_utf8(TOO_LONG.to_vec()).unwrap();
        assert_eq!(out, format!("{OPEN}{too_long}ok\r\n{CLOSE}"));
        assert_eq!(n, 1);
    }

    /// Output that buffers until flushed; input that counts every read made
    /// while replies were still sitting unflushed.
    #[derive(Default)]
    struct Wire {
        unflushed: Vec<u8>,
        sent: Vec<u8>,
        reads_while_unflushed: usize,
    }
    struct Out(Rc<RefCell<Wire>>);
    struct In(Rc<RefCell<Wire>>, VecDeque<&'static [u8]>);

    impl Write for Out {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().unflushed.extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            let mut w = self.0.borrow_mut();
            let pending = std::mem::take(&mut w.unflushed);
            w.sent.extend(pending);
            Ok(())
        }
    }

    impl Read for In {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if !self.0.borrow().unflushed.is_empty() {
                self.0.borrow_mut().reads_while_unflushed += 1;
            }
            let Some(line) = self.1.pop_front() else {
                return Ok(0);
            };
            buf[..line.len()].copy_from_slice(line);
            Ok(line.len())
        }
    }

    #[test]
    fn flushes_every_reply_before_reading_on() {
        let wire = Rc::new(RefCell::new(Wire::default()));
        let input = In(
            wire.clone(),
            VecDeque::from([&b"a\r\n"[..], b"b\r\n", b"\r\n"]),
        );
        echo_session(
            BufReader::new(input),
            Out(wire.clone()),
            &mut fixed_clock("01:02:03"),
        )
        .unwrap();
        let w = wire.borrow();
        assert_eq!(
            w.reads_while_unflushed, 0,
            "a reply was still buffered when the next read started: the client would wait for it forever"
        );
        assert!(w.unflushed.is_empty(), "the closing line was never flushed");
        assert!(w.sent.ends_with(b"closing / 01:02:03\r\n"));
    }

    proptest! {
        #[test]
        fn echoes_any_lines_in_order(lines in prop::collection::vec("[ -~]{1,40}", 0..20), crlf: bool) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let input: String = lines.iter().map(|l| format!("{l}{eol}")).collect::<String>() + eol;
            let (out, n) = run(input.as_bytes());
            let echoed: String = lines.iter().map(|l| format!("{}\r\n", l.trim_end_matches('\r'))).collect();
            prop_assert_eq!(out, format!("{OPEN}{echoed}{CLOSE}"));
            prop_assert_eq!(n, lines.len());
        }
    }
}

mod pipe_client {
    use crate::common::within;
    use chapter_09::exercises::pipe_client::converse;
    use std::process::Command;
    use std::time::Duration;

    const LIMIT: Duration = Duration::from_secs(30);

    #[test]
    fn sends_lines_and_reads_the_replies() {
        let lines = vec!["one".to_string(), "two words".into(), "three".into()];
        let out = within(LIMIT, move || {
            converse(&mut Command::new("cat"), lines).unwrap()
        });
        assert_eq!(out.unwrap(), ["one", "two words", "three"]);
    }

    #[test]
    fn reads_a_program_that_transforms_its_input() {
        let mut tr = Command::new("tr");
        tr.args(["a-z", "A-Z"]);
        let out = within(LIMIT, move || {
            converse(&mut tr, vec!["shout".into(), "".into()]).unwrap()
        });
        assert_eq!(out.unwrap(), ["SHOUT", ""]);
    }

    #[test]
    fn does_not_deadlock_when_both_pipes_fill() {
        // About 1 MiB each way: far more than a pipe holds (64 KiB), so
        // writing everything before reading anything would block forever.
        let lines: Vec<String> = (0..20_000)
            .map(|i| format!("line {i:05} {}", "x".repeat(40)))
            .collect();
        let expected = lines.clone();
        let out = within(LIMIT, move || {
            converse(&mut Command::new("cat"), lines).unwrap()
        });
        let out =
            out.expect("no result within 30 s: did the writing and the reading block each other?");
        assert_eq!(out.len(), expected.len());
        assert!(out == expected, "the replies differ from the lines sent");
    }

    #[test]
    fn talks_to_the_echo_program() {
        let mut echo = Command::new(env!("CARGO_BIN_EXE_echo_stdio"));
        echo.env("ECHO_STDIO_TIME", "10:39:31");
        let lines = vec!["Hello".to_string(), "again".into(), "".into()];
        let out = within(LIMIT, move || converse(&mut echo, lines).unwrap()).unwrap();
        assert_eq!(
            out,
            [
                "Rust echo server opening / 10:39:31",
                "Hello",
                "again",
                "Rust echo server closing / 10:39:31"
            ]
        );
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let out = within(LIMIT, || {
            converse(&mut Command::new("/no/such/program"), vec![]).is_err()
        });
        assert_eq!(out, Some(true));
    }

    #[test]
    fn a_program_that_stops_reading_early_is_not_a_hang() {
        // `head -n 1` exits after one line: later writes fail (broken pipe),
        // which must end the conversation, not hang it.
        let mut head = Command::new("head");
        head.args(["-n", "1"]);
        let lines: Vec<String> = (0..50_000).map(|i| format!("line {i}")).collect();
        let out = within(LIMIT, move || converse(&mut head, lines).unwrap());
        assert_eq!(out.expect("hung after the program exited"), ["line 0"]);
    }
}

mod lua_escape {
    use crate::common::{lua_string, tree};
    use chapter_09::exercises::lua_escape::{Cycle, quote, serialize};
    use chapter_09::lua::write::write_string;
    use chapter_09::lua::{Limits, Table, TableRef, Value, WriteOptions, from_lua, to_lua};
    use proptest::prelude::*;

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(quote(b"plain"), r#""plain""#);
        assert_eq!(quote(br#"say "hi"\"#), r#""say \"hi\"\\""#);
        assert_eq!(quote(b"a\nb\rc\td"), r#""a\nb\rc\td""#);
        assert_eq!(quote(b"\x07\x00"), r#""\007\000""#);
        // Three digits always: `\0011` would otherwise be read as byte 11.
        assert_eq!(quote(b"\x011"), r#""\0011""#);
        assert_eq!(quote(b"\x7f"), r#""\127""#);
        assert_eq!(quote("naïve ☃".as_bytes()), "\"naïve ☃\"");
        assert_eq!(quote(b"\xff\xc3"), r#""\255\195""#);
    }

    #[test]
    fn writes_the_seed_like_structure() {
        let ada = Table::list(["MTH 201", "PHY 110"].map(Value::from)).with("Id", 17i64);
        let value = Value::table(
            Table::default()
                .with("Ada", ada)
                .with("two words", 1.5)
                .with(10i64, false),
        );
        assert_eq!(
            serialize(&value).unwrap(),
            r#"{Ada={"MTH 201","PHY 110",Id=17},["two words"]=1.5,[10]=false}"#
        );
    }

    #[test]
    fn writes_scalars() {
        assert_eq!(serialize(&Value::Bool(true)).unwrap(), "true");
        assert_eq!(serialize(&Value::Int(-42)).unwrap(), "-42");
        assert_eq!(serialize(&Value::Float(1.0)).unwrap(), "1.0");
        assert_eq!(serialize(&Value::Float(f64::NEG_INFINITY)).unwrap(), "-1/0");
        assert_eq!(serialize(&Value::table(Table::default())).unwrap(), "{}");
    }

    #[test]
    fn reports_a_cycle_and_accepts_sharing() {
        let inner = TableRef::new(Table::list([Value::Int(1)]));
        let shared = Value::table(Table::list([
            Value::Table(inner.clone()),
            Value::Table(inner.clone()),
        ]));
        assert_eq!(serialize(&shared).unwrap(), "{{1},{1}}");
        let looped = TableRef::new(Table::default());
        let child = Value::table(Table::list([Value::Table(looped.clone())]));
        looped.0.borrow_mut().array.push(child);
        assert_eq!(serialize(&Value::Table(looped.clone())), Err(Cycle));
        looped.0.borrow_mut().array.clear(); // free the cycle
    }

    proptest! {
        #[test]
        fn quote_agrees_with_the_library(s in lua_string()) {
            let mut expected = String::new();
            write_string(&s, &mut expected);
            prop_assert_eq!(quote(&s), expected);
        }

        #[test]
        fn serialize_round_trips(value in tree()) {
            let text = serialize(&value).unwrap();
            let copy = WriteOptions { copy_shared: true, ..WriteOptions::default() };
            prop_assert_eq!(&text, &to_lua(&value, &copy).unwrap());
            let back = from_lua(text.as_bytes(), Limits::default()).unwrap();
            prop_assert!(back.same_tree(&value), "read back differently: {}", text);
        }
    }
}

mod reader_limits {
    use crate::common::finite_tree;
    use chapter_09::exercises::reader_limits::read;
    use chapter_09::lua::{Limits, ReadErrorKind, Value, WriteOptions, from_lua, to_lua};
    use proptest::prelude::*;

    fn ok(text: &str) -> Value {
        read(text.as_bytes(), Limits::default()).unwrap()
    }

    fn kind(text: &str, limits: Limits) -> ReadErrorKind {
        read(text.as_bytes(), limits).unwrap_err().kind
    }

    #[test]
    fn reads_what_the_library_reads() {
        for text in [
            "true",
            "return -12",
            r#"{"a", 'b', [[long]], x = 1.5, ["y z"] = {}, [4] = false; }"#,
            "{ -- a comment\n  1, 2, { 3, { 4 } } }",
            r#""esc\"aped\n\065\x42""#,
        ] {
            let expected = from_lua(text.as_bytes(), Limits::default()).unwrap();
            assert!(ok(text).same_tree(&expected), "{text}");
        }
    }

    #[test]
    fn refuses_code() {
        let limits = Limits::default();
        assert_eq!(
            kind("os.execute('ls')", limits),
            ReadErrorKind::Code("os".into())
        );
        assert_eq!(kind("{ x = y }", limits), ReadErrorKind::Code("y".into()));
        assert_eq!(kind("{ nil }", limits), ReadErrorKind::Nil);
        assert!(matches!(kind("{ f() }", limits), ReadErrorKind::Code(_)));
        assert!(matches!(
            kind("1 2", limits),
            ReadErrorKind::Unexpected { .. }
        ));
        assert!(matches!(
            kind("{1,,2}", limits),
            ReadErrorKind::Unexpected { .. }
        ));
        assert!(matches!(
            kind("{1", limits),
            ReadErrorKind::Unexpected { .. }
        ));
    }

    #[test]
    fn enforces_the_depth_limit() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(read(b"{{{}}}", limits).is_ok());
        assert_eq!(
            kind("{{{{}}}}", limits),
            ReadErrorKind::TooDeep { limit: 3 }
        );
        // Far deeper than any stack could take, if the limit were missing.
        let deep = "{".repeat(1_000_000);
        assert_eq!(
            kind(&deep, Limits::default()),
            ReadErrorKind::TooDeep { limit: 100 }
        );
    }

    #[test]
    fn enforces_the_size_and_count_limits() {
        let small = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            kind("{1,2,3,4,5,6}", small),
            ReadErrorKind::TooLarge { limit: 10 }
        );
        let few = Limits {
            max_items: 4,
            ..Limits::default()
        };
        assert!(read(b"{1,2,3}", few).is_ok());
        assert_eq!(
            kind("{1,2,3,4}", few),
            ReadErrorKind::TooManyItems { limit: 4 }
        );
        assert_eq!(
            kind("{[1]=1,[2]=2}", few),
            ReadErrorKind::TooManyItems { limit: 4 }
        );
    }

    #[test]
    fn says_where_the_error_is() {
        let e = read(b"{\n  1,\n  oops }", Limits::default()).unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
    }

    proptest! {
        #[test]
        fn reads_back_what_the_writer_writes(value in finite_tree(), pretty: bool) {
            let options = WriteOptions { indent: pretty.then_some(2), ..WriteOptions::default() };
            let text = to_lua(&value, &options).unwrap();
            let back = read(text.as_bytes(), Limits::default()).unwrap();
            prop_assert!(back.same_tree(&value), "{}", text);
        }

        #[test]
        fn never_panics(input in prop::collection::vec(prop::sample::select(b"{}[]=,;\"'\\-0123.exa_ \n".to_vec()), 0..64)) {
            let _ = read(&input, Limits { max_depth: 8, ..Limits::default() });
        }
    }
}

mod socket_client {
    use chapter_09::exercises::socket_client::converse_tcp;
    use harness::inetd::{Inetd, Service, start};
    use std::net::{SocketAddr, TcpListener};
    use std::time::{Duration, Instant};

    const T: Duration = Duration::from_secs(10);

    fn serve(argv: &[&str]) -> Inetd {
        let mut service = Service::new("test", argv.iter().map(|s| s.to_string()).collect());
        service
            .env
            .push(("ECHO_STDIO_TIME".into(), "10:39:31".into()));
        start("127.0.0.1:0".parse().unwrap(), service).unwrap()
    }

    #[test]
    fn talks_to_the_echo_service_like_client_03() {
        let inetd = serve(&[env!("CARGO_BIN_EXE_echo_stdio")]);
        let lines = vec!["Hello".to_string(), "again".into(), "".into()];
        assert_eq!(
            converse_tcp(inetd.addr(), lines, T).unwrap(),
            [
                "Rust echo server opening / 10:39:31",
                "Hello",
                "again",
                "Rust echo server closing / 10:39:31"
            ]
        );
    }

    #[test]
    fn half_closes_so_the_server_sees_the_end() {
        // `cat` only exits (and closes) when its input ends.
        let inetd = serve(&["cat"]);
        let lines = vec!["a".to_string(), "b".into()];
        assert_eq!(converse_tcp(inetd.addr(), lines, T).unwrap(), ["a", "b"]);
    }

    #[test]
    fn a_silent_server_is_a_timeout_not_a_hang() {
        let inetd = serve(&["sleep", "60"]);
        let started = Instant::now();
        let result = converse_tcp(inetd.addr(), vec!["hello?".into()], Duration::from_secs(1));
        assert!(result.is_err(), "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn a_closed_port_is_an_error() {
        let addr: SocketAddr = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        assert!(converse_tcp(addr, vec![], T).is_err());
    }
}
