//! Anchoring a whole annotation set to a document: locate every quote, parse every body,
//! and record the results in `Document::annotations` as ranges of the plain-text
//! projection, so that every edition can render them without knowing the W3C format.

use quire_doc::{Annotation, Block, Diagnostic, Document, IdSpace, Span, project};

use crate::locate::{Candidate, Found, Haystack, Unanchored, locate};
use crate::w3c::{AnnotationSet, Body, SourceAnnotation};

/// Turns an annotation body into blocks. The CLI passes one that parses Markdown
/// (`quire_markdown::parse_fragment`); the second argument is the prefix for the ids of
/// the blocks it makes, unique per annotation. [`plain_body`] is a ready-made one.
pub type BodyParser<'a> = dyn FnMut(&Body, &str) -> Result<Vec<Block>, Vec<Diagnostic>> + 'a;

/// Settings of [`anchor`].
#[derive(Debug, Clone, Default)]
pub struct AnchorOptions {
    /// Report annotations that match nowhere (or ambiguously) as warnings instead of
    /// errors, and build without them. Default `false`: an orphan is an error.
    pub allow_orphans: bool,
}

/// What happened to one annotation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Anchored where its position selector said (or exactly, by quote and context).
    Anchored(Found),
    /// Not anchored.
    Orphaned(Unanchored),
    /// Its body could not be parsed.
    BadBody,
}

