//! Walking a document's citations in reading order — a footnote's where its first
//! reference stands — and numbering notes again once citations have added some.

use std::collections::BTreeMap;

use quire_doc::{Block, Document, Inline, InlineKind};

/// What the walk meets.
pub(crate) enum Visit<'a> {
    /// The first reference to the note at this index of `Document::notes`, before the
    /// walk enters it.
    NoteRef(usize),
    /// A citation, and the index of the note it stands in.
    Cite(&'a mut Inline, Option<usize>),
}

/// Calls `f` for every citation and first note reference of `doc` in reading order;
/// notes never referenced come last.
pub(crate) fn visit(doc: &mut Document, f: &mut dyn FnMut(Visit<'_>)) {
    let Document { blocks, notes, .. } = doc;
    let index: BTreeMap<String, usize> = notes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.clone(), i))
        .collect();
    let mut w = Walk {
        notes,
        index: &index,
        seen: vec![false; index.len()],
        f,
    };
    w.blocks(blocks, None);
    for i in 0..w.notes.len() {
        if !w.seen[i] {
            w.note(i);
        }
    }
}

struct Walk<'a, 'f> {
    notes: &'a mut Vec<quire_doc::Footnote>,
    index: &'a BTreeMap<String, usize>,
    seen: Vec<bool>,
    f: &'f mut dyn FnMut(Visit<'_>),
}

impl Walk<'_, '_> {
    fn note(&mut self, i: usize) {
        self.seen[i] = true;
        let mut blocks = std::mem::take(&mut self.notes[i].blocks);
        self.blocks(&mut blocks, Some(i));
        self.notes[i].blocks = blocks;
    }

    fn blocks(&mut self, blocks: &mut [Block], in_note: Option<usize>) {
        for block in blocks {
            for list in block.inline_lists_mut() {
                self.inlines(list, in_note);
            }
            for list in block.child_lists_mut() {
                self.blocks(list, in_note);
            }
        }
    }

    fn inlines(&mut self, inlines: &mut [Inline], in_note: Option<usize>) {
        for inline in inlines {
            let note = match &inline.kind {
                InlineKind::NoteRef { note, .. } => self.index.get(note).copied(),
                _ => None,
            };
            if let Some(i) = note
                && !self.seen[i]
            {
                (self.f)(Visit::NoteRef(i));
                self.note(i);
                continue;
            }
            if matches!(inline.kind, InlineKind::Cite { .. }) {
                (self.f)(Visit::Cite(inline, in_note));
                // A citation made a note: its reference is the new note's first.
                continue;
            }
            self.inlines(inline.kind.children_mut(), in_note);
        }
    }
}

/// Numbers the notes of `doc` again by first reference in reading order (the order the
/// editions show them in) and sorts `Document::notes` to match.
pub(crate) fn renumber(doc: &mut Document) {
    let mut order: Vec<String> = Vec::new();
    let mut refs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    quire_doc::for_each_inline(doc, &mut |inline| {
        if let InlineKind::NoteRef { id, note, .. } = &inline.kind {
            if !order.contains(note) {
                order.push(note.clone());
            }
            refs.entry(note.clone()).or_default().push(id.clone());
        }
    });
    // Notes referenced only from other notes follow, as `for_each_inline` walks notes
    // after the body; notes never referenced keep their place at the end.
    let number_of = |id: &str| order.iter().position(|n| n == id).map(|p| p as u32 + 1);
    quire_doc::for_each_inline_mut(doc, &mut |inline| {
        if let InlineKind::NoteRef { note, number, .. } = &mut inline.kind
            && let Some(n) = number_of(note)
        {
            *number = n;
        }
    });
    let unreferenced = order.len() as u32;
    for (i, note) in doc.notes.iter_mut().enumerate() {
        note.number = number_of(&note.id).unwrap_or(unreferenced + 1 + i as u32);
        if let Some(r) = refs.get(&note.id) {
            note.refs.clone_from(r);
        }
    }
    doc.notes.sort_by_key(|n| n.number);
}
