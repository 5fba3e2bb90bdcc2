//! Paragraph input, options, and the pipeline that lays a paragraph out.
//!
//! A paragraph is a list of [`Inline`]s: styled text runs, fixed-size inline objects
//! (a footnote marker, an inline image) and forced line breaks, each carrying an opaque
//! source payload `S` supplied by the caller. [`Typesetter::layout`] runs the stages:
//!
//! 1. **Collect** (here). The runs are concatenated into one paragraph string (an object
//!    stands for [`OBJECT_CHAR`], a forced break for [`LINE_BREAK_CHAR`]), so that break
//!    opportunities and hyphenation see words that cross style changes. A table of spans
//!    maps every byte back to its inline.
//! 2. **Fragment** ([`crate::fragment`]): shaped words, spaces, objects, forced breaks.
//! 3. **Items** ([`crate::items`]): boxes, glue and penalties, with last-resort breaks.
//! 4. **Break** ([`crate::linebreak`]): Knuth–Plass over the whole paragraph. As in TeX,
//!    the first pass runs without hyphenation; only if it fails are the paragraph's
//!    hyphenation points computed ([`crate::hyphenate`]), the items rebuilt with them,
//!    and the later passes run.
//! 5. **Set** ([`crate::line`]): positioned glyph runs with justification applied.

use std::ops::Range;

use crate::fonts::{FontBook, FontStyle};
use crate::fragment::{fragment, word_breaks};
use crate::hyphenate::Hyphenator;
use crate::items::build_items;
use crate::line::{self, Line};
use crate::linebreak::{self, BreakParams, Pass};
use crate::shape::{Shaper, SharedShapes};
use crate::units::Pt;

/// Background stretch of every ragged-right line, in ems of the paragraph's font size.
pub const RAGGED_STRETCH_EM: f64 = 3.0;
/// Default emergency stretch, in ems (used from the third pass on).
pub const EMERGENCY_STRETCH_EM: f64 = 1.5;

/// The placeholder character for an inline object in the paragraph text.
pub const OBJECT_CHAR: char = '\u{FFFC}';
/// The placeholder character for a forced line break in the paragraph text.
pub const LINE_BREAK_CHAR: char = '\u{2028}';

/// One piece of paragraph content.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline<S> {
    /// Styled text.
    Text {
        /// The text (soft line breaks already turned into spaces by the caller).
        text: String,
        /// Family, weight and slant.
        style: FontStyle,
        /// Font size.
        size: Pt,
        /// BCP-47 language of the text where it differs from the paragraph's
        /// ([`ParagraphOptions::language`]), e.g. a German quotation in English text;
        /// `None` for the paragraph's language. Decides the hyphenation patterns of the
        /// words that start in this run.
        lang: Option<String>,
        /// The caller's source reference for the start of `text`.
        source: S,
    },
    /// Something of fixed size set on the baseline (a footnote marker, an inline image).
    Object {
        /// Its width.
        width: Pt,
        /// Its height above the baseline.
        ascent: Pt,
        /// Its depth below the baseline.
        descent: Pt,
        /// The caller's reference for it.
        source: S,
    },
    /// A forced line break.
    LineBreak {
        /// The caller's source reference.
        source: S,
    },
}

impl<S> Inline<S> {
    /// The caller's source payload.
    pub fn source(&self) -> &S {
        match self {
            Inline::Text { source, .. }
            | Inline::Object { source, .. }
            | Inline::LineBreak { source } => source,
        }
    }
}

/// How lines are filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    /// Both edges flush (body text).
    #[default]
    Justify,
    /// Left edge flush, natural word spacing (code, headings).
    RaggedRight,
}

/// Settings for one paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphOptions {
    /// The line width. Must be finite and positive.
    pub measure: Pt,
    /// Indent of the first line (default 0).
    pub indent: Pt,
    /// Justified or ragged-right (default justified).
    pub align: Align,
    /// Whether to hyphenate automatically (default true; turn off for headings and code).
    pub hyphenate: bool,
    /// BCP-47 language tag for hyphenation (default `"en"`); a text run's own `lang`
    /// overrides it. A language without patterns is not hyphenated.
    pub language: String,
    /// Emergency stretch in ems of the paragraph's largest font size (default
    /// `EMERGENCY_STRETCH_EM`).
    pub emergency_stretch_em: f64,
    /// Whether capitalised words are hyphenated; `None` (the default): as the language
    /// usually does (see `quire_hyphenate`).
    pub hyphenate_capitals: Option<bool>,
    /// Whether a line may end after an explicit hyphen or a dash (default true; false for
    /// display type, where "Major-" / "Country" reads as a broken word).
    pub break_at_hyphens: bool,
    /// Whether punctuation at the edges of justified lines hangs into the margins
    /// (optical margin alignment; default true).
    pub protrusion: bool,
    /// How far justified lines may widen or narrow their glyphs, as a fraction of their
    /// width (default [`crate::optical::EXPANSION`]; 0 for none).
    pub expansion: f64,
    /// Lines more (positive) or fewer (negative) than the optimum, TeX's `\looseness`
    /// (default 0): pagination asks for it to fill a page that would end short. Granted
    /// only where its lines stay within the tolerance of the pass that sets them (see
    /// [`crate::break_lines_exactly`]); [`ParagraphLayout::looseness`] says whether it was.
    pub looseness: i8,
}

