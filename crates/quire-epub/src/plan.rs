//! The plan of the book: which blocks go into which content document, where every id
//! lives, which notes each document carries, and the heading tree for the navigation.
//!
//! Rules:
//! - In a book, each division (front-matter section, part, chapter, appendix, back-matter
//!   section; nested chapters too) is its own content document, named after the
//!   division (`ch03-02-data-types.xhtml`), at the navigation level its place in the
//!   book gives (a chapter under a part one level below the part).
//! - In an article, a level-2 heading starts a new content document (the article's I, II, III). Blocks
//!   before the first level-2 heading form a document of their own, if there are any;
//!   a document with no level-2 heading at all is one content document.
//! - A footnote is placed at the end of the document holding its first reference, so
//!   Apple Books and Kindle find it in the same file and show it as a pop-up, and readers
//!   without pop-ups show it at the end of the section that cites it. A note that nothing
//!   references goes to the last document. Because note numbers follow first reference,
//!   the notes in spine order are the notes in number order, which keeps the book's text
//!   in the same order as the plain-text projection (body first, then notes).

use std::collections::BTreeMap;

use quire_doc::{Block, BlockKind, Division, DivisionKind, Document, Footnote, Inline, InlineKind};
use quire_html::WriterConfig;

/// One content document of the spine.
#[derive(Debug)]
pub struct Chapter<'a> {
    /// File name beside the package document, such as `ch-01.xhtml`.
    pub file: String,
    /// The blocks it holds.
    pub blocks: &'a [Block],
    /// The notes printed at its end.
    pub notes: Vec<&'a Footnote>,
    /// The id of its first heading, if it starts with one.
    pub heading_id: Option<String>,
    /// The reading text of that heading (empty without one); in a book, the division's
    /// title.
    pub title: String,
    /// The book's division it holds (`None` in an article).
    pub division: Option<&'a Division>,
    /// Its level in the navigation, 1-based.
    pub level: i32,
}

/// One entry of the heading tree.
#[derive(Debug)]
pub struct Heading {
    /// Index of the chapter that holds it.
    pub chapter: usize,
    /// Heading level (1 to 6).
    pub level: u8,
    /// Reading text of the heading.
    pub text: String,
    /// `file#id` relative to the package document.
    pub href: String,
}

/// The whole plan.
#[derive(Debug)]
pub struct Plan<'a> {
    /// Content documents in spine order.
    pub chapters: Vec<Chapter<'a>>,
    /// Every id in the content documents (as [`WriterConfig::element_ids`] lists them, plus
    /// the notes), mapped to the file that holds it.
    pub locations: BTreeMap<String, String>,
    /// Headings in reading order.
    pub headings: Vec<Heading>,
}

/// Splits `doc` into content documents; `cfg` is the configuration the content will be
/// written with (it decides which ids exist).
pub fn plan<'a>(doc: &'a Document, cfg: &WriterConfig) -> Plan<'a> {
    let mut chapters = if doc.is_book() {
        book_chapters(doc)
    } else {
        article_chapters(doc)
    };
    let mut locations = BTreeMap::new();
    let mut headings = Vec::new();
    let mut first_ref: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, chapter) in chapters.iter().enumerate() {
        for id in cfg.element_ids(chapter.blocks) {
            locations.entry(id).or_insert_with(|| chapter.file.clone());
        }
        for note in note_refs(chapter.blocks) {
            first_ref.entry(note).or_insert(n);
        }
        for block in chapter.blocks {
            heading_tree(block, n, &chapter.file, &mut headings);
        }
    }
    let last = chapters.len().saturating_sub(1);
    // Notes are in order of first reference, so a note cited only from another note comes
    // after it and finds its citing note's document already known.
    for note in &doc.notes {
        let n = first_ref.get(note.id.as_str()).copied().unwrap_or(last);
        for inner in note_refs(&note.blocks) {
            first_ref.entry(inner).or_insert(n);
        }
        if let Some(chapter) = chapters.get_mut(n) {
            let ids = std::iter::once(note.id.clone()).chain(cfg.element_ids(&note.blocks));
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

/// An article's documents: one per level-2 heading, and one for what comes before.
fn article_chapters(doc: &Document) -> Vec<Chapter<'_>> {
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
        let (heading_id, title) = leading_heading(blocks);
        chapters.push(Chapter {
            file: format!("ch-{:02}.xhtml", n + 1),
            blocks,
            notes: Vec::new(),
            heading_id,
            title,
            division: None,
            level: 1,
        });
    }
    chapters
}

