//! Optical margin alignment and font expansion: the two micro-typographic adjustments
//! (Hàn Thế Thành's, in pdfTeX) that let justified text keep even spacing on a narrow
//! measure.
//!
//! **Protrusion.** A full stop, a comma or a hyphen at the end of a line is a small
//! mark with white above it; set flush, the right edge of the column looks indented
//! there. Letting such marks hang into the margin by part of their width makes the edge
//! look straight. The fractions below are of the character's own advance, chosen by eye
//! on Libertinus Serif at text sizes: marks that carry little ink (stops, commas, single
//! quotes, hyphens) hang most, wider or heavier ones (dashes, colons, double quotes) less.
//! Letters never hang. The line breaker counts the allowance as extra measure, so the
//! justification accounts for it and the hanging mark is not paid for by wider spaces.
//!
//! **Expansion.** A justified line may also widen or narrow its glyphs by up to
//! [`EXPANSION`] of their width, in the same proportion as its spaces stretch or shrink
//! (one adjustment ratio for both). Two and a half per cent is below what a reader
//! notices between neighbouring lines, and it takes about a third of the load off the
//! spaces on a line of sixty characters, which is what keeps narrow trims from loose
//! lines and from needing a hyphen on every other line (measured by
//! `typography::report`: at A5, 2 % left 2.5 % of lines loose, 2.5 % none). The PDF draws expanded glyphs with a horizontally
//! scaled text matrix, so their outlines, advances and extracted text stay those of the
//! font.

/// The most a justified line's glyphs are widened or narrowed, as a fraction of their
/// width.
pub const EXPANSION: f64 = 0.025;

/// The fraction of its advance by which `c` may hang into the right margin at a line's
/// end.
pub fn end_protrusion(c: char) -> f64 {
    match c {
        '.' | ',' | '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}' | '\u{AD}' => 0.7,
        ':' | ';' | '"' | '\u{201D}' | '\u{2013}' | '\u{203A}' | '\u{BB}' => 0.5,
        '!' | '?' | '\u{2014}' | '\u{2026}' => 0.3,
        _ => 0.0,
    }
}

/// The fraction of its advance by which `c` may hang into the left margin at a line's
/// start.
pub fn start_protrusion(c: char) -> f64 {
    match c {
        '\'' | '\u{2018}' => 0.7,
        '"' | '\u{201C}' | '\u{201E}' | '\u{2039}' | '\u{AB}' => 0.5,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_hang_and_letters_do_not() {
        assert!(end_protrusion('.') > end_protrusion('\u{2014}'));
        assert!(end_protrusion('-') > 0.0);
        assert_eq!(end_protrusion('e'), 0.0);
        assert_eq!(
            end_protrusion('\u{201C}'),
            0.0,
            "an opening quote at a line end"
        );
        assert!(start_protrusion('\u{201C}') > 0.0);
        assert_eq!(start_protrusion('.'), 0.0);
        for c in ['.', ',', '-', '\u{201D}', '\u{2014}'] {
            assert!(end_protrusion(c) < 1.0, "{c} keeps part of itself inside");
        }
    }
}
