use chapter_05::exercises::dir_listing::{list_dir, listing_items};

/// The directory's own order is arbitrary (creation order on some file
/// systems, a hash on others), so enough names that it is almost never
/// sorted by chance.
#[test]
fn lists_sorted_with_directories_marked() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["h.txt", "b.txt", "f.txt", "a.txt", "g.txt", "d.txt"] {
        std::fs::write(dir.path().join(name), "").unwrap();
    }
    for name in ["e", "c"] {
        std::fs::create_dir(dir.path().join(name)).unwrap();
    }
    expect_eq!(
        list_dir(dir.path()).unwrap(),
        [
            "a.txt", "b.txt", "c/", "d.txt", "e/", "f.txt", "g.txt", "h.txt"
        ]
    );
    expect_eq!(
        list_dir(&dir.path().join("missing")).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::NotFound)
    );
}

#[test]
fn escapes_text_and_encodes_links() {
    let names = [
        "plain.txt".to_string(),
        "<b>&'\".txt".into(),
        "a b#c".into(),
        "dir/".into(),
    ];
    expect_eq!(
        listing_items(&names),
        "<li><a href=\"plain.txt\">plain.txt</a></li>\n\
         <li><a href=\"%3Cb%3E%26%27%22.txt\">&lt;b&gt;&amp;&#39;&quot;.txt</a></li>\n\
         <li><a href=\"a%20b%23c\">a b#c</a></li>\n\
         <li><a href=\"dir/\">dir/</a></li>\n"
    );
}
