//! Which glyphs of which fonts the file embeds, under which codes.
//!
//! **Why the font objects are ours and not printpdf's.** Two things in printpdf's font
//! path (0.12, without its heavy `text_layout` feature) do not fit: it embeds whatever
//! program it is given without subsetting it, and it can only show glyphs of its own
//! fonts through `TextItem::GlyphIds`, which it serialises one glyph at a time (a
//! two-byte string object, a width lookup and a kerning number per glyph), so that
//! translating the content of an article took longer than the whole budget of the
//! writer. So this module and `font_file` subset and write the font objects
//! through lopdf, and the content writer shows glyphs with `TJ` arrays of multi-glyph
//! strings.
//!
//! 1. Walk every text run and collect, per font program, the glyph ids used and the text
//!    each glyph stands for (its *canonical text*: the first non-empty share of source
//!    text it carries; a ligature gets all its characters, e.g. `ffi`). A small-caps
//!    variant of a face counts as the face (same program, shaped otherwise), so one
//!    subset serves both; where one small-caps glyph stands for `D` in one run and `d` in
//!    another, the content writer's `ActualText` says which. A glyph that never carries
//!    text (the hyphen added at a line break, the second glyph of a cluster) gets the
//!    character the font's `cmap` maps to it, so that every code in the file has a
//!    Unicode value.
//! 2. Number the kept glyphs as `subsetter` will (glyph-id based; CFF becomes CID-keyed
//!    with an identity charset, so the new glyph id *is* the CID; new ids follow the old
//!    ones in order), and take `/W` widths from the original `hmtx`, the descriptor's
//!    metrics, italic angle, weight-derived `/StemV` and flags from the face. The name
//!    carries a subset tag, `ABCDEF+Name`, a hash of the name and the glyph set
//!    (deterministic; different subsets of one face get different tags).
//! 3. Subset the programs (`font_file`), one thread per font.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use quire_typeset::page::{PageItem, PagedDocument, TextRun};
use quire_typeset::{FontBook, FontId};
use subsetter::GlyphRemapper;

use crate::PdfError;
use crate::font_file::{self, FontFile};
use crate::hash::Hasher128;

/// A font as embedded: the maps the content writer needs, and (after subsetting) the
/// program.
#[derive(Clone, Debug)]
pub struct EmbeddedFont {
    /// Its resource name in the pages' font dictionary (`F0`, `F1` …, by font id).
    pub resource: String,
    /// The name written as `/BaseFont`, with its subset tag.
    pub base_font: String,
    /// Original glyph id → glyph id (= CID) in the subset (indexed by the old id; 0 for
    /// glyphs not kept).
    remap: Vec<u16>,
    /// Canonical text of each subset glyph id (what `/ToUnicode` maps it to), by new id.
    text: Vec<String>,
    /// Advance of each subset glyph id in thousandths of an em, exactly as written
    /// into `/W`, by new id.
    pub(crate) widths: Vec<i64>,
    /// The glyph ids kept, ascending, `.notdef` first (subset glyph *n* is `glyphs[n]`).
    pub(crate) glyphs: Vec<u16>,
    /// What the font descriptor says.
    pub(crate) descriptor: Descriptor,
    /// The subset program and the streams made from it, once [`EmbeddedFonts::subset`]
    /// has run.
    pub(crate) file: Option<FontFile>,
}

/// The font descriptor's numbers, in thousandths of an em.
#[derive(Clone, Debug)]
pub(crate) struct Descriptor {
    pub(crate) ascent: i64,
    pub(crate) descent: i64,
    pub(crate) cap_height: i64,
    pub(crate) bbox: [i64; 4],
    pub(crate) italic_angle: f32,
    pub(crate) stem_v: i64,
    pub(crate) flags: i64,
    pub(crate) cff: bool,
}

impl EmbeddedFont {
    /// The subset glyph id of original glyph `old` (0, `.notdef`, if it was not used).
    pub fn new_id(&self, old: u16) -> u16 {
        self.remap.get(usize::from(old)).copied().unwrap_or(0)
    }

