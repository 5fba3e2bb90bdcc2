//! Fonts, families and the fallback chain.
//!
//! A [`Font`] is one face of one font file: its bytes (shared through an `Arc`, so a font
//! is read from disk once and every clone, every layout and the PDF writer use the same
//! allocation), its index inside a collection, and the few metrics layout needs (units per
//! em, ascender, descender, line gap). Fonts are validated when they are created: bytes
//! that do not parse as an OpenType face are an error then, not at shaping time.
//!
//! A [`FontBook`] owns the fonts of one edition and names their roles:
//!
//! * the **text family** (serif body text): regular, italic, bold and bold-italic faces;
//! * an optional **mono family** for code;
//! * a **fallback chain**: faces tried in order for a character that the styled face lacks.
//!
//! Resolution of a style is deterministic and total: a missing bold-italic falls back to
//! bold, then italic, then regular (a synthesised style is never produced); a missing mono
//! family falls back to the text family. Fonts are identified by [`FontId`], an index into
//! the book, so laid-out glyph runs stay small and the PDF writer can fetch the bytes of each
//! face it must embed.
//!
//! Each face of the text family also gets two **small-caps variants** (see
//! [`crate::caps`]): further entries of the book that share the face's bytes and differ
//! in the features they are shaped with; [`FontStyle::caps`] selects them.
//!
//! The API takes paths or bytes; it never looks for fonts in system directories.

use std::collections::BTreeMap;

use quire_doc::FontBytes;

use crate::caps::{self, Caps};

/// An error while loading a font or assembling a [`FontBook`].
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The bytes are not a usable OpenType/TrueType face.
    #[error("not a usable font face (index {index}): {reason}")]
    Parse {
        /// Face index within the file.
        index: u32,
        /// What the parser reported.
        reason: String,
    },
    /// A [`FontId`] that does not belong to this book.
    #[error("font id {0} is not in this font book")]
    UnknownFont(u32),
}

/// Identifies a font within one [`FontBook`] (its insertion index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontId(pub u32);

/// Vertical metrics of a face in font design units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FontMetrics {
    /// Design units per em.
    pub units_per_em: u16,
    /// Ascender (positive, above the baseline).
    pub ascender: i16,
    /// Descender (negative, below the baseline).
    pub descender: i16,
    /// Recommended extra gap between lines.
    pub line_gap: i16,
}

/// One face of a font file, with its bytes shared via `Arc`.
#[derive(Clone, Debug)]
pub struct Font {
    data: FontBytes,
    index: u32,
    name: String,
    metrics: FontMetrics,
    shaping: ShapingFont,
    variant: Option<Variant>,
}

/// What makes a small-caps variant differ from the face it was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The face whose bytes (and embedded program) it shares.
    pub base: FontId,
    /// Which letters it sets as small caps.
    pub caps: Caps,
    /// The face lacks the features: capitals stand in, tracked (see [`crate::caps`]).
    pub synthetic: bool,
}

/// The face as the shaper reads it (`harfrust` parses with `read-fonts`, which caches
/// the layout tables in the font: made once per face, shared by every shaper).
#[derive(Clone)]
pub(crate) struct ShapingFont(pub(crate) harfrust::Font);

impl std::fmt::Debug for ShapingFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShapingFont")
    }
}

impl Font {
    /// Use face `index` of the given font bytes (OpenType, TrueType or a collection).
    pub fn from_bytes(data: impl Into<FontBytes>, index: u32) -> Result<Font, FontError> {
        let data: FontBytes = data.into();
        let face = ttf_parser::Face::parse(&data, index).map_err(|e| FontError::Parse {
            index,
            reason: e.to_string(),
        })?;
        if face.units_per_em() == 0 {
            return Err(FontError::Parse {
                index,
                reason: "units per em is zero".into(),
            });
        }
        let metrics = FontMetrics {
            units_per_em: face.units_per_em(),
            ascender: face.ascender(),
            descender: face.descender(),
            line_gap: face.line_gap(),
        };
        let name = face_name(&face).unwrap_or_else(|| format!("font-{index}"));
        let shaping =
            harfrust::Font::new(data.shared(), index).ok_or_else(|| FontError::Parse {
                index,
                reason: "not a font the shaper can read".into(),
            })?;
        Ok(Font {
            data,
            index,
            name,
            metrics,
            shaping: ShapingFont(shaping),
            variant: None,
        })
    }

