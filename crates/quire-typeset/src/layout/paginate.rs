//! Pagination: the vertical list cut into pages, with footnotes at the foot of each.
//!
//! The paginator fills one page at a time, greedily, and backs up to the last legal
//! break when a chunk no longer fits: a break after a chunk is legal unless the chunk
//! says `keep_with_next` (widows, orphans, headings, figures, table headers; see
//! [`super::flow`]). Fitting counts the footnotes the page must carry: every note first
//! referenced by the page's chunks, in full, except possibly the last one, of which only the lines
//! before its first legal break must fit (at least two, by the widow and orphan rules; the
//! rest may continue on the next page, TeX's split insertion). Space chunks are dropped at the top of a page; grid chunks start on the next
//! line of the baseline grid. Only when a keep chain is longer than a whole page is a page
//! broken where the keeps forbid it, before the chunk that overflows; a single chunk taller
//! than a page (never produced for text) is placed alone.
//!
//! **Floats.** A top-level figure's chunks carry a float group ([`Chunk::float`]). When a
//! figure does not fit in what is left of the page, it waits and the text after it fills
//! the page; waiting figures open the next page, in their order, as many as fit (the
//! first always), followed by a grid line of space. A figure never overtakes another.
//!
//! **Forced breaks.** A chunk whose [`Chunk::page`] asks for a new page (a book's
//! openings) starts one: the page before ends there whatever its keeps say, figures still
//! waiting and notes still continuing get pages of their own first (a chapter never opens
//! with the last one's material), and when the new page must be a recto and would be a
//! verso, an empty page ([`PagePlan::blank`]) is put in before it.
//!
//! **Annotations.** Notes of editorial annotations set at the foot (narrow trims) are
//! notes from [`Geometry::annotations_from`] on: they follow the footnotes under a rule
//! of their own and are never split by choice (only a footnote may continue on the next
//! page). On wider trims a page also keeps its margin notes: a line is taken only if the
//! notes of the passages ending on the page fit the margin column together; a note that
//! does not goes to the foot of the same page instead (when it was set for the foot, see
//! `super::margin_notes`), and if that has no room either the page ends before the line.
//! The margin notes are stacked beside their lines when the page is closed.
//!
//! **Page ends.** A recto does not end on a hyphenated line if a legal break at most
//! [`RECTO_BACKUP_LINES`] earlier does not (the reader turns the leaf mid-word there);
//! a page that ends short while the text runs on is then filled out (`super::fill_out`).
//!
//! When a page is closed, its notes are stacked from the bottom of the text block under a
//! short rule: first what is left of a note continued from the previous page, then the
//! page's own notes, split where their keeps allow if they do not all fit. Every page of the result
//! is a plan (chunks with their offsets from the top of the text block); decoration turns
//! plans into pages.

use std::ops::Range;

use crate::units::Pt;

use super::flow::Chunk;

/// Share of the text height that carried-over notes may claim before the page's text.
pub const MAX_CARRY_SHARE: f64 = 0.5;
/// Tolerance for height comparisons.
const EPS: f64 = 1e-6;

/// Which chunk: of the body, a repeated table header, line `.1` of note `.0`, or line
/// `.1` of the margin note of annotation `.0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Body(usize),
    Header(usize),
    Note(usize, usize),
    Margin(usize, usize),
}

/// A chunk at an offset from the top of the text block.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed {
    pub at: Source,
    pub y: Pt,
    pub height: Pt,
}

/// One page before decoration.
#[derive(Clone, Debug, Default)]
pub(crate) struct PagePlan {
    pub body: Vec<Placed>,
    pub notes: Vec<Placed>,
    /// Margin notes, at their offsets from the top of the text block.
    pub margin: Vec<Placed>,
    /// Offset of the rule above the notes.
    pub note_rule: Option<Pt>,
    /// Offset of the rule between the footnotes and the annotations under them.
    pub class_rule: Option<Pt>,
    /// An empty verso put in so that the next page is a recto.
    pub blank: bool,
    /// The text runs on past the page (it is not the last, nor before a forced break):
    /// its foot should be filled.
    pub runs_on: bool,
    /// Annotations whose margin notes the page's margin could not hold and that had no
    /// version for the foot (the page ended before their line instead).
    pub refused: Vec<usize>,
}

