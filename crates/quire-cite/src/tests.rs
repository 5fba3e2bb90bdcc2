//! The pass on real Markdown: what readers see in the text, the notes and the
//! bibliography.

use quire_doc::{BlockKind, Diagnostic, Document, FileId, InlineKind, inline_text};

use crate::{BibFormat, CiteOptions, CiteStyle, Library, cite};

const BIB: &str = r#"
@book{knuth1984, author = {Knuth, Donald E.}, title = {The {\TeX}book}, publisher = {Addison-Wesley}, location = {Reading, MA}, year = {1984}}
@article{knuthplass1981, author = {Knuth, Donald E. and Plass, Michael F.}, title = {Breaking Paragraphs into Lines}, journaltitle = {Software: Practice and Experience}, volume = {11}, number = {11}, pages = {1119--1184}, year = {1981}}
@book{bringhurst2004, author = {Bringhurst, Robert}, title = {The Elements of Typographic Style}, edition = {3}, publisher = {Hartley \& Marks}, location = {Vancouver}, year = {2004}}
"#;

fn run(src: &str, style: &str, opts: &CiteOptions) -> (Document, Vec<Diagnostic>) {
    let mut doc = quire_markdown::parse(FileId(0), "t.md", src)
        .expect("parses")
        .document;
    let mut lib = Library::default();
    let mut diags = Vec::new();
    lib.add_file(FileId(1), "refs.bib", BIB, BibFormat::BibLaTeX, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    let style = CiteStyle::by_name(style).expect("bundled style");
    cite(&mut doc, &lib, &style, opts, &mut diags);
    (doc, diags)
}

/// The text and the link targets of every citation, in reading order.
fn citations(doc: &Document) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    quire_doc::for_each_inline(doc, &mut |i| {
        if let InlineKind::Cite { content, .. } = &i.kind {
            let mut links = Vec::new();
            quire_doc::walk_inlines(content, &mut |l| {
                if let InlineKind::Link { url, .. } = &l.kind {
                    links.push(url.clone());
                }
            });
            out.push((inline_text(content), links));
        }
    });
    out
}

fn bibliography(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    quire_doc::for_each_block(doc, &mut |b| {
        if b.attr.has_class("csl-entry")
            && let BlockKind::Paragraph { content } = &b.kind
        {
            out.push((b.attr.id.clone(), inline_text(content)));
        }
    });
    out
}

#[test]
fn author_date_citations_link_to_a_bibliography_at_the_end() {
    let src = "# Paper\n\nLines are broken as a whole [@knuthplass1981, p. 1120]. \
               @knuth1984 describes it, and so does the manual [-@knuth1984, ch. 14]; \
               [see @bringhurst2004; @knuth1984, ch. 2].\n";
    let (doc, diags) = run(src, "chicago-author-date", &CiteOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    let found = citations(&doc);
    assert_eq!(found[0].0, "(Knuth and Plass 1981, 1120)");
    assert_eq!(found[0].1, ["#ref-knuthplass1981"]);
    assert_eq!(found[1].0, "Knuth (1984)");
    assert!(
        found[2].0.starts_with("(1984") && found[2].0.ends_with("14)"),
        "{}",
        found[2].0
    );
    assert_eq!(found[3].0, "(see Bringhurst 2004; Knuth 1984, chap. 2)");
    assert_eq!(found[3].1, ["#ref-bringhurst2004", "#ref-knuth1984"]);
    let bib = bibliography(&doc);
    let ids: Vec<&str> = bib.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["ref-bringhurst2004", "ref-knuth1984", "ref-knuthplass1981"]
    );
    assert!(
        bib[2].1.contains("Breaking Paragraphs into Lines"),
        "{}",
        bib[2].1
    );
    // Under a heading at the document's top level.
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { content, .. } => Some(inline_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(headings.last().map(String::as_str), Some("References"));
}

#[test]
fn a_note_style_makes_each_citation_a_footnote_numbered_in_reading_order() {
    let src = "A claim.[^own] Another [@knuth1984, p. 33], and @bringhurst2004 too.\n\n\
               [^own]: The author's own note, citing [@knuthplass1981].\n";
    let (doc, diags) = run(src, "chicago-notes", &CiteOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    let notes: Vec<(u32, String)> = doc
        .notes
        .iter()
        .map(|n| {
            let text = n
                .blocks
                .iter()
                .flat_map(|b| b.inline_lists())
                .map(inline_text)
                .collect::<String>();
            (n.number, text)
        })
        .collect();
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert_eq!(notes[0].0, 1);
    assert!(
        notes[0].1.contains("Knuth and Michael F. Plass"),
        "{notes:?}"
    );
    assert!(notes[0].1.ends_with("1119–84."), "{notes:?}");
    assert_eq!(notes[1].0, 2);
    assert!(
        notes[1].1.starts_with("Donald E. Knuth") && notes[1].1.contains("33"),
        "{notes:?}"
    );
    assert_eq!(notes[2].0, 3);
    assert!(
        notes[2].1.contains("Elements of Typographic Style"),
        "{notes:?}"
    );
    // The author named in the text stays in the text, before the note's marker.
    let body = inline_text(doc.blocks[0].inline_lists()[0]);
    assert!(
        body.contains("and Bringhurst too") || body.contains("Bringhurst"),
        "{body}"
    );
}

#[test]
fn an_unknown_key_is_a_warning_at_the_key_with_the_nearest_key() {
    let src = "As shown [@knuth1948].\n";
    let (doc, diags) = run(src, "chicago-author-date", &CiteOptions::default());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(
        &src[d.span.start as usize..d.span.end as usize],
        "@knuth1948"
    );
    assert!(
        d.hints.iter().any(|h| h.contains("@knuth1984")),
        "{:?}",
        d.hints
    );
    assert_eq!(citations(&doc)[0].0, "[@knuth1948]");
    assert!(bibliography(&doc).is_empty());
}

#[test]
fn the_bibliography_goes_into_the_refs_div_and_nocite_adds_entries() {
    let src =
        "# A\n\nText [@knuth1984].\n\n# References\n\n::: {#refs}\n:::\n\n# Appendix\n\nMore.\n";
    let opts = CiteOptions {
        nocite: vec!["bringhurst2004".into()],
        ..CiteOptions::default()
    };
    let (doc, diags) = run(src, "apa", &opts);
    assert!(diags.is_empty(), "{diags:?}");
    let refs = doc
        .blocks
        .iter()
        .position(|b| b.attr.id == "refs")
        .expect("refs div");
    let BlockKind::Div { blocks } = &doc.blocks[refs].kind else {
        panic!("a div")
    };
    assert_eq!(blocks.len(), 2);
    assert!(matches!(
        doc.blocks.last().map(|b| &b.kind),
        Some(BlockKind::Paragraph { .. })
    ));
    let all = CiteOptions {
        nocite: vec!["*".into()],
        ..CiteOptions::default()
    };
    let (doc, _) = run("Nothing cited.\n", "apa", &all);
    assert_eq!(bibliography(&doc).len(), 3);
}
