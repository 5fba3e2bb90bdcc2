//! Layout invariants of whole documents, on the canonical article and on the fixture that
//! uses every block type: nothing wider than the measure, no heading last on a page, no
//! widow or orphan, every footnote on the page of its reference, the content text equal to
//! the plain-text projection word for word, deterministic output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quire_doc::Document;
use quire_typeset::layout::PrintPreset;
use quire_typeset::page::{
    ArtifactKind, LinkTarget, Mark, PageItem, PagedDocument, StructId, StructRole, TextRun,
};
use quire_typeset::{FontBook, Glyph, LayoutFailure, LayoutOptions, PageSize, Pt, layout};

const EPS: f64 = 1e-3;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse(label: &str, src: &str) -> Document {
    match quire_markdown::parse(quire_doc::FileId(0), label, src) {
        Ok(parsed) => parsed.document,
        Err(diags) => panic!("{label}: {diags:?}"),
    }
}

fn article() -> Document {
    let src = std::fs::read_to_string(root().join("source/article.md")).expect("article");
    parse("article.md", &src)
}

fn fixture_dir() -> PathBuf {
    root().join("tests/fixtures/epub-every-block")
}

fn every_block() -> Document {
    let src = std::fs::read_to_string(fixture_dir().join("input.md")).expect("fixture");
    parse("input.md", &src)
}

/// Long words, long URLs, many notes: the stress cases.
fn stress() -> Document {
    let long = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(4);
    let url = "https://example.org/a/very/long/path/that/goes/on/and/on/without/any/spaces/at/all/index.html?query=parameters&and=more";
    let mut src = String::from("---\ntitle: Stress\nlanguage: en\n---\n\n## Words\n\n");
    for i in 0..6 {
        src.push_str(&format!(
            "Paragraph {i} holds {long} and a link <{url}> and a note.[^n{i}] \
             Then ordinary words follow to fill the line and more of them to make \
             several lines, so that breaking and justification both have work to do.\n\n"
        ));
    }
    src.push_str(&format!("```\nlet x = \"{long}\"; // {url}\n```\n\n"));
    src.push_str(&format!("| A | B |\n|---|---|\n| {long} | {url} |\n\n"));
    for i in 0..6 {
        src.push_str(&format!(
            "[^n{i}]: Note {i} is long enough to take a few lines at the foot of the page, \
             with {url} inside it and more words after that to make it wrap again and again \
             until it fills three or four lines of small type.\n\n"
        ));
    }
    parse("stress.md", &src)
}

fn fonts() -> FontBook {
    FontBook::quire_default().expect("embedded fonts")
}

fn options() -> LayoutOptions {
    LayoutOptions::default()
}

/// The fixture's one image, as the loader would hand it over.
fn assets() -> quire_doc::Assets {
    let bytes = std::fs::read(fixture_dir().join("images/map.png")).expect("fixture image");
    let limits = quire_doc::ImageLimits::default();
    let image =
        quire_doc::ImageAsset::from_bytes(bytes.into(), quire_doc::Span::default(), &limits);
    let mut assets = quire_doc::Assets::new();
    assets.insert_image("images/map.png", image.expect("a PNG"));
    assets
}

fn run(doc: &Document, opts: &LayoutOptions) -> PagedDocument {
    layout(doc, &assets(), &fonts(), opts).unwrap_or_else(|e| panic!("layout failed: {e}"))
}

fn width(run: &TextRun) -> Pt {
    run.glyphs.iter().map(|g| g.advance()).sum()
}

/// Role of the nearest ancestor (or self) matching `pred`.
fn ancestor(
    doc: &PagedDocument,
    mut id: StructId,
    pred: impl Fn(StructRole) -> bool,
) -> Option<StructId> {
    loop {
        let node = &doc.structure[id.0];
        if pred(node.role) {
            return Some(id);
        }
        id = node.parent?;
    }
}

fn in_note(doc: &PagedDocument, id: StructId) -> bool {
    ancestor(doc, id, |r| r == StructRole::Note).is_some()
}

fn extracted(run: &TextRun) -> &str {
    run.actual_text.as_deref().unwrap_or(&run.text)
}

