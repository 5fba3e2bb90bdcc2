//! Raw HTML written in the Markdown, mapped into the document model.
//!
//! CommonMark keeps raw HTML as opaque text: a `<kbd>` is one inline node, the text after
//! it ordinary Markdown, its `</kbd>` another node; an HTML block may open a `<div>` whose
//! content is Markdown and whose `</div>` is a later block. Printing that text verbatim
//! publishes markup (and authors' private `<!-- comments -->`) in every edition, so it is
//! read instead: each raw piece goes through a real HTML tokenizer ([`lex`]), and a small
//! tree builder over the *sibling list* ([`inline`], [`block`]) pairs opening and closing
//! tags across the Markdown between them.
//!
//! What is mapped (see the README for the list): comments are dropped; `<br>`, `<kbd>`,
//! `<sup>`, `<sub>`, `<em>`/`<i>`, `<strong>`/`<b>`, `<del>`/`<s>`, `<code>`, `<a href>`,
//! `<a id>`/`<span id>` anchors, `<img>`, `<p>`, `<h1>`–`<h6>`, `<div>` and the other
//! sectioning elements, `<blockquote>`, `<ul>`/`<ol>`/`<li>`, `<pre>`, `<hr>`,
//! `<figure>`/`<figcaption>`, `<table>` and its rows and cells, `<details>`/`<summary>`
//! (shown open) and mdBook's `<Listing>`. `<script>`, `<style>` and the like are left out
//! with their content; any other tag is left out with its content kept. Either way one
//! warning per tag name says so. Elements opened by HTML count towards the nesting limits.

mod block;
mod inline;
mod lex;
mod pass;

use std::collections::BTreeMap;

use quire_doc::{Attr, Diagnostic, Span};

pub use block::map_blocks;
pub use inline::map_inlines;

/// What the mapping found that it could not keep as written.
#[derive(Default)]
pub struct Report {
    /// Tags left out with their content kept: name → (count, first place).
    unsupported: BTreeMap<String, (usize, Span)>,
    /// Elements left out together with their content (`<script>` …).
    removed: BTreeMap<String, (usize, Span)>,
    /// Elements nested past the model's limit (their text kept): count, first place.
    too_deep: Option<(usize, Span)>,
}

impl Report {
    fn unsupported(&mut self, name: &str, span: Span) {
        let e = self
            .unsupported
            .entry(name.to_string())
            .or_insert((0, span));
        e.0 += 1;
    }

    fn removed(&mut self, name: &str, span: Span) {
        let e = self.removed.entry(name.to_string()).or_insert((0, span));
        e.0 += 1;
    }

    fn too_deep(&mut self, span: Span) {
        self.too_deep.get_or_insert((0, span)).0 += 1;
    }

    /// One warning per tag name, at its first place.
    pub fn into_warnings(self) -> Vec<Diagnostic> {
        let places = |n: usize| format!("{n} place{}", if n == 1 { "" } else { "s" });
        let kept = self.unsupported.into_iter().map(|(name, (n, span))| {
            Diagnostic::warning(
                span,
                format!(
                    "raw HTML `<{name}>` is not supported: the tag is left out and its text kept ({})",
                    places(n)
                ),
            )
        });
        let removed = self.removed.into_iter().map(|(name, (n, span))| {
            Diagnostic::warning(
                span,
                format!(
                    "raw HTML `<{name}>` is left out together with its content ({})",
                    places(n)
                ),
            )
        });
        let deep = self.too_deep.map(|(n, span)| {
            Diagnostic::warning(
                span,
                format!(
                    "raw HTML nested past the limit of the model: the inner tags are left out and their text kept ({})",
                    places(n)
                ),
            )
        });
        kept.chain(removed).chain(deep).collect()
    }
}

/// Elements whose content is not text for readers: left out whole.
fn is_removed(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "title"
            | "head"
            | "textarea"
            | "select"
            | "noembed"
            | "svg"
            | "math"
    )
}

/// The attributes the model keeps: `id`, `class`, `lang` and `dir` (the load stage
/// checks the last two and the classes like those written in Markdown).
fn attr_of(attrs: &[(String, String)]) -> Attr {
    let mut attr = Attr::default();
    for (k, v) in attrs {
        match k.as_str() {
            "id" | "name" if attr.id.is_empty() => attr.id = v.trim().to_string(),
            "class" => attr
                .classes
                .extend(v.split_ascii_whitespace().map(str::to_string)),
            "lang" | "dir" => attr.pairs.push((k.clone(), v.clone())),
            _ => {}
        }
    }
    attr
}

fn get<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Spans for the lines of a raw HTML text that starts at `base`: the tokenizer counts
/// lines, so a token is placed at the start of its line (clamped to the raw node).
struct Lines {
    base: Span,
    starts: Vec<u32>,
}

impl Lines {
    fn new(base: Span, text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        Self { base, starts }
    }

    fn span(&self, line: usize) -> Span {
        let at = |l: usize| {
            self.starts
                .get(l)
                .map_or(self.base.end, |s| (self.base.start + s).min(self.base.end))
        };
        Span::new(self.base.file, at(line), at(line + 1).max(at(line)))
    }
}

/// Whitespace of HTML text collapsed as a browser does outside `<pre>`.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests;
