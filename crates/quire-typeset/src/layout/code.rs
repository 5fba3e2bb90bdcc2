//! Code blocks and raw blocks: monospace, ragged, highlighted, long lines wrapped.
//!
//! Each source line is its own unhyphenated, ragged paragraph in the mono face, so a line
//! too long for the box wraps (at spaces, after punctuation, or as a last resort inside
//! a word) and a blank line stays blank. Leading indentation is kept as a shift of the
//! line (tabs count as [`TAB_WIDTH`] spaces), so the words extracted are exactly the code's
//! words.
//!
//! **Wrapped lines.** A line that does not fit is set in two steps: its first line on the
//! full measure, then the rest on a measure [`CONTINUATION_COLUMNS`] narrower, each
//! continuation line shifted right by that much, under the line's own indentation, with
//! [`CONTINUATION_MARK`] in the gap. The mark is an artifact with an empty `ActualText`,
//! so neither tagged extraction nor `pdftotext` sees it.
//!
//! **Smaller size.** A block in which more than [`WRAPS_BEFORE_SMALLER`] lines are longer
//! than the columns that fit at the code size ([`super::style::CODE_SIZE`]) is set one
//! step smaller ([`super::style::CODE_SMALL_SIZE`]) as a whole: one long listing reads
//! better a little smaller than broken on every other line. Columns are counted as
//! characters (a tab as [`TAB_WIDTH`]) times the face's space advance, which for a
//! monospaced face is the width of the line.
//!
//! **Highlighting** comes from `quire-highlight` (the same tokens as the web edition);
//! [`token_color`] is the print palette. The PDF has the regular mono face only, so the
//! classes differ by lightness as well as hue and stay apart in grayscale print: keywords
//! darkest, comments lightest.
//!
//! **Breaking.** Code blocks sit on a light tint with [`BOX_PAD_EM`] padding; the tint is
//! painted per line, so a block broken across pages stays tinted on both. Widow and orphan
//! rules apply to the block's lines as to a paragraph's; the padding keeps with the first
//! and last line, and a page may break after a block, so a run of short blocks is not one
//! unbreakable unit.

use quire_doc::Span;
use quire_highlight::{Class, Line as TokenLine};

use crate::fonts::FontStyle;
use crate::line::LineEnd;
use crate::page::{ArtifactKind, Color, Mark, PageItem, StructId};
use crate::units::Pt;

use super::context::Ctx;
use super::emit::{SetLine, emit};
use super::flow::{Chunk, Flow, Frame, LineAlign, translate};
use super::style::BOX_PAD_EM;
use super::text::InlineSet;

/// Columns a tab advances.
pub const TAB_WIDTH: usize = 4;
/// The tint behind code blocks.
pub const CODE_TINT: Color = Color::Gray(0.95);
/// Drawn before each continuation of a wrapped line (the embedded faces have it).
pub const CONTINUATION_MARK: &str = "↪";
/// How far continuation lines are shifted right, in columns (room for the mark).
pub const CONTINUATION_COLUMNS: f64 = 2.0;
/// The ink of the mark.
pub const CONTINUATION_COLOR: Color = Color::Gray(0.45);
/// A block with more lines than this that would wrap at the code size is set smaller.
pub const WRAPS_BEFORE_SMALLER: usize = 3;

/// The print ink of a token class (sRGB, which the PDF's output intent declares).
/// Lightness, darkest first: keyword, function, type, operator, constant, string,
/// comment.
pub fn token_color(class: Class) -> Color {
    let rgb = |r: u8, g: u8, b: u8| {
        Color::Rgb(
            f32::from(r) / 255.0,
            f32::from(g) / 255.0,
            f32::from(b) / 255.0,
        )
    };
    match class {
        Class::Keyword => rgb(0x4a, 0x14, 0x6b),
        Class::Function => rgb(0x1c, 0x3a, 0x8c),
        Class::Type => rgb(0x0e, 0x50, 0x6e),
        Class::Operator => rgb(0x5a, 0x43, 0x00),
        Class::Constant => rgb(0x9a, 0x3a, 0x10),
        Class::String => rgb(0x2f, 0x72, 0x22),
        Class::Comment => rgb(0x74, 0x70, 0x66),
    }
}