impl ParagraphOptions {
    /// Justified, hyphenated English text on a measure.
    pub fn new(measure: Pt) -> ParagraphOptions {
        ParagraphOptions {
            measure,
            indent: Pt::ZERO,
            align: Align::Justify,
            hyphenate: true,
            language: "en".to_string(),
            emergency_stretch_em: EMERGENCY_STRETCH_EM,
            hyphenate_capitals: None,
            break_at_hyphens: true,
            protrusion: true,
            expansion: crate::optical::EXPANSION,
            looseness: 0,
        }
    }
}

/// A character that no font can display, with the caller's source reference.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingGlyph<S> {
    /// The character.
    pub ch: char,
    /// The source payload of the text run that holds it.
    pub source: S,
    /// Byte offset of the character within that run's text.
    pub offset: usize,
}

/// Why a paragraph could not be laid out.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LayoutError {
    /// The measure is not a finite positive length.
    #[error("invalid measure {0}")]
    InvalidMeasure(Pt),
    /// A text run's font size is not a finite positive length.
    #[error("invalid font size {size} in run {run}")]
    InvalidSize {
        /// The size given.
        size: Pt,
        /// Index of the inline.
        run: usize,
    },
}

/// A laid-out paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphLayout<S> {
    /// The lines, top to bottom.
    pub lines: Vec<Line<S>>,
    /// The paragraph text that line ranges refer to (objects as U+FFFC, breaks as U+2028).
    pub text: String,
    /// The line-breaking pass that succeeded.
    pub pass: Pass,
    /// How many lines more (or fewer) than the optimum it was set in: the options'
    /// looseness when it could be granted, else 0.
    pub looseness: i8,
    /// Characters that no font in the chain has, once per occurrence, in text order:
    /// each cluster holding one is set as a placeholder box (see [`crate::shape`]).
    pub missing: Vec<MissingGlyph<S>>,
}

/// Lays out paragraphs with one font book; holds the shaper cache and hyphenators.
pub struct Typesetter<'a> {
    shaper: Shaper<'a>,
    /// By (lowercased language tag, capitals policy).
    hyphenators: Vec<((String, Option<bool>), Hyphenator)>,
}

