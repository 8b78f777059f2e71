//! Text a peer sent, made fit to show on someone else's terminal.
//!
//! A peer's bytes reach a person in later chapters: chat lines relayed to
//! other clients (chapter 4), mail headers decoded for display (chapter 8).
//! A carriage return in them lets one line overwrite another, and an escape
//! sequence can recolour, retitle or clear the reader's terminal; a
//! program that shows what a stranger wrote replaces those first.
//!
//! Layout: [`printable`].

/// `text` with every control character except the tab replaced by
/// `\u{FFFD}` (the replacement character), so it shows as one line of
/// plain text.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn controls_become_replacement_characters_and_tabs_stay() {
        assert_eq!(printable("a\tb"), "a\tb");
        assert_eq!(
            printable("a\rb\x1b[2Jc\u{85}"),
            "a\u{FFFD}b\u{FFFD}[2Jc\u{FFFD}"
        );
        assert_eq!(printable("König ☾"), "König ☾");
    }
}
