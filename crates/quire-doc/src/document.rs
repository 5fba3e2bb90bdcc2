//! The document: metadata, body, notes and the annotations anchored to it.

use serde::{Deserialize, Serialize};

use crate::{Block, Meta, Span};

/// A whole document: what every backend renders.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Front-matter metadata.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// Footnotes, in order of first reference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Footnote>,
    /// Editorial annotations anchored to the text (filled by `quire-annotate`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// The book's divisions, in reading order; empty for an article (see
    /// [`crate::Division`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub divisions: Vec<crate::Division>,
}

/// A footnote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    /// Stable id (`fn-` followed by the source label).
    pub id: String,
    /// The label written in the source (`[^label]`).
    pub label: String,
    /// The number readers see, 1-based, in order of first reference.
    pub number: u32,
    /// Ids of the references to this note, in reading order.
    pub refs: Vec<String>,
    /// The note's content.
    pub blocks: Vec<Block>,
    /// Where the note was defined.
    pub span: Span,
}

/// A range of the plain-text projection, in Unicode code points, end exclusive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct TextRange {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// An editorial annotation, anchored to a range of the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// The annotation's IRI, as given in the annotation file.
    pub id: String,
    /// A short id usable as an HTML fragment (`note-…`), unique in the document.
    pub slug: String,
    /// Why it was made (`commenting`, `describing`, `linking` …).
    pub motivation: String,
    /// The note itself.
    pub body: Vec<Block>,
    /// The anchored range of the plain-text projection.
    pub target: TextRange,
    /// The text the range covers, at build time.
    pub quote: String,
}
