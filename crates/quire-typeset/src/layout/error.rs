//! Why a document could not be laid out.

use std::fmt;

use quire_doc::Span;

/// A character that no font of the book can display, and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MissingChar {
    /// Where the character is in the source (detached for text that did not come from
    /// the source, such as front matter).
    pub at: Span,
    /// The character.
    pub ch: char,
}

impl fmt::Display for MissingChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "U+{:04X} {:?} at byte {}",
            u32::from(self.ch),
            self.ch,
            self.at.start
        )
    }
}

/// A document that cannot be laid out.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LayoutFailure {
    /// Characters that no font has; each occurrence is listed with its source position,
    /// in source order. Nothing is ever set as a blank box.
    #[error("{} character(s) not in any font: {}", .0.len(), list(.0))]
    MissingGlyphs(Vec<MissingChar>),
    /// The options do not describe a usable page.
    #[error("invalid layout options: {0}")]
    InvalidOptions(String),
}

fn list(chars: &[MissingChar]) -> String {
    chars
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
