//! Books: a `quire.toml` project and mdBook projects read as they are, into one document
//! with divisions, unique ids and resolved links between chapters.

use std::collections::BTreeSet;
use std::path::Path;

use quire::LoadOptions;
use quire_doc::{DivisionKind, Document, InlineKind, for_each_inline};

fn fixture(name: &str) -> std::path::PathBuf {
    quire_tests::root().join("tests/fixtures").join(name)
}

/// Every id of the document, with the ids used more than once.
fn duplicate_ids(doc: &Document) -> Vec<String> {
    let mut doc = doc.clone();
    let mut seen = BTreeSet::new();
    let mut twice = Vec::new();
    // A note reference names its note, and the note lists its references: uses, not
    // second definitions.
    let mut note_names = BTreeSet::new();
    for n in &doc.notes {
        note_names.insert(n.id.clone());
        note_names.extend(n.refs.iter().cloned());
    }
    quire_doc::for_each_id_mut(&mut doc, &mut |id| {
        if !id.is_empty() && !seen.insert(id.clone()) && !note_names.contains(id) {
            twice.push(id.clone());
        }
    });
    twice
}

/// The `#fragment` links of the document.
fn fragment_links(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for_each_inline(doc, &mut |inline| {
        if let InlineKind::Link { url, .. } = &inline.kind
            && let Some(id) = url.strip_prefix('#')
        {
            out.push(id.to_string());
        }
    });
    out
}

/// Every id a link may point at.
fn ids(doc: &Document) -> BTreeSet<String> {
    let mut doc = doc.clone();
    let mut out = BTreeSet::new();
    quire_doc::for_each_id_mut(&mut doc, &mut |id| {
        out.insert(id.clone());
    });
    out
}

