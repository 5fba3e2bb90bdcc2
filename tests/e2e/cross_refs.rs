//! Cross-references (issue 12, part 2): on the test paper every `@fig-`, `@tbl-`,
//! `@sec-`, `@lst-` and `@eq-` reference resolves; the numbers the captions, headings,
//! equations and references show are the model's, the same in the web page, the e-book
//! and the PDF's text; every reference links to an id (a named destination in the PDF)
//! of its own edition; a book numbers per chapter (1.1, 2.1, A.1); an unknown id is a
//! warning at its line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quire_doc::enrich::{
    CAPTION_LABEL_CLASS, EQUATION_NUMBER_CLASS, HEADING_NUMBER_CLASS, NUMBER_KEY,
};
use quire_doc::{Document, InlineKind, inline_text};
use quire_tests::{quire, root};

fn paper() -> PathBuf {
    root().join("tests/fixtures/paper/paper.md")
}

fn load(src: &Path) -> quire::Loaded {
    quire::load(&quire::LoadOptions::new(src)).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics))
}

/// Text with no-break spaces as spaces and runs of white space collapsed: how the
/// editions' texts are compared (print's extraction may give either space).
fn norm(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the model says readers see: each label (captions, headings, equations) and each
/// cross-reference's text with the fragments it links to, in reading order.
struct Shown {
    labels: Vec<String>,
    refs: Vec<(String, Vec<String>)>,
}

fn is_xref(key: &str) -> bool {
    quire_xref::is_cross_reference(key)
}

fn model(doc: &Document) -> Shown {
    let mut labels = Vec::new();
    let mut refs = Vec::new();
    quire_doc::for_each_inline(doc, &mut |i| match &i.kind {
        InlineKind::Span { attr, content }
            if [
                CAPTION_LABEL_CLASS,
                HEADING_NUMBER_CLASS,
                EQUATION_NUMBER_CLASS,
            ]
            .iter()
            .any(|c| attr.has_class(c)) =>
        {
            labels.push(norm(&inline_text(content)));
        }
        InlineKind::Cite { citations, content } if citations.iter().any(|c| is_xref(&c.key)) => {
            let mut links = Vec::new();
            quire_doc::walk_inlines(content, &mut |l| {
                if let InlineKind::Link { url, .. } = &l.kind {
                    links.push(url.trim_start_matches('#').to_string());
                }
            });
            refs.push((norm(&inline_text(content)), links));
        }
        _ => {}
    });
    Shown { labels, refs }
}

/// The same as [`model`], read from (X)HTML: label spans by class, and the citation
/// spans of cross-reference keys with the `#id`s their links point at.
fn markup(html: &str) -> Shown {
    let mut labels = Vec::new();
    // Labels in the order they stand: find each label span's start.
    let mut at: Vec<(usize, String)> = Vec::new();
    for class in [
        CAPTION_LABEL_CLASS,
        HEADING_NUMBER_CLASS,
        EQUATION_NUMBER_CLASS,
    ] {
        let open = format!("<span class=\"{class}\">");
        let mut from = 0;
        while let Some(i) = html[from..].find(&open) {
            let start = from + i + open.len();
            let end = start + html[start..].find("</span>").unwrap();
            at.push((start, quire_tests::markup_text(&html[start..end])));
            from = end;
        }
    }
    at.sort();
    labels.extend(at.into_iter().map(|(_, l)| l));
    let mut refs = Vec::new();
    for piece in html.split("<span class=\"citation\" data-cites=\"").skip(1) {
        let (keys, rest) = piece.split_once("\">").unwrap();
        if !keys.split(' ').any(is_xref) {
            continue;
        }
        // A citation's content holds links and spans, never another citation.
        let body = cite_body(rest);
        let links = body
            .split("href=\"")
            .skip(1)
            .map(|h| {
                let href = h.split('"').next().unwrap();
                href.rsplit_once('#').map_or(href, |(_, id)| id).to_string()
            })
            .collect();
        refs.push((quire_tests::markup_text(body), links));
    }
    Shown { labels, refs }
}

/// The markup of a citation span's content: up to the `</span>` that closes it.
fn cite_body(rest: &str) -> &str {
    let mut depth = 0usize;
    let mut i = 0;
    while i < rest.len() {
        if rest[i..].starts_with("<span") {
            depth += 1;
        } else if rest[i..].starts_with("</span>") {
            if depth == 0 {
                return &rest[..i];
            }
            depth -= 1;
        }
        i += rest[i..].chars().next().map_or(1, char::len_utf8);
    }
    rest
}

/// Every cross-reference target of `doc` with its number.
fn numbers(doc: &Document) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    quire_doc::for_each_block(doc, &mut |b| {
        if let Some(n) = b.attr.get(NUMBER_KEY) {
            out.insert(b.id().to_string(), n.to_string());
        }
    });
    out
}

