//! The one id namespace of a document, and the one stable content hash.
//!
//! Headings, blocks, list items, footnotes, their references and editorial annotations
//! all live in the same fragment namespace (`#intro` must mean one thing in every
//! edition), so every id is minted through an [`IdSpace`] that knows all the others.
//! A taken base gets `-1`, `-2` … as GitHub, Pandoc and mdBook number repeated headings;
//! the next free suffix of each base is remembered, so minting n copies of one base
//! costs O(n), not O(n²).

use std::collections::{BTreeMap, BTreeSet};

use crate::{Document, for_each_block};

/// The set of ids in use, and the next suffix to try for each base.
#[derive(Debug, Clone, Default)]
pub struct IdSpace {
    used: BTreeSet<String>,
    next: BTreeMap<String, u32>,
}

impl IdSpace {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every id `doc` already uses: blocks, list items, definition terms, index entries,
    /// footnotes and their references, annotation slugs.
    pub fn of_document(doc: &Document) -> Self {
        let mut space = Self::new();
        for_each_block(doc, &mut |block| {
            space.reserve(&block.attr.id);
            match &block.kind {
                crate::BlockKind::List { items, .. } => {
                    items.iter().for_each(|i| {
                        space.reserve(&i.id);
                    });
                }
                crate::BlockKind::DefinitionList { items } => {
                    items.iter().for_each(|i| {
                        space.reserve(&i.id);
                    });
                }
                crate::BlockKind::Index { groups } => {
                    for (_, entry) in crate::index_entries(groups) {
                        space.reserve(&entry.id);
                    }
                }
                _ => {}
            }
        });
        crate::for_each_inline(doc, &mut |inline| {
            if let Some(id) = inline.kind.id() {
                space.reserve(id);
            }
        });
        for note in &doc.notes {
            space.reserve(&note.id);
            note.refs.iter().for_each(|r| {
                space.reserve(r);
            });
        }
        for a in &doc.annotations {
            space.reserve(&a.slug);
        }
        space
    }

    /// Marks `id` as used; `false` if it already was (empty ids are ignored and `true`).
    pub fn reserve(&mut self, id: &str) -> bool {
        id.is_empty() || self.used.insert(id.to_string())
    }

    /// Whether `id` is in use.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// `base` if it is free, else `base-1`, `base-2` … the first that is; marked used.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// FNV-1a (64-bit) over `parts`, each followed by a zero byte: tiny, and stable across
/// platforms and releases (unlike std's hasher), which is what a permanent id needs.
/// Changing it breaks every published permalink.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            eat(0);
        }
        part.bytes().for_each(&mut eat);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_bases_are_numbered_from_one() {
        let mut ids = IdSpace::new();
        assert!(ids.reserve("a-2"));
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a"), "a-3");
        assert!(!ids.reserve("a-1"));
    }

    #[test]
    fn many_copies_are_linear() {
        let mut ids = IdSpace::new();
        for _ in 0..20_000 {
            ids.unique("p-1");
        }
        assert!(ids.contains("p-1-19999"));
    }

    #[test]
    fn hashes_are_stable() {
        // The published FNV-1a test vectors.
        assert_eq!(stable_hash(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(&["a"]), 0xaf63_dc4c_8601_ec8c);
        // Changing this value breaks every published permalink: it must never change.
        assert_eq!(stable_hash(&["p", "Hello"]), 8_733_004_159_074_947_987);
    }
}
