//! The PDF writer end to end: a hand-laid sample document (headings, article paragraphs,
//! a hyphenated narrow column with ligatures, links, a footnote, a figure, running heads)
//! written by `quire_pdf::write_pdf` and checked with the validators a reader's tools
//! would use: qpdf, pdffonts, pdfinfo, pdftotext.
//!
//! Needs, as dev-dependencies of the test package: `quire-pdf`, `quire-typeset`,
//! `png = "0.18"` and `lopdf = { version = "0.44", default-features = false }`.

use std::path::{Path, PathBuf};
use std::process::Command;

use quire_pdf::{PdfDate, PdfMeta, PdfOptions, write_pdf};
use quire_tests::{assert_same_words, require_program, root, words};

#[path = "../../crates/quire-pdf/tests/support/sample.rs"]
mod sample;

const INSTALL: &str = "apt-get install poppler-utils qpdf";

/// A written sample: the file, the content text it must give back, its page count.
struct Written {
    path: PathBuf,
    expected: String,
    pages: usize,
    bytes: Vec<u8>,
}

fn meta() -> PdfMeta {
    PdfMeta {
        title: "Quire PDF sample".into(),
        language: "en".into(),
        identifier: Some("urn:uuid:a61e2f44-2e3d-42ab-af2e-dd35b397efaf".into()),
        authors: vec!["Quire".into()],
        created: PdfDate::from_epoch(1_737_000_000),
        modified: PdfDate::from_epoch(1_737_000_000),
        ..PdfMeta::default()
    }
}

fn write_sample(name: &str, print: bool) -> Written {
    let book = sample::book();
    let article = std::fs::read_to_string(root().join("source/article.md")).expect("article");
    let s = sample::sample(&book, &sample::article_paragraphs(&article), print);
    let bytes = write_pdf(&s.paged, &book, &meta(), &PdfOptions::default()).expect("write_pdf");
    let dir = std::env::temp_dir().join(format!("quire-pdf-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, &bytes).expect("write pdf");
    Written {
        path,
        expected: s.expected,
        pages: s.paged.pages.len(),
        bytes,
    }
}

/// Runs a tool and returns its stdout, or `None` (after the skip notice) if missing.
fn run(tool: &str, args: &[&str], file: &Path) -> Option<String> {
    let program = require_program(tool, INSTALL)?;
    // pdftotext writes to a file unless told `-` (stdout) after the input.
    let tail: &[&str] = if tool == "pdftotext" { &["-"] } else { &[] };
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .args(tail)
        .output()
        .expect("run tool");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{tool} {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(stdout)
}

#[test]
fn pdf_qpdf_check_is_clean() {
    for (name, print) in [("plain.pdf", false), ("print.pdf", true)] {
        let w = write_sample(name, print);
        let Some(out) = run("qpdf", &["--check"], &w.path) else {
            return;
        };
        assert!(
            out.contains("No syntax or stream encoding errors found"),
            "{out}"
        );
        assert!(!out.to_lowercase().contains("warning"), "{out}");
    }
}

#[test]
fn pdf_fonts_are_embedded_subset_and_unicode() {
    let w = write_sample("fonts.pdf", false);
    let Some(out) = run("pdffonts", &[], &w.path) else {
        return;
    };
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        assert_eq!(name.as_bytes().get(6), Some(&b'+'), "no subset tag: {row}");
        // name, type (two words), encoding, emb, sub, uni, object id, generation
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn pdf_info_reports_tagged_17_a4() {
    let w = write_sample("info.pdf", false);
    let Some(out) = run("pdfinfo", &[], &w.path) else {
        return;
    };
    assert!(out.contains("Tagged:          yes"), "{out}");
    assert!(out.contains("PDF version:     1.7"), "{out}");
    assert!(out.contains("(A4)"), "{out}");
    assert!(out.contains("Title:           Quire PDF sample"), "{out}");
    assert!(
        out.contains(&format!("Pages:           {}", w.pages)),
        "{out}"
    );
}

#[test]
fn pdf_print_edition_has_trim_and_bleed_boxes() {
    let w = write_sample("boxes.pdf", true);
    let Some(out) = run("pdfinfo", &["-box", "-f", "1", "-l", "1"], &w.path) else {
        return;
    };
    let bx = |label: &str| -> Vec<f64> {
        let line = out
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label} missing:\n{out}"));
        line.split_whitespace()
            .rev()
            .take(4)
            .map(|v| v.parse().unwrap())
            .collect::<Vec<f64>>()
            .into_iter()
            .rev()
            .collect()
    };
    let (media, trim, bleed) = (bx("MediaBox"), bx("TrimBox"), bx("BleedBox"));
    assert!(
        (trim[2] - trim[0] - 595.28).abs() < 0.01,
        "A4 trim: {trim:?}"
    );
    assert!(
        (trim[0] - bleed[0] - 8.50).abs() < 0.01,
        "3 mm bleed: {bleed:?}"
    );
    assert!(
        media[0] < bleed[0] && bleed[2] < media[2],
        "{media:?} {bleed:?}"
    );
}

#[test]
fn pdf_text_extraction_gives_back_the_source_words() {
    let w = write_sample("text.pdf", false);
    let Some(out) = run("pdftotext", &["-enc", "UTF-8"], &w.path) else {
        return;
    };
    // Running heads and page numbers are artifacts: leave them out.
    let body: String = out
        .lines()
        .filter(|l| {
            let t = l.trim();
            t != sample::HEADER && !t.chars().all(|c| c.is_ascii_digit() || c == '\u{c}')
        })
        .collect::<Vec<_>>()
        .join("\n");
    let actual = words(&body);
    let expected = words(&w.expected);
    assert_same_words(&expected, &actual, "pdftotext");
    // The narrow column hyphenates; the ligatures and the whole words come back.
    for word in [
        "efficient,",
        "affirmed",
        "unquestionably",
        "incomprehensible",
        "office",
    ] {
        assert!(actual.contains(&word), "{word} not extracted whole");
    }
    assert!(
        !actual.iter().any(|w| w.ends_with('-') && w.len() > 1),
        "a line-end hyphen leaked into the text"
    );
}

#[test]
fn pdf_output_is_reproducible_with_a_nested_outline() {
    let a = write_sample("a.pdf", false);
    let b = write_sample("b.pdf", false);
    assert!(a.bytes == b.bytes, "two builds differ");
    let doc = lopdf::Document::load_mem(&a.bytes).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    let outlines = catalog
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference);
    let outlines = doc
        .get_dictionary(outlines.expect("outline"))
        .expect("dict");
    let first = outlines.get(b"First").and_then(lopdf::Object::as_reference);
    let first = doc.get_dictionary(first.expect("first")).expect("dict");
    assert!(first.has(b"First"), "outline depth > 1");
    if let Some(json) = run("qpdf", &["--json", "--json-key=outlines"], &a.path) {
        assert!(json.contains("A narrow quotation"), "{json}");
    }
}

/// Asserts that `qpdf --check` finds nothing wrong with `pdf`.
pub(crate) fn qpdf_clean(pdf: &Path) {
    let Some(out) = run("qpdf", &["--check"], pdf) else {
        return;
    };
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
    assert!(!out.to_lowercase().contains("warning"), "{out}");
}
