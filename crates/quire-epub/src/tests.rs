//! Unit tests for the whole book, on documents built by hand.

use quire_doc::{
    Attr, Block, BlockKind, Document, Footnote, Image, Inline, InlineKind, Meta, Span,
};

use super::*;

fn text(s: &str) -> Inline {
    Inline::new(InlineKind::Text { text: s.into() }, Span::default())
}

fn block(id: &str, kind: BlockKind) -> Block {
    Block {
        attr: Attr::with_id(id),
        kind,
        span: Span::default(),
    }
}

fn heading(id: &str, level: u8, s: &str) -> Block {
    block(
        id,
        BlockKind::Heading {
            level,
            content: vec![text(s)],
        },
    )
}

fn para(id: &str, content: Vec<Inline>) -> Block {
    block(id, BlockKind::Paragraph { content })
}

fn noteref(id: &str, note: &str, number: u32) -> Inline {
    Inline::new(
        InlineKind::NoteRef {
            id: id.into(),
            note: note.into(),
            number,
        },
        Span::default(),
    )
}

/// The archive's entries, inflated: (name, text), in archive order.
fn entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            (
                entry.name().to_string(),
                String::from_utf8_lossy(&data).into_owned(),
            )
        })
        .collect()
}

fn get<'a>(entries: &'a [(String, String)], name: &str) -> &'a str {
    &entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

fn sample() -> Document {
    Document {
        meta: Meta {
            title: "A & B".into(),
            language: "fr".into(),
            authors: vec!["Ann".into(), "Bob".into()],
            ..Meta::default()
        },
        blocks: vec![
            para("p-intro", vec![text("Before any section.")]),
            heading("one", 2, "One"),
            para(
                "p-1",
                vec![text("See"), noteref("fnref-a", "fn-a", 1), text(".")],
            ),
            heading("two", 2, "Two"),
            para(
                "p-2",
                vec![
                    Inline::new(
                        InlineKind::Link {
                            attr: Attr::default(),
                            url: "#p-1".into(),
                            title: String::new(),
                            content: vec![text("back")],
                        },
                        Span::default(),
                    ),
                    Inline::new(
                        InlineKind::Link {
                            attr: Attr::default(),
                            url: "#nowhere".into(),
                            title: String::new(),
                            content: vec![text("lost")],
                        },
                        Span::default(),
                    ),
                    noteref("fnref-a-2", "fn-a", 1),
                ],
            ),
        ],
        notes: vec![
            Footnote {
                id: "fn-a".into(),
                label: "a".into(),
                number: 1,
                refs: vec!["fnref-a".into(), "fnref-a-2".into()],
                blocks: vec![para("p-na", vec![text("Note A.")])],
                span: Span::default(),
            },
            Footnote {
                id: "fn-orphan".into(),
                label: "orphan".into(),
                number: 2,
                refs: vec![],
                blocks: vec![],
                span: Span::default(),
            },
        ],
        annotations: vec![],
        divisions: vec![],
    }
}

