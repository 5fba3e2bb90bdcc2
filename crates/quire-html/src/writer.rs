//! The (X)HTML writer for block and inline content, shared by the web edition and the
//! EPUB.
//!
//! One [`Writer`] walks the model and appends markup to a `String`. The same code writes
//! HTML5 (`<br>`) or XHTML (`<br/>`, `xml:lang`) as [`Syntax`] says, and footnotes either
//! as margin notes beside the text ([`NoteStyle::Sidenotes`], the web edition) or as
//! links to notes the caller places itself with [`Writer::notes`]
//! ([`NoteStyle::Footnotes`], the EPUB's pop-up footnotes). While writing, it counts the
//! code points of the plain-text projection it has written (the *cursor*), which is how
//! annotation ranges — ranges of that projection — become highlights in the page without
//! a second pass over the text.
//!
//! # Writing one document into several files
//!
//! The web edition is one page; an EPUB splits the same document over several content
//! documents, where `#id` only works if it names the file that holds the id. Two small
//! hooks cover that, and leave single-page output untouched when unused:
//! - a [`LinkResolver`], given with [`Writer::with_links`], rewrites every link target
//!   (source links, note references, note back-links) or turns a link whose target is
//!   not in the publication into plain text;
//! - [`WriterConfig::element_ids`] lists, before anything is written, the ids the writer
//!   will give elements, so the caller can map each id to its file first (a link may
//!   point forward); [`Writer::take`] hands over the markup of one file at a time, and
//!   [`Writer::notes`] writes the footnotes a file should end with.

use std::collections::{BTreeSet, HashMap};

use quire_doc::enrich::{ABBR_CLASS, ABBR_DEFINITION_CLASS, REFERENCES_CLASS};
use quire_doc::enrich::{PARAGRAPH_NUMBER_KEY, paragraph_number};
use quire_doc::{
    Align, Assets, Attr, Block, BlockKind, Document, Footnote, Inline, InlineKind, ListKind,
    project,
};

use crate::escape;
use crate::marks::Marks;

/// HTML or XHTML serialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// HTML5 syntax: void elements as `<br>`, `lang` only. The default.
    #[default]
    Html,
    /// XHTML (the XML syntax of HTML5, as EPUB requires): `<br/>`, `lang` and `xml:lang`.
    Xhtml,
}

/// How footnote references and notes are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteStyle {
    /// Each note is written beside its first reference, as a margin note (web edition).
    Sidenotes,
    /// Each reference is a superscript number linking to `#{note id}` (through the
    /// [`LinkResolver`], if there is one); the caller writes the notes where they belong
    /// with [`Writer::notes`] or [`Writer::footnote`]. With `epub`, references, notes and
    /// the notes section carry `epub:type` (`noteref`, `footnote`, `footnotes`), which is
    /// what makes Apple Books, Kobo and Kindle show a note as a pop-up; editorial
    /// annotations then take the same form (see [`Writer::annotation_notes`]) and
    /// paragraph numbers are written as text. Without it (the book site's pages),
    /// annotations stay margin notes and paragraph numbers permalinks.
    Footnotes {
        /// Add `epub:type` attributes (the document must declare the `epub` namespace).
        epub: bool,
    },
}

/// What the writer produces; every field is documented with its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriterConfig {
    /// HTML or XHTML. Default [`Syntax::Html`].
    pub syntax: Syntax,
    /// How footnotes are written. Default [`NoteStyle::Sidenotes`].
    pub notes: NoteStyle,
    /// Write raw `html` blocks and inlines as markup instead of as visible text.
    /// Default `false` (the source cannot inject markup).
    pub allow_raw_html: bool,
    /// Show each paragraph's number (from `quire-annotate`) as a permalink. Default `true`.
    pub paragraph_numbers: bool,
    /// Make each heading a link to itself. Default `true`.
    pub heading_links: bool,
    /// Put a soft hyphen at every point where a word of the document's language may
    /// break (Quire's own hyphenator, the PDF's), except in code, links, abbreviations,
    /// runs in another language and capitalised words. For readers that justify text
    /// but have no dictionary (Chromium- and Qt-based ones). Default `false`.
    pub soft_hyphens: bool,
}

impl Default for WriterConfig {
    fn default() -> Self {
        Self {
            syntax: Syntax::Html,
            notes: NoteStyle::Sidenotes,
            allow_raw_html: false,
            paragraph_numbers: true,
            heading_links: true,
            soft_hyphens: false,
        }
    }
}

impl WriterConfig {
    /// The ids that a writer with this configuration gives elements when it writes
    /// `blocks`, in document order: block ids, list items, definition terms, figure
    /// credits (`{id}-credit`), alert titles (`{id}-title`), ids on inlines, note
    /// references, abbreviation definitions and index entries. Annotation markers and margin notes
    /// (web edition) and the notes placed with [`Writer::notes`] (the note's own id,
    /// then the ids of its blocks) are not included.
    pub fn element_ids(&self, blocks: &[Block]) -> Vec<String> {
        let mut ids = Vec::new();
        self.block_ids(blocks, &mut ids);
        ids.retain(|id| !id.is_empty());
        ids
    }

