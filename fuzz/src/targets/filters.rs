//! Chapter 6's ltn12 filters: every filter of the `transform` program's
//! catalog and the chains it builds, the MIME codecs' round trips, and the
//! exercises' reference solutions against the library filters.
//!
//! The filter contract is chunking invariance: the output may not depend
//! on how the input was cut (empty chunks included), and [`filtered`] is
//! how every target here drives a filter.
//!
//! # Layout
//! [`TARGETS`]; [`filtered`]; one function per target.

use chapter_06::catalog::{FILTERS, by_name};
use chapter_06::exercises::{base64_stream::Base64Stream, checksum_sink::ChecksumSink};
use chapter_06::exercises::{
    eol_crlf::CrlfNormalizer, qp_soft_breaks::QpSoftBreaks, rot13::Rot13Filter,
};
use chapter_06::ltn12::{Chain, Filter, FilterError, Sink};
use chapter_06::mime::{
    Base64Decoder, Base64Encoder, DotStuff, Normalize, QpDecoder, QpEncoder, QpMode, QpWrap, Wrap,
};
use chapter_06::rot13::Rot13;
use rand::Rng as _;

use super::{Run, Target};
use crate::check::{Outcome, chunks, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, MIME};

/// The filter targets (text and mail seeds, MIME words).
pub const TARGETS: &[Target] = &[
    filter(
        "filter-catalog",
        "each `transform` filter by name: cut-invariant, output at most 4x",
        catalog,
    ),
    filter(
        "filter-chain",
        "chains of 1 to 4 catalog filters: cut-invariant",
        chain,
    ),
    filter(
        "base64",
        "base64 decode(encode(x)) = x, 4/3 the size, cut-invariant",
        base64,
    ),
    filter(
        "base64-decode",
        "base64 decoding of hostile text: cut-invariant (errors too), 3/4 the size",
        base64_decode,
    ),
    filter(
        "qp",
        "quoted-printable decode(encode(x)) = x, text and binary, with soft breaks",
        qp,
    ),
    filter(
        "qp-decode",
        "quoted-printable decoding of hostile text: cut-invariant, never longer",
        qp_decode,
    ),
    filter(
        "line-filters",
        "wrap, qp-wrap, normalize: line lengths and CRLF-only line ends",
        line_filters,
    ),
    filter(
        "dot-stuff",
        "DotStuff then unstuffing each line gives the text back",
        dot_stuff,
    ),
    filter(
        "rot13",
        "rot13 twice is the identity; the solution agrees with the library",
        rot13,
    ),
    filter(
        "filter-exercises",
        "the base64_stream, qp_soft_breaks, eol_crlf, checksum_sink solutions vs the library",
        exercises,
    ),
];

const fn filter(name: &'static str, about: &'static str, run: Run) -> Target {
    Target::new(name, about, &[Kind::Text, Kind::Mail], &[MIME, COMMON], run)
}

/// `filter` fed `pieces`, then the end.
pub fn filtered(mut filter: impl Filter, pieces: &[&[u8]]) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    for piece in pieces {
        filter.filter(Some(piece), &mut out)?;
    }
    filter.filter(None, &mut out)?;
    Ok(out)
}

/// Checks `make()`'s output on `input` whole and cut; returns the whole one.
fn invariant<F: Filter>(
    what: &str,
    make: impl Fn() -> F,
    input: &[u8],
    rng: &mut Rng,
) -> Result<Result<Vec<u8>, FilterError>, String> {
    let whole = filtered(make(), &[input]);
    same(
        &format!("{what}, whole vs cut"),
        &whole,
        &filtered(make(), &chunks(rng, input)),
    )?;
    Ok(whole)
}

fn pick_name(rng: &mut Rng) -> &'static str {
    FILTERS[rng.random_range(0..FILTERS.len())].0
}

fn catalog(input: &[u8], rng: &mut Rng) -> Outcome {
    let name = pick_name(rng);
    let make = || by_name(name).expect("a catalog name");
    if let Ok(out) = invariant(name, make, input, rng)? {
        ensure!(
            out.len() <= 4 * input.len() + 16,
            "{name}: {} bytes out of {}",
            out.len(),
            input.len()
        );
    }
    Ok(())
}

fn chain(input: &[u8], rng: &mut Rng) -> Outcome {
    let names: Vec<&str> = (0..rng.random_range(1..=4))
        .map(|_| pick_name(rng))
        .collect();
    let make = || {
        let mut c = Chain::new();
        for n in &names {
            c.push(by_name(n).expect("a catalog name"));
        }
        c
    };
    // Which stage fails first may depend on the cuts (an early stage's
    // output for the first pieces can upset a later one before the early
    // stage meets its own bad byte); that some stage fails may not.
    let (whole, cut) = (
        filtered(make(), &[input]),
        filtered(make(), &chunks(rng, input)),
    );
    same(
        &format!("{}, whole vs cut", names.join(" | ")),
        &whole.ok(),
        &cut.ok(),
    )
}

fn base64(input: &[u8], rng: &mut Rng) -> Outcome {
    let encoded =
        invariant("base64 encoding", Base64Encoder::new, input, rng)?.map_err(|e| e.to_string())?;
    ensure!(
        encoded.len() == input.len().div_ceil(3) * 4,
        "{} base64 bytes for {}",
        encoded.len(),
        input.len()
    );
    let decoded = invariant("base64 decoding", Base64Decoder::new, &encoded, rng)?;
    same("decode(encode(x))", &decoded, &Ok(input.to_vec()))
}