#[test]
fn sections_become_documents_and_links_cross_them() {
    let bytes = epub(
        &sample(),
        &quire_doc::Assets::new(),
        &EpubOptions::default(),
    )
    .unwrap()
    .bytes;
    let e = entries(&bytes);
    assert_eq!(e[0].0, "mimetype");
    let ch1 = get(&e, "OEBPS/ch-01.xhtml");
    let ch2 = get(&e, "OEBPS/ch-02.xhtml");
    let ch3 = get(&e, "OEBPS/ch-03.xhtml");
    // Soft hyphens (French patterns) stand where words may break.
    assert!(ch1.contains("Before any sec\u{AD}tion."), "{ch1}");
    assert!(ch1.contains("lang=\"fr\" xml:lang=\"fr\""));
    // The note lives with its first reference; the second reference links across.
    assert!(ch2.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-a\">"));
    assert!(ch2.contains("href=\"#fnref-a\""));
    assert!(ch3.contains("href=\"ch-02.xhtml#fn-a\""));
    assert!(ch3.contains("href=\"ch-02.xhtml#p-1\""));
    // An unknown fragment is not a link (EPUBCheck would reject it).
    assert!(ch3.contains("<span>lost</span>"));
    // The unreferenced note goes to the last document.
    assert!(ch3.contains("id=\"fn-orphan\""));
    let opf = get(&e, "OEBPS/content.opf");
    assert!(opf.contains("<dc:title>A &amp; B</dc:title>"));
    assert!(opf.contains("xml:lang=\"fr\""));
    assert!(opf.contains("<dc:language id=\"epub-language-0\">fr</dc:language>"));
    assert!(opf.contains("<dc:creator id=\"epub-creator-0\">Ann</dc:creator>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">1970-01-01T00:00:00Z</meta>"));
    assert!(opf.contains("urn:uuid:"));
}

#[test]
fn builds_are_deterministic_and_dates_follow_the_precedence() {
    let doc = sample();
    let opts = EpubOptions {
        allow_raw_html: false,
        source_date_epoch: Some(1_737_000_000),
        ..EpubOptions::default()
    };
    let a = epub(&doc, &quire_doc::Assets::new(), &opts).unwrap().bytes;
    assert_eq!(
        a,
        epub(&doc, &quire_doc::Assets::new(), &opts).unwrap().bytes
    );
    assert!(get(&entries(&a), "OEBPS/content.opf").contains(">2025-01-16T04:00:00Z<"));
    let mut dated = doc.clone();
    dated.meta.modified = Some("2024-05-01".into());
    let b = epub(&dated, &quire_doc::Assets::new(), &opts)
        .unwrap()
        .bytes;
    assert!(get(&entries(&b), "OEBPS/content.opf").contains(">2024-05-01T00:00:00Z<"));
}

#[test]
fn empty_and_odd_documents_do_not_panic() {
    let empty = epub(
        &Document::default(),
        &quire_doc::Assets::new(),
        &EpubOptions::default(),
    )
    .unwrap()
    .bytes;
    let e = entries(&empty);
    assert!(get(&e, "OEBPS/content.opf").contains(">Untitled<"));
    assert!(
        get(&e, "OEBPS/content.opf")
            .contains("<dc:language id=\"epub-language-0\">und</dc:language>")
    );
    let odd = Document {
        blocks: vec![
            heading("h0", 0, "Level zero"),
            heading("h9", 9, "Level nine"),
            para("p", vec![text("\u{1}control <chars> & \"quotes\"")]),
            block(
                "t",
                BlockKind::Table {
                    columns: vec![],
                    header: vec![],
                    rows: vec![vec![]],
                    caption: vec![],
                },
            ),
            block(
                "f",
                BlockKind::Figure {
                    image: None,
                    caption: vec![],
                    credit: vec![],
                },
            ),
            block(
                "r",
                BlockKind::Raw {
                    format: "html".into(),
                    text: "<script>x</script>".into(),
                    fallback: vec![],
                },
            ),
        ],
        ..Document::default()
    };
    let bytes = epub(&odd, &quire_doc::Assets::new(), &EpubOptions::default())
        .unwrap()
        .bytes;
    let e = entries(&bytes);
    let ch = get(&e, "OEBPS/ch-01.xhtml");
    assert!(ch.contains("control &lt;chars&gt; &amp; \"quotes\""));
    assert!(ch.contains("&lt;script&gt;x&lt;/script&gt;"));
    assert!(!ch.contains('\u{1}'));
}

fn with_image(src: &str) -> Document {
    Document {
        blocks: vec![block(
            "fig",
            BlockKind::Figure {
                image: Some(Image {
                    src: src.into(),
                    alt: "alt".into(),
                    span: Span::default(),
                }),
                caption: vec![],
                credit: vec![],
            },
        )],
        ..Document::default()
    }
}

#[test]
fn images_come_from_the_assets_and_unloaded_ones_are_left_out() {
    let opts = EpubOptions::default();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    let mut assets = quire_doc::Assets::new();
    let limits = quire_doc::ImageLimits::default();
    let image = quire_doc::ImageAsset::from_bytes(png.as_slice().into(), Span::default(), &limits);
    assets.insert_image("pics/a.png", image.unwrap());
    let with = entries(
        &epub(&with_image("pics/a.png"), &assets, &opts)
            .unwrap()
            .bytes,
    );
    assert!(
        with.iter()
            .any(|(name, _)| name == "OEBPS/images/img-01.png")
    );
    let without = entries(
        &epub(&with_image("https://x.org/a.png"), &assets, &opts)
            .unwrap()
            .bytes,
    );
    assert!(!without.iter().any(|(name, _)| name.contains("img-01")));
}

#[test]
fn the_container_is_fixed_and_the_generated_documents_are_patched() {
    let bytes = epub(
        &sample(),
        &quire_doc::Assets::new(),
        &EpubOptions::default(),
    )
    .unwrap()
    .bytes;
    // `mimetype` first, stored, no extra field.
    assert_eq!(&bytes[30..58], b"mimetypeapplication/epub+zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).unwrap();
        assert_eq!(
            entry.last_modified(),
            Some(zip::DateTime::default()),
            "{}",
            entry.name()
        );
    }
    let e = entries(&bytes);
    for nav in ["OEBPS/nav.xhtml", "OEBPS/toc.xhtml"] {
        let nav = get(&e, nav);
        assert!(nav.contains("lang=\"fr\" xml:lang=\"fr\""), "{nav}");
        assert!(nav.contains("role=\"doc-toc\""));
        assert!(nav.contains("aria-label=\"Landmarks\" hidden=\"hidden\""));
        assert!(nav.contains("<a href=\"ch-02.xhtml\">One</a>"), "{nav}");
    }
    let ncx = get(&e, "OEBPS/toc.ncx");
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:uuid:"));
    assert!(ncx.contains("<text>A &amp; B</text>"));
    let opf = get(&e, "OEBPS/content.opf");
    // Custom meta content is escaped (epub-builder does not).
    assert!(opf.contains("property=\"schema:accessibilitySummary\">"));
    assert!(opf.contains("properties=\"cover-image\""));
}

#[test]
fn metadata_epub_builder_has_no_setter_for_is_added() {
    let mut doc = sample();
    doc.meta.subtitle = Some("Sub & title".into());
    doc.meta.source = Some("<Journal>".into());
    doc.meta.publisher = Some("Quire".into());
    doc.meta.identifier = Some("isbn:978-3-16-148410-0".into());
    let bytes = epub(&doc, &quire_doc::Assets::new(), &EpubOptions::default())
        .unwrap()
        .bytes;
    let opf = get(&entries(&bytes), "OEBPS/content.opf").to_string();
    assert!(opf.contains("<dc:title id=\"subtitle\">Sub &amp; title</dc:title>"));
    assert!(opf.contains("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>"));
    assert!(opf.contains("<dc:source>&lt;Journal&gt;</dc:source>"));
    assert!(opf.contains("<dc:publisher>Quire</dc:publisher>"));
    assert!(opf.contains("<dc:identifier>isbn:978-3-16-148410-0</dc:identifier>"));
    // The unique identifier is a UUID derived from the ISBN: stable.
    let again = epub(&doc, &quire_doc::Assets::new(), &EpubOptions::default())
        .unwrap()
        .bytes;
    assert_eq!(bytes, again);
}

#[test]
fn only_the_faces_the_stylesheet_uses_are_embedded() {
    use quire_fonts::Face;
    let mut doc = sample();
    assert_eq!(
        resources::faces(&doc),
        [Face::SerifRegular, Face::SerifBold]
    );
    doc.notes.clear();
    assert_eq!(resources::faces(&doc), [Face::SerifRegular]);
    doc.blocks
        .push(heading("sub", 3, "Italic by the stylesheet"));
    let strong_in_em = Inline::new(
        InlineKind::Emphasis {
            content: vec![Inline::new(
                InlineKind::Strong {
                    content: vec![text("both")],
                },
                Span::default(),
            )],
        },
        Span::default(),
    );
    doc.blocks.push(para("p-b", vec![strong_in_em]));
    assert_eq!(
        resources::faces(&doc),
        [Face::SerifRegular, Face::SerifItalic, Face::SerifBoldItalic]
    );
    doc.blocks.push(block(
        "code",
        BlockKind::CodeBlock {
            language: None,
            text: "x".into(),
            caption: vec![],
        },
    ));
    assert!(resources::faces(&doc).contains(&Face::Mono));
    // The fonts in the book are exactly these faces, subset.
    let bytes = epub(&doc, &quire_doc::Assets::new(), &EpubOptions::default())
        .unwrap()
        .bytes;
    let fonts: Vec<String> = entries(&bytes)
        .into_iter()
        .filter(|(n, _)| n.starts_with("OEBPS/fonts/"))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        fonts,
        [
            "OEBPS/fonts/LibertinusSerif-Regular.otf",
            "OEBPS/fonts/LibertinusSerif-Italic.otf",
            "OEBPS/fonts/LibertinusSerif-BoldItalic.otf",
            "OEBPS/fonts/JetBrainsMono-Regular.ttf"
        ]
    );
}

