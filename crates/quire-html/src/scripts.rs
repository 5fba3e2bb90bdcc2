//! Runs of text in another script than the document's: right-to-left text (Arabic,
//! Hebrew …) in a left-to-right document gets `dir="rtl"`, Japanese (kana, with the
//! ideographs around them) and Korean (hangul) in a document of another language get
//! `lang`, so that a reading system orders, voices and sets them right.
//!
//! A run is a maximal stretch of one family (right-to-left letters, or CJK letters and
//! punctuation) with the spaces and punctuation between its letters, never at its ends.
//! A run of only ideographs is taken for Chinese (`lang="zh"`) in a document that is not
//! in a CJK language: Japanese almost never writes a phrase without kana, and a Chinese
//! quotation (人类命运共同体) in an English text is the common case; in a Chinese,
//! Japanese or Korean document such a run is the document's own language and gets none.
//! Text with no such character (the common case) is written by one scan.

use crate::escape;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Rtl,
    Kana,
    Hangul,
    Han,
    /// Spaces, punctuation, digits: they join the run they sit inside.
    Neutral,
    /// Every other letter (Latin …): ends a run.
    Other,
}

fn class(c: char) -> Class {
    match u32::from(c) {
        0x0590..=0x08FF
        | 0xFB1D..=0xFDFF
        | 0xFE70..=0xFEFF
        | 0x10800..=0x10FFF
        | 0x1E800..=0x1EFFF => Class::Rtl,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Class::Kana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Class::Hangul,
        0x2E80..=0x2FFF
        | 0x3000..=0x303F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFF65
        | 0x20000..=0x3134F => Class::Han,
        _ if c.is_alphabetic() => Class::Other,
        _ => Class::Neutral,
    }
}

fn family(c: Class) -> u8 {
    match c {
        Class::Rtl => 1,
        Class::Kana | Class::Hangul | Class::Han => 2,
        Class::Neutral | Class::Other => 0,
    }
}

/// A language tag's primary subtag, lower-cased (`en-GB` → `en`).
pub(crate) fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether a language tag is written right to left.
pub fn is_rtl_language(lang: &str) -> bool {
    let primary = primary(lang);
    matches!(
        primary.as_str(),
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "dv" | "sd" | "ug" | "ckb"
    )
}

/// Writes `text` escaped, with a `span` around each foreign-script run (see the module
/// docs). `doc_lang` is the document's language; `xhtml` adds `xml:lang`.
pub fn text(out: &mut String, text: &str, doc_lang: &str, xhtml: bool) {
    // Below U+0590 (Latin, Greek, Cyrillic, Armenian …) no character starts a run: the
    // common case is decided without classifying each character.
    if text
        .chars()
        .all(|c| u32::from(c) < 0x0590 || family(class(c)) == 0)
    {
        escape::text(out, text);
        return;
    }
    let doc_rtl = is_rtl_language(doc_lang);
    let doc_primary = primary(doc_lang);
    let chars: Vec<(usize, Class)> = text.char_indices().map(|(i, c)| (i, class(c))).collect();
    let mut written = 0;
    let mut i = 0;
    while i < chars.len() {
        let fam = family(chars[i].1);
        if fam == 0 {
            i += 1;
            continue;
        }
        // Extend over letters of the family and the neutrals between them.
        let start = i;
        let mut last = i;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if family(c) == fam {
                last = j;
            } else if c != Class::Neutral {
                break;
            }
            j += 1;
        }
        let run = &chars[start..=last];
        let lang = if fam == 2 {
            if run.iter().any(|c| c.1 == Class::Kana) {
                Some("ja")
            } else if run.iter().any(|c| c.1 == Class::Hangul) {
                Some("ko")
            } else if matches!(doc_primary.as_str(), "zh" | "ja" | "ko") {
                None
            } else {
                Some("zh")
            }
        } else {
            None
        };
        let lang = lang.filter(|l| *l != doc_primary);
        let rtl = fam == 1 && !doc_rtl;
        let from = chars[start].0;
        let to = chars.get(last + 1).map_or(text.len(), |c| c.0);
        if lang.is_some() || rtl {
            escape::text(out, &text[written..from]);
            out.push_str("<span");
            if let Some(lang) = lang {
                if xhtml {
                    out.push_str(&format!(" xml:lang=\"{lang}\""));
                }
                out.push_str(&format!(" lang=\"{lang}\""));
            }
            if rtl {
                out.push_str(" dir=\"rtl\"");
            }
            out.push('>');
            escape::text(out, &text[from..to]);
            out.push_str("</span>");
            written = to;
        }
        i = last + 1;
    }
    escape::text(out, &text[written..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(t: &str, lang: &str) -> String {
        let mut out = String::new();
        text(&mut out, t, lang, false);
        out
    }

    #[test]
    fn latin_text_is_only_escaped() {
        assert_eq!(html("a < b, “c”", "en"), "a &lt; b, “c”");
    }

    #[test]
    fn right_to_left_runs_get_dir() {
        assert_eq!(
            html("the book is الكتاب; in Hebrew, הספר הזה.", "en"),
            "the book is <span dir=\"rtl\">الكتاب</span>; in Hebrew, <span dir=\"rtl\">הספר הזה</span>."
        );
        // In a right-to-left document they are the document's own direction.
        assert_eq!(html("الكتاب", "ar"), "الكتاب");
    }

    #[test]
    fn japanese_and_korean_runs_get_lang() {
        assert_eq!(
            html("a book is 本 (ほん), in Korean 책.", "en"),
            // The ideograph is Japanese too: its run reaches the kana.
            "a book is <span lang=\"ja\">本 (ほん</span>), in Korean <span lang=\"ko\">책</span>."
        );
        assert_eq!(
            html("日本語のかな", "en"),
            "<span lang=\"ja\">日本語のかな</span>"
        );
        assert_eq!(html("日本語のかな", "ja"), "日本語のかな");
        // Ideographs alone are Chinese in a text of another script, the document's own
        // in a CJK one.
        assert_eq!(
            html("the term (人类命运共同体), also", "en"),
            "the term (<span lang=\"zh\">人类命运共同体</span>), also"
        );
        assert_eq!(html("人类", "zh-Hans"), "人类");
        assert_eq!(html("漢字", "ja"), "漢字");
        let mut out = String::new();
        text(&mut out, "책", "en", true);
        assert_eq!(out, "<span xml:lang=\"ko\" lang=\"ko\">책</span>");
    }
}
