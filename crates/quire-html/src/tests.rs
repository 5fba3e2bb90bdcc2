use quire_doc::{Attr, Block, BlockKind, Document, Inline, InlineKind, Meta, Span};

use crate::{HtmlOptions, html};

fn text(s: &str) -> Inline {
    Inline::new(InlineKind::Text { text: s.into() }, Span::default())
}

fn doc() -> Document {
    Document {
        meta: Meta {
            title: "A <title>".into(),
            language: "en".into(),
            ..Meta::default()
        },
        blocks: vec![
            Block {
                attr: Attr::with_id("i"),
                kind: BlockKind::Heading {
                    level: 2,
                    content: vec![text("I")],
                },
                span: Span::default(),
            },
            Block {
                attr: Attr::with_id("p1"),
                kind: BlockKind::Paragraph {
                    content: vec![text("Hello "), text("<world> & friends")],
                },
                span: Span::default(),
            },
        ],
        ..Document::default()
    }
}

fn page(d: &Document) -> String {
    let opts = HtmlOptions {
        embed_fonts: false,
        ..HtmlOptions::default()
    };
    String::from_utf8(html(d, &quire_doc::Assets::new(), &opts).bytes).expect("utf-8")
}

#[test]
fn escapes_text_and_wraps_sections() {
    let p = page(&doc());
    assert!(p.contains("<title>A &lt;title&gt;</title>"));
    assert!(p.contains("&lt;world&gt; &amp; friends"));
    assert!(p.contains("<section aria-labelledby=\"i\">"));
    assert!(p.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(page(&doc()), page(&doc()));
}

#[test]
fn highlights_an_annotation_across_text_nodes_and_places_its_note() {
    let mut d = doc();
    // Projection: "I\n\nHello <world> & friends"; "lo <wor" is 6..13.
    d.annotations.push(quire_doc::Annotation {
        id: "urn:a".into(),
        slug: "note-a".into(),
        motivation: "commenting".into(),
        body: vec![Block {
            attr: Attr::with_id("b"),
            kind: BlockKind::Paragraph {
                content: vec![text("Body.")],
            },
            span: Span::default(),
        }],
        target: quire_doc::TextRange { start: 6, end: 13 },
        quote: "lo <wor".into(),
    });
    let p = page(&d);
    assert!(p.contains("Hel<mark class=\"hl\" id=\"note-a-text\">lo </mark><mark class=\"hl\">&lt;wor</mark><a class=\"sn-ref\""), "{p}");
    assert!(
        p.contains("<span class=\"snp\">Body.</span></span>ld&gt;"),
        "{p}"
    );
}

#[test]
fn images_not_loaded_are_left_out() {
    let mut d = doc();
    d.blocks.push(Block {
        attr: Attr::with_id("f"),
        kind: BlockKind::Figure {
            image: Some(quire_doc::Image {
                src: "https://example.org/a.png".into(),
                alt: "A".into(),
                span: Span::default(),
            }),
            caption: vec![],
            credit: vec![],
        },
        span: Span::default(),
    });
    let page = html(&d, &quire_doc::Assets::new(), &HtmlOptions::default());
    let page = String::from_utf8(page.bytes).unwrap();
    assert!(!page.contains("<img"), "no image without its asset");
    assert!(!page.contains("example.org"), "the page fetches nothing");
}

#[test]
fn woff_wraps_the_text_face() {
    let face = quire_fonts::Face::SerifRegular.data();
    let w = quire_fonts::woff(face).expect("sfnt");
    assert_eq!(&w[..4], b"wOFF");
    assert_eq!(
        u32::from_be_bytes(w[8..12].try_into().unwrap()) as usize,
        w.len()
    );
    assert!(w.len() < face.len());
}
