//! The page around the content: head (metadata, JSON-LD, Open Graph, styles), masthead,
//! table of contents, the sectioned text, glossary, colophon.
//!
//! The page's own ids start with `quire-` so they never clash with the document's ids.

use quire_doc::enrich::glossary;
use quire_doc::{Assets, BlockKind, Document, Rendered, inline_text};
use serde_json::{Map, Value, json};

use crate::escape;
use crate::fonts::{builtin_faces, font_faces};
use crate::images::embed_image;
use crate::writer::{NoteStyle, Syntax, Writer, WriterConfig};
use crate::{EditionKind, HtmlOptions, OtherEdition};

const STYLE: &str = include_str!("style.css");
/// Note markers, margin notes and copy-link controls.
const NOTES_STYLE: &str = include_str!("notes.css");
/// The printed page (`@page`, endnotes).
const PRINT_STYLE: &str = include_str!("print.css");

/// The classes the page's stylesheet gives a meaning of its own (see
/// [`quire_doc::stylesheet_classes`]).
pub fn reserved_classes() -> std::collections::BTreeSet<String> {
    let mut classes = quire_doc::stylesheet_classes(STYLE);
    classes.extend(quire_doc::stylesheet_classes(NOTES_STYLE));
    classes.extend(quire_doc::stylesheet_classes(PRINT_STYLE));
    classes.extend(quire_doc::stylesheet_classes(crate::site::SITE_STYLE));
    classes
}
/// The page's script: copy-link controls first (they are part of what the notes'
/// placing measures), then the notes.
pub(crate) const SCRIPT: &str = concat!(include_str!("cite.js"), include_str!("notes.js"));
/// Fallbacks after the embedded text face.
/// The Latin faces a reader may have, before the script families of `quire-fonts`'s
/// table (see [`text_stack`]).
const SERIF_STACK: &str = "\"Linux Libertine\", \"Libertinus Serif\", \"Iowan Old Style\", \"Palatino Linotype\", Palatino, Georgia";
const MONO_STACK: &str =
    "ui-monospace, \"JetBrains Mono\", \"DejaVu Sans Mono\", Menlo, Consolas, monospace";

/// Renders `doc` as the annotated web edition: one self-contained HTML5 file.
pub fn html(doc: &Document, assets: &Assets, opts: &HtmlOptions) -> Rendered {
    let cfg = WriterConfig {
        syntax: Syntax::Html,
        notes: NoteStyle::Sidenotes,
        allow_raw_html: opts.allow_raw_html,
        paragraph_numbers: opts.paragraph_numbers,
        heading_links: true,
        soft_hyphens: false,
    };
    let mut resolve = |src: &str| embed_image(src, assets);
    // The masthead's title is the page's one `h1`; a text with level-1 headings of its
    // own has them written one level down, so the outline has a single top.
    let shift = u8::from(
        doc.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Heading { level: 1, .. })),
    );
    let mut w = Writer::new(doc, cfg, &mut resolve, true)
        .with_heading_shift(shift)
        .with_image_sizes(assets);
    let lang = if doc.meta.language.is_empty() {
        "en"
    } else {
        &doc.meta.language
    };
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape::attr(&mut out, lang);
    if crate::scripts::is_rtl_language(lang) {
        out.push_str("\" dir=\"rtl");
    }
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    head(&mut out, doc, assets, opts);
    out.push_str("</head>\n<body>\n<a class=\"skip\" href=\"#quire-text\">Skip to the text</a>\n<main id=\"quire-main\">\n<article>\n");
    masthead(&mut out, doc);
    other_editions(&mut out, &opts.editions, "");
    toc(&mut out, doc);
    w.raw("<div class=\"text\" id=\"quire-text\">\n");
    w.sectioned_blocks(&doc.blocks);
    w.raw("</div>\n");
    let printed = w.take_printed_notes();
    let unplaced = w.marks.unplaced();
    if !unplaced.is_empty() {
        w.raw("<section class=\"more-notes\" aria-labelledby=\"quire-more-notes-title\">\n<h2 id=\"quire-more-notes-title\">Further notes</h2>\n<p>\n");
        for i in unplaced {
            w.annotation_note(i, false);
        }
        w.raw("</p>\n</section>\n");
    }
    let body = w.finish();
    out.push_str(&body);
    print_notes(&mut out, &printed);
    glossary_section(&mut out, doc, &mut |id| format!("#{id}"));
    colophon(&mut out, doc);
    out.push_str("</article>\n</main>\n");
    if opts.script {
        out.push_str("<script>");
        out.push_str(SCRIPT);
        out.push_str("</script>\n");
    }
    out.push_str("</body>\n</html>\n");
    Rendered::new(out.into_bytes())
}

