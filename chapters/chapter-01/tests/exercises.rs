//! Tests for the exercises of chapter 1, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`query_packet::`,
//! ...). Every test calls the learner's code, so each one fails on an
//! untouched stub.

mod common;

mod query_packet {
    use chapter_01::dns::{Message, RecordType, WireError};
    use chapter_01::exercises::query_packet::{encode_labels, query};
    use proptest::prelude::*;

    #[test]
    fn encodes_labels_and_the_root() {
        let mut out = Vec::new();
        encode_labels("www.example.org", &mut out).unwrap();
        assert_eq!(out, b"\x03www\x07example\x03org\x00");
        for root in ["", "."] {
            let mut out = Vec::new();
            encode_labels(root, &mut out).unwrap();
            assert_eq!(out, [0], "the root {root:?} is one zero byte");
        }
        let mut out = Vec::new();
        encode_labels("example.org.", &mut out).unwrap();
        assert_eq!(
            out, b"\x07example\x03org\x00",
            "a final dot changes nothing"
        );
    }

    #[test]
    fn builds_the_golden_query() {
        assert_eq!(
            query(0x1234, "www.example.org", RecordType::A).unwrap(),
            crate::common::GOLDEN_QUERY
        );
        let aaaa = query(0xbeef, "x.test", RecordType::Aaaa).unwrap();
        assert_eq!(&aaaa[..2], &[0xbe, 0xef]);
        assert_eq!(&aaaa[aaaa.len() - 4..], &[0, 28, 0, 1]);
    }

    #[test]
    fn rejects_bad_labels() {
        let long = "a".repeat(64);
        assert!(matches!(
            query(1, &format!("{long}.test"), RecordType::A),
            Err(WireError::BadLabelText(_))
        ));
        assert!(matches!(
            query(1, "a..b", RecordType::A),
            Err(WireError::BadLabelText(_))
        ));
        let huge = vec!["abcdefghij"; 30].join(".");
        assert_eq!(query(1, &huge, RecordType::A), Err(WireError::NameTooLong));
    }

    proptest! {
        #[test]
        fn hickory_reads_what_we_build(id: u16, name in crate::common::dns_name()) {
            use hickory_proto::op::Message as Hickory;
            let bytes = query(id, &name, RecordType::A).unwrap();
            let m = Hickory::from_vec(&bytes).unwrap();
            prop_assert_eq!(m.metadata.id, id);
            prop_assert!(m.metadata.recursion_desired);
            let asked = m.queries[0].name().to_ascii();
            prop_assert_eq!(asked.trim_end_matches('.'), name.as_str());
            let ours = Message::parse(&bytes).unwrap();
            prop_assert_eq!(&ours.questions[0].name, &name);
        }
    }
}

mod read_name {
    use chapter_01::dns::WireError;
    use chapter_01::exercises::read_name::read_name;
    use proptest::prelude::*;

    #[test]
    fn reads_a_plain_name() {
        let msg = b"\x03www\x07example\x03org\x00rest";
        assert_eq!(read_name(msg, 0).unwrap(), ("www.example.org".into(), 17));
        assert_eq!(read_name(b"\x00", 0).unwrap(), (String::new(), 1));
    }

    #[test]
    fn follows_compression_pointers() {
        let (msg, offsets) = crate::common::compressed_names();
        // "web.example.org" is written as "3web" + pointer to "example.org".
        assert_eq!(
            read_name(&msg, offsets[1]).unwrap(),
            ("web.example.org".into(), offsets[1] + 6)
        );
        // A name that is only a pointer ends two bytes after its start.
        assert_eq!(
            read_name(&msg, offsets[2]).unwrap(),
            ("www.example.org".into(), offsets[2] + 2)
        );
        // A pointer to a pointer.
        assert_eq!(
            read_name(&msg, offsets[3]).unwrap(),
            ("www.example.org".into(), offsets[3] + 2)
        );
    }

