//! The front pages of a book: half-title, title page and copyright page.
//!
//! The half-title (page i) shows the title alone, a quarter of the way down; as a
//! repetition of the title page it is an artifact, not reading text. The title page
//! (iii, after an empty verso) has the title, subtitle and authors in its upper half and
//! the publisher at its foot. Its verso, the copyright page (iv), sets the rights, the
//! ISBN, the edition, the date in words, the identifier (when it is not the ISBN's URN)
//! and a colophon line, small and flush left at the foot of the page. None of the three
//! shows a running head or a folio; the title and copyright pages are tagged content.

use quire_doc::{Span, human_date};

use crate::fonts::FontStyle;
use crate::page::{ArtifactKind, Mark, PageItem, StructId, StructRole};
use crate::units::Pt;

use super::super::context::Ctx;
use super::super::flow::{Chunk, Flow, Frame, LineAlign, PageMark};
use super::super::structure::ROOT;
use super::super::text::InlineSet;
use super::opening::{SetBlock, area, grid_up, set_block};
use super::{COPYRIGHT_ANCHOR, TITLE_PAGE_ANCHOR, Words};

/// The half-title's size, ratio of the body size.
pub const HALF_TITLE_SIZE: f64 = 1.4;
/// The title page's title size, ratio of the body size.
pub const BOOK_TITLE_SIZE: f64 = 2.6;
/// The subtitle's size on the title page.
pub const SUBTITLE_SIZE: f64 = 1.35;
/// The authors' size on the title page.
pub const AUTHORS_SIZE: f64 = 1.25;
/// Size of the copyright page's lines.
pub const COPYRIGHT_SIZE: f64 = 0.85;

/// A page mark for a front page: new page (a recto if `recto`), no head, no folio.
fn front_page(recto: bool) -> PageMark {
    PageMark {
        new_page: true,
        recto,
        no_head: true,
        no_folio: true,
        arabic: false,
    }
}

/// Set `text` as one block in `frame`'s width.
fn line(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    text: &str,
    (style, ratio, lead): (FontStyle, f64, f64),
    mark: Mark,
    align: LineAlign,
) -> SetBlock {
    let size = ctx.st.size * ratio;
    let mut set = InlineSet::default();
    let node = match mark {
        Mark::Content(node) => node,
        Mark::Artifact(_) => ROOT,
    };
    set.push_text(text.trim(), style, size, node, Span::detached());
    let mut block = set_block(ctx, &set, frame.width, (style, size, size * lead), align);
    if let Mark::Artifact(_) = mark {
        for item in &mut block.items {
            if let PageItem::Text(run) = item {
                run.mark = mark;
            }
        }
    }
    block
}

/// A chunk of `block`, `height` tall (at least the block's height).
fn chunk(block: SetBlock, height: Pt, page: Option<PageMark>) -> Chunk {
    Chunk {
        height: height.max(block.height),
        items: block.items,
        keep_with_next: true,
        page,
        ..Chunk::default()
    }
}

/// Space that keeps with what follows.
fn gap(height: Pt, page: Option<PageMark>) -> Chunk {
    Chunk {
        height,
        keep_with_next: true,
        page,
        ..Chunk::default()
    }
}

