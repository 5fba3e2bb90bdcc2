//! Numbered cross-references: figures, tables, listings, equations and sections get
//! numbers in reading order, their captions and headings show them, and `@fig-x` in the
//! text becomes "Figure 2", linked to the figure — the same in the PDF, the EPUB and
//! the web page.
//!
//! What is numbered ([`Kind`]): a block whose id has its kind's prefix (Quarto's
//! convention: `fig-`, `tbl-`, `lst-`, `eq-`, `sec-`) unless it has the class
//! `.unnumbered`, and any block of those kinds with the class `.numbered`. Numbers are
//! counted per kind, per chapter in a book (`3.2`), sections hierarchically (`2.1`);
//! see the `number` module for the rules. References are Pandoc citations whose keys
//! name targets (`@fig-x`, `[Fig. @fig-x]`, `[-@fig-x]`, `[@fig-a; @fig-b]`), read by
//! `quire-markdown` and left alone by `quire-cite`; see the `resolve` module. The
//! words come from the document's language ([`Names`]: English, French, German,
//! Spanish, Chinese).
//!
//! Key design decision: a number is one fact in the model, stored once on its block
//! (`quire_doc::enrich::NUMBER_KEY`), and everything a reader sees of it — the caption's
//! "Figure 2: ", the heading's "2.1 ", the equation's "(3)", a reference's "Figure 2" —
//! is ordinary model content (spans with classes, links), written here. So no edition
//! numbers anything or knows a word of any language for it, and the plain-text
//! projection, which every edition's text is tested against, holds the labels. This
//! crate owns the numbering and the words; it does no I/O and knows no format. It runs
//! in the load stage after the citation pass (which may add the bibliography's heading
//! and notes) and before paragraph numbering and annotation anchoring, which must see
//! the labels.
//!
//! Page references (`[@fig-x, page]`, "on page 14" in print) are parsed into the model
//! as an empty span marking where the page goes; printing the page needs a second
//! layout pass that is not built yet.

mod kind;
mod names;
mod number;
mod resolve;

pub use kind::{KINDS, Kind, NUMBERED_CLASS, UNNUMBERED_CLASS};
pub use names::{NBSP, Names, Term};
pub use number::{Naming, Target, Targets, explicit_targets};
pub use resolve::{PAGE_REQUEST, is_page_request};

use quire_doc::{Diagnostic, Document};

/// Numbers the targets of `doc`, labels them, and resolves its cross-references;
/// problems (unknown ids, an id with another kind's prefix) are warnings with spans.
/// Returns the targets, by id.
pub fn cross_reference(doc: &mut Document, warnings: &mut Vec<Diagnostic>) -> Targets {
    let names = Names::for_language(&doc.meta.language);
    let explicit = explicit_targets(doc);
    let targets = number::number(doc, names, warnings);
    resolve::resolve(doc, &targets, &explicit, names, warnings);
    targets
}

/// Whether a citation key names a cross-reference target by its prefix (`fig-x`).
pub fn is_cross_reference(key: &str) -> bool {
    Kind::of_key(key).is_some()
}

#[cfg(test)]
mod tests;
