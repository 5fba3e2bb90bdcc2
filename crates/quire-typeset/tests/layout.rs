//! Property tests of paragraph layout on the seed article: no snapshots, only invariants
//! that must hold for any text, measure and alignment.

#[path = "support/fonts.rs"]
mod support;

use quire_typeset::{
    Align, Artifact, FontStyle, Inline, Line, LineEnd, LineItem, ParagraphLayout, ParagraphOptions,
    Pt, Typesetter,
};
use quire_typeset::{LEFT_MIN, RIGHT_MIN};

const SIZE: Pt = Pt(11.0);
/// Glyphs keep `f32` offsets (see `Glyph`), good to about 3e-5 pt across a line; the PDF
/// writer rounds positions to 1e-3 pt.
const EPS: f64 = 1e-4;

fn text_run(text: &str) -> Vec<Inline<usize>> {
    vec![Inline::Text {
        text: text.to_string(),
        style: FontStyle::REGULAR,
        size: SIZE,
        lang: None,
        source: 0,
    }]
}

/// Check every invariant of a laid-out paragraph; returns the number of hyphenated lines.
fn check(layout: &ParagraphLayout<usize>, source: &str, opts: &ParagraphOptions) -> usize {
    let lines = &layout.lines;
    assert!(!lines.is_empty());
    assert_eq!(layout.text, source);

    // 1. No line is wider than the measure; justified lines fill it exactly, up to the
    //    punctuation that hangs into the margins.
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line.overfull, Pt::ZERO, "line {i} overfull");
        let width = line.width - line.hang_right;
        assert!(
            width.0 <= opts.measure.0 + EPS,
            "line {i}: {} > {}",
            line.width,
            opts.measure
        );
        assert!(line.hang_left.0 >= 0.0 && line.hang_right.0 >= 0.0);
        let last = i + 1 == lines.len();
        let has_space = line
            .items
            .iter()
            .any(|it| matches!(it, LineItem::Glyphs(r) if r.text.contains(' ')));
        if opts.align == Align::Justify && !last && has_space {
            assert!(
                (width.0 - opts.measure.0).abs() < 1e-3,
                "line {i} not justified: {}",
                line.width
            );
        }
        assert!(
            line.ascent.0 > 0.0 && line.descent.0 > 0.0,
            "line {i} has metrics"
        );
    }

    // 2. Every source character appears exactly once: visible + trailing ranges tile the
    //    text, and the runs' texts are exactly the visible range.
    let mut pos = 0;
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(
            line.range.start, pos,
            "line {i} starts where the previous ended"
        );
        assert_eq!(line.range.end, line.trailing.start);
        assert_eq!(line.text(), source[line.range.clone()], "line {i} text");
        assert!(
            source[line.trailing.clone()]
                .chars()
                .all(char::is_whitespace),
            "only spaces discarded"
        );
        pos = line.trailing.end;
    }
    assert_eq!(pos, source.len());
    let rebuilt: String = lines
        .iter()
        .map(|l| format!("{}{}", l.text(), &source[l.trailing.clone()]))
        .collect();
    assert_eq!(rebuilt, source);

    // 3. Glyph texts tile each run's text; artifacts carry no text; runs do not overlap.
    for line in lines {
        let mut right = Pt(f64::NEG_INFINITY);
        for item in &line.items {
            if let LineItem::Glyphs(run) = item {
                let joined: String = run.glyphs.iter().map(|g| &run.text[g.text()]).collect();
                assert_eq!(joined, run.text);
                if run.artifact.is_some() {
                    assert!(run.text.is_empty() && !run.glyphs.is_empty());
                }
                assert!(
                    run.x.0 >= right.0 - EPS,
                    "runs in order: {} after {}",
                    run.x.0,
                    right.0
                );
                right = run.x + run.width();
                assert_eq!(
                    &source[run.source_offset..run.source_offset + run.text.len()],
                    run.text
                );
            }
        }
    }

    // 4. Hyphens: only on hyphen lines, as the last run, never on the last line,
    //    honouring the minima, never more than two hyphenated lines in a row.
    let mut in_a_row = 0;
    let mut hyphenated = 0;
    for (i, line) in lines.iter().enumerate() {
        let artifact_runs: Vec<usize> = line
            .items
            .iter()
            .enumerate()
            .filter(
                |(_, it)| matches!(it, LineItem::Glyphs(r) if r.artifact == Some(Artifact::Hyphen)),
            )
            .map(|(k, _)| k)
            .collect();
        let ends_in_hyphen = line.hyphenated() || source[..line.range.end].ends_with('-');
        if line.hyphenated() {
            hyphenated += 1;
            assert_eq!(
                artifact_runs,
                vec![line.items.len() - 1],
                "line {i}: hyphen is the last run"
            );
            assert!(i + 1 < lines.len(), "last line is not hyphenated");
            let before = source[..line.range.end]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .count();
            let after = source[line.range.end..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .count();
            assert!(
                before >= LEFT_MIN && after >= RIGHT_MIN,
                "line {i}: {before}+{after} letters"
            );
            let rest = &source[line.range.end..];
            assert!(
                rest.contains(char::is_whitespace),
                "line {i}: not the paragraph's last word"
            );
        } else {
            assert!(artifact_runs.is_empty());
        }
        in_a_row = if ends_in_hyphen { in_a_row + 1 } else { 0 };
        assert!(in_a_row <= 2, "line {i}: three hyphenated lines in a row");
    }
    assert_eq!(lines.last().map(|l| l.end), Some(LineEnd::Paragraph));
    hyphenated
}

