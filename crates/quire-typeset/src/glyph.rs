//! A positioned glyph, as lines and pages store it.
//!
//! A 300-page book holds about a million glyphs, so their size is most of a laid-out
//! document's memory. A glyph keeps `f32` offsets from its run's origin, exact to well
//! under a thousandth of a point over any line, and `u32` offsets into its run's text:
//! 24 bytes, where `f64` positions and a `usize` range took 48.

use std::ops::Range;

use crate::units::Pt;

/// One positioned glyph of a [`crate::line::GlyphRun`] or a [`crate::page::TextRun`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// Glyph id in the run's font.
    pub id: u16,
    x: f32,
    y: f32,
    advance: f32,
    start: u32,
    end: u32,
}

/// A byte offset as stored: run texts are one line's text, far below 4 GiB.
fn offset(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

impl Glyph {
    /// A glyph drawn at `x` from its run's origin, `y` above the baseline, moving the
    /// pen on by `advance`, standing for `text` of its run's text (empty for all but
    /// the first glyph of a cluster).
    pub fn new(id: u16, x: Pt, y: Pt, advance: Pt, text: Range<usize>) -> Glyph {
        Glyph {
            id,
            x: x.0 as f32,
            y: y.0 as f32,
            advance: advance.0 as f32,
            start: offset(text.start),
            end: offset(text.end),
        }
    }

    /// Where its origin is drawn, from the run's origin.
    pub fn x(&self) -> Pt {
        Pt(f64::from(self.x))
    }

    /// Vertical offset from the baseline, positive up.
    pub fn y(&self) -> Pt {
        Pt(f64::from(self.y))
    }

    /// How far the pen moves after it (including justification).
    pub fn advance(&self) -> Pt {
        Pt(f64::from(self.advance))
    }

    /// Its share of the run's text.
    pub fn text(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Moves it by `dx` along the line.
    pub fn shift_x(&mut self, dx: Pt) {
        self.x = (f64::from(self.x) + dx.0) as f32;
    }

    /// Gives it another share of the run's text.
    pub fn set_text(&mut self, text: Range<usize>) {
        self.start = offset(text.start);
        self.end = offset(text.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placed_glyphs_are_small_and_keep_their_values() {
        assert_eq!(std::mem::size_of::<Glyph>(), 24);
        let mut g = Glyph::new(7, Pt(412.125), Pt(-2.5), Pt(5.25), 3..5);
        assert_eq!(
            (g.id, g.x(), g.y(), g.advance(), g.text()),
            (7, Pt(412.125), Pt(-2.5), Pt(5.25), 3..5)
        );
        g.shift_x(Pt(-12.0));
        g.set_text(0..1);
        assert_eq!((g.x(), g.text()), (Pt(400.125), 0..1));
        // Positions on a line keep far better than the writer's thousandth of a point.
        let far = Glyph::new(0, Pt(511.123_456), Pt(0.0), Pt(0.0), 0..0);
        assert!((far.x().0 - 511.123_456).abs() < 1e-4);
    }
}
