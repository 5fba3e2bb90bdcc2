//! HTML blocks among Markdown blocks: `<figure>…</figure>`, or a `<div>` whose content is
//! Markdown and whose `</div>` is a later block.
//!
//! A [`Builder`] runs over one sibling list with a stack of open block elements. Tokens of
//! raw HTML open and close frames; text and inline tags collect in a pending
//! [`InlineStack`] that becomes a paragraph (or heading, caption, cell …) when a block
//! boundary comes; Markdown blocks between raw ones go into the innermost open frame.

use quire_doc::{Align, Attr, Block, BlockKind, Cell, Image, Inline, InlineKind, ListItem, Span};

use super::inline::{InlineStack, is_inline};
use super::lex::{Token, lex};
use super::{Lines, Report, attr_of, collapse, get, is_removed};

/// What an open block element is.
enum Kind {
    /// The sibling list itself.
    Root,
    /// `<div>`, `<section>` and the like: a generic container.
    Div,
    Quote,
    List {
        start: Option<u32>,
        items: Vec<ListItem>,
    },
    Item,
    Figure {
        image: Option<Image>,
        caption: Vec<Block>,
    },
    Caption,
    Table {
        header: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
        in_head: bool,
        /// The text of its `<caption>`.
        caption: Vec<Inline>,
    },
    Row {
        cells: Vec<Cell>,
        header: bool,
    },
    Cell {
        header: bool,
    },
    /// mdBook's `<Listing number=… file-name=… caption=…>` around a code block.
    Listing {
        number: String,
        file: String,
        caption: String,
    },
}

struct Frame {
    name: String,
    kind: Kind,
    attr: Attr,
    span: Span,
    blocks: Vec<Block>,
}

/// What the pending inline content becomes at the next block boundary.
enum Leaf {
    Paragraph(Attr),
    Heading(u8, Attr),
    /// `<summary>`: a paragraph in bold (details are shown open).
    Summary,
}

/// Elements read as a generic container.
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "center"
            | "address"
            | "hgroup"
            | "search"
            | "fieldset"
            | "details"
            | "dl"
            | "dt"
            | "dd"
            | "body"
            | "html"
    )
}

/// Block-level elements, which end a pending paragraph.
fn is_block(name: &str) -> bool {
    is_container(name)
        || matches!(
            name,
            "p" | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "ul"
                | "ol"
                | "menu"
                | "li"
                | "figure"
                | "figcaption"
                | "pre"
                | "hr"
                | "table"
                | "caption"
                | "thead"
                | "tbody"
                | "tfoot"
                | "tr"
                | "td"
                | "th"
                | "summary"
                | "listing"
        )
}

struct Pre {
    attr: Attr,
    language: Option<String>,
    text: String,
    span: Span,
}

struct Builder<'r> {
    report: &'r mut Report,
    frames: Vec<Frame>,
    leaf: Leaf,
    pending: InlineStack,
    pre: Option<Pre>,
    /// Block elements left out with their content (`<script>` …), and how many are open.
    removing: Option<(String, usize)>,
    block_budget: usize,
    inline_budget: usize,
}

fn is_html(block: &Block) -> bool {
    matches!(&block.kind, BlockKind::Raw { format, .. } if format == "html")
}

/// Maps the raw HTML blocks among `list` into model blocks. The budgets are how many
/// levels of block and inline nesting the model still allows at this depth.
pub fn map_blocks(
    list: Vec<Block>,
    block_budget: usize,
    inline_budget: usize,
    raw_html: bool,
    report: &mut Report,
) -> Vec<Block> {
    if !list.iter().any(is_html) {
        return list;
    }
    let mut b = Builder {
        report,
        frames: vec![Frame {
            name: String::new(),
            kind: Kind::Root,
            attr: Attr::default(),
            span: Span::detached(),
            blocks: Vec::new(),
        }],
        leaf: Leaf::Paragraph(Attr::default()),
        pending: InlineStack::new(inline_budget),
        pre: None,
        removing: None,
        block_budget,
        inline_budget,
    };
    for block in list {
        match block.kind {
            BlockKind::Raw { format, text, .. } if format == "html" => {
                if raw_html && let Some(xhtml) = super::pass::sanitize(&text) {
                    // Passed through; print shows the same block read into the model.
                    let alone = Block {
                        attr: Attr::default(),
                        kind: BlockKind::Raw {
                            format: format.clone(),
                            text,
                            fallback: Vec::new(),
                        },
                        span: block.span,
                    };
                    let fallback =
                        map_blocks(vec![alone], block_budget, inline_budget, false, b.report);
                    b.markdown(Block {
                        attr: block.attr,
                        kind: BlockKind::Raw {
                            format,
                            text: xhtml,
                            fallback,
                        },
                        span: block.span,
                    });
                    continue;
                }
                let lines = Lines::new(block.span, &text);
                for (token, line) in lex(&text) {
                    b.token(token, lines.span(line));
                }
            }
            kind => b.markdown(Block {
                attr: block.attr,
                kind,
                span: block.span,
            }),
        }
    }
    b.finish()
}

