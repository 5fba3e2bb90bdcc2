//! The Quire web edition: a document becomes one self-contained, annotated HTML5 page
//! ([`html`]), or a book a site of pages with shared styles, fonts and a search index
//! ([`site`]); and the (X)HTML writer for blocks and inlines that the EPUB reuses.
//!
//! `quire-html` owns the markup of every block and inline type ([`Writer`]), the page
//! around it (metadata, schema.org JSON-LD, Open Graph, table of contents, glossary),
//! and its stylesheet. It reads enrichments from the model (paragraph numbers,
//! abbreviations, anchored annotations, all put there by `quire-annotate`) and never
//! computes them. It does no file I/O: images come from the loaded [`quire_doc::Assets`]
//! and are embedded as `data:` URIs, so the page makes no request to any other host.
//!
//! Key design decision: margin notes (footnotes and editorial annotations) are written
//! *inside* the paragraph, right after the passage they belong to, as phrasing content.
//! On wide screens CSS floats them into the margin beside that very line, and the
//! page's small script then places each one exactly at its line; on narrow screens a
//! note is `hidden="until-found"` (find-in-page still opens it) and its marker, a
//! `<button>` that states its note and its state in the markup itself, opens it; without
//! the script notes are shown. The projection's text is counted while writing, so
//! annotation ranges become `<mark>`s in a single pass, and the page's text (furniture
//! and notes aside) is exactly the projection.

mod asides;
pub mod escape;
mod fonts;
mod images;
mod index;
mod inline;
mod marks;
mod page;
pub mod scripts;
mod site;
mod writer;

pub use fonts::{FontFormat, WebFont};
pub use page::{html, reserved_classes};
pub use site::site;
pub use writer::{ImageResolver, LinkResolver, NoteStyle, PageBreak, Syntax, Writer, WriterConfig};

pub use images::embed_image;

/// Settings of the web edition. `HtmlOptions::default()` gives a good page.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlOptions {
    /// Write raw HTML from the source as markup. Default `false`: it is shown as text,
    /// so a source cannot inject scripts or break the page.
    pub allow_raw_html: bool,
    /// Embed the text face of the PDF (from `quire-fonts`, as WOFF) with `@font-face`:
    /// upright always, italic, bold and monospace only when the document uses them.
    /// Default `true`; `false` leaves a system serif stack.
    pub embed_fonts: bool,
    /// Other fonts to embed instead, as WOFF2/WOFF/OpenType bytes; when not empty they
    /// replace the built-in faces, and the first family becomes the text face.
    /// Default empty.
    pub fonts: Vec<WebFont>,
    /// Show paragraph numbers as permalinks in the margin. Default `true`.
    pub paragraph_numbers: bool,
    /// Add the small inline script (margin notes placed beside their lines, note
    /// toggles, copy-link and cite lines). The page is complete without it. Default
    /// `true`.
    pub script: bool,
    /// The page's public address, for `rel=canonical`, `og:url` and the JSON-LD `url`.
    /// Default `None`.
    pub canonical_url: Option<String>,
    /// The generator named in `<meta name="generator">`. Default `"Quire"`.
    pub generator: String,
    /// The other editions of the same text built alongside this one, linked from the
    /// page (under the masthead, and as `<link rel="alternate">`). Give only editions
    /// that exist beside the page. Default empty.
    pub editions: Vec<OtherEdition>,
}

/// Another edition of the text, published beside the web edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherEdition {
    /// Which edition it is.
    pub kind: EditionKind,
    /// Its file name, relative to the folder the page is in (`article.pdf`); a book's
    /// site, one folder down, links to it as `../article.pdf`.
    pub file: String,
}

/// The editions a web page can link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditionKind {
    /// The PDF.
    Pdf,
    /// The EPUB.
    Epub,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        Self {
            allow_raw_html: false,
            embed_fonts: true,
            fonts: Vec::new(),
            paragraph_numbers: true,
            script: true,
            canonical_url: None,
            generator: "Quire".into(),
            editions: Vec::new(),
        }
    }
}

#[cfg(test)]
mod reading_tests;
#[cfg(test)]
mod tests;
