//! The locator at the start of a citation's suffix (`, p. 33`, `ch. 2`, `§ 4`), as
//! Pandoc reads it: a label from a fixed list (English abbreviations and words, and the
//! signs `§` and `¶`) and a value of numbers, numerals, ranges and lists. A suffix that
//! starts with a number is a page. What follows the locator stays the suffix.

use hayagriva::citationberg::taxonomy::Locator;
use quire_doc::{Inline, InlineKind};

/// Labels and what they locate; longer labels first where one is a prefix of another.
const LABELS: &[(&str, Locator)] = &[
    ("pages", Locator::Page),
    ("page", Locator::Page),
    ("pp.", Locator::Page),
    ("p.", Locator::Page),
    ("chapters", Locator::Chapter),
    ("chapter", Locator::Chapter),
    ("chaps.", Locator::Chapter),
    ("chap.", Locator::Chapter),
    ("ch.", Locator::Chapter),
    ("sections", Locator::Section),
    ("section", Locator::Section),
    ("secs.", Locator::Section),
    ("sec.", Locator::Section),
    ("§§", Locator::Section),
    ("§", Locator::Section),
    ("paragraphs", Locator::Paragraph),
    ("paragraph", Locator::Paragraph),
    ("paras.", Locator::Paragraph),
    ("para.", Locator::Paragraph),
    ("¶¶", Locator::Paragraph),
    ("¶", Locator::Paragraph),
    ("figures", Locator::Figure),
    ("figure", Locator::Figure),
    ("figs.", Locator::Figure),
    ("fig.", Locator::Figure),
    ("volumes", Locator::Volume),
    ("volume", Locator::Volume),
    ("vols.", Locator::Volume),
    ("vol.", Locator::Volume),
    ("numbers", Locator::Issue),
    ("number", Locator::Issue),
    ("nos.", Locator::Issue),
    ("no.", Locator::Issue),
    ("lines", Locator::Line),
    ("line", Locator::Line),
    ("ll.", Locator::Line),
    ("l.", Locator::Line),
    ("notes", Locator::Note),
    ("note", Locator::Note),
    ("nn.", Locator::Note),
    ("n.", Locator::Note),
    ("columns", Locator::Column),
    ("column", Locator::Column),
    ("cols.", Locator::Column),
    ("col.", Locator::Column),
    ("book", Locator::Book),
    ("bk.", Locator::Book),
    ("part", Locator::Part),
    ("pt.", Locator::Part),
    ("verses", Locator::Verse),
    ("verse", Locator::Verse),
    ("vv.", Locator::Verse),
    ("v.", Locator::Verse),
    ("appendix", Locator::Appendix),
    ("app.", Locator::Appendix),
    ("article", Locator::ArticleLocator),
    ("art.", Locator::ArticleLocator),
    ("folio", Locator::Folio),
    ("fol.", Locator::Folio),
    ("opus", Locator::Opus),
    ("op.", Locator::Opus),
    ("table", Locator::Table),
    ("tab.", Locator::Table),
    ("equation", Locator::Equation),
    ("eq.", Locator::Equation),
    ("sub verbo", Locator::SubVerbo),
    ("s.v.", Locator::SubVerbo),
    ("supplement", Locator::Supplement),
    ("sup.", Locator::Supplement),
];

/// A locator read from a suffix: what it locates and its value (`33–35`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub kind: Locator,
    pub value: String,
}

/// Splits the locator off the start of `suffix`; returns it and the rest of the suffix
/// (its leading comma and space removed when a locator was found).
pub(crate) fn split(suffix: &[Inline]) -> (Option<Found>, Vec<Inline>) {
    let Some(Inline {
        kind: InlineKind::Text { text },
        span,
    }) = suffix.first()
    else {
        return (None, suffix.to_vec());
    };
    let Some((found, used)) = read(text) else {
        return (None, suffix.to_vec());
    };
    let mut rest = Vec::with_capacity(suffix.len());
    let left = &text[used..];
    if !left.is_empty() {
        rest.push(Inline::new(
            InlineKind::Text {
                text: left.to_string(),
            },
            *span,
        ));
    }
    rest.extend(suffix[1..].iter().cloned());
    (Some(found), rest)
}

