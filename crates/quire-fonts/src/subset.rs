//! Subsetting for PDF embedding.
//!
//! The glyph set is built in three steps: the `.notdef` glyph (required by every font),
//! the glyphs the `cmap` assigns to the requested characters, and then the closure of
//! that set over the font's default substitution features (`ccmp`, `liga`, `clig`,
//! `rlig`): a ligature glyph is kept when all of its components are kept, a single or
//! multiple substitution adds its outputs. The closure is iterated until nothing changes
//! (bounded by [`MAX_CLOSURE_ROUNDS`]), because one substitution may feed another.
//!
//! New glyph ids are assigned in ascending order of the old ids, so the mapping is a pure
//! function of the input set (deterministic output, no hash order anywhere).

use std::collections::BTreeSet;

use subsetter::GlyphRemapper;
use ttf_parser::gsub::SubstitutionSubtable;
use ttf_parser::{GlyphId, Tag};

use crate::{Face, FontError};

/// Substitution features a shaper applies by default, whose outputs must be kept.
const DEFAULT_FEATURES: [&[u8; 4]; 4] = [b"ccmp", b"liga", b"clig", b"rlig"];

/// Substitutions rarely chain more than two deep; a few rounds reach the fixed point.
const MAX_CLOSURE_ROUNDS: usize = 8;

/// A subset font and the mapping from the original glyph ids to the new ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subset {
    /// The subset font program (OpenType, `cmap`-less: for PDF CID fonts only).
    pub data: Vec<u8>,
    /// The original glyph ids kept, ascending; a glyph's new id is its index here.
    glyphs: Vec<u16>,
}

impl Subset {
    /// The id that original glyph `old` has in the subset, if it was kept.
    pub fn new_id(&self, old: u16) -> Option<u16> {
        self.glyphs
            .binary_search(&old)
            .ok()
            .and_then(|i| u16::try_from(i).ok())
    }

    /// The original glyph ids kept, ascending (index = new id).
    pub fn glyphs(&self) -> &[u16] {
        &self.glyphs
    }
}

/// Subsets `face` to the glyphs needed to show `chars`, including the ligature and
/// composition glyphs that default shaping can produce from them.
///
/// Characters the face does not cover are ignored (the caller falls back to another face).
pub fn subset(face: Face, chars: impl IntoIterator<Item = char>) -> Result<Subset, FontError> {
    let parsed = ttf_parser::Face::parse(face.data(), 0).map_err(|_| FontError::Parse { face })?;
    let mut set = BTreeSet::from([0u16]);
    for c in chars {
        if let Some(g) = parsed.glyph_index(c) {
            set.insert(g.0);
        }
    }
    close_over_gsub(&parsed, &mut set);
    let glyphs: Vec<u16> = set.into_iter().collect();
    subset_glyphs(face, &glyphs)
}

/// Subsets `face` to exactly `glyphs` (plus `.notdef`), as a shaper reported them.
pub fn subset_glyphs(face: Face, glyphs: &[u16]) -> Result<Subset, FontError> {
    let mut set: BTreeSet<u16> = glyphs.iter().copied().collect();
    set.insert(0);
    let glyphs: Vec<u16> = set.into_iter().collect();
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&glyphs);
    let data = subsetter::subset(face.data(), 0, &remapper).map_err(|e| FontError::Subset {
        face,
        message: e.to_string(),
    })?;
    Ok(Subset { data, glyphs })
}

/// Adds to `set` every glyph the default substitution features can produce from it.
fn close_over_gsub(face: &ttf_parser::Face<'_>, set: &mut BTreeSet<u16>) {
    let Some(gsub) = face.tables().gsub else {
        return;
    };
    let mut lookups = BTreeSet::new();
    for feature in gsub.features {
        if DEFAULT_FEATURES
            .iter()
            .any(|t| Tag::from_bytes(t) == feature.tag)
        {
            lookups.extend(feature.lookup_indices);
        }
    }
    for _ in 0..MAX_CLOSURE_ROUNDS {
        let before = set.len();
        for &index in &lookups {
            let Some(lookup) = gsub.lookups.get(index) else {
                continue;
            };
            for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                apply(&sub, set);
            }
        }
        if set.len() == before {
            break;
        }
    }
}

