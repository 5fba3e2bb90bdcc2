//! Hyphenation: where a word may take a discretionary hyphen.
//!
//! One hyphenator for every edition: the typesetter's line breaker asks it for break
//! points, and the EPUB writes the same points as soft hyphens ([`Hyphenator::soft`]),
//! so that justified text does not gap in reading systems that have no dictionary of
//! their own.
//!
//! Patterns are Liang's (the TeX `hyph-*` sets), applied by the `hypher` crate, which
//! embeds them for 30+ languages as automata that need no loading. The engine asks for
//! break points once per paragraph, and treats each as a flagged penalty in the
//! Knuth–Plass item list; whether a hyphen is actually used is decided by the line
//! breaker.
//!
//! What counts as a hyphenatable word, in order ([`candidates`]):
//!
//! * The paragraph is split into whitespace-separated tokens; leading and trailing
//!   punctuation (quotes, brackets, commas, full stops…) is stripped from each.
//! * A token whose core holds anything but letters, combining marks and apostrophes is
//!   left alone: numbers, URLs, e-mail addresses, words with an explicit hyphen or a soft
//!   hyphen (the author has chosen their breaks), code-like identifiers.
//! * The core is split at apostrophes (`China’s` → `China`, `s`) and each part of at
//!   least the language's two minima together is hyphenated; all-capital words
//!   (acronyms) are not, nor are capitalised ones (mostly names: `Bei-jing`,
//!   `Con-fucius`) except in German and Luxembourgish, where every noun is capitalised
//!   ([`Hyphenator::capitalised`] decides otherwise).
//! * A break needs at least [`LEFT_MIN`] letters before it and [`RIGHT_MIN`] after it,
//!   or the language's own minima where they are larger ([`minima`]): English asks for
//!   three on each side (two-letter fragments such as `be-fitting` or `an-nounced` read
//!   badly, and the Chicago Manual and Oxford's rules agree), as do Dutch and the
//!   Scandinavian languages in their usual house styles.
//! * The paragraph's last word is never hyphenated (a hyphenated last line is ugly and
//!   pointless: the rest of the word would sit alone on a line).
//!
//! The language comes from a BCP-47 tag, by its primary subtag (`de-CH` → German, every
//! `en-*` the one English set `hypher` has). A language without patterns, or a tag that
//! is not a two-letter ISO 639-1 code, gets no hyphenation at all (never another
//! language's patterns), which is not an error: the line breaker simply has fewer break
//! points. A paragraph can mix languages: the paragraph layout picks the hyphenator of
//! the text each word starts in.

use std::collections::HashMap;

use fnv::FnvBuildHasher as FastHash;
use hypher::Lang;

/// Minimum number of letters before a hyphenation point.
pub const LEFT_MIN: usize = 2;
/// Minimum number of letters after a hyphenation point.
pub const RIGHT_MIN: usize = 3;

/// The least letters before and after a break in running text for `lang`: the larger of
/// [`LEFT_MIN`]/[`RIGHT_MIN`], the patterns' own bounds and the language's usual house
/// style (see the module docs).
pub fn minima(lang: Lang) -> (usize, usize) {
    let (left, right) = lang.bounds();
    let style = match lang {
        Lang::English | Lang::Dutch | Lang::Danish | Lang::Norwegian | Lang::Swedish => (3, 3),
        _ => (LEFT_MIN, RIGHT_MIN),
    };
    (left.max(style.0), right.max(style.1))
}

/// Whether running text in `lang` hyphenates capitalised words by default: where nouns
/// are capitalised, a capital says nothing about a name.
fn capitalised_by_default(lang: Lang) -> bool {
    matches!(lang, Lang::German)
}

/// The patterns for a BCP-47 tag, if `hypher` has them.
fn language(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    match primary.as_bytes() {
        &[a, b] => Lang::from_iso([a.to_ascii_lowercase(), b.to_ascii_lowercase()]),
        _ => None,
    }
}

/// Finds hyphenation points for one language (or for none).
///
/// Results are memoised per word (running text repeats its words; a pattern lookup costs
/// far more than a hash lookup), which is why [`Hyphenator::points`] takes `&mut self`.
#[derive(Debug)]
pub struct Hyphenator {
    lang: Option<Lang>,
    /// Whether capitalised words are hyphenated.
    capitalised: bool,
    memo: HashMap<Box<str>, Vec<usize>, FastHash>,
}

impl Hyphenator {
    /// The hyphenator for a BCP-47 language tag (`en`, `en-US`, `de-CH`…); languages
    /// without patterns get an inactive hyphenator.
    pub fn for_language(tag: &str) -> Hyphenator {
        let lang = language(tag);
        Hyphenator {
            lang,
            capitalised: lang.is_some_and(capitalised_by_default),
            memo: HashMap::default(),
        }
    }

