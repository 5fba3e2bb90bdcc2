//! Read-only traversal of the tree, for checks and indexes that need every node.

use crate::{Block, BlockKind, Document, Inline, InlineKind};

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

/// Calls `f` on every inline of the body, the notes and the annotation bodies, mutably,
/// parents before children (a transform may rewrite a node, then its new children are
/// visited).
pub fn for_each_inline_mut(doc: &mut Document, f: &mut dyn FnMut(&mut Inline)) {
    let mut lists: Vec<&mut Vec<Block>> = vec![&mut doc.blocks];
    lists.extend(doc.notes.iter_mut().map(|n| &mut n.blocks));
    lists.extend(doc.annotations.iter_mut().map(|a| &mut a.body));
    for blocks in lists {
        blocks_mut(blocks, f);
    }
}

fn blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                inlines_mut(content, f)
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines_mut(&mut cell.content, f);
                }
            }
            BlockKind::Figure {
                credit, caption, ..
            } => {
                inlines_mut(credit, f);
                blocks_mut(caption, f);
            }
            BlockKind::DefinitionList { items } => {
                for item in items {
                    inlines_mut(&mut item.term, f);
                    for details in &mut item.details {
                        blocks_mut(details, f);
                    }
                }
            }
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => blocks_mut(blocks, f),
            BlockKind::List { items, .. } => {
                for item in items {
                    blocks_mut(&mut item.blocks, f);
                }
            }
            BlockKind::CodeBlock { .. } | BlockKind::ThematicBreak | BlockKind::Raw { .. } => {}
        }
    }
}

fn inlines_mut(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        match &mut inline.kind {
            InlineKind::Emphasis { content }
            | InlineKind::Strong { content }
            | InlineKind::Strikeout { content }
            | InlineKind::Superscript { content }
            | InlineKind::Subscript { content }
            | InlineKind::Link { content, .. }
            | InlineKind::Span { content, .. } => inlines_mut(content, f),
            InlineKind::Text { .. }
            | InlineKind::SoftBreak
            | InlineKind::LineBreak
            | InlineKind::Code { .. }
            | InlineKind::Image { .. }
            | InlineKind::NoteRef { .. }
            | InlineKind::Math { .. }
            | InlineKind::Raw { .. } => {}
        }
    }
}

/// Calls `f` on the attributes of every block and inline of the body and the notes,
/// with the node's span.
pub fn for_each_attr_mut(doc: &mut Document, f: &mut dyn FnMut(&mut crate::Attr, crate::Span)) {
    let mut lists: Vec<&mut Vec<Block>> = vec![&mut doc.blocks];
    lists.extend(doc.notes.iter_mut().map(|n| &mut n.blocks));
    for blocks in lists {
        attrs_in_blocks(blocks, f);
    }
    for_each_inline_mut(doc, &mut |inline| {
        let span = inline.span;
        match &mut inline.kind {
            InlineKind::Code { attr, .. }
            | InlineKind::Link { attr, .. }
            | InlineKind::Image { attr, .. }
            | InlineKind::Span { attr, .. } => f(attr, span),
            _ => {}
        }
    });
}

fn attrs_in_blocks(blocks: &mut [Block], f: &mut dyn FnMut(&mut crate::Attr, crate::Span)) {
    for block in blocks {
        f(&mut block.attr, block.span);
        match &mut block.kind {
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => attrs_in_blocks(blocks, f),
            BlockKind::List { items, .. } => {
                for item in items {
                    attrs_in_blocks(&mut item.blocks, f);
                }
            }
            BlockKind::Figure { caption, .. } => attrs_in_blocks(caption, f),
            BlockKind::DefinitionList { items } => {
                for item in items {
                    for details in &mut item.details {
                        attrs_in_blocks(details, f);
                    }
                }
            }
            BlockKind::Heading { .. }
            | BlockKind::Paragraph { .. }
            | BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Table { .. }
            | BlockKind::Raw { .. } => {}
        }
    }
}
