//! From marks to entries: one entry per term (and per level of a sub-entry), its places
//! in reading order, its references resolved to the entries they name, collated and
//! grouped by initial.
//!
//! Terms are compared as written (after white space is collapsed) but for the case of
//! their first letter, which a sentence decides: `[Accessibility]{.index}` opening a
//! sentence and `[accessibility]{.index}` inside one are one entry, printed in the
//! lower-case form when one was marked; `PDF` and `pdf` stay two. An entry with
//! sub-entries but no place of its own is printed as their heading. A reference names an
//! entry by its levels (`Entry!Sub`, compared alike) and must name one that exists;
//! otherwise it is printed unlinked, with a warning. A reference reads as the entry it
//! names is printed.

use std::collections::BTreeMap;

use quire_doc::{
    Diagnostic, Document, IdSpace, IndexEntry, IndexGroup, IndexLocator, IndexRef, Span,
};

use crate::collate::Collation;
use crate::marks::Mark;

/// An entry while marks are added to it.
#[derive(Default)]
struct Node {
    /// The term as printed.
    term: String,
    sort: Option<String>,
    locators: Vec<IndexLocator>,
    see: Vec<(Vec<String>, Span)>,
    see_also: Vec<(Vec<String>, Span)>,
    children: BTreeMap<String, Node>,
    span: Option<Span>,
}

/// The collated, grouped entries of `marks`; entry ids are minted in `doc`'s namespace.
pub(crate) fn entries(
    marks: &[Mark],
    collation: &Collation,
    doc: &mut Document,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<IndexGroup> {
    let mut root = Node::default();
    for mark in marks {
        for path in &mark.paths {
            let mut node = &mut root;
            for level in path {
                node = node.children.entry(key(level)).or_default();
                node.span.get_or_insert(mark.span);
                if node.term.is_empty() || (lower_first(level) && !lower_first(&node.term)) {
                    node.term.clone_from(level);
                }
            }
            if node.sort.is_none() {
                node.sort.clone_from(&mark.sort);
            }
            if let Some(place) = &mark.place {
                node.locators.push(IndexLocator {
                    target: place.target.clone(),
                    paragraph: place.paragraph,
                    in_note: place.in_note,
                    span: mark.span,
                });
            }
            // A reference made twice (in two chapters, say) is printed once.
            for (list, refs) in [
                (&mut node.see, &mark.see),
                (&mut node.see_also, &mark.see_also),
            ] {
                for target in refs {
                    if !list.iter().any(|(t, _)| keys(t) == keys(target)) {
                        list.push((target.clone(), mark.span));
                    }
                }
            }
        }
    }
    let mut ids = IdSpace::of_document(doc);
    let mut by_path = BTreeMap::new();
    let mut pending = Vec::new();
    let mut at = Walk {
        collation,
        ids: &mut ids,
        by_path: &mut by_path,
        pending: &mut pending,
        path: Vec::new(),
        shown: Vec::new(),
    };
    let entries = at.convert(&root);
    let mut entries = entries;
    resolve(&mut entries, &by_path, &mut pending.into_iter(), warnings);
    group(entries, collation)
}

/// A reference waiting for every entry's id: what it names, as written.
type Pending = (Vec<String>, Span);

/// Each entry by its levels' keys: its id and how it is printed (`Entry: Sub`).
type ByPath = BTreeMap<Vec<String>, (String, String)>;

/// The walk that turns the tree into entries.
struct Walk<'a> {
    collation: &'a Collation,
    ids: &'a mut IdSpace,
    by_path: &'a mut ByPath,
    pending: &'a mut Vec<Pending>,
    /// The keys of the levels above, and their printed terms.
    path: Vec<String>,
    shown: Vec<String>,
}

impl Walk<'_> {
    /// The children of `node` as entries, collated; ids minted in that order.
    fn convert(&mut self, node: &Node) -> Vec<IndexEntry> {
        let mut children: Vec<(&String, &Node)> = node.children.iter().collect();
        let sort = |n: &Node| n.sort.clone().unwrap_or_else(|| n.term.clone());
        children.sort_by(|(_, a), (_, b)| {
            self.collation
                .compare(&sort(a), &sort(b))
                .then_with(|| a.term.cmp(&b.term))
        });
        let mut out = Vec::with_capacity(children.len());
        for (level, child) in children {
            self.path.push(level.clone());
            self.shown.push(child.term.clone());
            let id = self
                .ids
                .unique(&format!("index-{}", slug(&self.shown.join(" "))));
            self.by_path
                .insert(self.path.clone(), (id.clone(), self.shown.join(": ")));
            // References are resolved once every id is known (one may name a later
            // entry); they keep their order in `pending`.
            let mut refs = |list: &[(Vec<String>, Span)]| {
                self.pending.extend(list.iter().cloned());
                list.iter()
                    .map(|(target, span)| IndexRef {
                        term: target.join(": "),
                        target: None,
                        span: *span,
                    })
                    .collect::<Vec<_>>()
            };
            let see = refs(&child.see);
            let see_also = refs(&child.see_also);
            let subentries = self.convert(child);
            self.path.pop();
            self.shown.pop();
            out.push(IndexEntry {
                id,
                term: child.term.clone(),
                sort_key: child.sort.clone(),
                locators: child.locators.clone(),
                see,
                see_also,
                subentries,
                span: child.span.unwrap_or_default(),
            });
        }
        out
    }
}

/// How a level is compared: its first letter in lower case (see the module docs).
fn key(level: &str) -> String {
    let mut chars = level.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn keys(path: &[String]) -> Vec<String> {
    path.iter().map(|l| key(l)).collect()
}

fn lower_first(term: &str) -> bool {
    term.chars().next().is_some_and(char::is_lowercase)
}

/// Fills in the targets of the references of `entries`, in the order [`convert`] met
/// them (an entry's *see*, its *see also*, then its sub-entries').
fn resolve(
    entries: &mut [IndexEntry],
    by_path: &ByPath,
    pending: &mut dyn Iterator<Item = Pending>,
    warnings: &mut Vec<Diagnostic>,
) {
    for entry in entries {
        for r in entry.see.iter_mut().chain(entry.see_also.iter_mut()) {
            let Some((path, span)) = pending.next() else {
                return;
            };
            match by_path.get(&keys(&path)) {
                Some((id, shown)) => {
                    r.target = Some(id.clone());
                    r.term.clone_from(shown);
                }
                None => r.target = None,
            }
            if r.target.is_none() {
                warnings.push(
                    Diagnostic::warning(
                        span,
                        format!(
                            "the index refers to `{}`, which is not an entry: the reference is printed without a link",
                            path.join("!")
                        ),
                    )
                    .with_hint("mark a place for that entry, or name one the index has"),
                );
            }
        }
        resolve(&mut entry.subentries, by_path, pending, warnings);
    }
}

/// Collated top-level `entries` in groups by initial.
fn group(entries: Vec<IndexEntry>, collation: &Collation) -> Vec<IndexGroup> {
    let mut groups: Vec<IndexGroup> = Vec::new();
    for entry in entries {
        let label = collation.initial(entry.sort_key.as_deref().unwrap_or(&entry.term));
        match groups.last_mut() {
            Some(g) if g.label == label => g.entries.push(entry),
            _ => groups.push(IndexGroup {
                label,
                entries: vec![entry],
            }),
        }
    }
    groups
}

/// A term as an id: lower case, letters and digits kept, every other run a `-`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "entry".to_string()
    } else {
        out.to_string()
    }
}
