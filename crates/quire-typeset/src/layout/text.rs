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
use super::passages::PassageSpan;
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
    /// Inside an annotated passage: drawn with a rule under it.
    pub underline: bool,
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
    /// The marker of an annotation at the end of its passage.
    AnnotationMark {
        /// Index of the annotation in the document.
        annotation: usize,
        /// The letters shown.
        marker: String,
        /// Their size.
        size: Pt,
        /// The marker's own destination (`{slug}-ref`).
        ref_id: String,
        /// The note's destination (`{slug}`), the mark's link target.
        note_id: String,
        /// The `Link` node inside the `Reference`.
        node: StructId,
    },
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
    /// While a unit of the projection is collected: its annotated passages.
    passage: Option<Passage>,
}

/// The annotated passages of the unit being collected, and how far the walk has read.
///
/// The walk reads the unit once, forwards, so each kind of edge (a passage's start,
/// its end, its marker) is a list sorted by position with a read pointer: every text
/// run costs the edges inside it, however many passages the unit holds.
#[derive(Clone, Debug, Default)]
struct Passage {
    spans: Vec<PassageSpan>,
    /// Code points of the unit read so far.
    cursor: usize,
    /// Spans whose marker is due but waits for the end of a link or code.
    due: Vec<usize>,
    /// Spans whose marker is set.
    marked: Vec<bool>,
    /// Where each span's marker goes: its end, moved past closing punctuation that
    /// follows it (`diplomacy,ᵇ`), as note marks stand after the punctuation.
    mark_at: Vec<usize>,
    /// Spans by start; the non-empty ones by end; those with a marker by end.
    by_start: Vec<usize>,
    by_end: Vec<usize>,
    markers: Vec<usize>,
    /// How many of each list the walk has passed, and of the starts how many are of
    /// non-empty spans (open passages = those minus the ends passed).
    next_start: usize,
    next_end: usize,
    next_mark: usize,
    started: usize,
}

impl Passage {
    fn new(spans: Vec<PassageSpan>) -> Passage {
        let sorted = |keep: &dyn Fn(&PassageSpan) -> bool, key: &dyn Fn(&PassageSpan) -> usize| {
            let mut v: Vec<usize> = (0..spans.len()).filter(|&k| keep(&spans[k])).collect();
            v.sort_by_key(|&k| (key(&spans[k]), k));
            v
        };
        Passage {
            by_start: sorted(&|_| true, &|sp| sp.start),
            by_end: sorted(&|sp| sp.start < sp.end, &|sp| sp.end),
            markers: sorted(&|sp| sp.marker, &|sp| sp.end),
            marked: vec![false; spans.len()],
            mark_at: spans.iter().map(|sp| sp.end).collect(),
            spans,
            ..Passage::default()
        }
    }

    /// The positions in `list` (sorted by `key`) strictly between `from` and `to`.
    fn inside(
        &self,
        list: &[usize],
        key: impl Fn(usize) -> usize,
        (from, to): (usize, usize),
    ) -> std::ops::Range<usize> {
        let lo = list.partition_point(|&k| key(k) <= from);
        let hi = list.partition_point(|&k| key(k) < to);
        lo..hi.max(lo)
    }
}

/// Punctuation that a marker stands after rather than before.
const CLOSING: &[char] = &[
    ',', '.', ';', ':', '!', '?', ')', ']', '}', '”', '’', '»', '"', '\'', '。', '，', '、', '；',
    '：', '！', '？', '）', '」', '』',
];

impl InlineSet {
    /// Add plain text in one style (used for code lines, terms, titles).
    pub fn push_text(&mut self, text: &str, style: FontStyle, size: Pt, node: StructId, at: Span) {
        self.push_colored(text, style, size, node, at, Color::default());
    }

