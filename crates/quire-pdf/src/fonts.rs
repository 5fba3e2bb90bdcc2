//! Font subsetting and the font objects.
//!
//! **Why the font objects are ours and not printpdf's.** Two things in printpdf's font
//! path (0.12, without its heavy `text_layout` feature) do not fit: it embeds whatever
//! program it is given without subsetting it, and it can only show glyphs of its own
//! fonts through `TextItem::GlyphIds`, which it serialises one glyph at a time (a
//! two-byte string object, a width lookup and a kerning number per glyph), so that
//! translating the content of an article took longer than the whole budget of the
//! writer. So this module subsets and writes the font objects itself, through lopdf, and
//! the content writer shows glyphs with `TJ` arrays of multi-glyph strings; printpdf
//! still builds the pages, their content streams and resources, and the document.
//!
//! 1. Walk every text run and collect, per font, the glyph ids used and the text each
//!    glyph stands for (its *canonical text*: the first non-empty share of source text
//!    it carries; a ligature gets all its characters, e.g. `ffi`). A glyph that never
//!    carries text (the hyphen added at a line break, the second glyph of a cluster)
//!    gets the character the font's `cmap` maps to it, so that every code in the file
//!    has a Unicode value.
//! 2. Subset with `subsetter` (glyph-id based; CFF becomes CID-keyed with an identity
//!    charset, so the new glyph id *is* the CID). New ids follow the old ones in order.
//! 3. Write a `Type0` font with `Identity-H` encoding: a `CIDFontType0` descendant with
//!    the bare CFF table (`/FontFile3 /CIDFontType0C`) for CFF outlines (the text face,
//!    Libertinus Serif), or `CIDFontType2` with `/FontFile2` and `/CIDToGIDMap
//!    /Identity` for TrueType; `/W` widths from the original `hmtx`; a font descriptor
//!    with the face's metrics, italic angle, weight-derived `/StemV` and flags; and a
//!    `/ToUnicode` CMap from the canonical texts. The name carries a subset tag,
//!    `ABCDEF+Name`, a hash of the name and the glyph set (deterministic; different
//!    subsets of one face get different tags).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use quire_typeset::page::{PageItem, PagedDocument, TextRun};
use quire_typeset::{FontBook, FontId};
use subsetter::GlyphRemapper;

use crate::PdfError;
use crate::hash::Hasher128;

/// A font as embedded: the subset program and the maps the content writer needs.
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
    widths: Vec<i64>,
    /// The subset font program (an OpenType file).
    program: Vec<u8>,
    /// What the font descriptor says.
    descriptor: Descriptor,
}

/// The font descriptor's numbers, in thousandths of an em.
#[derive(Clone, Debug)]
struct Descriptor {
    ascent: i64,
    descent: i64,
    cap_height: i64,
    bbox: [i64; 4],
    italic_angle: f32,
    stem_v: i64,
    flags: i64,
    cff: bool,
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

    /// The size of the embedded font program in bytes.
    pub fn program_len(&self) -> usize {
        self.program.len()
    }
}

/// The embedded fonts of one document, by font id.
#[derive(Clone, Debug, Default)]
pub struct EmbeddedFonts {
    fonts: BTreeMap<FontId, EmbeddedFont>,
}

impl EmbeddedFonts {
    /// The embedded font for `id`, if any run used it.
    pub fn get(&self, id: FontId) -> Option<&EmbeddedFont> {
        self.fonts.get(&id)
    }

    /// All embedded fonts, by font id.
    pub fn iter(&self) -> impl Iterator<Item = (FontId, &EmbeddedFont)> {
        self.fonts.iter().map(|(k, v)| (*k, v))
    }
}

