//! Exact source places for the characters the PDF could not set.
//!
//! The typesetter knows a text node's start in the source and a character's byte offset in
//! the node's *decoded* text; it does not have the source. The two differ wherever the
//! source writes a character another way: an entity (`&#XD06;`, `&amp;`), a backslash
//! escape, `--` for an en dash, a line break with indentation inside a paragraph. Here,
//! with the source at hand, each such warning is moved to the character's real place, and
//! its span covers the whole way it is written (so the caret is under all of `&#XD06;`).
//! Only warnings for missing characters are touched, so this costs nothing when there are
//! none.

use quire_doc::{Diagnostic, Document, InlineKind, SourceMap, Span, for_each_inline};
use quire_typeset::layout::MISSING_CHAR_MESSAGE;

/// Moves every missing-character warning of `diags` to its exact place in the source.
pub fn refine(doc: &Document, sources: &SourceMap, diags: &mut [Diagnostic]) {
    let wanted: Vec<usize> = (0..diags.len())
        .filter(|&i| diags[i].message.starts_with(MISSING_CHAR_MESSAGE))
        .collect();
    if wanted.is_empty() {
        return;
    }
    // The text nodes, to find the one each warning starts in.
    let mut texts: Vec<(Span, &str)> = Vec::new();
    for_each_inline(doc, &mut |inline| {
        if let InlineKind::Text { text } = &inline.kind {
            texts.push((inline.span, text.as_str()));
        }
    });
    for i in wanted {
        let at = diags[i].span;
        let node = texts
            .iter()
            .filter(|(s, _)| s.file == at.file && s.start <= at.start && at.start < s.end)
            .min_by_key(|(s, _)| s.end - s.start);
        let Some(&(node, text)) = node else { continue };
        let Some(source) = sources.slice(node) else {
            continue;
        };
        let decoded = (at.start - node.start) as usize;
        if let Some(range) = locate(text, source, decoded) {
            diags[i].span = Span::new(
                at.file,
                node.start + range.start as u32,
                node.start + range.end as u32,
            );
        }
    }
}

/// The byte range in `source` of the character at byte `decoded` of `text`, the decoded
/// form of `source` (entities, escapes and typographic punctuation resolved). `None` if
/// the two cannot be lined up that far.
pub fn locate(text: &str, source: &str, decoded: usize) -> Option<std::ops::Range<usize>> {
    let (mut d, mut s) = (0usize, 0usize);
    loop {
        let c = text.get(d..)?.chars().next()?;
        let rest = source.get(s..)?;
        let entity = entity_len(rest).filter(|&len| c != '&' || is_amp(&rest[..len]));
        let next_is_space = text[d + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        let written =
            if c.is_whitespace() && rest.starts_with(char::is_whitespace) && !next_is_space {
                // A line break inside a paragraph, with any indentation after it.
                rest.len() - rest.trim_start().len()
            } else if let Some(len) = entity {
                len
            } else if rest.starts_with(c) {
                c.len_utf8()
            } else if rest.starts_with('\\') && rest[1..].starts_with(c) {
                1 + c.len_utf8()
            } else if let Some(len) = typographic_len(c, rest) {
                len
            } else {
                rest.chars().next()?.len_utf8()
            };
        if d >= decoded {
            return Some(s..s + written);
        }
        d += c.len_utf8();
        s += written;
    }
}

/// The length of the character reference `&…;` that `rest` starts with, if it does.
fn entity_len(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix('&')?;
    let end = body.find(';')?;
    let name = &body[..end];
    let ok = !name.is_empty()
        && end <= 32
        && (name.chars().all(|c| c.is_ascii_alphanumeric())
            || name.strip_prefix('#').is_some_and(|n| {
                !n.is_empty()
                    && (n.chars().all(|c| c.is_ascii_digit())
                        || n.strip_prefix(['x', 'X']).is_some_and(|h| {
                            !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())
                        }))
            }));
    ok.then_some(end + 2)
}

/// Whether a reference is one for `&` itself.
fn is_amp(entity: &str) -> bool {
    matches!(entity, "&amp;" | "&AMP;" | "&#38;" | "&#x26;" | "&#X26;")
}

/// How many source bytes the typographic character `c` was made from (`--` → `–`, `---`
/// → `—`, `...` → `…`).
fn typographic_len(c: char, rest: &str) -> Option<usize> {
    let from = match c {
        '—' => "---",
        '–' => "--",
        '…' => "...",
        _ => return None,
    };
    rest.starts_with(from).then_some(from.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_escapes_and_dashes_are_lined_up() {
        let source = "A &amp; &#x41; b \\* c -- न.";
        let text = "A & A b * c – न.";
        let at = text.find('न').unwrap();
        let range = locate(text, source, at).unwrap();
        assert_eq!(&source[range], "न");
        let source = "x &#XD06; y";
        let text = "x \u{0D06} y";
        assert_eq!(&source[locate(text, source, 2).unwrap()], "&#XD06;");
    }

    #[test]
    fn indented_continuation_lines_are_lined_up() {
        let source = "one\n    two ന";
        let text = "one\ntwo ന";
        let range = locate(text, source, text.find('ന').unwrap()).unwrap();
        assert_eq!(&source[range], "ന");
    }

    #[test]
    fn not_an_entity() {
        assert_eq!(entity_len("&amp; x"), Some(5));
        assert_eq!(entity_len("&#1234;"), Some(7));
        assert_eq!(entity_len("& x;"), None);
        assert_eq!(entity_len("&#x;"), None);
    }
}
