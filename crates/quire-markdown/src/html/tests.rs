use quire_doc::{Block, BlockKind, FileId, Inline, InlineKind};

fn parse(md: &str) -> (Vec<Block>, Vec<String>) {
    let p = crate::parse(FileId(0), "t.md", md).expect("parses");
    let warnings = p
        .warnings
        .iter()
        .map(|d| d.message.clone())
        .filter(|m| !m.starts_with("no `title`"))
        .collect();
    (p.document.blocks, warnings)
}

fn para(b: &Block) -> &[Inline] {
    match &b.kind {
        BlockKind::Paragraph { content } => content,
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn text(md: &str) -> String {
    let p = crate::parse(FileId(0), "t.md", md).expect("parses");
    quire_doc::plain_text(&p.document)
}

#[test]
fn comments_are_never_published() {
    let (blocks, warnings) =
        parse("See Chapter 1<!-- ignore --> first.\n\n<!-- a private\nnote -->\n\nEnd.");
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert_eq!(
        quire_doc::inline_text(para(&blocks[0])),
        "See Chapter 1 first."
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn inline_tags_become_model_nodes() {
    let (blocks, warnings) = parse(
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, a<br>b, H<sub>2</sub>O, x<sup>2</sup>, <em>so</em> <b>bold</b>.",
    );
    let c = para(&blocks[0]);
    let kinds: Vec<&str> = c
        .iter()
        .map(|i| match &i.kind {
            InlineKind::Keyboard { .. } => "kbd",
            InlineKind::LineBreak => "br",
            InlineKind::Subscript { .. } => "sub",
            InlineKind::Superscript { .. } => "sup",
            InlineKind::Emphasis { .. } => "em",
            InlineKind::Strong { .. } => "strong",
            InlineKind::Text { .. } => "text",
            _ => "other",
        })
        .filter(|k| *k != "text")
        .collect();
    assert_eq!(kinds, ["kbd", "kbd", "br", "sub", "sup", "em", "strong"]);
    assert_eq!(
        quire_doc::inline_text(c),
        "Press Ctrl+C, a\nb, H2O, x2, so bold."
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn links_anchors_and_images() {
    let (blocks, _) = parse(
        "Go <a href=\"https://example.org\" title=\"t\">there</a>.<a id=\"anchor\"></a> <img src=\"x.png\" alt=\"a\"> end",
    );
    let c = para(&blocks[0]);
    assert!(c.iter().any(|i| matches!(&i.kind,
        InlineKind::Link { url, title, .. } if url == "https://example.org" && title == "t")));
    assert!(c.iter().any(|i| matches!(&i.kind,
        InlineKind::Span { attr, content } if attr.id == "anchor" && content.is_empty())));
    assert!(c.iter().any(|i| matches!(&i.kind,
        InlineKind::Image { src, alt, .. } if src == "x.png" && alt == "a")));
}

#[test]
fn unknown_tags_keep_their_text_with_one_warning_per_name() {
    let (blocks, warnings) = parse("a <blink>b</blink> c <blink>d</blink> <foo>e</foo>");
    assert_eq!(quire_doc::inline_text(para(&blocks[0])), "a b c d e");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("`<blink>`") && warnings[0].contains("2 places"));
}

#[test]
fn scripts_are_left_out_with_their_content() {
    let (blocks, warnings) = parse("<script>alert(1)</script>\n\nText <style>p{}</style>here.");
    assert_eq!(blocks.len(), 1);
    assert_eq!(quire_doc::inline_text(para(&blocks[0])), "Text here.");
    assert_eq!(warnings.len(), 2, "{warnings:?}");
}

#[test]
fn a_div_around_markdown_is_a_container() {
    let (blocks, _) = parse("<div class=\"note\">\n\nSome *markdown*.\n\n</div>\n\nAfter.");
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    let BlockKind::Div { blocks: inner } = &blocks[0].kind else {
        panic!("{:?}", blocks[0])
    };
    assert!(blocks[0].attr.has_class("note"));
    assert_eq!(quire_doc::inline_text(para(&inner[0])), "Some markdown.");
}

#[test]
fn a_div_without_attributes_is_just_its_content() {
    let (blocks, _) = parse("<div>\n\nOne.\n\n</div>");
    assert_eq!(blocks.len(), 1);
    assert_eq!(quire_doc::inline_text(para(&blocks[0])), "One.");
}

#[test]
fn figure_with_caption() {
    let (blocks, _) = parse(
        "<figure>\n<img src=\"img/a.png\" alt=\"A cat\">\n<figcaption>The <em>cat</em>.</figcaption>\n</figure>",
    );
    let BlockKind::Figure { image, caption, .. } = &blocks[0].kind else {
        panic!("{:?}", blocks[0])
    };
    assert_eq!(image.as_ref().unwrap().src, "img/a.png");
    assert_eq!(image.as_ref().unwrap().alt, "A cat");
    assert_eq!(quire_doc::inline_text(para(&caption[0])), "The cat.");
}

#[test]
fn html_paragraphs_headings_lists_pre() {
    let (blocks, _) = parse(
        "<h2 id=\"x\">Title</h2>\n<p>One\n  two</p>\n<ul><li>a</li><li>b</li></ul>\n<pre><code class=\"language-rust\">fn main() {\n    x &lt; y\n}</code></pre>",
    );
    assert!(matches!(
        &blocks[0].kind,
        BlockKind::Heading { level: 2, .. }
    ));
    assert_eq!(blocks[0].attr.id, "x");
    assert_eq!(quire_doc::inline_text(para(&blocks[1])), "One two");
    let BlockKind::List { items, .. } = &blocks[2].kind else {
        panic!("{:?}", blocks[2])
    };
    assert_eq!(items.len(), 2);
    let BlockKind::CodeBlock { language, text, .. } = &blocks[3].kind else {
        panic!("{:?}", blocks[3])
    };
    assert_eq!(language.as_deref(), Some("rust"));
    assert_eq!(text, "fn main() {\n    x < y\n}");
}

#[test]
fn html_tables() {
    let (blocks, _) = parse(
        "<table>\n<caption>Two <em>columns</em></caption>\n<tr><th>A</th><th>B</th></tr>\n<tr><td>1</td><td><code>2</code></td></tr>\n<tr><td>3</td></tr>\n</table>",
    );
    let BlockKind::Table {
        header,
        rows,
        columns,
        caption,
    } = &blocks[0].kind
    else {
        panic!("{:?}", blocks[0])
    };
    assert_eq!(columns.len(), 2);
    assert_eq!(quire_doc::inline_text(caption), "Two columns");
    assert_eq!(quire_doc::inline_text(&header[1].content), "B");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].len(), 2, "padded");
    assert!(matches!(
        rows[0][1].content[0].kind,
        InlineKind::Code { .. }
    ));
}

#[test]
fn mdbook_listing() {
    let (blocks, warnings) = parse(
        "<Listing number=\"1-1\" file-name=\"main.rs\" caption=\"Printing `Hello`\">\n\n```rust\nfn main() {}\n```\n\n</Listing>",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let BlockKind::Div { blocks: inner } = &blocks[0].kind else {
        panic!("{:?}", blocks)
    };
    assert_eq!(quire_doc::inline_text(para(&inner[0])), "Filename: main.rs");
    assert!(matches!(inner[1].kind, BlockKind::CodeBlock { .. }));
    assert_eq!(
        quire_doc::inline_text(para(&inner[2])),
        "Listing 1-1: Printing Hello"
    );
}

#[test]
fn deep_html_nesting_is_bounded() {
    let md = "<div class=\"a\">".repeat(5000) + "x" + &"</div>".repeat(5000);
    let (blocks, warnings) = parse(&md);
    assert!(
        warnings.iter().any(|w| w.contains("nested past the limit")),
        "{warnings:?}"
    );
    assert!(text(&md).contains('x'));
    let mut depth = 0;
    let mut b = &blocks[0];
    while let BlockKind::Div { blocks } = &b.kind {
        depth += 1;
        b = &blocks[0];
    }
    assert!(depth <= crate::convert::MAX_BLOCK_DEPTH, "{depth}");
    let inline = "<em>".repeat(5000) + "y";
    let (_, warnings) = parse(&inline);
    assert!(warnings.iter().any(|w| w.contains("nested past the limit")));
}

#[test]
fn spans_point_at_the_line_of_the_tag() {
    let src = "Para.\n\n<div>\n<blink>x</blink>\n</div>\n";
    let p = crate::parse(FileId(0), "t.md", src).unwrap();
    let w = p
        .warnings
        .iter()
        .find(|w| w.message.contains("blink"))
        .unwrap();
    assert_eq!(&src[w.span.start as usize..][..7], "<blink>");
}
