//! The printed contents page, and the passes that give it its page numbers.
//!
//! The contents opens like a chapter (on a recto, sunk, without running head) with the
//! word for "Contents" as its title, and lists every division of depth 0 and the nested
//! chapters of depth 1: the number in a hanging column, the title (wrapped if it must
//! be, ragged), dot leaders and the folio of the division's first page flush right.
//! Parts are set apart: a line of space above, bold, "Part I" before the title. Nested
//! chapters are indented to the titles and set smaller. Every entry is a `TOCI` holding
//! one `Link` (its number, title and folio; the leaders are artifacts), with a link area
//! over each of its lines, so the contents is reading text that a screen reader can
//! follow, and the link annotations are described by their text.
//!
//! **The second pass.** The folios are only known once the book is paginated, and the
//! contents is paginated with it. So the entries are set first without folios, but in
//! their final shape: the folio column has a fixed width (wide enough for `0000` and for
//! `xxviii`), so no folio changes how an entry wraps and the contents' length does not
//! depend on its numbers. Then [`settle`] paginates, reads the page each division starts
//! on and its label, sets the entries again with those labels, and repeats until the
//! printed labels are the pages' labels — normally after one resetting — at most
//! [`MAX_PASSES`] times.

use std::ops::Range;

use quire_doc::{DivisionKind, Span};

use crate::fonts::FontStyle;
use crate::page::{
    ArtifactKind, Color, LinkArea, LinkTarget, Mark, PageItem, Rect, StructId, StructRole, TextRun,
};
use crate::units::Pt;

use super::super::context::Ctx;
use super::super::decorate::page_labels;
use super::super::flow::{Chunk, Flow, Frame, LineAlign, PageMark};
use super::super::paginate::{Geometry, PagePlan, paginate};
use super::super::structure::ROOT;
use super::super::text::InlineSet;
use super::opening::{AFTER_TITLE, LABEL_GAP, SINK_SHARE, TITLE_LEADING, TITLE_SIZE};
use super::opening::{area, grid_up, set_block};
use super::{BookFlow, CONTENTS_ANCHOR, Words};

/// Most paginations [`settle`] runs.
pub const MAX_PASSES: usize = 4;
/// Size of nested chapters' entries, ratio of the body size.
pub const NESTED_SIZE: f64 = 0.9;
/// Distance between two leader dots, in ems of the entry's size.
pub const LEADER_STEP_EM: f64 = 0.6;
/// Grey of the leader dots.
pub const LEADER_GREY: f32 = 0.35;
/// Gap between a number and its title, and around the leaders, in ems.
pub const CONTENTS_GAP_EM: f64 = 0.8;

/// What kind of line an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntryKind {
    Part,
    Top,
    Nested,
}

/// One entry of the contents.
#[derive(Clone, Debug)]
struct Entry {
    division: usize,
    kind: EntryKind,
    /// The number in the hanging column ("3", "A", "3.1"), or for parts "Part I".
    number: String,
    title: String,
    anchor: String,
    link: StructId,
}

/// The contents' entries and where they are in the flow.
pub(crate) struct Contents {
    /// The entries' chunks in [`Flow::chunks`].
    range: Range<usize>,
    entries: Vec<Entry>,
    /// The folio each entry prints now (empty before [`settle`]).
    printed: Vec<String>,
    /// The measure.
    width: Pt,
    /// Where titles of depth 0 start.
    title_x: Pt,
    /// Where nested chapters' titles start.
    nested_title_x: Pt,
    /// Width of the folio column.
    folio_width: Pt,
}

