//! Block and inline content as XHTML.
//!
//! This is the seam with the shared (X)HTML writer that `quire-html` owns (DESIGN.md: the
//! EPUB reuses the web edition's writer). That writer did not exist yet when this crate
//! was written, so this module holds an interim writer behind one function, [`blocks`],
//! taking a [`Context`] with the only two things an EPUB writer needs that a single-page
//! web writer does not: a link resolver (a `#fragment` must name the content document that
//! holds the id) and an image sink (local images become package resources). Switching to
//! `quire-html` means replacing the body of [`blocks`] and deleting the rest.
//!
//! Output conventions, chosen for validators and e-readers:
//! - every block keeps its model id, so `#p-3f9a1c` means the same thing in every edition;
//! - note references are `<a epub:type="noteref" role="doc-noteref">` inside `<sup>`;
//! - words that are not in the document text (note numbers, back-links) are only ever
//!   written inside elements marked as such (`doc-noteref`, `doc-backlink`), so the
//!   book's text can be compared with the plain-text projection;
//! - raw HTML is escaped and shown as text: an EPUB must be well-formed XML, which
//!   arbitrary HTML is not.

use std::collections::BTreeMap;

use quire_doc::{Align, Block, BlockKind, Cell, Inline, InlineKind, ListKind};

use crate::xml;

/// What the writer needs to know about the rest of the book.
pub struct Context<'a> {
    /// File name of the document being written.
    pub file: &'a str,
    /// Where each id lives (see [`crate::plan::Plan::locations`]).
    pub locations: &'a BTreeMap<String, String>,
    /// Local images met so far: source path → package path relative to `text/`.
    pub images: &'a mut dyn FnMut(&str) -> Option<String>,
}

impl Context<'_> {
    /// The href for `#id`, or `None` when the id is not in the book.
    pub fn fragment(&self, id: &str) -> Option<String> {
        let file = self.locations.get(id)?;
        Some(if file == self.file {
            format!("#{id}")
        } else {
            format!("{file}#{id}")
        })
    }
}

/// Writes `blocks` as XHTML.
pub fn blocks(out: &mut String, cx: &mut Context<'_>, blocks: &[Block]) {
    for b in blocks {
        block(out, cx, b);
    }
}

fn open(out: &mut String, tag: &str, id: &str, class: &[String], extra: &str) {
    out.push('<');
    out.push_str(tag);
    if !id.is_empty() {
        out.push_str(" id=\"");
        xml::attr(out, id);
        out.push('"');
    }
    if !class.is_empty() {
        out.push_str(" class=\"");
        xml::attr(out, &class.join(" "));
        out.push('"');
    }
    out.push_str(extra);
    out.push('>');
}

