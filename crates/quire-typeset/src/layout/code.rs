//! Code blocks and raw blocks: monospace, ragged, long lines wrapped.
//!
//! Each source line is its own unhyphenated, ragged paragraph in the mono face, so a line
//! too long for the box wraps (at spaces, after punctuation, or as a last resort inside
//! a word) and a blank line stays blank. Leading indentation is kept as a shift of the
//! line (tabs count as [`TAB_WIDTH`] spaces), so the words extracted are exactly the code's
//! words. Code blocks sit on a light tint with [`BOX_PAD_EM`] padding; the tint is painted
//! per line, so a block broken across pages stays tinted on both. Widow and orphan rules
//! apply to the block's lines as to a paragraph's.

use quire_doc::Span;

use crate::fonts::FontStyle;
use crate::page::{Color, StructId};
use crate::units::Pt;

use super::context::Ctx;
use super::emit::emit;
use super::flow::{Chunk, Flow, Frame, LineAlign};
use super::style::BOX_PAD_EM;
use super::text::InlineSet;

/// Columns a tab advances.
pub const TAB_WIDTH: usize = 4;
/// The tint behind code blocks.
pub const CODE_TINT: Color = Color::Gray(0.95);

/// Lay out `text` as code lines.
pub(crate) fn code(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    node: StructId,
    text: &str,
    span: Span,
    tinted: bool,
) {
    let (size, leading) = ctx.st.code;
    let pad = if tinted {
        ctx.st.size * BOX_PAD_EM
    } else {
        Pt::ZERO
    };
    let mut boxed = frame.clone();
    boxed.size = size;
    boxed.leading = leading;
    boxed.grid = false;
    boxed.align = LineAlign::Left;
    if tinted {
        boxed.fills.push((frame.left, frame.width, CODE_TINT));
    }
    if tinted {
        flow.space(&boxed, pad);
        flow.keep();
    }
    let style = FontStyle::MONO;
    let space = ctx.text_width(" ", style, size);
    let base = ctx.baseline_in(style, size, leading);
    let from = flow.chunks.len();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let body = line.trim_start_matches([' ', '\t']);
        let columns: usize = line[..line.len() - body.len()]
            .chars()
            .map(|c| if c == '\t' { TAB_WIDTH } else { 1 })
            .sum();
        let indent = (space * columns as f64).min(frame.width * 0.5);
        // The block's span: the caller finds the character in the source from there.
        let at = span;
        let mut set = InlineSet::default();
        set.push_text(body.trim_end(), style, size, node, at);
        let measure = boxed.width - pad * 2.0 - indent;
        let mut opts = ctx.para_options(measure);
        opts.align = crate::paragraph::Align::RaggedRight;
        opts.hyphenate = false;
        let layout = if set.is_empty() {
            None
        } else {
            ctx.paragraph(&set, &opts)
        };
        match layout {
            Some(layout) => {
                let lines = emit(ctx, &set, &layout);
                let mut line_frame = boxed.clone();
                line_frame.left = boxed.left + pad + indent;
                let start = flow.chunks.len();
                flow.lines(&line_frame, lines, base);
                for c in &mut flow.chunks[start..] {
                    c.keep_with_next = false;
                }
            }
            None => flow.push(
                &boxed,
                Chunk {
                    height: leading,
                    baseline: Some(base),
                    ..Chunk::default()
                },
            ),
        }
    }
    flow.protect_lines(from);
    if tinted {
        flow.keep();
        flow.space(&boxed, pad);
    }
}
