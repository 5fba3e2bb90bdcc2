//! The editions `quire build` can make: one variant per backend crate that exists, each
//! behind the same face (document and options in, bytes out), so the build treats them
//! alike and runs them in parallel.

use std::path::Path;

use clap::ValueEnum;
use quire_doc::{Diagnostic, Document, Span};
use quire_typeset::PageSize;
use quire_typeset::layout::{LayoutFailure, LayoutOptions};

/// Settings that apply to some editions only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The PDF's trim size.
    pub page_size: PageSize,
    /// Whether the PDF gets bleed and crop marks.
    pub print: bool,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    /// The EPUB 3 e-book (`.epub`).
    Epub,
    /// The annotated web edition (`.html`).
    Html,
    /// The print-ready PDF (`.pdf`).
    Pdf,
}

impl Format {
    /// Every format, in the order they are built and reported.
    pub fn all() -> &'static [Format] {
        Format::value_variants()
    }

    /// The file extension of the edition.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// Renders the edition. `base_dir` is the source's folder, for local resources.
    pub fn render(
        self,
        doc: &Document,
        base_dir: &Path,
        settings: &Settings,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        match self {
            Format::Epub => {
                let opts = quire_epub::EpubOptions {
                    base_dir: base_dir.to_path_buf(),
                    source_date_epoch: source_date_epoch(),
                };
                quire_epub::epub(doc, &opts).map_err(|e| plain(e.to_string()))
            }
            Format::Html => {
                let opts = quire_html::HtmlOptions {
                    base_dir: Some(base_dir.to_path_buf()),
                    ..Default::default()
                };
                quire_html::html(doc, &opts).map_err(|e| plain(e.to_string()))
            }
            Format::Pdf => {
                let opts = quire_pdf::EditionOptions {
                    layout: LayoutOptions {
                        page: settings.page_size,
                        print: settings.print,
                        base_dir: base_dir.to_path_buf(),
                        fallback_language: doc.meta.language.clone(),
                        ..LayoutOptions::default()
                    },
                    source_date_epoch: source_date_epoch(),
                    ..quire_pdf::EditionOptions::default()
                };
                quire_pdf::pdf(doc, &opts).map_err(pdf_diagnostics)
            }
        }
    }
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970), the reproducible-builds convention for the
/// date of a build; editions use it when the front matter gives no modification date.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

/// An edition error that has no place in the source.
fn plain(message: String) -> Vec<Diagnostic> {
    vec![Diagnostic::error(Span::default(), message)]
}

/// One diagnostic per character no font has, at its place in the source.
fn pdf_diagnostics(error: quire_pdf::EditionError) -> Vec<Diagnostic> {
    match error {
        quire_pdf::EditionError::Layout(LayoutFailure::MissingGlyphs(chars)) => chars
            .into_iter()
            .map(|c| {
                Diagnostic::error(
                    Span::point(c.at),
                    format!("no font has the character {:?} (U+{:04X})", c.ch, u32::from(c.ch)),
                )
                .with_hint("the PDF would show a blank box; replace the character or add a font that has it")
            })
            .collect(),
        other => plain(format!("the PDF edition failed: {other}")),
    }
}
