//! Reading the index marks of the text: which spans are marks, what each says, and the
//! id each marked place is given.
//!
//! A span is a mark when it has the class `index` or one of the keys `index`,
//! `index-see`, `index-see-also`. Its terms are its `index` values (several file one
//! place under several entries), else its text; `index-see` and `index-see-also` make it
//! a reference instead of a place (no locator). Marks are read in reading order — the
//! body, then the notes — which is the order of each entry's locators.

use quire_doc::enrich::paragraph_number;
use std::collections::BTreeMap;

use quire_doc::{Block, Diagnostic, Document, IdSpace, Inline, InlineKind, Span, stable_hash};

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
    /// The number of the paragraph holding it (or citing its note), if numbered.
    pub paragraph: Option<u32>,
    /// Whether it is in a footnote.
    pub in_note: bool,
}

/// Every mark of `doc`, in reading order; marks without an id get one.
pub(crate) fn collect(doc: &mut Document, warnings: &mut Vec<Diagnostic>) -> Vec<Mark> {
    let mut ids = IdSpace::of_document(doc);
    let citing = citing_paragraphs(doc);
    let mut marks = Vec::new();
    let mut read = |blocks: &mut Vec<Block>, note: Option<Option<u32>>| {
        quire_doc::walk_blocks_mut(blocks, &mut |block| {
            let paragraph = match note {
                Some(cited) => cited,
                None => paragraph_number(block),
            };
            let block_id = block.id().to_string();
            for inlines in block.inline_lists_mut() {
                let mut at = Here {
                    block: &block_id,
                    paragraph,
                    in_note: note.is_some(),
                    ids: &mut ids,
                    marks: &mut marks,
                    warnings: &mut *warnings,
                };
                at.inlines(inlines);
            }
        });
    };
    read(&mut doc.blocks, None);
    for note in &mut doc.notes {
        // A place in a note is cited by the paragraph that cites the note (`¶12n`); a
        // note cited from no numbered paragraph is counted like a heading.
        let cited = citing.get(&note.id).copied();
        read(&mut note.blocks, Some(cited));
    }
    marks
}

/// The number of the paragraph holding each note's first reference, by note id.
fn citing_paragraphs(doc: &Document) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    quire_doc::walk_blocks(&doc.blocks, &mut |block| {
        let Some(n) = paragraph_number(block) else {
            return;
        };
        for inlines in block.inline_lists() {
            note_refs(inlines, &mut |note| {
                out.entry(note.to_string()).or_insert(n);
            });
        }
    });
    out
}

/// Calls `f` with the note each note reference in `inlines` names, in order.
fn note_refs(inlines: &[Inline], f: &mut dyn FnMut(&str)) {
    for i in inlines {
        if let InlineKind::NoteRef { note, .. } = &i.kind {
            f(note);
        }
        note_refs(i.kind.children(), f);
    }
}

/// The block being read, and where marks go.
struct Here<'a> {
    block: &'a str,
    paragraph: Option<u32>,
    in_note: bool,
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
                        in_note: self.in_note,
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
                Some(mut path) => {
                    if path.len() > MAX_LEVELS {
                        self.warnings.push(Diagnostic::warning(
                            span,
                            format!("an index entry has at most {MAX_LEVELS} levels; `{term}` is filed under its first {MAX_LEVELS}"),
                        ));
                        path.truncate(MAX_LEVELS);
                    }
                    paths.push(path)
                }
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
                    // Deeper than any entry can be: it names none (and the warning says).
                    let path = levels(v).filter(|p| p.len() <= MAX_LEVELS);
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
                in_note: false,
            }),
            see,
            see_also,
            span,
        })
    }
}

/// How deep sub-entries go (`a!b!c!d!e!f`): far more than any index uses, and a bound
/// on the recursion of every edition that prints them.
pub const MAX_LEVELS: usize = 6;

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
