//! The real data inputs are mutated from: the repository's fixtures, read
//! at run time from the workspace root, and messages the chapters' and the
//! harness's own encoders write (DNS packets, HTTP requests and responses,
//! chunked bodies), so the seeds follow the code when it changes.
//!
//! # Layout
//! [`Kind`], [`Corpus`] ([`Corpus::load`], [`Corpus::seeds`]); the file
//! walk `add_file`, the transcript split `add_transcript`, and the made
//! seeds in `add_made`.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use harness::transcript::{Side, Transcript};

/// What a seed is, so each target is fed what its parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A DNS message (query or reply), without a TCP length prefix.
    Dns,
    /// A zone file in the harness's format.
    Zone,
    /// One URL, or `BASE<TAB>RELATIVE`.
    Url,
    /// An HTTP request head (and maybe a body).
    HttpRequest,
    /// An HTTP response, head and body.
    HttpResponse,
    /// A chunked body.
    Chunked,
    /// Text and binary files (the filter corpora, web pages).
    Text,
    /// An RFC 5322 message.
    Mail,
    /// What an SMTP client sends.
    SmtpCommands,
    /// What an SMTP server sends.
    SmtpReplies,
    /// What a POP3 client sends.
    Pop3Commands,
    /// What a POP3 server sends.
    Pop3Replies,
    /// Line protocols: echo, chat, greeting, daytime (both sides).
    Lines,
    /// A Lua table literal.
    Lua,
    /// A TOML file (fault plans, accounts, expectations).
    Toml,
    /// A transcript in the harness's text format.
    Transcript,
}

/// Seeds by kind.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    seeds: HashMap<Kind, Vec<Vec<u8>>>,
}

/// Largest fixture read (the corpus has nothing near it; a stray large file
/// should not make every input huge).
const MAX_FILE: u64 = 1 << 20;

impl Corpus {
    /// Reads the fixtures under `root` (the workspace root) and makes the
    /// encoder-written seeds.
    pub fn load(root: &Path) -> anyhow::Result<Corpus> {
        let mut c = Corpus::default();
        let fixtures = root.join("fixtures");
        anyhow::ensure!(
            fixtures.is_dir(),
            "{} has no fixtures/ (give the workspace root with --root)",
            root.display()
        );
        for dir in [fixtures, root.join("chapters")] {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
                let path = entry.path();
                if entry.file_type().is_file() && entry.metadata()?.len() <= MAX_FILE {
                    let rel = path.strip_prefix(root).unwrap_or(path);
                    let bytes = std::fs::read(path)?;
                    c.add_file(&rel.to_string_lossy(), bytes);
                }
            }
        }
        c.add_made();
        Ok(c)
    }

    /// The seeds of all `kinds`, in a stable order.
    pub fn seeds(&self, kinds: &[Kind]) -> Vec<Vec<u8>> {
        kinds
            .iter()
            .flat_map(|k| self.seeds.get(k).into_iter().flatten().cloned())
            .collect()
    }

    /// How many seeds there are of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        self.seeds.get(&kind).map_or(0, Vec::len)
    }

    fn add(&mut self, kind: Kind, seed: Vec<u8>) {
        self.seeds.entry(kind).or_default().push(seed);
    }

    /// Files by where they live; chapters' files only from `tests/`
    /// (snapshots and data, not Rust sources).
    fn add_file(&mut self, rel: &str, bytes: Vec<u8>) {
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        if rel.starts_with("chapters/") {
            if rel.contains("/tests/") && ext == "snap" {
                // An insta snapshot: front matter, `---`, then the text.
                let body = rel_body(&bytes);
                self.add_transcript(rel, &body);
            }
            return;
        }
        match ext {
            "toml" => self.add(Kind::Toml, bytes),
            "txt" if rel.starts_with("fixtures/reference/") => self.add_transcript(rel, &bytes),
            "zone" => self.add(Kind::Zone, bytes),
            "eml" => self.add(Kind::Mail, bytes),
            "in" | "out" if rel.contains("/url-") => {
                for line in bytes.split(|&b| b == b'\n') {
                    self.add(Kind::Url, line.to_vec());
                }
            }
            "in" | "out" if rel.contains("/serialize/") => self.add(Kind::Lua, bytes),
            "in" | "out" | "html" | "css" | "txt" => self.add(Kind::Text, bytes),
            _ => {}
        }
    }

    /// A transcript, and each side of each connection in it as the bytes
    /// of its protocol (picked by the case's directory name).
    fn add_transcript(&mut self, rel: &str, text: &[u8]) {
        self.add(Kind::Transcript, text.to_vec());
        let Ok(t) = Transcript::parse(&String::from_utf8_lossy(text)) else {
            return;
        };
        let (client, server) = match rel {
            r if r.contains("smtp") => (Kind::SmtpCommands, Kind::SmtpReplies),
            r if r.contains("pop3") => (Kind::Pop3Commands, Kind::Pop3Replies),
            _ => (Kind::Lines, Kind::Lines),
        };
        let mut conns: Vec<u32> = t.events.iter().filter_map(|e| e.conn()).collect();
        conns.dedup();
        for conn in conns {
            self.add(client, t.bytes(conn, Side::Client));
            self.add(server, t.bytes(conn, Side::Server));
        }
    }

    /// Seeds written by the workbook's own encoders.
    fn add_made(&mut self) {
        for packet in crate::made::dns_packets() {
            self.add(Kind::Dns, packet);
        }
        for request in crate::made::http_requests() {
            self.add(Kind::HttpRequest, request);
        }
        for response in crate::made::http_responses() {
            self.add(Kind::HttpResponse, response);
        }
        for body in crate::made::chunked_bodies() {
            self.add(Kind::Chunked, body);
        }
        self.add(Kind::Mail, crate::made::moonlight());
        self.add(Kind::Toml, crate::made::CONFIG.as_bytes().to_vec());
    }
}

/// The text of an insta snapshot after its front matter.
fn rel_body(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    match text.splitn(3, "---\n").nth(2) {
        Some(body) => body.as_bytes().to_vec(),
        None => bytes.to_vec(),
    }
}
