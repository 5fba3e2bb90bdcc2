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
//! as `alt=""` is in HTML. A figure whose image is absent (not supplied, remote,
//! unreadable) still shows its caption and credit: they are reading text, under a rule
//! that stands in for the image. The caption is set small and justified under the image;
//! the credit small and flush right in the text face's small capitals, every letter a
//! small capital (agencies write `PHOTO BY XINHUA`; the web and the e-book set credits
//! `all-small-caps` too), its letters extracting as written (see [`crate::caps`] for
//! faces without small caps). The whole figure keeps together on one page. A figure of the body floats:
//! if it does not fit where it stands, the text after it fills the page and it opens the
//! next one.

use quire_doc::{Block, Image, Inline, inline_text};

use crate::caps::{self, Caps};
use crate::fonts::FontStyle;
use crate::page::{
    ArtifactKind, Color, Mark, PageItem, PlacedImage, Point, Rect, Rule, StructId, StructRole,
};
use crate::units::Pt;

use super::blocks::blocks_in;
use super::context::Ctx;
use super::flow::{Chunk, Flow, Frame, LineAlign, paragraph};
use super::style::FIGURE_RULE;
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
    } else {
        flow.push(&keep, stand_in_rule(frame, small_leading * 0.5));
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
        f.align = LineAlign::Right;
        let (style, size) = credit_style(ctx, &f, credit, small);
        let unit = format!("{}-credit", block.id());
        let set = collect_unit(ctx, credit, style, size, p, &unit);
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

/// The face and size of a credit: all small caps, as the web and e-book editions set
/// credits (`all-small-caps`). A face without small caps sets a credit written in
/// capitals as tracked capitals, smaller, and one in mixed case as written (see
/// [`crate::caps`]).
fn credit_style(ctx: &Ctx<'_>, frame: &Frame, credit: &[Inline], size: Pt) -> (FontStyle, Pt) {
    let small_caps = FontStyle {
        caps: Caps::AllSmall,
        ..frame.style()
    };
    if !ctx.book.synthetic_caps(small_caps) {
        (small_caps, size)
    } else if caps::written_in_capitals(&inline_text(credit)) {
        (small_caps, size * caps::SYNTHETIC_SIZE)
    } else {
        (frame.style(), size)
    }
}

/// The rule a figure without an image has in the image's place: across the measure, as
/// far above the caption as an image's foot is. Without it a caption-only figure that
/// opens a page (where the space around displays is dropped) reads as a first paragraph
/// set small; the rule makes it a display, as the web and e-book editions mark it with
/// a rule of their own.
fn stand_in_rule(frame: &Frame, gap: Pt) -> Chunk {
    let half = Pt(FIGURE_RULE.0 * 0.5);
    let rule = Rule {
        from: Point {
            x: frame.left,
            y: half,
        },
        to: Point {
            x: frame.left + frame.width,
            y: half,
        },
        thickness: Pt(FIGURE_RULE.0),
        color: Color::Gray(FIGURE_RULE.1),
        mark: Mark::Artifact(ArtifactKind::Decoration),
    };
    Chunk {
        height: Pt(FIGURE_RULE.0) + gap,
        items: vec![PageItem::Rule(rule)],
        ..Chunk::default()
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
    flow.display_space(frame, skip, super::style::FLOAT_STRETCH_LINES);
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
    flow.display_space(frame, skip, super::style::FLOAT_STRETCH_LINES);
    true
}

/// The height of the text block.
pub(crate) fn text_height(ctx: &Ctx<'_>) -> Pt {
    let m = ctx.opts.margins();
    ctx.opts.page.height - m.top - m.bottom
}

/// The height pagination fills: the text block's whole grid lines.
pub(crate) fn text_area(ctx: &Ctx<'_>) -> Pt {
    let grid = ctx.st.leading;
    Pt(((text_height(ctx).0 / grid.0) + 1e-9).floor() * grid.0)
}
