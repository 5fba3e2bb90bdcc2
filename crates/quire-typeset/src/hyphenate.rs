//! Hyphenation: where a word may take a discretionary hyphen.
//!
//! Patterns are Liang's (the TeX `hyph-en-us` set), applied by the `hyphenation` crate from
//! its embedded dictionary. The engine asks for break points once per paragraph
//! ([`Hyphenator::points`]), and treats each as a flagged penalty in the Knuth–Plass item
//! list; whether a hyphen is actually used is decided by the line breaker.
//!
//! What counts as a hyphenatable word, in order:
//!
//! * The paragraph is split into whitespace-separated tokens; leading and trailing
//!   punctuation (quotes, brackets, commas, full stops…) is stripped from each.
//! * A token whose core holds anything but letters, combining marks and apostrophes is
//!   left alone: numbers, URLs, e-mail addresses, words with an explicit hyphen or a soft
//!   hyphen (the author has chosen their breaks), code-like identifiers.
//! * The core is split at apostrophes (`China’s` → `China`, `s`) and each part of at
//!   least [`LEFT_MIN`] + [`RIGHT_MIN`] letters is hyphenated; all-capital words
//!   (acronyms) are not.
//! * A break needs at least [`LEFT_MIN`] letters before it and [`RIGHT_MIN`] after it
//!   (TeX's `\lefthyphenmin`/`\righthyphenmin` for English).
//! * The paragraph's last word is never hyphenated (a hyphenated last line is ugly and
//!   pointless: the rest of the word would sit alone on a line).
//!
//! The language comes from a BCP-47 tag. Only English patterns are embedded; every `en-*`
//! tag uses the US patterns. Any other language gets no hyphenation, which is not an error:
//! the line breaker simply has fewer break points.

use std::collections::HashMap;

use hyphenation::{Hyphenator as _, Language, Load, Standard};

use crate::shape::FastHash;

/// Minimum number of letters before a hyphenation point.
pub const LEFT_MIN: usize = 2;
/// Minimum number of letters after a hyphenation point.
pub const RIGHT_MIN: usize = 3;

/// The embedded US English patterns, decoded once per process: decoding them costs as
/// much as hyphenating a page, and every typesetter (one per thread) needs them.
fn english_us() -> Option<&'static Standard> {
    static DICTIONARY: std::sync::OnceLock<Option<Standard>> = std::sync::OnceLock::new();
    DICTIONARY
        .get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Finds hyphenation points for one language (or for none).
///
/// Results are memoised per word (running text repeats its words; a pattern lookup costs
/// far more than a hash lookup), which is why [`Hyphenator::points`] takes `&mut self`.
#[derive(Debug)]
pub struct Hyphenator {
    dictionary: Option<&'static Standard>,
    memo: HashMap<Box<str>, Vec<usize>, FastHash>,
}

impl Hyphenator {
    /// The hyphenator for a BCP-47 language tag (`en`, `en-US`, `en-GB`…); languages
    /// without embedded patterns get an inactive hyphenator.
    pub fn for_language(tag: &str) -> Hyphenator {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let dictionary = match primary.as_str() {
            "en" => english_us(),
            _ => None,
        };
        Hyphenator {
            dictionary,
            memo: HashMap::default(),
        }
    }

    /// A hyphenator that never hyphenates.
    pub fn none() -> Hyphenator {
        Hyphenator {
            dictionary: None,
            memo: HashMap::default(),
        }
    }

    /// Whether this hyphenator has patterns.
    pub fn is_active(&self) -> bool {
        self.dictionary.is_some()
    }

    /// Byte offsets in `word` (letters only) where a hyphen may go, honouring the minima.
    pub fn word_points(&self, word: &str) -> Vec<usize> {
        let Some(dict) = self.dictionary else {
            return Vec::new();
        };
        // Byte offset of every character: a break's letter count is its index here (one
        // binary search instead of counting from the word's start, which was quadratic
        // in a long word).
        let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        let letters = starts.len();
        if letters < LEFT_MIN + RIGHT_MIN || is_acronym(word) {
            return Vec::new();
        }
        dict.hyphenate(word)
            .breaks
            .into_iter()
            .filter(|&b| {
                starts
                    .binary_search(&b)
                    .is_ok_and(|before| before >= LEFT_MIN && letters - before >= RIGHT_MIN)
            })
            .collect()
    }

    fn memoised(&mut self, word: &str) -> &[usize] {
        if !self.memo.contains_key(word) {
            let points = self.word_points(word);
            self.memo.insert(Box::from(word), points);
        }
        self.memo.get(word).map_or(&[], Vec::as_slice)
    }

