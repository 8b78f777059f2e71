//! `workbook peer <name>`: run one fake peer by hand (DESIGN.md §6), or a
//! whole classroom's (`workbook peer room`).
//!
//! For a learner poking at a protocol with `nc`, or an instructor serving a
//! classroom: the peer listens on `--host`/`--port` (loopback unless told
//! otherwise, with a warning when not), prints its transcript live
//! (secrets redacted unless `--no-redact`), and on Ctrl-C (SIGINT) or
//! SIGTERM stops, joins its threads, prints a summary and exits 0. The
//! mail peers take their accounts and store from `--accounts`/`--store`
//! (else from the environment, as the conformance cases set it).
//!
//! Layout:
//! - this file: [`Args`], [`run`], and starting one named peer.
//! - `room`: `workbook peer room` (SMTP, POP3, HTTP and DNS for a class).
//! - `output`: transcript lines, summaries, the off-loopback warning.
//! - `signal`: waiting for Ctrl-C/SIGTERM.

mod output;
mod pop3;
pub mod registry;
mod room;
mod signal;
mod smtp;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anstyle::Style;
use anyhow::{Context, bail};

use harness::fault::FaultPlan;
use harness::peer::{PeerConfig, PeerHandle};
use harness::smtp::DEFAULT_MAX_SESSIONS;
use harness::transcript::{Redactor, Transcript};
use smtp::MailSetup;

/// Arguments of `workbook peer`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = room::HELP)]
pub struct Args {
    /// Which peer to run (see `--list`); `room` runs smtp, pop3, http and
    /// dns together for a class.
    #[arg(required_unless_present = "list")]
    pub name: Option<String>,
    /// List the peers and exit.
    #[arg(long)]
    pub list: bool,
    /// Address to listen on. The default serves only this machine; give
    /// the classroom network's address (or 0.0.0.0) to serve a class.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on (0: any free port, printed at start). For `room`,
    /// the first of four: smtp, pop3, http, dns take PORT..PORT+3.
    #[arg(long, short, default_value_t = 0)]
    pub port: u16,
    /// Accounts file (TOML, `[[account]]` user/password/address) for smtp,
    /// pop3 and room; overrides $SMTP_ACCOUNTS.
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// Mail store directory (`<DIR>/<user>/<NNNN>.eml`) for smtp, pop3 and
    /// room; overrides $SMTP_STORE/$POP3_STORE. Room default: a new
    /// temporary directory, kept and printed.
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Most SMTP or POP3 sessions at once; one more is told the server is
    /// full (SMTP 421, POP3 -ERR [SYS/TEMP]).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_SESSIONS)]
    pub max_clients: usize,
    /// Seed of the fault plan (overrides the file's; replays a run).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Fault plan in TOML (see fixtures/faults/).
    #[arg(long)]
    pub faults: Option<PathBuf>,
    /// Idle seconds before a connection's read times out.
    #[arg(long, default_value_t = 300)]
    pub idle_timeout: u64,
    /// Show secrets (AUTH, PASS, URL passwords) instead of `<secret>`.
    #[arg(long)]
    pub no_redact: bool,
    /// The program a program-running peer starts (`inetd -- PROGRAM [ARGS]`).
    #[arg(last = true)]
    pub program: Vec<String>,
}

