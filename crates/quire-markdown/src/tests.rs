use super::*;
use quire_doc::{BlockKind, SourceFile, plain_text};

const F: FileId = FileId(0);

fn doc(src: &str) -> Document {
    match parse(F, "t.md", src) {
        Ok(p) => p.document,
        Err(e) => panic!("parse failed: {e:#?}"),
    }
}

fn errors(src: &str) -> Vec<Diagnostic> {
    parse(F, "t.md", src).expect_err("expected errors")
}

/// Line and column of byte `at` of `src`.
fn lc(src: &str, at: u32) -> (u32, u32) {
    SourceFile::new("t.md", src).line_col(at)
}

#[test]
fn smart_punctuation_and_paragraphs() {
    let d = doc("He said \"hi\" -- and 'bye'...\n\nSecond.");
    assert_eq!(plain_text(&d), "He said “hi” – and ‘bye’…\n\nSecond.");
    assert!(d.blocks[0].id().starts_with("p-"));
    assert_eq!(d.meta.title, "t");
    assert_eq!(d.meta.language, "en");
}

#[test]
fn headings_take_explicit_or_slug_ids() {
    let d = doc("# Title\n\n## I {#part-one}\n\n### Sub heading\n\n### Sub heading\n");
    let ids: Vec<_> = d.blocks.iter().map(|b| b.id().to_string()).collect();
    assert_eq!(ids, ["title", "part-one", "sub-heading", "sub-heading-1"]);
    assert_eq!(d.meta.title, "Title");
}

#[test]
fn paragraph_ids_survive_insertions() {
    let a = doc("One.\n\nTwo.\n");
    let b = doc("Zero.\n\nOne.\n\nTwo.\n");
    assert_eq!(a.blocks[0].id(), b.blocks[1].id());
    assert_eq!(a.blocks[1].id(), b.blocks[2].id());
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let d = doc("A[^b] B[^a] C[^b].\n\n[^a]: Note a.\n[^b]: Note b.\n");
    let labels: Vec<_> = d
        .notes
        .iter()
        .map(|n| (n.label.as_str(), n.number))
        .collect();
    assert_eq!(labels, [("b", 1), ("a", 2)]);
    assert_eq!(d.notes[0].refs, ["fnref-b", "fnref-b-2"]);
    assert_eq!(plain_text(&d), "A B C.\n\nNote b.\n\nNote a.");
}

#[test]
fn figure_with_absent_image_caption_and_credit() {
    let src = ":::: figure {#fig-logo}\nThe logo.\n\n::: credit\nPHOTO BY X\n:::\n::::\n";
    let d = doc(src);
    let BlockKind::Figure {
        image,
        caption,
        credit,
    } = &d.blocks[0].kind
    else {
        panic!()
    };
    assert!(image.is_none());
    assert_eq!(caption.len(), 1);
    assert_eq!(quire_doc::inline_text(credit), "PHOTO BY X");
    assert_eq!(d.blocks[0].id(), "fig-logo");
}

#[test]
fn figure_with_image() {
    let d = doc("::: figure\n![A cat](cat.png)\n\nA cat.\n:::\n");
    let BlockKind::Figure {
        image: Some(image),
        caption,
        ..
    } = &d.blocks[0].kind
    else {
        panic!()
    };
    assert_eq!(
        (image.src.as_str(), image.alt.as_str()),
        ("cat.png", "A cat")
    );
    assert_eq!(caption.len(), 1);
}

