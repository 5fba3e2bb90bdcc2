//! Enrichment conventions: how transforms record paragraph numbers and abbreviations in
//! the generic parts of the model, and typed accessors to read them back.
//!
//! Why conventions instead of new fields: the model already has `Attr` pairs on blocks
//! and `Span` inlines with attributes (the pandoc escape hatches). Paragraph numbers are
//! an attribute pair on the numbered block; an abbreviation is a `Span` with class
//! [`ABBR_CLASS`] and a `title` pair holding the expansion, and the place that defines it
//! also has class [`ABBR_DEFINITION_CLASS`] and an id. Every edition reads them through
//! the functions below, so the PDF, EPUB and web edition print the same numbers and the
//! same glossary, and the plain-text projection is unchanged by enrichment.

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
