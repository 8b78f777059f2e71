//! [`expect_eq!`](crate::expect_eq) and
//! [`prop_expect_eq!`](crate::prop_expect_eq): `assert_eq!` for the
//! exercises, with failures a learner can read.
//!
//! `assert_eq!` prints bytes as decimal arrays (`[109, 110, 111, …]`) and
//! text without a mark where it goes wrong. These macros compare the same
//! way, and when the values differ they print:
//! - bytes and text (anything `AsRef<[u8]>`) escaped, or as hex and ASCII
//!   when binary, with a caret under the first difference
//!   ([`bytes_mismatch`]);
//! - lists of lines or records (`Vec<String>`, `[&[u8]; N]`…) one item a
//!   line, as a line diff;
//! - anything else through its pretty `Debug`, as a line diff when that
//!   spans lines;
//!
//! then, in an exercise's tests, the command for the next hint.
//!
//! Which of the three applies is chosen at compile time by the types at the
//! call site (method resolution through `&&&`, `&&` and `&` receivers), so
//! the macro takes any `PartialEq + Debug` pair, as `assert_eq!` does.
//!
//! # Layout
//! [`Shown`] and the three rendering traits ([`ViaBytes`], [`ViaLines`],
//! [`ViaDebug`]); [`message`], which adds the headline and the hint line;
//! [`quiet_repeated_panics`] for property tests.

use std::fmt::Debug;

use super::{bytes_mismatch, escape, line_diff};

/// The two values of a failed comparison, for the rendering traits.
pub struct Shown<'a, G: ?Sized, E: ?Sized>(pub &'a G, pub &'a E);

/// Bytes and text: escaped or hex, with a caret.
pub trait ViaBytes {
    /// The rendering.
    fn show(&self) -> String;
}

impl<G: AsRef<[u8]> + ?Sized, E: AsRef<[u8]> + ?Sized> ViaBytes for &&Shown<'_, G, E> {
    fn show(&self) -> String {
        bytes_mismatch(self.1.as_ref(), self.0.as_ref())
    }
}

/// Values made of items that are bytes or text (lines, records).
pub trait AsLines {
    /// Each item, escaped.
    fn escaped_lines(&self) -> Vec<String>;
}

impl<T: AsRef<[u8]>> AsLines for [T] {
    fn escaped_lines(&self) -> Vec<String> {
        self.iter().map(|item| escape(item.as_ref())).collect()
    }
}

impl<T: AsRef<[u8]>> AsLines for Vec<T> {
    fn escaped_lines(&self) -> Vec<String> {
        self.as_slice().escaped_lines()
    }
}

impl<T: AsRef<[u8]>, const N: usize> AsLines for [T; N] {
    fn escaped_lines(&self) -> Vec<String> {
        self.as_slice().escaped_lines()
    }
}

impl<L: AsLines + ?Sized> AsLines for &L {
    fn escaped_lines(&self) -> Vec<String> {
        (**self).escaped_lines()
    }
}

/// Lists of lines or records: one escaped item a line, as a line diff.
pub trait ViaLines {
    /// The rendering.
    fn show(&self) -> String;
}

impl<G: AsLines + ?Sized, E: AsLines + ?Sized> ViaLines for &Shown<'_, G, E> {
    fn show(&self) -> String {
        let (got, want) = (self.0.escaped_lines(), self.1.escaped_lines());
        let count = match got.len() == want.len() {
            true => String::new(),
            false => format!("expected {} items, got {}\n", want.len(), got.len()),
        };
        let quoted =
            |items: Vec<String>| -> String { items.iter().map(|l| format!("\"{l}\"\n")).collect() };
        let diff = line_diff(&quoted(want), &quoted(got));
        format!("{count}{diff}")
    }
}

/// The longest `Debug` form shown on one line.
const SHORT: usize = 100;

/// Anything else: its `Debug`.
pub trait ViaDebug {
    /// The rendering.
    fn show(&self) -> String;
}

impl<G: Debug + ?Sized, E: Debug + ?Sized> ViaDebug for Shown<'_, G, E> {
    fn show(&self) -> String {
        // Short values side by side; long ones pretty, one field a line, as
        // a line diff that shows just the fields that differ.
        let (got, want) = (format!("{:?}", self.0), format!("{:?}", self.1));
        if got.len() <= SHORT && want.len() <= SHORT {
            return format!("  expected: {want}\n  actual:   {got}");
        }
        line_diff(&format!("{:#?}", self.1), &format!("{:#?}", self.0))
    }
}

