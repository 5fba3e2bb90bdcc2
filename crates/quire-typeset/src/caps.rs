//! Small capitals: which letters a style sets as small caps, and what a face offers.
//!
//! Small caps are the face's own glyphs, reached through OpenType features: `smcp`
//! turns lowercase letters into small capitals and `c2sc` turns capitals into them. A
//! shaping plan applies its features to everything it shapes, so small caps are not a
//! feature toggled inside a run but a **face variant**: [`crate::FontBook`] registers,
//! beside each face of the text family, a variant that shares the face's bytes (and, in
//! the PDF, its embedded program: same glyph ids, one subset) and differs only in the
//! features its text is shaped with. A style asks for a variant through
//! [`crate::FontStyle::caps`]; shaping, the word cache and line breaking then treat it
//! as one more face, and each glyph still carries its source characters, so extraction
//! gives the letters as written (`XINHUA`, not `xinhua`).
//!
//! **Spacing.** A string of capitals or small capitals is letterspaced (Bringhurst,
//! 3.2.2): every glyph of an [`Caps::AllSmall`] variant gets [`TRACKING_EM`] more advance
//! from the shaper. Mixed case ([`Caps::Small`]) keeps the face's spacing, which was drawn
//! for small caps beside capitals.
//!
//! **A face without the features.** A face that lacks `smcp`, `c2sc` or both cannot set
//! real small caps. Its [`Caps::AllSmall`] variant is *synthetic*: the capitals
//! themselves, tracked like real small caps and set [`SYNTHETIC_SIZE`] smaller by the
//! layout (tracked caps, the fallback of print design). That only serves text
//! [`written_in_capitals`]: turning lowercase letters into capitals would make the glyphs
//! disagree with the text they stand for, and shrinking and spacing lowercase letters
//! does not make them read as small caps, so the layout sets mixed-case text as written.
//! [`Caps::Small`] has no fallback at all: its variant is the face itself.

use ttf_parser::{Face, Tag};

/// Size of synthetic small caps (capitals standing in for them), as a ratio of the
/// text size: about the height of real small caps over the capitals' height.
pub const SYNTHETIC_SIZE: f64 = 0.8;
/// Letter spacing added after every glyph of all-small-caps text, in ems of its size.
pub const TRACKING_EM: f64 = 0.05;

/// Which letters are set as small capitals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Caps {
    /// As written.
    #[default]
    Normal,
    /// Lowercase letters as small caps, capitals as capitals (`smcp`): for mixed-case
    /// text, whose capitals carry meaning (the initials of names).
    Small,
    /// Every letter as a small capital (`c2sc` and `smcp`): text written in capitals
    /// then reads as small caps rather than shouting (figure credits).
    AllSmall,
}

impl Caps {
    /// The OpenType features a plan for this variant turns on.
    pub fn features(self) -> &'static [&'static [u8; 4]] {
        match self {
            Caps::Normal => &[],
            Caps::Small => &[b"smcp"],
            Caps::AllSmall => &[b"c2sc", b"smcp"],
        }
    }
}

/// Whether `text` has no lowercase letter (an agency credit, `PHOTO BY XINHUA`): text
/// that synthetic small caps, which are the capitals themselves, can set.
pub fn written_in_capitals(text: &str) -> bool {
    !text.chars().any(char::is_lowercase)
}

