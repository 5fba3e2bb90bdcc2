//! One annotation layer and one paragraph numbering in every edition (issue 13): the
//! article's notes are all in the e-book and on the web page, each beside (or linked
//! from) its passage; the paragraph numbers each edition prints are the numbers
//! `quire-annotate` gave, paragraph for paragraph; several layers and a Hypothesis
//! import work end to end.

use std::collections::BTreeMap;

use quire_doc::Document;
use quire_tests::{quire_in, root};

fn loaded() -> quire::Loaded {
    quire::load(&quire::LoadOptions::new(root().join("source/article.md"))).expect("loads")
}

/// The model's numbering: (paragraph id, number), in reading order.
fn model_numbers(doc: &Document) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    quire_doc::walk_blocks(&doc.blocks, &mut |b| {
        if let Some(n) = quire_doc::enrich::paragraph_number(b) {
            out.push((b.id().to_string(), n));
        }
    });
    out
}

/// The EPUB's content documents in spine order: (file name, XHTML).
fn spine_texts(epub: &[u8]) -> Vec<(String, String)> {
    let entries = crate::epub::unzip(epub);
    crate::epub::spine(&entries)
        .into_iter()
        .map(|path| {
            let text = crate::epub::entry(&entries, &path).to_string();
            (path, text)
        })
        .collect()
}

/// `(id, number)` for every `<p id="…"><span class="pn">N</span>` of `xhtml`.
fn epub_numbers(xhtml: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for piece in xhtml.split("<p id=\"").skip(1) {
        let (id, rest) = piece.split_once('"').unwrap();
        let Some(after) = rest
            .split_once('>')
            .and_then(|(_, r)| r.strip_prefix("<span class=\"pn\">"))
        else {
            continue;
        };
        let n = after.split('<').next().unwrap().parse().unwrap();
        out.push((id.to_string(), n));
    }
    out
}

/// `(id, number)` for every paragraph of the web page with a number (`class="pn"` and
/// `data-n` inside a `<p id="…">`).
fn html_numbers(html: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for piece in html.split("<p id=\"").skip(1) {
        let (id, rest) = piece.split_once('"').unwrap();
        let para = rest.split("</p>").next().unwrap();
        let Some(pn) = para.split("class=\"pn\"").nth(1) else {
            continue;
        };
        let head = pn.split('>').next().unwrap();
        let n = head
            .split("data-n=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("paragraph {id}: a number without data-n: {head}"));
        out.push((id.to_string(), n));
    }
    out
}

fn slice_between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

#[test]
fn paragraph_numbers_are_the_same_in_the_ebook_and_on_the_web() {
    let loaded = loaded();
    let model = model_numbers(&loaded.document);
    assert!(model.len() > 30, "{}", model.len());
    let epub = crate::pipeline::render(quire::Format::Epub, &loaded);
    let in_epub: Vec<(String, u32)> = spine_texts(&epub)
        .iter()
        .flat_map(|(_, x)| epub_numbers(x))
        .collect();
    assert_eq!(in_epub, model, "the EPUB prints the model's numbers");
    let html = String::from_utf8(crate::pipeline::render(quire::Format::Html, &loaded)).unwrap();
    assert_eq!(
        html_numbers(&html),
        model,
        "the web page prints the model's numbers"
    );
}

#[test]
fn every_note_is_in_the_ebook_beside_its_passage() {
    let loaded = loaded();
    let doc = &loaded.document;
    assert_eq!(doc.annotations.len(), 45);
    let epub = crate::pipeline::render(quire::Format::Epub, &loaded);
    let texts = spine_texts(&epub);
    let mut found = BTreeMap::new();
    for a in &doc.annotations {
        let aside_open = format!("class=\"annotation\" id=\"{}\">", a.slug);
        let holders: Vec<&(String, String)> = texts
            .iter()
            .filter(|(_, x)| x.contains(&aside_open))
            .collect();
        assert_eq!(holders.len(), 1, "note {} is in one document", a.slug);
        let (file, xhtml) = holders[0];
        // The pop-up: an aside the reading system knows as a note.
        let aside = slice_between(xhtml, &aside_open, "</aside>").unwrap();
        assert!(
            xhtml.contains(&format!(
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" {aside_open}"
            )),
            "{}",
            a.slug
        );
        // Its reference, a letter, in the same document, and the passage marked there.
        let noteref = format!("href=\"#{}\" epub:type=\"noteref\"", a.slug);
        assert!(xhtml.contains(&noteref), "{file}: no noteref to {}", a.slug);
        assert!(
            xhtml.contains(&format!(
                "aria-label=\"Editorial note {m}\">{m}</a>",
                m = a.marker()
            )),
            "{}",
            a.slug
        );
        assert!(
            aside.contains(&format!("href=\"#{}-ref\"", a.slug)),
            "back-link"
        );
        // The body's words are there.
        let body = quire_doc::inline_text(&first_inlines(&a.body));
        let first_words: String = body
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        let plain = aside.replace('\u{AD}', "");
        let plain = crate::epub::reading_text(&format!("<body>{plain}")).0;
        assert!(
            plain
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&first_words),
            "{}: {first_words:?} not in {plain:?}",
            a.slug
        );
        *found.entry(file.clone()).or_insert(0) += 1;
    }
    // The notes are spread over the chapters they belong to, not gathered at the end.
    assert!(found.len() >= 3, "{found:?}");
}

