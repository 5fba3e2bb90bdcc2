//! The citation pass: every [`InlineKind::Cite`] of a document rendered with one CSL
//! style, in reading order (a note's citations where its reference stands), and the
//! bibliography placed; all of it as ordinary model content, so the three editions show
//! one rendering.

use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose,
};
use hayagriva::{LocatorPayload, SpecificLocator};
use quire_doc::enrich::{HANGING_INDENT_CLASS, REFERENCE_ENTRY_CLASS, REFERENCES_CLASS};
use quire_doc::{
    Attr, Block, BlockKind, Citation, CiteMode, Diagnostic, Document, Footnote, IdSpace, Inline,
    InlineKind, Span,
};

use crate::locator;
use crate::notes::{self, Visit};
use crate::render::{self, Items};
use crate::style::{CiteStyle, locale_for, locales_for};
use crate::{Library, is_cross_reference};

/// What the front matter asks of the citation pass.
#[derive(Debug, Clone, Default)]
pub struct CiteOptions {
    /// Keys to list in the bibliography without a citation (`nocite`); `*` lists every
    /// entry of the library.
    pub nocite: Vec<String>,
    /// Where `nocite` is written, for its warnings.
    pub nocite_span: Span,
    /// The bibliography's heading when Quire adds one (`reference-section-title`);
    /// default: the document language's word for it.
    pub title: Option<String>,
    /// Keys that name cross-reference targets without a prefix (blocks numbered by
    /// `.numbered`, see `quire-xref`), left alone like `fig-…` keys. Default: none.
    pub cross_references: std::collections::BTreeSet<String>,
}

/// A site's rendered citation, and for an author named in a note style's text, the
/// author alone.
type Shown = (Vec<Inline>, Option<Vec<Inline>>);

/// One citation found in the text.
struct Site {
    /// The known items (unknown keys were reported and left out).
    items: Vec<Citation>,
    mode: CiteMode,
    span: Span,
    /// The number of the footnote it stands in (predicted in the final numbering).
    note: Option<usize>,
    /// The number of the note it becomes (note styles, outside notes).
    becomes_note: Option<usize>,
}

