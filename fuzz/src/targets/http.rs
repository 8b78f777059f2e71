//! HTTP: chapter 5's request-head parser (the library's and the solution's),
//! the client's response-head parser, chunked decoding (both), the file
//! server's answers, the exercises' redirects and REST API, and the
//! harness HTTP peer's routes.
//!
//! The head parsers are incremental: a server calls them again each time
//! more bytes arrive, so the property checked is that doing so gives the
//! verdict one call on all the bytes gives (`incremental`).
//!
//! # Layout
//! [`TARGETS`]; `incremental`; one function per target.

use chapter_05::chunked::{Decoder, encode};
use chapter_05::client::parse_status;
use chapter_05::exercises::{
    chunked_decode::ChunkedDecoder, redirects, request_head, rest_api::Items,
};
use chapter_05::head::{Limits, Parse, parse_head};
use chapter_05::site::Site;
use rand::Rng as _;

use super::Target;
use crate::check::{Outcome, chunks, same, split_two};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, HTTP, URL};

/// The HTTP targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "http-request-head",
        "chapter 5's parse_head: parsing as bytes arrive = parsing them all",
        &[Kind::HttpRequest],
        &[HTTP, COMMON],
        request_head,
    ),
    Target::new(
        "http-request-exercise",
        "the request_head solution: incremental = whole; agrees with parse_head",
        &[Kind::HttpRequest],
        &[HTTP, COMMON],
        request_exercise,
    ),
    Target::new(
        "http-response-head",
        "chapter 5's parse_status: incremental = whole",
        &[Kind::HttpResponse],
        &[HTTP, COMMON],
        response_head,
    ),
    Target::new(
        "chunked-decode",
        "chapter 5's chunked Decoder: cut-invariant, bounded, encode round trip",
        &[Kind::Chunked, Kind::HttpResponse],
        &[HTTP, COMMON],
        chunked,
    ),
    Target::new(
        "chunked-exercise",
        "the chunked_decode solution vs the library Decoder",
        &[Kind::Chunked],
        &[HTTP, COMMON],
        chunked_exercise,
    ),
    Target::new(
        "http-site",
        "chapter 5's file server answers hostile heads with a parseable response",
        &[Kind::HttpRequest],
        &[HTTP, URL, COMMON],
        site,
    ),
    Target::new(
        "http-client-steps",
        "the redirects and rest_api solutions on hostile statuses and bodies",
        &[Kind::HttpResponse, Kind::Url],
        &[HTTP, URL, COMMON],
        client_steps,
    ),
    Target::new(
        "http-peer",
        "the harness HTTP peer's routes: answers parse with chapter 5's client",
        &[Kind::HttpRequest],
        &[HTTP, URL, COMMON],
        peer,
    )
    // `/bytes/N` is the peer's download route and sends up to 64 MiB by
    // design; the body is built, copied and framed, three copies at most.
    .heap(|len| ((3 * 64) << 20) + (64 << 20) + 16 * len),
];

/// Calls `parse` on growing prefixes as the pieces arrive, as a server
/// does, until it decides; then checks one call on all of it decides the
/// same. `decided` says a result is final (not "need more").
fn incremental<T: PartialEq + std::fmt::Debug>(
    input: &[u8],
    rng: &mut Rng,
    parse: impl Fn(&[u8]) -> T,
    decided: impl Fn(&T) -> bool,
) -> Outcome {
    let whole = parse(input);
    // Each call parses the prefix again: at most 256 of them per input (the
    // ends of random pieces, kept in order), so a 1-byte cut of a long head
    // costs a few milliseconds, not a quadratic second.
    let (mut ends, mut at) = (Vec::new(), 0);
    for piece in chunks(rng, input) {
        at += piece.len();
        ends.push(at);
    }
    if ends.len() > 256 {
        let mut picked: Vec<usize> = (0..256)
            .map(|_| ends[rng.random_range(0..ends.len())])
            .collect();
        picked.sort_unstable();
        picked.dedup();
        ends = picked;
    }
    for seen in ends {
        let now = parse(&input[..seen]);
        if decided(&now) {
            return same(
                &format!("verdict after {seen} bytes vs after all {}", input.len()),
                &now,
                &whole,
            );
        }
    }
    Ok(())
}

