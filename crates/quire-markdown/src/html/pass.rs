//! Raw HTML passed through to the web editions (`--raw-html`), sanitised.
//!
//! Only a block that is HTML from start to end (every element it opens it also closes)
//! is passed through; one that wraps Markdown, or that points at files (images, media),
//! is mapped into the model instead, so that its resources go through the load stage's
//! checks like any other. The block is cleaned by ammonia (a maintained, html5ever-based
//! sanitiser: no script, no event handler, no `style`, links only to http, https and
//! mailto) and written back as XHTML, which both the web page and the e-book accept.

use std::collections::HashSet;

use super::lex::{Token, lex};

/// Elements that load something: never passed through (see the module docs).
const RESOURCES: &[&str] = &[
    "img", "picture", "source", "video", "audio", "track", "iframe", "object", "embed", "svg",
    "math", "link", "image",
];

/// The sanitised XHTML of `raw`, or `None` if it is to be mapped into the model.
pub fn sanitize(raw: &str) -> Option<String> {
    let tokens = lex(raw);
    if !self_contained(&tokens) {
        return None;
    }
    let schemes: HashSet<&str> = quire_doc::url::ALLOWED_SCHEMES.iter().copied().collect();
    let clean = ammonia::Builder::default()
        .url_schemes(schemes)
        // No `rel` (ammonia adds one by default): an `a` whose href was removed would
        // keep it, which HTML forbids; no link opens a new window anyway.
        .link_rel(None)
        .clean(raw)
        .to_string();
    let xhtml = xhtml(&clean);
    (!xhtml.trim().is_empty()).then_some(xhtml)
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Whether the tokens open and close their elements in order and load nothing.
fn self_contained(tokens: &[super::lex::Located]) -> bool {
    let mut open: Vec<&str> = Vec::new();
    for (token, _) in tokens {
        match token {
            Token::Start { name, .. } if RESOURCES.contains(&name.as_str()) => return false,
            Token::Start {
                name, self_closing, ..
            } => {
                if !is_void(name) && !self_closing {
                    open.push(name);
                }
            }
            Token::End { name } => {
                if open.pop() != Some(name.as_str()) {
                    return false;
                }
            }
            Token::Text(_) | Token::Comment => {}
        }
    }
    open.is_empty()
}

/// ammonia's HTML serialisation rewritten as XHTML: void elements closed, text and
/// attribute values escaped for XML (ammonia's output is balanced, as every serialised
/// DOM is).
fn xhtml(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    for (token, _) in lex(html) {
        match token {
            Token::Start { name, attrs, .. } => {
                out.push('<');
                out.push_str(&name);
                for (k, v) in attrs {
                    out.push(' ');
                    out.push_str(&k);
                    out.push_str("=\"");
                    quire_doc::xml::attr(&mut out, &v);
                    out.push('"');
                }
                out.push_str(if is_void(&name) { "/>" } else { ">" });
            }
            Token::End { name } if !is_void(&name) => {
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
            Token::End { .. } | Token::Comment => {}
            Token::Text(t) => quire_doc::xml::text(&mut out, &t),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_bad_links_are_removed() {
        let out = sanitize(
            "<table onclick=\"x()\"><tr><td colspan=\"2\">a<br>b</td></tr></table><script>alert(1)</script><a href=\"javascript:x\">j</a>",
        )
        .unwrap();
        assert!(!out.contains("onclick") && !out.contains("script") && !out.contains("javascript"));
        assert!(out.contains("colspan=\"2\""), "{out}");
        assert!(out.contains("<br/>"), "{out}");
    }

    #[test]
    fn blocks_around_markdown_or_with_resources_are_not_passed() {
        assert!(sanitize("<div class=\"x\">").is_none());
        assert!(sanitize("<p><img src=\"a.png\"></p>").is_none());
        assert!(sanitize("<p>a</b></p>").is_none());
    }
}