/// Renders every citation of `doc` with `style` from `library` and places the
/// bibliography. Unknown keys are warnings at the key; such an item is left out, and a
/// citation with no known item keeps the text as written.
pub fn cite(
    doc: &mut Document,
    library: &Library,
    style: &CiteStyle,
    opts: &CiteOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let note_style = style.is_note_style();
    let mut sites: Vec<Site> = Vec::new();
    // The note numbers readers will see: existing notes at their first reference, and
    // (note styles) a new note for each citation outside a note.
    let mut next_note = 0usize;
    let mut note_number: Vec<Option<usize>> = vec![None; doc.notes.len()];
    // For each citation visited (cross-references aside), its site, if it had a known key.
    let mut visited: Vec<Option<usize>> = Vec::new();
    notes::visit(doc, &mut |visit| match visit {
        Visit::NoteRef(index) => {
            next_note += 1;
            note_number[index] = Some(next_note);
        }
        Visit::Cite(inline, in_note) => {
            let InlineKind::Cite { citations, .. } = &inline.kind else {
                return;
            };
            if citations
                .iter()
                .any(|c| is_cross_reference(&c.key) || opts.cross_references.contains(&c.key))
            {
                return;
            }
            let mut items = Vec::new();
            for c in citations {
                if library.get(&c.key).is_some() {
                    items.push(c.clone());
                } else {
                    diagnostics.push(unknown_key(c, library));
                }
            }
            if items.is_empty() {
                visited.push(None);
                return;
            }
            visited.push(Some(sites.len()));
            let note = in_note.and_then(|i| note_number[i]);
            let becomes_note = (note_style && note.is_none()).then(|| {
                next_note += 1;
                next_note
            });
            sites.push(Site {
                mode: items[0].mode,
                items,
                span: inline.span,
                note,
                becomes_note,
            });
        }
    });
    if sites.is_empty() && opts.nocite.is_empty() {
        return;
    }

    // Locators, read from the suffixes once, borrowed by the requests.
    let split: Vec<Vec<(Option<locator::Found>, Vec<Inline>)>> = sites
        .iter()
        .map(|s| s.items.iter().map(|c| locator::split(&c.suffix)).collect())
        .collect();
    let code = locale_for(&doc.meta.language);
    let locales = locales_for(&code);
    let locale = Some(code);
    let mut driver = BibliographyDriver::new();
    let request =
        |items, note| CitationRequest::new(items, &style.style, locale.clone(), &locales, note);
    // Each site's requests: (the citation, then for an author named in the text of a
    // note style, the author alone).
    let mut request_of_site = Vec::with_capacity(sites.len());
    let mut requests = 0usize;
    for (site, located) in sites.iter().zip(&split) {
        let purpose = match (site.mode, note_style) {
            (CiteMode::AuthorInText, false) => Some(CitePurpose::Prose),
            (CiteMode::SuppressAuthor, false) => Some(CitePurpose::Year),
            _ => None,
        };
        let items = site
            .items
            .iter()
            .zip(located)
            .filter_map(|(c, (found, _))| {
                let entry = library.get(&c.key)?;
                let loc = found
                    .as_ref()
                    .map(|f| SpecificLocator(f.kind, LocatorPayload::Str(&f.value)));
                let mut item = CitationItem::with_locator(entry, loc);
                item.purpose = purpose;
                Some(item)
            })
            .collect();
        let number = site.becomes_note.or(site.note);
        driver.citation(request(items, number));
        let main = requests;
        requests += 1;
        let author = if note_style && site.mode == CiteMode::AuthorInText {
            let items = site
                .items
                .iter()
                .filter_map(|c| library.get(&c.key))
                .map(|entry| {
                    let mut item = CitationItem::with_entry(entry);
                    item.purpose = Some(CitePurpose::Author);
                    item
                })
                .collect();
            driver.citation(request(items, number));
            requests += 1;
            Some(requests - 1)
        } else {
            None
        };
        request_of_site.push((main, author));
    }
    let hidden = nocite_entries(library, opts, diagnostics);
    if !hidden.is_empty() {
        let items = hidden
            .iter()
            .map(|entry| {
                let mut item = CitationItem::with_entry(*entry);
                item.hidden = true;
                item
            })
            .collect();
        driver.citation(request(items, None));
    }
    let rendered = driver.finish(BibliographyRequest::new(&style.style, locale, &locales));

    let listed: Vec<String> = rendered
        .bibliography
        .as_ref()
        .map(|b| b.items.iter().map(|i| i.key.clone()).collect())
        .unwrap_or_default();
    let mut ids = IdSpace::of_document(doc);
    let anchors: Vec<(String, String)> = listed
        .iter()
        .map(|key| (key.clone(), ids.unique(&entry_id(key))))
        .collect();
    let anchor = |key: &str| {
        anchors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, id)| id.clone())
    };

    // The rendered inlines of each site, in the order the sites were found.
    let mut shown: Vec<Shown> = Vec::with_capacity(sites.len());
    for ((site, located), (main, author)) in sites.iter().zip(&split).zip(&request_of_site) {
        let targets: Vec<Option<String>> = site.items.iter().map(|c| anchor(&c.key)).collect();
        let prefixes: Vec<Vec<Inline>> = site.items.iter().map(|c| c.prefix.clone()).collect();
        let suffixes: Vec<Vec<Inline>> = located.iter().map(|(_, rest)| rest.clone()).collect();
        let items = Items {
            targets: &targets,
            prefixes: &prefixes,
            suffixes: &suffixes,
        };
        let Some(citation) = rendered.citations.get(*main) else {
            shown.push((Vec::new(), None));
            continue;
        };
        let mut inlines = render::inlines(&citation.citation, site.span, Some(&items));
        if note_style {
            // A note style ends each citation with a full stop; where the citation stands
            // in a sentence, the sentence's punctuation follows instead (a note made of
            // the citation gets it back from `sentence`).
            strip_final_stop(&mut inlines);
        }
        if site.mode == CiteMode::SuppressAuthor && !note_style {
            inlines = parenthesised(inlines, located, site.span);
        }
        let author_inlines = author
            .and_then(|a| rendered.citations.get(a))
            .map(|c| render::inlines(&c.citation, site.span, None));
        shown.push((inlines, author_inlines));
    }

    // Put them in: the same walk, so the n-th citation found is the n-th site.
    let mut new_notes: Vec<Footnote> = Vec::new();
    let mut labels = IdSpace::new();
    for n in &doc.notes {
        labels.reserve(&n.id);
    }
    let mut shown: Vec<Option<Shown>> = shown.into_iter().map(Some).collect();
    let mut visits = visited.into_iter();
    notes::visit(doc, &mut |visit| {
        let Visit::Cite(inline, _) = visit else {
            return;
        };
        let InlineKind::Cite { citations, content } = &mut inline.kind else {
            return;
        };
        if citations
            .iter()
            .any(|c| is_cross_reference(&c.key) || opts.cross_references.contains(&c.key))
        {
            return;
        }
        // A citation whose keys were all unknown was never a site.
        let Some(Some(k)) = visits.next() else { return };
        let site = &sites[k];
        let Some((inlines, author)) = shown[k].take() else {
            return;
        };
        if inlines.is_empty() {
            return;
        }
        match site.becomes_note {
            None => *content = inlines,
            Some(number) => {
                let id = labels.unique(&format!("fn-cite-{number}"));
                let label = id.trim_start_matches("fn-").to_string();
                let reference = format!("fnref-{label}");
                let mut text = author.unwrap_or_default();
                text.push(Inline::new(
                    InlineKind::NoteRef {
                        id: reference.clone(),
                        note: id.clone(),
                        number: number as u32,
                    },
                    site.span,
                ));
                *content = text;
                new_notes.push(Footnote {
                    id,
                    label,
                    number: number as u32,
                    refs: vec![reference],
                    blocks: vec![Block::new(
                        Attr::default(),
                        BlockKind::Paragraph {
                            content: sentence(inlines, site.span),
                        },
                        site.span,
                    )],
                    span: site.span,
                });
            }
        }
    });
    if !new_notes.is_empty() {
        doc.notes.extend(new_notes);
        notes::renumber(doc);
    }
    if let Some(bibliography) = rendered.bibliography {
        let entries: Vec<Block> = bibliography
            .items
            .iter()
            .map(|item| {
                let mut content = Vec::new();
                if let Some(first) = &item.first_field {
                    let field = hayagriva::ElemChildren(vec![first.clone()]);
                    content.extend(render::inlines(&field, Span::detached(), None));
                    content.push(Inline::new(
                        InlineKind::Text { text: " ".into() },
                        Span::detached(),
                    ));
                }
                content.extend(render::inlines(&item.content, Span::detached(), None));
                let mut attr = Attr {
                    id: anchor(&item.key).unwrap_or_else(|| entry_id(&item.key)),
                    classes: vec![REFERENCE_ENTRY_CLASS.to_string()],
                    ..Attr::default()
                };
                attr.pairs.push(("key".into(), item.key.clone()));
                Block::new(attr, BlockKind::Paragraph { content }, Span::detached())
            })
            .collect();
        let mut classes = vec![REFERENCES_CLASS.to_string(), "csl-bib-body".to_string()];
        if bibliography.hanging_indent {
            classes.push(HANGING_INDENT_CLASS.into());
        }
        crate::place::bibliography(doc, entries, classes, opts.title.as_deref(), &mut ids);
    }
}