#[test]
fn the_text_stack_goes_on_to_the_open_faces_of_every_script() {
    let css = crate::resources::stylesheet("/*FONTS*/\nbody { font-family: serif; }\n", &[], "ko");
    let last = css.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("body { font-family: \"Libertinus Serif\""),
        "{last}"
    );
    let korean = last.find("\"Noto Serif CJK KR\"").unwrap();
    assert!(
        korean < last.find("\"Noto Naskh Arabic\"").unwrap(),
        "{last}"
    );
}

fn opf(doc: &Document) -> String {
    let bytes = epub(doc, &quire_doc::Assets::default(), &EpubOptions::default())
        .unwrap()
        .bytes;
    let entries = entries(&bytes);
    get(&entries, "OEBPS/content.opf").to_string()
}

#[test]
fn the_accessibility_summary_says_what_the_book_has() {
    let with_notes = opf(&sample());
    assert!(
        with_notes.contains("footnotes linked both ways"),
        "{with_notes}"
    );
    assert!(!with_notes.contains("editorial note"));
    let mut plain = sample();
    plain.notes.clear();
    plain.blocks.truncate(2);
    let plain = opf(&plain);
    assert!(!plain.contains("footnotes"), "{plain}");
    assert!(!plain.contains(">annotations<"));
}

