//! URLs: chapter 1's `parse`/`build`, `absolute`, escaping and paths, its
//! reference solutions, and chapter 5's client URLs and file-server paths.
//!
//! # Layout
//! [`TARGETS`]; one function per target.

use chapter_01::exercises as ex;
use chapter_01::url::absolute::remove_dot_segments;
use chapter_01::url::escape::unescape_bytes;
use chapter_01::url::{Url, absolute, build_path, escape, parse_path, unescape};
use chapter_05::path::{percent_decode, segments};

use super::Target;
use crate::check::{Outcome, same, split_two};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, URL};

/// The URL targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "url-parse",
        "Url::parse then build is stable: a built URL parses and builds to itself",
        &[Kind::Url],
        &[URL, COMMON],
        parse,
    ),
    Target::new(
        "url-absolute",
        "absolute and remove_dot_segments vs the url_absolute solution",
        &[Kind::Url],
        &[URL, COMMON],
        resolve,
    ),
    Target::new(
        "url-escape",
        "escape/unescape and parse_path/build_path round trips",
        &[Kind::Url],
        &[URL, COMMON],
        escapes,
    )
    // Escaping triples bytes, and the target keeps several forms at once
    // (escaped, lossy text at up to 3 bytes a byte, the path built again).
    .heap(|len| (64 << 20) + 48 * len),
    Target::new(
        "url-authority",
        "the url_authority solution agrees with Url::parse's authority split",
        &[Kind::Url],
        &[URL, COMMON],
        authority,
    ),
    Target::new(
        "http-url",
        "chapter 5's Url::parse/Display round trip and join",
        &[Kind::Url, Kind::HttpResponse],
        &[URL, COMMON],
        http_url,
    ),
    Target::new(
        "http-path",
        "chapter 5's target to path segments: never `..`, `/`, `\\` or NUL",
        &[Kind::Url, Kind::HttpRequest],
        &[URL, COMMON],
        http_path,
    ),
];

fn text(input: &[u8]) -> String {
    String::from_utf8_lossy(input).into_owned()
}

fn parse(input: &[u8], _: &mut Rng) -> Outcome {
    let Ok(url) = Url::parse(&text(input)) else {
        return Ok(());
    };
    // As in LuaSocket, `[[x]]` parses to the host `[x]`, which `build`
    // does not bracket again (only a host with a `:`): no round trip.
    if url.host.as_ref().is_some_and(|h| h.contains(['[', ']'])) {
        return Ok(());
    }
    let built = url.build();
    let again = Url::parse(&built).map_err(|e| format!("{built:?} (built) does not parse: {e}"))?;
    same(
        "build(parse(build(parse(s)))) vs build(parse(s))",
        &again.build(),
        &built,
    )
}

fn resolve(input: &[u8], rng: &mut Rng) -> Outcome {
    let (base, relative) = split_two(rng, input);
    let (base, relative) = (text(base), text(relative));
    let lib = absolute(&base, &relative);
    let path = text(input);
    let once = remove_dot_segments(&path);
    ensure!(
        once.len() <= path.len(),
        "remove_dot_segments made {path:?} longer: {once:?}"
    );
    let sol = ex::url_absolute::absolute(&base, &relative);
    same(&format!("absolute({base:?}, {relative:?})"), &lib, &sol)?;
    same(
        "remove_dot_segments, library vs solution",
        &once,
        &ex::url_absolute::remove_dot_segments(&path),
    )
}

fn escapes(input: &[u8], _: &mut Rng) -> Outcome {
    let escaped = escape(input);
    same(
        "unescape(escape(bytes))",
        &unescape_bytes(&escaped),
        &input.to_vec(),
    )?;
    ensure!(escaped.len() <= 3 * input.len(), "escape grew past 3x");
    let text = text(input);
    ensure!(
        unescape(&text).len() <= text.len() + 2 * text.len(),
        "unescape grew"
    );
    let path = parse_path(&text);
    let built = build_path(&path, false);
    same(
        "parse_path(build_path(parse_path(s)))",
        &parse_path(&built),
        &path,
    )
}

fn authority(input: &[u8], _: &mut Rng) -> Outcome {
    let auth: String = text(input)
        .chars()
        .filter(|c| !"/?#".contains(*c))
        .collect();
    let sol = ex::url_authority::split_authority(&auth);
    let url = Url::parse(&format!("//{auth}")).map_err(|e| e.to_string())?;
    let lib = (url.userinfo, url.user, url.password, url.host, url.port);
    same(
        &format!("authority {auth:?}"),
        &lib,
        &(sol.userinfo, sol.user, sol.password, sol.host, sol.port),
    )
}

fn http_url(input: &[u8], rng: &mut Rng) -> Outcome {
    use chapter_05::url::Url as HttpUrl;
    let (a, b) = split_two(rng, input);
    let Ok(url) = HttpUrl::parse(&text(a)) else {
        return Ok(());
    };
    let shown = url.to_string();
    same(
        &format!("parse of the shown form {shown:?}"),
        &HttpUrl::parse(&shown),
        &Ok(url.clone()),
    )?;
    if let Ok(next) = url.join(&text(b)) {
        let shown = next.to_string();
        same(
            "a joined URL's shown form parses back",
            &HttpUrl::parse(&shown),
            &Ok(next),
        )?;
    }
    Ok(())
}

fn http_path(input: &[u8], _: &mut Rng) -> Outcome {
    let target = text(input);
    if let Ok(decoded) = percent_decode(input) {
        ensure!(
            decoded.len() <= input.len() && !decoded.contains(&0),
            "percent_decode gave {decoded:?}"
        );
    }
    let Ok(segs) = segments(&target) else {
        return Ok(());
    };
    for s in &segs {
        let bad = s.is_empty()
            || s == b"."
            || s == b".."
            || s.contains(&b'/')
            || s.contains(&b'\\')
            || s.contains(&0);
        ensure!(
            !bad,
            "target {target:?} gave the segment {:?}",
            String::from_utf8_lossy(s)
        );
    }
    Ok(())
}
