//! The book's resources besides text: local images, fonts, the stylesheet, and the
//! book's identifier.
//!
//! Images come from the loaded assets (already checked: type from the magic bytes, size,
//! SVG sanitised). Each distinct source path becomes one file `images/img-NN.ext`,
//! numbered in order of first appearance (deterministic, and free of characters a ZIP or
//! URL would trip over).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use quire_doc::{Assets, BlockKind, Document, InlineKind, Span, for_each_block, for_each_inline};
use quire_fonts::Face;
use uuid::Uuid;

/// One image resource.
#[derive(Debug)]
pub struct Image {
    /// Path inside the package folder, such as `images/img-01.png`.
    pub path: String,
    /// Media type.
    pub media_type: &'static str,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// The images of the book.
#[derive(Debug, Default)]
pub struct Images {
    by_src: BTreeMap<String, usize>,
    list: Vec<Image>,
    all_alt: bool,
}

impl Images {
    /// The href of the image written as `src`, relative to a content document (which
    /// sits beside the package document).
    pub fn href(&self, src: &str) -> Option<&str> {
        let i = *self.by_src.get(src)?;
        Some(&self.list[i].path)
    }

    /// The images in order of first appearance.
    pub fn list(&self) -> &[Image] {
        &self.list
    }

    /// Whether every image reference has a non-empty alt text.
    pub fn all_have_alt(&self) -> bool {
        self.all_alt
    }
}

/// Every image the document references that the loader loaded, in reading order. An
/// image the loader could not load (it has reported why) is left out of the book.
pub fn images(doc: &Document, assets: &Assets) -> Images {
    let mut refs: Vec<(&str, &str, Span)> = Vec::new();
    for_each_block(doc, &mut |b| {
        if let BlockKind::Figure {
            image: Some(img), ..
        } = &b.kind
        {
            refs.push((&img.src, &img.alt, img.span));
        }
    });
    for_each_inline(doc, &mut |i| {
        if let InlineKind::Image { src, alt, .. } = &i.kind {
            refs.push((src, alt, i.span));
        }
    });
    // Figures and inline images were collected in two passes; order them by source
    // position so numbering follows the reading order.
    refs.sort_by_key(|r| r.2);
    let mut images = Images {
        all_alt: true,
        ..Images::default()
    };
    for (src, alt, _) in refs {
        images.all_alt &= !alt.trim().is_empty();
        if images.by_src.contains_key(src) {
            continue;
        }
        let Some(asset) = assets.image(src) else {
            continue;
        };
        let n = images.list.len() + 1;
        images.by_src.insert(src.to_string(), images.list.len());
        images.list.push(Image {
            path: format!("images/img-{n:02}.{}", asset.media_type.extension()),
            media_type: asset.media_type.mime(),
            data: asset.bytes.to_vec(),
        });
    }
    images
}

/// The faces the stylesheet (`book.css`) draws the book in. Upright regular always (body
/// text, title page, navigation); italic for emphasis, level-3 headings and the subtitle;
/// bold for strong text, level-4 headings, definition terms, table headers, alert titles,
/// the numbers of footnotes and the index's initials (italic: its *see* words); bold italic where the two meet; the monospaced face for
/// code and math. A face nothing asks for stays out of the book (a reading system would
/// synthesise it, should this ever miss a case).
pub fn faces(doc: &Document) -> Vec<Face> {
    let mut used = Used::default();
    let plain = Style::default();
    used.blocks(&doc.blocks, plain);
    for note in &doc.notes {
        used.blocks(&note.blocks, plain);
        if !note.refs.is_empty() {
            used.mark(Style {
                bold: true,
                ..plain
            }); // the back-link
        }
    }
    if doc
        .meta
        .subtitle
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
    {
        used.mark(Style {
            italic: true,
            ..plain
        });
    }
    let mut faces = vec![Face::SerifRegular];
    let wanted = [
        (used.italic, Face::SerifItalic),
        (used.bold, Face::SerifBold),
        (used.bold_italic, Face::SerifBoldItalic),
        (used.mono, Face::Mono),
    ];
    faces.extend(wanted.iter().filter(|(on, _)| *on).map(|(_, face)| *face));
    faces
}

/// The font style in force where text is drawn.
#[derive(Debug, Clone, Copy, Default)]
struct Style {
    italic: bool,
    bold: bool,
    mono: bool,
}

/// Which faces text has been drawn in so far.
#[derive(Debug, Default)]
struct Used {
    italic: bool,
    bold: bool,
    bold_italic: bool,
    mono: bool,
}

impl Used {
    fn mark(&mut self, s: Style) {
        match (s.mono, s.italic, s.bold) {
            (true, _, _) => self.mono = true,
            (false, true, true) => self.bold_italic = true,
            (false, true, false) => self.italic = true,
            (false, false, true) => self.bold = true,
            (false, false, false) => {}
        }
    }

