//! Items: fragments translated into the Knuth–Plass boxes, glue and penalties.
//!
//! * Each word becomes boxes split at its hyphenation points, with a flagged penalty of
//!   the hyphen's width between them; part widths come from the word's glyph clusters, or
//!   from shaping the part on its own when a cut falls inside a ligature.
//! * A break opportunity between two words (after `/`, `-` or a dash) is a penalty:
//!   [`EX_HYPHEN_PENALTY`] after a hyphen (flagged) or dash, [`SOFT_BREAK_PENALTY`] else.
//!   A soft hyphen is a flagged penalty that adds a hyphen.
//! * A space is glue of its shaped width that stretches by [`SPACE_STRETCH`] and shrinks
//!   by [`SPACE_SHRINK`] of it (TeX's Computer Modern ratios); in ragged-right text it has
//!   no flexibility (the line breaker adds background stretch to each line instead). A
//!   no-break space is glue that does not follow a box, so it is no break.
//! * A forced break and the paragraph end are TeX's `\penalty10000 \hfil \penalty-10000`,
//!   so the line before them is set at natural width. Trailing spaces are dropped.
//! * **Last resorts.** A word wider than the measure gets emergency break points at every
//!   grapheme boundary; two boxes with no break between them (a style change or an object
//!   inside a word) and a no-break space get one too. Emergency breaks are used only by the
//!   final pass, and they guarantee that a feasible set of breaks exists, so no line is
//!   wider than the measure unless a single grapheme is.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::fonts::FontId;
use crate::fragment::{Frag, FragKind};
use crate::linebreak::{Edge, Item, PENALTY_FORBID, PENALTY_FORCE, PenaltyKind};
use crate::optical;
use crate::paragraph::{Align, ParagraphOptions};
use crate::shape::{ShapedGlyph, Shaper};
use crate::units::Pt;

/// Interword glue stretches by this fraction of the space's width.
pub const SPACE_STRETCH: f64 = 0.5;
/// Interword glue shrinks by at most this fraction of the space's width.
pub const SPACE_SHRINK: f64 = 1.0 / 3.0;
/// Cost of an automatic hyphenation break (TeX's `\hyphenpenalty`). Three times TeX's
/// 50: with font expansion taking part of the spacing load, this is what brings
/// hyphenated lines under 7 % at A5 while loose lines stay under 1 %
/// (`typography::report`; 50 gave 11 %, 400 pushed loose lines up again).
pub const HYPHEN_PENALTY: f64 = 150.0;
/// Cost of breaking after an explicit hyphen or dash (TeX's `\exhyphenpenalty`): the
/// same as an added hyphen's, since the reader sees the same hyphen at the line's end
/// (at 50, lines ending in "China-" doubled once added hyphens cost more).
pub const EX_HYPHEN_PENALTY: f64 = HYPHEN_PENALTY;
/// Cost of other break opportunities inside a word (after a slash in a URL, …).
pub const SOFT_BREAK_PENALTY: f64 = 100.0;
/// Cost of an emergency break inside an over-long word.
pub const EMERGENCY_BREAK_PENALTY: f64 = 1000.0;

/// Per-item bookkeeping for building lines: the text range the item covers and whether
/// breaking at it adds a hyphen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ItemMeta {
    pub start: usize,
    pub adds_hyphen: bool,
}

/// The items of a paragraph, their bookkeeping, and their optical margin allowances
/// (empty unless the paragraph protrudes).
pub(crate) struct Built {
    pub items: Vec<Item>,
    pub meta: Vec<ItemMeta>,
    pub edges: Vec<Edge>,
}

