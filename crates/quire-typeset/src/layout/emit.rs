//! From set lines back to positioned, tagged page items.
//!
//! [`emit`] turns each line of a laid-out paragraph into page items relative to the
//! line's left end and baseline: text runs marked with their structure node, note marks
//! (with their link and the anchor the note links back to), inline images, link areas
//! (one per link per line) and strike-through rules.
//!
//! Its one subtle job is extraction fidelity. A word broken across lines without a space
//! (an added hyphen, a break after `/` or `-` in a URL, an emergency break inside an
//! over-long word) is cut into runs at the word's edges; its first part carries the whole
//! word as `actual_text` and every later part `Some("")`, so extracted text gives the word
//! back once, whole. Added hyphens are artifacts that extract as nothing. Generated text
//! that is tagged content but not part of the reading text (note marks) also carries
//! `Some("")`.

use crate::fonts::FontStyle;
use crate::line::Glyph;
use crate::line::{Line, LineEnd, LineItem};
use crate::page::{
    Anchor, ArtifactKind, Color, LinkArea, LinkTarget, Mark, PageItem, PlacedImage, Point, Rect,
    Rule, TextRun,
};
use crate::paragraph::{Inline, LINE_BREAK_CHAR, OBJECT_CHAR, ParagraphLayout};
use crate::units::Pt;

use super::context::Ctx;
use super::style::{PASSAGE_RULE_DEPTH_EM, PASSAGE_RULE_INK, PASSAGE_RULE_WIDTH_EM, QUIET_INK};
use super::text::{InlineSet, Obj};

/// One set line as page items, relative to its left end and baseline.
#[derive(Clone, Debug, Default)]
pub(crate) struct SetLine {
    pub items: Vec<PageItem>,
    /// Notes whose first reference is on this line.
    pub notes: Vec<usize>,
    /// Annotations whose marker is on this line.
    pub annotations: Vec<usize>,
    /// The set width.
    pub width: Pt,
}

/// A text run being assembled, with the paragraph byte offset of its text.
struct Piece {
    run: TextRun,
    start: usize,
    src: usize,
}

/// A stretch of paragraph text that extracts as `actual` (see the module docs).
struct Extract {
    range: std::ops::Range<usize>,
    actual: String,
}

/// Set every line of a laid-out paragraph (see the module docs).
pub(crate) fn emit(
    ctx: &mut Ctx<'_>,
    set: &InlineSet,
    layout: &ParagraphLayout<usize>,
) -> Vec<SetLine> {
    let mut starts = Vec::with_capacity(set.inlines.len());
    let mut offset = 0;
    for inline in &set.inlines {
        starts.push(offset);
        offset += match inline {
            Inline::Text { text, .. } => text.len(),
            Inline::Object { .. } => OBJECT_CHAR.len_utf8(),
            Inline::LineBreak { .. } => LINE_BREAK_CHAR.len_utf8(),
        };
    }
    let extracts = broken_words(&layout.text, &layout.lines);
    layout
        .lines
        .iter()
        .map(|line| {
            // Extraction ranges are in text order and do not overlap: only those that
            // meet the line can split its pieces (a word cut over thousands of lines has
            // one range per line; scanning them all for every line was quadratic).
            let first = extracts.partition_point(|e| e.range.end <= line.range.start);
            let count = extracts[first..]
                .iter()
                .take_while(|e| e.range.start < line.range.end)
                .count();
            emit_line(ctx, set, &starts, &extracts[first..first + count], line)
        })
        .collect()
}

fn is_word_end(c: char) -> bool {
    c.is_whitespace() || c == LINE_BREAK_CHAR
}

