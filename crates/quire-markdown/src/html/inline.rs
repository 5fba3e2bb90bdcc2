//! Raw inline HTML among Markdown inlines: `a <kbd>Ctrl</kbd>+<kbd>C</kbd> b`.
//!
//! The tags are separate siblings of the text they enclose, so an [`InlineStack`] of open
//! elements runs over the sibling list once: an opening tag starts a frame, the matching
//! closing tag wraps everything since into one model node, and frames still open at the
//! end are closed there (content kept, as a browser would).

use quire_doc::{Attr, Inline, InlineKind, Span, inline_text};

use super::lex::{Token, lex};
use super::{Report, attr_of, get, is_removed};

/// What an inline HTML element becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Emphasis,
    Strong,
    Strikeout,
    Superscript,
    Subscript,
    Keyboard,
    Code,
    Link,
    Span,
}

/// The inline elements the model has a node for, and the ones read as a plain span.
fn kind_of(name: &str, attrs: &[(String, String)]) -> Option<Kind> {
    Some(match name {
        "em" | "i" | "cite" | "var" | "dfn" => Kind::Emphasis,
        "strong" | "b" => Kind::Strong,
        "del" | "s" | "strike" => Kind::Strikeout,
        "sup" => Kind::Superscript,
        "sub" => Kind::Subscript,
        "kbd" => Kind::Keyboard,
        "code" | "samp" | "tt" => Kind::Code,
        "a" if get(attrs, "href").is_some() => Kind::Link,
        "a" | "span" | "mark" | "u" | "ins" | "small" | "big" | "abbr" | "q" | "bdi" | "bdo"
        | "time" | "data" | "font" | "nobr" | "label" => Kind::Span,
        _ => return None,
    })
}

/// Whether `name` is an inline element this module maps (for the block builder).
pub(super) fn is_inline(name: &str) -> bool {
    kind_of(name, &[]).is_some() || matches!(name, "a" | "br" | "img" | "wbr")
}

struct Frame {
    name: String,
    kind: Kind,
    attr: Attr,
    url: String,
    title: String,
    start: Span,
    content: Vec<Inline>,
}

/// Open inline elements over a run of siblings.
pub(super) struct InlineStack {
    frames: Vec<Frame>,
    root: Vec<Inline>,
    /// The element being left out with its content, and how many of that name are open.
    removing: Option<(String, usize)>,
    /// How many more levels of nesting the model allows here.
    budget: usize,
}

