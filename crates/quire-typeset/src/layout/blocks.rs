//! Blocks to chunks: the dispatcher and the simple block kinds.
//!
//! [`blocks`] walks a container's blocks in order, gives each its structure node and
//! anchor, and hands it to the stage for its kind. Paragraphs are justified with a
//! first-line indent when they follow a paragraph (the first paragraph of a section or
//! after a display is set flush), with no space between paragraphs. Headings are set
//! by `super::headings` (ragged, unhyphenated, kept with the next chunk). Displays (quotes, lists,
//! code, tables, figures, alerts) have [`DISPLAY_SKIP`] around them.

use quire_doc::enrich::{HANGING_INDENT_CLASS, paragraph_number};
use quire_doc::{AlertKind, Block, BlockKind, inline_text};

use crate::fonts::FontStyle;
use crate::page::{ArtifactKind, Color, Mark, PageItem, Point, Rule, StructId, StructRole};
use crate::paragraph::Align;
use crate::units::Pt;

use super::code::code;
use super::context::Ctx;
use super::emit::emit;
use super::figure::{self, figure};
use super::flow::{Chunk, Flow, Frame, LineAlign, paragraph};
use super::lists::{definition_list, list};
use super::style::{
    BOX_PAD_EM, DISPLAY_SKIP, DISPLAY_STRETCH_LINES, FLOAT_STRETCH_LINES, NOTE_SIZE, PARINDENT_EM,
    QUOTE_INDENT_EM, SMALL_LEADING,
};
use super::table::table;
use super::text::collect_unit;

/// Width of the bar on the left of an alert, in points.
pub const ALERT_BAR: f64 = 2.5;
/// Length of a thematic break's rule, as a fraction of the measure.
pub const BREAK_RULE_RATIO: f64 = 0.15;

/// A hanging indent (bibliographies), in ems: the second line's start from the first's.
const HANG_EM: f64 = 2.0;

