//! From page plans to pages: page boxes, mirrored margins, running heads, page numbers,
//! the footnote rule and crop marks.
//!
//! Page 1 is a recto (right-hand page): odd pages have the inner margin on the left, even
//! pages on the right. Every page but the first has a running head, centred in italics
//! above the text block ([`HEAD_RAISE`] grid lines above it): the short title on versos,
//! on rectos the heading of one level in effect (the first that starts on the page, or
//! else the one in force when the page begins), none on a recto that opens with that
//! heading, each cut as `super::running_heads` says; a page with nothing on it has no
//! head and no folio. The
//! page number is centred below the text block. Both are artifacts. Paragraph numbers
//! (artifacts too, small and grey) stand in the outer margin on the baseline of their
//! paragraph's first line, and margin notes in a column beyond them: right of the text
//! block on a recto, left of it on a verso.
//!
//! A book ([`quire_doc::Document::is_book`]) differs: the first page has a head too,
//! rectos show the chapter in effect (only the book's openings set marks, see
//! `super::book`), and a page whose chunks ask for it ([`PageMark`]) shows no head (an
//! opening) or no folio (the half-title, title and copyright pages); an empty verso put
//! in before a recto shows neither. Folios are roman (i, ii …) up to the page that starts
//! arabic numbering (the first part or chapter), then 1, 2 … ([`page_labels`]); the
//! labels are what the pages print. For print, the trim
//! sits inside a larger media box with a bleed box beyond it and the printer's marks the
//! preset asks for outside the bleed ([`super::print`], [`super::marks`]).

use std::collections::BTreeMap;

use quire_doc::Span;

use crate::fonts::FontStyle;
use crate::page::{ArtifactKind, Color, Mark, Page, PageItem, Point, Rect, Rule, TextRun};
use crate::units::Pt;

use super::context::Ctx;
use super::flow::translate;
use super::flow::{Chunk, PageMark};
use super::paginate::{PagePlan, Source};
use super::style::{
    FOLIO_SIZE, NOTE_RULE_RATIO, PARAGRAPH_NUMBER_GAP_EM, PARAGRAPH_NUMBER_SIZE, QUIET_INK,
};

/// Height of the running head's baseline above the text block, in grid lines.
pub const HEAD_RAISE: f64 = 2.0;
/// Depth of the page number's baseline below the text block, in grid lines.
pub const FOLIO_DROP: f64 = 2.5;
/// Widest running head, as a fraction of the measure.
pub const HEAD_WIDTH: f64 = 0.85;

