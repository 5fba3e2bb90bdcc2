//! The PDF edition against veraPDF's PDF/UA-1 and PDF/A-2b profiles: the claims the
//! writer makes by default must hold, on the article, on the every-block fixture and on
//! the print edition (bleed and crop marks).

use std::process::Command;

use quire_tests::{require_tool, root};

use super::pdf_edition::build;

const INSTALL: &str = "bash tests/tools/verapdf/install.sh (or .ci/install-tools)";

/// Validates `pdf` against `flavour` (`ua1` or `2b`); panics with veraPDF's findings when
/// it is not compliant.
pub(crate) fn validate(pdf: &std::path::Path, flavour: &str) {
    let tools = root().join("tests/tools/verapdf");
    if require_tool(&tools.join("dist/classes/Validate.class"), INSTALL).is_none() {
        return;
    }
    let out = Command::new(tools.join("verapdf.sh"))
        .args(["--flavour", flavour, "--contexts", "5"])
        .arg(pdf)
        .output()
        .expect("runs verapdf.sh");
    let report = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0) => assert!(report.contains("PASS:"), "{report}"),
        Some(1) => panic!("{} is not {flavour}:\n{report}", pdf.display()),
        _ => panic!(
            "veraPDF could not check {}: {}\n{report}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn every_block() -> String {
    root()
        .join("tests/fixtures/epub-every-block/input.md")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn pdf_edition_of_the_article_is_pdf_ua_1_and_pdf_a_2b() {
    let (_dir, pdf) = build("source/article.md", &[]);
    let text = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&text);
    assert!(
        text.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "claims PDF/UA-1"
    );
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "claims PDF/A-2"
    );
    validate(&pdf, "ua1");
    validate(&pdf, "2b");
}

#[test]
fn pdf_edition_of_every_block_type_is_pdf_ua_1_and_pdf_a_2b() {
    let (_dir, pdf) = build(&every_block(), &[]);
    validate(&pdf, "ua1");
    validate(&pdf, "2b");
}

#[test]
fn pdf_edition_of_the_paper_is_pdf_ua_1_and_pdf_a_2b() {
    // Captions above tables and listings (`Caption` in `Table`, in a listing's `Div`),
    // numbered headings, internal links of the cross-references.
    let paper = root().join("tests/fixtures/paper/paper.md");
    let (_dir, pdf) = build(&paper.to_string_lossy(), &[]);
    validate(&pdf, "ua1");
    validate(&pdf, "2b");
}

/// Every print preset keeps both claims: the bleed and the marks are outside the trim
/// and artifacts, and the grey edition (ingram) shares its grey print profile between
/// its PDF/X and PDF/A output intents, as PDF/A-2 asks.
#[test]
fn print_presets_are_pdf_ua_1_and_pdf_a_2b() {
    let ready = root().join("tests/fixtures/print/ready.md");
    for preset in ["--print=kdp", "--print=ingram"] {
        let (_dir, pdf) = build(&ready.to_string_lossy(), &[preset]);
        validate(&pdf, "ua1");
        validate(&pdf, "2b");
    }
    let (_dir, pdf) = build(
        "source/article.md",
        &["--print=ingram", "--page-size", "6x9"],
    );
    validate(&pdf, "ua1");
    validate(&pdf, "2b");
}

#[test]
fn print_edition_is_pdf_ua_1_and_pdf_a_2b() {
    let (_dir, pdf) = build("source/article.md", &["--print", "--page-size", "letter"]);
    validate(&pdf, "ua1");
    validate(&pdf, "2b");
}
