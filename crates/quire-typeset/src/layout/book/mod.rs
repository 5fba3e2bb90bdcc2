//! A book on pages: front pages, the printed contents, openings, and the outline.
//!
//! A document with divisions ([`quire_doc::Document::is_book`]) is laid out as a printed
//! book rather than as an article with a title block:
//!
//! 1. **Front pages** (`front`): the half-title (the title alone), an empty verso, the
//!    title page (title, subtitle, authors, publisher) and on its verso the copyright
//!    page (rights, ISBN, edition, date, identifier, a colophon line), set at its foot.
//! 2. **The contents** (`contents`): every division of depth 0 with its number, title
//!    and the folio of the page it starts on, nested chapters indented and smaller,
//!    parts set apart; each entry a link to its division. The folios are known only
//!    after pagination, so the entries are set once with the right shape and no numbers,
//!    the book is paginated, and they are set again with the numbers read from the pages
//!    until the numbers they print are the numbers of the pages (`contents::settle`).
//! 3. **Openings** (`opening`): each front-matter division, part, chapter of depth 0,
//!    appendix and back-matter division starts a recto (the paginator puts in an empty
//!    verso when needed); a chapter opens with its number line ("Chapter 3", "Appendix
//!    A") and its title set large, a third of the way down the text block, on a page
//!    without running head. The title is the chapter's own first heading when it has
//!    one (so it is not printed twice), else the division's title. Part pages centre
//!    "Part I" and the title, followed by the part's own text. Nested chapters (depth 1
//!    and more) run on, their headings as usual.
//! 4. **Folios and heads** are `super::decorate`'s: roman from the half-title up to the
//!    first part or chapter, arabic from 1 there; versos show the book's title, rectos
//!    the chapter's (set by the openings as running-head marks, not by headings).
//! 5. **The outline** ([`outline`]): the title page and the contents, then the
//!    divisions; parts hold their chapters, chapters their nested chapters and headings.
//!
//! Words that layout adds (Chapter, Appendix, Part, Contents, the colophon) come from
//! [`Words`], in the languages it knows, else numbers alone.

mod contents;
mod front;
mod opening;

use quire_doc::{BlockKind, DivisionKind, Document, inline_text};

use crate::page::{GENERATED_ANCHOR_PREFIX, OutlineItem};

use super::blocks;
use super::context::Ctx;
use super::flow::{Flow, Frame};
use super::paginate::PagePlan;

pub(crate) use contents::{Contents, settle};

/// The named destination of the title page.
pub const TITLE_PAGE_ANCHOR: &str = "quire-title-page";
/// The named destination of the contents page.
pub const CONTENTS_ANCHOR: &str = "quire-contents";
/// The named destination of the copyright page.
pub const COPYRIGHT_ANCHOR: &str = "quire-copyright";

/// The words a book's pages add, in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    /// Before a chapter's number ("Chapter"); `None`: the number alone.
    pub chapter: Option<&'static str>,
    /// Before an appendix's letter.
    pub appendix: Option<&'static str>,
    /// Before a part's number.
    pub part: Option<&'static str>,
    /// The title of the contents page.
    pub contents: &'static str,
    /// The colophon line of the copyright page.
    pub typeset_with: &'static str,
}

impl Words {
    /// The words for a BCP 47 language tag (by its primary subtag). Languages Quire does
    /// not know get numbers without words and English titles for the contents and the
    /// colophon.
    pub fn for_language(tag: &str) -> Words {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let w = |chapter, appendix, part, contents, typeset_with| Words {
            chapter: Some(chapter),
            appendix: Some(appendix),
            part: Some(part),
            contents,
            typeset_with,
        };
        match primary.as_str() {
            "en" | "" => w(
                "Chapter",
                "Appendix",
                "Part",
                "Contents",
                "Typeset with Quire",
            ),
            "de" => w("Kapitel", "Anhang", "Teil", "Inhalt", "Gesetzt mit Quire"),
            "fr" => w(
                "Chapitre",
                "Annexe",
                "Partie",
                "Table des matières",
                "Composé avec Quire",
            ),
            "es" => w(
                "Capítulo",
                "Apéndice",
                "Parte",
                "Índice",
                "Compuesto con Quire",
            ),
            "it" => w(
                "Capitolo",
                "Appendice",
                "Parte",
                "Indice",
                "Composto con Quire",
            ),
            "pt" => w(
                "Capítulo",
                "Apêndice",
                "Parte",
                "Sumário",
                "Composto com Quire",
            ),
            "nl" => w("Hoofdstuk", "Bijlage", "Deel", "Inhoud", "Gezet met Quire"),
            _ => Words {
                chapter: None,
                appendix: None,
                part: None,
                contents: "Contents",
                typeset_with: "Typeset with Quire",
            },
        }
    }
}

