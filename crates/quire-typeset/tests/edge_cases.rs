//! Edge cases of paragraph layout: errors, odd input, special spaces, soft hyphens, and a
//! deterministic fuzz loop that asserts the invariants hold (or a typed error comes back)
//! for arbitrary text.

#[path = "support/fonts.rs"]
mod support;

use quire_typeset::{
    Align, Artifact, FontStyle, Inline, LayoutError, LineEnd, LineItem, MissingGlyph,
    ParagraphLayout, ParagraphOptions, Pt, Typesetter,
};

const SIZE: Pt = Pt(10.0);

fn run(text: &str, source: u32) -> Inline<u32> {
    Inline::Text {
        text: text.into(),
        style: FontStyle::REGULAR,
        size: SIZE,
        lang: None,
        source,
    }
}

/// The ranges of all lines tile the text, and line texts match their ranges.
fn assert_tiles(layout: &ParagraphLayout<u32>) {
    let mut pos = 0;
    for line in &layout.lines {
        assert_eq!(line.range.start, pos);
        assert_eq!(line.trailing.start, line.range.end);
        assert_eq!(line.text(), layout.text[line.range.clone()]);
        pos = line.trailing.end;
    }
    assert_eq!(pos, layout.text.len());
}

#[test]
fn missing_characters_are_listed_with_their_sources_and_drawn_as_boxes() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let inlines = vec![run("fine ", 7), run("bad \u{0378} and \u{10FFFD}", 8)];
    let layout = ts
        .layout(&inlines, &ParagraphOptions::new(Pt(200.0)))
        .expect("a character no font has does not stop the layout");
    assert_eq!(
        layout.missing,
        vec![
            MissingGlyph {
                ch: '\u{0378}',
                source: 8,
                offset: 4
            },
            MissingGlyph {
                ch: '\u{10FFFD}',
                source: 8,
                offset: 11
            },
        ]
    );
    // The text is all there, and each missing character is one visible glyph that is
    // not .notdef and carries the character.
    assert_tiles(&layout);
    let glyphs: Vec<_> = layout
        .lines
        .iter()
        .flat_map(|l| &l.items)
        .filter_map(|i| match i {
            LineItem::Glyphs(run) => Some(run),
            _ => None,
        })
        .flat_map(|run| run.glyphs.iter().map(|g| (g, &run.text[g.text()])))
        .filter(|(_, t)| *t == "\u{0378}" || *t == "\u{10FFFD}")
        .collect();
    assert_eq!(glyphs.len(), 2, "{:?}", layout.lines);
    assert!(
        glyphs
            .iter()
            .all(|(g, _)| g.id != 0 && g.advance() > Pt::ZERO)
    );
}

#[test]
fn invalid_measures_and_sizes_are_errors() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    for measure in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        let err = ts
            .layout(&[run("x", 0)], &ParagraphOptions::new(Pt(measure)))
            .unwrap_err();
        assert!(matches!(err, LayoutError::InvalidMeasure(_)));
    }
    let bad = Inline::Text {
        text: "x".into(),
        style: FontStyle::REGULAR,
        size: Pt(f64::NAN),
        lang: None,
        source: 0,
    };
    let err = ts
        .layout(&[run("a", 0), bad], &ParagraphOptions::new(Pt(100.0)))
        .unwrap_err();
    assert!(matches!(err, LayoutError::InvalidSize { run: 1, .. }));
}

#[test]
fn empty_and_blank_paragraphs() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let opts = ParagraphOptions::new(Pt(100.0));
    for inlines in [
        vec![],
        vec![run("", 0)],
        vec![run("   ", 0)],
        vec![run("\n", 0)],
    ] {
        let layout = ts.layout(&inlines, &opts).expect("layout");
        assert_eq!(layout.lines.len(), 1, "{inlines:?}");
        assert_tiles(&layout);
    }
}

#[test]
fn forced_breaks_and_trailing_break() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let opts = ParagraphOptions::new(Pt(300.0));
    let inlines = vec![
        run("one", 0),
        Inline::LineBreak { source: 1 },
        run("two\nthree\r\nfour", 2),
    ];
    let layout = ts.layout(&inlines, &opts).expect("layout");
    let texts: Vec<String> = layout.lines.iter().map(|l| l.text()).collect();
    assert_eq!(texts, ["one", "two", "three", "four"]);
    assert_eq!(layout.lines[0].end, LineEnd::Forced);
    assert_eq!(layout.lines[3].end, LineEnd::Paragraph);
    assert_tiles(&layout);
    // A break at the very end does not leave an empty last line.
    let layout = ts
        .layout(&[run("last", 0), Inline::LineBreak { source: 1 }], &opts)
        .expect("layout");
    assert_eq!(layout.lines.len(), 1);
    assert_tiles(&layout);
}

#[test]
fn no_break_spaces_hold_and_stretch() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let text =
        "Figure\u{00A0}12 and page\u{00A0}7 and chapter\u{00A0}3 and table\u{00A0}9 ".repeat(6);
    let text = text.trim_end();
    for em in [8.0, 11.0, 14.0] {
        let layout = ts
            .layout(&[run(text, 0)], &ParagraphOptions::new(SIZE * em))
            .expect("layout");
        assert_tiles(&layout);
        for line in &layout.lines {
            let next = &layout.text[line.range.end..];
            assert!(!next.starts_with('\u{00A0}'), "broke at a no-break space");
            assert!(!layout.text[line.trailing.clone()].contains('\u{00A0}'));
        }
    }
}

