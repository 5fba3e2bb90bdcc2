//! Subsetting for CSS: fonts that browsers and e-readers load with `@font-face`.
//!
//! A web font must keep what a PDF font may drop: the `cmap` (CSS maps characters, not
//! glyph ids), `OS/2` and `hhea` (line metrics, and browsers reject a font without
//! `OS/2`), `name` and `post`, and the OpenType layout tables (`GSUB`, `GPOS`, `GDEF`), since
//! the browser shapes the text itself: ligatures, kerning, small capitals and old-style
//! figures only exist if their lookups survive. All of that is subset consistently — the
//! outlines (`CFF` or `glyf`), the metrics, every lookup and coverage table — and glyph
//! ids are renumbered densely.
//!
//! This is HarfBuzz's subsetter (`hb-subset`), compiled from the HarfBuzz source bundled
//! in the `mkwebfont_hb-subset` crate (C++ built by `cc`; no bindgen, no system library);
//! no pure-Rust subsetter does all of it today (`subsetter` is for PDF only; `klippa` copies `CFF` through unsubset, which
//! breaks a renumbered CFF font; `allsorts` drops `GSUB`/`GPOS`). HarfBuzz computes the
//! glyph closure: every glyph that a retained feature can substitute for the requested
//! characters (the `fi` ligature when `f` and `i` are requested, the small capital of
//! every requested letter) is kept. The retained features are HarfBuzz's default set
//! (what a shaper applies unasked: `ccmp`, `liga`, `calt`, `kern`, `mark`, `locl`, …) plus
//! [`CSS_FEATURES`], those a stylesheet switches on with `font-variant-caps` and
//! `font-variant-numeric`.
//!
//! The output is a pure function of the face and the *set* of characters: the order and
//! repetition of characters in the text do not matter, and HarfBuzz uses no clock or
//! randomness, so a page that embeds it is byte-identical across builds.

use std::sync::{Arc, Mutex, PoisonError};

use hb_subset::{Blob, FontFace, SubsetInput, Tag};

use crate::{Face, FontError};

/// Features kept beyond HarfBuzz's default set: those that the `font-variant-caps` and
/// `font-variant-numeric` properties request (CSS Fonts Level 3, §6.6–6.7): small and petite
/// capitals (`small-caps`, `all-small-caps`, `petite-caps`, `all-petite-caps`, `unicase`,
/// `titling-caps`) and figures (`lining-nums`, `oldstyle-nums`, `proportional-nums`,
/// `tabular-nums`, `stacked-fractions`, `ordinal`, `slashed-zero`; `diagonal-fractions`
/// is `frac`, a default). The Quire stylesheets use small capitals and old-style, lining
/// and tabular figures. Left out, because browsers synthesise or skip them gracefully and
/// they would add a fifth to the font: `sups`/`subs` (`font-variant-position`; a `<sup>` is
/// drawn by shrinking and raising, not with them), discretionary and historical ligatures,
/// stylistic sets and alternates.
pub const CSS_FEATURES: [&[u8; 4]; 13] = [
    b"smcp", b"c2sc", b"pcap", b"c2pc", b"unic", b"titl", b"lnum", b"onum", b"pnum", b"tnum",
    b"afrc", b"ordn", b"zero",
];

/// Features removed from the code face's subset: JetBrains Mono's operator ligatures
/// live in `calt` (and `liga`/`clig` in its peers); without them the subset is smaller
/// and shows `!=` as two characters whatever the reader's CSS support.
const CODE_FEATURES_DROPPED: [&[u8; 4]; 3] = [b"calt", b"clig", b"liga"];

/// `name` records kept besides HarfBuzz's default (ids 0–6: copyright, family, style,
/// unique id, full name, version, PostScript name): the licence description and its URL
/// (13, 14), so that every copy carries its copyright notice and licence, as OFL §2 asks.
/// (A subset is a Modified Version under the OFL; the faces' Reserved Font Names — "Linux
/// Libertine", "Biolinum", "STIX Fonts"; none for JetBrains Mono — are not the names used,
/// so the family names stay.)
const EXTRA_NAME_IDS: [u32; 2] = [13, 14];

