//! Helpers shared by chapter 8's test files.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use chapter_08::pop3::{Client, Limits, Login};
use harness::pop3::FakePop3;

/// Oberon's password in `fixtures/mail/accounts.toml`.
pub const OBERON_PASS: &str = "king-of-shadows";
/// Titania's password.
pub const TITANIA_PASS: &str = "queen-of-fairies";

/// The password of a fixture account.
pub fn password(user: &str) -> String {
    harness::pop3::fixture_accounts()
        .list
        .into_iter()
        .find(|a| a.user == user)
        .map(|a| a.password)
        .expect("a fixture account")
}

/// A connected client with short timeouts (a loopback peer answers at once).
pub fn connect(addr: SocketAddr) -> Client<TcpStream> {
    let s = TcpStream::connect(addr).expect("connect to the fake POP3 server");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    Client::connect(s, Limits::default()).expect("greeting")
}

/// A client logged in as `user` (USER/PASS).
pub fn login(pop: &FakePop3, user: &str) -> Client<TcpStream> {
    let mut c = connect(pop.addr());
    c.login(user, &password(user), Login::UserPass)
        .expect("login");
    c
}

/// The path of the fixture message `user/NNNN.eml`.
pub fn fixture_path(user: &str, n: u32) -> std::path::PathBuf {
    harness::pop3::fixtures_dir().join(format!("{user}/{n:04}.eml"))
}

/// The fixture message `user/NNNN.eml`.
pub fn fixture(user: &str, n: u32) -> Vec<u8> {
    std::fs::read(fixture_path(user, n)).unwrap()
}

/// Asserts that `got` is the fixture message `user/NNNN.eml`, byte for
/// byte (the fake servers serve these files: a test never rewrites them).
#[track_caller]
pub fn assert_fixture(user: &str, n: u32, got: &[u8]) {
    harness::golden::assert_matches(fixture_path(user, n), got);
}

/// The body of a message (after the first empty line).
pub fn body(msg: &[u8]) -> Vec<u8> {
    chapter_08::headers::split_message(msg).1.to_vec()
}

/// A scripted server for tests without sockets: reads come from `input`
/// (in pieces of `chunk` bytes), writes are kept.
#[derive(Debug)]
pub struct Script {
    input: Vec<u8>,
    pos: usize,
    chunk: usize,
    /// What the client sent.
    pub sent: Vec<u8>,
}

impl Script {
    /// A script answering with `input`.
    pub fn new(input: &[u8], chunk: usize) -> Self {
        Script {
            input: input.to_vec(),
            pos: 0,
            chunk: chunk.max(1),
            sent: Vec::new(),
        }
    }
}

impl Read for Script {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = out.len().min(self.chunk).min(self.input.len() - self.pos);
        out[..n].copy_from_slice(&self.input[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Write for Script {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.sent.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