fn check_measure(doc: &PagedDocument, opts: &LayoutOptions) {
    let m = opts.margins();
    let measure = opts.page.width - m.inner - m.outer;
    for (p, page) in doc.pages.iter().enumerate() {
        let recto = p % 2 == 0;
        let left = page.trim.x + if recto { m.inner } else { m.outer };
        let right = left + measure;
        for item in &page.items {
            let (x0, x1, what) = match item {
                // The slug line of a print edition stands below the trim, not in the
                // measure.
                PageItem::Text(r) if r.origin.y.0 > (page.trim.y + page.trim.height).0 => continue,
                PageItem::Text(r) => (r.origin.x, r.origin.x + width(r), r.text.clone()),
                PageItem::Image(i) => (i.rect.x, i.rect.x + i.rect.width, "image".into()),
                PageItem::Fill(f) => (f.rect.x, f.rect.x + f.rect.width, "fill".into()),
                _ => continue,
            };
            // Punctuation at a line's edge may hang into the margin, by less than itself.
            let (hang_left, hang_right) = match item {
                PageItem::Text(r) => hang_allowance(r),
                _ => (0.0, 0.0),
            };
            assert!(
                x0.0 >= left.0 - hang_left - EPS && x1.0 <= right.0 + hang_right + EPS,
                "page {}: {what:?} spans {x0}..{x1}, measure {left}..{right}",
                p + 1
            );
        }
    }
}

/// How far a run's first and last glyphs may stand outside the measure: the
/// punctuation optical margin alignment hangs (stops, commas, hyphens, quotes, dashes),
/// never more than its own advance.
fn hang_allowance(run: &TextRun) -> (f64, f64) {
    const END: &str = ".,-\u{2010}'\u{2019}:;\"\u{201D}\u{2013}\u{203A}\u{BB}!?\u{2014}\u{2026}";
    const START: &str = "'\u{2018}\"\u{201C}\u{201E}\u{2039}\u{AB}";
    let share = |glyph: Option<&Glyph>, marks: &str, at_end: bool| {
        let Some(g) = glyph else { return 0.0 };
        let shown = run.text.get(g.text()).unwrap_or("");
        let c = if at_end {
            shown.chars().next_back()
        } else {
            shown.chars().next()
        };
        let artifact_hyphen = matches!(run.mark, Mark::Artifact(_)) && run.text == "-";
        if artifact_hyphen || c.is_some_and(|c| marks.contains(c)) {
            g.advance().0
        } else {
            0.0
        }
    };
    (
        share(run.glyphs.first(), START, false),
        share(run.glyphs.last(), END, true),
    )
}

fn check_no_heading_last(doc: &PagedDocument) {
    let last = doc.pages.len().saturating_sub(1);
    for (p, page) in doc.pages.iter().enumerate().take(last) {
        let last_body = page.items.iter().rev().find_map(|it| match it {
            PageItem::Text(r) => match r.mark {
                Mark::Content(id) if !in_note(doc, id) => Some(id),
                _ => None,
            },
            _ => None,
        });
        if let Some(id) = last_body {
            let heading = ancestor(doc, id, |r| matches!(r, StructRole::H(_)));
            assert!(heading.is_none(), "page {} ends with a heading", p + 1);
        }
    }
}

/// Distinct baselines (within 4 pt) of each paragraph, per page.
fn paragraph_lines(doc: &PagedDocument) -> BTreeMap<StructId, BTreeMap<usize, Vec<f64>>> {
    let mut map: BTreeMap<StructId, BTreeMap<usize, Vec<f64>>> = BTreeMap::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let PageItem::Text(r) = item else { continue };
            let Mark::Content(id) = r.mark else { continue };
            if r.actual_text.as_deref() == Some("") && r.text.trim().is_empty() {
                continue;
            }
            let Some(para) = ancestor(doc, id, |r| r == StructRole::P) else {
                continue;
            };
            let ys = map.entry(para).or_default().entry(p).or_default();
            if !ys.iter().any(|y| (y - r.origin.y.0).abs() < 4.0) {
                ys.push(r.origin.y.0);
            }
        }
    }
    map
}

fn check_widows_orphans(doc: &PagedDocument) {
    for (para, pages) in paragraph_lines(doc) {
        if pages.len() < 2 {
            continue;
        }
        for (page, ys) in &pages {
            assert!(
                ys.len() >= 2,
                "paragraph {para:?} (in a note: {}) has a single line on page {}",
                in_note(doc, para),
                page + 1
            );
        }
    }
}

