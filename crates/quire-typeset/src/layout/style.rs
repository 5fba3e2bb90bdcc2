//! The type scale and spacing: every size and distance of the layout, as named ratios.
//!
//! All sizes are ratios of the body size and all vertical distances ratios of the body
//! leading (the grid step), so changing [`super::LayoutOptions::font_size`] or `leading`
//! rescales the whole design consistently. Body text of the main flow (paragraphs,
//! lists, quotations, headings) sits on the baseline grid; material with its own smaller
//! leading (code, tables, captions, footnotes) is set freely and the text after it snaps
//! back to the grid.

use crate::fonts::FontStyle;
use crate::units::Pt;

use super::LayoutOptions;

/// How many grid lines the space around a figure or a table may grow by to fill out
/// its page (see `fill_out`); floats tolerate more white around them than text does.
pub const FLOAT_STRETCH_LINES: usize = 2;
/// How many grid lines the space around a quotation, a list, code or an alert may grow
/// by to fill out its page.
pub const DISPLAY_STRETCH_LINES: usize = 1;

/// Heading sizes by level (1–6), as ratios of the body size.
pub const HEADING_SIZE: [f64; 6] = [1.75, 1.4, 1.15, 1.0, 1.0, 1.0];
/// Heading leading as a ratio of the heading size.
pub const HEADING_LEADING: f64 = 1.2;
/// Least space before a subhead, in grid lines, by level (its share of the grid slack
/// comes on top; see `super::headings`).
pub const HEADING_SPACE_BEFORE: [f64; 6] = [2.0, 2.0, 1.0, 1.0, 1.0, 1.0];
/// Least distance from a subhead's last baseline to the next body baseline, in grid
/// lines: a little more than the body's own line spacing, so the heading reads as
/// belonging to the text below it.
pub const HEADING_SPACE_AFTER: f64 = 1.25;
/// A part head's size (the document's top division), ratio of the body size: above
/// every subhead, below the title.
pub const PART_SIZE: f64 = 1.8;
/// Least space before a part head, in grid lines.
pub const PART_SPACE_BEFORE: f64 = 2.0;
/// Least distance from a part head's last baseline to the next baseline, in grid lines.
pub const PART_SPACE_AFTER: f64 = 2.0;
/// The share of a heading's grid slack set above it; the rest goes below. More above
/// than below keeps the heading nearer the text it introduces.
pub const HEADING_SLACK_ABOVE: f64 = 2.0 / 3.0;
/// Footnote size, ratio of the body size.
pub const NOTE_SIZE: f64 = 0.82;
/// Code size (blocks and inline), ratio of the body size.
pub const CODE_SIZE: f64 = 0.82;
/// The step smaller that a code block is set in when many of its lines would wrap at
/// [`CODE_SIZE`] (see `super::code`), ratio of the body size.
pub const CODE_SMALL_SIZE: f64 = 0.72;
/// Inline code, math and raw text, ratio of the surrounding size.
pub const INLINE_CODE_SIZE: f64 = 0.9;
/// Size of table text, captions and credits, ratio of the body size.
pub const SMALL_SIZE: f64 = 0.9;
/// Leading of small text (notes, code, tables, captions), ratio of its size.
pub const SMALL_LEADING: f64 = 1.25;
/// Superscript and subscript size (also note marks), ratio of the surrounding size.
pub const SCRIPT_SIZE: f64 = 0.65;
/// How far a superscript is raised, in ems of the surrounding size.
pub const SUPERSCRIPT_RAISE: f64 = 0.38;
/// How far a subscript is lowered, in ems of the surrounding size.
pub const SUBSCRIPT_LOWER: f64 = 0.15;
/// First-line indent of a paragraph that follows a paragraph, in ems.
pub const PARINDENT_EM: f64 = 1.2;
/// Indent of block quotations on both sides, in ems.
pub const QUOTE_INDENT_EM: f64 = 1.5;
/// Indent of a definition's details, in ems.
pub const DEFINITION_INDENT_EM: f64 = 1.5;
/// Gap between a list label and the item text, in ems.
pub const LABEL_GAP_EM: f64 = 0.5;
/// Smallest label box of a list (bullet or number plus gap), in ems.
pub const MIN_LABEL_BOX_EM: f64 = 1.5;
/// Space around displays (quotes, lists, code, tables, figures, alerts), in grid lines.
pub const DISPLAY_SKIP: f64 = 0.5;
/// Padding inside code and alert boxes, in ems of the body size.
pub const BOX_PAD_EM: f64 = 0.5;
/// Title size on the first page, ratio of the body size.
pub const TITLE_SIZE: f64 = 1.9;
/// Running-head and page-number size, ratio of the body size.
pub const FOLIO_SIZE: f64 = 0.85;
/// Gap between two table columns, in ems of the table text.
pub const COLUMN_GAP_EM: f64 = 1.0;
/// Thick (top and bottom) and thin (below the header) table rule widths, in points.
pub const TABLE_RULES: (f64, f64) = (0.8, 0.4);
/// The rule in the place of a figure's missing image: width in points and grey.
pub const FIGURE_RULE: (f64, f32) = (0.5, 0.3);
/// Length of the rule above the footnotes, as a fraction of the measure.
pub const NOTE_RULE_RATIO: f64 = 0.25;

