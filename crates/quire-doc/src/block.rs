//! Block content: headings, paragraphs, lists, tables, figures and their containers.

use serde::{Deserialize, Serialize};

use crate::{Attr, IndexGroup, Inline, Span};

/// One block node: its attributes (always with an id), its kind and its source span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// Identifier, classes and attributes. `attr.id` is the block's stable id.
    pub attr: Attr,
    /// What the block is.
    #[serde(flatten)]
    pub kind: BlockKind,
    /// Its source span.
    pub span: Span,
}

impl Block {
    /// A block of `kind` with `attr`, at `span`.
    pub fn new(attr: Attr, kind: BlockKind, span: Span) -> Self {
        Self { attr, kind, span }
    }

    /// The block's stable id.
    pub fn id(&self) -> &str {
        &self.attr.id
    }

    /// The lists of blocks nested directly in this one, in reading order: a quote's or
    /// div's body, each list item, a figure's caption, each definition's details.
    pub fn child_lists(&self) -> Vec<&[Block]> {
        match &self.kind {
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => vec![blocks],
            BlockKind::List { items, .. } => items.iter().map(|i| i.blocks.as_slice()).collect(),
            BlockKind::Figure { caption, .. }
            | BlockKind::Raw {
                fallback: caption, ..
            } => {
                vec![caption]
            }
            BlockKind::DefinitionList { items } => items
                .iter()
                .flat_map(|i| &i.details)
                .map(Vec::as_slice)
                .collect(),
            BlockKind::Heading { .. }
            | BlockKind::Paragraph { .. }
            | BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Table { .. }
            | BlockKind::Index { .. } => Vec::new(),
        }
    }

    /// [`Block::child_lists`], mutably.
    pub fn child_lists_mut(&mut self) -> Vec<&mut Vec<Block>> {
        match &mut self.kind {
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => vec![blocks],
            BlockKind::List { items, .. } => items.iter_mut().map(|i| &mut i.blocks).collect(),
            BlockKind::Figure { caption, .. }
            | BlockKind::Raw {
                fallback: caption, ..
            } => {
                vec![caption]
            }
            BlockKind::DefinitionList { items } => {
                items.iter_mut().flat_map(|i| &mut i.details).collect()
            }
            BlockKind::Heading { .. }
            | BlockKind::Paragraph { .. }
            | BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Table { .. }
            | BlockKind::Index { .. } => Vec::new(),
        }
    }

    /// The runs of inline content held directly by this block, in reading order: a
    /// heading's or paragraph's text, a table's caption then each cell, a listing's
    /// caption, a figure's credit, each term.
    pub fn inline_lists(&self) -> Vec<&[Inline]> {
        match &self.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                vec![content]
            }
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => std::iter::once(caption.as_slice())
                .chain(
                    header
                        .iter()
                        .chain(rows.iter().flatten())
                        .map(|c| c.content.as_slice()),
                )
                .collect(),
            BlockKind::CodeBlock { caption, .. } => vec![caption],
            BlockKind::Figure { credit, .. } => vec![credit],
            BlockKind::DefinitionList { items } => {
                items.iter().map(|i| i.term.as_slice()).collect()
            }
            BlockKind::BlockQuote { .. }
            | BlockKind::List { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Alert { .. }
            | BlockKind::Div { .. }
            | BlockKind::Raw { .. }
            | BlockKind::Index { .. } => Vec::new(),
        }
    }

    /// [`Block::inline_lists`], mutably.
    pub fn inline_lists_mut(&mut self) -> Vec<&mut Vec<Inline>> {
        match &mut self.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                vec![content]
            }
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => std::iter::once(caption)
                .chain(
                    header
                        .iter_mut()
                        .chain(rows.iter_mut().flatten())
                        .map(|c| &mut c.content),
                )
                .collect(),
            BlockKind::CodeBlock { caption, .. } => vec![caption],
            BlockKind::Figure { credit, .. } => vec![credit],
            BlockKind::DefinitionList { items } => items.iter_mut().map(|i| &mut i.term).collect(),
            BlockKind::BlockQuote { .. }
            | BlockKind::List { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Alert { .. }
            | BlockKind::Div { .. }
            | BlockKind::Raw { .. }
            | BlockKind::Index { .. } => Vec::new(),
        }
    }
}

