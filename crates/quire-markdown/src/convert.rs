//! comrak's tree → the document model. The only module that sees comrak's node types.
//!
//! The conversion is a plain recursive walk. Ids are left empty except where the source
//! gives one; `ids.rs` fills them in a second pass once the whole tree is known, and
//! `notes.rs` numbers footnotes in reading order.

use comrak::nodes::{AlertType, ListType, Node, NodeValue, TableAlignment};
use quire_doc::{
    AlertKind, Align, Attr, Block, BlockKind, Cell, Definition, Diagnostic, FileId, Image, Inline,
    InlineKind, ListItem, ListKind, Span, line_starts, offset_in,
};

use unicode_normalization::UnicodeNormalization;

use crate::directive;

/// A footnote definition as found in the source, before numbering.
pub struct NoteDef {
    pub label: String,
    pub blocks: Vec<Block>,
    pub span: Span,
}

/// How deep blocks may nest in the model (block quotes, lists, divs, alerts …). A
/// container deeper than this is kept as one plain paragraph of its text, with a
/// warning: no reader needs more, and every later stage recurses over the tree.
pub const MAX_BLOCK_DEPTH: usize = 48;
/// How deep inlines may nest (emphasis, links, spans …); deeper ones are kept as text.
pub const MAX_INLINE_DEPTH: usize = 48;

/// Collects what a walk finds besides the body.
pub struct Converter<'s> {
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<NoteDef>,
    /// What the raw HTML mapping left out, for its warnings.
    pub html: crate::html::Report,
    /// Pass self-contained raw HTML blocks through to the web editions, sanitised.
    pub raw_html: bool,
    block_depth: usize,
    inline_depth: usize,
    /// Subtrees flattened so far, and the first one's span (one warning for all).
    flattened: (usize, Span),
    file: FileId,
    /// Where the lines of the parsed text start, to turn comrak's (line, byte column)
    /// positions into byte offsets in one lookup each.
    lines: Vec<u32>,
    len: usize,
    /// The parsed text, which spans are offsets into and the citation syntax is read
    /// against (comrak's text nodes have lost their escapes).
    source: &'s str,
}

impl<'s> Converter<'s> {
    /// A converter for `text`, the Markdown comrak parsed, which is file `file`.
    pub fn new(file: FileId, text: &'s str) -> Self {
        Self {
            diagnostics: Vec::new(),
            notes: Vec::new(),
            html: Default::default(),
            raw_html: false,
            block_depth: 0,
            inline_depth: 0,
            flattened: (0, Span::detached()),
            file,
            lines: line_starts(text),
            len: text.len(),
            source: text,
        }
    }

    fn span_of(&self, node: Node<'_>) -> Span {
        let sp = node.data().sourcepos;
        let start = offset_in(&self.lines, self.len, sp.start.line, sp.start.column);
        // comrak's end column is inclusive.
        let end = offset_in(&self.lines, self.len, sp.end.line, sp.end.column + 1);
        Span::new(self.file, start, end.max(start))
    }
}

fn attr_of(node: Node<'_>) -> Attr {
    match &node.data().attrs {
        Some(a) => Attr {
            id: a.id.clone().unwrap_or_default(),
            classes: a.classes.clone(),
            pairs: a.pairs.clone(),
        },
        None => Attr::default(),
    }
}

