//! Setting the chosen lines: positioned glyph runs, justification, added hyphens.
//!
//! For each break the line's source text is known exactly: it runs from where the
//! previous line's discarded material (spaces, a forced break) ended up to the break.
//! Words lying wholly inside the line reuse their shaped glyphs; a word cut by the line
//! (at a hyphenation point, a soft hyphen or an emergency break) is shaped again, each part
//! on its own, so ligatures and kerning across the cut are undone exactly as a reader
//! expects. When the line ends in an added hyphen, the last part is shaped together with
//! `-`, so the hyphen is kerned against its letter.
//!
//! **Justification** is applied to the actual shaped widths, not the estimates the line
//! breaker used: with natural width `w`, measure `m`, and the line's total space stretch
//! `Y` and shrink `Z`, every interword space grows by `r·stretch` (`r = (m − w)/Y`) or
//! shrinks by `r·shrink` (`r = (m − w)/Z`, `r ≥ −1`). With font expansion (see `optical`)
//! the glyphs' share `E·W` joins `Y` and `Z`, the glyphs widen by `1 + E·r` (at most
//! `1 + E`; a looser line's spaces take the rest) and the measure grows by the
//! punctuation hanging into the margins. Lines that end a paragraph or a forced break,
//! and ragged-right lines, keep natural spacing (they may narrow rather than overflow). Because composite PDF fonts
//! ignore word spacing (`Tw`), the adjustment lives in the space glyphs' advances, i.e. in
//! the per-glyph positions a backend writes as `TJ` offsets. If re-shaping made a line a
//! hair wider than the breaker measured and its spaces cannot absorb it, the line is
//! squeezed uniformly by at most [`MAX_SQUEEZE`]; only a single unbreakable piece wider than
//! the measure is left overfull, and that is reported in [`Line::overfull`].
//!
//! **Source text.** Every [`GlyphRun`] carries the exact source text of its glyphs and
//! the offset of that text in its inline; each glyph's `text` range selects its share (a
//! ligature `ffi` gets `"ffi"`, the second glyph of a decomposed cluster gets nothing).
//! An added hyphen is never source text: it sits in a run of its own whose
//! [`GlyphRun::artifact`] is [`Artifact::Hyphen`], with empty `text`. A PDF writer marks
//! that run as an `/Artifact` (or gives it an empty `/ActualText`), so extraction joins the
//! word back together. The spaces where lines break are not set; they are in
//! [`Line::trailing`], so the visible and trailing ranges of all lines tile the paragraph
//! text exactly.

use std::ops::Range;

use crate::fonts::FontId;
use crate::fragment::{Frag, FragKind};
use crate::items::{ItemMeta, SPACE_SHRINK, SPACE_STRETCH};
use crate::linebreak::{Item, PENALTY_FORCE};
use crate::paragraph::{Align, Inline, ParagraphOptions, Span};
use crate::shape::{ShapedGlyph, Shaper, cluster_ranges};
use crate::units::Pt;

pub use crate::glyph::Glyph;

/// The most a line is squeezed uniformly (as a fraction of the measure) to absorb
/// re-shaping differences before it is reported overfull.
pub const MAX_SQUEEZE: f64 = 0.02;

/// Tolerance for width comparisons (well below a printer's dot).
const EPSILON: f64 = 1e-6;

/// Why a run is not source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Artifact {
    /// The hyphen added at the end of a hyphenated line.
    Hyphen,
}

/// Glyphs of one font and size from one inline, positioned on the line.
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphRun<S> {
    /// Start of the run from the line's left edge.
    pub x: Pt,
    /// The font.
    pub font: FontId,
    /// The font size.
    pub size: Pt,
    /// The glyphs in visual order.
    pub glyphs: Vec<Glyph>,
    /// The source text of the glyphs (empty for artifacts).
    pub text: String,
    /// The source payload of the inline the text came from.
    pub source: S,
    /// Byte offset of `text` within that inline's text.
    pub source_offset: usize,
    /// Set for material that is not source text (the added hyphen).
    pub artifact: Option<Artifact>,
    /// Horizontal scale of the glyphs' outlines (font expansion, see `optical`; 1 for
    /// none). The advances and positions already include it.
    pub scale: f64,
}

impl<S> GlyphRun<S> {
    /// The run's width: the sum of its advances.
    pub fn width(&self) -> Pt {
        self.glyphs.iter().map(|g| g.advance()).sum()
    }
}