/// Whether the face's `GSUB` has every feature `caps` needs.
pub(crate) fn has_features(face: &Face<'_>, caps: Caps) -> bool {
    let Some(gsub) = face.tables().gsub else {
        return caps.features().is_empty();
    };
    caps.features().iter().all(|tag| {
        let tag = Tag::from_bytes(tag);
        gsub.features.into_iter().any(|f| f.tag == tag)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{RawGlyph, Shaper};
    use crate::testfonts;
    use crate::{FontBook, FontStyle};

    fn shaped(book: &FontBook, style: FontStyle, text: &str) -> Vec<RawGlyph> {
        Shaper::new(book).shape(book.resolve(style), text).to_vec()
    }

    fn style(caps: Caps) -> FontStyle {
        FontStyle {
            caps,
            ..FontStyle::REGULAR
        }
    }

    #[test]
    fn the_text_faces_have_small_caps() {
        let book = testfonts::book();
        let family = book.text_family();
        for id in [
            Some(family.regular),
            family.italic,
            family.bold,
            family.bold_italic,
        ]
        .into_iter()
        .flatten()
        {
            let font = book.get(id).unwrap();
            let face = Face::parse(font.data(), font.index()).unwrap();
            if font.name().starts_with("Libertinus") {
                assert!(has_features(&face, Caps::AllSmall), "{}", font.name());
            }
        }
    }

    #[test]
    fn all_small_caps_turn_capitals_into_small_caps_glyphs() {
        let book = testfonts::book();
        let plain = shaped(&book, FontStyle::REGULAR, "XINHUA");
        let small = shaped(&book, style(Caps::AllSmall), "XINHUA");
        assert!(!book.synthetic_caps(style(Caps::AllSmall)));
        assert_eq!(plain.len(), small.len());
        for (p, s) in plain.iter().zip(&small) {
            assert_ne!(p.id, s.id, "a small-caps glyph, not the capital");
            assert_eq!(p.cluster, s.cluster, "each glyph keeps its letter");
        }
        let variant = book.get(book.resolve(style(Caps::AllSmall))).unwrap();
        assert_eq!(variant.caps(), Caps::AllSmall);
        let base = book.program(book.resolve(style(Caps::AllSmall)));
        assert_eq!(
            base,
            book.resolve(FontStyle::REGULAR),
            "one program for both"
        );
    }

    #[test]
    fn mixed_case_keeps_its_capitals() {
        let book = testfonts::book();
        let plain = shaped(&book, FontStyle::REGULAR, "Ren");
        let small = shaped(&book, style(Caps::Small), "Ren");
        assert_eq!(plain[0].id, small[0].id, "the capital stays");
        assert_ne!(plain[1].id, small[1].id, "lowercase becomes small caps");
        assert_eq!(
            plain[0].advance, small[0].advance,
            "no tracking in mixed case"
        );
    }

    #[test]
    fn capitals_without_small_caps_are_tracked_and_set_smaller() {
        let book = testfonts::sans_book();
        let all = style(Caps::AllSmall);
        assert!(book.synthetic_caps(all));
        assert_ne!(book.resolve(all), book.resolve(FontStyle::REGULAR));
        let plain = shaped(&book, FontStyle::REGULAR, "XINHUA");
        let tracked = shaped(&book, all, "XINHUA");
        let upem = f64::from(book.get(book.resolve(all)).unwrap().metrics().units_per_em);
        let tracking = (upem * TRACKING_EM).round() as i32;
        for (p, t) in plain.iter().zip(&tracked) {
            assert_eq!(p.id, t.id, "the capitals themselves");
            assert_eq!(p.advance + tracking, t.advance);
        }
        // Mixed case has no fallback: the face as it is.
        assert_eq!(
            book.resolve(style(Caps::Small)),
            book.resolve(FontStyle::REGULAR)
        );
        assert!(!book.synthetic_caps(style(Caps::Small)));
    }

    #[test]
    fn code_is_never_set_in_small_caps() {
        let book = testfonts::book();
        let mono = FontStyle {
            caps: Caps::AllSmall,
            ..FontStyle::MONO
        };
        assert_eq!(book.resolve(mono), book.resolve(FontStyle::MONO));
    }

    #[test]
    fn only_text_without_lowercase_letters_counts_as_capitals() {
        assert!(written_in_capitals("PHOTO BY XINHUA"));
        assert!(written_in_capitals("© 2024 AP"));
        assert!(!written_in_capitals("Photo by Ren Chao"));
    }
}