/// The glyphs one font is used with, and their canonical texts.
#[derive(Default)]
struct Usage {
    glyphs: BTreeSet<u16>,
    text: BTreeMap<u16, String>,
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
pub(crate) fn glyph_text(run: &TextRun, i: usize) -> &str {
    run.glyphs
        .get(i)
        .and_then(|g| run.text.get(g.text.clone()))
        .unwrap_or("")
}

/// Subsets and describes every font the runs of `paged` use.
pub fn embed(paged: &PagedDocument, book: &FontBook) -> Result<EmbeddedFonts, PdfError> {
    let mut usage: BTreeMap<FontId, Usage> = BTreeMap::new();
    for run in runs(paged) {
        if book.get(run.font).is_none() {
            return Err(PdfError::UnknownFont(run.font.0));
        }
        let u = usage.entry(run.font).or_default();
        for (i, g) in run.glyphs.iter().enumerate() {
            u.glyphs.insert(g.id);
            let text = glyph_text(run, i);
            if !text.is_empty() {
                u.text.entry(g.id).or_insert_with(|| text.to_string());
            }
        }
    }
    let mut fonts = BTreeMap::new();
    for (id, usage) in usage {
        let font = book.get(id).ok_or(PdfError::UnknownFont(id.0))?;
        fonts.insert(id, embed_one(id, font, usage)?);
    }
    Ok(EmbeddedFonts { fonts })
}

fn font_error(id: FontId, font: &quire_typeset::Font, message: impl Into<String>) -> PdfError {
    PdfError::Font {
        font: id.0,
        name: font.name().to_string(),
        message: message.into(),
    }
}

fn embed_one(
    id: FontId,
    font: &quire_typeset::Font,
    mut usage: Usage,
) -> Result<EmbeddedFont, PdfError> {
    let data: &[u8] = font.data();
    let face = ttf_parser::Face::parse(data, font.index())
        .map_err(|e| font_error(id, font, e.to_string()))?;
    let num_glyphs = face.number_of_glyphs();
    if let Some(&bad) = usage.glyphs.iter().find(|&&g| g >= num_glyphs) {
        return Err(font_error(
            id,
            font,
            format!("glyph {bad} is not in the font"),
        ));
    }
    fill_missing_text(&face, &mut usage);

    let mut glyphs: Vec<u16> = usage.glyphs.iter().copied().collect();
    if glyphs.first() != Some(&0) {
        glyphs.insert(0, 0);
    }
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&glyphs);
    let program = subsetter::subset(data, font.index(), &remapper)
        .map_err(|e| font_error(id, font, format!("subsetting failed: {e}")))?;

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
        if let (Some(t), Some(slot)) = (usage.text.get(&old), text.get_mut(usize::from(new))) {
            slot.clone_from(t);
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
        program,
        descriptor,
    })
}

/// Entries per `beginbfchar` block (the CMap format allows at most 100).
const BFCHAR_BLOCK: usize = 100;

/// FontDescriptor flags (ISO 32000-1, table 123).
const FLAG_FIXED_PITCH: i64 = 1;
const FLAG_SERIF: i64 = 1 << 1;
const FLAG_NONSYMBOLIC: i64 = 1 << 5;
const FLAG_ITALIC: i64 = 1 << 6;

