//! The paged document: what layout hands to a writer such as `quire-pdf`.
//!
//! This is the contract between the paginator and the PDF writer, modelled on Typst's
//! frames: pages of positioned items (glyph runs, rules, images, link areas, named
//! anchors) plus two document-wide trees, the logical structure (for tagged PDF) and the
//! outline (bookmarks). The writer only serialises; every decision about where things go
//! is made before this point.
//!
//! Coordinates: points, origin at the **top-left of the media box**, `y` growing
//! downwards (the way layout thinks); the writer flips to PDF's bottom-up space. A text
//! run's origin is the pen position on its baseline.
//!
//! Every text run says what it is through its [`Mark`]: content of a structure element
//! (whose text is exactly source text, so extraction and tagging give back the source
//! words), or an artifact (running heads, page numbers, the hyphen added at a line break,
//! list bullets and other decoration) that tagged PDF marks as `/Artifact`.

use crate::fonts::FontId;
use crate::line::Glyph;
use crate::units::Pt;

/// A point on the page, from the top-left corner of the media box.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Point {
    /// From the left edge.
    pub x: Pt,
    /// From the top edge, downwards.
    pub y: Pt,
}

/// An axis-aligned rectangle, from its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
}

/// A colour, as the writer should paint it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Color {
    /// A grey level from 0 (black) to 1 (white).
    Gray(f32),
    /// Red, green, blue, each from 0 to 1.
    Rgb(f32, f32, f32),
}

impl Default for Color {
    fn default() -> Self {
        Color::Gray(0.0)
    }
}

/// Index of a node in [`PagedDocument::structure`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StructId(pub usize);

/// Index of an image in [`PagedDocument::images`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ImageId(pub usize);

/// A whole laid-out document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PagedDocument {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The logical structure tree, parents before children; children are listed in
    /// reading order through their `parent` links. Node 0 is the document root.
    pub structure: Vec<StructNode>,
    /// The nested outline (bookmarks).
    pub outline: Vec<OutlineItem>,
    /// Images referred to by [`PageItem::Image`].
    pub images: Vec<ImageData>,
    /// What the layout left out or changed, for the reader of the build log (an image
    /// print cannot show …).
    pub warnings: Vec<quire_doc::Diagnostic>,
}

/// Names of the named destinations that layout makes itself rather than takes from the
/// document's element ids (a book's title and contents pages, a part without text of
/// its own) start with this.
pub const GENERATED_ANCHOR_PREFIX: &str = "quire-";

/// One page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Size of the media box (the trim size plus bleed and room for crop marks).
    pub width: Pt,
    /// Height of the media box.
    pub height: Pt,
    /// The trimmed page within the media box.
    pub trim: Rect,
    /// The bleed area (equal to `trim` when there is no bleed).
    pub bleed: Rect,
    /// The page number readers see (roman, arabic …), for page labels.
    pub label: String,
    /// What is on the page, in painting order (which is also reading order for content).
    pub items: Vec<PageItem>,
}

/// Something placed on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum PageItem {
    /// Glyphs.
    Text(TextRun),
    /// A straight line.
    Rule(Rule),
    /// A filled rectangle.
    Fill(Fill),
    /// An image.
    Image(PlacedImage),
    /// A clickable area.
    Link(LinkArea),
    /// A named destination (an element id such as a heading's or a note's).
    Anchor(Anchor),
}

/// Glyphs of one font and size, positioned on a baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// The pen position where the run starts, on the baseline.
    pub origin: Point,
    /// The font, in the layout's [`crate::FontBook`].
    pub font: FontId,
    /// The font size.
    pub size: Pt,
    /// The glyphs; `x`/`y` relative to `origin` (y positive up), each with its share of
    /// `text`.
    pub glyphs: Vec<Glyph>,
    /// The source text of the glyphs; for artifacts, the text they show (may be empty).
    pub text: String,
    /// Horizontal scale of the glyph outlines, 1 for none: a justified line's font
    /// expansion. The glyphs' positions and advances already include it.
    pub h_scale: f64,
    /// The text that extraction should yield in place of this run when it differs from
    /// `text`: a word broken across lines by an added hyphen carries the whole word on its
    /// first part and `Some("")` on the rest.
    pub actual_text: Option<String>,
    /// Fill colour.
    pub color: Color,
    /// Content or artifact.
    pub mark: Mark,
}

/// What a painted item is, for tagging.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Content belonging to a structure element.
    Content(StructId),
    /// Not part of the text.
    Artifact(ArtifactKind),
}

