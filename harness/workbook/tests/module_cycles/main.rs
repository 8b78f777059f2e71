//! No module cycles in any package of the workspace.
//!
//! Each crate's modules form a tree; a use of one module by another is an
//! edge between the two *siblings* under their nearest common ancestor (so
//! `peer::conn` using `smtp::store` is an edge `peer → smtp` under the crate
//! root). Uses between a module and its own ancestors or descendants are
//! not edges: a parent re-exporting its children and children using their
//! parent's items are how a module is built. A cycle among siblings means
//! two modules that cannot be read, tested or moved one without the other,
//! which is what this test forbids.
//!
//! A use is any path starting with `crate`, `self`, `super` or the name of
//! a child module, in `use` trees, in code and in macro arguments; paths
//! through re-exports (`pub use child::Item`) are followed to the module
//! that defines the item.
//!
//! # Layout
//! - `tree`: the module tree of one crate (`Crate`), read with `syn`, and
//!   its sibling edges.
//! - `collect`: the paths one file mentions (`Collector`).
//! - this file: `cycles` (the strongly connected components of the sibling
//!   graph under each module), the crate roots of every workspace member,
//!   and the tests.

mod collect;
mod tree;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tree::Crate;

/// The cycles among siblings: each strongly connected component of two or
/// more modules, with the edges inside it.
fn cycles(krate: &Crate) -> Vec<String> {
    let mut found = Vec::new();
    for (parent, edges) in krate.edges() {
        let nodes: BTreeSet<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
        // Reachability by repeated search: the graphs are tiny.
        let reach = |from: &String| {
            let mut seen = BTreeSet::from([from.clone()]);
            let mut todo = vec![from.clone()];
            while let Some(n) = todo.pop() {
                for (a, b) in edges.keys() {
                    if *a == n && seen.insert(b.clone()) {
                        todo.push(b.clone());
                    }
                }
            }
            seen
        };
        let mut done = BTreeSet::new();
        for n in &nodes {
            if done.contains(*n) {
                continue;
            }
            let from_n = reach(n);
            let component: BTreeSet<String> = from_n
                .iter()
                .filter(|m| reach(m).contains(*n))
                .cloned()
                .collect();
            done.extend(component.iter().cloned());
            if component.len() < 2 {
                continue;
            }
            let under = if parent.is_empty() {
                "the crate root".to_string()
            } else {
                parent.join("::")
            };
            let mut text = format!(
                "cycle under {under}: {}\n",
                component.iter().cloned().collect::<Vec<_>>().join(" ↔ ")
            );
            for ((a, b), example) in &edges {
                if component.contains(a) && component.contains(b) {
                    text.push_str(&format!("    {a} → {b}: {example}\n"));
                }
            }
            found.push(text);
        }
    }
    found
}

/// Every crate root (`lib.rs`, `main.rs`, `bin/*.rs`) of every member.
fn crate_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let members = manifest["workspace"]["members"].as_array().unwrap();
    let mut roots = Vec::new();
    for member in members {
        let src = root.join(member.as_str().unwrap()).join("src");
        roots.extend(
            ["lib.rs", "main.rs"]
                .map(|f| src.join(f))
                .into_iter()
                .filter(|p| p.exists()),
        );
        if let Ok(bins) = std::fs::read_dir(src.join("bin")) {
            roots.extend(
                bins.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "rs")),
            );
        }
    }
    roots.sort();
    roots
}

#[test]
fn no_package_has_a_module_cycle() {
    let roots = crate_roots();
    assert!(roots.len() > 12, "found only {roots:?}");
    let mut report = String::new();
    for root in &roots {
        for cycle in cycles(&Crate::read(root)) {
            report.push_str(&format!("{}: {cycle}", root.display()));
        }
    }
    assert!(report.is_empty(), "module cycles:\n{report}");
}

#[test]
fn the_check_finds_a_cycle_between_siblings_and_ignores_parent_and_child() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(
        src.join("lib.rs"),
        "mod a;\nmod b;\nmod c;\npub use a::A;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("a.rs"),
        "mod inner;\npub struct A;\npub fn f() { crate::b::g() }\n",
    )
    .unwrap();
    std::fs::create_dir(src.join("a")).unwrap();
    std::fs::write(src.join("a/inner.rs"), "use super::A;\n").unwrap();
    // b reaches a through the root's re-export: still an edge b → a.
    std::fs::write(src.join("b.rs"), "pub fn g() { let _ = crate::A; }\n").unwrap();
    std::fs::write(
        src.join("c.rs"),
        "pub fn h() { format!(\"{}\", crate::b::g()); }\n",
    )
    .unwrap();
    let krate = Crate::read(&src.join("lib.rs"));
    let edges = &krate.edges()[&Vec::new()];
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert!(
        edges.contains_key(&pair("c", "b")),
        "a path inside format!: {edges:?}"
    );
    assert!(!edges.keys().any(|(a, _)| a == "inner"), "{edges:?}");
    let found = cycles(&krate);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("cycle under the crate root: a ↔ b\n"),
        "{}",
        found[0]
    );
}
