//! Typed lengths and page sizes.
//!
//! Every length that crosses a module boundary in this crate is a [`Pt`], a PostScript
//! (“big”) point of 1/72 inch, stored as an `f64`. Font files speak in design units
//! (`units_per_em`, usually 1000 or 2048); those are converted to points exactly once, at
//! shaping time, by `units × size / units_per_em`. Using `f64` keeps sums over a whole
//! paragraph (the Knuth–Plass totals) free of visible rounding drift; the PDF writer rounds
//! when it serialises.
//!
//! Page sizes are given portrait (width < height); [`PageSize::landscape`] swaps them. The
//! ISO sizes are defined in millimetres and converted here, so A4 is 595.2756 pt wide, not
//! the rounded 595 that some tools use.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Points per inch (the PostScript point).
pub const POINTS_PER_INCH: f64 = 72.0;
/// Millimetres per inch.
pub const MM_PER_INCH: f64 = 25.4;

/// A length in PostScript points (1/72 inch).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f64);

impl Pt {
    /// Zero length.
    pub const ZERO: Pt = Pt(0.0);

    /// A length given in millimetres.
    pub fn from_mm(mm: f64) -> Pt {
        Pt(mm * POINTS_PER_INCH / MM_PER_INCH)
    }

    /// A length given in inches.
    pub fn from_inches(inches: f64) -> Pt {
        Pt(inches * POINTS_PER_INCH)
    }

    /// The length in millimetres.
    pub fn to_mm(self) -> f64 {
        self.0 * MM_PER_INCH / POINTS_PER_INCH
    }

    /// The raw number of points.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }

    /// The absolute value.
    pub fn abs(self) -> Pt {
        Pt(self.0.abs())
    }

    /// Whether the value is finite (not NaN or infinite).
    pub fn is_finite(self) -> bool {
        self.0.is_finite()
    }
}

impl fmt::Display for Pt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}pt", self.0)
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, rhs: Pt) -> Pt {
        Pt(self.0 + rhs.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, rhs: Pt) -> Pt {
        Pt(self.0 - rhs.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, rhs: Pt) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, rhs: Pt) {
        self.0 -= rhs.0;
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl Mul<f64> for Pt {
    type Output = Pt;
    fn mul(self, rhs: f64) -> Pt {
        Pt(self.0 * rhs)
    }
}

impl Div<f64> for Pt {
    type Output = Pt;
    fn div(self, rhs: f64) -> Pt {
        Pt(self.0 / rhs)
    }
}

impl Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}

/// The size of a page (portrait unless swapped with [`PageSize::landscape`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSize {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
}

impl PageSize {
    /// ISO A4, 210 × 297 mm (the default).
    pub fn a4() -> PageSize {
        PageSize::from_mm(210.0, 297.0)
    }

    /// ISO A5, 148 × 210 mm.
    pub fn a5() -> PageSize {
        PageSize::from_mm(148.0, 210.0)
    }

    /// US Letter, 8.5 × 11 in.
    pub fn us_letter() -> PageSize {
        PageSize {
            width: Pt::from_inches(8.5),
            height: Pt::from_inches(11.0),
        }
    }

    /// The 6 × 9 in trade-book size.
    pub fn trade_6x9() -> PageSize {
        PageSize {
            width: Pt::from_inches(6.0),
            height: Pt::from_inches(9.0),
        }
    }

    /// A custom size; `None` unless both sides are finite and positive.
    pub fn custom(width: Pt, height: Pt) -> Option<PageSize> {
        let ok = |p: Pt| p.is_finite() && p.0 > 0.0;
        (ok(width) && ok(height)).then_some(PageSize { width, height })
    }

    /// A size given in millimetres.
    fn from_mm(width: f64, height: f64) -> PageSize {
        PageSize {
            width: Pt::from_mm(width),
            height: Pt::from_mm(height),
        }
    }

    /// The same size turned on its side (width and height swapped).
    pub fn landscape(self) -> PageSize {
        PageSize {
            width: self.height,
            height: self.width,
        }
    }
}

impl Default for PageSize {
    fn default() -> Self {
        PageSize::a4()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Pt, b: f64) -> bool {
        (a.0 - b).abs() < 1e-6
    }

    #[test]
    fn conversions_round_trip() {
        assert!(close(Pt::from_inches(1.0), 72.0));
        assert!(close(Pt::from_mm(25.4), 72.0));
        assert!((Pt::from_mm(12.5).to_mm() - 12.5).abs() < 1e-9);
    }

    #[test]
    fn standard_page_sizes() {
        let a4 = PageSize::default();
        assert!(close(a4.width, 595.275_590_551));
        assert!(close(a4.height, 841.889_763_779));
        assert!(close(PageSize::us_letter().width, 612.0));
        assert!(close(PageSize::us_letter().height, 792.0));
        assert!(close(PageSize::trade_6x9().width, 432.0));
        assert!(close(PageSize::a5().height, a4.width.0));
        assert_eq!(PageSize::a5().landscape().width, PageSize::a5().height);
    }

    #[test]
    fn custom_sizes_are_validated() {
        assert!(PageSize::custom(Pt(100.0), Pt(200.0)).is_some());
        assert!(PageSize::custom(Pt(0.0), Pt(200.0)).is_none());
        assert!(PageSize::custom(Pt(f64::NAN), Pt(200.0)).is_none());
        assert!(PageSize::custom(Pt(100.0), Pt(-1.0)).is_none());
    }

    #[test]
    fn arithmetic() {
        let s: Pt = [Pt(1.0), Pt(2.5)].into_iter().sum();
        assert_eq!(s, Pt(3.5));
        assert_eq!(Pt(3.0) * 2.0 - Pt(1.0), Pt(5.0));
        assert_eq!(-Pt(1.0), Pt(-1.0));
        assert_eq!(Pt(1.0).max(Pt(2.0)), Pt(2.0));
    }
}