fn check_notes_on_reference_page(doc: &PagedDocument, source: &Document) {
    let mut anchor_page = BTreeMap::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            if let PageItem::Anchor(a) = item {
                anchor_page.entry(a.name.clone()).or_insert(p);
            }
        }
    }
    for note in &source.notes {
        let first = note.refs.first().expect("referenced note");
        let ref_page = anchor_page
            .get(first)
            .unwrap_or_else(|| panic!("no anchor {first}"));
        let note_page = anchor_page
            .get(&note.id)
            .unwrap_or_else(|| panic!("no anchor {}", note.id));
        assert_eq!(
            ref_page, note_page,
            "note {} not on its reference's page",
            note.id
        );
    }
}

/// A figure of the body: it may float away from the text around it.
fn body_figure(doc: &PagedDocument, id: StructId) -> Option<StructId> {
    let figure = ancestor(doc, id, |r| r == StructRole::Figure)?;
    let parent = doc.structure[figure.0].parent?;
    matches!(
        doc.structure[parent.0].role,
        StructRole::Sect | StructRole::Document
    )
    .then_some(figure)
}

/// The extracted text of content runs: the body's, then each note's in note order, and
/// apart, each figure of the body's in document order.
fn content_words(doc: &PagedDocument) -> (Vec<String>, Vec<Vec<String>>) {
    let mut body = String::new();
    let mut notes: BTreeMap<StructId, String> = BTreeMap::new();
    let mut figures: BTreeMap<StructId, String> = BTreeMap::new();
    let mut last: Option<(f64, f64)> = None; // (baseline, right end) of the previous run
    for page in &doc.pages {
        for item in &page.items {
            let PageItem::Text(r) = item else { continue };
            let Mark::Content(id) = r.mark else { continue };
            let out = match (
                ancestor(doc, id, |r| r == StructRole::Note),
                body_figure(doc, id),
            ) {
                (Some(note), _) => notes.entry(note).or_default(),
                (None, Some(figure)) => figures.entry(figure).or_default(),
                (None, None) => &mut body,
            };
            let new_line = last
                .is_none_or(|(y, x)| (y - r.origin.y.0).abs() > r.size.0 || r.origin.x.0 < x - EPS);
            if new_line {
                out.push('\n');
            } else if last.is_some_and(|(_, x)| r.origin.x.0 > x + 1.0) {
                out.push(' ');
            }
            out.push_str(extracted(r));
            last = Some((r.origin.y.0, (r.origin.x + width(r)).0));
        }
    }
    let mut all = body;
    for text in notes.values() {
        all.push('\n');
        all.push_str(text);
    }
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    (words(&all), figures.values().map(|f| words(f)).collect())
}

fn first_difference(expected: &[String], actual: &[String], what: &str) {
    if let Some(i) =
        (0..expected.len().max(actual.len())).find(|&i| expected.get(i) != actual.get(i))
    {
        let show =
            |w: &[String]| w[i.min(w.len()).saturating_sub(5)..(i + 5).min(w.len())].join(" ");
        panic!(
            "{what}: word {i} differs\nexpected: {}\nactual:   {}",
            show(expected),
            show(actual)
        );
    }
}

fn check_text(doc: &PagedDocument, source: &Document) {
    let is_figure = |b: &quire_doc::Block| matches!(b.kind, quire_doc::BlockKind::Figure { .. });
    let title = quire_typeset::title_block_text(source).join("\n");
    let without_figures = Document {
        blocks: source
            .blocks
            .iter()
            .filter(|b| !is_figure(b))
            .cloned()
            .collect(),
        ..source.clone()
    };
    let body = quire_doc::project(&without_figures).text;
    let expected: Vec<String> = title
        .split_whitespace()
        .chain(body.split_whitespace())
        .map(str::to_string)
        .collect();
    let (actual, figures) = content_words(doc);
    first_difference(&expected, &actual, "body");
    let expected_figures: Vec<Vec<String>> = source
        .blocks
        .iter()
        .filter(|b| is_figure(b))
        .map(|b| {
            let alone = Document {
                blocks: vec![b.clone()],
                notes: Vec::new(),
                ..source.clone()
            };
            let text = quire_doc::project(&alone).text;
            text.split_whitespace().map(str::to_string).collect()
        })
        .filter(|w: &Vec<String>| !w.is_empty())
        .collect();
    assert_eq!(figures.len(), expected_figures.len(), "every figure is set");
    for (k, (e, a)) in expected_figures.iter().zip(&figures).enumerate() {
        first_difference(e, a, &format!("figure {k}"));
    }
}

