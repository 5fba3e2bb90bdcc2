//! Inline content, margin notes, and the phrasing-only rendering of note bodies.
//!
//! Margin notes sit inside the paragraph they belong to (that is what lets CSS float
//! them beside the very line that cites them), so their bodies must be phrasing
//! content: paragraphs of a note become `span`s displayed as blocks.

use quire_doc::enrich::{ABBR_CLASS, ABBR_DEFINITION_CLASS, ABBR_TITLE_KEY};
use quire_doc::{Block, BlockKind, Inline, InlineKind};

use crate::escape;
use crate::marks::Pending;
use crate::writer::{NoteStyle, PrintedNote, Syntax, Writer};

/// A margin note closed on narrow screens, yet found by find-in-page (which opens it).
const UNTIL_FOUND: &str = "hidden=\"until-found\"";

impl Writer<'_, '_> {
    /// Writes a run of inlines.
    pub fn inlines(&mut self, list: &[Inline]) {
        for inline in list {
            self.inline(inline);
        }
    }

    fn wrap(&mut self, open: &str, close: &str, content: &[Inline]) {
        self.out.push_str(open);
        self.inlines(content);
        self.out.push_str(close);
    }

    fn held(&mut self, f: impl FnOnce(&mut Self)) {
        self.hold += 1;
        f(self);
        self.hold -= 1;
        self.flush_notes();
    }