    /// What `/ToUnicode` maps subset glyph `new` to (empty if nothing).
    pub fn text_of(&self, new: u16) -> &str {
        self.text.get(usize::from(new)).map_or("", String::as_str)
    }

    /// The `/W` advance of subset glyph `new`, in thousandths of an em.
    pub fn width_of(&self, new: u16) -> i64 {
        self.widths.get(usize::from(new)).copied().unwrap_or(0)
    }

    /// The `/ToUnicode` CMap: each CID to its canonical text, as UTF-16BE.
    pub fn to_unicode(&self) -> String {
        font_file::to_unicode(&self.text)
    }
}

/// The embedded fonts of one document, by font id.
#[derive(Clone, Debug, Default)]
pub struct EmbeddedFonts {
    fonts: BTreeMap<FontId, EmbeddedFont>,
    /// Faces set by another face's program (small-caps variants: same bytes, same glyph
    /// ids, other shaping), so one subset serves both.
    aliases: BTreeMap<FontId, FontId>,
}

impl EmbeddedFonts {
    /// Subsets every font (see `font_file::subset`).
    pub fn subset(&mut self, book: &FontBook, compress: bool) -> Result<(), PdfError> {
        let files = font_file::subset(self, book, compress)?;
        self.attach(files);
        Ok(())
    }

    /// Gives each font its subset program.
    fn attach(&mut self, files: Vec<(FontId, FontFile)>) {
        for (id, file) in files {
            if let Some(font) = self.fonts.get_mut(&id) {
                font.file = Some(file);
            }
        }
    }

    /// The embedded font for `id`, if any run used it.
    pub fn get(&self, id: FontId) -> Option<&EmbeddedFont> {
        self.fonts.get(self.aliases.get(&id).unwrap_or(&id))
    }

    /// All embedded fonts, by font id.
    pub fn iter(&self) -> impl Iterator<Item = (FontId, &EmbeddedFont)> {
        self.fonts.iter().map(|(k, v)| (*k, v))
    }
}

/// The glyphs one font is used with, and their canonical texts, by glyph id.
#[derive(Default)]
struct Usage<'a> {
    used: Vec<bool>,
    text: Vec<Option<Cow<'a, str>>>,
}

impl<'a> Usage<'a> {
    fn add(&mut self, glyph: u16, text: Cow<'a, str>) {
        let g = usize::from(glyph);
        if g >= self.used.len() {
            self.used.resize(g + 1, false);
            self.text.resize(g + 1, None);
        }
        self.used[g] = true;
        if !text.is_empty() && self.text[g].is_none() {
            self.text[g] = Some(text);
        }
    }

    /// The glyph ids used, ascending.
    fn glyphs(&self) -> impl Iterator<Item = u16> + '_ {
        self.used
            .iter()
            .enumerate()
            .filter(|(_, used)| **used)
            .map(|(g, _)| g as u16)
    }

    fn text_of(&self, glyph: u16) -> Option<&str> {
        self.text.get(usize::from(glyph)).and_then(Option::as_deref)
    }
}

/// Every text run of the document, in page and painting order.
pub(crate) fn runs(paged: &PagedDocument) -> impl Iterator<Item = &TextRun> {
    paged.pages.iter().flat_map(|p| {
        p.items.iter().filter_map(|item| match item {
            PageItem::Text(run) => Some(run),
            _ => None,
        })
    })
}

/// The share of `run.text` that glyph `i` carries (empty when its range is invalid).
///
/// Right-to-left glyphs are shown in visual order, and readers (poppler, pdf.js) put the
/// text of such a line back in reading order by reversing it, a ligature's characters
/// included: so the share of a right-to-left ligature (lam-alef) is given in visual
/// order too, and comes out right.
pub(crate) fn glyph_text(run: &TextRun, i: usize) -> Cow<'_, str> {
    let share = run
        .glyphs
        .get(i)
        .and_then(|g| run.text.get(g.text()))
        .unwrap_or("");
    let mut chars = share.chars();
    if chars.next().is_some() && chars.next().is_some() && share.chars().any(is_rtl) {
        Cow::Owned(share.chars().rev().collect())
    } else {
        Cow::Borrowed(share)
    }
}

