//! Fast scanning for the few bytes a text filter must stop at.
//!
//! Text filters spend most of their time copying ordinary bytes. Instead of
//! testing one byte at a time, [`position`] tests eight at once in a `u64`
//! ("SIMD within a register"), then looks closer only at a word that may hold
//! a hit. The word tests below may report a hit that is not one (the byte test
//! then says no), but never miss one.
//!
//! Layout: [`position`], and the word tests [`has_byte`], [`has_less`],
//! [`has_high`].

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether some byte of `word` equals `byte`.
#[inline]
pub(crate) fn has_byte(word: u64, byte: u8) -> bool {
    has_less(word ^ (ONES * u64::from(byte)), 1)
}

/// Whether some byte of `word` is less than `n` (`n` at most 128).
#[inline]
pub(crate) fn has_less(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS != 0
}

/// Whether some byte of `word` is 0x80 or above.
#[inline]
pub(crate) fn has_high(word: u64) -> bool {
    word & HIGHS != 0
}

/// The index of the first byte of `data` for which `hit` holds. `maybe` must
/// hold for every word that contains such a byte.
#[inline]
pub(crate) fn position(
    data: &[u8],
    maybe: impl Fn(u64) -> bool,
    hit: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut words = data.chunks_exact(8);
    let mut base = 0;
    for word in words.by_ref() {
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        if maybe(w)
            && let Some(p) = word.iter().position(|&b| hit(b))
        {
            return Some(base + p);
        }
        base += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| hit(b))
        .map(|p| base + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tests_never_miss() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[lane] = b;
                let w = u64::from_le_bytes(bytes);
                assert!(has_byte(w, b));
                assert_eq!(has_high(w), b >= 0x80);
                if b < 0x20 {
                    assert!(has_less(w, 0x20));
                }
            }
        }
    }

    #[test]
    fn position_finds_the_first_hit() {
        let data = b"0123456789abcdef=ghijkl=";
        for start in 0..data.len() {
            let got = position(&data[start..], |w| has_byte(w, b'='), |b| b == b'=');
            let want = data[start..].iter().position(|&b| b == b'=');
            assert_eq!(got, want);
        }
    }
}
