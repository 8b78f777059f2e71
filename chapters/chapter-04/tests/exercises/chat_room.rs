//! `chat_room`: login, broadcast, private messages, leaving.

use chapter_04::exercises::chat_room::{ChatRoom, Delivery};

fn d(to: u32, text: &str) -> Delivery {
    Delivery {
        to,
        text: text.into(),
    }
}

fn room() -> ChatRoom {
    let mut r = ChatRoom::new(&[("ann", "pw1"), ("bob", "pw2"), ("cy", "pw3")]);
    for id in 1..=3 {
        r.join(id);
    }
    r
}

#[test]
fn nothing_before_a_login() {
    let mut r = room();
    expect_eq!(r.line(1, "hello"), vec![d(1, "login first")]);
    expect_eq!(r.line(1, "/login ann wrong"), vec![d(1, "login failed")]);
    expect_eq!(r.line(1, "/login eve pw1"), vec![d(1, "login failed")]);
    expect_eq!(r.line(1, "/login ann pw1"), vec![d(1, "welcome ann")]);
}

#[test]
fn broadcasts_to_the_other_logged_in_clients() {
    let mut r = room();
    r.line(1, "/login ann pw1");
    r.line(2, "/login bob pw2");
    // Client 3 is connected but not logged in: it hears nothing.
    expect_eq!(r.line(1, "hi all"), vec![d(2, "ann: hi all")]);
    r.line(3, "/login cy pw3");
    expect_eq!(r.line(2, "yo"), vec![d(1, "bob: yo"), d(3, "bob: yo")]);
}

#[test]
fn private_messages_reach_one_client() {
    let mut r = room();
    for (id, l) in [
        (1, "/login ann pw1"),
        (2, "/login bob pw2"),
        (3, "/login cy pw3"),
    ] {
        r.line(id, l);
    }
    expect_eq!(
        r.line(1, "/msg cy psst, a secret"),
        vec![d(3, "[ann] psst, a secret")]
    );
    expect_eq!(r.line(1, "/msg dan hello"), vec![d(1, "no such user dan")]);
}

#[test]
fn leaving_is_announced_and_frees_the_name() {
    let mut r = room();
    r.line(1, "/login ann pw1");
    r.line(2, "/login bob pw2");
    expect_eq!(r.leave(1), vec![d(2, "ann left")]);
    expect_eq!(r.line(2, "/msg ann hi"), vec![d(2, "no such user ann")]);
    expect_eq!(r.leave(3), vec![]);
    expect_eq!(r.line(9, "who am I"), vec![]);
}
