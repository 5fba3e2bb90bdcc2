//! The web edition as a reader meets it (issue 13): the article's 45 notes beside their
//! lines on wide screens, no sideways scrolling at any width, note toggles that are
//! buttons from the first byte, keyboard-operable and found by find-in-page on phones,
//! axe and the Nu checker clean at every width, a printed page with page numbers and
//! endnotes, and links to exactly the editions built alongside.
//!
//! The browser measurements run `tests/tools/reading.mjs` in headless Chromium; without
//! it they print how to install it and pass, unless `QUIRE_REQUIRE_VALIDATORS=1`.

use std::path::{Path, PathBuf};

use crate::html::{AXE_INSTALL, tool};

/// The widths the issue names: phones, a tablet both ways, the 1024–1039 px band where
/// the margin column used to be clipped, laptops and a wide monitor.
const WIDTHS: [u32; 8] = [320, 375, 768, 1024, 1039, 1280, 1440, 2560];
/// The article's editorial notes.
const NOTES: usize = 45;
/// How far a note's top may be from its marker's (the measure).
const DRIFT: i64 = 40;

/// The article's web edition, written where the browser can open it.
fn article_page(name: &str) -> PathBuf {
    let loaded = crate::pipeline::load("source/article.md");
    assert_eq!(loaded.document.annotations.len(), NOTES);
    let bytes = crate::pipeline::render(quire::Format::Html, &loaded);
    let dir = std::env::temp_dir().join("quire-e2e-web-reading");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write page");
    path
}

/// `reading.mjs` on `page` with `args`, as JSON; `None` when the tools are missing.
fn reading(page: &Path, args: &[&str]) -> Option<serde_json::Value> {
    let mut all = vec!["tests/tools/reading.mjs", page.to_str().unwrap_or_default()];
    all.extend_from_slice(args);
    let out = tool("node", &all, AXE_INSTALL)?;
    Some(serde_json::from_str(&out).expect("reading.mjs JSON"))
}

fn widths_arg() -> String {
    WIDTHS.map(|w| w.to_string()).join(",")
}

#[test]
fn web_reading_no_width_scrolls_sideways_and_every_toggle_is_a_24_px_button() {
    let page = article_page("widths.html");
    let Some(json) = reading(&page, &["--widths", &widths_arg()]) else {
        return;
    };
    let rows = json["widths"].as_array().expect("widths");
    assert_eq!(rows.len(), WIDTHS.len());
    for row in rows {
        let (w, inner, scroll) = (
            row["width"].as_u64().unwrap(),
            row["innerWidth"].as_u64().unwrap(),
            row["scrollWidth"].as_u64().unwrap(),
        );
        assert!(scroll <= inner, "at {w} px the page is {scroll} px wide");
        assert_eq!(row["toggles"].as_u64(), Some(NOTES as u64), "at {w} px");
        assert_eq!(row["wellFormed"], true, "at {w} px: {row}");
        let min = row["minToggle"].as_array().expect("sizes");
        for side in min {
            assert!(
                side.as_f64().unwrap() >= 24.0,
                "at {w} px a toggle is {min:?} px"
            );
        }
    }
}

/// The fixture with every kind of block, a long address and a word longer than any line
/// among them, does not scroll sideways either.
#[test]
fn web_reading_every_block_fixture_does_not_scroll_sideways() {
    let loaded = crate::pipeline::load("tests/fixtures/epub-every-block/input.md");
    let bytes = crate::pipeline::render(quire::Format::Html, &loaded);
    let page = std::env::temp_dir().join("quire-e2e-web-reading/every-block.html");
    std::fs::create_dir_all(page.parent().unwrap()).expect("temp dir");
    std::fs::write(&page, bytes).expect("write page");
    let Some(json) = reading(&page, &["--widths", &widths_arg()]) else {
        return;
    };
    for row in json["widths"].as_array().expect("widths") {
        assert!(
            row["scrollWidth"].as_u64() <= row["innerWidth"].as_u64(),
            "{row}"
        );
    }
}

