//! hayagriva's rendered output (a tree of formatted text, elements and links) → the
//! document model's inlines, which every edition already sets.

use hayagriva::citationberg::{
    Display, FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign,
};
use hayagriva::{ElemChild, ElemChildren, ElemMeta, Formatted, Formatting};
use quire_doc::{Attr, Inline, InlineKind, Span};

/// The class of a small-capitals span (CSL `font-variant="small-caps"`).
pub const SMALL_CAPS_CLASS: &str = "smallcaps";

/// What to put around each cited item of a citation: indexed by the item's position in
/// the request (hayagriva's `ElemMeta::Entry`).
pub(crate) struct Items<'a> {
    /// The anchor of each item's bibliography entry (`ref-key`), if it has one.
    pub targets: &'a [Option<String>],
    /// Text before each item (Pandoc's prefix).
    pub prefixes: &'a [Vec<Inline>],
    /// Text after each item (the suffix without its locator).
    pub suffixes: &'a [Vec<Inline>],
}

/// The inlines of `children`, with every generated inline at `span`.
pub(crate) fn inlines(
    children: &ElemChildren,
    span: Span,
    items: Option<&Items<'_>>,
) -> Vec<Inline> {
    let mut out = Vec::new();
    for child in &children.0 {
        child_into(child, span, items, &mut out);
    }
    merge_text(out)
}

fn child_into(child: &ElemChild, span: Span, items: Option<&Items<'_>>, out: &mut Vec<Inline>) {
    match child {
        ElemChild::Text(f) => out.push(formatted(f, span)),
        ElemChild::Markup(s) => out.push(text(s, span)),
        ElemChild::Link { text: f, url } => out.push(Inline::new(
            InlineKind::Link {
                attr: Attr::default(),
                url: url.clone(),
                title: String::new(),
                content: vec![formatted(f, span)],
            },
            span,
        )),
        ElemChild::Transparent { .. } => {}
        ElemChild::Elem(elem) => {
            let mut inner = inlines(&elem.children, span, items);
            if let (Some(ElemMeta::Entry(i)), Some(items)) = (&elem.meta, items) {
                inner = around_item(inner, *i, items, span);
            }
            match elem.display {
                None => out.extend(inner),
                Some(display) => {
                    let class = match display {
                        Display::Block => "csl-block",
                        Display::LeftMargin => "csl-left-margin",
                        Display::RightInline => "csl-right-inline",
                        Display::Indent => "csl-indent",
                    };
                    out.push(span_with(class, inner, span));
                }
            }
        }
    }
}

/// One cited item: its prefix, the rendered item linked to its entry, its suffix.
fn around_item(inner: Vec<Inline>, i: usize, items: &Items<'_>, span: Span) -> Vec<Inline> {
    let mut out = Vec::new();
    if let Some(prefix) = items.prefixes.get(i).filter(|p| !p.is_empty()) {
        out.extend(prefix.iter().cloned());
        out.push(text(" ", span));
    }
    // A link cannot hold a link (an entry's URL in a full-note citation).
    let has_link = inner
        .iter()
        .any(|i| matches!(i.kind, InlineKind::Link { .. }));
    match items.targets.get(i).and_then(Option::as_ref) {
        Some(target) if !has_link => out.push(Inline::new(
            InlineKind::Link {
                attr: Attr::default(),
                url: format!("#{target}"),
                title: String::new(),
                content: inner,
            },
            span,
        )),
        _ => out.extend(inner),
    }
    if let Some(suffix) = items.suffixes.get(i).filter(|s| !s.is_empty()) {
        let starts_with_punct = matches!(
            suffix.first().map(|i| &i.kind),
            Some(InlineKind::Text { text })
                if text.starts_with([',', ';', '.', ':', ')']) || text.starts_with(char::is_whitespace)
        );
        if !starts_with_punct {
            out.push(text(" ", span));
        }
        out.extend(suffix.iter().cloned());
    }
    out
}

fn text(s: &str, span: Span) -> Inline {
    Inline::new(
        InlineKind::Text {
            text: s.to_string(),
        },
        span,
    )
}

fn span_with(class: &str, content: Vec<Inline>, span: Span) -> Inline {
    Inline::new(
        InlineKind::Span {
            attr: Attr {
                classes: vec![class.to_string()],
                ..Attr::default()
            },
            content,
        },
        span,
    )
}

/// A run of formatted text, wrapped in the inlines its formatting names.
fn formatted(f: &Formatted, span: Span) -> Inline {
    wrap(text(&f.text, span), &f.formatting, span)
}

fn wrap(mut inline: Inline, f: &Formatting, span: Span) -> Inline {
    if f.font_style == FontStyle::Italic {
        inline = Inline::new(
            InlineKind::Emphasis {
                content: vec![inline],
            },
            span,
        );
    }
    if f.font_weight == FontWeight::Bold {
        inline = Inline::new(
            InlineKind::Strong {
                content: vec![inline],
            },
            span,
        );
    }
    if f.font_variant == FontVariant::SmallCaps {
        inline = span_with(SMALL_CAPS_CLASS, vec![inline], span);
    }
    if f.text_decoration == TextDecoration::Underline {
        inline = span_with("underline", vec![inline], span);
    }
    match f.vertical_align {
        VerticalAlign::Sup => Inline::new(
            InlineKind::Superscript {
                content: vec![inline],
            },
            span,
        ),
        VerticalAlign::Sub => Inline::new(
            InlineKind::Subscript {
                content: vec![inline],
            },
            span,
        ),
        _ => inline,
    }
}

/// Adjacent plain texts joined, and formatted runs of the same kind joined, so that
/// "*The TeXbook*" is one emphasis, not one per word.
fn merge_text(list: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(list.len());
    for inline in list {
        if let Some(last) = out.last_mut() {
            match (&mut last.kind, inline.kind) {
                (InlineKind::Text { text: a }, InlineKind::Text { text: b }) => {
                    a.push_str(&b);
                    continue;
                }
                (InlineKind::Emphasis { content: a }, InlineKind::Emphasis { content: b })
                | (InlineKind::Strong { content: a }, InlineKind::Strong { content: b }) => {
                    a.extend(b);
                    let merged = merge_text(std::mem::take(a));
                    *a = merged;
                    continue;
                }
                (_, kind) => {
                    out.push(Inline::new(kind, inline.span));
                    continue;
                }
            }
        }
        out.push(inline);
    }
    out.retain(|i| !matches!(&i.kind, InlineKind::Text { text } if text.is_empty()));
    out
}
