//! Typographic quality of the PDF, measured from the layout itself (issue 14): how many
//! lines of running text end in a hyphen, what is left before each hyphen, whether
//! capitalised words or display type (headings, captions) are hyphenated, how many lines
//! are loose, which rectos end in a hyphen, and which pages end short before a heading.
//!
//! The measure reads the laid-out pages the PDF is written from, so it knows what a
//! reader sees: a line is the content runs of one baseline; its hyphen is the artifact
//! run layout adds at a break; a space's width is read from its glyph, against the
//! natural width of a space of that font and size (the width the last lines of
//! paragraphs, set at natural width, show most often).
//!
//! `cargo test -p quire-tests --test e2e -- typography::report --ignored --nocapture`
//! prints the table for the article and the 40× book at A4, A5, 6×9 and Letter (with
//! `QUIRE_SHORT=1`, also the pages that end short before a heading).

use std::collections::BTreeMap;

use quire_typeset::page::{ArtifactKind, Mark, PageItem, PagedDocument, StructRole, TextRun};
use quire_typeset::units::{PageSize, Pt};
use quire_typeset::{FontBook, LayoutOptions, layout};

/// What a line of text belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// Paragraphs, list items, quotations.
    Running,
    /// Headings and captions: display type, never hyphenated.
    Display,
    /// Notes, tables, the index, code: counted apart.
    Other,
}

/// One line: its runs' text in order, whether layout added a hyphen, its spaces'
/// stretch (the widest space over the natural one).
#[derive(Debug)]
struct Line {
    page: usize,
    y: Pt,
    role: Role,
    text: String,
    hyphen: bool,
    stretch: f64,
}

/// The measures of one layout.
#[derive(Debug, Default)]
pub(crate) struct Quality {
    /// Lines of running text.
    pub lines: usize,
    /// Of them, lines that end in an added hyphen.
    pub hyphenated: usize,
    /// Lines that end in an explicit hyphen or dash (a break at "China-" / "Africa").
    pub explicit: usize,
    /// Of them, those that end in a hyphen (not a dash): a hyphen the reader sees.
    pub explicit_hyphens: usize,
    /// Word parts of two letters or fewer before an added hyphen.
    pub short_fragments: Vec<String>,
    /// Capitalised words hyphenated.
    pub capitalised: Vec<String>,
    /// Hyphens in headings or captions.
    pub display: Vec<String>,
    /// Lines of running text whose spaces are over 1.5× their natural width.
    pub loose: usize,
    /// Rectos (1-based physical page numbers) whose last line of running text ends in a
    /// hyphen.
    pub recto_final_hyphens: Vec<usize>,
    /// Pages (1-based) that end more than two lines short when the next page opens with
    /// a heading, with how many lines; pages before a forced break are not among them.
    /// A page's lines short are the grid lines between its last line and a full page's
    /// (the last line most pages end on), so a spread run one line long is not short.
    pub short_before_heading: Vec<(usize, usize)>,
    /// Pages that end short before a heading the design sends to a new page: the
    /// heading of the section that holds the index ("the index opens a page", see
    /// `quire-typeset`'s `layout::blocks`), however little the page before it holds.
    pub forced_breaks: Vec<(usize, usize)>,
    /// Pages that open the section holding the index but hold none of its lines (its
    /// heading left alone, the columns on the next page).
    pub index_heading_alone: Vec<usize>,
    /// Spreads (the verso's 1-based page number) whose pages' last lines are a line or
    /// more apart, with how many lines; spreads that end the text, or end before a
    /// forced break, are not measured.
    pub uneven_spreads: Vec<(usize, usize)>,
    /// Pages.
    pub pages: usize,
}

impl Quality {
    /// Percentage of running lines that end in an added hyphen.
    pub fn hyphen_percent(&self) -> f64 {
        100.0 * self.hyphenated as f64 / self.lines.max(1) as f64
    }

    /// Percentage of running lines that are loose.
    pub fn loose_percent(&self) -> f64 {
        100.0 * self.loose as f64 / self.lines.max(1) as f64
    }
}