/// A part's number in capital roman numerals.
fn part_numeral(n: usize) -> String {
    crate::page::roman_numeral(n).to_uppercase()
}

/// How a division is numbered in print: the short form ("3", "3.2", "A", "I") and the
/// number line of its opening ("Chapter 3", "Appendix A", "Part I"), if any.
pub(crate) fn numbering(doc: &Document, d: usize, words: &Words) -> (String, Option<String>) {
    let div = &doc.divisions[d];
    let with = |word: Option<&str>, n: &str| match word {
        Some(word) => format!("{word} {n}"),
        None => n.to_string(),
    };
    match div.kind {
        DivisionKind::Part => {
            let n = doc.divisions[..=d]
                .iter()
                .filter(|x| x.kind == DivisionKind::Part)
                .count();
            let n = part_numeral(n);
            let line = with(words.part, &n);
            (n, Some(line))
        }
        DivisionKind::Appendix if !div.number.is_empty() => {
            let n = div.number_text();
            let line = with(words.appendix, &n);
            (n, Some(line))
        }
        DivisionKind::Chapter if !div.number.is_empty() => {
            let n = div.number_text();
            let line = with(words.chapter, &n);
            (n, Some(line))
        }
        _ => (String::new(), None),
    }
}

/// The title of division `d` as plain text: its first block's heading text when it opens
/// with a heading (the text print sets as its title), else the division's title.
pub(crate) fn title_text(doc: &Document, d: usize) -> String {
    let range = doc.division_blocks(d);
    match doc.blocks.get(range.start).map(|b| &b.kind) {
        Some(BlockKind::Heading { content, .. }) if !range.is_empty() => {
            inline_text(content).replace('\n', " ")
        }
        _ => doc.divisions[d].title.clone(),
    }
}

/// The named destination of division `d`: its first block's id, where links to the
/// chapter lead, or a generated name for a division without one.
pub(crate) fn anchor_of(doc: &Document, d: usize) -> String {
    let range = doc.division_blocks(d);
    match doc.blocks.get(range.start) {
        Some(block) if !range.is_empty() && !block.id().is_empty() => block.id().to_string(),
        _ => format!("{GENERATED_ANCHOR_PREFIX}division-{d}"),
    }
}

/// Whether division `d` starts a new page: front and back matter, parts, chapters of
/// depth 0 and appendices.
fn opens_page(doc: &Document, d: usize) -> bool {
    let div = &doc.divisions[d];
    div.kind == DivisionKind::Part || div.opens_chapter()
}

/// Where a division starts in the vertical list and the outline.
#[derive(Clone, Debug)]
pub(crate) struct DivStart {
    /// Its first chunk in the flow.
    pub chunk: usize,
    /// Its first heading in [`Flow::headings`].
    pub heading: usize,
    /// Its named destination.
    pub anchor: String,
    /// Whether its opening set its first block (a heading) as the title.
    pub took_heading: bool,
}

/// What the book layout keeps between the walk and pagination.
pub(crate) struct BookFlow {
    /// One per division, in order.
    pub starts: Vec<DivStart>,
    /// The contents page's entries.
    pub contents: Contents,
}