fn base64_decode(input: &[u8], rng: &mut Rng) -> Outcome {
    if let Ok(out) = invariant("base64 decoding", Base64Decoder::new, input, rng)? {
        ensure!(
            out.len() <= input.len() * 3 / 4 + 3,
            "{} bytes from {}",
            out.len(),
            input.len()
        );
    }
    Ok(())
}

fn qp(input: &[u8], rng: &mut Rng) -> Outcome {
    for mode in [QpMode::Text, QpMode::Binary] {
        let plain = invariant("qp encoding", || QpEncoder::new(mode), input, rng)?
            .map_err(|e| e.to_string())?;
        let back = filtered(QpDecoder::new(), &chunks(rng, &plain));
        same(
            &format!("qp decode(encode(x)), {mode:?}"),
            &back,
            &Ok(input.to_vec()),
        )?;
        let wrapped = filtered(QpWrap::new(), &chunks(rng, &plain)).map_err(|e| e.to_string())?;
        for line in wrapped.split(|&b| b == b'\n') {
            ensure!(line.len() <= 77, "a {} byte line after qp-wrap", line.len());
        }
        let back = filtered(QpDecoder::new(), &chunks(rng, &wrapped));
        same(
            &format!("qp decode(wrap(encode(x))), {mode:?}"),
            &back,
            &Ok(input.to_vec()),
        )?;
    }
    Ok(())
}

fn qp_decode(input: &[u8], rng: &mut Rng) -> Outcome {
    if let Ok(out) = invariant("qp decoding", QpDecoder::new, input, rng)? {
        ensure!(
            out.len() <= input.len(),
            "{} bytes from {}",
            out.len(),
            input.len()
        );
    }
    Ok(())
}

fn line_filters(input: &[u8], rng: &mut Rng) -> Outcome {
    let width = rng.random_range(1..100);
    let wrapped = invariant("wrap", || Wrap::new(width), input, rng)?.map_err(|e| e.to_string())?;
    for line in wrapped.split(|&b| b == b'\n') {
        ensure!(
            line.len() <= width + 1,
            "a {} byte line after wrap({width})",
            line.len()
        );
    }
    let normal =
        invariant("normalize", Normalize::default, input, rng)?.map_err(|e| e.to_string())?;
    let lone = normal.iter().enumerate().any(|(i, &b)| match b {
        b'\r' => normal.get(i + 1) != Some(&b'\n'),
        b'\n' => i == 0 || normal[i - 1] != b'\r',
        _ => false,
    });
    ensure!(!lone, "a lone CR or LF after normalize: {normal:?}");
    let again = filtered(Normalize::default(), &[&normal]).map_err(|e| e.to_string())?;
    same("normalize twice vs once", &again, &normal)
}

fn dot_stuff(input: &[u8], rng: &mut Rng) -> Outcome {
    use harness::mail::dot;
    // DotStuff starts lines after CRLF, the harness after LF: normalize first.
    let text = filtered(Normalize::default(), &[input]).map_err(|e| e.to_string())?;
    let mut stuffed =
        invariant("dot-stuff", DotStuff::new, &text, rng)?.map_err(|e| e.to_string())?;
    if !stuffed.is_empty() && !stuffed.ends_with(b"\n") {
        stuffed.extend_from_slice(b"\r\n");
    }
    let back: Vec<u8> = stuffed
        .split_inclusive(|&b| b == b'\n')
        .flat_map(|l| dot::unstuff(l).to_vec())
        .collect();
    let open_end = !text.is_empty() && !text.ends_with(b"\n");
    let ended = [&text[..], if open_end { &b"\r\n"[..] } else { b"" }].concat();
    same("unstuff(stuff(text))", &back, &ended)?;
    stuffed.extend_from_slice(dot::END);
    same(
        "DotStuff vs the harness's stuff",
        &stuffed,
        &dot::stuff(&text),
    )
}

fn rot13(input: &[u8], rng: &mut Rng) -> Outcome {
    let once = invariant("rot13", || Rot13, input, rng)?.map_err(|e| e.to_string())?;
    same(
        "rot13, solution vs library",
        &filtered(Rot13Filter, &chunks(rng, input)),
        &Ok(once.clone()),
    )?;
    same(
        "rot13 twice",
        &filtered(Rot13, &[&once]),
        &Ok(input.to_vec()),
    )
}

fn exercises(input: &[u8], rng: &mut Rng) -> Outcome {
    let lib = filtered(Base64Encoder::new(), &[input]);
    same(
        "base64_stream vs Base64Encoder",
        &filtered(Base64Stream::new(), &chunks(rng, input)),
        &lib,
    )?;
    // The exercise makes LF CR two line ends; the library, like LuaSocket, one.
    if !input.windows(2).any(|w| w == b"\n\r") {
        let normal = filtered(Normalize::default(), &[input]);
        same(
            "eol_crlf vs Normalize",
            &filtered(CrlfNormalizer::new(), &chunks(rng, input)),
            &normal,
        )?;
    }
    let soft =
        invariant("qp_soft_breaks", QpSoftBreaks::new, input, rng)?.map_err(|e| e.to_string())?;
    same(
        "decode(qp_soft_breaks(x))",
        &filtered(QpDecoder::new(), &[&soft]),
        &Ok(input.to_vec()),
    )?;
    let digest = |pieces: &[&[u8]]| {
        let mut sink = ChecksumSink::new();
        let fed = pieces
            .iter()
            .try_for_each(|p| sink.put(Some(p)))
            .and_then(|()| sink.put(None));
        (fed.is_ok(), sink.bytes(), sink.digest(), sink.is_finished())
    };
    same(
        "checksum_sink, whole vs cut",
        &digest(&[input]),
        &digest(&chunks(rng, input)),
    )
}