/// Vertical settings of the text block.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    /// Height of the text block (a whole number of grid lines).
    pub area: Pt,
    /// The baseline grid step.
    pub grid: Pt,
    /// Space above the notes, holding the rule.
    pub note_sep: Pt,
    /// Space between two notes.
    pub note_gap: Pt,
    /// Notes from this index on are annotations set at the foot (after the footnotes,
    /// under a rule of their own, [`Geometry::note_sep`] above them).
    pub annotations_from: usize,
    /// Space between two margin notes.
    pub margin_gap: Pt,
}

/// Cut the chunks into pages.
pub(crate) fn paginate(
    chunks: &[Chunk],
    headers: &[Chunk],
    notes: &[Vec<Chunk>],
    margin: &[Vec<Chunk>],
    g: Geometry,
) -> Vec<PagePlan> {
    let mut pages = Vec::new();
    let mut carry: Vec<(usize, usize)> = Vec::new(); // (note, first chunk left)
    let mut margin_carry: Vec<(usize, usize)> = Vec::new(); // (annotation, first line left)
    let mut waiting: Vec<Range<usize>> = Vec::new(); // floats for the next page
    let mut i = 0;
    loop {
        while chunks.get(i).is_some_and(|c| c.discardable) {
            i += 1;
        }
        if i >= chunks.len() && carry.is_empty() && waiting.is_empty() && margin_carry.is_empty() {
            break;
        }
        let forced = chunks.get(i).and_then(|c| c.page).filter(|p| p.new_page);
        // Before a forced break, what is left of the pages before it is set out first:
        // `fill` from the end of the list places only waiting figures and notes.
        let left_over = !(carry.is_empty() && waiting.is_empty() && margin_carry.is_empty());
        let from = if forced.is_some() && left_over {
            chunks.len()
        } else {
            if forced.is_some_and(|p| p.recto) && pages.len() % 2 == 1 {
                pages.push(PagePlan {
                    blank: true,
                    ..PagePlan::default()
                });
            }
            i
        };
        let side = Side {
            notes: margin,
            carry: &margin_carry,
        };
        let Filled {
            end,
            placed: body,
            bottom,
            spilled,
            refused,
        } = fill(
            chunks,
            headers,
            (notes, &carry),
            side,
            &mut waiting,
            (from, pages.len() % 2 == 0),
            g,
        );
        let refs: Vec<usize> = body
            .iter()
            .filter_map(|p| match p.at {
                Source::Body(k) => Some(k),
                _ => None,
            })
            .flat_map(|k| {
                let c = &chunks[k];
                let foot = c.annotations.iter().filter(|a| spilled.contains(a));
                c.notes
                    .iter()
                    .copied()
                    .chain(foot.map(|a| g.annotations_from + a))
            })
            .collect();
        let mut plan = PagePlan {
            body,
            refused,
            ..PagePlan::default()
        };
        carry = place_notes(&mut plan, notes, carry, &refs, g, bottom);
        plan.runs_on = from == i && continues(chunks, end, &carry, &waiting);
        if plan.runs_on {
            let limit = plan.note_rule.map_or(g.area, |r| r - g.note_sep * 0.5);
            super::fill_out::fill_out(&mut plan, chunks, g.grid, limit);
        }
        if !margin.is_empty() {
            margin_carry = place_margin(&mut plan, chunks, margin, margin_carry, &spilled, g);
        }
        pages.push(plan);
        if from == i {
            i = end;
        }
    }
    pages
}

/// Whether the text runs on past a page that ends before chunk `end`, so that the page
/// should be filled out (see `super::fill_out`): not at the end, nor before a forced
/// break.
fn continues(
    chunks: &[Chunk],
    end: usize,
    carry: &[(usize, usize)],
    waiting: &[Range<usize>],
) -> bool {
    let next = chunks[end.min(chunks.len())..]
        .iter()
        .find(|c| !c.discardable);
    match next {
        Some(c) => !c.page.is_some_and(|p| p.new_page),
        None => !carry.is_empty() || !waiting.is_empty(),
    }
}

/// Whether the last line among `placed` ends in an added hyphen.
fn ends_hyphenated(chunks: &[Chunk], placed: &[Placed]) -> bool {
    placed
        .iter()
        .rev()
        .find_map(|p| match p.at {
            Source::Body(k) if chunks[k].discardable => None,
            Source::Body(k) => Some(chunks[k].hyphen),
            _ => Some(false),
        })
        .unwrap_or(false)
}

