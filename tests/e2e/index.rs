//! The back-of-book index (issue 12 §3), on `tests/fixtures/index/` (five A4 pages:
//! 47 entries, sub-entries two levels deep, *see* and *see also*, initials É, Œ and an
//! ideograph, a place in a footnote, and a marked chronology longer than a page):
//!
//! - the PDF prints every entry with the pages its places are on, read back from the
//!   file: the page of each place's named destination (and of the destination after its
//!   end, for a phrase that runs onto the next page), merged into ranges as the index
//!   promises, word for word against the index pages' extracted text; every number is a
//!   link to the place;
//! - every locator and reference of the web page and the e-book resolves to an element
//!   id of the same edition (in the e-book, of the file it names);
//! - the three editions list the same entries in the same order, the model's;
//! - the body's text is still the projection in print and in the e-book (the index's
//!   entries are not text of the document, its heading is);
//! - an index of several pages keeps every entry, its columns balanced on the last page;
//! - EPUBCheck, Ace, the Nu checker, axe and veraPDF (PDF/UA-1, PDF/A-2b) find nothing.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::Document as Pdf;
use quire::Format;
use quire_doc::{BlockKind, Document, IndexEntry, IndexGroup, IndexWords};
use quire_tests::{assert_same_words, root, words};

const FIXTURE: &str = "tests/fixtures/index/input.md";

fn groups(doc: &Document) -> &[IndexGroup] {
    doc.blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Index { groups } => Some(groups.as_slice()),
            _ => None,
        })
        .expect("the fixture has an index")
}

/// The index block's id.
fn index_id(doc: &Document) -> String {
    doc.blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Index { .. }))
        .map(|b| b.id().to_string())
        .unwrap()
}

/// Every entry's term, sub-entries after their entry: the order every edition prints.
fn model_terms(doc: &Document) -> Vec<String> {
    quire_doc::index_entries(groups(doc))
        .into_iter()
        .map(|(_, e)| e.term.clone())
        .collect()
}

// ---------------------------------------------------------------- the PDF

/// What a PDF says about its pages: the page of every named destination, each page's
/// label, each page's reading text, and the destinations each page's links go to.
struct PdfFacts {
    dests: BTreeMap<String, usize>,
    labels: Vec<String>,
    pages: Vec<String>,
    links: Vec<Vec<String>>,
}

fn pdf_facts(bytes: &[u8]) -> PdfFacts {
    let pdf = Pdf::load_mem(bytes).expect("lopdf reads the PDF");
    let links = crate::pdf_book::page_links(&pdf);
    PdfFacts {
        dests: crate::pdf_book::destinations(&pdf),
        labels: crate::pdf_book::page_labels(&pdf),
        pages: crate::pdf_text::pages(bytes),
        links,
    }
}

/// The page numbers the index must print for `entry`, from the PDF's own destinations:
/// each place from the page of its start to the page of its end, places sorted, pages
/// that touch merged; with the destinations each number must link to.
fn expected_pages(entry: &IndexEntry, pdf: &PdfFacts) -> (Vec<String>, Vec<String>) {
    let mut spans: Vec<(usize, usize, &str, &str)> = entry
        .locators
        .iter()
        .map(|l| {
            let start = *pdf
                .dests
                .get(&l.target)
                .unwrap_or_else(|| panic!("no destination {}", l.target));
            let end = pdf
                .dests
                .get(&quire_typeset::layout::end_anchor(&l.target))
                .copied()
                .unwrap_or(start);
            (start, end.max(start), l.target.as_str(), l.target.as_str())
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut merged: Vec<(usize, usize, &str, &str)> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(m) if s.0 <= m.1 + 1 => {
                if s.1 > m.1 {
                    (m.1, m.3) = (s.1, s.3);
                }
            }
            _ => merged.push(s),
        }
    }
    let mut printed = Vec::new();
    let mut targets = Vec::new();
    for (a, b, ta, tb) in merged {
        targets.push(ta.to_string());
        if b > a {
            printed.push(format!("{}\u{2013}{}", pdf.labels[a], pdf.labels[b]));
            targets.push(tb.to_string());
        } else {
            printed.push(pdf.labels[a].clone());
        }
    }
    (printed, targets)
}

