//! The numbering pass: every target gets its number in reading order, stored on its
//! block, and the label readers see is written into its caption, heading or equation.
//!
//! **Scopes.** An article is one scope. In a book each division is one: a numbered
//! chapter or appendix numbers its figures, tables, listings and equations `3.1`,
//! `3.2` … (`A.1` in an appendix, `3.2.1` in a nested chapter 3.2, after the division's
//! number), restarting in each; front matter, back matter, parts and unnumbered
//! chapters share one running count without a prefix (`1`, `2` …), so that no two
//! targets of a book have the same number.
//!
//! **Sections** are numbered hierarchically, as LaTeX numbers them: a numbered heading
//! at depth *d* below the scope's base level adds one to the *d*-th counter and clears
//! the deeper ones, and its number is the counters down to *d* (`2.1`, `2.1.3`); an
//! unnumbered heading changes no counter, so a numbered subsection under it continues
//! the last numbered section (a numbered subsection with no numbered section before it
//! is `0.1`). The base of an article is one level above its highest numbered heading;
//! the base of a chapter is its opening heading's level (sections of chapter 2 are
//! `2.1` …). The opening heading itself is the chapter: it gets the division's number,
//! which every edition already prints with the chapter's title, and no label.
//! Headings in unnumbered divisions are not numbered; a reference to one (or to a
//! `{.unnumbered}` heading) shows its title.
//!
//! **Labels** are model content, so every edition shows the same: a figure's caption
//! opens with "Figure 2: " (a caption-only paragraph "Figure 2" if it had none), a
//! table's or listing's caption with "Table 1: ", a heading with "2.1 ", and an equation
//! ends with "(3)" (see `quire_doc::enrich` for the classes).
//!
//! Blocks in footnotes are not numbered (they are not in the reading order of the
//! body).

use std::collections::BTreeMap;

use quire_doc::enrich::{
    CAPTION_LABEL_CLASS, EQUATION_NUMBER_CLASS, HEADING_NUMBER_CLASS, NUMBER_KEY,
};
use quire_doc::{
    Attr, Block, BlockKind, Diagnostic, DivisionKind, Document, IdSpace, Inline, InlineKind, Span,
};

use crate::kind::{Kind, UNNUMBERED_CLASS};
use crate::names::{Names, Term};

/// What a reference to a target names it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// By its kind ("Figure", "Section").
    Kind(Kind),
    /// A numbered chapter's opening heading ("Chapter 2").
    Chapter,
    /// An appendix's opening heading ("Appendix A").
    Appendix,
}

impl Naming {
    /// The words for this naming in `names`.
    pub fn term(self, names: &Names) -> Term {
        match self {
            Naming::Kind(kind) => names.term(kind),
            Naming::Chapter => names.chapter,
            Naming::Appendix => names.appendix,
        }
    }
}

/// One target a reference may name.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Its kind.
    pub kind: Kind,
    /// How a reference names it.
    pub naming: Naming,
    /// Its number as readers see it in a reference ("2.1"; an equation's in
    /// parentheses, "(3)"), or `None` for an unnumbered heading.
    pub number: Option<String>,
    /// A heading's text, shown by references to it when it has no number.
    pub title: Vec<Inline>,
}

/// Every target by id, in id order (a `BTreeMap`: nothing depends on hash order).
pub type Targets = BTreeMap<String, Target>;

/// How one scope numbers its blocks.
struct Scope {
    /// The division's number (`3`, `A`, `3.2`), empty in an article; `None` for an
    /// unnumbered division, whose blocks share the book's running count.
    prefix: Option<String>,
    /// Headings at this level or above are not sections of the scope.
    base: u8,
    /// Its opening heading's naming, when it opens with a heading.
    opening: Option<Naming>,
}

/// Numbers the targets of `doc` and labels them in the words of `names`; returns them.
pub fn number(doc: &mut Document, names: &Names, warnings: &mut Vec<Diagnostic>) -> Targets {
    let scopes = scopes(doc);
    let mut ids = IdSpace::new();
    quire_doc::for_each_block(doc, &mut |b| {
        ids.reserve(b.id());
    });
    let mut pass = Pass {
        names,
        targets: Targets::new(),
        counts: BTreeMap::new(),
        running: BTreeMap::new(),
        sections: Vec::new(),
        ids,
        warnings,
    };
    // In a book, blocks before the first division (none, as books are made) count as
    // unnumbered.
    let mut current: Option<Option<usize>> = None;
    let divisions = doc.divisions.clone();
    for (i, block) in doc.blocks.iter_mut().enumerate() {
        let d = if divisions.is_empty() {
            Some(0)
        } else {
            division_of(&divisions, i)
        };
        if current != Some(d) {
            current = Some(d);
            pass.counts.clear();
            pass.sections.clear();
        }
        let scope = d.and_then(|d| scopes.get(d));
        let opening = !divisions.is_empty() && d.is_some_and(|d| divisions[d].start == i);
        if opening
            && let Some(scope) = scope
            && let BlockKind::Heading { content, .. } = &block.kind
        {
            block.attr.pairs.retain(|(k, _)| k != NUMBER_KEY);
            if Kind::target(block).is_some() {
                let number = scope
                    .prefix
                    .clone()
                    .filter(|p| !p.is_empty() && !block.attr.has_class(UNNUMBERED_CLASS));
                if let Some(n) = &number {
                    block.attr.pairs.push((NUMBER_KEY.to_string(), n.clone()));
                }
                let naming = scope.opening.unwrap_or(Naming::Kind(Kind::Section));
                pass.targets.insert(
                    block.id().to_string(),
                    Target {
                        kind: Kind::Section,
                        number,
                        naming,
                        title: content.clone(),
                    },
                );
            }
            continue;
        }
        quire_doc::walk_blocks_mut(std::slice::from_mut(block), &mut |b| pass.block(b, scope));
    }
    // Footnotes hold no targets; a number written there by hand is not one.
    for note in &mut doc.notes {
        quire_doc::walk_blocks_mut(&mut note.blocks, &mut |b| {
            b.attr.pairs.retain(|(k, _)| k != NUMBER_KEY);
        });
    }
    pass.targets
}

