//! Tests for the exercises of chapter 6, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`rot13::`).

mod rot13 {
    use chapter_06::exercises::rot13::{rot13_byte, rot13_chunk};
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
    fn known_sentence() {
        assert_eq!(rot13_chunk(b"Hello, World! 42"), b"Uryyb, Jbeyq! 42");
    }

    proptest! {
        #[test]
        fn is_its_own_inverse(data in proptest::collection::vec(any::<u8>(), 0..512)) {
            prop_assert_eq!(rot13_chunk(&rot13_chunk(&data)), data);
        }

        #[test]
        fn same_output_however_chunked(
            data in proptest::collection::vec(any::<u8>(), 0..512),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let mut points: Vec<usize> = cuts.iter().map(|c| c.index(data.len() + 1)).collect();
            points.sort_unstable();
            let mut out = Vec::new();
            let mut start = 0;
            for p in points.into_iter().chain([data.len()]) {
                out.extend(rot13_chunk(&data[start..p]));
                start = p;
            }
            prop_assert_eq!(out, rot13_chunk(&data));
        }
    }
}
