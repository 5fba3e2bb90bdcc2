//! Enrichment conventions: how transforms record paragraph numbers and abbreviations in
//! the generic parts of the model, and typed accessors to read them back.
//!
//! Why conventions instead of new fields: the model already has `Attr` pairs on blocks
//! and `Span` inlines with attributes (the pandoc escape hatches). Paragraph numbers are
//! an attribute pair on the numbered block; an abbreviation is a `Span` with class
//! [`ABBR_CLASS`] and a `title` pair holding the expansion, and the place that defines it
//! also has class [`ABBR_DEFINITION_CLASS`] and an id. Every edition reads them through
//! the functions below, so the PDF, EPUB and web edition print the same numbers and the
//! same glossary, and the plain-text projection is unchanged by those two.
//!
//! Cross-reference numbers (`quire-xref`) are the one enrichment that adds text: a
//! numbered block carries its number as the pair [`NUMBER_KEY`], and what readers see of
//! it — "Figure 2: " before a caption, "2.1 " before a heading, "(3)" after an equation —
//! is model content, a `Span` with [`CAPTION_LABEL_CLASS`], [`HEADING_NUMBER_CLASS`] or
//! [`EQUATION_NUMBER_CLASS`]. So every edition prints the same label without knowing how
//! it was made, and the projection (which the PDF's text is tested against) has it.

use crate::{Block, BlockKind, Document, Inline, InlineKind, for_each_block};

/// Attribute key on a block holding its paragraph number (decimal, 1-based).
pub const PARAGRAPH_NUMBER_KEY: &str = "paragraph-number";
/// Class of a `Span` that marks an abbreviation; its `title` pair is the expansion.
pub const ABBR_CLASS: &str = "abbr";
/// The class of the bibliography's div (`quire-cite`): its entries are back matter,
/// not numbered paragraphs.
pub const REFERENCES_CLASS: &str = "references";
/// The class of a bibliography whose entries hang: the first line at the margin, the
/// rest indented (the style's `hanging-indent`).
pub const HANGING_INDENT_CLASS: &str = "hanging-indent";
/// The class of one bibliography entry.
pub const REFERENCE_ENTRY_CLASS: &str = "csl-entry";
/// Additional class of the `Span` where the text defines the abbreviation.
pub const ABBR_DEFINITION_CLASS: &str = "abbr-definition";
/// Attribute key of an abbreviation `Span` holding the expansion.
pub const ABBR_TITLE_KEY: &str = "title";
/// Attribute key on a numbered block (a figure, table, listing, equation or section)
/// holding its cross-reference number as readers see it: `2`, `3.2` (chapter 3 of a
/// book), `A.1` (an appendix).
pub const NUMBER_KEY: &str = "number";
/// Class of the `Span` that opens a numbered caption with its label ("Figure 2"); the
/// separator after it (": ") is text of the caption.
pub const CAPTION_LABEL_CLASS: &str = "caption-label";
/// Class of the `Span` that opens a numbered heading with its number ("2.1"), followed
/// by a space.
pub const HEADING_NUMBER_CLASS: &str = "heading-number";
/// Class of the `Span` that ends a numbered equation's paragraph with its number, "(3)".
pub const EQUATION_NUMBER_CLASS: &str = "equation-number";
/// Class of the empty `Span` a page reference (`[@fig-x, page]`) leaves where the
/// target's page number is to be printed, with the target's id as [`PAGE_REF_TARGET_KEY`]
/// and the words around the number as [`PAGE_REF_WORDS_KEY`]. Only print has pages: the
/// PDF sets the words with the page's label ("on page 14"); the screen editions write
/// nothing for it, and it is no text of the projection.
pub const PAGE_REF_CLASS: &str = "page-ref";
/// Attribute key of a [`PAGE_REF_CLASS`] span: the id of the block whose page is meant.
pub const PAGE_REF_TARGET_KEY: &str = "target";
/// Attribute key of a [`PAGE_REF_CLASS`] span: what print sets, in the document's
/// language, with [`PAGE_REF_PLACEHOLDER`] where the page's label goes (" on page {page}").
pub const PAGE_REF_WORDS_KEY: &str = "words";
/// Where a page reference's words take the page's label.
pub const PAGE_REF_PLACEHOLDER: &str = "{page}";

/// A page reference's target id and words, if `attr` is a page reference's.
pub fn page_ref(attr: &crate::Attr) -> Option<(&str, &str)> {
    if !attr.has_class(PAGE_REF_CLASS) {
        return None;
    }
    let target = attr.get(PAGE_REF_TARGET_KEY)?;
    Some((
        target,
        attr.get(PAGE_REF_WORDS_KEY).unwrap_or(" p.\u{a0}{page}"),
    ))
}

/// The cross-reference number a transform gave `block`, if any.
pub fn block_number(block: &Block) -> Option<&str> {
    block.attr.get(NUMBER_KEY)
}

/// The paragraph number a transform gave `block`, if any.
pub fn paragraph_number(block: &Block) -> Option<u32> {
    block.attr.get(PARAGRAPH_NUMBER_KEY)?.parse().ok()
}

/// An abbreviation the text defines, such as "Global Development Initiative (GDI)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// The abbreviation as written (`GDI`).
    pub abbr: String,
    /// What it stands for (`Global Development Initiative`).
    pub expansion: String,
    /// Id of the `Span` where it is defined (a link target).
    pub id: String,
    /// Id of the block that contains the definition.
    pub block: String,
}

/// If `inline` is an abbreviation span, its abbreviation text and expansion.
pub fn abbreviation(inline: &Inline) -> Option<(String, &str)> {
    match &inline.kind {
        InlineKind::Span { attr, content } if attr.has_class(ABBR_CLASS) => {
            Some((crate::inline_text(content), attr.get(ABBR_TITLE_KEY)?))
        }
        _ => None,
    }
}

/// The glossary: every defined abbreviation, in reading order of its definition
/// (editions sort it as they like).
pub fn glossary(doc: &Document) -> Vec<GlossaryEntry> {
    let mut entries = Vec::new();
    for_each_block(doc, &mut |block| {
        let mut here = Vec::new();
        collect_definitions(block_inlines(block), &mut here);
        for (abbr, expansion, id) in here {
            entries.push(GlossaryEntry {
                abbr,
                expansion,
                id,
                block: block.id().to_string(),
            });
        }
    });
    // A definition span is only created once per abbreviation, but guard anyway.
    let mut seen = std::collections::BTreeSet::new();
    entries.retain(|e| seen.insert(e.abbr.clone()));
    entries
}

fn block_inlines(block: &Block) -> &[Inline] {
    match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => content,
        _ => &[],
    }
}

fn collect_definitions(inlines: &[Inline], out: &mut Vec<(String, String, String)>) {
    for inline in inlines {
        if let InlineKind::Span { attr, .. } = &inline.kind
            && attr.has_class(ABBR_DEFINITION_CLASS)
            && let Some((abbr, expansion)) = abbreviation(inline)
        {
            out.push((abbr, expansion.to_string(), attr.id.clone()));
            continue;
        }
        collect_definitions(inline.kind.children(), out);
    }
}
