//! The vertical list: blocks become a sequence of unbreakable [`Chunk`]s.
//!
//! Every block is turned into chunks (one per line of a paragraph, one per table row, a
//! whole heading, an image) with everything painted in them positioned relative to the
//! chunk's top-left corner on the text block's left edge. Between two chunks the page may
//! break unless the first says `keep_with_next`; that one flag carries all the keeps of
//! the design: widows and orphans (no break after the first line or before the last line
//! of a paragraph, [`ORPHAN_LINES`]/[`WIDOW_LINES`]), a heading with what follows, a
//! figure with its caption, a table header with its first row. Vertical space is a chunk
//! of its own that the paginator drops at the top of a page, unless it belongs to a
//! framed box (code, alerts) whose tint must continue. Chunks of the main text say
//! `grid`: the paginator starts them on the next baseline-grid line.
//!
//! A [`Frame`] describes the container being filled: its left edge and width within the
//! text block, its structure parent, its type size and leading, alignment, and the tints
//! painted behind each of its chunks.

use crate::fonts::FontStyle;
use crate::page::{Anchor, ArtifactKind, Color, Fill, Mark, PageItem, Point, Rect, StructId};
use crate::paragraph::Align;
use crate::units::Pt;

use super::context::Ctx;
use super::emit::{SetLine, emit};
use super::text::InlineSet;

/// Fewest lines of a paragraph left at the bottom of a page.
pub const ORPHAN_LINES: usize = 2;
/// Fewest lines of a paragraph carried to the top of a page.
pub const WIDOW_LINES: usize = 2;

/// An unbreakable piece of the vertical list.
#[derive(Clone, Debug, Default)]
pub(crate) struct Chunk {
    /// Its height.
    pub height: Pt,
    /// What it paints, relative to its top-left corner on the text block's left edge.
    pub items: Vec<PageItem>,
    /// Notes first referenced in it (indices into the document's notes).
    pub notes: Vec<usize>,
    /// The page may not break after it.
    pub keep_with_next: bool,
    /// Vertical space, dropped at the top of a page.
    pub discardable: bool,
    /// For space: how many whole grid lines it may grow by when pagination fills out a
    /// page that would end short (see `super::paginate`).
    pub stretch: usize,
    /// A line of text that ends in an added hyphen (a page should not end after it on a
    /// recto).
    pub hyphen: bool,
    /// Starts on the baseline grid.
    pub grid: bool,
    /// A section title starts here (for the running head).
    pub mark: Option<String>,
    /// Inside a table: the header to repeat when a page starts with this chunk.
    pub table_header: Option<usize>,
    /// Its first baseline from its top, for text chunks.
    pub baseline: Option<Pt>,
    /// Part of a figure that may float to the next page: the chunks of one figure share
    /// a value (see `super::paginate`).
    pub float: Option<usize>,
    /// What it asks of its page (a book's openings: a new page, no running head …).
    pub page: Option<PageMark>,
    /// Annotations whose marker (the end of their passage) is in it (indices into the
    /// document's annotations).
    pub annotations: Vec<usize>,
    /// The paragraph number printed in the margin beside it (a paragraph's first line).
    pub number: Option<u32>,
}

/// What a chunk asks of the page it falls on; set by the book layout (`super::book`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PageMark {
    /// A new page starts with this chunk: a recto (with a blank verso before it when
    /// needed) if `recto`, else the next page.
    pub new_page: bool,
    /// The new page must be a recto.
    pub recto: bool,
    /// The page shows no running head (an opening page).
    pub no_head: bool,
    /// The page shows no folio (the half-title, title and copyright pages).
    pub no_folio: bool,
    /// Arabic folios start from 1 on this page (the first part or chapter).
    pub arabic: bool,
}

/// How the lines of a frame are aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineAlign {
    /// Justified, last line flush left.
    Justify,
    /// Flush left, ragged right.
    Left,
    /// Flush right.
    Right,
    /// Centred.
    Center,
}

/// The narrowest measure nesting makes, in ems of the type size. Nesting goes to 48
/// levels and each list level indents about 1.5 em, so a deep enough list would run off
/// any page; at this width a line still holds a few words.
pub const MIN_NESTED_MEASURE_EM: f64 = 12.0;

/// The container being filled.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    /// Left edge from the text block's left edge.
    pub left: Pt,
    /// The measure.
    pub width: Pt,
    /// Structure parent of its blocks.
    pub parent: StructId,
    /// Type size.
    pub size: Pt,
    /// Leading.
    pub leading: Pt,
    /// Text lines snap to the baseline grid.
    pub grid: bool,
    /// Text is italic (flipped by emphasis).
    pub italic: bool,
    /// Line alignment.
    pub align: LineAlign,
    /// Tints painted behind every chunk: (left, width, colour).
    pub fills: Vec<(Pt, Pt, Color)>,
    /// Keep all chunks together (figures).
    pub keep_all: bool,
    /// Its headings open sections (the document body).
    pub top_level: bool,
    /// Nesting depth of lists (for bullet shapes).
    pub list_depth: usize,
    /// How far a paragraph's first line stands out to the left of the others (a
    /// bibliography's hanging indent); zero for ordinary text.
    pub hang: Pt,
    /// Whether its paragraphs may be hyphenated: not display type (captions).
    pub hyphenate: bool,
}