fn first_inlines(blocks: &[quire_doc::Block]) -> Vec<quire_doc::Inline> {
    blocks
        .iter()
        .find_map(|b| match &b.kind {
            quire_doc::BlockKind::Paragraph { content } => Some(content.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn a_hypothesis_export_is_imported_and_shown_as_a_second_layer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("source/article.md"),
        dir.path().join("article.md"),
    )
    .unwrap();
    let export = root().join("tests/fixtures/hypothesis/article-export.json");
    let export = export.to_str().unwrap();
    let out = quire_in(dir.path(), &["annotations", "import", export, "article.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("added 2 annotations"), "{err}");
    assert!(err.contains("left out Rr1yU0d3EfC4bQ: a reply"), "{err}");
    assert!(err.contains("2 annotations of"), "{err}");
    let sidecar = dir.path().join("article.annotations.json");
    let first = std::fs::read(&sidecar).unwrap();
    // Importing again adds nothing and leaves the file as it was.
    let again = quire_in(dir.path(), &["annotations", "import", export, "article.md"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("added 0 annotations"));
    assert_eq!(std::fs::read(&sidecar).unwrap(), first);

    // A file that is not an export, and an output that would replace the source: clear
    // errors, and nothing written.
    std::fs::write(dir.path().join("other.json"), "{\"x\": 1}").unwrap();
    let bad = quire_in(
        dir.path(),
        &["annotations", "import", "other.json", "article.md"],
    );
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("other.json: it is not a Hypothesis export"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let args = [
        "annotations",
        "import",
        export,
        "article.md",
        "--output",
        "article.md",
    ];
    let over = quire_in(dir.path(), &args);
    assert!(!over.status.success());
    assert_eq!(
        std::fs::read(dir.path().join("article.md")).unwrap(),
        std::fs::read(root().join("source/article.md")).unwrap()
    );
    assert_eq!(std::fs::read(&sidecar).unwrap(), first);

    // The editors' notes and the imported ones, as two layers.
    let editors = root().join("source/annotations.json");
    let mut opts = quire::LoadOptions::new(dir.path().join("article.md"));
    opts.annotations = quire::AnnotationSource::Files(vec![editors, sidecar]);
    let loaded = quire::load(&opts).expect("both layers load");
    let doc = &loaded.document;
    assert_eq!(doc.annotations.len(), 47);
    let layers = quire_doc::annotation_layers(&doc.annotations);
    assert_eq!(layers.len(), 2, "{layers:?}");
    let numbers: Vec<u32> = doc.annotations.iter().map(|a| a.number).collect();
    assert_eq!(
        numbers,
        (1..=47).collect::<Vec<_>>(),
        "one numbering over both"
    );
    let translator = doc
        .annotations
        .iter()
        .find(|a| a.id.ends_with("Xq9kT2a1EfC4bQ"))
        .unwrap();
    assert_eq!(translator.creator.as_deref(), Some("A. Translator"));
    assert_eq!(translator.tags, ["terminology", "translation"]);
    let epub = crate::pipeline::render(quire::Format::Epub, &loaded);
    let all: String = spine_texts(&epub).into_iter().map(|(_, x)| x).collect();
    assert_eq!(all.matches("class=\"annotation layer-1\"").count(), 45);
    assert_eq!(all.matches("class=\"annotation layer-2\"").count(), 2);
    assert!(all.contains("<p class=\"anno-by\">— A. Translator, 29 November 2026</p>"));
}