    /// Add text in one style that links to `target`, tagged with the `Link` node `node`.
    pub fn push_link(
        &mut self,
        text: &str,
        (style, size): (FontStyle, Pt),
        node: StructId,
        target: LinkTarget,
        at: Span,
    ) {
        self.links.push(LinkInfo { target, node });
        let link = self.links.len() - 1;
        let from = self.srcs.len();
        self.push_text(text, style, size, node, at);
        for src in &mut self.srcs[from..] {
            src.link = Some(link);
        }
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
            underline: false,
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

impl State<'_> {
    /// The state a block's inlines start in: its face and size, unshifted, outside any
    /// link or language span.
    fn top(style: FontStyle, size: Pt, node: StructId) -> Self {
        State {
            style,
            size,
            shift: Pt::ZERO,
            strike: false,
            link: None,
            node,
            lang: None,
        }
    }
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
    walk(ctx, &mut set, inlines, State::top(style, size, node));
    set
}

/// [`collect`] for the inlines of the projection's unit `unit` (a paragraph's or a
/// heading's block id): annotated passages in it are underlined, open with their
/// destination and end with their marker (see `super::passages`).
pub(crate) fn collect_unit(
    ctx: &mut Ctx<'_>,
    inlines: &[DocInline],
    style: FontStyle,
    size: Pt,
    node: StructId,
    unit: &str,
) -> InlineSet {
    let Some(spans) = ctx.passages.of_unit(unit).map(<[PassageSpan]>::to_vec) else {
        return collect(ctx, inlines, style, size, node);
    };
    let mut set = InlineSet {
        passage: Some(Passage::new(spans)),
        ..InlineSet::default()
    };
    let state = State::top(style, size, node);
    walk(ctx, &mut set, inlines, state);
    // Markers whose place the walk did not reach (text that differs from the
    // projection's) end the unit.
    let left: Vec<usize> = set.passage.as_ref().map_or(Vec::new(), |p| {
        (0..p.spans.len())
            .filter(|&k| p.spans[k].marker && !p.marked[k])
            .collect()
    });
    for k in left {
        marker(ctx, &mut set, k, state, Span::detached());
    }
    set
}

/// Whether a marker may go here: not inside a link or code, whose structure element it
/// would otherwise join.
fn may_mark(s: State<'_>) -> bool {
    s.link.is_none() && s.style.family != FamilyKind::Mono
}

/// Set the markers that became due inside a link or code once the walk is out of it.
fn flush_due(ctx: &mut Ctx<'_>, set: &mut InlineSet, s: State<'_>, at: Span) {
    if !may_mark(s) {
        return;
    }
    let due = match set.passage.as_mut() {
        Some(p) if !p.due.is_empty() => std::mem::take(&mut p.due),
        _ => return,
    };
    for k in due {
        marker(ctx, set, k, s, at);
    }
}

/// Add span `k`'s annotation marker: a small raised letter, the content of a `Link`
/// (to the note) inside a `Reference`, as a note reference is.
fn marker(ctx: &mut Ctx<'_>, set: &mut InlineSet, k: usize, s: State<'_>, at: Span) {
    let Some(p) = set.passage.as_mut() else {
        return;
    };
    if p.marked[k] {
        return;
    }
    p.marked[k] = true;
    let annotation = p.spans[k].annotation;
    let Some(a) = ctx.doc.annotations.get(annotation) else {
        return;
    };
    let text = a.marker();
    let reference = ctx.tree.add(StructRole::Reference, s.node);
    let node = ctx.tree.add(StructRole::Link, reference);
    ctx.tree.set_alt(reference, format!("Note {text}"));
    let size = s.size * SCRIPT_SIZE;
    let width = ctx.text_width(&text, FontStyle::ITALIC, size);
    set.inlines.push(Inline::Object {
        width,
        ascent: s.size * SUPERSCRIPT_RAISE + size * 0.7,
        descent: Pt::ZERO,
        source: set.srcs.len(),
    });
    let obj = Obj::AnnotationMark {
        annotation,
        marker: text,
        size,
        ref_id: format!("{}-ref", a.slug),
        note_id: a.slug.clone(),
        node,
    };
    set.srcs.push(src_for(s, at, Some(obj)));
}

/// Add text, cut at the edges of the annotated passages it meets: each piece is
/// underlined when a passage covers it, a passage's first piece is preceded by its
/// destination and its last followed by its marker.
fn push(ctx: &mut Ctx<'_>, set: &mut InlineSet, text: &str, s: State<'_>, at: Span) {
    if text.is_empty() {
        return;
    }
    let Some(p) = set.passage.as_mut() else {
        push_piece(set, text, s, at, false);
        return;
    };
    let from = p.cursor;
    let to = from + text.chars().count();
    p.cursor = to;
    // Markers of passages ending here move past the closing punctuation after them.
    let lo = p.markers.partition_point(|&k| p.spans[k].end < from);
    let hi = p.markers.partition_point(|&k| p.spans[k].end < to);
    for &k in &p.markers[lo..hi.max(lo)] {
        let after = text.chars().skip(p.spans[k].end - from);
        p.mark_at[k] = p.spans[k].end + after.take_while(|c| CLOSING.contains(c)).count();
    }
    let mut cuts = vec![from, to];
    let starts = p.inside(&p.by_start, |k| p.spans[k].start, (from, to));
    cuts.extend(p.by_start[starts].iter().map(|&k| p.spans[k].start));
    let ends = p.inside(&p.by_end, |k| p.spans[k].end, (from, to));
    cuts.extend(p.by_end[ends].iter().map(|&k| p.spans[k].end));
    let marks = p.inside(&p.markers, |k| p.mark_at[k], (from, to));
    cuts.extend(p.markers[marks].iter().map(|&k| p.mark_at[k]));
    cuts.sort_unstable();
    cuts.dedup();
    // Byte offset of each code point of `text` that is a cut.
    let mut bytes = Vec::with_capacity(cuts.len());
    let mut next = cuts.iter().peekable();
    for (n, (b, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
        while next.peek().is_some_and(|&&c| c == from + n) {
            bytes.push(b);
            next.next();
        }
    }
    // Markers that waited for this run and found no punctuation stand before it.
    fire(ctx, set, from, false, s, at);
    for w in 0..cuts.len().saturating_sub(1) {
        let (a, b) = (cuts[w], cuts[w + 1]);
        let Some(p) = set.passage.as_mut() else {
            return;
        };
        let mut opens = Vec::new();
        while let Some(&k) = p.by_start.get(p.next_start)
            && p.spans[k].start <= a
        {
            p.next_start += 1;
            if p.spans[k].start < p.spans[k].end {
                p.started += 1;
            }
            opens.extend(p.spans[k].opens.clone());
        }
        while let Some(&k) = p.by_end.get(p.next_end)
            && p.spans[k].end <= a
        {
            p.next_end += 1;
        }
        let under = p.started > p.next_end;
        for name in opens {
            anchor(set, &name, s, at);
        }
        let piece = text.get(bytes[w]..bytes[w + 1]).unwrap_or("");
        push_piece(set, piece, s, at, under);
        // A marker due where the text run ends waits for the next run, which may open
        // with the punctuation it stands after (`**strong**,`).
        fire(ctx, set, b, b == to, s, at);
    }
}

/// Set the markers due at or before `upto` (strictly before it, if `strict`), in the
/// order of their passages' ends, or keep them for the end of a link or code.
fn fire(ctx: &mut Ctx<'_>, set: &mut InlineSet, upto: usize, strict: bool, s: State<'_>, at: Span) {
    while let Some(p) = set.passage.as_mut() {
        let Some(&k) = p.markers.get(p.next_mark) else {
            break;
        };
        let due = if strict {
            p.mark_at[k] < upto
        } else {
            p.mark_at[k] <= upto
        };
        if !due {
            break;
        }
        p.next_mark += 1;
        if may_mark(s) {
            marker(ctx, set, k, s, at);
        } else {
            p.due.push(k);
        }
    }
}

/// Count code points that the projection has but no text inline sets (a hard break),
/// after setting the markers that wait where it stands.
fn skip(ctx: &mut Ctx<'_>, set: &mut InlineSet, n: usize, s: State<'_>, at: Span) {
    let Some(cursor) = set.passage.as_ref().map(|p| p.cursor) else {
        return;
    };
    fire(ctx, set, cursor, false, s, at);
    if let Some(p) = set.passage.as_mut() {
        p.cursor += n;
    }
}

fn push_piece(set: &mut InlineSet, text: &str, s: State<'_>, at: Span, underline: bool) {
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
        underline,
    });
}

