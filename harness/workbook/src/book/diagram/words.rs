//! The words of a diagram: XML escaping, text widths, cutting a note to
//! fit, and the `<desc>` a screen reader reads instead of the picture.
//!
//! # Layout
//! [`describe`], [`elide`], [`px`], [`escape`].

use std::fmt::Write;

use harness::transcript::Side;

use super::{Arrow, Mark, Model, Row};

/// The `<desc>`: the lanes and what happened, for a screen reader.
pub(super) fn describe(m: &Model, title: &str) -> String {
    let count = |want: fn(&Arrow) -> bool| {
        m.rows
            .iter()
            .filter(|r| matches!(r, Row::Arrow(a) if want(a)))
            .count()
    };
    let client = count(|a| a.mark == Mark::Data && a.side == Side::Client);
    let server = count(|a| a.mark == Mark::Data && a.side == Side::Server);
    let ends = count(|a| matches!(a.mark, Mark::HalfClose | Mark::Close | Mark::Reset));
    let lost = count(|a| a.mark == Mark::Lost);
    let unit = if m.udp { "datagrams" } else { "writes" };
    let mut d = format!(
        "Sequence diagram: {title}. Lanes from left to right: {}. {client} {unit} by the client side, {server} by the server, {ends} closes or resets",
        m.lanes.join(", ")
    );
    if lost > 0 {
        let _ = write!(d, ", {lost} lost datagrams");
    }
    d.push('.');
    d
}

/// `text` cut to `chars` characters, ending in `…` when cut.
pub(super) fn elide(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut out: String = text.chars().take(chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Width of monospace 12 px text, ~7.2 px a character.
pub(super) fn px(text: &str) -> i32 {
    i32::try_from(text.chars().count()).unwrap_or(i32::MAX / 8) * 72 / 10
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // mdBook's preprocessors run over the page after the diagram is
            // in it: a payload holding `{{#include …}}` must stay text.
            '{' => out.push_str("&#123;"),
            // Controls are not allowed in XML 1.0; the transcript's escapes
            // keep them out of labels, this keeps them out of notes.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
