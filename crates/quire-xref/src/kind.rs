//! What can be numbered and referred to, and how a block says it wants a number.

use quire_doc::{Block, BlockKind, InlineKind};

/// The kinds of numbered target, each counted on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A figure (`::: figure {#fig-x}`, or Quarto's `![Caption](x.png){#fig-x}`).
    Figure,
    /// A table with its caption (`: Caption {#tbl-x}`).
    Table,
    /// A fenced code block (`{#lst-x lst-cap="…"}`).
    Listing,
    /// A display formula alone in its paragraph (`$$ … $$ {#eq-x}`).
    Equation,
    /// A heading.
    Section,
}

/// Every kind, in the order of [`Kind`].
pub const KINDS: [Kind; 5] = [
    Kind::Figure,
    Kind::Table,
    Kind::Listing,
    Kind::Equation,
    Kind::Section,
];

/// The class that asks for a number on a block whose id has no kind prefix
/// (`## Method {#method .numbered}`); such a block can be referred to as `@method`.
pub const NUMBERED_CLASS: &str = "numbered";
/// The class that refuses a number to a block whose id has its kind's prefix (Pandoc's
/// `{.unnumbered}` for headings); a reference to such a heading shows its title.
pub const UNNUMBERED_CLASS: &str = "unnumbered";

impl Kind {
    /// The id prefix that makes a block of this kind numbered (Quarto's convention,
    /// `quire_cite::CROSS_REFERENCE_PREFIXES`).
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Figure => "fig-",
            Kind::Table => "tbl-",
            Kind::Listing => "lst-",
            Kind::Equation => "eq-",
            Kind::Section => "sec-",
        }
    }

    /// What kind of target `block` would be, whatever its id.
    pub fn of_block(block: &Block) -> Option<Kind> {
        match &block.kind {
            BlockKind::Figure { .. } => Some(Kind::Figure),
            BlockKind::Table { .. } => Some(Kind::Table),
            BlockKind::CodeBlock { .. } => Some(Kind::Listing),
            BlockKind::Heading { .. } => Some(Kind::Section),
            BlockKind::Paragraph { content } => match content.as_slice() {
                [only] if matches!(only.kind, InlineKind::Math { display: true, .. }) => {
                    Some(Kind::Equation)
                }
                _ => None,
            },
            BlockKind::BlockQuote { .. }
            | BlockKind::List { .. }
            | BlockKind::ThematicBreak
            | BlockKind::DefinitionList { .. }
            | BlockKind::Alert { .. }
            | BlockKind::Div { .. }
            | BlockKind::Raw { .. }
            | BlockKind::Index { .. } => None,
        }
    }

    /// The kind `block` is numbered as, if it asks for a number: its id starts with
    /// its kind's prefix (and it is not `.unnumbered`), or it has the class
    /// `.numbered`. An id whose prefix names another kind (`{#fig-x}` on a table) does
    /// not count.
    pub fn wanted(block: &Block) -> Option<Kind> {
        let kind = Kind::of_block(block)?;
        let attr = &block.attr;
        let by_id = attr.id.starts_with(kind.prefix()) && !attr.has_class(UNNUMBERED_CLASS);
        (by_id || attr.has_class(NUMBERED_CLASS)).then_some(kind)
    }

    /// The kind `block` is a target of, numbered or not: what [`Kind::wanted`] says,
    /// and also a `{#sec-… .unnumbered}` heading, which references name by its title.
    pub fn target(block: &Block) -> Option<Kind> {
        Kind::wanted(block).or_else(|| {
            (matches!(block.kind, BlockKind::Heading { .. })
                && block.attr.id.starts_with(Kind::Section.prefix())
                && block.attr.has_class(UNNUMBERED_CLASS))
            .then_some(Kind::Section)
        })
    }

    /// The kind a reference key names by its prefix, if any.
    pub fn of_key(key: &str) -> Option<Kind> {
        KINDS.into_iter().find(|k| key.starts_with(k.prefix()))
    }
}
