//! The back-of-book index in print: the entries of [`quire_doc::BlockKind::Index`] in
//! two balanced columns, each locator the page number of its place, linked to it.
//!
//! **Locators.** A place's page comes from the pass before (`super::settle`): the page
//! of the destination at the start of its marked span, and of the one at its end (a
//! phrase that runs onto the next page is `12–13`). An entry's pages are sorted, and
//! pages that follow one another are merged into a range (`12, 14–16`); each number is a
//! link to the place that gave it. In the first pass no page is known and each place
//! prints a placeholder of two digits, about the width it will take.
//!
//! **Lines.** Every entry is a ragged paragraph in the column's measure, unhyphenated,
//! its lines after the first indented by [`HANG_EM`] and each sub-entry level by
//! [`LEVEL_INDENT_EM`]; a group of entries opens with its initial in bold, after a line
//! of space. The words and punctuation are the screen editions' (see
//! [`quire_doc::IndexWords`]).
//!
//! **Columns.** The index starts a new page. Its lines are poured into two columns per
//! page, the first page's starting below the heading, on the next grid line: the height
//! of what the flow holds since that page began (see `first_offset`), or, when that is
//! more than a page, the index's place in the pass before. Full pages fill the left column, then the
//! right; the last page is balanced (the left column holds the extra line). A column does
//! not end with an initial or a blank line, nor start with a blank line. Each page's
//! columns are one chunk of the flow, as tall as the page's text block allows.
//!
//! **Tags.** The index is an `Index` element; each initial an `H` one level below the
//! index's heading, each entry a `P` holding its text and a `Link` per number or
//! reference, in reading order (the left column before the right), which is also the
//! order the columns are painted in.

use quire_doc::{Block, IndexEntry, IndexGroup, IndexWords, Span};

use crate::fonts::FontStyle;
use crate::page::{Anchor, LinkTarget, Mark, PageItem, Point, StructId, StructRole};
use crate::paragraph::Align;
use crate::units::Pt;

use super::context::Ctx;
use super::emit::emit;
use super::flow::{Chunk, Flow, Frame, translate};
use super::settle::end_anchor;
use super::text::InlineSet;

/// The index's type size, ratio of the body size.
pub const INDEX_SIZE: f64 = 0.88;
/// The index's leading, ratio of the body leading.
pub const INDEX_LEADING: f64 = 0.88;
/// Gap between the two columns, in ems of the body size.
pub const COLUMN_GAP_EM: f64 = 1.5;
/// Indent of an entry's lines after the first, in ems of the index size.
pub const HANG_EM: f64 = 1.5;
/// Indent of each sub-entry level, in ems of the index size.
pub const LEVEL_INDENT_EM: f64 = 1.0;
/// The placeholder of a page number not yet known.
const PLACEHOLDER: &str = "00";

/// One line of the index, relative to its column's left edge and its baseline.
struct Line {
    items: Vec<PageItem>,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The line of space before a group.
    Gap,
    /// A group's initial.
    Initial,
    /// A line of an entry.
    Entry,
    /// The last line of an entry whose sub-entries follow: a column that ended with it
    /// would part the entry from its first sub-entry.
    Parent,
}

impl Kind {
    /// A column may not end with this line.
    fn keeps_with_next(self) -> bool {
        matches!(self, Kind::Gap | Kind::Initial | Kind::Parent)
    }
}

