//! Knuth–Plass optimum-fit line breaking.
//!
//! A paragraph arrives here as a list of [`Item`]s, the model of Knuth and Plass
//! (“Breaking Paragraphs into Lines”, 1981) that TeX uses:
//!
//! * a **box** is material of fixed width (a shaped word fragment, an inline object);
//! * a **glue** is a space of natural width that may stretch (up to `stretch` per unit of
//!   adjustment ratio) or shrink (by at most `shrink`); glue can be infinitely stretchable
//!   (`fill`), as is the glue that ends a paragraph so its last line is set ragged;
//! * a **penalty** is a possible break with a cost; a width if the break happens there (the
//!   added hyphen); `flagged` marks hyphen breaks. A cost ≥ [`PENALTY_FORBID`] forbids the
//!   break, ≤ [`PENALTY_FORCE`] forces it.
//!
//! A line may end at a penalty or at a glue that follows a box; the glue and penalties
//! right after a break are discarded (they start no line). For a candidate line from break
//! `a` to break `b` the **adjustment ratio** `r` is how far its glue must stretch (`r > 0`)
//! or shrink (`r < 0`) to fill the measure exactly; `r < -1` is overfull and never allowed.
//! The **badness** is `100·|r|³`, capped at [`INF_BAD`]. A line whose badness exceeds the
//! pass's tolerance is infeasible.
//!
//! Two refinements of pdfTeX's (see `optical`): with [`BreakParams::expansion`] a line's
//! boxes add that fraction of their width to its stretch and its shrink (past `r = 1`
//! the glyphs are at their limit and only the glue stretches further, so `r` is then
//! the glue's own ratio); with [`BreakParams::edges`] the measure of a line grows by what
//! its first and last characters may hang into the margins.
//!
//! The **demerits** of a line are `(LINE_PENALTY + badness)²`, plus the square of a positive
//! penalty (or minus the square of a negative one), plus [`DOUBLE_HYPHEN_DEMERITS`] when
//! this line and the previous both end in a hyphen, plus [`FINAL_HYPHEN_DEMERITS`] when the
//! second-last line of the paragraph ends in a hyphen, plus [`ADJ_DEMERITS`] when the line's
//! **fitness class** (very loose `r > 1`, loose `r > ½`, decent, tight `r < −½`) is more
//! than one class away from the previous line's. Beyond TeX, a flagged break is infeasible
//! after [`BreakParams::max_hyphens_in_a_row`] consecutive hyphenated lines, so the limit
//! (two by default) is a guarantee, not a preference.
//!
//! The algorithm is dynamic programming over breakpoints: it keeps an **active list** of
//! feasible breaks from which a line could still reach the current point; at each legal
//! breakpoint it tries every active node, records for each (fitness class, hyphen run) the
//! best predecessor, deactivates nodes whose line has become overfull (or is cut off by a
//! forced break), and activates the new candidates. The paragraph's breaks are the chain
//! back from the best node at the final forced break, so the total demerits over the whole
//! paragraph are minimal (looseness 0). Ties go to the earliest node, so the result is
//! deterministic. [`break_lines_exactly`] asks for a given number of lines instead (a
//! paragraph one line looser or tighter, TeX's `\looseness`): the candidates at each
//! break are then kept apart by how many lines end there, and the lines are held to the
//! tolerance of the pass named (pagination asks for it to fill a page that would end
//! short, see the layout's `looseness`).
//!
//! [`break_lines`] runs up to four passes, each more permissive, and stops at the first
//! that succeeds:
//!
//! 1. tolerance [`PRETOLERANCE`], no automatic hyphenation (TeX's first pass);
//! 2. tolerance [`TOLERANCE`] with hyphenation;
//! 3. as 2, plus the caller's emergency stretch added to every line's stretchability;
//! 4. the final pass: any non-overfull line is acceptable and [`PenaltyKind::Emergency`]
//!    breaks (inside over-long words, at grapheme boundaries) are enabled. If even then the
//!    active list would empty (a single unbreakable piece wider than the measure), the best
//!    deactivated node is kept, as TeX does, and the line is marked overfull.

use crate::units::Pt;

/// Badness of a line that cannot be stretched enough (“infinitely bad”).
pub const INF_BAD: f64 = 10_000.0;
/// A penalty at or above this value forbids a break.
pub const PENALTY_FORBID: f64 = 10_000.0;
/// A penalty at or below this value forces a break.
pub const PENALTY_FORCE: f64 = -10_000.0;
/// Added to every line's badness before squaring (TeX's `\linepenalty`).
pub const LINE_PENALTY: f64 = 10.0;
/// Two consecutive hyphenated lines (TeX's `\doublehyphendemerits`).
pub const DOUBLE_HYPHEN_DEMERITS: f64 = 10_000.0;
/// A hyphenated second-last line (TeX's `\finalhyphendemerits`).
pub const FINAL_HYPHEN_DEMERITS: f64 = 5_000.0;
/// Visually incompatible adjacent lines (TeX's `\adjdemerits`).
pub const ADJ_DEMERITS: f64 = 10_000.0;
/// Tolerance of the first pass (TeX's `\pretolerance`).
pub const PRETOLERANCE: f64 = 100.0;
/// Tolerance of the second and third passes (TeX's `\tolerance`).
pub const TOLERANCE: f64 = 200.0;
/// Default for [`BreakParams::max_hyphens_in_a_row`].
pub const MAX_HYPHENS_IN_A_ROW: u8 = 2;

