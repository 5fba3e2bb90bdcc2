use quire_doc::enrich::{CAPTION_LABEL_CLASS, NUMBER_KEY, PAGE_REF_CLASS};
use quire_doc::{
    Block, BlockKind, Diagnostic, Division, DivisionKind, Document, FileId, InlineKind, Span,
    inline_text, plain_text,
};

use crate::cross_reference;

fn parse(src: &str) -> Document {
    let src = format!("---\ntitle: T\n---\n{src}");
    quire_markdown::parse(FileId(0), "t.md", &src)
        .expect("parses")
        .document
}

fn run(doc: &mut Document) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    cross_reference(doc, &mut warnings);
    warnings
}

/// Each reference's shown text and the fragments it links to, in reading order.
fn refs(doc: &Document) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    quire_doc::for_each_inline(doc, &mut |i| {
        if let InlineKind::Cite { content, .. } = &i.kind {
            let mut links = Vec::new();
            quire_doc::walk_inlines(content, &mut |l| {
                if let InlineKind::Link { url, .. } = &l.kind {
                    links.push(url.clone());
                }
            });
            out.push((inline_text(content).replace('\u{a0}', " "), links));
        }
    });
    out
}

fn number_of<'d>(doc: &'d Document, id: &str) -> Option<&'d str> {
    let mut found = None;
    quire_doc::for_each_block(doc, &mut |b| {
        if b.id() == id {
            found = b.attr.get(NUMBER_KEY);
        }
    });
    found
}

const ARTICLE: &str = "\
## Intro {#sec-intro}

See @fig-a, [@tbl-t], [-@lst-l], @eq-e and @sec-method.