impl Frame {
    /// The body frame: the whole measure, on the grid.
    pub fn body(ctx: &Ctx<'_>, width: Pt) -> Frame {
        Frame {
            left: Pt::ZERO,
            width,
            parent: super::structure::ROOT,
            size: ctx.st.size,
            leading: ctx.st.leading,
            grid: true,
            italic: false,
            align: LineAlign::Justify,
            fills: Vec::new(),
            keep_all: false,
            top_level: true,
            list_depth: 0,
            hang: Pt::ZERO,
            hyphenate: true,
        }
    }

    /// A nested frame indented by `left` and `right`, under `parent`, never narrower
    /// than [`MIN_NESTED_MEASURE_EM`] (or its parent, if that is narrower already) and
    /// never beyond its parent's right edge: past that depth, deeper lists and quotes
    /// stop indenting instead of running off the page.
    pub fn inset(&self, left: Pt, right: Pt, parent: StructId) -> Frame {
        let narrowest = (self.size * MIN_NESTED_MEASURE_EM).min(self.width);
        let width = (self.width - left - right).max(narrowest);
        let left = left.min(self.width - width).max(Pt::ZERO);
        Frame {
            left: self.left + left,
            width,
            parent,
            top_level: false,
            ..self.clone()
        }
    }

    /// The base text style.
    pub fn style(&self) -> FontStyle {
        FontStyle {
            italic: self.italic,
            ..FontStyle::REGULAR
        }
    }
}

/// The vertical list being built.
#[derive(Debug, Default)]
pub(crate) struct Flow {
    pub chunks: Vec<Chunk>,
    /// Repeatable table headers (artifacts), referred to by [`Chunk::table_header`].
    pub headers: Vec<Chunk>,
    /// Top-level headings for the outline: (level, title, anchor).
    pub headings: Vec<(u8, String, String)>,
    /// The paragraphs of the body that pagination may ask for a line more (see
    /// `super::looseness`).
    pub paragraphs: Vec<super::looseness::BodyParagraph>,
    /// Element ids waiting for the next chunk.
    pending: Vec<String>,
}

impl Flow {
    /// Name the next chunk's top-left corner (an element id).
    pub fn anchor(&mut self, id: &str) {
        if !id.is_empty() {
            self.pending.push(id.to_string());
        }
    }

    /// Append a chunk in `frame`: tints behind it, waiting anchors on it.
    pub fn push(&mut self, frame: &Frame, mut chunk: Chunk) {
        let fills = frame.fills.iter().map(|&(x, width, color)| {
            PageItem::Fill(Fill {
                rect: Rect {
                    x,
                    y: Pt::ZERO,
                    width,
                    height: chunk.height,
                },
                color,
                mark: Mark::Artifact(ArtifactKind::Decoration),
            })
        });
        let mut items: Vec<PageItem> = fills.collect();
        items.extend(self.pending.drain(..).map(|name| {
            PageItem::Anchor(Anchor {
                name,
                at: Point {
                    x: frame.left,
                    y: Pt::ZERO,
                },
            })
        }));
        if !items.is_empty() {
            items.append(&mut chunk.items);
            chunk.items = items;
        }
        if frame.keep_all {
            chunk.keep_with_next = true;
        }
        self.chunks.push(chunk);
    }

    /// Vertical space; it keeps with what follows when what precedes does. Adjacent
    /// spaces collapse to the larger one (as CSS margins do), so two displays in a row are
    /// separated once, not twice.
    pub fn space(&mut self, frame: &Frame, height: Pt) {
        if height.0 <= 0.0 || self.chunks.is_empty() {
            return;
        }
        if let Some(last) = self.chunks.last_mut()
            && last.discardable
            && frame.fills.is_empty()
        {
            last.height = last.height.max(height);
            return;
        }
        let keep = self.chunks.last().is_some_and(|c| c.keep_with_next) || frame.keep_all;
        let chunk = Chunk {
            height,
            keep_with_next: keep,
            discardable: frame.fills.is_empty(),
            ..Chunk::default()
        };
        let pending = std::mem::take(&mut self.pending);
        self.push(frame, chunk);
        self.pending = pending;
    }

    /// Space around a display (a figure, a table, a quotation, a list, code), which may
    /// grow by up to `lines` grid lines when its page would otherwise end short (see
    /// `fill_out`): white shared out between a page's displays reads as part of their
    /// setting, white at the foot as a page that stopped early.
    pub fn display_space(&mut self, frame: &Frame, height: Pt, lines: usize) {
        self.space(frame, height);
        self.stretchable(lines);
    }