    fn blocks(&mut self, blocks: &[quire_doc::Block], s: Style) {
        for block in blocks {
            match &block.kind {
                BlockKind::Heading { level, content } => {
                    let s = match level {
                        3 => Style { italic: true, ..s },
                        4 => Style { bold: true, ..s },
                        _ => s,
                    };
                    self.inlines(content, s);
                }
                BlockKind::Paragraph { content } => self.inlines(content, s),
                BlockKind::BlockQuote { blocks } | BlockKind::Div { blocks } => {
                    self.blocks(blocks, s)
                }
                BlockKind::List { items, .. } => {
                    for item in items {
                        self.blocks(&item.blocks, s);
                    }
                }
                BlockKind::CodeBlock { caption, .. } => {
                    self.inlines(caption, s);
                    self.mark(Style { mono: true, ..s })
                }
                BlockKind::Raw { .. } => self.mark(Style { mono: true, ..s }),
                BlockKind::ThematicBreak => {}
                BlockKind::Index { groups } => {
                    // The words before references are in italics.
                    let refs = quire_doc::index_entries(groups)
                        .iter()
                        .any(|(_, e)| !e.see.is_empty() || !e.see_also.is_empty());
                    if refs {
                        self.mark(Style { italic: true, ..s });
                    }
                    // The initials above the groups are bold.
                    if groups.iter().any(|g| !g.label.is_empty()) {
                        self.mark(Style { bold: true, ..s });
                    }
                }
                BlockKind::Table {
                    header,
                    rows,
                    caption,
                    ..
                } => {
                    self.inlines(caption, s);
                    for cell in header {
                        self.inlines(&cell.content, Style { bold: true, ..s });
                    }
                    for cell in rows.iter().flatten() {
                        self.inlines(&cell.content, s);
                    }
                }
                BlockKind::Figure {
                    caption, credit, ..
                } => {
                    self.blocks(caption, s);
                    self.inlines(credit, s);
                }
                BlockKind::DefinitionList { items } => {
                    for item in items {
                        self.inlines(&item.term, Style { bold: true, ..s });
                        for details in &item.details {
                            self.blocks(details, s);
                        }
                    }
                }
                BlockKind::Alert { blocks, .. } => {
                    self.mark(Style { bold: true, ..s }); // the title
                    self.blocks(blocks, s);
                }
            }
        }
    }

    fn inlines(&mut self, inlines: &[quire_doc::Inline], s: Style) {
        for inline in inlines {
            match &inline.kind {
                InlineKind::Text { text } if !text.trim().is_empty() => self.mark(s),
                InlineKind::NoteRef { .. } => self.mark(s),
                InlineKind::Code { .. } | InlineKind::Math { .. } | InlineKind::Raw { .. } => {
                    self.mark(Style { mono: true, ..s })
                }
                InlineKind::Emphasis { content } => {
                    self.inlines(content, Style { italic: true, ..s })
                }
                InlineKind::Strong { content } => self.inlines(content, Style { bold: true, ..s }),
                InlineKind::Strikeout { content }
                | InlineKind::Superscript { content }
                | InlineKind::Subscript { content }
                | InlineKind::Link { content, .. }
                | InlineKind::Cite { content, .. }
                | InlineKind::Span { content, .. } => self.inlines(content, s),
                InlineKind::Keyboard { content } => {
                    self.inlines(content, Style { mono: true, ..s })
                }
                InlineKind::Text { .. }
                | InlineKind::SoftBreak
                | InlineKind::LineBreak
                | InlineKind::Image { .. } => {}
            }
        }
    }
}

/// Characters the stylesheet and reading systems may draw besides the text: the section
/// break (`hr::after`), task boxes, list bullets, quotes, dashes and the ellipsis of
/// reading-system furniture.
const FURNITURE: &str = "\u{2042}\u{2610}\u{2611}\u{2022}\u{25E6}\u{25AA}\u{2013}\u{2014}\u{2018}\u{2019}\u{201C}\u{201D}\u{2026}\u{00A0}\u{00AD}";

/// The characters the book can show: printable ASCII, [`FURNITURE`], and every other
/// character of `texts` (the content documents as written, markup included: markup is
/// ASCII, so this is the text's characters plus nothing new), sorted and without repeats.
pub fn characters<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut set: BTreeSet<char> = (' '..='~').chain(FURNITURE.chars()).collect();
    for text in texts {
        set.extend(text.chars().filter(|c| !c.is_ascii()));
    }
    set.into_iter().collect()
}