/// The entries `nocite` names (all of them for `@*`), each once.
fn nocite_entries<'l>(
    library: &'l Library,
    opts: &CiteOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<&'l hayagriva::Entry> {
    let mut out: Vec<&hayagriva::Entry> = Vec::new();
    for key in &opts.nocite {
        if key == "*" {
            for e in library.entries() {
                if !out.iter().any(|o| o.key() == e.key()) {
                    out.push(e);
                }
            }
            continue;
        }
        match library.get(key) {
            Some(e) if !out.iter().any(|o| o.key() == e.key()) => out.push(e),
            Some(_) => {}
            None => diagnostics.push(Diagnostic::warning(
                opts.nocite_span,
                format!("`nocite` names `@{key}`, which no bibliography entry has"),
            )),
        }
    }
    out
}

fn unknown_key(c: &Citation, library: &Library) -> Diagnostic {
    let d = Diagnostic::warning(
        c.span,
        format!(
            "no bibliography entry has the key `{}`; the citation is shown as written",
            c.key
        ),
    );
    match quire_doc::typo::nearest(&c.key, library.entries().iter().map(|e| e.key())) {
        Some(near) => d.with_hint(format!("did you mean `@{near}`?")),
        None => d,
    }
}

/// The anchor of a bibliography entry: Pandoc's `ref-` + key, white space made `-`.
fn entry_id(key: &str) -> String {
    let key: String = key
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    format!("ref-{key}")
}

/// `[-@key]` in an author-date style: the year (hayagriva's year form) in the style's
/// parentheses, with the locator after a comma, as `(1984, 33)`.
fn parenthesised(
    inlines: Vec<Inline>,
    located: &[(Option<locator::Found>, Vec<Inline>)],
    span: Span,
) -> Vec<Inline> {
    let text = |s: String| Inline::new(InlineKind::Text { text: s }, span);
    let mut out = vec![text("(".into())];
    out.extend(inlines);
    if let Some((Some(found), _)) = located.first() {
        out.push(text(format!(", {}", found.value)));
    }
    out.push(text(")".into()));
    out
}

/// A note's text from a citation: a capital first letter and a closing full stop, as a
/// note is a sentence.
fn sentence(mut inlines: Vec<Inline>, span: Span) -> Vec<Inline> {
    if let Some(first) = first_text(&mut inlines) {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    let ends = quire_doc::inline_text(&inlines);
    if !ends.trim_end().ends_with(['.', '!', '?']) {
        inlines.push(Inline::new(InlineKind::Text { text: ".".into() }, span));
    }
    inlines
}

fn strip_final_stop(inlines: &mut [Inline]) {
    let Some(last) = inlines.last_mut() else {
        return;
    };
    match &mut last.kind {
        InlineKind::Text { text } => {
            if text.ends_with('.') && !text.ends_with("..") {
                text.pop();
            }
        }
        kind => strip_final_stop(kind.children_mut()),
    }
}

fn first_text(inlines: &mut [Inline]) -> Option<&mut String> {
    let first = inlines.iter_mut().find(|i| match &i.kind {
        InlineKind::Text { text } => !text.is_empty(),
        _ => true,
    })?;
    match &mut first.kind {
        InlineKind::Text { text } => Some(text),
        kind => first_text(kind.children_mut()),
    }
}
