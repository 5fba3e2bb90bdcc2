//! Where the index goes, and its heading.
//!
//! A `::: {#index}` div says where: it is replaced by its own blocks (a heading it opens
//! with titles the index; other text, a headnote, stays before the entries) followed by
//! the index block, so the heading is a heading of the document like any other (in the
//! contents, the outline, the e-book's navigation). Without such a div the index goes at
//! the end: after the last block of an article, or as a back-matter division of its own
//! at the end of a book (which then opens on a recto and is listed in the contents).
//!
//! A heading the loader adds reads the language's word for the index
//! ([`quire_doc::IndexWords`]), at the level of the document's sections: the highest
//! level of its headings, leaving out a level-1 heading that opens the document as its
//! title; level 2 when there are none.

use quire_doc::{
    Attr, Block, BlockKind, Diagnostic, Division, DivisionKind, Document, IdSpace, IndexGroup,
    IndexWords, Inline, InlineKind, Span,
};

use crate::PLACE_ID;

/// The name of the book division the index gets when the book has no `{#index}` div (a
/// file name in the e-book and the web site).
pub const DIVISION_NAME: &str = "book-index";

/// Puts the heading and the index block holding `groups` into `doc`.
pub(crate) fn place(doc: &mut Document, groups: Vec<IndexGroup>, warnings: &mut Vec<Diagnostic>) {
    let words = IndexWords::for_language(&doc.meta.language);
    let level = section_level(&doc.blocks);
    let mut ids = IdSpace::of_document(doc);
    let mut groups = Some(groups);
    let mut placed = false;
    place_in(&mut doc.blocks, &mut |div: Block| {
        if placed {
            warnings.push(
                Diagnostic::warning(
                    div.span,
                    "a second `{#index}` div: the index is printed at the first",
                )
                .with_hint("remove this one"),
            );
            return vec![div];
        }
        placed = true;
        let span = div.span;
        let BlockKind::Div { blocks: mut inner } = div.kind else {
            return Vec::new();
        };
        let opens_with_heading = matches!(
            inner.first().map(|b| &b.kind),
            Some(BlockKind::Heading { .. })
        );
        let index_id = if opens_with_heading {
            div.attr.id.clone()
        } else {
            // The generated heading takes the div's id, where a link to `#index` leads.
            inner.insert(0, heading(&words, level, div.attr.id.clone(), span));
            ids.unique("index-entries")
        };
        inner.push(index_block(
            index_id,
            groups.take().unwrap_or_default(),
            span,
        ));
        inner
    });
    if placed {
        return;
    }
    let groups = groups.take().unwrap_or_default();
    let heading_id = ids.unique(PLACE_ID);
    let index_id = ids.unique("index-entries");
    if doc.is_book() {
        let name = division_name(&doc.divisions);
        doc.divisions.push(Division {
            kind: DivisionKind::BackMatter,
            name,
            title: words.title.to_string(),
            number: Vec::new(),
            depth: 0,
            start: doc.blocks.len(),
            span: Span::detached(),
        });
    }
    doc.blocks
        .push(heading(&words, level, heading_id, Span::detached()));
    doc.blocks
        .push(index_block(index_id, groups, Span::detached()));
}

/// A `{#index}` div without marks to fill it: said, since the author expects an index.
pub(crate) fn no_entries(doc: &Document, warnings: &mut Vec<Diagnostic>) {
    quire_doc::walk_blocks(&doc.blocks, &mut |b| {
        if matches!(b.kind, BlockKind::Div { .. }) && b.id() == PLACE_ID {
            warnings.push(
                Diagnostic::warning(b.span, "the `{#index}` div marks where the index goes, but no place of the text is marked for it")
                    .with_hint("mark terms with `[term]{.index}`"),
            );
        }
    });
}

/// Replaces, at any depth of `blocks`, each div with the id [`PLACE_ID`] by what
/// `replace` makes of it.
fn place_in(blocks: &mut Vec<Block>, replace: &mut dyn FnMut(Block) -> Vec<Block>) {
    let mut i = 0;
    while i < blocks.len() {
        if matches!(blocks[i].kind, BlockKind::Div { .. }) && blocks[i].id() == PLACE_ID {
            let div = blocks.remove(i);
            let with = replace(div);
            let n = with.len();
            blocks.splice(i..i, with);
            i += n;
            continue;
        }
        for children in blocks[i].child_lists_mut() {
            place_in(children, replace);
        }
        i += 1;
    }
}

fn heading(words: &IndexWords, level: u8, id: String, span: Span) -> Block {
    Block {
        attr: Attr::with_id(id),
        kind: BlockKind::Heading {
            level,
            content: vec![Inline::new(
                InlineKind::Text {
                    text: words.title.to_string(),
                },
                span,
            )],
        },
        span,
    }
}

fn index_block(id: String, groups: Vec<IndexGroup>, span: Span) -> Block {
    Block {
        attr: Attr::with_id(id),
        kind: BlockKind::Index { groups },
        span,
    }
}

/// The level of the document's sections (see the module docs).
fn section_level(blocks: &[Block]) -> u8 {
    blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b.kind {
            BlockKind::Heading { level: 1, .. } if i == 0 => None,
            BlockKind::Heading { level, .. } => Some(level),
            _ => None,
        })
        .min()
        .unwrap_or(2)
}

/// [`DIVISION_NAME`], or with a number if a division of the book has it (names are
/// unique ignoring case).
fn division_name(divisions: &[Division]) -> String {
    let taken = |n: &str| divisions.iter().any(|d| d.name.eq_ignore_ascii_case(n));
    if !taken(DIVISION_NAME) {
        return DIVISION_NAME.to_string();
    }
    (1..)
        .map(|n| format!("{DIVISION_NAME}-{n}"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}
