//! The paths one file mentions, made absolute within its crate.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

use crate::tree::ModPath;

/// Walks one file, making every crate-relative path absolute.
pub struct Collector {
    /// The file module's path.
    pub here: ModPath,
    /// Inline modules (`mod tests { … }`) we are inside.
    pub inline: Vec<String>,
    /// The file module's `mod x;` children.
    pub children: BTreeSet<String>,
    pub imports: BTreeMap<String, ModPath>,
    pub mentions: Vec<ModPath>,
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
