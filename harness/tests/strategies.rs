//! The property-test strategies keep their promises: chunkings
//! concatenate back (and include empty chunks), line streams split back
//! into their lines, messages are well-formed, URLs render their parts.

use harness::strategies::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

#[test]
fn split_at_handles_repeats_and_out_of_range_cuts() {
    assert_eq!(
        split_at(b"abcd", &[2, 2, 9]),
        vec![b"ab".to_vec(), vec![], b"cd".to_vec(), vec![]]
    );
    assert_eq!(split_at(b"", &[]), vec![Vec::<u8>::new()]);
}

#[test]
fn chunkings_sometimes_contain_empty_chunks() {
    let mut runner = TestRunner::deterministic();
    let strategy = chunked(b"hello world".to_vec());
    let empty = (0..200).any(|_| {
        strategy
            .new_tree(&mut runner)
            .unwrap()
            .current()
            .iter()
            .any(Vec::is_empty)
    });
    assert!(empty, "empty chunks must be generated");
}

fn split_lines(stream: &[u8]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = stream
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l).to_vec())
        .collect();
    lines.pop();
    lines
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn chunks_concatenate_to_the_payload((payload, chunks) in with_chunks(binary(64))) {
        prop_assert_eq!(chunks.concat(), payload);
    }

    #[test]
    fn printable_is_printable(p in printable(100)) {
        prop_assert!(p.iter().all(|b| (0x20..0x7f).contains(b)));
    }

    #[test]
    fn line_streams_split_back((lines, stream) in line_stream(Ending::Mixed, 10)) {
        prop_assert_eq!(split_lines(&stream), lines);
    }

    #[test]
    fn crlf_streams_have_no_bare_lf((_lines, stream) in line_stream(Ending::Crlf, 10)) {
        for (i, b) in stream.iter().enumerate() {
            if *b == b'\n' {
                prop_assert!(i > 0 && stream[i - 1] == b'\r');
            }
        }
    }

    #[test]
    fn lf_streams_have_no_cr((_lines, stream) in line_stream(Ending::Lf, 10)) {
        prop_assert!(!stream.contains(&b'\r'));
    }

    #[test]
    fn messages_are_crlf_text_with_a_header_block(m in mail_message()) {
        let bytes = m.to_bytes();
        let text = String::from_utf8(bytes).unwrap();
        prop_assert!(text.contains("\r\n\r\n"));
        prop_assert!(text.starts_with("From: "));
        prop_assert!(text.ends_with("\r\n"));
        prop_assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn maildrops_hold_up_to_max(drop in maildrop(4)) {
        prop_assert!(drop.len() <= 4);
    }

    #[test]
    fn urls_render_their_parts(u in url()) {
        let s = u.to_string();
        let re = regex::Regex::new(r"^([a-z]+)://(?:([^:@/]+):([^@/]+)@)?([a-z.]+)(?::(\d+))?(/[^?#]*)(?:\?([^#]*))?(?:#(.*))?$").unwrap();
        let c = re.captures(&s).unwrap();
        prop_assert_eq!(&c[1], u.scheme.as_str());
        prop_assert_eq!(c.get(4).unwrap().as_str(), u.host.as_str());
        prop_assert_eq!(c.get(5).map(|p| p.as_str().parse::<u16>().unwrap()), u.port);
        prop_assert_eq!(c.get(6).unwrap().as_str(), u.path.as_str());
        prop_assert_eq!(c.get(7).map(|q| q.as_str().to_string()), u.query.clone());
        prop_assert_eq!(c.get(2).map(|x| x.as_str().to_string()), u.userinfo.clone().map(|(user, _)| user));
    }
}