/// Which kind of break a penalty offers; decides in which passes it is considered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PenaltyKind {
    /// Always considered (explicit hyphens, slashes, forced breaks, the paragraph end).
    Normal,
    /// An automatic hyphenation point: skipped in the first pass.
    Hyphenation,
    /// A last-resort break inside an over-long word: only in the final pass.
    Emergency,
}

/// One element of the Knuth–Plass paragraph model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item {
    /// Fixed-width material.
    Box {
        /// Its width.
        width: Pt,
    },
    /// Flexible space.
    Glue {
        /// Natural width.
        width: Pt,
        /// Stretchability (at ratio 1).
        stretch: Pt,
        /// Shrinkability (at ratio −1; never shrinks further).
        shrink: Pt,
        /// Infinitely stretchable (TeX's `fil`): lines containing it have badness 0 when short.
        fill: bool,
    },
    /// A possible break.
    Penalty {
        /// Width added at the end of the line if the break is taken (e.g. a hyphen).
        width: Pt,
        /// Cost of breaking here.
        cost: f64,
        /// A hyphen break.
        flagged: bool,
        /// When the break is considered.
        kind: PenaltyKind,
    },
}

/// How far a line's edge characters may hang into the margins (optical margin
/// alignment), per item: `start` if a line starts at this box, `end` if a line ends at
/// this item (a glue or penalty break: the preceding character, or the added hyphen).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Edge {
    /// Protrusion into the left margin of a line that starts with this box.
    pub start: Pt,
    /// Protrusion into the right margin of a line that ends at this item.
    pub end: Pt,
}

/// Parameters of one paragraph's line breaking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BreakParams<'a> {
    /// The measure (line width); the first-line indent is a box in the items.
    pub line_width: Pt,
    /// Stretchability added to every line in every pass (ragged-right's right-side glue).
    pub background_stretch: Pt,
    /// Stretchability added to every line in passes 3 and 4 (TeX's `\emergencystretch`).
    pub emergency_stretch: Pt,
    /// Whether automatic-hyphenation penalties may be used (from the second pass on).
    pub hyphenate: bool,
    /// The most consecutive lines that may end in a hyphen.
    pub max_hyphens_in_a_row: u8,
    /// Font expansion: the fraction by which a line's boxes may widen or narrow (at
    /// ratio ±1) along with its glue, as pdfTeX's `\pdfadjustspacing` does; 0 for none.
    pub expansion: f64,
    /// Optical margin allowances per item (see [`Edge`]); empty for none.
    pub edges: &'a [Edge],
}

impl BreakParams<'static> {
    /// Justified-text defaults for a measure: no expansion, no protrusion.
    pub fn new(line_width: Pt) -> BreakParams<'static> {
        BreakParams {
            line_width,
            background_stretch: Pt::ZERO,
            emergency_stretch: Pt::ZERO,
            hyphenate: true,
            max_hyphens_in_a_row: MAX_HYPHENS_IN_A_ROW,
            expansion: 0.0,
            edges: &[],
        }
    }
}

impl BreakParams<'_> {
    /// The protrusion of a line ending at item `b`.
    fn end_edge(&self, b: usize) -> f64 {
        self.edges.get(b).map_or(0.0, |e| e.end.0)
    }

    /// The protrusion of a line starting with item `b`.
    fn start_edge(&self, b: usize) -> f64 {
        self.edges.get(b).map_or(0.0, |e| e.start.0)
    }
}

/// Which pass found the breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pass {
    /// Pretolerance, no hyphenation.
    First,
    /// Tolerance with hyphenation.
    Second,
    /// With emergency stretch.
    Emergency,
    /// Anything not overfull, emergency breaks enabled.
    Final,
}

/// The chosen breaks of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Breaks {
    /// Item indices where lines end, in order; the last is the final item.
    pub positions: Vec<usize>,
    /// The pass that succeeded.
    pub pass: Pass,
    /// Total demerits of the chosen breaks.
    pub demerits: f64,
}

/// Running totals of widths and flexibility up to an item.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Totals {
    width: f64,
    /// Width of boxes alone (what font expansion scales).
    boxes: f64,
    stretch: f64,
    shrink: f64,
    fill: u32,
}

impl Totals {
    fn add(&mut self, item: &Item) {
        match *item {
            Item::Box { width } => {
                self.width += width.0;
                self.boxes += width.0;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
                fill,
            } => {
                self.width += width.0;
                self.stretch += stretch.0;
                self.shrink += shrink.0;
                self.fill += u32::from(fill);
            }
            Item::Penalty { .. } => {}
        }
    }
}

/// A feasible break (a node of the dynamic programme).
#[derive(Clone, Copy, Debug)]
struct Node {
    /// Item index of the break (0 for the paragraph start).
    position: usize,
    /// Totals from the paragraph start to where the next line begins.
    after: Totals,
    /// Protrusion into the left margin of the line that begins here.
    start_edge: f64,
    fitness: u8,
    hyphen_run: u8,
    flagged: bool,
    demerits: f64,
    previous: Option<usize>,
    /// How many lines end at or before this break.
    line: usize,
}

