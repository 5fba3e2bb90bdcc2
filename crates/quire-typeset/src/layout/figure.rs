//! Figures (an optional image, its caption and its credit, kept together) and block
//! images (a paragraph that is only an image).
//!
//! An image's natural size is its pixels at its resolution (the file's dpi metadata, 96
//! when it states none; an SVG's CSS size: see [`quire_doc::ImageAsset::dpi`]). It is
//! scaled down (never up, keeping its aspect ratio) to fit the measure and, in a figure,
//! [`MAX_IMAGE_HEIGHT`] of the text height (leaving room for the caption), or the whole
//! text height for a block image; and centred. PNG, JPEG, GIF, WebP and SVG (as vector
//! graphics) are placed alike. A block image is a `Figure` element whose alternative
//! text is the image's; one with an empty alternative text is decoration (an artifact),
//! as `alt=""` is in HTML. A figure whose image is absent (not supplied, remote, unreadable)
//! still shows its caption and credit: they are reading text. The caption is set small
//! and justified under the image, the credit small, italic and flush right; the whole
//! figure keeps together on one page. A figure of the body floats: if it does not fit
//! where it stands, the text after it fills the page and it opens the next one.

use quire_doc::{Block, Image, Inline, inline_text};

use crate::page::{ArtifactKind, Mark, PageItem, PlacedImage, Rect, StructId, StructRole};
use crate::units::Pt;

use super::blocks::blocks_in;
use super::context::Ctx;
use super::flow::{Chunk, Flow, Frame, LineAlign, paragraph};
use super::text::collect_unit;

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
        let rect = fit(frame, w, h, text_height(ctx) * MAX_IMAGE_HEIGHT);
        let chunk = Chunk {
            height: rect.height + small_leading * 0.5,
            items: vec![PageItem::Image(PlacedImage {
                image: id,
                rect,
                mark: Mark::Content(node),
                source: image.map_or(block.span, |i| i.span),
            })],
            ..Chunk::default()
        };
        flow.push(&keep, chunk);
    }
    let cap = ctx.tree.add(StructRole::Caption, node);
    let mut cap_frame = keep.inset(Pt::ZERO, Pt::ZERO, cap);
    cap_frame.keep_all = true;
    // Display type: a caption is not hyphenated.
    cap_frame.hyphenate = false;
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
        let unit = format!("{}-credit", block.id());
        let set = collect_unit(ctx, credit, f.style(), small, p, &unit);
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

/// Where an image of natural size `w` × `h` goes in `frame`: scaled down (never up,
/// keeping its aspect ratio) to the frame's width and `max_h`, centred, at the top.
pub(crate) fn fit(frame: &Frame, w: Pt, h: Pt, max_h: Pt) -> Rect {
    let mut k = 1.0f64;
    if w.0 > 0.0 {
        k = k.min(frame.width.0 / w.0);
    }
    if h.0 > 0.0 {
        k = k.min(max_h.0 / h.0);
    }
    let (w, h) = (w * k, h * k);
    Rect {
        x: frame.left + (frame.width - w) * 0.5,
        y: Pt::ZERO,
        width: w,
        height: h,
    }
}

/// Lays out a paragraph that is only an image as a block image; `false` (and nothing
/// done) if print cannot place the image, so the caller sets the paragraph as text.
pub(crate) fn block_image(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    parent: StructId,
    block: &Block,
    src: &str,
    alt: &str,
) -> bool {
    let Some((id, w, h)) = ctx.images.load(ctx.assets, src, &mut ctx.warnings) else {
        return false;
    };
    let mark = if alt.trim().is_empty() {
        Mark::Artifact(ArtifactKind::Decoration)
    } else {
        let node = ctx.tree.add_with_id(StructRole::Figure, parent, block.id());
        ctx.tree.set_alt(node, alt.to_string());
        Mark::Content(node)
    };
    let mut own = frame.clone();
    own.grid = false;
    let rect = fit(frame, w, h, text_height(ctx));
    let skip = ctx.st.leading * super::style::DISPLAY_SKIP;
    flow.anchor(block.id());
    flow.space(frame, skip);
    flow.push(
        &own,
        Chunk {
            height: rect.height,
            items: vec![PageItem::Image(PlacedImage {
                image: id,
                rect,
                mark,
                source: block.span,
            })],
            ..Chunk::default()
        },
    );
    flow.space(frame, skip);
    true
}

/// The height of the text block.
pub(crate) fn text_height(ctx: &Ctx<'_>) -> Pt {
    let m = ctx.opts.margins();
    ctx.opts.page.height - m.top - m.bottom
}
