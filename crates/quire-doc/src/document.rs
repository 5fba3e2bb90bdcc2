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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// The number readers see, 1-based, in reading order over every layer (set by
    /// `quire-annotate`); every edition prints it as [`Annotation::marker`].
    #[serde(default)]
    pub number: u32,
    /// The layer (annotation file) it comes from: its label, empty for a lone file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub layer: String,
    /// Who made it (`creator.name`, or the creator string, of the W3C model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    /// When it was made, as written in the file (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When it was last changed, as written in the file (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Its tags (bodies with `purpose: tagging`), in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The language of its body (the W3C body's `language`), when the file states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Annotation {
    /// The marker readers see for this note in every edition: a letter series (`a` …
    /// `z`, `aa` …), distinct from the footnotes' numbers, so that "note c" and
    /// "footnote 3" can stand on one page and be cited alike in print, e-book and web.
    pub fn marker(&self) -> String {
        note_letters(self.number)
    }
}

/// `n` (1-based) in the letter series `a`, `b` … `z`, `aa`, `ab` … (as spreadsheet
/// columns count); `0` gives an empty string.
pub fn note_letters(mut n: u32) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The layers of a document's annotations, in order of their first note (reading
/// order): an edition shows each distinctly. A lone file is one layer named `""`.
pub fn annotation_layers(annotations: &[Annotation]) -> Vec<&str> {
    let mut layers: Vec<&str> = Vec::new();
    for a in annotations {
        if !layers.contains(&a.layer.as_str()) {
            layers.push(&a.layer);
        }
    }
    layers
}
