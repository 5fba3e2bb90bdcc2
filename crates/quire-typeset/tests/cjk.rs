//! CJK line breaking with a real CJK face (Noto Serif CJK from `fonts-noto-cjk`; the test
//! is skipped without it, and fails without it when `QUIRE_REQUIRE_VALIDATORS=1`, as CI
//! sets): UAX #14 breaks between ideographs, never before closing punctuation, never
//! after opening punctuation, and never hyphenates.

use quire_typeset::{
    Align, FontBook, FontStyle, Inline, LineEnd, ParagraphOptions, Pt, Typesetter,
};

const NOTO_CJK: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

fn book() -> Option<FontBook> {
    let Ok(bytes) = std::fs::read(NOTO_CJK) else {
        let message = format!("{NOTO_CJK} is missing; apt-get install fonts-noto-cjk");
        if std::env::var("QUIRE_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1") {
            panic!("{message}");
        }
        eprintln!("SKIPPED: {message}");
        return None;
    };
    let base = FontBook::quire_default().expect("embedded fonts");
    // Face 0 of the collection is Japanese, 1 Korean, 2 Simplified Chinese.
    let (book, failed) = base.with_fallbacks([(bytes.into(), 2)]);
    assert!(failed.is_empty(), "{failed:?}");
    Some(book)
}

const OPENING: &str = "（「『〈《【“‘";
const CLOSING: &str = "）」』〉》】”’。，、：；！？";

#[test]
fn chinese_breaks_between_ideographs_and_keeps_punctuation_in_place() {
    let Some(book) = book() else { return };
    let mut ts = Typesetter::new(&book);
    let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let mut between_ideographs = 0;
    let text = "他说：「今天的天气很好，我们去公园散步吧。」她回答：「好的，不过要先把作业写完。」\
                于是他们一起坐在桌前，认真地写起作业来（大约用了一个小时），然后才出门。";
    let inlines = vec![Inline::Text {
        text: text.into(),
        style: FontStyle::REGULAR,
        size: Pt(10.0),
        lang: Some("zh".into()),
        source: 0u32,
    }];
    for measure in [61.0, 83.0, 97.0, 120.0, 151.0, 200.0] {
        for align in [Align::Justify, Align::RaggedRight] {
            let mut opts = ParagraphOptions::new(Pt(measure));
            opts.align = align;
            opts.language = "zh".into();
            let layout = ts.layout(&inlines, &opts).expect("lays out");
            assert!(layout.missing.is_empty());
            assert!(layout.lines.len() > 2, "{measure}: wraps");
            for (i, line) in layout.lines.iter().enumerate() {
                let t = line.text();
                let first = t.chars().next().unwrap_or(' ');
                let last = t.chars().next_back().unwrap_or(' ');
                assert!(
                    i == 0 || !CLOSING.contains(first),
                    "{measure}: line {i} starts with closing punctuation: {t}"
                );
                assert!(
                    i + 1 == layout.lines.len() || !OPENING.contains(last),
                    "{measure}: line {i} ends with opening punctuation: {t}"
                );
                assert_ne!(
                    line.end,
                    LineEnd::Hyphen,
                    "{measure}: no hyphen in CJK: {t}"
                );
                assert!(
                    (line.width - line.hang_right).0 <= measure + 1e-6 || line.overfull.0 > 0.0,
                    "{measure}: line {i} fits"
                );
            }
            between_ideographs += layout
                .lines
                .windows(2)
                .filter(|w| {
                    w[0].text().chars().next_back().is_some_and(ideograph)
                        && w[1].text().chars().next().is_some_and(ideograph)
                })
                .count();
            let joined: String = layout.lines.iter().map(|l| l.text()).collect();
            assert_eq!(joined, text, "{measure}: nothing lost");
        }
    }
    assert!(between_ideographs > 3, "lines break between ideographs");
}