/// Characters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …).
fn is_rtl(c: char) -> bool {
    matches!(u32::from(c),
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF
            | 0x1E800..=0x1EFFF)
}

/// Describes every font the runs of `paged` use: which glyphs are kept, their subset
/// ids, widths and texts (all the content writer needs); the programs are subset by
/// [`EmbeddedFonts::subset`].
pub fn plan(paged: &PagedDocument, book: &FontBook) -> Result<EmbeddedFonts, PdfError> {
    let mut usage: BTreeMap<FontId, Usage<'_>> = BTreeMap::new();
    let mut aliases = BTreeMap::new();
    for run in runs(paged) {
        if book.get(run.font).is_none() {
            return Err(PdfError::UnknownFont(run.font.0));
        }
        let program = book.program(run.font);
        if program != run.font {
            aliases.insert(run.font, program);
        }
        let u = usage.entry(program).or_default();
        for (i, g) in run.glyphs.iter().enumerate() {
            u.add(g.id, glyph_text(run, i));
        }
    }
    let mut fonts = BTreeMap::new();
    for (id, usage) in usage {
        let font = book.get(id).ok_or(PdfError::UnknownFont(id.0))?;
        fonts.insert(id, plan_one(id, font, &usage)?);
    }
    Ok(EmbeddedFonts { fonts, aliases })
}

/// [`plan`], then [`EmbeddedFonts::subset`].
pub fn embed(
    paged: &PagedDocument,
    book: &FontBook,
    compress: bool,
) -> Result<EmbeddedFonts, PdfError> {
    let mut fonts = plan(paged, book)?;
    fonts.subset(book, compress)?;
    Ok(fonts)
}

pub(crate) fn font_error(
    id: FontId,
    font: &quire_typeset::Font,
    message: impl Into<String>,
) -> PdfError {
    PdfError::Font {
        font: id.0,
        name: font.name().to_string(),
        message: message.into(),
    }
}

fn plan_one(
    id: FontId,
    font: &quire_typeset::Font,
    usage: &Usage<'_>,
) -> Result<EmbeddedFont, PdfError> {
    let data: &[u8] = font.data();
    let face = ttf_parser::Face::parse(data, font.index())
        .map_err(|e| font_error(id, font, e.to_string()))?;
    let num_glyphs = face.number_of_glyphs();
    if let Some(bad) = usage.glyphs().find(|&g| g >= num_glyphs) {
        return Err(font_error(
            id,
            font,
            format!("glyph {bad} is not in the font"),
        ));
    }
    let fallback = cmap_text(&face, usage);

    let mut glyphs: Vec<u16> = usage.glyphs().collect();
    if glyphs.first() != Some(&0) {
        glyphs.insert(0, 0);
    }
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&glyphs);

    let upm = face.units_per_em();
    let max_old = glyphs.last().copied().unwrap_or(0);
    let mut remap = vec![0u16; usize::from(max_old) + 1];
    let mut text = vec![String::new(); glyphs.len()];
    let mut widths = vec![0i64; glyphs.len()];
    for &old in &glyphs {
        let new = remapper.get(old).unwrap_or(0);
        remap[usize::from(old)] = new;
        let advance = face
            .glyph_hor_advance(ttf_parser::GlyphId(old))
            .unwrap_or(0);
        if let Some(w) = widths.get_mut(usize::from(new)) {
            *w = pdf_width(advance, upm);
        }
        let canonical = usage
            .text_of(old)
            .map(str::to_string)
            .or_else(|| fallback.get(&old).map(char::to_string));
        if let (Some(t), Some(slot)) = (canonical, text.get_mut(usize::from(new))) {
            *slot = t;
        }
    }

    let base_font = format!(
        "{}+{}",
        subset_tag(font.name(), &glyphs),
        ps_name(font.name())
    );
    let em = |v: i16| (f64::from(v) * 1000.0 / f64::from(upm.max(1))).round() as i64;
    let bbox = face.global_bounding_box();
    // /StemV is not in any font table; estimate it from the weight as producers do
    // (about 88 at 400, 166 at 700).
    let weight = f64::from(face.weight().to_number());
    let mut flags = FLAG_NONSYMBOLIC;
    if face.is_monospaced() {
        flags |= FLAG_FIXED_PITCH;
    } else if face.tables().cff.is_some() {
        // Our CFF text faces are serif faces; the flag only guides substitution.
        flags |= FLAG_SERIF;
    }
    if face.italic_angle() != 0.0 {
        flags |= FLAG_ITALIC;
    }
    let descriptor = Descriptor {
        ascent: em(face.ascender()),
        descent: em(face.descender()),
        cap_height: em(face.capital_height().unwrap_or(face.ascender())),
        bbox: [
            em(bbox.x_min),
            em(bbox.y_min),
            em(bbox.x_max),
            em(bbox.y_max),
        ],
        italic_angle: face.italic_angle(),
        stem_v: 50 + ((weight / 65.0).powi(2)).round() as i64,
        flags,
        cff: face.tables().cff.is_some(),
    };
    Ok(EmbeddedFont {
        resource: format!("F{}", id.0),
        base_font,
        remap,
        text,
        widths,
        glyphs,
        descriptor,
        file: None,
    })
}