/// Adds the outputs of one substitution subtable whose inputs are all in `set`.
fn apply(sub: &SubstitutionSubtable<'_>, set: &mut BTreeSet<u16>) {
    let mut added = Vec::new();
    match sub {
        SubstitutionSubtable::Single(single) => {
            for &g in set.iter() {
                if let Some(out) = single_output(single, GlyphId(g)) {
                    added.push(out.0);
                }
            }
        }
        SubstitutionSubtable::Multiple(multiple) => {
            for &g in set.iter() {
                let Some(i) = multiple.coverage.get(GlyphId(g)) else {
                    continue;
                };
                if let Some(seq) = multiple.sequences.get(i) {
                    added.extend(seq.substitutes.into_iter().map(|g| g.0));
                }
            }
        }
        SubstitutionSubtable::Ligature(liga) => {
            for &g in set.iter() {
                let Some(i) = liga.coverage.get(GlyphId(g)) else {
                    continue;
                };
                let Some(ligatures) = liga.ligature_sets.get(i) else {
                    continue;
                };
                for lig in ligatures {
                    if lig.components.into_iter().all(|c| set.contains(&c.0)) {
                        added.push(lig.glyph.0);
                    }
                }
            }
        }
        // Alternates are chosen by the user (not by default shaping); contextual lookups
        // only reorder which of the above apply, and their nested lookups are reached
        // through the same feature list.
        SubstitutionSubtable::Alternate(_)
        | SubstitutionSubtable::Context(_)
        | SubstitutionSubtable::ChainContext(_)
        | SubstitutionSubtable::ReverseChainSingle(_) => {}
    }
    set.extend(added);
}

fn single_output(single: &ttf_parser::gsub::SingleSubstitution<'_>, g: GlyphId) -> Option<GlyphId> {
    use ttf_parser::gsub::SingleSubstitution;
    match single {
        SingleSubstitution::Format1 { coverage, delta } => {
            coverage.get(g)?;
            Some(GlyphId((i32::from(g.0) + i32::from(*delta)) as u16))
        }
        SingleSubstitution::Format2 {
            coverage,
            substitutes,
        } => substitutes.get(coverage.get(g)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_keeps_requested_glyphs_and_maps_them_in_order() {
        let face = Face::SerifRegular;
        let parsed = ttf_parser::Face::parse(face.data(), 0).unwrap();
        let sub = subset(face, "Quire".chars()).unwrap();
        assert!(sub.data.len() < face.data().len() / 4, "{}", sub.data.len());
        let q = parsed.glyph_index('Q').unwrap().0;
        assert!(sub.new_id(q).is_some());
        assert_eq!(sub.new_id(0), Some(0));
        assert!(sub.glyphs().windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn subset_keeps_the_fi_ligature() {
        let face = Face::SerifRegular;
        let sub = subset(face, "fi".chars()).unwrap();
        // .notdef, f, i and at least the fi ligature.
        assert!(sub.glyphs().len() >= 4, "{:?}", sub.glyphs());
    }

    #[test]
    fn every_face_subsets_and_is_deterministic() {
        for face in Face::ALL {
            let a = subset(face, "Hello, world — 123".chars()).unwrap();
            let b = subset(face, "Hello, world — 123".chars()).unwrap();
            assert_eq!(a, b, "{face:?}");
        }
    }

    #[test]
    fn unknown_characters_are_ignored() {
        let sub = subset(Face::Mono, ['\u{10FFFF}']).unwrap();
        assert_eq!(sub.glyphs(), &[0]);
    }
}
