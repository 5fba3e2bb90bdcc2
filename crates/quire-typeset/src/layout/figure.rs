//! Figures: an optional image, its caption and its credit, kept together.
//!
//! A local PNG or JPEG is scaled down (never up) from its natural size at
//! [`super::context::IMAGE_DPI`] to fit the measure and [`MAX_IMAGE_HEIGHT`] of the text
//! height, and centred. A figure whose image is absent (not supplied, remote, unreadable)
//! still shows its caption and credit: they are reading text. The caption is set small
//! and justified under the image, the credit small, italic and flush right; the whole
//! figure keeps together on one page. A figure of the body floats: if it does not fit
//! where it stands, the text after it fills the page and it opens the next one.

use quire_doc::{Block, Image, Inline, inline_text};

use crate::page::{Mark, PageItem, PlacedImage, Rect, StructId, StructRole};
use crate::units::Pt;

use super::blocks::blocks_in;
use super::context::Ctx;
use super::flow::{Chunk, Flow, Frame, LineAlign, paragraph};
use super::text::collect;

/// Tallest image, as a fraction of the text block's height.
pub const MAX_IMAGE_HEIGHT: f64 = 0.6;

/// Lay out a figure.
#[allow(clippy::too_many_arguments)]
pub(crate) fn figure(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    parent: StructId,
    block: &Block,
    image: Option<&Image>,
    caption: &[Block],
    credit: &[Inline],
) {
    let node = ctx.tree.add_with_id(StructRole::Figure, parent, block.id());
    let first_chunk = flow.chunks.len();
    let caption_text = || {
        let mut s = String::new();
        quire_doc::for_each_block(
            &quire_doc::Document {
                blocks: caption.to_vec(),
                ..Default::default()
            },
            &mut |b| {
                if let quire_doc::BlockKind::Paragraph { content } = &b.kind {
                    s.push_str(&inline_text(content));
                }
            },
        );
        s
    };
    let alt = image
        .map(|i| i.alt.clone())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(caption_text);
    ctx.tree.set_alt(node, alt);
    let mut keep = frame.clone();
    keep.keep_all = true;
    keep.grid = false;
    let (small, small_leading) = ctx.st.small;
    let loaded = image.and_then(|i| ctx.images.load(ctx.assets, &i.src, &mut ctx.warnings));
    if let Some((id, w, h)) = loaded {
        let max_h = text_height(ctx) * MAX_IMAGE_HEIGHT;
        let k = 1.0f64.min(frame.width.0 / w.0).min(max_h.0 / h.0);
        let (w, h) = (w * k, h * k);
        let rect = Rect {
            x: frame.left + (frame.width - w) * 0.5,
            y: Pt::ZERO,
            width: w,
            height: h,
        };
        let chunk = Chunk {
            height: h + small_leading * 0.5,
            items: vec![PageItem::Image(PlacedImage {
                image: id,
                rect,
                mark: Mark::Content(node),
            })],
            ..Chunk::default()
        };
        flow.push(&keep, chunk);
    }
    let cap = ctx.tree.add(StructRole::Caption, node);
    let mut cap_frame = keep.inset(Pt::ZERO, Pt::ZERO, cap);
    cap_frame.keep_all = true;
    cap_frame.size = small;
    cap_frame.leading = small_leading;
    blocks_in(ctx, flow, &cap_frame, caption);
    if !credit.is_empty() {
        let p = ctx
            .tree
            .add_with_id(StructRole::P, cap, &format!("{}-credit", block.id()));
        let mut f = cap_frame.clone();
        f.italic = true;
        f.align = LineAlign::Right;
        let set = collect(ctx, credit, f.style(), small, p);
        paragraph(ctx, flow, &f, &set, Pt::ZERO, false);
    }
    flow.release();
    // Figures of the body float; inside a list or a quote one stays where it is.
    if frame.top_level {
        for chunk in flow.chunks.iter_mut().skip(first_chunk) {
            chunk.float = Some(first_chunk);
        }
    }
}

/// The height of the text block.
pub(crate) fn text_height(ctx: &Ctx<'_>) -> Pt {
    let m = ctx.opts.margins();
    ctx.opts.page.height - m.top - m.bottom
}