/// Margin-note size, ratio of the body size.
pub const MARGIN_NOTE_SIZE: f64 = 0.72;
/// Paragraph-number size, ratio of the body size.
pub const PARAGRAPH_NUMBER_SIZE: f64 = 0.68;
/// Gap between the text block and a paragraph number, in ems of the body size.
pub const PARAGRAPH_NUMBER_GAP_EM: f64 = 0.6;
/// Grey of paragraph numbers and annotation markers: the text's black, lightened, still
/// above 4.5:1 on white.
pub const QUIET_INK: f64 = 0.42;
/// Grey of the rule under an annotated passage.
pub const PASSAGE_RULE_INK: f64 = 0.5;
/// Width of the rule under an annotated passage, in ems of its text.
pub const PASSAGE_RULE_WIDTH_EM: f64 = 0.045;
/// Depth of that rule below the baseline, in ems of its text (under most descenders'
/// bowls, above the next line).
pub const PASSAGE_RULE_DEPTH_EM: f64 = 0.16;

/// The sizes of one layout, derived from the options.
#[derive(Clone, Debug)]
pub(crate) struct Styles {
    /// Body size.
    pub size: Pt,
    /// Body leading: the grid step.
    pub leading: Pt,
    /// Footnote size and leading.
    pub note: (Pt, Pt),
    /// Code size and leading.
    pub code: (Pt, Pt),
    /// The smaller code size and leading, for blocks that would wrap a lot.
    pub code_small: (Pt, Pt),
    /// Small text (tables, captions) size and leading.
    pub small: (Pt, Pt),
    /// Margin-note size and leading.
    pub margin_note: (Pt, Pt),
}

impl Styles {
    pub fn new(opts: &LayoutOptions) -> Styles {
        let size = opts.font_size;
        let small = |ratio: f64| (size * ratio, size * ratio * SMALL_LEADING);
        Styles {
            size,
            leading: opts.leading,
            note: small(NOTE_SIZE),
            code: small(CODE_SIZE),
            code_small: small(CODE_SMALL_SIZE),
            small: small(SMALL_SIZE),
            margin_note: small(MARGIN_NOTE_SIZE),
        }
    }

    /// Size and leading of a heading of `level`.
    pub fn heading(&self, level: u8) -> (Pt, Pt) {
        let i = usize::from(level.clamp(1, 6)) - 1;
        let size = self.size * HEADING_SIZE[i];
        (size, size * HEADING_LEADING)
    }

    /// The face of a heading of `level`: bold to level 3, then bold italic, then italic.
    pub fn heading_style(level: u8) -> FontStyle {
        FontStyle {
            bold: level <= 4,
            italic: level >= 4,
            ..FontStyle::REGULAR
        }
    }
}