    fn block_ids(&self, blocks: &[Block], ids: &mut Vec<String>) {
        for block in blocks {
            let id = block.id();
            // Raw HTML written as markup is the only block without its id.
            let raw_markup = matches!(&block.kind, BlockKind::Raw { format, .. }
                if self.allow_raw_html && format.eq_ignore_ascii_case("html"));
            if !raw_markup {
                ids.push(id.to_string());
            }
            match &block.kind {
                BlockKind::Raw { fallback, .. } if !raw_markup => self.block_ids(fallback, ids),
                BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                    inline_ids(content, ids)
                }
                BlockKind::BlockQuote { blocks } | BlockKind::Div { blocks } => {
                    self.block_ids(blocks, ids)
                }
                BlockKind::Alert { blocks, .. } => {
                    ids.push(format!("{id}-title"));
                    self.block_ids(blocks, ids);
                }
                BlockKind::List { items, .. } => {
                    for item in items {
                        ids.push(item.id.clone());
                        self.block_ids(&item.blocks, ids);
                    }
                }
                BlockKind::Table {
                    header,
                    rows,
                    caption,
                    ..
                } => {
                    if !caption.is_empty() {
                        ids.push(quire_doc::caption_id(id));
                        inline_ids(caption, ids);
                    }
                    for cell in header.iter().chain(rows.iter().flatten()) {
                        inline_ids(&cell.content, ids);
                    }
                }
                BlockKind::CodeBlock { caption, .. } => {
                    if !caption.is_empty() {
                        ids.push(quire_doc::caption_id(id));
                        inline_ids(caption, ids);
                    }
                }
                BlockKind::Figure {
                    caption, credit, ..
                } => {
                    self.block_ids(caption, ids);
                    if !credit.is_empty() {
                        ids.push(format!("{id}-credit"));
                        inline_ids(credit, ids);
                    }
                }
                BlockKind::DefinitionList { items } => {
                    for item in items {
                        ids.push(item.id.clone());
                        inline_ids(&item.term, ids);
                        for details in &item.details {
                            self.block_ids(details, ids);
                        }
                    }
                }
                BlockKind::Index { groups } => crate::index::index_ids(groups, ids),
                BlockKind::ThematicBreak | BlockKind::Raw { .. } => {}
            }
        }
    }
}

/// The ids [`WriterConfig::element_ids`] finds in a run of inlines.
fn inline_ids(inlines: &[Inline], ids: &mut Vec<String>) {
    for inline in inlines {
        match &inline.kind {
            InlineKind::NoteRef { id, .. } => ids.push(id.clone()),
            InlineKind::Span { attr, .. } if attr.has_class(ABBR_CLASS) => {
                if attr.has_class(ABBR_DEFINITION_CLASS) {
                    ids.push(attr.id.clone());
                }
            }
            other => ids.extend(other.id().map(str::to_string)),
        }
        inline_ids(inline.kind.children(), ids);
    }
}

/// Turns an image `src` from the document into the URL to write (a `data:` URI, a path
/// inside an EPUB …).
/// `None` leaves the image out (the loader has reported why it could not be loaded).
pub type ImageResolver<'a> = dyn FnMut(&str) -> Option<String> + 'a;

/// Rewrites link targets for output split over several files (see the module doc).
///
/// It is called with each link's URL as written in the source (`#id`, `https://…`,
/// `notes.html`) and with `#id` for the writer's own links between note references and
/// notes. It returns the `href` to write, or `None` when the target is not part of the
/// publication: a source link is then written as a `span` holding its text, and a note
/// link keeps `#id`. Without a resolver every URL is written as it is.
pub type LinkResolver<'a> = dyn FnMut(&str) -> Option<String> + 'a;

/// Writes blocks and inlines of one document.
pub struct Writer<'d, 'r> {
    pub(crate) cfg: WriterConfig,
    pub(crate) out: String,
    pub(crate) doc: &'d Document,
    pub(crate) images: &'r mut ImageResolver<'r>,
    /// The loaded images, for the `width`/`height` of each `<img>` (see
    /// [`Writer::with_image_sizes`]).
    pub(crate) image_sizes: Option<&'d Assets>,
    pub(crate) links: Option<&'r mut LinkResolver<'r>>,
    /// Start of each text unit of the projection, by node id.
    pub(crate) units: HashMap<String, usize>,
    /// Code points of the projection written so far, or `None` outside the text
    /// (annotation bodies), where nothing is highlighted.
    pub(crate) cursor: Option<usize>,
    pub(crate) marks: Marks<'d>,
    /// Notes already written as sidenotes.
    pub(crate) notes_written: BTreeSet<String>,
    /// How many links enclose the current position: HTML forbids a link in a link, so
    /// an inner one (`<a href>` written inside `[…](…)`) is written as its text.
    pub(crate) link_depth: usize,
    /// Depth of elements inside which a margin note may not go (links, abbreviations,
    /// code), so it waits until they close.
    pub(crate) hold: usize,
    pub(crate) table_count: usize,
    /// Levels added to every heading of the text (1 on a page whose own title is the
    /// one `h1`, when the text has level-1 headings of its own).
    pub(crate) heading_shift: u8,
    /// Levels taken from every heading (a site's chapter page whose first heading is
    /// below level 1 becomes the page's `h1`).
    pub(crate) heading_lift: u8,
    /// The lowest level a heading is written at (2 on a site's page below its `h1`).
    pub(crate) heading_min: u8,
    /// Page-break markers still to write, in order: where in the projection (code
    /// points), the marker's id and the page's label (see [`Writer::with_page_breaks`]).
    pub(crate) page_breaks: std::collections::VecDeque<PageBreak>,
    /// Where the body's text ends in the projection (the notes follow): markers are
    /// written in the body only.
    pub(crate) body_end: usize,
    /// Ids of the markers written since [`Writer::take_written_page_breaks`].
    pub(crate) page_breaks_written: Vec<String>,
    /// The language text is judged against for foreign-script runs when it is not the
    /// document's (inside an annotation whose body states another).
    pub(crate) text_lang: Option<&'d str>,
    /// The margin notes written so far, again, for the endnotes print shows.
    pub(crate) printed_notes: Vec<PrintedNote>,
    /// Annotations whose noteref was written since [`Writer::take_written_annotations`]
    /// (footnote style only).
    pub(crate) annotations_written: Vec<usize>,
    /// The document language's hyphenator, with [`WriterConfig::soft_hyphens`].
    pub(crate) hyphenator: Option<quire_hyphenate::Hyphenator>,
    /// How many enclosing spans are in another language than the document's (their
    /// words are not the hyphenator's).
    pub(crate) foreign: usize,
    /// The level of the last heading written (the index's letters go one below it).
    pub(crate) last_heading_level: u8,
}