/// The kinds of block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// A section heading.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A quotation set off from the text.
    BlockQuote {
        /// The quoted blocks.
        blocks: Vec<Block>,
    },
    /// A bulleted, numbered or task list.
    List {
        /// Bullets or numbers.
        kind: ListKind,
        /// Tight lists have no space between items.
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// Preformatted code.
    CodeBlock {
        /// The language named in the info string, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        /// The code, verbatim, ending without a newline.
        text: String,
        /// The listing's caption (the fenced block's `lst-cap` attribute, read as
        /// Markdown); empty when there is none. Every edition shows it above the code,
        /// the [cross-reference](crate::enrich::CAPTION_LABEL_CLASS) label first. Its text
        /// is a unit of the plain-text projection of its own (`{id}-caption`), before
        /// the code's.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
    },
    /// A thematic break (a scene change).
    ThematicBreak,
    /// A table.
    Table {
        /// Column alignments; the number of columns.
        columns: Vec<Align>,
        /// The header row; empty for a table without one (written in HTML).
        header: Vec<Cell>,
        /// The body rows.
        rows: Vec<Vec<Cell>>,
        /// The caption (Pandoc's `: Caption {#tbl-id}` or `Table: Caption` paragraph
        /// beside the table, or an HTML `<caption>`); empty when there is none. Every
        /// edition shows it above the table (HTML and EPUB as `<caption>`), the
        /// [cross-reference](crate::enrich::CAPTION_LABEL_CLASS) label first. Attributes
        /// written after it (`{#tbl-id .class}`) are the table block's. Its text is a
        /// unit of the plain-text projection of its own (`{id}-caption`), before the
        /// table's.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
    },
    /// A figure: an optional image with a caption and an optional credit.
    ///
    /// The image may be absent (a caption-only figure, as when a printed photo was not
    /// supplied); editions still show the caption and the credit.
    Figure {
        /// The image, if there is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        image: Option<Image>,
        /// The caption.
        caption: Vec<Block>,
        /// Who made the image (empty when not given).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        credit: Vec<Inline>,
    },
    /// A list of terms and their definitions.
    DefinitionList {
        /// The entries.
        items: Vec<Definition>,
    },
    /// An admonition: a note, tip, warning … set apart from the text.
    Alert {
        /// Which kind.
        kind: AlertKind,
        /// The title shown; defaults to the kind's name.
        title: String,
        /// The body.
        blocks: Vec<Block>,
    },
    /// A generic container; its classes say what it is (for example `source-note`).
    Div {
        /// The contained blocks.
        blocks: Vec<Block>,
    },
    /// The back-of-book index, computed by the load stage from the index marks of the
    /// text (see [`crate::index`]): where a `::: {#index}` div stood, or at the end. Its
    /// heading is the block before it. It adds nothing to the plain-text projection: its
    /// words are made from other words, and its locators differ by edition.
    Index {
        /// The entries by initial, collated by the document's language.
        groups: Vec<IndexGroup>,
    },
    /// Raw content for one output format, such as `html`, passed through to the editions
    /// that can show it when the author asked for that (`--raw-html`).
    ///
    /// Raw HTML is sanitised XHTML when it reaches the model. Editions that cannot show
    /// it (the PDF), or that were not allowed to, show `fallback`: the same content read
    /// into the model. Without a fallback, the text is shown as code.
    Raw {
        /// The format it is written in.
        format: String,
        /// The raw text.
        text: String,
        /// The content for editions that do not show the raw text.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fallback: Vec<Block>,
    },
}

/// How a list marks its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum ListKind {
    /// Bullets.
    Bullet,
    /// Numbers counting up from `start`.
    Ordered {
        /// The first number.
        start: u32,
    },
}

/// One list item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// Stable id of the item.
    pub id: String,
    /// For task lists: whether the box is ticked; `None` for ordinary items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
    /// Its source span.
    pub span: Span,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Not specified (left for text).
    #[default]
    Default,
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The cell text.
    pub content: Vec<Inline>,
    /// Its source span.
    pub span: Span,
}

/// The image of a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// The image as written in the source: a path relative to the source file, or a URL.
    pub src: String,
    /// Alternative text.
    pub alt: String,
    /// Where the image reference was written.
    pub span: Span,
}

/// A term and its definitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// Stable id of the entry.
    pub id: String,
    /// The term.
    pub term: Vec<Inline>,
    /// One or more definitions, each a sequence of blocks.
    pub details: Vec<Vec<Block>>,
    /// Its source span.
    pub span: Span,
}

/// The kinds of [`BlockKind::Alert`], after GitHub's five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Useful information.
    Note,
    /// Helpful advice.
    Tip,
    /// Key information.
    Important,
    /// Urgent information.
    Warning,
    /// Risks.
    Caution,
}

impl AlertKind {
    /// The default title in English.
    pub fn default_title(self) -> &'static str {
        match self {
            AlertKind::Note => "Note",
            AlertKind::Tip => "Tip",
            AlertKind::Important => "Important",
            AlertKind::Warning => "Warning",
            AlertKind::Caution => "Caution",
        }
    }
}