/// The float group starting at chunk `k`, if one does.
fn float_at(chunks: &[Chunk], k: usize) -> Option<Range<usize>> {
    let f = chunks.get(k)?.float?;
    if k > 0 && chunks[k - 1].float == Some(f) {
        return None;
    }
    let len = chunks[k..]
        .iter()
        .take_while(|c| c.float == Some(f))
        .count();
    Some(k..k + len)
}

/// The annotations whose passages end in `chunks[range]`.
fn annotated(chunks: &[Chunk], range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    chunks[range]
        .iter()
        .flat_map(|c| c.annotations.iter().copied())
}

/// The margin notes of a layout (empty unless annotations go in the margin) and what is
/// left of those the previous page could not hold.
#[derive(Clone, Copy)]
struct Side<'a> {
    notes: &'a [Vec<Chunk>],
    carry: &'a [(usize, usize)],
}

impl Side<'_> {
    /// Whether the margin holds the carried lines and the notes of `marg` (annotations)
    /// stacked: they may move up and down, so only their total height counts.
    fn fits(&self, marg: &[usize], g: Geometry) -> bool {
        if self.notes.is_empty() || (marg.is_empty() && self.carry.is_empty()) {
            return true;
        }
        let carried: Pt = self
            .carry
            .iter()
            .map(|&(a, from)| height(&self.notes[a][from.min(self.notes[a].len())..]))
            .sum();
        let own: Pt = marg.iter().map(|&a| height(&self.notes[a])).sum();
        let count = self.carry.len() + marg.len();
        let gaps = g.margin_gap * count.saturating_sub(1) as f64;
        (carried + own + gaps).0 <= g.area.0 + EPS
    }
}

/// Stack the page's margin notes beside their passages (see `super::margin_notes`);
/// returns the lines that continue in the next page's margin.
fn place_margin(
    plan: &mut PagePlan,
    chunks: &[Chunk],
    margin: &[Vec<Chunk>],
    carry: Vec<(usize, usize)>,
    spilled: &[usize],
    g: Geometry,
) -> Vec<(usize, usize)> {
    // (annotation, first line, wanted top): carried lines want the top of the column,
    // a note the top that puts its first baseline on its passage's last line's.
    let mut wanted: Vec<(usize, usize, Pt)> = carry
        .into_iter()
        .map(|(a, from)| (a, from, Pt::ZERO))
        .collect();
    for p in &plan.body {
        let Source::Body(k) = p.at else { continue };
        let c = &chunks[k];
        for &a in c.annotations.iter().filter(|a| !spilled.contains(a)) {
            let Some(first) = margin.get(a).and_then(|n| n.first()) else {
                continue;
            };
            let base = c.baseline.unwrap_or(Pt::ZERO);
            let own = first.baseline.unwrap_or(Pt::ZERO);
            wanted.push((a, 0, (p.y + base - own).max(Pt::ZERO)));
        }
    }
    let heights: Vec<Pt> = wanted
        .iter()
        .map(|&(a, from, _)| height(&margin[a][from.min(margin[a].len())..]))
        .collect();
    let tops: Vec<Pt> = wanted.iter().map(|w| w.2).collect();
    let placed = super::margin_notes::stack(&tops, &heights, g.margin_gap, g.area);
    let mut rest = Vec::new();
    for (&(a, from, _), top) in wanted.iter().zip(placed) {
        if !rest.is_empty() {
            rest.push((a, from));
            continue;
        }
        let mut y = top;
        for (k, line) in margin[a].iter().enumerate().skip(from) {
            // Only an over-full column (a note taller than the page) runs past its foot:
            // the lines that do not fit continue in the next page's margin, and so do
            // the notes after them. Every page takes at least one line.
            if y.0 + line.height.0 > g.area.0 + EPS && !plan.margin.is_empty() {
                rest.push((a, k));
                break;
            }
            plan.margin.push(Placed {
                at: Source::Margin(a, k),
                y,
                height: line.height,
            });
            y += line.height;
        }
    }
    rest
}

/// The notes first cited in `chunks[range]`.
fn cited(chunks: &[Chunk], range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    chunks[range].iter().flat_map(|c| c.notes.iter().copied())
}

