//! The plan of the book: which blocks go into which content document, where every id
//! lives, which notes each document carries, and the heading tree for the navigation.
//!
//! Rules:
//! - A level-2 heading starts a new content document (the article's I, II, III). Blocks
//!   before the first level-2 heading form a document of their own, if there are any;
//!   a document with no level-2 heading at all is one content document.
//! - A footnote is placed at the end of the document holding its first reference, so
//!   Apple Books and Kindle find it in the same file and show it as a pop-up, and readers
//!   without pop-ups show it at the end of the section that cites it. A note that nothing
//!   references goes to the last document. Because note numbers follow first reference,
//!   the notes in spine order are the notes in number order, which keeps the book's text
//!   in the same order as the plain-text projection (body first, then notes).

use std::collections::BTreeMap;

use quire_doc::{Block, BlockKind, Document, Footnote, Inline, InlineKind, for_each_block};

/// One content document of the spine.
#[derive(Debug)]
pub struct Chapter<'a> {
    /// File name inside the `text/` folder, such as `ch-01.xhtml`.
    pub file: String,
    /// The blocks it holds.
    pub blocks: &'a [Block],
    /// The notes printed at its end.
    pub notes: Vec<&'a Footnote>,
    /// The id of its first heading, if it starts with one.
    pub heading_id: Option<String>,
    /// The reading text of that heading (empty without one).
    pub title: String,
}

/// One entry of the heading tree.
#[derive(Debug)]
pub struct Heading {
    /// Heading level (1 to 6).
    pub level: u8,
    /// Reading text of the heading.
    pub text: String,
    /// `file#id` relative to the `text/` folder.
    pub href: String,
}

/// The whole plan.
#[derive(Debug)]
pub struct Plan<'a> {
    /// Content documents in spine order.
    pub chapters: Vec<Chapter<'a>>,
    /// Every id in the content documents, mapped to the file that holds it.
    pub locations: BTreeMap<String, String>,
    /// Headings in reading order.
    pub headings: Vec<Heading>,
}

/// Splits `doc` into content documents.
pub fn plan(doc: &Document) -> Plan<'_> {
    let mut starts: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Heading { level: 2, .. }))
        .map(|(i, _)| i)
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let mut chapters = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(doc.blocks.len());
        let blocks = &doc.blocks[start..end];
        let (heading_id, title) = match blocks.first() {
            Some(
                b @ Block {
                    kind: BlockKind::Heading { content, .. },
                    ..
                },
            ) => (
                Some(b.id().to_string()),
                quire_doc::inline_text(content).replace('\n', " "),
            ),
            _ => (None, String::new()),
        };
        chapters.push(Chapter {
            file: format!("ch-{:02}.xhtml", n + 1),
            blocks,
            notes: Vec::new(),
            heading_id,
            title,
        });
    }

    let mut locations = BTreeMap::new();
    let mut headings = Vec::new();
    let mut first_ref: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, chapter) in chapters.iter().enumerate() {
        let mut ids = Vec::new();
        collect_ids(chapter.blocks, &mut ids, &mut |note| {
            first_ref.entry(note).or_insert(n);
        });
        for id in ids {
            locations.entry(id).or_insert_with(|| chapter.file.clone());
        }
        for block in chapter.blocks {
            heading_tree(block, &chapter.file, &mut headings);
        }
    }
    let last = chapters.len().saturating_sub(1);
    // Notes cited only from other notes follow the note that cites them.
    for note in &doc.notes {
        let n = first_ref.get(note.id.as_str()).copied().unwrap_or(last);
        let mut ids = vec![note.id.clone()];
        collect_ids(&note.blocks, &mut ids, &mut |inner| {
            first_ref.entry(inner).or_insert(n);
        });
        if let Some(chapter) = chapters.get_mut(n) {
            for id in ids {
                locations.entry(id).or_insert_with(|| chapter.file.clone());
            }
            chapter.notes.push(note);
        }
    }
    Plan {
        chapters,
        locations,
        headings,
    }
}

