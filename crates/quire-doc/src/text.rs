//! The plain-text projection: the document's reading text, the ground truth that
//! annotations anchor against and that every edition's extracted text is compared with.
//!
//! The rules, kept deliberately simple so that each edition can reproduce them:
//! - Each *text unit* contributes its text; units are joined by a blank line (`"\n\n"`).
//!   Units are headings, paragraphs, code blocks, raw blocks, tables (cells joined by a
//!   tab, rows by a newline), a table's or a listing's caption (before the table or the
//!   code), a figure's credit, an alert's title and a definition's term.
//!   Containers (quotes, lists, figures, alerts, divs) contribute their children's units.
//!   Thematic breaks contribute nothing, nor does the back-of-book index
//!   ([`BlockKind::Index`]): its entries are made from words of the text, and what its
//!   locators read differs by edition (pages in print, paragraph numbers on screen). Its
//!   heading is an ordinary heading block before it, and is a unit.
//! - Inside a unit, soft breaks read as one space, hard breaks as a newline; code, math
//!   and raw inlines contribute their source text; images and note references contribute
//!   nothing (they are not words of the text).
//! - The notes follow the body, in note order, unit by unit.
//! - Offsets are counted in Unicode code points, as the W3C Web Annotation model requires.

use crate::{Block, BlockKind, Document, Inline, InlineKind, TextRange};

/// The separator placed between text units.
pub const UNIT_SEPARATOR: &str = "\n\n";

/// The reading text of a document, with the range each text unit occupies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Projection {
    /// The whole text.
    pub text: String,
    /// Each unit in order: the id of the node it came from and its code-point range.
    pub units: Vec<Unit>,
}

/// One text unit of the projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Id of the block it came from; a figure credit is `<figure id>-credit`, an alert
    /// title `<alert id>-title`, a table's or listing's caption `<block id>-caption`, a
    /// definition term the definition's id.
    pub id: String,
    /// Its range of the projection, in code points.
    pub range: TextRange,
}

/// The id of the caption of the table or listing `id`: its projection unit, and the
/// element id every edition gives the caption.
pub fn caption_id(id: &str) -> String {
    format!("{id}-caption")
}

/// The document's plain-text projection.
pub fn plain_text(doc: &Document) -> String {
    project(doc).text
}

/// The projection with its unit map.
pub fn project(doc: &Document) -> Projection {
    let mut p = Projector::default();
    p.blocks(&doc.blocks);
    for note in &doc.notes {
        p.blocks(&note.blocks);
    }
    Projection {
        text: p.text,
        units: p.units,
    }
}

/// The reading text of a run of inlines, by the rules above.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, inlines);
    out
}

/// Appends the reading text of `inlines` to `out`.
pub fn push_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        push_inline(out, inline);
    }
}

fn push_inline(out: &mut String, inline: &Inline) {
    match &inline.kind {
        InlineKind::Text { text } => out.push_str(text),
        InlineKind::SoftBreak => out.push(' '),
        InlineKind::LineBreak => out.push('\n'),
        InlineKind::Code { text, .. } | InlineKind::Raw { text, .. } => out.push_str(text),
        InlineKind::Math { source, .. } => out.push_str(source),
        InlineKind::Image { .. } | InlineKind::NoteRef { .. } => {}
        InlineKind::Emphasis { content }
        | InlineKind::Strong { content }
        | InlineKind::Strikeout { content }
        | InlineKind::Superscript { content }
        | InlineKind::Subscript { content }
        | InlineKind::Keyboard { content }
        | InlineKind::Link { content, .. }
        | InlineKind::Span { content, .. }
        | InlineKind::Cite { content, .. } => push_inlines(out, content),
    }
}

#[derive(Default)]
struct Projector {
    text: String,
    units: Vec<Unit>,
    /// Length of `text` in code points, kept so offsets cost nothing to compute.
    chars: usize,
}

impl Projector {
    fn unit(&mut self, id: String, body: String) {
        if !self.units.is_empty() {
            self.text.push_str(UNIT_SEPARATOR);
            self.chars += UNIT_SEPARATOR.chars().count();
        }
        let start = self.chars;
        self.chars += body.chars().count();
        self.text.push_str(&body);
        self.units.push(Unit {
            id,
            range: TextRange {
                start,
                end: self.chars,
            },
        });
    }

    /// A table's or listing's caption, a unit of its own (none when empty).
    fn caption(&mut self, id: &str, caption: &[Inline]) {
        if !caption.is_empty() {
            self.unit(caption_id(id), inline_text(caption));
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        let id = block.id().to_string();
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                self.unit(id, inline_text(content))
            }
            BlockKind::Raw { fallback, .. } if !fallback.is_empty() => self.blocks(fallback),
            BlockKind::CodeBlock { text, caption, .. } => {
                self.caption(&id, caption);
                self.unit(id, text.clone())
            }
            BlockKind::Raw { text, .. } => self.unit(id, text.clone()),
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => {
                self.caption(&id, caption);
                let row_text = |row: &[crate::Cell]| {
                    row.iter()
                        .map(|c| inline_text(&c.content))
                        .collect::<Vec<_>>()
                        .join("\t")
                };
                let mut lines = vec![row_text(header)];
                lines.extend(rows.iter().map(|r| row_text(r)));
                self.unit(id, lines.join("\n"))
            }
            BlockKind::BlockQuote { blocks } | BlockKind::Div { blocks } => self.blocks(blocks),
            BlockKind::List { items, .. } => {
                for item in items {
                    self.blocks(&item.blocks);
                }
            }
            BlockKind::Figure {
                caption, credit, ..
            } => {
                self.blocks(caption);
                if !credit.is_empty() {
                    self.unit(format!("{id}-credit"), inline_text(credit));
                }
            }
            BlockKind::DefinitionList { items } => {
                for item in items {
                    self.unit(item.id.clone(), inline_text(&item.term));
                    for details in &item.details {
                        self.blocks(details);
                    }
                }
            }
            BlockKind::Alert { title, blocks, .. } => {
                self.unit(format!("{id}-title"), title.clone());
                self.blocks(blocks);
            }
            BlockKind::ThematicBreak | BlockKind::Index { .. } => {}
        }
    }
}