/// The page's icon, inline so that the page stays one request (a browser asks for
/// `/favicon.ico` when a page names none): a pilcrow on the accent colour.
pub(crate) const FAVICON: &str = "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%2032%2032'%3E%3Crect%20width='32'%20height='32'%20rx='6'%20fill='%238c2f1b'/%3E%3Cpath%20d='M14%206h11v3h-2v17h-3V9h-2v17h-3v-9a5.5%205.5%200%200%201%200-11z'%20fill='%23fbfaf6'/%3E%3C/svg%3E\">\n";

/// Marks the page as scripted before its first paint: notes start closed on narrow
/// screens only when the script that opens them runs (without it they are shown open).
pub(crate) const JS_CLASS: &str =
    "<script>document.documentElement.classList.add(\"js\")</script>\n";

/// The page's public address: the option's, else the front matter's `url`.
pub(crate) fn canonical_url(doc: &Document, opts: &HtmlOptions) -> Option<String> {
    opts.canonical_url
        .clone()
        .or_else(|| match doc.meta.extra.get("url") {
            Some(Value::String(url)) => match quire_doc::url::classify(url) {
                quire_doc::url::Target::External(url) if url.starts_with("http") => Some(url),
                _ => None,
            },
            _ => None,
        })
}

/// `og:image` for the front matter's `cover`, when it was loaded: its address relative
/// to the page's public one (Open Graph wants an absolute URL), or as written when the
/// page has none; the cover file is published beside the page.
fn og_image(out: &mut String, doc: &Document, assets: &Assets, canonical: Option<&str>) {
    let Some(Value::String(cover)) = doc.meta.extra.get("cover") else {
        return;
    };
    let Some(image) = assets.image(cover) else {
        return;
    };
    let url = match canonical {
        Some(base) if !cover.contains(':') => {
            let dir = base.rsplit_once('/').map_or(base, |(dir, _)| dir);
            format!("{dir}/{}", cover.trim_start_matches("./"))
        }
        _ => cover.clone(),
    };
    meta_tag(out, "property", "og:image", &quire_doc::url::encode(&url));
    meta_tag(out, "property", "og:image:type", image.media_type.mime());
    if image.width > 0 && image.height > 0 {
        meta_tag(out, "property", "og:image:width", &image.width.to_string());
        meta_tag(
            out,
            "property",
            "og:image:height",
            &image.height.to_string(),
        );
    }
    meta_tag(out, "property", "og:image:alt", &doc.meta.title);
}

impl EditionKind {
    fn label(self) -> &'static str {
        match self {
            EditionKind::Pdf => "PDF",
            EditionKind::Epub => "EPUB",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            EditionKind::Pdf => "application/pdf",
            EditionKind::Epub => "application/epub+zip",
        }
    }
}

/// `<link rel="alternate">` for each other edition; `prefix` leads to their folder.
pub(crate) fn alternate_links(out: &mut String, editions: &[OtherEdition], prefix: &str) {
    for e in editions {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"{}\" title=\"{}\" href=\"",
            e.kind.media_type(),
            e.kind.label()
        ));
        escape::attr(out, &quire_doc::url::encode(&format!("{prefix}{}", e.file)));
        out.push_str("\">\n");
    }
}

/// The line under the masthead that links to the other editions built with this one.
pub(crate) fn other_editions(out: &mut String, editions: &[OtherEdition], prefix: &str) {
    if editions.is_empty() {
        return;
    }
    out.push_str("<p class=\"other-editions\">Also as ");
    for (i, e) in editions.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == editions.len() {
                " and "
            } else {
                ", "
            });
        }
        out.push_str(&format!("<a type=\"{}\" href=\"", e.kind.media_type()));
        escape::attr(out, &quire_doc::url::encode(&format!("{prefix}{}", e.file)));
        out.push_str(&format!("\" download>{}</a>", e.kind.label()));
    }
    out.push_str("</p>\n");
}

