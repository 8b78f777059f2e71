//! Properties of every filter: chunking never changes the output, decoders
//! invert encoders, agreement with the `base64` and `quoted_printable` crates,
//! golden values from the seed, and bad input that gives errors, not panics.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chapter_06::catalog::{FILTERS, by_name};
use chapter_06::ltn12::{Chain, Filter, FilterError};
use chapter_06::mime::{
    Base64Decoder, Base64Encoder, Normalize, QpDecoder, QpEncoder, QpMode, QpWrap, qp_text_encoder,
};
use chapter_06::rot13::Rot13;
use common::{bytes_and_cuts, run_chunks, run_whole, split};
use proptest::prelude::*;

fn whole(mut f: impl Filter, data: &[u8]) -> Vec<u8> {
    run_whole(&mut f, data).unwrap()
}

#[test]
fn seed_latin1_name_encodes_as_the_seed_shows() {
    let name = b"Gabriel Garc\xeda M\xe1rquez";
    assert_eq!(
        whole(Base64Encoder::new(), name),
        b"R2FicmllbCBHYXJj7WEgTeFycXVleg=="
    );
    assert_eq!(
        whole(QpEncoder::new(QpMode::Text), name),
        b"Gabriel Garc=EDa M=E1rquez"
    );
}

#[test]
fn base64_padding_for_each_tail_length() {
    assert_eq!(whole(Base64Encoder::new(), b""), b"");
    assert_eq!(whole(Base64Encoder::new(), b"M"), b"TQ==");
    assert_eq!(whole(Base64Encoder::new(), b"Ma"), b"TWE=");
    assert_eq!(whole(Base64Encoder::new(), b"Man"), b"TWFu");
}

#[test]
fn base64_decoder_skips_white_space_and_rejects_junk() {
    assert_eq!(whole(Base64Decoder::new(), b"TW\r\nFu\tTW E="), b"ManMa");
    assert_eq!(
        whole(Base64Decoder::new(), b"TWE"),
        b"Ma",
        "missing padding is accepted"
    );
    let err = |input: &[u8]| run_whole(&mut Base64Decoder::new(), input).unwrap_err();
    assert_eq!(
        err(b"TW*u"),
        FilterError::InvalidBase64 {
            byte: b'*',
            offset: 2
        }
    );
    assert_eq!(
        err(b"=AAA"),
        FilterError::InvalidBase64 {
            byte: b'=',
            offset: 0
        }
    );
    assert_eq!(
        err(b"TQ==TQ=="),
        FilterError::DataAfterPadding { offset: 4 }
    );
    assert_eq!(err(b"TWFuT"), FilterError::TruncatedBase64);
}

#[test]
fn qp_quotes_trailing_white_space_and_equals() {
    let enc = |s: &[u8]| whole(QpEncoder::new(QpMode::Text), s);
    assert_eq!(enc(b"a \r\nb"), b"a=20\r\nb");
    assert_eq!(enc(b"a\t\r\n"), b"a=09\r\n");
    assert_eq!(enc(b"1+1=2"), b"1+1=3D2");
    assert_eq!(
        enc(b"end "),
        b"end=20=\r\n",
        "white space at the very end is quoted"
    );
    assert_eq!(
        enc(b"lf\n"),
        b"lf=0A",
        "text mode expects CRLF: a bare LF is data"
    );
    assert_eq!(whole(QpEncoder::new(QpMode::Binary), b"a\r\n"), b"a=0D=0A");
    // LuaSocket's quirk, kept: a space among the last two bytes is quoted,
    // and the held bytes end with a soft break.
    assert_eq!(enc(b"a M"), b"a=20M=\r\n");
}

#[test]
fn every_filter_is_chunk_safe_on_all_short_inputs() {
    // Exhaustive over a small alphabet of the bytes filters care about: every
    // string up to 5 bytes, cut at every pair of points (empty chunks too).
    const ALPHABET: &[u8] = b"a \r\n=\xe9";
    let mut inputs = vec![Vec::new()];
    for _ in 0..5 {
        let longer: Vec<Vec<u8>> = inputs
            .iter()
            .filter(|s| s.len() == inputs.last().unwrap().len())
            .flat_map(|s| ALPHABET.iter().map(move |&b| [s.as_slice(), &[b]].concat()))
            .collect();
        inputs.extend(longer);
    }
    for (name, _) in FILTERS {
        for data in &inputs {
            let one = run_whole(&mut *by_name(name).unwrap(), data);
            for i in 0..=data.len() {
                for j in i..=data.len() {
                    let chunks = [&data[..i], &data[i..j], &data[j..]];
                    let many = run_chunks(&mut *by_name(name).unwrap(), &chunks);
                    assert_eq!(one, many, "{name} on {data:?} cut at {i}, {j}");
                }
            }
        }
    }
}