/// The id and text of the heading `blocks` start with.
fn leading_heading(blocks: &[Block]) -> (Option<String>, String) {
    match blocks.first() {
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
    }
}

/// A book's documents: one per division.
fn book_chapters(doc: &Document) -> Vec<Chapter<'_>> {
    let mut in_part = false;
    let mut chapters = Vec::with_capacity(doc.divisions.len());
    for (n, division) in doc.divisions.iter().enumerate() {
        let blocks = &doc.blocks[doc.division_blocks(n)];
        let (heading_id, _) = leading_heading(blocks);
        let level = match division.kind {
            DivisionKind::Part => {
                in_part = true;
                1
            }
            DivisionKind::Chapter if in_part => 2 + i32::from(division.depth),
            DivisionKind::Chapter => 1 + i32::from(division.depth),
            DivisionKind::FrontMatter | DivisionKind::Appendix | DivisionKind::BackMatter => {
                in_part = false;
                1 + i32::from(division.depth)
            }
        };
        chapters.push(Chapter {
            file: file_name(&division.name, n),
            blocks,
            notes: Vec::new(),
            heading_id,
            title: division_label(division),
            division: Some(division),
            level,
        });
    }
    chapters
}

/// The label of a division in the navigation: its number (a letter for an appendix),
/// then its title.
pub fn division_label(d: &Division) -> String {
    let title = d.title.replace('\n', " ");
    if d.number.is_empty() {
        title
    } else {
        format!("{}. {title}", d.number_text())
    }
}

/// A content document's file name: the division's name (already a safe file name and
/// unique, see [`Division::name`]), unless it is one of the package's own documents.
fn file_name(name: &str, n: usize) -> String {
    if ["cover", "title", "toc", "nav"].contains(&name.to_ascii_lowercase().as_str()) {
        // Division names have no `.`, so `cover.3` is no other division's.
        format!("{name}.{}.xhtml", n + 1)
    } else {
        format!("{name}.xhtml")
    }
}

/// The notes that `blocks` cite, in reading order (repeats included).
fn note_refs(blocks: &[Block]) -> Vec<&str> {
    let mut runs: Vec<&[Inline]> = Vec::new();
    walk_blocks(blocks, &mut |b| match &b.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => runs.push(content),
        BlockKind::Table {
            header,
            rows,
            caption,
            ..
        } => {
            runs.push(caption);
            for cell in header.iter().chain(rows.iter().flatten()) {
                runs.push(&cell.content);
            }
        }
        BlockKind::CodeBlock { caption, .. } => runs.push(caption),
        BlockKind::Figure { credit, .. } => runs.push(credit),
        BlockKind::DefinitionList { items } => {
            for item in items {
                runs.push(&item.term);
            }
        }
        BlockKind::List { .. }
        | BlockKind::Alert { .. }
        | BlockKind::BlockQuote { .. }
        | BlockKind::ThematicBreak
        | BlockKind::Div { .. }
        | BlockKind::Raw { .. }
        | BlockKind::Index { .. } => {}
    });
    let mut notes = Vec::new();
    for run in runs {
        walk_inlines(run, &mut |i| {
            if let InlineKind::NoteRef { note, .. } = &i.kind {
                notes.push(note.as_str());
            }
        });
    }
    notes
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
            | BlockKind::Raw { .. }
            | BlockKind::Index { .. } => {}
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
fn heading_tree(block: &Block, chapter: usize, file: &str, out: &mut Vec<Heading>) {
    if let BlockKind::Heading { level, content } = &block.kind {
        out.push(Heading {
            chapter,
            level: *level,
            text: quire_doc::inline_text(content).replace('\n', " "),
            href: format!("{file}#{}", block.id()),
        });
    }
}
