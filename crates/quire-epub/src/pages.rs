//! The content documents of the book: the shell every one shares, the cover page, the
//! title page and the chapters. (The navigation documents are epub-builder's.)
//!
//! Each document carries `lang` and `xml:lang` on its root (Ace checks both), links the
//! one stylesheet, and wraps its content in a `section` with the structural semantics
//! (`epub:type` for reading systems, the matching DPUB-ARIA `role` for assistive
//! technology). Generated words that are not part of the document text (the title page)
//! live only in documents whose `body` says so with `epub:type`. The chapters' content is
//! written by `quire-html`'s [`Writer`], the same writer as the web edition's.

use std::cell::Cell;

use epub_builder::ReferenceType;
use quire_doc::{Assets, DivisionKind, Document};
use quire_html::{NoteStyle, Syntax, Writer, WriterConfig};

use crate::package::Text;
use crate::plan::{Chapter, Heading, Plan};
use crate::resources::Images;
use quire_html::escape::{self as xml, escape};

/// Path of the stylesheet relative to a content document (epub-builder's name for it).
pub const CSS_HREF: &str = "stylesheet.css";

fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    xml::attr(&mut out, s);
    out
}

/// Writes the common head of an XHTML document and opens its body.
fn shell(out: &mut String, lang: &str, title: &str, body_type: &str) {
    let lang = escape_attr(lang);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\"{dir}>\n",
        dir = if quire_html::scripts::is_rtl_language(&lang) { " dir=\"rtl\"" } else { "" }
    ));
    out.push_str(&format!(
        "<head>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"{CSS_HREF}\"/>\n</head>\n",
        escape(title)
    ));
    out.push_str(&format!("<body epub:type=\"{body_type}\">\n"));
}

/// The cover image Quire draws (when the metadata names none), relative to the package
/// document.
pub const COVER_IMAGE: &str = "images/cover.svg";

const END: &str = "</body>\n</html>\n";

/// The cover page: the cover image, full page.
pub fn cover(lang: &str, title: &str, alt: &str, image: &str) -> String {
    let mut o = String::with_capacity(1024);
    shell(&mut o, lang, title, "cover");
    o.push_str("<section class=\"cover\">\n<img role=\"doc-cover\" src=\"");
    xml::attr(&mut o, image);
    o.push_str("\" alt=\"");
    xml::attr(&mut o, alt);
    o.push_str("\"/>\n</section>\n");
    o.push_str(END);
    o
}

/// The title page, from the metadata.
pub fn title_page(doc: &Document, lang: &str, title: &str) -> String {
    let meta = &doc.meta;
    let mut o = String::with_capacity(2048);
    shell(&mut o, lang, title, "frontmatter");
    o.push_str("<section class=\"titlepage\" epub:type=\"titlepage\" aria-label=\"Title page\">\n");
    o.push_str(&format!("<h1 class=\"title\">{}</h1>\n", escape(title)));
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("<p class=\"subtitle\">{}</p>\n", escape(sub)));
    }
    if !meta.authors.is_empty() {
        o.push_str(&format!(
            "<p class=\"authors\">{}</p>\n",
            escape(&meta.authors.join(", "))
        ));
    }
    let date = meta.published().map(|d| d.human());
    let details = [
        ("source", meta.source.as_deref()),
        ("date", date.as_deref()),
        ("publisher", meta.publisher.as_deref()),
        ("rights", meta.rights.as_deref()),
    ];
    let details: Vec<_> = details
        .iter()
        .filter_map(|(class, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (class, v)))
        .collect();
    if !details.is_empty() {
        o.push_str("<div class=\"imprint\">\n");
        for (class, v) in details {
            o.push_str(&format!("<p class=\"{class}\">{}</p>\n", escape(v)));
        }
        o.push_str("</div>\n");
    }
    // The Contents page is out of the reading order; this is its way in.
    o.push_str(&format!(
        "<p class=\"contents-link\"><a href=\"toc.xhtml\">{}</a></p>\n",
        crate::package::TOC_NAME
    ));
    o.push_str("</section>\n");
    o.push_str(END);
    o
}

/// How the shared writer writes the book's content: XHTML, footnotes as EPUB 3 notes
/// placed by the plan, no web-only apparatus (paragraph-number permalinks, heading
/// self-links); raw HTML written as it is only if allowed (it must then be well-formed
/// XHTML, as the load stage's sanitiser makes it).
pub fn writer_config(allow_raw_html: bool) -> WriterConfig {
    WriterConfig {
        syntax: Syntax::Xhtml,
        notes: NoteStyle::Footnotes { epub: true },
        allow_raw_html,
        paragraph_numbers: true,
        heading_links: false,
        // Justified text gaps in readers without a hyphenation dictionary.
        soft_hyphens: true,
    }
}

