//! Exercise `cname_chase`: turn a reply's answers into LuaSocket's triple.
//!
//! Asking for `www.example.test` may bring back `www.example.test CNAME
//! web.example.test`, `web.example.test CNAME host.example.test`, and
//! `host.example.test A 192.0.2.7`. A program wants: canonical name
//! `host.example.test`, aliases `[www.example.test, web.example.test]`,
//! addresses `[192.0.2.7]`.
//!
//! Layout: [`chase`].

use crate::dns::Record;
use crate::dns::resolve::{HostInfo, ResolveError};

// ANCHOR: stub
/// Follows the CNAME chain from `qname` through `answers` (in any order) and
/// collects the A and AAAA addresses owned by the chain's end, in the order
/// they appear. Names compare without regard to ASCII case; a final dot on
/// `qname` is dropped. A chain that comes back to a name already seen, or
/// has more than 16 links, is `Err(ResolveError::CnameLoop(qname))`.
/// Records owned by other names are ignored.
pub fn chase(qname: &str, answers: &[Record]) -> Result<HostInfo, ResolveError> {
    // TODO: return the `HostInfo`: the canonical name, the aliases met on
    // the way to it, and its addresses; or the loop error.
    let _ = (qname, answers);
    todo!()
}
// ANCHOR_END: stub
