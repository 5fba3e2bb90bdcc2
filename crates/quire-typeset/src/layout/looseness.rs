//! Filling a short page by setting paragraphs a line looser (TeX's `\looseness`).
//!
//! A page ends short when what comes next cannot start on it (a heading with the lines
//! it keeps with, a figure) and its own spaces could not take up the white
//! (`super::fill_out`). Pagination cannot fill such a page with what follows, but it can
//! with what comes before: a paragraph that ends on the page, set in one line more, adds
//! a line there, and one that ends on one of the (up to [`PAGES_BACK`]) full pages just
//! before it pushes a line over each page turn up to it. The page still ends before the
//! same chunk, so nothing after it moves. So after a layout pass, each page more than
//! two grid lines short while the text runs on asks as many of those paragraphs for a
//! line more as it lacks (the ones whose last line is longest first: they need the
//! least extra space per line), and the layout runs again, every other paragraph taken
//! from the memo of the pass before.
//!
//! A paragraph gives a line only where its lines stay within the tolerance of the pass
//! that sets them, first without automatic hyphens (see [`crate::break_lines_exactly`]);
//! a page that cannot have all the lines it lacks asks for none. Requests that were
//! refused are dropped and other paragraphs asked, for up to [`MAX_ROUNDS`] rounds; a
//! round is kept only if it leaves fewer short pages, or as many with less white, and
//! otherwise the round before stands.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::flow::Chunk;
use super::paginate::{PagePlan, Source};
use crate::units::Pt;

/// Layout passes after the first that may ask paragraphs for lines (a second round,
/// asking others in place of those refused, halved the 40× book's short pages at 6×9;
/// a third found none).
pub(crate) const MAX_ROUNDS: usize = 2;

/// White, in grid lines, from which a page counts as short: it rounds to more than the
/// two lines a heading's keeps may leave.
const SHORT_LINES: f64 = 2.5;

/// Tolerance for line counts.
const EPS: f64 = 1e-6;

/// A paragraph of the body as pagination sees it.
#[derive(Clone, Debug)]
pub(crate) struct BodyParagraph {
    /// Its place among the body's paragraphs that may be loosened (stable from pass to
    /// pass: the walk is the same).
    pub ordinal: usize,
    /// Its lines' chunks.
    pub chunks: Range<usize>,
    /// How much of the measure its last line fills.
    pub last_fill: f64,
    /// The looseness it was set with.
    pub looseness: i8,
}

/// The looseness asked of paragraphs, by ordinal, and what could not be given.
#[derive(Clone, Debug, Default)]
pub(crate) struct Requests {
    pub by_paragraph: BTreeMap<usize, i8>,
    /// Paragraphs whose tolerance refused a line more.
    refused: BTreeSet<usize>,
}

/// A page that ends short.
#[derive(Debug)]
struct ShortPage {
    /// Its white, in grid lines.
    white: f64,
    /// The paragraphs that may give it a line and have not been asked: those ending on
    /// it or on the full pages just before it, with how much of the measure their last
    /// lines fill.
    paragraphs: Vec<(usize, f64)>,
}

/// How short a pass left its pages.
#[derive(Debug, Default)]
pub(crate) struct Shortfall {
    pages: Vec<ShortPage>,
    /// Requests that a paragraph's tolerance refused.
    refused: Vec<usize>,
}

impl Shortfall {
    /// Fewer short pages is better; then less white on them (in hundredths of a line).
    pub fn score(&self) -> (usize, i64) {
        let white: f64 = self.pages.iter().map(|p| p.white - 2.0).sum();
        (self.pages.len(), (white * 100.0).round() as i64)
    }
}

/// How many pages back a short page looks for paragraphs: a line more on a full page
/// before it pushes one line over each page turn up to it (four found more than two
/// at 6×9; further back the page breaks moved stop being worth it).
const PAGES_BACK: usize = 4;

