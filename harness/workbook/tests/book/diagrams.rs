//! The sequence diagrams in the built book (DESIGN.md §7): every one comes
//! from a `{{#transcript}}` directive in the sources, there are at least
//! ten, and a page with one renders in a real browser.
//!
//! The browser test runs headless Chromium when it is installed (CI
//! installs it and sets `WORKBOOK_REQUIRE_PEERS=1`), screenshots a page and
//! checks the PNG: a valid file of the window's size whose pixel data is
//! far larger than that of an empty page of the same size (no PNG decoder
//! is among the workspace's dependencies, and a blank page compresses to
//! almost nothing, so the compressed size tells a drawn page from a blank
//! one).
//!
//! # Layout
//! The two tests, then `directives` (the sources' side), `figures` (the
//! HTML's side), `screenshot`, and `Png` with its CRC.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

use super::{built, workspace};

/// The page the browser test screenshots: its diagram starts within the
/// first 1400 pixels of a 1000-pixel-wide window.
const PAGE: &str = "chapter-08/deletion.html";

#[test]
fn the_built_book_draws_at_least_ten_diagrams_each_from_a_directive() {
    let (_, out) = built();
    let wanted = directives(&workspace().root.join("book/src"));
    let drawn = figures(out);
    let total: usize = drawn.values().map(Vec::len).sum();
    assert!(total >= 10, "only {total} diagrams: {drawn:#?}");
    assert_eq!(
        drawn, wanted,
        "each directive becomes exactly one diagram on its page"
    );
}

#[test]
fn a_page_with_a_diagram_renders_in_headless_chromium() {
    if !harness::real::available("chromium", &["chromium", "--version"]) {
        return;
    }
    let (_, out) = built();
    let page = out.join(PAGE);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence-diagram\""));
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let empty = shots.join("empty.html");
    std::fs::write(&empty, "<!DOCTYPE html><title>empty</title>").unwrap();
    let drawn = Png::parse(&screenshot(&page, &shots.join("diagram.png")));
    let blank = Png::parse(&screenshot(&empty, &shots.join("empty.png")));
    assert_eq!((drawn.width, drawn.height), (1000, 1400));
    assert_eq!((blank.width, blank.height), (1000, 1400));
    assert!(
        drawn.data > 10 * blank.data,
        "the page looks blank: {} bytes of pixel data, an empty page {} \
         (see {})",
        drawn.data,
        blank.data,
        shots.display()
    );
}

/// The transcripts the sources draw, by built page (`chapter-02/index.html`),
/// as the figures show them (the path without its leading `../`s).
fn directives(src: &Path) -> BTreeMap<String, Vec<String>> {
    let directive = Regex::new(workbook::book::directive::PATTERN).unwrap();
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let shown: Vec<String> = directive
            .captures_iter(&text)
            .filter(|c| c.get(1).is_none())
            .map(|c| c[2].trim_start_matches("../").to_string())
            .collect();
        if !shown.is_empty() {
            let page = entry
                .path()
                .strip_prefix(src)
                .unwrap()
                .with_extension("html");
            pages.insert(page.to_string_lossy().replace('\\', "/"), shown);
        }
    }
    pages
}

/// The diagrams in the built pages (`print.html` repeats them all), each
/// checked to be a figure holding one whole sequence-diagram SVG.
fn figures(out: &Path) -> BTreeMap<String, Vec<String>> {
    let figure = Regex::new(
        r#"(?s)<figure class="sequence-diagram" data-transcript="([^"]+)"[^>]*>\n(.*?)</figure>"#,
    )
    .unwrap();
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        let page = entry.path().strip_prefix(out).unwrap();
        if page.extension().is_none_or(|e| e != "html") || page == Path::new("print.html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        assert!(!html.contains("No diagram:"), "{}", page.display());
        let mut shown = Vec::new();
        for caps in figure.captures_iter(&html) {
            let body = &caps[2];
            assert!(
                body.starts_with(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence-diagram\""
                ) && body.matches("<svg").count() == 1
                    && body.contains("</svg>"),
                "{}: a figure without its whole SVG: {}",
                page.display(),
                &body[..body.len().min(300)]
            );
            shown.push(caps[1].to_string());
        }
        if !shown.is_empty() {
            pages.insert(page.to_string_lossy().replace('\\', "/"), shown);
        }
    }
    pages
}

/// Screenshots `page` at 1000×1400 into `png` and returns the file's bytes.
fn screenshot(page: &Path, png: &Path) -> Vec<u8> {
    let _ = std::fs::remove_file(png);
    let profile = tempfile::tempdir().unwrap();
    let mut chromium = Command::new("chromium");
    chromium
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--hide-scrollbars",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // Lets the page's scripts (the theme, the sidebar) settle first.
            "--virtual-time-budget=3000",
            "--window-size=1000,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(file_url(page));
    harness::real::run(chromium);
    std::fs::read(png).unwrap_or_else(|e| panic!("no screenshot {}: {e}", png.display()))
}

/// `file:///…`, with a Windows path's drive letter after the third slash.
fn file_url(path: &Path) -> String {
    let path: PathBuf = std::path::absolute(path).unwrap();
    let path = path.display().to_string().replace('\\', "/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{path}")
}

/// What the test needs of a PNG file (RFC 2083): its size, and how many
/// bytes of compressed pixel data it holds, every chunk's CRC checked.
struct Png {
    width: u32,
    height: u32,
    data: usize,
}

impl Png {
    fn parse(bytes: &[u8]) -> Png {
        let rest = bytes
            .strip_prefix(b"\x89PNG\r\n\x1a\n")
            .expect("a PNG signature");
        let (mut rest, mut png, mut ended) = (
            rest,
            Png {
                width: 0,
                height: 0,
                data: 0,
            },
            false,
        );
        while rest.len() >= 12 {
            let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
            assert!(rest.len() >= 12 + len, "a chunk runs past the end");
            let (kind, body) = (&rest[4..8], &rest[8..8 + len]);
            let crc = u32::from_be_bytes(rest[8 + len..12 + len].try_into().unwrap());
            assert_eq!(crc32(&rest[4..8 + len]), crc, "chunk {kind:?}: bad CRC");
            match kind {
                b"IHDR" => {
                    png.width = u32::from_be_bytes(body[..4].try_into().unwrap());
                    png.height = u32::from_be_bytes(body[4..8].try_into().unwrap());
                }
                b"IDAT" => png.data += len,
                b"IEND" => ended = true,
                _ => {}
            }
            rest = &rest[12 + len..];
        }
        assert!(ended && png.width > 0, "a whole PNG file");
        png
    }
}

/// CRC-32 as PNG uses it (ISO 3309, reflected, polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