/// The result of [`anchor`].
#[derive(Debug, Clone)]
pub struct Anchoring {
    /// The document with the set's annotations added, all in reading order and numbered
    /// (see [`number_annotations`]).
    pub document: Document,
    /// One outcome per annotation of the set, in file order.
    pub outcomes: Vec<Outcome>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Anchoring {
    /// Whether any diagnostic is an error (the build should stop).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Anchors `set` to `doc`, adding its notes to those `doc` has: each set is one layer
/// (its [`AnnotationSet::label`]), and anchoring several sets in turn gives one
/// document with every layer, numbered together.
///
/// Each annotation is located by [`locate`] against the document's plain-text projection;
/// a changed or moved quote is a warning that suggests exporting fresh selectors, an
/// orphan is an error (a warning with [`AnchorOptions::allow_orphans`]) naming the
/// annotation and the nearest candidate text.
pub fn anchor(
    mut doc: Document,
    set: &AnnotationSet,
    opts: &AnchorOptions,
    parse_body: &mut BodyParser<'_>,
) -> Anchoring {
    let hay = Haystack::new(&project(&doc).text);
    // Slugs share the document's id namespace: a heading `## Note 1` keeps `note-1`.
    let mut slugs = IdSpace::of_document(&doc);
    let mut annotations = Vec::new();
    let mut outcomes = Vec::new();
    let mut diagnostics = Vec::new();
    for item in &set.items {
        let here = |d: Diagnostic| Diagnostic {
            span: item.span,
            ..d
        };
        let found = match locate(&hay, &item.quote, item.position) {
            Ok(found) => found,
            Err(why) => {
                diagnostics.push(here(orphan_diagnostic(item, &why, opts.allow_orphans)));
                outcomes.push(Outcome::Orphaned(why));
                continue;
            }
        };
        if let Some(d) = moved_diagnostic(item, &found) {
            diagnostics.push(here(d));
        }
        let slug = unique_slug(&item.id, &mut slugs);
        let body = match parse_body(&item.body, &slug) {
            Ok(blocks) => blocks,
            Err(errors) => {
                // Their spans point into the body itself (the parser's own file).
                diagnostics.extend(errors.into_iter().map(|d| {
                    let message = format!("in the body of annotation {}: {}", item.id, d.message);
                    let span = if d.span.is_known() { d.span } else { item.span };
                    Diagnostic { message, span, ..d }
                }));
                outcomes.push(Outcome::BadBody);
                continue;
            }
        };
        let target = found.range();
        annotations.push(Annotation {
            id: item.id.clone(),
            slug,
            motivation: item.motivation.clone(),
            body,
            target,
            quote: hay.slice(target),
            number: 0,
            layer: set.label.clone(),
            creator: item.creator.clone(),
            created: item.created.clone(),
            modified: item.modified.clone(),
            tags: item.tags.clone(),
            language: item.body.language.clone(),
        });
        outcomes.push(Outcome::Anchored(found));
    }
    doc.annotations.extend(annotations);
    number_annotations(&mut doc);
    Anchoring {
        document: doc,
        outcomes,
        diagnostics,
    }
}

/// Puts `doc`'s annotations in reading order — by start, a longer range before a
/// shorter one that starts with it (the outer one opens first), then by layer and id —
/// and numbers them 1, 2 … in that order: the one numbering every edition prints.
pub fn number_annotations(doc: &mut Document) {
    doc.annotations.sort_by(|a, b| {
        (
            a.target.start,
            std::cmp::Reverse(a.target.end),
            &a.layer,
            &a.id,
        )
            .cmp(&(
                b.target.start,
                std::cmp::Reverse(b.target.end),
                &b.layer,
                &b.id,
            ))
    });
    for (i, a) in doc.annotations.iter_mut().enumerate() {
        a.number = i as u32 + 1;
    }
}

/// A body parser for plain text: paragraphs separated by blank lines, no markup.
pub fn plain_body(body: &Body, id_prefix: &str) -> Result<Vec<Block>, Vec<Diagnostic>> {
    use quire_doc::{Attr, BlockKind, Inline, InlineKind};
    Ok(body
        .value
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(|(i, p)| Block {
            attr: Attr::with_id(format!("{id_prefix}-{}", i + 1)),
            kind: BlockKind::Paragraph {
                content: vec![Inline::new(
                    InlineKind::Text {
                        text: p.split_whitespace().collect::<Vec<_>>().join(" "),
                    },
                    Span::default(),
                )],
            },
            span: Span::default(),
        })
        .collect())
}

fn show(c: &Candidate) -> String {
    format!(
        "nearest candidate at {}–{} ({} edit{}, score {:.2}): \"{}\"",
        c.range.start,
        c.range.end,
        c.errors,
        if c.errors == 1 { "" } else { "s" },
        c.score,
        c.text.replace('\n', "⏎")
    )
}

fn orphan_diagnostic(item: &SourceAnnotation, why: &Unanchored, allowed: bool) -> Diagnostic {
    let (message, hints): (String, Vec<String>) = match why {
        Unanchored::NotFound { nearest } => (
            format!(
                "annotation {} matches nowhere in the text: \"{}\"",
                item.id, item.quote.exact
            ),
            nearest.iter().map(show).collect(),
        ),
        Unanchored::Ambiguous { candidates } => (
            format!(
                "annotation {} matches {} places equally well: \"{}\"",
                item.id,
                candidates.len(),
                item.quote.exact
            ),
            vec![format!(
                "candidates start at {}; give a longer prefix or suffix, or a TextPositionSelector",
                candidates
                    .iter()
                    .map(|c| c.range.start.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
        ),
    };
    let mut d = if allowed {
        Diagnostic::warning(Span::default(), message)
    } else {
        Diagnostic::error(Span::default(), message)
    };
    for h in hints {
        d = d.with_hint(h);
    }
    if allowed {
        d.with_hint("left out of this build (--allow-orphans)")
    } else {
        d.with_hint("fix the quote, delete the annotation, or build with --allow-orphans")
    }
}

fn moved_diagnostic(item: &SourceAnnotation, found: &Found) -> Option<Diagnostic> {
    let message = match found {
        Found::AtPosition(_) => return None,
        Found::Exact(c) => match item.position {
            Some(p) if p != c.range => format!(
                "annotation {} moved from {}–{} to {}–{}",
                item.id, p.start, p.end, c.range.start, c.range.end
            ),
            _ => return None,
        },
        Found::Approximate(c) => format!(
            "annotation {} re-anchored to changed text (score {:.2}): \"{}\" is now \"{}\"",
            item.id, c.score, item.quote.exact, c.text
        ),
    };
    Some(
        Diagnostic::warning(Span::default(), message)
            .with_hint("run `quire annotations export` to write fresh selectors"),
    )
}

/// `note-` and the last segment of the IRI, made fragment-safe and unique.
fn unique_slug(id: &str, taken: &mut IdSpace) -> String {
    let tail = id
        .rsplit([':', '/', '#'])
        .find(|s| !s.is_empty())
        .unwrap_or("");
    let mut base = String::from("note-");
    let mut dash = false;
    for c in tail.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            base.push(c);
            dash = false;
        } else if !dash && !base.ends_with('-') {
            base.push('-');
            dash = true;
        }
    }
    let base = base.trim_end_matches('-').to_string();
    let base = if base == "note" {
        "note-x".to_string()
    } else {
        base
    };
    taken.unique(&base)
}