/// What every content document of the book shares.
#[derive(Debug, Clone, Copy)]
pub struct BookFacts<'a> {
    /// The BCP 47 language.
    pub language: &'a str,
    /// The book's title.
    pub title: &'a str,
    /// The cover image's path in the package.
    pub cover_path: &'a str,
}

/// The content documents in reading order: the cover page, the title page, then one per
/// chapter of the plan, written by one shared [`Writer`] for the whole book (so the
/// projection behind it is computed once); and the depth of the table of contents.
pub fn texts(
    doc: &Document,
    plan: &Plan<'_>,
    images: &Images,
    assets: &Assets,
    book: &BookFacts<'_>,
    allow_raw_html: bool,
    breaks: Vec<quire_html::PageBreak>,
) -> Texts {
    let mut page_breaks = std::collections::BTreeMap::new();
    let BookFacts {
        language,
        title,
        cover_path,
    } = *book;
    let mut texts: Vec<Text> = Vec::with_capacity(plan.chapters.len() + 2);
    texts.push(Text {
        file: "cover.xhtml".into(),
        title: "Cover".into(),
        landmark: Some(ReferenceType::Cover),
        level: 1,
        headings: Vec::new(),
        xhtml: cover(language, title, &format!("Cover: {title}"), cover_path),
    });
    texts.push(Text {
        file: "title.xhtml".into(),
        title: "Title page".into(),
        landmark: Some(ReferenceType::TitlePage),
        level: 1,
        headings: Vec::new(),
        xhtml: title_page(doc, language, title),
    });
    let mut toc_depth = plan
        .chapters
        .iter()
        .map(|c| c.level as usize)
        .max()
        .unwrap_or(1);
    // Where the body of the text starts: the first chapter or part of a book (after its
    // front matter), the first document of an article.
    let body_start = plan
        .chapters
        .iter()
        .position(|c| {
            c.division.is_some_and(|d| {
                matches!(
                    d.kind,
                    DivisionKind::Part | DivisionKind::Chapter | DivisionKind::Appendix
                )
            })
        })
        .unwrap_or(0);
    // One writer for the whole book, so the projection is computed once; `current`
    // tells the link resolver which file is being written.
    let current = Cell::new(0usize);
    let mut links = |url: &str| resolve(url, plan, current.get());
    let mut image_href = |src: &str| images.href(src).map(str::to_string);
    let mut w = Writer::new(doc, writer_config(allow_raw_html), &mut image_href, true)
        .with_links(&mut links)
        .with_image_sizes(assets)
        .with_page_breaks(breaks);
    for (n, chapter) in plan.chapters.iter().enumerate() {
        current.set(n);
        let last = n + 1 == plan.chapters.len();
        let xhtml = chapter_document(&mut w, chapter, language, title, last);
        for id in w.take_written_page_breaks() {
            page_breaks.insert(id, chapter.file.clone());
        }
        let own: Vec<&Heading> = plan.headings.iter().filter(|h| h.chapter == n).collect();
        let (base, subheadings) = match (&chapter.heading_id, own.split_first()) {
            (Some(_), Some((first, rest))) => (first.level, rest),
            _ => (
                own.iter()
                    .map(|h| h.level)
                    .min()
                    .unwrap_or(1)
                    .saturating_sub(1),
                own.as_slice(),
            ),
        };
        let headings: Vec<(i32, String, String)> = subheadings
            .iter()
            .map(|h| {
                let depth = i32::from(h.level.saturating_sub(base).max(1));
                toc_depth = toc_depth.max((chapter.level + depth) as usize);
                (depth, h.text.clone(), h.href.clone())
            })
            .collect();
        texts.push(Text {
            file: chapter.file.clone(),
            title: if chapter.title.trim().is_empty() {
                title.to_string()
            } else {
                chapter.title.to_string()
            },
            landmark: if n == body_start {
                Some(ReferenceType::Text)
            } else {
                is_index(chapter.blocks).then_some(ReferenceType::Index)
            },
            level: chapter.level,
            headings,
            xhtml,
        });
    }
    Texts {
        texts,
        toc_depth,
        page_breaks,
    }
}

