//! The life of a TCP socket as types: master, then server or client.
//!
//! LuaSocket's `socket.tcp()` returns a *master* socket that can do neither
//! job yet. `bind` + `listen` turn it into a *server*, whose only trick is
//! `accept`; `connect` turns it into a *client*, which sends and receives.
//! `accept` also returns a client: both ends of a conversation are clients.
//! LuaSocket checks the kind at run time (`calling 'accept' on bad self`);
//! here the kind is a type parameter, so the mistake does not compile:
//!
//! ```compile_fail,E0599
//! let client = chapter_02::socket::connect("127.0.0.1:9".parse().unwrap(), None).unwrap();
//! // A client cannot accept: there is no `accept` on `Tcp<Client>`.
//! let _ = client.accept();
//! ```
//!
//! The right way round:
//!
//! ```
//! use chapter_02::pattern::Pattern;
//! use chapter_02::socket::{bind, connect};
//! let server = bind("127.0.0.1:0".parse().unwrap(), 8).unwrap();
//! let mut client = connect(server.local_addr().unwrap(), None).unwrap();
//! let mut accepted = server.accept().unwrap();
//! client.send_all(b"hello\r\n").unwrap();
//! assert_eq!(accepted.receive(Pattern::Line, b"").unwrap(), b"hello");
//! ```
//!
//! Layout: the states [`Master`], [`Server`], [`Client`]; [`Tcp`] and the
//! methods of each state; the shortcuts [`bind`] and [`connect`] (LuaSocket's
//! `socket.bind` and `socket.connect`).

use std::io;
use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use crate::stream::Stream;
use crate::timeout::Timeouts;

// ANCHOR: states
/// A new socket: it may bind, then listen or connect.
#[derive(Debug)]
pub struct Master(Socket);

/// A listening socket: it accepts clients.
#[derive(Debug)]
pub struct Server(Socket);

/// A connected socket: it sends and receives (see [`Stream`]).
#[derive(Debug)]
pub struct Client(Stream<Socket>);

/// A TCP socket in state `S` ([`Master`], [`Server`] or [`Client`]).
#[derive(Debug)]
pub struct Tcp<S> {
    state: S,
}
// ANCHOR_END: states

fn sock_addr(addr: &SockAddr) -> io::Result<SocketAddr> {
    addr.as_socket()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an IP address"))
}

impl Tcp<Master> {
    /// `socket.tcp()`: a master socket for addresses like `like`.
    pub fn master(like: SocketAddr) -> io::Result<Self> {
        let socket = Socket::new(Domain::for_address(like), Type::STREAM, Some(Protocol::TCP))?;
        Ok(Tcp {
            state: Master(socket),
        })
    }

    /// Binds to a local address (port 0: the OS picks an ephemeral port).
    /// `SO_REUSEADDR` is set first, so a restarted server need not wait
    /// for old connections in TIME_WAIT.
    pub fn bind(self, local: SocketAddr) -> io::Result<Self> {
        self.state.0.set_reuse_address(true)?;
        self.state.0.bind(&local.into())?;
        Ok(self)
    }

    // ANCHOR: transitions
    /// Starts listening: the master becomes a server.
    pub fn listen(self, backlog: i32) -> io::Result<Tcp<Server>> {
        self.state.0.listen(backlog)?;
        Ok(Tcp {
            state: Server(self.state.0),
        })
    }

    /// Connects (within `timeout`, if given): the master becomes a client.
    pub fn connect(self, remote: SocketAddr, timeout: Option<Duration>) -> io::Result<Tcp<Client>> {
        match timeout {
            Some(t) => self.state.0.connect_timeout(&remote.into(), t)?,
            None => self.state.0.connect(&remote.into())?,
        }
        Ok(Tcp::client(self.state.0))
    }
    // ANCHOR_END: transitions

    /// The bound address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        sock_addr(&self.state.0.local_addr()?)
    }
}

/// `socket.bind(addr, port)`: master, bind, listen in one call.
pub fn bind(local: SocketAddr, backlog: i32) -> io::Result<Tcp<Server>> {
    Tcp::master(local)?.bind(local)?.listen(backlog)
}

/// `socket.connect(addr, port, locaddr, locport)`: master, an optional bind
/// to a local address (port 0: any), connect.
pub fn connect(remote: SocketAddr, local: Option<SocketAddr>) -> io::Result<Tcp<Client>> {
    let master = Tcp::master(remote)?;
    let master = match local {
        Some(local) => master.bind(local)?,
        None => master,
    };
    master.connect(remote, None)
}

impl Tcp<Server> {
    // ANCHOR: accept
    /// Waits for a connection and returns the client socket for it.
    pub fn accept(&self) -> io::Result<Tcp<Client>> {
        let (socket, _) = self.state.0.accept()?;
        Ok(Tcp::client(socket))
    }
    // ANCHOR_END: accept

    /// Limits how long [`Tcp::accept`] waits (`None`: forever). On Linux the
    /// receive timeout of a listening socket applies to `accept`.
    pub fn set_accept_timeout(&self, t: Option<Duration>) -> io::Result<()> {
        self.state.0.set_read_timeout(t)
    }

    /// The address it listens on (`getsockname`).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        sock_addr(&self.state.0.local_addr()?)
    }

    /// The listener as a `std` type, for code that takes one.
    pub fn into_listener(self) -> std::net::TcpListener {
        self.state.0.into()
    }
}

impl Tcp<Client> {
    fn client(socket: Socket) -> Self {
        Tcp {
            state: Client(Stream::new(socket)),
        }
    }

    /// Its own address (`getsockname`): often an ephemeral port.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        sock_addr(&self.state.0.get_ref().local_addr()?)
    }

    /// The other end's address (`getpeername`).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        sock_addr(&self.state.0.get_ref().peer_addr()?)
    }

    /// `settimeout` for receives, and the same block timeout for sends.
    pub fn set_timeouts(&mut self, t: Timeouts) -> io::Result<()> {
        self.state
            .0
            .get_ref()
            .set_write_timeout(t.block.or(t.total))?;
        self.state.0.set_timeouts(t);
        Ok(())
    }

    /// Stops sending (the peer reads end of file); receiving still works.
    pub fn shutdown_send(&self) -> io::Result<()> {
        self.state.0.get_ref().shutdown(std::net::Shutdown::Write)
    }
}

/// A client is a [`Stream`]: `receive`, `send` and `send_all` come from there.
impl Deref for Tcp<Client> {
    type Target = Stream<Socket>;

    fn deref(&self) -> &Self::Target {
        &self.state.0
    }
}

impl DerefMut for Tcp<Client> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.state.0
    }
}
