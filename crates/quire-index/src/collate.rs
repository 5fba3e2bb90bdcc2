//! Collation: the order of entries and the initials they are grouped under, both by the
//! document's language, with ICU4X's collator and the CLDR data compiled into it.
//!
//! Order is the collator's at its default (tertiary) strength, then the terms' code
//! points, so that two keys the language holds equal still come in one fixed order.
//!
//! An entry's initial is its sort key's first letter, upper-cased and, when the
//! language sorts it with a base letter (an English or German `É`, `Ä` with `E`, `A`),
//! that base letter: the collator at *primary* strength decides, so Swedish keeps `Ä` a
//! letter of its own. A letter of no decomposition (`Œ`, `Ø`) goes under the Latin
//! letter whose run the language sorts it in (`O` in English), unless the language sorts
//! it after `Z` (Danish `Ø`, Swedish `Ä`), where it heads a group of its own, as every
//! letter of another script does. An entry that starts with a digit or a symbol goes to
//! the group without initial, which the collator puts first. In Chinese the collator orders
//! ideographs by pinyin and its data marks where each Latin letter's run begins (CLDR's
//! index boundaries, `U+FDD0` and the letter), so an entry in Han script is grouped under
//! the letter its reading begins with, as a Chinese index is.

use std::cmp::Ordering;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::Locale;
use icu_normalizer::DecomposingNormalizerBorrowed;

/// What CLDR's Chinese collations put before each Latin letter's run of ideographs.
const INDEX_BOUNDARY: char = '\u{FDD0}';

/// The collation of one language.
pub struct Collation {
    /// Tertiary strength: the order.
    full: Option<CollatorBorrowed<'static>>,
    /// Primary strength: which initials are one letter.
    primary: Option<CollatorBorrowed<'static>>,
    /// Whether the language's data marks letter runs among ideographs (Chinese).
    han_letters: bool,
}

impl Collation {
    /// The collation of the BCP 47 language `tag`; the root collation (Unicode's default
    /// order) for a tag ICU does not know or cannot read.
    pub fn for_language(tag: &str) -> Collation {
        let locale = Locale::try_from_str(tag).unwrap_or(Locale::UNKNOWN);
        let make = |strength| {
            let mut options = CollatorOptions::default();
            options.strength = Some(strength);
            let prefs = CollatorPreferences::from(&locale);
            Collator::try_new(prefs, options)
                .or_else(|_| Collator::try_new(CollatorPreferences::default(), options))
                .ok()
        };
        let full = make(Strength::Tertiary);
        let primary = make(Strength::Primary);
        let mut c = Collation {
            full,
            primary,
            han_letters: false,
        };
        // Whether the data has the boundaries: "B"'s must sort after "A"'s and before an
        // ideograph read with a B (北, běi) and after one read with an A (阿, ā).
        let boundary = |l: char| format!("{INDEX_BOUNDARY}{l}");
        c.han_letters = c.full.is_some()
            && c.raw(&boundary('A'), "阿") == Ordering::Less
            && c.raw("阿", &boundary('B')) == Ordering::Less
            && c.raw(&boundary('B'), "北") == Ordering::Less;
        c
    }

    fn raw(&self, a: &str, b: &str) -> Ordering {
        match &self.full {
            Some(c) => c.compare(a, b),
            None => a.cmp(b),
        }
    }

    /// The order of two sort keys: the language's, then code points.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.raw(a, b).then_with(|| a.cmp(b))
    }

    /// Whether two initials are one letter of the language.
    fn same_letter(&self, a: &str, b: &str) -> bool {
        match &self.primary {
            Some(c) => c.compare(a, b) == Ordering::Equal,
            None => a == b,
        }
    }

    /// The initial an entry with sort key `key` is grouped under (see the module docs);
    /// empty for a key that starts with neither a letter nor an ideograph.
    pub fn initial(&self, key: &str) -> String {
        let Some(first) = key.chars().next() else {
            return String::new();
        };
        if !first.is_alphabetic() {
            return String::new();
        }
        if self.han_letters && is_han(first) {
            let letter = ('A'..='Z')
                .rev()
                .find(|&l| self.raw(&format!("{INDEX_BOUNDARY}{l}"), key) != Ordering::Greater);
            if let Some(l) = letter {
                return l.to_string();
            }
        }
        let upper = first.to_uppercase().next().unwrap_or(first);
        let nfd = DecomposingNormalizerBorrowed::new_nfd();
        let base = nfd
            .normalize(upper.encode_utf8(&mut [0; 4]))
            .chars()
            .next()
            .unwrap_or(upper);
        let letter = if self.same_letter(&base.to_string(), &upper.to_string()) {
            base
        } else {
            upper
        };
        if letter.is_ascii() {
            return letter.to_string();
        }
        // A letter without a decomposition (Œ, Ø, ß's S …) or one the language keeps
        // apart (Swedish Ä): filed under the Latin letter whose run it sorts in, unless
        // the language sorts it after Z, as a letter of its own (and so every letter of
        // another script).
        let own = letter.to_string();
        if self.primary_cmp(&own, "Z") == Ordering::Greater {
            return own;
        }
        ('A'..='Z')
            .rev()
            .find(|l| self.primary_cmp(&l.to_string(), &own) != Ordering::Greater)
            .map_or(own, |l| l.to_string())
    }

    fn primary_cmp(&self, a: &str, b: &str) -> Ordering {
        match &self.primary {
            Some(c) => c.compare(a, b),
            None => a.cmp(b),
        }
    }
}

/// Whether `c` is a CJK unified ideograph (or a compatibility one).
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}
