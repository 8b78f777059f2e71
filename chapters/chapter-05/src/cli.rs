//! What the chapter's programs share on the command line: exit statuses
//! with readable errors, the default web root, and starting a server that
//! prints where it listens and logs each request.
//!
//! Layout: [`finish`], [`default_root`], [`serve`].

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::server::{Config, Engine, Handler, Shutdown, run};

/// Prints `program: error: cause` on stderr and exits 1, or exits 0.
pub fn finish(program: &str, result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{program}: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `fixtures/www` of this checkout, wherever the program is started from.
pub fn default_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/www"))
}

/// Binds `host:port`, prints `what on HOST port PORT` (and, with a
/// `stop_path`, how to stop it, as the seed did), serves until shutdown.
/// Each request is logged on stdout unless `quiet`; connections are served
/// by `engine`'s threads.
pub fn serve<H: Handler>(
    host: &str,
    port: u16,
    what: &str,
    handler: H,
    quiet: bool,
    stop_path: Option<&str>,
    engine: Engine,
) -> anyhow::Result<()> {
    let listener = TcpListener::bind((host, port))
        .with_context(|| format!("cannot listen on {host} port {port}"))?;
    let addr = listener.local_addr()?;
    println!("{what} on {} port {}", addr.ip(), addr.port());
    if let Some(path) = stop_path {
        println!("To stop the server, request http://{addr}{path}");
    }
    let _ = std::io::stdout().flush();
    let log: Arc<dyn Fn(String) + Send + Sync> = match quiet {
        true => Arc::new(|_| {}),
        false => Arc::new(|line| {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }),
    };
    let stop = Shutdown::new(&listener)?;
    run(
        listener,
        handler,
        Config {
            log,
            engine,
            ..Config::default()
        },
        stop,
    )?;
    println!("Server stopped");
    Ok(())
}

/// The request options `http_get` and `grab_file` share (http.request's table).
#[derive(Debug, clap::Args)]
pub struct ClientArgs {
    /// Send the request through this HTTP proxy (`http://host:port`).
    #[arg(long)]
    pub proxy: Option<String>,
    /// Connect, read and write timeout in seconds: the longest wait for the server.
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// The longest the whole fetch may take, in seconds (0: no limit): a
    /// server trickling its answer cannot hold the client longer.
    #[arg(long, default_value_t = crate::client::MAX_TIME.as_secs_f64())]
    pub max_time: f64,
    /// The User-Agent header.
    #[arg(long, short = 'A')]
    pub user_agent: Option<String>,
    /// Most redirects to follow (0: do not follow; the redirect is the answer).
    #[arg(long, default_value_t = 5)]
    pub max_redirects: usize,
    /// An extra header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H')]
    pub headers: Vec<String>,
}

impl ClientArgs {
    /// A GET request of `url` with these options.
    pub fn request(&self, url: &str) -> anyhow::Result<crate::client::Request> {
        let mut request = crate::client::Request::get(crate::url::Url::parse(url)?);
        if let Some(proxy) = &self.proxy {
            request.proxy = Some(crate::url::Url::parse(proxy).context("bad --proxy")?);
        }
        let seconds = |s: f64, flag: &str| {
            Duration::try_from_secs_f64(s)
                .with_context(|| format!("{flag} {s}: not a number of seconds"))
        };
        anyhow::ensure!(self.timeout > 0.0, "--timeout must be positive");
        request.timeout = seconds(self.timeout, "--timeout")?;
        let max_time = seconds(self.max_time, "--max-time")?;
        request.max_time = (!max_time.is_zero()).then_some(max_time);
        if let Some(agent) = &self.user_agent {
            request.user_agent = agent.clone();
        }
        request.max_redirects = self.max_redirects;
        for header in &self.headers {
            let (name, value) = header
                .split_once(':')
                .with_context(|| format!("header {header:?} is not `Name: value`"))?;
            let ok = !name.is_empty() && name.bytes().all(crate::head::is_tchar);
            anyhow::ensure!(ok && !value.contains(['\r', '\n']), "bad header {header:?}");
            request
                .headers
                .push((name.to_string(), value.trim().to_string()));
        }
        Ok(request)
    }
}
