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
//! When a page is closed, its notes are stacked from the bottom of the text block under a
//! short rule: first what is left of a note continued from the previous page, then the
//! page's own notes, split where their keeps allow if they do not all fit. Every page of the result
//! is a plan (chunks with their offsets from the top of the text block); decoration turns
//! plans into pages.

use crate::units::Pt;

use super::flow::Chunk;

/// Share of the text height that carried-over notes may claim before the page's text.
pub const MAX_CARRY_SHARE: f64 = 0.5;
/// Tolerance for height comparisons.
const EPS: f64 = 1e-6;

/// Which chunk: of the body, a repeated table header, or line `.1` of note `.0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Body(usize),
    Header(usize),
    Note(usize, usize),
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
    /// Offset of the rule above the notes.
    pub note_rule: Option<Pt>,
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
}

/// Cut the chunks into pages.
pub(crate) fn paginate(
    chunks: &[Chunk],
    headers: &[Chunk],
    notes: &[Vec<Chunk>],
    g: Geometry,
) -> Vec<PagePlan> {
    let mut pages = Vec::new();
    let mut carry: Vec<(usize, usize)> = Vec::new(); // (note, first chunk left)
    let mut i = 0;
    loop {
        while chunks.get(i).is_some_and(|c| c.discardable) {
            i += 1;
        }
        if i >= chunks.len() && carry.is_empty() {
            break;
        }
        let (end, body, bottom) = fill(chunks, headers, notes, &carry, i, g);
        let refs: Vec<usize> = chunks[i..end]
            .iter()
            .flat_map(|c| c.notes.iter().copied())
            .collect();
        let mut plan = PagePlan {
            body,
            ..PagePlan::default()
        };
        carry = place_notes(&mut plan, notes, carry, &refs, g, bottom);
        pages.push(plan);
        i = end;
    }
    pages
}

/// Fill one page from chunk `i`: returns the end of the page's chunks, their placement,
/// and the bottom of the body text.
fn fill(
    chunks: &[Chunk],
    headers: &[Chunk],
    notes: &[Vec<Chunk>],
    carry: &[(usize, usize)],
    i: usize,
    g: Geometry,
) -> (usize, Vec<Placed>, Pt) {
    let snap = |y: Pt| Pt(((y.0 / g.grid.0) - EPS).ceil().max(0.0) * g.grid.0);
    let mut placed: Vec<Placed> = Vec::new();
    let mut y = Pt::ZERO;
    if let Some(h) = chunks.get(i).and_then(|c| c.table_header) {
        placed.push(Placed {
            at: Source::Header(h),
            y,
            height: headers[h].height,
        });
        y = headers[h].height;
    }
    let lead = placed.len();
    let mut refs: Vec<usize> = Vec::new();
    let mut last_ok: Option<(usize, usize)> = None; // (chunk index, placed count)
    let mut k = i;
    let mut overflow = false;
    while let Some(c) = chunks.get(k) {
        let top = if c.grid { snap(y) } else { y };
        let bottom = top + c.height;
        refs.extend(c.notes.iter().copied());
        // Notes go in whole; only the chunk that cites a note may split it, when the
        // note cannot fit even with the page ending right after its reference.
        let fits = |split: bool| {
            let need = notes_needed(notes, carry, &refs, g, split);
            bottom.0 + need.0 <= g.area.0 + EPS
        };
        if !(fits(false) || (!c.notes.is_empty() && fits(true))) && placed.len() > lead {
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
            last_ok = Some((k, placed.len()));
        }
    }
    let (end, count) = match (overflow, last_ok) {
        (false, _) => (k, placed.len()),
        (true, Some(ok)) => ok,
        (true, None) => (k, placed.len()),
    };
    placed.truncate(count);
    let bottom = placed.last().map_or(Pt::ZERO, |p| p.y + p.height);
    (end, placed, bottom)
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
        }
    }

    #[test]
    fn breaks_only_where_keeps_allow() {
        // Ten lines fit; the tenth keeps with the eleventh, so the page ends after nine.
        let mut chunks: Vec<Chunk> = (0..12).map(|_| line(false, vec![])).collect();
        chunks[9].keep_with_next = true;
        let pages = paginate(&chunks, &[], &[], geometry());
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
        let pages = paginate(&chunks, &[], &notes, geometry());
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
        let pages = paginate(&chunks, &[], &notes, geometry());
        assert!(pages.len() >= 2);
        let placed: usize = pages.iter().map(|p| p.notes.len()).sum();
        assert_eq!(placed, 14, "every line of the note is placed once");
        assert!(
            !pages[0].notes.is_empty(),
            "the note starts on its reference's page"
        );
    }
}
