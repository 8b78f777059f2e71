//! Resolving a relative reference against a base URL (RFC 3986 §5.2).
//!
//! A page at `http://a/b/c/d;p?q` that links to `../g` means `http://a/b/g`.
//! The algorithm splits both references into RFC 3986's five parts (scheme,
//! authority, path, query, fragment — Appendix B's regular expression),
//! takes each part from the reference or the base by the rules of §5.2.2,
//! merges paths (§5.2.3), removes `.` and `..` segments (§5.2.4), and joins
//! the parts again (§5.3). Every example of §5.4 is a test.
//!
//! Here `;params` are part of the path, as RFC 3986 says; LuaSocket 3.1
//! splits them off first and so differs on `;x`, and it removes dot
//! segments from the query and fragment as well (see
//! `fixtures/corpus/url-absolute/README.md`).
//!
//! Layout: [`Reference`] and its split/join, [`remove_dot_segments`],
//! [`absolute`].

/// A URI reference in RFC 3986's five parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reference<'a> {
    /// Before the first `:`, if that comes before any `/?#`.
    pub scheme: Option<&'a str>,
    /// After `//`, up to the next `/?#`.
    pub authority: Option<&'a str>,
    /// Up to the first `?` or `#`.
    pub path: &'a str,
    /// After `?`, up to `#`.
    pub query: Option<&'a str>,
    /// After `#`.
    pub fragment: Option<&'a str>,
}

impl<'a> Reference<'a> {
    /// Splits `s` as Appendix B's expression does; every string splits.
    pub fn split(s: &'a str) -> Self {
        let mut r = Reference::default();
        let (rest, fragment) = match s.split_once('#') {
            Some((a, f)) => (a, Some(f)),
            None => (s, None),
        };
        r.fragment = fragment;
        let (mut rest, query) = match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        };
        r.query = query;
        if let Some(colon) = rest.find(':')
            && colon > 0
            && !rest[..colon].contains('/')
        {
            r.scheme = Some(&rest[..colon]);
            rest = &rest[colon + 1..];
        }
        if let Some(after) = rest.strip_prefix("//") {
            let end = after.find('/').unwrap_or(after.len());
            r.authority = Some(&after[..end]);
            rest = &after[end..];
        }
        r.path = rest;
        r
    }

    /// Joins the parts (RFC 3986 §5.3).
    pub fn join(&self) -> String {
        let mut out = String::new();
        if let Some(s) = self.scheme {
            out.push_str(s);
            out.push(':');
        }
        if let Some(a) = self.authority {
            out.push_str("//");
            out.push_str(a);
        }
        out.push_str(self.path);
        if let Some(q) = self.query {
            out.push('?');
            out.push_str(q);
        }
        if let Some(f) = self.fragment {
            out.push('#');
            out.push_str(f);
        }
        out
    }
}

// ANCHOR: remove_dot_segments
/// Removes `.` and `..` segments from a path (RFC 3986 §5.2.4), with the
/// RFC's input-buffer/output-buffer loop. Each pass shortens the input, so
/// the loop ends.
pub fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output = String::with_capacity(path.len());
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../").or(input.strip_prefix("./")) {
            input = rest; // A: a leading ./ or ../ means nothing here
        } else if input.starts_with("/./") || input == "/." {
            input = &input[2..]; // B: "/./x" -> "/x", "/." -> "/"
            if input.is_empty() {
                output.push('/');
            }
        } else if input.starts_with("/../") || input == "/.." {
            input = &input[3..]; // C: go up: drop the last output segment
            output.truncate(output.rfind('/').unwrap_or(0));
            if input.is_empty() {
                output.push('/');
            }
        } else if input == "." || input == ".." {
            input = ""; // D
        } else {
            // E: move the first segment (with its leading "/") to the output.
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            output.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    output
}
// ANCHOR_END: remove_dot_segments

/// Merges a relative path onto the base's (RFC 3986 §5.2.3).
fn merge(base: &Reference<'_>, path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{path}");
    }
    match base.path.rfind('/') {
        Some(slash) => format!("{}{path}", &base.path[..=slash]),
        None => path.to_string(),
    }
}

// ANCHOR: absolute
/// The absolute form of `relative` against `base` (RFC 3986 §5.2.2).
pub fn absolute(base: &str, relative: &str) -> String {
    let b = Reference::split(base);
    let r = Reference::split(relative);
    let path: String;
    let mut t = Reference {
        fragment: r.fragment,
        ..Reference::default()
    };
    if r.scheme.is_some() {
        path = remove_dot_segments(r.path);
        (t.scheme, t.authority, t.query) = (r.scheme, r.authority, r.query);
    } else if r.authority.is_some() {
        path = remove_dot_segments(r.path);
        (t.authority, t.query) = (r.authority, r.query);
    } else if r.path.is_empty() {
        path = b.path.to_string();
        t.query = r.query.or(b.query);
    } else if r.path.starts_with('/') {
        path = remove_dot_segments(r.path);
        t.query = r.query;
    } else {
        path = remove_dot_segments(&merge(&b, r.path));
        t.query = r.query;
    }
    if r.scheme.is_none() {
        t.scheme = b.scheme;
        if r.authority.is_none() {
            t.authority = b.authority;
        }
    }
    t.path = &path;
    t.join()
}
// ANCHOR_END: absolute
