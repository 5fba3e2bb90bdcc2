//! Captions and ids that Pandoc's Markdown writes beside a block, where comrak sees a
//! paragraph of their own (or text after the block):
//!
//! - a table's caption: a paragraph right after the table (or right before it) that
//!   starts with `:` or `Table:` (`table:`), as Pandoc and Quarto write it,
//!   `: The three editions compared. {#tbl-outputs}`. The paragraph becomes the table's
//!   [`BlockKind::Table::caption`], and an attribute block at its end (`{#tbl-x .class
//!   key="value"}`) the table's attributes. A caption after the table wins over one
//!   before it.
//! - an equation's id: a paragraph that is one display formula followed by an
//!   attribute block, `$$ … $$ {#eq-badness}`, takes those attributes (the paragraph is
//!   the equation; its formula is left as it is).
//!
//! Attribute blocks are read from the source as written (comrak's text has curly
//! quotes where the source had straight ones). A brace group at the end that is not
//! an attribute block but starts like one (`{#…`, `{.…`) is a warning, and stays text.
//! A listing's caption (`lst-cap`) and a Quarto figure (`![Caption](x.png){#fig-x}`)
//! are read in `convert.rs`, where comrak's nodes are still at hand.

use quire_doc::{Attr, Block, BlockKind, Diagnostic, Inline, InlineKind, inline_text};

use crate::directive;

/// Attaches captions and equation ids among the sibling `blocks` (one container's).
pub(crate) fn attach(blocks: Vec<Block>, source: &str, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    if !blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Table { .. }) || equation_shape(b).is_some())
    {
        return blocks;
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut rest = blocks.into_iter().peekable();
    while let Some(mut block) = rest.next() {
        if let BlockKind::Table { .. } = block.kind {
            let after = rest
                .peek()
                .and_then(|next| caption_paragraph(next, source, diags, true));
            if let Some(found) = after {
                rest.next();
                set_caption(&mut block, found);
            } else if let Some(found) = out
                .last()
                .and_then(|prev| caption_paragraph(prev, source, diags, false))
            {
                out.pop();
                set_caption(&mut block, found);
            }
        } else if let Some(text) = equation_shape(&block)
            && let Some((attr, _)) = trailing_attr(text, source, diags).filter(|(_, open)| {
                inline_text(std::slice::from_ref(text))[..*open]
                    .trim()
                    .is_empty()
            })
        {
            if let BlockKind::Paragraph { content } = &mut block.kind {
                content.truncate(1);
            }
            merge(&mut block.attr, attr);
        }
        out.push(block);
    }
    out
}

/// A caption found beside a table: its inlines and its attributes.
struct Found {
    caption: Vec<Inline>,
    attr: Attr,
}

fn set_caption(table: &mut Block, found: Found) {
    if let BlockKind::Table { caption, .. } = &mut table.kind {
        *caption = found.caption;
    }
    merge(&mut table.attr, found.attr);
}

/// `attr` written in the source onto a block's attributes: the id if the block has none
/// (a table or a paragraph has none of its own), classes and pairs added.
fn merge(into: &mut Attr, attr: Attr) {
    if into.id.is_empty() {
        into.id = attr.id;
    }
    into.classes.extend(attr.classes);
    into.pairs.extend(attr.pairs);
}

