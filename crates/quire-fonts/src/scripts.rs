//! Which open families to prefer for each script: the one table the PDF's font search
//! (in the load stage) and the web editions' font stacks share. The README documents it.

use std::collections::BTreeSet;

/// The preferred open families for the scripts of `missing`, best first: the list the
/// README documents (Noto, from Debian's `fonts-noto-core` and `fonts-noto-cjk`, and
/// Symbola for emoji and symbols, `fonts-symbola`).
pub fn preferred_families(missing: &BTreeSet<char>, language: &str) -> Vec<&'static str> {
    let has = |range: std::ops::RangeInclusive<u32>| {
        missing.iter().any(|&c| range.contains(&u32::from(c)))
    };
    let mut out: Vec<&'static str> = Vec::new();
    let cjk = has(0x2E80..=0x9FFF)
        || has(0xAC00..=0xD7AF)
        || has(0xF900..=0xFAFF)
        || has(0xFF00..=0xFFEF)
        || has(0x20000..=0x3134F);
    if cjk {
        let lang = language.to_ascii_lowercase();
        let kana = has(0x3040..=0x30FF);
        let hangul = has(0xAC00..=0xD7AF) || has(0x1100..=0x11FF) || has(0x3130..=0x318F);
        let region = if kana {
            "JP"
        } else if hangul {
            "KR"
        } else {
            cjk_region(&lang)
        };
        out.extend(cjk_families(region));
    }
    for (range, families) in SCRIPTS {
        if has(range) {
            out.extend_from_slice(families);
        }
    }
    out.extend(GENERAL);
    out
}

/// Open families per script block, best first.
const SCRIPTS: [(std::ops::RangeInclusive<u32>, &[&str]); 7] = [
    (
        0x0600..=0x06FF,
        &["Noto Naskh Arabic", "Noto Sans Arabic", "Amiri"],
    ),
    (0x0590..=0x05FF, &["Noto Serif Hebrew", "Noto Sans Hebrew"]),
    (
        0x0900..=0x097F,
        &["Noto Serif Devanagari", "Noto Sans Devanagari"],
    ),
    (0x0E00..=0x0E7F, &["Noto Serif Thai", "Noto Sans Thai"]),
    (
        0x0980..=0x09FF,
        &["Noto Serif Bengali", "Noto Sans Bengali"],
    ),
    (0x0B80..=0x0BFF, &["Noto Serif Tamil", "Noto Sans Tamil"]),
    (0x1F000..=0x1FAFF, &["Symbola", "Noto Emoji"]),
];

/// Families for anything else, after the script's own.
const GENERAL: [&str; 5] = [
    "Noto Serif",
    "Noto Sans",
    "Noto Sans Symbols",
    "Noto Sans Symbols2",
    "Symbola",
];

/// The CJK region (`JP`, `KR`, `TC`, `HK`, `SC`) a lower-cased language tag asks for.
pub fn cjk_region(lang: &str) -> &'static str {
    if lang.starts_with("ja") {
        "JP"
    } else if lang.starts_with("ko") {
        "KR"
    } else if lang.starts_with("zh-hk") {
        "HK"
    } else if lang.starts_with("zh-hant") || lang.starts_with("zh-tw") || lang.starts_with("zh-mo")
    {
        "TC"
    } else {
        "SC"
    }
}

/// The Noto CJK families of a region, serif first.
pub fn cjk_families(region: &str) -> [&'static str; 2] {
    match region {
        "JP" => ["Noto Serif CJK JP", "Noto Sans CJK JP"],
        "KR" => ["Noto Serif CJK KR", "Noto Sans CJK KR"],
        "TC" => ["Noto Serif CJK TC", "Noto Sans CJK TC"],
        "HK" => ["Noto Sans CJK HK", "Noto Serif CJK TC"],
        _ => ["Noto Serif CJK SC", "Noto Sans CJK SC"],
    }
}

/// A CSS font stack (quoted, comma-separated, no generic family) of every family of the
/// table, for a web page whose text may be in any script: the reader's own copies of
/// them are used where the embedded text face has no glyph.
pub fn css_fallback_stack(region: &str) -> String {
    let mut families: Vec<&str> = cjk_families(region).to_vec();
    for (_, list) in &SCRIPTS {
        families.extend_from_slice(list);
    }
    families.extend(GENERAL);
    let mut seen = BTreeSet::new();
    families
        .into_iter()
        .filter(|f| seen.insert(*f))
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stack_starts_with_the_region_and_names_each_family_once() {
        let stack = css_fallback_stack("JP");
        assert!(stack.starts_with("\"Noto Serif CJK JP\""), "{stack}");
        assert!(stack.contains("\"Noto Naskh Arabic\"") && stack.contains("\"Symbola\""));
        assert_eq!(stack.matches("\"Symbola\"").count(), 1);
        assert_eq!(cjk_region("zh-hant-tw"), "TC");
        assert_eq!(cjk_region("zh-hk"), "HK");
    }
}