    fn inline(&mut self, inline: &Inline) {
        match &inline.kind {
            InlineKind::Text { text } => self.text(text),
            InlineKind::SoftBreak => self.text("\n"),
            InlineKind::LineBreak => {
                self.out.push_str("<br");
                self.out.push_str(self.void());
                self.out.push('\n');
                self.advance(1);
            }
            InlineKind::Emphasis { content } => self.wrap("<em>", "</em>", content),
            InlineKind::Strong { content } => self.wrap("<strong>", "</strong>", content),
            InlineKind::Strikeout { content } => self.wrap("<del>", "</del>", content),
            InlineKind::Superscript { content } => self.wrap("<sup>", "</sup>", content),
            InlineKind::Subscript { content } => self.wrap("<sub>", "</sub>", content),
            InlineKind::Keyboard { content } => self.wrap("<kbd>", "</kbd>", content),
            InlineKind::Code { attr, text } => self.held(|w| {
                w.out.push_str("<code");
                w.attrs(attr, &[]);
                w.out.push('>');
                w.text(text);
                w.out.push_str("</code>");
            }),
            InlineKind::Link {
                attr,
                url,
                title,
                content,
            } => self.held(|w| {
                let href = if w.link_depth > 0 { None } else { w.href(url) };
                let Some(href) = href else {
                    // Not in the publication (see `LinkResolver`): the text, unlinked.
                    w.out.push_str("<span");
                    w.attrs(attr, &[]);
                    w.out.push('>');
                    w.inlines(content);
                    w.out.push_str("</span>");
                    return;
                };
                w.out.push_str("<a");
                // The loader unlinked refused schemes already; this guard keeps a
                // document built some other way safe too.
                // Written percent-encoded, as an href must be; a fragment keeps the
                // letters of the id it names.
                let encoded = match quire_doc::url::classify(&href) {
                    quire_doc::url::Target::External(url) => Some(quire_doc::url::encode(&url)),
                    // Another file of the publication (an EPUB chapter): its `#id` part
                    // names an id as the target carries it.
                    quire_doc::url::Target::Relative(url) => Some(match url.split_once('#') {
                        Some((file, id)) => format!(
                            "{}#{}",
                            quire_doc::url::encode(file),
                            quire_doc::url::encode_fragment(id)
                        ),
                        None => quire_doc::url::encode(&url),
                    }),
                    quire_doc::url::Target::Fragment(_) => Some(quire_doc::url::encode_fragment(
                        &quire_doc::url::normalize(&href),
                    )),
                    quire_doc::url::Target::Refused(_) | quire_doc::url::Target::Malformed(_) => {
                        None
                    }
                };
                if let Some(encoded) = encoded {
                    w.out.push_str(" href=\"");
                    escape::attr(&mut w.out, &encoded);
                    w.out.push('"');
                }
                w.attrs(attr, &[]);
                if !title.is_empty() {
                    w.out.push_str(" title=\"");
                    escape::attr(&mut w.out, title);
                    w.out.push('"');
                }
                w.out.push('>');
                w.link_depth += 1;
                w.inlines(content);
                w.link_depth -= 1;
                w.out.push_str("</a>");
            }),
            InlineKind::Image {
                attr,
                src,
                alt,
                title,
            } => {
                if let Some(url) = (self.images)(src) {
                    self.out.push_str("<img src=\"");
                    escape::attr(&mut self.out, &url);
                    self.out.push_str("\" alt=\"");
                    escape::attr(&mut self.out, alt);
                    self.out.push('"');
                    self.image_size(src);
                    self.attrs(attr, &[]);
                    if !title.is_empty() {
                        self.out.push_str(" title=\"");
                        escape::attr(&mut self.out, title);
                        self.out.push('"');
                    }
                    self.out.push_str(self.void());
                }
            }
            InlineKind::NoteRef { id, note, number } => self.note_ref(id, note, *number),
            InlineKind::Span { attr, content } if attr.has_class(ABBR_CLASS) => self.held(|w| {
                let definition = attr.has_class(ABBR_DEFINITION_CLASS);
                if definition {
                    w.out.push_str("<dfn id=\"");
                    escape::attr(&mut w.out, &attr.id);
                    w.out.push_str("\">");
                }
                w.out.push_str("<abbr title=\"");
                escape::attr(&mut w.out, attr.get(ABBR_TITLE_KEY).unwrap_or(""));
                w.out.push_str("\">");
                w.inlines(content);
                w.out.push_str("</abbr>");
                if definition {
                    w.out.push_str("</dfn>");
                }
            }),
            // A page reference is print's: the screen has no pages.
            InlineKind::Span { attr, .. } if quire_doc::enrich::page_ref(attr).is_some() => {}
            InlineKind::Span { attr, content } => {
                let foreign = attr.get("lang").is_some_and(|l| {
                    crate::scripts::primary(l) != crate::scripts::primary(&self.doc.meta.language)
                });
                self.foreign += usize::from(foreign);
                self.out.push_str("<span");
                self.attrs(attr, &[]);
                self.out.push('>');
                self.inlines(content);
                self.out.push_str("</span>");
                self.foreign -= usize::from(foreign);
            }
            InlineKind::Cite { citations, content } => {
                // Pandoc's markup, which CSL-aware readers and scripts know.
                self.out.push_str("<span class=\"citation\" data-cites=\"");
                for (i, c) in citations.iter().enumerate() {
                    if i > 0 {
                        self.out.push(' ');
                    }
                    escape::attr(&mut self.out, &c.key);
                }
                self.out.push_str("\">");
                self.inlines(content);
                self.out.push_str("</span>");
            }
            InlineKind::Math { display, source } => self.held(|w| {
                w.out.push_str(if *display {
                    "<span class=\"math display\">"
                } else {
                    "<span class=\"math\">"
                });
                w.text(source);
                w.out.push_str("</span>");
            }),
            InlineKind::Raw { format, text } => {
                if self.cfg.allow_raw_html && format.eq_ignore_ascii_case("html") {
                    self.out.push_str(text);
                    self.advance(text.chars().count());
                } else {
                    self.held(|w| {
                        w.out.push_str("<code class=\"raw\">");
                        w.text(text);
                        w.out.push_str("</code>");
                    });
                }
            }
        }
    }

    /// Writes text of the projection, highlighting annotated pieces.
    pub(crate) fn text(&mut self, text: &str) {
        // A page of print that begins inside this run cuts it there, for its marker.
        if let Some(start) = self.cursor.filter(|&c| c < self.body_end)
            && let Some(at) = self.page_breaks.front().map(|b| b.at)
        {
            let len = text.chars().count();
            if at < start + len {
                let cut = at.saturating_sub(start);
                let byte = text.char_indices().nth(cut).map_or(text.len(), |(b, _)| b);
                let (before, after) = text.split_at(byte);
                if !before.is_empty() {
                    self.text_run(before);
                }
                self.page_breaks_before(start + cut + 1);
                if !after.is_empty() {
                    self.text(after);
                }
                return;
            }
        }
        self.text_run(text);
    }

