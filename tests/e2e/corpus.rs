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
                        Format::Epub if n % 13 == 0 => books.push(path),
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
/// `{{#include}}` and `{{#rustdoc_include}}` expanded as mdBook does (anchor lines
/// removed; the lines a rustdoc include hides, and `# ` lines of Rust blocks, left out,
/// as readers of mdBook's output do not see them). Until Quire reads mdBook projects
/// itself, this helper is how the book becomes one source.
fn rust_book_source(src: &Path) -> String {
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    let chapters: Vec<&str> = summary
        .split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .filter(|s| s.ends_with(".md"))
        .collect();
    assert!(chapters.len() >= 25, "{chapters:?}");
    let mut book = String::new();
    for chapter in chapters {
        let text = std::fs::read_to_string(src.join(chapter)).unwrap();
        book.push_str(&hide_rust_lines(&expand_includes(&text, src, 0)));
        book.push_str("\n\n");
    }
    book
}

fn expand_includes(text: &str, dir: &Path, depth: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{#") {
        let (before, after) = rest.split_at(at);
        if let Some(b) = before.strip_suffix('\\') {
            out.push_str(b);
            out.push_str("{{#");
            rest = &after[3..];
            continue;
        }
        out.push_str(before);
        let Some(end) = after.find("}}") else {
            out.push_str(after);
            return out;
        };
        let inner = after[3..end].trim();
        rest = &after[end + 2..];
        let (kind, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        if !matches!(kind, "include" | "rustdoc_include" | "playground") {
            continue; // `{{#title}}` and the like change nothing in the text
        }
        let (path, selection) = arg.trim().split_once(':').unwrap_or((arg.trim(), ""));
        let file = dir.join(path);
        let content =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let lines: Vec<&str> = content.lines().collect();
        let chosen = select(&lines, selection);
        let body: Vec<&str> = chosen
            .into_iter()
            .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
            .collect();
        let body = body.join("\n");
        let included = if depth < 10 {
            expand_includes(&body, file.parent().unwrap(), depth + 1)
        } else {
            body
        };
        out.push_str(&included);
    }
    out.push_str(rest);
    out
}

/// mdBook's selections: `N`, `N:M`, `N:`, `:M` (1-based, inclusive) or an anchor name.
fn select<'a>(lines: &[&'a str], selection: &str) -> Vec<&'a str> {
    if selection.is_empty() {
        return lines.to_vec();
    }
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let (from, to) = match selection.split_once(':') {
        Some((a, b)) if number(a).is_some() || a.is_empty() => {
            (number(a).unwrap_or(1), number(b).unwrap_or(lines.len()))
        }
        None if number(selection).is_some() => {
            let n = number(selection).unwrap_or(1);
            (n, n)
        }
        _ => {
            let start = format!("ANCHOR: {selection}");
            let end = format!("ANCHOR_END: {selection}");
            let mut inside = false;
            let mut out = Vec::new();
            for &line in lines {
                if line.contains(&end) {
                    inside = false;
                } else if line.contains(&start) {
                    inside = true;
                } else if inside {
                    out.push(line);
                }
            }
            return out;
        }
    };
    lines
        .iter()
        .skip(from.saturating_sub(1))
        .take((to + 1).saturating_sub(from.max(1)))
        .copied()
        .collect()
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
        .filter(|c| c.len() > 3)
        .collect()
}

#[test]
fn the_rust_book_builds_valid_editions() {
    let fixture = root().join("tests/fixtures/rust-book-ch1-6");
    let dir = tempfile::tempdir().unwrap();
    let source = rust_book_source(&fixture.join("src"));
    std::fs::write(dir.path().join("book.md"), &source).unwrap();
    let copy = std::process::Command::new("cp")
        .args(["-r"])
        .arg(fixture.join("src/img"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(copy.success());
    let out = quire_tests::quire_in(dir.path(), &["build", "book.md", "--out", "out"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out_dir = dir.path().join("out");
    let (pdf, epub, html) = (
        out_dir.join("book.pdf"),
        out_dir.join("book.epub"),
        out_dir.join("book.html"),
    );
    let pdf_bytes = std::fs::read(&pdf).unwrap();
    let pdf_text = crate::pdf_text::text(&pdf_bytes);
    let html_text = std::fs::read_to_string(&html).unwrap();
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
        }
    }
    // Every paragraph's words, in order, in the PDF's text.
    let loaded = quire::load(&LoadOptions::new(dir.path().join("book.md"))).unwrap();
    let pdf_words = quire_tests::words(&pdf_text).join(" ");
    let mut missing = Vec::new();
    quire_doc::walk_blocks(&loaded.document.blocks, &mut |b| {
        if let quire_doc::BlockKind::Paragraph { content } = &b.kind {
            let words = quire_doc::inline_text(content);
            let words = quire_tests::words(&words).join(" ");
            if !words.is_empty() && !pdf_words.contains(&words) {
                missing.push(words);
            }
        }
    });
    assert!(
        missing.len() <= 3,
        "{} paragraphs not found in the PDF text, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(3)]
    );
    // Every SVG figure is vector content in the PDF.
    let svgs = source.matches(".svg)").count();
    assert!(svgs >= 5, "{svgs}");
    let forms = crate::pdf_text::xobjects(&pdf_bytes, b"Form");
    assert!(forms >= svgs, "{forms} form XObjects for {svgs} SVG images");
    // The validators.
    crate::pdf::qpdf_clean(&pdf);
    crate::pdf_conformance::validate(&pdf, "ua1");
    crate::pdf_conformance::validate(&pdf, "2b");
    crate::epub::epubcheck_clean(&epub);
    crate::html::nu_check(&html);
}
