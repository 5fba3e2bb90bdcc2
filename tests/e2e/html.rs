//! The web edition end to end: the article (with its annotations) and the every-block
//! fixture go through Markdown → enrichment → anchoring → HTML, and the pages are
//! checked by the Nu HTML checker and by axe-core in headless Chromium; the page's text
//! is compared with the plain-text projection word for word.
//!
//! Validators are external tools (tests/tools). Without one, a test prints how to
//! install it and passes, unless `QUIRE_REQUIRE_VALIDATORS=1`, when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use quire_doc::{Document, plain_text};
use quire_tests::root;

/// The enriched, annotated article as the CLI builds it.
pub(crate) fn article() -> Document {
    article_loaded().document
}

fn article_loaded() -> quire::Loaded {
    let loaded = crate::pipeline::load("source/article.md");
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    loaded
}

fn fixture() -> quire::Loaded {
    crate::pipeline::load("tests/fixtures/epub-every-block/input.md")
}

fn write_page(name: &str, loaded: &quire::Loaded) -> PathBuf {
    let bytes = crate::pipeline::render(quire::Format::Html, loaded);
    let dir = std::env::temp_dir().join("quire-e2e-html");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write page");
    path
}

/// Runs a tool of tests/tools; `None` (after a skip notice) when it is not installed.
pub(crate) fn tool(program: &str, args: &[&str], install: &str) -> Option<String> {
    if quire_tests::validators_skipped() {
        return None;
    }
    let output = Command::new(program)
        .args(args)
        .current_dir(root())
        .output();
    match output {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            let msg = format!(
                "{program} could not run ({}); install it with: {install}",
                why.trim()
            );
            quire_tests::validator_unavailable(&msg);
            None
        }
    }
}

const VNU_INSTALL: &str =
    "apt-get install default-jre-headless nodejs npm && (cd tests/tools && npm ci)";
pub(crate) const AXE_INSTALL: &str =
    "apt-get install chromium nodejs npm && (cd tests/tools && npm ci)";

pub(crate) fn nu_check(page: &Path) {
    nu_check_all(&[page]);
}

/// The Nu checker over `pages` in one run (one JVM start): no error, no warning.
pub(crate) fn nu_check_all(pages: &[&Path]) {
    let args: Vec<&str> = pages
        .iter()
        .map(|p| p.to_str().unwrap_or_default())
        .collect();
    let Some(out) = tool("tests/tools/vnu.sh", &args, VNU_INSTALL) else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&out).expect("vnu JSON");
    let problems: Vec<String> = json["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["type"] == "error" || (m["type"] == "info" && m["subType"] == "warning"))
        .map(|m| {
            let url = m["url"].as_str().unwrap_or_default();
            let file = url.rsplit('/').next().unwrap_or(url);
            format!("{file}:{}:{} {}", m["lastLine"], m["type"], m["message"])
        })
        .collect();
    assert!(problems.is_empty(), "Nu checker:\n{}", problems.join("\n"));
}

pub(crate) fn axe(page: &Path, width: u32) {
    let w = width.to_string();
    let Some(out) = tool(
        "node",
        &["tests/tools/axe.mjs", page.to_str().unwrap_or_default(), &w],
        AXE_INSTALL,
    ) else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&out).expect("axe JSON");
    let violations = json["violations"].as_array().cloned().unwrap_or_default();
    assert!(
        violations.is_empty(),
        "axe at {width} px on {}:\n{:#}",
        page.display(),
        serde_json::Value::Array(violations)
    );
}

#[test]
fn html_article_passes_the_nu_checker() {
    nu_check(&write_page("article.html", &article_loaded()));
}

#[test]
fn html_every_block_fixture_passes_the_nu_checker() {
    nu_check(&write_page("every-block.html", &fixture()));
}

/// The test paper: citations, a bibliography, numbered captions (`<caption>`, a
/// listing's `<figcaption>`), numbered headings and cross-reference links.
fn paper() -> quire::Loaded {
    crate::pipeline::load("tests/fixtures/paper/paper.md")
}

#[test]
fn html_paper_passes_the_nu_checker_and_axe() {
    let page = write_page("paper.html", &paper());
    nu_check(&page);
    axe(&page, 1280);
    axe(&page, 375);
}

#[test]
fn html_article_has_no_axe_violations_at_1280_and_375_px() {
    let page = write_page("article-axe.html", &article_loaded());
    axe(&page, 1280);
    axe(&page, 375);
}

#[test]
fn html_every_block_fixture_has_no_axe_violations() {
    let page = write_page("every-block-axe.html", &fixture());
    axe(&page, 1280);
    axe(&page, 375);
}

/// At 375 px the margin notes are closed (not rendered), and paragraph and note numbers
/// are generated content, so the text element's `innerText` is the reading text.
fn page_words(page: &Path) -> Option<Vec<String>> {
    let out = tool(
        "node",
        &[
            "tests/tools/axe.mjs",
            page.to_str().unwrap_or_default(),
            "375",
            "--no-axe",
            "--text",
            "#quire-text",
        ],
        AXE_INSTALL,
    )?;
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    Some(
        json["text"]
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    )
}

fn body_words(doc: &Document) -> Vec<String> {
    let body = Document {
        blocks: doc.blocks.clone(),
        ..Document::default()
    };
    plain_text(&body)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

#[test]
fn html_page_text_equals_the_projection_word_for_word() {
    let loaded = article_loaded();
    let doc = &loaded.document;
    let page = write_page("article-text.html", &loaded);
    if let Some(words) = page_words(&page) {
        let want = body_words(doc);
        let first = words.iter().zip(&want).position(|(a, b)| a != b);
        assert!(
            first.is_none() && words.len() >= want.len(),
            "first difference at word {first:?}: page {:?} vs projection {:?}",
            first.map(|i| &words[i.saturating_sub(3)..(i + 3).min(words.len())]),
            first.map(|i| &want[i.saturating_sub(3)..(i + 3).min(want.len())])
        );
        // The page ends with the index (its heading is the projection's last words):
        // its entries, made from the marks, follow, every term among them.
        let entries = words[want.len()..].join(" ");
        let mut terms = 0;
        quire_doc::walk_blocks(&doc.blocks, &mut |b| {
            if let quire_doc::BlockKind::Index { groups } = &b.kind {
                for (_, e) in quire_doc::index_entries(groups) {
                    assert!(entries.contains(&e.term), "{} not in {entries}", e.term);
                    terms += 1;
                }
            }
        });
        assert_eq!(
            entries.is_empty(),
            terms == 0,
            "the page's words after the text: {entries}"
        );
    }
}

#[test]
fn html_builds_are_byte_identical() {
    let doc = article();
    let opts = quire_html::HtmlOptions::default();
    let assets = quire_doc::Assets::new();
    assert_eq!(
        quire_html::html(&doc, &assets, &opts),
        quire_html::html(&doc, &assets, &opts)
    );
}
