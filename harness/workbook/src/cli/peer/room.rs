//! `workbook peer room`: the fake SMTP, POP3, HTTP and DNS servers started
//! together for a whole class, on one set of accounts and one mail store,
//! so mail a learner sends through the SMTP service to another learner's
//! address is in that learner's POP3 maildrop. [`HELP`] says what the
//! accounts mean for each service (`--help` prints it).
//!
//! The banner prints one `# <service>: ADDR` line per service (parsed by
//! tests and people alike) and a `try:` line per service on stderr; on
//! Ctrl-C/SIGTERM every service stops and gets a `# stopped <service>:`
//! summary line.
//!
//! # Layout
//! - this file: [`HELP`], [`run`], `start_all` (the four services),
//!   `store_dir`, `print_banner`, `try_lines`.
//! - `whoami`: the HTTP service (the `http` peer's routes plus `/whoami`).
//! - `dns`: the DNS service's extra records, one name per account.

mod dns;
mod whoami;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstyle::Style;
use anyhow::{Context, bail};

use super::smtp::MailSetup;
use super::{Args, output, redactor, signal};
use dns::account_name;
use harness::dns::{DnsOptions, Zone};
use harness::fault::FaultPlan;
use harness::mail::Account;
use harness::peer::{PeerConfig, PeerHandle};

/// `workbook peer --help`'s section on the room.
pub(super) const HELP: &str = "\
The classroom: workbook peer room --accounts FILE [--host ADDR] [--port BASE] [--store DIR]
starts four services for a class, sharing the accounts of FILE and one mail store:
  smtp  (port BASE)    SMTP; MAIL needs a login first (AUTH PLAIN or LOGIN with an account's user
                       and password); mail for an account's address goes to its mailbox.
  pop3  (port BASE+1)  POP3; each account logs in (USER/PASS or APOP) and reads its own mailbox.
  http  (port BASE+2)  the http peer's routes, plus /whoami behind HTTP Basic authentication:
                       an account's user and password give 200 `user U` / `address A`, else 401.
  dns   (port BASE+3)  UDP and TCP: fixtures/dns/workbook.zone, plus for the Nth account (file
                       order) with user U and address X@D: `U.D A 198.18.H.L` (N = H*256+L) and
                       the PTR record back; e.g. learner01.class.test is 198.18.0.1.
With --port 0 (the default) each service takes any free port; the banner prints them all.
The store is --store DIR, else a new temporary directory that is kept and printed.
It listens on 127.0.0.1 (this machine only) unless --host names another address, such as
the classroom network's; it then warns what that exposes.
See fixtures/classroom/README.md.";

/// The services in port order.
const SERVICES: [&str; 4] = ["smtp", "pop3", "http", "dns"];

/// Runs the room until Ctrl-C or SIGTERM.
pub(super) fn run(args: &Args, plan: FaultPlan, config: PeerConfig) -> anyhow::Result<ExitCode> {
    let (file, mut setup) = check(args)?;
    // Only now, so a refused command line leaves no stray directory.
    let store = store_dir(args.store.as_deref())?;
    setup.store = Some(store.clone());
    let wake = signal::install().context("cannot install the Ctrl-C handler")?;
    let services = start_all(args.host, args.port, &plan, &config, &setup)?;
    output::warn_if_exposed(args.host);
    for (name, peer) in &services {
        output::sink(peer, redactor(args), prefix(name));
    }
    print_banner(&services, &setup, file, &store, plan.seed);
    signal::wait(wake);
    anstream::eprintln!("stopping...");
    for (name, peer) in services {
        let t = peer.stop();
        anstream::println!("# stopped {name}: {}", output::summary(&t));
    }
    anstream::println!("# store: {} (kept)", store.display());
    Ok(ExitCode::SUCCESS)
}

/// Checks the command line and reads the accounts: the accounts file and
/// the setup (without its store yet).
fn check(args: &Args) -> anyhow::Result<(&Path, MailSetup)> {
    if !args.program.is_empty() {
        bail!("the room takes no program (only inetd does)");
    }
    if args.port > u16::MAX - 3 {
        bail!(
            "--port {} leaves no room for four ports; use at most {}",
            args.port,
            u16::MAX - 3
        );
    }
    let file = args.accounts.as_deref().context(
        "the room needs its class's accounts: workbook peer room --accounts FILE \
         (e.g. fixtures/classroom/accounts.toml)",
    )?;
    let setup = MailSetup {
        require_auth: true,
        ..MailSetup::resolve(Some(file), None, args.max_clients)?
    };
    if setup.accounts.list.is_empty() {
        bail!(
            "no accounts in {}: add one `[[account]]` table (user, password, address) per learner",
            file.display()
        );
    }
    Ok((file, setup))
}