/// An inline object placed on a line.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedObject<S> {
    /// Left edge from the line's left edge.
    pub x: Pt,
    /// Width.
    pub width: Pt,
    /// Height above the baseline.
    pub ascent: Pt,
    /// Depth below the baseline.
    pub descent: Pt,
    /// The caller's payload.
    pub source: S,
}

/// Something set on a line.
#[derive(Clone, Debug, PartialEq)]
pub enum LineItem<S> {
    /// Text.
    Glyphs(GlyphRun<S>),
    /// An inline object.
    Object(PlacedObject<S>),
}

/// How a line ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnd {
    /// At an interword space (not set; see [`Line::trailing`]).
    Space,
    /// With an added hyphen.
    Hyphen,
    /// At a break opportunity inside a word (after `/`, after an explicit hyphen) or an
    /// emergency break.
    InWord,
    /// At a forced line break.
    Forced,
    /// At the end of the paragraph.
    Paragraph,
}

/// One line of a paragraph, ready to be stacked by a paginator.
#[derive(Clone, Debug, PartialEq)]
pub struct Line<S> {
    /// Text and objects, left to right.
    pub items: Vec<LineItem<S>>,
    /// The set width from the line's left edge, first-line indent included (≤ the
    /// measure unless `overfull` is positive).
    pub width: Pt,
    /// Height of the tallest content above the baseline.
    pub ascent: Pt,
    /// Depth of the deepest content below the baseline (positive).
    pub descent: Pt,
    /// The adjustment ratio applied to the interword spaces.
    pub ratio: f64,
    /// How the line ends.
    pub end: LineEnd,
    /// Byte range of the paragraph text set on this line.
    pub range: Range<usize>,
    /// Byte range of the paragraph text discarded after it (break spaces, a forced break).
    pub trailing: Range<usize>,
    /// By how much the line exceeds the measure (zero unless a single unbreakable piece
    /// is wider than the measure).
    pub overfull: Pt,
    /// How far the line's first character hangs into the left margin (its content then
    /// starts at `-hang_left`) and its last one (or its added hyphen) past the measure
    /// (`width` then exceeds the measure by `hang_right`): optical margin alignment.
    pub hang_left: Pt,
    /// See [`Line::hang_left`].
    pub hang_right: Pt,
}

impl<S> Line<S> {
    /// Whether the line ends with an added hyphen.
    pub fn hyphenated(&self) -> bool {
        self.end == LineEnd::Hyphen
    }

    /// Ascent plus descent.
    pub fn height(&self) -> Pt {
        self.ascent + self.descent
    }

    /// The source text of the line (artifacts excluded; objects as U+FFFC).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            match item {
                LineItem::Glyphs(run) => out.push_str(&run.text),
                LineItem::Object(_) => out.push(crate::paragraph::OBJECT_CHAR),
            }
        }
        out
    }
}

/// Everything the line builder needs from the paragraph stage.
pub(crate) struct LineInput<'p, S> {
    pub inlines: &'p [Inline<S>],
    pub text: &'p str,
    pub spans: &'p [Span],
    pub frags: &'p [Frag],
    pub items: &'p [Item],
    pub meta: &'p [ItemMeta],
    /// Bidi levels of the text's bytes and the paragraph's base level (see `bidi`);
    /// `None` for text without right-to-left characters.
    pub levels: Option<&'p (Vec<u8>, u8)>,
}

/// A piece of a line before positioning.
enum Piece {
    Glyphs {
        inline: usize,
        font: FontId,
        size: Pt,
        glyphs: Vec<ShapedGlyph>,
        end: usize,
        space: bool,
        artifact: bool,
    },
    Object {
        inline: usize,
        width: Pt,
        ascent: Pt,
        descent: Pt,
        at: usize,
    },
}

impl Piece {
    /// Where the piece starts in the paragraph text.
    fn start(&self) -> usize {
        match self {
            Piece::Glyphs { glyphs, end, .. } => {
                glyphs.iter().map(|g| g.cluster).min().unwrap_or(*end)
            }
            Piece::Object { at, .. } => *at,
        }
    }

    fn width(&self) -> Pt {
        match self {
            Piece::Glyphs { glyphs, .. } => glyphs.iter().map(|g| g.advance).sum(),
            Piece::Object { width, .. } => *width,
        }
    }
}

/// The micro-typography a paragraph's justified lines get (see `optical`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Optical {
    /// Punctuation hangs into the margins.
    pub protrusion: bool,
    /// The most the glyphs widen or narrow, as a fraction of their width.
    pub expansion: f64,
}

