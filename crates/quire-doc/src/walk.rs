//! Traversal of the tree, for checks, indexes and load-stage transforms that need every
//! node. What a block or inline holds is said once, by [`Block::child_lists`],
//! [`Block::inline_lists`] and [`crate::InlineKind::children`] (and their `_mut` forms);
//! the walkers only recurse.

use crate::{Attr, Block, Document, Inline, Span};

/// Calls `f` on every block of the body and the notes, parents before children.
pub fn for_each_block<'a>(doc: &'a Document, f: &mut dyn FnMut(&'a Block)) {
    walk_blocks(&doc.blocks, f);
    for note in &doc.notes {
        walk_blocks(&note.blocks, f);
    }
}

/// Calls `f` on every block of `blocks` and below, parents before children.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        for children in block.child_lists() {
            walk_blocks(children, f);
        }
    }
}

/// Calls `f` on every inline of the document (body and notes), parents before children.
pub fn for_each_inline<'a>(doc: &'a Document, f: &mut dyn FnMut(&'a Inline)) {
    for_each_block(doc, &mut |block| {
        for inlines in block.inline_lists() {
            walk_inlines(inlines, f);
        }
    });
}

/// Calls `f` on every inline held by `blocks` and below, parents before children.
pub fn walk_inlines_in<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Inline)) {
    walk_blocks(blocks, &mut |block| {
        for inlines in block.inline_lists() {
            walk_inlines(inlines, f);
        }
    });
}

/// Calls `f` on every inline of `inlines` and their descendants, in reading order.
pub fn walk_inlines<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        walk_inlines(inline.kind.children(), f);
    }
}

/// The block lists of the body, the notes and the annotation bodies, mutably.
fn all_lists_mut(doc: &mut Document) -> Vec<&mut Vec<Block>> {
    let mut lists: Vec<&mut Vec<Block>> = vec![&mut doc.blocks];
    lists.extend(doc.notes.iter_mut().map(|n| &mut n.blocks));
    lists.extend(doc.annotations.iter_mut().map(|a| &mut a.body));
    lists
}

/// Calls `f` on every block of `blocks` and their descendants, mutably, in reading order.
pub fn walk_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        for children in block.child_lists_mut() {
            walk_blocks_mut(children, f);
        }
    }
}

fn inlines_mut(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        inlines_mut(inline.kind.children_mut(), f);
    }
}

/// Calls `f` on every inline of the body, the notes and the annotation bodies, mutably,
/// parents before children (a transform may rewrite a node, then its new children are
/// visited).
pub fn for_each_inline_mut(doc: &mut Document, f: &mut dyn FnMut(&mut Inline)) {
    for blocks in all_lists_mut(doc) {
        walk_blocks_mut(blocks, &mut |block| {
            for inlines in block.inline_lists_mut() {
                inlines_mut(inlines, f);
            }
        });
    }
}

/// Calls `f` on the attributes of every block and inline of the body, the notes and the
/// annotation bodies, with the node's span.
pub fn for_each_attr_mut(doc: &mut Document, f: &mut dyn FnMut(&mut Attr, Span)) {
    for blocks in all_lists_mut(doc) {
        walk_blocks_mut(blocks, &mut |block| {
            f(&mut block.attr, block.span);
            for inlines in block.inline_lists_mut() {
                inlines_mut(inlines, &mut |inline| {
                    let span = inline.span;
                    if let Some(attr) = inline.kind.attr_mut() {
                        f(attr, span);
                    }
                });
            }
        });
    }
}

/// Calls `f` on every span of the document: blocks, list items, table cells, terms,
/// figure images, index entries and inlines of the body, the notes and the annotation bodies, and the
/// notes' own. For the load stage, which maps spans of an expanded text back to the files
/// the words came from.
pub fn for_each_span_mut(doc: &mut Document, f: &mut dyn FnMut(&mut Span)) {
    for note in &mut doc.notes {
        f(&mut note.span);
    }
    for blocks in all_lists_mut(doc) {
        walk_blocks_mut(blocks, &mut |block| {
            f(&mut block.span);
            match &mut block.kind {
                crate::BlockKind::List { items, .. } => {
                    items.iter_mut().for_each(|i| f(&mut i.span))
                }
                crate::BlockKind::Table { header, rows, .. } => header
                    .iter_mut()
                    .chain(rows.iter_mut().flatten())
                    .for_each(|c| f(&mut c.span)),
                crate::BlockKind::DefinitionList { items } => {
                    items.iter_mut().for_each(|i| f(&mut i.span))
                }
                crate::BlockKind::Figure {
                    image: Some(image), ..
                } => f(&mut image.span),
                crate::BlockKind::Index { groups } => {
                    crate::index::for_each_index_entry_mut(groups, &mut |e| {
                        f(&mut e.span);
                        e.locators.iter_mut().for_each(|l| f(&mut l.span));
                        e.see
                            .iter_mut()
                            .chain(&mut e.see_also)
                            .for_each(|r| f(&mut r.span));
                    })
                }
                _ => {}
            }
            for inlines in block.inline_lists_mut() {
                inlines_mut(inlines, &mut |inline| f(&mut inline.span));
            }
        });
    }
}

/// Calls `f` on every id of the document and every name of a note it refers to: block
/// and inline ids, list items, definition terms, index entries and the ids their
/// locators and references name, footnotes, their references and the notes they name,
/// annotation slugs. Link fragments are not ids and are not visited.
/// For the load stage, which renames the ids of one chapter of a book so that none
/// clashes with another's.
pub fn for_each_id_mut(doc: &mut Document, f: &mut dyn FnMut(&mut String)) {
    for note in &mut doc.notes {
        f(&mut note.id);
        note.refs.iter_mut().for_each(&mut *f);
    }
    for a in &mut doc.annotations {
        f(&mut a.slug);
    }
    for blocks in all_lists_mut(doc) {
        walk_blocks_mut(blocks, &mut |block| {
            f(&mut block.attr.id);
            match &mut block.kind {
                crate::BlockKind::List { items, .. } => items.iter_mut().for_each(|i| f(&mut i.id)),
                crate::BlockKind::DefinitionList { items } => {
                    items.iter_mut().for_each(|i| f(&mut i.id))
                }
                crate::BlockKind::Index { groups } => {
                    crate::index::for_each_index_entry_mut(groups, &mut |e| {
                        f(&mut e.id);
                        e.locators.iter_mut().for_each(|l| f(&mut l.target));
                        let refs = e.see.iter_mut().chain(&mut e.see_also);
                        refs.filter_map(|r| r.target.as_mut()).for_each(&mut *f);
                    })
                }
                _ => {}
            }
            for inlines in block.inline_lists_mut() {
                inlines_mut(inlines, &mut |inline| match &mut inline.kind {
                    crate::InlineKind::NoteRef { id, note, .. } => {
                        f(id);
                        f(note);
                    }
                    kind => {
                        if let Some(attr) = kind.attr_mut() {
                            f(&mut attr.id);
                        }
                    }
                });
            }
        });
    }
}
