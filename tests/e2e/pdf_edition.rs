//! The PDF edition through the CLI, on the article and on the every-block fixture:
//! what qpdf, pdffonts, pdfinfo and pdftotext say about `quire build --to pdf`.

use std::path::{Path, PathBuf};
use std::process::Command;

use quire_doc::{Document, plain_text};
use quire_tests::{assert_same_words, quire, require_program, root, words};
use quire_typeset::{LayoutOptions, PageSize, Pt};

const INSTALL: &str = "apt-get install poppler-utils qpdf";

/// Builds `source` as a PDF into a fresh folder with extra `args`; returns the file.
pub(crate) fn build(source: &str, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![
        "build",
        source,
        "--to",
        "pdf",
        "--quiet",
        "--out",
        dir.path().to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let out = quire(&all);
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stem = Path::new(source)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let pdf = dir.path().join(format!("{stem}.pdf"));
    (dir, pdf)
}

/// Runs a poppler/qpdf tool on `pdf`; `None` when it is missing (after the skip notice).
fn tool(name: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let program = require_program(name, INSTALL)?;
    let out = Command::new(program).args(args).arg(pdf).output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

fn info(pdf: &Path) -> Option<String> {
    tool("pdfinfo", &["-box"], pdf)
}

fn field<'a>(info: &'a str, name: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(name))
        .map_or("", str::trim)
}

/// The document as the build loads it (annotations anchored, paragraphs numbered).
pub(crate) fn load(path: &Path) -> Document {
    quire::load(&quire::LoadOptions::new(path))
        .expect("loads")
        .document
}

/// How far a line's punctuation may hang outside the text block (optical margin
/// alignment), with room to spare, in points.
pub(crate) const HANG: f64 = 4.0;

/// The text block of page `page` (1-based) of `doc` laid out on a `w` × `h` page:
/// left edge, top, width, height, in points from the top-left corner.
pub(crate) fn text_block(doc: &Document, (w, h): (f64, f64), page: usize) -> [f64; 4] {
    let page_size = PageSize::custom(Pt(w), Pt(h)).expect("a page size");
    let opts = LayoutOptions::for_page(page_size);
    let m = quire_typeset::layout::effective_options(doc, &opts)
        .0
        .margins();
    // Odd pages are rectos, their inner margin on the left.
    let left = if page % 2 == 1 { m.inner } else { m.outer };
    [
        left.0,
        m.top.0,
        w - m.inner.0 - m.outer.0,
        h - m.top.0 - m.bottom.0,
    ]
}

/// The words of the page bodies (see [`text_block_pages`]).
fn body_words(pdf: &Path, doc: &Document) -> Option<Vec<String>> {
    let pages = text_block_pages(pdf, doc)?;
    Some(
        pages
            .iter()
            .flat_map(|p| p.split_whitespace())
            .map(str::to_string)
            .collect(),
    )
}

