//! Page references: text whose words depend on the pages other things land on (the
//! index's page numbers, a cross-reference's "on page 14"), and the passes that settle
//! it.
//!
//! Layout cannot know a page number before it has paginated, and setting the number
//! may move what follows. So [`super::layout`] lays the document out, reads from the
//! pages where each named destination the text refers to ended up ([`PageRefs::of_pages`]:
//! its page, the page's label, its height on the page), and lays the document out again
//! with those places known ([`PageRefs`] in the layout's context), until the places it
//! reads are the places it set from — then every number printed is the number of the
//! page it names. The first pass has no places (`PageRefs::known` is false) and sets
//! placeholders of about the right width, so that the second pass usually changes
//! nothing before the text that refers; a document whose references come after what
//! they refer to (an index at the end) settles in two passes. When a pass moves a place
//! that an earlier pass printed (a number that pushes its own target to the next page,
//! back and forth), layout stops after [`MAX_PASSES`] with a warning and keeps the last
//! pass.
//!
//! What a pass needs is asked for by name ([`wanted`]): the ids of the index's marked
//! places, the end of each (a marked phrase may run onto the next page:
//! [`end_anchor`], a destination layout adds where the phrase ends), and the index's
//! own start, whose height on its page tells how much of that page its columns have;
//! and the target of every page reference (`quire_doc::enrich::page_ref`). Anything
//! that refers to a page by an element id can join: it names the id here and reads
//! [`PageRefs::get`] when it sets its text.
//!
//! The second and later passes reuse every paragraph layout of the pass before (their
//! inputs are equal, but for the text that refers), so a pass costs little more than
//! its emission and pagination.

use std::collections::{BTreeMap, BTreeSet};

use quire_doc::{BlockKind, Document, InlineKind, index_entries, walk_blocks};

use crate::page::{GENERATED_ANCHOR_PREFIX, PageItem, PagedDocument};
use crate::units::Pt;

/// Most layouts of one document: the first, and up to this many minus one to settle.
pub const MAX_PASSES: usize = 4;

/// Where one named destination is.
#[derive(Clone, Debug, PartialEq)]
pub struct PagePlace {
    /// The page's index, 0-based.
    pub page: usize,
    /// The page's label (the folio readers see: `12`, `xiv`).
    pub label: String,
    /// Its height on the page, from the top of the media box.
    pub y: Pt,
}

/// The places of named destinations a layout reads (see the module docs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageRefs {
    places: BTreeMap<String, PagePlace>,
    /// Whether a layout has been read (false before the first pass: nothing is known).
    pub known: bool,
}

impl PageRefs {
    /// The places of the destinations named `wanted` on the pages of `paged`.
    pub fn of_pages(paged: &PagedDocument, wanted: &BTreeSet<String>) -> PageRefs {
        let mut places = BTreeMap::new();
        for (page, p) in paged.pages.iter().enumerate() {
            for item in &p.items {
                if let PageItem::Anchor(a) = item
                    && wanted.contains(&a.name)
                {
                    places.entry(a.name.clone()).or_insert_with(|| PagePlace {
                        page,
                        label: p.label.clone(),
                        y: a.at.y,
                    });
                }
            }
        }
        PageRefs {
            places,
            known: true,
        }
    }

    /// Where the destination `name` is, if a pass placed it.
    pub fn get(&self, name: &str) -> Option<&PagePlace> {
        self.places.get(name)
    }
}

/// The destination layout adds where the marked span `id` ends.
pub fn end_anchor(id: &str) -> String {
    format!("{GENERATED_ANCHOR_PREFIX}end-{id}")
}

/// The ids of spans whose end layout marks with [`end_anchor`]: the index's places.
pub(crate) fn span_ends(doc: &Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    walk_blocks(&doc.blocks, &mut |b| {
        if let BlockKind::Index { groups } = &b.kind {
            for (_, entry) in index_entries(groups) {
                out.extend(entry.locators.iter().map(|l| l.target.clone()));
            }
        }
    });
    out
}

/// Every destination whose place `doc`'s layout prints (empty: one pass will do).
pub(crate) fn wanted(doc: &Document) -> BTreeSet<String> {
    let ends = span_ends(doc);
    let mut out: BTreeSet<String> = ends.iter().map(|id| end_anchor(id)).collect();
    out.extend(ends);
    walk_blocks(&doc.blocks, &mut |b| {
        if matches!(b.kind, BlockKind::Index { .. }) {
            out.insert(b.id().to_string());
        }
    });
    // The targets of page references ("Figure 2 on page 14").
    quire_doc::for_each_inline(doc, &mut |i| {
        if let InlineKind::Span { attr, .. } = &i.kind
            && let Some((target, _)) = quire_doc::enrich::page_ref(attr)
        {
            out.insert(target.to_string());
        }
    });
    out
}

/// The warning of a layout that did not settle.
pub(crate) fn unsettled() -> quire_doc::Diagnostic {
    quire_doc::Diagnostic::warning(
        quire_doc::Span::detached(),
        format!(
            "page references did not settle after {MAX_PASSES} layouts: some page numbers (of the index, or after a cross-reference) may be off by a page"
        ),
    )
    .with_hint("a page number that moves its own target to another page; rewording around it settles it")
}
