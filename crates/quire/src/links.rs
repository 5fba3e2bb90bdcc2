//! The load stage's link pass: every link target is normalised as a browser reads it
//! ([`quire_doc::url`]); a link whose scheme is not allowed, or whose `#fragment` names
//! no place in the document, becomes plain text (its content, unlinked) with a warning at
//! its span. The editions then only ever see safe, resolvable links.

use quire_doc::url::{Target, classify};
use quire_doc::{Diagnostic, Document, IdSpace, InlineKind, for_each_inline_mut};

/// Checks and normalises every link of `doc`.
pub fn check(doc: &mut Document, diagnostics: &mut Vec<Diagnostic>) {
    let ids = IdSpace::of_document(doc);
    for_each_inline_mut(doc, &mut |inline| {
        let InlineKind::Link {
            attr, url, content, ..
        } = &mut inline.kind
        else {
            return;
        };
        let problem = match classify(url) {
            Target::Fragment(id) if id.is_empty() || ids.contains(&id) => None,
            Target::Fragment(id) => Some(
                Diagnostic::warning(
                    inline.span,
                    format!("the link to `#{id}` points at nothing in the document"),
                )
                .with_hint("it is shown as plain text; check the id (headings, figures, notes)"),
            ),
            Target::Refused(scheme) => Some(
                Diagnostic::warning(
                    inline.span,
                    format!("a `{scheme}:` link is not allowed and is shown as plain text"),
                )
                .with_hint("links may be http, https, mailto, #fragments or relative paths"),
            ),
            Target::Malformed(url) => Some(
                Diagnostic::warning(
                    inline.span,
                    format!("`{url}` names no host, so it is shown as plain text"),
                )
                .with_hint("a web address needs a host, as in https://example.org/"),
            ),
            Target::External(normal) | Target::Relative(normal) => {
                *url = normal;
                None
            }
        };
        if let Some(d) = problem {
            diagnostics.push(d);
            let attr = std::mem::take(attr);
            let content = std::mem::take(content);
            inline.kind = InlineKind::Span { attr, content };
        }
    });
}