/// Text in Unicode Normalization Form C, as the web expects (W3C): a decomposed "é" and
/// a composed one are the same word in every edition and search.
fn nfc(text: &str) -> String {
    if unicode_normalization::is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

fn block(attr: Attr, kind: BlockKind, span: Span) -> Block {
    Block { attr, kind, span }
}

impl Converter<'_> {
    /// Converts the children of `parent` into blocks.
    pub fn blocks(&mut self, parent: Node<'_>) -> Vec<Block> {
        let blocks = parent
            .children()
            .filter_map(|child| self.block(child))
            .collect();
        let blocks = crate::html::map_blocks(
            blocks,
            MAX_BLOCK_DEPTH.saturating_sub(self.block_depth),
            MAX_INLINE_DEPTH.saturating_sub(self.inline_depth),
            self.raw_html,
            &mut self.html,
        );
        crate::captions::attach(blocks, self.source, &mut self.diagnostics)
    }

    fn block(&mut self, node: Node<'_>) -> Option<Block> {
        if self.block_depth >= MAX_BLOCK_DEPTH && node.first_child().is_some() {
            let span = self.span_of(node);
            let text = self.flatten(node, span);
            return Some(block(
                Attr::default(),
                BlockKind::Paragraph {
                    content: vec![Inline::new(InlineKind::Text { text }, span)],
                },
                span,
            ));
        }
        self.block_depth += 1;
        let converted = self.block_unlimited(node);
        self.block_depth -= 1;
        converted
    }

    /// The text of `node`'s whole subtree, gathered without recursion, words of
    /// separate blocks and lines separated by spaces.
    fn flatten(&mut self, node: Node<'_>, span: Span) -> String {
        if self.flattened.0 == 0 {
            self.flattened.1 = span;
        }
        self.flattened.0 += 1;
        let mut text = String::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match &n.data().value {
                NodeValue::Text(t) => text.push_str(t),
                NodeValue::Code(c) => text.push_str(&c.literal),
                NodeValue::CodeBlock(c) => text.push_str(&c.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
                _ => {}
            }
            if matches!(n.data().value, NodeValue::Paragraph | NodeValue::Heading(_)) {
                text.push(' ');
            }
            let children: Vec<_> = n.children().collect();
            stack.extend(children.into_iter().rev());
        }
        nfc(&text.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// Warns once for all the subtrees [`Self::flatten`] met.
    pub fn warn_flattened(&mut self) {
        let (count, span) = self.flattened;
        if count > 0 {
            self.diagnostics.push(
                Diagnostic::warning(
                    span,
                    format!(
                        "nesting deeper than {MAX_BLOCK_DEPTH} blocks or {MAX_INLINE_DEPTH} inlines is kept as plain text ({count} place{})",
                        if count == 1 { "" } else { "s" }
                    ),
                )
                .with_hint("the first place is shown"),
            );
        }
    }

    fn block_unlimited(&mut self, node: Node<'_>) -> Option<Block> {
        let span = self.span_of(node);
        let mut attr = attr_of(node);
        let value = node.data().value.clone();
        let kind = match value {
            NodeValue::Paragraph => match self.quarto_figure(node, span) {
                Some(figure) => return Some(figure),
                None => BlockKind::Paragraph {
                    content: self.inlines(node),
                },
            },
            NodeValue::Heading(h) => {
                let content = self.inlines(node);
                if quire_doc::inline_text(&content).trim().is_empty() {
                    // An empty heading has nothing to say or to link to, and makes an
                    // empty entry in every table of contents.
                    self.diagnostics.push(
                        Diagnostic::warning(span, "a heading without text is left out")
                            .with_hint("write its text after the `#`, or remove the line"),
                    );
                    return None;
                }
                BlockKind::Heading {
                    level: h.level,
                    content,
                }
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => BlockKind::BlockQuote {
                blocks: self.blocks(node),
            },
            NodeValue::List(list) => BlockKind::List {
                kind: match list.list_type {
                    ListType::Bullet => ListKind::Bullet,
                    ListType::Ordered => ListKind::Ordered {
                        start: list.start as u32,
                    },
                },
                tight: list.tight,
                items: node.children().map(|item| self.list_item(item)).collect(),
            },
            NodeValue::CodeBlock(code) => {
                // ```` ```rust ````, or Pandoc's ```` ```{.rust #id} ````: the first class.
                let language = code
                    .info
                    .split_whitespace()
                    .next()
                    .filter(|l| !l.starts_with('{'))
                    .or_else(|| attr.classes.first().map(String::as_str))
                    .map(str::to_string);
                let text = code
                    .literal
                    .strip_suffix('\n')
                    .unwrap_or(&code.literal)
                    .to_string();
                let caption = match attr
                    .pairs
                    .iter()
                    .position(|(k, _)| k == LISTING_CAPTION_KEY)
                {
                    Some(i) => {
                        let (_, value) = attr.pairs.remove(i);
                        self.listing_caption(&value, span)
                    }
                    None => Vec::new(),
                };
                BlockKind::CodeBlock {
                    language,
                    text,
                    caption,
                }
            }
            NodeValue::HtmlBlock(html) => BlockKind::Raw {
                format: "html".into(),
                text: html.literal.trim_end_matches('\n').to_string(),
                fallback: Vec::new(),
            },
            NodeValue::ThematicBreak => BlockKind::ThematicBreak,
            NodeValue::Table(table) => self.table(node, &table.alignments),
            NodeValue::DescriptionList => BlockKind::DefinitionList {
                items: node.children().map(|item| self.definition(item)).collect(),
            },
            NodeValue::Alert(alert) => {
                let kind = match alert.alert_type {
                    AlertType::Note => AlertKind::Note,
                    AlertType::Tip => AlertKind::Tip,
                    AlertType::Important => AlertKind::Important,
                    AlertType::Warning => AlertKind::Warning,
                    AlertType::Caution => AlertKind::Caution,
                };
                let title = alert
                    .title
                    .clone()
                    .unwrap_or_else(|| kind.default_title().to_string());
                BlockKind::Alert {
                    kind,
                    title,
                    blocks: self.blocks(node),
                }
            }
            NodeValue::BlockDirective(d) => return self.directive(node, &d.info, span),
            NodeValue::FootnoteDefinition(def) => {
                let blocks = self.blocks(node);
                self.notes.push(NoteDef {
                    label: def.name.clone(),
                    blocks,
                    span,
                });
                return None;
            }
            NodeValue::FrontMatter(_) => return None,
            other => {
                self.unsupported(span, &other);
                return None;
            }
        };
        Some(block(attr, kind, span))
    }

    /// Warns that a construct comrak recognised has no place in the model.
    fn unsupported(&mut self, span: Span, value: &NodeValue) {
        self.diagnostics.push(Diagnostic::warning(
            span,
            format!(
                "unsupported Markdown construct `{}` was left out",
                value.xml_node_name()
            ),
        ));
    }

    fn list_item(&mut self, node: Node<'_>) -> ListItem {
        let checked = match &node.data().value {
            NodeValue::TaskItem(task) => Some(task.symbol.is_some()),
            _ => None,
        };
        ListItem {
            id: String::new(),
            checked,
            blocks: self.blocks(node),
            span: self.span_of(node),
        }
    }

    fn table(&mut self, node: Node<'_>, alignments: &[TableAlignment]) -> BlockKind {
        let columns = alignments
            .iter()
            .map(|a| match a {
                TableAlignment::None => Align::Default,
                TableAlignment::Left => Align::Left,
                TableAlignment::Center => Align::Center,
                TableAlignment::Right => Align::Right,
            })
            .collect();
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for row in node.children() {
            let is_header = matches!(row.data().value, NodeValue::TableRow(true));
            let cells: Vec<Cell> = row
                .children()
                .map(|cell| Cell {
                    content: self.inlines(cell),
                    span: self.span_of(cell),
                })
                .collect();
            if is_header {
                header = cells
            } else {
                rows.push(cells)
            }
        }
        BlockKind::Table {
            columns,
            header,
            rows,
            // Read from the paragraph beside the table, by `captions.rs`.
            caption: Vec::new(),
        }
    }

    /// A paragraph that is one image with a `#fig-` id or the `.numbered` class, as
    /// Quarto writes a figure (`![Caption](x.png){#fig-x}`): a figure whose caption is
    /// the bracketed text and whose alternative text is the `fig-alt` attribute, else
    /// the caption's words (as Pandoc does; the image needs alternative text in every
    /// edition). The image's attributes are the figure's.
    fn quarto_figure(&mut self, node: Node<'_>, span: Span) -> Option<Block> {
        let mut images = node.children().filter(|c| match &c.data().value {
            NodeValue::Text(t) => !t.trim().is_empty(),
            NodeValue::SoftBreak => false,
            _ => true,
        });
        let (image, None) = (images.next()?, images.next()) else {
            return None;
        };
        let NodeValue::Image(link) = &image.data().value else {
            return None;
        };
        let mut attr = attr_of(image);
        if !(attr.id.starts_with("fig-") || attr.has_class("numbered")) {
            return None;
        }
        let image_span = self.span_of(image);
        let caption = self.inlines(image);
        let alt = match attr.pairs.iter().position(|(k, _)| k == "fig-alt") {
            Some(i) => attr.pairs.remove(i).1,
            None => quire_doc::inline_text(&caption),
        };
        let image = Image {
            src: link.url.clone(),
            alt,
            span: image_span,
        };
        let caption = if caption.is_empty() {
            Vec::new()
        } else {
            vec![block(
                Attr::default(),
                BlockKind::Paragraph { content: caption },
                image_span,
            )]
        };
        Some(block(
            attr,
            BlockKind::Figure {
                image: Some(image),
                caption,
                credit: Vec::new(),
            },
            span,
        ))
    }

    /// A listing's caption, the `lst-cap` attribute of the code block at `span`, read as
    /// Markdown (so it has the text's typographic quotes, emphasis and code). Its spans
    /// point at the attribute's value in the fence line when it is written there as it
    /// reads (no escapes), else at the fence.
    fn listing_caption(&mut self, value: &str, span: Span) -> Vec<Inline> {
        let fence = &self.source[span.start as usize..span.end as usize];
        let fence_line = fence.lines().next().unwrap_or("");
        let at = fence_line
            .find(&format!("{LISTING_CAPTION_KEY}=\"{value}\""))
            .map(|i| span.start + (i + LISTING_CAPTION_KEY.len() + 2) as u32);
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, value, &crate::options());
        let mut inner = Converter::new(self.file, value);
        let mut out = Vec::new();
        for child in root.children() {
            if !matches!(child.data().value, NodeValue::Paragraph) {
                // A caption that reads as some other block (`1. …`, `# …`) is its text.
                return vec![Inline::new(
                    InlineKind::Text { text: nfc(value) },
                    at.map_or(Span::new(self.file, span.start, span.start), |a| {
                        Span::new(self.file, a, a + value.len() as u32)
                    }),
                )];
            }
            if !out.is_empty() {
                out.push(Inline::new(InlineKind::SoftBreak, span));
            }
            out.extend(inner.inlines(child));
        }
        self.diagnostics.append(&mut inner.diagnostics);
        let mut place = |s: &mut Span| {
            *s = match at {
                Some(a) => Span::new(self.file, a + s.start, a + s.end),
                None => Span::new(self.file, span.start, span.start),
            }
        };
        shift_spans(&mut out, &mut place);
        out
    }

    fn definition(&mut self, item: Node<'_>) -> Definition {
        let mut term = Vec::new();
        let mut details = Vec::new();
        for part in item.children() {
            match part.data().value {
                NodeValue::DescriptionTerm => {
                    // The term is held in paragraphs; its text is their inlines, run together.
                    for para in part.children() {
                        term.extend(self.inlines(para));
                    }
                }
                NodeValue::DescriptionDetails => details.push(self.blocks(part)),
                _ => {}
            }
        }
        Definition {
            id: String::new(),
            term,
            details,
            span: self.span_of(item),
        }
    }

    fn directive(&mut self, node: Node<'_>, info: &str, span: Span) -> Option<Block> {
        let d = match directive::parse(info) {
            Ok(d) => d,
            Err(message) => {
                self.diagnostics.push(Diagnostic::error(
                    span,
                    format!("malformed directive: {message}"),
                ));
                return None;
            }
        };
        let mut blocks = self.blocks(node);
        let mut attr = d.attr;
        // Quarto writes a figure as a div with a `#fig-` id and no name.
        let figure = d.name == "figure" || d.name.is_empty() && attr.id.starts_with("fig-");
        if !figure {
            if !d.name.is_empty() {
                attr.classes.insert(0, d.name);
            }
            return Some(block(attr, BlockKind::Div { blocks }, span));
        }
        let image = take_lone_image(&mut blocks);
        let credit = match blocks.iter().position(|b| b.attr.has_class("credit")) {
            Some(i) => self.credit(blocks.remove(i)),
            None => Vec::new(),
        };
        if image.is_none() && blocks.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(span, "this figure has neither an image nor a caption")
                    .with_hint("add `![description](path/to/image)` or a caption paragraph inside `::: figure`"),
            );
        }
        Some(block(
            attr,
            BlockKind::Figure {
                image,
                caption: blocks,
                credit,
            },
            span,
        ))
    }

    fn credit(&mut self, div: Block) -> Vec<Inline> {
        if let BlockKind::Div { blocks } = &div.kind
            && let [
                Block {
                    kind: BlockKind::Paragraph { content },
                    ..
                },
            ] = blocks.as_slice()
        {
            return content.clone();
        }
        self.diagnostics.push(Diagnostic::error(
            div.span,
            "a figure credit must be a single paragraph",
        ));
        Vec::new()
    }

    /// Converts the inline children of `parent`, merging adjacent text (comrak splits
    /// text at every special character it considered).
    pub fn inlines(&mut self, parent: Node<'_>) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for child in parent.children() {
            let Some(inline) = self.inline(child) else {
                continue;
            };
            if let (Some(last), InlineKind::Text { text }) = (out.last_mut(), &inline.kind)
                && let InlineKind::Text { text: prev } = &mut last.kind
            {
                prev.push_str(text);
                last.span.end = inline.span.end;
                continue;
            }
            out.push(inline);
        }
        // Citations first: their brackets (`[see @key]`) are not spans.
        let out = crate::cite::find(out, self.source);
        let depth = MAX_INLINE_DEPTH.saturating_sub(self.inline_depth);
        let out = crate::html::map_inlines(out, depth, &mut self.html);
        crate::spans::bracketed(out, depth, self.source)
    }

    fn inline(&mut self, node: Node<'_>) -> Option<Inline> {
        if self.inline_depth >= MAX_INLINE_DEPTH && node.first_child().is_some() {
            let span = self.span_of(node);
            let text = self.flatten(node, span);
            return Some(Inline::new(InlineKind::Text { text }, span));
        }
        self.inline_depth += 1;
        let converted = self.inline_unlimited(node);
        self.inline_depth -= 1;
        converted
    }

    fn inline_unlimited(&mut self, node: Node<'_>) -> Option<Inline> {
        let span = self.span_of(node);
        let value = node.data().value.clone();
        let kind = match value {
            NodeValue::Text(text) => InlineKind::Text { text: nfc(&text) },
            NodeValue::SoftBreak => InlineKind::SoftBreak,
            NodeValue::LineBreak => InlineKind::LineBreak,
            NodeValue::Code(code) => InlineKind::Code {
                attr: attr_of(node),
                text: code.literal,
            },
            NodeValue::HtmlInline(html) => InlineKind::Raw {
                format: "html".into(),
                text: html,
            },
            NodeValue::Emph => InlineKind::Emphasis {
                content: self.inlines(node),
            },
            NodeValue::Strong => InlineKind::Strong {
                content: self.inlines(node),
            },
            NodeValue::Strikethrough => InlineKind::Strikeout {
                content: self.inlines(node),
            },
            NodeValue::Superscript => InlineKind::Superscript {
                content: self.inlines(node),
            },
            NodeValue::Subscript => InlineKind::Subscript {
                content: self.inlines(node),
            },
            NodeValue::Link(link) => InlineKind::Link {
                attr: attr_of(node),
                url: link.url.clone(),
                title: link.title.clone(),
                content: self.inlines(node),
            },
            NodeValue::Image(link) => InlineKind::Image {
                attr: attr_of(node),
                src: link.url.clone(),
                alt: quire_doc::inline_text(&self.inlines(node)),
                title: link.title.clone(),
            },
            NodeValue::FootnoteReference(r) => InlineKind::NoteRef {
                id: String::new(),
                note: r.name.clone(),
                number: 0,
            },
            NodeValue::Math(math) => {
                if !math.display_math && looks_like_prose(&math.literal) {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            span,
                            format!(
                                "`${}$` is read as mathematics, but looks like text",
                                math.literal
                            ),
                        )
                        .with_hint("write `\\$` for a dollar sign that is not mathematics"),
                    );
                }
                // `$$` on lines of their own leave line breaks around a display
                // formula's source; TeX ignores them, and an equation's number after
                // the formula would be set on a line of its own.
                let source = if math.display_math {
                    math.literal.trim_matches(['\n', '\r']).to_string()
                } else {
                    math.literal
                };
                InlineKind::Math {
                    display: math.display_math,
                    source,
                }
            }
            NodeValue::Escaped => InlineKind::Span {
                attr: Attr::default(),
                content: self.inlines(node),
            },
            other => {
                self.unsupported(span, &other);
                return None;
            }
        };
        Some(Inline::new(kind, span))
    }
}

