//! The editorial annotations and the paragraph numbers in the PDF edition, read back as
//! a reader's tools see them: every note's words found by `pdftotext` on the page of its
//! passage (in the outer margin on A4, at the page foot on A5), the paragraph numbers in
//! the outer margin equal to `quire-annotate`'s, margin notes that never overlap or
//! leave the margin (checked on the laid-out pages), and veraPDF's verdict on both trims.

use std::path::Path;
use std::process::Command;

use quire_doc::{Block, BlockKind, Document, plain_text};
use quire_tests::{require_program, root, words};
use quire_typeset::page::{Mark, PageItem, PagedDocument, StructRole};
use quire_typeset::{FontBook, LayoutOptions, NotePlacement, PageSize};

use super::pdf_edition::{HANG, build, load, text_block};

const POPPLER: &str = "apt-get install poppler-utils";

/// A word as `pdftotext -bbox` places it, in points from the page's top-left corner.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// The words of each page, and the page size in points.
type PageWords = (Vec<Vec<Word>>, (f64, f64));

/// The words of each page of `pdf`, in `pdftotext`'s reading order, and the page size.
fn page_words(pdf: &Path) -> Option<PageWords> {
    let program = require_program("pdftotext", POPPLER)?;
    let out = Command::new(program)
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("runs pdftotext");
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let rest = &tag[at..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    let mut pages = Vec::new();
    let mut size = (0.0, 0.0);
    for chunk in html.split("<page ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap()];
        size = (attr(head, "width"), attr(head, "height"));
        let mut list = Vec::new();
        for w in chunk.split("<word ").skip(1) {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap();
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            list.push(Word {
                text,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
            });
        }
        pages.push(list);
    }
    Some((pages, size))
}

fn body_text(a: &quire_doc::Annotation) -> String {
    plain_text(&Document {
        blocks: a.body.clone(),
        ..Document::default()
    })
}

/// Text without its white space: `pdftotext` cuts CJK runs into one word per
/// character, so words are compared as one string.
fn squeeze<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Words in lines from the top (a line: boxes whose bottoms are within 2.5 pt, which a
/// superscript or a fallback face's box may shift), each line from the left.
fn in_lines(mut list: Vec<&Word>) -> Vec<&Word> {
    list.sort_by(|a, b| a.y1.partial_cmp(&b.y1).unwrap());
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for w in list {
        match lines.last_mut() {
            Some(line) if (w.y1 - line[0].y1).abs() <= 2.5 => line.push(w),
            _ => lines.push(vec![w]),
        }
    }
    lines
        .into_iter()
        .flat_map(|mut line| {
            line.sort_by(|a, b| a.x0.partial_cmp(&b.x0).unwrap());
            line
        })
        .collect()
}

/// Where a note was found: its page (0-based) and whether in the outer margin.
fn locate_notes(doc: &Document, pages: &[Vec<Word>], size: (f64, f64)) -> Vec<(usize, bool)> {
    // The margin-note column begins this far from the text block (the paragraph
    // numbers stand nearer).
    let (_, placement) = quire_typeset::layout::effective_options(doc, &LayoutOptions::default());
    let gap = match placement {
        Some(NotePlacement::Margin { gap, .. }) => gap.0 - 1.0,
        _ => 0.0,
    };
    let mut out = Vec::new();
    for a in &doc.annotations {
        let text = body_text(a);
        let wanted = squeeze(words(&text));
        assert!(!wanted.is_empty(), "note {} has text", a.slug);
        let mut hits = Vec::new();
        for (p, list) in pages.iter().enumerate() {
            let [x, _, w, _] = text_block(doc, size, p + 1);
            // Punctuation at a line's edge hangs into the margin (a broken "China-").
            let inside = |wd: &&Word| wd.x0 >= x - HANG && wd.x1 <= x + w + HANG;
            let outer = |wd: &&Word| wd.x0 >= x + w + gap || wd.x1 <= x - gap;
            // The margin is one column: its words read top to bottom, left to right.
            let margin = in_lines(list.iter().filter(outer).collect());
            let margin = squeeze(margin.iter().map(|w| w.text.as_str()));
            let body = squeeze(list.iter().filter(inside).map(|w| w.text.as_str()));
            if margin.contains(&wanted) {
                hits.push((p, true));
            }
            if body.contains(&wanted) {
                hits.push((p, false));
            }
        }
        assert_eq!(
            hits.len(),
            1,
            "note {} ({}) must be found whole exactly once, was at {hits:?}: {wanted:?}",
            a.marker(),
            a.slug
        );
        out.push(hits[0]);
    }
    out
}

/// The page (0-based) of each annotation's marker, from the PDF's named destinations
/// (`{slug}-ref`, at the end of the passage), checked against the text: the passage's
/// last word is on that page.
fn passage_pages(doc: &Document, pdf: &Path, pages: &[Vec<Word>]) -> Vec<usize> {
    let bytes = std::fs::read(pdf).unwrap();
    let parsed = lopdf::Document::load_mem(&bytes).unwrap();
    let dests = crate::pdf_book::destinations(&parsed);
    doc.annotations
        .iter()
        .map(|a| {
            let page = *dests
                .get(&format!("{}-ref", a.slug))
                .unwrap_or_else(|| panic!("no marker destination for {}", a.slug));
            assert!(
                dests.contains_key(&a.slug),
                "no destination for note {}",
                a.slug
            );
            // The quote's last run of letters or digits (`2027` of `(2025–2027)`).
            let last = a
                .quote
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .unwrap_or("");
            assert!(
                pages[page].iter().any(|w| w.text.contains(last)),
                "the passage of {} ends with {last:?}, not on page {}",
                a.slug,
                page + 1
            );
            page
        })
        .collect()
}

fn check_notes(args: &[&str], in_margin: bool) {
    let source = root().join("source/article.md");
    let doc = load(&source);
    assert_eq!(doc.annotations.len(), 45, "the article's annotation set");
    let (_dir, pdf) = build("source/article.md", args);
    let Some((pages, size)) = page_words(&pdf) else {
        return;
    };
    let found = locate_notes(&doc, &pages, size);
    let passages = passage_pages(&doc, &pdf, &pages);
    for ((a, (page, margin)), passage) in doc.annotations.iter().zip(&found).zip(&passages) {
        assert_eq!(
            page,
            passage,
            "note {} is on page {}, its passage on page {}",
            a.slug,
            page + 1,
            passage + 1
        );
        if !in_margin {
            assert!(!margin, "on this trim note {} belongs at the foot", a.slug);
        }
    }
    let margin = found.iter().filter(|f| f.1).count();
    eprintln!(
        "{} notes: {margin} in the margin, {} at the foot",
        found.len(),
        found.len() - margin
    );
    if in_margin {
        assert!(
            margin * 4 >= found.len() * 3,
            "most notes belong in the margin on A4: {margin} of {}",
            found.len()
        );
    }
}

#[test]
fn pdf_all_45_notes_of_the_article_are_in_the_margin_of_their_passages_page_on_a4() {
    check_notes(&[], true);
}

#[test]
fn pdf_all_45_notes_of_the_article_are_at_the_foot_of_their_passages_page_on_a5() {
    check_notes(&["--page-size", "a5"], false);
}

/// Every paragraph number `quire-annotate` gave, in reading order.
fn model_numbers(blocks: &[Block], out: &mut Vec<u32>) {
    for b in blocks {
        if let (BlockKind::Paragraph { .. }, Some(n)) =
            (&b.kind, quire_doc::enrich::paragraph_number(b))
        {
            out.push(n);
        }
        for list in b.child_lists() {
            model_numbers(list, out);
        }
    }
}

fn check_numbers(source: &str, args: &[&str]) {
    let path = root().join(source);
    let doc = load(&path);
    let mut expected = Vec::new();
    model_numbers(&doc.blocks, &mut expected);
    assert!(
        expected.len() > 10,
        "{} numbered paragraphs",
        expected.len()
    );
    let (_dir, pdf) = build(source, args);
    let Some((pages, size)) = page_words(&pdf) else {
        return;
    };
    let strip = 11.0 * 1.8; // the numbers' strip beside the text block, in points
    let mut printed = Vec::new();
    for (p, list) in pages.iter().enumerate() {
        let [x, top, w, h] = text_block(&doc, size, p + 1);
        let recto = p % 2 == 0;
        let in_strip = |wd: &Word| {
            let side = if recto {
                wd.x0 >= x + w && wd.x1 <= x + w + strip
            } else {
                wd.x1 <= x && wd.x0 >= x - strip
            };
            side && wd.y0 >= top - 1.0 && wd.y1 <= top + h + 1.0
        };
        let mut column: Vec<&Word> = list.iter().filter(|wd| in_strip(wd)).collect();
        column.sort_by(|a, b| a.y1.partial_cmp(&b.y1).unwrap());
        for n in column {
            let value: u32 = n
                .text
                .parse()
                .unwrap_or_else(|_| panic!("page {}: {:?} in the number strip", p + 1, n.text));
            // Aligned with a line of the text: some word of the block shares its
            // baseline (the number is smaller, so its box ends a little higher).
            let aligned = list
                .iter()
                .any(|wd| wd.x0 >= x - 1.0 && wd.x1 <= x + w + 1.0 && (wd.y1 - n.y1).abs() < 1.5);
            assert!(aligned, "page {}: ¶{value} is beside no line", p + 1);
            printed.push(value);
        }
    }
    assert_eq!(
        printed, expected,
        "paragraph numbers printed vs the model's"
    );
}

#[test]
fn pdf_paragraph_numbers_in_the_outer_margin_are_quire_annotates_on_a4_and_a5() {
    check_numbers("source/article.md", &[]);
    check_numbers("source/article.md", &["--page-size", "a5"]);
}

#[test]
fn pdf_paragraph_numbers_of_the_every_block_fixture_follow_lists_and_quotes() {
    check_numbers("tests/fixtures/epub-every-block/input.md", &[]);
}

/// The laid-out article: every margin note's box per page, by the `Note` it belongs to.
fn note_boxes(paged: &PagedDocument) -> Vec<Vec<(String, [f64; 4])>> {
    let note_of = |mut sid: usize| -> Option<String> {
        loop {
            let node = &paged.structure[sid];
            if node.role == StructRole::Note {
                return node.id.clone();
            }
            sid = node.parent?.0;
        }
    };
    paged
        .pages
        .iter()
        .map(|page| {
            let mut boxes: Vec<(String, [f64; 4])> = Vec::new();
            for item in &page.items {
                let PageItem::Text(run) = item else { continue };
                let Mark::Content(sid) = run.mark else {
                    continue;
                };
                let Some(id) = note_of(sid.0) else { continue };
                let width: f64 = run.glyphs.iter().map(|g| g.advance().0).sum();
                let (x, y, s) = (run.origin.x.0, run.origin.y.0, run.size.0);
                let b = [x, y - 0.8 * s, x + width, y + 0.25 * s];
                match boxes.iter_mut().find(|(n, _)| *n == id) {
                    Some((_, r)) => {
                        *r = [
                            r[0].min(b[0]),
                            r[1].min(b[1]),
                            r[2].max(b[2]),
                            r[3].max(b[3]),
                        ]
                    }
                    None => boxes.push((id, b)),
                }
            }
            boxes
        })
        .collect()
}

#[test]
fn pdf_margin_notes_never_overlap_and_stay_in_the_outer_margin() {
    let loaded = quire::load(&quire::LoadOptions::new(root().join("source/article.md"))).unwrap();
    let doc = &loaded.document;
    let fonts = FontBook::quire_default().unwrap();
    let opts = LayoutOptions::default();
    let (eff, placement) = quire_typeset::layout::effective_options(doc, &opts);
    let Some(NotePlacement::Margin { gap, width }) = placement else {
        panic!("A4 sets the notes in the margin: {placement:?}");
    };
    let paged = quire_typeset::layout(doc, &loaded.assets, &fonts, &opts).unwrap();
    let m = eff.margins();
    let page = PageSize::a4();
    let area = page.height - m.top - m.bottom;
    let measure = page.width - m.inner - m.outer;
    let mut in_margin = 0;
    for (p, boxes) in note_boxes(&paged).iter().enumerate() {
        let left = if p % 2 == 0 { m.inner } else { m.outer };
        let column = if p % 2 == 0 {
            left + measure + gap
        } else {
            left - gap - width
        };
        // A note outside the text block is a margin note (the others are at the foot).
        let (text_left, text_right) = (left.0, (left + measure).0);
        let margin: Vec<&(String, [f64; 4])> = boxes
            .iter()
            .filter(|(_, b)| b[0] >= text_right || b[2] <= text_left)
            .collect();
        for (id, b) in &margin {
            in_margin += 1;
            assert!(
                b[0] >= column.0 - 0.5 && b[2] <= (column + width).0 + 0.5,
                "page {}: {id} runs {:.1}–{:.1} outside the column {:.1}–{:.1}",
                p + 1,
                b[0],
                b[2],
                column.0,
                (column + width).0
            );
            // Leading may reach a point above the first line's box and below the last.
            assert!(
                b[1] >= m.top.0 - 3.0 && b[3] <= (m.top + area).0 + 3.0,
                "page {}: {id} runs {:.1}–{:.1} outside the text block's height",
                p + 1,
                b[1],
                b[3]
            );
        }
        for (i, (a, ba)) in margin.iter().enumerate() {
            for (b, bb) in &margin[i + 1..] {
                let apart = ba[3] <= bb[1] + 0.01 || bb[3] <= ba[1] + 0.01;
                assert!(apart, "page {}: notes {a} and {b} overlap", p + 1);
            }
        }
    }
    assert!(in_margin >= 34, "{in_margin} notes in the margin");
}

#[test]
fn pdf_with_margin_notes_and_with_foot_notes_is_pdf_ua_1_and_pdf_a_2b() {
    for args in [&[][..], &["--page-size", "a5"][..]] {
        let (_dir, pdf) = build("source/article.md", args);
        crate::pdf_conformance::validate(&pdf, "ua1");
        crate::pdf_conformance::validate(&pdf, "2b");
    }
}

/// A paragraph of `words` words with an annotation on every word, and one whose note
/// is far longer than a page, in a folder of their own.
fn crowded(dir: &Path, words: usize) -> std::path::PathBuf {
    let body: String = (0..words).map(|i| format!("w{i} ")).collect();
    let md = format!(
        "---\ntitle: Crowded\n---\n\n{}\n\nA last paragraph.\n",
        body.trim()
    );
    let source = dir.join("crowded.md");
    std::fs::write(&source, &md).unwrap();
    let long: String = (0..3000).map(|i| format!("long{i} ")).collect();
    let mut items: Vec<serde_json::Value> = (0..words)
        .map(|i| {
            let start = body.find(&format!("w{i} ")).unwrap();
            let exact = format!("w{i}");
            serde_json::json!({"id": format!("urn:x:{i}"), "type": "Annotation",
                "body": {"type": "TextualBody", "value": format!("Note on *{exact}*.")},
                "target": {"selector": [
                    {"type": "TextQuoteSelector", "exact": exact},
                    {"type": "TextPositionSelector", "start": start, "end": start + exact.len()}]}})
        })
        .collect();
    items.push(serde_json::json!({"id": "urn:x:long", "type": "Annotation",
        "body": {"type": "TextualBody", "value": long},
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "A last paragraph"}}}));
    std::fs::write(
        dir.join("crowded.annotations.json"),
        serde_json::Value::Array(items).to_string(),
    )
    .unwrap();
    source
}