/// Turn plans into pages.
///
/// The chunks' items are moved onto the pages (repeated table headers are copied), so
/// the laid-out glyphs exist once in memory.
pub(crate) fn decorate(
    ctx: &mut Ctx<'_>,
    plans: &[PagePlan],
    store: &mut Store,
    area: Pt,
) -> Vec<Page> {
    let opts = ctx.opts;
    let m = opts.margins();
    let (w, h) = (opts.page.width, opts.page.height);
    let off = opts.media_offset();
    let measure = w - m.inner - m.outer;
    let trim = Rect {
        x: off,
        y: off,
        width: w,
        height: h,
    };
    let spec = opts.print_spec();
    let bleed = if let Some(spec) = spec {
        let b = spec.bleed();
        Rect {
            x: off - b,
            y: off - b,
            width: w + b * 2.0,
            height: h + b * 2.0,
        }
    } else {
        trim
    };
    let title = super::running_heads::short_title(ctx.doc);
    let book = ctx.doc.is_book();
    let labels = page_labels(plans, &store.body, book);
    let mut section: Option<String> = None;
    let mut cache = HeadCache::new();
    let mut pages = Vec::with_capacity(plans.len());
    for (index, plan) in plans.iter().enumerate() {
        let number = index + 1;
        let recto = number % 2 == 1;
        let asks = page_asks(plan, &store.body);
        // A page with nothing on it (a verso left blank before a recto) shows neither.
        let empty =
            plan.blank || (plan.body.is_empty() && plan.notes.is_empty() && plan.margin.is_empty());
        let (show_head, show_folio) = if book {
            (!asks.no_head && !empty, !asks.no_folio && !empty)
        } else {
            (index > 0 && !empty, index > 0 && !empty)
        };
        let left = off + if recto { m.inner } else { m.outer };
        let top = off + m.top;
        let mut items = Vec::new();
        let first_mark = plan.body.iter().find_map(|p| store.mark(p.at));
        // A recto that opens with the heading its head would repeat shows none.
        let opens_with_mark = plan.body.first().and_then(|p| store.mark(p.at)).is_some();
        let head_text = if recto {
            if opens_with_mark {
                None
            } else {
                first_mark.clone().or_else(|| section.clone())
            }
        } else {
            Some(title.clone())
        };
        if let Some(last) = plan.body.iter().rev().find_map(|p| store.mark(p.at)) {
            section = Some(last);
        }
        if show_head && let Some(text) = head_text.filter(|t| !t.trim().is_empty()) {
            let y = top - ctx.st.leading * HEAD_RAISE;
            let mark = Mark::Artifact(ArtifactKind::Header);
            let at = (left, measure, y);
            centred(
                ctx,
                &mut cache,
                &mut items,
                &text,
                FontStyle::ITALIC,
                at,
                mark,
            );
        }
        let outer = Outer {
            text: (left, measure),
            recto,
        };
        for placed in &plan.body {
            if let Some((n, base)) = store
                .chunk(placed.at)
                .and_then(|c| Some((c.number?, c.baseline)))
            {
                let base = base.unwrap_or(ctx.st.leading * 0.75);
                paragraph_number(ctx, &mut items, n, outer, top + placed.y + base);
            }
            let mut chunk_items = store.take(placed.at);
            translate(&mut chunk_items, left, top + placed.y);
            items.extend(chunk_items);
        }
        for y in [plan.note_rule, plan.class_rule].into_iter().flatten() {
            let y = top + y;
            items.push(PageItem::Rule(Rule {
                from: Point { x: left, y },
                to: Point {
                    x: left + measure * NOTE_RULE_RATIO,
                    y,
                },
                thickness: Pt(0.4),
                color: Color::default(),
                mark: Mark::Artifact(ArtifactKind::Decoration),
            }));
        }
        for placed in &plan.notes {
            let mut chunk_items = store.take(placed.at);
            translate(&mut chunk_items, left, top + placed.y);
            items.extend(chunk_items);
        }
        if let Some((gap, width)) = store.column {
            // The column is outside the text block: right of it on a recto, left on a
            // verso.
            let x = if recto {
                left + measure + gap
            } else {
                left - gap - width
            };
            for placed in &plan.margin {
                let mut chunk_items = store.take(placed.at);
                translate(&mut chunk_items, x, top + placed.y);
                items.extend(chunk_items);
            }
        }
        if show_folio {
            let y = top + area + ctx.st.leading * FOLIO_DROP;
            let mark = Mark::Artifact(ArtifactKind::Footer);
            let text = labels[index].clone();
            centred(
                ctx,
                &mut cache,
                &mut items,
                &text,
                FontStyle::REGULAR,
                (left, measure, y),
                mark,
            );
        }
        if let Some(spec) = spec {
            let slug = spec
                .slug
                .then(|| format!("{} · page {}", opts.slug, labels[index]));
            super::marks::marks(ctx, &mut items, &spec, trim, slug.as_deref());
        }
        pages.push(Page {
            width: w + off * 2.0,
            height: h + off * 2.0,
            trim,
            bleed,
            label: labels[index].clone(),
            items,
        });
    }
    pages
}

/// The text block of a page, and which side its outer margin is on.
#[derive(Clone, Copy)]
struct Outer {
    /// Left edge and width.
    text: (Pt, Pt),
    recto: bool,
}

/// Paragraph number `n` in the outer margin, on baseline `y` (the paragraph's first
/// line), small and grey, an artifact: flush left beside a recto's text block, flush
/// right beside a verso's.
fn paragraph_number(ctx: &mut Ctx<'_>, items: &mut Vec<PageItem>, n: u32, outer: Outer, y: Pt) {
    let size = ctx.st.size * PARAGRAPH_NUMBER_SIZE;
    let mark = Mark::Artifact(ArtifactKind::Decoration);
    let (runs, w) = ctx.set_text(
        &n.to_string(),
        FontStyle::REGULAR,
        size,
        mark,
        Span::detached(),
    );
    let gap = ctx.st.size * PARAGRAPH_NUMBER_GAP_EM;
    let (left, width) = outer.text;
    let x = if outer.recto {
        left + width + gap
    } else {
        left - gap - w
    };
    for mut run in runs {
        run.origin.x += x;
        run.origin.y += y;
        run.color = Color::Gray(QUIET_INK as f32);
        items.push(PageItem::Text(run));
    }
}

