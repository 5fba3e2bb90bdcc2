//! Tables: column widths from content, booktabs rules, the header repeated on each page.
//!
//! **Widths.** Each cell is measured twice: its natural width (set on one line) and its
//! narrowest word. If the natural widths fit the measure (less [`COLUMN_GAP_EM`] between
//! columns) they are used and the table is centred; otherwise every column gets its
//! narrowest word and the remaining width is shared in proportion to how much more each
//! column would like (the automatic table layout of HTML). If even the words do not fit,
//! the whole table is set smaller, down to [`MIN_TABLE_SCALE`] of its size, until they do; only
//! beyond that do columns shrink in proportion so that the line breaker's last-resort
//! breaks split words (nothing overflows the measure), and a warning names the table.
//! Narrowest words are measured with [`WIDTH_SLACK`] as natural widths are, so a column
//! as wide as its longest word sets that word whole (it used to lose its last letter to
//! the next line: `BitXorAssig|n`).
//!
//! **Rows.** Cells are set small, ragged (or flush right / centred per column), the header
//! bold; a row is one chunk, drawn cell by cell (a cell's lines together, so its text
//! extracts whole, in reading order), so a page breaks only between rows, except a body row taller
//! than half the text block: it is cut into one chunk per line (line *k* of every cell),
//! kept together by the widow and orphan rules, so that it can run on over pages under a
//! repeated header instead of overflowing one. The header keeps with the
//! first row; when a page starts inside the table, the paginator repeats the header as an
//! artifact (its text extracts as nothing, it is already in the text once). Rules: thick
//! above the header and below the table, thin below the header.

use quire_doc::{Align as ColAlign, Cell, Inline, InlineKind};

use crate::fonts::FontStyle;
use crate::page::{ArtifactKind, Color, Mark, PageItem, Point, Rule, StructId, StructRole};
use crate::paragraph::Align;
use crate::units::Pt;

use super::context::Ctx;
use super::emit::{SetLine, emit};
use super::flow::{Chunk, Flow, Frame, translate};
use super::style::{COLUMN_GAP_EM, INLINE_CODE_SIZE, TABLE_RULES};
use super::text::{InlineSet, collect};

/// Added to a cell's natural width so that setting it again at that width never wraps.
pub const WIDTH_SLACK: f64 = 0.5;
/// Vertical padding of a row, as a fraction of the table leading.
pub const ROW_PAD: f64 = 0.2;
/// The smallest a table is set to make its longest words fit, as a share of its size.
pub const MIN_TABLE_SCALE: f64 = 0.75;
/// A body row taller than this share of the text block is cut between its lines.
pub const MAX_ROW_SHARE: f64 = 0.5;

struct Row {
    cells: Vec<Option<InlineSet>>,
    header: bool,
}

