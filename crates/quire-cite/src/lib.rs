//! Citations for every edition: Pandoc's citation syntax (read by `quire-markdown` into
//! [`quire_doc::InlineKind::Cite`]) rendered with a CSL style by hayagriva, Typst's
//! citation processor, into ordinary model content — so the PDF, the EPUB and the web
//! page show one rendering.
//!
//! - **Bibliographies** ([`Library`]): BibLaTeX/BibTeX (`.bib`), hayagriva's YAML
//!   (`.yaml`) and CSL-JSON (`.json`, read into hayagriva entries); parse errors name
//!   the file, line and column; a key defined twice keeps the first entry, with a
//!   warning.
//! - **Styles** ([`CiteStyle`]): any of the CSL styles hayagriva bundles, by name, or a
//!   `.csl` file (a dependent style whose parent is bundled too); default
//!   [`DEFAULT_STYLE`]. Terms come from the CSL locale of the document's language.
//! - **The pass** ([`cite`]): citations in reading order, those inside footnotes where
//!   the footnote's reference stands. A locator at the start of a suffix (`p. 33`,
//!   `ch. 2`, `§ 4`) goes to the style; prefix and suffix stay around the item. Each
//!   cited item links to its bibliography entry (`#ref-KEY`). An author-in-text
//!   citation (`@key`) names the author in the sentence ("Knuth (1984)"); `[-@key]`
//!   gives the year alone ("(1984)"). In a note style every citation outside a
//!   footnote becomes a footnote of its own (an author in the text stays in the text),
//!   and notes are numbered again in reading order.
//! - **The bibliography** goes into the div with id `refs` if the source has one, else
//!   at the end under a heading in the document's language (or
//!   `reference-section-title`); `nocite` lists entries without citing them (`@*`:
//!   all). Its entries are paragraphs with class `csl-entry` in a div with class
//!   `references`, which paragraph numbering skips.
//! - Keys with a cross-reference prefix (`fig-`, `tbl-`, `lst-`, `eq-`, `sec-`) are not
//!   citations; they are left for cross-referencing.
//! - An unknown key is a warning at the key (with the nearest key as a hint); the item
//!   is left out, and a citation with no known item keeps its text as written.

mod csl_json;
mod library;
mod locator;
mod notes;
mod place;
mod process;
mod render;
mod style;

pub use library::{BibFormat, Library};
pub use place::{REFS_ID, heading_for};
pub use process::{CiteOptions, cite};
pub use render::SMALL_CAPS_CLASS;
pub use style::{CiteStyle, DEFAULT_STYLE, locale_for};

use quire_doc::{Document, InlineKind};

/// The id prefixes that make a key a cross-reference (Quarto's convention).
pub const CROSS_REFERENCE_PREFIXES: [&str; 5] = ["fig-", "tbl-", "lst-", "eq-", "sec-"];

/// Whether `key` names a cross-reference target rather than a bibliography entry.
pub fn is_cross_reference(key: &str) -> bool {
    CROSS_REFERENCE_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// For a document without a bibliography: every citation that is not a cross-reference
/// (by its prefix, or one of `targets`, the keys `quire-xref` numbers by `.numbered`)
/// becomes the text it was written as (an `@name` in prose is no citation then).
/// Returns how many bracketed citations (`[@key]`) there were, which do look like
/// citations, so that the caller can say no bibliography was named.
pub fn unresolved_to_text(
    doc: &mut Document,
    targets: &std::collections::BTreeSet<String>,
) -> (usize, Option<quire_doc::Span>) {
    let mut found = (0, None);
    quire_doc::walk_blocks_mut(&mut doc.blocks, &mut |block| {
        for list in block.inline_lists_mut() {
            splice(list, targets, &mut found);
        }
    });
    for note in &mut doc.notes {
        quire_doc::walk_blocks_mut(&mut note.blocks, &mut |block| {
            for list in block.inline_lists_mut() {
                splice(list, targets, &mut found);
            }
        });
    }
    found
}

/// Replaces each citation of `list` (at any depth) by the inlines it shows.
fn splice(
    list: &mut Vec<quire_doc::Inline>,
    targets: &std::collections::BTreeSet<String>,
    found: &mut (usize, Option<quire_doc::Span>),
) {
    let mut out = Vec::with_capacity(list.len());
    for mut inline in std::mem::take(list) {
        match inline.kind {
            InlineKind::Cite { citations, content }
                if !citations
                    .iter()
                    .any(|c| is_cross_reference(&c.key) || targets.contains(&c.key)) =>
            {
                if citations
                    .iter()
                    .any(|c| c.mode != quire_doc::CiteMode::AuthorInText)
                {
                    found.0 += 1;
                    found.1.get_or_insert(inline.span);
                }
                out.extend(content);
            }
            _ => {
                if let Some(children) = inline.kind.content_mut() {
                    splice(children, targets, found);
                }
                out.push(inline);
            }
        }
    }
    *list = out;
}

#[cfg(test)]
mod tests;
