//! Making inputs: random bytes, mutated fixtures, soups of protocol words,
//! and now and then a huge one.
//!
//! Every input comes from its own generator, seeded from the run's seed,
//! the target's name and the input's index ([`input_rng`]), so one input
//! can be made again without making the ones before it: that is what
//! `--index` replays.
//!
//! # Layout
//! [`Rng`], [`input_rng`], [`input`]; the strategies `random_bytes`,
//! `soup`, `mutate` (and its `mutation`s, `line_at_limit` among them),
//! `huge`; [`HUGE_MAX`].

use rand::{Rng as _, SeedableRng};

/// The generator of one input (ChaCha: the same numbers on every platform
/// and every version, so a printed seed stays a replay).
pub type Rng = rand_chacha::ChaCha8Rng;

/// Largest input made: a few MiB.
pub const HUGE_MAX: usize = 4 << 20;

/// One in this many inputs is huge (hundreds of KiB to [`HUGE_MAX`]).
const HUGE_ONE_IN: u32 = 10_000;

/// SplitMix64's finalizer: spreads the bits of `x`.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The generator of input `index` of target `name` in a run with `seed`.
pub fn input_rng(seed: u64, name: &str, index: u64) -> Rng {
    // FNV-1a of the name, so each target gets its own inputs.
    let name_hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    Rng::seed_from_u64(mix(seed ^ mix(name_hash) ^ mix(index.wrapping_add(1))))
}

/// One input: from `seeds` (real protocol data) and `words` (pieces that
/// mean something to the parser under test).
pub fn input(rng: &mut Rng, seeds: &[Vec<u8>], words: &[&[u8]]) -> Vec<u8> {
    if rng.random_ratio(1, HUGE_ONE_IN) {
        return huge(rng, seeds, words);
    }
    match rng.random_range(0..10) {
        0 => random_bytes(rng),
        1..=3 => soup(rng, seeds, words),
        _ => mutate(rng, seeds, words),
    }
}

/// Up to 256 random bytes (sometimes 4 KiB), most of them printable now
/// and then so that text parsers get past their first check.
fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = match rng.random_range(0..8) {
        0 => rng.random_range(0..4096),
        _ => rng.random_range(0..256),
    };
    let printable = rng.random_bool(0.5);
    (0..len)
        .map(|_| match printable {
            true => rng.random_range(0x20..0x7f),
            false => rng.random(),
        })
        .collect()
}

/// A random pick from `items` (`None` if there is none).
fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.random_range(0..items.len())])
}

/// A line (with its ending) of one of the seeds.
fn seed_line<'a>(rng: &mut Rng, seeds: &'a [Vec<u8>]) -> &'a [u8] {
    let Some(seed) = pick(rng, seeds) else {
        return b"";
    };
    let lines: Vec<&[u8]> = seed.split_inclusive(|&b| b == b'\n').collect();
    pick(rng, &lines).copied().unwrap_or_default()
}

/// Words, seed lines, line ends and numbers strung together.
fn soup(rng: &mut Rng, seeds: &[Vec<u8>], words: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.random_range(1..40) {
        match rng.random_range(0..10) {
            0..=5 => out.extend_from_slice(pick(rng, words).copied().unwrap_or_default()),
            6 | 7 => out.extend_from_slice(seed_line(rng, seeds)),
            8 => out.extend_from_slice(pick(rng, LINE_ENDS).copied().unwrap_or_default()),
            _ => out.extend_from_slice(number(rng).as_bytes()),
        }
    }
    out
}

const LINE_ENDS: &[&[u8]] = &[b"\r\n", b"\n", b"\r", b"\n\r", b"\r\r\n"];

/// A number as text: small, on a boundary, or far too large.
fn number(rng: &mut Rng) -> String {
    match rng.random_range(0..6) {
        0 => rng.random_range(0..10).to_string(),
        1 => rng.random_range(0..100_000).to_string(),
        2 => format!("{:x}", rng.random::<u64>() >> rng.random_range(0..64)),
        3 => ["255", "256", "65535", "65536", "2147483648", "4294967296"][rng.random_range(0..6)]
            .to_string(),
        4 => format!("-{}", rng.random_range(0..1000)),
        _ => "9".repeat(rng.random_range(19..80)),
    }
}

/// A fixture with 1 to 8 mutations (a soup when there is no fixture).
fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], words: &[&[u8]]) -> Vec<u8> {
    let Some(seed) = pick(rng, seeds) else {
        return soup(rng, seeds, words);
    };
    let mut data = seed.clone();
    for _ in 0..rng.random_range(1..=8) {
        mutation(rng, &mut data, seeds, words);
    }
    data
}