fn check_tagging(doc: &PagedDocument, source: &Document) {
    let n = doc.structure.len();
    for page in &doc.pages {
        for item in &page.items {
            if let PageItem::Text(r) = item
                && let Mark::Content(id) = r.mark
            {
                assert!(id.0 < n);
            }
        }
    }
    let mut anchors = std::collections::BTreeSet::new();
    for page in &doc.pages {
        for item in &page.items {
            if let PageItem::Anchor(a) = item {
                anchors.insert(a.name.clone());
            }
        }
    }
    quire_doc::for_each_block(source, &mut |b| {
        assert!(anchors.contains(b.id()), "no anchor for block {}", b.id());
    });
    for note in &source.notes {
        assert!(anchors.contains(&note.id), "no anchor for note {}", note.id);
    }
    for page in &doc.pages {
        for item in &page.items {
            if let PageItem::Link(l) = item
                && let LinkTarget::Anchor(name) = &l.target
            {
                assert!(anchors.contains(name), "link to missing anchor {name}");
            }
        }
    }
}

fn check_all(source: &Document, opts: &LayoutOptions) -> PagedDocument {
    let doc = run(source, opts);
    check_measure(&doc, opts);
    check_no_heading_last(&doc);
    check_widows_orphans(&doc);
    check_notes_on_reference_page(&doc, source);
    check_text(&doc, source);
    check_tagging(&doc, source);
    doc
}

#[test]
fn article_invariants() {
    let source = article();
    let doc = check_all(&source, &options());
    assert!(doc.pages.len() >= 5, "{} pages", doc.pages.len());
    let top: Vec<&str> = doc.outline.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(top, ["I", "II", "III"]);
    assert!(doc.outline[0].children.len() >= 3);
}

#[test]
fn every_block_invariants() {
    let source = every_block();
    let doc = check_all(&source, &options());
    assert_eq!(doc.images.len(), 1, "the PNG is loaded once");
    let roles: Vec<StructRole> = doc.structure.iter().map(|n| n.role).collect();
    for role in [
        StructRole::Sect,
        StructRole::L,
        StructRole::LI,
        StructRole::Lbl,
        StructRole::LBody,
        StructRole::Table,
        StructRole::TR,
        StructRole::TH,
        StructRole::TD,
        StructRole::Figure,
        StructRole::Caption,
        StructRole::Note,
        StructRole::BlockQuote,
        StructRole::Code,
        StructRole::Link,
        StructRole::Reference,
    ] {
        assert!(roles.contains(&role), "no {role:?} node");
    }
}

#[test]
fn stress_invariants_long_words_and_urls() {
    let source = stress();
    let doc = check_all(&source, &options());
    // Narrow pages too.
    let narrow = LayoutOptions {
        page: PageSize::a5(),
        ..options()
    };
    check_all(&source, &narrow);
    // The over-long word was broken (no line is wider than the measure, checked above)
    // and extracts whole: its first part carries the word, the others nothing.
    let long = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(4);
    let parts: Vec<&TextRun> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            PageItem::Text(r) if r.actual_text.as_deref() == Some(long.as_str()) => Some(r),
            _ => None,
        })
        .collect();
    assert!(!parts.is_empty(), "the long word was not broken");
}

#[test]
fn hyphenated_words_extract_whole() {
    let doc = run(&article(), &options());
    let runs: Vec<&TextRun> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            PageItem::Text(r) => Some(r),
            _ => None,
        })
        .collect();
    let hyphens = runs
        .iter()
        .filter(|r| r.mark == Mark::Artifact(ArtifactKind::Hyphen))
        .count();
    assert!(hyphens > 0, "the article has hyphenated lines");
    for (i, r) in runs.iter().enumerate() {
        if r.mark != Mark::Artifact(ArtifactKind::Hyphen) {
            continue;
        }
        assert_eq!(r.actual_text.as_deref(), Some(""));
        // The part before the hyphen carries the whole word.
        let before = runs[i - 1];
        let whole = before
            .actual_text
            .as_deref()
            .expect("first part has the word");
        assert!(
            whole.starts_with(&before.text) && whole.len() > before.text.len(),
            "{:?} / {:?}",
            before.text,
            whole
        );
    }
}