/// Lay out a table.
#[allow(clippy::too_many_arguments)]
pub(crate) fn table(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    node: StructId,
    columns: &[ColAlign],
    header: &[Cell],
    rows: &[Vec<Cell>],
    span: quire_doc::Span,
) {
    let n = rows
        .iter()
        .map(Vec::len)
        .chain([columns.len(), header.len()])
        .max()
        .unwrap_or(0);
    if n == 0 {
        return;
    }
    let (small, small_leading) = ctx.st.small;
    let all = || std::iter::once((header, true)).chain(rows.iter().map(|r| (r.as_slice(), false)));
    // The longest word of each column at the small size; if they cannot all stand side
    // by side, the table is set smaller (widths are proportional to the size).
    let mut words: Vec<Pt> = vec![Pt::ZERO; n];
    for (cells, is_header) in all() {
        let style = FontStyle {
            bold: is_header,
            ..FontStyle::REGULAR
        };
        for (cell, widest) in cells.iter().zip(words.iter_mut()) {
            *widest = widest.max(longest_word(ctx, &cell.content, style, small) + Pt(WIDTH_SLACK));
        }
    }
    let room = |size: Pt| frame.width - size * COLUMN_GAP_EM * (n - 1) as f64;
    let needed: Pt = words.iter().copied().sum();
    let scale = if needed.0 > room(small).0 {
        // Solves needed·k = room(small·k), which is linear in k.
        let gaps = small * COLUMN_GAP_EM * (n - 1) as f64;
        (frame.width.0 / (needed + gaps).0).clamp(MIN_TABLE_SCALE, 1.0)
    } else {
        1.0
    };
    let (size, leading) = (small * scale, small_leading * scale);
    for w in &mut words {
        *w = *w * scale;
    }
    let gap = size * COLUMN_GAP_EM;
    if words.iter().copied().sum::<Pt>().0 > room(size).0 + 1e-6 {
        ctx.warnings.push(
            quire_doc::Diagnostic::warning(
                span,
                "a table column is narrower than its longest word, even set smaller: \
                 the PDF breaks such words without a hyphen",
            )
            .with_hint("fewer columns, shorter words, or a wider page"),
        );
    }
    // Structure nodes and engine input, in reading order.
    let mut sets: Vec<Row> = Vec::new();
    for (cells, is_header) in all() {
        if cells.is_empty() && is_header {
            continue;
        }
        let tr = ctx.tree.add(StructRole::TR, node);
        let style = FontStyle {
            bold: is_header,
            ..FontStyle::REGULAR
        };
        let mut row = Row {
            cells: Vec::with_capacity(n),
            header: is_header,
        };
        for c in 0..n {
            let role = if is_header {
                StructRole::TH
            } else {
                StructRole::TD
            };
            let cell_node = ctx.tree.add(role, tr);
            row.cells.push(
                cells
                    .get(c)
                    .map(|cell| collect(ctx, &cell.content, style, size, cell_node)),
            );
        }
        sets.push(row);
    }
    // Natural widths.
    let mut natural = vec![Pt::ZERO; n];
    for row in &sets {
        for (c, set) in row.cells.iter().enumerate() {
            if let Some(set) = set.as_ref().filter(|s| !s.is_empty()) {
                let mut o = ctx.para_options(Pt(1e6));
                o.align = Align::RaggedRight;
                o.hyphenate = false;
                if let Some(l) = ctx.paragraph_unbroken(set, &o) {
                    let w = l.lines.iter().map(|l| l.width).fold(Pt::ZERO, Pt::max);
                    natural[c] = natural[c].max(w + Pt(WIDTH_SLACK));
                }
            }
        }
    }
    let widths = column_widths(&natural, &words, frame.width - gap * (n - 1) as f64);
    let total: Pt = widths.iter().copied().sum::<Pt>() + gap * (n - 1) as f64;
    let x0 = frame.left + ((frame.width - total) * 0.5).max(Pt::ZERO);
    let mut xs = Vec::with_capacity(n);
    let mut x = x0;
    for w in &widths {
        xs.push(x);
        x += *w + gap;
    }
    let rule = |y: Pt, thick: f64| {
        PageItem::Rule(Rule {
            from: Point { x: x0, y },
            to: Point { x: x0 + total, y },
            thickness: Pt(thick),
            color: Color::default(),
            mark: Mark::Artifact(ArtifactKind::Decoration),
        })
    };
    let pad = leading * ROW_PAD;
    let base = ctx.baseline_in(FontStyle::REGULAR, size, leading);
    let mut header_index = None;
    let last = sets.len().saturating_sub(1);
    // A row taller than this is cut between its lines (see the module docs).
    let tallest = super::figure::text_height(ctx) * MAX_ROW_SHARE;
    for (r, row) in sets.iter().enumerate() {
        // The row's lines, cell by cell, each relative to its band's top (band k holds
        // line k of every cell).
        let mut lines_of: Vec<Vec<(Vec<PageItem>, Vec<usize>)>> = Vec::new();
        for (c, set) in row.cells.iter().enumerate() {
            let Some(set) = set.as_ref().filter(|s| !s.is_empty()) else {
                continue;
            };
            let mut o = ctx.para_options(widths[c].max(Pt(1.0)));
            o.align = Align::RaggedRight;
            o.hyphenate = !row.header;
            let Some(layout) = ctx.paragraph(set, &o) else {
                continue;
            };
            let lines: Vec<SetLine> = emit(ctx, set, &layout);
            let mut cell = Vec::with_capacity(lines.len());
            for line in lines {
                let align = columns.get(c).copied().unwrap_or_default();
                let dx = match align {
                    ColAlign::Right => widths[c] - line.width,
                    ColAlign::Center => (widths[c] - line.width) * 0.5,
                    ColAlign::Left | ColAlign::Default => Pt::ZERO,
                }
                .max(Pt::ZERO);
                let mut li = line.items;
                translate(&mut li, xs[c] + dx, base);
                cell.push((li, line.notes));
            }
            lines_of.push(cell);
        }
        let band_count = lines_of.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = leading * band_count as f64 + pad * 2.0;
        // (items, notes, height) of each chunk the row becomes.
        let mut pieces: Vec<(Vec<PageItem>, Vec<usize>, Pt)> = if height > tallest && !row.header {
            let mut bands: Vec<(Vec<PageItem>, Vec<usize>)> = Vec::new();
            bands.resize_with(band_count, Default::default);
            for cell in lines_of {
                for (k, (items, notes)) in cell.into_iter().enumerate() {
                    bands[k].0.extend(items);
                    bands[k].1.extend(notes);
                }
            }
            let last_band = bands.len() - 1;
            bands
                .into_iter()
                .enumerate()
                .map(|(k, (mut items, notes))| {
                    let top = if k == 0 { pad } else { Pt::ZERO };
                    let bottom = if k == last_band { pad } else { Pt::ZERO };
                    translate(&mut items, Pt::ZERO, top);
                    (items, notes, top + leading + bottom)
                })
                .collect()
        } else {
            // One chunk: drawn cell by cell, so that the text of a cell set on several
            // lines reads (and extracts) whole, before the next cell's.
            let mut items = Vec::new();
            let mut notes = Vec::new();
            for cell in lines_of {
                for (k, (mut line, line_notes)) in cell.into_iter().enumerate() {
                    translate(&mut line, Pt::ZERO, pad + leading * k as f64);
                    items.extend(line);
                    notes.extend(line_notes);
                }
            }
            vec![(items, notes, height)]
        };
        if r == 0
            && let Some(first) = pieces.first_mut()
        {
            first.0.insert(0, rule(Pt::ZERO, TABLE_RULES.0));
        }
        if let Some(last_piece) = pieces.last_mut() {
            let h = last_piece.2;
            if row.header {
                last_piece.0.push(rule(h, TABLE_RULES.1));
            }
            if r == last {
                last_piece.0.push(rule(h, TABLE_RULES.0));
            }
        }
        let from = flow.chunks.len();
        let split = pieces.len() > 1;
        for (items, notes, height) in pieces {
            let mut chunk = Chunk {
                height,
                items,
                notes,
                keep_with_next: row.header,
                table_header: if row.header { None } else { header_index },
                ..Chunk::default()
            };
            if row.header {
                flow.headers
                    .push(repeated(&chunk, rule(Pt::ZERO, TABLE_RULES.0)));
                header_index = Some(flow.headers.len() - 1);
                chunk.table_header = None;
            }
            flow.push(frame, chunk);
        }
        if split {
            flow.protect_lines(from);
        }
    }
}

