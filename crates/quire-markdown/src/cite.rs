//! Pandoc's citation syntax, which comrak does not know, read from the inlines comrak
//! made of it:
//!
//! - `[@key]`, `[@key, p. 33]`, `[see @a; @b, ch. 2]`: a bracketed group of items
//!   separated by `;`, each with an optional prefix before the key and suffix after it;
//! - `[-@key]`: suppress the author;
//! - `@key` in running text (author in text), optionally followed by ` [p. 33]`;
//! - keys start with a letter, digit or `_` and go on with those and internal
//!   punctuation (`:.#$%&-+?<>~/`, kept only when a letter or digit follows, so a
//!   sentence's full stop is not part of the key); `@{…}` takes any key.
//!
//! A bracket is a citation only when every `;`-separated part holds exactly one key;
//! otherwise it stays text (`[see above]`, `[a@b]`). An `@` after a letter or digit is
//! not a citation (`name@example.org`). Prefixes and suffixes keep their Markdown
//! (`[see *especially* @key]`). Escaped brackets (`\[`) reach here as spans, not text,
//! so they never open a citation.
//!
//! Whether a key names a bibliography entry or a cross-reference target is decided
//! later, where the bibliography is known (`quire-cite`); here a citation is only
//! syntax, and its content is the text as written.

use quire_doc::{Citation, CiteMode, Inline, InlineKind, Span};

/// Finds citations in one sequence of sibling inlines (merged text), replacing the
/// inlines that spell them with [`InlineKind::Cite`] nodes.
pub(crate) fn find(inlines: Vec<Inline>, source: &str) -> Vec<Inline> {
    let has_at = inlines
        .iter()
        .any(|i| matches!(&i.kind, InlineKind::Text { text } if text.contains('@')));
    if !has_at {
        return inlines;
    }
    let tokens = tokenize(inlines, source);
    let mut out = Out::default();
    let mut i = 0;
    while i < tokens.len() {
        if let Tok::Open(open) = &tokens[i]
            && let Some(close) = closing(&tokens, i)
            && let Some(citations) = group(&tokens[i + 1..close])
        {
            let span = Span::new(open.file, open.start, tokens[close].span().end);
            out.cite_shown(citations, &tokens[i..=close], span);
            i = close + 1;
            continue;
        }
        match &tokens[i] {
            Tok::Text(text, span) => i = in_text(&tokens, i, text, *span, &mut out),
            other => {
                out.token(other);
                i += 1;
            }
        }
    }
    out.inlines
}

/// A piece of the sibling sequence: text split at every bracket.
#[derive(Debug, Clone)]
enum Tok {
    Text(String, Span),
    Open(Span),
    Close(Span),
    Node(Inline),
}

impl Tok {
    fn span(&self) -> Span {
        match self {
            Tok::Text(_, s) | Tok::Open(s) | Tok::Close(s) => *s,
            Tok::Node(i) => i.span,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Tok::Text(t, _) => Some(t),
            _ => None,
        }
    }
}

fn tokenize(inlines: Vec<Inline>, source: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for inline in inlines {
        let InlineKind::Text { text } = inline.kind else {
            out.push(Tok::Node(inline));
            continue;
        };
        let written = source
            .get(inline.span.start as usize..inline.span.end as usize)
            .unwrap_or("");
        let map = align(&text, written);
        let at = |i: usize| {
            let o = map.get(i).map_or(written.len(), |m| m.0);
            inline.span.start + o as u32
        };
        let span = |a: usize, b: usize| Span::new(inline.span.file, at(a), at(b).max(at(a)));
        let mut start = 0;
        for (i, (pos, c)) in text.char_indices().enumerate() {
            let escaped = map.get(i).is_some_and(|m| m.1);
            if (c == '[' || c == ']') && !escaped {
                if pos > start {
                    out.push(Tok::Text(text[start..pos].to_string(), span(start, pos)));
                }
                let one = span(pos, pos + 1);
                out.push(if c == '[' {
                    Tok::Open(one)
                } else {
                    Tok::Close(one)
                });
                start = pos + 1;
            }
        }
        if start < text.len() {
            out.push(Tok::Text(
                text[start..].to_string(),
                span(start, text.len()),
            ));
        }
    }
    out
}

