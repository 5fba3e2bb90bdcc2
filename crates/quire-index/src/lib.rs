//! The back-of-book index of a Quire document, computed once in the load stage so that
//! the PDF, the EPUB and the web edition print the same entries in the same order.
//!
//! `quire-index` owns the index syntax (spans with the class `index` or the keys
//! `index`, `index-see`, `index-see-also`, `index-sort`; see [`build`]), the ids of the
//! marked places, the collation of the entries by the document's language (ICU4X's
//! collator with CLDR data), their grouping by initial, and where the index goes. It
//! does not print anything: it puts a [`quire_doc::BlockKind::Index`] into the model,
//! after a heading, and each edition renders that block (print with page numbers, the
//! screens with paragraph numbers).
//!
//! Key design decision: the marks stay ordinary spans of the text (so a source
//! round-trips through `quire ast` unchanged but for the ids the marks are given), and
//! the index is data in the model, not markup: one computation, three renderings. The
//! locators it records are the ids of the marked spans, which every edition can point
//! at (a named destination in print, an element id on screen), and the paragraph
//! number of each place, which is what the screen editions cite by.

mod collate;
mod marks;
mod place;
mod tree;

use quire_doc::{Diagnostic, Document};

pub use collate::Collation;
pub use marks::MAX_LEVELS;

/// The class that marks a span's text as an index entry at that place: `[term]{.index}`.
pub const INDEX_CLASS: &str = "index";
/// The key that files a span's place under an entry other than its text:
/// `[shown text]{index="Entry"}`, `index="Entry!Sub"` for a sub-entry.
pub const TERM_KEY: &str = "index";
/// The key of a *see* reference: the entry sends the reader to the one named.
pub const SEE_KEY: &str = "index-see";
/// The key of a *see also* reference.
pub const SEE_ALSO_KEY: &str = "index-see-also";
/// The key of the sort key of an entry that should not sort by its term
/// (`[Dr. Smith]{index="Smith, Dr." index-sort="Smith"}`).
pub const SORT_KEY: &str = "index-sort";
/// What separates an entry from its sub-entry in a term (makeindex's `!`).
pub const LEVEL_SEPARATOR: char = '!';
/// The id of the div that says where the index goes: `::: {#index}`.
pub const PLACE_ID: &str = "index";
/// The front-matter key that turns the index off: `index: false`.
pub const FRONT_MATTER_KEY: &str = "index";

/// Computes the index of `doc` and puts it in: every index mark gets an id (a mark
/// without one gets `idx-` and a short hash of its paragraph's id and its term, made
/// unique as every id is), the entries are collected from the marks in reading order
/// (body, then notes), collated and grouped by initial in the document's language, and
/// placed as a heading and a [`quire_doc::BlockKind::Index`] block: where a
/// `::: {#index}` div stands (the div's own heading, if it opens with one, and any text
/// it holds stay before the entries), else at the end of the document (a book gets a
/// back-matter division for it). The heading is the language's word for the index
/// ([`quire_doc::IndexWords`]). A document without marks is returned unchanged, and
/// `index: false` in the front matter turns the index off. Problems — a *see* reference
/// to an entry that does not exist, a mark without a term, a second `{#index}` div —
/// are warnings at the mark.
pub fn build(mut doc: Document) -> (Document, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let off = matches!(
        doc.meta.extra.get(FRONT_MATTER_KEY),
        Some(serde_json::Value::Bool(false))
    );
    if off {
        return (doc, warnings);
    }
    let marks = marks::collect(&mut doc, &mut warnings);
    if marks.is_empty() {
        place::no_entries(&doc, &mut warnings);
        return (doc, warnings);
    }
    let collation = Collation::for_language(&doc.meta.language);
    let groups = tree::entries(&marks, &collation, &mut doc, &mut warnings);
    place::place(&mut doc, groups, &mut warnings);
    (doc, warnings)
}

#[cfg(test)]
mod tests;
