//! Real documents Quire's authors did not write (issue 10): every example of the
//! CommonMark specification built as its own document in all three editions.

use std::path::Path;

use quire::{Format, LoadOptions};
use quire_tests::root;

/// The examples of `spec.txt`: the Markdown between a line of 32 backticks plus
/// ` example` and the line holding `.`, with `→` standing for a tab.
fn commonmark_examples() -> Vec<String> {
    let spec =
        std::fs::read_to_string(root().join("tests/fixtures/commonmark-spec/spec.txt")).unwrap();
    let fence = "`".repeat(32);
    let open = format!("{fence} example");
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_markdown = false;
    for line in spec.lines() {
        match &mut current {
            None if line == open => {
                current = Some(String::new());
                in_markdown = true;
            }
            Some(_) if line == fence => out.push(current.take().unwrap_or_default()),
            Some(_) if line == "." && in_markdown => in_markdown = false,
            Some(md) if in_markdown => {
                md.push_str(&line.replace('→', "\t"));
                md.push('\n');
            }
            _ => {}
        }
    }
    out
}

/// Whether every error of a failed load is about an image file that is not there (the
/// examples use `/url`, `train.jpg` …): the one kind of failure allowed.
fn only_missing_images(failure: &quire::LoadFailure) -> bool {
    let errors: Vec<_> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    !errors.is_empty()
        && errors.iter().all(|d| {
            d.message.starts_with("image `")
                && (d.message.contains("no such file") || d.message.contains("outside"))
        })
}

#[test]
fn every_commonmark_example_builds_in_every_edition() {
    let examples = commonmark_examples();
    assert_eq!(examples.len(), 655, "the spec's examples are all found");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (mut built, mut missing_images, mut failed) = (0, 0, Vec::new());
    let mut pages = Vec::new();
    let mut books = Vec::new();
    for (i, md) in examples.iter().enumerate() {
        let n = i + 1;
        let source = dir.path().join(format!("example-{n}.md"));
        std::fs::write(&source, md).unwrap();
        let loaded = match quire::load(&LoadOptions::new(&source)) {
            Ok(loaded) => loaded,
            Err(failure) if only_missing_images(&failure) => {
                missing_images += 1;
                continue;
            }
            Err(failure) => {
                failed.push(format!("example {n}: load: {:?}", failure.diagnostics));
                continue;
            }
        };
        for format in [Format::Html, Format::Epub, Format::Pdf] {
            match quire::render(format, &loaded, &crate::pipeline::options()) {
                Ok(r) => {
                    let path = out.join(format!("example-{n}.{}", format.extension()));
                    std::fs::write(&path, &r.bytes).unwrap();
                    match format {
                        Format::Html => pages.push(path),
                        Format::Epub if n % 12 == 0 => books.push(path),
                        _ => {}
                    }
                }
                Err(e) => failed.push(format!("example {n}: {format:?}: {e:?}")),
            }
        }
        built += 1;
    }
    eprintln!("{built} examples built, {missing_images} refer to images that are not there");
    // The validators first: every edition that was made must be valid whatever else
    // failed.
    let pages: Vec<&Path> = pages.iter().map(|p| p.as_path()).collect();
    crate::html::nu_check_all(&pages);
    for book in &books {
        crate::epub::epubcheck_clean(book);
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert!(missing_images < 40, "{missing_images}");
    assert!(books.len() >= 50, "{}", books.len());
}

/// The Rust book's chapters in `SUMMARY.md` order, concatenated, with mdBook's
/// `{{#include}}` and `{{#rustdoc_include}}` expanded by Quire's expander
/// ([`quire::include`]) and the `# ` lines of Rust blocks left out, as readers of mdBook's
/// output do not see them. The build itself reads the project as it is; this one-file
/// copy is what the benchmarks under tests/bench/ compare with (`QUIRE_KEEP_BOOK`).
fn rust_book_source(src: &Path) -> String {
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    let (summary, problems) = quire::summary::parse(quire_doc::FileId(0), &summary).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let chapters: Vec<String> = quire::summary::files(&summary)
        .iter()
        .filter_map(|c| c.path.clone())
        .collect();
    assert_eq!(chapters.len(), 26, "{chapters:?}");
    let mut next = 1;
    let mut read = |path: &Path, at: quire_doc::Span| {
        next += 1;
        std::fs::read_to_string(path)
            .map(|t| (quire_doc::FileId(next), t))
            .map_err(|e| quire_doc::Diagnostic::error(at, format!("{}: {e}", path.display())))
    };
    let mut book = String::new();
    for chapter in &chapters {
        let text = std::fs::read_to_string(src.join(chapter)).unwrap();
        let mut problems = Vec::new();
        let expanded =
            quire::include::expand(quire_doc::FileId(0), &text, src, &mut read, &mut problems);
        assert!(problems.is_empty(), "{chapter}: {problems:?}");
        book.push_str(&hide_rust_lines(&expanded.text));
        book.push_str("\n\n");
    }
    book
}

/// Leaves out the lines of Rust code blocks that mdBook hides (`# ` or a lone `#`).
fn hide_rust_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rust = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            rust = !rust && (t.starts_with("```rust") || t == "```");
            // A plain ``` opens a block mdBook treats as Rust; closing resets.
        }
        if rust && (t == "#" || t.starts_with("# ")) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The comments written in `source`'s raw HTML.
