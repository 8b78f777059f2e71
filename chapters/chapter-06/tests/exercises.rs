//! Tests for the exercises of chapter 6, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`rot13::`, ...).
//! Every test calls the learner's code, so each one fails on an untouched stub.

mod common;

mod rot13 {
    use crate::common::{bytes_and_cuts, run_chunks, split};
    use chapter_06::exercises::rot13::{Rot13Filter, rot13_byte, rot13_chunk};
    use chapter_06::ltn12::transform;
    use proptest::prelude::*;

    #[test]
    fn rotates_the_alphabet() {
        assert_eq!(
            rot13_chunk(b"abcdefghijklmnopqrstuvwxyz"),
            b"nopqrstuvwxyzabcdefghijklm"
        );
        assert_eq!(
            rot13_chunk(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            b"NOPQRSTUVWXYZABCDEFGHIJKLM"
        );
    }

    #[test]
    fn leaves_everything_else_alone() {
        for byte in (0..=255u8).filter(|b| !b.is_ascii_alphabetic()) {
            assert_eq!(rot13_byte(byte), byte, "byte {byte:#04x} must not change");
        }
    }

    #[test]
    fn works_through_the_seed_transform() {
        assert_eq!(
            transform(b"Tbbq yhpx!", Rot13Filter).unwrap(),
            b"Good luck!"
        );
        assert_eq!(transform(b"", Rot13Filter).unwrap(), b"");
    }

    proptest! {
        #[test]
        fn is_its_own_inverse(data in prop::collection::vec(any::<u8>(), 0..512)) {
            prop_assert_eq!(rot13_chunk(&rot13_chunk(&data)), data);
        }

        #[test]
        fn same_output_however_chunked((data, cuts) in bytes_and_cuts(512)) {
            let out = run_chunks(&mut Rot13Filter, &split(&data, &cuts)).unwrap();
            prop_assert_eq!(out, rot13_chunk(&data));
        }
    }
}

mod base64_stream {
    use crate::common::{bytes_and_cuts, run_chunks, run_whole, split};
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use chapter_06::exercises::base64_stream::Base64Stream;
    use proptest::prelude::*;

    #[test]
    fn pads_each_tail_length() {
        let enc = |s: &[u8]| run_whole(&mut Base64Stream::new(), s).unwrap();
        assert_eq!(enc(b""), b"");
        assert_eq!(enc(b"M"), b"TQ==");
        assert_eq!(enc(b"Ma"), b"TWE=");
        assert_eq!(enc(b"Man"), b"TWFu");
        assert_eq!(
            enc(b"Gabriel Garc\xeda M\xe1rquez"),
            b"R2FicmllbCBHYXJj7WEgTeFycXVleg=="
        );
    }

    #[test]
    fn carries_leftover_bytes_between_chunks() {
        let chunks: [&[u8]; 5] = [b"M", b"", b"a", b"nM", b"a"];
        assert_eq!(
            run_chunks(&mut Base64Stream::new(), &chunks).unwrap(),
            b"TWFuTWE="
        );
    }

    proptest! {
        #[test]
        fn agrees_with_the_base64_crate_however_chunked((data, cuts) in bytes_and_cuts(400)) {
            let out = run_chunks(&mut Base64Stream::new(), &split(&data, &cuts)).unwrap();
            prop_assert_eq!(out, STANDARD.encode(&data).into_bytes());
        }
    }
}

mod qp_soft_breaks {
    use crate::common::{bytes_and_cuts, run_chunks, run_whole, split};
    use chapter_06::exercises::qp_soft_breaks::QpSoftBreaks;
    use proptest::prelude::*;

    fn enc(s: &[u8]) -> Vec<u8> {
        run_whole(&mut QpSoftBreaks::new(), s).unwrap()
    }

    #[test]
    fn quotes_what_is_not_printable() {
        assert_eq!(
            enc(b"Gabriel Garc\xeda M\xe1rquez"),
            b"Gabriel Garc=EDa M=E1rquez"
        );
        assert_eq!(enc(b"a=b\r\n"), b"a=3Db=0D=0A");
        assert_eq!(
            enc(b"end \t"),
            b"end =09",
            "only the very last white space is quoted"
        );
    }