impl InlineStack {
    pub(super) fn new(budget: usize) -> Self {
        Self {
            frames: Vec::new(),
            root: Vec::new(),
            removing: None,
            budget,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.frames.is_empty() && self.root.is_empty()
    }

    pub(super) fn removing(&self) -> bool {
        self.removing.is_some()
    }

    fn target(&mut self) -> &mut Vec<Inline> {
        match self.frames.last_mut() {
            Some(f) => &mut f.content,
            None => &mut self.root,
        }
    }

    /// Adds a finished inline where the innermost open element is.
    pub(super) fn push(&mut self, inline: Inline) {
        if self.removing() {
            return;
        }
        let target = self.target();
        if let (Some(last), InlineKind::Text { text }) = (target.last_mut(), &inline.kind)
            && let InlineKind::Text { text: prev } = &mut last.kind
        {
            prev.push_str(text);
            last.span = last.span.to(inline.span);
            return;
        }
        target.push(inline);
    }

    /// Handles one token of raw HTML found at `span`.
    pub(super) fn token(&mut self, token: Token, span: Span, report: &mut Report) {
        match token {
            Token::Start { name, attrs, .. } => self.start(&name, &attrs, span, report),
            Token::End { name } => {
                self.end(&name, span);
            }
            Token::Text(text) => self.push(Inline::new(InlineKind::Text { text }, span)),
            Token::Comment => {}
        }
    }

    /// An opening tag.
    pub(super) fn start(
        &mut self,
        name: &str,
        attrs: &[(String, String)],
        span: Span,
        report: &mut Report,
    ) {
        if let Some((open, depth)) = &mut self.removing {
            if open == name {
                *depth += 1;
            }
            return;
        }
        if is_removed(name) {
            report.removed(name, span);
            self.removing = Some((name.to_string(), 1));
            return;
        }
        let kind = match name {
            "br" => return self.push(Inline::new(InlineKind::LineBreak, span)),
            // A line-break opportunity and nothing else.
            "wbr" => {
                return self.push(Inline::new(
                    InlineKind::Text {
                        text: "\u{200b}".into(),
                    },
                    span,
                ));
            }
            "img" => return self.image(attrs, span, report),
            _ => match kind_of(name, attrs) {
                Some(kind) => kind,
                None => return report.unsupported(name, span),
            },
        };
        if self.frames.len() >= self.budget {
            return report.too_deep(span);
        }
        self.frames.push(Frame {
            name: name.to_string(),
            kind,
            attr: attr_of(attrs),
            url: get(attrs, "href").unwrap_or_default().trim().to_string(),
            title: get(attrs, "title").unwrap_or_default().to_string(),
            start: span,
            content: Vec::new(),
        });
    }

    fn image(&mut self, attrs: &[(String, String)], span: Span, report: &mut Report) {
        let Some(src) = get(attrs, "src").map(str::trim).filter(|s| !s.is_empty()) else {
            return report.unsupported("img` without `src", span);
        };
        self.push(Inline::new(
            InlineKind::Image {
                attr: attr_of(attrs),
                src: src.to_string(),
                alt: get(attrs, "alt").unwrap_or_default().to_string(),
                title: get(attrs, "title").unwrap_or_default().to_string(),
            },
            span,
        ));
    }

    /// A closing tag; false if no element of that name is open here.
    pub(super) fn end(&mut self, name: &str, span: Span) -> bool {
        if let Some((open, depth)) = &mut self.removing {
            if open == name {
                *depth -= 1;
                if *depth == 0 {
                    self.removing = None;
                }
            }
            return true;
        }
        let Some(at) = self.frames.iter().rposition(|f| f.name == name) else {
            return false;
        };
        while self.frames.len() > at {
            self.close(span);
        }
        true
    }

    fn close(&mut self, end: Span) {
        let Some(f) = self.frames.pop() else {
            return;
        };
        let span = f.start.to(end);
        let content = f.content;
        let kind = match f.kind {
            Kind::Emphasis => InlineKind::Emphasis { content },
            Kind::Strong => InlineKind::Strong { content },
            Kind::Strikeout => InlineKind::Strikeout { content },
            Kind::Superscript => InlineKind::Superscript { content },
            Kind::Subscript => InlineKind::Subscript { content },
            Kind::Keyboard => InlineKind::Keyboard { content },
            Kind::Code => InlineKind::Code {
                attr: f.attr,
                text: inline_text(&content),
            },
            Kind::Link => InlineKind::Link {
                attr: f.attr,
                url: f.url,
                title: f.title,
                content,
            },
            // A span that carries nothing (`<u>`, `<small>`) is just its content.
            Kind::Span if f.attr == Attr::default() => {
                for inline in content {
                    self.push(inline);
                }
                return;
            }
            Kind::Span => InlineKind::Span {
                attr: f.attr,
                content,
            },
        };
        self.push(Inline::new(kind, span));
    }

    /// Closes what is still open and returns the inlines.
    pub(super) fn finish(mut self) -> Vec<Inline> {
        while let Some(last) = self.frames.last() {
            let end = last.content.last().map_or(last.start, |i| i.span);
            self.close(end);
        }
        self.root
    }
}

fn is_html(inline: &Inline) -> bool {
    matches!(&inline.kind, InlineKind::Raw { format, .. } if format == "html")
}

/// Maps the raw HTML among `list` into model inlines; `budget` is how many levels of
/// nesting the model still allows at this depth.
pub fn map_inlines(list: Vec<Inline>, budget: usize, report: &mut Report) -> Vec<Inline> {
    if !list.iter().any(is_html) {
        return list;
    }
    let mut stack = InlineStack::new(budget);
    for inline in list {
        match inline.kind {
            InlineKind::Raw { format, text } if format == "html" => {
                for (token, _) in lex(&text) {
                    stack.token(token, inline.span, report);
                }
            }
            kind => stack.push(Inline::new(kind, inline.span)),
        }
    }
    stack.finish()
}