/// Lay out the half-title, title and copyright pages.
pub(crate) fn front_pages(ctx: &mut Ctx<'_>, flow: &mut Flow, frame: &Frame, words: &Words) {
    let meta = &ctx.doc.meta;
    let grid = ctx.st.leading;
    let area = area(ctx);
    let title = meta.title.replace('\n', " ");
    let center = LineAlign::Center;
    // Half-title.
    let half = line(
        ctx,
        frame,
        &title,
        (FontStyle::ITALIC, HALF_TITLE_SIZE, 1.2),
        Mark::Artifact(ArtifactKind::Decoration),
        center,
    );
    flow.push(
        frame,
        gap(grid_up(area * 0.25, grid), Some(front_page(true))),
    );
    flow.push(frame, chunk(half, Pt::ZERO, None));
    // Title page: title, subtitle, authors; the publisher at the foot.
    flow.anchor(TITLE_PAGE_ANCHOR);
    let top = grid_up(area * 0.18, grid);
    flow.push(frame, gap(top, Some(front_page(true))));
    let mut used = top;
    let node = ctx.tree.add(StructRole::H(1), ROOT);
    let block = line(
        ctx,
        frame,
        &title,
        (FontStyle::BOLD, BOOK_TITLE_SIZE, 1.15),
        Mark::Content(node),
        center,
    );
    let h = grid_up(block.height, grid) + grid;
    used += h;
    flow.push(frame, chunk(block, h, None));
    if let Some(sub) = meta.subtitle.clone().filter(|s| !s.trim().is_empty()) {
        let node = ctx.tree.add(StructRole::P, ROOT);
        let block = line(
            ctx,
            frame,
            &sub,
            (FontStyle::ITALIC, SUBTITLE_SIZE, 1.3),
            Mark::Content(node),
            center,
        );
        let h = grid_up(block.height, grid) + grid * 2.0;
        used += h;
        flow.push(frame, chunk(block, h, None));
    }
    if !meta.authors.is_empty() {
        let node = ctx.tree.add(StructRole::P, ROOT);
        let authors = meta.authors.join(", ");
        let block = line(
            ctx,
            frame,
            &authors,
            (FontStyle::REGULAR, AUTHORS_SIZE, 1.3),
            Mark::Content(node),
            center,
        );
        let h = grid_up(block.height, grid);
        used += h;
        flow.push(frame, chunk(block, h, None));
    }
    if let Some(publisher) = meta.publisher.clone().filter(|s| !s.trim().is_empty()) {
        let node = ctx.tree.add(StructRole::P, ROOT);
        let block = line(
            ctx,
            frame,
            &publisher,
            (FontStyle::REGULAR, 1.0, 1.3),
            Mark::Content(node),
            center,
        );
        let h = grid_up(block.height, grid);
        if used + h <= area {
            flow.push(frame, gap(area - used - h, None));
        }
        flow.push(frame, chunk(block, h, None));
    }
    copyright_page(ctx, flow, frame, words, area);
}

/// The copyright page's lines, in order.
fn copyright_lines(ctx: &Ctx<'_>, words: &Words) -> Vec<String> {
    let meta = &ctx.doc.meta;
    let extra = |key: &str| {
        meta.extra
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut lines = Vec::new();
    let mut push = |s: Option<String>| {
        if let Some(s) = s.filter(|s| !s.trim().is_empty()) {
            lines.push(s.replace('\n', " "));
        }
    };
    push(meta.rights.clone());
    let isbn = extra("isbn");
    push(isbn.as_ref().map(|i| format!("ISBN {i}")));
    push(extra("edition"));
    push(meta.date.as_deref().map(human_date));
    let isbn_urn = isbn.map(|i| format!("urn:isbn:{}", i.replace(['-', ' '], "")));
    push(
        meta.identifier
            .clone()
            .filter(|id| Some(id) != isbn_urn.as_ref()),
    );
    push(meta.publisher.clone());
    push(Some(words.typeset_with.to_string()));
    lines
}

/// The copyright page: its lines at the foot of the verso after the title page.
fn copyright_page(ctx: &mut Ctx<'_>, flow: &mut Flow, frame: &Frame, words: &Words, area: Pt) {
    let grid = ctx.st.leading;
    let lines = copyright_lines(ctx, words);
    let mut blocks: Vec<(SetBlock, StructId)> = Vec::new();
    for text in &lines {
        let node = ctx.tree.add(StructRole::P, ROOT);
        let block = line(
            ctx,
            frame,
            text,
            (FontStyle::REGULAR, COPYRIGHT_SIZE, 1.35),
            Mark::Content(node),
            LineAlign::Left,
        );
        blocks.push((block, node));
    }
    let para_gap = ctx.st.size * COPYRIGHT_SIZE * 0.6;
    let total: Pt = blocks.iter().map(|(b, _)| b.height + para_gap).sum();
    flow.anchor(COPYRIGHT_ANCHOR);
    let sink = Pt((area - total - grid).0.max(0.0));
    flow.push(frame, gap(sink, Some(front_page(false))));
    for (block, _) in blocks {
        let h = block.height + para_gap;
        flow.push(frame, chunk(block, h, None));
    }
}