/// The index as print must show it, word for word, and the destinations its links
/// must go to, in order.
fn expected_index(doc: &Document, pdf: &PdfFacts) -> (String, Vec<String>) {
    let words = IndexWords::for_language(&doc.meta.language);
    let mut text = String::new();
    let mut targets = Vec::new();
    for group in groups(doc) {
        text.push_str(&group.label);
        text.push('\n');
        for (_, e) in group.entries.iter().flat_map(IndexEntry::flatten) {
            text.push_str(&e.term);
            let (pages, links) = expected_pages(e, pdf);
            for p in &pages {
                text.push_str(", ");
                text.push_str(p);
            }
            targets.extend(links);
            let mut after_term = pages.is_empty();
            for (word, refs) in [(words.see, &e.see), (words.see_also, &e.see_also)] {
                if refs.is_empty() {
                    continue;
                }
                text.push_str(if after_term { ", " } else { "; " });
                after_term = false;
                text.push_str(word);
                text.push(' ');
                let names: Vec<&str> = refs.iter().map(|r| r.term.as_str()).collect();
                text.push_str(&names.join("; "));
                targets.extend(refs.iter().filter_map(|r| r.target.clone()));
            }
            text.push('\n');
        }
    }
    (text, targets)
}

/// The pages the index is printed on: from its destination's to the last.
fn index_pages(doc: &Document, pdf: &PdfFacts) -> std::ops::Range<usize> {
    pdf.dests[&index_id(doc)]..pdf.pages.len()
}

fn fixture_pdf() -> (Document, Vec<u8>) {
    let loaded = crate::pipeline::load(FIXTURE);
    let bytes = crate::pipeline::render(Format::Pdf, &loaded);
    (loaded.document, bytes)
}

/// The index `doc`'s PDF `bytes` print: every entry with the pages of its places, read
/// from the PDF's own destinations, and every number a link to its place, in order.
fn check_printed_index(doc: &Document, bytes: &[u8], what: &str) -> PdfFacts {
    let pdf = pdf_facts(bytes);
    let pages = index_pages(doc, &pdf);
    // The heading is the index page's first line; the entries follow.
    let printed: String = pdf.pages[pages.clone()].concat();
    let printed = printed
        .trim_start()
        .strip_prefix("Index")
        .expect("the heading");
    let (want, targets) = expected_index(doc, &pdf);
    assert_same_words(&words(&want), &words(printed), &format!("{what}'s index"));
    // Every number and reference is a link, to the place (or entry) it names, in order.
    // (A link that wraps has an area on each of its lines; a range links both ends to
    // one place when one phrase spans them: repeats in a row are one link here.)
    let mut linked: Vec<String> = pages.clone().flat_map(|p| pdf.links[p].clone()).collect();
    let mut targets = targets;
    linked.dedup();
    targets.dedup();
    assert_eq!(linked, targets, "{what}'s index links");
    pdf
}

#[test]
fn index_pdf_of_the_article_and_the_paper_prints_every_marked_place() {
    for source in ["source/article.md", "tests/fixtures/paper/paper.md"] {
        let loaded = crate::pipeline::load(source);
        assert!(
            model_terms(&loaded.document).len() >= 10,
            "{source} marks terms"
        );
        let bytes = crate::pipeline::render(Format::Pdf, &loaded);
        check_printed_index(&loaded.document, &bytes, source);
    }
}

#[test]
fn index_pdf_prints_the_page_of_every_marked_place() {
    let (doc, bytes) = fixture_pdf();
    let pdf = check_printed_index(&doc, &bytes, "the fixture");
    // The fixture's chronology runs over a page: its place prints as a range.
    let chronology = quire_doc::index_entries(groups(&doc))
        .into_iter()
        .find(|(_, e)| e.term.starts_with("dates"))
        .unwrap()
        .1;
    let (printed, _) = expected_pages(chronology, &pdf);
    assert!(printed[0].contains('\u{2013}'), "{printed:?}");
    // Places on pages that follow one another print as one range.
    let press = quire_doc::index_entries(groups(&doc))
        .into_iter()
        .find(|(_, e)| e.term == "printing press")
        .unwrap()
        .1;
    assert_eq!(press.locators.len(), 3);
    let (printed, _) = expected_pages(press, &pdf);
    assert!(
        printed.len() == 1 && printed[0].contains('\u{2013}'),
        "{printed:?}"
    );
    // Pages on which the fixture has several places print once.
    let jikji = quire_doc::index_entries(groups(&doc))
        .into_iter()
        .find(|(_, e)| e.term == "Jikji")
        .unwrap()
        .1;
    assert_eq!(jikji.locators.len(), 2);
    assert_eq!(expected_pages(jikji, &pdf).0.len(), 1);
}

