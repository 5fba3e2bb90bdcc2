//! Reading the index marks of the text: which spans are marks, what each says, and the
//! id each marked place is given.
//!
//! A span is a mark when it has the class `index` or one of the keys `index`,
//! `index-see`, `index-see-also`. Its terms are its `index` values (several file one
//! place under several entries), else its text; `index-see` and `index-see-also` make it
//! a reference instead of a place (no locator). Marks are read in reading order — the
//! body, then the notes — which is the order of each entry's locators.

use quire_doc::enrich::paragraph_number;
use quire_doc::{Diagnostic, Document, IdSpace, Inline, InlineKind, Span, stable_hash};

use crate::{INDEX_CLASS, LEVEL_SEPARATOR, SEE_ALSO_KEY, SEE_KEY, SORT_KEY, TERM_KEY};

/// One mark of the text.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    /// The entries it files under, each as its levels (`Entry!Sub` → `[Entry, Sub]`).
    pub paths: Vec<Vec<String>>,
    /// Its `index-sort`, for the last level of each path.
    pub sort: Option<String>,
    /// The place, for a mark that is one (none for a reference).
    pub place: Option<Place>,
    /// `index-see` targets, as levels.
    pub see: Vec<Vec<String>>,
    /// `index-see-also` targets, as levels.
    pub see_also: Vec<Vec<String>>,
    /// Where it is written.
    pub span: Span,
}

/// A marked place.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// The span's id.
    pub target: String,
    /// The number of the paragraph holding it, if numbered.
    pub paragraph: Option<u32>,
}

/// Every mark of `doc`, in reading order; marks without an id get one.
pub(crate) fn collect(doc: &mut Document, warnings: &mut Vec<Diagnostic>) -> Vec<Mark> {
    let mut ids = IdSpace::of_document(doc);
    let mut marks = Vec::new();
    let lists = std::iter::once(&mut doc.blocks).chain(doc.notes.iter_mut().map(|n| &mut n.blocks));
    for blocks in lists {
        quire_doc::walk_blocks_mut(blocks, &mut |block| {
            let paragraph = paragraph_number(block);
            let block_id = block.id().to_string();
            for inlines in block.inline_lists_mut() {
                let mut at = Here {
                    block: &block_id,
                    paragraph,
                    ids: &mut ids,
                    marks: &mut marks,
                    warnings: &mut *warnings,
                };
                at.inlines(inlines);
            }
        });
    }
    marks
}

/// The block being read, and where marks go.
struct Here<'a> {
    block: &'a str,
    paragraph: Option<u32>,
    ids: &'a mut IdSpace,
    marks: &'a mut Vec<Mark>,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Here<'_> {
    fn inlines(&mut self, inlines: &mut [Inline]) {
        for inline in inlines {
            let span = inline.span;
            if let InlineKind::Span { attr, content } = &mut inline.kind
                && is_mark(attr)
                && let Some(mut mark) = self.read(attr, content, span)
            {
                if mark.place.is_some() {
                    if attr.id.is_empty() {
                        let first = mark.paths[0].join("!");
                        let hash = stable_hash(&["idx", self.block, &first]) as u32;
                        attr.id = self.ids.unique(&format!("idx-{hash:08x}"));
                    }
                    mark.place = Some(Place {
                        target: attr.id.clone(),
                        paragraph: self.paragraph,
                    });
                }
                self.marks.push(mark);
            }
            // Marks may nest (`[[a]{.index} b]{.index}`): both are read.
            self.inlines(inline.kind.children_mut());
        }
    }

    /// What the mark `attr` over `content` says; `None` (with a warning) when it names
    /// no entry it could be filed under.
    fn read(&mut self, attr: &quire_doc::Attr, content: &[Inline], span: Span) -> Option<Mark> {
        let values = |key: &str| -> Vec<&str> {
            attr.pairs
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .collect()
        };
        let mut terms: Vec<String> = values(TERM_KEY).into_iter().map(str::to_string).collect();
        if terms.is_empty() {
            terms.push(quire_doc::inline_text(content));
        }
        let mut paths = Vec::new();
        for term in &terms {
            match levels(term) {
                Some(path) => paths.push(path),
                None => self.warnings.push(
                    Diagnostic::warning(
                        span,
                        if term.trim().is_empty() {
                            "this index mark names no entry: it is left out of the index"
                                .to_string()
                        } else {
                            format!("the index entry `{term}` has an empty level: it is left out of the index")
                        },
                    )
                    .with_hint("mark text, `[text]{.index}`, or name the entry, `[]{index=\"Entry!Sub\"}`"),
                ),
            }
        }
        if paths.is_empty() {
            return None;
        }
        let refs = |key: &str, warnings: &mut Vec<Diagnostic>| -> Vec<Vec<String>> {
            values(key)
                .into_iter()
                .filter_map(|v| {
                    let path = levels(v);
                    if path.is_none() {
                        warnings.push(Diagnostic::warning(
                            span,
                            format!("`{key}` must name an entry; `{v}` does not, and is left out"),
                        ));
                    }
                    path
                })
                .collect()
        };
        let see = refs(SEE_KEY, self.warnings);
        let see_also = refs(SEE_ALSO_KEY, self.warnings);
        let is_reference = attr
            .pairs
            .iter()
            .any(|(k, _)| k == SEE_KEY || k == SEE_ALSO_KEY);
        Some(Mark {
            paths,
            sort: attr.get(SORT_KEY).map(clean).filter(|s| !s.is_empty()),
            // A placeholder until the caller knows the id.
            place: (!is_reference).then(|| Place {
                target: String::new(),
                paragraph: None,
            }),
            see,
            see_also,
            span,
        })
    }
}

/// Whether a span's attributes make it an index mark.
pub(crate) fn is_mark(attr: &quire_doc::Attr) -> bool {
    attr.has_class(INDEX_CLASS)
        || attr
            .pairs
            .iter()
            .any(|(k, _)| k == TERM_KEY || k == SEE_KEY || k == SEE_ALSO_KEY)
}

/// The levels of a term (`Entry!Sub`), each with its white space collapsed; `None` when
/// a level is empty.
pub(crate) fn levels(term: &str) -> Option<Vec<String>> {
    let path: Vec<String> = term.split(LEVEL_SEPARATOR).map(clean).collect();
    (!path.iter().any(String::is_empty)).then_some(path)
}

/// `s` trimmed, every run of white space one space (a term may break across lines).
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