/// The short pages of `plans`, as [`Shortfall`].
pub(crate) fn shortfall(
    plans: &[PagePlan],
    chunks: &[Chunk],
    paragraphs: &[BodyParagraph],
    requests: &Requests,
    (area, grid): (Pt, Pt),
) -> Shortfall {
    let mut page_of = vec![usize::MAX; chunks.len()];
    for (p, plan) in plans.iter().enumerate() {
        for placed in &plan.body {
            if let Source::Body(k) = placed.at {
                page_of[k] = p;
            }
        }
    }
    let mut ending: BTreeMap<usize, Vec<&BodyParagraph>> = BTreeMap::new();
    let mut refused = Vec::new();
    for para in paragraphs {
        if let Some(&p) = para.chunks.end.checked_sub(1).and_then(|k| page_of.get(k)) {
            ending.entry(p).or_default().push(para);
        }
        if requests.by_paragraph.contains_key(&para.ordinal) && para.looseness == 0 {
            refused.push(para.ordinal);
        }
    }
    // Each page's white in grid lines, where the text runs on past it (a page with
    // footnotes ends at their foot and does not look short).
    let white: Vec<Option<f64>> = plans
        .iter()
        .map(|plan| {
            (plan.runs_on && plan.notes.is_empty() && !plan.blank).then(|| {
                let bottom = plan
                    .body
                    .iter()
                    .filter(|placed| !matches!(placed.at, Source::Body(k) if chunks[k].discardable))
                    .map(|placed| placed.y + placed.height)
                    .fold(Pt::ZERO, Pt::max);
                (area.0 - bottom.0) / grid.0
            })
        })
        .collect();
    let full = |p: usize| white[p].is_some_and(|w| w < SHORT_LINES - EPS);
    let mut pages = Vec::new();
    for (p, w) in white.iter().enumerate() {
        let Some(w) = *w else { continue };
        if full(p) {
            continue;
        }
        // This page, and the full pages before it that the text runs over into it.
        let mut from = p;
        while from > 0 && p - from < PAGES_BACK && full(from - 1) {
            from -= 1;
        }
        let mut candidates: Vec<(usize, f64)> = (from..=p)
            .flat_map(|q| ending.get(&q).into_iter().flatten())
            .filter(|para| {
                !requests.by_paragraph.contains_key(&para.ordinal)
                    && !requests.refused.contains(&para.ordinal)
            })
            .map(|para| (para.ordinal, para.last_fill))
            .collect();
        // The fullest last lines first: they need the least extra space per line.
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        pages.push(ShortPage {
            white: w,
            paragraphs: candidates,
        });
    }
    Shortfall { pages, refused }
}

