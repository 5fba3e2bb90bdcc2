//! Lists and definition lists, with hanging indents.
//!
//! A list reserves a label box wide enough for its widest label (at least
//! [`MIN_LABEL_BOX_EM`]); item text hangs at the box's right edge and the label is set
//! flush right in the box, [`LABEL_GAP_EM`] before the text, on the baseline of the item's
//! first line. Bullets alternate by depth (•, –, ◦); numbers count from the list's
//! start; task items show a ballot box, ticked or not. Labels are tagged `Lbl` content
//! whose extracted text is empty (they are not words of the reading text), with the label
//! as the node's alternative text; the item's blocks go in `LBody`.
//!
//! A definition list is tagged as a list too: the term is the `Lbl` (it is reading text),
//! the definitions the `LBody`, indented by [`DEFINITION_INDENT_EM`].

use quire_doc::{Definition, ListItem, ListKind};

use crate::fonts::FontStyle;
use crate::page::{Mark, PageItem, StructId, StructRole};
use crate::units::Pt;

use super::blocks::blocks_in;
use super::context::Ctx;
use super::flow::{Chunk, Flow, Frame, LineAlign, paragraph};
use super::style::{DEFINITION_INDENT_EM, DISPLAY_SKIP, LABEL_GAP_EM, MIN_LABEL_BOX_EM};

/// Bullets by nesting depth.
pub const BULLETS: [&str; 3] = ["•", "–", "◦"];
/// Task-list boxes: open, ticked.
pub const TASK_BOXES: [&str; 2] = ["☐", "☑"];

/// Lay out a list's items.
pub(crate) fn list(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    node: StructId,
    kind: ListKind,
    tight: bool,
    items: &[ListItem],
) {
    let labels: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, item)| match (item.checked, kind) {
            (Some(done), _) => TASK_BOXES[usize::from(done)].to_string(),
            (None, ListKind::Bullet) => BULLETS[frame.list_depth % BULLETS.len()].to_string(),
            (None, ListKind::Ordered { start }) => {
                format!("{}.", u64::from(start) + i as u64)
            }
        })
        .collect();
    let style = frame.style();
    let gap = frame.size * LABEL_GAP_EM;
    let widest = labels
        .iter()
        .map(|l| ctx.text_width(l, style, frame.size))
        .fold(Pt::ZERO, Pt::max);
    let label_box = (widest + gap).max(frame.size * MIN_LABEL_BOX_EM);
    for (i, (item, label)) in items.iter().zip(&labels).enumerate() {
        if i > 0 && !tight {
            flow.space(frame, ctx.st.leading * DISPLAY_SKIP);
        }
        let li = ctx.tree.add_with_id(StructRole::LI, node, &item.id);
        let lbl = ctx.tree.add(StructRole::Lbl, li);
        let alt = match item.checked {
            Some(true) => "checked".to_string(),
            Some(false) => "unchecked".to_string(),
            None => label.clone(),
        };
        ctx.tree.set_alt(lbl, alt);
        let body = ctx.tree.add(StructRole::LBody, li);
        flow.anchor(&item.id);
        let mut inner = frame.inset(label_box, Pt::ZERO, body);
        inner.list_depth = frame.list_depth + 1;
        let from = flow.chunks.len();
        blocks_in(ctx, flow, &inner, &item.blocks);
        let (runs, width) = ctx.set_text(label, style, frame.size, Mark::Content(lbl), item.span);
        // Right-aligned against the item's text; where deep nesting has clamped the
        // indent ([`super::flow::MIN_NESTED_MEASURE_EM`]) it moves left into the
        // ancestors' margin rather than over the text.
        let x = (inner.left - gap - width).max(Pt::ZERO);
        if flow.chunks.len() == from {
            let base = ctx.baseline_in(style, frame.size, frame.leading);
            flow.push(
                frame,
                Chunk {
                    height: frame.leading,
                    grid: frame.grid,
                    baseline: Some(base),
                    ..Chunk::default()
                },
            );
        }
        // The label goes on the item's first text line (skipping a leading space chunk).
        let target = (from..flow.chunks.len())
            .find(|&k| flow.chunks[k].baseline.is_some())
            .unwrap_or(from);
        let chunk = &mut flow.chunks[target];
        let base = chunk.baseline.unwrap_or(frame.leading * 0.75);
        let labels: Vec<PageItem> = runs
            .into_iter()
            .map(|mut r| {
                r.origin.x += x;
                r.origin.y += base;
                r.actual_text = Some(String::new());
                PageItem::Text(r)
            })
            .collect();
        let at = chunk
            .items
            .iter()
            .position(|it| matches!(it, PageItem::Text(_) | PageItem::Image(_)))
            .unwrap_or(chunk.items.len());
        chunk.items.splice(at..at, labels);
    }
}

/// Lay out a definition list's entries.
pub(crate) fn definition_list(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    node: StructId,
    items: &[Definition],
) {
    for item in items {
        let li = ctx.tree.add_with_id(StructRole::LI, node, &item.id);
        let lbl = ctx.tree.add(StructRole::Lbl, li);
        flow.anchor(&item.id);
        let style = FontStyle {
            bold: true,
            ..frame.style()
        };
        let set = super::text::collect_unit(ctx, &item.term, style, frame.size, lbl, &item.id);
        let mut term = frame.clone();
        term.align = LineAlign::Left;
        term.top_level = false;
        paragraph(ctx, flow, &term, &set, Pt::ZERO, false);
        flow.keep();
        let body = ctx.tree.add(StructRole::LBody, li);
        let indent = frame.size * DEFINITION_INDENT_EM;
        let inner = frame.inset(indent, Pt::ZERO, body);
        for details in &item.details {
            blocks_in(ctx, flow, &inner, details);
        }
        flow.release();
    }
}
