//! The XHTML documents of the book: the shell every content document shares, the cover
//! page, the title page, the chapters and the navigation document.
//!
//! Each document carries `lang` and `xml:lang` on its root (Ace checks both), links the
//! one stylesheet, and wraps its content in a `section` with the structural semantics
//! (`epub:type` for reading systems, the matching DPUB-ARIA `role` for assistive
//! technology). Generated words that are not part of the document text (the title page,
//! navigation labels) live only in documents whose `body` says so with `epub:type`.

use quire_doc::{Document, Footnote};

use crate::markup::{self, Context};
use crate::plan::{Chapter, Heading};
use crate::xml::{self, escape};

/// Path of the stylesheet relative to a content document.
pub const CSS_HREF: &str = "../css/book.css";

/// Writes the common head of an XHTML document and opens its body.
fn shell(out: &mut String, lang: &str, title: &str, body_type: &str) {
    let lang = escape(lang);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n"
    ));
    out.push_str(&format!(
        "<head>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"{CSS_HREF}\"/>\n</head>\n",
        escape(title)
    ));
    out.push_str(&format!("<body epub:type=\"{body_type}\">\n"));
}

const END: &str = "</body>\n</html>\n";

/// The cover page: the cover image, full page.
pub fn cover(lang: &str, title: &str, alt: &str) -> String {
    let mut o = String::with_capacity(1024);
    shell(&mut o, lang, title, "cover");
    o.push_str(
        "<section class=\"cover\">\n<img role=\"doc-cover\" src=\"../images/cover.svg\" alt=\"",
    );
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
    let details = [
        ("source", meta.source.as_deref()),
        ("date", meta.date.as_deref()),
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
    o.push_str("</section>\n");
    o.push_str(END);
    o
}

/// One chapter: its blocks in a section, then its footnotes.
pub fn chapter(
    chapter: &Chapter<'_>,
    cx: &mut Context<'_>,
    lang: &str,
    book_title: &str,
) -> String {
    let mut o = String::with_capacity(16 * 1024);
    let title = if chapter.title.is_empty() || chapter.title == book_title {
        book_title.to_string()
    } else {
        format!("{} — {book_title}", chapter.title)
    };
    shell(&mut o, lang, &title, "bodymatter");
    match &chapter.heading_id {
        Some(id) => o.push_str(&format!(
            "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{}\">\n",
            escape(id)
        )),
        None => o.push_str(&format!(
            "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-label=\"{}\">\n",
            escape(&title)
        )),
    }
    markup::blocks(&mut o, cx, chapter.blocks);
    o.push_str("</section>\n");
    if !chapter.notes.is_empty() {
        o.push_str("<section class=\"footnotes\" epub:type=\"footnotes\" aria-label=\"Notes\">\n");
        for note in &chapter.notes {
            footnote(&mut o, cx, note);
        }
        o.push_str("</section>\n");
    }
    o.push_str(END);
    o
}

/// A note as an EPUB 3 footnote: an `aside` whose first paragraph opens with a back-link
/// to the first reference (Kindle needs the link at the start to make a pop-up).
fn footnote(o: &mut String, cx: &mut Context<'_>, note: &Footnote) {
    o.push_str(&format!(
        "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\">\n",
        escape(&note.id)
    ));
    let back = note.refs.first().and_then(|r| cx.fragment(r));
    let link = back.map(|href| {
        let mut a = String::new();
        a.push_str("<a role=\"doc-backlink\" href=\"");
        xml::attr(&mut a, &href);
        a.push_str(&format!(
            "\" aria-label=\"Back to reference {n}\">{n}.</a> ",
            n = note.number
        ));
        a
    });
    let mut body = String::new();
    markup::blocks(&mut body, cx, &note.blocks);
    match link {
        // Put the back-link inside the first paragraph, so the note reads "1. Text…".
        Some(link) if body.starts_with("<p") => {
            let at = body.find('>').map_or(0, |i| i + 1);
            body.insert_str(at, &link);
            o.push_str(&body);
        }
        Some(link) => {
            o.push_str(&format!("<p class=\"note-back\">{link}</p>\n"));
            o.push_str(&body);
        }
        None => o.push_str(&body),
    }
    o.push_str("</aside>\n");
}

/// A landmark of the navigation document.
pub struct Landmark<'a> {
    /// `epub:type` of the target (`cover`, `titlepage`, `toc`, `bodymatter`).
    pub kind: &'a str,
    /// The label.
    pub label: &'a str,
    /// The target, relative to the `text/` folder.
    pub href: String,
}

/// The navigation document: the full heading tree and the landmarks.
pub fn nav(lang: &str, title: &str, headings: &[Heading], landmarks: &[Landmark<'_>]) -> String {
    let mut o = String::with_capacity(4096);
    shell(&mut o, lang, title, "frontmatter");
    o.push_str(
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n",
    );
    o.push_str("<h1 id=\"toc-title\">Contents</h1>\n");
    toc_list(&mut o, headings);
    o.push_str("</nav>\n");
    o.push_str("<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"Landmarks\" hidden=\"hidden\">\n<ol>\n");
    for l in landmarks {
        o.push_str(&format!(
            "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
            l.kind,
            escape(&l.href),
            escape(l.label)
        ));
    }
    o.push_str("</ol>\n</nav>\n");
    o.push_str(END);
    o
}

/// Writes headings as nested `ol`s. The shallowest level present is the top; a level that
/// jumps deeper by more than one is nested one step only (a nav list cannot skip levels).
fn toc_list(o: &mut String, headings: &[Heading]) {
    let top = headings.iter().map(|h| h.level).min().unwrap_or(1);
    let mut depth = 0usize; // number of open <ol>
    let mut item_open = false;
    for h in headings {
        let want = usize::from(h.level - top) + 1;
        if want > depth {
            // Open one (or the first) list inside the open item.
            o.push_str("<ol>\n");
            depth += 1;
        } else {
            if item_open {
                o.push_str("</li>\n");
            }
            while depth > want.max(1) {
                o.push_str("</ol>\n</li>\n");
                depth -= 1;
            }
        }
        o.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape(&h.href),
            escape(&h.text)
        ));
        item_open = true;
    }
    if item_open {
        o.push_str("</li>\n");
    }
    while depth > 0 {
        o.push_str("</ol>\n");
        depth -= 1;
        if depth > 0 {
            o.push_str("</li>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str) -> Heading {
        Heading {
            level,
            text: text.into(),
            href: format!("ch.xhtml#{text}"),
        }
    }

    #[test]
    fn toc_nests_and_closes_every_list() {
        let mut o = String::new();
        toc_list(
            &mut o,
            &[
                h(2, "I"),
                h(3, "a"),
                h(3, "b"),
                h(2, "II"),
                h(4, "c"),
                h(2, "III"),
            ],
        );
        assert_eq!(o.matches("<ol>").count(), o.matches("</ol>").count());
        assert_eq!(o.matches("<li>").count(), o.matches("</li>").count());
        assert!(o.starts_with("<ol>\n<li><a href=\"ch.xhtml#I\">I</a><ol>"));
    }
}
