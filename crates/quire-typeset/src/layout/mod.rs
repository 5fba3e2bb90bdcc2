//! Document layout: a [`quire_doc::Document`] becomes a [`PagedDocument`].
//!
//! [`layout`] runs one stage per module:
//!
//! 1. **Blocks** (`blocks`, with `headings`, `lists`, `code`, `table`, `figure`): the
//!    title block and every block of the body become a vertical list of unbreakable chunks
//!    (`flow`) carrying their keeps (widows, orphans, heading with text,
//!    figure with caption). Inline content is mapped onto the paragraph engine
//!    (`text`) and back (`emit`); the structure tree grows in reading order as it goes
//!    (`structure`).
//! 2. **Notes** (`notes`): each footnote is laid out on its own; then each annotation
//!    (`annotations` decides which line places it, `margin_notes` sets it for the margin
//!    or the foot; its passage was underlined and marked while the text was collected,
//!    `passages`).
//! 3. **Pages** (`paginate`): the list is cut into pages, each note on the
//!    page of its first reference; a page that would end short is filled out by whole
//!    grid lines above its headings (`fill_out`), and a recto does not end on a
//!    hyphenated line while a break two lines earlier does not. A page still short asks
//!    paragraphs before its end for a line more, and the layout runs again
//!    (`looseness`).
//! 4. **Decoration** (`decorate`): mirrored margins, running heads, page numbers, the
//!    footnote rule, paragraph numbers and the margin-note column, print boxes and crop
//!    marks.
//!
//! A **book** (a document with divisions) replaces the title block with front pages and
//! a printed contents, opens its divisions on rectos and paginates until the contents'
//! folios are right (`book`).
//!
//! Characters that no font has are collected over the whole document, drawn as a
//! placeholder box, and reported as warnings: one per character, with its count and its
//! first source position (see [`missing_warnings`]).
//!
//! **Vertical rhythm.** Body text sits on a baseline grid whose step is the body leading:
//! paragraphs add no space between them (a first-line indent marks a new one), headings
//! occupy whole grid lines, and after anything set with its own leading (code, tables,
//! figures, notes excluded) the next body line starts on the next grid line.
//!
//! **Text fidelity.** The content runs of the pages, in order, give back the lines of the
//! title block ([`title_block_text`]) and then the plain-text projection of the body word
//! for word (a content run's extracted text is its `actual_text` if set, else its
//! `text`), and the content runs of the notes, in note order, give back the notes' part
//! of it; the content runs of an annotation's note give back its body (annotations are not
//! part of the projection: extraction takes them apart as it does footnotes). Numbers
//! and marks that layout generates rather than takes from the source
//! (list labels, note numbers and marks) extract as nothing (`actual_text: Some("")`), as
//! CSS counters do in the web edition, and carry their text as the node's alternative
//! text.
//!
//! In a book, the title page, the copyright page and the contents come before the body
//! as reading text, and each opening's number line ("Chapter 3") before its title (the
//! half-title, leader dots, running heads and folios are artifacts); the chapters' titles
//! are their first headings, so every block of the body still gives back its words in
//! order.

mod ahead;
mod annotations;
mod blocks;
mod book;
pub mod code;
mod context;
mod decorate;
mod emit;
mod error;
mod figure;
mod fill_out;
mod flow;
mod fontbook;
mod headings;
mod index;
mod lists;
mod looseness;
mod margin_notes;
mod marks;
mod notes;
pub mod options;
mod paginate;
mod passages;
pub mod print;
mod running_heads;
mod settle;
mod structure;
pub mod style;
mod svg;
mod table;
mod text;

use quire_doc::Document;

use crate::fonts::FontBook;

/// Paginations that may each set a few more notes for the foot (a note set there
/// changes the pages after it, which may then refuse another); past them a page that
/// cannot hold a note ends before its line.
const MAX_FOOT_PASSES: usize = 4;
use crate::page::PagedDocument;

pub use error::{
    LayoutFailure, MAX_MISSING_REPORTED, MISSING_CHAR_MESSAGE, MissingChar, is_combining,
    missing_warnings,
};

/// The lines of the title block that [`layout`] sets on the first page of `doc`, in
/// order: the title (unless the body opens with it as a level-1 heading), then subtitle
/// or else source, authors, and date.
pub fn title_block_text(doc: &Document) -> Vec<String> {
    let block = blocks::title_block_text(doc);
    block
        .title
        .into_iter()
        .chain(block.byline.into_iter().map(|(text, _, _)| text))
        .collect()
}
pub use options::{LayoutOptions, Margins, NotePlacement};
pub use print::{ColourHandling, Finding, PrintPreset, PrintSpec};
pub use settle::{MAX_PASSES, PagePlace, PageRefs, end_anchor};

use context::Ctx;
use flow::{Flow, Frame};
use paginate::Geometry;