/// The transcript prefix of a service (connection numbers repeat across them).
fn prefix(name: &str) -> &'static str {
    match name {
        "smtp" => "smtp ",
        "pop3" => "pop3 ",
        "http" => "http ",
        _ => "dns  ",
    }
}

/// `--store`, created if missing, or a new temporary directory that is
/// kept: the class's mail must outlive the process for the instructor.
fn store_dir(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    match given {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the mail store {}", dir.display()))?;
            Ok(dir.to_path_buf())
        }
        None => Ok(tempfile::Builder::new()
            .prefix("workbook-room-")
            .tempdir()
            .context("cannot create a temporary mail store (or give --store DIR)")?
            .keep()),
    }
}

/// Starts the four services; the ones already started stop (by drop) if a
/// later one cannot.
fn start_all(
    host: IpAddr,
    base: u16,
    plan: &FaultPlan,
    config: &PeerConfig,
    setup: &MailSetup,
) -> anyhow::Result<Vec<(&'static str, PeerHandle)>> {
    let mut services = Vec::new();
    for (i, name) in (0u16..).zip(SERVICES) {
        let port = if base == 0 { 0 } else { base + i };
        let bind = SocketAddr::new(host, port);
        let (plan, config) = (plan.clone(), config.clone());
        let peer = match name {
            "smtp" => super::smtp::start_cli_with(bind, plan, config, setup),
            "pop3" => super::pop3::start_cli_with(bind, plan, config, setup),
            "http" => whoami::start(bind, plan, config, setup.accounts.clone()),
            _ => harness::dns::start_with(DnsOptions {
                bind,
                zone: dns::with_accounts(Zone::workbook(), &setup.accounts),
                plan,
                config,
            }),
        }
        .with_context(|| format!("cannot start the room's {name} service on {bind}"))?;
        services.push((name, peer));
    }
    Ok(services)
}

fn print_banner(
    services: &[(&'static str, PeerHandle)],
    setup: &MailSetup,
    file: &Path,
    store: &Path,
    seed: u64,
) {
    let n = setup.accounts.list.len();
    anstream::println!("# room: {n} account(s) from {}", file.display());
    anstream::println!("# store: {}", store.display());
    anstream::println!("# seed: {seed}");
    for (name, peer) in services {
        anstream::println!("# {name}: {}", peer.addr());
    }
    let dim = Style::new().dimmed();
    // `run` refused an empty class, so there is a first account.
    if let Some(first) = setup.accounts.list.first() {
        for line in try_lines(services, first) {
            anstream::eprintln!("{dim}try: {line}{dim:#}");
        }
    }
    anstream::eprintln!(
        "{dim}(PASSWORD: the account's, from the accounts file; Ctrl-C stops the room){dim:#}"
    );
}

/// One command per service that a person can paste (curl and dig), as
/// the account `who`.
fn try_lines(services: &[(&'static str, PeerHandle)], who: &Account) -> Vec<String> {
    let (login, address) = (format!("--user {}:PASSWORD", who.user), &who.address);
    services
        .iter()
        .map(|(name, peer)| {
            let port = peer.addr().port();
            let host = match peer.addr().ip() {
                // 0.0.0.0 is not an address to connect to: ask for this machine's.
                ip if ip.is_unspecified() => "THIS-MACHINE".to_string(),
                IpAddr::V6(ip) if *name != "dns" => format!("[{ip}]"),
                ip => ip.to_string(),
            };
            match *name {
                "smtp" => format!(
                    "curl smtp://{host}:{port} {login} --mail-from {address} --mail-rcpt {address} -T message.txt"
                ),
                "pop3" => format!("curl pop3://{host}:{port}/1 {login}"),
                "http" => format!("curl http://{host}:{port}/whoami {login}"),
                _ => format!("dig @{host} -p {port} {}", account_name(who)),
            }
        })
        .collect()
}
