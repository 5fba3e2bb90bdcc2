//! Which line each annotation's note is placed by, once the body is laid out.
//!
//! A note goes on the page of the line that holds its marker (`super::text` put the
//! marker at the end of the passage and `super::emit` recorded the line). Two cases need
//! a decision here. A passage inside a footnote has its marker in the footnote's lines,
//! which pagination places by their reference: the note goes by the line that first
//! cites the footnote. A passage in a unit that is not set as paragraph text (a code
//! block, a table) or that no line shows got no marker: its note goes by the first line
//! of the block its passage ends in, and links back to that block, or failing all else
//! by the last line of the text; no note is ever left out.

use std::collections::{BTreeMap, BTreeSet};

use quire_doc::Document;

use crate::page::PageItem;

use super::flow::Chunk;
use super::passages::Passages;

/// Attach every annotation to exactly one chunk of `chunks` (see the module docs);
/// returns where each note's marker links back to.
pub(crate) fn attach(
    doc: &Document,
    passages: &Passages,
    chunks: &mut [Chunk],
    notes: &mut [Vec<Chunk>],
) -> Vec<Option<String>> {
    let n = doc.annotations.len();
    let mut citing: Vec<Option<usize>> = vec![None; notes.len()];
    for (k, c) in chunks.iter().enumerate() {
        for &note in &c.notes {
            if let Some(slot) = citing.get_mut(note) {
                slot.get_or_insert(k);
            }
        }
    }
    for (note, lines) in notes.iter_mut().enumerate() {
        let moved: Vec<usize> = lines
            .iter_mut()
            .flat_map(|c| std::mem::take(&mut c.annotations))
            .collect();
        if let Some(k) = citing[note] {
            chunks[k].annotations.extend(moved);
        }
    }
    let mut placed = vec![false; n];
    for c in chunks.iter_mut() {
        c.annotations
            .retain(|&a| a < n && !std::mem::replace(&mut placed[a], true));
    }
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for (i, a) in doc.annotations.iter().enumerate() {
        wanted.insert(format!("{}-text", a.slug));
        wanted.insert(format!("{}-ref", a.slug));
        if !placed[i]
            && let Some(Some(unit)) = passages.marker_unit.get(i)
        {
            wanted.insert(unit.clone());
        }
    }
    let mut found: BTreeMap<String, Option<usize>> = BTreeMap::new();
    let anchors = |items: &[PageItem]| {
        items
            .iter()
            .filter_map(|it| match it {
                PageItem::Anchor(a) => Some(a.name.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    for (k, c) in chunks.iter().enumerate() {
        for name in anchors(&c.items) {
            if wanted.contains(&name) {
                found.entry(name).or_insert(Some(k));
            }
        }
    }
    for c in notes.iter().flatten() {
        for name in anchors(&c.items) {
            if wanted.contains(&name) {
                found.entry(name).or_insert(None);
            }
        }
    }
    let last = chunks.iter().rposition(|c| !c.discardable);
    let mut fallback: Vec<Option<String>> = vec![None; n];
    for i in (0..n).filter(|&i| !placed[i]) {
        let unit = passages.marker_unit.get(i).cloned().flatten();
        let by_unit = unit
            .as_ref()
            .and_then(|u| found.get(u).copied().flatten().map(|k| (k, u.clone())));
        match by_unit {
            Some((k, u)) => {
                chunks[k].annotations.push(i);
                fallback[i] = Some(u);
            }
            None => {
                if let Some(k) = last {
                    chunks[k].annotations.push(i);
                }
            }
        }
    }
    let names: BTreeSet<String> = found.into_keys().collect();
    super::margin_notes::back_targets(doc, &names, &fallback)
}