#[test]
fn index_pdf_body_text_is_still_the_projection() {
    // The pages before the index, and its heading, are the text; its entries are not
    // (`compare_text` takes them out where the index stands).
    let (_, bytes) = fixture_pdf();
    let own: Vec<String> = crate::pdf_text::pages(&bytes)
        .concat()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    crate::pdf_edition::compare_text(&root().join(FIXTURE), own, "the PDF's text", true);
}

#[test]
fn index_epub_text_is_still_the_projection() {
    let loaded = crate::pipeline::load(FIXTURE);
    let text = crate::epub::book_text(&crate::pipeline::render(Format::Epub, &loaded));
    let projection = quire_doc::plain_text(&loaded.document);
    assert_same_words(&words(&projection), &words(&text), "the e-book's text");
}

#[test]
fn index_pdf_is_pdf_ua_1_and_pdf_a_2b() {
    let (_dir, pdf) = crate::pdf_edition::build(FIXTURE, &[]);
    crate::pdf::qpdf_clean(&pdf);
    crate::pdf_conformance::validate(&pdf, "ua1");
    crate::pdf_conformance::validate(&pdf, "2b");
}

/// A source with `n` indexed terms, five to a paragraph, and a sub-entry for every
/// seventh.
fn many_terms(n: usize) -> String {
    let mut src = String::from("---\ntitle: Many\nlanguage: en\n---\n\n## Terms\n\n");
    for i in 0..n {
        let letter = char::from(b'a' + (i % 26) as u8);
        let sub = if i % 7 == 0 { "!detail" } else { "" };
        src.push_str(&format!(
            "The [{letter}term {i}]{{index=\"{letter}term {i}{sub}\"}} is discussed at some length here. "
        ));
        if i % 5 == 4 {
            src.push_str("\n\n");
        }
    }
    src
}

#[test]
fn index_over_several_pages_keeps_every_entry_with_balanced_last_columns() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("many.md");
    std::fs::write(&source, many_terms(400)).unwrap();
    let loaded = quire::load(&quire::LoadOptions::new(&source)).expect("loads");
    let bytes = crate::pipeline::render(Format::Pdf, &loaded);
    let doc = &loaded.document;
    let pdf = pdf_facts(&bytes);
    let pages = index_pages(doc, &pdf);
    assert!(pages.len() >= 3, "a long index: {pages:?}");
    let printed: String = pdf.pages[pages.clone()].concat();
    let printed = printed.trim_start().strip_prefix("Index").unwrap();
    let (want, _) = expected_index(doc, &pdf);
    assert_same_words(&words(&want), &words(printed), "a long index");
    // The last page's two columns differ by a line or two at most: their text runs
    // (one per line) stand at two x positions, counted apart.
    let last = Pdf::load_mem(&bytes).unwrap();
    let page_id = *last.get_pages().values().last().unwrap();
    let content = lopdf::content::Content::decode(&last.get_page_content(page_id)).unwrap();
    // The middle of the text block: the gap between the columns.
    let n = last.get_pages().len();
    let [x, _, w, _] = crate::pdf_edition::text_block(doc, (595.276, 841.89), n);
    let middle = x + w / 2.0;
    let mut baselines: [BTreeSet<i64>; 2] = Default::default();
    // Marked content open around each operator: the running head and the folio are
    // artifacts, not columns.
    let mut marks: Vec<bool> = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let artifact =
                    op.operands.first().and_then(|o| o.as_name().ok()) == Some(b"Artifact");
                marks.push(artifact);
            }
            "EMC" => {
                marks.pop();
            }
            "Tm" if !marks.contains(&true) => {
                let f = |k: usize| op.operands[k].as_float().unwrap();
                baselines[usize::from(f64::from(f(4)) > middle)].insert(f(5).round() as i64);
            }
            _ => {}
        }
    }
    let [left, right] = baselines.map(|b| b.len());
    assert!(
        right > 0 && left >= right && left - right <= 2,
        "balanced: {left} and {right} lines"
    );
}

