//! From marks to entries: one entry per term (and per level of a sub-entry), its places
//! in reading order, its references resolved to the entries they name, collated and
//! grouped by initial.
//!
//! Terms are compared exactly (after white space is collapsed): `Diplomacy` and
//! `diplomacy` are two entries, as an author who wrote both presumably meant; the
//! collator puts them side by side. An entry with sub-entries but no place of its own is
//! printed as their heading. A reference names an entry by its levels (`Entry!Sub`) and
//! must name one that exists; otherwise it is printed unlinked, with a warning.

use std::collections::BTreeMap;

use quire_doc::{
    Diagnostic, Document, IdSpace, IndexEntry, IndexGroup, IndexLocator, IndexRef, Span,
};

use crate::collate::Collation;
use crate::marks::Mark;

/// An entry while marks are added to it.
#[derive(Default)]
struct Node {
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
                node = node.children.entry(level.clone()).or_default();
                node.span.get_or_insert(mark.span);
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
                    if !list.iter().any(|(t, _)| t == target) {
                        list.push((target.clone(), mark.span));
                    }
                }
            }
        }
    }
    let mut ids = IdSpace::of_document(doc);
    let mut by_path: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut pending = Vec::new();
    let entries = convert(
        &root,
        &mut Vec::new(),
        collation,
        &mut ids,
        &mut by_path,
        &mut pending,
    );
    let mut entries = entries;
    resolve(&mut entries, &by_path, &mut pending.into_iter(), warnings);
    group(entries, collation)
}

/// A reference waiting for every entry's id: what it names.
type Pending = (Vec<String>, Span);

/// The children of `node` (at `path`) as entries, collated; ids minted in that order.
fn convert(
    node: &Node,
    path: &mut Vec<String>,
    collation: &Collation,
    ids: &mut IdSpace,
    by_path: &mut BTreeMap<Vec<String>, String>,
    pending: &mut Vec<Pending>,
) -> Vec<IndexEntry> {
    let mut children: Vec<(&String, &Node)> = node.children.iter().collect();
    let key = |(term, n): &(&String, &Node)| n.sort.clone().unwrap_or_else(|| (*term).clone());
    children.sort_by(|a, b| {
        collation
            .compare(&key(a), &key(b))
            .then_with(|| a.0.cmp(b.0))
    });
    let mut out = Vec::with_capacity(children.len());
    for (term, child) in children {
        path.push(term.clone());
        let id = ids.unique(&format!("index-{}", slug(&path.join(" "))));
        by_path.insert(path.clone(), id.clone());
        // References are resolved once every id is known (one may name a later entry);
        // they keep their order in `pending`.
        let refs = |list: &[(Vec<String>, Span)], pending: &mut Vec<Pending>| {
            pending.extend(list.iter().cloned());
            list.iter()
                .map(|(target, span)| IndexRef {
                    term: target.join(": "),
                    target: None,
                    span: *span,
                })
                .collect::<Vec<_>>()
        };
        let see = refs(&child.see, pending);
        let see_also = refs(&child.see_also, pending);
        let subentries = convert(child, path, collation, ids, by_path, pending);
        path.pop();
        out.push(IndexEntry {
            id,
            term: term.clone(),
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

/// Fills in the targets of the references of `entries`, in the order [`convert`] met
/// them (an entry's *see*, its *see also*, then its sub-entries').
fn resolve(
    entries: &mut [IndexEntry],
    by_path: &BTreeMap<Vec<String>, String>,
    pending: &mut dyn Iterator<Item = Pending>,
    warnings: &mut Vec<Diagnostic>,
) {
    for entry in entries {
        for r in entry.see.iter_mut().chain(entry.see_also.iter_mut()) {
            let Some((path, span)) = pending.next() else {
                return;
            };
            r.target = by_path.get(&path).cloned();
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
