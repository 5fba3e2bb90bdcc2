//! Justification in the PDF as a viewer draws it: lines whose glyphs are expanded (a
//! horizontally scaled text matrix) still end exactly on the measure's right edge, and
//! stops hang past it, in the word boxes `pdftotext -bbox` reads back. A mistake in the
//! conversion between layout's positions and the scaled text space would move every
//! expanded line's end by up to 2.5 % of the measure.

use std::process::Command;

use quire_tests::require_program;
use quire_typeset::units::PageSize;
use quire_typeset::{LayoutOptions, Margins};

use super::pdf_edition::build;

const POPPLER: &str = "apt-get install poppler-utils";

/// Words of a page as `pdftotext -bbox` gives them: text, xMin, yMin, xMax.
fn words(pdf: &std::path::Path) -> Option<Vec<(String, f64, f64, f64)>> {
    let program = require_program("pdftotext", POPPLER)?;
    let out = Command::new(program)
        .args(["-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("runs pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        tag[at..][..tag[at..].find('"').unwrap()].parse().unwrap()
    };
    Some(
        html.split("<word ")
            .skip(1)
            .map(|w| {
                let (tag, rest) = w.split_once('>').unwrap();
                let text = rest.split("</word>").next().unwrap().to_string();
                (
                    text,
                    attr(tag, "xMin"),
                    attr(tag, "yMin"),
                    attr(tag, "xMax"),
                )
            })
            .collect(),
    )
}

/// Capitalised words (never hyphenated) of varied lengths, no punctuation but a stop
/// every so often: every line but the last is justified and ends in a letter or a stop.
fn text() -> String {
    let names = [
        "Amsterdam",
        "Oslo",
        "Bern",
        "Copenhagen",
        "Vienna",
        "Rome",
        "Lisbon",
        "Helsinki",
        "Prague",
        "Riga",
        "Budapest",
        "Athens",
        "Warsaw",
        "Dublin",
    ];
    let mut out = String::new();
    for i in 0..120 {
        out.push_str(names[(i * 7 + i / 3) % names.len()]);
        out.push_str(if i % 11 == 10 { ". " } else { " " });
    }
    out.push_str("Madrid.");
    out
}

#[test]
fn expanded_lines_end_on_the_measure_and_stops_hang_past_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("cities.md");
    std::fs::write(&source, format!("---\ntitle: Cities\n---\n\n{}\n", text())).unwrap();
    let (_out, pdf) = build(source.to_str().unwrap(), &["--page-size", "a5"]);
    let Some(words) = words(&pdf) else { return };
    let opts = LayoutOptions::for_page(PageSize::a5());
    let m = Margins::for_page(opts.page);
    // Page 1 is a recto: the spine is on the left.
    let (left, right) = (m.inner.0, (opts.page.width - m.outer).0);
    let mut lines: Vec<Vec<&(String, f64, f64, f64)>> = Vec::new();
    for w in words
        .iter()
        .filter(|w| w.1 >= left - 1.0 && w.3 <= right + 5.0)
    {
        match lines.last_mut() {
            Some(line) if (line[0].2 - w.2).abs() < 1.0 => line.push(w),
            _ => lines.push(vec![w]),
        }
    }
    let body: Vec<_> = lines.iter().filter(|l| l.len() >= 3).collect();
    assert!(body.len() >= 10, "{} lines of text", body.len());
    let (mut flush, mut hung) = (0, 0);
    for line in &body[..body.len() - 1] {
        let last = line.iter().max_by(|a, b| a.3.total_cmp(&b.3)).unwrap();
        let first = line.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert!(
            (first.1 - left).abs() < 0.05,
            "{line:?} starts at {}",
            first.1
        );
        let past = last.3 - right;
        if last.0.ends_with('.') {
            // A stop hangs by less than its own width (a stop is under 3 pt here).
            assert!(past > 0.5 && past < 3.0, "{} hangs {past}", last.0);
            hung += 1;
        } else {
            assert!(past.abs() < 0.05, "{} ends {past} from the edge", last.0);
            flush += 1;
        }
    }
    assert!(flush > 5 && hung > 0, "{flush} flush, {hung} hung");
    // The lines were expanded or condensed: the PDF scales some text matrices.
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let scaled = content
        .operations
        .iter()
        .filter(|op| op.operator == "Tm")
        .filter_map(|op| op.operands.first()?.as_float().ok())
        .filter(|a| (f64::from(*a) - 1.0).abs() > 1e-4)
        .count();
    assert!(scaled > 0, "no expanded line in the content stream");
}