/// Runs `workbook peer`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.list {
        list();
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.name.as_deref().unwrap_or_default();
    if name != registry::ROOM && registry::find(name).is_none() {
        bail!(
            "no peer called {name:?}; known peers: {}, {}",
            registry::names().join(", "),
            registry::ROOM
        );
    }
    let plan = load_plan(&args)?;
    let config = PeerConfig {
        io_timeout: Duration::from_secs(args.idle_timeout.max(1)),
        // The mail peers lower this to their own session cap; a full peer
        // evicts its longest-idle client, answering in its protocol.
        max_conns: args.max_clients.saturating_add(64).max(1024),
        ..PeerConfig::default()
    };
    if name == registry::ROOM {
        return room::run(&args, plan, config);
    }
    let wake = signal::install().context("cannot install the Ctrl-C handler")?;
    let peer = start_named(name, &args, plan, config)?;
    output::warn_if_exposed(args.host);
    output::sink(&peer, redactor(&args), "");
    print_banner(&peer.transcript(), peer.addr());
    signal::wait(wake);
    anstream::eprintln!("stopping...");
    let transcript = peer.stop();
    let seed = transcript.header_value("seed").unwrap_or("0");
    anstream::println!("# stopped: {}, seed {seed}", output::summary(&transcript));
    Ok(ExitCode::SUCCESS)
}

/// Prints every peer and what it does, names aligned.
fn list() {
    let names = registry::PEERS.iter().map(|p| (p.name, p.about));
    let all: Vec<(&str, &str)> = names
        .chain([(registry::ROOM, registry::ROOM_ABOUT)])
        .collect();
    // Pad to the longest name so the descriptions line up.
    let width = all.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, about) in all {
        anstream::println!("{name:<width$}  {about}");
    }
}

/// Starts the named (non-room) peer with what `args` gives it.
fn start_named(
    name: &str,
    args: &Args,
    plan: FaultPlan,
    config: PeerConfig,
) -> anyhow::Result<PeerHandle> {
    let bind = SocketAddr::new(args.host, args.port);
    let mail = registry::mail_start(name);
    if mail.is_none() && (args.accounts.is_some() || args.store.is_some()) {
        bail!("the {name} peer takes no --accounts or --store (smtp, pop3 and room do)");
    }
    let peer = match (registry::program_start(name), mail) {
        (Some(_), _) if args.program.is_empty() => {
            bail!("the {name} peer runs a program: cargo workbook peer {name} -- PROGRAM [ARGS]")
        }
        (Some(start), _) => start(bind, plan, config, &args.program),
        (None, _) if !args.program.is_empty() => {
            bail!("the {name} peer takes no program (only inetd does)")
        }
        (None, Some(start)) => {
            let setup = MailSetup::resolve(
                args.accounts.as_deref(),
                args.store.clone(),
                args.max_clients,
            )?;
            start(bind, plan, config, &setup)
        }
        (None, None) => {
            let spec = registry::find(name).context("the peer was checked above")?;
            (spec.start)(bind, plan, config)
        }
    };
    peer.with_context(|| format!("cannot listen on {bind}"))
}

/// The fault plan of `--faults`, with `--seed` applied.
fn load_plan(args: &Args) -> anyhow::Result<FaultPlan> {
    let mut plan = match &args.faults {
        Some(path) => {
            // One byte over the cap is enough for from_toml to refuse it.
            let mut text = String::new();
            std::fs::File::open(path)
                .and_then(|f| {
                    std::io::Read::read_to_string(
                        &mut std::io::Read::take(f, harness::fault::MAX_PLAN_TEXT as u64 + 1),
                        &mut text,
                    )
                })
                .with_context(|| format!("cannot read {}", path.display()))?;
            FaultPlan::from_toml(&text).with_context(|| format!("in {}", path.display()))?
        }
        None => FaultPlan::none(),
    };
    if let Some(seed) = args.seed {
        plan.seed = seed;
    }
    Ok(plan)
}

/// What the transcript hides.
fn redactor(args: &Args) -> Redactor {
    if args.no_redact {
        Redactor::none()
    } else {
        Redactor::secrets_only()
    }
}

fn print_banner(t: &Transcript, addr: SocketAddr) {
    for (k, v) in &t.header {
        anstream::println!("# {k}: {v}");
    }
    anstream::println!("# listening: {addr}");
    let dim = Style::new().dimmed();
    anstream::eprintln!(
        "{dim}try: nc -C {} {}    (-C sends CRLF line endings; Ctrl-C stops the peer){dim:#}",
        addr.ip(),
        addr.port()
    );
}
