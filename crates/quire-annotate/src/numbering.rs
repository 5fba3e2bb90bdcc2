//! Paragraph numbers: the citable units of the text.
//!
//! Every paragraph of the body gets a number, 1-based in reading order, including
//! paragraphs inside quotations, lists, alerts and divs; figure captions are not
//! counted (they describe a picture, they are not the argument), nor are notes or the
//! bibliography's entries.
//! Headings are not numbered either: they are cited by their ids. The number is stored
//! as the attribute [`quire_doc::enrich::PARAGRAPH_NUMBER_KEY`] on the block, so the PDF,
//! the EPUB and the web edition print the same numbers.

use quire_doc::enrich::{PARAGRAPH_NUMBER_KEY, REFERENCES_CLASS};
use quire_doc::{Block, BlockKind, Document};

/// Numbers the paragraphs of `doc` (replacing earlier numbers).
pub fn number_paragraphs(mut doc: Document) -> Document {
    let mut next = 1;
    number(&mut doc.blocks, &mut next);
    doc
}

fn number(blocks: &mut [Block], next: &mut u32) {
    for block in blocks {
        block.attr.pairs.retain(|(k, _)| k != PARAGRAPH_NUMBER_KEY);
        match &mut block.kind {
            BlockKind::Paragraph { .. } => {
                block
                    .attr
                    .pairs
                    .push((PARAGRAPH_NUMBER_KEY.to_string(), next.to_string()));
                *next += 1;
            }
            // The bibliography is back matter, cited by its entries' ids.
            BlockKind::Div { .. } if block.attr.has_class(REFERENCES_CLASS) => {}
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => number(blocks, next),
            BlockKind::List { items, .. } => {
                for item in items {
                    number(&mut item.blocks, next);
                }
            }
            BlockKind::DefinitionList { items } => {
                for item in items {
                    for details in &mut item.details {
                        number(details, next);
                    }
                }
            }
            BlockKind::Figure { .. }
            | BlockKind::Heading { .. }
            | BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Table { .. }
            | BlockKind::Raw { .. }
            | BlockKind::Index { .. } => {}
        }
    }
}
