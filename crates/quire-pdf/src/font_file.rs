//! Font programs: subsetting, and the font objects written into the file.
//!
//! [`subset`] cuts each font down to the glyphs [`crate::fonts::plan`] kept, one thread per
//! font (subsetting is most of the work and fonts share nothing), and compresses the
//! streams made from it there too. [`EmbeddedFont::write`] then writes a `Type0` font with
//! `Identity-H` encoding: a `CIDFontType0` descendant with the bare CFF table
//! (`/FontFile3 /CIDFontType0C`) for CFF outlines (the text face, Libertinus Serif), or
//! `CIDFontType2` with `/FontFile2` and `/CIDToGIDMap /Identity` for TrueType; `/W`
//! widths; the font descriptor; and the `/ToUnicode` CMap.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use quire_typeset::{FontBook, FontId};
use subsetter::GlyphRemapper;

use crate::PdfError;
use crate::flate::Deflater;
use crate::fonts::{EmbeddedFont, EmbeddedFonts, font_error};

/// A subset font program and the streams made from it.
#[derive(Clone, Debug)]
pub(crate) struct FontFile {
    /// Size of the subset program (an OpenType file).
    program_len: usize,
    /// Whether `file` is the bare CFF table (`/FontFile3`) rather than the whole
    /// program (`/FontFile2`).
    bare_cff: bool,
    /// The font file stream's content.
    file: Packed,
    /// The `/ToUnicode` CMap stream's content.
    cmap: Packed,
}

/// A stream's content as it goes into the file: compressed here, on the font's own
/// thread, rather than by the single-threaded final pass.
#[derive(Clone, Debug)]
struct Packed {
    bytes: Vec<u8>,
    flate: bool,
}

impl Packed {
    fn new(raw: Vec<u8>, deflater: Option<&mut Deflater>) -> Packed {
        match deflater.and_then(|z| z.deflate(&raw)) {
            Some(bytes) => Packed { bytes, flate: true },
            None => Packed {
                bytes: raw,
                flate: false,
            },
        }
    }

    fn stream(&self, mut dict: Dictionary) -> Stream {
        if self.flate {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        let mut stream = Stream::new(dict, self.bytes.clone());
        stream.allows_compression = false;
        stream
    }
}

/// The subset programs of every font of `fonts`, with its face from `book`, each made
/// on a thread of its own.
pub(crate) fn subset(
    fonts: &EmbeddedFonts,
    book: &FontBook,
    compress: bool,
) -> Result<Vec<(FontId, FontFile)>, PdfError> {
    std::thread::scope(|s| {
        let handles: Vec<_> = fonts
            .iter()
            .map(|(id, font)| s.spawn(move || Ok((id, subset_one(id, font, book, compress)?))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| PdfError::Assembly("a font subsetting thread panicked".into()))?
            })
            .collect()
    })
}

fn subset_one(
    id: FontId,
    embedded: &EmbeddedFont,
    book: &FontBook,
    compress: bool,
) -> Result<FontFile, PdfError> {
    let font = book.get(id).ok_or(PdfError::UnknownFont(id.0))?;
    let remapper = GlyphRemapper::new_from_glyphs_sorted(&embedded.glyphs);
    let program = subsetter::subset(font.data(), font.index(), &remapper)
        .map_err(|e| font_error(id, font, format!("subsetting failed: {e}")))?;
    let mut deflater = compress.then(Deflater::new);
    let cff = embedded
        .descriptor
        .cff
        .then(|| sfnt_table(&program, b"CFF "))
        .flatten();
    let bare_cff = cff.is_some();
    let file = cff.map_or_else(|| program.clone(), <[u8]>::to_vec);
    Ok(FontFile {
        program_len: program.len(),
        bare_cff,
        file: Packed::new(file, deflater.as_mut()),
        cmap: Packed::new(embedded.to_unicode().into_bytes(), deflater.as_mut()),
    })
}

/// Entries per `beginbfchar` block (the CMap format allows at most 100).
const BFCHAR_BLOCK: usize = 100;

impl EmbeddedFont {
    /// Writes the `Type0` font and everything it refers to; returns its object id.
    pub(crate) fn write(&self, doc: &mut lopdf::Document) -> Result<ObjectId, PdfError> {
        let name = |s: &str| Object::Name(s.as_bytes().to_vec());
        let d = &self.descriptor;
        let file = self.file.as_ref().ok_or_else(|| {
            PdfError::Assembly(format!(
                "font {} was written before it was subset",
                self.base_font
            ))
        })?;
        let mut dict = Dictionary::new();
        let (subtype, file_key) = if file.bare_cff {
            dict.set("Subtype", name("CIDFontType0C"));
            ("CIDFontType0", "FontFile3")
        } else {
            dict.set("Length1", Object::Integer(file.program_len as i64));
            ("CIDFontType2", "FontFile2")
        };
        let program = file.file.stream(dict);
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

        let to_unicode = doc.add_object(file.cmap.stream(Dictionary::new()));
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
        Ok(doc.add_object(font))
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
}

/// The `/ToUnicode` CMap for canonical texts by CID.
pub(crate) fn to_unicode(texts: &[String]) -> String {
    use std::fmt::Write as _;
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(usize, &String)> = texts
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
