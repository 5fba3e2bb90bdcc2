//! The fonts every Quire edition uses, compiled into the binary, and web-font subsetting.
//!
//! `quire-fonts` owns the font files from the workspace's `fonts/` folder (embedded with
//! `include_bytes!`, so a build never depends on what a machine has installed), what each
//! face is (family, style, weight, media type), the licence text that must travel with
//! them, and the fonts the web page and the e-book embed: [`web_subset`], wrapped as
//! WOFF by [`woff`], behind the one process-wide cache [`web_font`]. It does no shaping
//! and no layout; the PDF writer subsets for its CID fonts itself (with the `subsetter`
//! crate, which renumbers glyphs and drops `cmap` and the layout tables, as PDF wants).
//!
//! Key design decisions:
//! - One closed enum, [`Face`], names every face; backends pick faces by role, never by
//!   path, so swapping a family is a change to this crate alone.
//! - [`web_subset`] uses HarfBuzz's subsetter, which keeps and subsets everything a
//!   browser or e-reader needs to shape text itself (`cmap`, `GSUB`/`GPOS`/`GDEF`,
//!   `OS/2`, `name`, `post`) in CFF and TrueType faces alike, closed over every default
//!   and CSS-reachable feature ([`CSS_FEATURES`]) so ligatures survive.

#![deny(missing_docs)]

mod faces;
mod scripts;
mod web;
mod woff;

pub use faces::{Face, Style, embedded_covers};
pub use scripts::{cjk_families, cjk_region, css_fallback_stack, preferred_families};
pub use web::{CSS_FEATURES, WebFormat, web_font, web_subset};
pub use woff::woff;

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
