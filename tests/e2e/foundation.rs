//! The foundation: the canonical article, the document model through the CLI,
//! diagnostics and exit codes.

use std::path::Path;

use quire_doc::{Document, plain_text};
use quire_tests::{assert_same_words, quire, quire_in, root, words};

fn article() -> Document {
    let src = std::fs::read_to_string(root().join("source/article.md")).unwrap();
    quire_markdown::parse(quire_doc::FileId(0), "article.md", &src)
        .expect("article parses")
        .document
}

/// The article as published: without the citations this edition adds (and the space
/// before each), which the original text does not have.
fn as_published(mut doc: Document) -> Document {
    quire_doc::walk_blocks_mut(&mut doc.blocks, &mut |block| {
        for list in block.inline_lists_mut() {
            let mut out: Vec<quire_doc::Inline> = Vec::with_capacity(list.len());
            for inline in std::mem::take(list) {
                if matches!(inline.kind, quire_doc::InlineKind::Cite { .. }) {
                    if let Some(quire_doc::Inline {
                        kind: quire_doc::InlineKind::Text { text },
                        ..
                    }) = out.last_mut()
                    {
                        let kept = text.trim_end().len();
                        text.truncate(kept);
                    }
                    continue;
                }
                out.push(inline);
            }
            *list = out;
        }
    });
    doc
}

fn original() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/article/original.txt")).unwrap()
}

#[test]
fn article_words_equal_the_original() {
    let original = original();
    let (title, body) = original.split_once('\n').unwrap();
    let doc = as_published(article());
    assert_eq!(doc.meta.title, title);
    assert_same_words(
        &words(body),
        &words(&plain_text(&doc)),
        "projection of source/article.md",
    );
}

#[test]
fn article_has_the_expected_structure() {
    let doc = article();
    let json = serde_json::to_value(&doc).unwrap();
    let blocks = json["blocks"].as_array().unwrap();
    let h2: Vec<_> = blocks
        .iter()
        .filter(|b| b["type"] == "heading" && b["level"] == 2)
        .map(|b| b["attr"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        h2,
        [
            "achievements-of-2024",
            "a-vision-for-our-times",
            "tasks-for-2025"
        ]
    );
    let figures: Vec<_> = blocks.iter().filter(|b| b["type"] == "figure").collect();
    assert_eq!(figures.len(), 2);
    for fig in figures {
        assert!(fig.get("image").is_none(), "the seed has no image files");
        assert!(
            fig["credit"][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("PHOTO BY XINHUA REPORTER")
        );
    }
    let last = blocks.last().unwrap();
    assert_eq!(last["type"], "div");
    assert_eq!(last["attr"]["classes"][0], "source-note");
    let id = doc.meta.identifier.as_deref().unwrap();
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
}

#[test]
fn ast_json_reads_back_equal() {
    let out = quire(&["ast", "source/article.md"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back: Document = serde_json::from_slice(&out.stdout).expect("valid model JSON");
    // The CLI's document is the loaded one (citations rendered), annotated: same text, plus
    // anchored annotations.
    let mut opts = quire::LoadOptions::new(root().join("source/article.md"));
    opts.annotations = quire::AnnotationSource::Off;
    let loaded = quire::load(&opts).expect("loads").document;
    assert_eq!(plain_text(&back), plain_text(&loaded));
    // The cross-reference pass labels the figures ("Figure 1: ").
    let text = plain_text(&back);
    assert!(text.contains("\n\nFigure\u{a0}1: The logo"), "{text}");
    assert!(text.contains("\n\nFigure\u{a0}2: Guests from"), "{text}");
    assert_eq!(back.annotations.len(), 45);
    let reparsed: Document = serde_json::from_str(&serde_json::to_string(&back).unwrap()).unwrap();
    assert_eq!(reparsed, back);
    let again = serde_json::to_string_pretty(&back).unwrap();
    assert_eq!(
        again.trim_end(),
        String::from_utf8_lossy(&out.stdout).trim_end()
    );
}

/// Runs `quire check` on `content` written to a temporary file; returns the exit code
/// and standard error.
fn check_bytes(content: &[u8]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.md");
    std::fs::write(&path, content).unwrap();
    let out = quire_in(dir.path(), &["check", "broken.md"]);
    let code = out.status.code().expect("exit code, not a signal");
    (
        code,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir.path().display().to_string(),
    )
}

fn assert_reported(content: &[u8], at: &str, message: &str) {
    let (code, stderr, _) = check_bytes(content);
    assert_eq!(code, 1, "exit code; stderr:\n{stderr}");
    assert!(
        stderr.contains(&format!("broken.md:{at}")),
        "no broken.md:{at} in:\n{stderr}"
    );
    assert!(stderr.contains(message), "no `{message}` in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn broken_front_matter_points_at_the_value_with_a_caret() {
    let (code, stderr, _) = check_bytes(b"---\ntitle: X\ndate: tomorrow\n---\n\nText.\n");
    assert_eq!(code, 1);
    assert!(stderr.contains("broken.md:3:7"), "{stderr}");
    assert!(
        stderr.contains("3 │ date: tomorrow") && stderr.contains("│       ^"),
        "{stderr}"
    );
}

#[test]
fn bad_inputs_get_located_errors() {
    assert_reported(b"---\ntitle: [oops\n---\n", "3:1", "not valid YAML");
    assert_reported(b"---\ntitle: X\n", "1:1", "never closed");
    assert_reported(b"Fine.\n\nBad \xFF byte.\n", "3:5", "not valid UTF-8");
    assert_reported(b"Fine.\nNUL\0here\n", "2:4", "NUL");
    assert_reported(b"See [^gone].\n", "1:5", "[^gone]");
    assert_reported(b"Look: ![a chart](chart.png)\n", "1:7", "chart.png");
    assert_reported(b"## A {#x}\n\n## B {#x}\n", "3:1", "used twice");
}

#[test]
fn missing_file_and_usage_errors() {
    let out = quire(&["check", "no/such/file.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.md"));
    let out = quire(&["build", "--to", "nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    let out = quire(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["ast", "--help"],
        &["--version"],
    ] {
        let out = quire(args);
        assert!(out.status.success(), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

/// Builds every edition twice, into two folders, and compares the bytes.
#[test]
fn builds_are_byte_identical_and_atomic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [a.path(), b.path()] {
        let out = quire(&["build", "--quiet", "--out", dir.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let files = listing(a.path());
    assert!(!files.is_empty(), "build wrote nothing");
    assert_eq!(files, listing(b.path()), "same files");
    for name in &files {
        let (x, y) = (
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
        );
        assert!(x == y, "{name} differs between two builds");
    }
    // A failing build leaves the earlier editions untouched and no temporary files.
    let broken = a.path().join("broken.md");
    std::fs::write(&broken, "See [^gone].\n").unwrap();
    let out = quire(&[
        "build",
        broken.to_str().unwrap(),
        "--out",
        a.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let mut expected = files.clone();
    expected.push("broken.md".into());
    expected.sort();
    assert_eq!(listing(a.path()), expected);
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