impl Builder<'_> {
    fn token(&mut self, token: Token, span: Span) {
        if let Some((open, depth)) = &mut self.removing {
            match &token {
                Token::Start { name, .. } if name == open => *depth += 1,
                Token::End { name } if name == open => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.removing = None;
                    }
                }
                _ => {}
            }
            return;
        }
        if let Some(pre) = &mut self.pre {
            match token {
                Token::Text(t) => pre.text.push_str(&t),
                Token::End { name } if name == "pre" => self.end_pre(span),
                Token::Start { name, attrs, .. } if name == "code" && pre.language.is_none() => {
                    pre.language = language(&attrs);
                }
                Token::Start { name, .. } if name == "br" => pre.text.push('\n'),
                _ => {}
            }
            return;
        }
        match token {
            Token::Comment => {}
            Token::Text(t) => {
                let t = collapse(&t);
                if self.pending.is_empty() && t.trim().is_empty() {
                    return;
                }
                self.pending
                    .push(Inline::new(InlineKind::Text { text: t }, span));
            }
            Token::Start { name, attrs, .. } => self.start(&name, &attrs, span),
            Token::End { name } => self.end(&name, span),
        }
    }

    fn in_cell(&self) -> bool {
        matches!(self.top().kind, Kind::Cell { .. })
    }

    fn top(&self) -> &Frame {
        self.frames.last().expect("the root frame is never closed")
    }

    fn top_mut(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the root frame is never closed")
    }

    fn open(&mut self, name: &str, kind: Kind, attrs: &[(String, String)], span: Span) {
        // frames[0] is the list itself, which is already counted in the budget.
        if self.frames.len() > self.block_budget {
            self.report.too_deep(span);
            return;
        }
        self.frames.push(Frame {
            name: name.to_string(),
            kind,
            attr: attr_of(attrs),
            span,
            blocks: Vec::new(),
        });
    }

    fn start(&mut self, name: &str, attrs: &[(String, String)], span: Span) {
        if is_removed(name) {
            self.report.removed(name, span);
            self.removing = Some((name.to_string(), 1));
            return;
        }
        // Inside a table cell, content is inline: block markup is read through.
        if self.in_cell() && !matches!(name, "td" | "th" | "tr" | "table") {
            if is_inline(name) {
                self.pending.start(name, attrs, span, self.report);
            } else if name == "br" || name == "p" || name == "div" {
                self.pending
                    .push(Inline::new(InlineKind::Text { text: " ".into() }, span));
            }
            return;
        }
        if is_inline(name) {
            if name == "img"
                && let Kind::Figure { image, .. } = &mut self.top_mut().kind
                && image.is_none()
                && let Some(src) = get(attrs, "src").filter(|s| !s.trim().is_empty())
            {
                *image = Some(Image {
                    src: src.trim().to_string(),
                    alt: get(attrs, "alt").unwrap_or_default().to_string(),
                    span,
                });
                return;
            }
            self.pending.start(name, attrs, span, self.report);
            return;
        }
        if !is_block(name) {
            self.report.unsupported(name, span);
            return;
        }
        self.flush();
        match name {
            "p" => self.leaf = Leaf::Paragraph(attr_of(attrs)),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                self.leaf = Leaf::Heading(level, attr_of(attrs));
            }
            "summary" => self.leaf = Leaf::Summary,
            "hr" => {
                let block = Block {
                    attr: attr_of(attrs),
                    kind: BlockKind::ThematicBreak,
                    span,
                };
                self.place(block);
            }
            "pre" => {
                self.pre = Some(Pre {
                    attr: attr_of(attrs),
                    language: language(attrs),
                    text: String::new(),
                    span,
                })
            }
            "blockquote" => self.open(name, Kind::Quote, attrs, span),
            "ul" | "ol" | "menu" => {
                let start = (name == "ol").then(|| {
                    get(attrs, "start")
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(1)
                });
                self.open(
                    name,
                    Kind::List {
                        start,
                        items: Vec::new(),
                    },
                    attrs,
                    span,
                )
            }
            "li" => {
                if matches!(self.top().kind, Kind::Item) {
                    self.close(span);
                }
                self.open(name, Kind::Item, attrs, span)
            }
            "figure" => self.open(
                name,
                Kind::Figure {
                    image: None,
                    caption: Vec::new(),
                },
                attrs,
                span,
            ),
            "figcaption" | "caption" => self.open(name, Kind::Caption, attrs, span),
            "table" => self.open(
                name,
                Kind::Table {
                    header: Vec::new(),
                    rows: Vec::new(),
                    in_head: false,
                    caption: Vec::new(),
                },
                attrs,
                span,
            ),
            "thead" => {
                if let Kind::Table { in_head, .. } = &mut self.top_mut().kind {
                    *in_head = true;
                }
            }
            "tbody" | "tfoot" => {
                self.close_rows(span);
                if let Kind::Table { in_head, .. } = &mut self.top_mut().kind {
                    *in_head = false;
                }
            }
            "tr" => {
                self.close_rows(span);
                if !matches!(self.top().kind, Kind::Table { .. }) {
                    return self.report.unsupported("tr` outside a `table", span);
                }
                self.open(
                    name,
                    Kind::Row {
                        cells: Vec::new(),
                        header: true,
                    },
                    attrs,
                    span,
                )
            }
            "td" | "th" => {
                if matches!(self.top().kind, Kind::Table { .. }) {
                    self.open(
                        "tr",
                        Kind::Row {
                            cells: Vec::new(),
                            header: true,
                        },
                        &[],
                        span,
                    );
                }
                if !matches!(self.top().kind, Kind::Row { .. }) {
                    return self.report.unsupported("td` outside a `table", span);
                }
                let header = name == "th";
                self.open(name, Kind::Cell { header }, attrs, span);
            }
            "listing" => {
                let text = |k| get(attrs, k).unwrap_or_default().trim().to_string();
                let kind = Kind::Listing {
                    number: text("number"),
                    file: text("file-name"),
                    caption: text("caption"),
                };
                self.open(name, kind, attrs, span)
            }
            _ => self.open(name, Kind::Div, attrs, span),
        }
    }

    /// Closes an open row or cell, at the start of another row or section.
    fn close_rows(&mut self, span: Span) {
        while matches!(self.top().kind, Kind::Cell { .. } | Kind::Row { .. }) {
            self.close(span);
        }
    }

    fn end(&mut self, name: &str, span: Span) {
        if self.in_cell() && !matches!(name, "td" | "th" | "tr" | "table") || !is_block(name) {
            // `</a>` and friends; a closing tag with nothing open is simply nothing.
            self.pending.end(name, span);
            return;
        }
        match name {
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary" | "hr" => self.flush(),
            "thead" => {
                self.close_rows(span);
                if let Kind::Table { in_head, .. } = &mut self.top_mut().kind {
                    *in_head = false;
                }
            }
            "tbody" | "tfoot" => self.close_rows(span),
            _ => {
                let Some(at) = self.frames.iter().rposition(|f| f.name == name) else {
                    return;
                };
                if at == 0 {
                    return;
                }
                self.flush();
                while self.frames.len() > at {
                    self.close(span);
                }
            }
        }
    }

    fn end_pre(&mut self, span: Span) {
        let Some(pre) = self.pre.take() else { return };
        // As in HTML, a newline right after `<pre>` is not content.
        let text = pre.text.strip_prefix('\n').unwrap_or(&pre.text);
        let block = Block {
            attr: pre.attr,
            kind: BlockKind::CodeBlock {
                language: pre.language,
                text: text.trim_end_matches('\n').to_string(),
                caption: Vec::new(),
            },
            span: pre.span.to(span),
        };
        self.place(block);
    }

    /// A Markdown block between raw HTML ones.
    fn markdown(&mut self, block: Block) {
        self.flush();
        if self.in_cell()
            && let BlockKind::Paragraph { content } = block.kind
        {
            // A cell holds inlines: a Markdown paragraph in it is its text.
            for inline in content {
                self.pending.push(inline);
            }
            return;
        }
        // Any other block ends the table it was written in.
        self.place(block);
    }

    /// Puts a finished block in the innermost frame that holds blocks.
    fn place(&mut self, block: Block) {
        while matches!(
            self.top().kind,
            Kind::Table { .. } | Kind::Row { .. } | Kind::Cell { .. }
        ) {
            let span = block.span;
            self.close(span);
        }
        if matches!(self.top().kind, Kind::List { .. }) {
            self.open("li", Kind::Item, &[], block.span);
        }
        self.top_mut().blocks.push(block);
    }

    /// Turns the pending inline content into the block it belongs to.
    fn flush(&mut self) {
        if self.in_cell() {
            return;
        }
        let leaf = std::mem::replace(&mut self.leaf, Leaf::Paragraph(Attr::default()));
        let pending = std::mem::replace(&mut self.pending, InlineStack::new(self.inline_budget));
        let content = trimmed(pending.finish());
        let Some(span) = span_of(&content) else {
            return;
        };
        let (attr, kind) = match leaf {
            Leaf::Paragraph(attr) => (attr, BlockKind::Paragraph { content }),
            Leaf::Heading(level, attr) => (attr, BlockKind::Heading { level, content }),
            Leaf::Summary => (
                Attr::default(),
                BlockKind::Paragraph {
                    content: vec![Inline::new(InlineKind::Strong { content }, span)],
                },
            ),
        };
        self.place(Block { attr, kind, span });
    }

    /// Closes the innermost frame into its parent.
    fn close(&mut self, end: Span) {
        if self.frames.len() == 1 {
            return;
        }
        if self.in_cell() {
            let pending =
                std::mem::replace(&mut self.pending, InlineStack::new(self.inline_budget));
            let content = trimmed(pending.finish());
            let f = self.frames.pop().expect("checked above");
            let Kind::Cell { header } = f.kind else {
                unreachable!("in_cell checked the kind")
            };
            if let Kind::Row { cells, header: all } = &mut self.top_mut().kind {
                *all &= header;
                cells.push(Cell {
                    content,
                    span: f.span.to(end),
                });
            }
            return;
        }
        self.flush();
        let f = self.frames.pop().expect("checked above");
        let span = f.span.to(end);
        let attr = f.attr;
        let kind = match f.kind {
            Kind::Root | Kind::Cell { .. } => unreachable!("handled above"),
            Kind::Div if attr == Attr::default() => {
                for block in f.blocks {
                    self.place(block);
                }
                return;
            }
            Kind::Div => BlockKind::Div { blocks: f.blocks },
            Kind::Quote => BlockKind::BlockQuote { blocks: f.blocks },
            Kind::List { start, items } => BlockKind::List {
                kind: match start {
                    Some(start) => quire_doc::ListKind::Ordered { start },
                    None => quire_doc::ListKind::Bullet,
                },
                tight: items.iter().all(|i| i.blocks.len() <= 1),
                items,
            },
            Kind::Item => {
                let item = ListItem {
                    id: attr.id,
                    checked: None,
                    blocks: f.blocks,
                    span,
                };
                match &mut self.top_mut().kind {
                    Kind::List { items, .. } => items.push(item),
                    _ => {
                        for block in item.blocks {
                            self.place(block);
                        }
                    }
                }
                return;
            }
            Kind::Caption => {
                match &mut self.top_mut().kind {
                    Kind::Figure { caption, .. } => caption.extend(f.blocks),
                    // A table's caption is a run of text in the model: its paragraphs'
                    // text, run together with spaces.
                    Kind::Table { caption, .. } => {
                        for block in f.blocks {
                            for run in block.inline_lists() {
                                if !caption.is_empty() && !run.is_empty() {
                                    caption.push(Inline::new(InlineKind::SoftBreak, block.span));
                                }
                                caption.extend_from_slice(run);
                            }
                        }
                    }
                    _ => {
                        for block in f.blocks {
                            self.place(block);
                        }
                    }
                }
                return;
            }
            Kind::Figure { image, caption } => {
                let mut blocks = f.blocks;
                let image = image.or_else(|| crate::convert::take_lone_image(&mut blocks));
                if blocks.is_empty() {
                    BlockKind::Figure {
                        image,
                        caption,
                        credit: Vec::new(),
                    }
                } else {
                    // A figure of code or text: the model's figure holds an image only,
                    // so the content and caption stay together in a container.
                    if let Some(image) = image {
                        blocks.insert(0, image_paragraph(image));
                    }
                    blocks.extend(caption);
                    BlockKind::Div { blocks }
                }
            }
            Kind::Row { cells, header } => {
                if let Kind::Table {
                    header: head,
                    rows,
                    in_head,
                    ..
                } = &mut self.top_mut().kind
                {
                    if (*in_head || header) && head.is_empty() && rows.is_empty() {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                return;
            }
            Kind::Table {
                header,
                rows,
                caption,
                ..
            } => table(header, rows, caption),
            Kind::Listing {
                number,
                file,
                caption,
            } => {
                let mut blocks = f.blocks;
                if !file.is_empty() {
                    blocks.insert(0, labelled("Filename:", &file, span));
                }
                if !number.is_empty() || !caption.is_empty() {
                    let label = if number.is_empty() {
                        "Listing:".to_string()
                    } else {
                        format!("Listing {number}:")
                    };
                    blocks.push(labelled(&label, &caption, span));
                }
                BlockKind::Div { blocks }
            }
        };
        self.place(Block { attr, kind, span });
    }

    fn finish(mut self) -> Vec<Block> {
        if let Some(pre) = &self.pre {
            let span = pre.span;
            self.end_pre(span);
        }
        while self.frames.len() > 1 {
            let span = self.top().blocks.last().map_or(self.top().span, |b| b.span);
            self.close(span);
        }
        self.flush();
        self.frames.pop().map(|f| f.blocks).unwrap_or_default()
    }
}

/// A table from HTML rows, padded to its widest row (the model's rows are regular).
fn table(mut header: Vec<Cell>, mut rows: Vec<Vec<Cell>>, caption: Vec<Inline>) -> BlockKind {
    let width = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    let pad = |cells: &mut Vec<Cell>| {
        let span = cells.last().map_or(Span::detached(), |c| c.span);
        while cells.len() < width {
            cells.push(Cell {
                content: Vec::new(),
                span,
            });
        }
    };
    if !header.is_empty() {
        pad(&mut header);
    }
    rows.iter_mut().for_each(pad);
    BlockKind::Table {
        columns: vec![Align::Default; width],
        header,
        rows,
        caption,
    }
}

/// `**Label** text`, with `` `code` `` in the text read as code (mdBook's captions).
fn labelled(label: &str, text: &str, span: Span) -> Block {
    let mut content = vec![Inline::new(
        InlineKind::Strong {
            content: vec![Inline::new(
                InlineKind::Text {
                    text: label.to_string(),
                },
                span,
            )],
        },
        span,
    )];
    if !text.is_empty() {
        content.push(Inline::new(InlineKind::Text { text: " ".into() }, span));
    }
    for (i, part) in text.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        let kind = if i % 2 == 1 {
            InlineKind::Code {
                attr: Attr::default(),
                text: part.to_string(),
            }
        } else {
            InlineKind::Text {
                text: part.to_string(),
            }
        };
        content.push(Inline::new(kind, span));
    }
    Block {
        attr: Attr::default(),
        kind: BlockKind::Paragraph { content },
        span,
    }
}