/// Lay out a book: front pages, the contents (numbers to come, see `settle`), and the
/// divisions with their openings.
pub(crate) fn book(ctx: &mut Ctx<'_>, flow: &mut Flow, frame: &Frame) -> BookFlow {
    let doc = ctx.doc;
    let words = Words::for_language(&ctx.lang);
    front::front_pages(ctx, flow, frame, &words);
    let contents = contents::contents(ctx, flow, frame, &words);
    let first = doc.divisions.first().map_or(doc.blocks.len(), |d| d.start);
    if first > 0 {
        // Blocks before the first division (none from the loaders) run on after the
        // contents.
        ctx.base = 0;
        blocks::blocks(ctx, flow, frame, &doc.blocks[..first.min(doc.blocks.len())]);
    }
    let arabic_at = doc
        .divisions
        .iter()
        .position(|d| matches!(d.kind, DivisionKind::Part | DivisionKind::Chapter));
    let mut starts = Vec::with_capacity(doc.divisions.len());
    let mut in_part = false;
    for d in 0..doc.divisions.len() {
        let range = doc.division_blocks(d);
        let kind = doc.divisions[d].kind;
        let anchor = anchor_of(doc, d);
        let chunk = flow.chunks.len();
        let heading = flow.headings.len();
        let mut from = range.start;
        let mut took_heading = false;
        if opens_page(doc, d) {
            let nests = kind == DivisionKind::Chapter && in_part;
            in_part = match kind {
                DivisionKind::Part => true,
                DivisionKind::Chapter => in_part,
                _ => false,
            };
            let o = opening::Opening {
                division: d,
                anchor: anchor.clone(),
                arabic: arabic_at == Some(d),
                in_part: nests,
            };
            took_heading = opening::opening(ctx, flow, frame, &o, &words);
            if took_heading {
                from += 1;
            }
        } else if doc
            .blocks
            .get(range.start)
            .is_none_or(|b| b.id().is_empty())
        {
            flow.anchor(&anchor);
        }
        ctx.base = from;
        blocks::blocks(ctx, flow, frame, &doc.blocks[from..range.end.max(from)]);
        starts.push(DivStart {
            chunk,
            heading,
            anchor,
            took_heading,
        });
    }
    ctx.base = 0;
    BookFlow { starts, contents }
}

/// The index of the page each chunk of `chunks` is on (`plans` placing them); a chunk
/// that no page shows (space dropped at the top of a page) counts as on the page of the
/// next chunk that is shown.
pub(crate) fn page_of_chunks(plans: &[PagePlan], chunks: usize) -> Vec<usize> {
    let mut page = vec![usize::MAX; chunks];
    for (p, plan) in plans.iter().enumerate() {
        for placed in &plan.body {
            if let super::paginate::Source::Body(k) = placed.at
                && let Some(slot) = page.get_mut(k)
            {
                *slot = (*slot).min(p);
            }
        }
    }
    let mut next = plans.len().saturating_sub(1);
    for slot in page.iter_mut().rev() {
        if *slot == usize::MAX {
            *slot = next;
        } else {
            next = *slot;
        }
    }
    page
}