    /// How this face is a small-caps variant of another, if it is one.
    pub fn variant(&self) -> Option<Variant> {
        self.variant
    }

    /// Which letters the shaper sets as small caps in this face.
    pub fn caps(&self) -> Caps {
        self.variant.map_or(Caps::Normal, |v| v.caps)
    }

    /// The font file's bytes (shared).
    pub fn data(&self) -> &FontBytes {
        &self.data
    }

    /// The face index within the file.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The PostScript name (or full name) from the `name` table.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The face's vertical metrics in design units.
    pub fn metrics(&self) -> FontMetrics {
        self.metrics
    }

    /// The face for shaping.
    pub(crate) fn shaping(&self) -> &harfrust::Font {
        &self.shaping.0
    }

    /// Whether the face maps `c` to a glyph.
    pub fn has_char(&self, c: char) -> bool {
        ttf_parser::Face::parse(&self.data, self.index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    }
}

/// The PostScript name, else the full name, of a face.
fn face_name(face: &ttf_parser::Face<'_>) -> Option<String> {
    let wanted = [
        ttf_parser::name_id::POST_SCRIPT_NAME,
        ttf_parser::name_id::FULL_NAME,
    ];
    wanted.iter().find_map(|&id| {
        face.names()
            .into_iter()
            .filter(|n| n.name_id == id)
            .find_map(|n| n.to_string())
    })
}

/// The four faces of a family; missing styles resolve to the nearest present one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// Upright, normal weight.
    pub regular: FontId,
    /// Italic, normal weight.
    pub italic: Option<FontId>,
    /// Upright, bold.
    pub bold: Option<FontId>,
    /// Italic, bold.
    pub bold_italic: Option<FontId>,
}

impl Family {
    /// A family with only a regular face.
    pub fn regular_only(regular: FontId) -> Family {
        Family {
            regular,
            italic: None,
            bold: None,
            bold_italic: None,
        }
    }

    /// The face for a weight and slant (bold-italic → bold → italic → regular).
    pub fn face(&self, bold: bool, italic: bool) -> FontId {
        match (bold, italic) {
            (true, true) => self.bold_italic.or(self.bold).or(self.italic),
            (true, false) => self.bold,
            (false, true) => self.italic,
            (false, false) => None,
        }
        .unwrap_or(self.regular)
    }

    fn ids(&self) -> impl Iterator<Item = FontId> {
        [Some(self.regular), self.italic, self.bold, self.bold_italic]
            .into_iter()
            .flatten()
    }
}

/// Which family a run of text is set in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FamilyKind {
    /// The serif text family.
    #[default]
    Text,
    /// The monospaced family (code).
    Mono,
}

/// A font style: family, weight and slant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FontStyle {
    /// The family.
    pub family: FamilyKind,
    /// Bold weight.
    pub bold: bool,
    /// Italic slant.
    pub italic: bool,
    /// Small capitals (text family only; code is never set in small caps).
    pub caps: Caps,
}

impl FontStyle {
    /// Regular text face.
    pub const REGULAR: FontStyle = FontStyle {
        family: FamilyKind::Text,
        bold: false,
        italic: false,
        caps: Caps::Normal,
    };
    /// Italic text face.
    pub const ITALIC: FontStyle = FontStyle {
        family: FamilyKind::Text,
        bold: false,
        italic: true,
        caps: Caps::Normal,
    };
    /// Bold text face.
    pub const BOLD: FontStyle = FontStyle {
        family: FamilyKind::Text,
        bold: true,
        italic: false,
        caps: Caps::Normal,
    };
    /// Monospaced regular face.
    pub const MONO: FontStyle = FontStyle {
        family: FamilyKind::Mono,
        bold: false,
        italic: false,
        caps: Caps::Normal,
    };
}