#[test]
fn every_block_kind() {
    let src = "\
> quote

- [x] done
- [ ] todo

3. three

```rust {#code-1}
fn main() {}
```

---

| a | b |
|:--|--:|
| 1 | 2 |

Term
: Definition.

> [!WARNING]
> Careful.

::: aside
Aside.
:::

<div>raw</div>

H~2~O, x^2^, ~~gone~~, `code`, $e=mc^2$, <span id=\"s\">x</span>, [link](https://example.com), ![i](https://example.com/i.png)
";
    let d = doc(src);
    let kinds: Vec<_> = d
        .blocks
        .iter()
        .map(|b| serde_json::to_value(&b.kind).unwrap()["type"].clone())
        .collect();
    let kinds: Vec<_> = kinds.iter().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "block_quote",
            "list",
            "list",
            "code_block",
            "thematic_break",
            "table",
            "definition_list",
            "alert",
            "div",
            "paragraph",
            "paragraph"
        ]
    );
    let BlockKind::List { items, .. } = &d.blocks[1].kind else {
        panic!()
    };
    assert_eq!(items[0].checked, Some(true));
    assert_eq!(items[1].checked, Some(false));
    assert_eq!(d.blocks[3].id(), "code-1");
    let BlockKind::Paragraph { content } = &d.blocks[10].kind else {
        panic!()
    };
    let names: Vec<_> = content
        .iter()
        .map(|i| {
            serde_json::to_value(&i.kind).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for expected in [
        "subscript",
        "superscript",
        "strikeout",
        "code",
        "math",
        "span",
        "link",
        "image",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn spans_point_at_the_source() {
    let src = "---\ntitle: T\n---\n\nFirst “para”.\n\n## Head\n";
    let d = doc(src);
    let span = d.blocks[0].span;
    assert_eq!(
        &src[span.start as usize..span.end as usize],
        "First “para”."
    );
    assert_eq!(lc(src, span.start), (5, 1));
    assert_eq!(lc(src, d.blocks[1].span.start), (7, 1));
}

#[test]
fn missing_footnote_is_an_error_with_position() {
    let errs: Vec<_> = errors("Text with a [^nope] reference.\n")
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].span.start, 12);
    assert!(errs[0].message.contains("[^nope]"));
}

#[test]
fn bad_front_matter_is_an_error_with_position() {
    let errs = errors("---\ntitle: [unclosed\n---\nBody\n");
    assert!(errs[0].span.start >= 4, "{errs:?}");
    let src = "---\ntitle: T\ndate: yesterday\n---\nBody\n";
    let errs = errors(src);
    assert_eq!(lc(src, errs[0].span.start), (3, 7));
}

#[test]
fn invalid_bytes_are_errors() {
    assert!(decode(F, b"ok \xC3\x28").is_err());
    assert!(decode(F, b"ok \0").is_err());
}

#[test]
fn duplicate_ids_are_errors() {
    let errs = errors("## A {#x}\n\n## B {#x}\n");
    assert!(errs[0].message.contains("`x`"));
}

#[test]
fn fragment_ids_are_prefixed() {
    let blocks = parse_fragment(F, "A *note*.", "note-1-").unwrap();
    assert!(blocks[0].id().starts_with("note-1-p-"));
}

#[test]
fn unreferenced_note_is_left_out() {
    let parsed = parse(F, "t.md", "Text.\n\n[^x]: Lonely.\n").unwrap();
    assert!(parsed.document.notes.is_empty());
    assert_eq!(plain_text(&parsed.document), "Text.");
}

#[test]
fn a_title_guessed_from_a_lower_heading_or_the_file_name_is_a_warning() {
    let p = parse(F, "dir/my-notes.md", "Just text.\n").unwrap();
    assert_eq!(p.document.meta.title, "my-notes");
    assert!(p.warnings[0].message.contains("the file name"));
    let p = parse(F, "a.md", "## Second level\n\nText.\n").unwrap();
    assert_eq!(p.document.meta.title, "Second level");
    assert!(p.warnings[0].message.contains("first heading"));
    let p = parse(F, "a.md", "# Level one\n\nText.\n").unwrap();
    assert_eq!(p.document.meta.title, "Level one");
    assert!(p.warnings.is_empty());
}

#[test]
fn math_that_looks_like_a_shell_variable_is_a_warning() {
    let warned = |md: &str| {
        parse(F, "a.md", md)
            .unwrap()
            .warnings
            .iter()
            .any(|w| w.message.contains("looks like text"))
    };
    assert!(warned(
        "---\ntitle: T\n---\nexport PATH=$HOME/bin:$PATH now.\n"
    ));
    assert!(!warned(
        "---\ntitle: T\n---\nLet $x^2 + \\alpha_{max}$ and $\\text{area} = ab$.\n"
    ));
    // Pandoc's rule, which comrak follows: no math here at all.
    assert!(!warned(
        "---\ntitle: T\n---\nIt costs $5 to $10; use $HOME, then $PATH.\n"
    ));
}

#[test]
fn fences_that_open_no_metadata_are_markdown() {
    // CommonMark examples 44 and 96: a paragraph `+++`; a break, a heading, a break.
    let p = parse(F, "a.md", "+++\n").unwrap();
    assert_eq!(plain_text(&p.document), "+++");
    let p = parse(F, "a.md", "---\nFoo\n---\nBar\n---\nBaz\n").unwrap();
    assert!(
        p.warnings
            .iter()
            .any(|w| w.message.contains("not `key: value`"))
    );
    assert!(matches!(
        p.document.blocks[0].kind,
        BlockKind::ThematicBreak
    ));
    // A forgotten closing fence after real metadata is still an error.
    assert!(parse(F, "a.md", "---\ntitle: A\n\nText.\n").is_err());
}