    /// All hyphenation points of a paragraph, as sorted byte offsets into `text`
    /// (see the module docs for which words qualify).
    pub fn points(&mut self, text: &str) -> Vec<usize> {
        if !self.is_active() {
            return Vec::new();
        }
        let tokens: Vec<(usize, &str)> = tokens(text).collect();
        let last_word = tokens
            .iter()
            .rposition(|(_, t)| t.chars().any(char::is_alphabetic));
        let mut points = Vec::new();
        for (i, &(start, token)) in tokens.iter().enumerate() {
            if Some(i) == last_word {
                continue;
            }
            let (core_start, core) = strip_punctuation(token);
            if !core
                .chars()
                .all(|c| c.is_alphabetic() || is_mark(c) || is_apostrophe(c))
            {
                continue;
            }
            let mut offset = 0;
            for part in core.split(is_apostrophe) {
                let base = start + core_start + offset;
                points.extend(self.memoised(part).iter().map(|p| base + p));
                offset += part.len() + part_separator_len(core, offset + part.len());
            }
        }
        points
    }
}

/// Whitespace-separated tokens with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .scan(0usize, |pos, tok| {
            let start = *pos;
            // Advance past the token and the single whitespace character that ended it.
            let sep = text[start + tok.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            *pos = start + tok.len() + sep;
            Some((start, tok))
        })
        .filter(|(_, t)| !t.is_empty())
}

/// Strip leading and trailing characters that are neither letters nor marks.
fn strip_punctuation(token: &str) -> (usize, &str) {
    let keep = |c: char| c.is_alphanumeric() || is_mark(c);
    let start = token.find(keep).unwrap_or(token.len());
    let end = token.rfind(keep).map_or(start, |i| {
        i + token[i..].chars().next().map_or(0, char::len_utf8)
    });
    (start, &token[start..end.max(start)])
}

/// The byte length of the apostrophe that follows a part at `at`, if any.
fn part_separator_len(core: &str, at: usize) -> usize {
    core[at..]
        .chars()
        .next()
        .filter(|&c| is_apostrophe(c))
        .map_or(0, char::len_utf8)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Combining marks (the blocks Latin, Greek and Cyrillic text use).
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

fn is_acronym(word: &str) -> bool {
    word.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hyphenated(h: &mut Hyphenator, text: &str) -> String {
        let mut out = String::new();
        let points = h.points(text);
        let mut last = 0;
        for p in points {
            out.push_str(&text[last..p]);
            out.push('-');
            last = p;
        }
        out.push_str(&text[last..]);
        out
    }

    #[test]
    fn english_words_get_points_with_minima() {
        let h = Hyphenator::for_language("en-US");
        assert!(h.is_active());
        let pts = h.word_points("hyphenation");
        assert!(!pts.is_empty());
        for p in &pts {
            assert!(*p >= LEFT_MIN && "hyphenation".len() - p >= RIGHT_MIN);
        }
        // Too short for 2 + 3.
        assert!(h.word_points("into").is_empty());
        assert!(h.word_points("NATO").is_empty());
    }

    #[test]
    fn language_tags() {
        assert!(Hyphenator::for_language("en").is_active());
        assert!(Hyphenator::for_language("EN-gb").is_active());
        assert!(!Hyphenator::for_language("de-DE").is_active());
        assert!(!Hyphenator::for_language("").is_active());
        assert!(!Hyphenator::none().is_active());
        assert!(
            Hyphenator::for_language("xx")
                .points("international cooperation")
                .is_empty()
        );
    }

    #[test]
    fn last_word_urls_and_compounds_are_left_alone() {
        let mut h = Hyphenator::for_language("en");
        let text =
            "“Diplomatic” https://example.org/international high-quality internationalization";
        let out = hyphenated(&mut h, text);
        assert!(out.starts_with("“Diplo"), "{out}");
        assert!(
            out.contains("“Dip-lo-mat-ic”") || out.contains("Diplo-matic"),
            "{out}"
        );
        assert!(out.contains("https://example.org/international "), "{out}");
        assert!(out.contains("high-quality "), "{out}");
        assert!(out.ends_with(" internationalization"), "last word: {out}");
    }

    #[test]
    fn apostrophes_split_words_and_points_are_char_boundaries() {
        let mut h = Hyphenator::for_language("en");
        let text = "civilization’s résumé coöperation end";
        for p in h.points(text) {
            assert!(text.is_char_boundary(p));
        }
        let out = hyphenated(&mut h, text);
        assert!(out.contains("’s "), "{out}");
        assert!(out.replace('-', "") == text, "{out}");
    }
}