#[test]
fn qp_text_encoder_soft_breaks_at_76_columns() {
    let out = whole(qp_text_encoder(), &[b'x'; 200]);
    let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    assert_eq!(lines[0].len(), 77, "75 characters, `=`, and the CR");
    assert!(lines[0].ends_with(b"=\r"));
    assert!(out.split(|&b| b == b'\n').all(|l| l.len() <= 77));
    assert_eq!(whole(QpDecoder::new(), &out), vec![b'x'; 200]);
}

#[test]
fn qp_decoder_keeps_malformed_escapes() {
    let dec = |s: &[u8]| whole(QpDecoder::new(), s);
    assert_eq!(dec(b"caf=C3=A9 =3d"), "café =".as_bytes());
    assert_eq!(dec(b"soft=\r\nbreak=\nhere"), b"softbreakhere");
    assert_eq!(dec(b"=ZZ =4"), b"=ZZ =4");
    assert_eq!(dec(b"=Z=41"), b"=ZA");
    assert_eq!(dec(b"trailing="), b"trailing=");
}

#[test]
fn rot13_touches_only_ascii_letters() {
    for byte in 0..=255u8 {
        let out = whole(Rot13, &[byte]);
        assert_eq!(
            out[0] == byte,
            !byte.is_ascii_alphabetic(),
            "byte {byte:#04x}"
        );
    }
    assert_eq!(whole(Rot13, b"Tbbq yhpx!"), b"Good luck!");
}

#[test]
fn catalog_names_are_unique_and_all_resolve() {
    let mut names: Vec<&str> = FILTERS.iter().map(|(n, _)| *n).collect();
    names
        .iter()
        .for_each(|n| assert!(by_name(n).is_some(), "{n}"));
    names.dedup();
    assert_eq!(names.len(), FILTERS.len());
    assert!(by_name("no-such-filter").is_none());
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn every_filter_is_chunk_safe((data, cuts) in bytes_and_cuts(600)) {
        for (name, _) in FILTERS {
            let one = run_whole(&mut *by_name(name).unwrap(), &data);
            let many = run_chunks(&mut *by_name(name).unwrap(), &split(&data, &cuts));
            prop_assert_eq!(&one, &many, "filter {}", name);
        }
    }

    #[test]
    fn decoders_invert_encoders((data, cuts) in bytes_and_cuts(600)) {
        let b64 = whole(Base64Encoder::new(), &data);
        prop_assert_eq!(run_chunks(&mut Base64Decoder::new(), &split(&b64, &cuts)).unwrap(), data.clone());
        for mode in [QpMode::Text, QpMode::Binary] {
            let qp = whole(QpEncoder::new(mode), &data);
            prop_assert_eq!(run_chunks(&mut QpDecoder::new(), &split(&qp, &cuts)).unwrap(), data.clone());
        }
        let text = whole(qp_text_encoder(), &data);
        prop_assert_eq!(whole(QpDecoder::new(), &text), whole(Normalize::default(), &data));
        prop_assert_eq!(whole(Rot13, &whole(Rot13, &data)), data);
    }

    #[test]
    fn agrees_with_the_base64_crate(data in prop::collection::vec(any::<u8>(), 0..600)) {
        let ours = whole(Base64Encoder::new(), &data);
        prop_assert_eq!(ours.clone(), STANDARD.encode(&data).into_bytes());
        prop_assert_eq!(STANDARD.decode(&ours).unwrap(), data);
    }

    #[test]
    fn agrees_with_the_quoted_printable_crate((data, _) in bytes_and_cuts(600)) {
        use quoted_printable::ParseMode;
        // The crate's strict mode insists on 76-column lines: wrap ours.
        let wrapped = Chain::new().then(QpEncoder::new(QpMode::Binary)).then(QpWrap::new());
        let ours = whole(wrapped, &data);
        prop_assert_eq!(quoted_printable::decode(&ours, ParseMode::Strict).unwrap(), data.clone());
        let theirs = quoted_printable::encode(&data);
        prop_assert_eq!(
            whole(QpDecoder::new(), &theirs),
            quoted_printable::decode(&theirs, ParseMode::Strict).unwrap()
        );
    }

    #[test]
    fn decoders_never_panic_on_garbage((data, cuts) in bytes_and_cuts(300)) {
        let _ = run_chunks(&mut Base64Decoder::new(), &split(&data, &cuts));
        let _ = run_chunks(&mut QpDecoder::new(), &split(&data, &cuts));
    }
}