/// One embedded font file.
#[derive(Debug, Clone)]
pub struct Font {
    /// The face.
    pub face: Face,
    /// The file: the face subset to the book's characters, or the whole face.
    pub data: Arc<[u8]>,
}

/// `face` subset to `chars` (see [`quire_fonts::web_subset`]: `cmap`, `GSUB` and `GPOS` are
/// kept, so kerning and ligatures work as with the whole face). Subsetting takes longer
/// than the rest of the book, and rebuilding the same book asks for the same subsets, so
/// the one cache of `quire-fonts` keeps them for the life of the process. If subsetting fails (never seen with
/// the built-in faces) the whole face is embedded: a heavier book beats one without its
/// font.
pub fn font(face: Face, chars: &str) -> Font {
    Font {
        face,
        data: quire_fonts::web_font(face, chars, quire_fonts::WebFormat::Sfnt),
    }
}

/// The stylesheet with one `@font-face` rule per embedded face, and a text font stack
/// that goes on to the open families of every script (`quire-fonts`'s table, the
/// book's CJK language first): the reading system's copies draw what the embedded face
/// lacks.
pub fn stylesheet(css: &str, fonts: &[Font], language: &str) -> String {
    let mut rules = String::new();
    for font in fonts {
        let face = font.face;
        rules.push_str(&format!(
            "@font-face {{ font-family: \"{}\"; font-style: {}; font-weight: {}; src: url(\"{}\"); }}\n",
            face.family(),
            face.style().css(),
            face.weight(),
            font_path(face)
        ));
    }
    let region = quire_fonts::cjk_region(&language.to_ascii_lowercase());
    format!(
        "{}\nbody {{ font-family: \"Libertinus Serif\", \"Linux Libertine O\", Georgia, {}, serif; }}\n",
        css.replacen("/*FONTS*/", rules.trim_end(), 1).trim_end(),
        quire_fonts::css_fallback_stack(region)
    )
}

/// Where a face goes in the package, relative to the package document.
pub fn font_path(face: Face) -> String {
    format!("fonts/{}", face.file_name())
}

/// The book's UUID (epub-builder's unique identifier is always a `urn:uuid:`), and the
/// front matter's identifier when that is not a UUID (it is then kept as a second
/// `dc:identifier`).
///
/// - `urn:uuid:…` or a bare UUID in the front matter: that UUID.
/// - any other identifier (an ISBN, a DOI, a URL): a UUID derived from it, so the
///   book's identity stays the same across editions of the text.
/// - none: a UUID derived from the title and the text, stable across rebuilds of the
///   same text (no randomness), different for different texts.
///
/// Derived UUIDs are two FNV-1a 64-bit hashes with different offsets, with the version
/// and variant bits of a name-based UUID.
pub fn identifier(doc: &Document) -> (Uuid, Option<&str>) {
    let given = doc.meta.identifier.as_deref().map(str::trim);
    match given.filter(|id| !id.is_empty()) {
        Some(id) => match Uuid::try_parse(id) {
            Ok(uuid) => (uuid, None),
            Err(_) => (derived_uuid(&[id.as_bytes()]), Some(id)),
        },
        None => {
            let text = quire_doc::plain_text(doc);
            let title = doc.meta.title.as_bytes();
            (derived_uuid(&[title, &[0], text.as_bytes()]), None)
        }
    }
}

fn derived_uuid(parts: &[&[u8]]) -> Uuid {
    let hash = |seed: u64| {
        let mut h = seed;
        for &byte in parts.iter().flat_map(|p| p.iter()) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    let hi = hash(0xcbf2_9ce4_8422_2325);
    let lo = hash(0x8422_2325_cbf2_9ce4);
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&hi.to_be_bytes());
    b[8..].copy_from_slice(&lo.to_be_bytes());
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    Uuid::from_bytes(b)
}