/// The artifact copy of a header row, repeated at the top of a continuation page.
fn repeated(header: &Chunk, top_rule: PageItem) -> Chunk {
    let mut items: Vec<PageItem> = header
        .items
        .iter()
        .filter(|it| !matches!(it, PageItem::Anchor(_) | PageItem::Link(_)))
        .cloned()
        .collect();
    for item in &mut items {
        if let PageItem::Text(run) = item {
            run.mark = Mark::Artifact(ArtifactKind::Decoration);
            run.actual_text = Some(String::new());
        }
    }
    if !items
        .iter()
        .any(|it| matches!(it, PageItem::Rule(r) if r.from.y == Pt::ZERO))
    {
        items.insert(0, top_rule);
    }
    Chunk {
        height: header.height,
        items,
        ..Chunk::default()
    }
}

/// The widest word of `content`, each measured in the face it is set in: code in the
/// monospaced face at its size (measured in the text face, `BitXorAssign` in backticks
/// came out narrower than it is set, and its column split it), strong text bold,
/// emphasis italic. Words are split at white space within each piece of text.
fn longest_word(ctx: &mut Ctx<'_>, content: &[Inline], style: FontStyle, size: Pt) -> Pt {
    let mut widest = Pt::ZERO;
    // The inline tree is capped at 48 levels at load; a stack keeps this flat anyway.
    let mut stack: Vec<(&Inline, FontStyle)> = content.iter().rev().map(|i| (i, style)).collect();
    while let Some((inline, style)) = stack.pop() {
        let (text, style, size) = match &inline.kind {
            InlineKind::Text { text } => (text.as_str(), style, size),
            InlineKind::Code { text, .. } | InlineKind::Raw { text, .. } => {
                let mono = FontStyle::MONO;
                (text.as_str(), mono, size * INLINE_CODE_SIZE)
            }
            InlineKind::Math { source, .. } => {
                let mono = FontStyle::MONO;
                (source.as_str(), mono, size * INLINE_CODE_SIZE)
            }
            kind => {
                let inner = match kind {
                    InlineKind::Strong { .. } => FontStyle {
                        bold: true,
                        ..style
                    },
                    InlineKind::Emphasis { .. } => FontStyle {
                        italic: !style.italic,
                        ..style
                    },
                    _ => style,
                };
                stack.extend(kind.children().iter().rev().map(|i| (i, inner)));
                continue;
            }
        };
        for word in text.split_whitespace() {
            widest = widest.max(ctx.text_width(word, style, size));
        }
    }
    widest
}

