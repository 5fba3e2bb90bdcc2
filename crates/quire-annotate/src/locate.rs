//! Finding one quote in the text: exact first, then approximate, scored on the quote,
//! its prefix and suffix, and the position hint — the way robust annotation clients
//! re-anchor after the document changed.
//!
//! The order of attempts, cheapest first:
//! 1. **Position fast path.** If a `TextPositionSelector` is given and the text there is
//!    the quote, with the prefix and suffix intact around it, take it. A freshly exported
//!    file anchors entirely this way, in time proportional to the quotes.
//! 2. **Exact quote.** Every occurrence of the quote is a candidate; the context
//!    (prefix and suffix similarity) chooses among them, the position hint breaks ties.
//! 3. **Approximate quote.** Myers' bit-parallel search finds every place within
//!    `MAX_ERROR_RATIO` of the quote's length in edits; each is scored and the best wins.
//!
//! 4. **Distinctive quote.** Failing that, a quote of at least
//!    [`DISTINCTIVE_QUOTE_CHARS`] is taken at its best-scoring place, whatever its
//!    surroundings became (a whole moved paragraph).
//!
//! In steps 2 and 3 a candidate is accepted only if it is plausibly the same passage: its
//! context matches on at least one side ([`MIN_SIDE_SIMILARITY`]); an exact copy of the
//! quote elsewhere in the text thus loses to the slightly edited original. Two best candidates that score
//! alike and cannot be told apart by position make the annotation ambiguous.

use quire_doc::TextRange;

use crate::myers;
use crate::w3c::QuoteSelector;

/// Weight of the quote's similarity in a candidate's score.
const QUOTE_WEIGHT: f64 = 50.0;
/// Weight of the prefix's similarity.
const PREFIX_WEIGHT: f64 = 20.0;
/// Weight of the suffix's similarity.
const SUFFIX_WEIGHT: f64 = 20.0;
/// Weight of closeness to the position hint.
const POSITION_WEIGHT: f64 = 2.0;
/// Most edits allowed in an approximate quote, as a share of the quote's length.
const MAX_ERROR_RATIO: f64 = 0.25;
/// Least similarity (0–1) of prefix or suffix for the context to count as matching.
pub const MIN_SIDE_SIMILARITY: f64 = 0.5;
/// A quote at least this long (code points) is accepted on its own, without context.
pub const DISTINCTIVE_QUOTE_CHARS: usize = 40;
/// Least overall score (0–1) of an approximate candidate.
const MIN_SCORE: f64 = 0.6;
/// Scores closer than this are a tie.
const TIE: f64 = 1e-3;
/// At most this many approximate candidates are scored.
const MAX_CANDIDATES: usize = 512;
/// Exact occurrences scored at most (a one-word quote in a long book); past this many the
/// quote is not distinctive and the context or position must decide among these.
const MAX_EXACT: usize = 4096;

/// The text annotations anchor against, prepared for searching.
#[derive(Debug, Clone)]
pub struct Haystack {
    text: String,
    chars: Vec<char>,
    /// Byte offset of each code point, plus one past the end.
    starts: Vec<usize>,
}

impl Haystack {
    /// Prepares `text` (the plain-text projection).
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        Self {
            text: text.to_string(),
            chars: text.chars().collect(),
            starts,
        }
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The text of `range` (clamped to the text).
    pub fn slice(&self, range: TextRange) -> String {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        self.text[self.starts[start]..self.starts[end]].to_string()
    }

    fn char_at_byte(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
}

/// A place the quote could be, with how well it fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its range of the text.
    pub range: TextRange,
    /// The text there.
    pub text: String,
    /// Edits between the quote and this text.
    pub errors: usize,
    /// Overall score, 0–1.
    pub score: f64,
    /// Similarity of the prefix, 0–1.
    pub prefix: f64,
    /// Similarity of the suffix, 0–1.
    pub suffix: f64,
}

/// How a quote was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// At the position the selector gave, unchanged.
    AtPosition(TextRange),
    /// The exact quote, chosen among its occurrences by context (it moved or had no
    /// position).
    Exact(Candidate),
    /// A changed quote, found approximately.
    Approximate(Candidate),
}

impl Found {
    /// The anchored range.
    pub fn range(&self) -> TextRange {
        match self {
            Found::AtPosition(r) => *r,
            Found::Exact(c) | Found::Approximate(c) => c.range,
        }
    }
}