impl Optical {
    /// What `options` ask for, for justified text only; `bidi` paragraphs do not
    /// protrude (their logical edges are not their visual ones).
    pub fn of(options: &ParagraphOptions, bidi: bool) -> Optical {
        let justified = options.align == Align::Justify;
        Optical {
            protrusion: justified && options.protrusion && !bidi,
            expansion: if justified {
                options.expansion.clamp(0.0, 0.1)
            } else {
                0.0
            },
        }
    }
}

/// Build the lines for the chosen breaks.
pub(crate) fn build_lines<S: Clone>(
    shaper: &mut Shaper<'_>,
    input: LineInput<'_, S>,
    breaks: &[usize],
    options: &ParagraphOptions,
    optical: Optical,
) -> Vec<Line<S>> {
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (n, &b) in breaks.iter().enumerate() {
        let Some(meta) = input.meta.get(b) else { break };
        let end = meta.start.max(start);
        let next_start = next_line_start(&input, b).max(end);
        let trailing_end = if n + 1 == breaks.len() {
            input.text.len()
        } else {
            next_start
        };
        let line_end = match input.items[b] {
            Item::Glue { .. } => LineEnd::Space,
            Item::Penalty { cost, .. } if cost <= PENALTY_FORCE => {
                // Fragments are in text order: look only at those that start at `end`
                // (a scan of all of them per line was quadratic in verse and code).
                let at = input.frags.partition_point(|f| f.range.start < end);
                let forced = input.frags[at..]
                    .iter()
                    .take_while(|f| f.range.start == end)
                    .any(|f| f.kind == FragKind::Break);
                if forced {
                    LineEnd::Forced
                } else {
                    LineEnd::Paragraph
                }
            }
            Item::Penalty { .. } if meta.adds_hyphen => LineEnd::Hyphen,
            _ => LineEnd::InWord,
        };
        let indent = if n == 0 { options.indent } else { Pt::ZERO };
        let mut pieces = pieces(shaper, &input, start..end, line_end == LineEnd::Hyphen);
        if let Some((levels, _)) = input.levels {
            let at: Vec<u8> = pieces
                .iter()
                .map(|p| levels.get(p.start()).copied().unwrap_or(0))
                .collect();
            crate::bidi::reorder(&mut pieces, &at);
        }
        let justify = options.align == Align::Justify
            && matches!(line_end, LineEnd::Space | LineEnd::Hyphen | LineEnd::InWord);
        let edges = if optical.protrusion {
            protrusion(&input, &pieces, indent == Pt::ZERO, justify)
        } else {
            (Pt::ZERO, Pt::ZERO)
        };
        // Every line of an expanding paragraph may narrow its glyphs rather than
        // overflow (the line breaker counted on it); only justified lines widen them.
        let fit = Fit {
            measure: options.measure - indent + edges.0 + edges.1,
            justify,
            expansion: optical.expansion,
        };
        let mut line = set_line(shaper, &input, pieces, fit);
        // The hanging mark at the start sits in the margin.
        shift(&mut line, -edges.0);
        (line.hang_left, line.hang_right) = edges;
        // A right-to-left paragraph is flush right: its indent and its ragged edge are on
        // the left.
        let rtl = input.levels.is_some_and(|(_, base)| base % 2 == 1);
        if rtl {
            let free = (options.measure - indent - line.width).max(Pt::ZERO);
            shift(&mut line, free);
        } else {
            shift(&mut line, indent);
        }
        if line.ascent == Pt::ZERO && line.descent == Pt::ZERO {
            (line.ascent, line.descent) = default_metrics(shaper, input.inlines);
        }
        line.end = line_end;
        line.range = start..end;
        line.trailing = end..trailing_end;
        lines.push(line);
        start = next_start;
    }
    lines
}

/// Where the line after a break at item `b` begins: the first box after it (or the next
/// forced break, for an empty line).
fn next_line_start<S>(input: &LineInput<'_, S>, b: usize) -> usize {
    for (item, meta) in input.items.iter().zip(input.meta).skip(b + 1) {
        match item {
            Item::Box { .. } => return meta.start,
            Item::Penalty { cost, .. } if *cost <= PENALTY_FORCE => return meta.start,
            _ => {}
        }
    }
    input.text.len()
}

