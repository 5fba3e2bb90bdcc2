//! Headings: their design by role, and where they sit on the baseline grid.
//!
//! **Roles.** A heading's design follows from its level, never from its text. The
//! document's top division — the level its running heads carry, when it has sections
//! below it — is a *part head*: [`PART_SIZE`], bold, centred, with room above and below,
//! so that a bare numeral ("II") still outranks the bold subheads under it. Every other
//! level is a *subhead*, flush left, sized by [`HEADING_SIZE`]. A book's divisions are
//! opened by `super::book`; inside them every heading is a subhead.
//!
//! **On the grid.** A heading is two chunks: the space above it, which pagination drops
//! at the top of a page, and the heading itself, which starts where the space ends (not
//! on a grid line) with its first line's ascent box top where a body line's would be, so
//! at the top of a page its top is the first line's. The space and the heading together
//! span whole grid lines, so the text after it is back on the grid: what the heading's
//! lines leave of those lines (its slack) is shared out over the least space on either
//! side, [`HEADING_SLACK_ABOVE`] of it above and the rest below. A heading right after
//! another has no space of its own above; the one before it provides it.

use quire_doc::{Block, BlockKind, Document, inline_text};

use crate::page::StructRole;
use crate::paragraph::Align;
use crate::units::Pt;

use super::context::Ctx;
use super::emit::emit;
use super::flow::{Chunk, Flow, Frame, translate};
use super::style::{
    HEADING_LEADING, HEADING_SLACK_ABOVE, HEADING_SPACE_AFTER, HEADING_SPACE_BEFORE, PART_SIZE,
    PART_SPACE_AFTER, PART_SPACE_BEFORE, Styles,
};

/// How many whole grid lines the space above a heading may grow by, when the page it
/// is on would otherwise end short (see `super::paginate`).
pub const HEADING_STRETCH_LINES: usize = 2;
use super::text::collect_unit;

/// The level whose headings are part heads, if the document has one (see the module
/// docs): a division level with headings below it.
pub(crate) fn part_level(doc: &Document, head_level: u8) -> Option<u8> {
    if doc.is_book() {
        return None;
    }
    let deeper = doc
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Heading { level, .. } if level > head_level));
    deeper.then_some(head_level)
}

/// How one heading is set.
struct Design {
    size: Pt,
    leading: Pt,
    centred: bool,
    /// Least space above, in grid lines.
    before: f64,
    /// Least distance from the last baseline to the next, in grid lines.
    after: f64,
}

fn design(ctx: &Ctx<'_>, frame: &Frame, level: u8) -> Design {
    let i = usize::from(level.clamp(1, 6)) - 1;
    if frame.top_level && ctx.part_level == Some(level) {
        let size = ctx.st.size * PART_SIZE;
        return Design {
            size,
            leading: size * HEADING_LEADING,
            centred: true,
            before: PART_SPACE_BEFORE,
            after: PART_SPACE_AFTER,
        };
    }
    // In a smaller frame (a note, a box) a heading takes the frame's own type.
    let (size, leading) = if frame.top_level || frame.size == ctx.st.size {
        ctx.st.heading(level)
    } else {
        (frame.size, frame.leading)
    };
    Design {
        size,
        leading,
        centred: false,
        before: HEADING_SPACE_BEFORE[i],
        after: HEADING_SPACE_AFTER,
    }
}

/// Where a heading's lines go: the space above it and the heading chunk's height, both
/// from where the space starts; the grid step is `grid`, and `first`/`last` are its
/// first and last baselines from its own top. `body_base` is a body line's baseline in
/// its grid line.
#[derive(Debug, PartialEq)]
struct Placement {
    above: Pt,
    height: Pt,
}

fn place(first_to_last: Pt, first: Pt, body_base: Pt, grid: Pt, d: (f64, f64)) -> Placement {
    let (before, after) = (grid * d.0, grid * d.1);
    let last = first + first_to_last;
    // From the space's top to the next body line's top, at least this is needed …
    let need = before + last + after - body_base;
    let lines = ((need.0 / grid.0) - 1e-6).ceil().max(1.0);
    // … and what the whole lines give beyond it is shared out.
    let free = Pt(lines * grid.0) - need;
    let above = if d.0 > 0.0 {
        before + free * HEADING_SLACK_ABOVE
    } else {
        Pt::ZERO
    };
    Placement {
        above,
        height: Pt(lines * grid.0) - above,
    }
}

