use quire_doc::{Division, DivisionKind, Document, FileId, Span};

use super::*;

/// A book of three chapter files joined, as the loader joins them: a part without
/// text, a chapter with a footnote and a link to a later chapter, a nested chapter
/// that starts with a level-2 heading, and a Chinese chapter.
fn book() -> Document {
    let chapters = [
        "# One\n\nSee [the second](#two-sub) and a note.[^a]\n\n[^a]: The note.\n",
        "## Two sub\n\nBack to [one](#one).\n\n### Deeper\n\nText.\n\n## Two end\n\nEnd.\n",
        "# 数据类型\n\nRust的数据类型很多。\n",
    ];
    let mut doc = Document::default();
    doc.meta.title = "The Book".into();
    let mut starts = Vec::new();
    for (i, md) in chapters.iter().enumerate() {
        let part = quire_markdown::parse(FileId(i as u32), "c.md", md)
            .unwrap()
            .document;
        starts.push(doc.blocks.len());
        doc.blocks.extend(part.blocks);
        doc.notes.extend(part.notes);
    }
    let div = |kind, name: &str, title: &str, number: Vec<u32>, depth, start| Division {
        kind,
        name: name.into(),
        title: title.into(),
        number,
        depth,
        start,
        span: Span::detached(),
    };
    doc.divisions = vec![
        div(
            DivisionKind::Part,
            "part-1",
            "Beginnings",
            vec![],
            0,
            starts[0],
        ),
        div(DivisionKind::Chapter, "one", "One", vec![1], 0, starts[0]),
        div(
            DivisionKind::Chapter,
            "two",
            "Two",
            vec![1, 1],
            1,
            starts[1],
        ),
        div(
            DivisionKind::BackMatter,
            "shuju",
            "数据类型",
            vec![],
            0,
            starts[2],
        ),
    ];
    doc
}

fn files(doc: &Document) -> Vec<(String, String)> {
    site(doc, &Assets::new(), &HtmlOptions::default())
        .files
        .into_iter()
        .map(|(n, b)| (n, String::from_utf8(b).unwrap_or_default()))
        .collect()
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    &files.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn a_book_is_a_folder_of_pages_with_shared_files() {
    let f = files(&book());
    let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "fonts/LibertinusSerif-Regular.woff",
            "index.html",
            "one.html",
            "part-1.html",
            "quire.css",
            "quire.js",
            "search.js",
            "shuju.html",
            "two.html"
        ]
    );
    let one = file(&f, "one.html");
    assert!(one.contains("<link rel=\"stylesheet\" href=\"quire.css\">"));
    assert!(!one.contains("@font-face"), "no face inlined in a page");
    assert!(file(&f, "quire.css").contains("src:url(\"fonts/LibertinusSerif-Regular.woff\")"));
    // The link forward goes to the page holding the id; the note is at the page's end.
    assert!(one.contains("href=\"two.html#two-sub\""), "{one}");
    assert!(one.contains("<section class=\"footnotes\""), "{one}");
    assert!(
        one.contains("<a href=\"one.html\" aria-current=\"page\">"),
        "{one}"
    );
    assert!(one.contains("rel=\"prev\" href=\"part-1.html\""), "{one}");
    assert!(one.contains("rel=\"next\" href=\"two.html\""), "{one}");
    // A nested chapter's first heading is its page's h1.
    let two = file(&f, "two.html");
    assert!(two.contains("<h1 id=\"two-sub\">"), "{two}");
    assert!(two.contains("<h2 id=\"deeper\">"), "{two}");
    // A sibling of the title in the source is a section of the page.
    assert!(two.contains("<h2 id=\"two-end\">"), "{two}");
    assert!(two.contains("href=\"one.html#one\""), "{two}");
    // A part without text lists its chapters.
    let part = file(&f, "part-1.html");
    assert!(part.contains("<h1>Beginnings</h1>"), "{part}");
    assert!(part.contains("<li><a href=\"one.html\">"), "{part}");
}

#[test]
fn the_search_index_finds_words_and_cjk() {
    let f = files(&book());
    let js = file(&f, "search.js");
    let json: serde_json::Value = serde_json::from_str(
        js.trim()
            .strip_prefix("window.quireSearch = ")
            .unwrap()
            .strip_suffix(';')
            .unwrap(),
    )
    .unwrap();
    for term in ["deeper", "数据", "类型", "rust"] {
        assert!(json["terms"][term].is_array(), "{term} not indexed");
    }
}

#[test]
fn sites_are_byte_identical() {
    assert_eq!(files(&book()), files(&book()));
}
