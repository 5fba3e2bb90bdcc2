//! Layout defects of issue 10's "smaller" list, each on the input that showed it.

use quire_typeset::page::{Mark, PageItem};
use quire_typeset::{FontBook, LayoutOptions, layout};

/// Lays out `markdown` (loaded as a file, so the load-time nesting cap applies).
fn pages(markdown: &str) -> (quire_typeset::page::PagedDocument, LayoutOptions) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.md");
    std::fs::write(&path, markdown).unwrap();
    let loaded = quire::load(&quire::LoadOptions::new(&path)).expect("loads");
    let opts = LayoutOptions::default();
    let fonts = FontBook::quire_default().unwrap();
    let paged = layout(&loaded.document, &loaded.assets, &fonts, &opts).expect("lays out");
    (paged, opts)
}

/// Nesting deeper than about 25 levels used to run off the right edge of the page: every
/// content run of a 48-level list and a 48-level quote now ends inside the text block.
#[test]
fn deep_nesting_clamps_its_indent_inside_the_text_block() {
    let mut md = String::from("---\ntitle: Deep\n---\n\n");
    for depth in 0..48 {
        md.push_str(&"  ".repeat(depth));
        md.push_str(&format!(
            "- level {depth} of a list nested very deep indeed\n"
        ));
    }
    md.push('\n');
    for depth in 1..=48 {
        md.push_str(&"> ".repeat(depth));
        md.push_str(&format!("quote level {depth} with some words in it\n\n"));
    }
    let (paged, opts) = pages(&md);
    let m = opts.margins();
    let margin = m.inner.min(m.outer);
    let mut runs = 0;
    for page in &paged.pages {
        let right = page.trim.x + page.trim.width - margin;
        let left = page.trim.x + margin;
        for item in &page.items {
            let PageItem::Text(run) = item else { continue };
            if !matches!(run.mark, Mark::Content(_)) {
                continue;
            }
            runs += 1;
            let end = run.origin.x + run.glyphs.iter().map(|g| g.advance()).sum();
            assert!(
                end.0 <= right.0 + 0.5 && run.origin.x.0 >= left.0 - 0.5,
                "{:?} runs from {:.1} to {:.1}, outside {:.1}–{:.1}",
                run.text,
                run.origin.x.0,
                end.0,
                left.0,
                right.0
            );
        }
    }
    assert!(runs > 100, "{runs} runs laid out");
}

/// In a loose ordered list the web page's ¶ numbers used to sit where the item numbers
/// are ("1." under "2"): measured in headless Chromium, at a wide and a narrow width, no
/// paragraph number overlaps any list item's marker area.
#[test]
fn paragraph_numbers_stay_clear_of_list_markers_in_loose_lists() {
    let md = "---\ntitle: Loose\n---\n\nA first paragraph, numbered.\n\n\
        1. The first item of a loose list, long enough to wrap onto a second line.\n\n\
        2. The second item.\n\n   A second paragraph in the second item.\n\n\
        3. The third item.\n\n   - A nested loose bullet.\n\n   - And another one.\n";
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("loose.md");
    std::fs::write(&source, md).unwrap();
    let loaded = quire::load(&quire::LoadOptions::new(&source)).expect("loads");
    let page = dir.path().join("loose.html");
    std::fs::write(&page, crate::pipeline::render(quire::Format::Html, &loaded)).unwrap();
    let Some(node) = quire_tests::require_program("node", "bash .ci/install-tools") else {
        return;
    };
    let script = quire_tests::root().join("tests/tools/overlap.mjs");
    for width in ["1280", "375"] {
        let out = std::process::Command::new(&node)
            .arg(&script)
            .arg(&page)
            .arg(width)
            .output()
            .expect("runs node");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_str(stdout.trim()).expect("JSON");
        assert_eq!(json["numbers"], 7, "every paragraph numbered: {json}");
        assert_eq!(
            json["overlaps"],
            serde_json::json!([]),
            "at {width} px: {json}"
        );
    }
}

/// Every word of `words` is set whole on one line: some content run holds it (a word
/// hyphenated at a line end carries itself whole as its first part's actual text).
fn assert_words_whole(paged: &quire_typeset::page::PagedDocument, words: &[&str]) {
    let mut texts = Vec::new();
    for page in &paged.pages {
        for item in &page.items {
            if let PageItem::Text(run) = item
                && matches!(run.mark, Mark::Content(_))
            {
                texts.push(run.actual_text.clone().unwrap_or_else(|| run.text.clone()));
            }
        }
    }
    for word in words {
        assert!(
            texts.iter().any(|t| t.contains(word)),
            "{word:?} is split: {texts:?}"
        );
    }
}

/// Narrow table columns used to split words letter by letter with no hyphen
/// (`BitXorAssig|n`, `1|0`, in the Rust book's operator table, whose words are code):
/// a column is never narrower than its longest word as it is set, and a table too wide for that is set smaller.
#[test]
fn narrow_table_columns_never_split_words_silently() {
    let md = "---\ntitle: Operators\n---\n\n\
        | Operator | Trait | Assign | Shift | Remainder | Multiply | Number |\n\
        |---|---|---|---|---|---|---|\n\
        | `^=` | `BitXorAssign` | `BitAndAssign` | `ShrAssign` | `RemAssign` | `MulAssign` | 10 |\n\
        | `<<=` | `ShlAssign` | `BitOrAssign` | `DivAssign` | `SubAssign` | `AddAssign` | 100 |\n";
    let (paged, _) = pages(md);
    assert_words_whole(
        &paged,
        &[
            "BitXorAssign",
            "BitAndAssign",
            "BitOrAssign",
            "ShrAssign",
            "RemAssign",
            "MulAssign",
            "Remainder",
            "10",
            "100",
        ],
    );
    assert!(paged.warnings.is_empty(), "{:?}", paged.warnings);

    // Twelve columns of a 20-letter word cannot stand side by side on A5 even set
    // smaller: the words are broken, and a warning says so.
    let word = "Supercalifragilistic";
    let mut md = String::from("---\ntitle: Wide\n---\n\n");
    md.push_str(&format!(
        "|{}\n|{}\n|{}\n",
        "a|".repeat(12),
        "---|".repeat(12),
        format!("{word}|").repeat(12)
    ));
    let (paged, _) = pages(&md);
    assert_eq!(paged.warnings.len(), 1, "{:?}", paged.warnings);
    assert!(
        paged.warnings[0]
            .message
            .contains("narrower than its longest word")
    );
}