#[test]
fn a_quire_toml_book_has_its_structure_metadata_and_links() {
    let loaded = quire::load(&LoadOptions::new(fixture("book"))).unwrap();
    let doc = &loaded.document;
    let kinds: Vec<(DivisionKind, &str, String)> = doc
        .divisions
        .iter()
        .map(|d| (d.kind, d.name.as_str(), d.number_text()))
        .collect();
    use DivisionKind::*;
    assert_eq!(
        kinds,
        [
            (FrontMatter, "preface", String::new()),
            (Chapter, "measure", "1".into()),
            (Part, "part-lines", String::new()),
            (Chapter, "leading", "2".into()),
            (Chapter, "hyphens", "3".into()),
            (Part, "part-pages", String::new()),
            (Chapter, "margins", "4".into()),
            (Appendix, "appendix", "A".into()),
            (BackMatter, "colophon", String::new()),
        ]
    );
    // A part with a file has its text; one without is empty.
    assert_eq!(doc.division_blocks(2).len(), 1);
    assert!(doc.division_blocks(5).is_empty());
    assert_eq!(doc.divisions[3].title, "Leading");
    assert_eq!(doc.meta.title, "The Measure of a Page");
    assert_eq!(
        doc.meta.identifier.as_deref(),
        Some("urn:isbn:9780000000002")
    );
    assert!(!doc.meta.extra.contains_key("contents"));
    let book = loaded.book.as_ref().unwrap();
    assert_eq!(book.name, "measure");
    // Ids are unique over the book: the second chapter's “Why it matters” and footnote
    // `[^1]` were renamed, and the notes keep their per-chapter numbers.
    assert!(duplicate_ids(doc).is_empty(), "{:?}", duplicate_ids(doc));
    let all = ids(doc);
    assert!(all.contains("why-it-matters") && all.contains("why-it-matters-1"));
    let notes: Vec<(&str, u32)> = doc
        .notes
        .iter()
        .map(|n| (n.id.as_str(), n.number))
        .collect();
    assert_eq!(notes, [("fn-why", 1), ("fn-1", 1), ("fn-1-1", 1)]);
    // Links between chapter files point at places in the book, each one there.
    let links = fragment_links(doc);
    for expected in [
        "leading",
        "how-many-are-too-many",
        "break-rules",
        "the-measure",
        "margins",
        "why-it-matters",
    ] {
        assert!(
            links.iter().any(|l| l == expected),
            "{expected} in {links:?}"
        );
    }
    for link in &links {
        assert!(all.contains(link), "#{link} resolves");
    }
    // The image of chapters/measure.md (`../images/cover.png`) is found from the root.
    assert!(loaded.assets.image("images/cover.png").is_some());
    // Spans point into the chapter files.
    let margins = &doc.blocks[doc.division_blocks(6).start];
    assert!(
        loaded
            .sources
            .name(margins.span.file)
            .ends_with("chapters/margins.md")
    );
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn the_rust_book_is_read_as_an_mdbook_project() {
    let loaded = quire::load(&LoadOptions::new(fixture("rust-book-ch1-6"))).unwrap();
    let doc = &loaded.document;
    assert_eq!(doc.meta.title, "The Rust Programming Language");
    assert_eq!(doc.meta.authors.len(), 4, "{:?}", doc.meta.authors);
    assert_eq!(doc.divisions.len(), 26);
    let front: Vec<&str> = doc
        .divisions
        .iter()
        .filter(|d| d.kind == DivisionKind::FrontMatter)
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(front, ["title-page", "foreword", "ch00-00-introduction"]);
    let installation = doc
        .divisions
        .iter()
        .find(|d| d.name == "ch01-01-installation")
        .unwrap();
    assert_eq!(
        (installation.depth, installation.number_text().as_str()),
        (1, "1.1")
    );
    assert!(duplicate_ids(doc).is_empty(), "{:?}", duplicate_ids(doc));
    // `ch01-01-installation.html#troubleshooting` (in ch01-02) and a link to a whole
    // chapter (`ch03-04-comments.html`) resolve to places in the book.
    let all = ids(doc);
    let links = fragment_links(doc);
    assert!(links.iter().any(|l| l == "troubleshooting"));
    let comments = &doc.blocks[doc
        .division_blocks(
            doc.divisions
                .iter()
                .position(|d| d.name == "ch03-04-comments")
                .unwrap(),
        )
        .start];
    assert!(links.contains(&comments.attr.id), "{}", comments.attr.id);
    for link in &links {
        assert!(all.contains(link), "#{link} resolves");
    }
    // Included listings are files of the book (diagnostics can point into them, and
    // `watch` sees them change).
    let listings = loaded
        .sources
        .files()
        .iter()
        .filter(|f| f.name.contains("/listings/"))
        .count();
    assert!(listings > 20, "{listings}");
    // Links to chapters the excerpt leaves out (ch07 and later) are the only warnings.
    for w in &loaded.warnings {
        assert!(
            w.message.contains("not a chapter of this book") || w.message.contains("skips a level"),
            "{}",
            w.message
        );
    }
}

/// Writes `files` (path, contents) under `dir`.
fn write_all(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn mdbook_structure_includes_and_hidden_lines_follow_mdbook() {
    let dir = tempfile::tempdir().unwrap();
    write_all(
        dir.path(),
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nlanguage = \"de\"\n\n[output.html]\nmathjax-support = true\n",
            ),
            (
                "src/SUMMARY.md",
                "# Summary\n\n[Intro](intro.md)\n\n# Part One\n\n- [One](one.md)\n  - [One A](sub/one-a.md)\n- [Draft]()\n\n---\n\n# Part Two\n\n- [Two](two.md)\n\n[Afterword](after.md)\n",
            ),
            (
                "src/intro.md",
                "# Intro\n\nSee [one A](sub/one-a.md#deep).\n",
            ),
            (
                "src/one.md",
                "# One\n\n```rust\n# fn main() {\nlet x = 1;\n##![allow(unused)]\n    # let hidden = 2;\n# }\n```\n\n```text\n# not rust\n```\n",
            ),
            (
                "src/sub/one-a.md",
                "## Deep {#deep}\n\n```rust\n{{#include ../../code/lib.rs:part}}\n```\n\n[up](../one.md)\n",
            ),
            (
                "code/lib.rs",
                "// ANCHOR: part\npub fn shown() {}\n// ANCHOR_END: part\nfn not_shown() {}\n",
            ),
            ("src/two.md", "# Two\n\nText.\n"),
            ("src/after.md", "# Afterword\n\nEnd.\n"),
        ],
    );
    let loaded = quire::load(&LoadOptions::new(dir.path())).unwrap();
    let doc = &loaded.document;
    use DivisionKind::*;
    let kinds: Vec<(DivisionKind, String, u8)> = doc
        .divisions
        .iter()
        .map(|d| (d.kind, d.number_text(), d.depth))
        .collect();
    assert_eq!(
        kinds,
        [
            (FrontMatter, String::new(), 0),
            (Part, String::new(), 0),
            (Chapter, "1".into(), 0),
            (Chapter, "1.1".into(), 1),
            (Part, String::new(), 0),
            (Chapter, "3".into(), 0),
            (BackMatter, String::new(), 0),
        ]
    );
    assert_eq!(doc.meta.language, "de");
    // The draft is left out, with a warning at its line.
    let draft = loaded
        .warnings
        .iter()
        .find(|w| w.message.contains("draft"))
        .expect("a warning for the draft");
    let (name, line, _) = loaded.sources.line_col(draft.span).unwrap();
    assert!(name.ends_with("SUMMARY.md") && line == 9, "{name}:{line}");
    // Hidden lines of Rust blocks are gone, `##` is unescaped; other languages keep `#`.
    let mut code = Vec::new();
    quire_doc::walk_blocks(&doc.blocks, &mut |b| {
        if let quire_doc::BlockKind::CodeBlock { text, .. } = &b.kind {
            code.push(text.clone());
        }
    });
    assert_eq!(
        code,
        [
            "let x = 1;\n#![allow(unused)]",
            "# not rust",
            "pub fn shown() {}"
        ]
    );
    // Links across folders resolve.
    let links = fragment_links(doc);
    assert!(links.contains(&"deep".to_string()), "{links:?}");
    assert!(links.contains(&"one".to_string()), "{links:?}");
}