/// Whether a content document holding `blocks` is the book's index: its heading, then
/// no other heading before the index block that ends it (a headnote may come between).
fn is_index(blocks: &[quire_doc::Block]) -> bool {
    use quire_doc::BlockKind;
    match (
        blocks.first().map(|b| &b.kind),
        blocks.last().map(|b| &b.kind),
    ) {
        (Some(BlockKind::Heading { .. }), Some(BlockKind::Index { .. })) => !blocks[1..]
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Heading { .. })),
        _ => false,
    }
}

/// The content documents and what the package needs to know about them.
pub struct Texts {
    /// The documents in reading order.
    pub texts: Vec<Text>,
    /// The depth of the table of contents.
    pub toc_depth: usize,
    /// The file holding each page-break marker written, by the marker's id (a marker
    /// that found no place in the text is not there).
    pub page_breaks: std::collections::BTreeMap<String, String>,
}

/// The `href` for a link to `url` written in chapter `current`: a fragment names the file
/// that holds the id; URLs with a scheme (`https:`, `mailto:` …) stay as they are. `None`,
/// so the link's text is written unlinked, for an id that is not in the book and for a
/// relative URL, which would point outside the publication.
fn resolve(url: &str, plan: &Plan<'_>, current: usize) -> Option<String> {
    if let Some(id) = url.strip_prefix('#') {
        let file = plan.locations.get(id)?;
        let here = plan.chapters.get(current).map(|c| c.file.as_str());
        Some(if here == Some(file.as_str()) {
            format!("#{id}")
        } else {
            format!("{file}#{id}")
        })
    } else {
        match quire_doc::url::classify(url) {
            quire_doc::url::Target::External(url) => Some(url),
            _ => None,
        }
    }
}

/// One chapter: its blocks in a section labelled by its heading (each sub-heading opens
/// a nested `section`, as in the web edition), then its footnotes and the editorial
/// notes whose passage ends in it (the `last` chapter also lists the notes whose
/// passage the text never reached), written by the shared writer `w` (which resolves
/// links across files with [`resolve`]).
fn chapter_document(
    w: &mut Writer<'_, '_>,
    chapter: &Chapter<'_>,
    lang: &str,
    book_title: &str,
    last: bool,
) -> String {
    let title = if chapter.title.is_empty() || chapter.title == book_title {
        book_title.to_string()
    } else {
        format!("{} — {book_title}", chapter.title)
    };
    let mut head = String::with_capacity(1024);
    let kind = chapter.division.map(|d| d.kind);
    let (body, section) = match kind {
        _ if is_index(chapter.blocks) => ("backmatter", " epub:type=\"index\" role=\"doc-index\""),
        None | Some(DivisionKind::Chapter) => {
            ("bodymatter", " epub:type=\"chapter\" role=\"doc-chapter\"")
        }
        Some(DivisionKind::Part) => ("bodymatter", " epub:type=\"part\" role=\"doc-part\""),
        Some(DivisionKind::Appendix) => (
            "bodymatter",
            " epub:type=\"appendix\" role=\"doc-appendix\"",
        ),
        // A preface, a foreword, a title page of the author's: which one is not known.
        Some(DivisionKind::FrontMatter) => ("frontmatter", ""),
        Some(DivisionKind::BackMatter) => ("backmatter", ""),
    };
    shell(&mut head, lang, &title, body);
    let part_title = (kind == Some(DivisionKind::Part)).then_some(chapter.title.as_str());
    match (&chapter.heading_id, part_title) {
        (Some(id), None) => head.push_str(&format!(
            "<section{section} aria-labelledby=\"{}\">\n",
            escape_attr(id)
        )),
        (_, Some(part)) => head.push_str(&format!(
            "<section{section} aria-labelledby=\"quire-part-title\">\n<h1 class=\"part-title\" id=\"quire-part-title\">{}</h1>\n",
            escape(part)
        )),
        (None, None) => head.push_str(&format!(
            "<section{section} aria-label=\"{}\">\n",
            escape_attr(&title)
        )),
    }
    w.raw(&head);
    match (&chapter.heading_id, chapter.blocks.split_first()) {
        (Some(_), Some((heading, rest))) if part_title.is_none() => {
            w.block(heading);
            w.sectioned_blocks(rest);
        }
        _ => w.sectioned_blocks(chapter.blocks),
    }
    w.raw("</section>\n");
    w.notes(&chapter.notes);
    let annotations = w.take_written_annotations();
    w.annotation_notes(&annotations, true);
    if last {
        let unreferenced = w.unreferenced_annotations();
        w.annotation_notes(&unreferenced, false);
    }
    w.raw(END);
    w.take()
}
