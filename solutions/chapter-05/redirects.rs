//! Exercise: following redirects.
//!
//! Reference solution. See the stub in chapters/chapter-05/src/exercises/ for the task.

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
    let Some(location) = location.filter(|_| matches!(status, 301 | 302 | 303 | 307 | 308)) else {
        return Ok(Next::Done);
    };
    if followed >= limit {
        return Err(RedirectError::TooMany);
    }
    let method = match (status, method) {
        (303, "HEAD") => "HEAD",
        (303, _) | (301 | 302, "POST") => "GET",
        (_, m) => m,
    };
    Ok(Next::Follow {
        url: join(url, location.trim()),
        method: method.into(),
    })
}

/// `location` resolved against the absolute `base`.
fn join(base: &str, location: &str) -> String {
    let location = location.split('#').next().unwrap_or("");
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let slash = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(slash);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let target = if location.starts_with('/') {
        location.to_string()
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let dir = if dir.is_empty() { "/" } else { dir };
        format!("{dir}{location}")
    };
    format!("{scheme}://{authority}{target}")
}