/// Lay out the index `block` holding `groups` under `parent`; `level` is its heading's.
pub(crate) fn index(
    ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    frame: &Frame,
    parent: StructId,
    block: &Block,
    groups: &[IndexGroup],
    level: u8,
) {
    if ctx.recording.is_some() {
        // The look-ahead worker sets the body's paragraphs; the index is set here.
        return;
    }
    let node = ctx.tree.add_with_id(StructRole::Index, parent, block.id());
    let size = frame.size * INDEX_SIZE;
    let leading = frame.leading * INDEX_LEADING;
    let gap = ctx.st.size * COLUMN_GAP_EM;
    let column = Pt(((frame.width - gap).0 * 0.5).max(1.0));
    let words = IndexWords::for_language(&ctx.doc.meta.language);
    let mut lines = Vec::new();
    for group in groups {
        if !lines.is_empty() {
            lines.push(Line {
                items: Vec::new(),
                kind: Kind::Gap,
            });
        }
        if !group.label.is_empty() {
            let h = ctx
                .tree
                .add(StructRole::H(level.saturating_add(1).clamp(1, 6)), node);
            let (runs, _) = ctx.set_text(
                &group.label,
                FontStyle::BOLD,
                size,
                Mark::Content(h),
                Span::detached(),
            );
            lines.push(Line {
                items: runs.into_iter().map(PageItem::Text).collect(),
                kind: Kind::Initial,
            });
        }
        for entry in &group.entries {
            for (depth, e) in entry.flatten() {
                entry_lines(ctx, &mut lines, node, e, depth, (size, column), &words);
            }
        }
    }
    // A line of space between the heading and the columns.
    flow.space(frame, ctx.st.leading);
    let area = super::figure::text_area(ctx);
    let top_y = first_offset(ctx, flow, block.id(), area);
    flow.anchor(block.id());
    let geometry = Columns {
        leading,
        baseline: ctx.baseline_in(FontStyle::REGULAR, size, leading),
        column,
        gap,
        area,
    };
    pour(flow, frame, lines, top_y, &geometry);
}

/// How far below the top of its page's text block the index's first line starts, on
/// the baseline grid (the columns' chunk starts on a grid line). When the index opens a
/// page (its heading is a forced break) and what the flow holds since that break fits
/// one page, that height is exact and is used in every pass: a place read from the pass
/// before could be the top of the next page, where columns sized for a full page had
/// gone, and would keep them there (a heading left alone on its page). Otherwise the
/// place of the pass before is used, and in the first pass nothing.
fn first_offset(ctx: &Ctx<'_>, flow: &Flow, id: &str, area: Pt) -> Pt {
    let grid = ctx.st.leading;
    let on_grid = |y: Pt| Pt(((y.0 / grid.0) - 1e-6).ceil().max(0.0) * grid.0);
    let since = flow
        .chunks
        .iter()
        .rposition(|c| c.page.is_some_and(|p| p.new_page));
    if let Some(since) = since {
        let opened: Pt = flow.chunks[since..].iter().map(|c| c.height).sum();
        if opened < area {
            return on_grid(opened);
        }
    }
    let top = ctx.opts.media_offset() + ctx.opts.margins().top;
    ctx.refs
        .get(id)
        .map_or(Pt::ZERO, |place| on_grid(Pt((place.y - top).0.max(0.0))))
}