    fn text_run(&mut self, text: &str) {
        let xhtml = self.cfg.syntax == Syntax::Xhtml;
        let lang = self.text_lang.unwrap_or(self.doc.meta.language.as_str());
        let Some(start) = self.cursor.filter(|_| !self.marks.is_empty()) else {
            self.write_text(text, lang, xhtml);
            self.advance(text.chars().count());
            return;
        };
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let end = start + bytes.len() - 1;
        self.cursor = Some(end);
        for piece in self.marks.pieces(start, end) {
            let run = &text[bytes[piece.start - start]..bytes[piece.end - start]];
            // A margin note's marker is a button, which a line may break before: the
            // passage's last word and the marker are kept together in a `nowrap` span.
            let glue = self.cfg.notes == NoteStyle::Sidenotes
                && self.hold == 0
                && piece
                    .covering
                    .iter()
                    .any(|&(i, _)| self.marks.annotations[i].target.end == piece.end);
            let cut = if glue {
                run.trim_end()
                    .rfind(char::is_whitespace)
                    .map_or(0, |b| b + run[b..].chars().next().map_or(1, char::len_utf8))
            } else {
                run.len()
            };
            if cut > 0 {
                self.marked(&piece.covering, &run[..cut], lang, xhtml);
            }
            if cut < run.len() {
                self.out.push_str("<span class=\"sn-glue\">");
                let later: Vec<(usize, bool)> = piece
                    .covering
                    .iter()
                    .map(|&(i, first)| (i, first && cut == 0))
                    .collect();
                self.marked(&later, &run[cut..], lang, xhtml);
            }
            self.marks.ended_by(piece.end);
            self.flush_notes();
            if cut < run.len() {
                self.out.push_str("</span>");
            }
        }
    }

    /// Writes `text` inside a `<mark>` for each annotation `covering` it (outermost
    /// first); the one whose first piece this is gets the id its note links back to.
    fn marked(&mut self, covering: &[(usize, bool)], text: &str, lang: &str, xhtml: bool) {
        for &(i, first) in covering {
            let slug = &self.marks.annotations[i].slug;
            self.out.push_str("<mark class=\"");
            self.out.push_str(&self.marks.mark_class(i));
            self.out.push('"');
            if first {
                self.out.push_str(" id=\"");
                escape::attr(&mut self.out, slug);
                self.out.push_str("-text\"");
            }
            self.out.push('>');
        }
        self.write_text(text, lang, xhtml);
        for _ in covering {
            self.out.push_str("</mark>");
        }
    }

    /// Writes a piece of text, escaped, with its foreign-script runs marked and, when
    /// asked for, soft hyphens (never in code, links or abbreviations, which hold notes
    /// back, nor in another language's words).
    fn write_text(&mut self, text: &str, lang: &str, xhtml: bool) {
        let soft = match &mut self.hyphenator {
            Some(h) if self.hold == 0 && self.foreign == 0 => h.soft(text),
            _ => None,
        };
        crate::scripts::text(&mut self.out, soft.as_deref().unwrap_or(text), lang, xhtml);
    }

    fn note_ref(&mut self, id: &str, note: &str, number: u32) {
        match &self.cfg.notes {
            NoteStyle::Sidenotes => {
                // The first reference carries the note (written right after it) and is
                // its toggle on narrow screens; a later one links to it.
                let first = self.cursor.is_some() && self.notes_written.insert(note.to_string());
                if first {
                    self.out
                        .push_str("<button type=\"button\" class=\"sn-ref fn\" id=\"");
                    escape::attr(&mut self.out, id);
                    self.out.push_str("\" aria-controls=\"");
                    escape::attr(&mut self.out, note);
                    self.out.push_str(&format!("\" aria-expanded=\"false\" aria-label=\"Footnote {number}\" data-n=\"{number}\"></button>"));
                    self.marks.pending.push(Pending::Footnote(note.to_string()));
                    self.flush_notes();
                } else {
                    self.out.push_str("<a class=\"sn-ref fn\" id=\"");
                    escape::attr(&mut self.out, id);
                    self.out.push_str("\" href=\"#");
                    escape::attr(&mut self.out, note);
                    self.out.push_str(&format!("\" role=\"doc-noteref\" aria-label=\"Footnote {number}\" data-n=\"{number}\"></a>"));
                }
            }
            NoteStyle::Footnotes { epub } => {
                let epub_type = if *epub { " epub:type=\"noteref\"" } else { "" };
                let target = format!("#{note}");
                let href = self.href(&target).unwrap_or(target);
                self.out.push_str("<sup><a class=\"noteref\" id=\"");
                escape::attr(&mut self.out, id);
                self.out.push_str("\" href=\"");
                escape::attr(&mut self.out, &href);
                self.out.push_str(&format!(
                    "\"{epub_type} role=\"doc-noteref\">{number}</a></sup>"
                ));
            }
        }
    }