/// Lay out `blocks` into `flow` within `frame`.
pub(crate) fn blocks(ctx: &mut Ctx<'_>, flow: &mut Flow, frame: &Frame, blocks: &[Block]) {
    let mut prev: Option<&BlockKind> = None;
    for (index, block) in blocks.iter().enumerate() {
        if frame.top_level {
            ctx.reached(ctx.base + index);
        }
        let parent = if frame.top_level {
            ctx.tree.section()
        } else {
            frame.parent
        };
        let at_para = matches!(prev, Some(BlockKind::Paragraph { .. }));
        let after_heading = matches!(prev, Some(BlockKind::Heading { .. }));
        let skip = ctx.st.leading * DISPLAY_SKIP;
        let id = block.id();
        // A `lang` attribute sets the hyphenation language of the block and what it holds.
        let outer_lang = block
            .attr
            .get("lang")
            .map(|lang| std::mem::replace(&mut ctx.lang, lang.to_string()));
        let from = flow.chunks.len();
        match &block.kind {
            BlockKind::Heading { level, content } => {
                super::headings::heading(ctx, flow, frame, block, *level, content, after_heading);
                // The index opens a page (a book's opens its division anyway).
                if !ctx.doc.is_book()
                    && heads_index(&blocks[index + 1..], *level)
                    && let Some(first) = flow.chunks[from..].iter_mut().find(|c| !c.discardable)
                {
                    first.page = Some(super::flow::PageMark {
                        new_page: true,
                        ..Default::default()
                    });
                }
            }
            BlockKind::Paragraph { content }
                if quire_doc::lone_image(content).is_some_and(|(src, alt)| {
                    figure::block_image(ctx, flow, frame, parent, block, src, alt)
                }) => {}
            BlockKind::Paragraph { content } => {
                let node = ctx.tree.add_with_id(StructRole::P, parent, id);
                flow.anchor(id);
                let set = collect_unit(ctx, content, frame.style(), frame.size, node, id);
                let indent = if frame.hang > Pt::ZERO {
                    -frame.hang
                } else if at_para && frame.align == LineAlign::Justify {
                    frame.size * PARINDENT_EM
                } else {
                    Pt::ZERO
                };
                paragraph(ctx, flow, frame, &set, indent, frame.hyphenate);
            }
            BlockKind::BlockQuote { blocks: inner } => {
                let node = ctx.tree.add_with_id(StructRole::BlockQuote, parent, id);
                flow.anchor(id);
                let q = frame.size * QUOTE_INDENT_EM;
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
                blocks_in(ctx, flow, &frame.inset(q, q, node), inner);
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
            }
            BlockKind::List { kind, tight, items } => {
                let node = ctx.tree.add_with_id(StructRole::L, parent, id);
                flow.anchor(id);
                let nested = frame.list_depth > 0;
                if !nested {
                    flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
                }
                list(ctx, flow, frame, node, *kind, *tight, items);
                if !nested {
                    flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
                }
            }
            // Raw HTML passed through to the web editions: print shows what it says.
            BlockKind::Raw { fallback, .. } if !fallback.is_empty() => {
                let node = ctx.tree.add_with_id(StructRole::Div, parent, id);
                flow.anchor(id);
                let inner_frame = frame.inset(Pt::ZERO, Pt::ZERO, node);
                blocks_in(ctx, flow, &inner_frame, fallback);
            }
            BlockKind::CodeBlock { text, .. } | BlockKind::Raw { text, .. } => {
                let (tinted, language, caption) = match &block.kind {
                    BlockKind::CodeBlock {
                        language, caption, ..
                    } => (true, language.as_deref(), caption.as_slice()),
                    _ => (false, None, &[][..]),
                };
                // A listing with a caption is a `Div` holding the `Caption` and the
                // `Code`, the caption above, as in the other editions.
                flow.anchor(id);
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
                let node = if caption.is_empty() {
                    ctx.tree.add_with_id(StructRole::Code, parent, id)
                } else {
                    let listing = ctx.tree.add_with_id(StructRole::Div, parent, id);
                    caption_above(ctx, flow, frame, listing, id, caption);
                    ctx.tree.add(StructRole::Code, listing)
                };
                code(ctx, flow, frame, node, text, language, block.span, tinted);
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
            }
            BlockKind::ThematicBreak => thematic_break(ctx, flow, frame, id),
            BlockKind::Table {
                columns,
                header,
                rows,
                caption,
            } => {
                let node = ctx.tree.add_with_id(StructRole::Table, parent, id);
                flow.anchor(id);
                flow.display_space(frame, skip, FLOAT_STRETCH_LINES);
                if !caption.is_empty() {
                    caption_above(ctx, flow, frame, node, id, caption);
                }
                table(ctx, flow, frame, node, columns, header, rows, block.span);
                flow.display_space(frame, skip, FLOAT_STRETCH_LINES);
            }
            BlockKind::Figure {
                image,
                caption,
                credit,
            } => {
                flow.anchor(id);
                flow.display_space(frame, skip, FLOAT_STRETCH_LINES);
                figure(
                    ctx,
                    flow,
                    frame,
                    parent,
                    block,
                    image.as_ref(),
                    caption,
                    credit,
                );
                flow.display_space(frame, skip, FLOAT_STRETCH_LINES);
            }
            BlockKind::DefinitionList { items } => {
                let node = ctx.tree.add_with_id(StructRole::L, parent, id);
                flow.anchor(id);
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
                definition_list(ctx, flow, frame, node, items);
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
            }
            BlockKind::Alert {
                kind,
                title,
                blocks: inner,
            } => {
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
                alert(ctx, flow, frame, parent, block, *kind, title, inner);
                flow.display_space(frame, skip, DISPLAY_STRETCH_LINES);
            }
            BlockKind::Index { groups } => {
                // Its initials go one level below its heading (a book's opening is one).
                let level = match prev {
                    Some(BlockKind::Heading { level, .. }) => *level,
                    _ if ctx.doc.is_book() => 1,
                    _ => 2,
                };
                super::index::index(ctx, flow, frame, parent, block, groups, level);
            }
            BlockKind::Div { blocks: inner } => {
                let node = ctx.tree.add_with_id(StructRole::Div, parent, id);
                flow.anchor(id);
                let mut inner_frame = frame.inset(Pt::ZERO, Pt::ZERO, node);
                if block.attr.has_class("source-note") {
                    let size = ctx.st.size * NOTE_SIZE;
                    inner_frame.size = size;
                    inner_frame.leading = size * SMALL_LEADING;
                    inner_frame.italic = true;
                    inner_frame.align = LineAlign::Right;
                    inner_frame.grid = false;
                    flow.space(frame, ctx.st.leading);
                }
                if block.attr.has_class(HANGING_INDENT_CLASS) {
                    // Entries hang by two ems; ragged right, since URLs and DOIs leave
                    // justified lines gaping.
                    let hang = frame.size * HANG_EM;
                    inner_frame = inner_frame.inset(hang, Pt::ZERO, node);
                    inner_frame.hang = hang;
                    inner_frame.align = LineAlign::Left;
                }
                blocks_in(ctx, flow, &inner_frame, inner);
            }
        }
        if let Some(lang) = outer_lang {
            ctx.lang = lang;
        }
        // The paragraph number stands beside the paragraph's first line (or its image).
        if let (BlockKind::Paragraph { .. }, Some(n)) = (&block.kind, paragraph_number(block))
            && let Some(first) = flow.chunks[from..].iter_mut().find(|c| !c.discardable)
        {
            first.number = Some(n);
        }
        prev = Some(&block.kind);
    }
}

