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

/// The archive's entries, inflated: (name, text).
fn entries(bytes: &[u8]) -> Vec<(String, String)> {
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let u32_at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    let eocd = bytes.len() - 22;
    let (count, mut at) = (u16_at(eocd + 10), u32_at(eocd + 16));
    let mut out = Vec::new();
    for _ in 0..count {
        let (method, size, name_len, local) = (
            u16_at(at + 10),
            u32_at(at + 20),
            u16_at(at + 28),
            u32_at(at + 42),
        );
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let start = local + 30 + u16_at(local + 26);
        let body = &bytes[start..start + size];
        let data = if method == 8 {
            miniz_oxide::inflate::decompress_to_vec(body).unwrap()
        } else {
            body.to_vec()
        };
        out.push((name, String::from_utf8_lossy(&data).into_owned()));
        at += 46 + name_len;
    }
    out
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
    }
}

#[test]
fn sections_become_documents_and_links_cross_them() {
    let bytes = epub(&sample(), &EpubOptions::default()).unwrap();
    let e = entries(&bytes);
    assert_eq!(e[0].0, "mimetype");
    let ch1 = get(&e, "EPUB/text/ch-01.xhtml");
    let ch2 = get(&e, "EPUB/text/ch-02.xhtml");
    let ch3 = get(&e, "EPUB/text/ch-03.xhtml");
    assert!(ch1.contains("Before any section."));
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
    let opf = get(&e, "EPUB/package.opf");
    assert!(opf.contains("<dc:title id=\"title\">A &amp; B</dc:title>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">1970-01-01T00:00:00Z</meta>"));
    assert!(opf.contains("urn:uuid:"));
}

#[test]
fn builds_are_deterministic_and_dates_follow_the_precedence() {
    let doc = sample();
    let opts = EpubOptions {
        source_date_epoch: Some(1_737_000_000),
        ..EpubOptions::default()
    };
    let a = epub(&doc, &opts).unwrap();
    assert_eq!(a, epub(&doc, &opts).unwrap());
    assert!(get(&entries(&a), "EPUB/package.opf").contains(">2025-01-16T04:00:00Z<"));
    let mut dated = doc.clone();
    dated.meta.modified = Some("2024-05-01".into());
    let b = epub(&dated, &opts).unwrap();
    assert!(get(&entries(&b), "EPUB/package.opf").contains(">2024-05-01T00:00:00Z<"));
}

#[test]
fn empty_and_odd_documents_do_not_panic() {
    let empty = epub(&Document::default(), &EpubOptions::default()).unwrap();
    let e = entries(&empty);
    assert!(get(&e, "EPUB/package.opf").contains(">Untitled<"));
    assert!(get(&e, "EPUB/package.opf").contains("<dc:language>und</dc:language>"));
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
                },
            ),
        ],
        ..Document::default()
    };
    let bytes = epub(&odd, &EpubOptions::default()).unwrap();
    let e = entries(&bytes);
    let ch = get(&e, "EPUB/text/ch-01.xhtml");
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
fn image_problems_are_typed_errors() {
    let opts = EpubOptions::default();
    assert!(matches!(
        epub(&with_image("https://x.org/a.png"), &opts),
        Err(EpubError::RemoteImage { .. })
    ));
    assert!(matches!(
        epub(&with_image("a.bmp"), &opts),
        Err(EpubError::ImageFormat { .. })
    ));
    assert!(matches!(
        epub(&with_image("definitely/missing.png"), &opts),
        Err(EpubError::ImageRead { .. })
    ));
}