#[test]
fn table_header_repeats_after_a_page_break() {
    let mut src = String::from("---\ntitle: Rows\n---\n\n| Name | Value |\n|---|--:|\n");
    for i in 0..150 {
        src.push_str(&format!("| row {i} | {} |\n", i * 7));
    }
    let source = parse("rows.md", &src);
    let doc = check_all(&source, &options());
    assert!(doc.pages.len() >= 3);
    for page in &doc.pages[1..] {
        let first = page.items.iter().find_map(|i| match i {
            PageItem::Text(r) if r.mark != Mark::Artifact(ArtifactKind::Header) => Some(r),
            _ => None,
        });
        let first = first.expect("text on the page");
        assert_eq!(
            first.text, "Name",
            "continuation page starts with the header"
        );
        assert_eq!(first.mark, Mark::Artifact(ArtifactKind::Decoration));
        assert_eq!(first.actual_text.as_deref(), Some(""));
    }
}

#[test]
fn a_row_taller_than_a_page_runs_on_under_repeated_headers() {
    let long: Vec<String> = (0..900).map(|i| format!("word{i}")).collect();
    let src = format!(
        "---\ntitle: Tall\n---\n\n| Name | Notes |\n|---|---|\n| short | {} |\n| after | end |\n",
        long.join(" ")
    );
    let source = parse("tall.md", &src);
    let opts = options();
    let doc = check_all(&source, &opts);
    assert!(doc.pages.len() >= 3, "the row runs over pages");
    let m = opts.margins();
    for (n, page) in doc.pages.iter().enumerate() {
        let bottom = page.trim.y.0 + page.trim.height.0 - m.bottom.0;
        for item in &page.items {
            if let PageItem::Text(r) = item
                && !matches!(
                    r.mark,
                    Mark::Artifact(ArtifactKind::Footer | ArtifactKind::Header)
                )
            {
                assert!(
                    r.origin.y.0 <= bottom + EPS,
                    "page {n}: text at {} below the text block ({bottom})",
                    r.origin.y.0
                );
            }
        }
    }
    for page in &doc.pages[1..] {
        let first = page.items.iter().find_map(|i| match i {
            PageItem::Text(r) if r.mark != Mark::Artifact(ArtifactKind::Header) => Some(r),
            _ => None,
        });
        assert_eq!(
            first.map(|r| r.text.as_str()),
            Some("Name"),
            "header repeated"
        );
    }
}

#[test]
fn body_text_sits_on_the_baseline_grid() {
    let opts = options();
    let doc = run(&article(), &opts);
    let step = opts.leading.0;
    for (p, page) in doc.pages.iter().enumerate() {
        let mut first: Option<f64> = None;
        for item in &page.items {
            let PageItem::Text(r) = item else { continue };
            let Mark::Content(id) = r.mark else { continue };
            let Some(para) = ancestor(&doc, id, |r| r == StructRole::P) else {
                continue;
            };
            let parent = doc.structure[para.0]
                .parent
                .map(|q| doc.structure[q.0].role);
            if parent != Some(StructRole::Sect) || (r.size - opts.font_size).0.abs() > EPS {
                continue;
            }
            let y = r.origin.y.0;
            let y0 = *first.get_or_insert(y);
            let lines = (y - y0) / step;
            assert!(
                (lines - lines.round()).abs() < 1e-6,
                "page {}: baseline {y} is off the grid started at {y0}",
                p + 1
            );
        }
    }
}

#[test]
fn article_forty_times_stays_valid() {
    let mut source = article();
    let blocks = source.blocks.clone();
    for k in 1..5 {
        let mut copy = blocks.clone();
        for b in &mut copy {
            b.attr.id = format!("{}-{k}", b.attr.id);
        }
        source.blocks.extend(copy);
    }
    let doc = run(&source, &options());
    check_no_heading_last(&doc);
    check_widows_orphans(&doc);
    check_text(&doc, &source);
}