#[test]
fn a_bad_manifest_is_an_error_at_its_line_and_column() {
    let cases: [(&str, &str, u32, &str); 4] = [
        (
            "title = \"T\"\n[contents]\nchapter = [\"a.md\"]\n",
            "",
            3,
            "unknown field `chapter`",
        ),
        ("title = \"T\"\n[contents\n", "", 2, "not a valid manifest"),
        (
            "title = \"T\"\n[contents]\nchapters = [\"a.md\", \"missing.md\"]\n",
            "a.md",
            3,
            "missing.md",
        ),
        (
            "title = \"T\"\ndate = \"tomorrow\"\n[contents]\nchapters = [\"a.md\"]\n",
            "a.md",
            2,
            "ISO 8601",
        ),
    ];
    for (manifest, chapter, line, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("quire.toml"), manifest).unwrap();
        if !chapter.is_empty() {
            std::fs::write(dir.path().join(chapter), "# A\n").unwrap();
        }
        let failure = quire::load(&LoadOptions::new(dir.path())).unwrap_err();
        let d = &failure.diagnostics[0];
        let (name, at, _) = failure.sources.line_col(d.span).unwrap();
        assert!(name.ends_with("quire.toml"), "{name}");
        assert_eq!(at, line, "{manifest}: {}", d.message);
        assert!(d.message.contains(message), "{}", d.message);
    }
}

#[test]
fn chapters_and_includes_stay_inside_the_project() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "secret words").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    let relative = format!(
        "../{}/secret.md",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    write_all(
        dir.path(),
        &[(
            "quire.toml",
            &format!("title = \"T\"\n[contents]\nchapters = [\"{relative}\"]\n"),
        )],
    );
    let failure = quire::load(&LoadOptions::new(dir.path().join("quire.toml"))).unwrap_err();
    assert!(
        failure.diagnostics[0]
            .message
            .contains("outside the project"),
        "{}",
        failure.diagnostics[0].message
    );
    let book = tempfile::tempdir().unwrap();
    write_all(
        book.path(),
        &[
            ("book.toml", "[book]\ntitle = \"T\"\n"),
            ("src/SUMMARY.md", "- [A](a.md)\n"),
            (
                "src/a.md",
                &format!("# A\n\n{{{{#include {}}}}}\n", secret.display()),
            ),
        ],
    );
    let failure = quire::load(&LoadOptions::new(book.path())).unwrap_err();
    assert!(
        failure.diagnostics[0]
            .message
            .contains("outside the project"),
        "{}",
        failure.diagnostics[0].message
    );
}