#[test]
fn web_reading_every_note_sits_beside_its_line_at_1280_and_1440_px() {
    let page = article_page("drift.html");
    let Some(json) = reading(&page, &["--drift", "1280,1440"]) else {
        return;
    };
    for row in json["drift"].as_array().expect("drift") {
        let w = &row["width"];
        let notes = row["notes"].as_array().expect("notes");
        assert_eq!(notes.len(), NOTES, "at {w} px");
        let far: Vec<String> = notes
            .iter()
            .filter(|n| n["drift"].as_i64().unwrap().abs() > DRIFT)
            .map(|n| format!("note {} {} px", n["marker"], n["drift"]))
            .collect();
        assert!(far.is_empty(), "at {w} px, away from their lines: {far:?}");
        assert_eq!(row["overlaps"], 0, "at {w} px notes overlap");
        // In the margin column, inside the window.
        for n in notes {
            assert!(n["left"].as_i64().unwrap() > 600, "at {w} px: {n}");
            assert!(n["right"].as_i64().unwrap() <= w.as_i64().unwrap(), "{n}");
        }
        // A marker's click lights its note and passage where they are.
        let click = &row["click"];
        assert_eq!(click["scrolled"], 0, "at {w} px a click jumped: {click}");
        assert_eq!(click["lit"], true, "{click}");
        assert!(click["marks"].as_u64().unwrap() >= 1, "{click}");
        assert_eq!(click["unlitByEscape"], true, "Escape puts it back: {click}");
        // Pointing at the marker of a note cut short shows all of it, until it leaves.
        let hover = &row["hover"];
        assert_eq!(hover["shown"], true, "at {w} px: {hover}");
        assert_eq!(hover["cutAgain"], true, "at {w} px: {hover}");
        // Focus on the marker of a note cut short shows all of it.
        let preview = &row["preview"];
        assert!(
            preview["after"].as_i64() > preview["before"].as_i64() && preview["full"] == true,
            "at {w} px: {preview}"
        );
        // The cite line: title, edition, paragraph number, address of the paragraph.
        let cite = row["cite"].as_str().unwrap_or_default();
        assert!(
            cite.contains("web edition, ¶\u{a0}1, file://") && cite.contains(".html#p-"),
            "{cite}"
        );
    }
}

/// Turning a tablet, or narrowing a window: the notes are placed again at each width,
/// and closing them for a narrow window leaves nothing beyond its edge.
#[test]
fn web_reading_notes_follow_the_window_as_it_changes_width() {
    let page = article_page("resize.html");
    let Some(json) = reading(&page, &["--resize", "1440,375,1280,1024,320,1440"]) else {
        return;
    };
    for step in json["resize"].as_array().expect("steps") {
        let w = step["width"].as_u64().unwrap();
        assert!(
            step["scrollWidth"].as_u64() <= step["innerWidth"].as_u64(),
            "after resizing to {w} px: {step}"
        );
        if w >= 1280 {
            assert!(
                step["maxDrift"].as_i64().unwrap() <= DRIFT,
                "after resizing to {w} px: {step}"
            );
        }
    }
}

/// Without the script a phone shows every note open below its line (nothing can open
/// a closed one).
#[test]
fn web_reading_without_the_script_every_note_is_shown() {
    let page = article_page("plain.html");
    let Some(json) = reading(&page, &["--without-script", "375"]) else {
        return;
    };
    let plain = &json["withoutScript"];
    assert_eq!(plain["notes"], NOTES as u64, "{plain}");
    assert_eq!(plain["shown"], NOTES as u64, "{plain}");
}