// ---------------------------------------------------------------- the screens

/// Every `id="…"` of `markup`.
fn ids(markup: &str) -> BTreeSet<String> {
    crate::books::ids_in(markup)
}

/// The part of `markup` from the index's `doc-index` section to its end.
fn index_section(markup: &str) -> &str {
    let start = markup
        .find("role=\"doc-index\"")
        .expect("a doc-index section");
    let rest = &markup[start..];
    let end = rest.find("</div>\n</section>").expect("the index ends");
    &rest[..end]
}

/// The terms of the index's entries, in order (`<span class="ix-term" …>term</span>`).
fn screen_terms(section: &str) -> Vec<String> {
    section
        .split("class=\"ix-term\"")
        .skip(1)
        .map(|s| {
            let text = s.split_once('>').unwrap().1.split('<').next().unwrap();
            text.replace("&amp;", "&")
        })
        .collect()
}

/// The `href`s of the links in `section`, in order.
fn hrefs(section: &str) -> Vec<String> {
    section
        .split("<a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn index_html_lists_the_entries_and_every_link_resolves() {
    let loaded = crate::pipeline::load(FIXTURE);
    let doc = &loaded.document;
    let page = String::from_utf8(crate::pipeline::render(Format::Html, &loaded)).unwrap();
    let section = index_section(&page);
    assert_eq!(screen_terms(section), model_terms(doc));
    let ids = ids(&page);
    let links = hrefs(section);
    let mut want = Vec::new();
    for (_, e) in quire_doc::index_entries(groups(doc)) {
        want.extend(e.screen_locators().iter().map(|l| format!("#{}", l.target)));
        let refs = e.see.iter().chain(&e.see_also);
        want.extend(
            refs.filter_map(|r| r.target.as_ref())
                .map(|t| format!("#{t}")),
        );
    }
    assert_eq!(links, want);
    for href in &links {
        let id = href.strip_prefix('#').expect("a fragment");
        assert!(ids.contains(id), "{href} names no element of the page");
    }
    // The place in the footnote reads as the paragraph citing the note.
    assert!(section.contains(">¶2n</a>"), "{section}");
}

#[test]
fn index_epub_lists_the_entries_and_every_link_resolves() {
    let loaded = crate::pipeline::load(FIXTURE);
    let doc = &loaded.document;
    let entries = crate::epub::unzip(&crate::pipeline::render(Format::Epub, &loaded));
    let files: BTreeMap<String, String> = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(n, d)| {
            let name = n.rsplit('/').next().unwrap().to_string();
            (name, String::from_utf8_lossy(d).into_owned())
        })
        .collect();
    let (file, xhtml) = files
        .iter()
        .find(|(_, x)| x.contains("epub:type=\"index\""))
        .expect("a content document that is the index");
    assert!(xhtml.contains("<body epub:type=\"backmatter\">"), "{xhtml}");
    let section = index_section(xhtml);
    assert_eq!(screen_terms(section), model_terms(doc));
    let links = hrefs(section);
    assert!(links.len() > 40, "{links:?}");
    for href in links {
        let (target_file, id) = href.split_once('#').expect("a fragment");
        let target_file = if target_file.is_empty() {
            file.as_str()
        } else {
            target_file
        };
        let target = files
            .get(target_file)
            .unwrap_or_else(|| panic!("{href}: no file {target_file}"));
        assert!(
            ids(target).contains(id),
            "{href} names no element of {target_file}"
        );
    }
    // The landmarks name the index.
    let nav = files.get("nav.xhtml").unwrap();
    assert!(
        nav.contains(&format!("epub:type=\"index\" href=\"{file}\"")),
        "{nav}"
    );
}

#[test]
fn index_is_the_same_in_every_edition() {
    let loaded = crate::pipeline::load(FIXTURE);
    let doc = &loaded.document;
    let want = model_terms(doc);
    let page = String::from_utf8(crate::pipeline::render(Format::Html, &loaded)).unwrap();
    let epub = crate::epub::xhtml_text(&crate::pipeline::render(Format::Epub, &loaded));
    assert_eq!(screen_terms(index_section(&page)), want, "web page");
    assert_eq!(screen_terms(index_section(&epub)), want, "e-book");
    // Print: each entry's line starts with its term, in the same order (the word test
    // above checks the whole text).
    let pdf = pdf_facts(&crate::pipeline::render(Format::Pdf, &loaded));
    let printed: String = pdf.pages[index_pages(doc, &pdf)].concat();
    let mut at = 0;
    for term in &want {
        let found = printed[at..]
            .find(term.as_str())
            .unwrap_or_else(|| panic!("print lacks {term:?} after byte {at}"));
        at += found + term.len();
    }
    assert_eq!(
        want.len(),
        47,
        "the fixture's entries, sub-entries included"
    );
}

