//! Footnotes, each laid out on its own as a short list of chunks.
//!
//! A note is set small and justified, its text hanging at [`NUMBER_BOX_EM`] with the
//! number flush left in the box. The number is tagged content of a `Link` inside the
//! `Note` that points back at the first reference (its extracted text is empty, as the
//! reference mark's is: numbers are not words of the reading text). Notes are `Note`
//! children of the document root, created after the body, in note order, so the structure
//! tree reads like the plain-text projection.

use crate::fonts::FontStyle;
use crate::page::{LinkArea, LinkTarget, Mark, PageItem, Rect, StructRole};
use crate::units::Pt;

use super::blocks::blocks_in;
use super::context::Ctx;
use super::flow::{Chunk, Flow, Frame};
use super::structure::ROOT;

/// Width of the box holding a note's number, in ems of the note size.
pub const NUMBER_BOX_EM: f64 = 1.6;

/// Lay out every note of the document on a measure of `width`.
pub(crate) fn notes(ctx: &mut Ctx<'_>, width: Pt) -> Vec<Vec<Chunk>> {
    let doc = ctx.doc;
    let (size, leading) = ctx.st.note;
    let mut out = Vec::with_capacity(doc.notes.len());
    for note in &doc.notes {
        let node = ctx.tree.add_with_id(StructRole::Note, ROOT, &note.id);
        let link = ctx.tree.add(StructRole::Link, node);
        ctx.tree
            .set_alt(link, format!("Back to reference {}", note.number));
        let mut frame = Frame::body(ctx, width);
        frame.size = size;
        frame.leading = leading;
        frame.grid = false;
        frame.top_level = false;
        frame.parent = node;
        let boxed = frame.inset(size * NUMBER_BOX_EM, Pt::ZERO, node);
        let mut flow = Flow::default();
        flow.anchor(&note.id);
        blocks_in(ctx, &mut flow, &boxed, &note.blocks);
        let number = note.number.to_string();
        let (runs, w) = ctx.set_text(
            &number,
            FontStyle::REGULAR,
            size,
            Mark::Content(link),
            note.span,
        );
        if flow.chunks.is_empty() {
            flow.push(
                &frame,
                Chunk {
                    height: leading,
                    baseline: Some(leading * 0.75),
                    ..Chunk::default()
                },
            );
        }
        let first = (0..flow.chunks.len())
            .find(|&k| flow.chunks[k].baseline.is_some())
            .unwrap_or(0);
        let label = Label {
            runs,
            width: w,
            size,
            leading,
            back: note.refs.first().cloned(),
            owner: link,
        };
        label.put(&mut flow.chunks, first);
        out.push(flow.chunks);
    }
    out
}

/// A note's number or letter at the start of its first line, linked back to its
/// reference: how footnotes, foot annotations and margin notes all begin.
pub(crate) struct Label {
    /// The label's text, set at the note's size.
    pub runs: Vec<crate::page::TextRun>,
    /// Its width.
    pub width: Pt,
    pub size: Pt,
    pub leading: Pt,
    /// The reference the label links back to, if any.
    pub back: Option<String>,
    /// The `Link` structure node that owns the label.
    pub owner: crate::page::StructId,
}

impl Label {
    /// Puts the label on the baseline of `chunks[first]`, before its text (so it is read
    /// first), and takes the note's chunks off the baseline grid (notes have their own
    /// leading).
    pub fn put(self, chunks: &mut [Chunk], first: usize) {
        let Some(chunk) = chunks.get_mut(first) else {
            return;
        };
        let base = chunk.baseline.unwrap_or(self.leading * 0.75);
        let mut items: Vec<PageItem> = self
            .runs
            .into_iter()
            .map(|mut r| {
                r.origin.y += base;
                r.actual_text = Some(String::new());
                PageItem::Text(r)
            })
            .collect();
        if let Some(target) = self.back {
            items.push(PageItem::Link(LinkArea {
                rect: Rect {
                    x: Pt::ZERO,
                    y: base - self.size * 0.8,
                    width: self.width,
                    height: self.size,
                },
                target: LinkTarget::Anchor(target),
                owner: Some(self.owner),
            }));
        }
        let at = chunk
            .items
            .iter()
            .position(|it| matches!(it, PageItem::Text(_)))
            .unwrap_or(chunk.items.len());
        chunk.items.splice(at..at, items);
        for c in chunks.iter_mut() {
            c.grid = false;
        }
    }
}
