//! The module tree of one crate and the edges between sibling modules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use crate::collect::Collector;

pub type ModPath = Vec<String>;

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
pub struct Crate {
    modules: BTreeMap<ModPath, Module>,
}

impl Crate {
    pub fn read(root: &Path) -> Crate {
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
            // A chapter's `exercises/<name>.rs` is the learner's working
            // copy, possibly half-written: the check is about our code, so
            // its result must not depend on how far a learner has got.
            if child.len() == 2 && child[0] == "exercises" {
                continue;
            }
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
    pub fn edges(&self) -> BTreeMap<ModPath, BTreeMap<(String, String), String>> {
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