fn close(out: &mut String, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

fn block(out: &mut String, cx: &mut Context<'_>, b: &Block) {
    let id = b.id();
    let cls = &b.attr.classes;
    match &b.kind {
        BlockKind::Heading { level, content } => {
            let tag = format!("h{}", (*level).clamp(1, 6));
            open(out, &tag, id, cls, "");
            inlines(out, cx, content);
            close(out, &tag);
        }
        BlockKind::Paragraph { content } => {
            open(out, "p", id, cls, "");
            inlines(out, cx, content);
            close(out, "p");
        }
        BlockKind::BlockQuote { blocks: inner } => {
            open(out, "blockquote", id, cls, "");
            out.push('\n');
            blocks(out, cx, inner);
            close(out, "blockquote");
        }
        BlockKind::List { kind, tight, items } => {
            let (tag, extra) = match kind {
                ListKind::Bullet => ("ul", String::new()),
                ListKind::Ordered { start: 1 } => ("ol", String::new()),
                ListKind::Ordered { start } => ("ol", format!(" start=\"{start}\"")),
            };
            let mut classes = cls.clone();
            if !tight {
                classes.push("loose".into());
            }
            open(out, tag, id, &classes, &extra);
            out.push('\n');
            for item in items {
                let task = match item.checked {
                    Some(true) => " class=\"task done\"",
                    Some(false) => " class=\"task\"",
                    None => "",
                };
                open(out, "li", &item.id, &[], task);
                if let Some(done) = item.checked {
                    let label = if done { "done" } else { "not done" };
                    let checked = if done { " checked=\"checked\"" } else { "" };
                    out.push_str(&format!(
                        "<input type=\"checkbox\" disabled=\"disabled\"{checked} aria-label=\"{label}\"/> "
                    ));
                }
                // Tight items hold bare paragraphs; writing them as text keeps the list compact.
                match (tight, item.blocks.as_slice()) {
                    (true, [only]) if matches!(only.kind, BlockKind::Paragraph { .. }) => {
                        if let BlockKind::Paragraph { content } = &only.kind {
                            open(out, "span", only.id(), &[], "");
                            inlines(out, cx, content);
                            out.push_str("</span>");
                        }
                    }
                    _ => blocks(out, cx, &item.blocks),
                }
                close(out, "li");
            }
            close(out, tag);
        }
        BlockKind::CodeBlock { language, text } => {
            open(out, "pre", id, cls, "");
            match language {
                Some(lang) if !lang.is_empty() => {
                    out.push_str("<code class=\"language-");
                    xml::attr(out, lang);
                    out.push_str("\">");
                }
                _ => out.push_str("<code>"),
            }
            xml::text(out, text);
            out.push_str("</code>");
            close(out, "pre");
        }
        BlockKind::ThematicBreak => {
            open(out, "hr", id, cls, "/");
            out.push('\n');
        }
        BlockKind::Table {
            columns,
            header,
            rows,
        } => table(out, cx, b, columns, header, rows),
        BlockKind::Figure {
            image,
            caption,
            credit,
        } => {
            open(out, "figure", id, cls, "");
            out.push('\n');
            if let Some((img, href)) = image
                .as_ref()
                .and_then(|img| (cx.images)(&img.src).map(|href| (img, href)))
            {
                out.push_str("<img src=\"");
                xml::attr(out, &href);
                out.push_str("\" alt=\"");
                xml::attr(out, &img.alt);
                out.push_str("\"/>\n");
            }
            if !caption.is_empty() || !credit.is_empty() {
                out.push_str("<figcaption>");
                blocks(out, cx, caption);
                if !credit.is_empty() {
                    out.push_str(&format!("<p class=\"credit\" id=\"{id}-credit\">"));
                    inlines(out, cx, credit);
                    out.push_str("</p>");
                }
                close(out, "figcaption");
            }
            close(out, "figure");
        }
        BlockKind::DefinitionList { items } => {
            open(out, "dl", id, cls, "");
            out.push('\n');
            for item in items {
                open(out, "dt", &item.id, &[], "");
                inlines(out, cx, &item.term);
                close(out, "dt");
                for details in &item.details {
                    out.push_str("<dd>");
                    blocks(out, cx, details);
                    close(out, "dd");
                }
            }
            close(out, "dl");
        }
        BlockKind::Alert {
            kind,
            title,
            blocks: inner,
        } => {
            let name = format!("{kind:?}").to_lowercase();
            let mut classes = vec!["alert".to_string(), format!("alert-{name}")];
            classes.extend(cls.iter().cloned());
            let extra = format!(" role=\"note\" aria-labelledby=\"{id}-title\"");
            open(out, "div", id, &classes, &extra);
            out.push_str(&format!("<p class=\"alert-title\" id=\"{id}-title\">"));
            xml::text(out, title);
            out.push_str("</p>\n");
            blocks(out, cx, inner);
            close(out, "div");
        }
        BlockKind::Div { blocks: inner } => {
            open(out, "div", id, cls, "");
            out.push('\n');
            blocks(out, cx, inner);
            close(out, "div");
        }
        BlockKind::Raw { format, text } => {
            let classes = vec!["raw".to_string(), format!("raw-{format}")];
            open(out, "pre", id, &classes, "");
            xml::text(out, text);
            close(out, "pre");
        }
    }
}

fn table(
    out: &mut String,
    cx: &mut Context<'_>,
    b: &Block,
    columns: &[Align],
    header: &[Cell],
    rows: &[Vec<Cell>],
) {
    let align = |i: usize| match columns.get(i).copied().unwrap_or_default() {
        Align::Default => "",
        Align::Left => " class=\"left\"",
        Align::Center => " class=\"center\"",
        Align::Right => " class=\"right\"",
    };
    open(out, "table", b.id(), &b.attr.classes, "");
    out.push_str("\n<thead><tr>");
    for (i, cell) in header.iter().enumerate() {
        out.push_str(&format!("<th scope=\"col\"{}>", align(i)));
        inlines(out, cx, &cell.content);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            out.push_str(&format!("<td{}>", align(i)));
            inlines(out, cx, &cell.content);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n");
    close(out, "table");
}

/// Writes a run of inlines.
pub fn inlines(out: &mut String, cx: &mut Context<'_>, inlines: &[Inline]) {
    for i in inlines {
        inline(out, cx, i);
    }
}

fn wrap(out: &mut String, cx: &mut Context<'_>, tag: &str, content: &[Inline]) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    inlines(out, cx, content);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

fn inline(out: &mut String, cx: &mut Context<'_>, i: &Inline) {
    match &i.kind {
        InlineKind::Text { text } => xml::text(out, text),
        InlineKind::SoftBreak => out.push('\n'),
        InlineKind::LineBreak => out.push_str("<br/>\n"),
        InlineKind::Emphasis { content } => wrap(out, cx, "em", content),
        InlineKind::Strong { content } => wrap(out, cx, "strong", content),
        InlineKind::Strikeout { content } => wrap(out, cx, "s", content),
        InlineKind::Superscript { content } => wrap(out, cx, "sup", content),
        InlineKind::Subscript { content } => wrap(out, cx, "sub", content),
        InlineKind::Code { attr, text } => {
            open(out, "code", &attr.id, &attr.classes, "");
            xml::text(out, text);
            out.push_str("</code>");
        }
        InlineKind::Link {
            attr,
            url,
            title,
            content,
        } => {
            let href = if let Some(frag) = url.strip_prefix('#') {
                cx.fragment(frag)
            } else if has_scheme(url) {
                Some(url.clone())
            } else {
                // A relative link to a file outside the book cannot work in an EPUB.
                None
            };
            match href {
                Some(href) => {
                    let mut extra = format!(" href=\"{}\"", attr_escaped(&href));
                    if !title.is_empty() {
                        extra.push_str(&format!(" title=\"{}\"", attr_escaped(title)));
                    }
                    open(out, "a", &attr.id, &attr.classes, &extra);
                    inlines(out, cx, content);
                    out.push_str("</a>");
                }
                None => {
                    open(out, "span", &attr.id, &attr.classes, "");
                    inlines(out, cx, content);
                    out.push_str("</span>");
                }
            }
        }
        InlineKind::Image { attr, src, alt, .. } => {
            if let Some(href) = (cx.images)(src) {
                let extra = format!(
                    " src=\"{}\" alt=\"{}\"/",
                    attr_escaped(&href),
                    attr_escaped(alt)
                );
                open(out, "img", &attr.id, &attr.classes, &extra);
            }
        }
        InlineKind::NoteRef { id, note, number } => {
            let href = cx.fragment(note).unwrap_or_else(|| format!("#{note}"));
            out.push_str(&format!(
                "<sup><a epub:type=\"noteref\" role=\"doc-noteref\" id=\"{}\" href=\"{}\">{number}</a></sup>",
                attr_escaped(id),
                attr_escaped(&href)
            ));
        }
        InlineKind::Span { attr, content } => {
            open(out, "span", &attr.id, &attr.classes, "");
            inlines(out, cx, content);
            out.push_str("</span>");
        }
        InlineKind::Math { display, source } => {
            let class = if *display {
                "math display"
            } else {
                "math inline"
            };
            out.push_str(&format!("<code class=\"{class}\">"));
            xml::text(out, source);
            out.push_str("</code>");
        }
        InlineKind::Raw { text, .. } => {
            out.push_str("<code class=\"raw\">");
            xml::text(out, text);
            out.push_str("</code>");
        }
    }
}

fn attr_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    xml::attr(&mut out, s);
    out
}

/// Whether `url` starts with a URL scheme (`https:`, `mailto:` …).
fn has_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}