/// Lay out the contents page's opening and its entries, without folios.
pub(crate) fn contents(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    words: &Words,
) -> Contents {
    let doc = ctx.doc;
    let grid = ctx.st.leading;
    let size = ctx.st.size;
    // The opening, as a chapter's (the title on the same line as every chapter title).
    let label_slot = grid * (LABEL_GAP + 1.0);
    let sink = Pt(((area(ctx).0 * SINK_SHARE / grid.0).round() * grid.0 - label_slot.0).max(0.0));
    flow.anchor(CONTENTS_ANCHOR);
    flow.push(
        frame,
        Chunk {
            height: sink + label_slot,
            keep_with_next: true,
            grid: true,
            mark: Some(words.contents.to_string()),
            page: Some(PageMark {
                new_page: true,
                recto: true,
                no_head: true,
                ..PageMark::default()
            }),
            ..Chunk::default()
        },
    );
    let heading = ctx.tree.add(StructRole::H(1), ROOT);
    let title_size = size * TITLE_SIZE;
    let mut set = InlineSet::default();
    set.push_text(
        words.contents,
        FontStyle::BOLD,
        title_size,
        heading,
        Span::detached(),
    );
    let block = set_block(
        ctx,
        &set,
        frame.width,
        (FontStyle::BOLD, title_size, title_size * TITLE_LEADING),
        LineAlign::Left,
    );
    flow.push(
        frame,
        Chunk {
            height: grid_up(block.height, grid) + grid * (AFTER_TITLE - 1.0),
            items: block.items,
            keep_with_next: true,
            grid: true,
            ..Chunk::default()
        },
    );
    // The entries.
    let toc = ctx.tree.add(StructRole::TOC, ROOT);
    let mut entries = Vec::new();
    for (d, div) in doc.divisions.iter().enumerate() {
        if div.depth > 1 {
            continue;
        }
        let kind = match (div.kind, div.depth) {
            (DivisionKind::Part, _) => EntryKind::Part,
            (_, 0) => EntryKind::Top,
            _ => EntryKind::Nested,
        };
        let (number, line) = super::numbering(doc, d, words);
        let number = match kind {
            EntryKind::Part => line.unwrap_or(number),
            _ => number,
        };
        let item = ctx.tree.add(StructRole::TOCI, toc);
        let link = ctx.tree.add(StructRole::Link, item);
        entries.push(Entry {
            division: d,
            kind,
            number,
            title: super::title_text(doc, d),
            anchor: super::anchor_of(doc, d),
            link,
        });
    }
    let gap = size * CONTENTS_GAP_EM;
    let widest = |ctx: &mut Ctx<'_>, kind: EntryKind, s: Pt| {
        entries
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| ctx.text_width(&e.number, FontStyle::REGULAR, s))
            .fold(Pt::ZERO, Pt::max)
    };
    let top_numbers = widest(ctx, EntryKind::Top, size);
    let title_x = if top_numbers.0 > 0.0 {
        top_numbers + gap
    } else {
        Pt::ZERO
    };
    let nested = widest(ctx, EntryKind::Nested, size * NESTED_SIZE);
    let nested_title_x = title_x + nested + gap;
    let folio_width = ["0000", "xxviii"]
        .iter()
        .map(|t| ctx.text_width(t, FontStyle::REGULAR, size))
        .fold(Pt::ZERO, Pt::max);
    let mut contents = Contents {
        range: 0..0,
        printed: vec![String::new(); entries.len()],
        entries,
        width: frame.width,
        title_x,
        nested_title_x,
        folio_width,
    };
    let chunks = entry_chunks(ctx, &contents, &contents.printed);
    let start = flow.chunks.len();
    flow.chunks.extend(chunks);
    contents.range = start..flow.chunks.len();
    contents
}

/// The entries' chunks, each entry printing the folio of `labels`.
fn entry_chunks(ctx: &mut Ctx<'_>, c: &Contents, labels: &[String]) -> Vec<Chunk> {
    let grid = ctx.st.leading;
    let mut chunks = Vec::new();
    let mut prev_kind: Option<DivisionKind> = None;
    for (e, label) in c.entries.iter().zip(labels) {
        let part = e.kind == EntryKind::Part;
        let size = ctx.st.size
            * if e.kind == EntryKind::Nested {
                NESTED_SIZE
            } else {
                1.0
            };
        let style = if part {
            FontStyle::BOLD
        } else {
            FontStyle::REGULAR
        };
        let gap = ctx.st.size * CONTENTS_GAP_EM;
        // A line of space sets a group apart: before a part, and where the front
        // matter, the chapters, the appendices and the back matter meet.
        let kind = ctx.doc.divisions[e.division].kind;
        let depth = ctx.doc.divisions[e.division].depth;
        let new_group =
            depth == 0 && prev_kind.is_some_and(|p| p != kind && p != DivisionKind::Part);
        if depth == 0 {
            prev_kind = Some(kind);
        }
        if (part || new_group) && !chunks.is_empty() {
            chunks.push(Chunk {
                height: grid,
                discardable: true,
                grid: true,
                ..Chunk::default()
            });
        }
        let mark = Mark::Content(e.link);
        let mut items = Vec::new();
        // The number, in its column (a part's "Part I" before its title).
        let (number_x, title_x) = match e.kind {
            EntryKind::Part => (Pt::ZERO, Pt::ZERO),
            EntryKind::Top => (Pt::ZERO, c.title_x),
            EntryKind::Nested => (c.title_x, c.nested_title_x),
        };
        let title = if part {
            format!("{}\u{2003}{}", e.number, e.title)
        } else {
            e.title.clone()
        };
        if !part && !e.number.is_empty() {
            // The space after the number and before the folio are glyphs (of no ink)
            // so that extracted text keeps the words apart.
            let number = format!("{} ", e.number);
            let (runs, _) = ctx.set_text(&number, style, size, mark, Span::detached());
            push_runs(&mut items, runs, number_x, Pt::ZERO);
        }
        let measure = c.width - title_x - c.folio_width - gap * 2.0;
        let mut set = InlineSet::default();
        set.push_text(&title, style, size, e.link, Span::detached());
        let block = set_block(ctx, &set, measure, (style, size, grid), LineAlign::Left);
        let lines = (block.height.0 / grid.0).round().max(1.0);
        let height = grid * lines;
        let base = ctx.baseline_in(style, size, grid);
        let last = base + grid * (lines - 1.0);
        // The number sits on the first line's baseline.
        for item in &mut items {
            if let PageItem::Text(run) = item {
                run.origin.y = base;
            }
        }
        let title_end = title_x + last_line_width(&block.items, last);
        let mut title_items = block.items;
        super::super::flow::translate(&mut title_items, title_x, Pt::ZERO);
        items.extend(title_items);
        // Leaders, then the folio flush right.
        let folio = if label.is_empty() {
            String::new()
        } else {
            format!(" {label}")
        };
        let (folio, folio_w) = ctx.set_text(&folio, style, size, mark, Span::detached());
        let folio_x = c.width - folio_w;
        items.extend(leaders(
            ctx,
            size,
            title_end + gap * 0.5,
            c.width - c.folio_width - gap * 0.5,
            last,
        ));
        push_runs(&mut items, folio, folio_x, last);
        items.push(PageItem::Link(LinkArea {
            rect: Rect {
                x: number_x,
                y: Pt::ZERO,
                width: c.width - number_x,
                height,
            },
            target: LinkTarget::Anchor(e.anchor.clone()),
            owner: Some(e.link),
        }));
        chunks.push(Chunk {
            height,
            items,
            keep_with_next: part,
            grid: true,
            ..Chunk::default()
        });
    }
    chunks
}

