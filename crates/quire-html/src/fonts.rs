//! Web fonts: the PDF's text face, subset to the page's characters, wrapped as WOFF and
//! embedded in the page.
//!
//! Each built-in face is cut down with [`quire_fonts::web_subset`] to the characters the
//! page can show ([`page_characters`]): the document's text (body, notes, annotation
//! bodies, metadata, abbreviation expansions), the printable ASCII range and the few
//! typographic characters the page furniture and the stylesheet add ([`FURNITURE`]). The
//! subset keeps `cmap`, `GSUB` and `GPOS`, so ligatures, kerning, small capitals and
//! old-style figures work as with the whole face, at a tenth of the size; a character it
//! lacks falls back to the next family of the CSS stack, never to a missing glyph. Every
//! face gets the same character set: the simplest rule that is always right, and the
//! small cost (italic and bold carry glyphs only the upright needs) keeps the set
//! independent of how the writer styles each run.
//!
//! WOFF 1.0 is the sfnt font with each table compressed by zlib (W3C WOFF 1.0, §4–5); it
//! is simple to write exactly and every current browser reads it. Subsetting and
//! compressing a face takes milliseconds, so the base64 result is cached per process,
//! keyed by face and character set ([`MAX_CACHED`] entries): a second page with the same
//! characters (the EPUB's, a rebuild, a benchmark) reuses it. Output depends only on the
//! face and the set, so pages stay byte-identical across builds.

use std::collections::BTreeSet;
use std::sync::Arc;

use quire_doc::enrich::abbreviation;
use quire_doc::{BlockKind, Document, InlineKind, for_each_block, for_each_inline, plain_text};
use quire_fonts::{Face, Style};

use base64::Engine;

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
            &base64::engine::general_purpose::STANDARD.encode(&f.data),
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
    let (faces, chars, code) = needed_faces(doc, "");
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
            &encoded(face, &chars),
        );
    }
    (
        css,
        Face::SerifRegular.family(),
        code.then(|| Face::Mono.family()),
    )
}

/// What [`site_faces`] gives: the `@font-face` rules, the font files (path, bytes), and
/// the text and code families.
pub(crate) type SiteFaces = (
    String,
    Vec<(String, Vec<u8>)>,
    &'static str,
    Option<&'static str>,
);

/// The built-in faces a book's web site needs, as files: `@font-face` rules whose
/// `src` is `fonts/NAME.woff` (relative to the stylesheet), the files themselves
/// (path, WOFF bytes), and the text and code families. Each face is subset once, to
/// the characters of the whole book plus `extra` (what the site's pages add: titles
/// of parts, the search box …), so every page shares the same files.
pub(crate) fn site_faces(doc: &Document, extra: &str) -> SiteFaces {
    let (faces, chars, code) = needed_faces(doc, extra);
    let mut css = String::new();
    let mut files = Vec::new();
    for face in faces {
        let stem = face
            .file_name()
            .rsplit_once('.')
            .map_or(face.file_name(), |(stem, _)| stem);
        let path = format!("fonts/{stem}.woff");
        let family = face.family().replace(['"', '\\', '<', '>'], "");
        let style = if face.style() == Style::Italic {
            "italic"
        } else {
            "normal"
        };
        css.push_str(&format!(
            "@font-face{{font-family:\"{family}\";font-style:{style};font-weight:{};font-display:swap;\
             src:url(\"{path}\") format(\"woff\")}}\n",
            face.weight()
        ));
        let woff = quire_fonts::web_font(face, &chars, quire_fonts::WebFormat::Woff);
        files.push((path, woff.to_vec()));
    }
    (
        css,
        files,
        Face::SerifRegular.family(),
        code.then(|| Face::Mono.family()),
    )
}