#[test]
fn layout_is_deterministic() {
    let source = every_block();
    let a = run(&source, &options());
    let b = run(&source, &options());
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn page_sizes_and_print_marks() {
    let source = every_block();
    for page in [PageSize::us_letter(), PageSize::a5(), PageSize::trade_6x9()] {
        let opts = LayoutOptions { page, ..options() };
        let doc = check_all(&source, &opts);
        assert!((doc.pages[0].width - page.width).0.abs() < EPS);
    }
    for preset in PrintPreset::ALL {
        let spec = preset.spec();
        let opts = LayoutOptions {
            print: Some(preset),
            slug: "every-block.pdf · 2025-01-16".into(),
            ..options()
        };
        let doc = check_all(&source, &opts);
        let page = &doc.pages[0];
        let bleed = spec.bleed().0;
        assert!(
            (page.trim.x.0 - page.bleed.x.0 - bleed).abs() < EPS
                && (page.bleed.width.0 - page.trim.width.0 - 2.0 * bleed).abs() < EPS,
            "{preset:?}: bleed {bleed} on every side"
        );
        let t = page.trim;
        let outside = |x: Pt, y: Pt| {
            x.0 < t.x.0 - EPS
                || y.0 < t.y.0 - EPS
                || x.0 > (t.x + t.width).0 + EPS
                || y.0 > (t.y + t.height).0 + EPS
        };
        let marks = page
            .items
            .iter()
            .filter(|i| {
                matches!(i, PageItem::Rule(r) if r.mark == Mark::Artifact(ArtifactKind::Decoration)
                    && outside(r.from.x, r.from.y) && outside(r.to.x, r.to.y))
            })
            .count();
        let slug: String = page
            .items
            .iter()
            .filter_map(|i| match i {
                PageItem::Text(r) if outside(r.origin.x, r.origin.y) => Some(r.text.as_str()),
                _ => None,
            })
            .collect();
        if preset == PrintPreset::Offset {
            assert!(page.width.0 > opts.page.width.0 + 20.0);
            // Two crop marks per corner; four targets of a 24-sided circle and a cross.
            assert_eq!(marks, 8 + 4 * 26, "crop and registration marks");
            assert!(
                slug.contains("every-block.pdf") && slug.contains("page 1"),
                "{slug}"
            );
        } else {
            assert!((page.width.0 - opts.page.width.0 - 2.0 * bleed).abs() < EPS);
            assert_eq!(marks, 0, "{preset:?} has no marks");
            assert!(slug.is_empty(), "{preset:?} has no slug: {slug}");
        }
    }
}

#[test]
fn running_heads_and_folios_skip_the_first_page() {
    // (Which head a page carries: `tests/e2e/running_heads.rs`.)
    let doc = run(&article(), &options());
    let count = |p: usize, kind: ArtifactKind| {
        doc.pages[p]
            .items
            .iter()
            .filter(|i| matches!(i, PageItem::Text(r) if r.mark == Mark::Artifact(kind)))
            .count()
    };
    assert_eq!(
        count(0, ArtifactKind::Header) + count(0, ArtifactKind::Footer),
        0
    );
    for p in 1..doc.pages.len() {
        // Versos all carry the title; a recto may open with the heading it would carry.
        assert!(
            count(p, ArtifactKind::Header) > 0 || p % 2 == 0,
            "verso {} has no running head",
            p + 1
        );
        assert!(
            count(p, ArtifactKind::Footer) > 0,
            "page {} has no number",
            p + 1
        );
        assert_eq!(doc.pages[p].label, (p + 1).to_string());
    }
}

#[test]
fn missing_glyphs_are_warnings_with_positions() {
    let text = "---\ntitle: T\n---\n\nPlain text, then \u{E000} and \u{E000}\n\nmore \u{E001}.\n";
    let source = parse("m.md", text);
    let paged = layout(&source, &quire_doc::Assets::new(), &fonts(), &options())
        .expect("characters no font has do not fail the layout");
    let missing: Vec<_> = paged
        .warnings
        .iter()
        .filter(|w| w.message.contains("no font has"))
        .collect();
    // One warning per character, however often it occurs, in order of first use.
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing.iter().all(|w| !w.is_error()));
    assert!(
        missing[0].message.contains("U+E000 (2 times"),
        "{}",
        missing[0].message
    );
    assert!(
        missing[1].message.contains("U+E001"),
        "{}",
        missing[1].message
    );
    let file = quire_doc::SourceFile::new("m.md", text);
    assert_eq!(file.line_col(missing[0].span.start), (5, 18));
    assert_eq!(file.line_col(missing[1].span.start).0, 7);
}

#[test]
fn invalid_options_are_rejected() {
    let opts = LayoutOptions {
        font_size: Pt(1.0),
        ..LayoutOptions::default()
    };
    assert!(matches!(
        layout(&article(), &quire_doc::Assets::new(), &fonts(), &opts),
        Err(LayoutFailure::InvalidOptions(_))
    ));
}

