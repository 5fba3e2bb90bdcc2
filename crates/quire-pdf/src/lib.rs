//! Quire's PDF writer: a laid-out [`PagedDocument`] in, the bytes of a print-ready, tagged
//! PDF 1.7 out.
//!
//! This crate owns PDF syntax and nothing else. Every decision about where a glyph, a rule
//! or an image goes was made by `quire-typeset`; here the pages are only serialised. It
//! does not shape, break lines or paginate, and it never reads the clock, the environment
//! or a random source: the same input gives the same bytes (the file `/ID` is a hash of
//! the file itself).
//!
//! The key design decision is a **writer in stages**, each on the tool that does it best:
//!
//! 1. **Content streams are ours** (`content`, `stream`): text objects with
//!    `Tf`/`Tm`/`TJ`, marked-content sequences with their property lists, rules, fills and
//!    image XObjects with `cm`/`Do`, written straight to bytes and compressed, page by
//!    page on all cores. (Through printpdf's `Op` list they took most of the writer's
//!    time on a long book.)
//! 2. **printpdf** (0.12, without default features) builds the document: page tree,
//!    resources, media and crop boxes, image XObjects (`images`); its pages are empty,
//!    and the lopdf pass puts our content streams in. SVG drawings become vector Form
//!    XObjects with `svg2pdf`, merged into the lopdf document (`svg`).
//! 3. **Fonts are ours** (`fonts`): subset with the `subsetter` crate and written as
//!    `Type0`/`Identity-H` fonts through lopdf (bare CID-keyed CFF as `/FontFile3
//!    /CIDFontType0C`, or TrueType as `/FontFile2`), with `/W` and a `/ToUnicode` CMap
//!    in which every glyph maps to its source text. printpdf does not subset without its
//!    heavy `text_layout` feature, and its glyph path writes one object per glyph, which
//!    cost more than the writer's whole time budget; glyphs go into the content stream as
//!    `TJ` arrays of multi-glyph strings with positioning numbers only where needed.
//! 4. **A lopdf pass** over `PdfDocument::to_lopdf_document()` adds what printpdf lacks
//!    (`finish`): the fonts, PDF 1.7 header, `/BleedBox`, `/Tabs /S`, the structure tree with its
//!    parent tree (`tags`), a nested outline with exact `/XYZ` destinations, named
//!    destinations, link annotations that are tagged (`/Link` elements with `OBJR`),
//!    page labels, `/Lang`, `/MarkInfo`, `/ViewerPreferences`, the Info dictionary and an
//!    escaped XMP packet (`meta`), object streams, and a content-derived `/ID`.
//!
//! Conformance claims (PDF/UA-1, PDF/A-2b identification in XMP, the sRGB output intent)
//! are written when [`PdfOptions`] asks for them, as it does by default; see
//! [`Conformance`].

#![deny(missing_docs)]

pub(crate) mod content;
mod edition;
pub(crate) mod finish;
mod flate;
mod font_file;
pub(crate) mod fonts;
pub mod gray;
mod hash;
pub mod icc;
pub(crate) mod images;
mod inspect;
pub(crate) mod meta;
pub(crate) mod raw;
pub(crate) mod stream;
pub(crate) mod svg;
pub(crate) mod tags;

use quire_typeset::FontBook;
use quire_typeset::page::PagedDocument;

pub use edition::{EditionError, EditionOptions, lay_out, pdf, pdf_observed};
pub use inspect::{ImageColour, image_colour, unembedded_fonts};
pub use meta::{PdfDate, PdfMeta};

/// Why a PDF could not be written. Each variant names the input that was at fault; a
/// well-formed [`PagedDocument`] from `quire-typeset` never produces one.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A text run refers to a font that is not in the [`FontBook`].
    #[error("font {0} is not in the font book")]
    UnknownFont(u32),
    /// A font could not be read or subset.
    #[error("font {font} ({name}): {message}")]
    Font {
        /// The font's id in the book.
        font: u32,
        /// Its name.
        name: String,
        /// What went wrong.
        message: String,
    },
    /// An image item refers to an image that is not in [`PagedDocument::images`].
    #[error("image {0} is not in the document's image list")]
    UnknownImage(usize),
    /// An image could not be decoded.
    #[error("image {index}: {message}")]
    Image {
        /// Its index in [`PagedDocument::images`].
        index: usize,
        /// What went wrong.
        message: String,
    },
    /// A mark, link owner or parent refers to a structure node that does not exist, or
    /// the structure tree is not a tree rooted at node 0.
    #[error("structure tree: {0}")]
    Structure(String),
    /// A link or outline item points at an anchor no page defines.
    #[error("no anchor named {0:?} on any page")]
    UnknownAnchor(String),
    /// The document has no pages.
    #[error("the document has no pages")]
    NoPages,
    /// printpdf or lopdf reported an error while assembling the file.
    #[error("PDF assembly: {0}")]
    Assembly(String),
}

