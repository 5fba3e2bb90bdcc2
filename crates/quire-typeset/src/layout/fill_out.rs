//! Filling out a page that would end short, by whole grid lines.
//!
//! A page ends short when what comes next cannot start on it: a heading with the lines
//! it keeps with, a paragraph's widow and orphan lines, a figure. Left alone, the white
//! collects at the foot, and the facing page ends lower. Instead the page's stretchable
//! spaces (those above its headings, [`super::flow::Chunk::stretch`]) grow, one grid line
//! at a time and taking turns, until the last line sits where a full page's would or
//! every space has grown as far as it may. Lines move by whole grid lines, so the body
//! stays on the baseline grid, and the spaces between paragraphs never change.
//!
//! The last page of the text, and a page before a forced break (a chapter's end), keep
//! their white: there the text really ends.

use crate::units::Pt;

use super::flow::Chunk;
use super::paginate::{PagePlan, Source};

/// Tolerance for height comparisons.
const EPS: f64 = 1e-6;

/// Grow the stretchable spaces of `plan` until its body reaches `limit` (the text
/// block's foot, or the top of the notes' space), by whole `grid` lines.
pub(crate) fn fill_out(plan: &mut PagePlan, chunks: &[Chunk], grid: Pt, limit: Pt) {
    let bottom = plan
        .body
        .iter()
        .map(|p| p.y + p.height)
        .fold(Pt::ZERO, Pt::max);
    let mut short = ((limit.0 - bottom.0) / grid.0 + EPS).floor().max(0.0) as usize;
    if short == 0 {
        return;
    }
    // A space stretches only with something after it on the page to push down.
    let last_solid = plan.body.iter().rposition(|p| match p.at {
        Source::Body(k) => !chunks[k].discardable,
        _ => true,
    });
    let mut slots: Vec<(usize, usize, usize)> = plan
        .body
        .iter()
        .enumerate()
        .filter(|&(j, _)| last_solid.is_some_and(|l| j < l))
        .filter_map(|(j, p)| match p.at {
            Source::Body(k) if chunks[k].discardable && chunks[k].stretch > 0 => {
                Some((j, chunks[k].stretch, 0))
            }
            _ => None,
        })
        .collect();
    // Turn by turn, so the white is shared out rather than piled above one heading.
    while short > 0 {
        let mut grew = false;
        for slot in slots.iter_mut() {
            if short > 0 && slot.2 < slot.1 {
                slot.2 += 1;
                short -= 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut shift = Pt::ZERO;
    let mut next = slots.iter().peekable();
    for (j, placed) in plan.body.iter_mut().enumerate() {
        placed.y += shift;
        if let Some(&&(at, _, lines)) = next.peek()
            && at == j
        {
            let add = grid * lines as f64;
            placed.height += add;
            shift += add;
            next.next();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::paginate::Placed;

    fn page(kinds: &[(bool, usize)]) -> (PagePlan, Vec<Chunk>) {
        let chunks: Vec<Chunk> = kinds
            .iter()
            .map(|&(space, stretch)| Chunk {
                height: Pt(10.0),
                discardable: space,
                stretch,
                ..Chunk::default()
            })
            .collect();
        let body = (0..chunks.len())
            .map(|k| Placed {
                at: Source::Body(k),
                y: Pt(10.0 * k as f64),
                height: Pt(10.0),
            })
            .collect();
        (
            PagePlan {
                body,
                ..PagePlan::default()
            },
            chunks,
        )
    }

    #[test]
    fn spaces_take_turns_and_lines_move_by_whole_lines() {
        // Two stretchable spaces between lines; the page is three lines short.
        let (mut plan, chunks) = page(&[(false, 0), (true, 2), (false, 0), (true, 2), (false, 0)]);
        fill_out(&mut plan, &chunks, Pt(10.0), Pt(80.0));
        let ys: Vec<f64> = plan.body.iter().map(|p| p.y.0).collect();
        assert_eq!(ys, [0.0, 10.0, 40.0, 50.0, 70.0]);
        assert_eq!(plan.body[4].y + plan.body[4].height, Pt(80.0));
    }

    #[test]
    fn a_page_without_stretch_or_a_space_at_its_foot_stays_as_it_is() {
        let (mut plan, chunks) = page(&[(false, 0), (false, 0), (true, 2)]);
        fill_out(&mut plan, &chunks, Pt(10.0), Pt(100.0));
        let ys: Vec<f64> = plan.body.iter().map(|p| p.y.0).collect();
        assert_eq!(ys, [0.0, 10.0, 20.0]);
        assert_eq!(plan.body[2].height, Pt(10.0));
    }
}