::: figure {#fig-a}
![A picture.](a.png)

The caption.
:::

| a | b |
|---|---|
| 1 | 2 |

: A table. {#tbl-t}

```{#lst-l .python lst-cap=\"A listing\"}
x = 1
```

$$
x = y
$$ {#eq-e}

## Method {#sec-method}

### Detail {#sec-detail}

### Unnumbered {#sec-plain .unnumbered}

### More {#sec-more}

## Plain heading

## Results {#sec-results}

![Second figure](b.png){#fig-b}

Back to [Fig. @fig-a], [@fig-a; @fig-b], [@fig-a; @tbl-t], [@fig-b, left panel], [@sec-plain] and [@fig-a, page].
";

#[test]
fn an_article_numbers_every_kind_in_reading_order() {
    let mut doc = parse(ARTICLE);
    let warnings = run(&mut doc);
    assert!(warnings.is_empty(), "{warnings:?}");
    let numbers: Vec<_> = [
        "sec-intro",
        "fig-a",
        "tbl-t",
        "lst-l",
        "eq-e",
        "sec-method",
        "sec-detail",
        "sec-plain",
        "sec-more",
        "sec-results",
        "fig-b",
    ]
    .iter()
    .map(|id| number_of(&doc, id))
    .collect();
    assert_eq!(
        numbers,
        [
            Some("1"),
            Some("1"),
            Some("1"),
            Some("1"),
            Some("1"),
            Some("2"),
            Some("2.1"),
            None,
            Some("2.2"),
            Some("3"),
            Some("2")
        ]
    );
    // The labels are text of the document: the projection shows them.
    let text = plain_text(&doc).replace('\u{a0}', " ");
    for label in [
        "1 Intro",
        "Figure 1: The caption.",
        "Table 1: A table.",
        "Listing 1: A listing",
        "x = y (1)",
        "2.1 Detail",
        "\n\nUnnumbered\n\n",
        "2.2 More",
        "\n\nPlain heading\n\n",
        "Figure 2: Second figure",
    ] {
        assert!(text.contains(label), "{label:?} not in {text}");
    }
}

#[test]
fn references_read_as_names_and_numbers_linked_to_their_targets() {
    let mut doc = parse(ARTICLE);
    run(&mut doc);
    let found = refs(&doc);
    let shown: Vec<(&str, Vec<&str>)> = found
        .iter()
        .map(|(t, l)| (t.as_str(), l.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("Figure 1", vec!["#fig-a"]),
            ("Table 1", vec!["#tbl-t"]),
            ("1", vec!["#lst-l"]),
            ("Equation (1)", vec!["#eq-e"]),
            ("Section 2", vec!["#sec-method"]),
            ("Fig. 1", vec!["#fig-a"]),
            ("Figures 1 and 2", vec!["#fig-a", "#fig-b"]),
            ("Figure 1; Table 1", vec!["#fig-a", "#tbl-t"]),
            ("Figure 2, left panel", vec!["#fig-b"]),
            ("Unnumbered", vec!["#sec-plain"]),
            ("Figure 1", vec!["#fig-a"]),
        ]
    );
}

#[test]
fn a_page_request_leaves_the_place_of_the_page() {
    let mut doc = parse("# T {#sec-t}\n\nSee [@sec-t, page] and @sec-t [page].\n");
    run(&mut doc);
    let mut places = Vec::new();
    quire_doc::for_each_inline(&doc, &mut |i| {
        if let InlineKind::Span { attr, content } = &i.kind
            && attr.has_class(PAGE_REF_CLASS)
        {
            assert!(content.is_empty(), "no page is printed yet");
            places.push(attr.get("target").unwrap_or_default().to_string());
        }
    });
    assert_eq!(places, ["sec-t", "sec-t"]);
    assert_eq!(refs(&doc)[0].0, "Section 1");
}

#[test]
fn an_unknown_id_is_a_warning_at_the_key_and_the_text_stays() {
    let src = "---\ntitle: T\n---\n::: figure {#fig-map}\nA map.\n:::\n\nSee @fig-mop and [see @fig-nope; @fig-map].\n";
    let mut doc = quire_markdown::parse(FileId(0), "t.md", src)
        .unwrap()
        .document;
    let warnings = run(&mut doc);
    let at: Vec<&str> = warnings
        .iter()
        .map(|w| &src[w.span.start as usize..w.span.end as usize])
        .collect();
    assert_eq!(at, ["@fig-mop", "@fig-nope"]);
    assert_eq!(
        warnings[0].hints,
        ["did you mean `@fig-map`?".to_string()],
        "{:?}",
        warnings[0]
    );
    let shown: Vec<String> = refs(&doc).into_iter().map(|r| r.0).collect();
    assert_eq!(shown, ["@fig-mop", "[see @fig-nope; @fig-map]"]);
}

#[test]
fn mixing_bibliography_keys_is_a_warning() {
    let mut doc = parse("# A {#sec-a}\n\n[@sec-a; @knuth1984]\n");
    let warnings = run(&mut doc);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("mixes"),
        "{}",
        warnings[0].message
    );
}

#[test]
fn an_id_with_another_kinds_prefix_is_a_warning() {
    let mut doc = parse("| a |\n|---|\n| 1 |\n\n: Caption {#fig-wrong}\n");
    let warnings = run(&mut doc);
    assert!(
        warnings[0]
            .message
            .contains("prefix of a figure but is a table"),
        "{warnings:?}"
    );
    assert_eq!(number_of(&doc, "fig-wrong"), None);
}

#[test]
fn the_numbered_class_asks_for_a_number_without_the_prefix() {
    let mut doc = parse("## Method {#method .numbered}\n\nSee @method.\n");
    run(&mut doc);
    assert_eq!(number_of(&doc, "method"), Some("1"));
    assert_eq!(refs(&doc)[0].0, "Section 1");
}

#[test]
fn numbers_written_by_hand_are_not_kept() {
    let mut doc = parse("Text {#p}\n\n::: {#x number=\"9\"}\nA div.\n:::\n");
    run(&mut doc);
    assert_eq!(number_of(&doc, "x"), None);
}

#[test]
fn the_words_follow_the_language() {
    let cases = [
        ("fr", "Figure 1 ; Tableau 1", "Figure 1 : Une image."),
        ("de", "Abbildung 1; Tabelle 1", "Abbildung 1: Une image."),
        ("es", "Figura 1; Tabla 1", "Figura 1: Une image."),
        ("zh", "图 1；表 1", "图 1：Une image."),
    ];
    for (lang, reference, caption) in cases {
        let src = format!(
            "---\ntitle: T\nlanguage: {lang}\n---\n![Une image.](a.png){{#fig-a}}\n\n| a |\n|---|\n| 1 |\n\n: T {{#tbl-t}}\n\n[@fig-a; @tbl-t]\n"
        );
        let mut doc = quire_markdown::parse(FileId(0), "t.md", &src)
            .unwrap()
            .document;
        run(&mut doc);
        assert_eq!(refs(&doc)[0].0, reference, "{lang}");
        assert!(
            plain_text(&doc).replace('\u{a0}', " ").contains(caption),
            "{lang}: {}",
            plain_text(&doc)
        );
    }
    let mut doc = quire_markdown::parse(
        FileId(0),
        "t.md",
        "---\ntitle: T\nlanguage: zh\n---\n# A {#sec-a}\n\n# B {#sec-b}\n\n# C {#sec-c}\n\n[@sec-a; @sec-b; @sec-c]\n",
    )
    .unwrap()
    .document;
    run(&mut doc);
    assert_eq!(refs(&doc)[0].0, "第 1 节、第 2 节 和第 3 节");
}

#[test]
fn a_figure_without_a_caption_gets_one_for_its_label() {
    let mut doc = parse("::: figure {#fig-a}\n![Alt text](a.png)\n:::\n");
    run(&mut doc);
    let BlockKind::Figure { caption, .. } = &doc.blocks[0].kind else {
        panic!()
    };
    let BlockKind::Paragraph { content } = &caption[0].kind else {
        panic!()
    };
    assert!(
        matches!(&content[0].kind, InlineKind::Span { attr, .. } if attr.has_class(CAPTION_LABEL_CLASS))
    );
    assert_eq!(inline_text(content), "Figure\u{a0}1");
    assert_eq!(caption[0].id(), "fig-a-caption");
}

/// A book: front matter, chapters 1 and 2, appendix A, each its own division.
fn book() -> Document {
    let parts = [
        (
            DivisionKind::FrontMatter,
            vec![],
            "# Preface {#sec-preface}\n\n![Front](f.png){#fig-front}\n",
        ),
        (
            DivisionKind::Chapter,
            vec![1],
            "# One {#sec-one}\n\n## First {#sec-first}\n\n![A](a.png){#fig-one-a}\n\n![B](b.png){#fig-one-b}\n",
        ),
        (
            DivisionKind::Chapter,
            vec![2],
            "# Two {#sec-two}\n\n## Second {#sec-second}\n\n### Deeper {#sec-deeper}\n\n![C](c.png){#fig-two}\n\nSee @sec-one, @sec-second, @fig-two, [@fig-one-a; @fig-one-b], @sec-preface and @sec-appx.\n",
        ),
        (
            DivisionKind::Appendix,
            vec![1],
            "# Data {#sec-appx}\n\n## Tables {#sec-appx-tables}\n\n![D](d.png){#fig-appx}\n",
        ),
    ];
    let mut doc = Document::default();
    for (n, (kind, number, src)) in parts.into_iter().enumerate() {
        let src = format!("---\ntitle: T\n---\n{src}");
        let part = quire_markdown::parse(FileId(0), "t.md", &src)
            .unwrap()
            .document;
        doc.divisions.push(Division {
            kind,
            name: format!("d{n}"),
            title: String::new(),
            number,
            depth: 0,
            start: doc.blocks.len(),
            span: Span::detached(),
        });
        doc.blocks.extend(part.blocks);
    }
    doc.meta.language = "en".into();
    doc
}

#[test]
fn a_book_numbers_per_chapter() {
    let mut doc = book();
    let warnings = run(&mut doc);
    assert!(warnings.is_empty(), "{warnings:?}");
    let n = |id| number_of(&doc, id);
    assert_eq!(n("fig-front"), Some("1"), "front matter: a running count");
    assert_eq!(n("sec-preface"), None);
    assert_eq!((n("sec-one"), n("sec-first")), (Some("1"), Some("1.1")));
    assert_eq!((n("fig-one-a"), n("fig-one-b")), (Some("1.1"), Some("1.2")));
    assert_eq!(
        (n("sec-two"), n("sec-second"), n("sec-deeper"), n("fig-two")),
        (Some("2"), Some("2.1"), Some("2.1.1"), Some("2.1"))
    );
    assert_eq!(
        (n("sec-appx-tables"), n("fig-appx")),
        (Some("A.1"), Some("A.1"))
    );
    let shown: Vec<String> = refs(&doc).into_iter().map(|r| r.0).collect();
    assert_eq!(
        shown,
        [
            "Chapter 1",
            "Section 2.1",
            "Figure 2.1",
            "Figures 1.1 and 1.2",
            "Preface",
            "Appendix A"
        ]
    );
    // A chapter's opening heading is not labelled: every edition prints the chapter's
    // number with its title already.
    let Block {
        kind: BlockKind::Heading { content, .. },
        ..
    } = &doc.blocks[doc.divisions[1].start]
    else {
        panic!()
    };
    assert_eq!(inline_text(content), "One");
}

#[test]
fn only_the_first_unknown_keys_get_a_hint() {
    let refs: String = (0..150).map(|i| format!("@fig-a{i} ")).collect();
    let mut doc = parse(&format!("![A](a.png){{#fig-a}}\n\n{refs}\n"));
    let warnings = run(&mut doc);
    assert_eq!(warnings.len(), 150);
    let hinted = warnings
        .iter()
        .filter(|w| w.hints[0].starts_with("did you mean"))
        .count();
    assert_eq!(hinted, crate::resolve::MAX_HINTS);
}