#[test]
fn index_editions_pass_the_validators() {
    let loaded = crate::pipeline::load(FIXTURE);
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("index.epub");
    std::fs::write(&book, crate::pipeline::render(Format::Epub, &loaded)).unwrap();
    crate::epub::epubcheck_clean(&book);
    let out = dir.path().join("ace");
    if let Some(summary) = crate::epub::run_tool("ace.sh", &book, &out) {
        assert!(summary.starts_with("violations: 0\n"), "Ace:\n{summary}");
    }
    let page = dir.path().join("index.html");
    std::fs::write(&page, crate::pipeline::render(Format::Html, &loaded)).unwrap();
    crate::html::nu_check(&page);
    crate::html::axe(&page, 1280);
    crate::html::axe(&page, 375);
}

// ---------------------------------------------------------------- a book

/// A copy of `tests/fixtures/book/` with index marks in four chapters, a place in a
/// footnote, and *see* references made in two chapters.
fn indexed_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("tests/fixtures/book");
    let mut stack = vec![from.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let to = dir.path().join(path.strip_prefix(&from).unwrap());
            if path.is_dir() {
                std::fs::create_dir_all(&to).unwrap();
                stack.push(path);
            } else {
                std::fs::copy(&path, &to).unwrap();
            }
        }
    }
    let mark = |file: &str, pairs: &[(&str, &str)]| {
        let path = dir.path().join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (from, to) in pairs {
            assert!(text.contains(from), "{file}: {from}");
            text = text.replacen(from, to, 1);
        }
        text.push_str("\n[]{index=\"spacing\" index-see=\"leading\"}\n");
        std::fs::write(&path, text).unwrap();
    };
    mark(
        "chapters/measure.md",
        &[
            ("The measure is", "The [measure]{.index} is"),
            ("length of a line", "length of a [line]{.index}"),
            (
                "Robert Bringhurst",
                "[Robert Bringhurst]{index=\"Bringhurst, Robert\"}",
            ),
        ],
    );
    mark(
        "chapters/leading.md",
        &[
            ("Leading is the", "[Leading]{index=\"leading\"} is the"),
            (
                "On a baseline grid",
                "On a [baseline grid]{index=\"leading!baseline grid\"}",
            ),
        ],
    );
    mark(
        "chapters/hyphens.md",
        &[(
            "make a ladder",
            "make a [ladder]{index=\"hyphens!ladders of\"}",
        )],
    );
    mark(
        "chapters/margins.md",
        &[(
            "The inner margin",
            "The [inner margin]{index=\"margins!inner\"}",
        )],
    );
    dir
}