/// Collects every id a run of blocks writes, and reports each note reference.
fn collect_ids<'a>(blocks: &'a [Block], ids: &mut Vec<String>, noteref: &mut dyn FnMut(&'a str)) {
    let mut inline_runs: Vec<&'a [Inline]> = Vec::new();
    walk_blocks(blocks, &mut |b: &'a Block| {
        ids.push(b.id().to_string());
        match &b.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                inline_runs.push(content)
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    inline_runs.push(&cell.content);
                }
            }
            BlockKind::Figure { credit, .. } => {
                ids.push(format!("{}-credit", b.id()));
                inline_runs.push(credit);
            }
            BlockKind::DefinitionList { items } => {
                for item in items {
                    ids.push(item.id.clone());
                    inline_runs.push(&item.term);
                }
            }
            BlockKind::List { items, .. } => {
                ids.extend(items.iter().map(|i| i.id.clone()));
            }
            BlockKind::Alert { .. } => ids.push(format!("{}-title", b.id())),
            BlockKind::BlockQuote { .. }
            | BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Div { .. }
            | BlockKind::Raw { .. } => {}
        }
    });
    for run in inline_runs {
        walk_inlines(run, &mut |i| match &i.kind {
            InlineKind::NoteRef { id, note, .. } => {
                ids.push(id.clone());
                noteref(note);
            }
            InlineKind::Span { attr, .. }
            | InlineKind::Link { attr, .. }
            | InlineKind::Code { attr, .. }
            | InlineKind::Image { attr, .. }
                if !attr.id.is_empty() =>
            {
                ids.push(attr.id.clone());
            }
            InlineKind::Span { .. }
            | InlineKind::Link { .. }
            | InlineKind::Code { .. }
            | InlineKind::Image { .. }
            | InlineKind::Text { .. }
            | InlineKind::SoftBreak
            | InlineKind::LineBreak
            | InlineKind::Emphasis { .. }
            | InlineKind::Strong { .. }
            | InlineKind::Strikeout { .. }
            | InlineKind::Superscript { .. }
            | InlineKind::Subscript { .. }
            | InlineKind::Math { .. }
            | InlineKind::Raw { .. } => {}
        });
    }
}

/// Calls `f` on every block of `blocks`, parents first: the order of
/// `quire_doc::for_each_block`, which only takes a whole document.
fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match &block.kind {
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => walk_blocks(blocks, f),
            BlockKind::List { items, .. } => {
                for item in items {
                    walk_blocks(&item.blocks, f);
                }
            }
            BlockKind::Figure { caption, .. } => walk_blocks(caption, f),
            BlockKind::DefinitionList { items } => {
                for item in items {
                    for details in &item.details {
                        walk_blocks(details, f);
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

fn walk_inlines<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        walk_inlines(inline.kind.children(), f);
    }
}

/// Adds `block` to the outline if it is a heading. Headings nested in quotes, lists or
/// alerts are not part of the outline.
fn heading_tree(block: &Block, file: &str, out: &mut Vec<Heading>) {
    if let BlockKind::Heading { level, content } = &block.kind {
        out.push(Heading {
            level: *level,
            text: quire_doc::inline_text(content).replace('\n', " "),
            href: format!("{file}#{}", block.id()),
        });
    }
}

/// Whether any block or inline of `doc` satisfies `pred` (used to pick fonts and claims).
pub fn any_inline(doc: &Document, pred: &mut dyn FnMut(&InlineKind) -> bool) -> bool {
    let mut found = false;
    quire_doc::for_each_inline(doc, &mut |i| found = found || pred(&i.kind));
    found
}

/// Whether any block of `doc` satisfies `pred`.
pub fn any_block(doc: &Document, pred: &mut dyn FnMut(&BlockKind) -> bool) -> bool {
    let mut found = false;
    for_each_block(doc, &mut |b| found = found || pred(&b.kind));
    found
}