/// For each byte of `text` (a text node) that starts a character, where it was written
/// in `written` (the node's source) and whether a backslash escaped it; other bytes
/// map like their character's first. The two differ where comrak dropped escapes or
/// applied smart punctuation (`--` → –, quotes) or entities, so a character that does
/// not match is looked for a few bytes on.
fn align(text: &str, written: &str) -> Vec<(usize, bool)> {
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut pos = 0;
    let bytes = written.as_bytes();
    for c in text.chars() {
        let mut buf = [0; 4];
        let want = c.encode_utf8(&mut buf).as_bytes();
        let mut escaped = false;
        if bytes.get(pos) == Some(&b'\\') && bytes[pos + 1..].starts_with(want) {
            pos += 1;
            escaped = true;
        } else if !bytes[pos.min(bytes.len())..].starts_with(want) {
            // Smart punctuation and entities: the character is found within a few bytes.
            let skip = (1..=8).find(|k| bytes.get(pos + k..).is_some_and(|r| r.starts_with(want)));
            if let Some(k) = skip {
                pos += k;
            }
        }
        for _ in 0..want.len() {
            map.push((pos.min(bytes.len()), escaped));
        }
        if bytes[pos.min(bytes.len())..].starts_with(want) {
            pos += want.len();
        }
    }
    map.push((pos.min(bytes.len()), false));
    map
}

/// The span of bytes `a..b` of `text`, a token at `span`: exact when the token's text
/// has its source's length (the usual case), else the token's start, which still names
/// the right line.
fn sub_span(span: Span, text: &str, a: usize, b: usize) -> Span {
    if (span.end - span.start) as usize == text.len() {
        Span::new(span.file, span.start + a as u32, span.start + b as u32)
    } else {
        Span::new(span.file, span.start, span.start)
    }
}

/// The index of the `]` that closes the `[` at `open`, when no other bracket opens
/// between them.
fn closing(tokens: &[Tok], open: usize) -> Option<usize> {
    for (i, t) in tokens.iter().enumerate().skip(open + 1) {
        match t {
            Tok::Close(_) => return Some(i),
            Tok::Open(_) => return None,
            _ => {}
        }
    }
    None
}

/// The citations of a bracketed group, if it is one.
fn group(inner: &[Tok]) -> Option<Vec<Citation>> {
    let mut parts: Vec<Vec<Tok>> = vec![Vec::new()];
    for t in inner {
        match t {
            Tok::Text(text, span) if text.contains(';') => {
                let mut start = 0;
                for (at, _) in text.match_indices(';') {
                    if at > start {
                        let piece = sub_from(*span, text, start, at);
                        parts.last_mut()?.push(piece);
                    }
                    parts.push(Vec::new());
                    start = at + 1;
                }
                if start < text.len() {
                    parts
                        .last_mut()?
                        .push(sub_from(*span, text, start, text.len()));
                }
            }
            other => parts.last_mut()?.push(other.clone()),
        }
    }
    parts.iter().map(|p| item(p)).collect()
}

fn sub_from(span: Span, text: &str, a: usize, b: usize) -> Tok {
    Tok::Text(text[a..b].to_string(), sub_span(span, text, a, b))
}

/// One `prefix @key suffix` item of a bracketed group.
fn item(part: &[Tok]) -> Option<Citation> {
    let mut found: Option<(usize, usize, Key)> = None;
    for (i, t) in part.iter().enumerate() {
        let Some(text) = t.text() else { continue };
        let mut from = 0;
        while let Some(rel) = text[from..].find('@') {
            let at = from + rel;
            let dash = text[..at].ends_with('-');
            let lead = at - usize::from(dash);
            let starts_item = match text[..lead].chars().next_back() {
                Some(c) => c.is_whitespace(),
                None => i == 0 || !ends_in_word(&part[..i]),
            };
            if starts_item && let Some(key) = key_at(text, at + 1) {
                if found.is_some() {
                    return None;
                }
                found = Some((i, at - usize::from(dash), key));
            }
            from = at + 1;
        }
    }
    let (i, start, key) = found?;
    let Tok::Text(text, span) = &part[i] else {
        return None;
    };
    let dash = text[start..].starts_with('-');
    let mut prefix: Vec<Tok> = part[..i].to_vec();
    if start > 0 {
        prefix.push(sub_from(*span, text, 0, start));
    }
    let mut suffix = Vec::new();
    if key.end < text.len() {
        suffix.push(sub_from(*span, text, key.end, text.len()));
    }
    suffix.extend(part[i + 1..].iter().cloned());
    Some(Citation {
        key: key.name,
        mode: if dash {
            CiteMode::SuppressAuthor
        } else {
            CiteMode::Normal
        },
        prefix: trimmed(inlines_of(&prefix)),
        suffix: trimmed(inlines_of(&suffix)),
        span: sub_span(*span, text, start, key.end),
    })
}

fn ends_in_word(tokens: &[Tok]) -> bool {
    match tokens.last() {
        Some(Tok::Text(t, _)) => t.chars().next_back().is_some_and(|c| !c.is_whitespace()),
        Some(Tok::Node(n)) => !is_break(n),
        _ => false,
    }
}

