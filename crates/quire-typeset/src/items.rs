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
use crate::linebreak::{Item, PENALTY_FORBID, PENALTY_FORCE, PenaltyKind};
use crate::paragraph::{Align, ParagraphOptions};
use crate::shape::{ShapedGlyph, Shaper};
use crate::units::Pt;

/// Interword glue stretches by this fraction of the space's width.
pub const SPACE_STRETCH: f64 = 0.5;
/// Interword glue shrinks by at most this fraction of the space's width.
pub const SPACE_SHRINK: f64 = 1.0 / 3.0;
/// Cost of an automatic hyphenation break (TeX's `\hyphenpenalty`).
pub const HYPHEN_PENALTY: f64 = 50.0;
/// Cost of breaking after an explicit hyphen or dash (TeX's `\exhyphenpenalty`).
pub const EX_HYPHEN_PENALTY: f64 = 50.0;
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

/// Build the Knuth–Plass items (step 3 of the module docs).
pub(crate) fn build_items(
    shaper: &mut Shaper<'_>,
    text: &str,
    frags: &[Frag],
    hyphen_points: &[usize],
    opportunities: &[usize],
    options: &ParagraphOptions,
) -> (Vec<Item>, Vec<ItemMeta>) {
    let word_breaks_at = |at: usize| opportunities.binary_search(&at).is_ok();
    let mut items = Vec::with_capacity(frags.len() * 2 + 4);
    let mut meta = Vec::with_capacity(frags.len() * 2 + 4);
    let indent_box = usize::from(options.indent.0 > 0.0);
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
    if options.indent.0 > 0.0 {
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
                    } else if word_breaks_at(at) {
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
                let mut start = at;
                for (cut, hyphen) in cuts {
                    let w = part_width(shaper, text, font, size, glyphs, start..cut);
                    push(&mut items, Item::Box { width: w }, start, false);
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
                let w = part_width(shaper, text, font, size, glyphs, start..frag.range.end);
                push(&mut items, Item::Box { width: w }, start, false);
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
    (items, meta)
}

/// The width of part of a shaped word. If both ends are cluster boundaries the glyph
/// advances are summed (kerning across a cut is off by at most a kern, which the line's
/// justification absorbs); a cut inside a cluster (a ligature such as `ffi` in “of-fice”)
/// would put the whole ligature on one side, so such a part is shaped on its own, as the
/// line builder will set it.
fn part_width(
    shaper: &mut Shaper<'_>,
    text: &str,
    font: FontId,
    size: Pt,
    glyphs: &[ShapedGlyph],
    part: Range<usize>,
) -> Pt {
    let boundary =
        |p: usize| glyphs.iter().any(|g| g.cluster == p) || glyphs.iter().all(|g| g.cluster < p);
    if boundary(part.start) && boundary(part.end) {
        glyphs
            .iter()
            .filter(|g| part.contains(&g.cluster))
            .map(|g| g.advance)
            .sum()
    } else {
        shaper.width(font, size, text.get(part).unwrap_or(""))
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