/// Regression: an unbreakable word (a base64 blob, a long URL) was cut by re-measuring the
/// whole word at every cut, a long code line likewise, and a table measured a long cell
/// by running the line breaker on an unbounded measure: 16 k characters took 0.45 s and
/// 64 k 8.3 s. Each input is laid out at `N` and `8 N` characters; linear time gives a
/// ratio near 8, quadratic near 64. Only the ratio is checked (the best of three runs,
/// against the noise of a shared machine), never an absolute time.
#[test]
fn long_unbreakable_text_lays_out_in_linear_time() {
    const N: usize = 8 * 1024;
    const MAX_RATIO: f64 = 20.0;
    let book = fonts();
    let opts = LayoutOptions::default();
    fn word(n: usize) -> String {
        "Zq8xK3ab".chars().cycle().take(n).collect()
    }
    fn prose(n: usize) -> String {
        let words = "internationalcooperationextraordinary";
        words.chars().cycle().take(n).collect()
    }
    type Source = fn(usize) -> String;
    let cases: [(&str, Source); 3] = [
        ("paragraph word", |n| format!("Before {} after.\n", word(n))),
        ("code line", |n| {
            format!("```\nlet blob = \"{}\";\n```\n", word(n))
        }),
        ("table cell", |n| {
            format!("| A | B |\n|---|---|\n| x | {} |\n", prose(n))
        }),
    ];
    for (name, source) in cases {
        let time = |n: usize| {
            let doc = parse("long.md", &source(n));
            (0..3)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let paged =
                        layout(&doc, &quire_doc::Assets::new(), &book, &opts).expect("lays out");
                    assert!(!paged.pages.is_empty());
                    start.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let (small, large) = (time(N), time(8 * N));
        let ratio = large / small.max(1e-9);
        eprintln!("{name}: {small:.4} s → {large:.4} s, ratio {ratio:.1}");
        assert!(
            ratio < MAX_RATIO,
            "{name}: {N} chars {small:.4} s, {} chars {large:.4} s, ratio {ratio:.1}",
            8 * N
        );
    }
}

/// The text before each added hyphen, in reading order.
fn hyphenated_fragments(doc: &PagedDocument) -> Vec<String> {
    let mut out = Vec::new();
    for page in &doc.pages {
        let mut before = String::new();
        for item in &page.items {
            let PageItem::Text(run) = item else { continue };
            match run.mark {
                Mark::Artifact(ArtifactKind::Hyphen) => out.push(before.clone()),
                Mark::Content(_) => {
                    let word = run.text.split_whitespace().last().unwrap_or("");
                    before = if run.text.ends_with(char::is_whitespace) {
                        String::new()
                    } else {
                        word.to_string()
                    };
                }
                Mark::Artifact(_) => {}
            }
        }
    }
    out
}

/// A German block inside an English document hyphenates with German patterns, and a
/// block in a language without patterns is not hyphenated at all (the document asks for
/// capitalised words to be hyphenated, which English leaves whole by default).
#[test]
fn block_lang_attributes_choose_the_hyphenation_patterns() {
    let words = "Wirtschaftsprüfer Wirtschaftsprüferin ".repeat(60);
    let doc = |lang: &str| {
        let src = format!(
            "---\ntitle: Lang\nlanguage: en\nhyphenate-capitalized: true\n---\n\n::: aside {{lang={lang}}}\n{words}Ende.\n:::\n"
        );
        parse("lang.md", &src)
    };
    let source = doc("de");
    assert!(
        matches!(&source.blocks[..], [b] if b.attr.get("lang") == Some("de")),
        "{:?}",
        source.blocks
    );
    let german = hyphenated_fragments(&run(&source, &options()));
    assert!(!german.is_empty(), "long words need hyphens");
    for f in &german {
        // German: Wirt-schafts-prü-fer; English patterns: Wirtschaft-sprüfer.
        assert!(
            ["Wirt", "Wirtschafts", "Wirtschaftsprü", "Wirtschaftsprüfe"].contains(&f.as_str()),
            "{german:?}"
        );
    }
    let english = hyphenated_fragments(&run(&doc("en"), &options()));
    assert!(english.iter().any(|f| f == "Wirtschaft"), "{english:?}");
    let none = hyphenated_fragments(&run(&doc("ja"), &options()));
    assert!(none.is_empty(), "{none:?}");
}