/// The whole failure text: a headline naming the compared expression (and
/// the caller's note), the rendering, and, in an exercise's tests, how to
/// get the next hint. `module` is the caller's `module_path!()` and
/// `package` its `CARGO_PKG_NAME`: an exercise's tests are the module
/// `exercises::<name>` of a `chapter-NN` package.
pub fn message(what: &str, note: &str, shown: &str, module: &str, package: &str) -> String {
    let mut out = format!("`{what}` is not what was expected");
    if !note.is_empty() {
        out.push_str(&format!(" ({note})"));
    }
    out.push('\n');
    out.push_str(shown.trim_end());
    out.push('\n');
    let mut parts = module.split("::");
    let exercise = match (parts.next(), parts.next()) {
        (Some("exercises"), Some(name)) => Some(name),
        _ => None,
    };
    let chapter = package.strip_prefix("chapter-");
    if let (Some(name), Some(nn)) = (exercise, chapter) {
        out.push_str(&format!(
            "next: `cargo workbook hint {nn} {name}` gives a hint\n"
        ));
    }
    out
}

/// The failure text of comparing `$got` with `$expected` (see [`message`]),
/// or `None` when they are equal: the part [`expect_eq!`](crate::expect_eq)
/// and [`prop_expect_eq!`](crate::prop_expect_eq) share.
#[doc(hidden)]
#[macro_export]
macro_rules! __expect_eq_failure {
    ($got:expr, $expected:expr, $note:expr) => {
        match (&$got, &$expected) {
            (got, expected) if *got == *expected => ::std::option::Option::None,
            (got, expected) => {
                #[allow(unused_imports)]
                use $crate::failure::expect::{ViaBytes as _, ViaDebug as _, ViaLines as _};
                let shown = (&&&$crate::failure::expect::Shown(got, expected)).show();
                ::std::option::Option::Some($crate::failure::expect::message(
                    ::std::stringify!($got),
                    ::std::convert::AsRef::<str>::as_ref(&$note),
                    &shown,
                    ::std::module_path!(),
                    ::std::env!("CARGO_PKG_NAME"),
                ))
            }
        }
    };
}

/// `assert_eq!(got, expected)` with a readable failure (see the
/// [module](crate::failure::expect)): escaped text or hex with a caret, a
/// line diff for lists and long values, and the next hint's command.
/// Optional format arguments add a note to the headline.
#[macro_export]
macro_rules! expect_eq {
    ($got:expr, $expected:expr $(,)?) => {
        if let ::std::option::Option::Some(text) = $crate::__expect_eq_failure!($got, $expected, "") {
            ::std::panic!("{}", text);
        }
    };
    ($got:expr, $expected:expr, $($note:tt)+) => {
        if let ::std::option::Option::Some(text) =
            $crate::__expect_eq_failure!($got, $expected, ::std::format!($($note)+))
        {
            ::std::panic!("{}", text);
        }
    };
}

/// [`expect_eq!`](crate::expect_eq) inside `proptest!`: fails the case
/// (proptest then shrinks it) with the same readable text, without a panic.
#[macro_export]
macro_rules! prop_expect_eq {
    ($got:expr, $expected:expr $(,)?) => {
        if let ::std::option::Option::Some(text) = $crate::__expect_eq_failure!($got, $expected, "") {
            return ::std::result::Result::Err(
                $crate::__proptest::test_runner::TestCaseError::fail(text),
            );
        }
    };
    ($got:expr, $expected:expr, $($note:tt)+) => {
        if let ::std::option::Option::Some(text) =
            $crate::__expect_eq_failure!($got, $expected, ::std::format!($($note)+))
        {
            return ::std::result::Result::Err(
                $crate::__proptest::test_runner::TestCaseError::fail(text),
            );
        }
    };
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn the_hint_line_names_the_chapter_and_exercise() {
        let text = message("rot13(x)", "", "shown", "exercises::rot13", "chapter-06");
        assert!(text.ends_with("next: `cargo workbook hint 06 rot13` gives a hint\n"));
        let text = message("f(x)", "", "shown", "filters", "chapter-06");
        assert!(!text.contains("hint"), "{text}");
    }
}