/// The kinds of artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    /// A running head.
    Header,
    /// A page number or running foot.
    Footer,
    /// The hyphen added at a line break.
    Hyphen,
    /// Rules, bullets, note separators, crop marks.
    Decoration,
}

/// A straight line.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// One end.
    pub from: Point,
    /// The other end.
    pub to: Point,
    /// Line width.
    pub thickness: Pt,
    /// Stroke colour.
    pub color: Color,
    /// Content (rarely) or artifact.
    pub mark: Mark,
}

/// A filled rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct Fill {
    /// Where.
    pub rect: Rect,
    /// Fill colour.
    pub color: Color,
    /// Usually an artifact.
    pub mark: Mark,
}

/// An image placed on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedImage {
    /// The image.
    pub image: ImageId,
    /// Where it is drawn (the image is scaled to fill it).
    pub rect: Rect,
    /// The figure element it belongs to (alternative text lives there).
    pub mark: Mark,
    /// Where the image is written in the source (for the print preflight's reports).
    pub source: quire_doc::Span,
}

/// Encoded image data, passed through to the writer.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageData {
    /// The file's bytes (empty for [`ImageFormat::Svg`], whose drawing is `svg`).
    pub bytes: Vec<u8>,
    /// For [`ImageFormat::Svg`]: the parsed drawing, with text already as outlines.
    pub svg: Option<SvgDrawing>,
    /// Their format.
    pub format: ImageFormat,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

/// Image formats a writer must accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG, embedded as it is (DCTDecode).
    Jpeg,
    /// PNG, decoded by the writer.
    Png,
    /// SVG, parsed by layout ([`ImageData::svg`]) and written as vector graphics.
    Svg,
}

/// A parsed SVG, shared rather than copied (a tree can be large). Two drawings are
/// equal when they are the same parse.
#[derive(Clone)]
pub struct SvgDrawing(pub std::sync::Arc<usvg::Tree>);

impl PartialEq for SvgDrawing {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SvgDrawing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = self.0.size();
        write!(f, "SvgDrawing({} × {})", size.width(), size.height())
    }
}

/// A clickable area.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkArea {
    /// The area.
    pub rect: Rect,
    /// Where it goes.
    pub target: LinkTarget,
    /// The `Link` structure element it belongs to, if tagged.
    pub owner: Option<StructId>,
}

/// A link's destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// An external URL.
    Url(String),
    /// An [`Anchor`] in this document, by name.
    Anchor(String),
}

/// A named destination.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    /// Its name (the element id from the document model).
    pub name: String,
    /// The point a viewer should scroll to (top-left of the element).
    pub at: Point,
}

/// A node of the logical structure tree.
#[derive(Clone, Debug, PartialEq)]
pub struct StructNode {
    /// Its role.
    pub role: StructRole,
    /// Its parent (`None` only for the root).
    pub parent: Option<StructId>,
    /// Alternative text (figures) or expansion.
    pub alt: Option<String>,
    /// Language, when it differs from the document's.
    pub lang: Option<String>,
    /// The element id from the document model, if any.
    pub id: Option<String>,
}

/// Standard structure roles of PDF 1.7 (ISO 32000-1, 14.8.4) that Quire uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StructRole {
    /// The root.
    Document,
    /// A section.
    Sect,
    /// A heading of level 1–6.
    H(u8),
    /// A paragraph.
    P,
    /// A block quotation.
    BlockQuote,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's label (bullet or number).
    Lbl,
    /// A list item's body.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH,
    /// A data cell.
    TD,
    /// A figure.
    Figure,
    /// A caption.
    Caption,
    /// A footnote.
    Note,
    /// A note reference mark.
    Reference,
    /// A link.
    Link,
    /// Computer code.
    Code,
    /// A generic inline span.
    Span,
    /// A generic block container.
    Div,
    /// A table of contents (a book's printed contents page).
    TOC,
    /// An item of a table of contents.
    TOCI,
    /// A back-of-book index.
    Index,
}

/// `n` in lower-case roman numerals (`1` → `i`, `14` → `xiv`), as a book's front
/// matter is numbered; empty for 0.
pub fn roman_numeral(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// A bookmark.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineItem {
    /// The title shown.
    pub title: String,
    /// The [`Anchor`] it opens.
    pub anchor: String,
    /// Nested bookmarks.
    pub children: Vec<OutlineItem>,
}