fn request_head(input: &[u8], rng: &mut Rng) -> Outcome {
    let limits = Limits::default();
    let parse = |b: &[u8]| parse_head(b, &limits);
    incremental(input, rng, parse, |r| !matches!(r, Ok(Parse::Partial)))?;
    if let Ok(Parse::Complete(head, used)) = parse_head(input, &limits) {
        ensure!(
            used <= input.len() && used <= limits.max_head,
            "used {used} of {}",
            input.len()
        );
        ensure!(
            head.headers.len() <= limits.max_headers,
            "{} headers",
            head.headers.len()
        );
    }
    Ok(())
}

fn request_exercise(input: &[u8], rng: &mut Rng) -> Outcome {
    let parse = request_head::parse_request_head;
    incremental(input, rng, parse, |r| !matches!(r, Ok(None)))?;
    let (Ok(Some((sol, used))), Ok(Parse::Complete(lib, lib_used))) =
        (parse(input), parse_head(input, &Limits::default()))
    else {
        return Ok(());
    };
    same("bytes used, solution vs library", &used, &lib_used)?;
    let lib_headers: Vec<(String, String)> = lib
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect();
    same(
        "method and target",
        &(&sol.method, &sol.target),
        &(&lib.method, &lib.target),
    )?;
    same("headers, solution vs library", &sol.headers, &lib_headers)
}

fn response_head(input: &[u8], rng: &mut Rng) -> Outcome {
    let limits = Limits::default();
    let parse = |b: &[u8]| parse_status(b, &limits).map_err(|e| e.to_string());
    incremental(input, rng, parse, |r| !matches!(r, Ok(None)))
}

/// A decoder's output, input used (unknown after an error), and whether
/// it finished or failed.
type Decoded = (Vec<u8>, Option<usize>, Result<bool, String>);

fn decode_all<E: std::fmt::Debug>(
    pieces: &[&[u8]],
    mut feed: impl FnMut(&[u8], &mut Vec<u8>) -> Result<usize, E>,
    done: impl Fn() -> bool,
) -> Decoded {
    let (mut out, mut used) = (Vec::new(), 0);
    for piece in pieces {
        match feed(piece, &mut out) {
            Ok(n) => used += n,
            Err(e) => return (out, None, Err(format!("{e:?}"))),
        }
        if done() {
            break;
        }
    }
    (out, Some(used), Ok(done()))
}

fn chunked(input: &[u8], rng: &mut Rng) -> Outcome {
    let run = |pieces: &[&[u8]]| {
        let d = std::cell::RefCell::new(Decoder::new());
        decode_all(
            pieces,
            |p, out| d.borrow_mut().feed(p, out),
            || d.borrow().is_done(),
        )
    };
    let whole = run(&[input]);
    ensure!(
        whole.0.len() <= input.len(),
        "{} bytes out of {}",
        whole.0.len(),
        input.len()
    );
    same("decoded, whole vs cut", &whole, &run(&chunks(rng, input)))?;
    let pieces = chunks(rng, input);
    let encoded = encode(&pieces);
    let d = std::cell::RefCell::new(Decoder::new());
    let back = decode_all(
        &[&encoded],
        |p, out| d.borrow_mut().feed(p, out),
        || d.borrow().is_done(),
    );
    same(
        "decode(encode(pieces))",
        &back,
        &(input.to_vec(), Some(encoded.len()), Ok(true)),
    )
}

