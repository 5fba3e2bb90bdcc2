//! Layout options: trim size, margins, type size and leading, print marks, image folder.
//!
//! Every field has a default chosen for reading on A4: 11 pt Libertinus Serif on 14 pt
//! leading, a measure of about 75 characters, and margins in the classical proportion
//! (inner margin narrower than the outer one, the bottom margin the widest), expressed as
//! fractions of the page so that every trim size gets a balanced text block.

use crate::units::{PageSize, Pt};

use super::print::{PrintPreset, PrintSpec};

/// Inner margin (the spine side), as a fraction of the page width.
pub const INNER_MARGIN_RATIO: f64 = 1.0 / 8.0;
/// Outer margin, as a fraction of the page width.
pub const OUTER_MARGIN_RATIO: f64 = 1.0 / 5.0;
/// Top margin, as a fraction of the page height.
pub const TOP_MARGIN_RATIO: f64 = 1.0 / 11.0;
/// Bottom margin, as a fraction of the page height.
pub const BOTTOM_MARGIN_RATIO: f64 = 1.0 / 8.0;

/// Width of the margin-note column, in ems of the body size: about 40 characters of
/// note text, the narrowest column that sets a few hundred characters without rivers.
pub const NOTE_COLUMN_EM: f64 = 12.5;
/// Distance from the text block to the margin-note column, in ems of the body size; the
/// paragraph numbers stand in it.
pub const NOTE_COLUMN_GAP_EM: f64 = 2.2;
/// Distance from the margin-note column to the trimmed edge, in millimetres (clear of
/// the trim's tolerance).
pub const NOTE_COLUMN_EDGE_MM: f64 = 10.0;
/// The narrowest text measure, in ems of the body size, that may stand beside a
/// margin-note column; a page too narrow for both sets its annotations at the foot.
pub const MIN_MEASURE_BESIDE_NOTES_EM: f64 = 28.0;
/// With margins given explicitly: the narrowest note column, in millimetres, that the
/// outer margin must leave (after the gap and the edge) for notes to go in the margin.
pub const MIN_NOTE_COLUMN_MM: f64 = 30.0;

/// Where a document's editorial annotations are set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NotePlacement {
    /// In the outer margin: a column `width` wide, `gap` from the text block.
    Margin {
        /// Distance from the text block's outer edge to the column.
        gap: Pt,
        /// The column's width.
        width: Pt,
    },
    /// At the foot of the page, under the footnotes (the trim is too narrow).
    Foot,
}

/// Page margins of the text block on the trimmed page.
///
/// `inner` is the spine side: the left margin of a recto (odd, right-hand) page and the
/// right margin of a verso (even, left-hand) page; `outer` the other one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Margins {
    /// Top margin (the running head sits inside it).
    pub top: Pt,
    /// Bottom margin (the page number sits inside it).
    pub bottom: Pt,
    /// Spine-side margin.
    pub inner: Pt,
    /// Fore-edge margin.
    pub outer: Pt,
}

impl Margins {
    /// The default margins for a trim size (see the ratios above).
    pub fn for_page(size: PageSize) -> Margins {
        Margins {
            top: size.height * TOP_MARGIN_RATIO,
            bottom: size.height * BOTTOM_MARGIN_RATIO,
            inner: size.width * INNER_MARGIN_RATIO,
            outer: size.width * OUTER_MARGIN_RATIO,
        }
    }
}

/// How a document is laid out on pages.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// The trim size. Default: A4 ([`PageSize::a4`]); also [`PageSize::us_letter`],
    /// [`PageSize::a5`], [`PageSize::trade_6x9`] or [`PageSize::custom`].
    pub page: PageSize,
    /// Margins; `None` (the default) derives them from the page with [`Margins::for_page`].
    pub margins: Option<Margins>,
    /// Size of body text. Default 11 pt; every other size is a fixed ratio of it.
    pub font_size: Pt,
    /// Distance between body baselines, the step of the baseline grid. Default 14 pt.
    pub leading: Pt,
    /// Print edition for a printer: bleed, and the marks the preset asks for, outside
    /// the trim (the media box grows; marks are artifacts). Default `None`: no bleed.
    pub print: Option<PrintPreset>,
    /// The slug line's text for presets that print one (the file name and date; the
    /// page number is added on each page). Default empty.
    pub slug: String,
    /// Language for hyphenation when the document does not name one. Default `"en"`.
    pub fallback_language: String,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            page: PageSize::a4(),
            margins: None,
            font_size: Pt(11.0),
            leading: Pt(14.0),
            print: None,
            slug: String::new(),
            fallback_language: "en".to_string(),
        }
    }
}