/// Why a quote could not be anchored.
#[derive(Debug, Clone, PartialEq)]
pub enum Unanchored {
    /// Nothing plausible; `nearest` is the closest text, if the text is not empty.
    NotFound {
        /// The closest candidate found.
        nearest: Option<Candidate>,
    },
    /// Several places fit equally well.
    Ambiguous {
        /// The tied candidates, in text order.
        candidates: Vec<Candidate>,
    },
}

/// Finds `quote` in `hay`, using `position` as a hint.
pub fn locate(
    hay: &Haystack,
    quote: &QuoteSelector,
    position: Option<TextRange>,
) -> Result<Found, Unanchored> {
    let exact: Vec<char> = quote.exact.chars().collect();
    let prefix: Vec<char> = quote.prefix.chars().collect();
    let suffix: Vec<char> = quote.suffix.chars().collect();
    // Scoring compares only the context nearest the quote, as much as the exporter
    // writes: the edit distance is quadratic, and a 3,000-character prefix must not cost
    // seconds per candidate.
    let near_prefix = &prefix[prefix.len().saturating_sub(crate::CONTEXT_CHARS)..];
    let near_suffix = &suffix[..suffix.len().min(crate::CONTEXT_CHARS)];
    let m = exact.len();
    if m == 0 {
        return Err(Unanchored::NotFound { nearest: None });
    }
    let scorer = Scorer {
        hay,
        prefix: near_prefix,
        suffix: near_suffix,
        hint: position.map(|p| p.start),
        m,
    };

    // 1. Position fast path.
    if let Some(p) = position
        && p.end <= hay.len()
        && p.end - p.start == m
        && hay.chars[p.start..p.end] == exact[..]
        && hay.chars[..p.start].ends_with(&prefix)
        && hay.chars[p.end..].starts_with(&suffix)
    {
        return Ok(Found::AtPosition(p));
    }

    // 2. Exact occurrences.
    let mut exacts = Vec::new();
    let mut from = 0;
    // memchr's SIMD searcher: every annotation scans the whole text once, and the
    // standard library's substring search made that most of a load's anchoring time.
    let finder = memchr::memmem::Finder::new(quote.exact.as_bytes());
    while let Some(at) = finder.find(&hay.text.as_bytes()[from..]) {
        let byte = from + at;
        let start = hay.char_at_byte(byte);
        exacts.push(scorer.candidate(
            TextRange {
                start,
                end: start + m,
            },
            0,
        ));
        // Continue one code point further, to see overlapping occurrences.
        from = hay.starts.get(start + 1).copied().unwrap_or(hay.text.len());
        if from >= hay.text.len() || exacts.len() >= MAX_EXACT {
            break;
        }
    }
    let plausible: Vec<Candidate> = exacts
        .iter()
        .filter(|c| scorer.plausible(c))
        .cloned()
        .collect();
    if !plausible.is_empty() {
        return scorer.choose(plausible).map(Found::Exact);
    }

    // 3. Approximate occurrences.
    let max_errors = ((m as f64 * MAX_ERROR_RATIO).floor() as usize).max(1);
    let ends = best_ends(&exact, &hay.chars, max_errors);
    let mut candidates = Vec::new();
    for (end, _) in ends.into_iter().take(MAX_CANDIDATES) {
        let (start, errors) = myers::best_start(&exact, &hay.chars, end, max_errors);
        candidates.push(scorer.candidate(TextRange { start, end }, errors));
    }
    candidates.extend(exacts);
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.range.cmp(&b.range)));
    candidates.dedup_by(|a, b| a.range == b.range);
    let accepted: Vec<Candidate> = candidates
        .iter()
        .filter(|c| c.score >= MIN_SCORE && scorer.plausible(c))
        .cloned()
        .collect();
    if !accepted.is_empty() {
        return scorer.choose(accepted).map(Found::Approximate);
    }
    // 4. A long quote is distinctive on its own, whatever its surroundings became.
    if m >= DISTINCTIVE_QUOTE_CHARS {
        let long: Vec<Candidate> = candidates
            .iter()
            .filter(|c| c.score >= MIN_SCORE)
            .cloned()
            .collect();
        if !long.is_empty() {
            return scorer.choose(long).map(|c| {
                if c.errors == 0 {
                    Found::Exact(c)
                } else {
                    Found::Approximate(c)
                }
            });
        }
    }
    let nearest = candidates.into_iter().next().or_else(|| {
        // Nothing within the error budget: report the closest text at any distance.
        let (end, _) = best_ends(&exact, &hay.chars, m)
            .into_iter()
            .min_by_key(|&(end, e)| (e, end))?;
        let (start, errors) = myers::best_start(&exact, &hay.chars, end, m);
        Some(scorer.candidate(TextRange { start, end }, errors))
    });
    Err(Unanchored::NotFound { nearest })
}

