//! The geometry and SVG text of a sequence diagram.
//!
//! Every length is a whole pixel, computed from character counts (the
//! labels are monospace, 12 px, about 7.2 px a character), so the output
//! does not depend on fonts installed where the book is built. Colours go
//! in presentation attributes, not a `<style>` element: CSS inside inline
//! SVG applies to the whole HTML page, and two diagrams on one page must
//! not restyle each other or the book.
//!
//! # Layout
//! - [`svg`]: the document, top to bottom.
//! - `Geometry`: lane positions and the canvas width.
//! - `head`, `row`, `arrow`, `label`, `markers`: the pieces.
//! - The words (escaping, widths, the description) are [`super::words`]'s.

use std::fmt::Write;

use harness::transcript::Side;

use super::words::{describe, elide, escape, px};
use super::{Arrow, Mark, Model, Options, Row};

const MONO: &str = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";
const SANS: &str = "system-ui, 'DejaVu Sans', Helvetica, Arial, sans-serif";
const MARGIN: i32 = 16;
const HEAD_TOP: i32 = 34;
const HEAD_H: i32 = 26;
/// Height of a row with an arrow (its label sits above the line).
const ROW: i32 = 32;
/// Height of a note or timeout row.
const BOX_ROW: i32 = 28;

const CLIENT: [&str; 3] = ["#2f6fd6", "#e8f0fe", "#a9c1f0"];
const SERVER: [&str; 3] = ["#2e9958", "#e6f4ea", "#a3d4b4"];
const GREY: &str = "#7b8494";
const RED: &str = "#cf3a3a";
const INK: &str = "#24292f";

/// Renders the model as one `<svg>` element, no blank line inside.
pub(super) fn svg(m: &Model, o: Options<'_>) -> String {
    let g = Geometry::of(m, o.title);
    let height = m.rows.iter().map(row_height).sum::<i32>() + HEAD_TOP + HEAD_H + 24;
    let (id, w) = (escape(o.id), g.width);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="sequence-diagram" width="{w}" height="{height}" viewBox="0 0 {w} {height}" role="img" aria-labelledby="{id}-title {id}-desc" style="max-width:100%;height:auto">"#
    );
    let _ = writeln!(s, r#"<title id="{id}-title">{}</title>"#, escape(o.title));
    let _ = writeln!(
        s,
        r#"<desc id="{id}-desc">{}</desc>"#,
        escape(&describe(m, o.title))
    );
    markers(&mut s, &id);
    let _ = writeln!(
        s,
        r##"<rect x="0.5" y="0.5" width="{}" height="{}" rx="6" fill="#ffffff" stroke="#dfe3ea"/>"##,
        w - 1,
        height - 1
    );
    let _ = writeln!(
        s,
        r#"<text x="{MARGIN}" y="22" font-family="{SANS}" font-size="13" font-weight="600" fill="{INK}">{}</text>"#,
        escape(o.title)
    );
    for (lane, name) in m.lanes.iter().enumerate() {
        head(&mut s, &g, lane, name, lane == m.lanes.len() - 1, height);
    }
    let mut y = HEAD_TOP + HEAD_H;
    for r in &m.rows {
        y += row_height(r);
        row(&mut s, &g, r, y, &id, m.udp);
    }
    s.push_str("</svg>");
    s
}

/// Where the lanes are: the first lane's x, the gap between lanes, and the
/// canvas width, sized to the longest label within the book's ~750 px.
struct Geometry {
    x0: i32,
    gap: i32,
    width: i32,
}

impl Geometry {
    fn of(m: &Model, title: &str) -> Geometry {
        let widest_head = m.lanes.iter().map(|n| px(n) + 20).max().unwrap_or(90);
        let x0 = MARGIN + (widest_head / 2).max(50);
        let longest = m.rows.iter().map(|r| match r {
            Row::Arrow(a) => px(&a.label),
            _ => 0,
        });
        let wanted = longest.max().unwrap_or(0) + 48;
        let gaps = i32::try_from(m.lanes.len() - 1).unwrap_or(1).max(1);
        let gap = if gaps == 1 {
            wanted.clamp(240, 600)
        } else {
            wanted.min(640 / gaps).max(170)
        };
        let width = (2 * x0 + gap * gaps).max(px(title) + 2 * MARGIN);
        Geometry { x0, gap, width }
    }

    fn x(&self, lane: usize) -> i32 {
        self.x0 + self.gap * i32::try_from(lane).unwrap_or(0)
    }

    /// The x at which a label `w` px wide centres, kept inside the canvas.
    fn centre(&self, mid: i32, w: i32) -> i32 {
        let (lo, hi) = (MARGIN + w / 2, self.width - MARGIN - w / 2);
        if lo > hi {
            self.width / 2
        } else {
            mid.clamp(lo, hi)
        }
    }
}

fn row_height(r: &Row) -> i32 {
    match r {
        Row::Arrow(_) => ROW,
        Row::Timeout { .. } | Row::Note { .. } => BOX_ROW,
    }
}