/// A line ending inside a paragraph, which separates words as a space does.
fn is_break(inline: &Inline) -> bool {
    matches!(inline.kind, InlineKind::SoftBreak | InlineKind::LineBreak)
}

/// A key read after an `@`: its name and the byte where it ends.
struct Key {
    name: String,
    end: usize,
}

/// The key starting at byte `at` of `text` (just after the `@`).
fn key_at(text: &str, at: usize) -> Option<Key> {
    let rest = &text[at..];
    if let Some(braced) = rest.strip_prefix('{') {
        let close = braced.find('}')?;
        let name = braced[..close].trim();
        return (!name.is_empty()).then(|| Key {
            name: name.to_string(),
            end: at + 1 + close + 1,
        });
    }
    let first = rest.chars().next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let mut end = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c) {
            match chars.peek() {
                Some((_, n)) if n.is_alphanumeric() || *n == '_' => {}
                _ => break,
            }
        } else {
            break;
        }
    }
    Some(Key {
        name: rest[..end].to_string(),
        end: at + end,
    })
}

/// Author-in-text citations in the text token at `i`; returns the next token to read.
fn in_text(tokens: &[Tok], i: usize, text: &str, span: Span, out: &mut Out) -> usize {
    let mut from = 0;
    let mut written = 0;
    while let Some(rel) = text[from..].find('@') {
        let at = from + rel;
        from = at + 1;
        let word_before = text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_');
        // A key right after a node (`*x*@key`) is part of a word; after a line break it
        // starts one.
        let node_before =
            at == 0 && i > 0 && matches!(&tokens[i - 1], Tok::Node(n) if !is_break(n));
        if word_before || node_before {
            continue;
        }
        let Some(key) = key_at(text, at + 1) else {
            continue;
        };
        if at > written {
            out.text(&text[written..at], sub_span(span, text, written, at));
        }
        let key_span = sub_span(span, text, at, key.end);
        let mut citation = Citation {
            key: key.name,
            mode: CiteMode::AuthorInText,
            prefix: Vec::new(),
            suffix: Vec::new(),
            span: key_span,
        };
        let mut shown = vec![Tok::Text(text[at..key.end].to_string(), key_span)];
        let mut whole = key_span;
        // `@key [p. 33]`: a bracket holding no key right after is the suffix.
        let gap = &text[key.end..];
        if key.end < text.len() && gap == " " || key.end == text.len() {
            let open = i + 1;
            if let Some(Tok::Open(_)) = tokens.get(open)
                && let Some(close) = closing(tokens, open)
                && group(&tokens[open + 1..close]).is_none()
            {
                if !gap.is_empty() {
                    shown.push(Tok::Text(
                        gap.to_string(),
                        sub_span(span, text, key.end, text.len()),
                    ));
                }
                shown.extend(tokens[open..=close].iter().cloned());
                citation.suffix = trimmed(inlines_of(&tokens[open + 1..close]));
                whole.end = tokens[close].span().end;
                out.cite_shown(vec![citation], &shown, whole);
                return close + 1;
            }
        }
        out.cite_shown(vec![citation], &shown, whole);
        written = key.end;
    }
    if written < text.len() {
        out.text(&text[written..], sub_span(span, text, written, text.len()));
    }
    i + 1
}

/// Tokens back to inlines, brackets as text, adjacent text merged.
fn inlines_of(tokens: &[Tok]) -> Vec<Inline> {
    let mut out = Out::default();
    for t in tokens {
        out.token(t);
    }
    out.inlines
}

/// `inlines` without the white space at either end.
fn trimmed(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline {
        kind: InlineKind::Text { text },
        ..
    }) = inlines.first_mut()
    {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline {
        kind: InlineKind::Text { text },
        ..
    }) = inlines.last_mut()
    {
        *text = text.trim_end().to_string();
    }
    inlines.retain(|i| !matches!(&i.kind, InlineKind::Text { text } if text.is_empty()));
    inlines
}

/// The inlines being rebuilt.
#[derive(Default)]
struct Out {
    inlines: Vec<Inline>,
}

impl Out {
    fn text(&mut self, text: &str, span: Span) {
        if let Some(Inline {
            kind: InlineKind::Text { text: prev },
            span: prev_span,
        }) = self.inlines.last_mut()
        {
            prev.push_str(text);
            prev_span.end = prev_span.end.max(span.end);
            return;
        }
        self.inlines.push(Inline::new(
            InlineKind::Text {
                text: text.to_string(),
            },
            span,
        ));
    }

    fn token(&mut self, t: &Tok) {
        match t {
            Tok::Text(text, span) => self.text(text, *span),
            Tok::Open(span) => self.text("[", *span),
            Tok::Close(span) => self.text("]", *span),
            Tok::Node(inline) => self.inlines.push(inline.clone()),
        }
    }