fn layout(ts: &mut Typesetter<'_>, text: &str, opts: &ParagraphOptions) -> ParagraphLayout<usize> {
    ts.layout(&text_run(text), opts).expect("layout")
}

#[test]
fn first_paragraph_at_30_em() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let source = support::first_paragraph();
    let mut opts = ParagraphOptions::new(SIZE * 30.0);
    opts.indent = SIZE * 1.5;
    let result = layout(&mut ts, source, &opts);
    check(&result, source, &opts);
    assert!(result.lines.len() >= 8, "{} lines", result.lines.len());
    // Justified body lines stay within TeX's tolerance of 200 (|r| ≤ 1.26) here.
    for line in &result.lines[..result.lines.len() - 1] {
        assert!(line.ratio.abs() <= 1.26, "ratio {}", line.ratio);
    }
    // The first line is indented.
    let first_x = match &result.lines[0].items[0] {
        LineItem::Glyphs(run) => run.x,
        LineItem::Object(obj) => obj.x,
    };
    assert_eq!(first_x, opts.indent);
    // Deterministic.
    assert_eq!(layout(&mut ts, source, &opts), result);
    let mut fresh = Typesetter::new(&book);
    assert_eq!(layout(&mut fresh, source, &opts), result);
}

#[test]
fn whole_article_at_several_measures_and_alignments() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let mut hyphenated = 0;
    for em in [12.0, 20.0, 30.0, 45.0] {
        for align in [Align::Justify, Align::RaggedRight] {
            let mut opts = ParagraphOptions::new(SIZE * em);
            opts.align = align;
            opts.hyphenate = align == Align::Justify;
            for para in support::SEED.lines().filter(|l| !l.trim().is_empty()) {
                hyphenated += check(&layout(&mut ts, para, &opts), para, &opts);
            }
        }
    }
    assert!(hyphenated > 0, "hyphenation is used somewhere");
}

/// A paragraph asked for a line more or less (pagination's looseness) is set in exactly
/// that many lines, every invariant holding and no line past the second pass's
/// tolerance, or, where the tolerance does not allow it, exactly as without asking.
#[test]
fn a_paragraph_asked_for_a_line_more_or_less_gives_it_within_the_tolerance_or_not_at_all() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let source = support::first_paragraph();
    let (mut looser, mut tighter, mut refused) = (0, 0, 0);
    for em in (24..=40).map(f64::from) {
        let mut opts = ParagraphOptions::new(SIZE * em);
        opts.indent = SIZE * 1.5;
        let optimum = layout(&mut ts, source, &opts);
        assert_eq!(optimum.looseness, 0);
        for asked in [1i8, -1] {
            opts.looseness = asked;
            let other = layout(&mut ts, source, &opts);
            if other.looseness == 0 {
                refused += 1;
                assert_eq!(
                    other.lines, optimum.lines,
                    "refused at {em} em: the optimum"
                );
                continue;
            }
            assert_eq!(other.looseness, asked);
            let lines = optimum.lines.len() as i64 + i64::from(asked);
            assert_eq!(other.lines.len() as i64, lines, "at {em} em");
            check(&other, source, &opts);
            for line in &other.lines[..other.lines.len() - 1] {
                assert!(line.ratio.abs() <= 1.26, "at {em} em: ratio {}", line.ratio);
            }
            *if asked > 0 { &mut looser } else { &mut tighter } += 1;
        }
        opts.looseness = 0;
    }
    assert!(
        looser > 0 && refused > 0,
        "looser {looser}, tighter {tighter}, refused {refused}"
    );
}

