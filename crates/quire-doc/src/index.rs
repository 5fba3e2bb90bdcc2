//! The back-of-book index, as the model holds it once the load stage has computed it.
//!
//! The source marks places with spans (`[term]{.index}`, `[text]{index="Entry!Sub"}`,
//! see `quire-index`), which stay ordinary [`crate::InlineKind::Span`]s with an id. The
//! index itself is a block, [`crate::BlockKind::Index`], holding the collated entries in
//! letter groups, each entry with its locators (the ids of the marked spans) and its
//! *see* / *see also* references (the ids of other entries). It is computed once, in the
//! load stage, so that every edition prints the same entries in the same order; an edition
//! only chooses what a locator reads as (a page number in print, a paragraph number on
//! screen, [`IndexEntry::screen_locators`]).

use serde::{Deserialize, Serialize};

use crate::Span;

/// The locator sign of the web page and the e-book: a paragraph number reads `¶12`.
pub const PARAGRAPH_SIGN: &str = "\u{b6}";

/// The words the index adds, in one language: its title and the two kinds of
/// reference. One table for every edition, so the heading the loader gives the index and
/// the words each edition prints agree.
///
/// Every edition prints an entry alike: the term; after a comma its locators, separated
/// by commas; then its *see* references, then its *see also* references, each kind
/// introduced by its word in italics (after a comma when nothing else follows the term,
/// else after a semicolon) and its entries separated by semicolons:
/// `BRI, see Belt and Road Initiative`, `trade, 4, 9–11; see also tariffs; quotas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexWords {
    /// The index's title (`Index`).
    pub title: &'static str,
    /// Before the entry a *see* reference names (`see`).
    pub see: &'static str,
    /// Before the entries a *see also* reference names (`see also`).
    pub see_also: &'static str,
}

impl IndexWords {
    /// The words for a BCP 47 language tag, by its primary subtag; English for the
    /// languages Quire does not know.
    pub fn for_language(tag: &str) -> IndexWords {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let w = |title, see, see_also| IndexWords {
            title,
            see,
            see_also,
        };
        match primary.as_str() {
            "fr" => w("Index", "voir", "voir aussi"),
            "de" => w("Register", "siehe", "siehe auch"),
            "es" => w("Índice alfabético", "véase", "véase también"),
            "it" => w("Indice analitico", "vedi", "vedi anche"),
            "pt" => w("Índice remissivo", "ver", "ver também"),
            "nl" => w("Register", "zie", "zie ook"),
            "zh" => w("索引", "见", "另见"),
            _ => w("Index", "see", "see also"),
        }
    }
}

/// The entries under one initial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexGroup {
    /// The initial readers see above the group (`A`, `Ä` where the language sorts it as
    /// a letter of its own); empty for the group of entries that start with a digit or
    /// a symbol, which comes first.
    pub label: String,
    /// The group's entries, collated.
    pub entries: Vec<IndexEntry>,
}

/// One entry of the index, with its sub-entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The entry's id, unique in the document: the target of the *see* references to it.
    pub id: String,
    /// The term as printed (for a sub-entry, its own level only).
    pub term: String,
    /// What it was collated by (`index-sort`), when that is not the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<String>,
    /// The places it is marked, in reading order (body, then notes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locators: Vec<IndexLocator>,
    /// *See* references: the entries this one sends the reader to instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<IndexRef>,
    /// *See also* references: related entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub see_also: Vec<IndexRef>,
    /// Sub-entries (`Entry!Sub`), collated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subentries: Vec<IndexEntry>,
    /// Where the entry was first marked.
    pub span: Span,
}

/// One marked place of an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexLocator {
    /// The id of the marked span: a link target in every edition.
    pub target: String,
    /// The paragraph number of the paragraph holding the span, if it is numbered (see
    /// `quire_annotate::number_paragraphs`); a heading or a table cell has none. For a
    /// place in a footnote, the number of the paragraph that cites the note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Whether the place is in a footnote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_note: bool,
    /// Where the mark is written.
    pub span: Span,
}