    fn cite_shown(&mut self, citations: Vec<Citation>, shown: &[Tok], span: Span) {
        self.inlines.push(Inline::new(
            InlineKind::Cite {
                citations,
                content: inlines_of(shown),
            },
            span,
        ));
    }
}

#[cfg(test)]
mod tests {
    use quire_doc::{CiteMode, FileId, InlineKind, inline_text};

    /// (key, mode, prefix, suffix) of one cited item.
    type Item = (String, CiteMode, String, String);

    fn cites(src: &str) -> Vec<(Vec<Item>, String)> {
        let doc = crate::parse(FileId(0), "t.md", src)
            .expect("parses")
            .document;
        let mut out = Vec::new();
        quire_doc::for_each_inline(&doc, &mut |i| {
            if let InlineKind::Cite { citations, content } = &i.kind {
                out.push((
                    citations
                        .iter()
                        .map(|c| {
                            (
                                c.key.clone(),
                                c.mode,
                                inline_text(&c.prefix),
                                inline_text(&c.suffix),
                            )
                        })
                        .collect(),
                    inline_text(content),
                ));
            }
        });
        out
    }

    fn one(
        key: &str,
        mode: CiteMode,
        prefix: &str,
        suffix: &str,
    ) -> (String, CiteMode, String, String) {
        (key.into(), mode, prefix.into(), suffix.into())
    }

    #[test]
    fn every_form_of_pandocs_syntax() {
        use CiteMode::*;
        let found = cites(
            "As [@knuth1984] and [@knuth1984, p. 33] show, [see @a; @b, ch. 2] and \
             [-@c]. @d says so, and @e [p. 12] too; [see *especially* @f, p. 4 and passim] \
             and @{odd key}.\n",
        );
        let items: Vec<_> = found.iter().map(|(c, _)| c.clone()).collect();
        assert_eq!(
            items,
            vec![
                vec![one("knuth1984", Normal, "", "")],
                vec![one("knuth1984", Normal, "", ", p. 33")],
                vec![one("a", Normal, "see", ""), one("b", Normal, "", ", ch. 2")],
                vec![one("c", SuppressAuthor, "", "")],
                vec![one("d", AuthorInText, "", "")],
                vec![one("e", AuthorInText, "", "p. 12")],
                vec![one("f", Normal, "see especially", ", p. 4 and passim")],
                vec![one("odd key", AuthorInText, "", "")],
            ]
        );
        // Until processed, a citation shows what was written.
        assert_eq!(found[2].1, "[see @a; @b, ch. 2]");
        assert_eq!(found[5].1, "@e [p. 12]");
    }

    #[test]
    fn what_is_not_a_citation() {
        assert!(cites("Mail name@example.org or [see above] or [a@b] or @ noon.\n").is_empty());
        assert!(
            cites("An escaped \\[@key] is text, and `@key` is code.\n")
                .iter()
                .all(|(c, _)| c[0].1 == CiteMode::AuthorInText)
        );
        // A bracket with one part lacking a key stays text, its keys in-text citations.
        let found = cites("[@a; no key here]\n");
        assert!(found.iter().all(|(c, _)| c[0].1 == CiteMode::AuthorInText));
    }

    #[test]
    fn a_key_at_the_start_of_a_line_is_a_citation() {
        let found = cites("As discussed in\n@sec-measure, and in [see\n@a].\n");
        let keys: Vec<_> = found
            .iter()
            .map(|(c, _)| (c[0].0.clone(), c[0].1))
            .collect();
        assert_eq!(
            keys,
            [
                ("sec-measure".to_string(), CiteMode::AuthorInText),
                ("a".to_string(), CiteMode::Normal)
            ]
        );
    }

    #[test]
    fn a_sentences_full_stop_is_not_part_of_the_key() {
        let found = cites("As shown by @smith2020. And @fig-logo, then @doe:2019:x.\n");
        let keys: Vec<_> = found.iter().map(|(c, _)| c[0].0.clone()).collect();
        assert_eq!(keys, ["smith2020", "fig-logo", "doe:2019:x"]);
    }

    #[test]
    fn the_key_span_points_at_the_key() {
        let src = "Text [see @knuth, p. 3].\n";
        let doc = crate::parse(FileId(0), "t.md", src)
            .expect("parses")
            .document;
        let mut spans = Vec::new();
        quire_doc::for_each_inline(&doc, &mut |i| {
            if let InlineKind::Cite { citations, .. } = &i.kind {
                spans.push((i.span, citations[0].span));
            }
        });
        let (whole, key) = spans[0];
        assert_eq!(
            &src[whole.start as usize..whole.end as usize],
            "[see @knuth, p. 3]"
        );
        assert_eq!(&src[key.start as usize..key.end as usize], "@knuth");
    }
}
