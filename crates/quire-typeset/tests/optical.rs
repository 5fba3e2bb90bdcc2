//! Optical margin alignment and font expansion on the seed article's paragraphs: stops,
//! commas and hyphens hang into the right margin by their share, letters never do,
//! expanded lines stay within the limit, and the two together leave fewer lines whose
//! spaces stretch past their limit than plain justification does.

#[path = "support/fonts.rs"]
mod support;

use quire_typeset::{FontStyle, Inline, Line, LineEnd, LineItem, ParagraphOptions, Pt, Typesetter};

const SIZE: Pt = Pt(11.0);
/// The hanging shares (of the glyph's own advance) the engine documents for these.
const HANGS: [(char, f64); 4] = [('.', 0.7), (',', 0.7), ('-', 0.7), ('\u{2019}', 0.7)];
/// The expansion limit the engine documents.
const EXPANSION: f64 = 0.025;

fn lines(text: &str, opts: &ParagraphOptions) -> Vec<Line<usize>> {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let inline = [Inline::Text {
        text: text.to_string(),
        style: FontStyle::REGULAR,
        size: SIZE,
        lang: None,
        source: 0,
    }];
    ts.layout(&inline, opts).expect("layout").lines
}

/// The article's paragraphs, each laid out on a narrow measure.
fn article_lines(opts: &ParagraphOptions) -> Vec<Line<usize>> {
    support::SEED
        .lines()
        .filter(|l| l.chars().count() > 200)
        .flat_map(|p| lines(p, opts))
        .collect()
}

/// The last glyph a reader sees on the line, the character it shows ('-' for an added
/// hyphen) and its natural advance (before the line's expansion).
fn last_mark(line: &Line<usize>) -> Option<(char, Pt)> {
    let Some(LineItem::Glyphs(run)) = line.items.last() else {
        return None;
    };
    let glyph = run.glyphs.last()?;
    let c = if run.artifact.is_some() {
        '-'
    } else {
        run.text[glyph.text()].chars().next_back()?
    };
    Some((c, glyph.advance() / run.scale))
}

#[test]
fn stops_commas_and_hyphens_hang_into_the_right_margin_and_letters_do_not() {
    let opts = ParagraphOptions::new(SIZE * 25.0);
    let all = article_lines(&opts);
    let mut hung = [0usize; 4];
    for (i, line) in all.iter().enumerate() {
        let justified = !matches!(line.end, LineEnd::Paragraph | LineEnd::Forced);
        let Some((c, advance)) = last_mark(line) else {
            continue;
        };
        let share = HANGS.iter().position(|&(h, _)| h == c);
        match share {
            Some(k) if justified => {
                // The share is of the glyph's natural advance.
                let expected = advance.0 * HANGS[k].1;
                assert!(
                    (line.hang_right.0 - expected).abs() < 1e-3,
                    "line {i} ends in {c:?}: hangs {} not {expected}",
                    line.hang_right
                );
                // It hangs exactly that far past the measure.
                let past = line.width.0 - opts.measure.0;
                assert!((past - line.hang_right.0).abs() < 1e-3, "line {i}: {past}");
                hung[k] += 1;
            }
            _ if c.is_alphabetic() => {
                assert_eq!(line.hang_right, Pt::ZERO, "line {i} ends in a letter")
            }
            _ => {}
        }
    }
    assert!(
        hung[0] > 0 && hung[1] > 0 && hung[2] > 0,
        "the article has lines ending in each mark: {hung:?}"
    );
    // Turned off, nothing hangs.
    let mut off = opts.clone();
    off.protrusion = false;
    assert!(article_lines(&off).iter().all(|l| l.hang_right == Pt::ZERO));
}

#[test]
fn opening_quotes_hang_into_the_left_margin() {
    let mut opts = ParagraphOptions::new(SIZE * 14.0);
    opts.hyphenate = false;
    let text = "word \u{201C}quoted\u{201D} ".repeat(30);
    let all = lines(&text, &opts);
    let starting: Vec<&Line<usize>> = all
        .iter()
        .filter(|l| l.text().starts_with('\u{201C}'))
        .collect();
    assert!(!starting.is_empty(), "some line starts with a quote");
    for line in starting {
        let Some(LineItem::Glyphs(run)) = line.items.first() else {
            panic!("a run")
        };
        assert!(line.hang_left.0 > 0.0);
        assert!(
            (run.x.0 + run.glyphs[0].x().0 + line.hang_left.0).abs() < 1e-4,
            "the quote starts in the margin"
        );
    }
    for line in all.iter().filter(|l| l.text().starts_with("word")) {
        assert_eq!(line.hang_left, Pt::ZERO);
    }
}

#[test]
fn expansion_stays_within_its_limit_and_spares_the_spaces() {
    let opts = ParagraphOptions::new(SIZE * 25.0);
    let mut plain = opts.clone();
    plain.expansion = 0.0;
    plain.protrusion = false;
    let (with, without) = (article_lines(&opts), article_lines(&plain));
    let mut expanded = 0;
    for line in &with {
        let scales: Vec<f64> = line
            .items
            .iter()
            .filter_map(|i| match i {
                LineItem::Glyphs(r) => Some(r.scale),
                LineItem::Object(_) => None,
            })
            .collect();
        // One scale per line, within the limit; a paragraph's last line is never
        // widened (it may narrow rather than overflow, as its spaces may shrink).
        assert!(scales.windows(2).all(|w| w[0] == w[1]), "{scales:?}");
        let s = scales.first().copied().unwrap_or(1.0);
        assert!((s - 1.0).abs() <= EXPANSION + 1e-9, "scale {s}");
        if line.end == LineEnd::Paragraph {
            assert!(s <= 1.0, "a last line widened: {s}");
        }
        expanded += usize::from(s != 1.0);
    }
    assert!(expanded * 2 > with.len(), "most lines adjust their glyphs");
    assert!(without.iter().all(|l| {
        l.items
            .iter()
            .all(|i| !matches!(i, LineItem::Glyphs(r) if r.scale != 1.0))
    }));
    // Lines whose spaces stretch past their limit (ratio > 1): fewer with expansion.
    let loose = |ls: &[Line<usize>]| ls.iter().filter(|l| l.ratio > 1.0).count();
    assert!(
        loose(&with) * 2 <= loose(&without),
        "loose lines: {} with expansion, {} without",
        loose(&with),
        loose(&without)
    );
}