/// A *see* or *see also* reference to another entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexRef {
    /// The entry referred to, as readers see it (`Belt and Road Initiative`; a
    /// sub-entry as `Belt and Road Initiative: trade`).
    pub term: String,
    /// The id of that entry; `None` when no entry has that term (the loader warned, and
    /// every edition prints the words without a link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Where the reference is written.
    pub span: Span,
}

/// A locator as the web page and the e-book print it: its text and the id it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLocator<'a> {
    /// `¶12`; `¶12n` for a note cited in paragraph 12 (the indexer's `n`); or for a
    /// place outside a numbered paragraph its count among the entry's places (`3`: the
    /// third).
    pub label: String,
    /// The id of the marked span.
    pub target: &'a str,
}

impl IndexEntry {
    /// The locators the screen editions print, one per paragraph: screens have no pages,
    /// and a paragraph number is what those editions cite by. Two marks in one paragraph
    /// are one place (the first is linked), as two on one page are one page in print.
    pub fn screen_locators(&self) -> Vec<ScreenLocator<'_>> {
        let mut out: Vec<ScreenLocator<'_>> = Vec::new();
        let mut seen = Vec::new();
        for (n, locator) in self.locators.iter().enumerate() {
            let place = (locator.paragraph, locator.in_note);
            let label = match place {
                (Some(_), _) if seen.contains(&place) => continue,
                (Some(p), note) => {
                    seen.push(place);
                    let n = if note { "n" } else { "" };
                    format!("{PARAGRAPH_SIGN}{p}{n}")
                }
                (None, _) => (n + 1).to_string(),
            };
            out.push(ScreenLocator {
                label,
                target: &locator.target,
            });
        }
        out
    }

    /// This entry and its sub-entries, depth first, with their depth (0 for this one):
    /// the order every edition prints them in.
    pub fn flatten(&self) -> Vec<(usize, &IndexEntry)> {
        let mut out = Vec::new();
        self.flatten_into(0, &mut out);
        out
    }

    fn flatten_into<'a>(&'a self, depth: usize, out: &mut Vec<(usize, &'a IndexEntry)>) {
        out.push((depth, self));
        for sub in &self.subentries {
            sub.flatten_into(depth + 1, out);
        }
    }
}

/// Every entry of `groups`, sub-entries after their entry, with their depth.
pub fn index_entries(groups: &[IndexGroup]) -> Vec<(usize, &IndexEntry)> {
    groups
        .iter()
        .flat_map(|g| &g.entries)
        .flat_map(IndexEntry::flatten)
        .collect()
}

/// Mutable access to every entry of `groups` and below, parents first.
pub fn for_each_index_entry_mut(groups: &mut [IndexGroup], f: &mut dyn FnMut(&mut IndexEntry)) {
    fn walk(entries: &mut [IndexEntry], f: &mut dyn FnMut(&mut IndexEntry)) {
        for e in entries {
            f(e);
            walk(&mut e.subentries, f);
        }
    }
    for g in groups {
        walk(&mut g.entries, f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locator(target: &str, paragraph: Option<u32>) -> IndexLocator {
        IndexLocator {
            target: target.into(),
            paragraph,
            in_note: false,
            span: Span::detached(),
        }
    }

    #[test]
    fn screen_locators_are_one_per_paragraph_and_count_the_rest() {
        let entry = IndexEntry {
            id: "index-x".into(),
            term: "x".into(),
            sort_key: None,
            locators: vec![
                locator("a", Some(3)),
                locator("b", Some(3)),
                locator("c", None),
                locator("d", Some(12)),
                IndexLocator {
                    in_note: true,
                    ..locator("e", Some(12))
                },
            ],
            see: Vec::new(),
            see_also: Vec::new(),
            subentries: Vec::new(),
            span: Span::detached(),
        };
        let got: Vec<(String, &str)> = entry
            .screen_locators()
            .into_iter()
            .map(|l| (l.label, l.target))
            .collect();
        assert_eq!(
            got,
            [
                ("¶3".to_string(), "a"),
                ("3".to_string(), "c"),
                ("¶12".to_string(), "d"),
                ("¶12n".to_string(), "e")
            ]
        );
    }
}
