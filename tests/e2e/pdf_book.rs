//! The PDF of a book, read back from the file: the printed contents page lists every
//! division of depth 0 with the folio of the page it starts on (read from the contents
//! page's text, checked against the page labels, the page that shows the title and the
//! division's named destination), chapters open on rectos, front matter is numbered in
//! roman numerals in print and in `/PageLabels`, inserted versos are empty, the outline
//! nests parts, chapters and headings, and the file passes qpdf and veraPDF.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object, ObjectId};
use quire::LoadOptions;
use quire_doc::{BlockKind, DivisionKind, inline_text};
use quire_tests::root;

/// A built book: its PDF's path and bytes, and the loaded document.
struct Built {
    pdf: PathBuf,
    bytes: Vec<u8>,
    doc: quire_doc::Document,
}

/// Builds the PDF of `tests/fixtures/<name>` once per test run.
fn built(name: &'static str) -> &'static Built {
    static BOOKS: OnceLock<std::sync::Mutex<BTreeMap<&'static str, &'static Built>>> =
        OnceLock::new();
    let books = BOOKS.get_or_init(Default::default);
    let mut books = books.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(b) = books.get(name) {
        return b;
    }
    let fixture = root().join("tests/fixtures").join(name);
    let out = std::env::temp_dir().join(format!("quire-pdf-book-{}-{name}", std::process::id()));
    let run = quire_tests::quire(&[
        "build",
        fixture.to_str().unwrap(),
        "--to",
        "pdf",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF is written");
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = quire::load(&LoadOptions::new(&fixture)).unwrap().document;
    let b: &'static Built = Box::leak(Box::new(Built { pdf, bytes, doc }));
    books.insert(name, b);
    b
}

/// The label of every page from `/PageLabels` (decimal, lower roman or a prefix).
pub(crate) fn page_labels(doc: &Document) -> Vec<String> {
    let n = doc.get_pages().len();
    let catalog = doc.catalog().unwrap();
    let Ok(labels) = catalog.get(b"PageLabels") else {
        return (1..=n).map(|i| i.to_string()).collect();
    };
    let labels = resolve_dict(doc, labels);
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    let ranges: Vec<(usize, Dictionary)> = nums
        .chunks(2)
        .map(|pair| {
            (
                pair[0].as_i64().unwrap() as usize,
                resolve_dict(doc, &pair[1]).clone(),
            )
        })
        .collect();
    (0..n)
        .map(|i| {
            let (start, d) = ranges.iter().rev().find(|(s, _)| *s <= i).unwrap();
            let first = d.get(b"St").ok().and_then(|o| o.as_i64().ok()).unwrap_or(1);
            let value = first as usize + (i - start);
            let prefix = d
                .get(b"P")
                .ok()
                .and_then(|o| o.as_str().ok())
                .map(crate::pdf_text::text_string)
                .unwrap_or_default();
            let number = match d.get(b"S").ok().and_then(|o| o.as_name().ok()) {
                Some(b"D") => value.to_string(),
                Some(b"r") => roman(value),
                None => String::new(),
                Some(other) => panic!("unexpected label style {other:?}"),
            };
            prefix + &number
        })
        .collect()
}

fn roman(mut n: usize) -> String {
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| "ivxlcdm".contains(c))
}

fn resolve_dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// The named destinations the link annotations of each page go to, in page order.
pub(crate) fn page_links(doc: &Document) -> Vec<Vec<String>> {
    doc.get_pages()
        .values()
        .map(|&page| {
            doc.get_page_annotations(page)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|a| a.get(b"Dest").and_then(|d| d.as_str()).ok())
                .map(crate::pdf_text::text_string)
                .collect()
        })
        .collect()
}

/// The named destinations: name → page index.
pub(crate) fn destinations(doc: &Document) -> BTreeMap<String, usize> {
    let pages: BTreeMap<ObjectId, usize> = doc
        .get_pages()
        .values()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let catalog = doc.catalog().unwrap();
    let names = resolve_dict(doc, catalog.get(b"Names").unwrap());
    let mut out = BTreeMap::new();
    let mut stack = vec![resolve_dict(doc, names.get(b"Dests").unwrap()).clone()];
    while let Some(node) = stack.pop() {
        if let Ok(kids) = node.get(b"Kids").and_then(|k| k.as_array()) {
            stack.extend(kids.iter().map(|k| resolve_dict(doc, k).clone()));
        }
        if let Ok(names) = node.get(b"Names").and_then(|k| k.as_array()) {
            for pair in names.chunks(2) {
                let name = crate::pdf_text::text_string(pair[0].as_str().unwrap());
                let dest = match &pair[1] {
                    Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
                    o => o.clone(),
                };
                let array = match dest {
                    Object::Array(a) => a,
                    Object::Dictionary(d) => d.get(b"D").unwrap().as_array().unwrap().clone(),
                    other => panic!("destination {other:?}"),
                };
                let page = pages[&array[0].as_reference().unwrap()];
                out.insert(name, page);
            }
        }
    }
    out
}

/// The outline as (depth, title) in order.
fn outline(doc: &Document) -> Vec<(usize, String)> {
    fn walk(doc: &Document, first: Option<&Object>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut at = first.and_then(|o| o.as_reference().ok());
        while let Some(id) = at {
            let item = doc.get_dictionary(id).unwrap();
            let title = crate::pdf_text::text_string(item.get(b"Title").unwrap().as_str().unwrap());
            out.push((depth, title));
            walk(doc, item.get(b"First").ok(), depth + 1, out);
            at = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let catalog = doc.catalog().unwrap();
    let outlines = resolve_dict(doc, catalog.get(b"Outlines").unwrap());
    let mut out = Vec::new();
    walk(doc, outlines.get(b"First").ok(), 0, &mut out);
    out
}

/// The title print sets for division `d` (its opening heading, else its title).
fn title_of(doc: &quire_doc::Document, d: usize) -> String {
    let range = doc.division_blocks(d);
    match doc.blocks.get(range.start).map(|b| &b.kind) {
        Some(BlockKind::Heading { content, .. }) if !range.is_empty() => inline_text(content),
        _ => doc.divisions[d].title.clone(),
    }
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The contents' entries as printed: (the line without its folio, the folio).
fn contents_entries(pages: &[String]) -> Vec<(String, String)> {
    let start = pages
        .iter()
        .position(|p| p.lines().any(|l| l.trim() == "Contents"))
        .expect("a contents page");
    let mut out = Vec::new();
    for page in &pages[start..] {
        if page.lines().any(|l| l.trim() == "Contents") || out.is_empty() || !page.trim().is_empty()
        {
            let mut found = false;
            for line in page.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if line == "Contents" {
                    continue;
                }
                let Some((text, folio)) = line.rsplit_once(' ') else {
                    continue;
                };
                if folio.chars().all(|c| c.is_ascii_digit()) || is_roman(folio) {
                    out.push((words(text), folio.to_string()));
                    found = true;
                }
            }
            if !found {
                break;
            }
        }
    }
    out
}

/// Checks every property of a book's PDF (see the module docs).
fn check_book(name: &'static str) {
    let b = built(name);
    let pdf = Document::load_mem(&b.bytes).unwrap();
    let labels = page_labels(&pdf);
    let content = crate::pdf_text::page_texts(&b.bytes, false);
    let everything = crate::pdf_text::page_texts(&b.bytes, true);
    let dests = destinations(&pdf);
    let doc = &b.doc;
    assert_eq!(labels.len(), content.len());
    // The contents lists every division of depth 0 (and of depth 1), in order, with the
    // folio of the page it starts on.
    let entries = contents_entries(&content);
    let listed: Vec<usize> = (0..doc.divisions.len())
        .filter(|&d| doc.divisions[d].depth <= 1)
        .collect();
    assert_eq!(
        entries.len(),
        listed.len(),
        "one entry per division: {entries:#?}"
    );
    let first_arabic = labels.iter().position(|l| l == "1").expect("page 1");
    for (&d, (text, folio)) in listed.iter().zip(&entries) {
        let title = words(&title_of(doc, d));
        assert!(
            text.ends_with(&title),
            "entry {text:?} is not division {d} ({title:?})"
        );
        let page = labels
            .iter()
            .position(|l| l == folio)
            .unwrap_or_else(|| panic!("no page is labelled {folio:?}"));
        // The division's destination is on that page, and so is its title.
        let block = &doc.blocks[doc.division_blocks(d).start.min(doc.blocks.len() - 1)];
        if !block.id().is_empty() && !doc.division_blocks(d).is_empty() {
            assert_eq!(
                dests.get(block.id()),
                Some(&page),
                "{title:?}: its destination is not on page {folio}"
            );
        }
        assert!(
            words(&content[page]).contains(&title),
            "{title:?} is not on page {folio}: {:?}",
            content[page]
        );
        let div = &doc.divisions[d];
        if div.depth == 0 {
            // Every division of depth 0 opens a recto: odd in the file's count.
            assert_eq!(
                page % 2,
                0,
                "{title:?} starts on physical page {}",
                page + 1
            );
            // Front matter is in roman numerals; from the first part or chapter, arabic.
            let arabic = matches!(div.kind, DivisionKind::Part | DivisionKind::Chapter)
                || page >= first_arabic;
            assert_eq!(!is_roman(folio), arabic, "{title:?} is on page {folio}");
        }
        // A part's title page is a blind folio: it prints no number.
        if div.kind == DivisionKind::Part {
            let printed = everything[page].split_whitespace().last().unwrap_or("");
            assert_ne!(printed, folio.as_str(), "{title:?}'s page prints its folio");
        }
    }
    // The first part or chapter is page 1.
    let first = doc
        .divisions
        .iter()
        .position(|d| matches!(d.kind, DivisionKind::Part | DivisionKind::Chapter))
        .unwrap();
    assert_eq!(
        entries[listed.iter().position(|&d| d == first).unwrap()].1,
        "1"
    );
    // Before page 1 every label is roman, and the printed folios (running feet) are too.
    for page in 0..first_arabic {
        assert!(
            is_roman(&labels[page]),
            "page {} is {:?}",
            page + 1,
            labels[page]
        );
        let printed = everything[page].split_whitespace().last().unwrap_or("");
        if !content[page].trim().is_empty() && page >= 4 {
            assert_eq!(
                printed,
                labels[page],
                "the folio printed on page {}",
                page + 1
            );
        }
    }
    for (k, label) in labels[first_arabic..].iter().enumerate() {
        assert_eq!(*label, (k + 1).to_string());
    }
    // A page without content is an inserted verso, with no text at all (no head, no
    // folio); the half-title (page i) is the only page whose text is all artifact.
    let mut blanks = 0;
    for (page, text) in content.iter().enumerate().skip(1) {
        if text.trim().is_empty() {
            blanks += 1;
            assert_eq!(page % 2, 1, "page {} is empty but a recto", page + 1);
            assert!(
                everything[page].trim().is_empty(),
                "the empty verso {} shows {:?}",
                page + 1,
                everything[page]
            );
        }
    }
    assert!(blanks >= 1, "the verso after the half-title is empty");
    // The front pages: half-title, title page, copyright page.
    assert!(words(&everything[0]).contains(&words(&doc.meta.title)));
    assert!(words(&content[2]).contains(&words(&doc.meta.title)));
    for author in &doc.meta.authors {
        assert!(words(&content[2]).contains(&words(author)), "{author}");
    }
    assert!(
        content[3].contains("Typeset with Quire"),
        "{:?}",
        content[3]
    );
    // The outline: the front pages, then the divisions.
    let items = outline(&pdf);
    assert_eq!(items[0], (0, words(&doc.meta.title)));
    assert_eq!(items[1], (0, "Contents".to_string()));
}

#[test]
fn the_book_fixture_prints_its_contents_front_pages_and_openings() {
    check_book("book");
    let b = built("book");
    let doc = &b.doc;
    let pdf = Document::load_mem(&b.bytes).unwrap();
    let content = crate::pdf_text::page_texts(&b.bytes, false);
    // The copyright page has the manifest's rights, ISBN, edition and date in words.
    let copyright = words(&content[3]);
    for want in [
        "CC0 1.0: no rights reserved",
        "ISBN 978-0-00-000000-2",
        "First edition",
        "14 March 2026",
    ] {
        assert!(copyright.contains(want), "{want:?} in {copyright:?}");
    }
    // Parts hold their chapters in the outline; chapters their headings.
    let items = outline(&pdf);
    let at = |t: &str| {
        items
            .iter()
            .position(|(_, x)| x == t)
            .unwrap_or_else(|| panic!("{t:?} in {items:#?}"))
    };
    let lines = at("Lines");
    assert_eq!(items[lines].0, 0);
    assert_eq!(items[lines + 1].0, 1, "{items:#?}");
    assert!(items[lines + 1].1.ends_with("Leading"), "{items:#?}");
    assert!(
        items
            .iter()
            .any(|(depth, t)| *depth == 1 && t == "Why it matters"),
        "{items:#?}"
    );
    // Chapter openings show their number line ("Chapter 1") and the appendix its letter.
    let all = content.join("\n");
    assert!(all.contains("Chapter 1"), "chapter number line");
    assert!(all.contains("Appendix A"), "appendix letter");
    assert!(all.contains("Part I") && all.contains("Part II"));
    // The chapter's heading is its title once: "The measure" opens the chapter's page
    // and is not repeated under it.
    assert!((0..doc.divisions.len()).any(|d| title_of(doc, d) == "The measure"));
    let opening = content.iter().find(|p| p.contains("Chapter 1")).unwrap();
    let title_lines = opening
        .lines()
        .filter(|l| l.trim() == "The measure")
        .count();
    assert_eq!(title_lines, 1, "{opening}");
}

#[test]
fn the_rust_book_prints_its_contents_with_the_pages_chapters_start_on() {
    check_book("rust-book-ch1-6");
}

#[test]
fn the_book_fixtures_pdf_is_clean_for_qpdf_and_verapdf() {
    // The Rust book's PDF is validated by `corpus::the_rust_book_builds_valid_editions`.
    let b = built("book");
    crate::pdf::qpdf_clean(&b.pdf);
    crate::pdf_conformance::validate(&b.pdf, "ua1");
    crate::pdf_conformance::validate(&b.pdf, "2b");
}