/// What role the structure element `node` gives its text.
fn role_of(paged: &PagedDocument, node: usize) -> Role {
    let mut at = Some(node);
    let mut running = false;
    while let Some(n) = at {
        let s = &paged.structure[n];
        match s.role {
            StructRole::H(_) | StructRole::Caption => return Role::Display,
            StructRole::Note
            | StructRole::Table
            | StructRole::Index
            | StructRole::Code
            | StructRole::Figure => return Role::Other,
            StructRole::P | StructRole::LBody | StructRole::BlockQuote => running = true,
            _ => {}
        }
        at = s.parent.map(|p| p.0);
    }
    if running { Role::Running } else { Role::Other }
}

/// The lines of every page, top to bottom.
fn lines(paged: &PagedDocument) -> Vec<Line> {
    // (page, baseline in 1/100 pt, role) → runs
    let mut by_line: BTreeMap<(usize, i64, Role), Vec<&TextRun>> = BTreeMap::new();
    let mut hyphens: Vec<(usize, i64)> = Vec::new();
    for (p, page) in paged.pages.iter().enumerate() {
        for item in &page.items {
            let PageItem::Text(run) = item else { continue };
            let y = (run.origin.y.0 * 100.0).round() as i64;
            match run.mark {
                Mark::Content(node) => {
                    let role = role_of(paged, node.0);
                    by_line.entry((p, y, role)).or_default().push(run);
                }
                Mark::Artifact(ArtifactKind::Hyphen) => hyphens.push((p, y)),
                Mark::Artifact(_) => {}
            }
        }
    }
    let spaces = natural_spaces(&by_line);
    by_line
        .into_iter()
        .map(|((page, y, role), mut runs)| {
            runs.sort_by(|a, b| a.origin.x.0.total_cmp(&b.origin.x.0));
            let text: String = runs.iter().map(|r| r.text.as_str()).collect();
            let stretch = runs
                .iter()
                .flat_map(|r| space_advances(r).map(move |a| (r, a)))
                .filter_map(|(r, a)| {
                    spaces
                        .get(&key(r))
                        .map(|&natural| a / (natural as f64 / 1000.0))
                })
                .fold(0.0, f64::max);
            // A hyphen belongs to the line of its baseline whose runs end where it starts.
            let hyphen = hyphens.contains(&(page, y)) && role != Role::Other;
            Line {
                page,
                y: Pt(y as f64 / 100.0),
                role,
                text,
                hyphen,
                stretch,
            }
        })
        .collect()
}

/// A run's font and size, as a key.
fn key(run: &TextRun) -> (u32, i64) {
    (run.font.0, (run.size.0 * 100.0).round() as i64)
}

/// The advance of each space glyph of `run`, in points.
fn space_advances(run: &TextRun) -> impl Iterator<Item = f64> + '_ {
    run.glyphs
        .iter()
        .filter(|g| run.text.get(g.text()) == Some(" "))
        .map(|g| g.advance().0)
}

