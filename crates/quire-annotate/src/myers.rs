//! Approximate string search: Myers' bit-parallel edit-distance algorithm, in Hyyrö's
//! block formulation so that patterns of any length work.
//!
//! For a pattern `p` of length `m` and a text `t`, the classic dynamic programme fills
//! `D[i][j]` = the least number of edits (insertions, deletions, substitutions) that turn
//! `p[..i]` into some substring of `t` ending at `j`; the top row is all zeros because a
//! match may start anywhere. Myers noticed that adjacent cells differ by -1, 0 or +1 and
//! stored a whole column of those differences as bit vectors (`pv`/`mv`: vertical +1/-1),
//! so one text character costs a handful of word operations per 64 pattern characters.
//! The bottom cell `D[m][j]` is tracked through the horizontal difference leaving the last
//! row. This is the algorithm robust annotation clients use to re-anchor quotes, and it
//! keeps approximate anchoring over a megabyte of text in the low milliseconds.

use std::collections::BTreeMap;

const WORD: usize = 64;

/// Bit masks of where each character occurs in the pattern, block by block.
struct Peq {
    blocks: usize,
    /// Fast table for ASCII characters: `ascii[c * blocks + b]`.
    ascii: Vec<u64>,
    /// Every other character of the pattern.
    other: BTreeMap<char, Vec<u64>>,
    zero: Vec<u64>,
}

impl Peq {
    fn new(pattern: &[char]) -> Self {
        let blocks = pattern.len().div_ceil(WORD).max(1);
        let mut ascii = vec![0u64; 128 * blocks];
        let mut other: BTreeMap<char, Vec<u64>> = BTreeMap::new();
        for (i, &c) in pattern.iter().enumerate() {
            let (b, bit) = (i / WORD, 1u64 << (i % WORD));
            if c.is_ascii() {
                ascii[c as usize * blocks + b] |= bit;
            } else {
                other.entry(c).or_insert_with(|| vec![0; blocks])[b] |= bit;
            }
        }
        Self {
            blocks,
            ascii,
            other,
            zero: vec![0; blocks],
        }
    }

    fn get(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            let at = c as usize * self.blocks;
            &self.ascii[at..at + self.blocks]
        } else {
            self.other.get(&c).map_or(&self.zero, |v| v)
        }
    }
}

/// Advances one block by one text column; returns the horizontal difference leaving
/// the block's last row (-1, 0 or +1). `h_in` is the difference entering its top row.
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, h_in: i32, last: u64) -> i32 {
    let eq = eq | u64::from(h_in < 0);
    let xv = eq | *mv;
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let h_out = if ph & last != 0 {
        1
    } else if mh & last != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if h_in < 0 {
        mh |= 1;
    } else if h_in > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    h_out
}

/// Calls `f(end, errors)` for every end position `end` (exclusive, in `1..=text.len()`)
/// at which some substring of `text` ending there is within `errors` edits of
/// `pattern`, for every such position with `errors <= max_errors`.
pub(crate) fn scan(
    pattern: &[char],
    text: &[char],
    max_errors: usize,
    f: &mut dyn FnMut(usize, usize),
) {
    let m = pattern.len();
    if m == 0 {
        return;
    }
    let peq = Peq::new(pattern);
    let blocks = peq.blocks;
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let last_bit = 1u64 << ((m - 1) % WORD);
    let mut score = m as i64;
    for (j, &c) in text.iter().enumerate() {
        let eq = peq.get(c);
        let mut carry = 0;
        for b in 0..blocks {
            let last = if b + 1 == blocks {
                last_bit
            } else {
                1u64 << (WORD - 1)
            };
            carry = advance(&mut pv[b], &mut mv[b], eq[b], carry, last);
        }
        score += i64::from(carry);
        let errors = score.max(0) as usize;
        if errors <= max_errors {
            f(j + 1, errors);
        }
    }
}

/// Edit distance between `a` and `b` (Levenshtein, code points), by the plain
/// programme; used for short context strings only.
pub(crate) fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// Given a match of `pattern` ending at `end` in `text`, the start that gives the
/// fewest edits (and, among equals, the length closest to the pattern's), with that
/// number of edits.
pub(crate) fn best_start(
    pattern: &[char],
    text: &[char],
    end: usize,
    max_errors: usize,
) -> (usize, usize) {
    let m = pattern.len();
    let lo = end.saturating_sub(m + max_errors);
    // Align the reversed pattern against the reversed window: rows are pattern
    // characters, columns window characters read backwards from `end`.
    let window: Vec<char> = text[lo..end].iter().rev().copied().collect();
    let mut row: Vec<usize> = (0..=window.len()).collect();
    for (i, &pc) in pattern.iter().rev().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &tc) in window.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(pc != tc)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    let mut best = (usize::MAX, usize::MAX, 0usize);
    for (len, &errors) in row.iter().enumerate() {
        let key = (errors, len.abs_diff(m));
        if key < (best.0, best.1) {
            best = (errors, len.abs_diff(m), len);
        }
    }
    (end - best.2, best.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The textbook programme, for comparison.
    fn naive_ends(p: &[char], t: &[char]) -> Vec<usize> {
        let mut col: Vec<usize> = (0..=p.len()).collect();
        let mut out = Vec::new();
        for &tc in t {
            let mut prev_diag = col[0];
            col[0] = 0;
            for i in 1..=p.len() {
                let old = col[i];
                col[i] = (prev_diag + usize::from(p[i - 1] != tc))
                    .min(old + 1)
                    .min(col[i - 1] + 1);
                prev_diag = old;
            }
            out.push(col[p.len()]);
        }
        out
    }

    #[test]
    fn agrees_with_the_textbook_programme_for_short_and_long_patterns() {
        let text =
            chars(&"the quick brown fox jumps over the lazy dog; où est le café? ".repeat(6));
        for pattern in [
            "brown fux",
            "café",
            "jumps over the lazy dog; où est le café? the quick brown fox jumps over the lazy cat",
            "x",
        ] {
            let p = chars(pattern);
            let expected = naive_ends(&p, &text);
            let mut got = vec![usize::MAX; text.len()];
            scan(&p, &text, p.len(), &mut |end, e| got[end - 1] = e);
            assert_eq!(got, expected, "pattern {pattern:?}");
        }
    }

    #[test]
    fn best_start_recovers_the_match() {
        let text = chars("alpha beta gamma delta");
        let p = chars("beta gamna");
        let mut best = (usize::MAX, 0);
        scan(&p, &text, 3, &mut |end, e| {
            if e < best.0 {
                best = (e, end)
            }
        });
        let (start, errors) = best_start(&p, &text, best.1, 3);
        assert_eq!(errors, 1);
        assert_eq!(text[start..best.1].iter().collect::<String>(), "beta gamma");
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(distance(&chars(""), &chars("abc")), 3);
    }
}