/// The notes again, as endnotes that only print shows (the margin notes are hidden in
/// print, where nothing can float beside the line): each with its marker and passage.
pub(crate) fn print_notes(out: &mut String, notes: &[crate::writer::PrintedNote]) {
    if notes.is_empty() {
        return;
    }
    out.push_str("<section class=\"print-notes\" aria-label=\"Notes\">\n<h2>Notes</h2>\n");
    for n in notes {
        out.push_str("<p><span class=\"pr-n\">");
        escape::text(out, &n.marker);
        out.push_str("</span> ");
        if !n.quote.is_empty() {
            out.push_str("<span class=\"pr-q\">");
            escape::text(out, &n.quote);
            out.push_str("</span> ");
        }
        out.push_str(&n.body);
        out.push_str("</p>\n");
    }
    out.push_str("</section>\n");
}

pub(crate) fn meta_tag(out: &mut String, attr: &str, name: &str, content: &str) {
    out.push_str(&format!("<meta {attr}=\"{name}\" content=\""));
    escape::attr(out, content);
    out.push_str("\">\n");
}

fn head(out: &mut String, doc: &Document, assets: &Assets, opts: &HtmlOptions) {
    let m = &doc.meta;
    let canonical = canonical_url(doc, opts);
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
    escape::text(
        out,
        if m.title.is_empty() {
            "Untitled"
        } else {
            &m.title
        },
    );
    out.push_str("</title>\n");
    if let Some(d) = &m.description {
        meta_tag(out, "name", "description", d);
    }
    for a in &m.authors {
        meta_tag(out, "name", "author", a);
    }
    if !m.keywords.is_empty() {
        meta_tag(out, "name", "keywords", &m.keywords.join(", "));
    }
    meta_tag(out, "name", "generator", &opts.generator);
    if opts.script {
        out.push_str(JS_CLASS);
    }
    out.push_str(FAVICON);
    if let Some(url) = &canonical {
        out.push_str("<link rel=\"canonical\" href=\"");
        escape::attr(out, url);
        out.push_str("\">\n");
    }
    alternate_links(out, &opts.editions, "");
    meta_tag(out, "property", "og:type", "article");
    meta_tag(out, "property", "og:title", &m.title);
    if let Some(d) = &m.description {
        meta_tag(out, "property", "og:description", d);
    }
    if let Some(url) = &canonical {
        meta_tag(out, "property", "og:url", url);
    }
    og_image(out, doc, assets, canonical.as_deref());
    if let Some(s) = m.publisher.as_ref().or(m.source.as_ref()) {
        meta_tag(out, "property", "og:site_name", s);
    }
    if !m.language.is_empty() {
        meta_tag(out, "property", "og:locale", &m.language.replace('-', "_"));
    }
    if let Some(d) = &m.date {
        meta_tag(out, "property", "article:published_time", d);
    }
    if let Some(d) = &m.modified {
        meta_tag(out, "property", "article:modified_time", d);
    }
    for a in &m.authors {
        meta_tag(out, "property", "article:author", a);
    }
    let ld = script_safe_json(&json_ld(doc, opts).to_string());
    out.push_str("<script type=\"application/ld+json\">");
    out.push_str(&ld);
    out.push_str("</script>\n<style>\n");
    let (faces, text_family, mono_family) = if !opts.fonts.is_empty() {
        (font_faces(&opts.fonts), opts.fonts[0].family.as_str(), None)
    } else if opts.embed_fonts {
        builtin_faces(doc)
    } else {
        (String::new(), "", None)
    };
    out.push_str(&faces);
    stylesheet(out, text_family, mono_family, &doc.meta.language);
    out.push_str("</style>\n");
}

/// The page's stylesheet after its `@font-face` rules: the font stacks as custom
/// properties, the per-language CJK rules, and the stylesheet itself.
pub(crate) fn stylesheet(
    out: &mut String,
    text_family: &str,
    mono_family: Option<&str>,
    language: &str,
) {
    root_css(out, text_family, mono_family, language);
    out.push_str(STYLE);
    out.push_str(NOTES_STYLE);
    out.push_str(PRINT_STYLE);
}

