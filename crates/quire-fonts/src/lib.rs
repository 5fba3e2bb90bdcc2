//! The fonts every Quire edition uses, compiled into the binary, and font subsetting.
//!
//! `quire-fonts` owns the font files from the workspace's `fonts/` folder (embedded with
//! `include_bytes!`, so a build never depends on what a machine has installed), what each
//! face is (family, style, weight, media type), the licence text that must travel with
//! them, and subsetting: [`subset`] for PDF embedding, [`web_subset`] for CSS. It does no
//! shaping and no layout.
//!
//! Key design decisions:
//! - One closed enum, [`Face`], names every face; backends pick faces by role, never by
//!   path, so swapping a family is a change to this crate alone.
//! - Two subsetters, because the two uses want different fonts.
//!   [`subset`] uses the `subsetter` crate (the one Typst uses). Its output is made for
//!   PDF CID fonts only: it renumbers glyphs and drops `cmap`, `OS/2`, `GSUB` and `GPOS`.
//!   That is right for PDF (the PDF writer supplies its own CID→Unicode map and positions
//!   glyphs itself, so kerning lives in the content stream), but such a font cannot be
//!   used by CSS. [`web_subset`] uses HarfBuzz's subsetter instead, which keeps and
//!   subsets everything a browser or e-reader needs to shape text itself (`cmap`,
//!   `GSUB`/`GPOS`/`GDEF`, `OS/2`, `name`, `post`) in CFF and TrueType faces alike; the web
//!   and EPUB editions embed its output.
//! - Ligatures survive subsetting: [`subset`] closes the glyph set over the font's default
//!   ligature lookups (`liga`, `clig`, `rlig`, `ccmp`), so a shaper that forms "fi" finds
//!   the ligature glyph in the subset; [`web_subset`] lets HarfBuzz close it over every
//!   default and CSS-reachable feature ([`CSS_FEATURES`]).

#![deny(missing_docs)]

mod faces;
mod subset;
mod web;

pub use faces::{Face, Style};
pub use subset::{Subset, subset, subset_glyphs};
pub use web::{CSS_FEATURES, web_subset};

/// Why a font operation failed.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The font file could not be parsed (never expected for the embedded faces).
    #[error("the font {face:?} could not be parsed")]
    Parse {
        /// The face concerned.
        face: Face,
    },
    /// The subsetter rejected the font (or, for [`web_subset`], could not allocate).
    #[error("subsetting {face:?} failed: {message}")]
    Subset {
        /// The face concerned.
        face: Face,
        /// The subsetter's own explanation.
        message: String,
    },
}