/// The best way found to reach a break, per key (see [`run_pass`]).
struct Slot {
    /// (Lines ended, fitness class, hyphen run).
    key: (usize, u8, u8),
    demerits: f64,
    previous: usize,
}

/// Settings of one pass.
#[derive(Clone, Copy, Debug)]
struct PassParams {
    threshold: f64,
    hyphenation: bool,
    extra_stretch: f64,
    last: bool,
}

/// Break a paragraph into lines. The items should end with a forced break (as the
/// paragraph builder guarantees); if they do not, one is assumed after the last item.
pub fn break_lines(items: &[Item], params: &BreakParams) -> Breaks {
    break_lines_from(items, params, Pass::First)
}

/// Only the first pass (no automatic hyphenation): `None` if it finds no feasible breaks.
///
/// A caller can run this before it has computed hyphenation points at all, as TeX does,
/// and hyphenate only the paragraphs that need it, then continue with
/// [`break_lines_from`] at [`Pass::Second`].
pub fn first_pass(items: &[Item], params: &BreakParams) -> Option<Breaks> {
    run_passes(items, params, Pass::First, Pass::First)
}

/// Run the passes from `start` on (see the module docs); a pass before `start` is skipped,
/// except that the final pass always runs if nothing earlier succeeded.
pub fn break_lines_from(items: &[Item], params: &BreakParams, start: Pass) -> Breaks {
    // The final pass always succeeds (it keeps a deactivated node rather than none); the
    // fallback is only reached for an empty item list.
    run_passes(items, params, start, Pass::Final).unwrap_or_else(|| Breaks {
        positions: vec![items.len().saturating_sub(1)],
        pass: Pass::Final,
        demerits: 0.0,
    })
}

/// The breaks at every forced break and nothing else (each line runs from one forced
/// break to the next), as the first pass: the breaks Knuth–Plass chooses when no other
/// break is feasible. The last item always counts as forced, as in [`break_lines`].
pub fn forced_breaks(items: &[Item]) -> Breaks {
    let last = items.len().saturating_sub(1);
    let positions = items
        .iter()
        .enumerate()
        .filter(|&(i, item)| {
            i == last || matches!(item, Item::Penalty { cost, .. } if *cost <= PENALTY_FORCE)
        })
        .map(|(i, _)| i)
        .collect();
    Breaks {
        positions,
        pass: Pass::First,
        demerits: 0.0,
    }
}

/// Run the passes from `start` to `end` (inclusive); the first success wins.
fn run_passes(items: &[Item], params: &BreakParams, start: Pass, end: Pass) -> Option<Breaks> {
    let sums = prefix_sums(items);
    let emergency = params.emergency_stretch.0.max(0.0);
    let passes = [Pass::First, Pass::Second, Pass::Emergency, Pass::Final];
    for pass in passes {
        let skip = pass < start || pass > end || (pass == Pass::Emergency && emergency == 0.0);
        if skip {
            continue;
        }
        let pp = pass_params(pass, params);
        if pass == Pass::Final && items.len() > FIRST_FIT_ITEMS {
            let (positions, demerits) = first_fit(items, &sums, params, pp);
            return Some(Breaks {
                positions,
                pass,
                demerits,
            });
        }
        if let Some((positions, demerits)) = run_pass(items, &sums, params, pp, None) {
            return Some(Breaks {
                positions,
                pass,
                demerits,
            });
        }
    }
    None
}

/// Items from which the last pass breaks lines first-fit rather than by total fit.
///
/// That pass accepts every line that is not overfull, so every break within a line's
/// width of the current one stays active: its cost grows with the items times the
/// breaks a line holds. A megabyte-long word or code line (a break at every character)
/// took seconds; text of ordinary paragraphs, even book-long ones, never reaches the
/// last pass at this size, and a paragraph that does is not one whose spacing a reader
/// weighs line against line.
const FIRST_FIT_ITEMS: usize = 100_000;

/// Each line ended at the last break before it would be overfull (or at the first
/// break after a box wider than the line), forced breaks kept: linear time and no
/// nodes, for [`FIRST_FIT_ITEMS`]. The demerits are those of the lines chosen.
fn first_fit(
    items: &[Item],
    sums: &[Totals],
    params: &BreakParams,
    pp: PassParams,
) -> (Vec<usize>, f64) {
    let last = items.len() - 1;
    let first_box = items.iter().position(|i| matches!(i, Item::Box { .. }));
    let mut start = (
        Totals::default(),
        first_box.map_or(0.0, |i| params.start_edge(i)),
    );
    // The latest break that fits on the current line: (item, its demerits, the next
    // line's start).
    let mut fitting: Option<(usize, f64, (Totals, f64))> = None;
    let mut positions = Vec::new();
    let mut demerits = 0.0;
    let after = |b: usize| {
        let (t, first) = totals_after(items, sums, b);
        (t, first.map_or(0.0, |i| params.start_edge(i)))
    };
    let mut b = 0;
    while b <= last {
        let forced_end = b == last;
        let Some((cost, pen_width, _)) = breakpoint(items, b, pp)
            .or_else(|| forced_end.then_some((PENALTY_FORCE, Pt::ZERO, false)))
        else {
            b += 1;
            continue;
        };
        let r = ratio(
            sums,
            (&start.0, start.1),
            b,
            pen_width,
            params,
            pp.extra_stretch,
        );
        if r < -1.0
            && let Some((at, d, next)) = fitting.take()
        {
            // End the line at the last break that fitted and weigh `b` again against
            // the next one.
            positions.push(at);
            demerits += d;
            start = next;
            continue;
        }
        // (Overfull with nothing that fitted: the line is overfull whatever is done and
        // ends here.)
        let d = (LINE_PENALTY + badness(r.max(-1.0))).powi(2) + cost.max(0.0).powi(2);
        if cost <= PENALTY_FORCE || r < -1.0 {
            positions.push(b);
            demerits += if r < -1.0 { INF_BAD * INF_BAD } else { d };
            start = after(b);
            fitting = None;
        } else if sums[b].boxes > start.0.boxes {
            // (A break before the line's first box would end an empty line.)
            fitting = Some((b, d, after(b)));
        }
        b += 1;
    }
    (positions, demerits)
}