#[test]
fn quire_build_of_a_folder_writes_the_books_editions() {
    let out = tempfile::tempdir().unwrap();
    let run = quire_tests::quire(&[
        "build",
        fixture("book").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--to",
        "html,epub",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for name in ["measure/index.html", "measure.epub"] {
        assert!(out.path().join(name).is_file(), "{name}");
    }
    assert!(!out.path().join("measure.pdf").exists());
}

/// The EPUB of `loaded`, with the default options.
fn epub_of(loaded: &quire::Loaded) -> Vec<u8> {
    quire::render(
        quire::Format::Epub,
        loaded,
        &quire::RenderOptions::default(),
    )
    .unwrap()
    .bytes
}

/// EPUBCheck and Ace report nothing on the EPUB `bytes`.
fn epub_validates(bytes: &[u8]) {
    let out = tempfile::tempdir().unwrap();
    let book = out.path().join("book.epub");
    std::fs::write(&book, bytes).unwrap();
    crate::epub::epubcheck_clean(&book);
    if let Some(summary) = crate::epub::run_tool("ace.sh", &book, &out.path().join("ace")) {
        assert!(summary.starts_with("violations: 0\n"), "{summary}");
    }
}

/// Each paragraph's words of `blocks`, found in `text`'s words in order.
fn assert_words_in_order(blocks: &[quire_doc::Block], text: &str, what: &str) {
    let words = quire_tests::words(text).join(" ");
    let mut at = 0;
    quire_doc::walk_blocks(blocks, &mut |b| {
        if let quire_doc::BlockKind::Paragraph { content } = &b.kind {
            let para = quire_doc::inline_text(content);
            let para = quire_tests::words(&para).join(" ");
            if para.is_empty() {
                return;
            }
            match words[at..].find(&para) {
                Some(i) => at += i + para.len(),
                None => panic!("{what}: not found in order: {para:?}"),
            }
        }
    });
}

#[test]
fn a_books_epub_has_a_document_per_division_and_its_structure_in_the_nav() {
    let fixture_dir = fixture("book");
    let loaded = quire::load(&LoadOptions::new(&fixture_dir)).unwrap();
    let bytes = epub_of(&loaded);
    let entries = crate::epub::unzip(&bytes);
    let spine = crate::epub::spine(&entries);
    let names: Vec<String> = loaded
        .document
        .divisions
        .iter()
        .map(|d| format!("OEBPS/{}.xhtml", d.name))
        .collect();
    assert_eq!(
        spine[..3],
        ["OEBPS/cover.xhtml", "OEBPS/title.xhtml", "OEBPS/toc.xhtml"]
    );
    assert_eq!(spine[3..], names[..]);
    // The Contents page is out of the reading order and reached from the title page.
    let opf = crate::epub::entry(&entries, "OEBPS/content.opf");
    assert!(
        opf.contains("<itemref idref=\"id_toc.xhtml\" linear=\"no\"/>"),
        "{opf}"
    );
    assert!(crate::epub::entry(&entries, "OEBPS/title.xhtml").contains("href=\"toc.xhtml\""));
    // The manifest's cover is the cover image.
    assert!(
        opf.contains("properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.png\""),
        "{opf}"
    );
    // Parts hold their chapters in the navigation; landmarks name the cover, the
    // contents and where the body begins (the first chapter, after the preface).
    let nav = crate::epub::entry(&entries, "OEBPS/nav.xhtml");
    let part = nav
        .split("<a href=\"part-lines.xhtml\">Lines</a>")
        .nth(1)
        .unwrap();
    let part = part.split("<a href=\"part-pages.xhtml\">").next().unwrap();
    assert!(
        part.contains("2. Leading") && part.contains("3. Hyphens"),
        "{part}"
    );
    assert!(nav.contains("A. Appendix: break rules"));
    let landmarks = nav.split("epub:type=\"landmarks\"").nth(1).unwrap();
    for landmark in [
        "epub:type=\"cover\"",
        "epub:type=\"toc\"",
        "epub:type=\"bodymatter\" href=\"measure.xhtml\"",
    ] {
        assert!(landmarks.contains(landmark), "{landmark} in {landmarks}");
    }
    // Each division's text is in its own document; a part has its title.
    let doc = &loaded.document;
    for (i, name) in names.iter().enumerate() {
        let (body, _) = crate::epub::reading_text(crate::epub::entry(&entries, name));
        assert_words_in_order(&doc.blocks[doc.division_blocks(i)], &body, name);
    }
    assert!(crate::epub::entry(&entries, "OEBPS/part-pages.xhtml").contains(">Pages</h1>"));
    // Cross-chapter links go to the file that holds the id.
    let preface = crate::epub::entry(&entries, "OEBPS/preface.xhtml");
    assert!(
        preface.contains("href=\"hyphens.xhtml#how-many-are-too-many\""),
        "{preface}"
    );
    epub_validates(&bytes);
}

#[test]
fn the_rust_books_epub_has_every_chapters_words_in_its_own_document() {
    let loaded = quire::load(&LoadOptions::new(fixture("rust-book-ch1-6"))).unwrap();
    let bytes = epub_of(&loaded);
    let entries = crate::epub::unzip(&bytes);
    let doc = &loaded.document;
    for (i, d) in doc.divisions.iter().enumerate() {
        let name = format!("OEBPS/{}.xhtml", d.name);
        let (body, _) = crate::epub::reading_text(crate::epub::entry(&entries, &name));
        assert_words_in_order(&doc.blocks[doc.division_blocks(i)], &body, &name);
    }
    // Nested chapters are nested in the navigation.
    let nav = crate::epub::entry(&entries, "OEBPS/nav.xhtml");
    let getting_started = nav
        .split("<a href=\"ch01-00-getting-started.xhtml\">1. Getting Started</a>")
        .nth(1)
        .unwrap();
    let nested = getting_started.split("</ol>").next().unwrap();
    assert!(nested.contains("1.1. Installation"), "{nested}");
    epub_validates(&bytes);
}

#[test]
fn one_annotation_file_serves_the_whole_book_and_diagnostics_name_included_files() {
    let dir = tempfile::tempdir().unwrap();
    let annotations = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
      "first": {"type": "AnnotationPage", "items": [
        {"id": "urn:a:1", "type": "Annotation", "motivation": "commenting",
         "body": {"type": "TextualBody", "format": "text/markdown", "value": "On the *first* chapter."},
         "target": {"selector": {"type": "TextQuoteSelector", "exact": "words of the first"}}},
        {"id": "urn:a:2", "type": "Annotation", "motivation": "commenting",
         "body": {"type": "TextualBody", "format": "text/markdown", "value": "On the second."},
         "target": {"selector": {"type": "TextQuoteSelector", "exact": "included words"}}}]}}"#;
    write_all(
        dir.path(),
        &[
            ("book.toml", "[book]\n"),
            (
                "src/SUMMARY.md",
                "# The Summary Title\n\n- [A](a.md)\n- [B](b.md)\n",
            ),
            (
                "src/a.md",
                "---\ntitle: Not used\n---\n\n# A\n\nThe words of the first chapter.\n",
            ),
            ("src/b.md", "# B\n\n{{#include part.md}}\n"),
            (
                "src/part.md",
                "Some included words, and [a bad link](#nowhere).\n",
            ),
            ("annotations.json", annotations),
        ],
    );
    let loaded = quire::load(&LoadOptions::new(dir.path())).unwrap();
    // Without a title in book.toml, SUMMARY.md's own title is the book's.
    assert_eq!(loaded.document.meta.title, "The Summary Title");
    assert_eq!(loaded.document.annotations.len(), 2);
    let place = |needle: &str| {
        let w = loaded
            .warnings
            .iter()
            .find(|w| w.message.contains(needle))
            .unwrap_or_else(|| panic!("a warning about {needle}: {:?}", loaded.warnings));
        let (name, line, col) = loaded.sources.line_col(w.span).unwrap();
        (
            Path::new(name)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned(),
            line,
            col,
        )
    };
    assert_eq!(place("#nowhere"), ("part.md".to_string(), 1, 26));
    assert_eq!(place("front matter is not used").0, "a.md");
}

#[test]
fn print_pages_become_page_break_markers_and_a_page_list() {
    let loaded = quire::load(&LoadOptions::new(fixture("book"))).unwrap();
    let doc = &loaded.document;
    // A page beginning in every top-level block, three characters in.
    let pages: Vec<quire_epub::PrintPage> = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| quire_epub::PrintPage {
            label: (i + 1).to_string(),
            id: b.attr.id.clone(),
            offset: 3,
        })
        .collect();
    let opts = quire_epub::EpubOptions {
        pages,
        page_source: Some("urn:isbn:9780000000002".into()),
        ..Default::default()
    };
    let bytes = quire_epub::epub(doc, &loaded.assets, &opts).unwrap().bytes;
    let entries = crate::epub::unzip(&bytes);
    let nav = crate::epub::entry(&entries, "OEBPS/nav.xhtml");
    let list = nav
        .split("epub:type=\"page-list\"")
        .nth(1)
        .expect("a page list");
    let hrefs: Vec<&str> = list
        .split("<a href=\"")
        .skip(1)
        .map(|a| a.split('"').next().unwrap())
        .collect();
    assert!(hrefs.len() >= 15, "{hrefs:?}");
    for href in &hrefs {
        let (file, id) = href.split_once('#').unwrap();
        let xhtml = crate::epub::entry(&entries, &format!("OEBPS/{file}"));
        let marker = format!("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\"");
        assert_eq!(xhtml.matches(&marker).count(), 1, "{href}");
    }
    // Three characters into the first paragraph of the preface.
    let preface = crate::epub::entry(&entries, "OEBPS/preface.xhtml");
    assert!(
        preface.contains("Thi<span epub:type=\"pagebreak\""),
        "{preface}"
    );
    // The markers are not text.
    let (body, _) = crate::epub::reading_text(preface);
    assert!(body.contains("This book is short on purpose."), "{body}");
    let opf = crate::epub::entry(&entries, "OEBPS/content.opf");
    assert!(opf.contains("<meta property=\"pageBreakSource\">urn:isbn:9780000000002</meta>"));
    epub_validates(&bytes);
}