/// The division holding top-level block `i` (`None` before the first).
fn division_of(divisions: &[quire_doc::Division], i: usize) -> Option<usize> {
    divisions.partition_point(|d| d.start <= i).checked_sub(1)
}

/// Each division's scope (an article's one scope at index 0).
fn scopes(doc: &Document) -> Vec<Scope> {
    let base_of = |blocks: &[Block]| {
        blocks
            .iter()
            .filter(|b| Kind::wanted(b) == Some(Kind::Section))
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level, .. } => Some(level),
                _ => None,
            })
            .min()
            .map_or(0, |l| l.saturating_sub(1))
    };
    if !doc.is_book() {
        return vec![Scope {
            prefix: Some(String::new()),
            base: base_of(&doc.blocks),
            opening: None,
        }];
    }
    (0..doc.divisions.len())
        .map(|d| {
            let div = &doc.divisions[d];
            let blocks = &doc.blocks[doc.division_blocks(d)];
            let numbered = !div.number.is_empty()
                && matches!(div.kind, DivisionKind::Chapter | DivisionKind::Appendix);
            let opening_level = match blocks.first().map(|b| &b.kind) {
                Some(BlockKind::Heading { level, .. }) => Some(*level),
                _ => None,
            };
            let naming = match div.kind {
                DivisionKind::Appendix if numbered => Naming::Appendix,
                DivisionKind::Chapter if numbered => Naming::Chapter,
                _ => Naming::Kind(Kind::Section),
            };
            Scope {
                prefix: numbered.then(|| div.number_text()),
                base: opening_level.unwrap_or_else(|| base_of(blocks)),
                opening: opening_level.map(|_| naming),
            }
        })
        .collect()
}

