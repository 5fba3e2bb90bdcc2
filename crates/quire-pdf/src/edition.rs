//! The PDF edition in one call: lay the document out with `quire-typeset`, then write
//! the pages. This is the face the CLI sees, alike for every backend: a document and
//! options in, bytes out.

use std::sync::OnceLock;

use quire_doc::Document;
use quire_typeset::FontBook;
use quire_typeset::layout::{LayoutFailure, LayoutOptions, layout};

use crate::{PdfError, PdfMeta, PdfOptions, write_pdf_owned};

/// Everything that shapes the PDF edition. `Default` gives an A4 reading edition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditionOptions {
    /// Page size, margins, type size, print marks, image folder. Default: A4, no bleed.
    pub layout: LayoutOptions,
    /// How the file is written. Default: compressed, tagged, claiming PDF/UA-1 and PDF/A-2b.
    pub pdf: PdfOptions,
    /// Seconds since 1970 for dates the front matter does not give (the
    /// reproducible-builds `SOURCE_DATE_EPOCH`). Default: none.
    pub source_date_epoch: Option<i64>,
}

/// Why the edition could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EditionError {
    /// The embedded fonts could not be loaded (a broken build, not bad input).
    #[error("cannot load the embedded fonts: {0}")]
    Fonts(String),
    /// The document could not be laid out (characters no font has, unusable options).
    #[error(transparent)]
    Layout(#[from] LayoutFailure),
    /// The pages could not be written.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// The fonts every PDF is set in, loaded once per process: parsing them is the same
/// work for every build, and a book is cheaper to share than to reload.
fn font_book() -> Result<&'static FontBook, EditionError> {
    static BOOK: OnceLock<Result<FontBook, String>> = OnceLock::new();
    BOOK.get_or_init(|| FontBook::quire_default().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| EditionError::Fonts(e.clone()))
}

/// Lays out and writes `doc` as a PDF.
pub fn pdf(doc: &Document, opts: &EditionOptions) -> Result<Vec<u8>, EditionError> {
    let fonts = font_book()?;
    let paged = layout(doc, fonts, &opts.layout)?;
    let meta = PdfMeta::from_meta(&doc.meta, opts.source_date_epoch);
    Ok(write_pdf_owned(paged, fonts, &meta, &opts.pdf)?)
}