/// Subsets `face` for use with CSS `@font-face`, keeping the glyphs needed to show any
/// string made of the characters in `text`, with the layout behaviour of the full face.
///
/// The result is an OpenType font (the same flavour as the face: CFF outlines for
/// Libertinus, TrueType for JetBrains Mono) that keeps `cmap` (for the characters of `text`
/// the face covers), `GSUB`/`GPOS`/`GDEF` reduced to the kept glyphs (ligatures such as
/// `fi`, `ffi` form, kerning applies; see [`CSS_FEATURES`] for which features remain),
/// `OS/2`, `hhea`/`hmtx`, `head`, `maxp`, `name` and `post`. Hinting is kept. Characters the
/// face lacks are ignored, so a browser falls back to the next family for them.
///
/// Only the set of characters matters, so `text` may be a page's whole text. The output
/// is deterministic. Wrap it as WOFF or WOFF2 for the web; EPUB may embed it as it is.
///
/// ```
/// let font = quire_fonts::web_subset(quire_fonts::Face::SerifRegular, "Quire").unwrap();
/// let parsed = ttf_parser::Face::parse(&font, 0).unwrap();
/// assert!(parsed.glyph_index('Q').is_some());
/// ```
pub fn web_subset(face: Face, text: &str) -> Result<Vec<u8>, FontError> {
    let fail = |what: &str| FontError::Subset {
        face,
        message: what.to_string(),
    };
    let mut input = SubsetInput::new().map_err(|_| fail("out of memory"))?;
    // Inlining CFF subroutines makes the table a little larger but compress far better
    // (a tenth smaller as WOFF); TrueType faces are unaffected.
    input.flags().remove_subroutines();
    {
        let mut unicodes = input.unicode_set();
        for c in text.chars() {
            unicodes.insert(c);
        }
    }
    {
        let mut features = input.layout_feature_tag_set();
        for tag in CSS_FEATURES {
            features.insert(Tag::new(tag));
        }
        // The code face loses its "programming ligatures" (`!=` drawn as ≠): the
        // stylesheets switch them off too, but a reader that ignores those settings
        // must still show the characters written.
        if face == Face::Mono {
            for tag in CODE_FEATURES_DROPPED {
                features.remove(Tag::new(tag));
            }
        }
    }
    {
        let mut names = input.name_id_set();
        for id in EXTRA_NAME_IDS {
            names.insert(id);
        }
    }
    let blob = Blob::from_bytes(face.data()).map_err(|_| fail("out of memory"))?;
    let font = FontFace::new(blob).map_err(|_| FontError::Parse { face })?;
    let subset = input
        .subset_font(&font)
        .map_err(|_| fail("HarfBuzz could not subset the face"))?;
    let data = subset.underlying_blob().to_vec();
    if data.is_empty() {
        return Err(fail("HarfBuzz returned an empty font"));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use ttf_parser::gsub::SubstitutionSubtable;
    use ttf_parser::{GlyphId, Tag as TtfTag};

    use super::*;

    /// The ligature glyph that `liga` makes of `components` in `font`, if any.
    fn ligature(font: &ttf_parser::Face<'_>, components: &str) -> Option<GlyphId> {
        let glyphs: Vec<GlyphId> = components
            .chars()
            .map(|c| font.glyph_index(c))
            .collect::<Option<_>>()?;
        let (first, rest) = glyphs.split_first()?;
        let gsub = font.tables().gsub?;
        let liga = gsub
            .features
            .into_iter()
            .filter(|f| f.tag == TtfTag::from_bytes(b"liga"));
        for feature in liga {
            for index in feature.lookup_indices {
                let Some(lookup) = gsub.lookups.get(index) else {
                    continue;
                };
                for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                    let SubstitutionSubtable::Ligature(sub) = sub else {
                        continue;
                    };
                    let Some(set) = sub
                        .coverage
                        .get(*first)
                        .and_then(|i| sub.ligature_sets.get(i))
                    else {
                        continue;
                    };
                    for lig in set {
                        if lig.components.into_iter().eq(rest.iter().copied()) {
                            return Some(lig.glyph);
                        }
                    }
                }
            }
        }
        None
    }

    /// The `kern` adjustment between `a` and `b` in `font`, summed over its pair lookups.
    fn kerning(font: &ttf_parser::Face<'_>, a: char, b: char) -> i32 {
        use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
        let (Some(a), Some(b)) = (font.glyph_index(a), font.glyph_index(b)) else {
            return 0;
        };
        let Some(gpos) = font.tables().gpos else {
            return 0;
        };
        let mut total = 0;
        let mut seen = Vec::new();
        for feature in gpos.features {
            if feature.tag != TtfTag::from_bytes(b"kern") {
                continue;
            }
            for index in feature.lookup_indices {
                if seen.contains(&index) {
                    continue;
                }
                seen.push(index);
                let Some(lookup) = gpos.lookups.get(index) else {
                    continue;
                };
                for sub in lookup.subtables.into_iter::<PositioningSubtable>() {
                    let PositioningSubtable::Pair(pair) = sub else {
                        continue;
                    };
                    let value = match pair {
                        PairAdjustment::Format1 { coverage, sets } => coverage
                            .get(a)
                            .and_then(|i| sets.get(i))
                            .and_then(|set| set.get(b)),
                        PairAdjustment::Format2 {
                            coverage,
                            classes,
                            matrix,
                        } => coverage
                            .get(a)
                            .and_then(|_| matrix.get((classes.0.get(a), classes.1.get(b)))),
                    };
                    if let Some((first, _)) = value {
                        total += i32::from(first.x_advance);
                        break; // the first subtable that covers the pair applies
                    }
                }
            }
        }
        total
    }

    fn has_feature(
        table: Option<ttf_parser::opentype_layout::LayoutTable<'_>>,
        tag: &[u8; 4],
    ) -> bool {
        table.is_some_and(|t| {
            t.features
                .into_iter()
                .any(|f| f.tag == TtfTag::from_bytes(tag))
        })
    }

    const SAMPLE: &str = "The office’s fluffy affidavit, AVAST: 1234 — “Quire” fi fl ffi ffl";

    #[test]
    fn requested_characters_map_to_glyphs() {
        for face in [
            Face::SerifRegular,
            Face::SerifItalic,
            Face::SerifBold,
            Face::Mono,
        ] {
            let data = web_subset(face, SAMPLE).unwrap();
            let font = ttf_parser::Face::parse(&data, 0).unwrap();
            for c in SAMPLE.chars() {
                let g = font.glyph_index(c);
                assert!(g.is_some_and(|g| g.0 != 0), "{face:?} lost {c:?}");
            }
            assert!(
                font.glyph_index('z').is_none(),
                "{face:?} kept an unrequested character"
            );
            assert!(font.tables().os2.is_some() && font.tables().post.is_some());
            assert!(font.tables().name.is_some() && font.tables().hhea.ascender > 0);
        }
    }

    #[test]
    fn cff_outlines_are_subset_and_stay_cff() {
        let data = web_subset(Face::SerifRegular, "Quire").unwrap();
        assert_eq!(&data[..4], b"OTTO");
        let font = ttf_parser::Face::parse(&data, 0).unwrap();
        assert!(font.tables().cff.is_some());
        let q = font.glyph_index('Q').unwrap();
        let mut segments = Segments(0);
        assert!(
            font.outline_glyph(q, &mut segments).is_some(),
            "Q has no outline"
        );
        assert!(segments.0 > 4, "Q has {} segments", segments.0);
        // Q, u, i, r, e, .notdef, and their small capitals and other CSS variants.
        assert!(font.number_of_glyphs() < 40, "{}", font.number_of_glyphs());
    }

    /// Counts the segments of an outline.
    struct Segments(usize);
    impl ttf_parser::OutlineBuilder for Segments {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {
            self.0 += 1;
        }
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
            self.0 += 1;
        }
        fn close(&mut self) {}
    }

    #[test]
    fn ligatures_survive_when_their_components_are_kept() {
        let full = ttf_parser::Face::parse(Face::SerifRegular.data(), 0).unwrap();
        for lig in ["fi", "fl", "ffi"] {
            assert!(
                ligature(&full, lig).is_some(),
                "the face itself has no {lig}"
            );
        }
        let data = web_subset(Face::SerifRegular, "fluffier").unwrap();
        let font = ttf_parser::Face::parse(&data, 0).unwrap();
        for lig in ["fi", "fl", "ffi"] {
            let g = ligature(&font, lig);
            assert!(
                g.is_some_and(|g| g.0 < font.number_of_glyphs()),
                "{lig} lost"
            );
        }
        // Without an `i`, no `fi` ligature is kept.
        let data = web_subset(Face::SerifRegular, "fl").unwrap();
        let font = ttf_parser::Face::parse(&data, 0).unwrap();
        assert!(ligature(&font, "fi").is_none());
        assert!(ligature(&font, "fl").is_some());
    }

    #[test]
    fn kerning_and_css_features_are_kept() {
        let data = web_subset(Face::SerifRegular, "AVAST Type 2024 office").unwrap();
        let font = ttf_parser::Face::parse(&data, 0).unwrap();
        let tables = font.tables();
        assert!(tables.gdef.is_some());
        assert!(has_feature(tables.gpos, b"kern"));
        let full = ttf_parser::Face::parse(Face::SerifRegular.data(), 0).unwrap();
        for (a, b) in [('A', 'V'), ('V', 'A'), ('T', 'y')] {
            let want = kerning(&full, a, b);
            assert!(want < 0, "the face does not kern {a}{b}");
            assert_eq!(kerning(&font, a, b), want, "{a}{b}");
        }
        for tag in [b"liga", b"smcp", b"c2sc", b"onum", b"lnum", b"tnum"] {
            assert!(
                has_feature(tables.gsub, tag),
                "GSUB {}",
                String::from_utf8_lossy(tag)
            );
        }
    }

    #[test]
    fn code_face_subset_has_no_operator_ligatures() {
        let full = ttf_parser::Face::parse(Face::Mono.data(), 0).unwrap();
        assert!(
            has_feature(full.tables().gsub, b"calt"),
            "the face has them"
        );
        let data = web_subset(Face::Mono, "a != b -> c => d >= e <= f").unwrap();
        let font = ttf_parser::Face::parse(&data, 0).unwrap();
        for tag in CODE_FEATURES_DROPPED {
            assert!(!has_feature(font.tables().gsub, tag), "{tag:?} kept");
        }
        assert!(font.glyph_index('!').is_some() && font.glyph_index('=').is_some());
    }

    #[test]
    fn much_smaller_than_the_face_and_deterministic() {
        let text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit — 0123456789.";
        for face in Face::ALL {
            let a = web_subset(face, text).unwrap();
            let reversed: String = text.chars().rev().chain(text.chars()).collect();
            let b = web_subset(face, &reversed).unwrap();
            assert_eq!(a, b, "{face:?}: output depends on character order");
            assert!(
                a.len() * 4 < face.data().len(),
                "{face:?}: {} bytes",
                a.len()
            );
        }
    }

    #[test]
    fn empty_and_uncovered_text_give_a_valid_font() {
        for text in ["", "\u{10FFFF}\u{E000}"] {
            let data = web_subset(Face::SerifRegular, text).unwrap();
            let font = ttf_parser::Face::parse(&data, 0).unwrap();
            assert!(font.number_of_glyphs() >= 1);
        }
    }
}