/// `block` read as a table caption, if it is a paragraph opening with `:` (only after
/// the table, `after`, where it cannot be a definition) or `Table:`.
fn caption_paragraph(
    block: &Block,
    source: &str,
    diags: &mut Vec<Diagnostic>,
    after: bool,
) -> Option<Found> {
    let BlockKind::Paragraph { content } = &block.kind else {
        return None;
    };
    let Some(Inline {
        kind: InlineKind::Text { text },
        span,
    }) = content.first()
    else {
        return None;
    };
    let rest = ["Table:", "table:"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .or_else(|| text.strip_prefix(':').filter(|_| after))?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let cut = text.len() - rest.len();
    let mut caption = content.clone();
    caption[0] = Inline::new(
        InlineKind::Text {
            text: rest.trim_start().to_string(),
        },
        quire_doc::Span::new(span.file, (span.start + cut as u32).min(span.end), span.end),
    );
    let mut attr = Attr::default();
    if let Some(Inline {
        kind: InlineKind::Text { .. },
        ..
    }) = caption.last()
    {
        let last = caption.len() - 1;
        if let Some((found, keep)) = trailing_attr(&caption[last], source, diags) {
            attr = found;
            if let InlineKind::Text { text } = &mut caption[last].kind {
                text.truncate(keep);
                let trimmed = text.trim_end().len();
                text.truncate(trimmed);
            }
        }
    }
    caption.retain(|i| !matches!(&i.kind, InlineKind::Text { text } if text.is_empty()));
    Some(Found { caption, attr })
}

/// The text after a paragraph's one display formula, if that is the paragraph's shape.
fn equation_shape(block: &Block) -> Option<&Inline> {
    let BlockKind::Paragraph { content } = &block.kind else {
        return None;
    };
    match content.as_slice() {
        [
            Inline {
                kind: InlineKind::Math { display: true, .. },
                ..
            },
            text @ Inline {
                kind: InlineKind::Text { .. },
                ..
            },
        ] => Some(text),
        _ => None,
    }
}

/// The attribute block that ends text inline `inline`, read from `source`, and the byte
/// of the inline's text where it starts.
fn trailing_attr(
    inline: &Inline,
    source: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Attr, usize)> {
    let InlineKind::Text { text } = &inline.kind else {
        return None;
    };
    let shown = text.trim_end();
    let open = shown.rfind('{').filter(|_| shown.ends_with('}'))?;
    let written = source
        .get(inline.span.start as usize..inline.span.end as usize)
        .unwrap_or(shown)
        .trim_end();
    let w_open = written.rfind('{').filter(|_| written.ends_with('}'))?;
    let inner = &written[w_open + 1..written.len() - 1];
    match directive::attributes(inner) {
        Ok(attr) => Some((attr, open)),
        Err(why) => {
            if inner.trim_start().starts_with(['#', '.']) {
                let at = inline.span.start + w_open as u32;
                diags.push(
                    Diagnostic::warning(
                        quire_doc::Span::new(
                            inline.span.file,
                            at,
                            at + (written.len() - w_open) as u32,
                        ),
                        format!(
                            "`{{{inner}}}` is not an attribute block ({why}); it is kept as text"
                        ),
                    )
                    .with_hint("write `{#id .class key=\"value\"}`"),
                );
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use quire_doc::{BlockKind, FileId, InlineKind, inline_text};

    fn parse(src: &str) -> quire_doc::Document {
        crate::parse(FileId(0), "t.md", src)
            .expect("parses")
            .document
    }

    fn table_caption(doc: &quire_doc::Document) -> (String, String) {
        doc.blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Table { caption, .. } => {
                    Some((b.id().to_string(), inline_text(caption)))
                }
                _ => None,
            })
            .expect("a table")
    }

    const TABLE: &str = "| a | b |\n|---|---|\n| 1 | 2 |\n";

    #[test]
    fn a_caption_after_the_table_with_its_id() {
        let doc = parse(&format!(
            "{TABLE}\n: The *two* columns. {{#tbl-two .wide}}\n"
        ));
        assert_eq!(doc.blocks.len(), 1, "the caption paragraph is gone");
        assert_eq!(
            table_caption(&doc),
            ("tbl-two".into(), "The two columns.".into())
        );
        assert!(doc.blocks[0].attr.has_class("wide"));
    }

    #[test]
    fn table_colon_before_or_after() {
        let doc = parse(&format!("Table: Before it {{#tbl-b}}\n\n{TABLE}"));
        assert_eq!(table_caption(&doc), ("tbl-b".into(), "Before it".into()));
        let doc = parse(&format!("{TABLE}\nTable: After it\n"));
        let (id, caption) = table_caption(&doc);
        assert!(id.starts_with("table-"), "{id}");
        assert_eq!(caption, "After it");
        // `:` before a table is no caption (it could be a definition).
        let doc = parse(&format!("Text\n\n: not a caption\n\n{TABLE}"));
        assert_eq!(table_caption(&doc).1, "");
    }

    #[test]
    fn quoted_values_are_read_as_written() {
        let doc = parse(&format!(
            "{TABLE}\n: Caption {{#tbl-q title=\"Say \u{201c}hi\u{201d}\" note=\"it's\"}}\n"
        ));
        assert_eq!(doc.blocks[0].attr.get("note"), Some("it's"));
    }

    #[test]
    fn an_equation_takes_its_id() {
        let doc = parse("$$\nx = y\n$$ {#eq-one}\n");
        let b = &doc.blocks[0];
        assert_eq!(b.id(), "eq-one");
        let BlockKind::Paragraph { content } = &b.kind else {
            panic!()
        };
        assert_eq!(content.len(), 1, "only the formula is left: {content:?}");
        // The line breaks around it are not part of the formula.
        assert!(matches!(&content[0].kind, InlineKind::Math { source, .. } if source == "x = y"));
    }

    #[test]
    fn a_malformed_attribute_block_is_a_located_warning() {
        let src = format!("---\ntitle: T\n---\n{TABLE}\n: Caption {{#tbl-x oops}}\n");
        let parsed = crate::parse(FileId(0), "t.md", &src).unwrap();
        let w = &parsed.warnings[0];
        assert!(
            w.message.contains("not an attribute block"),
            "{}",
            w.message
        );
        assert_eq!(
            &src[w.span.start as usize..w.span.end as usize],
            "{#tbl-x oops}"
        );
        assert_eq!(table_caption(&parsed.document).1, "Caption {#tbl-x oops}");
    }

    #[test]
    fn a_listing_caption_is_markdown_with_located_spans() {
        let src = "```{#lst-x .python lst-cap=\"The *badness*, after TeX's\"}\nx = 1\n```\n";
        let doc = parse(src);
        let b = &doc.blocks[0];
        let BlockKind::CodeBlock {
            caption,
            text,
            language,
        } = &b.kind
        else {
            panic!("{b:?}")
        };
        assert_eq!(b.id(), "lst-x");
        assert_eq!(language.as_deref(), Some("python"));
        assert_eq!(text, "x = 1");
        assert_eq!(inline_text(caption), "The badness, after TeX\u{2019}s");
        assert!(b.attr.get("lst-cap").is_none(), "one copy of the caption");
        let first = caption[0].span;
        assert_eq!(&src[first.start as usize..first.end as usize], "The ");
    }

    #[test]
    fn a_quarto_figure_is_a_figure() {
        let doc = parse(
            "![The *swatches*.](s.png){#fig-s}\n\n![Alt only](t.png){#plain}\n\n![Cap](u.png){#fig-u fig-alt=\"Three squares\"}\n",
        );
        let BlockKind::Figure { image, caption, .. } = &doc.blocks[0].kind else {
            panic!("{:?}", doc.blocks[0])
        };
        assert_eq!(doc.blocks[0].id(), "fig-s");
        let image = image.as_ref().unwrap();
        assert_eq!(
            (image.src.as_str(), image.alt.as_str()),
            ("s.png", "The swatches.")
        );
        let BlockKind::Paragraph { content } = &caption[0].kind else {
            panic!()
        };
        assert!(matches!(
            content[1].kind,
            quire_doc::InlineKind::Emphasis { .. }
        ));
        // Without a `fig-` id, a lone image stays a block image.
        assert!(matches!(doc.blocks[1].kind, BlockKind::Paragraph { .. }));
        let BlockKind::Figure { image, .. } = &doc.blocks[2].kind else {
            panic!()
        };
        assert_eq!(image.as_ref().unwrap().alt, "Three squares");
        assert!(doc.blocks[2].attr.get("fig-alt").is_none());
    }

    #[test]
    fn a_quarto_figure_div_is_a_figure() {
        let doc = parse(
            "::: {#fig-q}\n![Alt](q.png)\n\nThe caption.\n:::\n\n::: {#notes}\nA div.\n:::\n",
        );
        assert!(matches!(doc.blocks[0].kind, BlockKind::Figure { .. }));
        assert!(matches!(doc.blocks[1].kind, BlockKind::Div { .. }));
    }
}