/// A margin note as the print stylesheet's endnotes list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrintedNote {
    /// The marker the text shows (`c`, or a footnote's number).
    pub marker: String,
    /// The annotated passage (empty for a footnote).
    pub quote: String,
    /// The note's markup, as written in the margin.
    pub body: String,
}

/// A page of the print edition, marked where it begins in the text (EPUB's page list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBreak {
    /// Where the page begins in the plain-text projection, in code points.
    pub at: usize,
    /// The marker's id.
    pub id: String,
    /// The page's label as printed.
    pub label: String,
}

impl<'d, 'r> Writer<'d, 'r> {
    /// A writer for `doc`. With `annotate`, the document's anchored annotations are
    /// highlighted and written as margin notes (web edition), or, with
    /// [`NoteStyle::Footnotes`], as noterefs to notes the caller places with
    /// [`Writer::annotation_notes`] (EPUB).
    pub fn new(
        doc: &'d Document,
        cfg: WriterConfig,
        images: &'r mut ImageResolver<'r>,
        annotate: bool,
    ) -> Self {
        let projection = project(doc);
        let units = projection
            .units
            .into_iter()
            .map(|u| (u.id, u.range.start))
            .collect();
        let hyphenator = cfg
            .soft_hyphens
            .then(|| {
                quire_hyphenate::Hyphenator::for_language(&doc.meta.language)
                    .with_capitals(doc.meta.hyphenate_capitals())
            })
            .filter(quire_hyphenate::Hyphenator::is_active);
        Self {
            cfg,
            out: String::new(),
            doc,
            images,
            image_sizes: None,
            links: None,
            units,
            cursor: None,
            marks: Marks::new(if annotate { &doc.annotations } else { &[] }),
            notes_written: BTreeSet::new(),
            link_depth: 0,
            hold: 0,
            table_count: 0,
            heading_shift: 0,
            page_breaks: Default::default(),
            body_end: 0,
            page_breaks_written: Vec::new(),
            annotations_written: Vec::new(),
            hyphenator,
            foreign: 0,
            heading_lift: 0,
            heading_min: 1,
            text_lang: None,
            printed_notes: Vec::new(),
            last_heading_level: 1,
        }
    }

    /// Writes an empty page-break marker (`epub:type="pagebreak"`, `role="doc-pagebreak"`,
    /// labelled with the page's label) where each of `breaks` begins, in projection order;
    /// a marker falls before the first character of the body's text at or after its
    /// place (never in the notes, which the projection puts after the body).
    pub fn with_page_breaks(mut self, mut breaks: Vec<PageBreak>) -> Self {
        // The notes' text follows the body's: the body ends where the notes' text starts
        // (the earliest unit of a note's block, from the units the writer already has).
        let mut body_end = usize::MAX;
        for note in &self.doc.notes {
            quire_doc::walk_blocks(&note.blocks, &mut |b| {
                if let Some(&start) = self.units.get(b.id()) {
                    body_end = body_end.min(start);
                }
            });
        }
        self.body_end = body_end;
        breaks.sort_by_key(|b| b.at);
        self.page_breaks = breaks.into();
        self
    }

    /// The ids of the page-break markers written since the last call, in order (so a
    /// caller writing several files learns which file holds each). A marker whose place
    /// has no text after it in the body (a long word broken across pages that ends the
    /// text) is never written.
    pub fn take_written_page_breaks(&mut self) -> Vec<String> {
        std::mem::take(&mut self.page_breaks_written)
    }