    /// A hyphenator that never hyphenates.
    pub fn none() -> Hyphenator {
        Hyphenator {
            lang: None,
            capitalised: false,
            memo: HashMap::default(),
        }
    }

    /// This hyphenator with the document's say on capitalised words, if it says
    /// anything (`None`: the language's default).
    pub fn with_capitals(self, hyphenate: Option<bool>) -> Hyphenator {
        match hyphenate {
            Some(h) => self.capitalised(h),
            None => self,
        }
    }

    /// This hyphenator, hyphenating capitalised words (`true`) or leaving them whole
    /// (`false`) whatever its language's default.
    pub fn capitalised(mut self, hyphenate: bool) -> Hyphenator {
        if hyphenate != self.capitalised {
            self.memo.clear();
        }
        self.capitalised = hyphenate;
        self
    }

    /// Whether this hyphenator has patterns.
    pub fn is_active(&self) -> bool {
        self.lang.is_some()
    }

    /// Byte offsets in `word` (letters only) where a hyphen may go, honouring the minima.
    pub fn word_points(&self, word: &str) -> Vec<usize> {
        let Some(lang) = self.lang else {
            return Vec::new();
        };
        // Byte offset of every character: a break's letter count is its index here (one
        // binary search instead of counting from the word's start, which was quadratic
        // in a long word).
        let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        let letters = starts.len();
        let (left, right) = minima(lang);
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if letters < left + right || is_acronym(word) || (capital && !self.capitalised) {
            return Vec::new();
        }
        let mut points = Vec::new();
        let mut at = 0;
        let mut syllables = hypher::hyphenate_bounded(word, lang, left, right).peekable();
        while let Some(syllable) = syllables.next() {
            at += syllable.len();
            if syllables.peek().is_none() {
                break;
            }
            let ok = starts
                .binary_search(&at)
                .is_ok_and(|before| before >= left && letters - before >= right);
            if ok {
                points.push(at);
            }
        }
        points
    }

    /// The points of one word, memoised.
    pub fn memoised(&mut self, word: &str) -> &[usize] {
        if !self.memo.contains_key(word) {
            let points = self.word_points(word);
            self.memo.insert(Box::from(word), points);
        }
        self.memo.get(word).map_or(&[], Vec::as_slice)
    }

    /// All hyphenation points of a paragraph in this one language, as sorted byte
    /// offsets into `text` (see the module docs for which words qualify).
    pub fn points(&mut self, text: &str) -> Vec<usize> {
        if !self.is_active() {
            return Vec::new();
        }
        let mut points = Vec::new();
        for (base, part) in candidates(text) {
            points.extend(self.memoised(part).iter().map(|p| base + p));
        }
        points
    }
}

impl Hyphenator {
    /// `text` with a soft hyphen (U+00AD) at every point where a word of it may break,
    /// or `None` when there is none (most runs in a language without patterns).
    /// Unlike the line breaker's [`Hyphenator::points`], every word qualifies (a run of
    /// text is not a paragraph: its last word need not be the paragraph's); capitalised
    /// words as [`Hyphenator::capitalised`] says, as in print.
    pub fn soft(&mut self, text: &str) -> Option<String> {
        if !self.is_active() {
            return None;
        }
        let mut out = String::new();
        let mut last = 0;
        for (base, part) in words(text) {
            for &p in self.memoised(part) {
                out.push_str(&text[last..base + p]);
                out.push('\u{AD}');
                last = base + p;
            }
        }
        if last == 0 {
            return None;
        }
        out.push_str(&text[last..]);
        Some(out)
    }
}

/// The words of a paragraph that may be hyphenated, with their byte offsets in `text`,
/// in text order (see the module docs).
pub fn candidates(text: &str) -> Vec<(usize, &str)> {
    let last_word = tokens(text)
        .filter(|(_, t)| t.chars().any(char::is_alphabetic))
        .last()
        .map(|(at, _)| at);
    let mut out = words(text);
    if let Some(last) = last_word {
        out.retain(|&(at, _)| at < last);
    }
    out
}