#[test]
fn an_annotation_is_a_noteref_and_an_aside_in_its_chapter() {
    let mut d = sample();
    // The projection: "Before any section.\n\nOne\n\nSee." … "See" is 26..29.
    let start = quire_doc::plain_text(&d).find("See").unwrap();
    d.annotations.push(quire_doc::Annotation {
        id: "urn:x".into(),
        slug: "note-x".into(),
        motivation: "commenting".into(),
        body: vec![para("note-x-1", vec![text("Why.")])],
        target: quire_doc::TextRange {
            start,
            end: start + 3,
        },
        quote: "See".into(),
        number: 1,
        creator: Some("Ed".into()),
        ..Default::default()
    });
    let bytes = epub(&d, &quire_doc::Assets::default(), &EpubOptions::default())
        .unwrap()
        .bytes;
    let entries = entries(&bytes);
    let one = get(&entries, "OEBPS/ch-02.xhtml");
    assert!(
        one.contains("<mark class=\"hl\" id=\"note-x-text\">See</mark><sup class=\"annoref\"><a id=\"note-x-ref\" href=\"#note-x\" epub:type=\"noteref\""),
        "{one}"
    );
    assert!(one.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"annotation\" id=\"note-x\">"), "{one}");
    assert!(one.contains("href=\"#note-x-ref\""), "{one}");
    assert!(one.contains("<p class=\"anno-by\">— Ed</p>"), "{one}");
    // Other chapters have neither.
    assert!(!get(&entries, "OEBPS/ch-03.xhtml").contains("note-x"));
    assert!(get(&entries, "OEBPS/content.opf").contains("1 editorial note,"));
}
