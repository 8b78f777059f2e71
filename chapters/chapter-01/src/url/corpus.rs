//! The stdin→stdout contracts of the `url-parse` and `url-absolute`
//! conformance cases (`fixtures/corpus/url-*/`): one input per line, one
//! JSON object per line, keys in alphabetical order, no spaces.
//!
//! - `url-parse`: a URL → its present components, e.g.
//!   `{"host":"a","path":"/b","scheme":"http"}`; an empty line →
//!   `{"error":"invalid url"}`.
//! - `url-absolute`: `BASE<TAB>RELATIVE` → `{"absolute":"…"}`; a line
//!   without a tab → `{"error":"expected BASE<TAB>RELATIVE"}`.
//!
//! Layout: [`parse_line`], [`absolute_line`].

use super::{Url, absolute};

/// A JSON string literal (serde_json's escaping).
fn json(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

fn object(pairs: &[(&str, &str)]) -> String {
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}:{}", json(k), json(v)))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// The `url-parse` output line for one input line (without its newline).
pub fn parse_line(line: &str) -> String {
    match Url::parse(line) {
        Ok(url) => object(&url.fields()),
        Err(e) => object(&[("error", &e.to_string())]),
    }
}

/// The `url-absolute` output line for one `BASE<TAB>RELATIVE` line.
pub fn absolute_line(line: &str) -> String {
    match line.split_once('\t') {
        Some((base, relative)) => object(&[("absolute", &absolute(base, relative))]),
        None => object(&[("error", "expected BASE<TAB>RELATIVE")]),
    }
}