/// FontDescriptor flags (ISO 32000-1, table 123).
const FLAG_FIXED_PITCH: i64 = 1;
const FLAG_SERIF: i64 = 1 << 1;
const FLAG_NONSYMBOLIC: i64 = 1 << 5;
const FLAG_ITALIC: i64 = 1 << 6;

/// A glyph advance in thousandths of an em, as written into `/W` (rounded; the `TJ`
/// offsets take the difference to the exact position into account).
pub(crate) fn pdf_width(advance: u16, units_per_em: u16) -> i64 {
    if units_per_em == 0 {
        return 0;
    }
    (f64::from(advance) * 1000.0 / f64::from(units_per_em)).round() as i64
}

/// For glyphs that never carried source text: the character the `cmap` maps to them.
fn cmap_text(face: &ttf_parser::Face<'_>, usage: &Usage<'_>) -> BTreeMap<u16, char> {
    let missing: BTreeSet<u16> = usage
        .glyphs()
        .filter(|&g| g != 0 && usage.text_of(g).is_none())
        .collect();
    let mut found: BTreeMap<u16, char> = BTreeMap::new();
    let Some(cmap) = face.tables().cmap.filter(|_| !missing.is_empty()) else {
        return found;
    };
    // The smallest code point wins when several map to one glyph (deterministic).
    for sub in cmap.subtables {
        if !sub.is_unicode() {
            continue;
        }
        sub.codepoints(|cp| {
            if let Some(g) = sub.glyph_index(cp)
                && missing.contains(&g.0)
                && let Some(c) = char::from_u32(cp)
            {
                let e = found.entry(g.0).or_insert(c);
                *e = (*e).min(c);
            }
        });
    }
    found
}

/// Six capital letters from a hash of the font name and glyph set (ISO 32000-1, 9.6.4).
fn subset_tag(name: &str, glyphs: &[u16]) -> String {
    let mut h = Hasher128::new();
    h.write(name.as_bytes());
    for g in glyphs {
        h.write(&g.to_be_bytes());
    }
    h.finish()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// A PostScript name: printable ASCII without PDF delimiters, spaces or `#`.
fn ps_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if cleaned.is_empty() {
        "Font".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_rounded_thousandths() {
        assert_eq!(pdf_width(500, 1000), 500);
        assert_eq!(pdf_width(1229, 2048), 600);
        assert_eq!(pdf_width(1231, 2048), 601);
        assert_eq!(pdf_width(1, 0), 0);
    }

    #[test]
    fn tags_and_names() {
        let tag = subset_tag("LibertinusSerif-Regular", &[0, 3, 4]);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_ne!(tag, subset_tag("LibertinusSerif-Regular", &[0, 3, 5]));
        assert_eq!(
            ps_name("Libertinus Serif (Regular)"),
            "LibertinusSerifRegular"
        );
        assert_eq!(ps_name("  "), "Font");
    }
}
