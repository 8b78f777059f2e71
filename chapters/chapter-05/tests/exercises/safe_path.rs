use std::path::Path;

use chapter_05::exercises::safe_path::{Refusal, resolve};

/// A root with `index.html`, `sub/page.txt`, and a `secret.txt` beside it,
/// plus a symlink inside pointing at the secret and one pointing inside.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("www");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("index.html"), "home").unwrap();
    std::fs::write(root.join("sub/page.txt"), "page").unwrap();
    std::fs::write(root.join("a..b.txt"), "dots").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    use std::os::unix::fs::{symlink as symlink_dir, symlink as symlink_file};
    // Windows makes symbolic links in Developer Mode or as administrator only.
    #[cfg(windows)]
    use std::os::windows::fs::{symlink_dir, symlink_file};
    symlink_file(dir.path().join("secret.txt"), root.join("leak")).unwrap();
    symlink_dir(root.join("sub"), root.join("inside")).unwrap();
    (dir, root)
}

fn name_of(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn serves_files_under_the_root() {
    let (_dir, root) = site();
    for (target, name) in [
        ("/index.html", "index.html"),
        ("/sub/page.txt?x=1", "page.txt"),
        ("/sub//./page.txt", "page.txt"),
        ("/%73ub/page%2Etxt", "page.txt"),
        ("/a..b.txt", "a..b.txt"),
        ("/inside/page.txt", "page.txt"),
    ] {
        let got = resolve(&root, target);
        expect_eq!(
            got.as_ref().map(|p| name_of(p)),
            Ok(name.to_string()),
            "{target}"
        );
        let got = got.unwrap();
        assert!(
            got.starts_with(root.canonicalize().unwrap()),
            "{target}: {} is not under the root",
            got.display()
        );
    }
}

/// A `..` is refused once decoded, before the file system is asked: a
/// missing file outside the root is 403 too, not a 404 that would tell what
/// exists out there, and a path that leaves the root and comes back in is
/// refused as well.
#[test]
fn refuses_every_traversal_encoding() {
    let (_dir, root) = site();
    for target in [
        "/../secret.txt",
        "/%2e%2e/missing.txt",
        "/..%2fmissing.txt",
        "/.%2E/www/index.html",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2e/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/..%2fsecret.txt",
        "/sub%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/sub/..",
    ] {
        expect_eq!(resolve(&root, target), Err(Refusal::Forbidden), "{target}");
    }
}

#[test]
fn refuses_a_symlink_that_leaves_the_root() {
    let (_dir, root) = site();
    expect_eq!(resolve(&root, "/leak"), Err(Refusal::Forbidden));
}

#[test]
fn malformed_and_missing() {
    let (_dir, root) = site();
    for target in ["index.html", "/%zz", "/%4", "/a%00b"] {
        expect_eq!(resolve(&root, target), Err(Refusal::BadRequest), "{target}");
    }
    expect_eq!(resolve(&root, "/nothing.html"), Err(Refusal::NotFound));
    expect_eq!(
        resolve(&root, "/%252e%252e/secret.txt"),
        Err(Refusal::NotFound)
    );
}