/// Whether the section a heading of `level` opens over `after` (the blocks after it)
/// holds the index.
fn heads_index(after: &[Block], level: u8) -> bool {
    after
        .iter()
        .take_while(|b| !matches!(b.kind, BlockKind::Heading { level: l, .. } if l <= level))
        .any(|b| matches!(b.kind, BlockKind::Index { .. }))
}

/// Sets the caption of table or listing `id` above it: small and justified, as a
/// figure's caption is, in a `Caption` element under `node`, kept with what follows.
fn caption_above(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    node: StructId,
    id: &str,
    caption: &[quire_doc::Inline],
) {
    let cap = ctx.tree.add(StructRole::Caption, node);
    let (small, small_leading) = ctx.st.small;
    let mut f = frame.inset(Pt::ZERO, Pt::ZERO, cap);
    f.keep_all = true;
    f.grid = false;
    f.size = small;
    f.leading = small_leading;
    let unit = quire_doc::caption_id(id);
    let set = collect_unit(ctx, caption, f.style(), small, cap, &unit);
    // Display type: a caption is not hyphenated.
    paragraph(ctx, flow, &f, &set, Pt::ZERO, false);
    flow.space(&f, small_leading * CAPTION_GAP);
}

/// Space between a table's or listing's caption and its body, in lines of the
/// caption's leading.
pub const CAPTION_GAP: f64 = 0.5;

/// Lay out blocks in a nested frame (its headings do not open sections).
pub(crate) fn blocks_in(ctx: &mut Ctx<'_>, flow: &mut Flow, frame: &Frame, inner: &[Block]) {
    let mut frame = frame.clone();
    frame.top_level = false;
    blocks(ctx, flow, &frame, inner);
}

fn thematic_break(ctx: &mut Ctx<'_>, flow: &mut Flow, frame: &Frame, id: &str) {
    flow.anchor(id);
    let l = ctx.st.leading;
    let w = frame.width * BREAK_RULE_RATIO;
    let x = frame.left + (frame.width - w) * 0.5;
    let rule = Rule {
        from: Point { x, y: l },
        to: Point { x: x + w, y: l },
        thickness: Pt(0.5),
        color: Color::Gray(0.3),
        mark: Mark::Artifact(ArtifactKind::Decoration),
    };
    let chunk = Chunk {
        height: l * 2.0,
        items: vec![PageItem::Rule(rule)],
        grid: frame.grid,
        ..Chunk::default()
    };
    flow.push(frame, chunk);
}