/// Fill one page from chunk `i`, after the floats `waiting` from earlier pages (see
/// [`Filled`]); `waiting` is left with the floats for the next page.
#[allow(clippy::too_many_arguments)]
fn fill(
    chunks: &[Chunk],
    headers: &[Chunk],
    (notes, carry): (&[Vec<Chunk>], &[(usize, usize)]),
    side: Side<'_>,
    waiting: &mut Vec<Range<usize>>,
    (i, recto): (usize, bool),
    g: Geometry,
) -> Filled {
    let snap = |y: Pt| Pt(((y.0 / g.grid.0) - EPS).ceil().max(0.0) * g.grid.0);
    let mut placed: Vec<Placed> = Vec::new();
    let mut y = Pt::ZERO;
    let mut refs: Vec<usize> = Vec::new();
    let mut marg: Vec<usize> = Vec::new();
    // Annotations of the margin set at the foot instead: (chunk, annotation).
    let mut spilled: Vec<(usize, usize)> = Vec::new();
    let mut refused: Vec<usize> = Vec::new();
    let room = |refs: &[usize], marg: &[usize], bottom: Pt, split: bool| {
        bottom.0 + notes_needed(notes, carry, refs, g, split).0 <= g.area.0 + EPS
            && side.fits(marg, g)
    };
    let mut later = Vec::new();
    for group in waiting.drain(..) {
        let mut with: Vec<usize> = refs.clone();
        with.extend(cited(chunks, group.clone()));
        let mut with_m = marg.clone();
        with_m.extend(annotated(chunks, group.clone()));
        let bottom = y + height(&chunks[group.clone()]);
        if later.is_empty() && (placed.is_empty() || room(&with, &with_m, bottom, false)) {
            for k in group {
                placed.push(Placed {
                    at: Source::Body(k),
                    y,
                    height: chunks[k].height,
                });
                y += chunks[k].height;
            }
            refs = with;
            marg = with_m;
        } else {
            later.push(group);
        }
    }
    if !placed.is_empty() {
        y = snap(y) + g.grid;
    }
    *waiting = later;
    // A chunk that does not fit is placed anyway when nothing but a repeated table
    // header precedes it (so every page makes progress); floats count as something.
    let mut lead = 0;
    if let Some(h) = chunks.get(i).and_then(|c| c.table_header) {
        placed.push(Placed {
            at: Source::Header(h),
            y,
            height: headers[h].height,
        });
        y += headers[h].height;
        lead = 1;
    }
    let mut skipped: Vec<Range<usize>> = Vec::new();
    // Every legal break so far: (chunk index, placed count).
    let mut oks: Vec<(usize, usize)> = Vec::new();
    let mut k = i;
    let mut overflow = false;
    while let Some(c) = chunks.get(k) {
        if k > i && c.page.is_some_and(|p| p.new_page) {
            // A forced break ends the page here, whatever the keeps before it say.
            break;
        }
        let top = if c.grid { snap(y) } else { y };
        if let Some(group) = float_at(chunks, k) {
            // A figure waits if an earlier one does (order is kept) or if it does not fit
            // here, unless it would be alone on the page.
            let mut with = refs.clone();
            with.extend(cited(chunks, group.clone()));
            let mut with_m = marg.clone();
            with_m.extend(annotated(chunks, group.clone()));
            let bottom = top + height(&chunks[group.clone()]);
            let wait = !waiting.is_empty() || !skipped.is_empty();
            if wait || (!room(&with, &with_m, bottom, false) && !placed.is_empty()) {
                k = group.end;
                skipped.push(group);
                continue;
            }
        }
        let bottom = top + c.height;
        refs.extend(c.notes.iter().copied());
        if !side.notes.is_empty() {
            // A note the margin cannot hold any more goes to the foot of the same page,
            // under the footnotes, if that has room (see `super::margin_notes`).
            for &a in &c.annotations {
                marg.push(a);
                if side.fits(&marg, g) {
                    continue;
                }
                let foot = g.annotations_from.checked_add(a).and_then(|n| notes.get(n));
                if foot.is_some_and(|n| !n.is_empty()) {
                    marg.pop();
                    refs.push(g.annotations_from + a);
                    spilled.push((k, a));
                } else {
                    refused.push(a);
                }
            }
        }
        // Notes go in whole; only the chunk that cites a note may split it, when the
        // note cannot fit even with the page ending right after its reference.
        let fits = |split: bool| room(&refs, &marg, bottom, split);
        // An annotation stays whole on its passage's page: only a footnote may be split.
        let splits = refs.last().is_some_and(|&n| n < g.annotations_from) && !c.notes.is_empty();
        if !(fits(false) || (splits && fits(true))) && placed.len() > lead {
            overflow = true;
            break;
        }
        placed.push(Placed {
            at: Source::Body(k),
            y: top,
            height: c.height,
        });
        y = bottom;
        k += 1;
        if !c.keep_with_next {
            oks.push((k, placed.len()));
        }
    }
    let (end, count) = match (overflow, recto_break(chunks, &placed, &oks, recto, g)) {
        (false, _) => (k, placed.len()),
        (true, Some(ok)) => ok,
        (true, None) => (k, placed.len()),
    };
    placed.truncate(count);
    // Figures passed over before the page's end wait for the next page; those after it
    // come up again in the flow.
    waiting.extend(skipped.into_iter().filter(|g| g.start < end));
    let bottom = placed
        .iter()
        .map(|p| p.y + p.height)
        .fold(Pt::ZERO, Pt::max);
    let shown: Vec<usize> = placed
        .iter()
        .filter_map(|p| match p.at {
            Source::Body(k) => Some(k),
            _ => None,
        })
        .collect();
    let spilled = spilled
        .into_iter()
        .filter(|(k, _)| shown.contains(k))
        .map(|(_, a)| a)
        .collect();
    Filled {
        end,
        placed,
        bottom,
        spilled,
        refused,
    }
}