fn chunked_exercise(input: &[u8], rng: &mut Rng) -> Outcome {
    let pieces = chunks(rng, input);
    let lib = std::cell::RefCell::new(Decoder::new());
    let a = decode_all(
        &pieces,
        |p, out| lib.borrow_mut().feed(p, out),
        || lib.borrow().is_done(),
    );
    let sol = std::cell::RefCell::new(ChunkedDecoder::new());
    let b = decode_all(
        &pieces,
        |p, out| sol.borrow_mut().feed(p, out),
        || sol.borrow().is_done(),
    );
    // The error types differ, and so does what each refuses first (the
    // library fails at the first byte that cannot start a CRLF, where the
    // solution waits for the line's end). Where both go on, they agree;
    // when neither failed, they agree on everything.
    let (short, long) = if a.0.len() <= b.0.len() {
        (&a.0, &b.0)
    } else {
        (&b.0, &a.0)
    };
    same(
        "data, library vs solution",
        &short[..],
        &long[..short.len()],
    )?;
    match (&a.2, &b.2) {
        (Ok(x), Ok(y)) => same(
            "done and bytes used, library vs solution",
            &(x, a.1),
            &(y, b.1),
        ),
        (Err(_), Ok(false)) | (Ok(false), Err(_)) | (Err(_), Err(_)) => Ok(()),
        _ => Err(format!("library {:?}, solution {:?}", a.2, b.2)),
    }
}

fn site(input: &[u8], _: &mut Rng) -> Outcome {
    let Ok(Parse::Complete(head, _)) = parse_head(input, &Limits::default()) else {
        return Ok(());
    };
    let site = Site {
        root: crate::root().join("fixtures/www"),
        quit: false,
    };
    let response =
        site.answer(&head)
            .response
            .encode("Sun, 06 Nov 1994 08:49:37 GMT", false, false);
    let status = parse_status(&response, &Limits::default()).map_err(|e| e.to_string())?;
    let Some((code, ..)) = status else {
        return Err("the response head is incomplete".into());
    };
    ensure!(
        [200, 301, 400, 403, 404, 405].contains(&code),
        "answered {code} to {:?}",
        head.target
    );
    Ok(())
}

fn client_steps(input: &[u8], rng: &mut Rng) -> Outcome {
    let (a, b) = split_two(rng, input);
    let (url, location) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let status = [200, 301, 302, 303, 307, 308, 404][rng.random_range(0..7)];
    let method = ["GET", "HEAD", "POST"][rng.random_range(0..3)];
    let followed = rng.random_range(0..6);
    let next = redirects::next_step(&url, method, status, Some(&location), followed, 5);
    if let Ok(redirects::Next::Follow { url: to, .. }) = &next {
        ensure!(
            to.len() <= url.len() + location.len() + 16,
            "{to:?} from {url:?} + {location:?}"
        );
    }
    let mut items = Items::new();
    for line in input.split(|&b| b == b'\n').take(1000) {
        let (method, rest) =
            line.split_at(line.iter().position(|&b| b == b' ').unwrap_or(line.len()));
        let (path, body) = split_two(rng, rest);
        let (code, reply) = items.handle(
            &String::from_utf8_lossy(method),
            &String::from_utf8_lossy(path),
            body,
        );
        ensure!(
            (200..600).contains(&code) && reply.len() <= 64 + 8 * input.len(),
            "{code} {reply:?}"
        );
    }
    Ok(())
}

fn peer(input: &[u8], _: &mut Rng) -> Outcome {
    let head = String::from_utf8_lossy(input);
    let (head, body) = head.split_once("\r\n\r\n").unwrap_or((&head, ""));
    let response = harness::http::route(head, body.as_bytes()).to_bytes();
    let path = harness::http::route::request_path(head);
    if path.starts_with("/bad-status") {
        return Ok(()); // a status line that is not HTTP, on purpose
    }
    let parsed = parse_status(&response, &Limits::default()).map_err(|e| e.to_string());
    ensure!(
        matches!(parsed, Ok(Some(_))),
        "the peer's answer to {path:?} does not parse: {parsed:?}"
    );
    Ok(())
}