fn walk<'d>(ctx: &mut Ctx<'_>, set: &mut InlineSet, inlines: &'d [DocInline], s: State<'d>) {
    for inline in inlines {
        let at = inline.span;
        match &inline.kind {
            InlineKind::Text { text } => push(ctx, set, text, s, at),
            InlineKind::SoftBreak => push(ctx, set, " ", s, at),
            InlineKind::LineBreak => {
                skip(ctx, set, 1, s, at);
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
                push(ctx, set, text, mono(s, node), at);
            }
            InlineKind::Math { source, .. } => push(ctx, set, source, mono(s, s.node), at),
            InlineKind::Raw { text, .. } => push(ctx, set, text, mono(s, s.node), at),
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
            InlineKind::Span { attr, .. }
                if let Some((target, words)) = quire_doc::enrich::page_ref(attr) =>
            {
                page_ref(ctx, set, target, words, s, at);
            }
            InlineKind::Span { content, attr } => {
                if !attr.id.is_empty() {
                    anchor(set, &attr.id, s, at);
                }
                let t = State {
                    lang: attr.get("lang").or(s.lang),
                    ..s
                };
                walk(ctx, set, content, t);
                // An indexed phrase may end on another page than it starts.
                if ctx.span_ends.contains(&attr.id) {
                    let end = super::settle::end_anchor(&attr.id);
                    anchor(set, &end, s, Span::new(at.file, at.end, at.end));
                }
            }
            InlineKind::Cite { content, .. } => walk(ctx, set, content, s),
        }
        flush_due(ctx, set, s, at);
    }
}

/// A page reference's words with the page its target is on ("on page 14"), the number
/// a link to the target. Generated text, as the index's numbers are: not part of the
/// projection, so passages do not count it. Before the pages are known, and for a
/// target no pass placed, the number is a placeholder of about its width.
fn page_ref(
    ctx: &mut Ctx<'_>,
    set: &mut InlineSet,
    target: &str,
    words: &str,
    s: State<'_>,
    at: Span,
) {
    let label = match ctx.refs.get(target) {
        Some(place) => place.label.clone(),
        None => PAGE_PLACEHOLDER.to_string(),
    };
    let (before, after) = words
        .split_once(quire_doc::enrich::PAGE_REF_PLACEHOLDER)
        .unwrap_or((words, ""));
    push_piece(set, before, s, at, false);
    let node = ctx.tree.add(StructRole::Link, s.node);
    set.links.push(LinkInfo {
        target: LinkTarget::Anchor(target.to_string()),
        node,
    });
    let linked = State {
        link: Some(set.links.len() - 1),
        node,
        ..s
    };
    push_piece(set, &label, linked, at, false);
    push_piece(set, after, s, at, false);
}

/// What a page reference prints before its target's page is known.
const PAGE_PLACEHOLDER: &str = "00";

fn mono(s: State<'_>, node: StructId) -> State<'_> {
    State {
        style: FontStyle::MONO,
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
        underline: false,
    }
}
