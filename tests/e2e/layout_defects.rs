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