// A page whose passages bring more notes than its margin and foot can hold must still
// place every note once (the column spills to the foot, the page ends early, a note
// taller than a page continues on the next), and a note of 3,000 words must not stop
// the build.
#[test]
fn pdf_crowded_and_overlong_notes_are_all_placed_once_on_a4_and_a5() {
    let dir = tempfile::tempdir().unwrap();
    let source = crowded(dir.path(), 400);
    let loaded = quire::load(&quire::LoadOptions::new(&source)).expect("loads");
    assert_eq!(loaded.document.annotations.len(), 401);
    for page_size in [PageSize::a4(), PageSize::a5()] {
        let opts = quire::RenderOptions {
            page_size,
            ..quire::RenderOptions::default()
        };
        let started = std::time::Instant::now();
        let rendered = quire::render(quire::Format::Pdf, &loaded, &opts).expect("renders");
        eprintln!("{page_size:?}: {:?}", started.elapsed());
        let pdf = lopdf::Document::load_mem(&rendered.bytes).unwrap();
        let dests = crate::pdf_book::destinations(&pdf);
        for a in &loaded.document.annotations {
            assert!(dests.contains_key(&a.slug), "note {} is placed", a.slug);
        }
        // The tagged text holds every note's words once, the long one whole.
        let mut extracted: Vec<String> = crate::pdf_text::text(&rendered.bytes)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let found = super::pdf_edition::take_annotations(&mut extracted, &loaded.document, true);
        assert_eq!(found, 401);
        let rest: Vec<&str> = extracted.iter().map(String::as_str).collect();
        let body: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let mut expected: Vec<&str> = vec!["Crowded"];
        expected.extend(body.iter().map(String::as_str));
        expected.extend(["A", "last", "paragraph."]);
        quire_tests::assert_same_words(&expected, &rest, "the crowded body");
    }
}

