//! The editions `quire build` can make: one variant per backend crate that exists, each
//! behind the same face (document and options in, bytes out), so the build treats them
//! alike and runs them in parallel.

use std::path::Path;

use clap::ValueEnum;
use quire_doc::Document;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {}

impl Format {
    /// Every format, in the order they are built and reported.
    pub fn all() -> &'static [Format] {
        Format::value_variants()
    }

    /// The file extension of the edition.
    pub fn extension(self) -> &'static str {
        match self {}
    }

    /// Renders the edition. `base_dir` is the source's folder, for local resources.
    pub fn render(self, doc: &Document, base_dir: &Path) -> Result<Vec<u8>, String> {
        let _ = (doc, base_dir);
        match self {}
    }
}