impl<'a> Typesetter<'a> {
    /// A typesetter for the fonts of `book`.
    pub fn new(book: &'a FontBook) -> Typesetter<'a> {
        Typesetter {
            shaper: Shaper::new(book),
            hyphenators: Vec::new(),
        }
    }

    /// A typesetter whose shaper shares shaped words with other threads' (see
    /// `SharedShapes`).
    pub fn with_shared(book: &'a FontBook, shared: std::sync::Arc<SharedShapes>) -> Typesetter<'a> {
        Typesetter {
            shaper: Shaper::with_shared(book, shared),
            hyphenators: Vec::new(),
        }
    }

    /// The shaper (for measuring text outside paragraphs).
    pub fn shaper(&mut self) -> &mut Shaper<'a> {
        &mut self.shaper
    }

    fn hyphenator(&mut self, language: &str, capitals: Option<bool>) -> &mut Hyphenator {
        let index = self.hyphenator_index(language, capitals);
        &mut self.hyphenators[index].1
    }

    fn hyphenator_index(&mut self, language: &str, capitals: Option<bool>) -> usize {
        let key = (language.to_ascii_lowercase(), capitals);
        match self.hyphenators.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let h = Hyphenator::for_language(language).with_capitals(capitals);
                self.hyphenators.push((key, h));
                self.hyphenators.len() - 1
            }
        }
    }

    /// The hyphenation points of a paragraph: each word with the patterns of the
    /// language of the run it starts in (its `lang`, or the paragraph's `language`).
    fn hyphenation_points<S>(
        &mut self,
        inlines: &[Inline<S>],
        text: &str,
        spans: &[Span],
        language: &str,
        capitals: Option<bool>,
    ) -> Vec<usize> {
        let lang_of = |inline: usize| match inlines.get(inline) {
            Some(Inline::Text { lang: Some(l), .. }) => l.as_str(),
            _ => language,
        };
        let mixed = spans.iter().any(|s| lang_of(s.inline) != language);
        if !mixed {
            return self.hyphenator(language, capitals).points(text);
        }
        let mut points = Vec::new();
        // (language, index in `hyphenators`) of the previous word: runs of one language.
        let mut current: Option<(&str, usize)> = None;
        for (at, word) in crate::hyphenate::candidates(text) {
            let span = spans.partition_point(|s| s.range.end <= at);
            let lang = spans.get(span).map_or(language, |s| lang_of(s.inline));
            let index = match current {
                Some((l, i)) if l == lang => i,
                _ => {
                    let i = self.hyphenator_index(lang, capitals);
                    current = Some((lang, i));
                    i
                }
            };
            let h = &mut self.hyphenators[index].1;
            points.extend(h.memoised(word).iter().map(|p| at + p));
        }
        points
    }

    /// Lay out one paragraph into lines.
    pub fn layout<S: Clone + std::fmt::Debug>(
        &mut self,
        inlines: &[Inline<S>],
        options: &ParagraphOptions,
    ) -> Result<ParagraphLayout<S>, LayoutError> {
        self.layout_with(inlines, options, false)
    }

    /// Lay out one paragraph breaking its lines only where it forces a break (a line
    /// break, the paragraph end), however wide the lines get: what [`Typesetter::layout`]
    /// gives when every line between forced breaks fits the measure, without running the
    /// line breaker. This is how a table measures a cell's natural width: on an unbounded
    /// measure Knuth–Plass would weigh every last-resort break of a long unbreakable cell
    /// against every other on its line, which is quadratic in the cell's length.
    ///
    /// The measure still matters: a line wider than it has its spaces shrunk, as in
    /// [`Typesetter::layout`].
    pub fn layout_unbroken<S: Clone + std::fmt::Debug>(
        &mut self,
        inlines: &[Inline<S>],
        options: &ParagraphOptions,
    ) -> Result<ParagraphLayout<S>, LayoutError> {
        self.layout_with(inlines, options, true)
    }

    fn layout_with<S: Clone + std::fmt::Debug>(
        &mut self,
        inlines: &[Inline<S>],
        options: &ParagraphOptions,
        unbroken: bool,
    ) -> Result<ParagraphLayout<S>, LayoutError> {
        if !(options.measure.is_finite() && options.measure.0 > 0.0) {
            return Err(LayoutError::InvalidMeasure(options.measure));
        }
        for (run, inline) in inlines.iter().enumerate() {
            if let Inline::Text { size, .. } = inline
                && !(size.is_finite() && size.0 > 0.0)
            {
                return Err(LayoutError::InvalidSize { size: *size, run });
            }
        }
        let (text, spans) = collect(inlines);
        let opportunities = word_breaks(&text);
        let levels = crate::bidi::levels(&text);
        // Words are also cut where the direction changes (`הספר.` is a right-to-left word
        // and a left-to-right full stop), without making that a break opportunity.
        let cuts = match &levels {
            Some((levels, _)) => crate::bidi::with_level_changes(&opportunities, levels),
            None => Vec::new(),
        };
        let cut_at = if levels.is_some() {
            &cuts
        } else {
            &opportunities
        };
        let (frags, missing) = fragment(&mut self.shaper, inlines, &text, &spans, cut_at);
        let em = inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Text { size, .. } => Some(*size),
                _ => None,
            })
            .fold(Pt::ZERO, Pt::max);
        let mut params = BreakParams::new(options.measure);
        params.emergency_stretch = em * options.emergency_stretch_em.max(0.0);
        if options.align == Align::RaggedRight {
            params.background_stretch = em * RAGGED_STRETCH_EM;
        }
        let optical = line::Optical::of(options, levels.is_some());
        params.expansion = optical.expansion;
        // As in TeX, hyphenate only if the first pass (which never hyphenates) fails.
        let mut built = build_items(
            &mut self.shaper,
            &text,
            &frags,
            &[],
            &opportunities,
            options,
        );
        if !optical.protrusion {
            built.edges.clear();
        }
        let forced = unbroken.then(|| linebreak::forced_breaks(&built.items));
        let first = forced.or_else(|| {
            let with_edges = BreakParams {
                edges: &built.edges,
                ..params
            };
            linebreak::first_pass(&built.items, &with_edges)
        });
        // The items with hyphenation points, once they are needed (`None`: there are none).
        let hyphenated = |this: &mut Self| {
            let points = if options.hyphenate {
                this.hyphenation_points(
                    inlines,
                    &text,
                    &spans,
                    &options.language,
                    options.hyphenate_capitals,
                )
            } else {
                Vec::new()
            };
            (!points.is_empty()).then(|| {
                let mut built = build_items(
                    &mut this.shaper,
                    &text,
                    &frags,
                    &points,
                    &opportunities,
                    options,
                );
                if !optical.protrusion {
                    built.edges.clear();
                }
                built
            })
        };
        let mut breaks = match first {
            Some(breaks) => breaks,
            None => {
                let with_points = hyphenated(self);
                let hyphenate = with_points.is_some();
                if let Some(with_points) = with_points {
                    built = with_points;
                }
                let with_edges = BreakParams {
                    edges: &built.edges,
                    hyphenate,
                    ..params
                };
                linebreak::break_lines_from(&built.items, &with_edges, Pass::Second)
            }
        };
        let mut looseness = 0;
        let wanted = breaks.positions.len() as i64 + i64::from(options.looseness);
        if options.looseness != 0 && !unbroken && wanted >= 1 {
            // Without hyphenation first, as TeX's first pass; then with it.
            let exactly = |built: &crate::items::Built, pass: Pass| {
                let with_edges = BreakParams {
                    edges: &built.edges,
                    hyphenate: pass > Pass::First,
                    ..params
                };
                linebreak::break_lines_exactly(&built.items, &with_edges, pass, wanted as usize)
            };
            let plain = breaks.pass == Pass::First;
            let mut other = exactly(&built, if plain { Pass::First } else { Pass::Second });
            if other.is_none()
                && plain
                && let Some(with_points) = hyphenated(self)
            {
                other = exactly(&with_points, Pass::Second);
                if other.is_some() {
                    built = with_points;
                }
            }
            if let Some(other) = other {
                breaks = other;
                looseness = options.looseness;
            }
        }
        let lines = line::build_lines(
            &mut self.shaper,
            line::LineInput {
                inlines,
                text: &text,
                spans: &spans,
                frags: &frags,
                items: &built.items,
                meta: &built.meta,
                levels: levels.as_ref(),
            },
            &breaks.positions,
            options,
            optical,
        );
        Ok(ParagraphLayout {
            lines,
            text,
            pass: breaks.pass,
            looseness,
            missing,
        })
    }
}