fn root_css(out: &mut String, text_family: &str, mono_family: Option<&str>, language: &str) {
    let quote = |f: &str| {
        if f.is_empty() {
            String::new()
        } else {
            format!("\"{}\", ", f.replace('"', ""))
        }
    };
    out.push_str(&format!(
        ":root{{--text-font:{}{};--mono-font:{}{MONO_STACK}}}\n",
        quote(text_family),
        text_stack(&language.to_ascii_lowercase()),
        quote(mono_family.unwrap_or(""))
    ));
    // Han characters are drawn differently in each CJK language: runs marked with a
    // language get that language's faces first (`:where` keeps the rule weaker than any
    // other, so code stays in the code face).
    for (lang, region) in [
        ("ja", "JP"),
        ("ko", "KR"),
        ("zh-Hant", "TC"),
        ("zh-HK", "HK"),
        ("zh-Hans", "SC"),
    ] {
        out.push_str(&format!(
            ":where(:lang({lang})){{font-family:{}{SERIF_STACK}, {}, serif}}\n",
            quote(text_family),
            quire_fonts::css_fallback_stack(region)
        ));
    }
}

/// JSON that can sit inside a `<script>` element whatever its strings hold: `<`, `>`
/// and `&` as `\u003c` … (so `</script>` and `<!--` cannot occur), and U+2028/U+2029 as
/// escapes (they end a line in older JavaScript parsers). The JSON means the same.
pub(crate) fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn json_ld(doc: &Document, opts: &HtmlOptions) -> Value {
    let m = &doc.meta;
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert("@type".into(), json!("Article"));
    ld.insert("headline".into(), json!(m.title));
    if !m.language.is_empty() {
        ld.insert("inLanguage".into(), json!(m.language));
    }
    if let Some(v) = &m.description {
        ld.insert("description".into(), json!(v));
    }
    if !m.authors.is_empty() {
        let authors: Vec<Value> = m
            .authors
            .iter()
            .map(|a| json!({"@type": "Person", "name": a}))
            .collect();
        ld.insert("author".into(), Value::Array(authors));
    }
    if let Some(v) = &m.date {
        ld.insert("datePublished".into(), json!(v));
    }
    if let Some(v) = m.modified.as_ref().or(m.date.as_ref()) {
        ld.insert("dateModified".into(), json!(v));
    }
    if let Some(v) = &m.identifier {
        ld.insert("identifier".into(), json!(v));
    }
    if let Some(v) = &m.publisher {
        ld.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": v}),
        );
    }
    if let Some(v) = &m.source {
        ld.insert(
            "isBasedOn".into(),
            json!({"@type": "CreativeWork", "name": v}),
        );
    }
    if let Some(v) = &m.rights {
        ld.insert("copyrightNotice".into(), json!(v));
    }
    if !m.keywords.is_empty() {
        ld.insert("keywords".into(), json!(m.keywords.join(", ")));
    }
    if let Some(url) = canonical_url(doc, opts) {
        ld.insert("url".into(), json!(url));
    }
    let words = quire_doc::plain_text(&Document {
        blocks: doc.blocks.clone(),
        ..Document::default()
    })
    .split_whitespace()
    .count();
    ld.insert("wordCount".into(), json!(words));
    Value::Object(ld)
}