/// Column widths from natural widths and narrowest words (see the module docs).
pub(crate) fn column_widths(natural: &[Pt], words: &[Pt], avail: Pt) -> Vec<Pt> {
    let sum = |v: &[Pt]| v.iter().copied().sum::<Pt>();
    let avail = avail.max(Pt(1.0));
    if sum(natural).0 <= avail.0 {
        return natural.to_vec();
    }
    let mins: Vec<Pt> = natural.iter().zip(words).map(|(n, w)| w.min(*n)).collect();
    let min_sum = sum(&mins);
    if min_sum.0 >= avail.0 {
        return mins
            .iter()
            .map(|m| avail * (m.0 / min_sum.0.max(1e-9)))
            .collect();
    }
    let flex: Vec<Pt> = natural.iter().zip(&mins).map(|(n, m)| *n - *m).collect();
    let flex_sum = sum(&flex).0.max(1e-9);
    let extra = avail - min_sum;
    mins.iter()
        .zip(&flex)
        .map(|(m, f)| *m + extra * (f.0 / flex_sum))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fit_the_measure() {
        let w = column_widths(&[Pt(50.0), Pt(30.0)], &[Pt(10.0), Pt(10.0)], Pt(100.0));
        assert_eq!(w, vec![Pt(50.0), Pt(30.0)]);
        let w = column_widths(&[Pt(300.0), Pt(100.0)], &[Pt(20.0), Pt(40.0)], Pt(200.0));
        let total: f64 = w.iter().map(|p| p.0).sum();
        assert!((total - 200.0).abs() < 1e-6);
        assert!(w[1].0 >= 40.0);
        let w = column_widths(&[Pt(300.0), Pt(300.0)], &[Pt(300.0), Pt(100.0)], Pt(200.0));
        assert!((w[0].0 - 150.0).abs() < 1e-6);
    }
}
