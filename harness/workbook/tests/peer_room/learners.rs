//! What learners do in the room's tests, through the harness's own
//! clients: send mail, read mail, log in over HTTP, ask DNS.

use std::net::SocketAddr;
use std::sync::{Arc, Barrier};

use harness::http::{Driver, RawResponse};
use harness::mail::sasl::encode_base64;
use harness::mail::{Account, Pop3Client, SmtpClient};

/// Learner `i`'s message to learner `i + 1` (the last writes to the first).
pub fn send_to_next(smtp: SocketAddr, class: &[Account], i: usize) -> Result<(), String> {
    let (me, next) = (&class[i], &class[(i + 1) % class.len()]);
    let (mut c, greeting) = SmtpClient::connect(smtp).map_err(|e| e.to_string())?;
    let login = c.login(&me.user, &me.password).map_err(|e| e.to_string())?;
    if greeting.code != 220 || login.code != 235 {
        return Err(format!(
            "{}: greeting {greeting:?}, AUTH {login:?}",
            me.user
        ));
    }
    let text = format!(
        "Subject: from {}\n\nhello {}, from {}\n",
        me.user, next.user, me.user
    );
    let done = c.send_mail(&me.address, &[&next.address], &text);
    let done = done.map_err(|e| format!("{}: {e}", me.user))?;
    c.quit().map_err(|e| e.to_string())?;
    (done.code == 250)
        .then_some(())
        .ok_or(format!("{}: {done:?}", me.user))
}

/// Learner `i`'s maildrop, as POP3 gives it.
pub fn read_mail(pop3: SocketAddr, who: &Account) -> Result<Vec<String>, String> {
    let (mut c, greeting) = Pop3Client::connect(pop3).map_err(|e| e.to_string())?;
    if !greeting.starts_with("+OK") {
        return Err(greeting);
    }
    c.login(&who.user, &who.password)
        .map_err(|e| e.to_string())?;
    let mail = c.retrieve_all().map_err(|e| e.to_string())?;
    c.quit().map_err(|e| e.to_string())?;
    Ok(mail
        .iter()
        .map(|m| String::from_utf8_lossy(m).into_owned())
        .collect())
}

/// Runs `f(i)` for every learner on its own thread, all starting together.
pub fn everyone<T: Send + 'static>(
    n: usize,
    f: impl Fn(usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let (f, start) = (Arc::new(f), Arc::new(Barrier::new(n)));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let (f, start) = (f.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                f(i)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

/// `GET /whoami` with these Basic credentials (none when `None`).
pub fn whoami(http: SocketAddr, login: Option<(&str, &str)>) -> RawResponse {
    let auth = login.map_or(String::new(), |(u, p)| {
        format!(
            "Authorization: Basic {}\r\n",
            encode_base64(format!("{u}:{p}").as_bytes())
        )
    });
    let mut d = Driver::connect(http).unwrap();
    let request = format!("GET /whoami HTTP/1.1\r\nHost: class\r\n{auth}Connection: close\r\n\r\n");
    d.send(request.as_bytes()).unwrap();
    d.read_response(false).unwrap()
}

/// The A or PTR answer for `name`: (rcode, reply).
pub fn ask_dns(dns: SocketAddr, name: &str, qtype: u16) -> (u8, Vec<u8>) {
    let reply =
        harness::dns::client::ask_udp(dns, &harness::dns::client::query(7, name, qtype)).unwrap();
    assert_eq!(&reply[..2], &[0, 7], "the reply's id");
    (reply[3] & 0x0f, reply)
}
