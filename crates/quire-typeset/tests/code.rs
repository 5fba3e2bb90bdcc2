//! Code blocks in print: highlighting, wrapped lines with their indentation and a
//! continuation mark that extraction never sees, the smaller size for listings that would
//! wrap a lot, and runs of short blocks that break across pages.

use quire_doc::Document;
use quire_highlight::Class;
use quire_typeset::layout::code::{CONTINUATION_MARK, token_color};
use quire_typeset::layout::style::{CODE_SIZE, CODE_SMALL_SIZE};
use quire_typeset::page::{Color, Mark, PageItem, PagedDocument, StructRole, TextRun};
use quire_typeset::{FontBook, LayoutOptions, layout};

fn parse(src: &str) -> Document {
    match quire_markdown::parse(quire_doc::FileId(0), "code.md", src) {
        Ok(parsed) => parsed.document,
        Err(diags) => panic!("{diags:?}"),
    }
}

fn run(src: &str) -> PagedDocument {
    let book = FontBook::quire_default().expect("embedded fonts");
    layout(
        &parse(src),
        &quire_doc::Assets::new(),
        &book,
        &LayoutOptions::default(),
    )
    .unwrap_or_else(|e| panic!("layout failed: {e}"))
}

/// Text runs of code blocks, in page order, with their page index.
fn code_runs(doc: &PagedDocument) -> Vec<(usize, &TextRun)> {
    let mut out = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let PageItem::Text(r) = item else { continue };
            let code = match r.mark {
                Mark::Content(id) => doc.structure[id.0].role == StructRole::Code,
                Mark::Artifact(_) => r.text == CONTINUATION_MARK,
            };
            if code {
                out.push((p, r));
            }
        }
    }
    out
}

