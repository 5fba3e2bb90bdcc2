//! Chapter and part openings, and the one helper every book page uses to set a short
//! block of text ([`set_block`]).
//!
//! An opening is a few chunks that keep together: a sink (empty space that brings the
//! title down to [`SINK_SHARE`] of the text block, carrying the division's destination
//! and its page mark: a new recto, no running head), the number line ("Chapter 3") in
//! italics, the title in bold at [`TITLE_SIZE`], and [`AFTER_TITLE`] grid lines before
//! the text. All heights are whole grid lines, so the text below stays on the grid.
//! Chapters are set flush left; part pages are centred and sunk deeper.

use quire_doc::{BlockKind, DivisionKind, Span};

use crate::fonts::FontStyle;
use crate::page::{PageItem, StructRole};
use crate::paragraph::Align;
use crate::units::Pt;

use super::super::context::Ctx;
use super::super::emit::emit;
use super::super::flow::{Chunk, Flow, Frame, LineAlign, PageMark, translate};
use super::super::text::{InlineSet, collect_unit};
use super::Words;

/// How far down the text block a chapter's title starts, as a share of its height.
pub const SINK_SHARE: f64 = 1.0 / 3.0;
/// How far down a part page's title starts.
pub const PART_SINK_SHARE: f64 = 0.4;
/// A chapter title's size, ratio of the body size.
pub const TITLE_SIZE: f64 = 2.0;
/// A part title's size, ratio of the body size.
pub const PART_TITLE_SIZE: f64 = 2.2;
/// Leading of opening titles, ratio of their size.
pub const TITLE_LEADING: f64 = 1.15;
/// The number line's size ("Chapter 3"), ratio of the body size.
pub const LABEL_SIZE: f64 = 1.2;
/// Grid lines between the number line and the title.
pub const LABEL_GAP: f64 = 1.0;
/// Grid lines between an opening's title and its text.
pub const AFTER_TITLE: f64 = 2.0;

/// What an opening needs to know.
pub(crate) struct Opening {
    /// The division.
    pub division: usize,
    /// Its named destination.
    pub anchor: String,
    /// Arabic folios start on its page.
    pub arabic: bool,
    /// A chapter inside a part (its section nests in the part's).
    pub in_part: bool,
}

/// A short block of set text: items relative to its top-left corner, its height (lines
/// times leading) and the notes its lines cite.
pub(crate) struct SetBlock {
    pub items: Vec<PageItem>,
    pub height: Pt,
    pub notes: Vec<usize>,
    /// The width of its widest line.
    pub width: Pt,
}

/// Set `set` ragged (unhyphenated) in `width`, lines `leading` apart, aligned by `align`.
pub(crate) fn set_block(
    ctx: &mut Ctx<'_>,
    set: &InlineSet,
    width: Pt,
    (style, size, leading): (FontStyle, Pt, Pt),
    align: LineAlign,
) -> SetBlock {
    let mut out = SetBlock {
        items: Vec::new(),
        height: Pt::ZERO,
        notes: Vec::new(),
        width: Pt::ZERO,
    };
    if set.is_empty() {
        return out;
    }
    let mut opts = ctx.para_options(width);
    opts.align = Align::RaggedRight;
    opts.hyphenate = false;
    let Some(layout) = ctx.paragraph(set, &opts) else {
        return out;
    };
    let base = ctx.baseline_in(style, size, leading);
    for (k, line) in emit(ctx, set, &layout).into_iter().enumerate() {
        let dx = match align {
            LineAlign::Justify | LineAlign::Left => Pt::ZERO,
            LineAlign::Right => (width - line.width).max(Pt::ZERO),
            LineAlign::Center => ((width - line.width) * 0.5).max(Pt::ZERO),
        };
        let mut items = line.items;
        translate(&mut items, dx, base + leading * k as f64);
        out.items.extend(items);
        out.notes.extend(line.notes);
        out.width = out.width.max(line.width);
        out.height += leading;
    }
    out
}

/// `h` rounded up to whole lines of the grid `grid`.
pub(crate) fn grid_up(h: Pt, grid: Pt) -> Pt {
    Pt(((h.0 / grid.0) - 1e-6).ceil().max(0.0) * grid.0)
}

