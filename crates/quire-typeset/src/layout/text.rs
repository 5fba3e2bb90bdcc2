//! Inline content: from the model's [`quire_doc::Inline`]s to the engine's styled runs.
//!
//! [`collect`] walks the model's inlines with a style state (emphasis flips the slant,
//! strong sets bold, code and math switch to the mono face, super- and subscripts shrink
//! and shift) and produces engine [`Inline`]s whose payload is an index into a side table
//! of [`Src`]: the structure node the text belongs to (links, inline code and note
//! references get nodes of their own, created here in reading order), its source position,
//! baseline shift, strike-through and link. A note reference becomes a fixed object (the
//! engine never starts a line with it); an inline image becomes an object of one em's
//! height. The way back, from set lines to page items, is [`super::emit`].

use quire_doc::{Inline as DocInline, InlineKind, Span};

use crate::fonts::{FamilyKind, FontStyle};
use crate::page::{Color, ImageId, LinkTarget, StructId, StructRole};
use crate::paragraph::Inline;
use crate::units::Pt;

use super::context::Ctx;
use super::style::{INLINE_CODE_SIZE, SCRIPT_SIZE, SUBSCRIPT_LOWER, SUPERSCRIPT_RAISE};

/// Where a piece of paragraph content came from and how to tag and decorate it.
#[derive(Clone, Debug)]
pub(crate) struct Src {
    /// The innermost structure node.
    pub node: StructId,
    /// Source position of the run's first character.
    pub origin: Span,
    /// Baseline shift, positive up.
    pub shift: Pt,
    /// Struck through.
    pub strike: bool,
    /// Index into [`InlineSet::links`].
    pub link: Option<usize>,
    /// For objects: what to draw.
    pub object: Option<Obj>,
    /// The ink of its glyphs (black but for highlighted code).
    pub color: Color,
}

/// An inline object.
#[derive(Clone, Debug)]
pub(crate) enum Obj {
    /// A note reference mark.
    NoteMark {
        /// Index of the note in the document.
        note: usize,
        /// The number shown.
        number: String,
        /// Its size.
        size: Pt,
        /// The reference's id (target of the note's back link).
        ref_id: String,
        /// The note's id (the mark's link target).
        note_id: String,
        /// Whether this is the note's first reference (the note goes on its page).
        first: bool,
        /// The `Link` node inside the `Reference`.
        node: StructId,
    },
    /// An inline image.
    Image { image: ImageId, node: StructId },
    /// A named destination inside the text (`<a id>`, `[x]{#id}`): no width, no text.
    Anchor { name: String, size: Pt },
}

/// A link's target and its `Link` node.
#[derive(Clone, Debug)]
pub(crate) struct LinkInfo {
    pub target: LinkTarget,
    pub node: StructId,
}

/// A paragraph's engine input and side tables.
#[derive(Clone, Debug, Default)]
pub(crate) struct InlineSet {
    pub inlines: Vec<Inline<usize>>,
    pub srcs: Vec<Src>,
    pub links: Vec<LinkInfo>,
}

impl InlineSet {
    /// Add plain text in one style (used for code lines, terms, titles).
    pub fn push_text(&mut self, text: &str, style: FontStyle, size: Pt, node: StructId, at: Span) {
        self.push_colored(text, style, size, node, at, Color::default());
    }