/// The words cut by a line break without a space, as extraction ranges.
fn broken_words(text: &str, lines: &[Line<usize>]) -> Vec<Extract> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (word start, its line)
    for (i, line) in lines.iter().enumerate() {
        let visible = &text[line.range.clone()];
        let cut = matches!(line.end, LineEnd::Hyphen | LineEnd::InWord) && i + 1 < lines.len();
        if let Some((start, first)) = open {
            let word_end = visible
                .char_indices()
                .find(|(_, c)| is_word_end(*c))
                .map(|(j, _)| line.range.start + j);
            // A line without a word end lies wholly inside the word (a very long word).
            if word_end.is_some() || !cut {
                let end = word_end.unwrap_or(line.range.end);
                close_word(&mut out, text, lines, (start, first), i, end);
                open = None;
            }
        }
        if cut && open.is_none() {
            let start = visible
                .char_indices()
                .rev()
                .find(|(_, c)| is_word_end(*c))
                .map(|(j, c)| line.range.start + j + c.len_utf8())
                .unwrap_or(line.range.start);
            open = Some((start, i));
        }
    }
    out
}

/// The extraction ranges of one word from `start` (on line `first`) to `end` (on `last`).
fn close_word(
    out: &mut Vec<Extract>,
    text: &str,
    lines: &[Line<usize>],
    (start, first): (usize, usize),
    last: usize,
    end: usize,
) {
    let word: String = text[start..end.max(start)]
        .chars()
        .filter(|&c| c != OBJECT_CHAR)
        .collect();
    out.push(Extract {
        range: start..lines[first].range.end,
        actual: word,
    });
    for l in &lines[first + 1..=last] {
        let r = l.range.start..l.range.end.min(end);
        if r.start < r.end {
            out.push(Extract {
                range: r,
                actual: String::new(),
            });
        }
    }
}

fn emit_line(
    ctx: &mut Ctx<'_>,
    set: &InlineSet,
    starts: &[usize],
    extracts: &[Extract],
    line: &Line<usize>,
) -> SetLine {
    let mut out = SetLine {
        width: line.width,
        ..SetLine::default()
    };
    let mut pieces: Vec<Piece> = Vec::new();
    let mut objects: Vec<PageItem> = Vec::new();
    for item in &line.items {
        match item {
            LineItem::Glyphs(run) => {
                let src = &set.srcs[run.source];
                let hyphen = run.artifact.is_some();
                let mut glyphs: Vec<Glyph> = run.glyphs.clone();
                if hyphen && let Some(g) = glyphs.first_mut() {
                    g.set_text(0..1);
                }
                let text_run = TextRun {
                    origin: Point {
                        x: run.x,
                        y: -src.shift,
                    },
                    font: run.font,
                    size: run.size,
                    glyphs,
                    text: if hyphen { "-".into() } else { run.text.clone() },
                    actual_text: hyphen.then(String::new),
                    h_scale: run.scale,
                    color: src.color,
                    mark: if hyphen {
                        Mark::Artifact(ArtifactKind::Hyphen)
                    } else {
                        Mark::Content(src.node)
                    },
                };
                let start = if hyphen {
                    usize::MAX
                } else {
                    starts[run.source] + run.source_offset
                };
                pieces.push(Piece {
                    run: text_run,
                    start,
                    src: run.source,
                });
            }
            LineItem::Object(obj) => {
                let src = &set.srcs[obj.source];
                match &src.object {
                    Some(Obj::NoteMark {
                        note,
                        number,
                        size,
                        ref_id,
                        note_id,
                        first,
                        node,
                    }) => {
                        let marker = Marker {
                            text: number,
                            style: FontStyle::REGULAR,
                            color: None,
                            size: *size,
                            ref_id,
                            note_id,
                            node: *node,
                        };
                        marker.emit(ctx, obj, src, &mut objects);
                        if *first {
                            out.notes.push(*note);
                        }
                    }
                    Some(Obj::Image { image, node }) => {
                        objects.push(PageItem::Image(PlacedImage {
                            image: *image,
                            rect: Rect {
                                x: obj.x,
                                y: -obj.ascent - src.shift,
                                width: obj.width,
                                height: obj.ascent + obj.descent,
                            },
                            mark: Mark::Content(*node),
                            source: src.origin,
                        }));
                    }
                    Some(Obj::AnnotationMark {
                        annotation,
                        marker,
                        size,
                        ref_id,
                        note_id,
                        node,
                    }) => {
                        let marker = Marker {
                            text: marker,
                            style: FontStyle::ITALIC,
                            color: Some(Color::Gray(QUIET_INK as f32)),
                            size: *size,
                            ref_id,
                            note_id,
                            node: *node,
                        };
                        marker.emit(ctx, obj, src, &mut objects);
                        out.annotations.push(*annotation);
                    }
                    Some(Obj::Anchor { name, size }) => {
                        objects.push(PageItem::Anchor(Anchor {
                            name: name.clone(),
                            at: Point {
                                x: obj.x,
                                y: -*size - src.shift,
                            },
                        }));
                    }
                    None => {}
                }
            }
        }
    }
    apply_extracts(&mut pieces, extracts);
    decorate(set, &pieces, &mut out.items);
    out.items
        .extend(pieces.into_iter().map(|p| PageItem::Text(p.run)));
    out.items.extend(objects);
    out
}

