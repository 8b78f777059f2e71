//! The targets: one parser, codec or session each, with what it is fed and
//! the properties it must keep.
//!
//! Every target must not panic (the runner catches it) and stay within its
//! time and heap bounds (the runner measures them); most also check a
//! property: a round trip (encode then decode is the identity), chunking
//! invariance (a streaming parser fed the same bytes in any pieces gives
//! the same result), agreement between two implementations (a reference
//! solution and the library, a chapter's parser and the harness's), or a
//! bound on the output's size.
//!
//! # Layout
//! [`Target`] and its builder; [`all`] (the registry, in the order
//! `--list` shows); one module per area: [`dns`], [`url`], [`lines`],
//! [`rooms`], [`http`], [`filters`], [`smtp`], [`pop3`], [`mail`], [`lua`],
//! [`files`].

pub mod dns;
pub mod files;
pub mod filters;
pub mod http;
pub mod lines;
pub mod lua;
pub mod mail;
pub mod pop3;
pub mod rooms;
pub mod smtp;
pub mod url;

use crate::check::Outcome;
use crate::corpus::Kind;
use crate::make::Rng;

/// What a target runs on one input: the generator decides chunkings and
/// the like; `Err` says which property failed.
pub type Run = fn(&[u8], &mut Rng) -> Outcome;

/// One fuzz target.
#[derive(Clone, Copy)]
pub struct Target {
    /// Its name on the command line.
    pub name: &'static str,
    /// What it runs and checks, one line.
    pub about: &'static str,
    /// The seeds it mutates.
    pub kinds: &'static [Kind],
    /// Its structure-aware pieces (lists from [`crate::words`]).
    pub words: &'static [&'static [&'static [u8]]],
    /// Runs one input.
    pub run: Run,
    /// Inputs exempt from the time bound (a slow path fixed elsewhere).
    pub slow_ok: fn(&[u8]) -> bool,
    /// The heap bound for an input of this many bytes.
    pub heap_limit: fn(usize) -> usize,
}

/// The usual heap bound: 64 MiB plus 16 times the input.
pub fn heap_limit(len: usize) -> usize {
    (64 << 20) + 16 * len
}

fn never(_: &[u8]) -> bool {
    false
}

impl Target {
    /// A target with the usual bounds.
    pub const fn new(
        name: &'static str,
        about: &'static str,
        kinds: &'static [Kind],
        words: &'static [&'static [&'static [u8]]],
        run: Run,
    ) -> Target {
        Target {
            name,
            about,
            kinds,
            words,
            run,
            slow_ok: never,
            heap_limit,
        }
    }

    /// The same target with some inputs exempt from the time bound.
    pub const fn slow_ok(self, slow_ok: fn(&[u8]) -> bool) -> Target {
        Target { slow_ok, ..self }
    }

    /// The same target with another heap bound.
    pub const fn heap(self, heap_limit: fn(usize) -> usize) -> Target {
        Target { heap_limit, ..self }
    }

    /// Its words, flattened.
    pub fn word_list(&self) -> Vec<&'static [u8]> {
        self.words.iter().flat_map(|w| w.iter().copied()).collect()
    }
}

/// Every target, in registry order.
pub fn all() -> Vec<Target> {
    [
        dns::TARGETS,
        url::TARGETS,
        lines::TARGETS,
        rooms::TARGETS,
        http::TARGETS,
        filters::TARGETS,
        smtp::TARGETS,
        pop3::TARGETS,
        mail::TARGETS,
        lua::TARGETS,
        files::TARGETS,
    ]
    .concat()
}

/// The target called `name`.
pub fn find(name: &str) -> Option<Target> {
    all().into_iter().find(|t| t.name == name)
}