/// The break a page that overflows ends at: the last legal one, except that a recto
/// does not end on a hyphenated line while a break at most [`RECTO_BACKUP_LINES`] earlier
/// does not (a reader turns the leaf there; the page is filled out afterwards).
fn recto_break(
    chunks: &[Chunk],
    placed: &[Placed],
    oks: &[(usize, usize)],
    recto: bool,
    g: Geometry,
) -> Option<(usize, usize)> {
    let last = *oks.last()?;
    if !recto || !ends_hyphenated(chunks, &placed[..last.1]) {
        return Some(last);
    }
    let bottom = |count: usize| {
        placed[..count]
            .iter()
            .map(|p| p.y + p.height)
            .fold(Pt::ZERO, Pt::max)
    };
    let lowest = bottom(last.1);
    oks.iter()
        .rev()
        .skip(1)
        .take_while(|ok| (lowest - bottom(ok.1)).0 <= g.grid.0 * RECTO_BACKUP_LINES + EPS)
        .find(|ok| ok.1 > 0 && !ends_hyphenated(chunks, &placed[..ok.1]))
        .copied()
        .or(Some(last))
}

/// How many lines shorter a recto may end to avoid ending on a hyphen.
pub const RECTO_BACKUP_LINES: f64 = 2.0;

/// What [`fill`] made of a page.
struct Filled {
    /// The end of the page's flow.
    end: usize,
    /// Its chunks.
    placed: Vec<Placed>,
    /// The bottom of its body.
    bottom: Pt,
    /// Annotations whose notes go to its foot, the margin being full.
    spilled: Vec<usize>,
    /// Annotations whose notes neither the margin nor a foot version could take.
    refused: Vec<usize>,
}

fn height(chunks: &[Chunk]) -> Pt {
    chunks.iter().map(|c| c.height).sum()
}

/// The footnote height a page must keep free (see the module docs).
fn notes_needed(
    notes: &[Vec<Chunk>],
    carry: &[(usize, usize)],
    refs: &[usize],
    g: Geometry,
    split_last: bool,
) -> Pt {
    if carry.is_empty() && refs.is_empty() {
        return Pt::ZERO;
    }
    let mut h = g.note_sep;
    let is_annotation = |n: &usize| *n >= g.annotations_from;
    let annotations = carry.iter().map(|c| &c.0).chain(refs).any(is_annotation);
    let footnotes = carry
        .iter()
        .map(|c| &c.0)
        .chain(refs)
        .any(|n| !is_annotation(n));
    if annotations && footnotes {
        h += g.note_sep;
    }
    let carried: Pt = carry
        .iter()
        .map(|&(n, from)| height(&notes[n][from..]))
        .sum();
    h += carried.min(g.area * MAX_CARRY_SHARE);
    for (k, &n) in refs.iter().enumerate() {
        if k > 0 || !carry.is_empty() {
            h += g.note_gap;
        }
        let note = &notes[n];
        h += if split_last && k + 1 == refs.len() {
            height(&note[..first_break(note, 0)])
        } else {
            height(note)
        };
    }
    h
}