/// What extraction yields for the code: each run's ActualText, or its text.
fn extracted(doc: &PagedDocument) -> String {
    code_runs(doc)
        .iter()
        .map(|(_, r)| r.actual_text.as_deref().unwrap_or(&r.text))
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn tokens_are_inked_with_the_print_palette() {
    let doc = run("# T\n\n```rust\nfn main() {\n    let x = 42; // answer\n}\n```\n");
    let runs = code_runs(&doc);
    let ink = |text: &str| {
        runs.iter()
            .find(|(_, r)| r.text.trim() == text)
            .map(|(_, r)| r.color)
            .unwrap_or_else(|| panic!("no run {text:?} in {runs:?}"))
    };
    assert_eq!(ink("fn"), token_color(Class::Keyword));
    assert_eq!(ink("let"), token_color(Class::Keyword));
    assert_eq!(ink("42"), token_color(Class::Constant));
    assert_eq!(ink("main"), token_color(Class::Function));
    assert!(
        runs.iter()
            .any(|(_, r)| r.text.contains("answer") && r.color == token_color(Class::Comment))
    );
    // Untagged code stays black.
    let plain = run("# T\n\n```\nfn main() {}\n```\n");
    assert!(
        code_runs(&plain)
            .iter()
            .all(|(_, r)| r.color == Color::Gray(0.0))
    );
}

#[test]
fn palette_stays_apart_in_grayscale() {
    let gray = |c: Color| match c {
        Color::Rgb(r, g, b) => 0.2126 * r + 0.7152 * g + 0.0722 * b,
        Color::Gray(g) => g,
    };
    let key = gray(token_color(Class::Keyword));
    let comment = gray(token_color(Class::Comment));
    for class in Class::ALL {
        let g = gray(token_color(class));
        assert!(g >= key && g <= comment, "{class:?}: {g}");
    }
    // Comments are clearly lighter than keywords, and still dark enough to read.
    assert!(comment - key > 0.25 && comment < 0.6, "{key} {comment}");
}

#[test]
fn wrapped_lines_keep_their_indentation_and_show_a_mark_extraction_skips() {
    let words: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
    let long = format!("        call({});", words.join(", "));
    let src = format!("# T\n\n```\nfn f() {{\n{long}\n}}\n```\n");
    let doc = run(&src);
    let runs = code_runs(&doc);
    let marks: Vec<&TextRun> = runs
        .iter()
        .map(|(_, r)| *r)
        .filter(|r| r.text == CONTINUATION_MARK)
        .collect();
    assert!(
        marks.len() >= 2,
        "a long line wraps at least twice: {}",
        marks.len()
    );
    for m in &marks {
        assert!(matches!(m.mark, Mark::Artifact(_)));
        assert_eq!(m.actual_text.as_deref(), Some(""));
    }
    // The first line of the long line starts at its indentation; every continuation
    // starts further right than that, after its mark.
    let first = runs
        .iter()
        .find(|(_, r)| r.text.starts_with("call("))
        .map(|(_, r)| r.origin.x)
        .expect("the long line");
    let fun = runs
        .iter()
        .find(|(_, r)| r.text.starts_with("fn"))
        .map(|(_, r)| r.origin.x)
        .expect("the first line");
    assert!(first.0 > fun.0 + 10.0, "indentation kept: {first} vs {fun}");
    for m in &marks {
        assert!(m.origin.x.0 >= first.0 - 1e-3, "mark under the indentation");
        let after = runs
            .iter()
            .find(|(_, r)| {
                r.mark != m.mark
                    && (r.origin.y - m.origin.y).0.abs() < 1e-3
                    && r.origin.x > m.origin.x
            })
            .expect("text after the mark");
        assert!(after.1.origin.x.0 > first.0 + 5.0, "continuation indented");
    }
    // Extraction gives the code's characters, in order, without the marks.
    let text = extracted(&doc);
    assert!(!text.contains(CONTINUATION_MARK));
    assert_eq!(squeeze(&text), squeeze(&format!("fn f() {{{long}}}")));
}

fn code_size_of(src: &str) -> f64 {
    let doc = run(src);
    let runs = code_runs(&doc);
    runs.iter()
        .find(|(_, r)| r.text.starts_with("let"))
        .expect("code")
        .1
        .size
        .0
}

#[test]
fn listings_that_would_wrap_often_are_set_a_step_smaller() {
    let body = LayoutOptions::default().font_size.0;
    // 100 columns: wider than the measure at the code size, narrower at the small size.
    let long = format!("let x = \"{}\";", "a".repeat(86));
    let few = format!("# T\n\n```\n{}\n```\n", [long.as_str(); 3].join("\n"));
    let many = format!("# T\n\n```\n{}\n```\n", [long.as_str(); 4].join("\n"));
    assert!((code_size_of(&few) - body * CODE_SIZE).abs() < 1e-6);
    assert!((code_size_of(&many) - body * CODE_SMALL_SIZE).abs() < 1e-6);
}

/// Regression (issue 10, part 6): the padding under a code block kept with whatever
/// followed, so 50 short blocks in a row became one unbreakable unit and left pages 16–45 %
/// empty. Every page but the last must now be filled to within a few lines.
#[test]
fn runs_of_short_code_blocks_break_between_blocks() {
    // 50 blocks in runs of 10, each run introduced by a paragraph, as manuals have them.
    let mut src = String::from("# Many listings\n\n");
    for i in 0..50 {
        if i % 10 == 0 {
            src.push_str(&"Words of prose that introduce the listings below. ".repeat(6));
            src.push_str("\n\n");
        }
        src.push_str(&format!(
            "```rust\nlet a{i} = {i};\nprintln!(\"{{}}\", a{i});\n```\n\n"
        ));
    }
    let doc = run(&src);
    let opts = LayoutOptions::default();
    let m = opts.margins();
    assert!(doc.pages.len() >= 3, "{} pages", doc.pages.len());
    let last = doc.pages.len() - 1;
    for (p, page) in doc.pages.iter().enumerate().take(last) {
        let top = page.trim.y + m.top;
        let area = page.trim.height - m.top - m.bottom;
        let bottom = page
            .items
            .iter()
            .filter_map(|item| match item {
                PageItem::Fill(f) => Some(f.rect.y + f.rect.height),
                PageItem::Text(r) if matches!(r.mark, Mark::Content(_)) => Some(r.origin.y),
                _ => None,
            })
            .fold(top, |a, b| a.max(b));
        let fill = (bottom - top).0 / area.0;
        eprintln!("page {}: {:.0} % filled", p + 1, fill * 100.0);
        assert!(
            fill > 0.9,
            "page {} is only {:.0} % filled",
            p + 1,
            fill * 100.0
        );
    }
}