#[test]
fn long_urls_break_and_never_overflow() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let source = "See https://example.org/a/very/long/path/that/keeps/going/and/going/index.html \
                  and also Supercalifragilisticexpialidociousnessfullyextraordinarily long words.";
    for em in [5.0, 8.0, 15.0] {
        let opts = ParagraphOptions::new(SIZE * em);
        let result = layout(&mut ts, source, &opts);
        check(&result, source, &opts);
        assert!(
            result.lines.iter().any(|l| l.end == LineEnd::InWord),
            "some break inside the URL"
        );
    }
}

#[test]
fn a_line_is_never_more_than_the_measure_even_when_tiny() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let source = support::first_paragraph();
    // About two letters per line: everything is broken at grapheme boundaries.
    let opts = ParagraphOptions::new(Pt(14.0));
    let result = layout(&mut ts, source, &opts);
    for line in &result.lines {
        assert!(
            (line.width - line.hang_right).0 <= 14.0 + EPS,
            "{}",
            line.width
        );
    }
}

#[test]
fn styled_runs_objects_and_forced_breaks() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let inlines = vec![
        Inline::Text {
            text: "An ".into(),
            style: FontStyle::REGULAR,
            size: SIZE,
            lang: None,
            source: 0,
        },
        Inline::Text {
            text: "official".into(),
            style: FontStyle::ITALIC,
            size: SIZE,
            lang: None,
            source: 1,
        },
        Inline::Text {
            text: " affirmation".into(),
            style: FontStyle::REGULAR,
            size: SIZE,
            lang: None,
            source: 2,
        },
        Inline::Object {
            width: Pt(4.0),
            ascent: Pt(6.0),
            descent: Pt(0.0),
            source: 3,
        },
        Inline::Text {
            text: " of ".into(),
            style: FontStyle::BOLD,
            size: SIZE,
            lang: None,
            source: 4,
        },
        Inline::Text {
            text: "code()".into(),
            style: FontStyle::MONO,
            size: SIZE,
            lang: None,
            source: 5,
        },
        Inline::LineBreak { source: 6 },
        Inline::Text {
            text: "after the break".into(),
            style: FontStyle::REGULAR,
            size: SIZE,
            lang: None,
            source: 7,
        },
    ];
    let opts = ParagraphOptions::new(SIZE * 30.0);
    let result = ts.layout(&inlines, &opts).expect("layout");
    assert_eq!(result.lines.len(), 2);
    assert_eq!(result.lines[0].end, LineEnd::Forced);
    let first: &Line<usize> = &result.lines[0];
    let sources: Vec<usize> = first
        .items
        .iter()
        .map(|it| match it {
            LineItem::Glyphs(r) => r.source,
            LineItem::Object(o) => o.source,
        })
        .collect();
    assert_eq!(sources, vec![0, 1, 2, 3, 4, 5]);
    // The italic "official" keeps its ligature text and its offset in its own run.
    let LineItem::Glyphs(italic) = &first.items[1] else {
        panic!("run")
    };
    assert_eq!(italic.text, "official");
    assert_eq!(italic.source_offset, 0);
    // The footnote-like object sits right after "affirmation" (no break before it).
    let LineItem::Object(obj) = &first.items[3] else {
        panic!("object")
    };
    let LineItem::Glyphs(prev) = &first.items[2] else {
        panic!("run")
    };
    assert!((obj.x.0 - (prev.x + prev.width()).0).abs() < EPS);
    assert_eq!(result.lines[1].text(), "after the break");
}

#[test]
fn hyphenated_line_ends_with_artifact_hyphen() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let source = support::first_paragraph();
    let mut found = false;
    for em in 14..40 {
        let opts = ParagraphOptions::new(SIZE * f64::from(em));
        let result = layout(&mut ts, source, &opts);
        for line in result.lines.iter().filter(|l| l.hyphenated()) {
            let Some(LineItem::Glyphs(last)) = line.items.last() else {
                panic!("run")
            };
            assert_eq!(last.artifact, Some(Artifact::Hyphen));
            assert_eq!(last.text, "");
            assert!(last.glyphs.iter().all(|g| g.text().is_empty()));
            found = true;
        }
    }
    assert!(found, "some measure hyphenates the first paragraph");
}

#[test]
fn no_hyphenation_when_off_or_unknown_language() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let source = support::first_paragraph();
    for (hyphenate, lang) in [(false, "en"), (true, "tlh")] {
        let mut opts = ParagraphOptions::new(SIZE * 20.0);
        opts.hyphenate = hyphenate;
        opts.language = lang.into();
        assert_eq!(check(&layout(&mut ts, source, &opts), source, &opts), 0);
    }
}
