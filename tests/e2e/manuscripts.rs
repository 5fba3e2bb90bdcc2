//! Issue 10, "real manuscripts": the Markdown people actually write — raw HTML, skipped
//! heading levels, links in headings, URLs with spaces — built into every edition. Each
//! test says what went wrong before.

use std::path::Path;

use quire::{Format, LoadOptions};

/// A project with `a.md` = `source` and a small PNG `map.png` beside it.
fn project(source: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), source).unwrap();
    std::fs::copy(
        quire_tests::root().join("tests/fixtures/epub-every-block/images/map.png"),
        dir.path().join("map.png"),
    )
    .unwrap();
    dir
}

fn load(dir: &Path) -> quire::Loaded {
    quire::load(&LoadOptions::new(dir.join("a.md"))).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn render(loaded: &quire::Loaded, format: Format) -> quire::Rendered {
    quire::render(format, loaded, &crate::pipeline::options())
        .unwrap_or_else(|e| panic!("{} failed: {e:#?}", format.extension()))
}

const RAW: &str = "---
title: Raw HTML
---

See Chapter 1<!-- ignore: a private note --> first. Press <kbd>Ctrl</kbd>+<kbd>C</kbd>,
then H<sub>2</sub>O and x<sup>2</sup>; a<br>b. Jump to [the anchor](#anchor).

<!--
A whole private paragraph.
-->

<figure>
<img src=\"map.png\" alt=\"A small map\">
<figcaption>The map, drawn by hand.</figcaption>
</figure>

<div class=\"center\">

Markdown *inside* a div.

</div>

Text with <a id=\"anchor\"></a>an anchor and <blink>an old tag</blink>.
";

// Before: every tag and comment above was printed as visible text in all three
// editions; the `#anchor` link was dangling.
#[test]
fn raw_html_means_the_same_in_every_edition() {
    let dir = project(RAW);
    let loaded = load(dir.path());
    let warnings: Vec<&str> = loaded.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("`<blink>`"), "{warnings:#?}");

    let html = String::from_utf8(render(&loaded, Format::Html).bytes).unwrap();
    let epub = crate::epub::xhtml_text(&render(&loaded, Format::Epub).bytes);
    let pdf = render(&loaded, Format::Pdf);
    assert!(pdf.warnings.is_empty(), "{:#?}", pdf.warnings);
    let pdf_text = crate::pdf_text::text(&pdf.bytes);
    for (name, text) in [("HTML", &html), ("EPUB", &epub), ("PDF", &pdf_text)] {
        for private in ["private", "ignore:", "&lt;", "<blink", "&lt;kbd"] {
            assert!(!text.contains(private), "{name} shows `{private}`");
        }
    }
    for markup in [
        "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
        "H<sub>2</sub>O",
        "x<sup>2</sup>",
        "id=\"anchor\"",
        "href=\"#anchor\"",
        "<figcaption",
        "alt=\"A small map\"",
        "<em>inside</em>",
    ] {
        assert!(html.contains(markup), "HTML lacks {markup}");
        assert!(epub.contains(markup), "EPUB lacks {markup}");
    }
    let words = quire_tests::words(&pdf_text);
    for w in ["Ctrl+C,", "H2O", "old", "tag.", "inside"] {
        assert!(words.contains(&w), "PDF text lacks {w}: {words:?}");
    }
    // The inline anchor is a destination in the PDF (the writer links only to
    // destinations it placed, and warns otherwise), and the link goes there.
    let doc = lopdf::Document::load_mem(&pdf.bytes).unwrap();
    let linked = doc.objects.values().any(|o| {
        o.as_dict()
            .and_then(|d| d.get(b"Dest"))
            .and_then(|d| d.as_str())
            .is_ok_and(|d| d == b"anchor")
    });
    assert!(linked, "a link to the inline anchor");
}

// Before: `##` then `#####` gave an HTML page the Nu checker rejects and a PDF that
// claimed PDF/UA-1 but failed veraPDF; a first heading below the top level gave the
// contents list `<ol><ol>`.
#[test]
fn skipped_heading_levels_give_a_valid_outline_everywhere() {
    let dir = project(
        "---\ntitle: Levels\n---\n\n### Starts low\n\nText.\n\n## Up\n\nText.\n\n##### Skips two\n\nText.\n\n# Top\n\nText.\n",
    );
    let loaded = load(dir.path());
    assert_eq!(loaded.warnings.len(), 1, "{:#?}", loaded.warnings);
    assert!(loaded.warnings[0].message.contains("skips a level"));
    let html = render(&loaded, Format::Html).bytes;
    let page = String::from_utf8_lossy(&html);
    assert!(!page.contains("<ol>\n<ol>"), "no list directly in a list");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("a.html"), &html).unwrap();
    crate::html::nu_check(&out.join("a.html"));
    std::fs::write(out.join("a.pdf"), render(&loaded, Format::Pdf).bytes).unwrap();
    crate::pdf_conformance::validate(&out.join("a.pdf"), "ua1");
}