    #[test]
    fn refuses_loops_and_overruns() {
        assert!(matches!(
            read_name(b"\xc0\x00", 0),
            Err(WireError::PointerLoop { .. })
        ));
        // Two pointers pointing at each other.
        let pair = b"\x00\x00\xc0\x04\xc0\x02";
        assert!(matches!(
            read_name(pair, 4),
            Err(WireError::PointerLoop { .. })
        ));
        // A label then a pointer back to the label: a loop through a label.
        assert!(matches!(
            read_name(b"\x01a\xc0\x00", 0),
            Err(WireError::PointerLoop { .. })
        ));
        assert_eq!(read_name(b"\x05ab", 0), Err(WireError::Truncated(3)));
        assert_eq!(read_name(b"\x03abc", 0), Err(WireError::Truncated(4)));
        assert_eq!(read_name(b"\xc0", 0), Err(WireError::Truncated(1)));
        assert_eq!(read_name(b"", 0), Err(WireError::Truncated(0)));
        assert_eq!(read_name(b"\x40abc", 0), Err(WireError::BadLabel(0)));
    }

    #[test]
    fn refuses_names_over_255_bytes() {
        let mut msg = Vec::new();
        for _ in 0..5 {
            msg.push(63);
            msg.extend_from_slice(&[b'a'; 63]);
        }
        msg.push(0);
        assert_eq!(read_name(&msg, 0), Err(WireError::NameTooLong));
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300), at in 0usize..300) {
            let _ = read_name(&bytes, at);
        }

        #[test]
        fn agrees_with_the_library(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let ours = read_name(&bytes, 0).map(|(_, end)| end);
            let lib = chapter_01::dns::name::read_name(&bytes, 0).map(|(_, end)| end);
            prop_assert_eq!(ours.is_ok(), lib.is_ok());
            if let (Ok(a), Ok(b)) = (ours, lib) {
                prop_assert_eq!(a, b);
            }
        }
    }
}

mod cname_chase {
    use chapter_01::dns::resolve::ResolveError;
    use chapter_01::exercises::cname_chase::chase;
    use std::net::IpAddr;

    use crate::common::{a, aaaa, cname};

    #[test]
    fn follows_a_chain_into_the_triple() {
        let answers = [
            cname("www.example.test", "web.example.test"),
            cname("web.example.test", "host.example.test"),
            a("host.example.test", [192, 0, 2, 7]),
            aaaa("host.example.test", "2001:db8::7"),
        ];
        let info = chase("www.example.test", &answers).unwrap();
        assert_eq!(info.name, "host.example.test");
        assert_eq!(info.aliases, ["www.example.test", "web.example.test"]);
        let want: Vec<IpAddr> = vec!["192.0.2.7".parse().unwrap(), "2001:db8::7".parse().unwrap()];
        assert_eq!(info.addresses, want);
    }

    #[test]
    fn works_in_any_order_and_any_case() {
        let answers = [
            a("HOST.example.test", [192, 0, 2, 7]),
            cname("web.example.test", "host.example.test"),
            a("other.example.test", [192, 0, 2, 99]),
            cname("WWW.Example.Test", "web.example.test"),
        ];
        let info = chase("www.example.test.", &answers).unwrap();
        assert_eq!(info.name, "host.example.test");
        assert_eq!(info.aliases.len(), 2);
        assert_eq!(info.addresses, vec!["192.0.2.7".parse::<IpAddr>().unwrap()]);
    }

    #[test]
    fn no_alias_no_chain() {
        let info = chase("web.example.test", &[a("web.example.test", [192, 0, 2, 1])]).unwrap();
        assert_eq!(info.name, "web.example.test");
        assert!(info.aliases.is_empty());
        assert_eq!(
            chase("x.test", &[]).unwrap().addresses,
            Vec::<IpAddr>::new()
        );
    }

