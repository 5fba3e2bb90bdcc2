//! Characters beyond the embedded fonts: a character no font has is a warning with its
//! exact place, drawn as a box in the PDF that extracts as the character.

use std::process::Command;

use quire_tests::{quire_in, require_program};

const POPPLER: &str = "apt-get install poppler-utils (or .ci/install-tools)";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The text of a PDF, or `None` (after a skip notice) without poppler.
fn pdftotext(pdf: &std::path::Path) -> Option<String> {
    let program = require_program("pdftotext", POPPLER)?;
    let out = Command::new(program)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("runs pdftotext");
    assert!(out.status.success());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

// Supplementary private-use characters are in no font of the machine.
#[test]
fn a_character_no_font_has_is_a_grouped_warning_at_its_exact_column() {
    let source = "# T\n\nA &amp; b &#xF0000; c \u{F0001} and \u{F0001} again.\n";
    let dir = project(&[("a.md", source)]);
    let build = quire_in(dir.path(), &["build", "a.md", "--out", "out"]);
    let err = stderr(&build);
    assert_eq!(build.status.code(), Some(0), "{err}");
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("warning: no font has"))
        .collect();
    assert_eq!(warnings.len(), 2, "one per character:\n{err}");
    assert!(warnings[1].contains("U+F0001 (2 times"), "{err}");
    // `&#xF0000;` starts at column 11, the first U+F0001 at column 23, though the decoded
    // text is shorter than the source before both.
    assert!(err.contains("a.md:3:11"), "{err}");
    assert!(err.contains("a.md:3:23"), "{err}");
    assert!(
        err.contains("^^^^^^^^^"),
        "the caret covers the entity:\n{err}"
    );
    if let Some(text) = pdftotext(&dir.path().join("out/a.pdf")) {
        assert!(
            text.contains("b \u{F0000} c \u{F0001} and \u{F0001} again."),
            "the boxes extract as the characters:\n{text}"
        );
    }
    let strict = quire_in(dir.path(), &["check", "--strict", "a.md"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}