/// The natural space of each font and size, in 1/1000 pt: the advance spaces have most
/// often (the last lines of paragraphs are set at natural width, and no two stretched
/// lines share a width).
fn natural_spaces(
    by_line: &BTreeMap<(usize, i64, Role), Vec<&TextRun>>,
) -> BTreeMap<(u32, i64), i64> {
    let mut counts: BTreeMap<(u32, i64), BTreeMap<i64, usize>> = BTreeMap::new();
    for runs in by_line.values() {
        for run in runs {
            for a in space_advances(run) {
                *counts
                    .entry(key(run))
                    .or_default()
                    .entry((a * 1000.0).round() as i64)
                    .or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, c)| {
            c.into_iter()
                .max_by_key(|&(w, n)| (n, -w))
                .map(|(w, _)| (k, w))
        })
        .collect()
}

/// The letters of the word part that ends `text` (after its last space or punctuation).
fn last_fragment(text: &str) -> &str {
    let word = text.trim_end().rsplit(' ').next().unwrap_or("");
    let start = word
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &word[start..]
}

/// Measures `paged`, laid out with `opts`.
pub(crate) fn measure(paged: &PagedDocument, opts: &LayoutOptions) -> Quality {
    let all = lines(paged);
    let mut q = Quality {
        pages: paged.pages.len(),
        ..Quality::default()
    };
    for line in &all {
        let fragment = last_fragment(&line.text);
        match line.role {
            Role::Running => {
                q.lines += 1;
                if line.hyphen {
                    q.hyphenated += 1;
                    if fragment.chars().count() <= 2 {
                        q.short_fragments.push(fragment.to_string());
                    }
                    if fragment.chars().next().is_some_and(char::is_uppercase) {
                        q.capitalised.push(fragment.to_string());
                    }
                } else if line
                    .text
                    .trim_end()
                    .ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}'])
                {
                    q.explicit += 1;
                    if line.text.trim_end().ends_with(['-', '\u{2010}']) {
                        q.explicit_hyphens += 1;
                    }
                }
                if line.stretch > 1.5 + 1e-3 {
                    q.loose += 1;
                }
            }
            Role::Display if line.hyphen => q.display.push(line.text.clone()),
            _ => {}
        }
    }
    // The last running line of each page, and the pages that end short.
    let lowest_on = |p: usize| {
        all.iter()
            .filter(|l| l.page == p)
            .map(|l| l.y.0)
            .reduce(f64::max)
    };
    let forced = |p: usize| opens_index_section(paged, &all, p);
    // Where a full page's last line is: the lowest line most pages end on (to a
    // hundredth of a point), the text block's last grid line.
    let mut ends: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for p in 0..paged.pages.len() {
        if let Some(y) = lowest_on(p) {
            *ends.entry((y * 100.0).round() as i64).or_default() += 1;
        }
    }
    let full_page_last = ends
        .iter()
        .max_by_key(|&(y, n)| (*n, *y))
        .map(|(y, _)| *y as f64 / 100.0);
    for verso in (1..paged.pages.len().saturating_sub(2)).step_by(2) {
        let recto = verso + 1;
        if forced(verso + 1) || forced(recto + 1) {
            continue;
        }
        if let (Some(a), Some(b)) = (lowest_on(verso), lowest_on(recto)) {
            let apart = ((a - b).abs() / opts.leading.0).round() as usize;
            if apart >= 1 {
                q.uneven_spreads.push((verso + 1, apart));
            }
        }
    }
    for p in 0..paged.pages.len() {
        let on_page: Vec<&Line> = all.iter().filter(|l| l.page == p).collect();
        if p % 2 == 0
            && on_page
                .iter()
                .filter(|l| l.role == Role::Running)
                .max_by(|a, b| a.y.0.total_cmp(&b.y.0))
                .is_some_and(|l| l.hyphen)
        {
            q.recto_final_hyphens.push(p + 1);
        }
        let next_opens_with_heading = all
            .iter()
            .filter(|l| l.page == p + 1 && l.role != Role::Other)
            .min_by(|a, b| a.y.0.total_cmp(&b.y.0))
            .is_some_and(|l| l.role == Role::Display);
        let Some(lowest) = on_page.iter().map(|l| l.y.0).reduce(f64::max) else {
            continue;
        };
        // (The first page opens with the title, in no section.)
        if p > 0 && forced(p) && !on_page.iter().any(|l| l.role == Role::Other) {
            q.index_heading_alone.push(p + 1);
        }
        if next_opens_with_heading && let Some(full) = full_page_last {
            let short = ((full - lowest) / opts.leading.0).round().max(0.0) as usize;
            if short > 2 && forced(p + 1) {
                q.forced_breaks.push((p + 1, short));
            } else if short > 2 {
                q.short_before_heading.push((p + 1, short));
            }
        }
    }
    q
}

