//! Tests of the `chat_room` exercise (filter `chat_room::`).

use crate::common::{addr, chat_over_udp, texts};
use chapter_03::exercises::chat_room::{ChatRoom, MAX_MESSAGE};
use harness::strategies::Bytes;
use proptest::prelude::*;
use std::time::Duration;

const IDLE: Duration = Duration::from_secs(60);
fn at(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

fn room_with_ann_and_bob() -> ChatRoom {
    let mut room = ChatRoom::new(IDLE);
    room.on_datagram(addr(1), b"/join ann\n", at(0));
    room.on_datagram(addr(2), b"/join bob", at(1));
    room
}

#[test]
fn joining_welcomes_and_tells_the_others() {
    let mut room = ChatRoom::new(IDLE);
    expect_eq!(
        texts(&room.on_datagram(addr(1), b"/join ann\r\n", at(0))),
        ["to 1: * welcome ann, 1 here"]
    );
    expect_eq!(
        texts(&room.on_datagram(addr(2), b"/join bob", at(1))),
        ["to 2: * welcome bob, 2 here", "to 1: * bob joined"]
    );
    expect_eq!(room.members(), ["ann", "bob"]);
}

#[test]
fn messages_go_to_every_other_member_in_join_order() {
    let mut room = room_with_ann_and_bob();
    // Joining in neither address nor name order: a map keyed by either
    // (or a `HashMap`'s arbitrary order) sends in another order.
    for (n, name) in [(9, "zed"), (4, "cy"), (6, "al"), (3, "dee")] {
        room.on_datagram(addr(n), format!("/join {name}").as_bytes(), at(2));
    }
    expect_eq!(
        texts(&room.on_datagram(addr(2), b"hi all\n", at(3))),
        [
            "to 1: bob: hi all",
            "to 9: bob: hi all",
            "to 4: bob: hi all",
            "to 6: bob: hi all",
            "to 3: bob: hi all"
        ]
    );
}

#[test]
fn strangers_bad_names_and_taken_names_are_refused() {
    let mut room = room_with_ann_and_bob();
    expect_eq!(
        texts(&room.on_datagram(addr(9), b"hello?", at(2))),
        ["to 9: * join first: /join NAME"]
    );
    expect_eq!(
        texts(&room.on_datagram(addr(9), b"/join no spaces", at(2))),
        ["to 9: * bad name"]
    );
    expect_eq!(
        texts(&room.on_datagram(addr(9), b"/join ", at(2))),
        ["to 9: * bad name"]
    );
    expect_eq!(
        texts(&room.on_datagram(addr(9), b"/join ann", at(2))),
        ["to 9: * ann is taken"]
    );
    // A member is told who they are before the name is looked at.
    expect_eq!(
        texts(&room.on_datagram(addr(1), b"/join zed", at(2))),
        ["to 1: * you are ann"]
    );
    expect_eq!(
        texts(&room.on_datagram(addr(1), b"/join ann", at(2))),
        ["to 1: * you are ann"]
    );
    expect_eq!(
        texts(&room.on_datagram(addr(2), b"/join no spaces", at(2))),
        ["to 2: * you are bob"]
    );
    expect_eq!(room.members(), ["ann", "bob"]);
}

#[test]
fn leaving_says_bye_and_tells_the_others() {
    let mut room = room_with_ann_and_bob();
    expect_eq!(
        texts(&room.on_datagram(addr(1), b"/leave\n", at(5))),
        ["to 1: * bye ann", "to 2: * ann left"]
    );
    expect_eq!(room.members(), ["bob"]);
    expect_eq!(
        texts(&room.on_datagram(addr(1), b"still here?", at(6))),
        ["to 1: * join first: /join NAME"]
    );
}

#[test]
fn silent_members_expire_and_talking_keeps_a_member() {
    let mut room = room_with_ann_and_bob(); // ann heard at 0, bob at 1
    assert!(room.expire(at(59)).is_empty());
    room.on_datagram(addr(2), b"still here", at(50));
    expect_eq!(texts(&room.expire(at(60))), ["to 2: * ann timed out"]);
    expect_eq!(room.members(), ["bob"]);
    // bob talked at 50: still here at 109, gone at 110.
    assert!(room.expire(at(109)).is_empty());
    expect_eq!(room.members(), ["bob"]);
    assert!(room.expire(at(110)).is_empty(), "nobody left to tell");
    assert!(room.members().is_empty());
}

#[test]
fn an_over_long_message_is_refused() {
    let mut room = room_with_ann_and_bob();
    let long = vec![b'x'; MAX_MESSAGE + 1];
    expect_eq!(
        texts(&room.on_datagram(addr(1), &long, at(2))),
        ["to 1: * too long"]
    );
}

#[test]
fn relays_between_real_sockets() {
    let got = chat_over_udp(ChatRoom::new(IDLE), |room, from, data, now| {
        room.on_datagram(from, data, now)
    });
    expect_eq!(
        got,
        [
            "* welcome ann, 1 here",
            "* bob joined",
            "bob: hello over UDP"
        ]
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    /// Any datagrams from a few senders, at any times: no panic, at most one
    /// member per name, and nobody gets their own message relayed back.
    #[test]
    fn arbitrary_traffic_keeps_the_room_consistent(
        steps in prop::collection::vec(
            (0u16..4, prop::sample::select(vec![
                Bytes(b"/join ann".to_vec()), Bytes(b"/join bob".to_vec()),
                Bytes(b"/leave".to_vec()), Bytes(b"hello".to_vec()),
                Bytes(b"/join".to_vec()), Bytes(vec![0xff; 600]),
            ]), 0u64..200),
            0..40,
        )
    ) {
        let mut room = ChatRoom::new(IDLE);
        let mut now = 0;
        for (who, data, dt) in steps {
            now += dt;
            let sent = room.on_datagram(addr(who), &data, at(now));
            if data == *b"hello" {
                // Only server notices (`* ...`) go back to the sender.
                let back: Vec<String> = texts(&sent)
                    .into_iter()
                    .filter(|t| t.starts_with(&format!("to {who}: ")))
                    .filter(|t| !t.starts_with(&format!("to {who}: * ")))
                    .collect();
                prop_expect_eq!(back, Vec::<String>::new(), "relayed back to its sender");
            }
            room.expire(at(now));
            let mut names = room.members();
            let n = names.len();
            names.sort();
            names.dedup();
            prop_expect_eq!(names.len(), n);
            prop_assert!(n <= 4);
        }
    }
}
