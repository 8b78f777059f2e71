//! Reading a whole DNS message: header, then each section in turn.
//!
//! A `Reader` walks the bytes with a cursor and checks every length before
//! it slices, so no input (cut, garbage, or hostile) can make the parser
//! panic or read out of bounds: it returns a [`WireError`] saying where the
//! message went wrong. Counts in the header are not trusted to size memory:
//! each record needs at least 11 bytes, so a count the message cannot hold
//! fails at the first missing byte instead of allocating.
//!
//! Layout: [`Message::parse`], [`Message::rcode`], [`peek_header`]; the
//! private `Reader` with one method per field kind.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::name::read_name;
use super::{Header, Message, Question, RData, Rcode, Record, RecordType, WireError};

/// A cursor over the message's bytes.
struct Reader<'a> {
    msg: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let bytes = self
            .msg
            .get(self.pos..self.pos + n)
            .ok_or(WireError::Truncated(self.msg.len()))?;
        self.pos += n;
        Ok(bytes)
    }

    fn u16(&mut self) -> Result<u16, WireError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, WireError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn name(&mut self) -> Result<String, WireError> {
        let (name, next) = read_name(self.msg, self.pos)?;
        self.pos = next;
        Ok(name)
    }

    fn header(&mut self) -> Result<(Header, [u16; 4]), WireError> {
        let id = self.u16()?;
        let flags = self.u16()?;
        let bit = |n: u16| flags & (1 << n) != 0;
        let header = Header {
            id,
            response: bit(15),
            authoritative: bit(10),
            truncated: bit(9),
            recursion_desired: bit(8),
            recursion_available: bit(7),
            rcode: Rcode::from_code((flags & 0x0f) as u8),
        };
        let counts = [self.u16()?, self.u16()?, self.u16()?, self.u16()?];
        Ok((header, counts))
    }

    fn question(&mut self) -> Result<Question, WireError> {
        Ok(Question {
            name: self.name()?,
            qtype: RecordType::from_code(self.u16()?),
            qclass: self.u16()?,
        })
    }

    fn record(&mut self) -> Result<Record, WireError> {
        let name = self.name()?;
        let rtype = RecordType::from_code(self.u16()?);
        let class = self.u16()?;
        let ttl = self.u32()?;
        let len = usize::from(self.u16()?);
        let start = self.pos;
        let bytes = self.take(len)?;
        let data = match rtype {
            RecordType::A => RData::A(Ipv4Addr::from(
                <[u8; 4]>::try_from(bytes).map_err(|_| WireError::BadRdata { rtype, len })?,
            )),
            RecordType::Aaaa => RData::Aaaa(Ipv6Addr::from(
                <[u8; 16]>::try_from(bytes).map_err(|_| WireError::BadRdata { rtype, len })?,
            )),
            RecordType::Cname | RecordType::Ptr => {
                // The target may be compressed: read it in the whole message,
                // but it must end exactly where the record's data ends.
                let (target, end) = read_name(self.msg, start)?;
                if end != start + len {
                    return Err(WireError::BadRdata { rtype, len });
                }
                if rtype == RecordType::Cname {
                    RData::Cname(target)
                } else {
                    RData::Ptr(target)
                }
            }
            RecordType::Other(_) => RData::Other(bytes.to_vec()),
        };
        Ok(Record {
            name,
            rtype,
            class,
            ttl,
            data,
        })
    }

    fn records(&mut self, count: u16) -> Result<Vec<Record>, WireError> {
        // Not `with_capacity(count)`: the count comes from the peer.
        let mut out = Vec::new();
        for _ in 0..count {
            out.push(self.record()?);
        }
        Ok(out)
    }
}

// ANCHOR: parse
impl Message {
    /// Parses a complete message. Any defect is an error, never a panic.
    pub fn parse(msg: &[u8]) -> Result<Message, WireError> {
        let mut r = Reader { msg, pos: 0 };
        let (header, [qd, an, ns, ar]) = r.header()?;
        let mut questions = Vec::new();
        for _ in 0..qd {
            questions.push(r.question()?);
        }
        let answers = r.records(an)?;
        let authority = r.records(ns)?;
        let additional = r.records(ar)?;
        if r.pos != msg.len() {
            return Err(WireError::TrailingBytes(msg.len() - r.pos));
        }
        Ok(Message {
            header,
            questions,
            answers,
            authority,
            additional,
        })
    }
}
// ANCHOR_END: parse

impl Message {
    /// The response code.
    pub fn rcode(&self) -> Rcode {
        self.header.rcode
    }
}

/// Reads only the header: enough to tell whether a datagram is the reply we
/// wait for (its id) and whether it was cut (TC), even if the rest is junk.
pub fn peek_header(msg: &[u8]) -> Result<Header, WireError> {
    Reader { msg, pos: 0 }.header().map(|(header, _)| header)
}