/// Whether page `p` (0-based) opens with the heading of a section that holds the index.
fn opens_index_section(paged: &PagedDocument, all: &[Line], p: usize) -> bool {
    let Some(page) = paged.pages.get(p) else {
        return false;
    };
    let top = all
        .iter()
        .filter(|l| l.page == p && l.role == Role::Display)
        .map(|l| l.y.0)
        .reduce(f64::min);
    let Some(top) = top else { return false };
    let heading = page.items.iter().find_map(|item| match item {
        PageItem::Text(run) if (run.origin.y.0 - top).abs() < 0.01 => match run.mark {
            Mark::Content(node) => Some(node.0),
            Mark::Artifact(_) => None,
        },
        _ => None,
    });
    let Some(section) = heading.and_then(|h| paged.structure[h].parent) else {
        return false;
    };
    let under = |mut n: usize| loop {
        match paged.structure[n].parent {
            Some(parent) if parent == section => return true,
            Some(parent) => n = parent.0,
            None => return false,
        }
    };
    paged
        .structure
        .iter()
        .enumerate()
        .any(|(n, s)| s.role == StructRole::Index && under(n))
}

/// The article's source with its body repeated `copies` times.
pub(crate) fn article_copies(copies: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = quire_tests::root();
    let text = std::fs::read_to_string(root.join("source/article.md")).unwrap();
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    let (front, body) = text.split_at(end);
    let dir = tempfile::tempdir().unwrap();
    let bib = "references.bib";
    std::fs::copy(root.join("source").join(bib), dir.path().join(bib)).unwrap();
    let path = dir.path().join("article.md");
    // The copies drop the explicit ids (`{#tasks-for-2025}`), which must be unique.
    let mut plain = String::new();
    let mut rest = body;
    while let Some(at) = rest.find("{#") {
        let end = rest[at..].find('}').map_or(rest.len(), |e| at + e + 1);
        plain.push_str(&rest[..at]);
        rest = &rest[end..];
    }
    plain.push_str(rest);
    std::fs::write(&path, format!("{front}{}", plain.repeat(copies))).unwrap();
    (dir, path)
}

/// The layout of `source` at `page` (annotations off: they do not change the text
/// block's lines).
pub(crate) fn lay_out(source: &std::path::Path, page: PageSize) -> (PagedDocument, LayoutOptions) {
    let mut load = quire::LoadOptions::new(source);
    load.annotations = quire::AnnotationSource::Off;
    let loaded = quire::load(&load).expect("loads");
    let opts = LayoutOptions::for_page(page);
    let fonts = FontBook::quire_default().unwrap();
    let paged = layout(&loaded.document, &loaded.assets, &fonts, &opts).expect("lays out");
    (paged, opts)
}

