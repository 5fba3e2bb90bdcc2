//! Editorial annotations as notes: in the outer margin beside their passage, or at the
//! foot of the page on trims too narrow for a note column.
//!
//! Each annotation is set on its own, like a footnote: a `Note` child of the document
//! root (after the footnotes, in marker order) whose first line opens with its marker
//! letter, set in the paragraph's first-line indent, as tagged content of a `Link` back
//! to the passage that extracts as nothing (a marker is not a word of the text). With
//! several layers the marker is followed by the layer's name. In the margin the note is
//! set small and ragged right on the column's measure; at the foot it is set as
//! footnotes are, on the text measure, and paginated with them as a second class under
//! them (`super::paginate`).
//!
//! **Stacking** ([`stack`]). A margin note wants its first baseline on the baseline of
//! the line where its passage ends. Notes are taken in the order of their lines; each
//! goes where it wants, or just under the note before it when that one is in the way
//! (moved down only as far as needed). If the last one then runs past the foot of the
//! text block, the stack is pushed up from the foot, each note only as far as the one
//! under it needs, never above the top of the column. Pagination keeps this possible: a
//! page takes a note in its margin only if the notes of its passages fit the column
//! together; a note that does not is set at the foot of the same page, under the
//! footnotes, and if the foot has no room either the page ends before the note's line
//! (the line and its note go to the next page). So every note stays on its passage's
//! page. Only a note taller than a whole column is cut: its lines that do not fit
//! continue at the top of the next page's margin.
//!
//! **Which notes are set for the foot.** Setting every note twice would double their
//! cost, and most fit their margin. So the notes are first set for the margin only and
//! the body paginated; the notes some page's margin refused are then set for the foot
//! and the body paginated again, which may move later pages and refuse another, up to
//! a few rounds (`MAX_FOOT_PASSES`); past them a page ends before a refused note's line.
//! The structure elements of the version a page did not use are removed.

use std::collections::BTreeSet;

use quire_doc::{BlockKind, Span};

use crate::fonts::FontStyle;
use crate::page::{Mark, StructRole};
use crate::units::Pt;

use super::blocks::blocks_in;
use super::context::Ctx;
use super::flow::{Chunk, Flow, Frame, LineAlign, paragraph};
use super::structure::ROOT;
use super::text::collect;

/// Space between the marker and the note's first word, in ems of the note size.
pub const MARKER_GAP_EM: f64 = 0.4;
/// Space between two stacked margin notes, in ems of the body size.
pub const MARGIN_NOTE_GAP_EM: f64 = 0.5;

/// The tops of notes of `heights` that want the tops `wanted` (in the order of their
/// passages), at least `gap` apart, in a column of height `area` (see the module docs).
/// When the notes together are taller than the column, the first starts at its top
/// and the last runs past its foot.
pub fn stack(wanted: &[Pt], heights: &[Pt], gap: Pt, area: Pt) -> Vec<Pt> {
    let n = wanted.len().min(heights.len());
    let mut tops: Vec<Pt> = Vec::with_capacity(n);
    for k in 0..n {
        let below = tops.last().map_or(Pt::ZERO, |&t| t + heights[k - 1] + gap);
        tops.push(wanted[k].max(below).max(Pt::ZERO));
    }
    let mut floor = area;
    for k in (0..n).rev() {
        tops[k] = tops[k].min(floor - heights[k]);
        floor = tops[k] - gap;
    }
    // Too tall for the column: start at its top, moving down as little as possible.
    let mut below = Pt::ZERO;
    for k in 0..n {
        tops[k] = tops[k].max(below);
        below = tops[k] + heights[k] + gap;
    }
    tops
}