/// Tint and bar colours of an alert.
fn alert_colors(kind: AlertKind) -> (Color, Color) {
    match kind {
        AlertKind::Note => (Color::Rgb(0.12, 0.35, 0.7), Color::Rgb(0.93, 0.95, 0.99)),
        AlertKind::Tip => (Color::Rgb(0.1, 0.5, 0.25), Color::Rgb(0.93, 0.98, 0.94)),
        AlertKind::Important => (Color::Rgb(0.45, 0.25, 0.7), Color::Rgb(0.96, 0.94, 0.99)),
        AlertKind::Warning => (Color::Rgb(0.7, 0.45, 0.0), Color::Rgb(0.99, 0.97, 0.91)),
        AlertKind::Caution => (Color::Rgb(0.75, 0.15, 0.15), Color::Rgb(0.99, 0.93, 0.93)),
    }
}

#[allow(clippy::too_many_arguments)]
fn alert(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    parent: crate::page::StructId,
    block: &Block,
    kind: AlertKind,
    title: &str,
    inner: &[Block],
) {
    let id = block.id();
    let node = ctx.tree.add_with_id(StructRole::Div, parent, id);
    flow.anchor(id);
    let (ink, tint) = alert_colors(kind);
    let pad = ctx.st.size * BOX_PAD_EM;
    let bar = Pt(ALERT_BAR);
    let mut boxed = frame.inset(bar + pad, pad, node);
    boxed.grid = false;
    boxed.fills = vec![(frame.left, frame.width, tint), (frame.left, bar, ink)];
    flow.space(&boxed, pad);
    let title_node = ctx.tree.add(StructRole::P, node);
    let mut set = super::text::InlineSet::default();
    let style = FontStyle {
        bold: true,
        ..frame.style()
    };
    set.push_text(title, style, frame.size, title_node, block.span);
    let mut title_frame = boxed.clone();
    title_frame.align = LineAlign::Left;
    let from = flow.chunks.len();
    paragraph(ctx, flow, &title_frame, &set, Pt::ZERO, false);
    for chunk in &mut flow.chunks[from..] {
        for item in &mut chunk.items {
            if let PageItem::Text(run) = item {
                run.color = ink;
            }
        }
    }
    flow.keep();
    blocks_in(ctx, flow, &boxed, inner);
    flow.space(&boxed, pad);
    flow.release();
}

/// The title block of the first page, set from the front matter: the title (unless the
/// body opens with the same level-1 heading), then the byline — subtitle or else source,
/// authors, date — each line in its own style. Its text is reading text: it extracts as
/// itself, before the body.
pub(crate) fn title_block(ctx: &mut Ctx<'_>, flow: &mut Flow, frame: &Frame) {
    let TitleBlock { title, byline } = title_block_text(ctx.doc);
    if title.is_none() && byline.is_empty() {
        return;
    }
    let mut centred = frame.clone();
    centred.align = LineAlign::Center;
    centred.grid = false;
    centred.keep_all = true;
    if let Some(title) = title {
        let node = ctx.tree.add(StructRole::H(1), super::structure::ROOT);
        let bold = FontStyle::BOLD;
        // A long title steps down in size, at most to `TITLE_MIN_RATIO` of it, until it
        // takes no more than `TITLE_MAX_LINES` lines.
        let mut chosen = None;
        for step in 0..=TITLE_STEPS {
            let ratio = 1.0 - (1.0 - TITLE_MIN_RATIO) * step as f64 / TITLE_STEPS as f64;
            let size = ctx.st.size * super::style::TITLE_SIZE * ratio;
            let mut set = super::text::InlineSet::default();
            set.push_text(&title, bold, size, node, Default::default());
            let Some(layout) = balanced(ctx, &set, centred.width) else {
                break;
            };
            let done = layout.lines.len() <= TITLE_MAX_LINES;
            chosen = Some((size, set, layout));
            if done {
                break;
            }
        }
        if let Some((size, set, layout)) = chosen {
            let mut f = centred.clone();
            f.size = size;
            f.leading = size * 1.2;
            let lines = emit(ctx, &set, &layout);
            let base = ctx.baseline_in(bold, size, f.leading);
            flow.lines(&f, lines, base);
        }
        flow.space(&centred, ctx.st.leading);
    }
    if !byline.is_empty() {
        let node = ctx.tree.add(StructRole::P, super::structure::ROOT);
        for (text, style, ratio) in byline {
            let mut f = centred.clone();
            f.size = ctx.st.size * ratio;
            f.leading = f.size * 1.35;
            let mut set = super::text::InlineSet::default();
            set.push_text(&text, style, f.size, node, Default::default());
            let mut opts = ctx.para_options(f.width);
            opts.align = Align::RaggedRight;
            opts.hyphenate = false;
            if let Some(layout) = ctx.paragraph(&set, &opts) {
                let lines = emit(ctx, &set, &layout);
                let base = ctx.baseline_in(style, f.size, f.leading);
                flow.lines(&f, lines, base);
            }
        }
    }
    flow.release();
    flow.space(frame, ctx.st.leading * 2.0);
}