/// The four trims of issue 14.
pub(crate) fn trims() -> [(&'static str, PageSize); 4] {
    [
        ("A4", PageSize::a4()),
        ("A5", PageSize::a5()),
        ("6x9", PageSize::trade_6x9()),
        ("Letter", PageSize::us_letter()),
    ]
}

#[test]
#[ignore = "a report: run with --ignored --nocapture"]
fn report() {
    let article = quire_tests::root().join("source/article.md");
    let (_dir, book) = article_copies(40);
    println!(
        "{:<8} {:<6} {:>5} {:>6} {:>7} {:>5} {:>6} {:>4} {:>4} {:>6} {:>6} {:>5} {:>6} {:>6} {:>4}",
        "text",
        "trim",
        "pages",
        "lines",
        "hyph%",
        "expl",
        "loose%",
        "2let",
        "caps",
        "displ",
        "recto",
        "short",
        "forced",
        "uneven",
        ">1"
    );
    for (name, source) in [("article", &article), ("40x", &book)] {
        for (trim, page) in trims() {
            let (paged, opts) = lay_out(source, page);
            let q = measure(&paged, &opts);
            println!(
                "{:<8} {:<6} {:>5} {:>6} {:>7.1} {:>5} {:>6.1} {:>4} {:>4} {:>6} {:>6} {:>5} {:>6} {:>6} {:>4}",
                name,
                trim,
                q.pages,
                q.lines,
                q.hyphen_percent(),
                q.explicit,
                q.loose_percent(),
                q.short_fragments.len(),
                q.capitalised.len(),
                q.display.len(),
                q.recto_final_hyphens.len(),
                q.short_before_heading.len(),
                q.forced_breaks.len(),
                q.uneven_spreads.len(),
                q.uneven_spreads.iter().filter(|s| s.1 > 1).count()
            );
            if !q.short_before_heading.is_empty() {
                println!("  short pages: {:?}", q.short_before_heading);
            }
            if std::env::var_os("QUIRE_SHORT").is_some() {
                println!("  {name} {trim} short: {:?}", q.short_before_heading);
            }
            if name == "article" && trim == "A4" {
                println!("  two-letter: {:?}", q.short_fragments);
                println!("  capitalised: {:?}", q.capitalised);
                println!("  display: {:?}", q.display);
                println!("  forced: {:?}", q.forced_breaks);
                println!("  uneven spreads: {:?}", q.uneven_spreads);
            }
        }
    }
}

/// English running text keeps three letters on each side of a hyphen, leaves
/// capitalised words (names) whole, and display type (headings, captions) is never
/// hyphenated: the article at every trim, and the 40× book at A4.
#[test]
fn hyphenation_leaves_three_letters_names_whole_and_display_type_alone() {
    let article = quire_tests::root().join("source/article.md");
    let (_dir, book) = article_copies(40);
    let runs = trims()
        .into_iter()
        .map(|(trim, page)| (format!("article at {trim}"), article.clone(), page))
        .chain([("40× book at A4".to_string(), book, PageSize::a4())]);
    for (what, source, page) in runs {
        let (paged, opts) = lay_out(&source, page);
        let q = measure(&paged, &opts);
        assert!(q.lines > 250, "{what}: {} lines measured", q.lines);
        assert!(q.hyphenated > 0, "{what}: the measure sees hyphens");
        assert_eq!(
            q.short_fragments,
            Vec::<String>::new(),
            "{what}: two-letter fragments"
        );
        assert_eq!(
            q.capitalised,
            Vec::<String>::new(),
            "{what}: capitalised words broken"
        );
        assert_eq!(
            q.display,
            Vec::<String>::new(),
            "{what}: display type hyphenated"
        );
    }
}

/// A document can ask for capitalised words to be hyphenated (front matter
/// `hyphenate-capitalized: true`), and the measure sees them.
#[test]
fn capitalised_words_are_hyphenated_when_the_document_asks() {
    let dir = tempfile::tempdir().unwrap();
    let words = "Internationalization Comprehensiveness Telecommunications Representatives ";
    let body = words.repeat(60);
    let path = dir.path().join("caps.md");
    for (asks, expect_some) in [("", false), ("hyphenate-capitalized: true\n", true)] {
        std::fs::write(
            &path,
            format!("---\ntitle: Capitals\n{asks}---\n\n{body}\n"),
        )
        .unwrap();
        let (paged, opts) = lay_out(&path, PageSize::a5());
        let q = measure(&paged, &opts);
        assert_eq!(
            !q.capitalised.is_empty(),
            expect_some,
            "{asks:?}: {:?}",
            q.capitalised
        );
    }
}

/// The title block's lines (the runs of its level-1 heading), top to bottom.
fn title_lines(paged: &PagedDocument) -> Vec<String> {
    let mut by_y: BTreeMap<i64, Vec<&TextRun>> = BTreeMap::new();
    for item in &paged.pages[0].items {
        if let PageItem::Text(run) = item
            && let Mark::Content(node) = run.mark
            && paged.structure[node.0].role == StructRole::H(1)
        {
            by_y.entry((run.origin.y.0 * 100.0).round() as i64)
                .or_default()
                .push(run);
        }
    }
    by_y.into_values().map(line_text).collect()
}

/// The text of one line's runs, left to right, trimmed.
pub(crate) fn line_text(mut runs: Vec<&TextRun>) -> String {
    runs.sort_by(|a, b| a.origin.x.0.total_cmp(&b.origin.x.0));
    runs.iter()
        .map(|r| r.text.as_str())
        .collect::<String>()
        .trim()
        .to_string()
}

/// The article's title is set in at most four lines at A4 and Letter (stepping its size
/// down as far as it must), and at no trim does a line end at its explicit hyphen
/// ("Major-" / "Country").
#[test]
fn the_title_takes_four_lines_and_keeps_its_compound_whole() {
    let article = quire_tests::root().join("source/article.md");
    for (trim, page) in trims() {
        let (paged, _) = lay_out(&article, page);
        let lines = title_lines(&paged);
        assert!(lines.len() >= 2, "{trim}: {lines:?}");
        assert!(
            lines.iter().all(|l| !l.ends_with('-')),
            "{trim}: a title line ends at a hyphen: {lines:?}"
        );
        if matches!(trim, "A4" | "Letter") {
            assert!(lines.len() <= 4, "{trim}: {lines:?}");
        }
        assert!(
            lines.join(" ").contains("Major-Country"),
            "{trim}: {lines:?}"
        );
    }
}

/// Hyphenated lines (added hyphens, and lines ending after an explicit one) stay at or
/// under 7 % of running lines and loose lines at or under 3 %, for the article and the
/// 40× book at A4, A5, 6×9 and Letter: Typst sets 5 % hyphens and 12 % loose lines on
/// the article.
#[test]
fn hyphens_and_loose_lines_stay_under_a_book_designers_limits() {
    let article = quire_tests::root().join("source/article.md");
    let (_dir, book) = article_copies(40);
    for (name, source) in [("article", &article), ("40× book", &book)] {
        for (trim, page) in trims() {
            let (paged, opts) = lay_out(source, page);
            let q = measure(&paged, &opts);
            let hyphens = 100.0 * (q.hyphenated + q.explicit_hyphens) as f64 / q.lines as f64;
            assert!(
                hyphens <= 7.0,
                "{name} at {trim}: {hyphens:.1} % of {} lines end in a hyphen",
                q.lines
            );
            assert!(
                q.loose_percent() <= 3.0,
                "{name} at {trim}: {:.1} % loose",
                q.loose_percent()
            );
        }
    }
}

/// Issue 14's broken-page penalty: no recto of the article ends on a hyphenated line,
/// at any of the four trims (the layout ends such a page up to two lines earlier and
/// fills it out); the 40× book keeps to a ceiling (at 6×9 a few rectos have no break
/// within two lines that avoids the hyphen).
///
/// And its page fill, as far as it goes: a page short before a heading is filled out
/// by growing the spaces above its own headings (up to two grid lines each) and around
/// its displays (two for figures and tables, one for quotations, lists and code), by
/// whole grid lines; a page still short asks the paragraphs ending on it, or on the
/// four full pages before it, for a line more each, within their tolerance (the layout's
/// `looseness`, which took the 40× book from 30 short pages to 10 at A4 and from 27 to
/// 14 at 6×9). The target —
/// no page more than two lines short before a heading — is not met yet (README, *Known
/// limits*): the ceilings below are what the layout gives today, so that no change
/// makes it worse. What is left are pages whose paragraphs cannot give the lines (at A5
/// and 6×9, long paragraphs with short last lines); the section holding the index opens
/// a page by design (a forced break, counted apart: at most one per text).
#[test]
fn pages_before_headings_are_filled_out_and_no_recto_ends_on_a_hyphen() {
    let article = quire_tests::root().join("source/article.md");
    let (_dir, book) = article_copies(40);
    // (text, trim) → the most pages that may still end short before a heading, and
    // the most rectos that may end on a hyphen.
    let ceilings = [
        ("article", [(1, 0), (0, 0), (1, 0), (0, 0)]),
        ("40× book", [(10, 0), (38, 0), (14, 6), (0, 0)]),
    ];
    for ((name, source), (_, ceiling)) in [("article", &article), ("40× book", &book)]
        .into_iter()
        .zip(ceilings)
    {
        for ((trim, page), (most, rectos)) in trims().into_iter().zip(ceiling) {
            let (paged, opts) = lay_out(source, page);
            let q = measure(&paged, &opts);
            let what = format!("{name} at {trim}");
            assert!(
                q.recto_final_hyphens.len() <= rectos,
                "{what}: rectos ending on a hyphen: {:?}",
                q.recto_final_hyphens
            );
            assert!(
                q.short_before_heading.len() <= most,
                "{what}: pages short before a heading: {:?}",
                q.short_before_heading
            );
            assert!(q.forced_breaks.len() <= 1, "{what}: {:?}", q.forced_breaks);
            assert!(
                q.index_heading_alone.is_empty(),
                "{what}: the index's heading alone on its page: {:?}",
                q.index_heading_alone
            );
        }
    }
}
