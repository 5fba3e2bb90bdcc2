//! CSL-JSON's rich text: the few HTML-like tags the CSL processors read in field values
//! (`<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>`, `<span style="…">`,
//! `<span class="nocase">`, `<span class="nodecor">`).
//!
//! hayagriva's strings carry case protection but no formatting, so `nocase` text becomes
//! a verbatim chunk (no title or sentence case touches it, as braces do in BibLaTeX) and
//! every other tag is dropped with its text kept. Anything else that looks like a tag (`a
//! < b`, `<T>`) is text. Braces and dollars are text too: CSL-JSON has no TeX in it,
//! which is why the chunks are built here rather than by hayagriva's string parser.

use hayagriva::types::{ChunkKind, ChunkedString};

/// The tags read (their text is kept, the tags dropped), with `span` handled apart.
const TAGS: [&str; 5] = ["i", "b", "sup", "sub", "sc"];

/// The longest tag read, `>` included (a `<span style="…">` fits).
const MAX_TAG: usize = 200;

/// `text` as hayagriva chunks.
pub(super) fn parse(text: &str) -> ChunkedString {
    let mut out = ChunkedString::new();
    // For each open `<span>`, whether it is `nocase`; text is verbatim inside any (a
    // count, so that hostile nesting costs no more than plain text).
    let mut spans: Vec<bool> = Vec::new();
    let mut nocase = 0usize;
    let kind = |nocase: usize| {
        if nocase > 0 {
            ChunkKind::Verbatim
        } else {
            ChunkKind::Normal
        }
    };
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        push(&mut out, &rest[..lt], kind(nocase));
        let tag = &rest[lt..];
        match read_tag(tag) {
            Some((len, Tag::Open(is_nocase))) => {
                spans.push(is_nocase);
                nocase += usize::from(is_nocase);
                rest = &tag[len..];
            }
            Some((len, Tag::CloseSpan)) => {
                if spans.pop() == Some(true) {
                    nocase -= 1;
                }
                rest = &tag[len..];
            }
            Some((len, Tag::Other)) => rest = &tag[len..],
            None => {
                push(&mut out, "<", kind(nocase));
                rest = &tag[1..];
            }
        }
    }
    push(&mut out, rest, kind(nocase));
    trim(out)
}

fn push(out: &mut ChunkedString, s: &str, kind: ChunkKind) {
    if !s.is_empty() {
        out.push_str(s, kind);
    }
}

enum Tag {
    /// `<span …>`, and whether its class is `nocase`.
    Open(bool),
    CloseSpan,
    /// One of [`TAGS`], opening or closing.
    Other,
}

/// The tag at the start of `s` (which starts with `<`), and its length, if it is one
/// of those read.
fn read_tag(s: &str) -> Option<(usize, Tag)> {
    // Tags are short: looking no further keeps a text of many `<` linear.
    let end = s.bytes().take(MAX_TAG).position(|b| b == b'>')?;
    let inner = &s[1..end];
    let len = end + 1;
    let (closing, name) = match inner.strip_prefix('/') {
        Some(name) => (true, name.trim()),
        None => (false, inner),
    };
    if TAGS.contains(&name) {
        return Some((len, Tag::Other));
    }
    if closing {
        return (name == "span").then_some((len, Tag::CloseSpan));
    }
    let attributes = inner.strip_prefix("span")?;
    if !(attributes.is_empty() || attributes.starts_with(char::is_whitespace)) {
        return None;
    }
    let nocase = class_names(attributes).any(|c| c == "nocase");
    Some((len, Tag::Open(nocase)))
}

/// The names in a `class="…"` (or `'…'`) attribute.
fn class_names(attributes: &str) -> impl Iterator<Item = &str> {
    let value = attributes.find("class=").and_then(|i| {
        let after = &attributes[i + "class=".len()..];
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = &after[1..];
        body.find(quote).map(|end| &body[..end])
    });
    value.unwrap_or("").split_whitespace()
}

/// Trims the whitespace around the text, which tags may have left (`<i> A</i>`).
fn trim(text: ChunkedString) -> ChunkedString {
    let mut chunks = text.0;
    if let Some(first) = chunks.first_mut() {
        first.value = first.value.trim_start().to_string();
    }
    if let Some(last) = chunks.last_mut() {
        last.value = last.value.trim_end().to_string();
    }
    chunks.retain(|c| !c.value.is_empty());
    ChunkedString(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::types::StringChunk;

    fn chunks(text: &str) -> Vec<(ChunkKind, String)> {
        parse(text)
            .0
            .into_iter()
            .map(|StringChunk { value, kind }| (kind, value))
            .collect()
    }

    #[test]
    fn nocase_is_verbatim_and_other_tags_are_dropped() {
        use ChunkKind::{Normal, Verbatim};
        assert_eq!(
            chunks("<span class=\"nocase\">LaTeX</span>: A <i>Document</i> System"),
            [
                (Verbatim, "LaTeX".to_string()),
                (Normal, ": A Document System".to_string())
            ]
        );
        // A nocase span inside another span, and the nodecor and small-caps spans.
        assert_eq!(
            chunks(
                "<span style=\"font-variant:small-caps;\">On <span class='nocase'>iOS</span></span> x<sup>2</sup>"
            ),
            [
                (Normal, "On ".to_string()),
                (Verbatim, "iOS".to_string()),
                (Normal, " x2".to_string())
            ]
        );
    }

    #[test]
    fn what_is_not_a_tag_is_text() {
        assert_eq!(
            parse("a < b and <T> in {braces} for $5").to_string(),
            "a < b and <T> in {braces} for $5"
        );
        assert_eq!(parse("<i>unclosed").to_string(), "unclosed");
        assert_eq!(parse("</span>stray close").to_string(), "stray close");
        assert_eq!(parse("<spanx>").to_string(), "<spanx>");
        assert_eq!(parse("< i>").to_string(), "< i>");
    }
}
