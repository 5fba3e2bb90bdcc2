//! Inline content: the runs of text inside a paragraph, heading or cell.

use serde::{Deserialize, Serialize};

use crate::{Attr, Span};

/// One inline node and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inline {
    /// What the node is.
    #[serde(flatten)]
    pub kind: InlineKind,
    /// Its source span.
    pub span: Span,
}

impl Inline {
    /// An inline of `kind` at `span`.
    pub fn new(kind: InlineKind, span: Span) -> Self {
        Self { kind, span }
    }
}

/// The kinds of inline content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InlineKind {
    /// Plain text, with typographic punctuation already applied.
    Text {
        /// The characters.
        text: String,
    },
    /// A line ending inside a paragraph; reads as a space.
    SoftBreak,
    /// A forced line break.
    LineBreak,
    /// Emphasis (usually italic).
    Emphasis {
        /// The emphasised content.
        content: Vec<Inline>,
    },
    /// Strong importance (usually bold).
    Strong {
        /// The content.
        content: Vec<Inline>,
    },
    /// Struck-out text.
    Strikeout {
        /// The content.
        content: Vec<Inline>,
    },
    /// Superscript.
    Superscript {
        /// The content.
        content: Vec<Inline>,
    },
    /// Subscript.
    Subscript {
        /// The content.
        content: Vec<Inline>,
    },
    /// Keyboard or other user input (HTML's `<kbd>`), usually set in the code face.
    Keyboard {
        /// The keys or input; may nest (`Ctrl` + `C`).
        content: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// Attributes (classes name the language).
        attr: Attr,
        /// The code, verbatim.
        text: String,
    },
    /// A hyperlink.
    Link {
        /// Attributes.
        attr: Attr,
        /// The destination URL or `#fragment`.
        url: String,
        /// An optional title.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An inline image.
    Image {
        /// Attributes.
        attr: Attr,
        /// The image, as written in the source (a relative path or URL).
        src: String,
        /// Alternative text for readers who cannot see the image.
        alt: String,
        /// An optional title.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
    },
    /// A reference to a footnote in [`crate::Document::notes`].
    NoteRef {
        /// Identifier of this reference (target of the note's back-link).
        id: String,
        /// Identifier of the note it refers to.
        note: String,
        /// The note's number, 1-based, in order of first reference.
        number: u32,
    },
    /// A span of inline content with attributes.
    Span {
        /// Attributes.
        attr: Attr,
        /// The content.
        content: Vec<Inline>,
    },
    /// Mathematics, kept as its source text (TeX syntax).
    Math {
        /// Display (block) rather than inline math.
        display: bool,
        /// The TeX source.
        source: String,
    },
    /// A citation (`[see @key, p. 33]`, `@key`, `[-@key]`, `@fig-logo`): the items it
    /// cites and what it shows. Until citations are processed (`quire-cite`, in the
    /// load stage) `content` is the text as written; after, it is the rendered citation
    /// (author and year, a number, a cross-reference's "Figure 2"), with links to the
    /// bibliography entry or the target. Editions show `content`, like a span.
    Cite {
        /// The cited items, in the order written.
        citations: Vec<Citation>,
        /// What is shown.
        content: Vec<Inline>,
    },
    /// Raw content for one output format, such as `html`.
    ///
    /// Backends show it as literal text unless the user allowed raw output of that format.
    Raw {
        /// The format it is written in.
        format: String,
        /// The raw text.
        text: String,
    },
}

impl InlineKind {
    /// The inline children, if this kind has any.
    pub fn children(&self) -> &[Inline] {
        match self {
            InlineKind::Emphasis { content }
            | InlineKind::Strong { content }
            | InlineKind::Strikeout { content }
            | InlineKind::Superscript { content }
            | InlineKind::Subscript { content }
            | InlineKind::Keyboard { content }
            | InlineKind::Link { content, .. }
            | InlineKind::Span { content, .. }
            | InlineKind::Cite { content, .. } => content,
            InlineKind::Text { .. }
            | InlineKind::SoftBreak
            | InlineKind::LineBreak
            | InlineKind::Code { .. }
            | InlineKind::Image { .. }
            | InlineKind::NoteRef { .. }
            | InlineKind::Math { .. }
            | InlineKind::Raw { .. } => &[],
        }
    }