/// Collect the pieces of the visible range, re-shaping cut words.
fn pieces<S>(
    shaper: &mut Shaper<'_>,
    input: &LineInput<'_, S>,
    range: Range<usize>,
    hyphen: bool,
) -> Vec<Piece> {
    let first = input.frags.partition_point(|f| f.range.end <= range.start);
    let in_line: Vec<&Frag> = input.frags[first..]
        .iter()
        .take_while(|f| f.range.start < range.end)
        .collect();
    let last_word = in_line
        .iter()
        .rposition(|f| matches!(f.kind, FragKind::Word { .. }));
    let mut out = Vec::with_capacity(in_line.len() + 1);
    for (i, frag) in in_line.iter().enumerate() {
        let sub = frag.range.start.max(range.start)..frag.range.end.min(range.end);
        match &frag.kind {
            FragKind::Word { font, size, glyphs } => {
                let (font, size) = (*font, *size);
                let add_hyphen = hyphen && Some(i) == last_word;
                let glyphs = if sub == frag.range && !add_hyphen {
                    glyphs.clone()
                } else {
                    let part = &input.text[sub.clone()];
                    let shaped = if add_hyphen {
                        format!("{part}-")
                    } else {
                        part.to_string()
                    };
                    let raw = shaper.shape(font, &shaped);
                    shaper.scale(font, size, &raw, sub.start)
                };
                if add_hyphen {
                    let (word, hyphen): (Vec<ShapedGlyph>, Vec<ShapedGlyph>) =
                        glyphs.into_iter().partition(|g| g.cluster < sub.end);
                    out.push(Piece::Glyphs {
                        inline: frag.inline,
                        font,
                        size,
                        glyphs: word,
                        end: sub.end,
                        space: false,
                        artifact: false,
                    });
                    out.push(Piece::Glyphs {
                        inline: frag.inline,
                        font,
                        size,
                        glyphs: hyphen,
                        end: sub.end,
                        space: false,
                        artifact: true,
                    });
                } else {
                    out.push(Piece::Glyphs {
                        inline: frag.inline,
                        font,
                        size,
                        glyphs,
                        end: sub.end,
                        space: false,
                        artifact: false,
                    });
                }
            }
            FragKind::Space {
                font, size, glyph, ..
            } => {
                let glyphs = glyph.iter().copied().collect();
                out.push(Piece::Glyphs {
                    inline: frag.inline,
                    font: *font,
                    size: *size,
                    glyphs,
                    end: sub.end,
                    space: true,
                    artifact: false,
                });
            }
            FragKind::Object {
                width,
                ascent,
                descent,
            } => {
                out.push(Piece::Object {
                    inline: frag.inline,
                    width: *width,
                    ascent: *ascent,
                    descent: *descent,
                    at: frag.range.start,
                });
            }
            FragKind::Break => {}
        }
    }
    out
}

/// The margin allowances of a line (left, right): its first character's, if the line
/// starts at the margin, and its last one's (or its added hyphen's), if it is justified.
fn protrusion<S>(
    input: &LineInput<'_, S>,
    pieces: &[Piece],
    at_margin: bool,
    justified: bool,
) -> (Pt, Pt) {
    // A glyph's share, if it shows the one character `c` at `at` alone.
    let share = |g: &ShapedGlyph, end: usize, f: fn(char) -> f64| {
        let c = input.text.get(g.cluster..)?.chars().next()?;
        (g.cluster + c.len_utf8() == end).then(|| g.advance * f(c))
    };
    let left = match pieces.first() {
        Some(Piece::Glyphs {
            glyphs,
            space: false,
            artifact: false,
            ..
        }) if at_margin => glyphs.first().and_then(|g| {
            let next = glyphs.get(1).map_or(usize::MAX, |n| n.cluster);
            let c = input.text.get(g.cluster..)?.chars().next()?;
            let alone = next == usize::MAX || next == g.cluster + c.len_utf8();
            alone.then(|| g.advance * crate::optical::start_protrusion(c))
        }),
        _ => None,
    };
    let right = match pieces.last() {
        Some(Piece::Glyphs {
            glyphs,
            artifact: true,
            ..
        }) if justified => glyphs
            .last()
            .map(|g| g.advance * crate::optical::end_protrusion('-')),
        Some(Piece::Glyphs {
            glyphs,
            space: false,
            end,
            ..
        }) if justified => glyphs
            .iter()
            .max_by_key(|g| g.cluster)
            .and_then(|g| share(g, *end, crate::optical::end_protrusion)),
        _ => None,
    };
    (left.unwrap_or(Pt::ZERO), right.unwrap_or(Pt::ZERO))
}

/// What a line is set to: its measure (margin allowances included), whether it is
/// justified, and how far its glyphs may widen or narrow.
#[derive(Clone, Copy, Debug)]
struct Fit {
    measure: Pt,
    justify: bool,
    expansion: f64,
}