pub(crate) fn heading(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    block: &Block,
    level: u8,
    content: &[quire_doc::Inline],
    after_heading: bool,
) {
    let id = block.id();
    let parent = if frame.top_level {
        ctx.tree.open_section(level)
    } else {
        frame.parent
    };
    let node = ctx
        .tree
        .add_with_id(StructRole::H(level.clamp(1, 6)), parent, id);
    let title = inline_text(content).replace('\n', " ");
    if frame.top_level {
        flow.headings.push((level, title.clone(), id.to_string()));
    }
    let d = design(ctx, frame, level);
    let style = Styles::heading_style(level);
    let set = collect_unit(ctx, content, style, d.size, node, id);
    let mut opts = ctx.para_options(frame.width);
    opts.align = Align::RaggedRight;
    opts.hyphenate = false;
    opts.break_at_hyphens = false;
    let Some(layout) = ctx.paragraph(&set, &opts) else {
        return;
    };
    let lines = emit(ctx, &set, &layout);
    let grid = frame.leading;
    let body_base = ctx.baseline_in(frame.style(), frame.size, grid);
    let (body_ascent, _) = ctx.ascent_descent(frame.style(), frame.size);
    let (ascent, _) = ctx.ascent_descent(style, d.size);
    let first = body_base - body_ascent + ascent;
    let count = lines.len();
    let span = d.leading * count.saturating_sub(1) as f64;
    let before = if after_heading { 0.0 } else { d.before };
    let at = place(span, first, body_base, grid, (before, d.after));
    flow.space(frame, at.above);
    flow.stretchable(HEADING_STRETCH_LINES);
    flow.anchor(id);
    let mut items = Vec::new();
    for (k, line) in lines.into_iter().enumerate() {
        let mut line_items = line.items;
        let dx = if d.centred {
            ((frame.width - line.width) * 0.5).max(Pt::ZERO)
        } else {
            Pt::ZERO
        };
        translate(
            &mut line_items,
            frame.left + dx,
            first + d.leading * k as f64,
        );
        items.extend(line_items);
    }
    let chunk = Chunk {
        height: at.height,
        items,
        keep_with_next: true,
        // It starts where its space ends; the text after it snaps back to the grid.
        grid: false,
        // A book's running heads are its chapters' titles, set by their openings.
        mark: (frame.top_level && level == ctx.head_level && !ctx.doc.is_book()).then_some(title),
        baseline: Some(first),
        ..Chunk::default()
    };
    flow.push(frame, chunk);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_is_shared_out_and_the_next_line_is_on_the_grid() {
        // Grid 14, body baseline 11 in its line; a one-line heading with its baseline 12
        // below its top, one line of space before, 1.25 lines to the next baseline.
        let p = place(Pt(0.0), Pt(12.0), Pt(11.0), Pt(14.0), (1.0, 1.25));
        // need = 14 + 12 + 17.5 - 11 = 32.5 → 3 lines (42), free 9.5.
        let free = 42.0 - 32.5;
        assert!((p.above.0 - (14.0 + free * 2.0 / 3.0)).abs() < 1e-9);
        assert!((p.above.0 + p.height.0 - 42.0).abs() < 1e-9, "whole lines");
        // Its last baseline to the next body line's: the least after, plus the rest.
        let below = 42.0 + 11.0 - (p.above.0 + 12.0);
        assert!((below - (17.5 + free / 3.0)).abs() < 1e-9);
        assert!(p.above.0 - 14.0 > below - 17.5, "more of the slack above");
    }

    #[test]
    fn a_heading_after_a_heading_has_no_space_above() {
        let p = place(Pt(15.0), Pt(12.0), Pt(11.0), Pt(14.0), (0.0, 1.25));
        assert_eq!(p.above, Pt::ZERO);
        assert!((p.height.0 / 14.0).fract().abs() < 1e-9);
    }
}
