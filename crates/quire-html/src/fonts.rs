//! Web fonts: the PDF's text face, wrapped as WOFF and embedded in the page.
//!
//! WOFF 1.0 is the sfnt font with each table compressed by zlib (W3C WOFF 1.0, §4–5); it
//! is simple to write exactly and every current browser reads it. (WOFF2 would need a
//! Brotli encoder and the glyf/loca transform; `quire-fonts` offers no subsetter that
//! keeps the `cmap`, which CSS needs, so faces are embedded whole.) Compressing a face
//! takes tens of milliseconds, so each built-in face is compressed and base64-encoded
//! once per process and reused by every later page.

use std::sync::OnceLock;

use quire_doc::{BlockKind, Document, InlineKind, for_each_block, for_each_inline};
use quire_fonts::{Face, Style};

use crate::escape;

/// A font file's format, as `@font-face` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontFormat {
    /// WOFF 2.0.
    Woff2,
    /// WOFF 1.0.
    Woff,
    /// OpenType (CFF outlines).
    OpenType,
    /// TrueType.
    TrueType,
}

impl FontFormat {
    fn css(self) -> (&'static str, &'static str) {
        match self {
            FontFormat::Woff2 => ("font/woff2", "woff2"),
            FontFormat::Woff => ("font/woff", "woff"),
            FontFormat::OpenType => ("font/otf", "opentype"),
            FontFormat::TrueType => ("font/ttf", "truetype"),
        }
    }
}

/// A font to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebFont {
    /// CSS family name.
    pub family: String,
    /// CSS weight (400 regular, 700 bold).
    pub weight: u16,
    /// Italic rather than upright.
    pub italic: bool,
    /// The format of `data`.
    pub format: FontFormat,
    /// The font file.
    pub data: Vec<u8>,
}

/// Wraps an sfnt (TrueType or OpenType) font as WOFF 1.0; `None` if it is not one.
pub fn woff(sfnt: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| Some(u16::from_be_bytes(sfnt.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(sfnt.get(at..at + 4)?.try_into().ok()?));
    let flavor = u32_at(0)?;
    let count = usize::from(u16_at(4)?);
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + 16 * i;
        let (tag, checksum, offset, length) = (
            u32_at(rec)?,
            u32_at(rec + 4)?,
            u32_at(rec + 8)?,
            u32_at(rec + 12)?,
        );
        let data = sfnt.get(offset as usize..offset as usize + length as usize)?;
        tables.push((tag, checksum, data));
    }
    tables.sort_by_key(|t| t.0);
    let mut body = Vec::new();
    let mut directory = Vec::new();
    let header_len = 44 + 20 * count;
    let mut sfnt_size = 12 + 16 * count;
    for (tag, checksum, data) in &tables {
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(data, 6);
        let stored: &[u8] = if compressed.len() < data.len() {
            &compressed
        } else {
            data
        };
        let offset = header_len + body.len();
        for v in [
            *tag,
            offset as u32,
            stored.len() as u32,
            data.len() as u32,
            *checksum,
        ] {
            directory.extend_from_slice(&v.to_be_bytes());
        }
        body.extend_from_slice(stored);
        body.resize(body.len().next_multiple_of(4), 0);
        sfnt_size += data.len().next_multiple_of(4);
    }
    let total = header_len + body.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(b"wOFF");
    out.extend_from_slice(&flavor.to_be_bytes());
    out.extend_from_slice(&(total as u32).to_be_bytes());
    out.extend_from_slice(&(count as u16).to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(sfnt_size as u32).to_be_bytes());
    out.extend_from_slice(&[0, 1, 0, 0]); // version 1.0 of the font package
    out.extend_from_slice(&[0; 20]); // no metadata, no private data
    out.extend_from_slice(&directory);
    out.extend_from_slice(&body);
    Some(out)
}

/// The `@font-face` rules for `fonts`.
pub(crate) fn font_faces(fonts: &[WebFont]) -> String {
    let mut css = String::new();
    for f in fonts {
        let (media, format) = f.format.css();
        face_rule(
            &mut css,
            &f.family,
            f.weight,
            f.italic,
            media,
            format,
            &escape::base64(&f.data),
        );
    }
    css
}

fn face_rule(
    css: &mut String,
    family: &str,
    weight: u16,
    italic: bool,
    media: &str,
    format: &str,
    b64: &str,
) {
    let family = family.replace(['"', '\\', '<', '>'], "");
    let style = if italic { "italic" } else { "normal" };
    css.push_str(&format!(
        "@font-face{{font-family:\"{family}\";font-style:{style};font-weight:{weight};font-display:swap;\
         src:url(data:{media};base64,{b64}) format(\"{format}\")}}\n"
    ));
}

/// The built-in faces the document needs, as `@font-face` rules, and the text and
/// code families.
pub(crate) fn builtin_faces(doc: &Document) -> (String, &'static str, Option<&'static str>) {
    let (mut italic, mut bold, mut code) = (false, false, false);
    for_each_inline(doc, &mut |i| match &i.kind {
        InlineKind::Emphasis { .. } => italic = true,
        InlineKind::Strong { .. } => bold = true,
        InlineKind::Code { .. } | InlineKind::Math { .. } | InlineKind::Raw { .. } => code = true,
        _ => {}
    });
    for_each_block(doc, &mut |b| {
        code |= matches!(b.kind, BlockKind::CodeBlock { .. } | BlockKind::Raw { .. });
    });
    // Annotation bodies are shown too; they commonly use emphasis.
    italic |= !doc.annotations.is_empty();
    let mut faces = vec![Face::SerifRegular];
    if italic {
        faces.push(Face::SerifItalic);
    }
    if bold {
        faces.push(Face::SerifBold);
    }
    if code {
        faces.push(Face::Mono);
    }
    let mut css = String::new();
    for face in faces {
        let (media, format) = FontFormat::Woff.css();
        let italic = face.style() == Style::Italic;
        face_rule(
            &mut css,
            face.family(),
            face.weight(),
            italic,
            media,
            format,
            encoded(face),
        );
    }
    (
        css,
        Face::SerifRegular.family(),
        code.then(|| Face::Mono.family()),
    )
}

/// The face as base64 WOFF, computed once per process.
fn encoded(face: Face) -> &'static str {
    static CACHE: [OnceLock<String>; 6] = [const { OnceLock::new() }; 6];
    let slot = match face {
        Face::SerifRegular => 0,
        Face::SerifItalic => 1,
        Face::SerifBold => 2,
        Face::SerifBoldItalic => 3,
        Face::Mono => 4,
        Face::Sans => 5,
    };
    CACHE[slot].get_or_init(|| escape::base64(&woff(face.data()).unwrap_or_default()))
}