#[test]
fn web_reading_every_note_opens_and_closes_from_the_keyboard_on_a_phone() {
    let page = article_page("keys.html");
    let Some(json) = reading(&page, &["--keys", "375"]) else {
        return;
    };
    let notes = json["keys"]["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), NOTES, "Tab reaches every note's toggle");
    for n in notes {
        assert_eq!(n["focusVisible"], true, "focus is visible: {n}");
        assert_eq!(n["opened"], true, "Enter or Space opens it: {n}");
        assert_eq!(n["closed"], true, "Enter or Escape closes it: {n}");
    }
}

#[test]
fn web_reading_find_in_page_opens_the_collapsed_note_it_finds() {
    let page = article_page("find.html");
    // A word that is only in note a's body.
    let Some(json) = reading(&page, &["--find", "gongtongti@375"]) else {
        return;
    };
    let found = &json["find"];
    assert_eq!(found["note"], "note-community-of-shared-future", "{found}");
    assert_eq!(found["open"], true, "{found}");
    assert_eq!(found["expanded"], "true", "its toggle says so: {found}");
}

#[test]
fn web_reading_axe_finds_nothing_at_any_width_and_nu_no_error() {
    let page = article_page("checks.html");
    crate::html::nu_check(&page);
    for w in WIDTHS {
        let width = w.to_string();
        let Some(out) = tool(
            "node",
            &["tests/tools/axe.mjs", page.to_str().unwrap(), &width],
            AXE_INSTALL,
        ) else {
            return;
        };
        let json: serde_json::Value = serde_json::from_str(&out).expect("axe JSON");
        let violations = json["violations"].as_array().cloned().unwrap_or_default();
        assert!(violations.is_empty(), "axe at {w} px: {violations:#?}");
    }
}

/// Every note toggle as written, before any script could touch it: a `button` naming
/// its note with `aria-controls`, collapsed, and a note that find-in-page can open.
#[test]
fn web_reading_note_toggles_are_buttons_in_the_page_as_written() {
    let page = std::fs::read_to_string(article_page("markup.html")).unwrap();
    let toggles: Vec<&str> = page
        .split("class=\"sn-ref")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap()])
        .collect();
    assert_eq!(toggles.len(), NOTES);
    let buttons = page
        .matches("<button type=\"button\" class=\"sn-ref")
        .count();
    assert_eq!(buttons, NOTES, "every toggle is a button");
    let mut markers = Vec::new();
    for t in toggles {
        assert!(t.contains("aria-expanded=\"false\""), "{t}");
        let controls = t
            .split("aria-controls=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("aria-controls");
        let note = format!("id=\"{controls}\" role=\"note\"");
        let at = page
            .find(&note)
            .unwrap_or_else(|| panic!("no note {controls}"));
        let tag = &page[at..at + page[at..].find('>').unwrap()];
        assert!(tag.contains("hidden=\"until-found\""), "{tag}");
        markers.push(
            t.split("data-n=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string(),
        );
    }
    // The letter markers of every edition, in reading order.
    let want: Vec<String> = (1..=NOTES as u32).map(quire_doc::note_letters).collect();
    assert_eq!(markers, want);
}

#[test]
fn web_reading_links_only_to_the_editions_built_with_it() {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().to_str().unwrap();
    let build = |to: &str| {
        let o = quire_tests::quire(&[
            "build",
            "source/article.md",
            "--to",
            to,
            "--out",
            dir,
            "--quiet",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out.path().join("article.html")).expect("page")
    };
    let alone = build("html");
    assert!(!alone.contains("class=\"other-editions\""));
    assert!(!alone.contains("rel=\"alternate\""));
    let with_pdf = build("html,pdf");
    assert!(
        with_pdf.contains("<p class=\"other-editions\">Also as <a type=\"application/pdf\" href=\"article.pdf\" download>PDF</a></p>"),
        "the PDF, which was built"
    );
    assert!(
        !with_pdf.contains("article.epub"),
        "not the EPUB, which was not"
    );
    assert!(out.path().join("article.pdf").exists());
    let all = build("html,pdf,epub");
    for file in ["article.pdf", "article.epub"] {
        assert!(
            all.contains(&format!("href=\"{file}\" download>")),
            "{file}"
        );
        assert!(out.path().join(file).exists(), "{file}");
    }
}

/// Printing the page from Chromium, with its script and without: A4 pages, each with its
/// number at the foot, no heading left at a page's foot, and the notes as endnotes after
/// the text (none of their words between the text's lines).
#[test]
fn web_reading_prints_as_numbered_pages_with_endnotes() {
    let page = article_page("print.html");
    let scripted = page.with_file_name("print.pdf");
    let plain = page.with_file_name("print-without-script.pdf");
    let args = [
        "--print",
        scripted.to_str().unwrap(),
        "--print-without-script",
        plain.to_str().unwrap(),
    ];
    if reading(&page, &args).is_none() {
        return;
    }
    for pdf in [&scripted, &plain] {
        printed_page_checks(pdf);
    }
}

fn printed_page_checks(pdf: &Path) {
    let Some(pdftotext) =
        quire_tests::require_program("pdftotext", "apt-get install poppler-utils")
    else {
        return;
    };
    let text = std::process::Command::new(pdftotext)
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<Vec<&str>> = text
        .split('\u{c}')
        .map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
        .filter(|p: &Vec<&str>| !p.is_empty())
        .collect();
    let name = pdf.display();
    assert!(pages.len() > 5, "{name}: {} pages", pages.len());
    // The page's own size (A4, 595 × 842 pt), not the browser's default.
    if let Some(pdfinfo) = quire_tests::require_program("pdfinfo", "apt-get install poppler-utils")
    {
        let info = std::process::Command::new(pdfinfo)
            .arg(pdf)
            .output()
            .expect("pdfinfo");
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        let size: Vec<f64> = info
            .lines()
            .find_map(|l| l.strip_prefix("Page size:"))
            .expect("a page size")
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(
            (size[0] - 595.3).abs() < 1.0 && (size[1] - 841.9).abs() < 1.0,
            "{name}: {size:?}"
        );
    }
    for (i, lines) in pages.iter().enumerate() {
        assert_eq!(
            lines.last().copied(),
            Some((i + 1).to_string().as_str()),
            "{name}: page {}",
            i + 1
        );
    }
    let doc = crate::pipeline::load("source/article.md").document;
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            quire_doc::BlockKind::Heading { content, .. } => Some(quire_doc::inline_text(content)),
            _ => None,
        })
        .collect();
    for (i, lines) in pages.iter().enumerate() {
        let last = lines[lines.len().saturating_sub(2)];
        assert!(
            !headings
                .iter()
                .any(|h| h == last || (last.len() > 12 && h.ends_with(last))),
            "{name}: page {} ends with a heading: {last}",
            i + 1
        );
    }
    // Compared by their Latin letters and digits alone: pdftotext sets CJK characters
    // (and the brackets around them) apart from their line.
    let latin = |t: &str| {
        let t: String = t
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        quire_tests::words(&t).join(" ")
    };
    let flat = latin(&text);
    let notes_at = pages
        .iter()
        .position(|p| p[0] == "Notes")
        .expect("a page of endnotes");
    let before: String = pages[..notes_at]
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let before = latin(&before);
    for a in &doc.annotations {
        let body = quire_doc::plain_text(&quire_doc::Document {
            blocks: a.body.clone(),
            ..quire_doc::Document::default()
        });
        let first = latin(&body)
            .split(' ')
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains(&first),
            "note {} is printed: {first}",
            a.marker()
        );
        assert!(
            !before.contains(&first),
            "note {} is printed between the text's lines",
            a.marker()
        );
    }
}
