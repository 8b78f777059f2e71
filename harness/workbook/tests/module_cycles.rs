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
//! - [`Crate`]: the module tree of one crate, read with `syn`.
//! - [`collect`]: the paths one file mentions.
//! - [`cycles`]: the sibling graph under each module and its strongly
//!   connected components.
//! - the test: every crate root of every workspace member.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

type ModPath = Vec<String>;

/// One file module: its path in the crate and what it imports.
#[derive(Debug, Default)]
struct Module {
    file: PathBuf,
    /// Names brought in by `use` at the file's top level, as absolute paths.
    imports: BTreeMap<String, ModPath>,
    /// Absolute paths the file mentions (already made absolute).
    mentions: Vec<ModPath>,
}

/// The module tree of one crate.
#[derive(Debug, Default)]
struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

impl Crate {
    fn read(root: &Path) -> Crate {
        let mut krate = Crate::default();
        krate.add(root, Vec::new(), true);
        krate
    }

    /// Reads `file` as module `path` and, recursively, its `mod x;` children.
    /// `owns_dir` is true for `lib.rs`, `main.rs` and `mod.rs`, whose children
    /// live beside them rather than in a folder named after them.
    fn add(&mut self, file: &Path, path: ModPath, owns_dir: bool) {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        let dir = if owns_dir {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        let children: Vec<String> = ast
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) if m.content.is_none() => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        let mut c = Collector {
            here: path.clone(),
            inline: Vec::new(),
            children: children.iter().cloned().collect(),
            imports: BTreeMap::new(),
            mentions: Vec::new(),
        };
        c.visit_file(&ast);
        self.modules.insert(
            path.clone(),
            Module {
                file: file.to_path_buf(),
                imports: c.imports,
                mentions: c.mentions,
            },
        );
        for name in children {
            let flat = dir.join(format!("{name}.rs"));
            let nested = dir.join(&name).join("mod.rs");
            let mut child = path.clone();
            child.push(name);
            if flat.exists() {
                self.add(&flat, child, false);
            } else if nested.exists() {
                self.add(&nested, child, true);
            }
        }
    }

    /// The module that defines what `path` names, following imports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<ModPath> {
        let k = (0..=path.len())
            .rev()
            .find(|&k| self.modules.contains_key(&path[..k]))?;
        let module = &self.modules[&path[..k]];
        if depth < 8
            && let Some(first) = path.get(k)
            && let Some(target) = module.imports.get(first)
            && target.as_slice() != path
        {
            let mut next = target.clone();
            next.extend_from_slice(&path[k + 1..]);
            return self.resolve(&next, depth + 1).or(Some(path[..k].to_vec()));
        }
        Some(path[..k].to_vec())
    }

    /// Sibling edges under each parent, with one example of each.
    fn edges(&self) -> BTreeMap<ModPath, BTreeMap<(String, String), String>> {
        let mut out: BTreeMap<ModPath, BTreeMap<(String, String), String>> = BTreeMap::new();
        for (from, module) in &self.modules {
            for mention in &module.mentions {
                let Some(to) = self.resolve(mention, 0) else {
                    continue;
                };
                let k = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
                if k == from.len() || k == to.len() {
                    continue; // the same module, an ancestor or a descendant
                }
                let example = format!("{} mentions {}", module.file.display(), mention.join("::"));
                out.entry(from[..k].to_vec())
                    .or_default()
                    .entry((from[k].clone(), to[k].clone()))
                    .or_insert(example);
            }
        }
        out
    }
}

/// Walks one file, making every crate-relative path absolute.
struct Collector {
    /// The file module's path.
    here: ModPath,
    /// Inline modules (`mod tests { … }`) we are inside.
    inline: Vec<String>,
    /// The file module's `mod x;` children.
    children: BTreeSet<String>,
    imports: BTreeMap<String, ModPath>,
    mentions: Vec<ModPath>,
}

impl Collector {
    fn scope(&self) -> ModPath {
        let mut s = self.here.clone();
        s.extend(self.inline.iter().cloned());
        s
    }

    /// `segments` made absolute, if it is a path into this crate.
    fn absolute(&self, segments: &[String]) -> Option<ModPath> {
        let (first, rest) = segments.split_first()?;
        let mut base = self.scope();
        match first.as_str() {
            "crate" => base.clear(),
            "self" => {}
            "super" => {
                base.pop()?;
                let mut rest = rest;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                return Some(base);
            }
            name if self.inline.is_empty() && self.children.contains(name) => {
                base.push(name.to_string());
            }
            name if self.inline.is_empty() && self.imports.contains_key(name) => {
                base = self.imports[name].clone();
            }
            _ => return None,
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn mention(&mut self, segments: &[String]) {
        if let Some(path) = self.absolute(segments) {
            self.mentions.push(path);
        }
    }

    /// Every path a `use` tree names, with the name it binds (None for a glob).
    fn flatten(
        tree: &syn::UseTree,
        prefix: &mut Vec<String>,
        out: &mut Vec<(ModPath, Option<String>)>,
    ) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                Self::flatten(&p.tree, prefix, out);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                let mut full = prefix.clone();
                if name != "self" {
                    full.push(name.clone());
                }
                let bound = if name == "self" {
                    prefix.last().cloned()
                } else {
                    Some(name)
                };
                out.push((full, bound));
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                full.push(r.ident.to_string());
                out.push((full, Some(r.rename.to_string())));
            }
            syn::UseTree::Glob(_) => out.push((prefix.clone(), None)),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    Self::flatten(t, prefix, out);
                }
            }
        }
    }

    /// `crate::a::b`, `super::x` and `self::y` inside macro arguments.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(g) => self.scan_tokens(g.stream()),
                TokenTree::Ident(id)
                    if ["crate", "super", "self"].contains(&id.to_string().as_str()) =>
                {
                    let mut segments = vec![id.to_string()];
                    let mut j = i + 1;
                    while let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(next)),
                    ) = (tokens.get(j), tokens.get(j + 1), tokens.get(j + 2))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        segments.push(next.to_string());
                        j += 3;
                    }
                    if segments.len() > 1 {
                        self.mention(&segments);
                    }
                    i = j;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut flat = Vec::new();
        Self::flatten(&item.tree, &mut Vec::new(), &mut flat);
        for (path, bound) in flat {
            let Some(abs) = self.absolute(&path) else {
                continue;
            };
            if let (true, Some(name)) = (self.inline.is_empty(), bound) {
                self.imports.insert(name, abs.clone());
            }
            self.mentions.push(abs);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.inline.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.inline.pop();
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 {
            self.mention(&segments);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        // `#[from(crate::fixtures::seed)]`: attribute arguments are tokens.
        if let syn::Meta::List(list) = &attr.meta {
            self.scan_tokens(list.tokens.clone());
        }
        syn::visit::visit_attribute(self, attr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.scan_tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

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
