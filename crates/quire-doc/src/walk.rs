//! Read-only traversal of the tree, for checks and indexes that need every node.

use crate::{Block, BlockKind, Document, Inline};

/// Calls `f` on every block of the body and the notes, parents before children.
pub fn for_each_block<'a>(doc: &'a Document, f: &mut dyn FnMut(&'a Block)) {
    walk_blocks(&doc.blocks, f);
    for note in &doc.notes {
        walk_blocks(&note.blocks, f);
    }
}

fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        for children in block.child_lists() {
            walk_blocks(children, f);
        }
    }
}

/// Calls `f` on every inline of the document (body and notes), parents before children.
pub fn for_each_inline<'a>(doc: &'a Document, f: &mut dyn FnMut(&'a Inline)) {
    for_each_block(doc, &mut |block| match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
            walk_inlines(content, f)
        }
        BlockKind::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                walk_inlines(&cell.content, f);
            }
        }
        BlockKind::Figure { credit, .. } => walk_inlines(credit, f),
        BlockKind::DefinitionList { items } => {
            for item in items {
                walk_inlines(&item.term, f);
            }
        }
        BlockKind::BlockQuote { .. }
        | BlockKind::List { .. }
        | BlockKind::CodeBlock { .. }
        | BlockKind::ThematicBreak
        | BlockKind::Alert { .. }
        | BlockKind::Div { .. }
        | BlockKind::Raw { .. } => {}
    });
}

fn walk_inlines<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        walk_inlines(inline.kind.children(), f);
    }
}