/// Build the Knuth–Plass items (step 3 of the module docs).
pub(crate) fn build_items(
    shaper: &mut Shaper<'_>,
    text: &str,
    frags: &[Frag],
    hyphen_points: &[usize],
    opportunities: &[usize],
    options: &ParagraphOptions,
) -> Built {
    let word_breaks_at = |at: usize| opportunities.binary_search(&at).is_ok();
    let mut items = Vec::with_capacity(frags.len() * 2 + 4);
    let mut meta = Vec::with_capacity(frags.len() * 2 + 4);
    // Per box: the protrusion of its first and last character (resolved into break
    // allowances at the end).
    let mut box_edges: Vec<(usize, Edge)> = Vec::new();
    let protrude = options.protrusion && options.align == Align::Justify;
    // A negative indent (a hanging first line) is a box of negative width: the first
    // line may hold that much more, and `line` sets it that far to the left.
    let indent_box = usize::from(options.indent.0 != 0.0);
    let mut push = |items: &mut Vec<Item>, item: Item, start: usize, adds_hyphen: bool| {
        // Two boxes in a row (a style or font change, an object, without a break
        // opportunity between them) get an emergency break, so that no unbreakable chain
        // can be wider than the measure.
        if matches!(item, Item::Box { .. })
            && matches!(items.last(), Some(Item::Box { .. }))
            && items.len() > indent_box
        {
            items.push(emergency_penalty());
            meta.push(ItemMeta {
                start,
                adds_hyphen: false,
            });
        }
        items.push(item);
        meta.push(ItemMeta { start, adds_hyphen });
    };
    if options.indent.0 != 0.0 {
        push(
            &mut items,
            Item::Box {
                width: options.indent,
            },
            0,
            false,
        );
    }
    let justify = options.align == Align::Justify;
    let measure = options.measure - options.indent.max(Pt::ZERO);
    let mut points = hyphen_points.iter().copied().peekable();
    let end = frags
        .iter()
        .rposition(|f| !matches!(f.kind, FragKind::Space { .. }))
        .map_or(0, |i| frags[i].range.end);
    let mut prev_word: Option<(FontId, Pt)> = None;
    for frag in frags {
        let at = frag.range.start;
        match &frag.kind {
            FragKind::Word { font, size, glyphs } => {
                let (font, size) = (*font, *size);
                // A cut between this word and the previous one: a hyphenation point or a
                // break opportunity (every word boundary inside a run of non-space text is one
                // of the two, or a style/font change where no break is allowed).
                while points.next_if(|&p| p < at).is_some() {}
                if let Some((pf, ps)) = prev_word {
                    let prev_char = text[..at].chars().next_back().unwrap_or(' ');
                    if points.next_if_eq(&at).is_some() {
                        let width = shaper.width(pf, ps, "-");
                        push(
                            &mut items,
                            hyphen_penalty(width, PenaltyKind::Hyphenation),
                            at,
                            true,
                        );
                    } else if prev_char == '\u{00AD}' {
                        let width = shaper.width(pf, ps, "-");
                        push(
                            &mut items,
                            hyphen_penalty(width, PenaltyKind::Normal),
                            at,
                            true,
                        );
                    } else if word_breaks_at(at)
                        && (options.break_at_hyphens
                            || !matches!(prev_char, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}'))
                    {
                        let hyphen = matches!(prev_char, '-' | '\u{2010}');
                        let dash = matches!(prev_char, '\u{2013}' | '\u{2014}');
                        let cost = if hyphen || dash {
                            EX_HYPHEN_PENALTY
                        } else {
                            SOFT_BREAK_PENALTY
                        };
                        let item = Item::Penalty {
                            width: Pt::ZERO,
                            cost,
                            flagged: hyphen,
                            kind: PenaltyKind::Normal,
                        };
                        push(&mut items, item, at, false);
                    }
                }
                let width: Pt = glyphs.iter().map(|g| g.advance).sum();
                let emergency = width > measure;
                let mut cuts: Vec<(usize, bool)> = Vec::new();
                while let Some(p) = points.next_if(|&p| p < frag.range.end) {
                    cuts.push((p, true));
                }
                if emergency {
                    let word = &text[frag.range.clone()];
                    cuts.extend(
                        word.grapheme_indices(true)
                            .skip(1)
                            .map(|(i, _)| (at + i, false)),
                    );
                    cuts.sort_by_key(|&(p, hyphen)| (p, !hyphen));
                    cuts.dedup_by_key(|c| c.0);
                }
                let parts = WordParts::new(glyphs);
                let mut start = at;
                for (cut, hyphen) in cuts {
                    let w = parts.width(shaper, text, font, size, start..cut);
                    push(&mut items, Item::Box { width: w }, start, false);
                    if protrude {
                        box_edges.push((items.len() - 1, parts.edge(text, start..cut)));
                    }
                    if hyphen {
                        let width = shaper.width(font, size, "-");
                        push(
                            &mut items,
                            hyphen_penalty(width, PenaltyKind::Hyphenation),
                            cut,
                            true,
                        );
                    } else {
                        push(&mut items, emergency_penalty(), cut, false);
                    }
                    start = cut;
                }
                let w = parts.width(shaper, text, font, size, start..frag.range.end);
                push(&mut items, Item::Box { width: w }, start, false);
                if protrude {
                    box_edges.push((items.len() - 1, parts.edge(text, start..frag.range.end)));
                }
                prev_word = Some((font, size));
            }
            FragKind::Space {
                glyph, breakable, ..
            } => {
                prev_word = None;
                if at >= end {
                    continue; // trailing spaces of the paragraph are dropped
                }
                let width = glyph.map_or(Pt::ZERO, |g| g.advance);
                let (stretch, shrink) = if justify {
                    (width * SPACE_STRETCH, width * SPACE_SHRINK)
                } else {
                    (Pt::ZERO, Pt::ZERO)
                };
                if !breakable {
                    // Not a break in the normal passes (the glue does not follow a box);
                    // a last-resort break before the space in the final pass.
                    push(&mut items, emergency_penalty(), at, false);
                }
                push(
                    &mut items,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                        fill: false,
                    },
                    at,
                    false,
                );
            }
            FragKind::Object { width, .. } => {
                prev_word = None;
                if word_breaks_at(at) && matches!(items.last(), Some(Item::Box { .. })) {
                    let item = Item::Penalty {
                        width: Pt::ZERO,
                        cost: SOFT_BREAK_PENALTY,
                        flagged: false,
                        kind: PenaltyKind::Normal,
                    };
                    push(&mut items, item, at, false);
                }
                push(&mut items, Item::Box { width: *width }, at, false);
                if word_breaks_at(frag.range.end) {
                    // Handled by the next word's opportunity check only for words.
                    let item = Item::Penalty {
                        width: Pt::ZERO,
                        cost: SOFT_BREAK_PENALTY,
                        flagged: false,
                        kind: PenaltyKind::Normal,
                    };
                    push(&mut items, item, frag.range.end, false);
                }
            }
            FragKind::Break => {
                prev_word = None;
                for item in paragraph_end() {
                    push(&mut items, item, at, false);
                }
            }
        }
    }
    let ends_with_break = frags
        .iter()
        .rfind(|f| !matches!(f.kind, FragKind::Space { .. }))
        .is_some_and(|f| f.kind == FragKind::Break);
    if !ends_with_break {
        for item in paragraph_end() {
            push(&mut items, item, end, false);
        }
    }
    let edges = if protrude {
        break_edges(&items, &box_edges)
    } else {
        Vec::new()
    };
    Built { items, meta, edges }
}