fn html_comments(source: &str) -> Vec<String> {
    source
        .split("<!--")
        .skip(1)
        .filter_map(|s| s.split("-->").next())
        .map(|c| c.trim().to_string())
        // Short markers such as `<!-- ignore -->` are words the text uses too; their
        // markup is checked for instead.
        .filter(|c| c.len() >= 20)
        .collect()
}

#[test]
fn the_rust_book_builds_valid_editions() {
    let fixture = root().join("tests/fixtures/rust-book-ch1-6");
    let dir = tempfile::tempdir().unwrap();
    // tests/bench/ scripts time a one-file source of the same book.
    if let Some(keep) = std::env::var_os("QUIRE_KEEP_BOOK") {
        std::fs::write(keep, rust_book_source(&fixture.join("src"))).unwrap();
    }
    // The project is built as it is, by its folder: no file of it is changed.
    let out_dir = dir.path().join("out");
    let out = quire_tests::quire(&[
        "build",
        fixture.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (pdf, epub, html) = (
        out_dir.join("rust-book-ch1-6.pdf"),
        out_dir.join("rust-book-ch1-6.epub"),
        // A book's web edition is a site (tests/e2e/web_book.rs checks its pages).
        out_dir.join("rust-book-ch1-6"),
    );
    let loaded = quire::load(&LoadOptions::new(&fixture)).unwrap();
    // Every file the book was made from (chapters, included listings).
    let source: String = loaded
        .sources
        .files()
        .iter()
        .map(|f| f.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let pdf_bytes = std::fs::read(&pdf).unwrap();
    let pdf_text = crate::pdf_text::text(&pdf_bytes);
    let mut html_text = String::new();
    let mut names: Vec<_> = std::fs::read_dir(&html)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    names.sort();
    assert!(names.len() > 26, "{names:?}");
    for page in &names {
        html_text.push_str(&std::fs::read_to_string(page).unwrap());
    }
    let epub_text = crate::epub::xhtml_text(&std::fs::read(&epub).unwrap());
    // No author's comment reaches a reader.
    let comments = html_comments(&source);
    assert!(!comments.is_empty(), "the book has comments to hide");
    for comment in &comments {
        for (name, text) in [
            ("PDF", &pdf_text),
            ("HTML", &html_text),
            ("EPUB", &epub_text),
        ] {
            assert!(
                !text.contains(comment.as_str()),
                "{name} shows the comment {comment:?}"
            );
            assert!(
                !text.contains("&lt;!--") && !text.contains("ignore -->"),
                "{name}"
            );
        }
    }
    assert!(!pdf_text.contains("<!--"), "no comment markup in print");
    // Every paragraph's words, in order, in the PDF's text (each found after the one
    // before it).
    let pdf_words = quire_tests::words(&pdf_text).join(" ");
    let mut missing = Vec::new();
    let mut at = 0;
    quire_doc::walk_blocks(&loaded.document.blocks, &mut |b| {
        if let quire_doc::BlockKind::Paragraph { content } = &b.kind {
            let words = quire_doc::inline_text(content);
            let words = quire_tests::words(&words).join(" ");
            if words.is_empty() {
                return;
            }
            match pdf_words[at..].find(&words) {
                Some(i) => at += i + words.len(),
                None => missing.push(words),
            }
        }
    });
    assert!(
        missing.is_empty(),
        "{} paragraphs not found in order in the PDF text, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(3)]
    );
    // Every SVG figure is vector content in the PDF.
    // Figures are written as Markdown images and as raw `<img>` tags.
    let svgs = source.matches(".svg)").count() + source.matches(".svg\"").count();
    assert!(svgs >= 5, "{svgs}");
    let forms = crate::pdf_text::xobjects(&pdf_bytes, b"Form");
    assert!(forms >= svgs, "{forms} form XObjects for {svgs} SVG images");
    // The validators.
    crate::pdf::qpdf_clean(&pdf);
    crate::pdf_conformance::validate(&pdf, "ua1");
    crate::pdf_conformance::validate(&pdf, "2b");
    crate::epub::epubcheck_clean(&epub);
}