/// End positions of approximate matches, the best of each run of neighbouring ends.
fn best_ends(pattern: &[char], text: &[char], max_errors: usize) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut last_end = 0usize;
    myers::scan(pattern, text, max_errors, &mut |end, errors| {
        match runs.last_mut() {
            Some(best) if end <= last_end + 1 => {
                if errors < best.1 {
                    *best = (end, errors);
                }
            }
            _ => runs.push((end, errors)),
        }
        last_end = end;
    });
    runs
}

struct Scorer<'a> {
    hay: &'a Haystack,
    prefix: &'a [char],
    suffix: &'a [char],
    hint: Option<usize>,
    m: usize,
}

impl Scorer<'_> {
    fn candidate(&self, range: TextRange, errors: usize) -> Candidate {
        let chars = &self.hay.chars;
        let before = &chars[range.start.saturating_sub(self.prefix.len())..range.start];
        let after = &chars[range.end..(range.end + self.suffix.len()).min(chars.len())];
        let prefix = similarity(self.prefix, before);
        let suffix = similarity(self.suffix, after);
        let quote = 1.0 - errors as f64 / self.m as f64;
        let position = self.hint.map_or(1.0, |h| {
            1.0 - range.start.abs_diff(h) as f64 / self.hay.len().max(1) as f64
        });
        let score = (QUOTE_WEIGHT * quote
            + PREFIX_WEIGHT * prefix
            + SUFFIX_WEIGHT * suffix
            + POSITION_WEIGHT * position)
            / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT);
        Candidate {
            range,
            text: self.hay.slice(range),
            errors,
            score,
            prefix,
            suffix,
        }
    }

    /// Whether the candidate is plausibly the annotated passage (see the module doc).
    fn plausible(&self, c: &Candidate) -> bool {
        let no_context = self.prefix.is_empty() && self.suffix.is_empty();
        no_context
            || c.prefix >= MIN_SIDE_SIMILARITY && !self.prefix.is_empty()
            || c.suffix >= MIN_SIDE_SIMILARITY && !self.suffix.is_empty()
    }

    /// The best candidate, or the tie that makes the quote ambiguous.
    fn choose(&self, mut candidates: Vec<Candidate>) -> Result<Candidate, Unanchored> {
        // Compare without the position, so that the hint only breaks ties.
        let context = |c: &Candidate| c.score - self.position_part(c);
        candidates.sort_by(|a, b| {
            context(b)
                .total_cmp(&context(a))
                .then(a.range.cmp(&b.range))
        });
        let best = context(&candidates[0]);
        let mut tied: Vec<Candidate> = candidates
            .into_iter()
            .take_while(|c| best - context(c) < TIE)
            .collect();
        if tied.len() == 1 {
            return Ok(tied.remove(0));
        }
        if let Some(h) = self.hint {
            tied.sort_by_key(|c| (c.range.start.abs_diff(h), c.range.start));
            if tied[0].range.start.abs_diff(h) != tied[1].range.start.abs_diff(h) {
                return Ok(tied.remove(0));
            }
        }
        tied.sort_by_key(|c| c.range);
        Err(Unanchored::Ambiguous { candidates: tied })
    }

    fn position_part(&self, c: &Candidate) -> f64 {
        let position = self.hint.map_or(1.0, |h| {
            1.0 - c.range.start.abs_diff(h) as f64 / self.hay.len().max(1) as f64
        });
        POSITION_WEIGHT * position
            / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)
    }
}

/// Similarity of an expected context string and the text found there: 1 minus the
/// edit distance over the expected length (1 when nothing was expected).
fn similarity(expected: &[char], found: &[char]) -> f64 {
    if expected.is_empty() {
        return 1.0;
    }
    let d = myers::distance(expected, found);
    (1.0 - d as f64 / expected.len() as f64).max(0.0)
}
