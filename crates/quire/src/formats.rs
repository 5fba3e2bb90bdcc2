//! The editions `quire build` can make: one variant per backend crate that exists, each
//! behind the same face (document and options in, bytes out), so the build treats them
//! alike and runs them in parallel.

use std::path::Path;

use clap::ValueEnum;
use quire_doc::Document;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    /// The EPUB 3 e-book (`.epub`).
    Epub,
    /// The annotated web edition (`.html`).
    Html,
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
        }
    }

    /// Renders the edition. `base_dir` is the source's folder, for local resources.
    pub fn render(self, doc: &Document, base_dir: &Path) -> Result<Vec<u8>, String> {
        match self {
            Format::Epub => {
                let opts = quire_epub::EpubOptions {
                    base_dir: base_dir.to_path_buf(),
                    source_date_epoch: source_date_epoch(),
                };
                quire_epub::epub(doc, &opts).map_err(|e| e.to_string())
            }
            Format::Html => {
                let opts = quire_html::HtmlOptions {
                    base_dir: Some(base_dir.to_path_buf()),
                    ..Default::default()
                };
                quire_html::html(doc, &opts).map_err(|e| e.to_string())
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