/// What `pdftotext` reads in each page's text block (of `doc` laid out), which leaves the
/// running head (in the top margin), the page number (in the bottom margin), and the
/// paragraph numbers and margin notes (in the outer margin) out.
pub(crate) fn text_block_pages(pdf: &Path, doc: &Document) -> Option<Vec<String>> {
    let info = info(pdf)?;
    let pages: usize = field(&info, "Pages:").parse().unwrap();
    let size: Vec<f64> = field(&info, "Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let (w, h) = (size[0], size[1]);
    let pdftotext = require_program("pdftotext", INSTALL)?;
    let mut all = Vec::new();
    for page in 1..=pages {
        let n = page.to_string();
        let [x, top, width, height] = text_block(doc, (w, h), page);
        // Slack for the punctuation that hangs into the margins (optical margin
        // alignment: at most 70 % of a stop or a hyphen, under 3 pt at text sizes); the
        // paragraph numbers stand much further out.
        let crop = [
            format!("{}", (x - HANG).floor()),
            format!("{}", top.floor()),
            format!("{}", (width + 2.0 * HANG).ceil()),
            format!("{}", height.ceil()),
        ];
        let out = Command::new(&pdftotext)
            .args([
                "-f", &n, "-l", &n, "-x", &crop[0], "-y", &crop[1], "-W", &crop[2], "-H", &crop[3],
            ])
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        all.push(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    Some(all)
}

/// Removes each annotation's words from `extracted`, where the layout put them (in the
/// margin or at a page foot), with the marker letter before them that a reader sees
/// (tagged extraction does not return it); returns how many were found. With `all`,
/// every annotation must be there whole.
pub(crate) fn take_annotations(extracted: &mut Vec<String>, doc: &Document, all: bool) -> usize {
    let mut found = 0;
    for a in &doc.annotations {
        let text = plain_text(&Document {
            blocks: a.body.clone(),
            ..Document::default()
        });
        let wanted: Vec<&str> = words(&text);
        let at = extracted
            .windows(wanted.len())
            .position(|w| w.iter().map(String::as_str).eq(wanted.iter().copied()));
        let Some(mut at) = at else {
            assert!(!all, "annotation {} not found whole: {wanted:?}", a.slug);
            continue;
        };
        let end = at + wanted.len();
        if at > 0 && extracted[at - 1] == a.marker() {
            at -= 1;
        }
        extracted.drain(at..end);
        found += 1;
    }
    found
}

/// Removes the words print adds after each page reference ("on page 14"), which are no
/// text of the projection, checking that they are there with a page's label where the
/// number goes (`cross_refs` checks that it is the right one).
fn take_page_refs(extracted: &mut Vec<String>, doc: &Document) {
    use quire_doc::enrich::PAGE_REF_PLACEHOLDER;
    // In reading order each one is the first left (those of notes are at a page foot).
    for (_, words) in crate::cross_refs::page_refs(doc) {
        // Each word of the template: itself, or the text around the page's label.
        let wanted: Vec<(&str, Option<&str>)> = words
            .split_whitespace()
            .map(|w| match w.split_once(PAGE_REF_PLACEHOLDER) {
                Some((pre, post)) => (pre, Some(post)),
                None => (w, None),
            })
            .collect();
        let fits = |got: &[String]| {
            got.iter().zip(&wanted).all(|(got, want)| match *want {
                (word, None) => got == word,
                (pre, Some(post)) => {
                    got.len() > pre.len() + post.len()
                        && got.starts_with(pre)
                        && got.ends_with(post)
                }
            })
        };
        let at = (0..=extracted.len().saturating_sub(wanted.len()))
            .find(|&i| fits(&extracted[i..i + wanted.len()]))
            .unwrap_or_else(|| panic!("the words of page reference {words:?} are not in print"));
        extracted.drain(at..at + wanted.len());
    }
}

/// Removes each note's words (in note order) from `extracted`, where the page layout put
/// them at the foot of a page, and returns them; the rest is left in `extracted`.
fn take_notes(extracted: &mut Vec<String>, doc: &Document) -> Vec<String> {
    let mut taken = Vec::new();
    for note in &doc.notes {
        let text = plain_text(&Document {
            blocks: note.blocks.clone(),
            ..Document::default()
        });
        let wanted: Vec<&str> = words(&text);
        let at = extracted
            .windows(wanted.len())
            .position(|w| w.iter().map(String::as_str).eq(wanted.iter().copied()))
            .unwrap_or_else(|| {
                panic!(
                    "note {} not found whole on any page: {wanted:?}",
                    note.label
                )
            });
        taken.extend(extracted.drain(at..at + wanted.len()));
    }
    taken
}

/// Removes each figure of the body (which may float to the top of a later page) from
/// `extracted`, checking that its words are there whole.
fn take_figures(extracted: &mut Vec<String>, doc: &Document) {
    for figure in doc.blocks.iter().filter(|b| is_figure(b)) {
        let text = plain_text(&Document {
            blocks: vec![figure.clone()],
            ..Document::default()
        });
        let wanted: Vec<&str> = words(&text);
        if wanted.is_empty() {
            continue;
        }
        let at = extracted
            .windows(wanted.len())
            .position(|w| w.iter().map(String::as_str).eq(wanted.iter().copied()))
            .unwrap_or_else(|| panic!("figure {} not found whole: {wanted:?}", figure.id()));
        extracted.drain(at..at + wanted.len());
    }
}

/// The blocks before the document's index (inside the division that holds it), if it
/// has one.
fn before_index(blocks: &[quire_doc::Block]) -> Option<Vec<quire_doc::Block>> {
    for (i, b) in blocks.iter().enumerate() {
        if matches!(b.kind, quire_doc::BlockKind::Index { .. }) {
            return Some(blocks[..i].to_vec());
        }
        for children in b.child_lists() {
            if let Some(inner) = before_index(children) {
                let mut out = blocks[..i].to_vec();
                let mut cut = b.clone();
                // The block that holds the index, with only what comes before it.
                if let Some(list) = cut.child_lists_mut().into_iter().find(|l| **l == *children) {
                    *list = inner;
                }
                out.push(cut);
                return Some(out);
            }
        }
    }
    None
}

fn is_figure(b: &quire_doc::Block) -> bool {
    matches!(b.kind, quire_doc::BlockKind::Figure { .. })
}

fn check_text(source: &Path, pdf: &Path) {
    // In-process first (no poppler needed), then pdftotext where it is installed.
    let bytes = std::fs::read(pdf).unwrap();
    let own: Vec<String> = crate::pdf_text::text(&bytes)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    compare_text(
        source,
        own,
        "the PDF's text through its ToUnicode and ActualText",
        true,
    );
    let doc = load(source);
    if let Some(extracted) = body_words(pdf, &doc) {
        compare_text(source, extracted, "pdftotext body of the PDF", false);
    }
}

/// Compares extracted words with the source's: the body, then the footnotes. The
/// annotations are taken out first: `whole_page` text holds all of them, the text
/// block's only those set at a page foot.
pub(crate) fn compare_text(
    source: &Path,
    mut extracted: Vec<String>,
    what: &str,
    whole_page: bool,
) {
    let doc = load(source);
    take_annotations(&mut extracted, &doc, whole_page);
    take_page_refs(&mut extracted, &doc);
    let notes = take_notes(&mut extracted, &doc);
    take_figures(&mut extracted, &doc);
    // The title block (from the front matter) is reading text too, before the body.
    let title = quire_typeset::title_block_text(&doc).join("\n") + "\n";
    let blocks: Vec<quire_doc::Block> = doc
        .blocks
        .iter()
        .filter(|b| !is_figure(b))
        .cloned()
        .collect();
    let projection = |blocks: Vec<quire_doc::Block>| {
        plain_text(&Document {
            notes: Vec::new(),
            blocks,
            ..doc.clone()
        })
    };
    let body = title.clone() + &projection(blocks.clone());
    // The index's entries are print's own text (made from the marks, with page
    // numbers; `index.rs` checks them): the run of words where the index stands, as
    // long as print has words more than the projection.
    if let Some(before) = before_index(&blocks) {
        let at = words(&(title + &projection(before))).len();
        let extra = extracted.len().saturating_sub(words(&body).len());
        assert!(extra > 0, "{what}: the index has no entries in print");
        extracted.drain(at.min(extracted.len())..(at + extra).min(extracted.len()));
    }
    let extracted: Vec<&str> = extracted.iter().map(String::as_str).collect();
    assert_same_words(&words(&body), &extracted, what);
    let all_notes: String = doc
        .notes
        .iter()
        .map(|n| {
            plain_text(&Document {
                blocks: n.blocks.clone(),
                ..Document::default()
            }) + " "
        })
        .collect();
    let notes: Vec<&str> = notes.iter().map(String::as_str).collect();
    assert_same_words(&words(&all_notes), &notes, &format!("{what}: notes"));
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/epub-every-block/input.md")
}

#[test]
fn pdf_edition_of_the_article_passes_qpdf_and_pdffonts() {
    let (_dir, pdf) = build("source/article.md", &[]);
    let Some(check) = tool("qpdf", &["--check"], &pdf) else {
        return;
    };
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    assert!(!check.contains("WARNING"), "{check}");
    let fonts = tool("pdffonts", &[], &pdf).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "not embedded+subset+unicode: {row}"
        );
        assert_eq!(cols[0].find('+'), Some(6), "no subset tag: {row}");
    }
}

#[test]
fn pdf_edition_is_tagged_pdf_17_on_a4_unless_asked() {
    let (_dir, pdf) = build("source/article.md", &[]);
    let Some(info) = info(&pdf) else { return };
    assert_eq!(field(&info, "Tagged:"), "yes");
    assert_eq!(field(&info, "PDF version:"), "1.7");
    assert!(field(&info, "Page size:").contains("(A4)"), "{info}");
    assert!(field(&info, "Title:").starts_with("Building a Global Community"));
    let (_dir, letter) = build("source/article.md", &["--page-size", "letter"]);
    assert!(field(&info_of(&letter), "Page size:").contains("(letter)"));
    // poppler names A4 and Letter but not A5: compare the numbers (148 × 210 mm).
    let (_dir, a5) = build("source/article.md", &["--page-size", "a5"]);
    let size: Vec<f64> = field(&info_of(&a5), "Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        (size[0] - 419.53).abs() < 0.01 && (size[1] - 595.28).abs() < 0.01,
        "{size:?}"
    );
}

fn info_of(pdf: &Path) -> String {
    info(pdf).unwrap_or_default()
}

#[test]
fn pdf_print_edition_has_bleed_and_trim_boxes() {
    let (_dir, pdf) = build("source/article.md", &["--print"]);
    let Some(info) = info(&pdf) else { return };
    let boxes = |name: &str| -> Vec<f64> {
        field(&info, name)
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let (media, bleed, trim) = (boxes("MediaBox:"), boxes("BleedBox:"), boxes("TrimBox:"));
    let mm3 = 3.0 * 72.0 / 25.4;
    assert!(
        (trim[0] - bleed[0] - mm3).abs() < 0.01,
        "bleed {bleed:?} trim {trim:?}"
    );
    assert!(
        bleed[0] > media[0],
        "crop marks need room outside the bleed: {media:?}"
    );
    assert!(
        (trim[2] - trim[0] - 595.28).abs() < 0.1,
        "trim is A4: {trim:?}"
    );
}

#[test]
fn pdf_text_of_the_article_equals_the_projection() {
    let (_dir, pdf) = build("source/article.md", &[]);
    check_text(&root().join("source/article.md"), &pdf);
}

#[test]
fn pdf_text_of_the_every_block_fixture_equals_the_projection() {
    let source = fixture();
    let (_dir, pdf) = build(source.to_str().unwrap(), &[]);
    if let Some(check) = tool("qpdf", &["--check"], &pdf) {
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
    }
    check_text(&source, &pdf);
}

#[test]
fn pdf_text_of_the_paper_equals_the_projection() {
    // Captions set above tables and listings, labels, numbered headings and resolved
    // references are text of the projection like any other.
    let source = root().join("tests/fixtures/paper/paper.md");
    let (_dir, pdf) = build(source.to_str().unwrap(), &[]);
    check_text(&source, &pdf);
}

#[test]
fn pdf_character_without_a_font_is_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("cjk.md");
    // A supplementary private-use character: in no font of any machine.
    std::fs::write(&src, "# T\n\nFine text.\n\nThen \u{F0002} here.\n").unwrap();
    let out = quire(&[
        "build",
        src.to_str().unwrap(),
        "--to",
        "pdf",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: no font has")
            && stderr.contains("cjk.md:5:6")
            && stderr.contains("U+F0002"),
        "{stderr}"
    );
    assert!(
        dir.path().join("cjk.pdf").exists(),
        "the PDF is written, with a box"
    );
}
