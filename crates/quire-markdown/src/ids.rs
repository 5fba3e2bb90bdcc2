//! Stable ids for every block.
//!
//! An id written in the source (`## Title {#intro}`, `::: figure {#fig-1}`) wins.
//! Headings without one get a slug of their text, which reads well in a URL. Every other
//! block gets its kind's prefix and a short FNV-1a hash of its text (`p-1a2b3c4d`): unlike
//! a running number it does not change when other paragraphs are inserted or moved, so
//! permalinks and citations keep pointing at the same paragraph. Collisions get `-1`,
//! `-2` … in reading order (see [`quire_doc::IdSpace`]). Explicit ids that repeat are
//! errors.

use quire_doc::{
    Block, BlockKind, Diagnostic, Footnote, IdSpace, Inline, inline_text, stable_hash,
};

/// Fills in every empty id in `body` and `notes`.
/// Generated ids start with `prefix` (empty for a whole document).
pub fn assign(
    body: &mut [Block],
    notes: &mut [Footnote],
    diags: &mut Vec<Diagnostic>,
    prefix: &str,
) {
    let mut used = IdSpace::new();
    for note in notes.iter() {
        used.reserve(&note.id);
        note.refs.iter().for_each(|r| {
            used.reserve(r);
        });
    }
    let mut explicit = Vec::new();
    collect_explicit(body, &mut explicit);
    for note in notes.iter() {
        collect_explicit(&note.blocks, &mut explicit);
    }
    // Ids on inlines (`[x]{#id}`, `<a id="x">`) are link targets in the same namespace.
    let lists = std::iter::once(&*body).chain(notes.iter().map(|n| &n.blocks[..]));
    for blocks in lists {
        quire_doc::walk_inlines_in(blocks, &mut |inline| {
            if let Some(id) = inline.kind.id() {
                explicit.push((id.to_string(), inline.span));
            }
        });
    }
    for (id, span) in explicit {
        if !used.reserve(&id) {
            diags.push(
                Diagnostic::error(span, format!("the id `{id}` is used twice"))
                    .with_hint("ids must be unique"),
            );
        }
    }
    let mut ids = Ids { used, prefix };
    ids.blocks(body);
    for note in notes {
        ids.blocks(&mut note.blocks);
    }
}

fn collect_explicit(blocks: &[Block], out: &mut Vec<(String, quire_doc::Span)>) {
    for block in blocks {
        if !block.attr.id.is_empty() {
            out.push((block.attr.id.clone(), block.span));
        }
        for children in block.child_lists() {
            collect_explicit(children, out);
        }
    }
}

struct Ids<'p> {
    used: IdSpace,
    prefix: &'p str,
}

impl Ids<'_> {
    fn unique(&mut self, base: String) -> String {
        self.used.unique(&format!("{}{base}", self.prefix))
    }

    fn hashed(&mut self, prefix: &str, text: &str) -> String {
        self.unique(format!(
            "{prefix}-{:08x}",
            stable_hash(&[prefix, text]) as u32
        ))
    }

    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &mut Block) {
        if block.attr.id.is_empty() {
            block.attr.id = match &block.kind {
                BlockKind::Heading { content, .. } => self.unique(slug(&inline_text(content))),
                kind => {
                    let text = block_text(block);
                    self.hashed(prefix(kind), &text)
                }
            };
        }
        match &mut block.kind {
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => self.blocks(blocks),
            BlockKind::List { items, .. } => {
                for item in items {
                    if item.id.is_empty() {
                        let text: String = item.blocks.iter().map(block_text).collect();
                        item.id = self.hashed("li", &text);
                    }
                    self.blocks(&mut item.blocks);
                }
            }
            BlockKind::Figure { caption, .. }
            | BlockKind::Raw {
                fallback: caption, ..
            } => self.blocks(caption),
            BlockKind::DefinitionList { items } => {
                for item in items {
                    if item.id.is_empty() {
                        item.id = self.hashed("dt", &inline_text(&item.term));
                    }
                    item.details.iter_mut().for_each(|d| self.blocks(d));
                }
            }
            BlockKind::Heading { .. }
            | BlockKind::Paragraph { .. }
            | BlockKind::CodeBlock { .. }
            | BlockKind::ThematicBreak
            | BlockKind::Table { .. }
            | BlockKind::Index { .. } => {}
        }
    }
}

fn prefix(kind: &BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading { .. } => "h",
        BlockKind::Paragraph { .. } => "p",
        BlockKind::BlockQuote { .. } => "quote",
        BlockKind::List { .. } => "list",
        BlockKind::CodeBlock { .. } => "code",
        BlockKind::ThematicBreak => "hr",
        BlockKind::Table { .. } => "table",
        BlockKind::Figure { .. } => "fig",
        BlockKind::DefinitionList { .. } => "dl",
        BlockKind::Alert { .. } => "alert",
        BlockKind::Div { .. } => "div",
        BlockKind::Raw { .. } => "raw",
        BlockKind::Index { .. } => "index",
    }
}

/// The text a block's id is hashed from: all the words inside it.
fn block_text(block: &Block) -> String {
    let mut out = String::new();
    let inl = |out: &mut String, inlines: &[Inline]| quire_doc::push_inlines(out, inlines);
    match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
            inl(&mut out, content)
        }
        BlockKind::CodeBlock { text, .. } | BlockKind::Raw { text, .. } => out.push_str(text),
        BlockKind::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                inl(&mut out, &cell.content);
            }
        }
        BlockKind::Figure { image, credit, .. } => {
            if let Some(image) = image {
                out.push_str(&image.src);
            }
            inl(&mut out, credit);
        }
        BlockKind::DefinitionList { items } => items.iter().for_each(|i| inl(&mut out, &i.term)),
        BlockKind::Alert { title, .. } => out.push_str(title),
        BlockKind::BlockQuote { .. }
        | BlockKind::List { .. }
        | BlockKind::Div { .. }
        | BlockKind::ThematicBreak
        | BlockKind::Index { .. } => {}
    }
    for children in block.child_lists() {
        children.iter().for_each(|c| out.push_str(&block_text(c)));
    }
    out
}

/// A heading's id as GitHub, mdBook and Pandoc's `gfm_auto_identifiers` make it, so
/// that links written for those tools keep working: lower case; letters, digits,
/// combining marks, `_` and `-` kept; each space a `-`; everything else (punctuation,
/// symbols, emoji) removed. An empty result is `section`, as in Pandoc.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            out.push('-');
        } else if c.is_alphanumeric()
            || c == '_'
            || c == '-'
            || unicode_normalization::char::is_combining_mark(c)
        {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("China’s “Major-Country” Diplomacy!"),
            "chinas-major-country-diplomacy"
        );
        assert_eq!(slug("!!"), "section");
        assert_eq!(slug("Été 2024"), "été-2024");
        // GitHub's rule, character for character (github-slugger's fixtures).
        assert_eq!(slug("snake_case_name"), "snake_case_name");
        assert_eq!(slug("Foo & Bar"), "foo--bar");
        assert_eq!(slug("1. Getting Started"), "1-getting-started");
        assert_eq!(slug("The `Option` Enum"), "the-option-enum");
        assert_eq!(slug("Emoji 🚨 here"), "emoji--here");
        assert_eq!(slug("हिन्दी"), "हिन्दी");
    }
}