    #[test]
    fn refuses_loops() {
        let answers = [cname("a.test", "b.test"), cname("b.test", "a.test")];
        assert_eq!(
            chase("a.test", &answers),
            Err(ResolveError::CnameLoop("a.test".into()))
        );
        let own = [cname("a.test", "a.test")];
        assert!(matches!(
            chase("a.test", &own),
            Err(ResolveError::CnameLoop(_))
        ));
        let long: Vec<_> = (0..20)
            .map(|i| cname(&format!("n{i}.test"), &format!("n{}.test", i + 1)))
            .collect();
        assert!(matches!(
            chase("n0.test", &long),
            Err(ResolveError::CnameLoop(_))
        ));
    }
}

mod url_authority {
    use chapter_01::exercises::url_authority::{Authority, split_authority};

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn splits_the_seed_authority() {
        assert_eq!(
            split_authority("natty:pathfinder@www.workbook.test:8888"),
            Authority {
                userinfo: s("natty:pathfinder"),
                user: s("natty"),
                password: s("pathfinder"),
                host: s("www.workbook.test"),
                port: s("8888"),
            }
        );
    }

    #[test]
    fn handles_missing_parts() {
        assert_eq!(
            split_authority("host"),
            Authority {
                host: s("host"),
                ..Authority::default()
            }
        );
        assert_eq!(split_authority(""), Authority::default());
        let a = split_authority("user@host:");
        assert_eq!((a.user, a.password, a.port), (s("user"), None, s("")));
        let a = split_authority(":8080");
        assert_eq!((a.host, a.port), (None, s("8080")));
    }

    #[test]
    fn handles_ipv6_literals_and_odd_colons() {
        let a = split_authority("[::1]:8080");
        assert_eq!((a.host, a.port), (s("::1"), s("8080")));
        let a = split_authority("[2001:db8::1]");
        assert_eq!((a.host, a.port), (s("2001:db8::1"), None));
        let a = split_authority("a:b:c@h");
        assert_eq!((a.user, a.password), (s("a:b"), s("c")));
        let a = split_authority("u@v@h");
        assert_eq!((a.userinfo, a.host), (s("u"), s("v@h")));
    }

    #[test]
    fn agrees_with_the_library_parse() {
        for authority in [
            "a@b:1",
            "[::1]",
            "x:y@[fe80::1]:99",
            "h:",
            "@",
            "[]",
            "u:@h",
        ] {
            let url = chapter_01::url::Url::parse(&format!("http://{authority}/")).unwrap();
            let ours = split_authority(authority);
            assert_eq!(
                (
                    ours.userinfo,
                    ours.user,
                    ours.password,
                    ours.host,
                    ours.port
                ),
                (url.userinfo, url.user, url.password, url.host, url.port),
                "authority {authority:?}"
            );
        }
    }
}

mod url_absolute {
    use chapter_01::exercises::url_absolute::{absolute, remove_dot_segments};

    #[test]
    fn removes_dot_segments_as_rfc_3986_shows() {
        // RFC 3986 §5.2.4's two worked examples.
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
        assert_eq!(remove_dot_segments("/.."), "/");
        assert_eq!(remove_dot_segments(""), "");
    }

    #[test]
    fn resolves_every_normal_example_of_rfc_3986() {
        for (rel, want) in crate::common::RFC3986_NORMAL {
            assert_eq!(
                absolute(crate::common::RFC3986_BASE, rel),
                *want,
                "reference {rel:?}"
            );
        }
    }

    #[test]
    fn resolves_every_abnormal_example_of_rfc_3986() {
        for (rel, want) in crate::common::RFC3986_ABNORMAL {
            assert_eq!(
                absolute(crate::common::RFC3986_BASE, rel),
                *want,
                "reference {rel:?}"
            );
        }
    }

    #[test]
    fn handles_a_base_without_a_path() {
        assert_eq!(absolute("http://a", "g"), "http://a/g");
        assert_eq!(absolute("http://a?q", ""), "http://a?q");
    }
}