/// The height of the text block in whole grid lines (as pagination sees it).
pub(crate) fn area(ctx: &Ctx<'_>) -> Pt {
    let grid = ctx.st.leading;
    let h = super::super::figure::text_height(ctx);
    Pt(((h.0 / grid.0) + 1e-9).floor() * grid.0)
}

/// Lay out the opening of a division that starts a page; returns whether it set the
/// division's first block (a heading) as its title.
pub(crate) fn opening(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    o: &Opening,
    words: &Words,
) -> bool {
    let doc = ctx.doc;
    let d = o.division;
    let div = &doc.divisions[d];
    let part = div.kind == DivisionKind::Part;
    let grid = ctx.st.leading;
    let range = doc.division_blocks(d);
    let heading = doc
        .blocks
        .get(range.start)
        .filter(|_| !range.is_empty())
        .and_then(|b| match &b.kind {
            BlockKind::Heading { level, content } => Some((b, *level, content)),
            _ => None,
        });
    // The structure: a part's section holds its chapters.
    let level = heading.map_or(1, |h| h.1.max(1));
    if !o.in_part {
        ctx.tree.close_sections();
    }
    let sect = ctx.tree.open_section(if part { 0 } else { level });
    let align = if part {
        LineAlign::Center
    } else {
        LineAlign::Left
    };
    let (_, label) = super::numbering(doc, d, words);
    let share = if part { PART_SINK_SHARE } else { SINK_SHARE };
    let label_slot = grid * (LABEL_GAP + 1.0);
    let sink = Pt(((area(ctx).0 * share / grid.0).round() * grid.0 - label_slot.0).max(0.0));
    flow.anchor(&o.anchor);
    flow.push(
        frame,
        Chunk {
            height: sink,
            keep_with_next: true,
            grid: true,
            mark: Some(super::title_text(doc, d)),
            page: Some(PageMark {
                new_page: true,
                recto: true,
                no_head: true,
                // A part's title page is a blind folio, as book designers set it: it
                // counts, and the contents gives its number, but prints none.
                no_folio: part,
                arabic: o.arabic,
            }),
            ..Chunk::default()
        },
    );
    // The number line, in the slot above the title (empty when unnumbered, so that every
    // title of the book starts on the same line).
    let mut items = Vec::new();
    if let Some(label) = label {
        let node = ctx.tree.add(StructRole::P, sect);
        let size = ctx.st.size * LABEL_SIZE;
        let mut set = InlineSet::default();
        set.push_text(&label, FontStyle::ITALIC, size, node, Span::detached());
        let block = set_block(
            ctx,
            &set,
            frame.width,
            (FontStyle::ITALIC, size, grid),
            align,
        );
        items = block.items;
    }
    flow.push(
        frame,
        Chunk {
            height: label_slot,
            items,
            keep_with_next: true,
            grid: true,
            ..Chunk::default()
        },
    );
    // The title: the chapter's own heading, or the division's title.
    let role = StructRole::H(level.clamp(1, 6));
    let size = ctx.st.size * if part { PART_TITLE_SIZE } else { TITLE_SIZE };
    let set = match heading {
        Some((block, _, content)) => {
            let node = ctx.tree.add_with_id(role, sect, block.id());
            collect_unit(ctx, content, FontStyle::BOLD, size, node, block.id())
        }
        None => {
            let node = ctx.tree.add(role, sect);
            let mut set = InlineSet::default();
            set.push_text(&div.title, FontStyle::BOLD, size, node, div.span);
            set
        }
    };
    let block = set_block(
        ctx,
        &set,
        frame.width,
        (FontStyle::BOLD, size, size * TITLE_LEADING),
        align,
    );
    flow.push(
        frame,
        Chunk {
            height: grid_up(block.height, grid),
            items: block.items,
            notes: block.notes,
            keep_with_next: true,
            grid: true,
            ..Chunk::default()
        },
    );
    flow.space(frame, grid * AFTER_TITLE);
    heading.is_some()
}