/// One change to `data`.
fn mutation(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Vec<u8>], words: &[&[u8]]) {
    let at = rng.random_range(0..=data.len());
    let span = |rng: &mut Rng, len: usize| {
        let a = rng.random_range(0..=len);
        (a, rng.random_range(a..=len.min(a + 64)))
    };
    match rng.random_range(0..13) {
        0 if at < data.len() => data[at] ^= 1 << rng.random_range(0..8),
        1 if at < data.len() => data[at] = *pick(rng, b"\0\xff\r\n .:%=-\t/").unwrap_or(&0),
        2 => insert(data, at, pick(rng, words).copied().unwrap_or_default()),
        3 => insert(
            data,
            at,
            &(0..rng.random_range(1..16))
                .map(|_| rng.random())
                .collect::<Vec<u8>>(),
        ),
        4 => {
            let (a, b) = span(rng, data.len());
            data.drain(a..b);
        }
        5 => {
            let (a, b) = span(rng, data.len());
            let piece = data[a..b].to_vec();
            insert(data, at.min(data.len()), &piece);
        }
        6 => {
            let (a, b) = span(rng, data.len());
            let piece = data[a..b].repeat(rng.random_range(2..64));
            insert(data, a, &piece);
        }
        7 => data.truncate(at),
        8 => {
            let other = pick(rng, seeds).cloned().unwrap_or_default();
            let cut = rng.random_range(0..=other.len());
            data.truncate(at);
            data.extend_from_slice(&other[cut..]);
        }
        9 => line_ends(rng, data),
        10 => insert(data, at, number(rng).as_bytes()),
        11 => line_at_limit(rng, data),
        _ => {
            let word = pick(rng, words).copied().unwrap_or(b"x");
            insert(data, at, &word.repeat(rng.random_range(64..2048)));
        }
    }
}

/// Line lengths where protocols put their caps (and one either side):
/// DNS labels and names, SMTP's command and reply lines, RFC 5322's text
/// lines, the usual 1 KiB, 4 KiB, 8 KiB and 16 KiB buffers.
const LIMITS: &[usize] = &[
    63, 64, 253, 255, 256, 510, 512, 513, 998, 1000, 1001, 1024, 4096, 8192, 8193, 16384,
];

/// Pads or cuts one line of `data` (its ending excluded) to a length at, or
/// one byte off, a protocol's cap, so off-by-one caps show.
fn line_at_limit(rng: &mut Rng, data: &mut Vec<u8>) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            data.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|&s| s < data.len())
        .collect();
    let start = pick(rng, &starts).copied().unwrap_or(0);
    let end = data[start..]
        .iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .map_or(data.len(), |i| start + i);
    let want = LIMITS[rng.random_range(0..LIMITS.len())] + rng.random_range(0..3) - 1;
    let fill = *data
        .get(end.wrapping_sub(1))
        .filter(|_| end > start)
        .unwrap_or(&b'x');
    let mut line = data[start..end].to_vec();
    line.resize(want, fill);
    data.splice(start..end, line);
}

fn insert(data: &mut Vec<u8>, at: usize, piece: &[u8]) {
    data.splice(at..at, piece.iter().copied());
}

/// Rewrites the line ends: CRLF to LF, LF to CRLF, or LF to CR.
fn line_ends(rng: &mut Rng, data: &mut Vec<u8>) {
    let mut out = Vec::with_capacity(data.len() + data.len() / 8);
    let style = rng.random_range(0..3);
    let mut i = 0;
    while i < data.len() {
        let crlf = data[i] == b'\r' && data.get(i + 1) == Some(&b'\n');
        match (style, data[i]) {
            (0, b'\r') if crlf => {}
            (1, b'\n') if i == 0 || data[i - 1] != b'\r' => out.extend_from_slice(b"\r\n"),
            (2, b'\n') => out.push(b'\r'),
            (_, b) => out.push(b),
        }
        i += 1;
    }
    *data = out;
}

/// A huge input: a fixture or word repeated, one endless line, or random
/// bytes, of 256 KiB to [`HUGE_MAX`].
fn huge(rng: &mut Rng, seeds: &[Vec<u8>], words: &[&[u8]]) -> Vec<u8> {
    let len = 1usize << rng.random_range(18..=22);
    let len = rng.random_range(len / 2..=len).min(HUGE_MAX);
    let unit: Vec<u8> = match rng.random_range(0..4) {
        0 => pick(rng, seeds).cloned().unwrap_or_default(),
        1 => pick(rng, words).map(|w| w.to_vec()).unwrap_or_default(),
        2 => vec![*pick(rng, b"a. \t=%0").unwrap_or(&b'a')],
        _ => (0..len).map(|_| rng.random()).collect(),
    };
    let unit = if unit.is_empty() { b"x".to_vec() } else { unit };
    let mut out = unit.repeat(len / unit.len() + 1);
    out.truncate(len);
    out
}