/// Lay out a document on pages, with the images of `assets` (the typesetter reads no
/// files).
///
/// Fails only for options that describe no usable page. Characters that no font of
/// `fonts` has are warnings (see [`missing_warnings`]).
pub fn layout(
    doc: &Document,
    assets: &quire_doc::Assets,
    fonts: &FontBook,
    opts: &LayoutOptions,
) -> Result<PagedDocument, LayoutFailure> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let notes = ahead::notes_weight(doc);
    let split = (cores > 1)
        .then(|| ahead::split_point_with(&doc.blocks, notes))
        .flatten();
    layout_split(doc, assets, fonts, opts, split)
}

/// The options a document is laid out with (wider outer margins when its annotations
/// go in the margin) and where its annotations go (`None` when it has none).
pub fn effective_options(
    doc: &Document,
    opts: &LayoutOptions,
) -> (LayoutOptions, Option<NotePlacement>) {
    if doc.annotations.is_empty() {
        return (opts.clone(), None);
    }
    let (opts, placement) = opts.for_annotations();
    (opts, Some(placement))
}

/// [`layout`], with the body's paragraphs from top-level block `split` on set ahead on
/// a second thread (see `ahead`), or all on this one; as many passes as the page
/// references need (see `settle`).
fn layout_split(
    doc: &Document,
    assets: &quire_doc::Assets,
    fonts: &FontBook,
    opts: &LayoutOptions,
    split: Option<usize>,
) -> Result<PagedDocument, LayoutFailure> {
    let wanted = settle::wanted(doc);
    // One shaping cache for every pass: the second shapes nothing the first did not.
    let shapes = std::sync::Arc::new(crate::shape::SharedShapes::new(fonts));
    let mut pass = Pass {
        split,
        shapes,
        refs: settle::PageRefs::default(),
        memo: ahead::Memo::default(),
        // Another pass follows when page references must settle or a page is short.
        keep: true,
        requests: looseness::Requests::default(),
    };
    let mut passes = 0;
    let mut rounds = 0;
    // The best settled layout so far, and how short it left its pages.
    let mut best: Option<(PagedDocument, (usize, i64))> = None;
    loop {
        passes += 1;
        let (mut paged, kept, short) = layout_pass(doc, assets, fonts, opts, &mut pass)?;
        let now = settle::PageRefs::of_pages(&paged, &wanted);
        let settled = wanted.is_empty() || now == pass.refs;
        let score = short.score();
        if settled && best.as_ref().is_some_and(|b| b.1 <= score) {
            // The last round made no page fuller: the one before stands.
            return Ok(best.map_or(paged, |b| b.0));
        }
        // Pages still short ask for lines (see `looseness`), in the same pass as the
        // page references settle.
        let next = pass
            .requests
            .next(&short)
            .filter(|_| rounds < looseness::MAX_ROUNDS);
        if next.is_none() {
            if settled {
                return Ok(paged);
            }
            if passes >= settle::MAX_PASSES + rounds {
                if let Some((best, _)) = best {
                    return Ok(best);
                }
                paged.warnings.push(settle::unsettled());
                return Ok(paged);
            }
        }
        if settled {
            best = Some((paged, score));
        }
        if let Some(next) = next {
            rounds += 1;
            pass.requests = next;
        }
        // The next pass takes every paragraph from this one: no worker is needed.
        pass = Pass {
            split: None,
            refs: now,
            memo: kept,
            ..pass
        };
    }
}

/// What one layout pass starts from.
struct Pass {
    /// Where the worker starts (see `ahead`), if there is one.
    split: Option<usize>,
    shapes: std::sync::Arc<crate::shape::SharedShapes>,
    /// The places the pass before read (see `settle`).
    refs: settle::PageRefs,
    /// Paragraph layouts of the pass before.
    memo: ahead::Memo,
    /// Whether to keep this pass's paragraph layouts for another.
    keep: bool,
    /// The looseness asked of paragraphs (see `looseness`).
    requests: looseness::Requests,
}