/// The width of the line of `items` whose baseline is `baseline` (its right end).
fn last_line_width(items: &[PageItem], baseline: Pt) -> Pt {
    items
        .iter()
        .filter_map(|item| match item {
            PageItem::Text(run) if (run.origin.y - baseline).0.abs() < 0.01 => {
                let w: Pt = run.glyphs.iter().map(|g| g.advance()).sum();
                Some(run.origin.x + w)
            }
            _ => None,
        })
        .fold(Pt::ZERO, Pt::max)
}

fn push_runs(items: &mut Vec<PageItem>, runs: Vec<TextRun>, x: Pt, y: Pt) {
    for mut run in runs {
        run.origin.x += x;
        run.origin.y += y;
        items.push(PageItem::Text(run));
    }
}

/// Dot leaders from `from` to `to` on baseline `y`: one run of dots on a grid of
/// [`LEADER_STEP_EM`] counted from the measure's left edge, so that the dots of every
/// line stand in columns.
fn leaders(ctx: &mut Ctx<'_>, size: Pt, from: Pt, to: Pt, y: Pt) -> Option<PageItem> {
    let step = ctx.st.size * LEADER_STEP_EM;
    let mark = Mark::Artifact(ArtifactKind::Decoration);
    let (runs, dot_w) = ctx.set_text(".", FontStyle::REGULAR, size, mark, Span::detached());
    let dot = runs.into_iter().next()?;
    let glyph = *dot.glyphs.first()?;
    let first = (from.0 / step.0).ceil() as i64;
    let last = ((to.0 - dot_w.0) / step.0).floor() as i64;
    if last < first + 1 {
        return None;
    }
    let n = (last - first + 1) as usize;
    let glyphs = (0..n)
        .map(|k| {
            crate::line::Glyph::new(
                glyph.id,
                step * k as f64,
                Pt::ZERO,
                glyph.advance(),
                k..k + 1,
            )
        })
        .collect();
    Some(PageItem::Text(TextRun {
        origin: crate::page::Point {
            x: step * first as f64,
            y,
        },
        glyphs,
        text: ".".repeat(n),
        color: Color::Gray(LEADER_GREY),
        mark,
        ..dot
    }))
}

/// Paginate the book until the contents prints the folios its divisions start on (see
/// the module docs); returns the final page plans.
pub(crate) fn settle(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    book: &mut BookFlow,
    (notes, margin): (&[Vec<Chunk>], &[Vec<Chunk>]),
    g: Geometry,
) -> Vec<PagePlan> {
    let mut pass = 0;
    loop {
        pass += 1;
        let plans = paginate(&flow.chunks, &flow.headers, notes, margin, g);
        let labels = page_labels(&plans, &flow.chunks, true);
        let pages = super::page_of_chunks(&plans, flow.chunks.len());
        let c = &book.contents;
        let now: Vec<String> = c
            .entries
            .iter()
            .map(|e| {
                let start = book.starts[e.division].chunk;
                // Space before a heading may end the page before it.
                let shown = flow.chunks[start.min(flow.chunks.len())..]
                    .iter()
                    .position(|ch| !ch.discardable)
                    .map_or(start, |k| start + k);
                let page = pages.get(shown).copied().unwrap_or(0);
                labels.get(page).cloned().unwrap_or_default()
            })
            .collect();
        if now == c.printed || pass >= MAX_PASSES {
            return plans;
        }
        let chunks = entry_chunks(ctx, c, &now);
        let old = c.range.clone();
        let new_end = old.start + chunks.len();
        flow.chunks.splice(old.clone(), chunks);
        for s in &mut book.starts {
            if s.chunk >= old.end {
                s.chunk = s.chunk - old.end + new_end;
            }
        }
        book.contents.range = old.start..new_end;
        book.contents.printed = now;
    }
}