fn image_paragraph(image: Image) -> Block {
    Block {
        attr: Attr::default(),
        kind: BlockKind::Paragraph {
            content: vec![Inline::new(
                InlineKind::Image {
                    attr: Attr::default(),
                    src: image.src,
                    alt: image.alt,
                    title: String::new(),
                },
                image.span,
            )],
        },
        span: image.span,
    }
}

/// The language of `<pre class="language-rust">` or `<code class="lang-rust">`.
fn language(attrs: &[(String, String)]) -> Option<String> {
    get(attrs, "class")?
        .split_ascii_whitespace()
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

/// Inlines without the whitespace HTML ignores at the start and end of a block.
fn trimmed(mut content: Vec<Inline>) -> Vec<Inline> {
    let blank = |i: &Inline| match &i.kind {
        InlineKind::Text { text } => text.trim().is_empty(),
        InlineKind::SoftBreak | InlineKind::LineBreak => true,
        _ => false,
    };
    let Some(first) = content.iter().position(|i| !blank(i)) else {
        return Vec::new();
    };
    let last = content.iter().rposition(|i| !blank(i)).unwrap_or(first);
    content.truncate(last + 1);
    content.drain(..first);
    if let Some(InlineKind::Text { text }) = content.first_mut().map(|i| &mut i.kind) {
        *text = text.trim_start().to_string();
    }
    if let Some(InlineKind::Text { text }) = content.last_mut().map(|i| &mut i.kind) {
        text.truncate(text.trim_end().len());
    }
    content
}

fn span_of(content: &[Inline]) -> Option<Span> {
    Some(content.first()?.span.to(content.last()?.span))
}