/// Split pieces at the edges of extraction ranges and give them their `actual_text`.
fn apply_extracts(pieces: &mut Vec<Piece>, extracts: &[Extract]) {
    for ex in extracts {
        let hits = pieces.iter().any(|p| overlaps(p, &ex.range));
        if !hits {
            continue;
        }
        let mut split: Vec<Piece> = Vec::with_capacity(pieces.len() + 2);
        for edge in [ex.range.start, ex.range.end] {
            for p in pieces.drain(..) {
                let (a, b) = split_at(p, edge);
                split.push(a);
                split.extend(b);
            }
            std::mem::swap(pieces, &mut split);
        }
        let mut split = std::mem::take(pieces);
        let mut first = true;
        for p in &mut split {
            if p.start != usize::MAX
                && p.start >= ex.range.start
                && p.start + p.run.text.len() <= ex.range.end
                && !p.run.text.is_empty()
            {
                p.run.actual_text = Some(if first {
                    ex.actual.clone()
                } else {
                    String::new()
                });
                first = false;
            }
        }
        *pieces = split;
    }
}

fn overlaps(p: &Piece, r: &std::ops::Range<usize>) -> bool {
    p.start != usize::MAX && p.start < r.end && r.start < p.start + p.run.text.len()
}

/// Split a piece at paragraph offset `at`, if `at` falls strictly inside it.
fn split_at(mut p: Piece, at: usize) -> (Piece, Option<Piece>) {
    if p.start == usize::MAX || at <= p.start || at >= p.start + p.run.text.len() {
        return (p, None);
    }
    let rel = at - p.start;
    if !p.run.text.is_char_boundary(rel) {
        return (p, None);
    }
    let k = p
        .run
        .glyphs
        .iter()
        .position(|g| g.text().start >= rel && !g.text().is_empty())
        .unwrap_or(p.run.glyphs.len());
    let right_glyphs = p.run.glyphs.split_off(k);
    let dx: Pt = p.run.glyphs.iter().map(Glyph::advance).sum();
    let right_text = p.run.text.split_off(rel);
    let mut right = TextRun {
        origin: Point {
            x: p.run.origin.x + dx,
            y: p.run.origin.y,
        },
        glyphs: right_glyphs,
        text: right_text,
        ..p.run.clone()
    };
    for g in &mut right.glyphs {
        g.shift_x(-dx);
        let text = g.text();
        g.set_text(text.start.saturating_sub(rel)..text.end.saturating_sub(rel));
    }
    let src = p.src;
    let right = Piece {
        run: right,
        start: at,
        src,
    };
    (p, Some(right))
}

