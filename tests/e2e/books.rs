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
            (Appendix, "appendix", "1".into()),
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