/// Lay out `text` as code lines, highlighted as `language` if the highlighter knows it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn code(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    node: StructId,
    text: &str,
    language: Option<&str>,
    span: Span,
    tinted: bool,
) {
    let pad = if tinted {
        ctx.st.size * BOX_PAD_EM
    } else {
        Pt::ZERO
    };
    let style = FontStyle::MONO;
    let (size, leading) = code_size(ctx, text, frame.width - pad * 2.0);
    let tokens = language.and_then(|l| quire_highlight::highlight(l, text));
    let mut boxed = frame.clone();
    boxed.size = size;
    boxed.leading = leading;
    boxed.grid = false;
    boxed.align = LineAlign::Left;
    if tinted {
        boxed.fills.push((frame.left, frame.width, CODE_TINT));
        flow.space(&boxed, pad);
        flow.keep();
    }
    let space = ctx.text_width(" ", style, size);
    let hang = space * CONTINUATION_COLUMNS;
    let base = ctx.baseline_in(style, size, leading);
    let from = flow.chunks.len();
    for (n, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let body = line.trim_start_matches([' ', '\t']);
        let skipped = line.len() - body.len();
        let body = body.trim_end();
        let indent = (space * columns(&line[..skipped]) as f64).min(frame.width * 0.5);
        let piece = Piece {
            text: body,
            offset: skipped,
            tokens: tokens.as_ref().and_then(|t| t.get(n)),
            node,
            size,
            at: span,
        };
        let measure = boxed.width - pad * 2.0 - indent;
        let left = boxed.left + pad + indent;
        let Some((first, rest, in_word)) = set_line(ctx, &piece, measure) else {
            flow.push(
                &boxed,
                Chunk {
                    height: leading,
                    baseline: Some(base),
                    ..Chunk::default()
                },
            );
            continue;
        };
        let mut line_frame = boxed.clone();
        line_frame.left = left;
        let start = flow.chunks.len();
        flow.lines(&line_frame, vec![first], base);
        if rest < body.len() {
            let tail = Piece {
                text: &body[rest..],
                offset: skipped + rest,
                ..piece
            };
            let mut lines = continuation(ctx, &tail, measure - hang, hang);
            if in_word && let Some(line) = lines.first_mut() {
                let word = tail
                    .text
                    .find(char::is_whitespace)
                    .unwrap_or(tail.text.len());
                silence_word_rest(line, word);
            }
            line_frame.left = left + hang;
            flow.lines(&line_frame, lines, base);
        }
        for c in &mut flow.chunks[start..] {
            c.keep_with_next = false;
        }
    }
    flow.protect_lines(from);
    if tinted {
        flow.keep();
        flow.space(&boxed, pad);
        // A page may break after the block: without this the bottom padding kept with
        // whatever follows, and a run of short blocks became one unbreakable unit.
        flow.release();
    }
}

/// Size and leading for a block: the code size, or one step smaller when more than
/// [`WRAPS_BEFORE_SMALLER`] lines would wrap at it within `measure`.
fn code_size(ctx: &mut Ctx<'_>, text: &str, measure: Pt) -> (Pt, Pt) {
    let (size, _) = ctx.st.code;
    let space = ctx.text_width(" ", FontStyle::MONO, size);
    if space.0 <= 0.0 {
        return ctx.st.code;
    }
    let fit = (measure.0 / space.0).floor().max(1.0) as usize;
    let wrapping = text
        .split('\n')
        .filter(|l| columns(l.trim_end()) > fit)
        .take(WRAPS_BEFORE_SMALLER + 1)
        .count();
    if wrapping > WRAPS_BEFORE_SMALLER {
        ctx.st.code_small
    } else {
        ctx.st.code
    }
}

/// Columns `text` takes in a monospaced face (a tab advances [`TAB_WIDTH`]).
fn columns(text: &str) -> usize {
    text.chars()
        .map(|c| if c == '\t' { TAB_WIDTH } else { 1 })
        .sum()
}

/// A stretch of one code line to set: its text, where it starts in the line, and the
/// line's tokens (ranges in the whole line).
#[derive(Clone, Copy)]
struct Piece<'t> {
    text: &'t str,
    offset: usize,
    tokens: Option<&'t TokenLine>,
    node: StructId,
    size: Pt,
    at: Span,
}