/// The fonts of one edition and their roles.
#[derive(Clone, Debug)]
pub struct FontBook {
    fonts: Vec<Font>,
    text: Family,
    mono: Option<Family>,
    fallback: Vec<FontId>,
    /// The small-caps face of each (text face, caps); a face that cannot set
    /// [`Caps::Small`] maps to itself.
    variants: BTreeMap<(FontId, Caps), FontId>,
}

impl FontBook {
    /// A book whose text family is, for now, just `text_regular` (id 0).
    pub fn new(text_regular: Font) -> FontBook {
        FontBook {
            fonts: vec![text_regular],
            text: Family::regular_only(FontId(0)),
            mono: None,
            fallback: Vec::new(),
            variants: BTreeMap::new(),
        }
    }

    /// Add a font and return its id (ids are assigned in insertion order).
    pub fn add(&mut self, font: Font) -> FontId {
        let id = FontId(u32::try_from(self.fonts.len()).unwrap_or(u32::MAX));
        self.fonts.push(font);
        id
    }

    /// Set the text family; every id must belong to this book. Registers the small-caps
    /// variants of its faces (once per face, however often this is called).
    pub fn set_text_family(&mut self, family: Family) -> Result<(), FontError> {
        self.check(family.ids())?;
        self.text = family;
        for base in family.ids() {
            for caps in [Caps::Small, Caps::AllSmall] {
                if !self.variants.contains_key(&(base, caps)) {
                    let id = self.add_variant(base, caps);
                    self.variants.insert((base, caps), id);
                }
            }
        }
        Ok(())
    }

    /// The face that sets `base` with `caps` (see [`crate::caps`] for a face without
    /// the features).
    fn add_variant(&mut self, base: FontId, caps: Caps) -> FontId {
        let font = &self.fonts[base.0 as usize];
        let real = ttf_parser::Face::parse(font.data(), font.index())
            .is_ok_and(|face| caps::has_features(&face, caps));
        if !real && caps == Caps::Small {
            return base;
        }
        let mut variant = font.clone();
        variant.variant = Some(Variant {
            base,
            caps,
            synthetic: !real,
        });
        self.add(variant)
    }

    /// The face whose program sets `id`'s glyphs: its base for a small-caps variant
    /// (same bytes, same glyph ids), else `id` itself. The PDF embeds each program once.
    pub fn program(&self, id: FontId) -> FontId {
        self.get(id).and_then(Font::variant).map_or(id, |v| v.base)
    }

    /// Whether `style` asks for small caps its face can only fake (tracked capitals,
    /// which the layout sets [`caps::SYNTHETIC_SIZE`] smaller).
    pub fn synthetic_caps(&self, style: FontStyle) -> bool {
        self.get(self.resolve(style))
            .and_then(Font::variant)
            .is_some_and(|v| v.synthetic)
    }

    /// Set the mono family; every id must belong to this book.
    pub fn set_mono_family(&mut self, family: Family) -> Result<(), FontError> {
        self.check(family.ids())?;
        self.mono = Some(family);
        Ok(())
    }

    /// Set the fallback chain, tried in order after the styled face.
    pub fn set_fallback(&mut self, chain: Vec<FontId>) -> Result<(), FontError> {
        self.check(chain.iter().copied())?;
        self.fallback = chain;
        Ok(())
    }

    fn check(&self, mut ids: impl Iterator<Item = FontId>) -> Result<(), FontError> {
        match ids.find(|id| self.get(*id).is_none()) {
            Some(id) => Err(FontError::UnknownFont(id.0)),
            None => Ok(()),
        }
    }