    /// Writes the markers of the pages that begin before projection offset `upto`.
    pub(crate) fn page_breaks_before(&mut self, upto: usize) {
        while self.page_breaks.front().is_some_and(|b| b.at < upto) {
            let Some(b) = self.page_breaks.pop_front() else {
                break;
            };
            self.page_breaks_written.push(b.id.clone());
            self.out
                .push_str("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"");
            escape::attr(&mut self.out, &b.id);
            self.out.push_str("\" aria-label=\"");
            escape::attr(&mut self.out, &b.label);
            self.out.push('"');
            self.out.push_str(self.void());
        }
    }

    /// Writes every heading `by` levels deeper (at most `h6`).
    pub fn with_heading_shift(mut self, by: u8) -> Self {
        self.heading_shift = by;
        self
    }

    /// Gives every `<img>` whose image is in `assets` its natural size in CSS pixels as
    /// `width` and `height` (its pixels at its resolution, [`quire_doc::ImageAsset::dpi`]),
    /// so the page does not shift as images arrive and shows each image at the size print
    /// gives it; the stylesheets cap it at the measure.
    pub fn with_image_sizes(mut self, assets: &'d Assets) -> Self {
        self.image_sizes = Some(assets);
        self
    }

    /// Writes ` width="…" height="…"` for the image `src`, when its size is known (an SVG
    /// may state none).
    pub(crate) fn image_size(&mut self, src: &str) {
        let known = self.image_sizes.and_then(|a| a.image(src));
        if let Some(image) = known.filter(|i| i.width > 0 && i.height > 0) {
            let (w, h) = image.css_size();
            self.out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
    }

    /// Resolves link targets with `links` (see [`LinkResolver`]).
    pub fn with_links(mut self, links: &'r mut LinkResolver<'r>) -> Self {
        self.links = Some(links);
        self
    }

    /// The margin notes written since the last call, for a list that only print shows.
    pub(crate) fn take_printed_notes(&mut self) -> Vec<PrintedNote> {
        std::mem::take(&mut self.printed_notes)
    }

    /// The markup written.
    pub fn finish(self) -> String {
        self.out
    }

    /// Hands over the markup written since the last call and goes on with an empty
    /// buffer: one call per file when a document is split.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    /// The `href` to write for `url`: the resolver's answer, or `url` itself.
    pub(crate) fn href(&mut self, url: &str) -> Option<String> {
        match self.links.as_mut() {
            Some(resolve) => resolve(url),
            None => Some(url.to_string()),
        }
    }

    /// Appends raw markup (for the page around the content).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    pub(crate) fn void(&self) -> &'static str {
        match self.cfg.syntax {
            Syntax::Html => ">",
            Syntax::Xhtml => "/>",
        }
    }

    /// Writes ` id="…" class="…"` and the other attributes of `attr`, plus `extra` classes.
    pub(crate) fn attrs(&mut self, attr: &Attr, extra: &[&str]) {
        if !attr.id.is_empty() {
            self.out.push_str(" id=\"");
            escape::attr(&mut self.out, &attr.id);
            self.out.push('"');
        }
        let classes: Vec<&str> = attr
            .classes
            .iter()
            .map(String::as_str)
            .chain(extra.iter().copied())
            .collect();
        if !classes.is_empty() {
            self.out.push_str(" class=\"");
            escape::attr(&mut self.out, &classes.join(" "));
            self.out.push('"');
        }
        for (i, (key, value)) in attr.pairs.iter().enumerate() {
            // A key may repeat in the source (`index-see-also="a" index-see-also="b"`);
            // an element has each attribute once.
            if key == PARAGRAPH_NUMBER_KEY || attr.pairs[..i].iter().any(|(k, _)| k == key) {
                continue;
            }
            let name = if key == "lang" {
                if self.cfg.syntax == Syntax::Xhtml {
                    self.out.push_str(" xml:lang=\"");
                    escape::attr(&mut self.out, value);
                    self.out.push('"');
                }
                "lang".to_string()
            } else if key == "title" || key == "dir" {
                key.clone()
            } else if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                format!("data-{key}")
            } else {
                continue;
            };
            self.out.push(' ');
            self.out.push_str(&name);
            self.out.push_str("=\"");
            escape::attr(&mut self.out, value);
            self.out.push('"');
        }
    }

    /// Starts text unit `id` of the projection: the cursor moves to its start.
    pub(crate) fn begin_unit(&mut self, id: &str) {
        if let Some(&start) = self.units.get(id) {
            self.cursor = Some(start);
        }
    }

    /// Ends the current text unit: notes that end here are written.
    pub(crate) fn end_unit(&mut self) {
        if let Some(at) = self.cursor {
            self.marks.ended_by(at);
        }
        self.flush_notes();
    }

    /// Writes preformatted `text` as text unit `id` (code and raw blocks): notes are
    /// held back inside it, since nothing may interrupt a `<pre>`.
    /// A code block in a language the highlighter knows gets its tokens as
    /// `<span class="tok-…">` (see [`quire_highlight::Class::short`]).
    fn verbatim_unit(&mut self, id: &str, language: Option<&str>, text: &str) {
        self.begin_unit(id);
        self.hold += 1;
        match language.and_then(|l| quire_highlight::highlight(l, text)) {
            Some(lines) => self.highlighted(text, &lines),
            None => self.text(text),
        }
        self.hold -= 1;
        self.end_unit();
        self.out.push_str("</code></pre>\n");
    }

    /// Writes code `text` with its highlighted `lines` (one per line of `text`). Every
    /// byte goes through [`Writer::text`] in order, so annotation marks and the text
    /// cursor see exactly the unhighlighted text.
    fn highlighted(&mut self, text: &str, lines: &[quire_highlight::Line]) {
        for (n, (line, tokens)) in text.split('\n').zip(lines).enumerate() {
            if n > 0 {
                self.text("\n");
            }
            let mut at = 0;
            for token in tokens {
                if token.range.start > at {
                    self.text(&line[at..token.range.start]);
                }
                self.out.push_str("<span class=\"tok-");
                self.out.push_str(token.class.short());
                self.out.push_str("\">");
                self.text(&line[token.range.clone()]);
                self.out.push_str("</span>");
                at = token.range.end;
            }
            if at < line.len() {
                self.text(&line[at..]);
            }
        }
    }

