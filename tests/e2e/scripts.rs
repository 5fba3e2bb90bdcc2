//! Characters beyond the embedded fonts: a character no font has is a warning with its
//! exact place, drawn as a box in the PDF that extracts as the character.

use std::process::Command;

use std::path::Path;

use quire_tests::{quire_in, require_program, require_tool, root};

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

const FONTS: &str =
    "apt-get install fonts-noto-cjk fonts-noto-core fonts-symbola (or .ci/install-tools)";

/// The text a reader sees in a fixture: its title, then its body without Markdown marks,
/// whitespace removed (CJK has none between words, and line breaks differ).
fn expected_text(source: &str) -> String {
    let (front, body) = source[4..].split_once("\n---\n").expect("front matter");
    let title = front
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .expect("title");
    let body: String = body.lines().map(|l| l.trim_start_matches("# ")).collect();
    squeeze(&format!("{title}{body}"))
}

/// Text without whitespace and without the bidi controls poppler adds around runs.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// Builds the PDF of `tests/fixtures/scripts/NAME.md` and checks that it embeds a face
/// whose name contains `face` and that its text extracts in the source's order.
/// Builds fixture `tests/fixtures/scripts/NAME.md` as `to` (`pdf`, `html,epub` …) into
/// `out`; returns the command's stderr after checking it succeeded.
fn build_fixture(name: &str, to: &str, out: &Path) -> String {
    let source = root().join(format!("tests/fixtures/scripts/{name}.md"));
    let build = quire_in(
        &root(),
        &[
            "build",
            source.to_str().unwrap(),
            "--to",
            to,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let err = stderr(&build);
    assert_eq!(build.status.code(), Some(0), "{err}");
    err
}

fn script_fixture(name: &str, font_file: Option<&str>, face: &str) {
    if font_file.is_some_and(|f| require_tool(Path::new(f), FONTS).is_none()) {
        return;
    }
    let Some(pdffonts) = require_program("pdffonts", POPPLER) else {
        return;
    };
    let source_path = root().join(format!("tests/fixtures/scripts/{name}.md"));
    let source = std::fs::read_to_string(&source_path).expect("fixture");
    let out = tempfile::tempdir().expect("temp dir");
    let err = build_fixture(name, "pdf", out.path());
    assert!(
        !err.contains("no font has"),
        "every character has a font:\n{err}"
    );
    let pdf = out.path().join(format!("{name}.pdf"));
    let fonts = Command::new(pdffonts).arg(&pdf).output().expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains(face), "{name}: {face} embedded:\n{fonts}");
    assert!(
        fonts.lines().skip(2).all(|l| l
            .split_whitespace()
            .rev()
            .skip(3)
            .take(2)
            .all(|c| c == "yes")),
        "every face embedded as a subset:\n{fonts}"
    );
    // The text block's: the paragraph numbers stand in the margin.
    let doc = crate::pdf_edition::load(&source_path);
    let text = crate::pdf_edition::text_block_pages(&pdf, &doc)
        .expect("poppler")
        .concat();
    assert_eq!(
        squeeze(&text),
        expected_text(&source),
        "{name}: text in order"
    );
}

#[test]
fn chinese_is_set_in_the_simplified_chinese_face() {
    script_fixture(
        "zh",
        Some("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
        "NotoSerifCJKsc",
    );
}

#[test]
fn japanese_is_set_in_the_japanese_face() {
    script_fixture(
        "ja",
        Some("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
        "NotoSerifCJKjp",
    );
}

#[test]
fn korean_is_set_in_the_korean_face() {
    script_fixture(
        "ko",
        Some("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
        "NotoSerifCJKkr",
    );
}

#[test]
fn devanagari_is_set_in_noto_serif_devanagari() {
    script_fixture(
        "hi",
        Some("/usr/share/fonts/truetype/noto/NotoSerifDevanagari-Regular.ttf"),
        "NotoSerifDevanagari",
    );
}

#[test]
fn emoji_are_set_in_a_monochrome_face() {
    script_fixture(
        "emoji",
        Some("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
        "Symbola",
    );
}

// Arabic is set in Noto Naskh Arabic (before the embedded DejaVu Sans), Hebrew in
// Libertinus: both right to left, and pdftotext gives them back in reading order (the
// words of a line reordered by UAX #9, a lam-alef ligature's letters in order).
#[test]
fn arabic_reads_right_to_left_in_reading_order() {
    script_fixture(
        "ar",
        Some("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"),
        "NotoNaskhArabic",
    );
}

#[test]
fn hebrew_reads_right_to_left_in_reading_order() {
    script_fixture("he", None, "LibertinusSerif");
}

/// Builds `source` as a PDF with Noto Sans Devanagari copied into the project's `folder`
/// and returns the build's stderr and pdffonts' list; `None` if a tool or the font is
/// missing (and allowed to be).
fn with_own_devanagari_face(source: &str, folder: &str) -> Option<(String, String)> {
    let system = Path::new("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf");
    require_tool(system, FONTS)?;
    let pdffonts = require_program("pdffonts", POPPLER)?;
    let dir = project(&[("a.md", source)]);
    std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    std::fs::copy(system, dir.path().join(folder).join("Mine.ttf")).unwrap();
    let build = quire_in(
        dir.path(),
        &["build", "a.md", "--to", "pdf", "--out", "out"],
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let fonts = Command::new(pdffonts)
        .arg(dir.path().join("out/a.pdf"))
        .output()
        .expect("pdffonts");
    Some((
        stderr(&build),
        String::from_utf8_lossy(&fonts.stdout).into_owned(),
    ))
}

/// A project's own `fonts/` folder comes before the system's fonts.
#[test]
fn a_fonts_folder_beside_the_source_comes_first() {
    let Some((_, fonts)) = with_own_devanagari_face("# T\n\nहिन्दी\n", "fonts") else {
        return;
    };
    // The system's first choice would be Noto Serif Devanagari.
    assert!(fonts.contains("NotoSansDevanagari"), "{fonts}");
    assert!(!fonts.contains("NotoSerifDevanagari"), "{fonts}");
}

/// The PDF with CJK, Arabic, Hebrew and Devanagari fallback faces still passes veraPDF.
#[test]
fn a_pdf_with_fallback_faces_is_pdf_ua_and_pdf_a() {
    let cjk = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    if require_tool(cjk, FONTS).is_none() {
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    build_fixture("mixed", "pdf", out.path());
    let pdf = out.path().join("mixed.pdf");
    crate::pdf_conformance::validate(&pdf, "ua1");
    crate::pdf_conformance::validate(&pdf, "2b");
}

/// The web page and the e-book mark foreign-script runs: `dir="rtl"` on Arabic and
/// Hebrew in an English text, `lang` on Japanese and Korean; a right-to-left document is
/// `dir="rtl"` as a whole.
#[test]
fn html_and_epub_mark_foreign_script_runs() {
    let out = tempfile::tempdir().expect("temp dir");
    for name in ["mixed", "ar"] {
        build_fixture(name, "html,epub", out.path());
    }
    let html = std::fs::read_to_string(out.path().join("mixed.html")).unwrap();
    let epub = std::fs::read(out.path().join("mixed.epub")).unwrap();
    let pages = crate::epub::xhtml_text(&epub);
    for (edition, text) in [("html", &html), ("epub", &pages)] {
        for expected in [
            "<span dir=\"rtl\">الكتاب</span>",
            "<span dir=\"rtl\">הספר</span>",
            "lang=\"ko\">책</span>",
            "lang=\"ja\">本 (ほん</span>",
        ] {
            assert!(text.contains(expected), "{edition}: {expected}");
        }
    }
    assert!(pages.contains("<span xml:lang=\"ko\" lang=\"ko\">책</span>"));
    let ar = std::fs::read_to_string(out.path().join("ar.html")).unwrap();
    assert!(
        ar.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &ar[..200]
    );
    let ar_epub = std::fs::read(out.path().join("ar.epub")).unwrap();
    let ar_pages: Vec<String> = crate::epub::unzip(&ar_epub)
        .into_iter()
        // The navigation pages come from epub-builder and carry only `lang` (left undone).
        .filter(|(name, _)| {
            name.ends_with(".xhtml") && !name.ends_with("nav.xhtml") && !name.ends_with("toc.xhtml")
        })
        .map(|(_, data)| String::from_utf8(data).unwrap())
        .collect();
    assert!(!ar_pages.is_empty());
    assert!(
        ar_pages
            .iter()
            .all(|p| p.contains("xml:lang=\"ar\" dir=\"rtl\">")),
        "every page Quire writes"
    );
    // Still valid: Nu for the pages, EPUBCheck 0/0 for the books.
    for name in ["mixed", "ar"] {
        crate::html::nu_check(&out.path().join(format!("{name}.html")));
        crate::epub::epubcheck_clean(&out.path().join(format!("{name}.epub")));
    }
}

/// A folder the front matter names (`fonts: …`) is searched after `fonts/` and before the
/// system; one outside the project is not searched, with a warning.
#[test]
fn font_folders_named_in_the_front_matter_are_searched() {
    let source = "---\ntitle: T\nfonts: [type/faces, /usr/share/fonts]\n---\n\nहिन्दी\n";
    let Some((err, fonts)) = with_own_devanagari_face(source, "type/faces") else {
        return;
    };
    assert!(err.contains("outside the project folder"), "{err}");
    assert!(fonts.contains("NotoSansDevanagari"), "{fonts}");
    assert!(!fonts.contains("NotoSerifDevanagari"), "{fonts}");
}
