//! The Quire document model: the one shared tree that every edition is made from, and
//! the shared facts every edition must agree on.
//!
//! `quire-doc` owns the types (a [`Document`] of [`Block`]s and [`Inline`]s, footnotes,
//! anchored annotations, metadata), the plain-text projection ([`plain_text`]),
//! diagnostics as data ([`Diagnostic`], [`Rendered`]), source positions ([`Span`],
//! [`SourceMap`]), the resources a document uses ([`Assets`]: images read once, typed
//! by their bytes and measured), and one copy of each fact the editions share: dates
//! ([`Date`]), the id namespace and the stable hash ([`IdSpace`], [`stable_hash`]), the
//! computed back-of-book index ([`index`]),
//! which links are allowed ([`url`]), XML escaping ([`xml`]). It does no I/O and knows no
//! input or output format: the loader builds a `Document` and its `Assets`, transforms
//! enrich it, backends only borrow both.
//!
//! Key design decisions:
//! - Modelled on pandoc's `Block`/`Inline` split with a named [`Attr`], but every node
//!   carries its source [`Span`] — a byte range in one file of the [`SourceMap`], named
//!   by a [`FileId`] — and fields are named, not positional. Lines and columns are
//!   computed only when a diagnostic is printed.
//! - Every block has a stable id in `attr.id`, so a fragment such as `#p-3f9a1c` means the
//!   same paragraph in every edition. Headings take the id written in the source or a slug
//!   of their text; other blocks take a short hash of their kind and text, so inserting or
//!   moving paragraphs does not renumber the others (editing a paragraph changes its id).
//!   Every id is minted in one [`IdSpace`], annotations' included, so none clashes.
//! - The whole model is serde-serialisable; JSON round-trips to an equal document.

mod assets;
mod attr;
mod block;
mod book;
pub mod date;
mod density;
mod diag;
mod document;
pub mod enrich;
mod ids;
pub mod index;
mod inline;
mod meta;
mod source;
mod span;
mod svg;
mod text;
pub mod typo;
pub mod url;
mod walk;
pub mod xml;

pub use assets::{
    Assets, DEFAULT_DPI, FontAsset, FontBytes, Image as ImageAsset, ImageLimits, ImageProblem,
    MediaType, sniff,
};
pub use attr::{AUTHOR_CLASSES, Attr, stylesheet_classes};
pub use block::{AlertKind, Align, Block, BlockKind, Cell, Definition, Image, ListItem, ListKind};
pub use book::{Division, DivisionKind, appendix_letter};
pub use date::{Date, human_date};
pub use diag::{Diagnostic, Rendered, Severity};
pub use document::{Annotation, Document, Footnote, TextRange, annotation_layers, note_letters};
pub use ids::{IdSpace, stable_hash};
pub use index::{IndexEntry, IndexGroup, IndexLocator, IndexRef, IndexWords, index_entries};
pub use inline::{Citation, CiteMode, Inline, InlineKind, lone_image};
pub use meta::{Meta, is_language_tag};
pub use source::{SourceFile, SourceMap, line_starts, offset_in};
pub use span::{FileId, Span};
pub use text::{
    Projection, UNIT_SEPARATOR, Unit, caption_id, inline_text, plain_text, project, push_inlines,
};
pub use walk::{
    for_each_attr_mut, for_each_block, for_each_id_mut, for_each_inline, for_each_inline_mut,
    for_each_span_mut, walk_blocks, walk_blocks_mut, walk_inlines, walk_inlines_in,
};

#[cfg(test)]
mod tests;
