//! Format-neutral enrichment of a Quire document: editorial annotations anchored to the
//! text, paragraph numbers, and a glossary of abbreviations. Document in, document out.
//!
//! `quire-annotate` owns the W3C Web Annotation reading and writing ([`AnnotationSet`]),
//! the anchoring of quotes to the plain-text projection ([`anchor`], [`locate`]), and the
//! enrichments every edition prints alike ([`number_paragraphs`], [`mark_abbreviations`]).
//! It does not parse Markdown (annotation bodies are turned into blocks by a parser the
//! caller passes in, see [`BodyParser`]) and knows no output format.
//!
//! Key design decision: anchoring works on `quire_doc::project`, the one reading text
//! shared by every edition, in Unicode code points, exactly as the W3C selectors are
//! defined; the results are ranges of that text stored in `Document::annotations`, so a
//! backend renders them by counting the same code points it writes, and
//! [`AnnotationSet::export`] can write selectors that any W3C client understands.

mod anchor;
mod glossary;
mod hypothesis;
mod locate;
mod myers;
mod numbering;
mod w3c;

pub use anchor::{
    AnchorOptions, Anchoring, BodyParser, Outcome, anchor, number_annotations, plain_body,
};
pub use glossary::mark_abbreviations;
pub use hypothesis::{Imported, from_hypothesis};
pub use locate::{
    Candidate, DISTINCTIVE_QUOTE_CHARS, Found, Haystack, MIN_SIDE_SIMILARITY, Unanchored, locate,
};
pub use numbering::number_paragraphs;
pub use w3c::{
    AnnotationSet, Body, CONTEXT_CHARS, QuoteSelector, SourceAnnotation, append_annotations,
};

/// Errors reading an annotation file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnotateError {
    /// The file is not JSON.
    #[error("the annotation file is not valid JSON: {message}")]
    Json {
        /// Where the parser stopped.
        span: quire_doc::Span,
        /// The parser's message.
        message: String,
    },
    /// A file to import is not in a shape the importer reads.
    #[error("{reason}")]
    NotAnExport {
        /// What the file is not.
        reason: String,
    },
    /// An annotation lacks something anchoring needs.
    #[error("annotation {id} cannot be used: {reason}")]
    Invalid {
        /// The annotation's id (or `#n`, its 1-based position, when it has none).
        id: String,
        /// What is missing.
        reason: String,
    },
}

/// Both document-wide enrichments every edition prints: paragraph numbers and
/// abbreviations. Anchoring is separate because it needs the annotation file.
pub fn enrich(doc: quire_doc::Document) -> quire_doc::Document {
    mark_abbreviations(number_paragraphs(doc))
}

#[cfg(test)]
mod tests;