/// The attribute of a fenced code block that holds a listing's caption (Quarto's).
pub const LISTING_CAPTION_KEY: &str = "lst-cap";

/// Calls `f` on the span of every inline of `inlines` and below (citations' items too).
fn shift_spans(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Span)) {
    for inline in inlines {
        f(&mut inline.span);
        if let InlineKind::Cite { citations, .. } = &mut inline.kind {
            for c in citations {
                f(&mut c.span);
                shift_spans(&mut c.prefix, f);
                shift_spans(&mut c.suffix, f);
            }
        }
        shift_spans(inline.kind.children_mut(), f);
    }
}

/// Whether TeX `source` reads like words rather than mathematics: a run of three or more
/// letters that is not a command (`\alpha`) nor inside braces (`\text{…}`), as in
/// `$HOME/bin:$PATH`, where a shell variable opened a math span. In TeX, letters are
/// single-letter variables; words are written as commands or in `\text`.
fn looks_like_prose(source: &str) -> bool {
    let (mut run, mut command, mut braces) = (0, false, 0usize);
    for c in source.chars() {
        match c {
            '\\' => {
                command = true;
                run = 0;
                continue;
            }
            '{' => braces += 1,
            '}' => braces = braces.saturating_sub(1),
            _ => {}
        }
        if c.is_alphabetic() {
            if !command && braces == 0 {
                run += 1;
                if run >= 3 {
                    return true;
                }
            }
        } else {
            command = false;
            run = 0;
        }
    }
    false
}

/// Removes and returns the image of a figure: a first paragraph holding only an image.
pub(crate) fn take_lone_image(blocks: &mut Vec<Block>) -> Option<Image> {
    let first = blocks.first()?;
    let BlockKind::Paragraph { content } = &first.kind else {
        return None;
    };
    let mut images = content.iter().filter(|i| !is_blank(i));
    let image = match (images.next(), images.next()) {
        (
            Some(Inline {
                kind: InlineKind::Image { src, alt, .. },
                span,
            }),
            None,
        ) => Image {
            src: src.clone(),
            alt: alt.clone(),
            span: *span,
        },
        _ => return None,
    };
    blocks.remove(0);
    Some(image)
}

fn is_blank(inline: &Inline) -> bool {
    match &inline.kind {
        InlineKind::Text { text } => text.trim().is_empty(),
        InlineKind::SoftBreak => true,
        _ => false,
    }
}