impl EmbeddedFont {
    /// Writes the `Type0` font and everything it refers to; returns its object id.
    pub(crate) fn write(&self, doc: &mut lopdf::Document) -> ObjectId {
        let name = |s: &str| Object::Name(s.as_bytes().to_vec());
        let d = &self.descriptor;
        let (subtype, file_key, program) =
            match d.cff.then(|| sfnt_table(&self.program, b"CFF ")).flatten() {
                Some(cff) => {
                    let mut dict = Dictionary::new();
                    dict.set("Subtype", name("CIDFontType0C"));
                    ("CIDFontType0", "FontFile3", Stream::new(dict, cff.to_vec()))
                }
                None => {
                    let mut dict = Dictionary::new();
                    dict.set("Length1", Object::Integer(self.program.len() as i64));
                    (
                        "CIDFontType2",
                        "FontFile2",
                        Stream::new(dict, self.program.clone()),
                    )
                }
            };
        let program_id = doc.add_object(program);
        let mut descriptor = Dictionary::new();
        descriptor.set("Type", name("FontDescriptor"));
        descriptor.set("FontName", name(&self.base_font));
        descriptor.set("Flags", Object::Integer(d.flags));
        descriptor.set(
            "FontBBox",
            Object::Array(d.bbox.iter().map(|&v| Object::Integer(v)).collect()),
        );
        descriptor.set("ItalicAngle", Object::Real(d.italic_angle));
        descriptor.set("Ascent", Object::Integer(d.ascent));
        descriptor.set("Descent", Object::Integer(d.descent));
        descriptor.set("CapHeight", Object::Integer(d.cap_height));
        descriptor.set("StemV", Object::Integer(d.stem_v));
        descriptor.set(file_key, Object::Reference(program_id));
        let descriptor_id = doc.add_object(descriptor);

        let mut cid = Dictionary::new();
        cid.set("Type", name("Font"));
        cid.set("Subtype", name(subtype));
        cid.set("BaseFont", name(&self.base_font));
        let mut info = Dictionary::new();
        info.set(
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        );
        info.set(
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        );
        info.set("Supplement", Object::Integer(0));
        cid.set("CIDSystemInfo", Object::Dictionary(info));
        cid.set("FontDescriptor", Object::Reference(descriptor_id));
        cid.set("W", self.w_array());
        if subtype == "CIDFontType2" {
            cid.set("CIDToGIDMap", name("Identity"));
        }
        let cid_id = doc.add_object(cid);

        let to_unicode = doc.add_object(Stream::new(
            Dictionary::new(),
            self.to_unicode().into_bytes(),
        ));
        let mut font = Dictionary::new();
        font.set("Type", name("Font"));
        font.set("Subtype", name("Type0"));
        font.set("BaseFont", name(&self.base_font));
        font.set("Encoding", name("Identity-H"));
        font.set(
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_id)]),
        );
        font.set("ToUnicode", Object::Reference(to_unicode));
        doc.add_object(font)
    }

    /// `/W`: runs of consecutive CIDs, `c [w1 w2 …]`.
    fn w_array(&self) -> Object {
        let mut out = Vec::new();
        let mut run: Vec<Object> = Vec::new();
        let mut start = 0u16;
        let mut prev: Option<u16> = None;
        for (cid, &w) in self.widths.iter().enumerate() {
            let cid = cid as u16;
            if prev.is_some_and(|p| p + 1 != cid) {
                out.push(Object::Integer(i64::from(start)));
                out.push(Object::Array(std::mem::take(&mut run)));
            }
            if run.is_empty() {
                start = cid;
            }
            run.push(Object::Integer(w));
            prev = Some(cid);
        }
        if !run.is_empty() {
            out.push(Object::Integer(i64::from(start)));
            out.push(Object::Array(run));
        }
        Object::Array(out)
    }

    /// The `/ToUnicode` CMap: each CID to its canonical text, as UTF-16BE.
    pub fn to_unicode(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<(usize, &String)> = self
            .text
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.is_empty())
            .collect();
        for block in entries.chunks(BFCHAR_BLOCK) {
            let _ = writeln!(s, "{} beginbfchar", block.len());
            for (cid, text) in block {
                let _ = write!(s, "<{cid:04X}> <");
                for unit in text.encode_utf16() {
                    let _ = write!(s, "{unit:04X}");
                }
                s.push_str(">\n");
            }
            s.push_str("endbfchar\n");
        }
        s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        s
    }
}

/// The bytes of table `tag` of an OpenType file, if present.
fn sfnt_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(u16::from_be_bytes([*font.get(4)?, *font.get(5)?]));
    (0..count).find_map(|i| {
        let rec = font.get(12 + 16 * i..28 + 16 * i)?;
        if &rec[..4] != tag {
            return None;
        }
        let offset = u32::from_be_bytes([rec[8], rec[9], rec[10], rec[11]]) as usize;
        let len = u32::from_be_bytes([rec[12], rec[13], rec[14], rec[15]]) as usize;
        font.get(offset..offset.checked_add(len)?)
    })
}

/// A glyph advance in thousandths of an em, as written into `/W` (rounded; the `TJ`
/// offsets take the difference to the exact position into account).
pub(crate) fn pdf_width(advance: u16, units_per_em: u16) -> i64 {
    if units_per_em == 0 {
        return 0;
    }
    (f64::from(advance) * 1000.0 / f64::from(units_per_em)).round() as i64
}

/// Gives glyphs that never carried source text the character the `cmap` maps to them.
fn fill_missing_text(face: &ttf_parser::Face<'_>, usage: &mut Usage) {
    let missing: BTreeSet<u16> = usage
        .glyphs
        .iter()
        .copied()
        .filter(|g| *g != 0 && !usage.text.contains_key(g))
        .collect();
    if missing.is_empty() {
        return;
    }
    let Some(cmap) = face.tables().cmap else {
        return;
    };
    // The smallest code point wins when several map to one glyph (deterministic).
    let mut found: BTreeMap<u16, u32> = BTreeMap::new();
    for sub in cmap.subtables {
        if !sub.is_unicode() {
            continue;
        }
        sub.codepoints(|cp| {
            if let Some(g) = sub.glyph_index(cp)
                && missing.contains(&g.0)
            {
                let e = found.entry(g.0).or_insert(cp);
                *e = (*e).min(cp);
            }
        });
    }
    for (g, cp) in found {
        if let Some(c) = char::from_u32(cp) {
            usage.text.insert(g, c.to_string());
        }
    }
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