    /// Writes `blocks` in order.
    pub fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    /// Writes top-level `blocks`, wrapping each heading and what follows it up to the
    /// next heading of the same or a higher level in a `section` labelled by the heading.
    /// The section that holds the index is the document's index (`role="doc-index"`,
    /// and `epub:type="index"` in the e-book).
    pub fn sectioned_blocks(&mut self, blocks: &[Block]) {
        let mut open: Vec<u8> = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            if let BlockKind::Heading { level, .. } = &block.kind {
                while open.last().is_some_and(|l| l >= level) {
                    open.pop();
                    self.out.push_str("</section>\n");
                }
                open.push(*level);
                self.out.push_str("<section");
                if holds_index(&blocks[i + 1..], *level) {
                    if self.epub_types() {
                        self.out.push_str(" epub:type=\"index\"");
                    }
                    self.out.push_str(" role=\"doc-index\"");
                }
                self.out.push_str(" aria-labelledby=\"");
                escape::attr(&mut self.out, block.id());
                self.out.push_str("\">\n");
            }
            self.block(block);
        }
        for _ in open {
            self.out.push_str("</section>\n");
        }
    }

    /// Writes one block.
    pub fn block(&mut self, block: &Block) {
        match &block.kind {
            BlockKind::Heading { level, content } => {
                let level = level
                    .saturating_add(self.heading_shift)
                    .saturating_sub(self.heading_lift)
                    .clamp(self.heading_min, 6);
                self.last_heading_level = level;
                self.out.push_str(&format!("<h{level}"));
                self.attrs(&block.attr, &[]);
                self.out.push('>');
                self.begin_unit(block.id());
                let permalink = self.cfg.heading_links && !block.id().is_empty();
                // A heading that holds a link cannot be a link itself: it gets a
                // separate mark (drawn by the stylesheet, so it is not part of the text).
                let wrap = permalink && !has_link(content);
                if wrap {
                    self.out.push_str("<a class=\"self\" href=\"#");
                    escape::attr(&mut self.out, block.id());
                    self.out.push_str("\">");
                    self.hold += 1;
                    self.link_depth += 1;
                }
                self.inlines(content);
                if wrap {
                    self.link_depth -= 1;
                    self.hold -= 1;
                    self.out.push_str("</a>");
                } else if permalink {
                    self.out.push_str("<a class=\"self mark\" href=\"#");
                    escape::attr(&mut self.out, block.id());
                    self.out
                        .push_str("\" aria-label=\"Link to this heading\"></a>");
                }
                self.end_unit();
                self.out.push_str(&format!("</h{level}>\n"));
            }
            BlockKind::Paragraph { content } => self.paragraph(block, content, ""),
            BlockKind::BlockQuote { blocks } => {
                self.container("blockquote", &block.attr, &[], blocks)
            }
            BlockKind::Div { blocks } if block.attr.has_class(REFERENCES_CLASS) => {
                // The bibliography, named for assistive technology and reading systems.
                // A div rather than a section: the heading stands before it, not in it.
                self.out.push_str("<div role=\"doc-bibliography\"");
                if self.epub_types() {
                    self.out.push_str(" epub:type=\"bibliography\"");
                }
                self.attrs(&block.attr, &[]);
                self.out.push_str(">\n");
                self.blocks(blocks);
                self.out.push_str("</div>\n");
            }
            BlockKind::Div { blocks } => self.container("div", &block.attr, &[], blocks),
            BlockKind::Index { groups } => self.index(block, groups),
            BlockKind::List { kind, tight, items } => {
                let (tag, start) = match kind {
                    ListKind::Bullet => ("ul", None),
                    ListKind::Ordered { start } => ("ol", Some(*start).filter(|&s| s != 1)),
                };
                self.out.push_str(&format!("<{tag}"));
                self.attrs(&block.attr, if *tight { &["tight"] } else { &[] });
                if let Some(s) = start {
                    self.out.push_str(&format!(" start=\"{s}\""));
                }
                self.out.push_str(">\n");
                for item in items {
                    let class = match item.checked {
                        Some(true) => " class=\"task done\"",
                        Some(false) => " class=\"task\"",
                        None => "",
                    };
                    self.out.push_str("<li id=\"");
                    escape::attr(&mut self.out, &item.id);
                    self.out.push_str(&format!("\"{class}>"));
                    self.blocks(&item.blocks);
                    self.out.push_str("</li>\n");
                }
                self.out.push_str(&format!("</{tag}>\n"));
            }
            BlockKind::CodeBlock {
                language,
                text,
                caption,
            } => {
                // A listing with a caption is a figure: the caption names the code for
                // assistive technology, and the id is the figure's (links land on the
                // caption).
                let mut pre_attr = block.attr.clone();
                if !caption.is_empty() {
                    let figure = Attr {
                        id: block.attr.id.clone(),
                        classes: Vec::new(),
                        pairs: block.attr.pairs.clone(),
                    };
                    pre_attr.id.clear();
                    pre_attr.pairs.clear();
                    self.out.push_str("<figure");
                    self.attrs(&figure, &["listing"]);
                    self.out.push_str(">\n");
                    self.caption("figcaption", block.id(), caption);
                }
                self.out.push_str("<pre");
                self.attrs(&pre_attr, &[]);
                self.out.push_str(" tabindex=\"0\"><code");
                if let Some(lang) = language {
                    self.out.push_str(" class=\"language-");
                    escape::attr(&mut self.out, lang);
                    self.out.push('"');
                }
                self.out.push('>');
                self.verbatim_unit(block.id(), language.as_deref(), text);
                if !caption.is_empty() {
                    self.out.push_str("</figure>\n");
                }
            }
            BlockKind::ThematicBreak => {
                self.out.push_str("<hr");
                self.attrs(&block.attr, &[]);
                self.out.push_str(self.void());
                self.out.push('\n');
            }
            BlockKind::Table {
                columns,
                header,
                rows,
                caption,
            } => self.table(block, columns, header, rows, caption),
            BlockKind::Figure {
                image,
                caption,
                credit,
            } => {
                self.out.push_str("<figure");
                self.attrs(
                    &block.attr,
                    if image.is_none() {
                        &["caption-only"]
                    } else {
                        &[]
                    },
                );
                self.out.push_str(">\n");
                if let Some(img) = image
                    && let Some(url) = (self.images)(&img.src)
                {
                    self.out.push_str("<img src=\"");
                    escape::attr(&mut self.out, &url);
                    self.out.push_str("\" alt=\"");
                    escape::attr(&mut self.out, &img.alt);
                    self.out.push('"');
                    self.image_size(&img.src);
                    self.out.push_str(self.void());
                    self.out.push('\n');
                }
                if !caption.is_empty() || !credit.is_empty() {
                    self.out.push_str("<figcaption>\n");
                    self.blocks(caption);
                    if !credit.is_empty() {
                        let id = format!("{}-credit", block.id());
                        self.out.push_str("<p class=\"credit\" id=\"");
                        escape::attr(&mut self.out, &id);
                        self.out.push_str("\">");
                        self.begin_unit(&id);
                        self.inlines(credit);
                        self.end_unit();
                        self.out.push_str("</p>\n");
                    }
                    self.out.push_str("</figcaption>\n");
                }
                self.out.push_str("</figure>\n");
            }
            BlockKind::DefinitionList { items } => {
                self.out.push_str("<dl");
                self.attrs(&block.attr, &[]);
                self.out.push_str(">\n");
                for item in items {
                    self.out.push_str("<dt id=\"");
                    escape::attr(&mut self.out, &item.id);
                    self.out.push_str("\">");
                    self.begin_unit(&item.id);
                    self.inlines(&item.term);
                    self.end_unit();
                    self.out.push_str("</dt>\n");
                    for details in &item.details {
                        self.out.push_str("<dd>");
                        self.blocks(details);
                        self.out.push_str("</dd>\n");
                    }
                }
                self.out.push_str("</dl>\n");
            }
            BlockKind::Alert {
                kind,
                title,
                blocks,
            } => {
                let title_id = format!("{}-title", block.id());
                let kind_class = format!("alert-{}", kind.default_title().to_lowercase());
                self.out.push_str("<div");
                self.attrs(&block.attr, &["alert", &kind_class]);
                self.out.push_str(" role=\"note\" aria-labelledby=\"");
                escape::attr(&mut self.out, &title_id);
                self.out.push_str("\">\n<p class=\"alert-title\" id=\"");
                escape::attr(&mut self.out, &title_id);
                self.out.push_str("\">");
                self.begin_unit(&title_id);
                self.text(title);
                self.end_unit();
                self.out.push_str("</p>\n");
                self.blocks(blocks);
                self.out.push_str("</div>\n");
            }
            BlockKind::Raw {
                format,
                text,
                fallback,
            } => {
                if self.cfg.allow_raw_html && format.eq_ignore_ascii_case("html") {
                    self.out.push_str(text);
                    self.out.push('\n');
                } else if !fallback.is_empty() {
                    self.blocks(fallback);
                } else {
                    self.out.push_str("<pre");
                    self.attrs(&block.attr, &["raw"]);
                    self.out.push_str(" tabindex=\"0\"><code>");
                    self.verbatim_unit(block.id(), None, text);
                }
            }
        }
    }

    /// Writes a paragraph; `lead` is markup put before its text (a note's back-link).
    pub(crate) fn paragraph(&mut self, block: &Block, content: &[Inline], lead: &str) {
        self.out.push_str("<p");
        // A paragraph that is only an image is a block image, centred (as in print).
        let block_image = lead.is_empty() && quire_doc::lone_image(content).is_some();
        self.attrs(
            &block.attr,
            if block_image { &["block-image"] } else { &[] },
        );
        self.out.push('>');
        let number = paragraph_number(block).filter(|_| self.cfg.paragraph_numbers);
        if let Some(n) = number.filter(|_| self.annotations_as_asides()) {
            // In a book the number is text (found by search, read aloud, kept where a
            // reading system ignores generated content), set small by the stylesheet.
            self.out
                .push_str(&format!("<span class=\"pn\">{n}</span> "));
        } else if let Some(n) = number {
            self.out.push_str("<a class=\"pn\" href=\"#");
            escape::attr(&mut self.out, block.id());
            self.out.push_str(&format!(
                "\" aria-label=\"Paragraph {n}\" data-n=\"{n}\"></a>"
            ));
        }
        self.out.push_str(lead);
        self.begin_unit(block.id());
        self.inlines(content);
        self.end_unit();
        self.out.push_str("</p>\n");
    }

    pub(crate) fn epub_types(&self) -> bool {
        matches!(self.cfg.notes, NoteStyle::Footnotes { epub: true })
    }

    /// Writes `notes` as the footnotes of the current file: a `section` (`aria-label`
    /// "Notes", `epub:type="footnotes"` for EPUB) holding one [`Writer::footnote`] each.
    /// Writes nothing when `notes` is empty.
    pub fn notes(&mut self, notes: &[&Footnote]) {
        if notes.is_empty() {
            return;
        }
        self.out.push_str("<section class=\"footnotes\"");
        if self.epub_types() {
            self.out.push_str(" epub:type=\"footnotes\"");
        }
        self.out.push_str(" aria-label=\"Notes\">\n");
        for note in notes {
            self.footnote(note);
        }
        self.out.push_str("</section>\n");
    }

    /// Writes one note as an `aside` with role `doc-footnote` (and `epub:type="footnote"`
    /// for EPUB) carrying the note's id. Its first paragraph opens with a back-link to the
    /// note's first reference, `<a role="doc-backlink">1.</a>`: the number readers see,
    /// and the form in which Kindle and Apple Books recognise a pop-up note. A note that
    /// does not start with a paragraph gets the back-link in a paragraph of its own; a
    /// note that nothing cites has none.
    pub fn footnote(&mut self, note: &Footnote) {
        self.out.push_str("<aside");
        if self.epub_types() {
            self.out.push_str(" epub:type=\"footnote\"");
        }
        self.out.push_str(" role=\"doc-footnote\" id=\"");
        escape::attr(&mut self.out, &note.id);
        self.out.push_str("\">\n");
        let back = note.refs.first().and_then(|r| self.href(&format!("#{r}")));
        let link = back.map(|href| {
            let mut a = String::from("<a role=\"doc-backlink\" href=\"");
            escape::attr(&mut a, &href);
            a.push_str(&format!(
                "\" aria-label=\"Back to reference {n}\">{n}.</a> ",
                n = note.number
            ));
            a
        });
        match (link, note.blocks.split_first()) {
            (
                Some(link),
                Some((
                    first @ Block {
                        kind: BlockKind::Paragraph { content },
                        ..
                    },
                    rest,
                )),
            ) => {
                self.paragraph(first, content, &link);
                self.blocks(rest);
            }
            (Some(link), _) => {
                self.out.push_str("<p class=\"note-back\">");
                self.out.push_str(&link);
                self.out.push_str("</p>\n");
                self.blocks(&note.blocks);
            }
            (None, _) => self.blocks(&note.blocks),
        }
        self.out.push_str("</aside>\n");
    }

    fn container(&mut self, tag: &str, attr: &Attr, extra: &[&str], blocks: &[Block]) {
        self.out.push_str(&format!("<{tag}"));
        self.attrs(attr, extra);
        self.out.push_str(">\n");
        self.blocks(blocks);
        self.out.push_str(&format!("</{tag}>\n"));
    }

    /// Writes the caption of table or listing `id` as element `tag`, with its own id
    /// (`{id}-caption`), as its own text unit.
    fn caption(&mut self, tag: &str, id: &str, caption: &[Inline]) {
        let caption_id = quire_doc::caption_id(id);
        self.out.push_str(&format!("<{tag} id=\""));
        escape::attr(&mut self.out, &caption_id);
        self.out.push_str("\">");
        self.begin_unit(&caption_id);
        self.inlines(caption);
        self.end_unit();
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn table(
        &mut self,
        block: &Block,
        columns: &[Align],
        header: &[quire_doc::Cell],
        rows: &[Vec<quire_doc::Cell>],
        caption: &[Inline],
    ) {
        self.table_count += 1;
        // The scrolling region is named by the caption when there is one.
        self.out
            .push_str("<div class=\"table\" role=\"region\" tabindex=\"0\" ");
        if caption.is_empty() {
            self.out
                .push_str(&format!("aria-label=\"Table {}\"", self.table_count));
        } else {
            self.out.push_str("aria-labelledby=\"");
            escape::attr(&mut self.out, &quire_doc::caption_id(block.id()));
            self.out.push('"');
        }
        self.out.push_str(">\n<table");
        self.attrs(&block.attr, &[]);
        self.out.push_str(">\n");
        if !caption.is_empty() {
            self.caption("caption", block.id(), caption);
        }
        self.begin_unit(block.id());
        // A table written in HTML may have no header row: then there is no `thead`.
        let first_body = usize::from(!header.is_empty());
        let all: Vec<(bool, &[quire_doc::Cell])> = std::iter::once((true, header))
            .filter(|(_, h)| !h.is_empty())
            .chain(rows.iter().map(|r| (false, r.as_slice())))
            .collect();
        for (i, (head, row)) in all.iter().enumerate() {
            if i == 0 && first_body == 1 {
                self.out.push_str("<thead>\n");
            } else if i == first_body {
                self.out.push_str("<tbody>\n");
            }
            self.out.push_str("<tr>");
            for (j, cell) in row.iter().enumerate() {
                let tag = if *head { "th" } else { "td" };
                self.out.push_str(&format!("<{tag}"));
                if *head {
                    self.out.push_str(" scope=\"col\"");
                }
                match columns.get(j).copied().unwrap_or_default() {
                    Align::Left => self.out.push_str(" class=\"left\""),
                    Align::Center => self.out.push_str(" class=\"center\""),
                    Align::Right => self.out.push_str(" class=\"right\""),
                    Align::Default => {}
                }
                self.out.push('>');
                self.inlines(&cell.content);
                self.out.push_str(&format!("</{tag}>"));
                if j + 1 < row.len() {
                    self.advance(1);
                }
            }
            self.out.push_str("</tr>\n");
            if i + 1 < all.len() {
                self.advance(1);
            }
            if i == 0 && first_body == 1 {
                self.out.push_str("</thead>\n");
            }
        }
        if all.len() > first_body {
            self.out.push_str("</tbody>\n");
        }
        self.end_unit();
        self.out.push_str("</table>\n</div>\n");
    }

    /// Moves the cursor over `n` code points that are not written (separators).
    pub(crate) fn advance(&mut self, n: usize) {
        if let Some(c) = self.cursor.as_mut() {
            *c += n;
        }
    }
}

