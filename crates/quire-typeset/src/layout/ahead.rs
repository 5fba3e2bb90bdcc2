//! Setting the second half of the body on another core.
//!
//! The block walk is sequential (the structure tree, the flow and the keeps grow in
//! reading order), but most of its time goes into setting paragraphs: shaping,
//! hyphenation and Knuth–Plass, which are a pure function of a paragraph's inlines and
//! options. So while the main walk sets the first half of the body, a worker runs the
//! same walk over the second half with a [`Ctx`] of its own and keeps only the paragraph
//! layouts it computed, keyed by their inputs ([`Memo`]). When the main walk reaches the
//! second half it takes them and reuses each layout whose inputs are *equal* to its own;
//! anything the worker saw differently (the indent of the first paragraph after the
//! split, say) is set again. A document's annotation notes, set after the body, are the
//! worker's too (the split moves up to make room for them), so they cost the main walk
//! little more than their emission. The worker can therefore change how long a layout takes,
//! never what it produces.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use quire_doc::{Block, BlockKind, Document, inline_text};

use crate::fonts::FontBook;
use crate::paragraph::{Inline, ParagraphLayout, ParagraphOptions};
use crate::shape::FastHash;

use super::LayoutOptions;
use super::blocks;
use super::context::Ctx;
use super::flow::{Flow, Frame};

/// Below this much text (in bytes) the body is set on one core: a second typesetter's
/// set-up and the duplicated block walk would cost more than they save.
const MIN_PARALLEL_TEXT: usize = 8_000;

/// Paragraph layouts computed ahead, by their inputs.
#[derive(Default)]
pub(crate) struct Memo {
    entries: HashMap<u64, Vec<Entry>, FastHash>,
}

struct Entry {
    inlines: Vec<Inline<usize>>,
    options: ParagraphOptions,
    /// Shared with the pass that set it, which keeps it for the next without a copy.
    layout: Arc<ParagraphLayout<usize>>,
}

impl Memo {
    /// Keeps the layout of a paragraph.
    pub fn record(
        &mut self,
        inlines: &[Inline<usize>],
        options: &ParagraphOptions,
        layout: &Arc<ParagraphLayout<usize>>,
    ) {
        self.entries
            .entry(key(inlines, options))
            .or_default()
            .push(Entry {
                inlines: inlines.to_vec(),
                options: options.clone(),
                layout: Arc::clone(layout),
            });
    }

    /// The layout of a paragraph with exactly these inputs, if one was computed (each
    /// computed layout is handed out once).
    pub fn take(
        &mut self,
        inlines: &[Inline<usize>],
        options: &ParagraphOptions,
    ) -> Option<Arc<ParagraphLayout<usize>>> {
        if self.entries.is_empty() {
            return None;
        }
        let bucket = self.entries.get_mut(&key(inlines, options))?;
        let at = bucket
            .iter()
            .position(|e| e.inlines == inlines && e.options == *options)?;
        Some(bucket.swap_remove(at).layout)
    }
}

/// A hash of what most often tells paragraphs apart: their text and measure. Equality of
/// all inputs is checked on lookup.
fn key(inlines: &[Inline<usize>], options: &ParagraphOptions) -> u64 {
    let mut h = FastHash::default().build_hasher();
    for inline in inlines {
        if let Inline::Text { text, .. } = inline {
            h.write(text.as_bytes());
        }
        h.write_u8(0xFF);
    }
    h.write_u64(options.measure.0.to_bits());
    h.write_u64(options.indent.0.to_bits());
    h.finish()
}

/// Where the main walk picks up the worker's layouts.
pub(crate) struct Pending {
    /// Index of the first top-level block the worker set.
    pub from: usize,
    /// The worker's layouts, sent when it is done.
    pub memo: Receiver<Memo>,
}

/// The top-level block at which to split the body, or `None` to set it on one core:
/// the first block that leaves at most half the text to the worker (which only sets
/// paragraphs, while the main walk also sets the title block and, later, emits lines).
#[cfg(test)]
pub(crate) fn split_point(blocks: &[Block]) -> Option<usize> {
    split_point_with(blocks, 0)
}

/// [`split_point`] when the worker also sets `extra` bytes of other text after the body
/// (the annotations' notes): the split moves up so that both halves stay even, and may
/// be the end of the body (the worker sets only the notes).
pub(crate) fn split_point_with(blocks: &[Block], extra: usize) -> Option<usize> {
    let weights: Vec<usize> = blocks.iter().map(weight).collect();
    let total: usize = weights.iter().sum::<usize>() + extra;
    if total < MIN_PARALLEL_TEXT {
        return None;
    }
    let mut seen = 0;
    let at = weights.iter().position(|w| {
        seen += w;
        seen * 2 >= total
    });
    match at {
        Some(at) if at + 1 < blocks.len() || extra > 0 => Some(at + 1),
        Some(_) => None,
        None => (extra > 0).then_some(blocks.len()),
    }
}

/// Roughly how much text the annotations' notes set.
pub(crate) fn notes_weight(doc: &Document) -> usize {
    doc.annotations
        .iter()
        .map(|a| a.body.iter().map(weight).sum::<usize>())
        .sum()
}

/// Roughly how much text a block sets.
fn weight(block: &Block) -> usize {
    let own = match &block.kind {
        BlockKind::Paragraph { content } | BlockKind::Heading { content, .. } => {
            inline_text(content).len()
        }
        BlockKind::CodeBlock { text, .. } => text.len(),
        _ => 0,
    };
    let inner: usize = block
        .child_lists()
        .iter()
        .flat_map(|list| list.iter())
        .map(weight)
        .sum();
    own + inner + 1
}

