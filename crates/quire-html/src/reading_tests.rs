//! The markup of the web edition's reading aids: note toggles, letter markers, layers,
//! languages in notes, the page's icon and image, the links to the other editions and
//! the notes print shows.

use std::sync::Arc;

use quire_doc::{Annotation, Assets, Attr, Block, BlockKind, Document, Inline, InlineKind, Span};

use crate::{EditionKind, HtmlOptions, OtherEdition, html};

fn text(s: &str) -> Inline {
    Inline::new(InlineKind::Text { text: s.into() }, Span::default())
}

fn para(id: &str, s: &str) -> Block {
    Block {
        attr: Attr::with_id(id),
        kind: BlockKind::Paragraph {
            content: vec![text(s)],
        },
        span: Span::default(),
    }
}

/// A two-paragraph document: "Hello world, and more." / "Second paragraph here."
fn doc() -> Document {
    let mut d = Document {
        blocks: vec![
            para("p1", "Hello world, and more."),
            para("p2", "Second paragraph here."),
        ],
        ..Document::default()
    };
    d.meta.title = "T".into();
    d.meta.language = "en".into();
    d
}

/// An annotation of `start..end` of the projection, numbered `number`.
fn note(slug: &str, start: usize, end: usize, number: u32, body: &str) -> Annotation {
    Annotation {
        id: format!("urn:{slug}"),
        slug: slug.into(),
        motivation: "commenting".into(),
        body: vec![para("", body)],
        target: quire_doc::TextRange { start, end },
        number,
        ..Annotation::default()
    }
}

fn page_with(d: &Document, assets: &Assets, opts: &HtmlOptions) -> String {
    String::from_utf8(html(d, assets, opts).bytes).expect("utf-8")
}

fn page(d: &Document) -> String {
    let opts = HtmlOptions {
        embed_fonts: false,
        ..HtmlOptions::default()
    };
    page_with(d, &Assets::new(), &opts)
}