/// Standards the file claims to meet (in its XMP metadata).
///
/// Claiming is a promise to validators and archives. The writer produces what both
/// standards require as far as this crate controls it (tags, `/Lang`, embedded subset
/// fonts with Unicode maps, artifacts, alternative text, link descriptions, an sRGB
/// output intent), and the end-to-end tests validate the editions of the article and of
/// a fixture with every block type with veraPDF (PDF/UA-1 and PDF/A-2b profiles), so
/// both claims are on by default; turn them off for a file that is not meant to meet
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conformance {
    /// Write `pdfuaid:part 1` (PDF/UA-1). Default: `true`.
    pub pdf_ua: bool,
    /// Write `pdfaid:part 2`, `pdfaid:conformance B` (PDF/A-2b) and an sRGB output
    /// intent with an ICC profile built by `icc`. Default: `true`.
    pub pdf_a: bool,
}

impl Default for Conformance {
    fn default() -> Self {
        Conformance {
            pdf_ua: true,
            pdf_a: true,
        }
    }
}

/// How to write the file. Every field has a default ([`PdfOptions::default`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PdfOptions {
    /// Compress streams with Flate. Default: `true`. Turn off to read content streams in
    /// a text editor.
    pub compress: bool,
    /// Pack non-stream objects into object streams with a cross-reference stream (PDF
    /// 1.5+), which roughly halves the size of the structure tree. Default: `true`.
    pub object_streams: bool,
    /// The `/Producer` in the Info dictionary and XMP. Default: `"Quire <version>"`.
    pub producer: String,
    /// The `/Creator` (the tool that made the source). Default: `"Quire"`.
    pub creator: String,
    /// Show the document outline when the file opens (if it has one). Default: `true`.
    pub show_outline: bool,
    /// Which standards to claim. Default: PDF/UA-1 and PDF/A-2b.
    pub conformance: Conformance,
    /// A grey-only print edition: the output intent is a grey print profile
    /// ([`icc::gray_print_profile`]) for PDF/X (`GTS_PDFX`) and PDF/A alike, and RGB
    /// images are tagged sRGB (the colours of the pages must already be grey: see
    /// [`gray::to_gray`], which [`pdf`] applies). Default: `false` (an sRGB output intent
    /// for PDF/A alone).
    pub gray_print: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            compress: true,
            object_streams: true,
            producer: concat!("Quire ", env!("CARGO_PKG_VERSION")).to_string(),
            creator: "Quire".to_string(),
            show_outline: true,
            conformance: Conformance::default(),
            gray_print: false,
        }
    }
}

/// Writes `paged` as a PDF, with fonts from `fonts` and document metadata from `meta`.
///
/// The result is deterministic: the same arguments give byte-identical output.
pub fn write_pdf(
    paged: &PagedDocument,
    fonts: &FontBook,
    meta: &PdfMeta,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let (embedded, images, built) = write_pages(paged, fonts, opts)?;
    finish::finish(paged, built, &embedded, &images, meta, opts)
}

/// [`write_pdf`] for a document the caller no longer needs: the pages' items, most of a
/// long document's memory (a 300-page book has a million glyphs), are dropped as soon as
/// the content streams are written, before the final pass builds the file around them.
pub fn write_pdf_owned(
    mut paged: PagedDocument,
    fonts: &FontBook,
    meta: &PdfMeta,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let (embedded, images, built) = write_pages(&paged, fonts, opts)?;
    for page in &mut paged.pages {
        page.items = Vec::new();
    }
    finish::finish(&paged, built, &embedded, &images, meta, opts)
}

/// Everything up to the final pass: fonts, images and the pages' content streams.
fn write_pages(
    paged: &PagedDocument,
    fonts: &FontBook,
    opts: &PdfOptions,
) -> Result<(fonts::EmbeddedFonts, images::PreparedImages, content::Built), PdfError> {
    if paged.pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    tags::validate(paged)?;
    let embedded = fonts::embed(paged, fonts, opts.compress)?;
    let images = images::prepare(paged)?;
    let built = content::build(paged, &embedded, &images, opts.compress)?;
    Ok((embedded, images, built))
}

#[cfg(test)]
mod tests;