/// What the body chunks of a page ask of it, together.
fn page_asks(plan: &PagePlan, body: &[Chunk]) -> PageMark {
    let mut asks = PageMark::default();
    for p in &plan.body {
        if let Source::Body(k) = p.at
            && let Some(m) = body.get(k).and_then(|c| c.page)
        {
            asks.no_head |= m.no_head;
            asks.no_folio |= m.no_folio;
            asks.arabic |= m.arabic;
        }
    }
    asks
}

/// The label (folio) of every page: `1`, `2` … for an article; for a book, roman
/// numerals from the first page up to the page whose chunks start arabic numbering, and
/// arabic from 1 there (see the module docs).
pub(crate) fn page_labels(plans: &[PagePlan], body: &[Chunk], book: bool) -> Vec<String> {
    let arabic_from = if book {
        plans
            .iter()
            .position(|p| page_asks(p, body).arabic)
            .unwrap_or(plans.len())
    } else {
        0
    };
    (0..plans.len())
        .map(|i| {
            if i < arabic_from {
                crate::page::roman_numeral(i + 1)
            } else {
                (i - arabic_from + 1).to_string()
            }
        })
        .collect()
}

/// The chunks that plans refer to.
pub(crate) struct Store {
    pub body: Vec<Chunk>,
    pub headers: Vec<Chunk>,
    pub notes: Vec<Vec<Chunk>>,
    /// Margin notes, by annotation.
    pub margin: Vec<Vec<Chunk>>,
    /// The margin-note column: its distance from the text block and its width.
    pub column: Option<(Pt, Pt)>,
}

impl Store {
    fn chunk(&mut self, at: Source) -> Option<&mut Chunk> {
        match at {
            Source::Body(k) => self.body.get_mut(k),
            Source::Header(k) => self.headers.get_mut(k),
            Source::Note(n, k) => self.notes.get_mut(n).and_then(|v| v.get_mut(k)),
            Source::Margin(a, k) => self.margin.get_mut(a).and_then(|v| v.get_mut(k)),
        }
    }

    /// The running-head mark of a chunk.
    fn mark(&mut self, at: Source) -> Option<String> {
        self.chunk(at).and_then(|c| c.mark.clone())
    }

    /// A chunk's items: moved out, except for repeated headers, which are copied.
    fn take(&mut self, at: Source) -> Vec<PageItem> {
        let copy = matches!(at, Source::Header(_));
        match self.chunk(at) {
            Some(c) if copy => c.items.clone(),
            Some(c) => std::mem::take(&mut c.items),
            None => Vec::new(),
        }
    }
}

/// Running heads and page numbers already set, by (text, italic): the runs at the origin
/// and their width (each distinct head is shortened and shaped once per document).
type HeadCache = BTreeMap<(String, bool), (Vec<TextRun>, Pt)>;

/// Set `text` centred over `(left, width)` on baseline `y`, shortened to fit.
fn centred(
    ctx: &mut Ctx<'_>,
    cache: &mut HeadCache,
    items: &mut Vec<PageItem>,
    text: &str,
    style: FontStyle,
    (left, width, y): (Pt, Pt, Pt),
    mark: Mark,
) {
    let key = (text.to_string(), style.italic);
    let (runs, w) = match cache.get(&key) {
        Some(hit) => hit.clone(),
        None => {
            let size = ctx.st.size * FOLIO_SIZE;
            let shown = super::running_heads::fit(ctx, text, style, size, width * HEAD_WIDTH);
            let set = ctx.set_text(&shown, style, size, mark, Span::detached());
            cache.insert(key, set.clone());
            set
        }
    };
    let x = left + ((width - w) * 0.5).max(Pt::ZERO);
    for mut run in runs {
        run.origin.x += x;
        run.origin.y += y;
        items.push(PageItem::Text(run));
    }
}