impl Requests {
    /// The requests for the next round after a pass that left `short`, or `None` if
    /// there is nothing new to ask.
    pub fn next(&self, short: &Shortfall) -> Option<Requests> {
        let mut next = self.clone();
        for &ordinal in &short.refused {
            next.by_paragraph.remove(&ordinal);
            next.refused.insert(ordinal);
        }
        let mut asked = false;
        for page in &short.pages {
            // The lines that bring the page under [`SHORT_LINES`]; a page that cannot
            // have them all asks for none (a page less short is still short).
            let lacking = ((page.white - SHORT_LINES + EPS).floor() + 1.0).max(0.0) as usize;
            if lacking > page.paragraphs.len() {
                continue;
            }
            for &(ordinal, _) in &page.paragraphs[..lacking] {
                asked |= next.by_paragraph.insert(ordinal, 1).is_none();
            }
        }
        // Dropping a refused request changes no layout: only new ones are worth a pass.
        asked.then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::paginate::Placed;

    const GRID: Pt = Pt(12.0);
    const AREA: Pt = Pt(120.0);

    /// `lines` one-line chunks from `first` on, stacked from the top.
    fn page(first: usize, lines: usize, runs_on: bool) -> PagePlan {
        PagePlan {
            body: (0..lines)
                .map(|k| Placed {
                    at: Source::Body(first + k),
                    y: GRID * k as f64,
                    height: GRID,
                })
                .collect(),
            runs_on,
            ..PagePlan::default()
        }
    }

    fn para(ordinal: usize, chunks: Range<usize>, last_fill: f64) -> BodyParagraph {
        BodyParagraph {
            ordinal,
            chunks,
            last_fill,
            looseness: 0,
        }
    }

    /// Ten lines a page: a full page, one five lines short before a heading, the last.
    fn book() -> (Vec<PagePlan>, Vec<Chunk>, Vec<BodyParagraph>) {
        let line = Chunk {
            height: GRID,
            ..Chunk::default()
        };
        let plans = vec![page(0, 10, true), page(10, 5, true), page(15, 10, false)];
        let paragraphs = vec![
            para(0, 0..4, 0.9),
            para(4, 4..8, 0.3),
            para(1, 8..12, 0.5),
            para(2, 12..15, 0.95),
            para(3, 15..25, 0.2),
        ];
        (plans, vec![line; 25], paragraphs)
    }

    #[test]
    fn a_short_page_asks_its_own_and_the_full_page_befores_paragraphs_fullest_first() {
        let (plans, chunks, paragraphs) = book();
        let none = Requests::default();
        let short = shortfall(&plans, &chunks, &paragraphs, &none, (AREA, GRID));
        assert_eq!(short.score(), (1, 300));
        // Five lines short: three lines bring it to two.
        let asked = none.next(&short).expect("requests");
        assert_eq!(asked.by_paragraph, BTreeMap::from([(0, 1), (1, 1), (2, 1)]));
        // Only the page's own paragraphs when the page before is short too.
        let mut before_short = plans.clone();
        before_short[0] = page(0, 6, true);
        let short = shortfall(&before_short, &chunks, &paragraphs, &none, (AREA, GRID));
        let own: Vec<usize> = short.pages[1].paragraphs.iter().map(|p| p.0).collect();
        assert_eq!(own, [2, 1]);
        // Two paragraphs cannot give three lines: the page asks for none.
        assert!(
            none.next(&short)
                .is_none_or(|n| !n.by_paragraph.contains_key(&1))
        );
    }

    #[test]
    fn a_refused_request_is_dropped_and_not_asked_again() {
        let (plans, chunks, mut paragraphs) = book();
        let none = Requests::default();
        let asked = none
            .next(&shortfall(
                &plans,
                &chunks,
                &paragraphs,
                &none,
                (AREA, GRID),
            ))
            .unwrap();
        // Paragraphs 0 and 2 gave their lines; 1 could not. The page lacks one line,
        // and the one paragraph not asked yet is asked for it.
        paragraphs[0].looseness = 1;
        paragraphs[3].looseness = 1;
        let plans = vec![page(0, 10, true), page(10, 7, true), page(17, 8, false)];
        let short = shortfall(&plans, &chunks, &paragraphs, &asked, (AREA, GRID));
        assert_eq!(short.refused, [1]);
        let next = asked.next(&short).expect("another paragraph");
        assert_eq!(next.by_paragraph, BTreeMap::from([(0, 1), (2, 1), (4, 1)]));
        assert!(next.refused.contains(&1));
        // It refuses too: nothing is left to ask, and no pass is run for the refusal.
        let again = shortfall(&plans, &chunks, &paragraphs, &next, (AREA, GRID));
        assert_eq!(again.refused, [4]);
        assert!(again.pages.iter().all(|p| p.paragraphs.is_empty()));
        assert!(next.next(&again).is_none());
    }

    #[test]
    fn pages_with_notes_at_the_end_or_before_a_forced_break_are_not_short() {
        let (mut plans, chunks, paragraphs) = book();
        plans[1].runs_on = false;
        let none = Requests::default();
        assert_eq!(
            shortfall(&plans, &chunks, &paragraphs, &none, (AREA, GRID)).score(),
            (0, 0)
        );
        plans[1].runs_on = true;
        plans[1].notes = plans[0].body.clone();
        assert_eq!(
            shortfall(&plans, &chunks, &paragraphs, &none, (AREA, GRID)).score(),
            (0, 0)
        );
    }
}