/// The end of the shortest prefix of `note[from..]` after which it may be split.
fn first_break(note: &[Chunk], from: usize) -> usize {
    note[from..]
        .iter()
        .position(|c| !c.keep_with_next)
        .map_or(note.len(), |k| from + k + 1)
}

/// Stack the notes at the foot of the page; returns what continues on the next page.
fn place_notes(
    plan: &mut PagePlan,
    notes: &[Vec<Chunk>],
    carry: Vec<(usize, usize)>,
    refs: &[usize],
    g: Geometry,
    body_bottom: Pt,
) -> Vec<(usize, usize)> {
    let mut queue: Vec<(usize, usize)> = carry;
    queue.extend(refs.iter().map(|&n| (n, 0)));
    if queue.is_empty() {
        return Vec::new();
    }
    // Footnotes first, then the annotations set at the foot, each class in its order.
    queue.sort_by_key(|&(n, _)| n >= g.annotations_from);
    let mut class_rule = None;
    let avail = g.area - body_bottom - g.note_sep;
    let mut stack: Vec<(Source, Pt, Pt)> = Vec::new(); // (chunk, offset, height)
    let mut used = Pt::ZERO;
    let mut rest: Vec<(usize, usize)> = Vec::new();
    for (q, &(n, from)) in queue.iter().enumerate() {
        if !rest.is_empty() {
            rest.push((n, from));
            continue;
        }
        if q > 0 {
            used += g.note_gap;
        }
        if q > 0 && n >= g.annotations_from && queue[q - 1].0 < g.annotations_from {
            class_rule = Some(used + g.note_sep * 0.5);
            used += g.note_sep;
        }
        let note = &notes[n];
        let mut taken = from;
        let mut legal = from; // the last place the note may be split
        let start = stack.len();
        for (k, chunk) in note.iter().enumerate().skip(from) {
            let fits = used.0 + chunk.height.0 <= avail.0 + EPS;
            let forced = stack.is_empty() && plan.body.is_empty();
            if !fits && !forced {
                break;
            }
            stack.push((Source::Note(n, k), used, chunk.height));
            used += chunk.height;
            taken += 1;
            if !chunk.keep_with_next {
                legal = taken;
            }
        }
        if taken < note.len() {
            // Split only where the note's keeps (its widows and orphans) allow.
            let keep = if legal > from { legal } else { taken };
            stack.truncate(start + (keep - from));
            rest.push((n, keep));
        }
    }
    if stack.is_empty() {
        return rest;
    }
    let total = stack.last().map_or(Pt::ZERO, |(_, off, h)| *off + *h);
    let top = (g.area - total).max(body_bottom + g.note_sep);
    plan.note_rule = Some(top - g.note_sep * 0.5);
    plan.class_rule = class_rule
        .filter(|&r| stack.last().is_some_and(|(_, off, _)| *off > r))
        .map(|r| top + r);
    plan.notes = stack
        .into_iter()
        .map(|(at, off, height)| Placed {
            at,
            y: top + off,
            height,
        })
        .collect();
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(keep: bool, notes: Vec<usize>) -> Chunk {
        Chunk {
            height: Pt(10.0),
            keep_with_next: keep,
            grid: true,
            notes,
            ..Chunk::default()
        }
    }

    fn geometry() -> Geometry {
        Geometry {
            area: Pt(100.0),
            grid: Pt(10.0),
            note_sep: Pt(10.0),
            note_gap: Pt(0.0),
            annotations_from: usize::MAX,
            margin_gap: Pt(2.0),
        }
    }

    #[test]
    fn breaks_only_where_keeps_allow() {
        // Ten lines fit; the tenth keeps with the eleventh, so the page ends after nine.
        let mut chunks: Vec<Chunk> = (0..12).map(|_| line(false, vec![])).collect();
        chunks[9].keep_with_next = true;
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].body.len(), 9);
        assert_eq!(pages[1].body.len(), 3);
        assert_eq!(pages[1].body[0].y, Pt::ZERO);
    }

    #[test]
    fn notes_stay_with_their_reference_and_whole() {
        // A three-line note cited on line 6: the page has room for the note in full only
        // if the text gives way after line 6, so it does.
        let mut chunks: Vec<Chunk> = (0..12).map(|_| line(false, vec![])).collect();
        chunks[5].notes = vec![0];
        let note: Vec<Chunk> = (0..3).map(|i| line(i == 0, vec![])).collect();
        let notes = vec![note];
        let pages = paginate(&chunks, &[], &notes, &[], geometry());
        assert_eq!(pages[0].notes.len(), 3);
        assert_eq!(pages[0].body.len(), 6);
        let bottom = pages[0].notes.last().map(|p| p.y + p.height);
        assert_eq!(bottom, Some(Pt(100.0)));
    }

    #[test]
    fn a_note_too_long_for_the_page_continues() {
        let mut chunks: Vec<Chunk> = (0..4).map(|_| line(false, vec![])).collect();
        chunks[0].notes = vec![0];
        let note: Vec<Chunk> = (0..14).map(|_| line(false, vec![])).collect();
        let notes = vec![note];
        let pages = paginate(&chunks, &[], &notes, &[], geometry());
        assert!(pages.len() >= 2);
        let placed: usize = pages.iter().map(|p| p.notes.len()).sum();
        assert_eq!(placed, 14, "every line of the note is placed once");
        assert!(
            !pages[0].notes.is_empty(),
            "the note starts on its reference's page"
        );
    }

    fn figure(lines: usize, group: usize) -> Vec<Chunk> {
        (0..lines)
            .map(|k| Chunk {
                height: Pt(10.0),
                keep_with_next: k + 1 < lines,
                float: Some(group),
                ..Chunk::default()
            })
            .collect()
    }

    fn bodies(page: &PagePlan) -> Vec<usize> {
        page.body
            .iter()
            .filter_map(|p| match p.at {
                Source::Body(k) => Some(k),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_figure_that_does_not_fit_waits_while_text_fills_the_page() {
        // Seven lines, a four-line figure (7..11), seven more lines: the figure does not
        // fit after line 7 of a ten-line page, so lines 11.. fill the page and the figure
        // opens the next one, a grid line above the text that follows it.
        let mut chunks: Vec<Chunk> = (0..7).map(|_| line(false, vec![])).collect();
        chunks.extend(figure(4, 7));
        chunks.extend((0..7).map(|_| line(false, vec![])));
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        assert_eq!(bodies(&pages[0]), vec![0, 1, 2, 3, 4, 5, 6, 11, 12, 13]);
        assert_eq!(bodies(&pages[1]), vec![7, 8, 9, 10, 14, 15, 16, 17]);
        assert_eq!(pages[1].body[0].y, Pt::ZERO);
        assert_eq!(pages[1].body[4].y, Pt(50.0), "a grid line under the figure");
        assert_eq!(pages.len(), 2);
    }

    #[test]
    fn figures_keep_their_order_and_a_last_one_still_gets_a_page() {
        // Two figures in a row that do not fit: the second must not overtake the first,
        // and a figure that ends the document still gets placed.
        let mut chunks: Vec<Chunk> = (0..8).map(|_| line(false, vec![])).collect();
        chunks.extend(figure(6, 8));
        chunks.extend(figure(2, 14));
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        let order: Vec<usize> = pages.iter().flat_map(bodies).collect();
        assert_eq!(
            order,
            (0..16).collect::<Vec<_>>(),
            "every chunk once, figures in order"
        );
        assert_eq!(bodies(&pages[1])[0], 8);
    }

    fn opens(recto: bool) -> Option<super::super::flow::PageMark> {
        Some(super::super::flow::PageMark {
            new_page: true,
            recto,
            ..Default::default()
        })
    }

    #[test]
    fn a_forced_break_opens_a_recto_after_an_empty_verso_whatever_the_keeps() {
        let mut chunks: Vec<Chunk> = (0..6).map(|_| line(false, vec![])).collect();
        chunks[2].keep_with_next = true;
        chunks[3].page = opens(true);
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        assert_eq!(pages.len(), 3);
        assert_eq!(bodies(&pages[0]), vec![0, 1, 2]);
        assert!(pages[1].blank && pages[1].body.is_empty() && pages[1].notes.is_empty());
        assert_eq!(bodies(&pages[2]), vec![3, 4, 5]);
        // Asking only for a new page puts in no empty one.
        chunks[3].page = opens(false);
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        assert_eq!(pages.len(), 2);
        assert!(!pages[1].blank);
        // A break that falls on a recto anyway needs no empty page either.
        let mut chunks: Vec<Chunk> = (0..14).map(|_| line(false, vec![])).collect();
        chunks[12].page = opens(true);
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        assert_eq!(
            pages.iter().map(|p| p.blank).collect::<Vec<_>>(),
            [false, false, false]
        );
        assert_eq!(bodies(&pages[2]), vec![12, 13]);
    }

    #[test]
    fn waiting_figures_get_their_page_before_a_forced_break() {
        // Eight lines, a four-line figure that does not fit after them, then a chapter:
        // the figure gets a page of its own before the chapter's page.
        let mut chunks: Vec<Chunk> = (0..8).map(|_| line(false, vec![])).collect();
        chunks.extend(figure(4, 8));
        chunks.extend((0..2).map(|_| line(false, vec![])));
        chunks[12].page = opens(true);
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        assert_eq!(bodies(&pages[0]), (0..8).collect::<Vec<_>>());
        assert_eq!(bodies(&pages[1]), vec![8, 9, 10, 11]);
        assert_eq!(bodies(&pages[2]), vec![12, 13]);
        assert_eq!(pages.len(), 3);
    }

    fn annotated(k: usize, a: usize, chunks: &mut [Chunk]) {
        chunks[k].annotations = vec![a];
        chunks[k].baseline = Some(Pt(8.0));
    }

    fn note(lines: usize) -> Vec<Chunk> {
        (0..lines)
            .map(|_| Chunk {
                height: Pt(10.0),
                baseline: Some(Pt(8.0)),
                ..Chunk::default()
            })
            .collect()
    }

    #[test]
    fn margin_notes_sit_beside_their_lines_and_a_full_margin_spills_to_the_foot() {
        // Ten lines a page; notes of 4, 4 and 4 lines on lines 1, 2 and 3: the margin
        // (100) holds two with their gap, the third wants the foot.
        let mut chunks: Vec<Chunk> = (0..10).map(|_| line(false, vec![])).collect();
        for (k, a) in [(1, 0), (2, 1), (3, 2)] {
            annotated(k, a, &mut chunks);
        }
        let margin = vec![note(4), note(4), note(4)];
        let mut g = geometry();
        g.annotations_from = 0;
        // Without a foot version the page ends before line 3, which opens the next.
        let empty = vec![Vec::new(); 3];
        let pages = paginate(&chunks, &[], &empty, &margin, g);
        assert_eq!(pages[0].refused, vec![2]);
        assert_eq!(bodies(&pages[0]), vec![0, 1, 2]);
        assert_eq!(bodies(&pages[1])[0], 3);
        let tops = |p: &PagePlan, a: usize| -> Vec<Pt> {
            p.margin
                .iter()
                .filter(|m| matches!(m.at, Source::Margin(n, _) if n == a))
                .map(|m| m.y)
                .collect()
        };
        assert_eq!(tops(&pages[0], 0)[0], Pt(10.0), "beside its line");
        assert_eq!(tops(&pages[0], 1)[0], Pt(52.0), "under the first, 2 apart");
        assert_eq!(
            tops(&pages[1], 2)[0],
            Pt(0.0),
            "with its line on the next page"
        );
        // With one, the note goes to the foot of its own page.
        let foot = vec![Vec::new(), Vec::new(), note(2)];
        let pages = paginate(&chunks, &[], &foot, &margin, g);
        assert!(pages[0].refused.is_empty());
        assert!(bodies(&pages[0]).contains(&3));
        assert!(
            pages[0]
                .notes
                .iter()
                .all(|p| p.at == Source::Note(2, 0) || p.at == Source::Note(2, 1))
        );
        assert_eq!(pages[0].notes.len(), 2);
        assert!(tops(&pages[0], 2).is_empty(), "not in the margin as well");
    }

    #[test]
    fn a_figure_that_fits_stays_where_it_stands() {
        let mut chunks: Vec<Chunk> = (0..3).map(|_| line(false, vec![])).collect();
        chunks.extend(figure(2, 3));
        chunks.extend((0..3).map(|_| line(false, vec![])));
        let pages = paginate(&chunks, &[], &[], &[], geometry());
        assert_eq!(pages.len(), 1);
        assert_eq!(bodies(&pages[0]), (0..8).collect::<Vec<_>>());
    }
}