/// A byte range of the paragraph text that comes from one inline.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Span {
    pub range: Range<usize>,
    pub inline: usize,
}

/// Concatenate the inlines into the paragraph text.
fn collect<S>(inlines: &[Inline<S>]) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(inlines.len());
    for (index, inline) in inlines.iter().enumerate() {
        let start = text.len();
        match inline {
            Inline::Text { text: t, .. } => text.push_str(t),
            Inline::Object { .. } => text.push(OBJECT_CHAR),
            Inline::LineBreak { .. } => text.push(LINE_BREAK_CHAR),
        }
        spans.push(Span {
            range: start..text.len(),
            inline: index,
        });
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testfonts;

    fn run(text: &str, lang: Option<&str>) -> Inline<()> {
        Inline::Text {
            text: text.to_string(),
            style: FontStyle::REGULAR,
            size: Pt(10.0),
            lang: lang.map(str::to_string),
            source: (),
        }
    }

    /// The words of `text` cut at `points`, joined with `-`.
    fn cut(text: &str, points: &[usize]) -> String {
        let mut out = String::new();
        let mut last = 0;
        for &p in points {
            out.push_str(&text[last..p]);
            out.push('-');
            last = p;
        }
        out + &text[last..]
    }

    #[test]
    fn each_word_takes_the_patterns_of_its_run() {
        let book = testfonts::book();
        let mut ts = Typesetter::new(&book);
        let inlines = [
            run("Wirtschaftsprüfer said ", None),
            run("Wirtschaftsprüfer ", Some("de")),
            run("Wirtschaftsprüfer ", Some("ja")),
            run("Wirtschaftsprüfer end", None),
        ];
        let (text, spans) = collect(&inlines);
        // (English leaves capitalised words whole unless asked: asked here.)
        let points = ts.hyphenation_points(&inlines, &text, &spans, "en-US", Some(true));
        assert_eq!(
            cut(&text, &points),
            "Wirtschaft-sprüfer said Wirt-schafts-prü-fer Wirtschaftsprüfer Wirtschaft-sprüfer end"
        );
        // One language throughout: the paragraph's.
        let plain = [run("Wirtschaftsprüfer ", None), run("Ende", Some("de"))];
        let (text, spans) = collect(&plain);
        let points = ts.hyphenation_points(&plain, &text, &spans, "de", None);
        assert_eq!(cut(&text, &points), "Wirt-schafts-prü-fer Ende");
        let points = ts.hyphenation_points(&plain, &text, &spans, "ja", None);
        assert!(points.is_empty(), "no patterns for the paragraph's words");
    }
}