struct Pass<'a> {
    names: &'a Names,
    targets: Targets,
    /// The current numbered scope's counts, by kind.
    counts: BTreeMap<Kind, u32>,
    /// The running counts of unnumbered divisions.
    running: BTreeMap<Kind, u32>,
    /// Section counters below the scope's base level.
    sections: Vec<u32>,
    /// Every block id, for the ids of captions this pass adds.
    ids: IdSpace,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Pass<'_> {
    fn block(&mut self, block: &mut Block, scope: Option<&Scope>) {
        // The number is this pass's to give: one an author wrote is not kept.
        block.attr.pairs.retain(|(k, _)| k != NUMBER_KEY);
        let Some(kind) = Kind::target(block) else {
            self.misnamed(block);
            return;
        };
        let number = match kind {
            Kind::Section => self.section(block, scope),
            _ => Some(self.next(kind, scope)),
        };
        let title = match &block.kind {
            BlockKind::Heading { content, .. } if number.is_none() => content.clone(),
            _ => Vec::new(),
        };
        if let Some(n) = &number {
            block.attr.pairs.push((NUMBER_KEY.to_string(), n.clone()));
            self.label(block, kind, n);
        }
        let shown = match (kind, number) {
            (Kind::Equation, Some(n)) => Some(format!("({n})")),
            (_, n) => n,
        };
        self.targets.insert(
            block.id().to_string(),
            Target {
                kind,
                naming: Naming::Kind(kind),
                number: shown,
                title,
            },
        );
    }

    /// The next number of a figure, table, listing or equation.
    fn next(&mut self, kind: Kind, scope: Option<&Scope>) -> String {
        match scope.and_then(|s| s.prefix.as_deref()) {
            Some(prefix) => {
                let n = self.counts.entry(kind).or_default();
                *n += 1;
                if prefix.is_empty() {
                    n.to_string()
                } else {
                    format!("{prefix}.{n}")
                }
            }
            None => {
                let n = self.running.entry(kind).or_default();
                *n += 1;
                n.to_string()
            }
        }
    }

    /// A heading's section number, if it is a numbered section of its scope.
    fn section(&mut self, block: &Block, scope: Option<&Scope>) -> Option<String> {
        let BlockKind::Heading { level, .. } = block.kind else {
            return None;
        };
        let scope = scope?;
        let prefix = scope.prefix.as_deref()?;
        if level <= scope.base || block.attr.has_class(UNNUMBERED_CLASS) {
            return None;
        }
        let depth = usize::from(level - scope.base);
        if self.sections.len() < depth {
            self.sections.resize(depth, 0);
        }
        self.sections[depth - 1] += 1;
        self.sections.truncate(depth);
        let own: Vec<String> = self.sections.iter().map(u32::to_string).collect();
        let own = own.join(".");
        Some(if prefix.is_empty() {
            own
        } else {
            format!("{prefix}.{own}")
        })
    }

    /// Writes the label of target `block` of `kind`, number `n`, into its content.
    fn label(&mut self, block: &mut Block, kind: Kind, n: &str) {
        let at = Span::point(block.span.file, block.span.start);
        let text = |text: String| Inline::new(InlineKind::Text { text }, at);
        let span_of = |class: &str, inner: String| {
            Inline::new(
                InlineKind::Span {
                    attr: Attr {
                        classes: vec![class.to_string()],
                        ..Attr::default()
                    },
                    content: vec![text(inner)],
                },
                at,
            )
        };
        let label = span_of(CAPTION_LABEL_CLASS, self.names.term(kind).with(n));
        let separator = self.names.caption_separator.to_string();
        let captioned = |caption: &mut Vec<Inline>| {
            let mut head = vec![label.clone()];
            if !caption.is_empty() {
                head.push(text(separator.clone()));
            }
            caption.splice(0..0, head);
        };
        let id = block.id().to_string();
        match &mut block.kind {
            BlockKind::Heading { content, .. } => {
                content.splice(
                    0..0,
                    [
                        span_of(HEADING_NUMBER_CLASS, n.to_string()),
                        text(" ".into()),
                    ],
                );
            }
            BlockKind::Paragraph { content } => {
                content.push(text(" ".into()));
                content.push(span_of(EQUATION_NUMBER_CLASS, format!("({n})")));
            }
            BlockKind::Table { caption, .. } | BlockKind::CodeBlock { caption, .. } => {
                captioned(caption)
            }
            BlockKind::Figure { caption, .. } => match caption.first_mut() {
                Some(Block {
                    kind: BlockKind::Paragraph { content },
                    ..
                }) => captioned(content),
                _ => {
                    // No caption paragraph to open: the label is one of its own.
                    let para_id = self.ids.unique(&quire_doc::caption_id(&id));
                    caption.insert(
                        0,
                        Block::new(
                            Attr::with_id(para_id),
                            BlockKind::Paragraph {
                                content: vec![label.clone()],
                            },
                            at,
                        ),
                    );
                }
            },
            BlockKind::BlockQuote { .. }
            | BlockKind::List { .. }
            | BlockKind::ThematicBreak
            | BlockKind::DefinitionList { .. }
            | BlockKind::Alert { .. }
            | BlockKind::Div { .. }
            | BlockKind::Raw { .. }
            | BlockKind::Index { .. } => {}
        }
    }

    /// Warns when `block`'s id has the prefix of a kind it is not (`{#fig-x}` on a
    /// table), which would leave it unnumbered without a word.
    fn misnamed(&mut self, block: &Block) {
        let Some(named) = Kind::of_key(block.id()) else {
            return;
        };
        let Some(is) = Kind::of_block(block) else {
            // A div or a paragraph: no kind at all. Only a `fig-` div is likely meant.
            if named == Kind::Figure && matches!(block.kind, BlockKind::Div { .. }) {
                self.warnings.push(
                    Diagnostic::warning(
                        block.span,
                        format!(
                            "`{}` has a figure's id but is not a figure, so it is not numbered",
                            block.id()
                        ),
                    )
                    .with_hint("write `::: figure {#fig-…}` for a numbered figure"),
                );
            }
            return;
        };
        if is != named && !block.attr.has_class(UNNUMBERED_CLASS) {
            let what = |k: Kind| match k {
                Kind::Figure => "figure",
                Kind::Table => "table",
                Kind::Listing => "code block",
                Kind::Equation => "equation",
                Kind::Section => "heading",
            };
            self.warnings.push(
                Diagnostic::warning(
                    block.span,
                    format!(
                        "`{}` has the prefix of a {} but is a {}, so it is not numbered",
                        block.id(),
                        what(named),
                        what(is)
                    ),
                )
                .with_hint(format!("use the prefix `{}`", is.prefix())),
            );
        }
    }
}

/// The ids of blocks that ask for a number with `.numbered` rather than by their id's
/// prefix, which references may name as `@id` too.
pub fn explicit_targets(doc: &Document) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    quire_doc::walk_blocks(&doc.blocks, &mut |b| {
        if let Some(kind) = Kind::wanted(b)
            && !b.id().starts_with(kind.prefix())
        {
            out.insert(b.id().to_string());
        }
    });
    out
}
