//! Escaping text and attribute values: the one escaper of the workspace lives in
//! `quire-doc` ([`quire_doc::xml`]); the web and EPUB writers reach it through here.

pub use quire_doc::xml::{attr, escape, escape_all, text};

/// `markup` (written by this crate, so every attribute value is quoted with `"` and
/// escaped) without its `id` attributes: for a second copy of markup on the same page
/// (the endnotes print shows), where an id may be given only once.
pub(crate) fn without_ids(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        let (text, tag_on) = rest.split_at(open);
        out.push_str(text);
        let end = tag_on.find('>').map_or(tag_on.len(), |e| e + 1);
        let (tag, after) = tag_on.split_at(end);
        let mut t = tag;
        while let Some(at) = t.find(" id=\"") {
            out.push_str(&t[..at]);
            let value_end = t[at + 5..].find('"').map_or(t.len(), |v| at + 5 + v + 1);
            t = &t[value_end..];
        }
        out.push_str(t);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_go_from_tags_only() {
        let m = "<span id=\"a\" class=\"x\">say id=\"b\"</span><b id=\"c\">";
        assert_eq!(
            super::without_ids(m),
            "<span class=\"x\">say id=\"b\"</span><b>"
        );
    }
}
