//! Right-to-left text: the Unicode bidirectional algorithm (UAX #9) per paragraph, with
//! `unicode-bidi`, and the visual reordering of each line (rule L2).
//!
//! Shaping already gives the glyphs of one word of Arabic or Hebrew right to left
//! (harfrust takes the direction from the script); what is left is the order of the
//! words and other pieces on a line. The levels are resolved once per paragraph, and
//! only for a paragraph that holds a right-to-left character: everything else keeps the
//! plain left-to-right path and pays one scan of its characters.

use unicode_bidi::BidiInfo;

/// The resolved embedding level of every byte of `text` (even: left to right, odd:
/// right to left) and the paragraph's base level, or `None` if `text` has no
/// right-to-left character (then every level is 0).
pub(crate) fn levels(text: &str) -> Option<(Vec<u8>, u8)> {
    if !text.chars().any(is_rtl) {
        return None;
    }
    let info = BidiInfo::new(text, None);
    let base = info.paragraphs.first().map_or(0, |p| p.level.number());
    Some((info.levels.iter().map(|l| l.number()).collect(), base))
}

/// `opportunities` (ascending byte offsets) with every offset where the level changes
/// added, ascending and without repeats.
pub(crate) fn with_level_changes(opportunities: &[usize], levels: &[u8]) -> Vec<usize> {
    let changes = (1..levels.len()).filter(|&i| levels[i] != levels[i - 1]);
    let mut out: Vec<usize> = opportunities.iter().copied().chain(changes).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Characters of right-to-left scripts and the explicit right-to-left marks.
fn is_rtl(c: char) -> bool {
    matches!(u32::from(c),
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF
            | 0x1E800..=0x1EFFF | 0x200F | 0x202B | 0x202E | 0x2067)
}

/// Rule L2: from the highest level down to the lowest odd one, reverse every maximal run
/// of items at that level or higher. `levels[i]` is the level of `items[i]`.
pub(crate) fn reorder<T>(items: &mut [T], levels: &[u8]) {
    let mut levels = levels.to_vec();
    let (Some(&max), Some(min_odd)) = (
        levels.iter().max(),
        levels.iter().copied().filter(|l| l % 2 == 1).min(),
    ) else {
        return;
    };
    for level in (min_odd..=max).rev() {
        let mut i = 0;
        while i < items.len() {
            if levels[i] < level {
                i += 1;
                continue;
            }
            let start = i;
            while i < items.len() && levels[i] >= level {
                i += 1;
            }
            items[start..i].reverse();
            levels[start..i].reverse();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_to_right_text_needs_no_levels() {
        assert!(levels("plain text, “quoted” — ☃").is_none());
    }

    #[test]
    fn hebrew_in_english_is_one_right_to_left_run() {
        let text = "in Hebrew, אב גד.";
        let (levels, base) = levels(text).unwrap();
        assert_eq!(base, 0);
        let at = |s: &str| levels[text.find(s).unwrap()];
        assert_eq!((at("in"), at("אב"), at("גד")), (0, 1, 1));
        // The space between the Hebrew words is right to left too.
        assert_eq!(levels[text.find(" גד").unwrap()], 1);
    }

    #[test]
    fn an_arabic_paragraph_is_right_to_left() {
        let (_, base) = levels("الكتاب على الطاولة.").unwrap();
        assert_eq!(base, 1);
    }

    #[test]
    fn words_are_cut_where_the_direction_changes() {
        let text = "a הספר. b";
        let (levels, _) = levels(text).unwrap();
        let cuts = with_level_changes(&[2], &levels);
        let dot = text.find('.').unwrap();
        assert!(cuts.contains(&dot), "{cuts:?}");
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn reordering_reverses_runs_from_the_highest_level() {
        let mut words = ["a", "B", "C", "d"];
        reorder(&mut words, &[0, 1, 1, 0]);
        assert_eq!(words, ["a", "C", "B", "d"]);
        // Numbers (level 2) inside right-to-left text keep their own order.
        let mut words = ["X", "1", "2", "Y"];
        reorder(&mut words, &[1, 2, 2, 1]);
        assert_eq!(words, ["Y", "1", "2", "X"]);
        let mut none: [&str; 0] = [];
        reorder(&mut none, &[]);
    }
}