    /// The font with this id, if it belongs to the book.
    pub fn get(&self, id: FontId) -> Option<&Font> {
        self.fonts.get(id.0 as usize)
    }

    /// All fonts with their ids, in id order.
    pub fn fonts(&self) -> impl Iterator<Item = (FontId, &Font)> {
        self.fonts
            .iter()
            .enumerate()
            .map(|(i, f)| (FontId(i as u32), f))
    }

    /// The number of fonts in the book.
    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    /// Always false: a book holds at least its text face.
    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }

    /// The fallback chain, tried in order after the styled face.
    pub fn fallback(&self) -> &[FontId] {
        &self.fallback
    }

    /// The text family.
    pub fn text_family(&self) -> Family {
        self.text
    }

    /// The face that sets `style` (before fallback).
    pub fn resolve(&self, style: FontStyle) -> FontId {
        let family = match style.family {
            FamilyKind::Text => self.text,
            FamilyKind::Mono => self.mono.unwrap_or(self.text),
        };
        let face = family.face(style.bold, style.italic);
        match (style.family, style.caps) {
            (FamilyKind::Mono, _) | (_, Caps::Normal) => face,
            (FamilyKind::Text, caps) => self.variants.get(&(face, caps)).copied().unwrap_or(face),
        }
    }

    /// The faces tried for `style`, in order: the styled face, then the fallback chain
    /// (without repeats).
    pub fn chain(&self, style: FontStyle) -> Vec<FontId> {
        let mut chain = vec![self.resolve(style)];
        for &id in &self.fallback {
            if !chain.contains(&id) {
                chain.push(id);
            }
        }
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testfonts;

    #[test]
    fn rejects_garbage_bytes() {
        let err = Font::from_bytes(vec![0u8; 16], 0).unwrap_err();
        assert!(matches!(err, FontError::Parse { .. }));
    }

    #[test]
    fn loads_metrics_and_shares_bytes() {
        let book = testfonts::book();
        let font = book.get(book.resolve(FontStyle::REGULAR)).unwrap();
        let m = font.metrics();
        assert!(m.units_per_em > 0);
        assert!(m.ascender > 0 && m.descender < 0);
        assert!(!font.name().is_empty());
        let clone = font.clone();
        assert!(FontBytes::ptr_eq(clone.data(), font.data()));
        assert!(font.has_char('a'));
    }

    #[test]
    fn style_resolution_and_chain() {
        let book = testfonts::book();
        let text = book.text_family();
        assert_eq!(book.resolve(FontStyle::REGULAR), text.regular);
        assert_eq!(Some(book.resolve(FontStyle::ITALIC)), text.italic);
        assert_eq!(Some(book.resolve(FontStyle::BOLD)), text.bold);
        let chain = book.chain(FontStyle::REGULAR);
        assert_eq!(chain[0], text.regular);
        assert!(chain.len() >= 2, "fallback chain configured");
        // The mono family resolves to itself, not to the text face.
        assert_ne!(book.resolve(FontStyle::MONO), text.regular);
    }

    #[test]
    fn missing_styles_fall_back_to_nearest() {
        let fam = Family {
            regular: FontId(0),
            italic: Some(FontId(1)),
            bold: None,
            bold_italic: None,
        };
        assert_eq!(fam.face(true, true), FontId(1));
        assert_eq!(fam.face(true, false), FontId(0));
        let fam = Family {
            bold: Some(FontId(2)),
            ..fam
        };
        assert_eq!(fam.face(true, true), FontId(2));
    }

    #[test]
    fn unknown_ids_are_rejected() {
        let mut book = testfonts::book();
        let bad = FontId(999);
        assert!(matches!(
            book.set_fallback(vec![bad]),
            Err(FontError::UnknownFont(999))
        ));
        assert!(book.set_mono_family(Family::regular_only(bad)).is_err());
    }
}