    /// Add plain text in one style and ink (a highlighted code token).
    pub fn push_colored(
        &mut self,
        text: &str,
        style: FontStyle,
        size: Pt,
        node: StructId,
        at: Span,
        color: Color,
    ) {
        if text.is_empty() {
            return;
        }
        self.inlines.push(Inline::Text {
            text: text.to_string(),
            style,
            size,
            lang: None,
            source: self.srcs.len(),
        });
        self.srcs.push(Src {
            node,
            origin: at,
            shift: Pt::ZERO,
            strike: false,
            link: None,
            object: None,
            color,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.inlines.is_empty()
    }
}

/// The style state of the walk.
#[derive(Clone, Copy)]
struct State<'d> {
    style: FontStyle,
    size: Pt,
    shift: Pt,
    strike: bool,
    link: Option<usize>,
    node: StructId,
    /// The `lang` attribute of the innermost span or link that has one (`None`: the
    /// paragraph's language).
    lang: Option<&'d str>,
}

/// A zero-width object that places the destination `name` where it falls in the text.
fn anchor(set: &mut InlineSet, name: &str, s: State<'_>, at: Span) {
    set.inlines.push(Inline::Object {
        width: Pt::ZERO,
        ascent: Pt::ZERO,
        descent: Pt::ZERO,
        source: set.srcs.len(),
    });
    let obj = Obj::Anchor {
        name: name.to_string(),
        size: s.size,
    };
    set.srcs.push(src_for(s, at, Some(obj)));
}

/// Map model inlines to engine input (see the module docs).
pub(crate) fn collect(
    ctx: &mut Ctx<'_>,
    inlines: &[DocInline],
    style: FontStyle,
    size: Pt,
    node: StructId,
) -> InlineSet {
    let mut set = InlineSet::default();
    let state = State {
        style,
        size,
        shift: Pt::ZERO,
        strike: false,
        link: None,
        node,
        lang: None,
    };
    walk(ctx, &mut set, inlines, state);
    set
}

fn push(set: &mut InlineSet, text: &str, s: State<'_>, at: Span) {
    if text.is_empty() {
        return;
    }
    set.inlines.push(Inline::Text {
        text: text.to_string(),
        style: s.style,
        size: s.size,
        lang: s.lang.map(str::to_string),
        source: set.srcs.len(),
    });
    set.srcs.push(Src {
        node: s.node,
        origin: at,
        shift: s.shift,
        strike: s.strike,
        link: s.link,
        object: None,
        color: Color::default(),
    });
}

fn walk<'d>(ctx: &mut Ctx<'_>, set: &mut InlineSet, inlines: &'d [DocInline], s: State<'d>) {
    for inline in inlines {
        let at = inline.span;
        match &inline.kind {
            InlineKind::Text { text } => push(set, text, s, at),
            InlineKind::SoftBreak => push(set, " ", s, at),
            InlineKind::LineBreak => {
                set.inlines.push(Inline::LineBreak {
                    source: set.srcs.len(),
                });
                set.srcs.push(src_for(s, at, None));
            }
            InlineKind::Emphasis { content } => {
                let mut t = s;
                t.style.italic = !s.style.italic;
                walk(ctx, set, content, t);
            }
            InlineKind::Strong { content } => {
                let mut t = s;
                t.style.bold = true;
                walk(ctx, set, content, t);
            }
            InlineKind::Strikeout { content } => {
                walk(ctx, set, content, State { strike: true, ..s })
            }
            InlineKind::Superscript { content } | InlineKind::Subscript { content } => {
                let up = matches!(inline.kind, InlineKind::Superscript { .. });
                let shift = if up {
                    s.size * SUPERSCRIPT_RAISE
                } else {
                    -(s.size * SUBSCRIPT_LOWER)
                };
                let t = State {
                    size: s.size * SCRIPT_SIZE,
                    shift: s.shift + shift,
                    ..s
                };
                walk(ctx, set, content, t);
            }
            InlineKind::Keyboard { content } => {
                let node = ctx.tree.add(StructRole::Code, s.node);
                walk(ctx, set, content, mono(s, node));
            }
            InlineKind::Code { text, .. } => {
                let node = ctx.tree.add(StructRole::Code, s.node);
                push(set, text, mono(s, node), at);
            }
            InlineKind::Math { source, .. } => push(set, source, mono(s, s.node), at),
            InlineKind::Raw { text, .. } => push(set, text, mono(s, s.node), at),
            InlineKind::Link {
                url, content, attr, ..
            } => {
                if !attr.id.is_empty() {
                    anchor(set, &attr.id, s, at);
                }
                // Only places in the document and web or mail addresses become links in
                // print; a relative file or a refused scheme stays plain text.
                let target = match quire_doc::url::classify(url) {
                    quire_doc::url::Target::Fragment(anchor) => LinkTarget::Anchor(anchor),
                    quire_doc::url::Target::External(url) => LinkTarget::Url(url),
                    quire_doc::url::Target::Relative(_)
                    | quire_doc::url::Target::Refused(_)
                    | quire_doc::url::Target::Malformed(_) => {
                        let t = State {
                            lang: attr.get("lang").or(s.lang),
                            ..s
                        };
                        walk(ctx, set, content, t);
                        continue;
                    }
                };
                let node = ctx.tree.add(StructRole::Link, s.node);
                set.links.push(LinkInfo { target, node });
                let t = State {
                    link: Some(set.links.len() - 1),
                    node,
                    lang: attr.get("lang").or(s.lang),
                    ..s
                };
                walk(ctx, set, content, t);
            }
            InlineKind::Image { src, alt, .. } => {
                let Some((image, w, h)) = ctx.images.load(ctx.assets, src, &mut ctx.warnings)
                else {
                    continue; // not part of the reading text: an absent image is left out
                };
                let node = ctx.tree.add(StructRole::Figure, s.node);
                ctx.tree.set_alt(node, alt.clone());
                let height = s.size.min(h);
                let width = w * (height.0 / h.0);
                set.inlines.push(Inline::Object {
                    width,
                    ascent: height * 0.8,
                    descent: height * 0.2,
                    source: set.srcs.len(),
                });
                set.srcs
                    .push(src_for(s, at, Some(Obj::Image { image, node })));
            }
            InlineKind::NoteRef { id, note, number } => {
                let Some(&index) = ctx.notes.get(note.as_str()) else {
                    continue;
                };
                let reference = ctx.tree.add(StructRole::Reference, s.node);
                let node = ctx.tree.add(StructRole::Link, reference);
                let number = number.to_string();
                ctx.tree.set_alt(reference, format!("Note {number}"));
                let size = s.size * SCRIPT_SIZE;
                let width = ctx.text_width(&number, FontStyle::REGULAR, size);
                let first = ctx.doc.notes[index].refs.first() == Some(id);
                set.inlines.push(Inline::Object {
                    width,
                    ascent: s.size * SUPERSCRIPT_RAISE + size * 0.7,
                    descent: Pt::ZERO,
                    source: set.srcs.len(),
                });
                let obj = Obj::NoteMark {
                    note: index,
                    number,
                    size,
                    ref_id: id.clone(),
                    note_id: note.clone(),
                    first,
                    node,
                };
                set.srcs.push(src_for(s, at, Some(obj)));
            }
            InlineKind::Span { content, attr } => {
                if !attr.id.is_empty() {
                    anchor(set, &attr.id, s, at);
                }
                let t = State {
                    lang: attr.get("lang").or(s.lang),
                    ..s
                };
                walk(ctx, set, content, t)
            }
        }
    }
}

fn mono(s: State<'_>, node: StructId) -> State<'_> {
    State {
        style: FontStyle {
            family: FamilyKind::Mono,
            bold: false,
            italic: false,
        },
        size: s.size * INLINE_CODE_SIZE,
        node,
        ..s
    }
}

fn src_for(s: State<'_>, at: Span, object: Option<Obj>) -> Src {
    Src {
        node: s.node,
        origin: at,
        shift: s.shift,
        strike: s.strike,
        link: s.link,
        object,
        color: Color::default(),
    }
}