/// Position the pieces: justification (spaces and font expansion), squeeze, runs,
/// metrics.
fn set_line<S: Clone>(
    shaper: &Shaper<'_>,
    input: &LineInput<'_, S>,
    pieces: Vec<Piece>,
    fit: Fit,
) -> Line<S> {
    let Fit {
        measure,
        justify,
        expansion,
    } = fit;
    let natural: Pt = pieces.iter().map(Piece::width).sum();
    let (mut stretch, mut shrink, mut ink) = (Pt::ZERO, Pt::ZERO, Pt::ZERO);
    for piece in &pieces {
        match piece {
            Piece::Glyphs {
                glyphs,
                space: true,
                ..
            } => {
                let w: Pt = glyphs.iter().map(|g| g.advance).sum();
                if justify {
                    stretch += w * SPACE_STRETCH;
                }
                shrink += w * SPACE_SHRINK;
            }
            Piece::Glyphs { glyphs, .. } => ink += glyphs.iter().map(|g| g.advance).sum(),
            Piece::Object { .. } => {}
        }
    }
    // One ratio for spaces and glyphs, as the line breaker assumed; the glyphs stop at
    // their limit and a very loose line's spaces take the rest.
    let flex = ink * expansion;
    let (mut ratio, mut glyph_ratio) = (0.0, 0.0);
    if natural.0 > measure.0 + EPSILON {
        // Any line, even a ragged or last one, shrinks its spaces rather than overflow.
        if shrink.0 + flex.0 > 0.0 {
            let r = ((measure - natural).0 / (shrink + flex).0).max(-1.0);
            (ratio, glyph_ratio) = (r, r);
        }
    } else if justify && natural.0 < measure.0 && stretch.0 + flex.0 > 0.0 {
        let gap = (measure - natural).0;
        glyph_ratio = (gap / (stretch + flex).0).min(1.0);
        ratio = if stretch.0 > 0.0 {
            (gap - flex.0 * glyph_ratio) / stretch.0
        } else {
            glyph_ratio
        };
    }
    let glyph_scale = 1.0 + expansion * glyph_ratio;
    let space_delta = |w: Pt| {
        if ratio >= 0.0 {
            w * (SPACE_STRETCH * ratio)
        } else {
            w * (SPACE_SHRINK * ratio)
        }
    };
    let set_width = natural
        + pieces
            .iter()
            .map(|p| match p {
                Piece::Glyphs {
                    glyphs,
                    space: true,
                    ..
                } => space_delta(glyphs.iter().map(|g| g.advance).sum()),
                Piece::Glyphs { glyphs, .. } => {
                    glyphs.iter().map(|g| g.advance).sum::<Pt>() * (glyph_scale - 1.0)
                }
                Piece::Object { .. } => Pt::ZERO,
            })
            .sum();
    let overflow = set_width - measure;
    let (scale, overfull) = if overflow.0 <= EPSILON {
        (1.0, Pt::ZERO)
    } else if overflow.0 <= measure.0 * MAX_SQUEEZE {
        (measure.0 / set_width.0, Pt::ZERO)
    } else {
        (1.0, overflow)
    };

    let mut items: Vec<LineItem<S>> = Vec::new();
    let (mut ascent, mut descent) = (Pt::ZERO, Pt::ZERO);
    let mut x = Pt::ZERO;
    // The run being filled and its glyphs.
    let mut open: Option<OpenRun> = None;
    let mut pending: Vec<(ShapedGlyph, Pt, Pt)> = Vec::new(); // glyph, pen x, advance
    for piece in pieces {
        match piece {
            Piece::Glyphs {
                inline,
                font,
                size,
                glyphs,
                end,
                space,
                artifact,
            } => {
                let (a, d) = shaper.ascent_descent(font, size);
                ascent = ascent.max(a);
                descent = descent.max(d);
                let text_start = glyphs.iter().map(|g| g.cluster).min().unwrap_or(end);
                let key = (inline, font, size, artifact);
                // A run holds one stretch of the text: the next piece either follows it
                // (left to right) or, after bidi reordering, precedes it.
                let joins = open.as_ref().is_some_and(|o| {
                    (o.inline, o.font, o.size, o.artifact) == key
                        && (input.levels.is_none() || text_start == o.end || end == o.start)
                });
                match open.as_mut() {
                    Some(o) if joins => o.start = o.start.min(text_start),
                    _ => {
                        flush(input, &mut items, open.take(), &mut pending, glyph_scale);
                        open = Some(OpenRun {
                            inline,
                            font,
                            size,
                            artifact,
                            start: text_start,
                            x,
                            end,
                        });
                    }
                }
                let run_x = open.as_ref().map_or(x, |o| o.x);
                for mut g in glyphs {
                    let adv = if space {
                        (g.advance + space_delta(g.advance)) * scale
                    } else {
                        g.x_offset = g.x_offset * glyph_scale;
                        g.advance * (scale * glyph_scale)
                    };
                    pending.push((g, x - run_x, adv));
                    x += adv;
                }
                if let Some(o) = open.as_mut() {
                    o.end = o.end.max(end);
                }
            }
            Piece::Object {
                inline,
                width,
                ascent: a,
                descent: d,
                ..
            } => {
                flush(input, &mut items, open.take(), &mut pending, glyph_scale);
                ascent = ascent.max(a);
                descent = descent.max(d);
                let source = input.inlines[inline].source().clone();
                items.push(LineItem::Object(PlacedObject {
                    x,
                    width,
                    ascent: a,
                    descent: d,
                    source,
                }));
                x += width * scale;
            }
        }
    }
    flush(input, &mut items, open.take(), &mut pending, glyph_scale);
    Line {
        items,
        width: x,
        ascent,
        descent,
        ratio,
        end: LineEnd::Paragraph,
        range: 0..0,
        trailing: 0..0,
        overfull,
        hang_left: Pt::ZERO,
        hang_right: Pt::ZERO,
    }
}