    /// Writes the pending margin notes, unless inside an element that may not hold them.
    pub(crate) fn flush_notes(&mut self) {
        if self.hold > 0 || self.marks.pending.is_empty() {
            return;
        }
        let saved = self.cursor.take();
        for pending in self.marks.take_pending() {
            match pending {
                Pending::Annotation(i) if self.annotations_as_asides() => {
                    self.annotation_noteref(i)
                }
                Pending::Annotation(i) => self.annotation_note(i, true),
                Pending::Footnote(id) => {
                    let Some(note) = self.doc.notes.iter().find(|n| n.id == id) else {
                        continue;
                    };
                    let back = note.refs.first().cloned().unwrap_or_default();
                    let n = note.number;
                    self.out.push_str("<span class=\"sn fn\" id=\"");
                    escape::attr(&mut self.out, &note.id);
                    self.out.push_str(&format!(
                        "\" role=\"note\" aria-label=\"Footnote {n}\" {UNTIL_FOUND}><a class=\"sn-n\" href=\"#"
                    ));
                    escape::attr(&mut self.out, &back);
                    self.out.push_str(&format!(
                        "\" aria-label=\"Back to reference {n}\" data-n=\"{n}\"></a> "
                    ));
                    let from = self.out.len();
                    self.phrasing_blocks(&note.blocks);
                    self.printed_notes.push(PrintedNote {
                        marker: n.to_string(),
                        quote: String::new(),
                        body: crate::escape::without_ids(&self.out[from..]),
                    });
                    self.out.push_str("</span>");
                }
            }
        }
        self.cursor = saved;
    }

