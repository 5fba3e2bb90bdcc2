//! The logical structure tree and the outline, built while the blocks are laid out.
//!
//! Nodes are created in reading order (a parent before its children, siblings in the
//! order they are read), which is exactly what [`PagedDocument::structure`] promises. The
//! body comes first, split into `Sect`ions by its top-level headings; the footnotes follow
//! as `Note` children of the root, in note order, so the tree reads like the plain-text
//! projection. The outline nests the top-level headings by level.

use crate::page::{OutlineItem, StructId, StructNode, StructRole};

/// The root of every tree.
pub(crate) const ROOT: StructId = StructId(0);

/// Builds [`StructNode`]s and tracks the open sections.
#[derive(Debug)]
pub(crate) struct StructTree {
    pub nodes: Vec<StructNode>,
    /// Open sections: (heading level, node).
    sections: Vec<(u8, StructId)>,
}

impl StructTree {
    pub fn new(lang: &str) -> StructTree {
        let root = StructNode {
            role: StructRole::Document,
            parent: None,
            alt: None,
            lang: (!lang.is_empty()).then(|| lang.to_string()),
            id: None,
        };
        StructTree {
            nodes: vec![root],
            sections: Vec::new(),
        }
    }

    /// Add a node under `parent`.
    pub fn add(&mut self, role: StructRole, parent: StructId) -> StructId {
        self.nodes.push(StructNode {
            role,
            parent: Some(parent),
            alt: None,
            lang: None,
            id: None,
        });
        StructId(self.nodes.len() - 1)
    }

    /// Add a node carrying the model's element id.
    pub fn add_with_id(&mut self, role: StructRole, parent: StructId, id: &str) -> StructId {
        let node = self.add(role, parent);
        if !id.is_empty() {
            self.nodes[node.0].id = Some(id.to_string());
        }
        node
    }

    /// Set a node's alternative text.
    pub fn set_alt(&mut self, node: StructId, alt: impl Into<String>) {
        self.nodes[node.0].alt = Some(alt.into());
    }

    /// The parent for the next top-level block: the innermost open section, or the root.
    pub fn section(&self) -> StructId {
        self.sections.last().map_or(ROOT, |s| s.1)
    }

    /// Open a section for a top-level heading of `level`, closing those at the same or a
    /// deeper level; returns the new `Sect`.
    pub fn open_section(&mut self, level: u8) -> StructId {
        while self.sections.last().is_some_and(|s| s.0 >= level) {
            self.sections.pop();
        }
        let sect = self.add(StructRole::Sect, self.section());
        self.sections.push((level, sect));
        sect
    }

    /// Close every section (before the notes).
    pub fn close_sections(&mut self) {
        self.sections.clear();
    }
}

/// Remove the nodes of `nodes` in `ranges` that hold no content on any page (nor any
/// node below them does), renumbering the others and every mark of `pages`: a note
/// set twice (for the margin and for the foot) keeps only the elements of the version
/// pagination placed.
pub(crate) fn prune(
    nodes: &mut Vec<StructNode>,
    pages: &mut [crate::page::Page],
    ranges: &[std::ops::Range<usize>],
) {
    use crate::page::{Mark, PageItem};
    if ranges.iter().all(|r| r.is_empty()) {
        return;
    }
    let mut used = vec![false; nodes.len()];
    let mark = |m: &Mark| match m {
        Mark::Content(id) => Some(id.0),
        Mark::Artifact(_) => None,
    };
    for page in pages.iter() {
        for item in &page.items {
            let id = match item {
                PageItem::Text(t) => mark(&t.mark),
                PageItem::Rule(r) => mark(&r.mark),
                PageItem::Fill(f) => mark(&f.mark),
                PageItem::Image(i) => mark(&i.mark),
                PageItem::Link(l) => l.owner.map(|o| o.0),
                PageItem::Anchor(_) => None,
            };
            if let Some(slot) = id.and_then(|i| used.get_mut(i)) {
                *slot = true;
            }
        }
    }
    // Children come after their parents: one backward pass marks every ancestor.
    for i in (1..nodes.len()).rev() {
        if used[i]
            && let Some(p) = nodes[i].parent
        {
            used[p.0] = true;
        }
    }
    let dropped = |i: usize| !used[i] && ranges.iter().any(|r| r.contains(&i));
    let mut new_index = vec![usize::MAX; nodes.len()];
    let mut next = 0;
    for (i, slot) in new_index.iter_mut().enumerate() {
        if !dropped(i) {
            *slot = next;
            next += 1;
        }
    }
    if next == nodes.len() {
        return;
    }
    let old = std::mem::take(nodes);
    for (i, mut node) in old.into_iter().enumerate() {
        if new_index[i] == usize::MAX {
            continue;
        }
        // A kept node's parent is kept: it holds content, so its ancestors do.
        node.parent = node.parent.map(|p| StructId(new_index[p.0]));
        nodes.push(node);
    }
    let remap = |m: &mut Mark| {
        if let Mark::Content(id) = m {
            *id = StructId(new_index[id.0]);
        }
    };
    for page in pages.iter_mut() {
        for item in &mut page.items {
            match item {
                PageItem::Text(t) => remap(&mut t.mark),
                PageItem::Rule(r) => remap(&mut r.mark),
                PageItem::Fill(f) => remap(&mut f.mark),
                PageItem::Image(i) => remap(&mut i.mark),
                PageItem::Link(l) => {
                    if let Some(o) = &mut l.owner {
                        *o = StructId(new_index[o.0]);
                    }
                }
                PageItem::Anchor(_) => {}
            }
        }
    }
}

/// Nest `(level, title, anchor)` headings into an outline.
pub(crate) fn outline(headings: &[(u8, String, String)]) -> Vec<OutlineItem> {
    fn take(headings: &[(u8, String, String)], pos: &mut usize, min_level: u8) -> Vec<OutlineItem> {
        let mut items = Vec::new();
        while let Some((level, title, anchor)) = headings.get(*pos) {
            if *level < min_level {
                break;
            }
            *pos += 1;
            let children = take(headings, pos, level + 1);
            items.push(OutlineItem {
                title: title.clone(),
                anchor: anchor.clone(),
                children,
            });
        }
        items
    }
    let mut pos = 0;
    let mut items = Vec::new();
    while pos < headings.len() {
        let before = pos;
        items.extend(take(headings, &mut pos, 0));
        if pos == before {
            pos += 1;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_nests_by_level() {
        let h = |l: u8, t: &str| (l, t.to_string(), t.to_lowercase());
        let out = outline(&[h(2, "I"), h(3, "A"), h(3, "B"), h(2, "II"), h(4, "x")]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].children.len(), 2);
        assert_eq!(out[1].children[0].title, "x");
    }

    #[test]
    fn sections_nest_and_close() {
        let mut t = StructTree::new("en");
        let s2 = t.open_section(2);
        let s3 = t.open_section(3);
        assert_eq!(t.nodes[s3.0].parent, Some(s2));
        let s2b = t.open_section(2);
        assert_eq!(t.nodes[s2b.0].parent, Some(ROOT));
    }
}
