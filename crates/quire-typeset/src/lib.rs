//! Quire's typesetting engine: from styled paragraph text to positioned glyphs.
//!
//! This crate owns everything between text and geometry: loading fonts and choosing a face
//! per character ([`fonts`], with a fallback chain), shaping with harfrust (`shape`),
//! hyphenation with Liang's patterns (`hyphenate`), Knuth–Plass line breaking over the
//! whole paragraph (`linebreak`), and setting the chosen lines as positioned glyph runs
//! with justification applied (`line`(mod@line)). `paragraph` ties the stages
//! together behind [`Typesetter::layout`].
//!
//! [`layout`](mod@layout) maps a `quire-doc` document onto pages: blocks to a vertical
//! list of lines and boxes, pagination with keeps (a heading never ends a page, no widows
//! or orphans), footnotes at the foot of the page that cites them, editorial annotations
//! as margin notes beside their passages (or lettered notes at the foot on narrow trims),
//! paragraph numbers in the outer margin, running heads, the
//! structure tree and the outline, all in the [`page::PagedDocument`] that a writer
//! serialises. The crate knows no PDF syntax (`quire-pdf` does).
//!
//! The key design decision: **every glyph remembers its source text.** A glyph run carries
//! the exact text its glyphs came from (a ligature carries all of its characters) and the
//! caller's opaque source payload, so a PDF's ToUnicode/ActualText and structure tags give
//! back exactly the source words; the hyphen added at a line break is an explicit
//! [`Artifact`], never source text. Justification is expressed as per-glyph advances, not
//! word spacing, because composite PDF fonts cannot use `Tw`.
//!
//! Everything is deterministic: no global state, caches are pure memos, no hash-map order
//! reaches the output, and no input makes the engine panic.

#![deny(missing_docs)]

#[cfg(test)]
extern crate self as quire_typeset;

pub mod bidi;
pub mod caps;
mod fonts;
pub(crate) mod fragment;
mod glyph;
pub(crate) mod hyphenate;
pub(crate) mod items;
pub mod layout;
pub(crate) mod line;
pub(crate) mod linebreak;
pub(crate) mod optical;
pub mod page;
pub(crate) mod paragraph;
pub(crate) mod shape;
pub mod units;

#[cfg(test)]
#[path = "../tests/support/fonts.rs"]
mod testfonts;

pub use caps::Caps;
pub use fonts::{
    Family, FamilyKind, Font, FontBook, FontError, FontId, FontMetrics, FontStyle, Variant,
};
pub use hyphenate::{Hyphenator, LEFT_MIN, RIGHT_MIN};
pub use layout::{
    LayoutFailure, LayoutOptions, Margins, MissingChar, NotePlacement, layout, title_block_text,
};
pub use line::{Artifact, Glyph, GlyphRun, Line, LineEnd, LineItem, PlacedObject};
pub use linebreak::{BreakParams, Edge, Item, Pass, PenaltyKind, break_lines, break_lines_exactly};
pub use paragraph::{
    Align, Inline, LayoutError, MissingGlyph, ParagraphLayout, ParagraphOptions, Typesetter,
};
pub use shape::{ShapedGlyph, ShapedRun, Shaper, is_ignorable};
pub use units::{PageSize, Pt};
/// The SVG library whose trees [`page::SvgDrawing`] holds (for writers of the same version).
pub use usvg;
