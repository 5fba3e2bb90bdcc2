//! Where the bibliography goes: into the div with id `refs` where the source has one
//! (Pandoc's convention, so a manuscript can put it before an appendix), else at the
//! end under a heading.

use quire_doc::{Attr, Block, BlockKind, Document, IdSpace, Inline, InlineKind, Span};

/// The id of the div that marks the bibliography's place.
pub const REFS_ID: &str = "refs";

/// Puts `entries` where the bibliography goes.
pub(crate) fn bibliography(
    doc: &mut Document,
    entries: Vec<Block>,
    classes: Vec<String>,
    title: Option<&str>,
    ids: &mut IdSpace,
) {
    let mut entries = Some(entries);
    if fill_refs(&mut doc.blocks, &mut entries, &classes) {
        return;
    }
    let Some(entries) = entries else { return };
    let level = top_level(&doc.blocks).unwrap_or(1);
    let heading = title.map_or_else(
        || heading_for(&doc.meta.language).to_string(),
        str::to_string,
    );
    let heading_id = ids.unique("bibliography");
    doc.blocks.push(Block::new(
        Attr {
            id: heading_id,
            ..Attr::default()
        },
        BlockKind::Heading {
            level,
            content: vec![Inline::new(
                InlineKind::Text { text: heading },
                Span::detached(),
            )],
        },
        Span::detached(),
    ));
    let id = ids.unique(REFS_ID);
    doc.blocks.push(Block::new(
        Attr {
            id,
            classes,
            ..Attr::default()
        },
        BlockKind::Div { blocks: entries },
        Span::detached(),
    ));
}

/// Fills the first div with id `refs`; whether there was one.
fn fill_refs(blocks: &mut [Block], entries: &mut Option<Vec<Block>>, classes: &[String]) -> bool {
    for block in blocks {
        if block.attr.id == REFS_ID
            && let BlockKind::Div { blocks } = &mut block.kind
        {
            if let Some(entries) = entries.take() {
                blocks.extend(entries);
            }
            for c in classes {
                if !block.attr.has_class(c) {
                    block.attr.classes.push(c.clone());
                }
            }
            return true;
        }
        for list in block.child_lists_mut() {
            if fill_refs(list, entries, classes) {
                return true;
            }
        }
    }
    false
}

/// The level of the document's top headings (a source may start its sections at `##`).
fn top_level(blocks: &[Block]) -> Option<u8> {
    blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading { level, .. } => Some(level),
            _ => None,
        })
        .min()
}

/// The heading of a bibliography in the language `language` (its primary subtag).
pub fn heading_for(language: &str) -> &'static str {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => "Références",
        "de" => "Literatur",
        "es" => "Referencias",
        "it" => "Bibliografia",
        "pt" => "Referências",
        "nl" => "Referenties",
        "sv" => "Referenser",
        "da" | "nb" | "nn" | "no" => "Referanser",
        "pl" => "Bibliografia",
        "cs" => "Literatura",
        "ru" => "Литература",
        "uk" => "Література",
        "zh" | "ja" => "参考文献",
        "ko" => "참고 문헌",
        "ar" => "المراجع",
        "he" => "מקורות",
        "el" => "Βιβλιογραφία",
        "tr" => "Kaynakça",
        _ => "References",
    }
}
