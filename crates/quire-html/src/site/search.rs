//! The site's search index, made at build time and shipped as data in `search.js`.
//!
//! The index is over the plain-text projection's units (a paragraph, a heading, a list
//! item's paragraph, a table, a code block …): each unit is one result, linking to the
//! element that carries its id on the page that holds it (`page.html#p-1a2b3c4d`). The
//! text is cut into terms the same way here and in the browser (the script reads the
//! CJK ranges from the index itself, so the two cannot disagree):
//!
//! - the text is lower-cased (Unicode's default mapping, as `String.toLowerCase`);
//! - a *word* is a run of alphanumeric characters and `_` (Unicode `Alphabetic` or
//!   `Number`, as the script's `[\p{Alphabetic}\p{N}_]`) outside the CJK ranges;
//! - a run of CJK characters (Han, kana, hangul: [`CJK_RANGES`]) has no spaces between
//!   its words, so it is indexed by its single characters and its overlapping character
//!   *bigrams* (`数据类型` → `数 据 类 型 数据 据类 类型`), the usual approach of search
//!   engines without a dictionary (Lucene's CJK analyser does the same). A query of one
//!   CJK character looks up that character; a longer run must contain every bigram of
//!   the query, which finds the passages holding the phrase (and rarely one holding its
//!   bigrams apart).
//!
//! A query matches the units that contain all of its terms; its last word also matches
//! as a prefix while it is being typed. Posting lists are delta-encoded unit numbers.
//! Everything is ordered (units in reading order, terms sorted), so the file is
//! byte-identical across builds.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// Code-point ranges searched by character bigrams rather than by words: Hangul Jamo,
/// Hiragana and Katakana, Hangul compatibility Jamo, Katakana extensions, CJK
/// ideographs (extension A, the unified block, compatibility ideographs, the
/// supplementary planes), halfwidth Katakana and Hangul syllables.
pub(crate) const CJK_RANGES: [(u32, u32); 10] = [
    (0x1100, 0x11FF),
    (0x3040, 0x30FF),
    (0x3130, 0x318F),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
];

/// How many characters of a unit's text the index keeps to show as the result.
const SNIPPET_CHARS: usize = 180;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Separator,
    Word,
    Cjk,
}

fn class(c: char) -> Class {
    if !(c.is_alphanumeric() || c == '_') {
        Class::Separator
    } else if CJK_RANGES
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)))
    {
        Class::Cjk
    } else {
        Class::Word
    }
}

/// The search terms of `text`, in order, repeats kept (see the module doc).
pub(crate) fn terms(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    for c in lower.chars().chain([' ']) {
        let k = class(c);
        if k != Class::Word && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if k != Class::Cjk && !run.is_empty() {
            out.extend(run.iter().map(char::to_string));
            out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
            run.clear();
        }
        match k {
            Class::Word => word.push(c),
            Class::Cjk => run.push(c),
            Class::Separator => {}
        }
    }
    out
}

/// One searchable unit: the page it is on, the id it links to, its text, and whether
/// it is a heading (headings are listed first among the results).
pub(crate) struct Entry {
    pub page: usize,
    pub id: String,
    pub text: String,
    pub heading: bool,
}

/// `search.js`: the index as data (`window.quireSearch = {…};`), so that it loads with
/// a `<script>` element, from `file://` too, where `fetch` is refused.
pub(crate) fn index_script(pages: &[(String, String)], entries: &[Entry]) -> String {
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut units = Vec::with_capacity(entries.len());
    for (n, e) in entries.iter().enumerate() {
        let n = n as u32;
        for term in terms(&e.text) {
            let list = postings.entry(term).or_default();
            if list.last() != Some(&n) {
                list.push(n);
            }
        }
        let mut snippet: String = e.text.chars().take(SNIPPET_CHARS).collect();
        if snippet.len() < e.text.len() {
            snippet.push('…');
        }
        units.push(json!([e.page, e.id, snippet, u8::from(e.heading)]));
    }
    let terms: serde_json::Map<String, Value> = postings
        .into_iter()
        .map(|(term, list)| {
            let mut last = 0;
            let deltas: Vec<u32> = list
                .into_iter()
                .map(|n| {
                    let d = n - last;
                    last = n;
                    d
                })
                .collect();
            (term, json!(deltas))
        })
        .collect();
    let cjk: String = CJK_RANGES
        .iter()
        .map(|(lo, hi)| format!("\\u{{{lo:x}}}-\\u{{{hi:x}}}"))
        .collect();
    let index = json!({
        "pages": pages.iter().map(|(file, title)| json!([file, title])).collect::<Vec<_>>(),
        "units": units,
        "terms": terms,
        "cjk": cjk,
    });
    format!(
        "window.quireSearch = {};\n",
        crate::page::script_safe_json(&index.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_and_cjk_is_cut_into_bigrams() {
        assert_eq!(
            terms("Read_line, u32 — Straße!"),
            ["read_line", "u32", "straße"]
        );
        assert_eq!(
            terms("Rust的数据类型"),
            [
                "rust", "的", "数", "据", "类", "型", "的数", "数据", "据类", "类型"
            ]
        );
        assert_eq!(terms("「所有权」。"), ["所", "有", "权", "所有", "有权"]);
    }

    #[test]
    fn the_index_is_sorted_and_delta_encoded() {
        let e = |page, id: &str, text: &str| Entry {
            page,
            id: id.into(),
            text: text.into(),
            heading: false,
        };
        let js = index_script(
            &[("a.html".into(), "A".into())],
            &[
                e(0, "p-1", "beta alpha"),
                e(0, "p-2", "alpha"),
                e(0, "p-3", "alpha"),
            ],
        );
        assert!(js.starts_with("window.quireSearch = {"), "{js}");
        assert!(
            js.contains("\"terms\":{\"alpha\":[0,1,1],\"beta\":[0]}"),
            "{js}"
        );
    }
}