/// Lay out the annotations of the document that `only` selects (all, if `None`) as
/// notes on a measure of `width`, in the margin's style (`margin`) or the footnotes';
/// `back` is where each note's marker links back to (its passage's destination, when
/// layout placed one). The others get no lines.
pub(crate) fn annotation_notes(
    ctx: &mut Ctx<'_>,
    width: Pt,
    margin: bool,
    back: &[Option<String>],
    only: Option<&[bool]>,
) -> Vec<Vec<Chunk>> {
    let doc = ctx.doc;
    let (size, leading) = if margin {
        ctx.st.margin_note
    } else {
        ctx.st.note
    };
    let layered = quire_doc::annotation_layers(&doc.annotations).len() > 1;
    let mut order: Vec<usize> = (0..doc.annotations.len())
        .filter(|&i| only.is_none_or(|o| o.get(i).copied().unwrap_or(true)))
        .collect();
    order.sort_by_key(|&i| (doc.annotations[i].number, i));
    let mut out: Vec<Vec<Chunk>> = vec![Vec::new(); doc.annotations.len()];
    for i in order {
        let a = &doc.annotations[i];
        let node = ctx.tree.add_with_id(StructRole::Note, ROOT, &a.slug);
        let link = ctx.tree.add(StructRole::Link, node);
        let marker = a.marker();
        ctx.tree
            .set_alt(link, format!("Back to the passage of note {marker}"));
        let mut frame = Frame::body(ctx, width);
        frame.size = size;
        frame.leading = leading;
        frame.grid = false;
        frame.top_level = false;
        frame.parent = node;
        if margin {
            frame.align = LineAlign::Left;
        }
        let mut label = marker.clone();
        if layered && !a.layer.is_empty() {
            label = format!("{label} {}", a.layer);
        }
        let style = FontStyle::ITALIC;
        let at = a.body.first().map_or(Span::detached(), |b| b.span);
        let (runs, w) = ctx.set_text(&label, style, size, Mark::Content(link), at);
        let indent = w + size * MARKER_GAP_EM;
        let mut flow = Flow::default();
        flow.anchor(&a.slug);
        let rest = match a.body.first().map(|b| (b, &b.kind)) {
            Some((first, BlockKind::Paragraph { content })) => {
                let p = ctx.tree.add_with_id(StructRole::P, node, first.id());
                flow.anchor(first.id());
                let set = collect(ctx, content, frame.style(), size, p);
                paragraph(ctx, &mut flow, &frame, &set, indent, true);
                &a.body[1..]
            }
            _ => &a.body[..],
        };
        if flow.chunks.is_empty() {
            // No opening paragraph: the marker stands on a line of its own.
            flow.push(
                &frame,
                Chunk {
                    height: leading,
                    baseline: Some(leading * 0.75),
                    ..Chunk::default()
                },
            );
        }
        blocks_in(ctx, &mut flow, &frame, rest);
        let label = super::notes::Label {
            runs,
            width: w,
            size,
            leading,
            back: back.get(i).cloned().flatten(),
            owner: link,
        };
        label.put(&mut flow.chunks, 0);
        out[i] = flow.chunks;
    }
    out
}

/// Where each annotation's note links back to: the destination at the start of its
/// passage if layout set one, else its marker's, else the block it was placed by.
pub(crate) fn back_targets(
    doc: &quire_doc::Document,
    anchors: &BTreeSet<String>,
    fallback: &[Option<String>],
) -> Vec<Option<String>> {
    doc.annotations
        .iter()
        .enumerate()
        .map(|(i, a)| {
            [format!("{}-text", a.slug), format!("{}-ref", a.slug)]
                .into_iter()
                .find(|name| anchors.contains(name))
                .or_else(|| fallback.get(i).cloned().flatten())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[f64]) -> Vec<Pt> {
        v.iter().map(|&x| Pt(x)).collect()
    }

    #[test]
    fn notes_that_do_not_collide_stay_where_they_want() {
        let tops = stack(&pts(&[0.0, 50.0]), &pts(&[20.0, 20.0]), Pt(5.0), Pt(200.0));
        assert_eq!(tops, pts(&[0.0, 50.0]));
    }

    #[test]
    fn a_colliding_note_moves_down_only_as_far_as_needed() {
        // The second wants 10 but the first ends at 30: it goes to 30 + gap.
        let tops = stack(
            &pts(&[0.0, 10.0, 100.0]),
            &pts(&[30.0, 20.0, 10.0]),
            Pt(5.0),
            Pt(200.0),
        );
        assert_eq!(tops, pts(&[0.0, 35.0, 100.0]));
    }

    #[test]
    fn a_stack_past_the_foot_is_pushed_up_just_enough() {
        // Three notes of 40 that all want 150 in a column of 200: the last ends at the
        // foot and the others sit above it, gap apart; none overlaps, none starts
        // above the column.
        let tops = stack(&pts(&[150.0; 3]), &pts(&[40.0; 3]), Pt(5.0), Pt(200.0));
        assert_eq!(tops, pts(&[70.0, 115.0, 160.0]));
        // A note far above them is not moved.
        let tops = stack(
            &pts(&[0.0, 150.0, 150.0, 150.0]),
            &pts(&[20.0, 40.0, 40.0, 40.0]),
            Pt(5.0),
            Pt(200.0),
        );
        assert_eq!(tops, pts(&[0.0, 70.0, 115.0, 160.0]));
    }

    #[test]
    fn a_stack_taller_than_the_column_starts_at_its_top() {
        let tops = stack(
            &pts(&[50.0, 60.0]),
            &pts(&[120.0, 120.0]),
            Pt(5.0),
            Pt(200.0),
        );
        assert_eq!(tops, pts(&[0.0, 125.0]));
        for w in tops.windows(2) {
            assert!(w[1].0 >= w[0].0 + 120.0 + 5.0 - 1e-9, "no overlap");
        }
    }
}
