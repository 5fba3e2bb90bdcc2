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
        number: 1,
        ..Default::default()
    });
    let p = page(&d);
    assert!(p.contains("Hel<mark class=\"hl\" id=\"note-a-text\">lo </mark><span class=\"sn-glue\"><mark class=\"hl\">&lt;wor</mark><button type=\"button\" class=\"sn-ref\""), "{p}");
    assert!(
        p.contains("<span class=\"snp\">Body.</span></span></span>ld&gt;"),
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

fn code_doc(language: Option<&str>, code: &str) -> Document {
    let mut d = doc();
    d.blocks.push(Block {
        attr: Attr::with_id("c1"),
        kind: BlockKind::CodeBlock {
            language: language.map(String::from),
            text: code.into(),
            caption: Vec::new(),
        },
        span: Span::default(),
    });
    d
}

/// The text of a fragment with its tags removed and entities decoded.
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn code_blocks_are_highlighted_and_keep_their_text() {
    let code = "fn main() {\n    let x = 1 != 2; // <compare> & \"go\"\n}";
    let p = page(&code_doc(Some("rust"), code));
    let start = p.find("<pre").unwrap();
    let end = p[start..].find("</pre>").unwrap() + start;
    let pre = &p[start..end];
    assert!(pre.contains("<span class=\"tok-kw\">fn</span>"), "{pre}");
    assert!(pre.contains("<span class=\"tok-kw\">let</span>"), "{pre}");
    assert!(pre.contains("<span class=\"tok-num\">1</span>"), "{pre}");
    assert!(
        pre.contains("<span class=\"tok-com\">// &lt;compare&gt; &amp; \"go\"</span>"),
        "{pre}"
    );
    assert_eq!(strip_tags(&pre[pre.find("<code").unwrap()..]), code);
    // Every class has a light and a dark colour, and code has no ligatures.
    for class in quire_highlight::Class::ALL {
        let var = format!("--tok-{}:", class.short());
        assert_eq!(p.matches(&var).count(), 2, "{var} light and dark");
        assert!(p.contains(&format!(".tok-{} {{", class.short())));
    }
    assert!(p.contains("font-variant-ligatures: none"));
    assert!(p.contains("font-feature-settings: \"calt\" 0, \"liga\" 0"));
}

#[test]
fn unknown_languages_and_untagged_code_stay_plain() {
    for lang in [None, Some("no-such-language"), Some("text")] {
        let p = page(&code_doc(lang, "fn main() {}"));
        assert!(p.contains(">fn main() {}</code></pre>"), "{lang:?}");
    }
}

/// WCAG contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let lum = |hex: &str| {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The value of custom property `name` in each `:root` block of the stylesheet (light
/// first, then dark).
fn css_vars(name: &str) -> Vec<String> {
    let css = include_str!("style.css");
    css.match_indices(&format!("{name}:"))
        .map(|(i, m)| css[i + m.len()..].trim_start()[..7].to_string())
        .collect()
}

#[test]
fn highlight_colours_read_on_the_code_background_in_light_and_dark() {
    let bg = css_vars("--note-bg");
    assert!(bg.len() >= 2, "{bg:?}");
    for class in quire_highlight::Class::ALL {
        let ink = css_vars(&format!("--tok-{}", class.short()));
        assert_eq!(ink.len(), 2, "{class:?}");
        for (ink, bg) in ink.iter().zip(&bg) {
            let ratio = contrast(ink, bg);
            assert!(ratio >= 4.5, "{class:?}: {ink} on {bg} is {ratio:.2}:1");
        }
    }
}

#[test]
fn the_font_stack_names_the_open_faces_of_every_script() {
    let mut d = doc();
    let html = page(&d);
    // After the text face: the CJK faces of the document's language, Arabic, emoji …
    let root = html.split("--text-font:").nth(1).unwrap();
    let root = root.split(';').next().unwrap();
    assert!(root.contains("\"Noto Serif CJK SC\""), "{root}");
    assert!(root.contains("\"Noto Naskh Arabic\"") && root.contains("\"Symbola\""));
    assert!(html.contains(":where(:lang(ja)){font-family:"));
    d.meta.language = "ja".into();
    let html = page(&d);
    let root = html.split("--text-font:").nth(1).unwrap();
    let cjk = root.find("\"Noto Serif CJK JP\"").unwrap();
    assert!(cjk < root.find("\"Noto Naskh Arabic\"").unwrap());
}
