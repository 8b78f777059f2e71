//! `workbook peer <name>`: run one fake peer by hand (DESIGN.md §6).
//!
//! For a learner poking at a protocol with `nc`, or an instructor serving a
//! classroom: the peer listens on `--host`/`--port`, prints its transcript
//! live (secrets redacted unless `--no-redact`), and on Ctrl-C (SIGINT) or
//! SIGTERM stops, joins its threads, prints a summary and exits 0.
//!
//! Ctrl-C uses the self-pipe trick: the signal handler only writes one byte
//! to a socket (async-signal-safe); the main thread waits on the other end.

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr};
use std::os::fd::IntoRawFd;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use anyhow::Context;

use crate::fault::FaultPlan;
use crate::peer::{PeerConfig, registry};
use crate::transcript::text::event_line;
use crate::transcript::{Event, Redactor, Side, Transcript};

/// Arguments of `workbook peer`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which peer to run (see `--list`).
    #[arg(required_unless_present = "list")]
    pub name: Option<String>,
    /// List the peers and exit.
    #[arg(long)]
    pub list: bool,
    /// Address to listen on (use 0.0.0.0 to serve a classroom).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, short, default_value_t = 0)]
    pub port: u16,
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
        // Pad to the longest name so the descriptions line up.
        let width = registry::PEERS
            .iter()
            .map(|p| p.name.len())
            .max()
            .unwrap_or(0);
        for p in registry::PEERS {
            anstream::println!("{:<width$}  {}", p.name, p.about);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.name.as_deref().unwrap_or_default();
    let spec = registry::find(name).with_context(|| {
        format!(
            "no peer called {name:?}; known peers: {}",
            registry::names().join(", ")
        )
    })?;
    let plan = load_plan(&args)?;
    let wake = install_signal_pipe().context("cannot install the Ctrl-C handler")?;
    let bind = SocketAddr::new(args.host, args.port);
    let config = PeerConfig {
        io_timeout: Duration::from_secs(args.idle_timeout.max(1)),
        ..PeerConfig::default()
    };
    let peer = match registry::program_start(name) {
        Some(_) if args.program.is_empty() => {
            anyhow::bail!("the {name} peer runs a program: workbook peer {name} -- PROGRAM [ARGS]")
        }
        Some(start) => start(bind, plan, config, &args.program),
        None if !args.program.is_empty() => {
            anyhow::bail!("the {name} peer takes no program (only inetd does)")
        }
        None => (spec.start)(bind, plan, config),
    }
    .with_context(|| format!("cannot listen on {bind}"))?;
    let redactor = if args.no_redact {
        Redactor::none()
    } else {
        Redactor::secrets_only()
    };
    peer.recorder().set_sink(move |e| print_event(&redactor, e));
    print_banner(&peer.transcript(), peer.addr());
    wait_for_signal(wake);
    anstream::eprintln!("stopping...");
    let transcript = peer.stop();
    print_summary(&transcript);
    Ok(ExitCode::SUCCESS)
}

fn load_plan(args: &Args) -> anyhow::Result<FaultPlan> {
    let mut plan = match &args.faults {
        Some(path) => {
            let text = std::fs::read_to_string(path)
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

fn print_event(redactor: &Redactor, e: &Event) {
    let line = event_line(&redactor.redact_event(e));
    let style = match e {
        Event::Data {
            from: Side::Client, ..
        } => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        Event::Data {
            from: Side::Server, ..
        } => Style::new().fg_color(Some(AnsiColor::Green.into())),
        Event::Note { .. } => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        _ => Style::new().dimmed(),
    };
    anstream::println!("{style}{line}{style:#}");
}

fn print_summary(t: &Transcript) {
    let conns = t
        .events
        .iter()
        .filter(|e| matches!(e, Event::Open { .. }))
        .count();
    let bytes = |side: Side| -> usize {
        t.events
            .iter()
            .map(|e| match e {
                Event::Data { from, bytes, .. } if *from == side => bytes.len(),
                _ => 0,
            })
            .sum()
    };
    let seed = t.header_value("seed").unwrap_or("0");
    anstream::println!(
        "# stopped: {conns} connection(s), {} bytes from clients, {} bytes from the peer, seed {seed}",
        bytes(Side::Client),
        bytes(Side::Server)
    );
}

/// The write end of the self-pipe, for the signal handler.
static SIGNAL_FD: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_signal(_signal: libc::c_int) {
    let fd = SIGNAL_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        // SAFETY: write(2) is async-signal-safe; the buffer is a valid static
        // byte and `fd` stays open for the life of the process.
        unsafe { libc::write(fd, b"x".as_ptr().cast(), 1) };
    }
}

fn install_signal_pipe() -> io::Result<UnixStream> {
    let (rx, tx) = UnixStream::pair()?;
    tx.set_nonblocking(true)?;
    // The write end lives until exit: the handler may run at any moment.
    SIGNAL_FD.store(tx.into_raw_fd(), Ordering::SeqCst);
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only loads an atomic and calls write(2).
        if unsafe { libc::signal(sig, handler) } == libc::SIG_ERR {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(rx)
}

/// Blocks until SIGINT or SIGTERM (waiting for a human has no time limit).
fn wait_for_signal(mut wake: UnixStream) {
    let mut byte = [0u8; 1];
    loop {
        match wake.read(&mut byte) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            _ => return,
        }
    }
}
