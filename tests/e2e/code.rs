//! Code blocks in all three editions, on the code-heavy fixture (`tests/fixtures/code/`):
//! highlighted, no programming ligatures, wrapped PDF lines whose continuation marks never
//! reach extracted text, and every edition still valid (veraPDF, Nu, EPUBCheck).

use std::path::{Path, PathBuf};
use std::process::Command;

use quire_doc::{Block, BlockKind, Document};
use quire_tests::{quire, require_program, root};
use quire_typeset::layout::code::CONTINUATION_MARK;
use quire_typeset::page::{Mark, PageItem, StructRole};

const FIXTURE: &str = "tests/fixtures/code/input.md";
/// What programming fonts fuse into one glyph.
const OPERATORS: [&str; 5] = ["!=", "->", "=>", ">=", "<="];

fn document() -> Document {
    let src = std::fs::read_to_string(root().join(FIXTURE)).expect("fixture");
    quire_markdown::parse(quire_doc::FileId(0), "input.md", &src)
        .expect("parses")
        .document
}

fn code_blocks(doc: &Document) -> Vec<(Option<String>, String)> {
    fn walk(blocks: &[Block], out: &mut Vec<(Option<String>, String)>) {
        for b in blocks {
            if let BlockKind::CodeBlock { language, text, .. } = &b.kind {
                out.push((language.clone(), text.clone()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut out);
    out
}

/// Builds every edition of the fixture into a fresh folder.
fn build() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = quire(&[
        "build",
        FIXTURE,
        "--quiet",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every code line's characters appear in `text`, in order (whitespace aside).
fn assert_code_in_order(text: &str, what: &str) {
    let text = squeeze(text);
    let mut at = 0;
    for (_, code) in code_blocks(&document()) {
        for line in code.lines().map(squeeze).filter(|l| !l.is_empty()) {
            match text[at..].find(&line) {
                Some(i) => at += i + line.len(),
                None => panic!("{what}: code line {line:?} missing or out of order"),
            }
        }
    }
}

#[test]
fn pdf_code_extracts_as_written_without_marks_or_ligatures() {
    let (_dir, out) = build();
    let pdf = out.join("input.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    // In-process extraction (the structure-aware reading of the content streams).
    let text = super::pdf_text::text(&bytes);
    assert!(!text.contains(CONTINUATION_MARK), "mark extracted");
    assert_code_in_order(&text, "in-process extraction");
    let Some(pdftotext) = require_program("pdftotext", "apt-get install poppler-utils") else {
        return;
    };
    let out = Command::new(pdftotext).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(CONTINUATION_MARK), "pdftotext sees the mark");
    for op in OPERATORS {
        assert!(text.contains(op), "pdftotext lost {op:?}");
    }
    for fused in ['≠', '→', '⇒', '⩾', '⩽'] {
        assert!(!text.contains(fused), "{fused} in the extracted text");
    }
    assert_code_in_order(&text, "pdftotext");
}

#[test]
fn pdf_code_glyphs_are_one_per_character_and_long_lines_wrap_with_marks() {
    let book = quire_typeset::FontBook::quire_default().unwrap();
    let doc = document();
    let paged = quire_typeset::layout(
        &doc,
        &quire_doc::Assets::new(),
        &book,
        &quire_typeset::LayoutOptions::default(),
    )
    .unwrap();
    let mono = book.resolve(quire_typeset::FontStyle::MONO);
    let mut operators = 0;
    let mut marks = 0;
    let mut colours = std::collections::BTreeSet::new();
    for page in &paged.pages {
        for item in &page.items {
            let PageItem::Text(run) = item else { continue };
            match run.mark {
                Mark::Content(id) if paged.structure[id.0].role == StructRole::Code => {
                    colours.insert(format!("{:?}", run.color));
                    if run.font == mono && OPERATORS.iter().any(|op| run.text.contains(op)) {
                        operators += 1;
                        assert_eq!(
                            run.glyphs.len(),
                            run.text.chars().count(),
                            "one glyph per character in {:?}",
                            run.text
                        );
                    }
                }
                Mark::Artifact(_) if run.text == CONTINUATION_MARK => marks += 1,
                _ => {}
            }
        }
    }
    assert!(operators >= 10, "{operators} runs with operators");
    assert!(marks >= 4, "{marks} continuation marks");
    assert!(colours.len() >= 6, "highlighted in {} inks", colours.len());
}

#[test]
fn pdf_with_highlighted_code_is_pdf_ua_1_and_pdf_a_2b() {
    let (_dir, out) = build();
    let pdf = out.join("input.pdf");
    super::pdf_conformance::validate(&pdf, "ua1");
    super::pdf_conformance::validate(&pdf, "2b");
}

/// The highlighted `<pre>` blocks of a page, in order.
fn pres(page: &str) -> Vec<&str> {
    page.split("<pre")
        .skip(1)
        .map(|p| &p[..p.find("</pre>").expect("closed")])
        .collect()
}

fn check_markup(page: &str, what: &str) {
    let blocks = code_blocks(&document());
    let pres = pres(page);
    assert_eq!(pres.len(), blocks.len(), "{what}: one <pre> per block");
    for ((language, _), pre) in blocks.iter().zip(&pres) {
        let known = language
            .as_deref()
            .is_some_and(|l| quire_highlight::knows(l) && l != "text");
        assert_eq!(
            pre.contains("<span class=\"tok-"),
            known,
            "{what}: {language:?}"
        );
    }
    assert!(page.contains("font-variant-ligatures: none"), "{what}");
}

#[test]
fn html_code_is_highlighted_and_nu_valid() {
    let (_dir, out) = build();
    let page_path = out.join("input.html");
    let page = std::fs::read_to_string(&page_path).unwrap();
    check_markup(&page, "html");
    super::html::nu_check(&page_path);
}

#[test]
fn epub_code_is_highlighted_and_epubcheck_clean() {
    let (_dir, out) = build();
    let book = out.join("input.epub");
    let entries = super::epub::unzip(&std::fs::read(&book).unwrap());
    let text: String = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml") && !n.contains("nav"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect();
    let css: String = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".css"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect();
    check_markup(&format!("{text}{css}"), "epub");
    let json = book.with_extension("epubcheck.json");
    let Some(summary) = super::epub::run_tool("epubcheck.sh", &book, &json) else {
        return;
    };
    let report = std::fs::read_to_string(Path::new(&json)).unwrap_or_default();
    assert_eq!(
        summary.trim(),
        "fatal: 0 error: 0 warning: 0 usage: 0",
        "EPUBCheck\n{report}"
    );
}

#[test]
fn highlighted_editions_are_byte_identical_across_builds() {
    let (_a, first) = build();
    let (_b, second) = build();
    for name in ["input.pdf", "input.epub", "input.html"] {
        let a = std::fs::read(first.join(name)).unwrap();
        let b = std::fs::read(second.join(name)).unwrap();
        assert!(a == b, "{name} differs between two builds");
    }
}