/// The run a line is filling: one inline's glyphs in one font and size.
struct OpenRun {
    inline: usize,
    font: FontId,
    size: Pt,
    artifact: bool,
    /// Where its text starts and ends in the paragraph text.
    start: usize,
    end: usize,
    /// Where it starts on the line.
    x: Pt,
}

/// Close the open run and push it onto the line, its glyphs drawn at `scale`.
fn flush<S: Clone>(
    input: &LineInput<'_, S>,
    items: &mut Vec<LineItem<S>>,
    open: Option<OpenRun>,
    pending: &mut Vec<(ShapedGlyph, Pt, Pt)>,
    scale: f64,
) {
    let Some(OpenRun {
        inline,
        font,
        size,
        artifact,
        start: text_start,
        end: run_end,
        x: run_x,
    }) = open
    else {
        return;
    };
    let span_start = input.spans.get(inline).map_or(0, |s| s.range.start);
    let (text, ranges) = if artifact {
        (String::new(), vec![0..0; pending.len()])
    } else {
        let end = run_end.max(text_start);
        let clusters: Vec<usize> = pending.iter().map(|(g, _, _)| g.cluster).collect();
        let ranges = cluster_ranges(&clusters, end)
            .into_iter()
            .map(|r| r.start.saturating_sub(text_start)..r.end.saturating_sub(text_start))
            .collect();
        (
            input.text.get(text_start..end).unwrap_or("").to_string(),
            ranges,
        )
    };
    let glyphs = pending
        .drain(..)
        .zip(ranges)
        .map(|((g, pen, advance), text)| {
            Glyph::new(g.id, pen + g.x_offset, g.y_offset, advance, text)
        })
        .collect();
    let source = input.inlines[inline].source().clone();
    let source_offset = if artifact {
        0
    } else {
        text_start.saturating_sub(span_start)
    };
    items.push(LineItem::Glyphs(GlyphRun {
        x: run_x,
        font,
        size,
        glyphs,
        text,
        source,
        source_offset,
        artifact: artifact.then_some(Artifact::Hyphen),
        scale,
    }));
}

/// Move a line's content right by `dx` (the first-line indent).
fn shift<S>(line: &mut Line<S>, dx: Pt) {
    if dx == Pt::ZERO {
        return;
    }
    for item in &mut line.items {
        match item {
            LineItem::Glyphs(run) => run.x += dx,
            LineItem::Object(obj) => obj.x += dx,
        }
    }
    line.width += dx;
}

/// Ascent and descent of an empty line: those of the paragraph's first text run.
fn default_metrics<S>(shaper: &Shaper<'_>, inlines: &[Inline<S>]) -> (Pt, Pt) {
    inlines
        .iter()
        .find_map(|i| match i {
            Inline::Text { style, size, .. } => {
                Some(shaper.ascent_descent(shaper.book().resolve(*style), *size))
            }
            _ => None,
        })
        .unwrap_or((Pt::ZERO, Pt::ZERO))
}
