//! Exercise: following redirects.
//!
//! After each response, decide what to request next:
//! - Only 301, 302, 303, 307 and 308 with a `Location` redirect; anything
//!   else (or a redirect status without Location) is [`Next::Done`].
//! - When `followed` has reached `limit`, stop with [`RedirectError::TooMany`].
//! - 303 turns any method but HEAD into GET; 301 and 302 turn POST into GET
//!   (what browsers do, RFC 9110 §15.4); 307 and 308 keep the method.
//! - Resolve Location against `url`: an absolute `http://…` is used as is;
//!   `//host/p` keeps the scheme; `/p` keeps scheme and authority; `p`
//!   replaces the last segment of the path. Drop any `#fragment`.

/// What to do after a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Not a redirect (or one without Location): this response is the answer.
    Done,
    /// Send `method` to `url` next.
    Follow {
        /// The absolute URL to request.
        url: String,
        /// The method to use.
        method: String,
    },
}

/// Why following stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectError {
    /// `followed` already reached `limit`.
    TooMany,
}

/// Decides the next request after `status` (with `location`) answered
/// `method` on `url`, having already `followed` redirects of at most `limit`.
pub fn next_step(
    url: &str,
    method: &str,
    status: u16,
    location: Option<&str>,
    followed: usize,
    limit: usize,
) -> Result<Next, RedirectError> {
    // TODO: Done unless a redirect status with a Location.
    // TODO: the limit; the method rule; resolve the Location.
    let _ = (url, method, status, location, followed, limit);
    todo!("decide the next step")
}