/// Runs the block walk over the top-level blocks from `from` on, with a context of its
/// own, and returns the paragraph layouts it computed.
pub(crate) fn look_ahead(
    doc: &Document,
    assets: &quire_doc::Assets,
    fonts: &FontBook,
    opts: &LayoutOptions,
    (measure, placement): (crate::units::Pt, Option<super::NotePlacement>),
    from: usize,
    shapes: std::sync::Arc<crate::shape::SharedShapes>,
) -> Memo {
    let mut ctx = Ctx::new(doc, assets, fonts, opts, shapes);
    ctx.recording = Some(Memo::default());
    let mut flow = Flow::default();
    let frame = Frame::body(&ctx, measure);
    blocks::blocks(
        &mut ctx,
        &mut flow,
        &frame,
        doc.blocks.get(from..).unwrap_or(&[]),
    );
    // The notes in the margin (or, on narrow trims, at the foot) are set after the body
    // by the main walk, with the same inputs: their layouts are ready by then.
    match placement {
        Some(super::NotePlacement::Margin { width, .. }) => {
            super::margin_notes::annotation_notes(&mut ctx, width, true, &[], None);
        }
        Some(super::NotePlacement::Foot) => {
            super::margin_notes::annotation_notes(&mut ctx, measure, false, &[], None);
        }
        None => {}
    }
    ctx.recording.take().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paragraph::ParagraphOptions;
    use crate::units::Pt;

    fn article() -> Document {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../source/article.md");
        let src = std::fs::read_to_string(path).expect("source/article.md");
        quire_markdown::parse(quire_doc::FileId(0), "article.md", &src)
            .expect("the article parses")
            .document
    }

    #[test]
    fn the_worker_changes_nothing_wherever_the_body_is_split() {
        let doc = article();
        let book = FontBook::quire_default().expect("fonts");
        let opts = LayoutOptions::default();
        let alone = super::super::layout_split(&doc, &quire_doc::Assets::new(), &book, &opts, None)
            .expect("lays out");
        let middle = split_point(&doc.blocks).expect("the article is long enough to split");
        for split in [1, middle, doc.blocks.len() - 1] {
            let shared = super::super::layout_split(
                &doc,
                &quire_doc::Assets::new(),
                &book,
                &opts,
                Some(split),
            )
            .expect("lays out");
            assert!(shared == alone, "split at block {split} changed the layout");
        }
    }

    #[test]
    fn the_worker_changes_nothing_when_it_also_sets_the_annotations() {
        let mut doc = article();
        let note = quire_markdown::parse(
            quire_doc::FileId(1),
            "n.md",
            "A note with *emphasis*, long enough to take a few lines of a margin column.",
        )
        .unwrap()
        .document
        .blocks;
        doc.annotations = (0..12)
            .map(|i| quire_doc::Annotation {
                slug: format!("note-{i}"),
                body: note.clone(),
                target: quire_doc::TextRange {
                    start: 40 + i * 1500,
                    end: 60 + i * 1500,
                },
                number: i as u32 + 1,
                ..Default::default()
            })
            .collect();
        let book = FontBook::quire_default().expect("fonts");
        let assets = quire_doc::Assets::new();
        for page in [crate::units::PageSize::a4(), crate::units::PageSize::a5()] {
            let opts = LayoutOptions {
                page,
                ..LayoutOptions::default()
            };
            let alone = super::super::layout_split(&doc, &assets, &book, &opts, None).unwrap();
            let weight = notes_weight(&doc);
            let middle = split_point_with(&doc.blocks, weight).expect("splits");
            for split in [1, middle, doc.blocks.len()] {
                let shared =
                    super::super::layout_split(&doc, &assets, &book, &opts, Some(split)).unwrap();
                assert!(shared == alone, "split at block {split} changed the layout");
            }
        }
    }

    #[test]
    fn split_point_balances_text_and_skips_short_bodies() {
        let doc = article();
        let at = split_point(&doc.blocks).expect("splits");
        let before: usize = doc.blocks[..at].iter().map(weight).sum();
        let after: usize = doc.blocks[at..].iter().map(weight).sum();
        assert!(before >= after, "the main walk takes the larger part");
        assert!(
            after * 3 > before,
            "but not much larger: {before} vs {after}"
        );
        assert_eq!(split_point(&doc.blocks[..3]), None);
    }

    #[test]
    fn memo_hands_out_a_layout_only_for_equal_inputs_and_once() {
        let book = FontBook::quire_default().expect("fonts");
        let mut ts = crate::paragraph::Typesetter::new(&book);
        let inlines = vec![Inline::Text {
            text: "A short paragraph, set once.".to_string(),
            style: crate::fonts::FontStyle::REGULAR,
            size: Pt(11.0),
            lang: None,
            source: 0usize,
        }];
        let options = ParagraphOptions::new(Pt(200.0));
        let layout = Arc::new(ts.layout(&inlines, &options).expect("lays out"));
        let mut memo = Memo::default();
        memo.record(&inlines, &options, &layout);
        let mut indented = options.clone();
        indented.indent = Pt(12.0);
        assert!(memo.take(&inlines, &indented).is_none(), "other options");
        let mut other = inlines.clone();
        if let Inline::Text { size, .. } = &mut other[0] {
            *size = Pt(10.0);
        }
        assert!(
            memo.take(&other, &options).is_none(),
            "same text, other size"
        );
        assert_eq!(memo.take(&inlines, &options), Some(layout));
        assert!(memo.take(&inlines, &options).is_none(), "handed out once");
    }
}