#[test]
fn index_of_a_book_is_its_last_division_in_every_edition() {
    let dir = indexed_book();
    let loaded = quire::load(&quire::LoadOptions::new(dir.path())).expect("loads");
    let doc = &loaded.document;
    let last = doc.divisions.last().unwrap();
    assert_eq!(
        (last.kind, last.name.as_str(), last.title.as_str()),
        (quire_doc::DivisionKind::BackMatter, "book-index", "Index")
    );
    assert_eq!(model_terms(doc).len(), 10, "{:?}", model_terms(doc));
    // Print: the index opens on a recto, is in the contents, and prints its pages.
    let bytes = crate::pipeline::render(Format::Pdf, &loaded);
    let pdf = pdf_facts(&bytes);
    let pages = index_pages(doc, &pdf);
    assert_eq!(pages.start % 2, 0, "a recto (page {})", pages.start + 1);
    let label = &pdf.labels[pages.start];
    let contents = pdf
        .pages
        .iter()
        .find(|p| p.starts_with("\nContents"))
        .unwrap();
    assert!(contents.contains(&format!("Index {label}")), "{contents}");
    let printed: String = pdf.pages[pages].concat();
    let printed = printed
        .trim_start()
        .strip_prefix("Index")
        .expect("the title");
    let (want, _) = expected_index(doc, &pdf);
    assert_same_words(&words(&want), &words(printed), "the book's index");
    // The e-book: a content document of its own, every link resolving.
    let entries = crate::epub::unzip(&crate::pipeline::render(Format::Epub, &loaded));
    let xhtml = crate::epub::entry(&entries, "OEBPS/book-index.xhtml");
    assert!(xhtml.contains("epub:type=\"index\""), "{xhtml}");
    for href in hrefs(index_section(xhtml)) {
        let (file, id) = href.split_once('#').unwrap();
        let file = if file.is_empty() {
            "book-index.xhtml"
        } else {
            file
        };
        let target = crate::epub::entry(&entries, &format!("OEBPS/{file}"));
        assert!(ids(target).contains(id), "{href}");
    }
    let book = dir.path().join("book.epub");
    std::fs::write(&book, crate::pipeline::render(Format::Epub, &loaded)).unwrap();
    crate::epub::epubcheck_clean(&book);
    // The web site: a page of its own, its links leading to the chapters' pages.
    let out = dir.path().join("out");
    quire_tests::quire_ok(&[
        "build",
        dir.path().to_str().unwrap(),
        "--to",
        "html",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    let site = out.join("measure");
    let page = std::fs::read_to_string(site.join("book-index.html")).unwrap();
    assert!(page.contains("role=\"doc-index\""), "{page}");
    let section = &page[page.find("class=\"ix\"").unwrap()..];
    let links = hrefs(section);
    assert!(
        links.iter().any(|h| h.starts_with("measure.html#idx-")),
        "{links:?}"
    );
    for href in links
        .iter()
        .filter(|h| !h.starts_with("colophon") && h.contains('#'))
    {
        let (file, id) = href.split_once('#').unwrap();
        let file = if file.is_empty() {
            "book-index.html"
        } else {
            file
        };
        let target = std::fs::read_to_string(site.join(file)).unwrap();
        assert!(ids(&target).contains(id), "{href}");
    }
    crate::html::nu_check(&site.join("book-index.html"));
}

#[test]
fn index_ast_json_reads_back_equal_with_the_index_and_the_marks_ids() {
    let out = quire_tests::quire(&["ast", FIXTURE]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back: Document = serde_json::from_slice(&out.stdout).expect("model JSON");
    assert_eq!(back, crate::pipeline::load(FIXTURE).document);
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("\"type\": \"index\""), "the index block");
    // The marks are spans still, each place with its id (a reference is no place).
    let mut marks = 0;
    quire_doc::for_each_inline(&back, &mut |i| {
        if let quire_doc::InlineKind::Span { attr, .. } = &i.kind
            && (attr.has_class("index") || attr.get("index").is_some())
            && attr.get("index-see").is_none()
            && attr.get("index-see-also").is_none()
        {
            marks += 1;
            assert!(!attr.id.is_empty(), "{attr:?}");
        }
    });
    assert!(marks > 30, "{marks}");
}

#[test]
fn index_in_the_middle_settles_to_the_right_pages() {
    // A `{#index}` div after the first section: the index's own length moves every page
    // after it, so its numbers are right only once the layout has settled.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let text = text.replacen(
        "## The press in Mainz",
        "::: {#index}\n## Where to find it\n:::\n\n## The press in Mainz",
        1,
    );
    let source = dir.path().join("middle.md");
    std::fs::write(&source, text).unwrap();
    let loaded = quire::load(&quire::LoadOptions::new(&source)).expect("loads");
    let doc = &loaded.document;
    let bytes = crate::pipeline::render(Format::Pdf, &loaded);
    let pdf = pdf_facts(&bytes);
    let start = pdf.dests[&index_id(doc)];
    let printed: String = pdf.pages[start..].concat();
    let printed = printed
        .split_once("Where to find it")
        .expect("the div's own heading")
        .1;
    let (want, _) = expected_index(doc, &pdf);
    let want = words(&want);
    let got = words(printed);
    assert_same_words(
        &want,
        &got[..want.len().min(got.len())],
        "an index before its places",
    );
    // And the text goes on after it.
    assert_eq!(
        got[want.len()..].first(),
        Some(&"The"),
        "{:?}",
        &got[want.len()..]
    );
}
