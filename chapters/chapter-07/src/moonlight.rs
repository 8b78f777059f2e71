//! The seed's message: Puck sends four lines of *A Midsummer Night's Dream*
//! (Act V, public domain) to Oberon and Titania, with a copy to the author
//! and a blind copy that no header reveals.
//!
//! Layout: [`VERSE`], [`SENDER`], [`moonlight`].

use crate::message::date::Stamp;
use crate::message::mime::TextEncoding;
use crate::message::{Mailbox, Message};

// ANCHOR: verse
/// Puck's lines (Shakespeare, *A Midsummer Night's Dream*, V.1).
pub const VERSE: &str = "Now the hungry lion roars,\n\
And the wolf behowls the moon;\n\
Whilst the heavy ploughman snores,\n\
All with weary task foredone.\n";
// ANCHOR_END: verse

/// The sender's address.
pub const SENDER: &str = "puck@fairy.example";

// ANCHOR: moonlight
/// The Moonlight message, dated `stamp`, its Message-ID drawn from `random`.
pub fn moonlight(stamp: Stamp, random: u64) -> Message {
    Message::new(Mailbox::new("Puck", SENDER), "Moonlight")
        .to(Mailbox::new("Oberon", "oberon@fairy.example"))
        .to(Mailbox::new("Titania", "titania@fairy.example"))
        .cc(Mailbox::new("William Shakespeare", "william@globe.example"))
        // The blind copy: in the envelope, in no header.
        .bcc(Mailbox::new("Nick Bottom", "bottom@athens.example"))
        .date(stamp)
        .message_id(stamp, random, "fairy.example")
        .text(VERSE, TextEncoding::EightBit)
}
// ANCHOR_END: moonlight