/// The `id`s of an XHTML or HTML document.
pub(crate) fn ids_in(markup: &str) -> BTreeSet<String> {
    markup
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The `href`s of a document that stay inside the publication (no scheme).
pub(crate) fn local_hrefs(markup: &str) -> Vec<String> {
    markup
        .split(" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| !h.contains(':'))
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

#[test]
fn every_link_of_the_rust_books_epub_leads_to_a_file_and_an_id_in_it() {
    let loaded = quire::load(&LoadOptions::new(fixture("rust-book-ch1-6"))).unwrap();
    let bytes = epub_of(&loaded);
    let entries = crate::epub::unzip(&bytes);
    let documents: Vec<(&str, String)> = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(n, d)| (n.as_str(), String::from_utf8_lossy(d).into_owned()))
        .collect();
    let mut followed = 0;
    let mut across = 0;
    for (name, xhtml) in &documents {
        for href in local_hrefs(xhtml) {
            if href.ends_with(".css") {
                continue;
            }
            let (file, id) = href.split_once('#').unwrap_or((href.as_str(), ""));
            let target = if file.is_empty() {
                name.to_string()
            } else {
                format!("OEBPS/{file}")
            };
            let (_, text) = documents
                .iter()
                .find(|(n, _)| *n == target)
                .unwrap_or_else(|| panic!("{name}: {href} names no document"));
            if !id.is_empty() {
                assert!(
                    ids_in(text).contains(id),
                    "{name}: {href} names no id there"
                );
            }
            followed += 1;
            if !file.is_empty() && target != *name && name.contains("ch0") && target.contains("ch0")
            {
                across += 1;
            }
        }
    }
    assert!(followed > 250, "{followed}");
    assert!(across > 20, "{across} links between chapters");
}

#[test]
fn the_epubs_page_list_points_where_the_pdfs_pages_begin() {
    let loaded = quire::load(&LoadOptions::new(fixture("rust-book-ch1-6"))).unwrap();
    let formats = [quire::Format::Epub, quire::Format::Pdf];
    let mut results = quire::render_all(&formats, &loaded, &quire::RenderOptions::default());
    let pdf = results.pop().unwrap().1.unwrap().bytes;
    let epub = results.pop().unwrap().1.unwrap().bytes;
    let labels = crate::pdf_book::page_labels(&lopdf::Document::load_mem(&pdf).unwrap());
    let pages = crate::pdf_text::pages(&pdf);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let entries = crate::epub::unzip(&epub);
    let nav = crate::epub::entry(&entries, "OEBPS/nav.xhtml");
    let list = nav
        .split("epub:type=\"page-list\"")
        .nth(1)
        .expect("a page list");
    let items: Vec<(String, String)> = list
        .split("<a href=\"")
        .skip(1)
        .map(|a| {
            let (href, rest) = a.split_once("\">").unwrap();
            (
                href.to_string(),
                rest.split('<').next().unwrap().to_string(),
            )
        })
        .collect();
    // Most pages begin in the text (blank pages and full-page figures do not).
    assert!(
        items.len() * 10 >= labels.len() * 8,
        "{} of {}",
        items.len(),
        labels.len()
    );
    let mut checked = 0;
    for (href, label) in items.iter().step_by(3) {
        let (file, id) = href.split_once('#').unwrap();
        let xhtml = crate::epub::entry(&entries, &format!("OEBPS/{file}"));
        let marker = format!("id=\"{id}\"");
        let after = xhtml.split(&marker).nth(1).unwrap();
        let after = after.split_once("/>").unwrap().1;
        let (text, _) = crate::epub::reading_text(&format!("<body>{after}"));
        let words: String = squeeze(&text).chars().take(24).collect();
        let index = labels
            .iter()
            .position(|l| l == label)
            .unwrap_or_else(|| panic!("no page {label}"));
        let page = squeeze(&pages[index]);
        assert!(
            page.chars().take(160).collect::<String>().contains(&words),
            "page {label}: the e-book's marker is before {words:?}, the PDF page begins {:?}",
            page.chars().take(120).collect::<String>()
        );
        checked += 1;
    }
    assert!(checked > 10, "{checked}");
}

#[test]
fn every_link_of_the_rust_books_pdf_leads_to_a_destination() {
    let loaded = quire::load(&LoadOptions::new(fixture("rust-book-ch1-6"))).unwrap();
    let rendered = quire::render(
        quire::Format::Pdf,
        &loaded,
        &quire::RenderOptions::default(),
    )
    .unwrap();
    // No link was dropped for want of a place in print.
    for w in &rendered.warnings {
        assert!(
            !w.message.contains("print has no such place"),
            "{}",
            w.message
        );
    }
    let pdf = lopdf::Document::load_mem(&rendered.bytes).unwrap();
    let dests = crate::pdf_book::destinations(&pdf);
    let name_of = |o: &lopdf::Object| -> Option<String> {
        let o = match o {
            lopdf::Object::Reference(r) => pdf.get_object(*r).ok()?,
            o => o,
        };
        o.as_str().ok().map(crate::pdf_text::text_string)
    };
    let (mut internal, mut across) = (0, 0);
    for (n, page) in pdf.get_pages().values().enumerate() {
        let Ok(annots) = pdf.get_page_annotations(*page) else {
            continue;
        };
        for annot in annots {
            if annot.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) != Some(b"Link") {
                continue;
            }
            let dest = annot.get(b"Dest").ok().and_then(&name_of).or_else(|| {
                let action = match annot.get(b"A").ok()? {
                    lopdf::Object::Reference(r) => pdf.get_dictionary(*r).ok()?,
                    lopdf::Object::Dictionary(d) => d,
                    _ => return None,
                };
                action.get(b"D").ok().and_then(&name_of)
            });
            if let Some(name) = dest {
                let target = dests
                    .get(&name)
                    .unwrap_or_else(|| panic!("page {n}: #{name} goes nowhere"));
                internal += 1;
                if target.abs_diff(n) > 2 {
                    across += 1;
                }
            }
        }
    }
    // The contents entries and the links of the text (within and across chapters).
    assert!(internal > 50, "{internal} internal links");
    // Every link of the text is there (a link broken across lines is two areas).
    let written = fragment_links(&loaded.document).len();
    assert!(
        internal >= written,
        "{internal} link areas for {written} links"
    );
    assert!(across > 20, "{across} links to far places");
}
