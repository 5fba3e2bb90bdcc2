//! Footnotes: numbered in the order readers meet their first reference, with ids
//! derived from their labels, and checks for references and definitions that do not
//! match.

use std::collections::BTreeMap;

use quire_doc::{Block, BlockKind, Diagnostic, Footnote, Inline, InlineKind, Span};

use crate::convert::NoteDef;
use crate::ids::slug;

/// Numbers the notes referenced from `body` (and from notes, recursively), fills in the
/// references' ids and numbers, and returns the notes in number order. Definitions that
/// are never referenced are dropped with a warning; references without a definition are
/// errors.
pub fn number(
    body: &mut [Block],
    defs: Vec<NoteDef>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Footnote> {
    let mut state = State {
        defs: BTreeMap::new(),
        order: Vec::new(),
        refs: BTreeMap::new(),
        diags,
    };
    for def in defs {
        if state.defs.contains_key(&def.label) {
            state.diags.push(Diagnostic::error(
                def.span,
                format!("footnote [^{}] is defined twice", def.label),
            ));
            continue;
        }
        state.defs.insert(def.label.clone(), def);
    }
    state.blocks(body);
    // Notes may cite further notes; numbering continues through them in order.
    let mut notes = Vec::new();
    let mut i = 0;
    while i < state.order.len() {
        let label = state.order[i].clone();
        if let Some(mut def) = state.defs.remove(&label) {
            state.blocks(&mut def.blocks);
            let number = (i + 1) as u32;
            notes.push(Footnote {
                id: note_id(&label),
                refs: state.refs.remove(&label).unwrap_or_default(),
                label,
                number,
                blocks: def.blocks,
                span: def.span,
            });
        }
        i += 1;
    }
    for def in state.defs.into_values() {
        state.diags.push(Diagnostic::warning(
            def.span,
            format!(
                "footnote [^{}] is defined but never referenced; it was left out",
                def.label
            ),
        ));
    }
    notes
}

fn note_id(label: &str) -> String {
    format!("fn-{}", slug(label))
}

struct State<'d> {
    defs: BTreeMap<String, NoteDef>,
    /// Labels in order of first reference.
    order: Vec<String>,
    refs: BTreeMap<String, Vec<String>>,
    diags: &'d mut Vec<Diagnostic>,
}

impl State<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &mut Block) {
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                self.inlines(content)
            }
            BlockKind::BlockQuote { blocks }
            | BlockKind::Div { blocks }
            | BlockKind::Alert { blocks, .. } => self.blocks(blocks),
            BlockKind::List { items, .. } => {
                items.iter_mut().for_each(|i| self.blocks(&mut i.blocks))
            }
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => {
                self.inlines(caption);
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    self.inlines(&mut cell.content);
                }
            }
            BlockKind::CodeBlock { caption, .. } => self.inlines(caption),
            BlockKind::Figure {
                caption, credit, ..
            } => {
                self.blocks(caption);
                self.inlines(credit);
            }
            BlockKind::DefinitionList { items } => {
                for item in items {
                    self.inlines(&mut item.term);
                    item.details.iter_mut().for_each(|d| self.blocks(d));
                }
            }
            BlockKind::ThematicBreak | BlockKind::Raw { .. } | BlockKind::Index { .. } => {}
        }
    }

    fn inlines(&mut self, inlines: &mut [Inline]) {
        for inline in inlines {
            let span = inline.span;
            match &mut inline.kind {
                InlineKind::NoteRef { id, note, number } => {
                    let label = std::mem::take(note);
                    let position = match self.order.iter().position(|l| *l == label) {
                        Some(p) => p,
                        None => {
                            self.order.push(label.clone());
                            self.order.len() - 1
                        }
                    };
                    let refs = self.refs.entry(label.clone()).or_default();
                    let base = format!("fnref-{}", slug(&label));
                    *id = if refs.is_empty() {
                        base
                    } else {
                        format!("{base}-{}", refs.len() + 1)
                    };
                    refs.push(id.clone());
                    *number = position as u32 + 1;
                    *note = note_id(&label);
                }
                InlineKind::Text { text } => self.missing_refs(text, span),
                InlineKind::Emphasis { content }
                | InlineKind::Strong { content }
                | InlineKind::Strikeout { content }
                | InlineKind::Superscript { content }
                | InlineKind::Subscript { content }
                | InlineKind::Keyboard { content }
                | InlineKind::Cite { content, .. }
                | InlineKind::Link { content, .. }
                | InlineKind::Span { content, .. } => self.inlines(content),
                InlineKind::SoftBreak
                | InlineKind::LineBreak
                | InlineKind::Code { .. }
                | InlineKind::Image { .. }
                | InlineKind::Math { .. }
                | InlineKind::Raw { .. } => {}
            }
        }
    }

    /// comrak leaves `[^label]` as plain text when no definition matches; find those.
    fn missing_refs(&mut self, text: &str, span: Span) {
        let mut rest = text;
        let mut consumed = 0;
        while let Some(start) = rest.find("[^") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(']') else { break };
            let label = &after[..end];
            if !label.is_empty() && !label.contains(char::is_whitespace) {
                // The text may differ from the source (smart quotes, entities), so the
                // offset is kept inside the node's own span.
                let at = (span.start + (consumed + start) as u32).min(span.end);
                let len = (label.len() as u32 + 3).min(span.end - at);
                self.diags.push(
                    Diagnostic::error(
                        Span::new(span.file, at, at + len),
                        format!("reference to footnote [^{label}], which is not defined"),
                    )
                    .with_hint(format!("add a definition: `[^{label}]: The note text.`")),
                );
            }
            consumed += start + 2 + end + 1;
            rest = &text[consumed..];
        }
    }
}