    #[test]
    fn breaks_lines_at_76_columns_without_splitting_escapes() {
        let out = enc(&[b'x'; 80]);
        assert_eq!(out, [&[b'x'; 75][..], b"=\r\n", &[b'x'; 5]].concat());
        let out = enc(&[[b'x'; 74].as_slice(), b"\xff"].concat());
        assert_eq!(out, [&[b'x'; 74][..], b"=\r\n=FF"].concat());
    }

    #[test]
    fn held_white_space_survives_a_chunk_border() {
        let chunks: [&[u8]; 3] = [b"a ", b"", b"b "];
        assert_eq!(
            run_chunks(&mut QpSoftBreaks::new(), &chunks).unwrap(),
            b"a b=20"
        );
    }

    proptest! {
        #[test]
        fn decodes_back_and_keeps_lines_short((data, cuts) in bytes_and_cuts(400)) {
            let out = run_chunks(&mut QpSoftBreaks::new(), &split(&data, &cuts)).unwrap();
            prop_assert_eq!(&out, &enc(&data), "chunking changed the output");
            for line in out.split(|&b| b == b'\n') {
                prop_assert!(line.len() <= 77, "line longer than 76 + CR");
            }
            let back = quoted_printable::decode(&out, quoted_printable::ParseMode::Strict);
            prop_assert_eq!(back.unwrap(), data);
        }
    }
}

mod eol_crlf {
    use crate::common::{bytes_and_cuts, run_chunks, run_whole, split};
    use chapter_06::exercises::eol_crlf::CrlfNormalizer;
    use proptest::prelude::*;

    #[test]
    fn every_kind_of_line_end_becomes_crlf() {
        let out = run_whole(&mut CrlfNormalizer::new(), b"unix\ndos\r\nmac\rend").unwrap();
        assert_eq!(out, b"unix\r\ndos\r\nmac\r\nend");
        let out = run_whole(&mut CrlfNormalizer::new(), b"\n\n\r\r\n\r").unwrap();
        assert_eq!(out, b"\r\n\r\n\r\n\r\n\r\n");
    }

    #[test]
    fn crlf_split_across_chunks_is_one_line_end() {
        let chunks: [&[u8]; 3] = [b"a\r", b"\nb\r", b"\n"];
        assert_eq!(
            run_chunks(&mut CrlfNormalizer::new(), &chunks).unwrap(),
            b"a\r\nb\r\n"
        );
        let chunks: [&[u8]; 3] = [b"a\r", b"", b"\nb"];
        assert_eq!(
            run_chunks(&mut CrlfNormalizer::new(), &chunks).unwrap(),
            b"a\r\nb"
        );
    }

    proptest! {
        #[test]
        fn same_output_however_chunked((data, cuts) in bytes_and_cuts(400)) {
            let whole = run_whole(&mut CrlfNormalizer::new(), &data).unwrap();
            let chunked = run_chunks(&mut CrlfNormalizer::new(), &split(&data, &cuts)).unwrap();
            prop_assert_eq!(&chunked, &whole);
            // Normalized text is already normal.
            prop_assert_eq!(run_whole(&mut CrlfNormalizer::new(), &whole).unwrap(), whole);
        }
    }
}

mod checksum_sink {
    use chapter_06::exercises::checksum_sink::ChecksumSink;
    use chapter_06::ltn12::source::BytesSource;
    use chapter_06::ltn12::{Sink, pump_all};

    #[test]
    fn known_fnv1a_values() {
        let mut sink = ChecksumSink::new();
        assert_eq!(sink.digest(), 0xcbf2_9ce4_8422_2325);
        sink.put(Some(b"a")).unwrap();
        sink.put(None).unwrap();
        assert_eq!((sink.bytes(), sink.digest()), (1, 0xaf63_dc4c_8601_ec8c));
        assert!(sink.is_finished());
    }

    #[test]
    fn block_size_does_not_change_the_checksum() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let mut results = Vec::new();
        for block in [1, 7, 2048, 20_000] {
            let mut sink = ChecksumSink::new();
            pump_all(&mut BytesSource::with_block_size(&data, block), &mut sink).unwrap();
            assert!(sink.is_finished());
            results.push((sink.bytes(), sink.digest()));
        }
        assert!(results.iter().all(|r| *r == results[0]), "{results:?}");
        assert_eq!(results[0].0, 10_000);
    }

    #[test]
    fn refuses_data_after_the_end() {
        let mut sink = ChecksumSink::new();
        sink.put(None).unwrap();
        assert!(sink.put(Some(b"late")).is_err());
        assert_eq!(sink.bytes(), 0);
    }
}
