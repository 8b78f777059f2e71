//! Editing recorded streams in place: the ground both redaction passes
//! (`redact`'s pattern rules, `challenge`'s SASL answers) stand on.
//!
//! A connection's bytes from one side are spread over many `Data` events
//! (one per write), so a pass reads the side's whole stream, decides its
//! edits in stream coordinates, and has them spliced back into the events:
//! a replacement lands in the event where its match starts, and the rest
//! of the match is dropped from later events. Write boundaries survive.
//!
//! # Layout
//! [`Edit`], `streams`, `edit_stream`, `splice`.

use std::collections::BTreeMap;

use super::{Event, Side};

/// One edit of a stream: replace bytes `start..end` with the bytes given.
pub(super) type Edit = (usize, usize, Vec<u8>);

/// The `Data` event indices of each (connection, side) stream, with its side.
pub(super) fn streams(events: &[Event]) -> Vec<(Side, Vec<usize>)> {
    let mut map: BTreeMap<(u32, bool), Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        if let Event::Data { conn, from, .. } = e {
            map.entry((*conn, *from == Side::Client))
                .or_default()
                .push(i);
        }
    }
    map.into_iter()
        .map(|((_, client), idx)| (if client { Side::Client } else { Side::Server }, idx))
        .collect()
}

/// Edits the stream made of the `Data` events at `idx`: `edits` gets all
/// the events and the stream's whole bytes, and returns non-overlapping
/// edits sorted by position.
pub(super) fn edit_stream(
    events: &mut [Event],
    idx: &[usize],
    edits: impl FnOnce(&[Event], &[u8]) -> Vec<Edit>,
) {
    let chunks: Vec<Vec<u8>> = idx.iter().map(|&i| data(&events[i]).to_vec()).collect();
    let edits = edits(events, &chunks.concat());
    if edits.is_empty() {
        return;
    }
    for (&i, chunk) in idx.iter().zip(splice(&chunks, &edits)) {
        if let Event::Data { bytes, .. } = &mut events[i] {
            *bytes = chunk;
        }
    }
}

/// The bytes of a `Data` event (stream indices only point at those).
fn data(e: &Event) -> &[u8] {
    match e {
        Event::Data { bytes, .. } => bytes,
        _ => &[],
    }
}

/// Applies non-overlapping, sorted edits given in stream coordinates to the
/// chunks; a replacement lands in the chunk where its match starts.
fn splice(chunks: &[Vec<u8>], edits: &[Edit]) -> Vec<Vec<u8>> {
    let owner: Vec<usize> = chunks
        .iter()
        .enumerate()
        .flat_map(|(i, c)| std::iter::repeat_n(i, c.len()))
        .collect();
    let whole = chunks.concat();
    let mut out = vec![Vec::new(); chunks.len()];
    let (mut pos, mut next) = (0, 0);
    while pos < whole.len() {
        match edits.get(next) {
            Some((start, end, rep)) if *start == pos => {
                out[owner[pos]].extend_from_slice(rep);
                pos = *end;
                next += 1;
            }
            _ => {
                out[owner[pos]].push(whole[pos]);
                pos += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replacement_lands_where_its_match_starts() {
        let chunks = [b"AUTH PL".to_vec(), b"AIN xy".to_vec(), b"z\r\n".to_vec()];
        // "xyz" (11..14) spans two chunks: the replacement goes in the first.
        let out = splice(&chunks, &[(11, 14, b"<secret>".to_vec())]);
        let want = [
            b"AUTH PL".to_vec(),
            b"AIN <secret>".to_vec(),
            b"\r\n".to_vec(),
        ];
        assert_eq!(out, want);
    }
}