/// Trims narrower than this (A5, 6×9 in, and smaller) set body text a half point
/// smaller: with the classical margins their measure is about 52 characters at 11 pt,
/// too few for even justified spacing; at [`SMALL_TRIM_FONT_SIZE`] it is about 56.
pub const SMALL_TRIM_WIDTH_MM: f64 = 160.0;
/// Body size on small trims.
pub const SMALL_TRIM_FONT_SIZE: Pt = Pt(10.5);
/// Body leading on small trims (the same proportion as 11 on 14, on a whole half point).
pub const SMALL_TRIM_LEADING: Pt = Pt(13.5);

impl LayoutOptions {
    /// The defaults for a trim size: the body size and leading a book designer would
    /// give it (see [`SMALL_TRIM_WIDTH_MM`]), everything else as [`Default`].
    pub fn for_page(page: PageSize) -> LayoutOptions {
        let base = LayoutOptions {
            page,
            ..LayoutOptions::default()
        };
        if page.width.0 < Pt::from_mm(SMALL_TRIM_WIDTH_MM).0 {
            LayoutOptions {
                font_size: SMALL_TRIM_FONT_SIZE,
                leading: SMALL_TRIM_LEADING,
                ..base
            }
        } else {
            base
        }
    }

    /// The margins in effect.
    pub fn margins(&self) -> Margins {
        self.margins.unwrap_or_else(|| Margins::for_page(self.page))
    }

    /// Where annotations go on this page (see [`NotePlacement`]), and the options to lay
    /// the document out with: with default margins, a margin-note column widens the
    /// outer margin to hold it (the measure narrows), since the classical outer margin
    /// (a fifth of the page) leaves a column too narrow for notes of a few hundred
    /// characters. Explicit margins are kept as they are.
    pub fn for_annotations(&self) -> (LayoutOptions, NotePlacement) {
        let gap = self.font_size * NOTE_COLUMN_GAP_EM;
        let edge = Pt::from_mm(NOTE_COLUMN_EDGE_MM);
        if let Some(m) = self.margins {
            let width = m.outer - gap - edge;
            let placement = if width.0 >= Pt::from_mm(MIN_NOTE_COLUMN_MM).0 {
                NotePlacement::Margin { gap, width }
            } else {
                NotePlacement::Foot
            };
            return (self.clone(), placement);
        }
        let width = self.font_size * NOTE_COLUMN_EM;
        let mut m = Margins::for_page(self.page);
        m.outer = gap + width + edge;
        let measure = self.page.width - m.inner - m.outer;
        if measure.0 < (self.font_size * MIN_MEASURE_BESIDE_NOTES_EM).0 {
            return (self.clone(), NotePlacement::Foot);
        }
        let opts = LayoutOptions {
            margins: Some(m),
            ..self.clone()
        };
        (opts, NotePlacement::Margin { gap, width })
    }

    /// What the print preset stands for, if there is one.
    pub fn print_spec(&self) -> Option<PrintSpec> {
        self.print.map(PrintPreset::spec)
    }

    /// Room outside the trim on each side of the media box: bleed and marks when
    /// printing ([`PrintSpec::media_offset`]), else zero.
    pub fn media_offset(&self) -> Pt {
        self.print_spec().map_or(Pt::ZERO, |s| s.media_offset())
    }

    /// Check that the options describe a usable page; the message says what is wrong.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let m = self.margins();
        let ok = |p: Pt| p.is_finite() && p.0 >= 0.0;
        if PageSize::custom(self.page.width, self.page.height).is_none() {
            return Err(format!(
                "page size {} × {} is not positive",
                self.page.width, self.page.height
            ));
        }
        if ![m.top, m.bottom, m.inner, m.outer].into_iter().all(ok) {
            return Err("margins must be finite and not negative".into());
        }
        if !(self.font_size.is_finite() && self.font_size.0 >= 4.0) {
            return Err(format!("font size {} is too small", self.font_size));
        }
        if !(self.leading.is_finite() && self.leading.0 >= self.font_size.0 * 0.8) {
            return Err(format!("leading {} is too tight", self.leading));
        }
        let measure = self.page.width - m.inner - m.outer;
        if measure.0 < self.font_size.0 * 12.0 {
            return Err(format!("measure {measure} is narrower than 12 ems"));
        }
        let height = self.page.height - m.top - m.bottom;
        if height.0 < self.leading.0 * 10.0 {
            return Err(format!("text height {height} holds fewer than 10 lines"));
        }
        Ok(())
    }
}
