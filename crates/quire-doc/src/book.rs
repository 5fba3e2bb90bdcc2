//! The book level of a document: its divisions (front matter, parts, chapters,
//! appendices, back matter) over the top-level blocks. An article has none.
//!
//! Key design decision: the body stays one flat list of blocks in reading order, and a
//! division only says where it starts. So everything that works on the whole text (the
//! plain-text projection, annotation anchoring, paragraph numbers, the id namespace)
//! works on a book unchanged, and an edition that does not care about books (a single
//! web page) can ignore the divisions. A division runs from its `start` to the next
//! division's (a part with no text of its own is empty).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::{Document, Span};

/// Where in the book a division stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionKind {
    /// Before the numbered chapters (a preface, a foreword): unnumbered, roman folios in
    /// print.
    FrontMatter,
    /// A part title, heading the chapters after it.
    Part,
    /// A chapter (numbered unless its number is empty).
    Chapter,
    /// An appendix, after the chapters.
    Appendix,
    /// After the appendices (a glossary, a colophon): unnumbered.
    BackMatter,
}

/// One division of a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    /// What it is.
    pub kind: DivisionKind,
    /// A name unique in the book (ignoring case), made of ASCII letters, digits, `-` and
    /// `_` only, so that every edition uses it as a file name, URL and XML id as it is
    /// (`ch03-02-data-types`): the stem of its source file, or a slug of its title.
    pub name: String,
    /// The title the contents show.
    pub title: String,
    /// Its number (`[3, 2]` is 3.2); empty for an unnumbered division.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub number: Vec<u32>,
    /// How deep it is nested: 0 for a chapter of the book, 1 for a chapter inside it …
    #[serde(default, skip_serializing_if = "is_zero")]
    pub depth: u8,
    /// Index of its first block in [`Document::blocks`].
    pub start: usize,
    /// Where the book's structure names it (the manifest or `SUMMARY.md` line).
    pub span: Span,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl Division {
    /// Its number as readers see it (`3.2`; an appendix's first number as a letter,
    /// `A`, `B` … `Z`, `AA`), empty when unnumbered.
    pub fn number_text(&self) -> String {
        let parts: Vec<String> = self
            .number
            .iter()
            .enumerate()
            .map(|(i, n)| match (self.kind, i) {
                (DivisionKind::Appendix, 0) => appendix_letter(*n),
                _ => n.to_string(),
            })
            .collect();
        parts.join(".")
    }

    /// Whether it opens a new chapter of the book (not a part, not a nested chapter):
    /// where print starts a right-hand page.
    pub fn opens_chapter(&self) -> bool {
        self.kind != DivisionKind::Part && self.depth == 0
    }
}

/// An appendix's letter from its number: 1 → A … 26 → Z, 27 → AA.
pub fn appendix_letter(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

impl Document {
    /// Whether the document is a book (has divisions).
    pub fn is_book(&self) -> bool {
        !self.divisions.is_empty()
    }

    /// The blocks of division `i`: from its start to the next division's.
    pub fn division_blocks(&self, i: usize) -> Range<usize> {
        let start = self.divisions[i].start.min(self.blocks.len());
        let end = self
            .divisions
            .get(i + 1)
            .map_or(self.blocks.len(), |d| d.start.min(self.blocks.len()));
        start..end.max(start)
    }

    /// The index of the division that holds top-level block `block` (`None` before the
    /// first, or in an article).
    pub fn division_of(&self, block: usize) -> Option<usize> {
        let i = self.divisions.partition_point(|d| d.start <= block);
        // Empty divisions (parts) share their start with the next; the last one wins.
        i.checked_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix_letters_run_past_z() {
        let got: Vec<String> = [1, 2, 26, 27, 28]
            .into_iter()
            .map(appendix_letter)
            .collect();
        assert_eq!(got, ["A", "B", "Z", "AA", "AB"]);
        let d = Division {
            kind: DivisionKind::Appendix,
            name: "a".into(),
            title: "T".into(),
            number: vec![2, 1],
            depth: 1,
            start: 0,
            span: Span::detached(),
        };
        assert_eq!(d.number_text(), "B.1");
    }
}
