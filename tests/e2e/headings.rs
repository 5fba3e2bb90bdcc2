//! The heading hierarchy on the page (issue 14): part heads outrank the subheads under
//! them, and a heading that opens a page has no grid slack above it.
//!
//! Read from the laid-out pages: a heading's lines are the content runs of its `H`
//! structure element, a body line is a run of a paragraph.

use std::collections::BTreeMap;

use quire_typeset::page::{Mark, PageItem, PagedDocument, StructRole, TextRun};
use quire_typeset::units::PageSize;

use crate::typography::{article_copies, lay_out, trims};

/// The structure role of the element a run belongs to, looking up to its paragraph or
/// heading; `None` for what the index sets (its letter heads are its own design).
fn role(paged: &PagedDocument, run: &TextRun) -> Option<StructRole> {
    let Mark::Content(node) = run.mark else {
        return None;
    };
    let mut found = None;
    let mut at = Some(node.0);
    while let Some(n) = at {
        let s = &paged.structure[n];
        match s.role {
            StructRole::Index => return None,
            StructRole::H(_) | StructRole::P if found.is_none() => found = Some(s.role),
            _ => {}
        }
        at = s.parent.map(|p| p.0);
    }
    found
}

/// A run's right end.
fn right(run: &TextRun) -> f64 {
    run.origin.x.0 + run.glyphs.iter().map(|g| g.advance().0).sum::<f64>()
}

/// Each page's content lines, top to bottom: (baseline, role, runs).
fn page_lines(paged: &PagedDocument, p: usize) -> Vec<(f64, StructRole, Vec<&TextRun>)> {
    let mut by_y: BTreeMap<(i64, String), (StructRole, Vec<&TextRun>)> = BTreeMap::new();
    for item in &paged.pages[p].items {
        if let PageItem::Text(run) = item
            && let Some(r) = role(paged, run)
        {
            let y = (run.origin.y.0 * 100.0).round() as i64;
            by_y.entry((y, format!("{r:?}")))
                .or_insert((r, Vec::new()))
                .1
                .push(run);
        }
    }
    by_y.into_iter()
        .map(|((y, _), (r, runs))| (y as f64 / 100.0, r, runs))
        .collect()
}

/// The article's level-2 headings (I, II, III) are its part heads: set larger than its
/// level-3 subheads, centred in the text block, with at least two grid lines from their
/// baseline to the next; the subheads are flush left.
#[test]
fn part_heads_are_larger_centred_and_stand_apart_from_the_subheads() {
    let article = quire_tests::root().join("source/article.md");
    for (trim, page) in trims() {
        let (paged, opts) = lay_out(&article, page);
        let mut parts = Vec::new();
        let mut subheads = Vec::new();
        for p in 0..paged.pages.len() {
            let lines = page_lines(&paged, p);
            // The text block's edges: mirrored margins, the inner one at a recto's left.
            let m = opts.margins();
            let trim = paged.pages[p].trim;
            let left = trim.x.0 + if p % 2 == 0 { m.inner.0 } else { m.outer.0 };
            let edge = trim.x.0 + trim.width.0 - if p % 2 == 0 { m.outer.0 } else { m.inner.0 };
            for (k, (y, r, runs)) in lines.iter().enumerate() {
                let size = runs[0].size.0;
                let x0 = runs.iter().map(|r| r.origin.x.0).fold(f64::MAX, f64::min);
                let x1 = runs.iter().map(|r| right(r)).fold(f64::MIN, f64::max);
                let next = lines.get(k + 1).map(|l| l.0 - y);
                match r {
                    StructRole::H(2) => parts.push((size, x0 - left, edge - x1, next)),
                    StructRole::H(3) => subheads.push((size, x0 - left)),
                    _ => {}
                }
            }
        }
        assert!(
            parts.len() >= 3,
            "{trim}: I, II and III, {} in all",
            parts.len()
        );
        assert!(
            subheads.len() >= 13,
            "{trim}: {} subhead lines",
            subheads.len()
        );
        let largest_subhead = subheads.iter().map(|s| s.0).fold(0.0, f64::max);
        for &(size, before, after, next) in &parts {
            assert!(
                size >= largest_subhead * 1.4,
                "{trim}: a part head of {size} pt against subheads of {largest_subhead} pt"
            );
            assert!(
                (before - after).abs() < 1.0 && before > 20.0,
                "{trim}: a part head {before:.1} pt from the left, {after:.1} from the right"
            );
            if let Some(next) = next {
                assert!(
                    next >= 2.0 * opts.leading.0 - 0.01,
                    "{trim}: {next:.1} pt from a part head to the next line"
                );
            }
        }
        assert!(
            subheads.iter().all(|s| s.1.abs() < 0.5),
            "{trim}: subheads are flush left: {:?}",
            subheads
                .iter()
                .filter(|s| s.1.abs() >= 0.5)
                .collect::<Vec<_>>()
        );
    }
}

/// A heading that opens a page sits where the page's first line would: its first
/// baseline lies below the first baseline of a page that opens with text by no more
/// than the heading is larger than the text (its letters' tops at the first line's),
/// with no grid slack or space above it (the old layout put a heading's slack above it,
/// 11 pt and more). Tried on the article thrice over at every trim, which opens pages
/// with subheads and with part heads.
#[test]
fn a_heading_at_a_page_top_has_its_top_at_the_first_line() {
    let (_dir, source) = article_copies(3);
    let mut seen = 0;
    for (trim, page) in trims() {
        let (paged, opts) = lay_out(&source, page);
        let firsts: Vec<_> = (1..paged.pages.len())
            .filter_map(|p| {
                page_lines(&paged, p)
                    .into_iter()
                    .next()
                    .map(|(y, r, runs)| (p, y, r, runs[0].size.0))
            })
            .collect();
        // The text's first baseline, the same on every page (the grid).
        let body: Vec<f64> = firsts
            .iter()
            .filter(|f| f.2 == StructRole::P)
            .map(|f| f.1)
            .collect();
        // The line most pages open on (a page may open lower, after a figure).
        let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
        for y in &body {
            *counts.entry((y * 100.0).round() as i64).or_default() += 1;
        }
        let Some(text_top) = counts
            .into_iter()
            .max_by_key(|&(y, n)| (n, -y))
            .map(|(y, _)| y as f64 / 100.0)
        else {
            panic!("{trim}: no page opens with text");
        };
        for &(p, y, r, size) in firsts.iter().filter(|f| matches!(f.2, StructRole::H(_))) {
            seen += 1;
            let larger = size - opts.font_size.0;
            assert!(
                y >= text_top - 0.01 && y - text_top <= larger + 0.01,
                "{trim}: page {} opens with a {r:?} of {size} pt whose baseline is \
                 {:.2} pt below the text's first ({larger:.2} allowed)",
                p + 1,
                y - text_top
            );
        }
    }
    assert!(seen >= 2, "only {seen} pages open with a heading");
}

/// A5 is the trim where a subhead most often opens a page; the check above must see one
/// there too, or it proves nothing about subheads.
#[test]
fn a_subhead_opens_some_page_of_the_long_text() {
    let (_dir, source) = article_copies(3);
    let (paged, _) = lay_out(&source, PageSize::a5());
    let opens = (1..paged.pages.len())
        .filter(|&p| {
            page_lines(&paged, p)
                .first()
                .is_some_and(|l| l.1 == StructRole::H(3))
        })
        .count();
    assert!(opens >= 1, "no page of the A5 text opens with a subhead");
}