pub(crate) fn masthead(out: &mut String, doc: &Document) {
    let m = &doc.meta;
    out.push_str("<header class=\"masthead\">\n");
    if let Some(s) = &m.source {
        out.push_str("<p class=\"kicker\">");
        escape::text(out, s);
        out.push_str("</p>\n");
    }
    out.push_str("<h1>");
    escape::text(out, &m.title);
    out.push_str("</h1>\n");
    if let Some(s) = &m.subtitle {
        out.push_str("<p class=\"subtitle\">");
        escape::text(out, s);
        out.push_str("</p>\n");
    }
    let mut byline = Vec::new();
    if !m.authors.is_empty() {
        let mut s = String::new();
        escape::text(&mut s, &m.authors.join(", "));
        byline.push(s);
    }
    if let Some(d) = &m.date {
        let mut s = String::from("<time datetime=\"");
        escape::attr(&mut s, d);
        s.push_str("\">");
        escape::text(&mut s, &quire_doc::human_date(d));
        s.push_str("</time>");
        byline.push(s);
    }
    if !byline.is_empty() {
        out.push_str(&format!("<p class=\"byline\">{}</p>\n", byline.join(" · ")));
    }
    if let Some(d) = &m.description {
        out.push_str("<p class=\"standfirst\">");
        escape::text(out, d);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
}

fn toc(out: &mut String, doc: &Document) {
    let headings: Vec<(u8, &str, String)> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level, content } if *level <= 3 => {
                Some((*level, b.id(), inline_text(content)))
            }
            _ => None,
        })
        .collect();
    if headings.len() < 2 {
        return;
    }
    out.push_str("<nav class=\"toc\" aria-labelledby=\"quire-toc-title\">\n<h2 id=\"quire-toc-title\">Contents</h2>\n<ol>");
    // The open items, innermost last, each with whether it has opened its own list: a
    // heading closes every item at its level or deeper and nests under the rest, so the
    // lists are valid whatever order the levels come in.
    let mut open: Vec<(u8, bool)> = Vec::new();
    let close = |out: &mut String, (_, nested): (u8, bool)| {
        out.push_str(if nested { "</ol></li>" } else { "</li>" });
    };
    for (level, id, text) in &headings {
        while let Some(&last) = open.last()
            && last.0 >= *level
        {
            open.pop();
            close(out, last);
        }
        if let Some(parent) = open.last_mut()
            && !parent.1
        {
            parent.1 = true;
            out.push_str("\n<ol>");
        }
        out.push_str("\n<li><a href=\"#");
        escape::attr(out, id);
        out.push_str("\">");
        escape::text(out, text);
        out.push_str("</a>");
        open.push((*level, false));
    }
    while let Some(last) = open.pop() {
        close(out, last);
    }
    out.push_str("\n</ol>\n</nav>\n");
}

pub(crate) fn glossary_section(
    out: &mut String,
    doc: &Document,
    href: &mut dyn FnMut(&str) -> String,
) {
    let mut entries = glossary(doc);
    if entries.is_empty() {
        return;
    }
    entries.sort_by(|a, b| a.abbr.cmp(&b.abbr));
    out.push_str("<section class=\"glossary\" aria-labelledby=\"quire-glossary-title\">\n<h2 id=\"quire-glossary-title\">Abbreviations</h2>\n<dl>\n");
    for e in entries {
        out.push_str("<div><dt><abbr>");
        escape::text(out, &e.abbr);
        out.push_str("</abbr></dt><dd><a href=\"");
        escape::attr(out, &href(&e.id));
        out.push_str("\">");
        escape::text(out, &e.expansion);
        out.push_str("</a></dd></div>\n");
    }
    out.push_str("</dl>\n</section>\n");
}

pub(crate) fn colophon(out: &mut String, doc: &Document) {
    let m = &doc.meta;
    out.push_str("<footer class=\"colophon\">\n");
    if let Some(r) = &m.rights {
        out.push_str("<p>");
        escape::text(out, r);
        out.push_str("</p>\n");
    }
    let n = doc.annotations.len();
    if n > 0 {
        out.push_str(&format!(
            "<p>This edition adds {n} editorial note{}, shown beside the passages they explain; \
             paragraph numbers in the margin link to each paragraph.</p>\n",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(id) = &m.identifier {
        out.push_str("<p class=\"ident\">");
        escape::text(out, id);
        out.push_str("</p>\n");
    }
    out.push_str("</footer>\n");
}

/// The text font stack after the embedded face: Latin faces, then the open families of
/// every script (CJK of the document's language first), so that characters the embedded
/// face lacks are drawn by the reader's own copies of the faces the PDF would use.
fn text_stack(language: &str) -> String {
    format!(
        "{SERIF_STACK}, {}, serif",
        quire_fonts::css_fallback_stack(quire_fonts::cjk_region(language))
    )
}

#[cfg(test)]
mod json_tests {
    #[test]
    fn json_ld_cannot_close_or_comment_out_its_script() {
        let title = serde_json::json!({ "headline": "Harmless <!--<script> </script> & \u{2028}" });
        let safe = super::script_safe_json(&title.to_string());
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, title, "the data is unchanged");
    }
}
