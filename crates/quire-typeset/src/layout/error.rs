//! Why a document could not be laid out, and the characters no font has.

use std::collections::BTreeMap;
use std::fmt;

use quire_doc::{Diagnostic, Span};

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
    /// The options do not describe a usable page.
    #[error("invalid layout options: {0}")]
    InvalidOptions(String),
}

/// How every missing-character warning begins (so that the pipeline, which has the
/// source, can find them and refine their places).
pub const MISSING_CHAR_MESSAGE: &str = "no font has the character";

/// At most this many characters are reported one by one; the rest are counted.
pub const MAX_MISSING_REPORTED: usize = 20;

/// One warning per distinct character, in order of first occurrence, however often it
/// occurs (a page of Thai is one line per letter, not one per letter per occurrence): its
/// count and its first place. Past [`MAX_MISSING_REPORTED`] characters, one line says how
/// many more there are.
pub fn missing_warnings(chars: &[MissingChar]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<char, (Span, usize)> = BTreeMap::new();
    for c in chars {
        let entry = seen.entry(c.ch).or_insert((c.at, 0));
        entry.0 = entry.0.min(c.at);
        entry.1 += 1;
    }
    let mut order: Vec<(char, Span, usize)> =
        seen.into_iter().map(|(ch, (at, n))| (ch, at, n)).collect();
    order.sort_by_key(|&(ch, at, _)| (at, ch));
    let mut out: Vec<Diagnostic> = order
        .iter()
        .take(MAX_MISSING_REPORTED)
        .map(|&(ch, at, count)| {
            let times = if count == 1 {
                String::new()
            } else {
                format!(" ({count} times; the first is shown)")
            };
            let span = Span::new(at.file, at.start, at.start.saturating_add(ch.len_utf8() as u32).min(at.end.max(at.start)));
            Diagnostic::warning(
                span,
                format!(
                    "{MISSING_CHAR_MESSAGE} {}U+{:04X}{times}; the PDF shows a box in its place",
                    printable(ch),
                    u32::from(ch)
                ),
            )
            .with_hint("add a font that has it (a `fonts/` folder beside the source, or --font-path), or replace the character")
        })
        .collect();
    if order.len() > MAX_MISSING_REPORTED {
        out.push(Diagnostic::warning(
            Span::detached(),
            format!(
                "{} more characters are in no font; the PDF shows boxes in their place",
                order.len() - MAX_MISSING_REPORTED
            ),
        ));
    }
    out
}

/// Whether `ch` is a combining mark (it sits on the letter before it).
pub fn is_combining(ch: char) -> bool {
    matches!(
        u32::from(ch),
        0x300..=0x36F | 0x483..=0x489 | 0x591..=0x5BD | 0x610..=0x61A | 0x64B..=0x65F
            | 0x900..=0x903 | 0x93A..=0x94F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
            | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
    )
}

/// A character as a reader can see it in a message, followed by a space: combining marks
/// on a dotted circle (alone they would sit on the quote), invisible ones by code point
/// only.
fn printable(ch: char) -> String {
    if ch.is_control() || ch.is_whitespace() {
        String::new()
    } else if is_combining(ch) {
        format!("'\u{25CC}{ch}' ")
    } else {
        format!("'{ch}' ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_doc::FileId;

    fn at(ch: char, start: u32) -> MissingChar {
        MissingChar {
            at: Span::new(FileId(0), start, start + 40),
            ch,
        }
    }

    #[test]
    fn one_warning_per_character_with_its_count_and_first_place() {
        let chars = [at('ก', 30), at('ข', 12), at('ก', 5), at('ก', 50)];
        let out = missing_warnings(&chars);
        assert_eq!(out.len(), 2, "{out:?}");
        // Ordered by first occurrence: ก (first at 5) before ข (12).
        assert!(
            out[0].message.contains("U+0E01 (3 times"),
            "{}",
            out[0].message
        );
        assert_eq!(out[0].span.start, 5);
        assert_eq!(out[0].span.end, 5 + 'ก'.len_utf8() as u32);
        assert!(out[1].message.contains("'ข' U+0E02;"), "{}", out[1].message);
        assert_eq!(out[1].span.start, 12);
        assert!(out.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn combining_marks_are_shown_on_a_dotted_circle() {
        let out = missing_warnings(&[at('\u{0301}', 3)]);
        assert!(
            out[0].message.contains("'\u{25CC}\u{0301}' U+0301"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn past_the_limit_the_rest_are_counted() {
        let chars: Vec<MissingChar> = (0..25u32)
            .map(|i| at(char::from_u32(0xE000 + i).unwrap(), i * 3))
            .collect();
        let out = missing_warnings(&chars);
        assert_eq!(out.len(), MAX_MISSING_REPORTED + 1);
        assert!(
            out[MAX_MISSING_REPORTED]
                .message
                .starts_with("5 more characters")
        );
    }
}