/// Most lines of a title before its size steps down.
pub const TITLE_MAX_LINES: usize = 4;
/// The smallest a long title is set, as a fraction of its size.
pub const TITLE_MIN_RATIO: f64 = 0.8;
/// Steps from the title's size down to its smallest.
const TITLE_STEPS: usize = 4;

/// `set` as display lines balanced over `width`: the fewest lines the full width gives,
/// each as nearly the same length as the narrowest measure that keeps that count allows
/// (a binary search over the measure), never broken after an explicit hyphen or a dash.
fn balanced(
    ctx: &mut Ctx<'_>,
    set: &super::text::InlineSet,
    width: Pt,
) -> Option<std::sync::Arc<crate::paragraph::ParagraphLayout<usize>>> {
    let options = |ctx: &Ctx<'_>, w: Pt| {
        let mut opts = ctx.para_options(w);
        opts.align = Align::RaggedRight;
        opts.hyphenate = false;
        opts.break_at_hyphens = false;
        opts
    };
    let full = ctx.paragraph(set, &options(ctx, width))?;
    let count = full.lines.len();
    let fits = |l: &crate::paragraph::ParagraphLayout<usize>| {
        l.lines.len() == count && l.lines.iter().all(|line| line.overfull.0 <= 0.0)
    };
    let (mut lo, mut hi) = (width * 0.3, width);
    let mut best = full;
    // Eight halvings: within 0.3 % of the width, far below a glyph.
    for _ in 0..8 {
        let mid = (lo + hi) * 0.5;
        match ctx.paragraph(set, &options(ctx, mid)) {
            Some(l) if fits(&l) => {
                hi = mid;
                best = l;
            }
            _ => lo = mid,
        }
    }
    Some(best)
}

/// What the title block shows (see [`title_block`]).
pub(crate) struct TitleBlock {
    /// The title, unless the body opens with it as a level-1 heading.
    pub title: Option<String>,
    /// The byline lines: text, style and size relative to the body's.
    pub byline: Vec<(String, FontStyle, f64)>,
}

/// The lines of the title block of `doc`.
pub(crate) fn title_block_text(doc: &quire_doc::Document) -> TitleBlock {
    let meta = &doc.meta;
    let title = meta.title.trim().to_string();
    let first_h1 = doc.blocks.first().and_then(|b| match &b.kind {
        BlockKind::Heading { level: 1, content } => Some(inline_text(content)),
        _ => None,
    });
    let show_title = !title.is_empty() && first_h1.as_deref().map(str::trim) != Some(&title);
    let mut byline: Vec<(String, FontStyle, f64)> = Vec::new();
    if let Some(sub) = meta.subtitle.as_ref().or(meta.source.as_ref()) {
        byline.push((sub.clone(), FontStyle::ITALIC, 1.15));
    }
    if !meta.authors.is_empty() {
        byline.push((meta.authors.join(", "), FontStyle::REGULAR, 1.0));
    }
    if let Some(date) = &meta.date {
        byline.push((quire_doc::human_date(date), FontStyle::REGULAR, 0.9));
    }
    TitleBlock {
        title: show_title.then_some(title),
        byline,
    }
}