/// The faces `doc` uses (upright always; italic, bold and the code face when the
/// text has them), the characters to keep in each (the page's and `extra`'s), and
/// whether the code face is among them.
fn needed_faces(doc: &Document, extra: &str) -> (Vec<Face>, String, bool) {
    let (mut italic, mut bold, mut code) = (false, false, false);
    for_each_inline(doc, &mut |i| match &i.kind {
        InlineKind::Emphasis { .. } => italic = true,
        InlineKind::Strong { .. } => bold = true,
        InlineKind::Code { .. }
        | InlineKind::Keyboard { .. }
        | InlineKind::Math { .. }
        | InlineKind::Raw { .. } => code = true,
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
    let chars = if extra.is_empty() {
        page_characters(doc)
    } else {
        let mut set = CharSet::default();
        set.add_all(page_characters(doc).chars().chain(extra.chars()));
        set.into_string()
    };
    (faces, chars, code)
}

/// Characters the page shows that are not in the document's text: what the page
/// furniture writes (byline separator, "→" links, "…"), what the stylesheet generates
/// (`¶` and no-break space before paragraph numbers, `–` before list notes, `⁂` for a
/// thematic break, task boxes) and what a browser draws for lists (bullets). Printable
/// ASCII is added as a whole besides, which covers the furniture's words, note and
/// paragraph numbers, and month names in dates.
const FURNITURE: &str = "\u{a0}\u{2009}\u{202f}¶§·•◦▪–—‘’“”…→←↑↩⁂☐☑×†‡";

/// Every character the page may show in the text faces, sorted and without repeats
/// (control characters left out): printable ASCII, [`FURNITURE`], and the document's
/// reading text, annotation bodies, metadata, abbreviation expansions and index.
fn page_characters(doc: &Document) -> String {
    let mut set = CharSet::default();
    set.add_all((' '..='~').chain(FURNITURE.chars()));
    set.add_all(plain_text(doc).chars());
    let notes = Document {
        blocks: doc
            .annotations
            .iter()
            .flat_map(|a| a.body.iter().cloned())
            .collect(),
        ..Document::default()
    };
    set.add_all(plain_text(&notes).chars());
    let m = &doc.meta;
    for s in [&m.title, &m.language]
        .into_iter()
        .chain(&m.authors)
        .chain(&m.keywords)
        .chain(
            [
                &m.subtitle,
                &m.identifier,
                &m.date,
                &m.source,
                &m.publisher,
                &m.rights,
                &m.description,
            ]
            .into_iter()
            .flatten(),
        )
    {
        set.add_all(s.chars());
    }
    for_each_inline(doc, &mut |i| {
        if let Some((abbr, expansion)) = abbreviation(i) {
            set.add_all(abbr.chars().chain(expansion.chars()));
        }
    });
    // The index's terms may be named rather than marked (`index="…"`).
    quire_doc::for_each_block(doc, &mut |b| {
        if let quire_doc::BlockKind::Index { groups } = &b.kind {
            let words = quire_doc::IndexWords::for_language(&doc.meta.language);
            set.add_all(words.see.chars().chain(words.see_also.chars()));
            for g in groups {
                set.add_all(g.label.chars());
            }
            for (_, e) in quire_doc::index_entries(groups) {
                set.add_all(e.term.chars());
                for r in e.see.iter().chain(&e.see_also) {
                    set.add_all(r.term.chars());
                }
            }
        }
    });
    set.into_string()
}

/// A set of characters: a bitmap over the Basic Multilingual Plane (where nearly every
/// character of a text lies) and an ordered set for the rest. Adding an article's tens of
/// thousands of characters costs microseconds, where a `BTreeSet` alone takes a third of
/// a millisecond.
struct CharSet {
    bmp: Vec<u64>,
    astral: BTreeSet<char>,
}

impl Default for CharSet {
    fn default() -> Self {
        Self {
            bmp: vec![0; 0x1_0000 / 64],
            astral: BTreeSet::new(),
        }
    }
}

impl CharSet {
    fn add_all(&mut self, chars: impl IntoIterator<Item = char>) {
        for c in chars {
            let n = c as usize;
            match self.bmp.get_mut(n / 64) {
                Some(word) => *word |= 1 << (n % 64),
                None => {
                    self.astral.insert(c);
                }
            }
        }
    }

    /// The characters in code-point order, control characters left out.
    fn into_string(self) -> String {
        let bmp = self.bmp.iter().enumerate().flat_map(|(i, &word)| {
            (0..64usize)
                .take_while(move |&bit| word >> bit != 0)
                .filter(move |&bit| word & (1 << bit) != 0)
                .filter_map(move |bit| char::from_u32((i * 64 + bit) as u32))
        });
        bmp.chain(self.astral).filter(|c| !c.is_control()).collect()
    }
}

/// The face subset to `chars`, as WOFF, base64-encoded (the subset and its WOFF come
/// from the one cache in `quire-fonts`, shared with the EPUB).
fn encoded(face: Face, chars: &str) -> Arc<str> {
    let woff = quire_fonts::web_font(face, chars, quire_fonts::WebFormat::Woff);
    base64::engine::general_purpose::STANDARD
        .encode(&woff[..])
        .into()
}

#[cfg(test)]
mod tests {
    use quire_doc::{Annotation, TextRange};

    use super::*;

    fn doc() -> Document {
        let src = "---\ntitle: Ærøskøbing\nsubtitle: Ĳssel\n---\n\nThe *office* café[^n].\n\n\
                   | Þ |\n|---|\n| ð |\n\n[^n]: Straße.\n";
        let mut d = quire_markdown::parse(quire_doc::FileId(0), "t.md", src)
            .unwrap()
            .document;
        d.annotations.push(Annotation {
            id: "urn:x".into(),
            slug: "note-x".into(),
            motivation: "commenting".into(),
            body: quire_markdown::parse(quire_doc::FileId(0), "n.md", "Ωmega *fjǫrðr* 𝔉")
                .unwrap()
                .document
                .blocks,
            target: TextRange { start: 0, end: 3 },
            quote: "The".into(),
            number: 1,
            ..Default::default()
        });
        d
    }

    /// The sfnt inside a WOFF 1.0 file (the inverse of [`woff`], for checking it).
    fn unwrap_woff(w: &[u8]) -> Vec<u8> {
        let u16_at = |at: usize| u16::from_be_bytes([w[at], w[at + 1]]);
        let u32_at = |at: usize| u32::from_be_bytes(w[at..at + 4].try_into().unwrap());
        assert_eq!(&w[..4], b"wOFF");
        let count = usize::from(u16_at(12));
        let mut tables = Vec::new();
        for i in 0..count {
            let rec = 44 + 20 * i;
            let (tag, offset, comp, orig, sum) = (
                u32_at(rec),
                u32_at(rec + 4) as usize,
                u32_at(rec + 8) as usize,
                u32_at(rec + 12) as usize,
                u32_at(rec + 16),
            );
            let stored = &w[offset..offset + comp];
            let data = if comp < orig {
                let mut out = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(stored), &mut out)
                    .unwrap();
                out
            } else {
                stored.to_vec()
            };
            assert_eq!(data.len(), orig);
            tables.push((tag, sum, data));
        }
        let mut sfnt = Vec::new();
        sfnt.extend_from_slice(&w[4..8]);
        sfnt.extend_from_slice(&(count as u16).to_be_bytes());
        sfnt.extend_from_slice(&[0; 6]); // search hints: not needed to parse
        let mut offset = 12 + 16 * count;
        for (tag, sum, data) in &tables {
            for v in [*tag, *sum, offset as u32, data.len() as u32] {
                sfnt.extend_from_slice(&v.to_be_bytes());
            }
            offset += data.len().next_multiple_of(4);
        }
        for (_, _, data) in &tables {
            sfnt.extend_from_slice(data);
            sfnt.resize(sfnt.len().next_multiple_of(4), 0);
        }
        sfnt
    }

    #[test]
    fn page_characters_cover_text_notes_annotations_meta_and_furniture() {
        let chars = page_characters(&doc());
        for c in "Ærøskøbing Ĳ Þð é Straße Ωmega fjǫrðr 𝔉 ¶⁂–·\u{a0}AZaz09~".chars()
        {
            assert!(chars.contains(c), "{c:?} missing from {chars:?}");
        }
        let v: Vec<char> = chars.chars().collect();
        assert!(v.windows(2).all(|w| w[0] < w[1]), "not sorted and unique");
        assert!(!chars.contains('\n') && !chars.contains('\t'));
    }

    #[test]
    fn embedded_faces_are_subsets_that_keep_cmap_and_layout() {
        let chars = page_characters(&doc());
        for face in [
            Face::SerifRegular,
            Face::SerifItalic,
            Face::SerifBold,
            Face::Mono,
        ] {
            let w = quire_fonts::web_font(face, &chars, quire_fonts::WebFormat::Woff);
            let whole = quire_fonts::woff(face.data()).unwrap();
            let factor = 4;
            assert!(
                w.len() * factor < whole.len(),
                "{face:?}: {} vs {}",
                w.len(),
                whole.len()
            );
            let sfnt = unwrap_woff(&w);
            let font = ttf_parser::Face::parse(&sfnt, 0).unwrap();
            let full = ttf_parser::Face::parse(face.data(), 0).unwrap();
            for c in chars.chars().filter(|&c| full.glyph_index(c).is_some()) {
                assert!(font.glyph_index(c).is_some(), "{face:?} lost {c:?}");
            }
            assert!(font.tables().gsub.is_some(), "{face:?} has no GSUB");
            assert!(font.tables().gpos.is_some(), "{face:?} has no GPOS");
        }
    }

    #[test]
    fn pages_embed_subset_faces_and_are_byte_identical() {
        let d = doc();
        let opts = crate::HtmlOptions::default();
        let a = crate::html(&d, &quire_doc::Assets::new(), &opts);
        let b = crate::html(&d, &quire_doc::Assets::new(), &opts);
        assert_eq!(a, b);
        let whole = base64::engine::general_purpose::STANDARD
            .encode(quire_fonts::woff(Face::SerifRegular.data()).unwrap());
        let page = String::from_utf8(a.bytes).unwrap();
        assert!(page.contains("font-style:normal") && page.contains("font-style:italic"));
        assert!(!page.contains(&whole), "the whole upright face is embedded");
        assert!(page.len() < whole.len() / 3, "{} bytes", page.len());
        let chars = page_characters(&d);
        // The subset is made once per process (in quire-fonts' cache).
        assert!(Arc::ptr_eq(
            &quire_fonts::web_font(Face::SerifRegular, &chars, quire_fonts::WebFormat::Woff),
            &quire_fonts::web_font(Face::SerifRegular, &chars, quire_fonts::WebFormat::Woff)
        ));
    }
}