#[test]
fn every_reference_of_the_paper_resolves() {
    let loaded = load(&paper());
    let xref_warnings: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| {
            w.message.contains("has the id")
                || w.message.contains("cross-reference")
                || w.message.contains("prefix of a")
        })
        .collect();
    assert!(xref_warnings.is_empty(), "{xref_warnings:#?}");
    let shown = model(&loaded.document);
    // As many references as the source writes `@` keys with a target's prefix.
    let src = std::fs::read_to_string(paper()).unwrap();
    let written = src
        .match_indices('@')
        .filter(|(i, _)| is_xref(&src[i + 1..]))
        .count();
    assert_eq!(shown.refs.len(), written, "{:#?}", shown.refs);
    assert_eq!(written, 18);
    for (text, links) in &shown.refs {
        assert!(!text.contains('@'), "shown as written: {text}");
        assert!(!links.is_empty(), "{text} links nowhere");
    }
    // Every kind and form: a name, a custom prefix, an equation's parentheses.
    let texts: Vec<&str> = shown.refs.iter().map(|(t, _)| t.as_str()).collect();
    for want in [
        "Section 2",
        "Figure 1",
        "Section 11",
        "Equation (1)",
        "Listing 1",
        "Table 1",
        "Table 2",
        "Figure 2",
        "Fig. 1",
    ] {
        assert!(texts.contains(&want), "{want} not among {texts:?}");
    }
    let n = numbers(&loaded.document);
    let ids: Vec<(&str, &str)> = n.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    for want in [
        ("fig-pipeline", "1"),
        ("fig-contrast", "2"),
        ("tbl-outputs", "1"),
        ("tbl-law", "2"),
        ("lst-badness", "1"),
        ("eq-badness", "1"),
        ("sec-introduction", "1"),
        ("sec-appendix", "11"),
    ] {
        assert!(ids.contains(&want), "{want:?} not in {ids:?}");
    }
    assert_eq!(
        ids.iter().filter(|(k, _)| k.starts_with("sec-")).count(),
        11
    );
}

#[test]
fn the_paper_shows_the_models_numbers_in_every_edition() {
    let loaded = load(&paper());
    let want = model(&loaded.document);
    assert_eq!(want.labels.len(), 11 + 2 + 2 + 1 + 1, "{:?}", want.labels);

    let html = String::from_utf8(crate::pipeline::render(quire::Format::Html, &loaded)).unwrap();
    let page = markup(&html);
    assert_eq!(page.labels, want.labels, "the web page's labels");
    assert_eq!(page.refs, want.refs, "the web page's references");

    let epub = crate::pipeline::render(quire::Format::Epub, &loaded);
    let files = crate::epub::unzip(&epub);
    let spine = crate::epub::spine(&files);
    let book: String = spine
        .iter()
        .map(|p| crate::epub::entry(&files, p).to_string())
        .collect();
    let in_book = markup(&book);
    assert_eq!(in_book.labels, want.labels, "the e-book's labels");
    assert_eq!(in_book.refs, want.refs, "the e-book's references");

    // Print: each label with the start of what it labels, and each reference, in the
    // PDF's text; references in reading order (figures float, their captions need not).
    let pdf = crate::pipeline::render(quire::Format::Pdf, &loaded);
    let text = norm(&crate::pdf_text::text(&pdf));
    for label in &want.labels {
        assert!(
            text.contains(label.as_str()),
            "the PDF lacks the label {label}"
        );
    }
    for caption in [
        "Figure 1: The single-source",
        "Figure 2: Eighteen colour",
        "Table 1: The three editions",
        "Table 2: Legal instruments",
        "Listing 1: Badness of a line",
        "11 Appendix: Terms",
        "2 Markup before the web",
    ] {
        assert!(text.contains(caption), "the PDF lacks {caption:?}");
    }
    let mut from = 0;
    for (shown, _) in &want.refs {
        let at = text[from..]
            .find(shown.as_str())
            .unwrap_or_else(|| panic!("the PDF lacks the reference {shown} after byte {from}"));
        from += at + shown.len();
    }
}