/// Every hyphenatable word part of `text`, with its byte offset.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (start, token) in tokens(text) {
        let (core_start, core) = strip_punctuation(token);
        if !core
            .chars()
            .all(|c| c.is_alphabetic() || is_mark(c) || is_apostrophe(c))
        {
            continue;
        }
        let mut offset = 0;
        for part in core.split(is_apostrophe) {
            out.push((start + core_start + offset, part));
            offset += part.len() + part_separator_len(core, offset + part.len());
        }
    }
    out
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
        assert!(Hyphenator::for_language("de-DE").is_active());
        assert!(Hyphenator::for_language("nb").is_active());
        // No patterns, or not an ISO 639-1 code: no hyphenation, never English's.
        for tag in ["ja", "zh-Hant", "he", "deu", "x-klingon", ""] {
            assert!(!Hyphenator::for_language(tag).is_active(), "{tag}");
        }
        assert!(!Hyphenator::none().is_active());
        assert!(
            Hyphenator::for_language("xx")
                .points("international cooperation")
                .is_empty()
        );
    }

    #[test]
    fn german_words_get_german_points() {
        let mut de = Hyphenator::for_language("de-CH");
        let out = hyphenated(&mut de, "Silbentrennung Donaudampfschifffahrt Ende");
        assert_eq!(out, "Sil-ben-tren-nung Do-nau-dampf-schiff-fahrt Ende");
        // The same words with English patterns break elsewhere: the language matters.
        let en = Hyphenator::for_language("en").capitalised(true);
        assert_eq!(
            hyphenated(&mut de, "Wirtschaftsprüfer Ende"),
            "Wirt-schafts-prü-fer Ende"
        );
        assert_eq!(en.word_points("Wirtschaftsprüfer"), vec![10]);
        // The minima stay ours (two letters before, three after) where German's are lower.
        for p in de.word_points("Abenteuer") {
            assert!(p >= LEFT_MIN && "Abenteuer".len() - p >= RIGHT_MIN, "{p}");
        }
    }

    #[test]
    fn english_leaves_three_letters_each_side_and_names_whole() {
        let mut en = Hyphenator::for_language("en-GB");
        // Two-letter fragments the patterns allow (be-fit-ting, an-nounced, re-newed)
        // are not breaks in English running text.
        for word in [
            "befitting",
            "announced",
            "renewed",
            "cooperation",
            "deepening",
        ] {
            for p in en.word_points(word) {
                assert!(p >= 3 && word.len() - p >= 3, "{word} at {p}");
            }
        }
        assert_eq!(hyphenated(&mut en, "befitting end"), "befit-ting end");
        // Capitalised words are mostly names: left whole, in print and as soft hyphens.
        assert!(en.word_points("Beijing").is_empty());
        assert!(en.word_points("Comprehensive").is_empty());
        assert_eq!(
            en.soft("Comprehensive comprehensive"),
            Some("Comprehensive com\u{ad}pre\u{ad}hen\u{ad}sive".into())
        );
        // Unless the document asks for them.
        let en = Hyphenator::for_language("en").capitalised(true);
        assert!(!en.word_points("Comprehensive").is_empty());
        // German capitalises every noun: its capitals are hyphenated by default.
        let de = Hyphenator::for_language("de");
        assert!(!de.word_points("Silbentrennung").is_empty());
        let de = de.capitalised(false);
        assert!(de.word_points("Silbentrennung").is_empty());
    }

    #[test]
    fn a_language_without_patterns_is_not_hyphenated() {
        let mut ja = Hyphenator::for_language("ja");
        assert!(ja.points("internationalization cooperation end").is_empty());
        assert!(ja.word_points("internationalization").is_empty());
    }

    #[test]
    fn last_word_urls_and_compounds_are_left_alone() {
        let mut h = Hyphenator::for_language("en");
        let text =
            "“diplomatic” https://example.org/international high-quality internationalization";
        let out = hyphenated(&mut h, text);
        assert!(out.starts_with("“dip"), "{out}");
        assert!(out.contains("“diplo-matic”"), "{out}");
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

    #[test]
    fn soft_hyphens_stand_at_the_points_and_spare_names() {
        let mut h = Hyphenator::for_language("en");
        let text = "Beijing announced remarkable cooperation";
        let soft = h.soft(text).expect("points");
        assert_eq!(soft.replace('\u{AD}', ""), text);
        assert!(soft.starts_with("Beijing "), "names are left whole: {soft}");
        // The last word of a run is hyphenated too (a run is not a paragraph).
        let last = soft.rsplit(' ').next().unwrap();
        assert!(last.contains('\u{AD}'), "{soft}");
        // Each soft hyphen is one of the word's points.
        let word = "remarkable";
        let points = h.word_points(word);
        let marked = soft.split(' ').nth(2).unwrap();
        let mut at = 0;
        let mut found = Vec::new();
        for c in marked.chars() {
            if c == '\u{AD}' {
                found.push(at);
            } else {
                at += c.len_utf8();
            }
        }
        assert_eq!(found, points);
        assert_eq!(Hyphenator::for_language("ja").soft(text), None);
        assert_eq!(h.soft("a cat sat"), None);
    }
}
