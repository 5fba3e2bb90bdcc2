//! Resolution: each citation whose keys are cross-references becomes its targets' names
//! and numbers, linked to them, in the document's language.
//!
//! - `@fig-x` and `[@fig-x]` read "Figure 2", one link to `#fig-x`.
//! - A prefix replaces the name: `[Fig. @fig-x]` reads "Fig. 2".
//! - `[-@fig-x]` gives the number alone: "2" ("(3)" for an equation).
//! - Several keys: consecutive items of one kind without prefixes or suffixes between
//!   them are one group with the plural name, each number its own link: `[@fig-a;
//!   @fig-b; @fig-c]` reads "Figures 1, 2 and 3" (Chinese, which has no plural, repeats
//!   the name: "图 1、图 2 和图 3"). Groups of different kinds, or split by a prefix or a
//!   suffix, are joined with "; " as they were written: `[@fig-a; @tbl-b]` reads
//!   "Figure 1; Table 2".
//! - A suffix stays after its number (`[@fig-x, left panel]`: "Figure 2, left panel"),
//!   except the page request `page` (`[@fig-x, page]`, `@fig-x [page]`), which leaves an
//!   empty page-reference span after the link, with the words print sets around the
//!   page's label in the document's language (" on page 14"; see
//!   `quire_doc::enrich::PAGE_REF_CLASS`); the PDF's layout settles the number, the
//!   screen editions, which have no pages, show the reference alone.
//! - A heading without a number (`{.unnumbered}`, or in a book's front matter) is
//!   named by its title.
//! - An unknown key is a warning at the key, with the nearest target's id as a hint,
//!   and the citation keeps its text as written; so does a citation that mixes
//!   cross-references with bibliography keys (a warning at the citation).

use std::collections::BTreeSet;

use quire_doc::enrich::{PAGE_REF_CLASS, PAGE_REF_TARGET_KEY, PAGE_REF_WORDS_KEY};
use quire_doc::{Attr, Citation, CiteMode, Diagnostic, Document, Inline, InlineKind, Span};

use crate::Kind;
use crate::names::{NBSP, Names};
use crate::number::{Target, Targets};

/// The suffix that asks for the target's page (`[@fig-x, page]`).
pub const PAGE_REQUEST: &str = "page";

/// Resolves every cross-reference of `doc` (body and notes) against `targets`.
/// `explicit` holds the targets numbered by `.numbered` rather than by prefix, which
/// are cross-reference keys too.
pub fn resolve(
    doc: &mut Document,
    targets: &Targets,
    explicit: &BTreeSet<String>,
    names: &Names,
    warnings: &mut Vec<Diagnostic>,
) {
    let is_xref = |key: &str| Kind::of_key(key).is_some() || explicit.contains(key);
    // Looking for the nearest id costs a pass over every target: only the first
    // unknown keys get the hint, so a text full of broken references stays linear.
    let mut hints_left = MAX_HINTS;
    quire_doc::for_each_inline_mut(doc, &mut |inline| {
        let span = inline.span;
        let InlineKind::Cite { citations, content } = &mut inline.kind else {
            return;
        };
        let xrefs = citations.iter().filter(|c| is_xref(&c.key)).count();
        if xrefs == 0 {
            return;
        }
        if xrefs < citations.len() {
            warnings.push(
                Diagnostic::warning(
                    span,
                    "this citation mixes cross-references and bibliography keys; it is shown as written",
                )
                .with_hint("write the cross-references and the citations in brackets of their own"),
            );
            return;
        }
        let mut found = Vec::with_capacity(citations.len());
        for c in citations.iter() {
            match targets.get(&c.key) {
                Some(t) => found.push((c, t)),
                None => {
                    warnings.push(unknown(c, targets, hints_left > 0));
                    hints_left = hints_left.saturating_sub(1);
                }
            }
        }
        if found.len() == citations.len() {
            *content = render(&found, names, span);
        }
    });
}

/// How many unknown keys get the nearest id as a hint (the command line prints 100
/// diagnostics at most).
pub const MAX_HINTS: usize = 100;

/// The warning for a reference to no target; with `hint`, naming the nearest id.
fn unknown(c: &Citation, targets: &Targets, hint: bool) -> Diagnostic {
    let d = Diagnostic::warning(
        c.span,
        format!(
            "no figure, table, listing, equation or section has the id `{}`; the reference is shown as written",
            c.key
        ),
    );
    match quire_doc::typo::nearest(&c.key, targets.keys().map(String::as_str)).filter(|_| hint) {
        Some(near) => d.with_hint(format!("did you mean `@{near}`?")),
        None => d.with_hint(format!("give the target the id `{{#{}}}`", c.key)),
    }
}

/// One item of a reference, ready to render.
struct Item<'a> {
    key: &'a str,
    target: &'a Target,
    mode: CiteMode,
    prefix: &'a [Inline],
    /// The suffix, without a page request.
    suffix: &'a [Inline],
    /// `[@fig-x, page]`.
    page: bool,
    span: Span,
}