/// Whether the section a heading of `level` opens, over `after` (the blocks after the
/// heading), holds the index.
pub(crate) fn holds_index(after: &[Block], level: u8) -> bool {
    after
        .iter()
        .take_while(|b| !matches!(b.kind, BlockKind::Heading { level: l, .. } if l <= level))
        .any(|b| matches!(b.kind, BlockKind::Index { .. }))
}

/// Whether `inlines` contain a link at any depth.
fn has_link(inlines: &[quire_doc::Inline]) -> bool {
    inlines.iter().any(|i| {
        matches!(i.kind, quire_doc::InlineKind::Link { .. }) || has_link(i.kind.children())
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const FIXTURE: &str = include_str!("../../../tests/fixtures/epub-every-block/input.md");

    fn epub_config() -> WriterConfig {
        WriterConfig {
            syntax: Syntax::Xhtml,
            notes: NoteStyle::Footnotes { epub: true },
            allow_raw_html: false,
            paragraph_numbers: false,
            heading_links: false,
            soft_hyphens: false,
        }
    }

    /// Every `id="…"` in `markup`.
    fn ids_in(markup: &str) -> BTreeSet<String> {
        markup
            .split(" id=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn element_ids_are_the_ids_the_writer_writes() {
        let doc = quire_markdown::parse(quire_doc::FileId(0), "input.md", FIXTURE)
            .unwrap()
            .document;
        let cfg = epub_config();
        let mut images = |src: &str| Some(src.to_string());
        let mut w = Writer::new(&doc, cfg.clone(), &mut images, false);
        w.blocks(&doc.blocks);
        let notes: Vec<&Footnote> = doc.notes.iter().collect();
        w.notes(&notes);
        let written = ids_in(&w.finish());
        let mut listed = cfg.element_ids(&doc.blocks);
        for note in &doc.notes {
            listed.push(note.id.clone());
            listed.extend(cfg.element_ids(&note.blocks));
        }
        let unique: BTreeSet<String> = listed.iter().cloned().collect();
        assert_eq!(unique.len(), listed.len(), "no id is listed twice");
        assert_eq!(unique, written);
    }

    #[test]
    fn footnotes_and_links_go_through_the_resolver() {
        let doc = quire_markdown::parse(quire_doc::FileId(0),
            "t.md",
            "Go [there](#far), [nowhere](#gone) or [out](https://example.org/).[^a]\n\n[^a]: A note.\n",
        )
        .unwrap()
        .document;
        let mut images = |src: &str| Some(src.to_string());
        let mut links = |url: &str| match url.strip_prefix('#') {
            Some("gone") => None,
            Some(id) => Some(format!("other.xhtml#{id}")),
            None => Some(url.to_string()),
        };
        let mut w = Writer::new(&doc, epub_config(), &mut images, false).with_links(&mut links);
        w.blocks(&doc.blocks);
        let body = w.take();
        w.notes(&[&doc.notes[0]]);
        let notes = w.take();
        assert!(
            body.contains("<a href=\"other.xhtml#far\">there</a>"),
            "{body}"
        );
        assert!(body.contains("<span>nowhere</span>"), "{body}");
        assert!(
            body.contains("<a href=\"https://example.org/\">out</a>"),
            "{body}"
        );
        assert!(
            body.contains(
                "href=\"other.xhtml#fn-a\" epub:type=\"noteref\" role=\"doc-noteref\">1</a></sup>"
            ),
            "{body}"
        );
        assert!(
            notes.starts_with(
                "<section class=\"footnotes\" epub:type=\"footnotes\" aria-label=\"Notes\">\n\
                 <aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-a\">\n<p"
            ),
            "{notes}"
        );
        assert!(
            notes.contains(
                "><a role=\"doc-backlink\" href=\"other.xhtml#fnref-a\" aria-label=\"Back to reference 1\">1.</a> A note.</p>\n</aside>\n</section>\n"
            ),
            "{notes}"
        );
    }

    #[test]
    fn soft_hyphens_go_into_running_text_only() {
        let md = "Remarkable cooperation `cooperation` [cooperation](https://example.org) \
                  and continuing.\n";
        let mut doc = quire_markdown::parse(quire_doc::FileId(0), "t.md", md)
            .unwrap()
            .document;
        doc.meta.language = "en".into();
        // A span in another language keeps its words whole.
        if let BlockKind::Paragraph { content } = &mut doc.blocks[0].kind {
            let mut attr = Attr::default();
            attr.pairs.push(("lang".into(), "fr".into()));
            content.push(Inline::new(
                InlineKind::Span {
                    attr,
                    content: vec![Inline::new(
                        InlineKind::Text {
                            text: " coopération".into(),
                        },
                        quire_doc::Span::default(),
                    )],
                },
                quire_doc::Span::default(),
            ));
        }
        let cfg = WriterConfig {
            soft_hyphens: true,
            ..epub_config()
        };
        let mut images = |src: &str| Some(src.to_string());
        let mut w = Writer::new(&doc, cfg, &mut images, false);
        w.blocks(&doc.blocks);
        let out = w.finish();
        let shy = '\u{AD}';
        assert!(
            out.contains(&format!(
                "Remarkable coop{shy}er{shy}a{shy}tion <code>cooperation</code>"
            )),
            "{out}"
        );
        assert!(out.contains(">cooperation</a>"), "{out}");
        assert!(out.contains(&format!("con{shy}tin{shy}u{shy}ing")), "{out}");
        assert!(out.contains(" coopération</span>"), "{out}");
        // Without the setting, none.
        let mut images = |src: &str| Some(src.to_string());
        let mut plain = Writer::new(&doc, epub_config(), &mut images, false);
        plain.blocks(&doc.blocks);
        assert!(!plain.finish().contains(shy));
    }
}