/// The forms [`web_font`] hands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebFormat {
    /// The subset sfnt as it is (OpenType/TrueType), as the EPUB embeds it.
    Sfnt,
    /// Wrapped as WOFF 1.0 ([`crate::woff`]), as the web page embeds it.
    Woff,
}

/// How many (face, characters, format) results the process keeps: a page or a book uses
/// four or five faces, and a build makes the web edition and the e-book.
const CACHE_SIZE: usize = 16;

type Cached = (Face, String, WebFormat, Arc<[u8]>);

/// `face` subset to `chars` ([`web_subset`]) in `format`, computed once per process for
/// each (face, characters, format): subsetting takes longer than the rest of a page, and
/// the web edition and the e-book of one build ask for the same subsets. This is the one
/// web-font cache of the workspace. Should subsetting fail (never seen with the built-in
/// faces) the whole face is used: a heavier edition beats one without its font.
pub fn web_font(face: Face, chars: &str, format: WebFormat) -> Arc<[u8]> {
    static CACHE: Mutex<Vec<Cached>> = Mutex::new(Vec::new());
    let lookup = |cache: &[Cached]| {
        cache
            .iter()
            .find(|(f, c, w, _)| *f == face && *w == format && c == chars)
            .map(|(_, _, _, data)| Arc::clone(data))
    };
    // A poisoned lock only means another thread panicked mid-push; the list is valid.
    if let Some(hit) = lookup(&CACHE.lock().unwrap_or_else(PoisonError::into_inner)) {
        return hit;
    }
    // Computed without holding the lock: two threads may both compute, never wait.
    let sfnt = web_subset(face, chars).unwrap_or_else(|_| face.data().to_vec());
    let data: Arc<[u8]> = match format {
        WebFormat::Sfnt => sfnt.into(),
        WebFormat::Woff => crate::woff(&sfnt).unwrap_or(sfnt).into(),
    };
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(hit) = lookup(&cache) {
        return hit;
    }
    if cache.len() == CACHE_SIZE {
        cache.remove(0);
    }
    cache.push((face, chars.to_string(), format, Arc::clone(&data)));
    data
}
