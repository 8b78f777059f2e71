//! `smtp_send`: the seed's `smtp_01` — build the Moonlight message and send
//! it, with the server and the account read from a configuration file.
//!
//! The password never appears in the program, on its command line, in its
//! output or in `--verbose` dialogue (which shows `<secret>` instead).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::Parser;

use chapter_07::config::Config;
use chapter_07::message::date::Stamp;
use chapter_07::moonlight::moonlight;
use chapter_07::smtp::{self, Direction, Session, Settings, SmtpError, Timeouts};

/// Send the seed's Moonlight message (Puck to Oberon and Titania, a copy to
/// William Shakespeare, a blind copy to Nick Bottom) through an SMTP server.
///
/// The configuration file (TOML) holds `server`, `port`, `user` and either
/// `password_env` (the name of an environment variable holding the
/// password) or `password`. SMTP_HOST, SMTP_PORT, SMTP_USER and SMTP_PASS
/// override it. Try it against the workbook's fake server:
/// `cargo workbook peer smtp --port 2525`.
#[derive(Debug, Parser)]
#[command(version, about, long_about)]
struct Args {
    /// The configuration file.
    #[arg(long, short, default_value = "smtp.toml")]
    config: PathBuf,
    /// Show the SMTP dialogue (secrets are shown as <secret>).
    #[arg(long, short)]
    verbose: bool,
    /// Seconds to wait for each reply.
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Seconds the whole conversation may take: a server trickling its
    /// replies is cut off after it.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    max_time: u64,
    /// Date the message at this Unix time instead of now (for repeatable runs).
    #[arg(long)]
    date: Option<i64>,
    /// The random number in the Message-ID (default: a fresh one).
    #[arg(long)]
    id_random: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("smtp_send: error: {e:#}");
            // 75 is EX_TEMPFAIL (sysexits.h): a mail queue would retry later.
            let transient = e
                .downcast_ref::<SmtpError>()
                .is_some_and(SmtpError::is_transient);
            ExitCode::from(if transient { 75 } else { 1 })
        }
    }
}

fn run(args: &Args) -> anyhow::Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    let config = Config::load(Some(&args.config), &env)?;
    let unix = match args.date {
        Some(t) => t,
        None => SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64,
    };
    let stamp = Stamp {
        unix,
        offset_minutes: 0,
    };
    let message = moonlight(stamp, args.id_random.unwrap_or_else(rand::random));
    let settings = Settings {
        helo_name: config.helo_name.clone(),
        credentials: config.credentials.clone(),
    };
    let session = Session::new(
        settings,
        message.envelope(),
        &message.to_bytes(),
        message.body().is_8bit(),
    )?;
    println!("Connecting to {}:{}", config.server, config.port);
    let mut show = |dir: Direction, line: &str| {
        if args.verbose {
            let arrow = if dir == Direction::Sent { "C:" } else { "S:" };
            println!("{arrow} {line}");
        }
    };
    let timeouts = Timeouts {
        total: Duration::from_secs(args.max_time),
        ..Timeouts::all(Duration::from_secs(args.timeout))
    };
    let report = smtp::send(
        (config.server.as_str(), config.port),
        session,
        timeouts,
        &mut show,
    )
    .context("the message was not sent")?;
    for r in &report.rejected {
        println!("Refused recipient <{}>: {}", r.addr, r.reply);
    }
    println!(
        "Sent the message to {} of {} recipient(s)",
        report.accepted.len(),
        report.accepted.len() + report.rejected.len()
    );
    Ok(())
}
