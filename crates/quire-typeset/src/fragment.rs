//! Fragments: the paragraph text cut into shaped words, spaces, objects and breaks.
//!
//! The paragraph string (see [`crate::paragraph`]) is cut into fragments: words, shaped
//! as one unit through the shaper's cache; single spaces; inline objects; forced breaks.
//! Cuts happen at inline-run and font-coverage boundaries, at spaces, and at every UAX #14
//! break opportunity that does not follow a space (after `/` or `-` in a URL, after a
//! dash): the item builder turns those into penalties. An opportunity right before an
//! object that directly follows a word is dropped, so a footnote marker never starts a
//! line. A tab counts as a space; a no-break space (U+00A0) is a space that is not a break
//! opportunity; `\n`, `\r\n`, U+2028 and the other mandatory breaks of UAX #14 are
//! forced breaks. Characters that no font covers are collected, with the caller's source
//! payloads, and their clusters become words of one placeholder glyph each.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use crate::fonts::FontId;
use crate::paragraph::{Inline, MissingGlyph, OBJECT_CHAR, Span};
use crate::shape::{Segment, ShapedGlyph, Shaper, Uncovered};
use crate::units::Pt;

/// What a fragment of the paragraph text is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FragKind {
    /// A word (or part of one) shaped with one face; clusters are paragraph offsets.
    Word {
        font: FontId,
        size: Pt,
        glyphs: Vec<ShapedGlyph>,
    },
    /// An interword space (one character).
    Space {
        font: FontId,
        size: Pt,
        glyph: Option<ShapedGlyph>,
        breakable: bool,
    },
    /// An inline object.
    Object { width: Pt, ascent: Pt, descent: Pt },
    /// A forced break (its characters are not set).
    Break,
}

/// A piece of the paragraph text and its inline.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Frag {
    pub range: Range<usize>,
    pub inline: usize,
    pub kind: FragKind,
}

pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}')
}

pub(crate) fn is_forced_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Cut the paragraph text into shaped fragments (step 2 of the module docs); also returns
/// the characters no face has.
pub(crate) fn fragment<S: Clone + std::fmt::Debug>(
    shaper: &mut Shaper<'_>,
    inlines: &[Inline<S>],
    text: &str,
    spans: &[Span],
    opportunities: &[usize],
) -> (Vec<Frag>, Vec<MissingGlyph<S>>) {
    let mut next_opp = 0;
    let mut frags = Vec::new();
    let mut missing = Vec::new();
    let book = shaper.book();
    for span in spans {
        let inline = &inlines[span.inline];
        let (style, size, source) = match inline {
            Inline::Text {
                style,
                size,
                source,
                ..
            } => (*style, *size, source),
            Inline::Object {
                width,
                ascent,
                descent,
                ..
            } => {
                let kind = FragKind::Object {
                    width: *width,
                    ascent: *ascent,
                    descent: *descent,
                };
                frags.push(Frag {
                    range: span.range.clone(),
                    inline: span.inline,
                    kind,
                });
                continue;
            }
            Inline::LineBreak { .. } => {
                frags.push(Frag {
                    range: span.range.clone(),
                    inline: span.inline,
                    kind: FragKind::Break,
                });
                continue;
            }
        };
        let chain = book.chain(style);
        let run_text = &text[span.range.clone()];
        let (segments, uncovered) = shaper.split_by_coverage(run_text, &chain);
        missing.extend(
            uncovered
                .into_iter()
                .map(|Uncovered { offset, ch }| MissingGlyph {
                    ch,
                    source: source.clone(),
                    offset,
                }),
        );
        for Segment {
            range: seg,
            font,
            placeholder,
        } in segments
        {
            let base = span.range.start;
            if placeholder {
                let at = base + seg.start;
                let glyphs = shaper.placeholder(font, size, at);
                frags.push(Frag {
                    range: at..base + seg.end,
                    inline: span.inline,
                    kind: FragKind::Word { font, size, glyphs },
                });
                continue;
            }
            let mut word_start = base + seg.start;
            let mut chars = text[base + seg.start..base + seg.end]
                .char_indices()
                .peekable();
            while let Some((i, c)) = chars.next() {
                let at = base + seg.start + i;
                while next_opp < opportunities.len() && opportunities[next_opp] < at {
                    next_opp += 1;
                }
                let opp_here = opportunities.get(next_opp) == Some(&at);
                if is_space(c) || is_forced_break(c) || opp_here {
                    push_word(&mut frags, word_start..at, span.inline, font, size);
                    word_start = at;
                }
                if is_space(c) {
                    let raw = shaper.shape(font, " ");
                    let glyph = shaper.scale(font, size, &raw, at).first().copied();
                    let breakable = c != '\u{00A0}';
                    let kind = FragKind::Space {
                        font,
                        size,
                        glyph,
                        breakable,
                    };
                    frags.push(Frag {
                        range: at..at + c.len_utf8(),
                        inline: span.inline,
                        kind,
                    });
                    word_start = at + c.len_utf8();
                } else if is_forced_break(c) {
                    let mut end = at + c.len_utf8();
                    if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                        chars.next();
                        end += 1;
                    }
                    frags.push(Frag {
                        range: at..end,
                        inline: span.inline,
                        kind: FragKind::Break,
                    });
                    word_start = end;
                }
            }
            push_word(
                &mut frags,
                word_start..base + seg.end,
                span.inline,
                font,
                size,
            );
        }
    }
    shape_words(shaper, text, &mut frags);
    (frags, missing)
}

fn push_word(frags: &mut Vec<Frag>, range: Range<usize>, inline: usize, font: FontId, size: Pt) {
    if range.is_empty() {
        return;
    }
    // Shaped once the paragraph is cut (see `shape_words`).
    frags.push(Frag {
        range,
        inline,
        kind: FragKind::Word {
            font,
            size,
            glyphs: Vec::new(),
        },
    });
}

/// Shape every word fragment (through the shaper's cache); placeholders already have
/// their glyph.
fn shape_words(shaper: &mut Shaper<'_>, text: &str, frags: &mut [Frag]) {
    for frag in frags.iter_mut() {
        if let FragKind::Word { font, size, glyphs } = &mut frag.kind
            && glyphs.is_empty()
        {
            let raw = shaper.shape(*font, text.get(frag.range.clone()).unwrap_or(""));
            *glyphs = shaper.scale(*font, *size, &raw, frag.range.start);
        }
    }
}

/// UAX #14 break opportunities that are not after a space, a forced break or the end of
/// the text (those are handled as glue and forced breaks), and not right before an object
/// that follows a word nor right after one that a word follows. (UAX #14 lets a line
/// break on either side of an object; but a destination at the start of a marked word
/// must stay on the word's line, or it names the page before.)
pub(crate) fn word_breaks(text: &str) -> Vec<usize> {
    linebreaks(text)
        .filter(|&(at, kind)| kind == BreakOpportunity::Allowed && at < text.len())
        .filter(|&(at, _)| {
            let prev = text[..at].chars().next_back();
            let next = text[at..].chars().next();
            let after_space = prev.is_some_and(|c| is_space(c) || is_forced_break(c));
            let glued_object =
                next == Some(OBJECT_CHAR) && prev.is_some_and(|c| !c.is_whitespace());
            let glued_word = prev == Some(OBJECT_CHAR) && next.is_some_and(|c| !c.is_whitespace());
            !after_space && !glued_object && !glued_word
        })
        .map(|(at, _)| at)
        .collect()
}