/// Each item's margin allowance (see [`Edge`]): a box lends its first character's to a
/// line it starts; a break at a glue or a width-less penalty lends the last character
/// before it; a break that adds a hyphen lends the hyphen's; a forced break none.
fn break_edges(items: &[Item], box_edges: &[(usize, Edge)]) -> Vec<Edge> {
    let mut edges = vec![Edge::default(); items.len()];
    let mut next = box_edges.iter().peekable();
    let mut last_end = Pt::ZERO;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Box { .. } => {
                let own = next.next_if(|(b, _)| *b == i).map(|(_, e)| *e);
                edges[i].start = own.map_or(Pt::ZERO, |e| e.start);
                last_end = own.map_or(Pt::ZERO, |e| e.end);
            }
            // A forced break ends a line set at natural width: nothing hangs.
            Item::Penalty { cost, .. } if *cost <= PENALTY_FORCE => {}
            Item::Penalty { width, .. } if width.0 > 0.0 => {
                edges[i].end = *width * optical::end_protrusion('-');
            }
            Item::Glue { .. } | Item::Penalty { .. } => edges[i].end = last_end,
        }
    }
    edges
}

/// The glyphs of one shaped word in cluster order, for measuring its parts.
///
/// A word is cut at every hyphenation point and, when it is wider than the measure, at
/// every grapheme boundary, so measuring each part by scanning the whole word would cost
/// time quadratic in the word's length (a 64 KB base64 blob took seconds). With the glyphs
/// in cluster order, a part's glyphs are one contiguous slice found by binary search, and
/// the parts of a word together cost one pass over its glyphs. In left-to-right text the
/// glyphs already are in cluster order and the slice is summed in the same order as a
/// filter over the word would, so the widths are bit-for-bit those of a scan.
struct WordParts<'g> {
    glyphs: std::borrow::Cow<'g, [ShapedGlyph]>,
}