/// The page's markup without its `<style>` and `<script>` elements.
fn markup(p: &str) -> String {
    let mut out = String::new();
    let mut rest = p;
    while let Some(i) = rest.find("<style>").or_else(|| rest.find("<script")) {
        out.push_str(&rest[..i]);
        let close = if rest[i..].starts_with("<style>") {
            "</style>"
        } else {
            "</script>"
        };
        let end = rest[i..]
            .find(close)
            .map_or(rest.len(), |e| i + e + close.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_note_toggle_is_a_button_with_its_state_before_any_script() {
    let mut d = doc();
    // "world" is 6..11.
    d.annotations
        .push(note("note-w", 6, 11, 1, "About the world."));
    let opts = HtmlOptions {
        embed_fonts: false,
        script: false,
        ..HtmlOptions::default()
    };
    let p = page_with(&d, &Assets::new(), &opts);
    assert!(!p.contains("<script>"), "no script at all");
    assert!(
        p.contains("Hello <span class=\"sn-glue\"><mark class=\"hl\" id=\"note-w-text\">world</mark><button type=\"button\" class=\"sn-ref\" id=\"note-w-ref\" aria-controls=\"note-w\" aria-expanded=\"false\" aria-label=\"Note a\" data-n=\"a\"></button>"),
        "{p}"
    );
    assert!(
        p.contains("<span class=\"sn\" id=\"note-w\" role=\"note\" aria-label=\"Note a\" hidden=\"until-found\">"),
        "{p}"
    );
    assert!(
        !p.contains("<a class=\"sn-ref"),
        "no note is opened by a link"
    );
}

#[test]
fn a_footnote_toggle_is_a_button_too_and_its_note_is_found() {
    let d = quire_markdown::parse(
        quire_doc::FileId(0),
        "t.md",
        "A claim.[^n]\n\n[^n]: Its source.\n",
    )
    .unwrap()
    .document;
    let p = page(&d);
    assert!(
        p.contains("<button type=\"button\" class=\"sn-ref fn\" id=\"fnref-n\" aria-controls=\"fn-n\" aria-expanded=\"false\" aria-label=\"Footnote 1\" data-n=\"1\"></button>"),
        "{p}"
    );
    assert!(
        p.contains("id=\"fn-n\" role=\"note\" aria-label=\"Footnote 1\" hidden=\"until-found\">"),
        "{p}"
    );
}

#[test]
fn annotations_show_their_letter_marker() {
    let mut d = doc();
    d.annotations
        .push(note("note-w", 6, 11, 28, "About the world."));
    let p = page(&d);
    assert!(p.contains("aria-label=\"Note ab\" data-n=\"ab\""), "{p}");
    assert!(!p.contains("data-n=\"28\""), "{p}");
}

#[test]
fn several_layers_are_told_apart_and_one_is_not_marked() {
    let mut d = doc();
    d.annotations
        .push(note("note-w", 6, 11, 1, "An editor's note."));
    let one = page(&d);
    assert!(
        !markup(&one).contains("layer-"),
        "a lone layer is not marked"
    );
    assert!(!one.contains("class=\"sn-layer\""));
    let mut other = note("note-s", 24, 30, 2, "A translator's note.");
    other.layer = "Translator".into();
    d.annotations.push(other);
    let two = page(&d);
    assert!(
        two.contains("<mark class=\"hl layer-1\" id=\"note-w-text\">"),
        "{two}"
    );
    assert!(
        two.contains("<mark class=\"hl layer-2\" id=\"note-s-text\">"),
        "{two}"
    );
    assert!(
        two.contains("class=\"sn-ref layer-2\" id=\"note-s-ref\""),
        "{two}"
    );
    assert!(
        two.contains("<span class=\"sn layer-2\" id=\"note-s\""),
        "{two}"
    );
    assert!(
        two.contains("<span class=\"sn-layer\">Translator</span>"),
        "{two}"
    );
    assert!(
        two.contains("<span class=\"sn-layer\">Notes</span>"),
        "{two}"
    );
    // Each layer's highlight has its own line style, so they differ without colour.
    for style in [
        "mark.hl.layer-1 { text-decoration: underline solid",
        "mark.hl.layer-2 { text-decoration: underline dashed",
    ] {
        assert!(two.contains(style), "{style}");
    }
}

#[test]
fn a_note_names_its_creator_and_date() {
    let mut d = doc();
    let mut a = note("note-w", 6, 11, 1, "About the world.");
    a.creator = Some("A. Editor".into());
    a.created = Some("2026-11-28T00:00:00Z".into());
    d.annotations.push(a);
    let p = page(&d);
    assert!(
        p.contains("<span class=\"sn-meta\">A. Editor, <time datetime=\"2026-11-28T00:00:00Z\">28 November 2026</time></span></span>"),
        "{p}"
    );
    // A date alone (no creator) is not shown: it would repeat on every note of a file.
    let mut d = doc();
    let mut a = note("note-w", 6, 11, 1, "About the world.");
    a.created = Some("2026-11-28T00:00:00Z".into());
    d.annotations.push(a);
    assert!(!page(&d).contains("<span class=\"sn-meta\">"));
}

#[test]
fn chinese_in_a_note_is_marked_and_a_note_in_another_language_says_so() {
    let mut d = doc();
    d.annotations.push(note(
        "note-w",
        6,
        11,
        1,
        "The term (人类命运共同体), in full.",
    ));
    let mut fr = note("note-s", 24, 30, 2, "Une note.");
    fr.language = Some("fr".into());
    d.annotations.push(fr);
    let mut same = note("note-h", 0, 5, 3, "Same language.");
    same.language = Some("en".into());
    d.annotations.push(same);
    let p = page(&d);
    assert!(
        p.contains("The term (<span lang=\"zh\">人类命运共同体</span>), in full."),
        "{p}"
    );
    assert!(p.contains("id=\"note-s\" lang=\"fr\" role=\"note\""), "{p}");
    assert!(p.contains("id=\"note-h\" role=\"note\""), "{p}");
}

#[test]
fn the_icon_is_inline_so_the_page_stays_one_request() {
    let p = page(&doc());
    assert_eq!(p.matches("rel=\"icon\"").count(), 1);
    assert!(
        p.contains("<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg"),
        "{p}"
    );
    let icon = p.split("rel=\"icon\" href=\"").nth(1).unwrap();
    let icon = &icon[..icon.find('"').unwrap()];
    assert!(
        !icon.contains(' ') && !icon.contains('<') && !icon.contains('#'),
        "a valid URL: {icon}"
    );
}

fn cover_assets() -> Assets {
    let svg: Arc<[u8]> = Arc::from(
        &b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"315\"><rect width=\"600\" height=\"315\"/></svg>"[..],
    );
    let image =
        quire_doc::ImageAsset::from_bytes(svg, Span::default(), &Default::default()).unwrap();
    let mut assets = Assets::new();
    assets.insert_image("images/cover.svg", image);
    assets
}

#[test]
fn og_image_is_the_cover_when_there_is_one() {
    let opts = HtmlOptions {
        embed_fonts: false,
        ..HtmlOptions::default()
    };
    let assets = cover_assets();
    let none = page_with(&doc(), &assets, &opts);
    assert!(!none.contains("og:image"), "no cover, no image");
    let mut d = doc();
    d.meta
        .extra
        .insert("cover".into(), serde_json::json!("images/cover.svg"));
    let relative = page_with(&d, &assets, &opts);
    assert!(
        relative.contains("<meta property=\"og:image\" content=\"images/cover.svg\">"),
        "{relative}"
    );
    assert!(relative.contains("<meta property=\"og:image:type\" content=\"image/svg+xml\">"));
    assert!(relative.contains("<meta property=\"og:image:width\" content=\"600\">"));
    d.meta.extra.insert(
        "url".into(),
        serde_json::json!("https://example.org/essays/t.html"),
    );
    let absolute = page_with(&d, &assets, &opts);
    assert!(
        absolute.contains(
            "<meta property=\"og:image\" content=\"https://example.org/essays/images/cover.svg\">"
        ),
        "{absolute}"
    );
    assert!(
        absolute.contains("<link rel=\"canonical\" href=\"https://example.org/essays/t.html\">")
    );
    // A cover that did not load is not announced.
    let unloaded = page_with(&d, &Assets::new(), &opts);
    assert!(!unloaded.contains("og:image"));
}

#[test]
fn a_figure_without_an_image_is_not_called_a_photograph() {
    let mut d = doc();
    d.blocks.push(Block {
        attr: Attr::with_id("fig"),
        kind: BlockKind::Figure {
            image: None,
            caption: vec![para("cap", "A caption only.")],
            credit: vec![],
        },
        span: Span::default(),
    });
    let p = page(&d);
    assert!(
        p.contains("<figure id=\"fig\" class=\"caption-only\">"),
        "{p}"
    );
    assert!(
        !p.contains("Photograph"),
        "neither in the markup nor in the styles"
    );
}

#[test]
fn the_other_editions_are_linked_only_when_given() {
    let alone = page(&doc());
    assert!(!alone.contains("class=\"other-editions\""));
    assert!(!alone.contains("rel=\"alternate\""));
    let opts = HtmlOptions {
        embed_fonts: false,
        editions: vec![
            OtherEdition {
                kind: EditionKind::Pdf,
                file: "t.pdf".into(),
            },
            OtherEdition {
                kind: EditionKind::Epub,
                file: "t.epub".into(),
            },
        ],
        ..HtmlOptions::default()
    };
    let both = page_with(&doc(), &Assets::new(), &opts);
    assert!(
        both.contains("<p class=\"other-editions\">Also as <a type=\"application/pdf\" href=\"t.pdf\" download>PDF</a> and <a type=\"application/epub+zip\" href=\"t.epub\" download>EPUB</a></p>"),
        "{both}"
    );
    assert!(both.contains(
        "<link rel=\"alternate\" type=\"application/pdf\" title=\"PDF\" href=\"t.pdf\">"
    ));
}

#[test]
fn print_lists_every_margin_note_as_an_endnote() {
    let mut d = doc();
    let mut a = note("note-w", 6, 11, 1, "About the world.");
    a.quote = "world".into();
    d.annotations.push(a);
    d.annotations
        .push(note("note-s", 24, 30, 2, "About the second."));
    let p = page(&d);
    let printed = p
        .split("<section class=\"print-notes\"")
        .nth(1)
        .expect("a print-only list");
    assert!(
        printed.contains("<p><span class=\"pr-n\">a</span> <span class=\"pr-q\">world</span> <span class=\"snp\">About the world.</span></p>"),
        "{printed}"
    );
    assert!(
        printed.contains("<span class=\"pr-n\">b</span>"),
        "{printed}"
    );
    // Print hides the margin notes and shows the list, on a sized, numbered page.
    assert!(p.contains("@page { size: A4;"));
    assert!(p.contains("counter(page)"));
    assert!(p.contains(".print-notes { display: none; }"));
}