/// The totals before each item, and after the last.
fn prefix_sums(items: &[Item]) -> Vec<Totals> {
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut t = Totals::default();
    for item in items {
        sums.push(t);
        t.add(item);
    }
    sums.push(t);
    sums
}

/// The settings of `pass` for a paragraph broken with `params`.
fn pass_params(pass: Pass, params: &BreakParams) -> PassParams {
    let emergency = params.emergency_stretch.0.max(0.0);
    let (threshold, hyphenation, extra_stretch, last) = match pass {
        Pass::First => (PRETOLERANCE, false, 0.0, false),
        Pass::Second => (TOLERANCE, true, 0.0, false),
        Pass::Emergency => (TOLERANCE, true, emergency, false),
        Pass::Final => (f64::INFINITY, true, emergency, true),
    };
    PassParams {
        threshold,
        hyphenation: hyphenation && params.hyphenate,
        extra_stretch,
        last,
    }
}

/// The best breaks of exactly `lines` lines that `pass` finds feasible, if any: a
/// paragraph set one line looser or tighter than its optimum (TeX's `\looseness`), for
/// a page that would otherwise end short. `pass` should be the one that found the
/// optimum, so that the lines are held to the same tolerance.
pub fn break_lines_exactly(
    items: &[Item],
    params: &BreakParams,
    pass: Pass,
    lines: usize,
) -> Option<Breaks> {
    let sums = prefix_sums(items);
    let pp = pass_params(pass, params);
    let (positions, demerits) = run_pass(items, &sums, params, pp, Some(lines))?;
    Some(Breaks {
        positions,
        pass,
        demerits,
    })
}

/// Whether a break is legal at `i` in this pass, and its penalty data.
fn breakpoint(items: &[Item], i: usize, pp: PassParams) -> Option<(f64, Pt, bool)> {
    match items[i] {
        Item::Penalty {
            width,
            cost,
            flagged,
            kind,
        } => {
            let enabled = match kind {
                PenaltyKind::Normal => true,
                PenaltyKind::Hyphenation => pp.hyphenation,
                PenaltyKind::Emergency => pp.last,
            };
            (enabled && cost < PENALTY_FORBID).then_some((cost, width, flagged))
        }
        Item::Glue { .. } => {
            (i > 0 && matches!(items[i - 1], Item::Box { .. })).then_some((0.0, Pt::ZERO, false))
        }
        Item::Box { .. } => None,
    }
}

/// Totals at the start of the line that follows a break at `b` (skipping the glue and
/// penalties that a break discards), and the index of that line's first box.
fn totals_after(items: &[Item], sums: &[Totals], b: usize) -> (Totals, Option<usize>) {
    let mut t = sums[b];
    t.add(&items[b]);
    for (i, item) in items.iter().enumerate().skip(b + 1) {
        match item {
            Item::Box { .. } => return (t, Some(i)),
            Item::Penalty { cost, .. } if *cost <= PENALTY_FORCE => break,
            _ => t.add(item),
        }
    }
    (t, None)
}

fn fitness(r: f64) -> u8 {
    if r > 1.0 {
        0
    } else if r > 0.5 {
        1
    } else if r >= -0.5 {
        2
    } else {
        3
    }
}

/// Adjustment ratio of the line from `from` (totals and left protrusion) to the break at
/// `b`. Protrusion widens the measure by what the edge characters may hang out; font
/// expansion adds the boxes' share to the stretch and the shrink.
fn ratio(
    sums: &[Totals],
    from: (&Totals, f64),
    b: usize,
    pen_width: Pt,
    params: &BreakParams,
    extra: f64,
) -> f64 {
    let (from, start_edge) = from;
    let end = sums[b];
    let natural = end.width - from.width + pen_width.0;
    let target = params.line_width.0 + start_edge + params.end_edge(b);
    let expand = params.expansion * (end.boxes - from.boxes);
    if natural < target {
        if end.fill > from.fill {
            return 0.0;
        }
        let glue = end.stretch - from.stretch + params.background_stretch.0 + extra;
        let stretch = glue + expand;
        let r = (target - natural) / stretch;
        if stretch <= 0.0 {
            f64::INFINITY
        } else if r > 1.0 && glue > 0.0 {
            // The glyphs stop at their limit; the spaces take the rest.
            1.0 + (target - natural - stretch) / glue
        } else {
            r
        }
    } else if natural > target {
        let shrink = end.shrink - from.shrink + expand;
        if shrink > 0.0 {
            (target - natural) / shrink
        } else {
            f64::NEG_INFINITY
        }
    } else {
        0.0
    }
}