/// A lane's name box and its dashed lifeline down to the bottom.
fn head(s: &mut String, g: &Geometry, lane: usize, name: &str, server: bool, height: i32) {
    let [ink, fill, edge] = if server { SERVER } else { CLIENT };
    let (x, w) = (g.x(lane), px(name) + 20);
    let _ = writeln!(
        s,
        r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{edge}" stroke-dasharray="4 4"/>"#,
        HEAD_TOP + HEAD_H,
        height - 10
    );
    let _ = writeln!(
        s,
        r#"<rect x="{}" y="{HEAD_TOP}" width="{w}" height="{HEAD_H}" rx="4" fill="{fill}" stroke="{edge}"/>"#,
        x - w / 2
    );
    let _ = writeln!(
        s,
        r#"<text x="{x}" y="{}" text-anchor="middle" font-family="{MONO}" font-size="12" fill="{ink}">{}</text>"#,
        HEAD_TOP + 17,
        escape(name)
    );
}

fn row(s: &mut String, g: &Geometry, r: &Row, y: i32, id: &str, udp: bool) {
    match r {
        Row::Arrow(a) => arrow(s, g, a, y - 8, id, udp),
        Row::Timeout { lane } => {
            let x = g.x(*lane);
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="76" height="20" rx="10" fill="#fff1d6" stroke="#e0a84a"/>"##,
                x - 38,
                y - 22
            );
            label(s, x, y - 8, "timeout", "#8a5a00", true, "#fff1d6");
        }
        Row::Note { from, to, text } => {
            let (a, b) = (g.x(*from) - 40, g.x(*to) + 40);
            let (a, b) = (a.max(MARGIN), b.min(g.width - MARGIN));
            let chars = usize::try_from((b - a - 12) * 10 / 72).unwrap_or(0);
            let shown = elide(text, chars);
            let _ = writeln!(
                s,
                r##"<rect x="{a}" y="{}" width="{}" height="20" rx="3" fill="#fffbe6" stroke="#e8dc9a"/>"##,
                y - 22,
                b - a
            );
            label(s, (a + b) / 2, y - 8, &shown, "#6b5d16", true, "#fffbe6");
        }
    }
}

/// One arrow at height `y` with its label above it.
fn arrow(s: &mut String, g: &Geometry, a: &Arrow, y: i32, id: &str, udp: bool) {
    let (x1, mut x2) = (g.x(a.from), g.x(a.to));
    let [ink, ..] = if a.side == Side::Client {
        CLIENT
    } else {
        SERVER
    };
    let side = if a.side == Side::Client { "c" } else { "s" };
    let (colour, dash, head, italic) = match a.mark {
        Mark::Data if udp => (ink, "", format!("{side}u"), false),
        Mark::Data => (ink, "", side.to_string(), false),
        Mark::Connect | Mark::HalfClose | Mark::Close => (GREY, "6 4", "g".into(), true),
        Mark::Reset => (RED, "", "r".into(), true),
        Mark::Lost => (RED, "3 3", String::new(), true),
    };
    if a.mark == Mark::Lost {
        // It stops half-way, under a cross: it never arrived.
        x2 = (x1 + x2) / 2;
        let _ = writeln!(
            s,
            r#"<path d="M{} {} l10 10 M{} {} l-10 10" stroke="{RED}" stroke-width="2"/>"#,
            x2 - 5,
            y - 5,
            x2 + 5,
            y - 5
        );
    }
    let dash = if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    };
    let end = if head.is_empty() {
        String::new()
    } else {
        format!(r#" marker-end="url(#{id}-{head})""#)
    };
    let _ = writeln!(
        s,
        r#"<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{colour}" stroke-width="1.5"{dash}{end}/>"#
    );
    let x = g.centre((x1 + x2) / 2, px(&a.label));
    label(s, x, y - 6, &a.label, colour, italic, "#ffffff");
}

/// Centred text with a halo of the background's colour, so a label stays
/// readable where it crosses another lane's lifeline. Payloads are
/// monospace (their bytes line up); marks and notes are italic prose.
fn label(s: &mut String, x: i32, y: i32, text: &str, fill: &str, italic: bool, halo: &str) {
    let (font, style) = if italic {
        (SANS, r#" font-style="italic""#)
    } else {
        (MONO, "")
    };
    let _ = writeln!(
        s,
        r#"<text x="{x}" y="{y}" text-anchor="middle" font-family="{font}" font-size="12"{style} fill="{fill}" stroke="{halo}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
        escape(text)
    );
}

/// The arrowheads, one marker per colour, ids prefixed by the diagram's.
fn markers(s: &mut String, id: &str) {
    s.push_str("<defs>\n");
    let heads = [
        ("c", CLIENT[0], true),
        ("s", SERVER[0], true),
        ("cu", CLIENT[0], false),
        ("su", SERVER[0], false),
        ("g", GREY, true),
        ("r", RED, true),
    ];
    for (name, colour, solid) in heads {
        // Datagram heads are hollow: the other mark of UDP in the picture.
        let fill = if solid { colour } else { "#ffffff" };
        let _ = writeln!(
            s,
            r#"<marker id="{id}-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="{fill}" stroke="{colour}" stroke-width="1.2"/></marker>"#
        );
    }
    s.push_str("</defs>\n");
}