// Before: a heading with a link in it was written as a link inside a link; URLs with a
// space or a non-ASCII letter were written as they were.
#[test]
fn headings_with_links_and_urls_with_spaces_are_valid_html() {
    let dir = project(
        "---\ntitle: Links\n---\n\n## See [the docs](https://example.org) here\n\nA [file](<https://example.org/a b?q=é>).\n",
    );
    let loaded = load(dir.path());
    let html = String::from_utf8(render(&loaded, Format::Html).bytes).unwrap();
    let heading = html
        .split("<h2 id=\"see-the-docs-here\">")
        .nth(1)
        .and_then(|h| h.split("</h2>").next())
        .expect("the heading");
    assert_eq!(heading.matches("<a ").count(), 2, "{heading}");
    assert!(
        !heading.contains("<a class=\"self\" href=\"#see-the-docs-here\">See"),
        "{heading}"
    );
    assert!(html.contains("href=\"https://example.org/a%20b?q=%C3%A9\""));
    let out = dir.path().join("a.html");
    std::fs::write(&out, &html).unwrap();
    crate::html::nu_check(&out);
}

// What `--raw-html` promises: a self-contained HTML block reaches the web page and the
// e-book as written, minus anything active; the PDF prints what it says.
#[test]
fn raw_html_passes_through_sanitised_when_asked() {
    let dir = project(
        "---\ntitle: Pass\n---\n\n<table onclick=\"alert(1)\">\n<tr><th colspan=\"2\">Both</th></tr>\n<tr><td>left cell</td><td><a href=\"javascript:alert(1)\">bad</a> <a href=\"https://example.org\">good</a></td></tr>\n</table>\n\n<script>alert(2)</script>\n\nAfter.\n",
    );
    let mut opts = LoadOptions::new(dir.path().join("a.md"));
    opts.raw_html = true;
    let loaded = quire::load(&opts).unwrap_or_else(|e| panic!("{e:#?}"));
    let html = String::from_utf8(render(&loaded, Format::Html).bytes).unwrap();
    let epub_bytes = render(&loaded, Format::Epub).bytes;
    let epub = crate::epub::xhtml_text(&epub_bytes);
    for (name, text) in [("HTML", &html), ("EPUB", &epub)] {
        assert!(
            text.contains("<th colspan=\"2\">Both</th>"),
            "{name} keeps the table"
        );
        assert!(text.contains("href=\"https://example.org\""), "{name}");
        for bad in ["onclick", "javascript:", "alert(2)"] {
            assert!(!text.contains(bad), "{name} has {bad}");
        }
    }
    let pdf = crate::pdf_text::text(&render(&loaded, Format::Pdf).bytes);
    for w in ["Both", "left", "cell", "good", "After."] {
        assert!(quire_tests::words(&pdf).contains(&w), "PDF lacks {w}");
    }
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("a.html"), &html).unwrap();
    std::fs::write(out.join("a.epub"), &epub_bytes).unwrap();
    crate::html::nu_check(&out.join("a.html"));
    crate::epub::epubcheck_clean(&out.join("a.epub"));
}