#[test]
fn every_reference_links_to_an_id_of_its_own_edition() {
    let loaded = load(&paper());
    let want = model(&loaded.document);
    let targets: Vec<&str> = want
        .refs
        .iter()
        .flat_map(|(_, l)| l.iter().map(String::as_str))
        .collect();

    let html = String::from_utf8(crate::pipeline::render(quire::Format::Html, &loaded)).unwrap();
    for id in &targets {
        assert!(html.contains(&format!("id=\"{id}\"")), "web page: #{id}");
    }

    // The e-book: each link's file holds its id.
    let epub = crate::pipeline::render(quire::Format::Epub, &loaded);
    let files = crate::epub::unzip(&epub);
    let spine = crate::epub::spine(&files);
    let mut checked = 0;
    for path in &spine {
        let xhtml = crate::epub::entry(&files, path);
        for piece in xhtml
            .split("<span class=\"citation\" data-cites=\"")
            .skip(1)
        {
            let (keys, rest) = piece.split_once("\">").unwrap();
            if !keys.split(' ').any(is_xref) {
                continue;
            }
            for h in cite_body(rest).split("href=\"").skip(1) {
                let href = h.split('"').next().unwrap();
                let (file, id) = href.rsplit_once('#').unwrap();
                let holder = if file.is_empty() {
                    path.clone()
                } else {
                    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
                    if dir.is_empty() {
                        file.to_string()
                    } else {
                        format!("{dir}/{file}")
                    }
                };
                let holder = crate::epub::entry(&files, &holder);
                assert!(
                    holder.contains(&format!("id=\"{id}\"")),
                    "e-book: {href} from {path}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, targets.len(), "every e-book reference is a link");

    // Print: a link annotation to each target's named destination.
    let pdf = crate::pipeline::render(quire::Format::Pdf, &loaded);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let dests = crate::pdf_book::destinations(&doc);
    let mut linked = std::collections::BTreeSet::new();
    for (_, page) in doc.get_pages() {
        for annot in doc.get_page_annotations(page).unwrap_or_default() {
            if let Ok(dest) = annot.get(b"Dest").and_then(|d| d.as_str()) {
                let name = crate::pdf_text::text_string(dest);
                assert!(
                    dests.contains_key(&name),
                    "PDF: a link to {name}, no such destination"
                );
                linked.insert(name);
            }
        }
    }
    for id in &targets {
        assert!(linked.contains(*id), "PDF: no link to {id}");
    }
}

/// The book fixture's numbers and references: per chapter, and an id two chapters
/// share renamed in the second, whose own reference follows.
#[test]
fn a_book_numbers_per_chapter_in_every_edition() {
    let book = root().join("tests/fixtures/xref-book");
    let loaded = load(&book);
    let unresolved: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| w.message.contains("has the id"))
        .collect();
    assert!(unresolved.is_empty(), "{unresolved:#?}");
    let n = numbers(&loaded.document);
    let get = |id: &str| n.get(id).map(String::as_str);
    assert_eq!(get("fig-overview"), Some("1.1"));
    assert_eq!(get("tbl-widths"), Some("1.1"));
    assert_eq!(get("eq-leading"), Some("1.1"));
    assert_eq!(get("lst-count"), Some("1.1"));
    assert_eq!(
        (get("sec-measure"), get("sec-counting")),
        (Some("1.1"), Some("1.2"))
    );
    assert_eq!(
        get("fig-overview-1"),
        Some("2.1"),
        "the second chapter's, renamed"
    );
    assert_eq!(
        (get("fig-wide"), get("tbl-margins")),
        (Some("2.2"), Some("2.1"))
    );
    assert_eq!(
        (get("sec-margins"), get("sec-data-numbers"), get("tbl-data")),
        (Some("2.1"), Some("A.1"), Some("A.1"))
    );
    assert_eq!(
        (get("sec-lines"), get("sec-pages"), get("sec-data")),
        (Some("1"), Some("2"), Some("A"))
    );
    assert_eq!(get("sec-preface"), None, "front matter is not numbered");

    let shown = model(&loaded.document);
    let refs: Vec<(&str, Vec<&str>)> = shown
        .refs
        .iter()
        .map(|(t, l)| (t.as_str(), l.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        refs,
        vec![
            ("Chapter 1", vec!["sec-lines"]),
            ("Figure 1.1", vec!["fig-overview"]),
            ("Section 1.1", vec!["sec-measure"]),
            ("Appendix A", vec!["sec-data"]),
            ("Table A.1", vec!["tbl-data"]),
            ("Figure 1.1", vec!["fig-overview"]),
            ("Table 1.1", vec!["tbl-widths"]),
            ("Equation (1.1)", vec!["eq-leading"]),
            ("Listing 1.1", vec!["lst-count"]),
            ("Section 1.1", vec!["sec-measure"]),
            ("Figure 2.1", vec!["fig-overview-1"]),
            ("Fig. 2.2", vec!["fig-wide"]),
            ("Chapter 1", vec!["sec-lines"]),
            ("Section 2.1", vec!["sec-margins"]),
            ("Section 1.1", vec!["sec-measure"]),
            ("Table 1.1", vec!["tbl-widths"]),
            ("Figures 2.1 and 2.2", vec!["fig-overview-1", "fig-wide"]),
            ("Equation (1.1)", vec!["eq-leading"]),
            ("Listing 1.1", vec!["lst-count"]),
            ("Table 2.1", vec!["tbl-margins"]),
            ("Table A.1", vec!["tbl-data"]),
            ("Chapter 1", vec!["sec-lines"]),
            ("Chapter 2", vec!["sec-pages"]),
        ]
    );

    // The e-book and the web site show the same; the PDF's text has every one.
    let epub = crate::pipeline::render(quire::Format::Epub, &loaded);
    let files = crate::epub::unzip(&epub);
    let book_markup: String = crate::epub::spine(&files)
        .iter()
        .map(|p| crate::epub::entry(&files, p).to_string())
        .collect();
    let in_book = markup(&book_markup);
    assert_eq!(in_book.labels, shown.labels, "the e-book's labels");
    assert_eq!(in_book.refs, shown.refs, "the e-book's references");

    let site = quire::render(quire::Format::Html, &loaded, &crate::pipeline::options())
        .unwrap_or_else(|e| panic!("{e:#?}"))
        .files;
    // The division pages in reading order.
    let pages: String = loaded
        .document
        .divisions
        .iter()
        .filter_map(|d| {
            site.iter()
                .find(|(name, _)| *name == format!("{}.html", d.name))
        })
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    let on_site = markup(&pages);
    assert_eq!(on_site.labels, shown.labels, "the web site's labels");
    assert_eq!(on_site.refs, shown.refs, "the web site's references");

    let pdf = crate::pipeline::render(quire::Format::Pdf, &loaded);
    let text = norm(&crate::pdf_text::text(&pdf));
    for label in [
        "Figure 1.1: A text block",
        "Table 1.1: Common measures.",
        "Listing 1.1: Counting",
        "(1.1)",
        "1.2 Counting characters",
        "Figure 2.1: A page with",
        "Figure 2.2: The same page",
        "Table 2.1: The margins",
        "A.1 The numbers",
        "Table A.1: Figures and tables",
    ] {
        assert!(text.contains(label), "the PDF lacks {label:?}");
    }
    let mut from = 0;
    for (shown, _) in &shown.refs {
        let at = text[from..]
            .find(shown.as_str())
            .unwrap_or_else(|| panic!("the PDF lacks the reference {shown} after byte {from}"));
        from += at + shown.len();
    }
}

#[test]
fn an_unknown_id_is_a_warning_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("t.md");
    std::fs::write(
        &src,
        "---\ntitle: T\n---\n\n![A map.](map.png){#fig-map}\n\nAs @fig-map shows, and\nas [see @fig-maps] does not, nor\n@fig-nope.\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/paper/images/map.png"),
        dir.path().join("map.png"),
    )
    .unwrap();
    let out = quire(&[
        "build",
        src.to_str().unwrap(),
        "--to",
        "html",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(
        err.contains("no figure, table, listing, equation or section has the id `fig-maps`"),
        "{err}"
    );
    assert!(err.contains("t.md:8:9"), "the key's line and column: {err}");
    assert!(
        err.contains("has the id `fig-nope`") && err.contains("t.md:9:1"),
        "{err}"
    );
    assert!(
        err.contains("@fig-map"),
        "the hint names the nearest id: {err}"
    );
    let page = std::fs::read_to_string(dir.path().join("t.html")).unwrap();
    assert!(page.contains("[see @fig-maps]"), "shown as written");
    assert!(
        page.contains(">Figure\u{a0}1</a>"),
        "the known one resolves"
    );
}

/// The book's editions with their per-chapter numbers stay valid: EPUBCheck, the Nu
/// checker on every page of the site, veraPDF's PDF/UA-1 and PDF/A-2b.
#[test]
fn the_books_editions_validate() {
    let loaded = load(&root().join("tests/fixtures/xref-book"));
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("numbered.epub");
    std::fs::write(&epub, crate::pipeline::render(quire::Format::Epub, &loaded)).unwrap();
    crate::epub::epubcheck_clean(&epub);
    let site = quire::render(quire::Format::Html, &loaded, &crate::pipeline::options())
        .unwrap_or_else(|e| panic!("{e:#?}"))
        .files;
    let mut pages = Vec::new();
    for (name, bytes) in &site {
        let path = dir.path().join("site").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        if name.ends_with(".html") {
            pages.push(path);
        }
    }
    let refs: Vec<&Path> = pages.iter().map(PathBuf::as_path).collect();
    crate::html::nu_check_all(&refs);
    let pdf = dir.path().join("numbered.pdf");
    std::fs::write(&pdf, crate::pipeline::render(quire::Format::Pdf, &loaded)).unwrap();
    crate::pdf_conformance::validate(&pdf, "ua1");
    crate::pdf_conformance::validate(&pdf, "2b");
}

/// Every page reference of `doc` (body, then notes): its target and the words print
/// sets around the page's label.
pub(crate) fn page_refs(doc: &Document) -> Vec<(String, String)> {
    cited_pages(doc)
        .into_iter()
        .map(|(_, target, words)| (target, words))
        .collect()
}

/// Every page reference of `doc` with the text of its reference before it ("Figure
/// 2"), its target and its words.
fn cited_pages(doc: &Document) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    quire_doc::for_each_inline(doc, &mut |i| {
        let InlineKind::Cite { content, .. } = &i.kind else {
            return;
        };
        let mut lead = String::new();
        for inline in content {
            match &inline.kind {
                InlineKind::Span { attr, .. } => {
                    if let Some((target, words)) = quire_doc::enrich::page_ref(attr) {
                        out.push((lead.clone(), target.to_string(), words.to_string()));
                        lead.clear();
                        continue;
                    }
                    lead.push_str(&inline_text(std::slice::from_ref(inline)));
                }
                _ => lead.push_str(&inline_text(std::slice::from_ref(inline))),
            }
        }
    });
    out
}

/// In print, "Section 1 on page 3" names the page whose named destination is the
/// target's, read from the PDF's own destinations and page labels, and the number links
/// there; in a book too, across chapters. The screen editions, which have no pages,
/// show the reference alone.
#[test]
fn page_references_in_print_give_the_page_their_target_is_on() {
    for src in [paper(), root().join("tests/fixtures/xref-book")] {
        let loaded = load(&src);
        let refs = cited_pages(&loaded.document);
        assert!(!refs.is_empty(), "{} asks for pages", src.display());
        let bytes = crate::pipeline::render(quire::Format::Pdf, &loaded);
        let pdf = lopdf::Document::load_mem(&bytes).unwrap();
        let dests = crate::pdf_book::destinations(&pdf);
        let labels = crate::pdf_book::page_labels(&pdf);
        let texts: Vec<String> = crate::pdf_text::pages(&bytes)
            .iter()
            .map(|t| norm(t))
            .collect();
        let links = crate::pdf_book::page_links(&pdf);
        for (lead, target, words) in &refs {
            let page = dests[target];
            let label = &labels[page];
            let phrase = norm(&format!(
                "{lead}{}",
                words.replace(quire_doc::enrich::PAGE_REF_PLACEHOLDER, label)
            ));
            let on = texts
                .iter()
                .position(|t| t.contains(&phrase))
                .unwrap_or_else(|| panic!("{}: {phrase:?} is not in print", src.display()));
            assert!(
                links[on].contains(target),
                "{}: no link to {target} on page {label}",
                src.display()
            );
        }
        let html =
            String::from_utf8(crate::pipeline::render(quire::Format::Html, &loaded)).unwrap();
        assert!(
            !html.contains("page-ref"),
            "the web page has no page references"
        );
    }
}
