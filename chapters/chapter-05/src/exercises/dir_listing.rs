//! Exercise: a directory listing (000's "add support for directory listing").
//!
//! Two parts: reading a directory, and turning names into HTML list items
//! that are safe to show (HTML-escaped) and to follow (percent-encoded).

use std::io;
use std::path::Path;

/// The names in `dir`, sorted, each directory with a trailing `/`.
pub fn list_dir(dir: &Path) -> io::Result<Vec<String>> {
    // TODO: the names as the doc comment says; an unreadable directory is
    // an error.
    let _ = dir;
    todo!("list the directory")
}

/// One `<li><a href="LINK">TEXT</a></li>` line (ending in `\n`) per name:
/// LINK percent-encoded (`%XX`, upper-case hex, for every byte but
/// `A-Za-z0-9-._~`; a final `/` is kept as is), TEXT HTML-escaped
/// (`&` `<` `>` `"` `'` as `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`).
pub fn listing_items(names: &[String]) -> String {
    // TODO: the lines as the doc comment shows, one per name, in order.
    let _ = names;
    todo!("the list items")
}
