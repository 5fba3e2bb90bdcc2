//! Printer's marks outside the bleed: crop marks at the corners, registration targets at
//! the middle of each edge, and the slug line under the bottom edge. All are artifacts
//! (not content: a reader of the tagged file never meets them), in black.
//!
//! They stand in the band [`MARK_OFFSET_MM`] to [`MARK_OFFSET_MM`] + [`MARK_LENGTH_MM`]
//! beyond the trim, which is clear of a 3 mm bleed, so none of them prints on the sheet
//! that is kept.

use quire_doc::Span;

use crate::fonts::FontStyle;
use crate::page::{ArtifactKind, Color, Mark, PageItem, Point, Rect, Rule};
use crate::units::Pt;

use super::context::Ctx;
use super::print::{MARK_LENGTH_MM, MARK_OFFSET_MM, PrintSpec};

/// Line width of every mark, in points (a hairline, as presses expect).
pub const MARK_WIDTH: f64 = 0.25;
/// Radius of a registration target's circle, in millimetres.
pub const TARGET_RADIUS_MM: f64 = 2.0;
/// Segments of the polygon that draws a target's circle (pages have rules, not curves;
/// at 24 a 2 mm circle is round to a hundredth of a millimetre).
const TARGET_SEGMENTS: usize = 24;
/// Size of the slug line's type, in points.
pub const SLUG_SIZE: f64 = 6.0;

fn rule(from: Point, to: Point) -> PageItem {
    PageItem::Rule(Rule {
        from,
        to,
        thickness: Pt(MARK_WIDTH),
        color: Color::Gray(0.0),
        mark: Mark::Artifact(ArtifactKind::Decoration),
    })
}

/// The marks `spec` asks for around `trim`, with `slug` as the slug line's text.
pub(crate) fn marks(
    ctx: &mut Ctx<'_>,
    items: &mut Vec<PageItem>,
    spec: &PrintSpec,
    trim: Rect,
    slug: Option<&str>,
) {
    let gap = Pt::from_mm(spec.bleed_mm.max(MARK_OFFSET_MM));
    let len = Pt::from_mm(MARK_LENGTH_MM);
    if spec.crop_marks {
        crop_marks(items, trim, gap, len);
    }
    if spec.registration_marks {
        // The target's centre in the middle of the band, on each edge's midline.
        let d = gap + len * 0.5;
        let (cx, cy) = (trim.x + trim.width * 0.5, trim.y + trim.height * 0.5);
        for centre in [
            Point {
                x: cx,
                y: trim.y - d,
            },
            Point {
                x: cx,
                y: trim.y + trim.height + d,
            },
            Point {
                x: trim.x - d,
                y: cy,
            },
            Point {
                x: trim.x + trim.width + d,
                y: cy,
            },
        ] {
            target(items, centre);
        }
    }
    if let Some(text) = slug {
        // Under the bottom edge, from the left trim edge (clear of the corner's crop
        // marks, which stand outside the trim's width), on the band's middle line.
        let mark = Mark::Artifact(ArtifactKind::Decoration);
        let (runs, _) = ctx.set_text(
            text,
            FontStyle::REGULAR,
            Pt(SLUG_SIZE),
            mark,
            Span::detached(),
        );
        let y = trim.y + trim.height + gap + len * 0.5 + Pt(SLUG_SIZE * 0.35);
        for mut run in runs {
            run.origin.x += trim.x + Pt::from_mm(TARGET_RADIUS_MM);
            run.origin.y += y;
            run.color = Color::Gray(0.0);
            items.push(PageItem::Text(run));
        }
    }
}

/// Two hairlines at each corner of the trim, on the lines of its edges, from `gap`
/// beyond the corner for `len`.
fn crop_marks(items: &mut Vec<PageItem>, trim: Rect, gap: Pt, len: Pt) {
    let xs = [trim.x, trim.x + trim.width];
    let ys = [trim.y, trim.y + trim.height];
    for (i, &x) in xs.iter().enumerate() {
        for (j, &y) in ys.iter().enumerate() {
            let sx = if i == 0 { -1.0 } else { 1.0 };
            let sy = if j == 0 { -1.0 } else { 1.0 };
            let a = Point { x: x + gap * sx, y };
            let b = Point {
                x: x + (gap + len) * sx,
                y,
            };
            items.push(rule(a, b));
            let a = Point { x, y: y + gap * sy };
            let b = Point {
                x,
                y: y + (gap + len) * sy,
            };
            items.push(rule(a, b));
        }
    }
}

/// A registration target at `c`: a circle and a cross through it, a little longer than
/// its diameter.
fn target(items: &mut Vec<PageItem>, c: Point) {
    let r = Pt::from_mm(TARGET_RADIUS_MM);
    let at = |k: usize| {
        let a = std::f64::consts::TAU * k as f64 / TARGET_SEGMENTS as f64;
        Point {
            x: c.x + r * a.cos(),
            y: c.y + r * a.sin(),
        }
    };
    for k in 0..TARGET_SEGMENTS {
        items.push(rule(at(k), at(k + 1)));
    }
    let arm = r * 1.5;
    items.push(rule(
        Point {
            x: c.x - arm,
            y: c.y,
        },
        Point {
            x: c.x + arm,
            y: c.y,
        },
    ));
    items.push(rule(
        Point {
            x: c.x,
            y: c.y - arm,
        },
        Point {
            x: c.x,
            y: c.y + arm,
        },
    ));
}