impl<'g> WordParts<'g> {
    fn new(glyphs: &'g [ShapedGlyph]) -> WordParts<'g> {
        let glyphs = if glyphs.windows(2).all(|w| w[0].cluster <= w[1].cluster) {
            std::borrow::Cow::Borrowed(glyphs)
        } else {
            let mut sorted = glyphs.to_vec();
            sorted.sort_by_key(|g| g.cluster); // stable: a cluster keeps its glyph order
            std::borrow::Cow::Owned(sorted)
        };
        WordParts { glyphs }
    }

    /// The index of the first glyph whose cluster is not before `p`.
    fn first_at(&self, p: usize) -> usize {
        self.glyphs.partition_point(|g| g.cluster < p)
    }

    /// Whether `p` is a cluster boundary: a glyph's cluster starts there, or every
    /// cluster lies before it.
    fn boundary(&self, p: usize) -> bool {
        let i = self.first_at(p);
        self.glyphs.get(i).is_none_or(|g| g.cluster == p)
    }

    /// The margin allowances of a part of the word: its first and last characters' share
    /// of their own glyph's advance (none where a glyph holds more than the character,
    /// as a ligature does).
    fn edge(&self, text: &str, part: Range<usize>) -> Edge {
        let Some(word) = text.get(part.clone()) else {
            return Edge::default();
        };
        let advance_at = |p: usize, len: usize| {
            let i = self.first_at(p);
            let g = self.glyphs.get(i).filter(|g| g.cluster == p)?;
            // The glyph must hold this character alone.
            let next = self.glyphs.get(i + 1).map_or(part.end, |n| n.cluster);
            (next == p + len).then_some(g.advance)
        };
        let mut edge = Edge::default();
        if let Some(c) = word.chars().next() {
            let f = optical::start_protrusion(c);
            if f > 0.0 {
                edge.start = advance_at(part.start, c.len_utf8()).map_or(Pt::ZERO, |a| a * f);
            }
        }
        if let Some(c) = word.chars().next_back() {
            let f = optical::end_protrusion(c);
            if f > 0.0 {
                let p = part.end - c.len_utf8();
                edge.end = advance_at(p, c.len_utf8()).map_or(Pt::ZERO, |a| a * f);
            }
        }
        edge
    }

    /// The width of part of the word. If both ends are cluster boundaries the glyph
    /// advances are summed (kerning across a cut is off by at most a kern, which the
    /// line's justification absorbs); a cut inside a cluster (a ligature such as `ffi` in
    /// “of-fice”) would put the whole ligature on one side, so such a part is shaped on its
    /// own, as the line builder will set it.
    fn width(
        &self,
        shaper: &mut Shaper<'_>,
        text: &str,
        font: FontId,
        size: Pt,
        part: Range<usize>,
    ) -> Pt {
        if self.boundary(part.start) && self.boundary(part.end) {
            let (from, to) = (self.first_at(part.start), self.first_at(part.end));
            self.glyphs[from..to.max(from)]
                .iter()
                .map(|g| g.advance)
                .sum()
        } else {
            shaper.width(font, size, text.get(part).unwrap_or(""))
        }
    }
}

fn emergency_penalty() -> Item {
    Item::Penalty {
        width: Pt::ZERO,
        cost: EMERGENCY_BREAK_PENALTY,
        flagged: false,
        kind: PenaltyKind::Emergency,
    }
}

fn hyphen_penalty(width: Pt, kind: PenaltyKind) -> Item {
    Item::Penalty {
        width,
        cost: HYPHEN_PENALTY,
        flagged: true,
        kind,
    }
}

/// `\penalty10000 \hfil \penalty-10000`: ends a line at natural width.
fn paragraph_end() -> [Item; 3] {
    [
        Item::Penalty {
            width: Pt::ZERO,
            cost: PENALTY_FORBID,
            flagged: false,
            kind: PenaltyKind::Normal,
        },
        Item::Glue {
            width: Pt::ZERO,
            stretch: Pt::ZERO,
            shrink: Pt::ZERO,
            fill: true,
        },
        Item::Penalty {
            width: Pt::ZERO,
            cost: PENALTY_FORCE,
            flagged: false,
            kind: PenaltyKind::Normal,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(cluster: usize, advance: f64) -> ShapedGlyph {
        ShapedGlyph {
            id: 1,
            advance: Pt(advance),
            x_offset: Pt::ZERO,
            y_offset: Pt::ZERO,
            cluster,
        }
    }

    /// What `WordParts` replaced: a scan of the whole word per part.
    fn scanned(glyphs: &[ShapedGlyph], part: Range<usize>) -> Option<Pt> {
        let boundary = |p: usize| {
            glyphs.iter().any(|g| g.cluster == p) || glyphs.iter().all(|g| g.cluster < p)
        };
        (boundary(part.start) && boundary(part.end)).then(|| {
            glyphs
                .iter()
                .filter(|g| part.contains(&g.cluster))
                .map(|g| g.advance)
                .sum()
        })
    }

    #[test]
    fn part_widths_equal_a_scan_of_the_word() {
        // Clusters 10.. with a ligature over 12..15 and a two-glyph cluster at 16.
        let ltr = [
            glyph(10, 0.1),
            glyph(11, 0.7),
            glyph(12, 1.3),
            glyph(15, 0.2),
            glyph(16, 0.3),
            glyph(16, 0.05),
            glyph(17, 0.9),
        ];
        let mut rtl = ltr;
        rtl.reverse();
        let book = crate::testfonts::book();
        let mut shaper = Shaper::new(&book);
        let font = book.resolve(crate::fonts::FontStyle::REGULAR);
        let text = "0123456789abcdefgh";
        for glyphs in [&ltr[..], &rtl[..]] {
            let parts = WordParts::new(glyphs);
            for start in 10..=18 {
                for end in start..=18 {
                    let expected = scanned(glyphs, start..end);
                    let got = parts.width(&mut shaper, text, font, Pt(10.0), start..end);
                    match expected {
                        // Bit-for-bit in cluster order; up to rounding in the other.
                        Some(w) if glyphs == ltr => assert_eq!(got, w, "{start}..{end}"),
                        Some(w) => assert!((got - w).0.abs() < 1e-12, "{start}..{end}"),
                        None => assert_eq!(
                            got,
                            shaper.width(font, Pt(10.0), &text[start..end]),
                            "{start}..{end} is shaped on its own"
                        ),
                    }
                }
            }
        }
    }
}
