//! The chunk model itself: sources, sinks, chains, pumps, errors and the
//! `std::io` adapters, checked without any real files or sockets.

mod common;

use chapter_06::ltn12::io::{SinkWriter, SourceReader};
use chapter_06::ltn12::sink::{
    ChainedSink, CountingSink, ErrorSink, NullSink, VecSink, WriterSink,
};
use chapter_06::ltn12::source::{
    BytesSource, ChainedSource, EmptySource, ErrorSource, ReaderSource,
};
use chapter_06::ltn12::{Chain, Filter, Sink, Source, StreamError, pump_all, pump_step, transform};
use chapter_06::mime::{Base64Decoder, Base64Encoder, Normalize, QpEncoder, QpMode, QpWrap};
use chapter_06::rot13::Rot13;
use common::{bytes_and_cuts, run_chunks, run_whole, split};
use proptest::prelude::*;
use std::io::{Read, Write};

fn drain(src: &mut dyn Source) -> Result<Vec<Vec<u8>>, StreamError> {
    let mut chunks = Vec::new();
    while let Some(chunk) = src.pull()? {
        chunks.push(chunk.to_vec());
    }
    Ok(chunks)
}

#[test]
fn bytes_source_cuts_blocks_and_then_stays_ended() {
    let mut src = BytesSource::with_block_size(b"abcdefg".as_slice(), 3);
    assert_eq!(
        drain(&mut src).unwrap(),
        [b"abc".to_vec(), b"def".to_vec(), b"g".to_vec()]
    );
    assert!(src.pull().unwrap().is_none(), "the end repeats");
    assert!(drain(&mut EmptySource).unwrap().is_empty());
}

#[test]
fn reader_source_reads_everything() {
    let data: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
    let mut src = ReaderSource::with_block_size(data.as_slice(), 1000);
    assert_eq!(drain(&mut src).unwrap().concat(), data);
}

#[test]
fn pump_step_reports_progress_then_the_end() {
    let mut src = BytesSource::with_block_size(b"hello".as_slice(), 4);
    let mut snk = CountingSink::default();
    assert!(pump_step(&mut src, &mut snk).unwrap());
    assert!(pump_step(&mut src, &mut snk).unwrap());
    assert!(!pump_step(&mut src, &mut snk).unwrap());
    assert_eq!(
        snk,
        CountingSink {
            bytes: 5,
            chunks: 2,
            ended: true
        }
    );
}

#[test]
fn source_errors_stop_the_pump_and_never_end_the_sink() {
    let mut snk = VecSink::default();
    let err = pump_all(&mut ErrorSource("disk on fire".into()), &mut snk).unwrap_err();
    assert_eq!(err.to_string(), "disk on fire");
    assert!(!snk.ended, "a failed stream must not look complete");
}

#[test]
fn sink_and_filter_errors_come_back_from_the_pump() {
    let mut src = BytesSource::new(b"data".as_slice());
    let err = pump_all(&mut src, &mut ErrorSink("full".into())).unwrap_err();
    assert!(matches!(err, StreamError::Other(ref m) if m == "full"));
    let mut src = BytesSource::new(b"not base64!".as_slice());
    let mut snk = ChainedSink::new(Base64Decoder::new(), VecSink::default());
    assert!(matches!(
        pump_all(&mut src, &mut snk),
        Err(StreamError::Filter(_))
    ));
}

#[test]
fn seed_transform_round_trips_the_latin1_name() {
    let name = b"Gabriel Garc\xeda M\xe1rquez";
    let encoded = transform(name, Base64Encoder::new()).unwrap();
    assert_eq!(encoded, b"R2FicmllbCBHYXJj7WEgTeFycXVleg==");
    assert_eq!(transform(&encoded, Base64Decoder::new()).unwrap(), name);
}

#[test]
fn chaining_onto_a_source_equals_chaining_onto_a_sink() {
    let text = b"line one \nline two\r\n".repeat(300);
    let make = || {
        Chain::new()
            .then(Normalize::default())
            .then(QpEncoder::new(QpMode::Text))
            .then(QpWrap::new())
    };
    let mut src = ChainedSource::new(BytesSource::with_block_size(&text, 7), make());
    let mut snk = VecSink::default();
    pump_all(&mut src, &mut snk).unwrap();
    assert!(snk.ended);
    assert_eq!(snk.data, transform(&text, make()).unwrap());
}

#[test]
fn empty_chain_is_the_identity_and_null_sink_swallows() {
    assert_eq!(transform(b"as is", Chain::new()).unwrap(), b"as is");
    pump_all(&mut BytesSource::new(b"gone".as_slice()), &mut NullSink).unwrap();
}

#[test]
fn io_adapters_carry_a_filtered_stream() {
    let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
    let src = ChainedSource::new(ReaderSource::new(data.as_slice()), Base64Encoder::new());
    let mut encoded = String::new();
    SourceReader::new(src).read_to_string(&mut encoded).unwrap();
    let mut writer = SinkWriter::new(ChainedSink::new(
        Base64Decoder::new(),
        WriterSink::new(Vec::new()),
    ));
    for piece in encoded.as_bytes().chunks(333) {
        writer.write_all(piece).unwrap();
    }
    let decoded = writer.finish().unwrap().into_inner().into_inner();
    assert_eq!(decoded, data);
}

#[test]
fn source_reader_reports_filter_errors_as_invalid_data() {
    let src = ChainedSource::new(BytesSource::new(b"@@@@".as_slice()), Base64Decoder::new());
    let err = SourceReader::new(src)
        .read_to_end(&mut Vec::new())
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn a_chain_equals_its_stages_applied_in_turn((data, cuts) in bytes_and_cuts(400)) {
        let mut chain = Chain::new().then(Rot13).then(Base64Encoder::new()).then(QpEncoder::new(QpMode::Text));
        let chained = run_chunks(&mut chain, &split(&data, &cuts)).unwrap();
        let mut staged = data.to_vec();
        let stages: [&mut dyn Filter; 3] = [&mut Rot13, &mut Base64Encoder::new(), &mut QpEncoder::new(QpMode::Text)];
        for stage in stages {
            staged = run_whole(stage, &staged).unwrap();
        }
        prop_assert_eq!(chained, staged);
    }

    #[test]
    fn chained_sink_and_source_are_chunk_safe((data, cuts) in bytes_and_cuts(400)) {
        let mut snk = ChainedSink::new(Base64Encoder::new(), VecSink::default());
        for chunk in split(&data, &cuts) {
            snk.put(Some(&chunk)).unwrap();
        }
        snk.put(None).unwrap();
        prop_assert_eq!(snk.into_inner().data, transform(&data, Base64Encoder::new()).unwrap());
    }
}