/// The lines of one entry (at sub-entry `depth`), in a column of `column` at `size`.
fn entry_lines(
    ctx: &mut Ctx<'_>,
    lines: &mut Vec<Line>,
    index: StructId,
    entry: &IndexEntry,
    depth: usize,
    (size, column): (Pt, Pt),
    words: &IndexWords,
) {
    let p = ctx.tree.add(StructRole::P, index);
    let regular = (FontStyle::REGULAR, size);
    let mut set = InlineSet::default();
    let at = entry.span;
    set.push_text(&entry.term, FontStyle::REGULAR, size, p, at);
    let mut after_term = true;
    for (first, rest) in page_numbers(ctx, entry) {
        set.push_text(", ", FontStyle::REGULAR, size, p, at);
        after_term = false;
        let link = ctx.tree.add(StructRole::Link, p);
        set.push_link(&first.0, regular, link, LinkTarget::Anchor(first.1), at);
        if let Some((label, target)) = rest {
            set.push_text("\u{2013}", FontStyle::REGULAR, size, p, at);
            let link = ctx.tree.add(StructRole::Link, p);
            set.push_link(&label, regular, link, LinkTarget::Anchor(target), at);
        }
    }
    for (word, refs) in [(words.see, &entry.see), (words.see_also, &entry.see_also)] {
        if refs.is_empty() {
            continue;
        }
        let lead = if after_term { ", " } else { "; " };
        after_term = false;
        set.push_text(lead, FontStyle::REGULAR, size, p, at);
        set.push_text(word, FontStyle::ITALIC, size, p, at);
        set.push_text(" ", FontStyle::REGULAR, size, p, at);
        for (k, r) in refs.iter().enumerate() {
            if k > 0 {
                set.push_text("; ", FontStyle::REGULAR, size, p, r.span);
            }
            match &r.target {
                Some(target) => {
                    let link = ctx.tree.add(StructRole::Link, p);
                    let target = LinkTarget::Anchor(target.clone());
                    set.push_link(&r.term, regular, link, target, r.span);
                }
                None => set.push_text(&r.term, FontStyle::REGULAR, size, p, r.span),
            }
        }
    }
    let indent = size * (LEVEL_INDENT_EM * depth as f64);
    let hang = size * HANG_EM;
    let mut opts = ctx.para_options(column - indent - hang);
    opts.align = Align::RaggedRight;
    opts.hyphenate = false;
    let Some(layout) = ctx.paragraph(&set, &opts) else {
        return;
    };
    for (k, set_line) in emit(ctx, &set, &layout).into_iter().enumerate() {
        let x = indent + if k > 0 { hang } else { Pt::ZERO };
        let mut items = set_line.items;
        translate(&mut items, x, Pt::ZERO);
        if k == 0 {
            // The entry's own destination, where *see* references lead.
            items.insert(
                0,
                PageItem::Anchor(Anchor {
                    name: entry.id.clone(),
                    at: Point { x, y: -size },
                }),
            );
        }
        lines.push(Line {
            items,
            kind: Kind::Entry,
        });
    }
    if !entry.subentries.is_empty()
        && let Some(last) = lines.last_mut()
    {
        last.kind = Kind::Parent;
    }
}

/// A printed locator: the first page's (label, the place it links to), and for a range
/// the last page's.
type PageNumber = ((String, String), Option<(String, String)>);

/// The page numbers of `entry`'s places, sorted and merged into ranges (see the module
/// docs); placeholders in the first pass.
fn page_numbers(ctx: &Ctx<'_>, entry: &IndexEntry) -> Vec<PageNumber> {
    if !ctx.refs.known {
        return entry
            .locators
            .iter()
            .map(|l| ((PLACEHOLDER.to_string(), l.target.clone()), None))
            .collect();
    }
    // (first page, last page, first label, last label, first target, last target)
    let mut spans: Vec<(usize, usize, &str, &str, &str, &str)> = entry
        .locators
        .iter()
        .filter_map(|l| {
            let start = ctx.refs.get(&l.target)?;
            let end = ctx
                .refs
                .get(&end_anchor(&l.target))
                .filter(|e| e.page >= start.page)
                .unwrap_or(start);
            Some((
                start.page,
                end.page,
                start.label.as_str(),
                end.label.as_str(),
                l.target.as_str(),
                l.target.as_str(),
            ))
        })
        .collect();
    // Stable: of two places on one page, the first in reading order is linked.
    spans.sort_by_key(|s| s.0);
    let mut merged: Vec<(usize, usize, &str, &str, &str, &str)> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(m) if s.0 <= m.1 + 1 => {
                if s.1 > m.1 {
                    m.1 = s.1;
                    m.3 = s.3;
                    m.5 = s.5;
                }
            }
            _ => merged.push(s),
        }
    }
    merged
        .into_iter()
        .map(|(first, last, a, b, ta, tb)| {
            let head = (a.to_string(), ta.to_string());
            let tail = (last > first).then(|| (b.to_string(), tb.to_string()));
            (head, tail)
        })
        .collect()
}

/// The measures of the columns.
struct Columns {
    leading: Pt,
    baseline: Pt,
    column: Pt,
    gap: Pt,
    area: Pt,
}

