//! The load of `engines_bench`: one thread, one `mio` loop, `conns`
//! clients that each send a line, wait for its echo, and send the next,
//! `trips` times; every round trip's latency is kept.
//!
//! # Layout
//! `Client`, `line`, `load`.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use mio::{Events, Interest, Poll, Token};

/// One load connection.
struct Client {
    stream: mio::net::TcpStream,
    sent_at: Instant,
    got: usize,
    done: usize,
}

fn line(i: usize, r: usize) -> Vec<u8> {
    format!("connection {i:05} round {r:03}\n").into_bytes()
}

/// Connects `conns` clients and plays `trips` round trips on each.
pub fn load(
    addr: SocketAddr,
    conns: usize,
    trips: usize,
) -> io::Result<(f64, Vec<Duration>, usize)> {
    let mut poll = Poll::new()?;
    let mut clients = Vec::with_capacity(conns);
    for i in 0..conns {
        let s = TcpStream::connect(addr)?;
        s.set_nonblocking(true)?;
        let mut stream = mio::net::TcpStream::from_std(s);
        poll.registry()
            .register(&mut stream, Token(i), Interest::READABLE)?;
        clients.push(Client {
            stream,
            sent_at: Instant::now(),
            got: 0,
            done: 0,
        });
    }
    let reply_len = line(0, 0).len() + 1; // the echo ends in CRLF
    let start = Instant::now();
    for (i, c) in clients.iter_mut().enumerate() {
        c.sent_at = Instant::now();
        c.stream.write_all(&line(i, 0))?;
    }
    let (mut latencies, mut finished, mut failed) = (Vec::with_capacity(conns * trips), 0, 0);
    let mut events = Events::with_capacity(4096);
    let deadline = start + Duration::from_secs(120);
    let mut buf = [0u8; 4096];
    while finished + failed < conns && Instant::now() < deadline {
        poll.poll(&mut events, Some(Duration::from_secs(1)))?;
        for ev in events.iter() {
            let i = ev.token().0;
            let c = &mut clients[i];
            loop {
                match c.stream.read(&mut buf) {
                    Ok(0) => {
                        failed += 1;
                        break;
                    }
                    Ok(n) => c.got += n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(_) => {
                        failed += 1;
                        break;
                    }
                }
            }
            if c.got >= reply_len && c.done < trips {
                latencies.push(c.sent_at.elapsed());
                c.got -= reply_len;
                c.done += 1;
                if c.done == trips {
                    finished += 1;
                } else {
                    c.sent_at = Instant::now();
                    c.stream.write_all(&line(i, c.done))?;
                }
            }
        }
    }
    Ok((
        start.elapsed().as_secs_f64(),
        latencies,
        failed + (conns - finished - failed),
    ))
}
