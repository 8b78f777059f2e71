use chapter_05::exercises::dir_listing::{list_dir, listing_items};

#[test]
fn lists_sorted_with_directories_marked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.txt"), "").unwrap();
    std::fs::write(dir.path().join("a.txt"), "").unwrap();
    std::fs::create_dir(dir.path().join("c")).unwrap();
    expect_eq!(list_dir(dir.path()).unwrap(), ["a.txt", "b.txt", "c/"]);
    assert!(list_dir(&dir.path().join("missing")).is_err());
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