/// Pours `lines` into pages of two columns (see the module docs), the first page's
/// starting `top_y` below the top of the text block, as one chunk per page.
fn pour(flow: &mut Flow, frame: &Frame, lines: Vec<Line>, top_y: Pt, g: &Columns) {
    let rows = |room: Pt| ((room.0 / g.leading.0) + 1e-6).floor().max(1.0) as usize;
    let mut room = rows(g.area - top_y);
    let mut at = 0;
    let mut first = true;
    while at < lines.len() {
        let left_ends = if lines.len() - at <= 2 * room {
            // The last page: balanced, the left column holding the odd line.
            balance(&lines, at, room)
        } else {
            column_end(&lines, at, room)
        };
        let right_start = skip_gaps(&lines, left_ends);
        let right_ends = column_end(&lines, right_start, room);
        let height = (left_ends - at).max(right_ends - right_start);
        let mut items = Vec::new();
        for (x, range) in [
            (Pt::ZERO, at..left_ends),
            (g.column + g.gap, right_start..right_ends),
        ] {
            for (row, line) in lines[range].iter().enumerate() {
                let mut line_items = line.items.clone();
                let y = g.leading * row as f64 + g.baseline;
                translate(&mut line_items, frame.left + x, y);
                items.extend(line_items);
            }
        }
        flow.push(
            frame,
            Chunk {
                height: g.leading * height as f64,
                items,
                grid: first,
                ..Chunk::default()
            },
        );
        first = false;
        at = skip_gaps(&lines, right_ends);
        room = rows(g.area);
    }
}

/// Where a column that starts at line `from` and holds at most `room` lines ends: it
/// does not end with an initial, a blank line or an entry above its first sub-entry,
/// unless it holds nothing else.
fn column_end(lines: &[Line], from: usize, room: usize) -> usize {
    let mut end = (from + room).min(lines.len());
    if end < lines.len() {
        while end > from + 1 && lines[end - 1].kind.keeps_with_next() {
            end -= 1;
        }
    }
    end
}

/// The left column of the last page: half the lines (and the odd one), where
/// [`column_end`] allows, so that the right column holds the rest.
fn balance(lines: &[Line], from: usize, room: usize) -> usize {
    let left = (lines.len() - from).div_ceil(2);
    for want in left..=room {
        let end = column_end(lines, from, want);
        let right = skip_gaps(lines, end);
        if lines.len() - right <= room {
            return end;
        }
    }
    column_end(lines, from, room)
}

/// The first line from `at` that is not a blank line (a column does not open with one).
fn skip_gaps(lines: &[Line], mut at: usize) -> usize {
    while lines.get(at).is_some_and(|l| l.kind == Kind::Gap) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(kinds: &[Kind]) -> Vec<Line> {
        kinds
            .iter()
            .map(|&kind| Line {
                items: Vec::new(),
                kind,
            })
            .collect()
    }

    #[test]
    fn a_column_does_not_part_an_entry_from_its_first_sub_entry() {
        use Kind::*;
        // initial, entry, parent, sub, sub: a column of 3 would end on the parent.
        let l = lines(&[Initial, Entry, Parent, Entry, Entry]);
        assert_eq!(column_end(&l, 0, 3), 2);
        // Nor on an initial or a gap before it.
        let l = lines(&[Entry, Gap, Initial, Entry]);
        assert_eq!(column_end(&l, 0, 3), 1);
        // A column of nothing else keeps what it holds.
        let l = lines(&[Parent, Entry]);
        assert_eq!(column_end(&l, 0, 1), 1);
        // The last lines end the column where they end.
        let l = lines(&[Entry, Parent, Entry]);
        assert_eq!(column_end(&l, 0, 5), 3);
    }

    #[test]
    fn the_last_page_balances_without_parting_an_entry_from_its_sub_entries() {
        use Kind::*;
        // Six lines, three a column, but the third is a parent: the left takes two.
        let l = lines(&[Entry, Entry, Parent, Entry, Entry, Entry]);
        let end = balance(&l, 0, 4);
        assert_eq!(end, 2);
        assert_eq!(l.len() - skip_gaps(&l, end), 4);
    }
}