/// Strike-through rules and link areas of a line's runs.
fn decorate(set: &InlineSet, pieces: &[Piece], out: &mut Vec<PageItem>) {
    let mut link_rects: Vec<(usize, Rect)> = Vec::new();
    for p in pieces {
        if p.start == usize::MAX {
            continue;
        }
        let src = &set.srcs[p.src];
        let width: Pt = p.run.glyphs.iter().map(Glyph::advance).sum();
        let size = p.run.size;
        if src.strike {
            let y = p.run.origin.y - size * 0.25;
            out.push(PageItem::Rule(Rule {
                from: Point {
                    x: p.run.origin.x,
                    y,
                },
                to: Point {
                    x: p.run.origin.x + width,
                    y,
                },
                thickness: size * 0.05,
                color: Color::default(),
                mark: Mark::Artifact(ArtifactKind::Decoration),
            }));
        }
        if src.underline {
            // A passage's rule runs under its words and the spaces between them, as an
            // artifact: extraction never sees it.
            let y = p.run.origin.y + size * PASSAGE_RULE_DEPTH_EM;
            out.push(PageItem::Rule(Rule {
                from: Point {
                    x: p.run.origin.x,
                    y,
                },
                to: Point {
                    x: p.run.origin.x + width,
                    y,
                },
                thickness: size * PASSAGE_RULE_WIDTH_EM,
                color: Color::Gray(PASSAGE_RULE_INK as f32),
                mark: Mark::Artifact(ArtifactKind::Decoration),
            }));
        }
        if let Some(link) = src.link {
            let rect = Rect {
                x: p.run.origin.x,
                y: p.run.origin.y - size * 0.9,
                width,
                height: size * 1.15,
            };
            match link_rects.iter_mut().find(|(l, _)| *l == link) {
                Some((_, r)) => *r = union(*r, rect),
                None => link_rects.push((link, rect)),
            }
        }
    }
    for (link, rect) in link_rects {
        let info = &set.links[link];
        out.push(PageItem::Link(LinkArea {
            rect,
            target: info.target.clone(),
            owner: Some(info.node),
        }));
    }
}

fn union(a: Rect, b: Rect) -> Rect {
    let x = a.x.min(b.x);
    let y = a.y.min(b.y);
    let right = (a.x + a.width).max(b.x + b.width);
    let bottom = (a.y + a.height).max(b.y + b.height);
    Rect {
        x,
        y,
        width: right - x,
        height: bottom - y,
    }
}

/// A note's superscript marker in the text (a footnote's number, an annotation's letter):
/// the one way both are set, anchored and linked.
struct Marker<'a> {
    text: &'a str,
    style: FontStyle,
    /// A colour of its own (annotation letters are quiet), else the text's.
    color: Option<Color>,
    size: Pt,
    /// The reference's id: the note's back link comes here.
    ref_id: &'a str,
    /// The note's id: the marker links there.
    note_id: &'a str,
    /// The `Link` structure node inside the `Reference`.
    node: crate::page::StructId,
}

impl Marker<'_> {
    /// Sets the marker at `obj`'s place on the line (raised to superscript height),
    /// with its anchor and its link, into `objects`. Its text is an artifact for
    /// extraction (`actual_text` empty): the reading text has no note numbers.
    fn emit(
        &self,
        ctx: &mut Ctx<'_>,
        obj: &crate::line::PlacedObject<usize>,
        src: &super::text::Src,
        objects: &mut Vec<PageItem>,
    ) {
        let y = -(obj.ascent - self.size * 0.7) - src.shift;
        let (runs, w) = ctx.set_text(
            self.text,
            self.style,
            self.size,
            Mark::Content(self.node),
            src.origin,
        );
        for mut r in runs {
            r.origin.x += obj.x;
            r.origin.y = y;
            r.actual_text = Some(String::new());
            if let Some(color) = self.color {
                r.color = color;
            }
            objects.push(PageItem::Text(r));
        }
        let rect = Rect {
            x: obj.x,
            y: y - self.size * 0.75,
            width: w,
            height: self.size,
        };
        objects.push(PageItem::Anchor(Anchor {
            name: self.ref_id.to_string(),
            at: Point {
                x: obj.x,
                y: rect.y,
            },
        }));
        objects.push(PageItem::Link(LinkArea {
            rect,
            target: LinkTarget::Anchor(self.note_id.to_string()),
            owner: Some(self.node),
        }));
    }
}