/// The locator at the start of `text` and the bytes it takes.
fn read(text: &str) -> Option<(Found, usize)> {
    let body = text.trim_start_matches([',', ' ', '\u{a0}']);
    let skipped = text.len() - body.len();
    let lower = body.to_lowercase();
    let (kind, label_len) = LABELS
        .iter()
        .find(|(label, _)| {
            lower.starts_with(label)
                && lower[label.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic())
        })
        .map(|(label, kind)| (*kind, label.len()))
        .or_else(|| {
            body.chars()
                .next()
                .filter(char::is_ascii_digit)
                .map(|_| (Locator::Page, 0))
        })?;
    // The lower-cased label may differ in length only for letters outside ASCII, which
    // no label has; the value starts after it.
    let after = &body[label_len..];
    let value_text = after.trim_start_matches([' ', '\u{a0}']);
    let value_start = skipped + label_len + (after.len() - value_text.len());
    let len = value_len(value_text);
    if len == 0 {
        return None;
    }
    let value = value_text[..len].trim_end().to_string();
    Some((Found { kind, value }, value_start + len))
}

/// How many bytes of `text` are a locator's value: numbers, roman numerals and single
/// letters (`33`, `xiv`, `4a`), joined by ranges (`-`, `–`) and lists (`, `, `&`), up
/// to the first word that is none of these.
fn value_len(text: &str) -> usize {
    let mut end = 0;
    let mut i = 0;
    let bytes = text.len();
    while i < bytes {
        let rest = &text[i..];
        let word: usize = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(j, _)| j);
        if word == 0 {
            break;
        }
        let token = &rest[..word];
        let numeric = token.chars().any(|c| c.is_ascii_digit())
            || token.chars().all(|c| "ivxlcdmIVXLCDM".contains(c))
            || token.chars().count() == 1;
        if !numeric {
            break;
        }
        i += word;
        end = i;
        // A joiner followed by more of the value.
        let after = &text[i..];
        let joiner = ["–", "—", "-", ", ", ",", " & ", "&"]
            .iter()
            .find(|j| after.starts_with(**j))
            .map_or(0, |j| j.len());
        if joiner == 0 {
            break;
        }
        let next = after[joiner..].trim_start();
        let starts_value = next.chars().next().is_some_and(|c| c.is_ascii_digit())
            || next
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| !w.is_empty() && w.chars().all(|c| "ivxlcdm".contains(c)));
        if !starts_value {
            break;
        }
        i += after.len() - next.len();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(s: &str) -> Option<(Locator, String, usize)> {
        read(s).map(|(f, n)| (f.kind, f.value, n))
    }

    #[test]
    fn labels_values_ranges_and_lists() {
        assert_eq!(locate(", p. 33"), Some((Locator::Page, "33".into(), 7)));
        assert_eq!(
            locate(", pp. 33-35"),
            Some((Locator::Page, "33-35".into(), 11))
        );
        assert_eq!(
            locate(", pp. 33–35, 40"),
            Some((Locator::Page, "33–35, 40".into(), 17))
        );
        assert_eq!(locate(", ch. 2"), Some((Locator::Chapter, "2".into(), 7)));
        assert_eq!(locate(" § 4"), Some((Locator::Section, "4".into(), 5)));
        assert_eq!(locate(", 33"), Some((Locator::Page, "33".into(), 4)));
        assert_eq!(locate(", p. xiv"), Some((Locator::Page, "xiv".into(), 8)));
        let (found, used) = read(", p. 4 and passim").unwrap();
        assert_eq!(found.value, "4");
        assert_eq!(&", p. 4 and passim"[used..], " and passim");
    }

    #[test]
    fn words_that_are_not_locators() {
        assert_eq!(locate(", and elsewhere"), None);
        assert_eq!(locate(" passim"), None);
        assert_eq!(locate(", pages"), None);
        assert_eq!(locate(", partly"), None);
    }
}