    /// Writes annotation `i`'s marker (when `marker`) and its margin note. The marker is
    /// the note's toggle on narrow screens, a `button` that says from the start which
    /// note it controls and that it is closed; the note is `hidden="until-found"`, so
    /// find-in-page still reaches its words (the stylesheet shows it in the margin on
    /// wide screens). A note without a marker (listed after the text) is always shown.
    pub(crate) fn annotation_note(&mut self, i: usize, marker: bool) {
        let anno = &self.marks.annotations[i];
        let letter = anno.marker();
        let slug = anno.slug.clone();
        let class = self.marks.note_class(i);
        let layer = self.marks.layer_label(i).map(str::to_string);
        if marker {
            self.out.push_str("<button type=\"button\" class=\"sn-ref");
            self.out.push_str(&class);
            self.out.push_str("\" id=\"");
            escape::attr(&mut self.out, &slug);
            self.out.push_str("-ref\" aria-controls=\"");
            escape::attr(&mut self.out, &slug);
            self.out.push_str(&format!(
                "\" aria-expanded=\"false\" aria-label=\"Note {letter}\" data-n=\"{letter}\"></button>"
            ));
        }
        self.out.push_str("<span class=\"sn");
        self.out.push_str(&class);
        self.out.push_str("\" id=\"");
        escape::attr(&mut self.out, &slug);
        self.out.push('"');
        // A body in another language than the document's says so, for its fonts,
        // hyphenation and voice; the runs inside it are judged against it.
        let doc_lang = self.doc.meta.language.as_str();
        let body_lang = anno
            .language
            .as_deref()
            .filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case(doc_lang));
        if let Some(lang) = body_lang {
            if self.cfg.syntax == Syntax::Xhtml {
                self.out.push_str(" xml:lang=\"");
                escape::attr(&mut self.out, lang);
                self.out.push('"');
            }
            self.out.push_str(" lang=\"");
            escape::attr(&mut self.out, lang);
            self.out.push('"');
        }
        self.out
            .push_str(&format!(" role=\"note\" aria-label=\"Note {letter}\""));
        if marker {
            self.out.push(' ');
            self.out.push_str(UNTIL_FOUND);
        }
        self.out.push_str("><a class=\"sn-n\" href=\"#");
        escape::attr(&mut self.out, &slug);
        self.out.push_str(&format!(
            "-text\" aria-label=\"Back to the passage of note {letter}\" data-n=\"{letter}\"></a> "
        ));
        if let Some(label) = layer {
            self.out.push_str("<span class=\"sn-layer\">");
            escape::text(&mut self.out, &label);
            self.out.push_str("</span> ");
        }
        let saved = std::mem::replace(&mut self.text_lang, body_lang);
        let from = self.out.len();
        self.phrasing_blocks(&anno.body);
        self.text_lang = saved;
        if marker {
            self.printed_notes.push(PrintedNote {
                marker: letter.clone(),
                quote: anno.quote.clone(),
                body: crate::escape::without_ids(&self.out[from..]),
            });
        }
        if let Some((by, when)) = crate::asides::credit(anno) {
            self.out.push_str("<span class=\"sn-meta\">");
            escape::text(&mut self.out, by);
            if let Some(when) = when {
                self.out.push_str(", <time datetime=\"");
                escape::attr(&mut self.out, when);
                self.out.push_str("\">");
                escape::text(&mut self.out, &quire_doc::human_date(when));
                self.out.push_str("</time>");
            }
            self.out.push_str("</span>");
        }
        self.out.push_str("</span>");
    }

    /// Writes blocks as phrasing content (spans shown as blocks), for note bodies.
    pub(crate) fn phrasing_blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match &block.kind {
                BlockKind::Paragraph { content } => {
                    self.wrap("<span class=\"snp\">", "</span>", content)
                }
                BlockKind::Heading { content, .. } => {
                    self.wrap("<strong class=\"snp\">", "</strong>", content)
                }
                BlockKind::CodeBlock { text, caption, .. } if !caption.is_empty() => {
                    self.wrap("<span class=\"snp\">", "</span>", caption);
                    self.out.push_str("<code class=\"snp\">");
                    escape::text(&mut self.out, text);
                    self.out.push_str("</code>");
                }
                BlockKind::CodeBlock { text, .. } | BlockKind::Raw { text, .. } => {
                    self.out.push_str("<code class=\"snp\">");
                    escape::text(&mut self.out, text);
                    self.out.push_str("</code>");
                }
                BlockKind::BlockQuote { blocks }
                | BlockKind::Div { blocks }
                | BlockKind::Alert { blocks, .. } => self.phrasing_blocks(blocks),
                BlockKind::List { items, .. } => {
                    for item in items {
                        self.out.push_str("<span class=\"snp sn-li\">");
                        self.phrasing_blocks(&item.blocks);
                        self.out.push_str("</span>");
                    }
                }
                BlockKind::Figure {
                    caption, credit, ..
                } => {
                    self.phrasing_blocks(caption);
                    self.wrap("<span class=\"snp\">", "</span>", credit);
                }
                BlockKind::Table {
                    header,
                    rows,
                    caption,
                    ..
                } => {
                    if !caption.is_empty() {
                        self.wrap("<span class=\"snp\">", "</span>", caption);
                    }
                    for row in std::iter::once(header).chain(rows) {
                        self.out.push_str("<span class=\"snp\">");
                        for (j, cell) in row.iter().enumerate() {
                            if j > 0 {
                                self.out.push_str(" · ");
                            }
                            self.inlines(&cell.content);
                        }
                        self.out.push_str("</span>");
                    }
                }
                BlockKind::DefinitionList { items } => {
                    for item in items {
                        self.wrap("<strong class=\"snp\">", "</strong>", &item.term);
                        for details in &item.details {
                            self.phrasing_blocks(details);
                        }
                    }
                }
                // An annotation's body is read on its own: it holds no index.
                BlockKind::ThematicBreak | BlockKind::Index { .. } => {}
            }
        }
    }
}