fn badness(r: f64) -> f64 {
    if r.is_infinite() {
        INF_BAD
    } else {
        (100.0 * r.abs().powi(3)).min(INF_BAD)
    }
}

/// One pass; `None` if no feasible set of breaks exists at this tolerance. With
/// `lines`, the candidates at each break are kept apart by how many lines end there
/// (as TeX does for a looseness other than 0), and the result has exactly that many.
fn run_pass(
    items: &[Item],
    sums: &[Totals],
    params: &BreakParams,
    pp: PassParams,
    lines: Option<usize>,
) -> Option<(Vec<usize>, f64)> {
    let last = items.len().checked_sub(1)?;
    let first_box = items.iter().position(|i| matches!(i, Item::Box { .. }));
    let mut nodes = vec![Node {
        position: 0,
        after: Totals::default(),
        start_edge: first_box.map_or(0.0, |i| params.start_edge(i)),
        fitness: 2,
        hyphen_run: 0,
        flagged: false,
        demerits: 0.0,
        previous: None,
        line: 0,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut next_active = Vec::new();
    // Reused at every breakpoint (see below).
    let mut best: Vec<Slot> = Vec::new();
    for b in 0..items.len() {
        let forced_end = b == last;
        let Some((cost, pen_width, flagged)) = breakpoint(items, b, pp)
            .or_else(|| forced_end.then_some((PENALTY_FORCE, Pt::ZERO, false)))
        else {
            continue;
        };
        let forced = cost <= PENALTY_FORCE;
        // Best candidate per (line count, fitness, hyphen run): (demerits, predecessor).
        // Without a line count asked for, every count shares one key.
        best.clear();
        let mut rescue: Option<usize> = None;
        next_active.clear();
        for &a in &active {
            let node = nodes[a];
            let r = ratio(
                sums,
                (&node.after, node.start_edge),
                b,
                pen_width,
                params,
                pp.extra_stretch,
            );
            let bad = badness(r);
            let feasible = r >= -1.0 && bad <= pp.threshold;
            let hyphen_ok = !flagged || node.hyphen_run < params.max_hyphens_in_a_row;
            let within = lines.is_none_or(|n| node.line < n);
            if feasible && hyphen_ok && within {
                let mut d = (LINE_PENALTY + bad).powi(2);
                if cost >= 0.0 {
                    d += cost * cost;
                } else if cost > PENALTY_FORCE {
                    d -= cost * cost;
                }
                if flagged && node.flagged {
                    d += DOUBLE_HYPHEN_DEMERITS;
                }
                if forced_end && node.flagged {
                    d += FINAL_HYPHEN_DEMERITS;
                }
                let fit = fitness(r);
                if fit.abs_diff(node.fitness) > 1 {
                    d += ADJ_DEMERITS;
                }
                let total = node.demerits + d;
                let run = if flagged { node.hyphen_run + 1 } else { 0 };
                let key = (lines.map_or(0, |_| node.line + 1), fit, run.min(2));
                match best.iter_mut().find(|s| s.key == key) {
                    Some(slot) if total < slot.demerits => {
                        slot.demerits = total;
                        slot.previous = a;
                    }
                    Some(_) => {}
                    None => best.push(Slot {
                        key,
                        demerits: total,
                        previous: a,
                    }),
                }
            }
            if r < -1.0 || forced {
                rescue = Some(a);
            } else {
                next_active.push(a);
            }
        }
        if best.is_empty() && next_active.is_empty() && pp.last {
            // Nothing feasible and nothing left: keep the last deactivated node (overfull).
            if let Some(a) = rescue {
                let run = if flagged {
                    nodes[a].hyphen_run.saturating_add(1).min(2)
                } else {
                    0
                };
                best.push(Slot {
                    key: (lines.map_or(0, |_| nodes[a].line + 1), 2, run),
                    demerits: nodes[a].demerits + INF_BAD * INF_BAD,
                    previous: a,
                });
            }
        }
        // In the order the fixed table of (fitness, run) slots had, so that ties and
        // node order are as they always were.
        best.sort_by_key(|s| s.key);
        let (after, first) = totals_after(items, sums, b);
        let start_edge = first.map_or(0.0, |i| params.start_edge(i));
        for slot in &best {
            let min = best
                .iter()
                .filter(|s| s.key.0 == slot.key.0)
                .map(|s| s.demerits)
                .fold(f64::INFINITY, f64::min);
            if slot.demerits > min + ADJ_DEMERITS && !forced_end {
                continue;
            }
            let (_, fit, run) = slot.key;
            nodes.push(Node {
                position: b,
                after,
                start_edge,
                fitness: fit,
                hyphen_run: run,
                flagged,
                demerits: slot.demerits,
                previous: Some(slot.previous),
                line: nodes[slot.previous].line + 1,
            });
            next_active.push(nodes.len() - 1);
        }
        std::mem::swap(&mut active, &mut next_active);
        if active.is_empty() {
            return None;
        }
        if forced_end {
            break;
        }
    }
    // Best node at the end of the paragraph (first on ties).
    let end = active
        .iter()
        .copied()
        .filter(|&n| nodes[n].position == last && lines.is_none_or(|l| nodes[n].line == l))
        .fold(None, |acc: Option<usize>, n| match acc {
            Some(b) if nodes[b].demerits <= nodes[n].demerits => Some(b),
            _ => Some(n),
        })?;
    let demerits = nodes[end].demerits;
    let mut positions = Vec::new();
    let mut cur = Some(end);
    while let Some(n) = cur {
        if nodes[n].previous.is_some() {
            positions.push(nodes[n].position);
        }
        cur = nodes[n].previous;
    }
    positions.reverse();
    Some((positions, demerits))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPACE: Item = Item::Glue {
        width: Pt(3.0),
        stretch: Pt(1.5),
        shrink: Pt(1.0),
        fill: false,
    };

    /// A paragraph of boxes of the given widths separated by spaces, ended TeX-style.
    fn words(widths: &[f64]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(SPACE);
            }
            items.push(Item::Box { width: Pt(w) });
        }
        end(&mut items);
        items
    }

    fn end(items: &mut Vec<Item>) {
        items.push(Item::Penalty {
            width: Pt::ZERO,
            cost: PENALTY_FORBID,
            flagged: false,
            kind: PenaltyKind::Normal,
        });
        forced_break(items);
    }

    /// Fill glue and a forced break: how a line (or the paragraph) is ended on purpose.
    fn forced_break(items: &mut Vec<Item>) {
        items.push(Item::Glue {
            width: Pt::ZERO,
            stretch: Pt::ZERO,
            shrink: Pt::ZERO,
            fill: true,
        });
        items.push(Item::Penalty {
            width: Pt::ZERO,
            cost: PENALTY_FORCE,
            flagged: false,
            kind: PenaltyKind::Normal,
        });
    }

    /// Natural width and (stretch, shrink) of each line for the given breaks.
    fn line_widths(items: &[Item], breaks: &[usize]) -> Vec<(f64, f64, f64)> {
        let mut out = Vec::new();
        let mut start = 0;
        for &b in breaks {
            let mut t = Totals::default();
            let mut seen_box = false;
            for item in &items[start..b] {
                if matches!(item, Item::Box { .. }) {
                    seen_box = true;
                }
                if seen_box {
                    t.add(item);
                }
            }
            if let Item::Penalty { width, .. } = items[b] {
                t.width += width.0;
            }
            out.push((t.width, t.stretch, t.shrink));
            start = b + 1;
        }
        out
    }

    /// Boxes of `width` with a break allowed between any two (a long code line, or a
    /// word broken anywhere), ended TeX-style.
    fn breakable_anywhere(count: usize, width: f64) -> Vec<Item> {
        let mut items = Vec::new();
        for i in 0..count {
            if i > 0 {
                items.push(Item::Penalty {
                    width: Pt::ZERO,
                    cost: 50.0,
                    flagged: false,
                    kind: PenaltyKind::Normal,
                });
            }
            items.push(Item::Box { width: Pt(width) });
        }
        end(&mut items);
        items
    }

    #[test]
    fn first_fit_ends_each_line_at_the_last_break_that_fits() {
        let widths: Vec<f64> = (0..600).map(|i| 12.0 + f64::from((i * 11) % 29)).collect();
        let mut items = words(&widths);
        // A forced break in the middle stays one.
        let forced = (items.len() / 2..)
            .find(|&i| matches!(items[i], Item::Glue { .. }))
            .unwrap();
        items.splice(forced..=forced, {
            let mut brk = Vec::new();
            forced_break(&mut brk);
            brk
        });
        let params = BreakParams::new(Pt(150.0));
        let sums = prefix_sums(&items);
        let (positions, demerits) =
            super::first_fit(&items, &sums, &params, pass_params(Pass::Final, &params));
        assert_eq!(positions.last(), Some(&(items.len() - 1)));
        assert!(positions.windows(2).all(|w| w[0] < w[1]));
        assert!(positions.iter().any(|&b| b == forced + 1), "{positions:?}");
        assert!(demerits.is_finite() && demerits > 0.0);
        let lines = line_widths(&items, &positions);
        assert!(lines.len() > 20);
        let mut from = 0;
        for (k, (&b, (w, _, shrink))) in positions.iter().zip(&lines).enumerate() {
            assert!(
                w - shrink <= 150.0 + 1e-9,
                "line {k} overfull: {w} - {shrink}"
            );
            // The next word would not have fitted on a line that is not the last nor
            // before the forced break.
            let forced_here =
                matches!(items[b], Item::Penalty { cost, .. } if cost <= PENALTY_FORCE);
            if !forced_here && b != items.len() - 1 {
                let next = (b + 1..items.len())
                    .find(|&j| matches!(items[j], Item::Glue { .. }) || j == items.len() - 1)
                    .unwrap();
                let (w, _, shrink) = line_widths(&items[from..], &[next - from])[0];
                assert!(w - shrink > 150.0, "line {k} could have taken another word");
            }
            from = totals_after(&items, &sums, b).1.unwrap_or(b + 1);
        }
    }

    #[test]
    fn a_paragraph_too_long_for_total_fit_is_broken_first_fit_in_the_last_pass() {
        // Boxes of 7 pt, no glue: a 100 pt line holds 14 (98 pt) and no pass but the
        // last accepts the underfull lines.
        let count = FIRST_FIT_ITEMS / 2 + 10;
        let items = breakable_anywhere(count, 7.0);
        assert!(items.len() > FIRST_FIT_ITEMS);
        let br = break_lines(&items, &BreakParams::new(Pt(100.0)));
        assert_eq!(br.pass, Pass::Final);
        assert_eq!(br.positions.len(), count.div_ceil(14));
        let full = &br.positions[..br.positions.len() - 1];
        for pair in full.windows(2) {
            // Fourteen boxes and the thirteen penalties between them, and the penalty
            // the line ends at.
            assert_eq!(pair[1] - pair[0], 28, "{pair:?}");
        }
        // A box wider than the line is a line of its own (overfull), not an empty
        // line before it.
        let mut items = breakable_anywhere(FIRST_FIT_ITEMS / 2 + 10, 7.0);
        items[2] = Item::Box { width: Pt(300.0) };
        let br = break_lines(&items, &BreakParams::new(Pt(100.0)));
        assert_eq!(&br.positions[..2], &[1, 3]);
    }

    #[test]
    fn single_line_paragraph() {
        let items = words(&[10.0, 20.0, 30.0]);
        let br = break_lines(&items, &BreakParams::new(Pt(100.0)));
        assert_eq!(br.positions, vec![items.len() - 1]);
        assert_eq!(br.pass, Pass::First);
    }

    #[test]
    fn lines_fit_and_respect_shrink_limits() {
        let widths: Vec<f64> = (0..60).map(|i| 15.0 + f64::from((i * 7) % 23)).collect();
        let items = words(&widths);
        let params = BreakParams::new(Pt(150.0));
        let br = break_lines(&items, &params);
        let lines = line_widths(&items, &br.positions);
        assert!(lines.len() > 5);
        for (i, (w, _, shrink)) in lines.iter().enumerate() {
            assert!(
                w - shrink <= 150.0 + 1e-9,
                "line {i} overfull: {w} - {shrink}"
            );
        }
    }

    /// Demerits of a given break sequence, by the module's formula (no hyphens).
    fn demerits_of(items: &[Item], breaks: &[usize], params: &BreakParams) -> f64 {
        let sums = prefix_sums(items);
        let (mut from, mut prev_fit, mut total) = (Totals::default(), 2u8, 0.0);
        for &b in breaks {
            let r = ratio(&sums, (&from, 0.0), b, Pt::ZERO, params, 0.0);
            let mut d = (LINE_PENALTY + badness(r)).powi(2);
            if fitness(r).abs_diff(prev_fit) > 1 {
                d += ADJ_DEMERITS;
            }
            total += d;
            prev_fit = fitness(r);
            from = totals_after(items, &sums, b).0;
        }
        total
    }

    /// First fit: the longest line that fits at full shrink, line after line.
    fn first_fit(items: &[Item], width: f64) -> Vec<usize> {
        let mut breaks = Vec::new();
        let mut line: (f64, f64) = (0.0, 0.0);
        let mut last_glue = None;
        for (i, item) in items.iter().enumerate() {
            match *item {
                Item::Box { width: w } => {
                    if line.0 + w.0 - line.1 > width
                        && let Some(g) = last_glue
                    {
                        breaks.push(g);
                        line = (0.0, 0.0);
                        last_glue = None;
                    }
                    line.0 += w.0;
                }
                Item::Glue {
                    width: w,
                    shrink,
                    fill: false,
                    ..
                } => {
                    last_glue = Some(i);
                    line.0 += w.0;
                    line.1 += shrink.0;
                }
                _ => {}
            }
        }
        breaks.push(items.len() - 1);
        breaks
    }

    #[test]
    fn optimum_fit_never_loses_to_first_fit() {
        let widths: Vec<f64> = (0..80).map(|i| 12.0 + f64::from((i * 37) % 29)).collect();
        let items = words(&widths);
        let mut strictly_better = 0;
        for width in [120.0, 150.0, 180.0, 210.0, 260.0] {
            let params = BreakParams::new(Pt(width));
            let br = break_lines(&items, &params);
            let ours = demerits_of(&items, &br.positions, &params);
            assert!(
                (ours - br.demerits).abs() < 1e-6 * ours.max(1.0),
                "reported demerits agree"
            );
            let greedy = demerits_of(&items, &first_fit(&items, width), &params);
            assert!(
                ours <= greedy + 1e-9,
                "width {width}: {ours} > first-fit {greedy}"
            );
            if ours < greedy {
                strictly_better += 1;
            }
        }
        assert!(
            strictly_better > 0,
            "optimum fit should beat first fit somewhere"
        );
    }

    #[test]
    fn forced_breaks_are_taken() {
        let mut items = vec![
            Item::Box { width: Pt(10.0) },
            SPACE,
            Item::Box { width: Pt(10.0) },
        ];
        forced_break(&mut items);
        let forced = items.len() - 1;
        items.push(Item::Box { width: Pt(10.0) });
        end(&mut items);
        let br = break_lines(&items, &BreakParams::new(Pt(200.0)));
        assert_eq!(br.positions, vec![forced, items.len() - 1]);
        assert_eq!(forced_breaks(&items).positions, br.positions);
    }

    #[test]
    fn forced_breaks_agree_with_knuth_plass_when_nothing_else_is_feasible() {
        // Ragged lines on a huge measure: only the forced breaks are feasible.
        let mut items = words(&[10.0, 20.0, 30.0]);
        items.pop(); // the paragraph end's forced break, replaced by one mid-paragraph
        items.pop();
        forced_break(&mut items);
        items.extend(words(&[15.0, 25.0]));
        let mut params = BreakParams::new(Pt(1e6));
        params.background_stretch = Pt(30.0);
        let kp = break_lines(&items, &params);
        assert_eq!(kp.positions.len(), 2, "{kp:?}");
        assert_eq!(forced_breaks(&items).positions, kp.positions);
        assert!(forced_breaks(&[]).positions.is_empty());
    }

    #[test]
    fn overlong_box_uses_emergency_breaks_or_is_rescued() {
        // A 300 pt word on a 100 pt measure with emergency breaks every 20 pt.
        let mut items = vec![Item::Box { width: Pt(30.0) }, SPACE];
        for _ in 0..15 {
            items.push(Item::Box { width: Pt(20.0) });
            items.push(Item::Penalty {
                width: Pt::ZERO,
                cost: 0.0,
                flagged: false,
                kind: PenaltyKind::Emergency,
            });
        }
        items.pop();
        end(&mut items);
        let params = BreakParams::new(Pt(100.0));
        let br = break_lines(&items, &params);
        assert_eq!(br.pass, Pass::Final);
        for (w, _, shrink) in line_widths(&items, &br.positions) {
            assert!(w - shrink <= 100.0 + 1e-9);
        }
        // Without emergency breaks the final pass still returns breaks (one overfull line).
        let items = words(&[30.0, 300.0, 30.0]);
        let br = break_lines(&items, &params);
        assert_eq!(*br.positions.last().unwrap(), items.len() - 1);
    }

    #[test]
    fn at_most_two_hyphens_in_a_row() {
        // Words that only fit well when hyphenated; every word offers a hyphen break.
        let mut items = Vec::new();
        for i in 0..40 {
            if i > 0 {
                items.push(SPACE);
            }
            items.push(Item::Box { width: Pt(23.0) });
            items.push(Item::Penalty {
                width: Pt(3.0),
                cost: 50.0,
                flagged: true,
                kind: PenaltyKind::Hyphenation,
            });
            items.push(Item::Box { width: Pt(17.0) });
        }
        end(&mut items);
        for width in [61.0, 97.0, 133.0] {
            let mut params = BreakParams::new(Pt(width));
            params.emergency_stretch = Pt(10.0);
            let br = break_lines(&items, &params);
            let mut run = 0;
            for &b in &br.positions {
                let flagged = matches!(items[b], Item::Penalty { flagged: true, .. });
                run = if flagged { run + 1 } else { 0 };
                assert!(run <= 2, "three hyphens in a row at width {width}");
            }
        }
    }

    #[test]
    fn a_paragraph_can_be_set_a_line_looser_or_tighter_within_the_tolerance() {
        let widths: Vec<f64> = (0..40).map(|i| 12.0 + f64::from((i * 11) % 19)).collect();
        let items = words(&widths);
        let sums = prefix_sums(&items);
        let (mut looser, mut tighter) = (0, 0);
        for measure in (150..=320).step_by(2) {
            let params = BreakParams::new(Pt(f64::from(measure)));
            let best = break_lines(&items, &params);
            let n = best.positions.len();
            // Asked for the optimum's own count: the same breaks.
            let same = break_lines_exactly(&items, &params, best.pass, n).expect("the optimum");
            assert_eq!(same.positions, best.positions, "at {measure}");
            for (lines, count) in [(n + 1, &mut looser), (n - 1, &mut tighter)] {
                let Some(other) = break_lines_exactly(&items, &params, best.pass, lines) else {
                    continue;
                };
                *count += 1;
                assert_eq!(other.positions.len(), lines, "at {measure}");
                assert!(other.demerits >= best.demerits, "at {measure}");
                let threshold = pass_params(best.pass, &params).threshold;
                let mut from = Totals::default();
                for (k, &b) in other.positions.iter().enumerate() {
                    let r = ratio(&sums, (&from, 0.0), b, Pt::ZERO, &params, 0.0);
                    let last = k + 1 == lines;
                    assert!(
                        last || (r >= -1.0 && badness(r) <= threshold),
                        "at {measure}, {lines} lines: line {k} has r = {r}"
                    );
                    from = totals_after(&items, &sums, b).0;
                }
            }
            // Far fewer lines than the words need: none.
            assert!(break_lines_exactly(&items, &params, best.pass, n / 2).is_none());
        }
        assert!(looser > 0 && tighter > 0, "+1: {looser}, -1: {tighter}");
    }

    #[test]
    fn empty_input_does_not_panic() {
        let br = break_lines(&[], &BreakParams::new(Pt(100.0)));
        assert_eq!(br.positions, vec![0]);
    }
}