#[test]
fn soft_hyphens_are_break_points_with_an_artifact_hyphen() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let word = "extra\u{00AD}ordinarily";
    let text = format!("{word} {word} {word} {word}");
    let mut opts = ParagraphOptions::new(SIZE * 5.0);
    opts.hyphenate = false;
    let layout = ts.layout(&[run(&text, 0)], &opts).expect("layout");
    assert_tiles(&layout);
    let hyphenated: Vec<_> = layout.lines.iter().filter(|l| l.hyphenated()).collect();
    assert!(!hyphenated.is_empty());
    for line in hyphenated {
        assert!(layout.text[..line.range.end].ends_with('\u{00AD}'));
        let Some(LineItem::Glyphs(last)) = line.items.last() else {
            panic!()
        };
        assert_eq!(last.artifact, Some(Artifact::Hyphen));
    }
}

#[test]
fn ragged_right_keeps_natural_spaces() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let mut opts = ParagraphOptions::new(SIZE * 25.0);
    opts.align = Align::RaggedRight;
    opts.hyphenate = false;
    let layout = ts
        .layout(&[run(support::first_paragraph(), 0)], &opts)
        .expect("layout");
    assert!(layout.lines.len() > 3);
    let mut short = 0;
    for line in &layout.lines {
        assert_eq!(line.ratio, 0.0);
        assert!(line.width <= opts.measure);
        assert!(!line.hyphenated());
        if line.width.0 < opts.measure.0 - 1.0 {
            short += 1;
        }
    }
    assert!(
        short >= layout.lines.len() - 1,
        "ragged lines are not filled out"
    );
}

#[test]
fn justification_lives_in_space_advances() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let opts = ParagraphOptions::new(SIZE * 20.0);
    let layout = ts
        .layout(&[run(support::first_paragraph(), 0)], &opts)
        .expect("layout");
    let line = layout
        .lines
        .iter()
        .find(|l| l.ratio > 0.05)
        .expect("a stretched line");
    let natural = ts
        .shaper()
        .width(book.resolve(FontStyle::REGULAR), SIZE, " ");
    let mut spaces = 0;
    for item in &line.items {
        let LineItem::Glyphs(run) = item else {
            continue;
        };
        for g in &run.glyphs {
            if &run.text[g.text()] == " " {
                spaces += 1;
                assert!(
                    g.advance().0 > natural.0,
                    "space stretched: {} vs {natural}",
                    g.advance()
                );
            }
        }
    }
    assert!(spaces > 0);
}

/// A tiny deterministic generator (no randomness in tests either).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn fuzzed_text_never_panics_and_keeps_invariants() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let pieces = [
        "the",
        "affine",
        "office",
        " ",
        " ",
        "  ",
        "\t",
        "-",
        "—",
        "/",
        "https://x.org/a/b",
        ",",
        ".",
        "’",
        "é",
        "e\u{0301}",
        "\u{00A0}",
        "\u{00AD}",
        "\n",
        "Ω",
        "2023",
        "(CPC)",
        "\u{2620}",
        "ﬁ",
        "internationalization",
        "Supercalifragilistic",
        "\u{200D}",
        "🙂",
        "\u{0378}",
    ];
    let mut rng = Lcg(42);
    for case in 0..1000 {
        let n = 1 + rng.next(40);
        let text: String = (0..n).map(|_| pieces[rng.next(pieces.len())]).collect();
        let mut opts = ParagraphOptions::new(Pt(8.0 + rng.next(300) as f64));
        opts.align = if case % 3 == 0 {
            Align::RaggedRight
        } else {
            Align::Justify
        };
        opts.indent = Pt(rng.next(3) as f64 * 5.0);
        match ts.layout(&[run(&text, 0)], &opts) {
            Ok(layout) => {
                assert_tiles(&layout);
                for line in &layout.lines {
                    let graphemes = line.text().chars().count();
                    assert!(
                        (line.width - line.hang_right).0 <= opts.measure.0 + 1e-6
                            || (line.overfull.0 > 0.0 && graphemes <= 3),
                        "case {case}: {:?} width {} > {} in {text:?} ({:?})",
                        line.text(),
                        line.width,
                        opts.measure,
                        layout
                            .lines
                            .iter()
                            .map(|l| (l.text(), l.end))
                            .collect::<Vec<_>>()
                    );
                }
            }
            Err(e) => panic!("case {case}: {e}"),
        }
    }
}

/// `layout_unbroken` is how tables measure cells: it must give what the line breaker
/// gives on a measure that every line fits (ragged, unhyphenated, as the table asks).
#[test]
fn unbroken_layout_equals_layout_when_the_lines_fit() {
    let book = support::book();
    let mut ts = Typesetter::new(&book);
    let mut opts = ParagraphOptions::new(Pt(1e6));
    opts.align = Align::RaggedRight;
    opts.hyphenate = false;
    let cells: Vec<Vec<Inline<u32>>> = vec![
        vec![run("Plain cell text", 0)],
        vec![run("  leading and trailing  ", 0)],
        vec![
            run("two ", 0),
            Inline::LineBreak { source: 1 },
            run("  lines, office ", 2),
        ],
        vec![run("ends with a break", 0), Inline::LineBreak { source: 1 }],
        vec![
            run("an ", 0),
            Inline::Object {
                width: Pt(7.0),
                ascent: Pt(5.0),
                descent: Pt(1.0),
                source: 1,
            },
            run(" object", 2),
        ],
        vec![run("https://example.org/a/path\u{00A0}and\u{00AD}soft", 0)],
    ];
    for cell in &cells {
        let broken = ts.layout(cell, &opts).expect("lays out");
        let unbroken = ts.layout_unbroken(cell, &opts).expect("lays out");
        assert_eq!(unbroken, broken, "{cell:?}");
    }
}