// With two annotation files (layers) each note names its layer after its marker; the
// label is generated, so it extracts as nothing, as the marker does.
#[test]
fn pdf_notes_of_several_layers_name_their_layer() {
    let loaded = quire::load(&quire::LoadOptions::new(root().join("source/article.md"))).unwrap();
    let mut doc = loaded.document.clone();
    for (i, a) in doc.annotations.iter_mut().enumerate() {
        a.layer = if i % 2 == 0 { "Editor" } else { "Translator" }.to_string();
    }
    let fonts = FontBook::quire_default().unwrap();
    let paged =
        quire_typeset::layout(&doc, &loaded.assets, &fonts, &LayoutOptions::default()).unwrap();
    let labels: Vec<(&str, Option<&str>)> = paged
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|it| match it {
            PageItem::Text(r) if r.text.ends_with(" Editor") || r.text.ends_with(" Translator") => {
                Some((r.text.as_str(), r.actual_text.as_deref()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(labels.len(), doc.annotations.len(), "{labels:?}");
    assert!(labels.contains(&("a Editor", Some(""))), "{labels:?}");
    assert!(labels.contains(&("b Translator", Some(""))), "{labels:?}");
    // One layer: no label.
    let paged = quire_typeset::layout(
        &loaded.document,
        &loaded.assets,
        &fonts,
        &LayoutOptions::default(),
    )
    .unwrap();
    let named = paged
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .any(|it| matches!(it, PageItem::Text(r) if r.text.ends_with(" Editorial notes")));
    assert!(!named, "a lone layer is not named");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// A book: the notes of passages in its front matter and chapters are margin notes on
// their passages' pages (rectos and versos), and the PDF keeps its PDF/UA and PDF/A
// claims.
#[test]
fn pdf_book_notes_are_on_their_passages_pages_and_the_book_stays_conformant() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    copy_tree(&root().join("tests/fixtures/book"), &book);
    // A chapter long enough to reach its verso, with a passage there.
    let chapter = book.join("chapters/measure.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    for i in 0..20 {
        text.push_str(&format!(
            "\n\nFiller paragraph {i} keeps the chapter going so that it runs past its \
             first page and onto the back of the leaf, where a note must stand on the left."
        ));
    }
    text.push_str("\n\nThe verso sentence carries a note of its own.\n");
    std::fs::write(&chapter, text).unwrap();
    let notes = [
        (
            "verso sentence",
            "A note beside a left-hand page, in its outer margin.",
        ),
        (
            "short on purpose",
            "The preface says *why*: each chapter is one decision.",
        ),
        (
            "sixty-six is often called ideal",
            "Bringhurst's figure, from *The Elements of Typographic Style*.",
        ),
        (
            "the length of a line",
            "Measured in characters, not in centimetres.",
        ),
        (
            "from one baseline to the next",
            "Also called line spacing in word processors, often given as a multiple of the size.",
        ),
        (
            "narrower than the outer one",
            "On a spread the two inner margins are read as one white channel.",
        ),
    ];
    let items: Vec<serde_json::Value> = notes
        .iter()
        .enumerate()
        .map(|(i, (quote, body))| {
            serde_json::json!({"id": format!("urn:b:{i}"), "type": "Annotation",
                "body": {"type": "TextualBody", "format": "text/markdown", "value": body},
                "target": {"selector": {"type": "TextQuoteSelector", "exact": quote}}})
        })
        .collect();
    std::fs::write(
        book.join("annotations.json"),
        serde_json::Value::Array(items).to_string(),
    )
    .unwrap();
    let out = dir.path().join("out");
    quire_tests::quire_ok(&[
        "build",
        book.to_str().unwrap(),
        "--to",
        "pdf",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    let pdf = out.join("measure.pdf");
    let doc = load(&book);
    assert_eq!(doc.annotations.len(), notes.len());
    let Some((pages, size)) = page_words(&pdf) else {
        return;
    };
    let found = locate_notes(&doc, &pages, size);
    let passages = passage_pages(&doc, &pdf, &pages);
    for ((a, (page, margin)), passage) in doc.annotations.iter().zip(&found).zip(&passages) {
        assert_eq!(page, passage, "note {}", a.slug);
        assert!(margin, "note {} in the margin", a.slug);
    }
    let sides: std::collections::BTreeSet<usize> = found.iter().map(|(p, _)| p % 2).collect();
    assert_eq!(sides.len(), 2, "notes on rectos and versos: {found:?}");
    crate::pdf_conformance::validate(&pdf, "ua1");
    crate::pdf_conformance::validate(&pdf, "2b");
}
