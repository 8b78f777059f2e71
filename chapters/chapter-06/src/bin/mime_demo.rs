//! `mime_demo`: the seed's Text Hydraulics program, in Rust.
//!
//! A `transform` helper pushes a byte string from a source through a chain of
//! filters into a sink; a `test_encoding` helper encodes with one MIME
//! encoding, decodes the result again and reports whether the round trip gave
//! back the original. Run on the seed's Latin-1 name it prints the seed's
//! encodings.
//!
//! Layout: [`Args`], [`transform_all`] (the seed's `Transform` with several
//! filters), [`test_encoding`] (the seed's `Test`), `main`.

use anyhow::{Context, Result, bail};
use chapter_06::ltn12::sink::{ChainedSink, VecSink};
use chapter_06::ltn12::source::BytesSource;
use chapter_06::ltn12::{Chain, Filter, pump_all};
use chapter_06::mime;
use clap::Parser;
use std::io::Write;

/// Encode a text with base64 and quoted-printable through a chain of
/// filters, decode it again, and check the round trip (the seed's mime_01).
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// The text to encode; stored as Latin-1 bytes, as in the seed (every
    /// character must be at most U+00FF), unless --utf8 is given.
    #[arg(default_value = "Gabriel García Márquez")]
    text: String,
    /// Encode the text's UTF-8 bytes instead of Latin-1.
    #[arg(long)]
    utf8: bool,
}

// ANCHOR: transform_all
/// Pushes `input` through all `filters`, chained into one, and returns the
/// output (the seed's `Transform(Str, ...)`).
fn transform_all(input: &[u8], filters: Vec<Box<dyn Filter>>) -> Result<Vec<u8>> {
    // The source cuts the input into blocks; the chain is one filter.
    let mut src = BytesSource::new(input);
    let mut chain = Chain::new();
    filters.into_iter().for_each(|f| chain.push(f));
    // Chain the filter onto the sink, so chunks are filtered on arrival.
    let mut snk = ChainedSink::new(chain, VecSink::default());
    // Open the valve.
    pump_all(&mut src, &mut snk)?;
    Ok(snk.into_inner().data)
}
// ANCHOR_END: transform_all

// ANCHOR: test_encoding
/// Encodes `input` with the MIME encoding `name`, decodes the result, and
/// returns the encoded text and whether decoding gave back `input`.
fn test_encoding(input: &[u8], name: &str) -> Result<(Vec<u8>, bool)> {
    let encoder = mime::encode(name).context("unknown encoding")?;
    let encoded = transform_all(input, vec![encoder])?;
    let decoder = mime::decode(name).context("unknown encoding")?;
    let round_trip = transform_all(&encoded, vec![decoder])?;
    Ok((encoded, round_trip == input))
}
// ANCHOR_END: test_encoding

/// The text's bytes: Latin-1 (one byte per character) or UTF-8.
fn text_bytes(args: &Args) -> Result<Vec<u8>> {
    if args.utf8 {
        return Ok(args.text.as_bytes().to_vec());
    }
    args.text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect::<Option<Vec<u8>>>()
        .map_or_else(
            || bail!("the text has characters beyond Latin-1; use --utf8"),
            Ok,
        )
}

fn main() -> Result<()> {
    let args = Args::parse();
    let input = text_bytes(&args)?;
    let mut out = std::io::stdout().lock();
    // The terminal speaks UTF-8, so show the text itself, not its Latin-1 bytes.
    writeln!(out, "{}", args.text)?;
    for name in ["base64", "quoted-printable"] {
        let (encoded, ok) = test_encoding(&input, name)?;
        let status = if ok { "OK" } else { "Not OK" };
        let encoded = String::from_utf8_lossy(&encoded);
        writeln!(out, "{name:<18} [{encoded}] {status}")?;
    }
    Ok(())
}
