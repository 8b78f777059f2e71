//! `dns_test`: the seed's `dns_test.lua` — what does a name stand for?
//!
//! For each name (or address) it prints the canonical name, the aliases and
//! every address (IPv4 and IPv6), the fields of LuaSocket's `socket.dns.toip`
//! and `tohostname`. By default it asks the system resolver
//! (`getaddrinfo`/`getnameinfo`, so `/etc/hosts` counts); with
//! `--server HOST:PORT` it asks that DNS server with the chapter's own
//! client, over UDP, retrying on timeout and switching to TCP when the
//! answer comes back truncated.
//!
//! ```text
//! cargo run -p chapter-01 --bin dns_test -- localhost
//! cargo workbook peer dns --port 5353        # in another terminal
//! cargo run -p chapter-01 --bin dns_test -- --server 127.0.0.1:5353 www.workbook.test
//! ```

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use chapter_01::dns::client::{Options, Resolver};
use chapter_01::dns::resolve::{HostInfo, ResolveError};
use chapter_01::dns::show;
use chapter_01::system;
use clap::Parser;

/// Look up names (or addresses): canonical name, aliases, addresses.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Names or addresses to look up (default: this machine's host name).
    names: Vec<String>,
    /// Ask this DNS server (HOST:PORT) with our own client instead of the
    /// system resolver.
    #[arg(long, value_name = "HOST:PORT")]
    server: Option<String>,
    /// Also read names from standard input, one per line.
    #[arg(long)]
    stdin: bool,
    /// One line per name (the `dns-client` conformance format).
    #[arg(long)]
    brief: bool,
    /// Seconds to wait for each reply (our client).
    #[arg(long, default_value_t = 2.0)]
    timeout: f64,
    /// UDP attempts per query (our client).
    #[arg(long, default_value_t = 3)]
    attempts: u32,
}

/// The back end that answers.
enum Backend {
    System,
    Ours(Box<Resolver>),
}

impl Backend {
    fn lookup(&mut self, name: &str) -> Result<HostInfo, ResolveError> {
        match self {
            Backend::Ours(r) => r.lookup_host(name),
            Backend::System => system_lookup(name).map_err(|e| ResolveError::Io(e.to_string())),
        }
    }
}

fn system_lookup(name: &str) -> std::io::Result<HostInfo> {
    if let Ok(addr) = name.parse::<IpAddr>() {
        let host = system::to_host_name(addr)?;
        return Ok(HostInfo {
            name: host,
            aliases: Vec::new(),
            addresses: vec![addr],
        });
    }
    system::to_ip(name)
}

fn server_addr(text: &str) -> anyhow::Result<SocketAddr> {
    text.to_socket_addrs()
        .with_context(|| format!("--server {text}: expected HOST:PORT, e.g. 127.0.0.1:53"))?
        .next()
        .with_context(|| format!("--server {text}: no address"))
}

fn names(args: &Args) -> anyhow::Result<Vec<String>> {
    let mut names = args.names.clone();
    if args.stdin {
        let mut stdin = std::io::stdin().lock();
        // A DNS name is at most 255 bytes on the wire; 1024 leaves room for text escapes.
        while let Some(line) = chapter_01::input::read_line(&mut stdin, 1024)
            .context("reading names from standard input")?
        {
            let name = String::from_utf8_lossy(&line).trim().to_string();
            if !name.is_empty() {
                names.push(name);
            }
            anyhow::ensure!(
                names.len() <= 10_000,
                "more than 10000 names on standard input"
            );
        }
    }
    if names.is_empty() && !args.stdin {
        names.push(system::host_name().context("gethostname")?);
    }
    Ok(names)
}

fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    let mut backend = match &args.server {
        None => Backend::System,
        Some(text) => Backend::Ours(Box::new(Resolver::new(
            server_addr(text)?,
            Options {
                timeout: Duration::from_secs_f64(args.timeout.clamp(0.01, 60.0)),
                attempts: args.attempts.max(1),
                first_id: rand::random(),
            },
        ))),
    };
    if !args.brief {
        println!("host name: {}", system::host_name().context("gethostname")?);
    }
    let mut failed = false;
    for name in names(&args)? {
        match (backend.lookup(&name), args.brief) {
            (Ok(info), true) => println!("{}", show::brief(&name, &info)),
            (Ok(info), false) => print!("{}", show::block(&name, &info)),
            (Err(e), true) => {
                failed = true;
                println!("{}", show::brief_error(&name, &e));
            }
            (Err(e), false) => {
                failed = true;
                eprintln!("dns_test: {name}: {e}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