    /// [`InlineKind::children`], mutably.
    pub fn children_mut(&mut self) -> &mut [Inline] {
        self.content_mut().map_or(&mut [], |c| c.as_mut_slice())
    }

    /// The list of inline children itself, for passes that replace children with more
    /// or fewer inlines (splicing a citation's text into its parent).
    pub fn content_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            InlineKind::Emphasis { content }
            | InlineKind::Strong { content }
            | InlineKind::Strikeout { content }
            | InlineKind::Superscript { content }
            | InlineKind::Subscript { content }
            | InlineKind::Keyboard { content }
            | InlineKind::Link { content, .. }
            | InlineKind::Span { content, .. }
            | InlineKind::Cite { content, .. } => Some(content),
            InlineKind::Text { .. }
            | InlineKind::SoftBreak
            | InlineKind::LineBreak
            | InlineKind::Code { .. }
            | InlineKind::Image { .. }
            | InlineKind::NoteRef { .. }
            | InlineKind::Math { .. }
            | InlineKind::Raw { .. } => None,
        }
    }

    /// The id written on this inline (`[x]{#id}`, `<a id>`), if any: a link target.
    pub fn id(&self) -> Option<&str> {
        self.attr()
            .map(|a| a.id.as_str())
            .filter(|id| !id.is_empty())
    }

    /// The attributes of this inline, if its kind has them.
    pub fn attr(&self) -> Option<&crate::Attr> {
        match self {
            InlineKind::Code { attr, .. }
            | InlineKind::Link { attr, .. }
            | InlineKind::Image { attr, .. }
            | InlineKind::Span { attr, .. } => Some(attr),
            _ => None,
        }
    }

    /// The attributes of this inline, if its kind has them.
    pub fn attr_mut(&mut self) -> Option<&mut crate::Attr> {
        match self {
            InlineKind::Code { attr, .. }
            | InlineKind::Link { attr, .. }
            | InlineKind::Image { attr, .. }
            | InlineKind::Span { attr, .. } => Some(attr),
            InlineKind::Text { .. }
            | InlineKind::SoftBreak
            | InlineKind::LineBreak
            | InlineKind::Emphasis { .. }
            | InlineKind::Strong { .. }
            | InlineKind::Strikeout { .. }
            | InlineKind::Superscript { .. }
            | InlineKind::Subscript { .. }
            | InlineKind::Keyboard { .. }
            | InlineKind::NoteRef { .. }
            | InlineKind::Cite { .. }
            | InlineKind::Math { .. }
            | InlineKind::Raw { .. } => None,
        }
    }
}

/// One cited item of a [`InlineKind::Cite`], as Pandoc's citation syntax writes it:
/// `[prefix @key suffix]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The key, without the `@` (a bibliography entry's key, or a cross-reference's
    /// target id such as `fig-logo`).
    pub key: String,
    /// How the item is cited.
    #[serde(default, skip_serializing_if = "CiteMode::is_normal")]
    pub mode: CiteMode,
    /// Text written before the key (`see`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix: Vec<Inline>,
    /// Text written after the key (`, p. 33`); a locator at its start (`p. 33`,
    /// `ch. 2`) is read by the citation processor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suffix: Vec<Inline>,
    /// Where the key is written (the `@key`).
    pub span: Span,
}

/// How a [`Citation`] names its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiteMode {
    /// In parentheses, a note or a number, as the style says (`[@key]`).
    #[default]
    Normal,
    /// The author named in the sentence, the rest after it (`@key`: "Knuth (1984)").
    AuthorInText,
    /// Without the author, who is named in the text already (`[-@key]`: "(1984)").
    SuppressAuthor,
}

impl CiteMode {
    fn is_normal(&self) -> bool {
        *self == CiteMode::Normal
    }
}

/// The `(src, alt)` of the image a paragraph holds when it holds nothing else: every
/// edition shows such a paragraph as a block image (centred, at its natural size within
/// the measure) rather than as an image in a line of text.
pub fn lone_image(content: &[Inline]) -> Option<(&str, &str)> {
    match content {
        [only] => match &only.kind {
            InlineKind::Image { src, alt, .. } => Some((src, alt)),
            _ => None,
        },
        _ => None,
    }
}