/// One layout of `doc`, and its paragraph layouts when `pass` asks to keep them.
fn layout_pass(
    doc: &Document,
    assets: &quire_doc::Assets,
    fonts: &FontBook,
    opts: &LayoutOptions,
    pass: &mut Pass,
) -> Result<(PagedDocument, ahead::Memo, looseness::Shortfall), LayoutFailure> {
    let (opts, placement) = effective_options(doc, opts);
    let opts = &opts;
    opts.validate().map_err(LayoutFailure::InvalidOptions)?;
    let split = pass.split;
    let shapes = std::sync::Arc::clone(&pass.shapes);
    let mut ctx = Ctx::new(doc, assets, fonts, opts, std::sync::Arc::clone(&shapes));
    ctx.refs = std::mem::take(&mut pass.refs);
    ctx.memo = std::mem::take(&mut pass.memo);
    ctx.keep = pass.keep.then(ahead::Memo::default);
    ctx.looseness = pass.requests.by_paragraph.clone();
    let m = opts.margins();
    let measure = opts.page.width - m.inner - m.outer;
    let mut flow = Flow::default();
    let frame = Frame::body(&ctx, measure);
    let mut book_flow = std::thread::scope(|s| {
        if let Some(from) = split {
            let (tx, rx) = std::sync::mpsc::channel();
            s.spawn(move || {
                // A closed channel only means the main walk has already finished.
                let _ = tx.send(ahead::look_ahead(
                    doc,
                    assets,
                    fonts,
                    opts,
                    (measure, placement),
                    from,
                    shapes,
                ));
            });
            ctx.pending = Some(ahead::Pending { from, memo: rx });
        }
        if doc.is_book() {
            Some(book::book(&mut ctx, &mut flow, &frame))
        } else {
            blocks::title_block(&mut ctx, &mut flow, &frame);
            blocks::blocks(&mut ctx, &mut flow, &frame, &doc.blocks);
            None
        }
    });
    ctx.tree.close_sections();
    let mut notes = notes::notes(&mut ctx, measure);
    let annotations_from = notes.len();
    let mut margin = Vec::new();
    let mut twice = 0..0;
    // The worker may have set only the notes: take its layouts if not yet taken.
    ctx.reached(usize::MAX);
    let mut back = Vec::new();
    let column = match placement {
        Some(placement) => {
            back = annotations::attach(doc, &ctx.passages, &mut flow.chunks, &mut notes);
            match placement {
                NotePlacement::Margin { gap, width } => {
                    twice.start = ctx.tree.nodes.len();
                    margin = margin_notes::annotation_notes(&mut ctx, width, true, &back, None);
                    // No note is set for the foot yet: pagination says which need it.
                    notes.extend(vec![Vec::new(); doc.annotations.len()]);
                    Some((gap, width))
                }
                NotePlacement::Foot => {
                    let foot =
                        margin_notes::annotation_notes(&mut ctx, measure, false, &back, None);
                    notes.extend(foot);
                    for chunk in &mut flow.chunks {
                        let cited = chunk.annotations.iter().map(|a| annotations_from + a);
                        chunk.notes.extend(cited);
                    }
                    None
                }
            }
        }
        None => None,
    };
    ctx.memo = ahead::Memo::default();
    let grid = opts.leading;
    let area = figure::text_area(&ctx);
    let geometry = Geometry {
        area,
        grid,
        note_sep: grid,
        note_gap: ctx.st.note.1 * 0.25,
        annotations_from,
        margin_gap: ctx.st.size * margin_notes::MARGIN_NOTE_GAP_EM,
    };
    if column.is_some() {
        // Paginate, set for the foot the notes that a full margin refused, and again,
        // until no page refuses a note that has no foot version (see `margin_notes`).
        for _ in 0..MAX_FOOT_PASSES {
            let plans = paginate::paginate(&flow.chunks, &flow.headers, &notes, &margin, geometry);
            let mut wanted = vec![false; doc.annotations.len()];
            for &a in plans.iter().flat_map(|p| &p.refused) {
                if notes.get(annotations_from + a).is_some_and(Vec::is_empty) {
                    wanted[a] = true;
                }
            }
            if !wanted.contains(&true) {
                break;
            }
            let foot =
                margin_notes::annotation_notes(&mut ctx, measure, false, &back, Some(&wanted));
            for (a, lines) in foot.into_iter().enumerate() {
                if wanted[a] {
                    notes[annotations_from + a] = lines;
                }
            }
        }
        twice.end = ctx.tree.nodes.len();
    }
    let (plans, outline) = match &mut book_flow {
        Some(book_flow) => {
            let both = (notes.as_slice(), margin.as_slice());
            let plans = book::settle(&mut ctx, &mut flow, book_flow, both, geometry);
            let words = book::Words::for_language(&ctx.lang);
            (plans, book::outline(doc, &flow, book_flow, &words))
        }
        None => (
            paginate::paginate(&flow.chunks, &flow.headers, &notes, &margin, geometry),
            structure::outline(&flow.headings),
        ),
    };
    let short = looseness::shortfall(
        &plans,
        &flow.chunks,
        &flow.paragraphs,
        &pass.requests,
        (area, grid),
    );
    let mut store = decorate::Store {
        body: flow.chunks,
        headers: flow.headers,
        notes,
        margin,
        column,
    };
    let mut pages = decorate::decorate(&mut ctx, &plans, &mut store, area);
    drop(store);
    structure::prune(&mut ctx.tree.nodes, &mut pages, &[twice]);
    if !ctx.missing.is_empty() {
        // The look-ahead worker and the main walk may both have set a paragraph.
        let mut missing = std::mem::take(&mut ctx.missing);
        missing.sort();
        missing.dedup();
        ctx.warnings.extend(missing_warnings(&missing));
    }
    pass.refs = std::mem::take(&mut ctx.refs);
    let kept = ctx.keep.take().unwrap_or_default();
    Ok((
        PagedDocument {
            pages,
            structure: ctx.tree.nodes,
            outline,
            images: ctx.images.data,
            warnings: ctx.warnings,
        },
        kept,
        short,
    ))
}