/// The outline of a book (see the module docs).
pub(crate) fn outline(
    doc: &Document,
    flow: &Flow,
    book: &BookFlow,
    words: &Words,
) -> Vec<OutlineItem> {
    let item = |title: String, anchor: &str, children| OutlineItem {
        title,
        anchor: anchor.to_string(),
        children,
    };
    let mut items = vec![
        item(
            doc.meta.title.replace('\n', " "),
            TITLE_PAGE_ANCHOR,
            Vec::new(),
        ),
        item(words.contents.to_string(), CONTENTS_ANCHOR, Vec::new()),
    ];
    let n = doc.divisions.len();
    // A division's own item: its headings (but the one set as its title) nested.
    let own = |d: usize| -> OutlineItem {
        let s = &book.starts[d];
        let end = book
            .starts
            .get(d + 1)
            .map_or(flow.headings.len(), |x| x.heading);
        let mut from = s.heading;
        let first_is_title = !s.took_heading
            && doc.divisions[d].depth > 0
            && flow
                .headings
                .get(from)
                .is_some_and(|h| h.1.trim() == title_text(doc, d).trim() && h.2 == s.anchor);
        if first_is_title {
            from += 1;
        }
        let children = super::structure::outline(&flow.headings[from..end.max(from)]);
        let (number, _) = numbering(doc, d, words);
        let title = title_text(doc, d);
        let title = if number.is_empty() || doc.divisions[d].kind == DivisionKind::Part {
            title
        } else {
            format!("{number} {title}")
        };
        item(title, &s.anchor, children)
    };
    let mut d = 0;
    while d < n {
        let mut top = own(d);
        let kind = doc.divisions[d].kind;
        d += 1;
        // Nested chapters under their chapter.
        while d < n && doc.divisions[d].depth > 0 {
            top.children.push(own(d));
            d += 1;
        }
        if kind == DivisionKind::Part {
            while d < n && doc.divisions[d].kind == DivisionKind::Chapter {
                let mut chapter = own(d);
                d += 1;
                while d < n && doc.divisions[d].depth > 0 {
                    chapter.children.push(own(d));
                    d += 1;
                }
                top.children.push(chapter);
            }
        }
        items.push(top);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book of a preface and three chapters, the second long enough for pages.
    fn book() -> Document {
        let long = "Words that fill a page and more of it. ".repeat(300);
        let src = format!(
            "---\ntitle: A Book\nlanguage: en\n---\n\n# Preface {{#preface}}\n\nShort.\n\n\
             # One {{#one}}\n\nFirst.\n\n# Two {{#two}}\n\n{long}\n\n# Three {{#three}}\n\nLast.\n"
        );
        let mut doc = quire_markdown::parse(quire_doc::FileId(0), "book.md", &src)
            .expect("parses")
            .document;
        let starts: Vec<usize> = doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b.kind, BlockKind::Heading { .. }))
            .map(|(i, _)| i)
            .collect();
        let kinds = [
            DivisionKind::FrontMatter,
            DivisionKind::Chapter,
            DivisionKind::Chapter,
            DivisionKind::Chapter,
        ];
        doc.divisions = starts
            .iter()
            .zip(kinds)
            .enumerate()
            .map(|(i, (&start, kind))| quire_doc::Division {
                kind,
                name: format!("d{i}"),
                title: format!("Division {i}"),
                number: if i == 0 { vec![] } else { vec![i as u32] },
                depth: 0,
                start,
                span: quire_doc::Span::detached(),
            })
            .collect();
        doc
    }

    #[test]
    fn a_book_opens_chapters_on_rectos_and_its_pages_say_where_they_start() {
        let doc = book();
        let fonts = crate::FontBook::quire_default().expect("fonts");
        let paged = crate::layout(
            &doc,
            &quire_doc::Assets::new(),
            &fonts,
            &crate::LayoutOptions::default(),
        )
        .expect("lays out");
        // Each page's label and the first element whose destination is on it.
        let starts: Vec<(String, Option<String>)> = paged
            .pages
            .iter()
            .map(|page| {
                let first = page.items.iter().find_map(|item| match item {
                    crate::page::PageItem::Anchor(a)
                        if !a.name.starts_with(crate::page::GENERATED_ANCHOR_PREFIX) =>
                    {
                        Some(a.name.clone())
                    }
                    _ => None,
                });
                (page.label.clone(), first)
            })
            .collect();
        // Half-title, empty verso, title, copyright, contents, empty verso, preface.
        let labels: Vec<&str> = starts.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(
            &labels[..8],
            ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
        );
        let page_of = |id: &str| {
            starts
                .iter()
                .position(|s| s.1.as_deref() == Some(id))
                .unwrap_or_else(|| panic!("no page starts with {id}: {starts:?}"))
        };
        assert_eq!(page_of("preface"), 6);
        for id in ["one", "two", "three"] {
            assert_eq!(page_of(id) % 2, 0, "{id} opens a recto");
        }
        assert_eq!(starts[page_of("one")].0, "1");
        // Generated destinations are not page starts; empty versos start nothing.
        assert!(starts.iter().all(|s| {
            s.1.as_deref()
                .is_none_or(|id| !id.starts_with(GENERATED_ANCHOR_PREFIX))
        }));
        assert_eq!(starts[1].1, None);
        assert!(paged.pages[1].items.is_empty(), "the empty verso is empty");
        // The contents links to every division, and its folios are the pages'.
        let links: Vec<&crate::page::LinkArea> = paged.pages[4]
            .items
            .iter()
            .filter_map(|i| match i {
                crate::page::PageItem::Link(l) => Some(l),
                _ => None,
            })
            .collect();
        assert_eq!(links.len(), 4);
        let text: String = paged.pages[4]
            .items
            .iter()
            .filter_map(|i| match i {
                crate::page::PageItem::Text(t)
                    if matches!(t.mark, crate::page::Mark::Content(_)) =>
                {
                    Some(t.text.as_str())
                }
                _ => None,
            })
            .collect();
        let folio = |id: &str| starts[page_of(id)].0.clone();
        let expected = format!(
            "ContentsPreface {}1 One {}2 Two {}3 Three {}",
            folio("preface"),
            folio("one"),
            folio("two"),
            folio("three")
        );
        assert_eq!(text, expected);
        // The outline: title page, contents, then the divisions.
        let titles: Vec<&str> = paged.outline.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(
            titles,
            ["A Book", "Contents", "Preface", "1 One", "2 Two", "3 Three"]
        );
    }

    #[test]
    fn words_are_localised_and_fall_back_to_numbers() {
        assert_eq!(Words::for_language("en-GB").chapter, Some("Chapter"));
        assert_eq!(Words::for_language("de").chapter, Some("Kapitel"));
        let ja = Words::for_language("ja");
        assert_eq!(ja.chapter, None);
        assert_eq!(ja.contents, "Contents");
    }
}