impl Piece<'_> {
    /// The inline set of the piece: one run per token and per stretch between tokens.
    fn inlines(&self) -> InlineSet {
        let mut set = InlineSet::default();
        let end = self.offset + self.text.len();
        let mut at = self.offset;
        let push = |set: &mut InlineSet, from: usize, to: usize, color: Color| {
            if from < to {
                let text = &self.text[from - self.offset..to - self.offset];
                set.push_colored(text, FontStyle::MONO, self.size, self.node, self.at, color);
            }
        };
        for token in self.tokens.into_iter().flatten() {
            let start = token.range.start.clamp(self.offset, end);
            let stop = token.range.end.clamp(self.offset, end);
            if start >= stop {
                continue;
            }
            push(&mut set, at, start, Color::default());
            push(&mut set, start, stop, token_color(token.class));
            at = stop;
        }
        push(&mut set, at, end, Color::default());
        set
    }
}

fn options(ctx: &Ctx<'_>, measure: Pt) -> crate::paragraph::ParagraphOptions {
    let mut opts = ctx.para_options(measure);
    opts.align = crate::paragraph::Align::RaggedRight;
    opts.hyphenate = false;
    opts
}

/// Set the first line of `piece` on `measure`; also returns where in `piece.text` the
/// rest starts (its length if it all fits) and whether the break cut a word. `None` for
/// an empty line (or one no font can show, which the context has recorded).
fn set_line(ctx: &mut Ctx<'_>, piece: &Piece<'_>, measure: Pt) -> Option<(SetLine, usize, bool)> {
    let set = piece.inlines();
    if set.is_empty() {
        return None;
    }
    let layout = ctx.paragraph(&set, &options(ctx, measure))?;
    let (rest, in_word) = match layout.lines.get(1) {
        Some(_) => (
            layout.lines[0].trailing.end.min(piece.text.len()),
            matches!(layout.lines[0].end, LineEnd::InWord | LineEnd::Hyphen),
        ),
        None => (piece.text.len(), false),
    };
    let first = emit(ctx, &set, &layout).into_iter().next()?;
    Some((first, rest, in_word))
}

/// A word cut at the end of a first line extracts whole from that line (its last run
/// carries the whole word as `actual_text`, see `super::emit`); the first `word` bytes
/// of the continuation, the rest of that word, must then extract as nothing.
fn silence_word_rest(line: &mut SetLine, word: usize) {
    let mut at = 0;
    for item in &mut line.items {
        let PageItem::Text(run) = item else { continue };
        if !matches!(run.mark, Mark::Content(_)) || at >= word {
            continue;
        }
        let len = run.text.len();
        let shown = run.actual_text.as_deref().unwrap_or(&run.text);
        run.actual_text = Some(if at + len <= word {
            String::new()
        } else {
            shown.get(word - at..).unwrap_or("").to_string()
        });
        at += len;
    }
}

/// The continuation lines of a wrapped line, each with the mark in the `hang` before it.
fn continuation(ctx: &mut Ctx<'_>, piece: &Piece<'_>, measure: Pt, hang: Pt) -> Vec<SetLine> {
    let set = piece.inlines();
    if set.is_empty() {
        return Vec::new();
    }
    let Some(layout) = ctx.paragraph(&set, &options(ctx, measure)) else {
        return Vec::new();
    };
    let mut lines = emit(ctx, &set, &layout);
    let mark = mark(ctx, piece.size, piece.at);
    for line in &mut lines {
        let mut items = mark.clone();
        translate(&mut items, -hang, Pt::ZERO);
        items.append(&mut line.items);
        line.items = items;
    }
    lines
}

/// The continuation mark as page items at the origin, or nothing if no face has it.
fn mark(ctx: &mut Ctx<'_>, size: Pt, at: Span) -> Vec<PageItem> {
    if !ctx.covers(CONTINUATION_MARK, FontStyle::MONO) {
        return Vec::new();
    }
    let kind = Mark::Artifact(ArtifactKind::Decoration);
    let (runs, _) = ctx.set_text(CONTINUATION_MARK, FontStyle::MONO, size, kind, at);
    runs.into_iter()
        .map(|mut run| {
            run.color = CONTINUATION_COLOR;
            // Not code: extraction (which honours ActualText) must not see it.
            run.actual_text = Some(String::new());
            PageItem::Text(run)
        })
        .collect()
}