/// The content a reference shows.
fn render(found: &[(&Citation, &Target)], names: &Names, span: Span) -> Vec<Inline> {
    let items: Vec<Item<'_>> = found
        .iter()
        .map(|(c, t)| {
            let page = is_page_request(&c.suffix);
            Item {
                key: &c.key,
                target: t,
                mode: c.mode,
                prefix: &c.prefix,
                suffix: if page { &[] } else { &c.suffix },
                page,
                span: c.span,
            }
        })
        .collect();
    let mut groups: Vec<Vec<&Item<'_>>> = Vec::new();
    for item in &items {
        let joins = groups.last().and_then(|g| g.last()).is_some_and(|last| {
            item.prefix.is_empty()
                && last.suffix.is_empty()
                && !last.page
                && last.target.naming == item.target.naming
                && last.mode == item.mode
                && last.target.number.is_some()
                && item.target.number.is_some()
        });
        match groups.last_mut() {
            Some(group) if joins => group.push(item),
            _ => groups.push(vec![item]),
        }
    }
    let mut out = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        if g > 0 {
            out.push(text(names.groups, span));
        }
        out.extend(render_group(group, names));
    }
    out
}

/// One group: items of one naming, in one mode, prefix on the first at most.
fn render_group(group: &[&Item<'_>], names: &Names) -> Vec<Inline> {
    let first = group[0];
    let mut out: Vec<Inline> = Vec::new();
    let Some(first_number) = first.target.number.as_deref() else {
        // An unnumbered heading: its title, after any prefix.
        if !first.prefix.is_empty() {
            out.extend_from_slice(first.prefix);
            out.push(text(" ", first.span));
        }
        out.push(link(first.key, first.target.title.clone(), first.span));
        finish(&mut out, first, names);
        return out;
    };
    let term = first.target.naming.term(names);
    let suppress = first.mode == CiteMode::SuppressAuthor;
    if group.len() == 1 {
        let shown = if !first.prefix.is_empty() {
            let mut shown = first.prefix.to_vec();
            shown.push(text(&format!("{NBSP}{first_number}"), first.span));
            shown
        } else if suppress {
            vec![text(first_number, first.span)]
        } else {
            vec![text(&term.with(first_number), first.span)]
        };
        out.push(link(first.key, shown, first.span));
        finish(&mut out, first, names);
        return out;
    }
    // Several numbers: the name once (plural), or before each where the language has
    // no plural; each number its own link.
    let per_item = !suppress && first.prefix.is_empty() && term.many.is_none();
    if !first.prefix.is_empty() {
        out.extend_from_slice(first.prefix);
        out.push(text(NBSP, first.span));
    } else if !suppress && let Some(many) = term.many {
        out.push(text(&format!("{many}{NBSP}"), first.span));
    }
    for (i, item) in group.iter().enumerate() {
        if i > 0 {
            let joint = if i + 1 == group.len() {
                names.and
            } else {
                names.comma
            };
            out.push(text(joint, item.span));
        }
        let number = item.target.number.as_deref().unwrap_or_default();
        let shown = if per_item {
            term.with(number)
        } else {
            number.to_string()
        };
        out.push(link(item.key, vec![text(&shown, item.span)], item.span));
    }
    if let Some(last) = group.last() {
        finish(&mut out, last, names);
    }
    out
}

/// What follows an item's link: the place for its page, then its suffix.
fn finish(out: &mut Vec<Inline>, item: &Item<'_>, names: &Names) {
    if item.page {
        out.push(Inline::new(
            InlineKind::Span {
                attr: Attr {
                    classes: vec![PAGE_REF_CLASS.to_string()],
                    pairs: vec![
                        (PAGE_REF_TARGET_KEY.to_string(), item.key.to_string()),
                        (PAGE_REF_WORDS_KEY.to_string(), names.on_page.to_string()),
                    ],
                    ..Attr::default()
                },
                content: Vec::new(),
            },
            item.span,
        ));
    }
    if !item.suffix.is_empty() {
        // `@fig-x [left panel]` has no comma of its own: a space then.
        let starts_word = quire_doc::inline_text(item.suffix)
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if starts_word {
            out.push(text(" ", item.span));
        }
        out.extend_from_slice(item.suffix);
    }
}

/// Whether a suffix is the page request: `page`, after an optional comma.
pub fn is_page_request(suffix: &[Inline]) -> bool {
    let text = quire_doc::inline_text(suffix);
    let text = text.trim().trim_start_matches(',').trim();
    text == PAGE_REQUEST
}

fn text(text: &str, span: Span) -> Inline {
    Inline::new(
        InlineKind::Text {
            text: text.to_string(),
        },
        span,
    )
}

fn link(key: &str, content: Vec<Inline>, span: Span) -> Inline {
    Inline::new(
        InlineKind::Link {
            attr: Attr::default(),
            url: format!("#{key}"),
            title: String::new(),
            content,
        },
        span,
    )
}