    /// Let the last chunk, if it is space, grow by up to `lines` grid lines (the most any
    /// space merged into it allowed).
    pub fn stretchable(&mut self, lines: usize) {
        if let Some(c) = self.chunks.last_mut()
            && c.discardable
        {
            c.stretch = c.stretch.max(lines);
        }
    }

    /// Let the page break after the last chunk again (ends a keep).
    pub fn release(&mut self) {
        if let Some(c) = self.chunks.last_mut() {
            c.keep_with_next = false;
        }
    }

    /// Keep the last chunk with the next.
    pub fn keep(&mut self) {
        if let Some(c) = self.chunks.last_mut() {
            c.keep_with_next = true;
        }
    }

    /// Forbid breaks that would leave fewer than the widow/orphan minimum of the chunks
    /// `from..` on either side.
    pub fn protect_lines(&mut self, from: usize) {
        let n = self.chunks.len().saturating_sub(from);
        for (k, chunk) in self.chunks[from..].iter_mut().enumerate() {
            let before = k + 1;
            if before < n && (before < ORPHAN_LINES || n - before < WIDOW_LINES) {
                chunk.keep_with_next = true;
            }
        }
    }

    /// Append set lines as one chunk each, aligned in `frame`; returns the first index.
    pub fn lines(&mut self, frame: &Frame, lines: Vec<SetLine>, baseline: Pt) -> usize {
        let from = self.chunks.len();
        for line in lines {
            let dx = frame.left
                + match frame.align {
                    LineAlign::Justify | LineAlign::Left => Pt::ZERO,
                    LineAlign::Right => (frame.width - line.width).max(Pt::ZERO),
                    LineAlign::Center => ((frame.width - line.width) * 0.5).max(Pt::ZERO),
                };
            let mut items = line.items;
            translate(&mut items, dx, baseline);
            let hyphen = items.iter().any(|i| {
                matches!(i, PageItem::Text(t) if t.mark == Mark::Artifact(ArtifactKind::Hyphen))
            });
            let chunk = Chunk {
                height: frame.leading,
                hyphen,
                items,
                notes: line.notes,
                annotations: line.annotations,
                grid: frame.grid,
                baseline: Some(baseline),
                ..Chunk::default()
            };
            self.push(frame, chunk);
        }
        self.protect_lines(from);
        from
    }
}

/// Lay out a paragraph in `frame` and append its lines; returns the index of its first
/// chunk, or `None` if it set nothing (no text, or characters without glyphs).
pub(crate) fn paragraph(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    set: &InlineSet,
    indent: Pt,
    hyphenate: bool,
) -> Option<usize> {
    if set.is_empty() {
        return None;
    }
    let mut opts = ctx.para_options(frame.width);
    opts.indent = indent;
    opts.hyphenate = hyphenate;
    opts.align = if frame.align == LineAlign::Justify {
        Align::Justify
    } else {
        Align::RaggedRight
    };
    // Running text on the grid may be set looser to fill a page; display type and
    // figures' text may not.
    let loosenable =
        hyphenate && frame.grid && frame.align == LineAlign::Justify && !frame.keep_all;
    let ordinal = ctx.next_paragraph;
    if loosenable && ctx.recording.is_none() {
        ctx.next_paragraph += 1;
        opts.looseness = ctx.looseness.get(&ordinal).copied().unwrap_or(0);
    }
    let layout = ctx.paragraph(set, &opts)?;
    if ctx.recording.is_some() {
        // The look-ahead worker keeps only the layout (see `super::ahead`).
        return None;
    }
    let lines = emit(ctx, set, &layout);
    let last_fill = lines.last().map_or(0.0, |l| l.width.0 / frame.width.0);
    let baseline = ctx.baseline_in(frame.style(), frame.size, frame.leading);
    let from = flow.lines(frame, lines, baseline);
    if loosenable {
        flow.paragraphs.push(super::looseness::BodyParagraph {
            ordinal,
            chunks: from..flow.chunks.len(),
            last_fill,
            looseness: layout.looseness,
        });
    }
    Some(from)
}

/// Move page items by `(dx, dy)`.
pub(crate) fn translate(items: &mut [PageItem], dx: Pt, dy: Pt) {
    let mv = |p: &mut Point| {
        p.x += dx;
        p.y += dy;
    };
    for item in items {
        match item {
            PageItem::Text(t) => mv(&mut t.origin),
            PageItem::Rule(r) => {
                mv(&mut r.from);
                mv(&mut r.to);
            }
            PageItem::Fill(f) => {
                f.rect.x += dx;
                f.rect.y += dy;
            }
            PageItem::Image(i) => {
                i.rect.x += dx;
                i.rect.y += dy;
            }
            PageItem::Link(l) => {
                l.rect.x += dx;
                l.rect.y += dy;
            }
            PageItem::Anchor(a) => mv(&mut a.at),
        }
    }
}
