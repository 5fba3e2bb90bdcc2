//! Bracketed spans, Pandoc's `[text]{#id .class key="value"}`: inline content with
//! attributes, which comrak does not parse (its attributes follow links and images only).
//!
//! comrak leaves the brackets of a span in the text (a `[` not followed by a link
//! destination is text), so the spans are found in the converted inlines of one
//! container: a `[` and the next unmatched `]` in text inlines of the same run, the `]`
//! followed at once by a `{…}` that reads as attributes. What lies between becomes a
//! [`InlineKind::Span`]; anything else stays text, so prose with brackets is unchanged.
//! A `\[` is not a bracket (comrak makes it an escaped inline, not text). The walk is
//! one pass with an explicit stack, so deep nesting costs no recursion here, and spans
//! nest no deeper than the inline depth left (deeper brackets stay text).
//!
//! Attributes are read after smart punctuation has curled the quotes, so a value may be
//! quoted with `"…"`, `“…”`, `'…'` or `‘…’`; an unquoted value ends at a space or `}`.
//! Keys may repeat (`index="a" index="b"`), in order.

use quire_doc::{Attr, Inline, InlineKind, Span};

/// A `[` waiting for its `]`: the inlines read since, and where it stands.
struct Open {
    content: Vec<Inline>,
    /// The span of the `[` itself.
    at: Span,
}

/// `inlines` with every bracketed span made a [`InlineKind::Span`], nesting at most
/// `depth` spans deep; `source` is the text their spans are offsets into.
pub fn bracketed(inlines: Vec<Inline>, depth: usize, source: &str) -> Vec<Inline> {
    if !inlines
        .iter()
        .any(|i| matches!(&i.kind, InlineKind::Text { text } if text.contains('[')))
    {
        return inlines;
    }
    let mut root: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut stack: Vec<Open> = Vec::new();
    for inline in inlines {
        let InlineKind::Text { text } = &inline.kind else {
            top(&mut root, &mut stack).push(inline);
            continue;
        };
        let span = inline.span;
        let written = source
            .get(span.start as usize..span.end as usize)
            .unwrap_or("");
        let map = offsets(text, written);
        // The source span of bytes `a..b` of this text.
        let piece = |a: usize, b: usize| {
            let at = |k: usize| span.start + map.get(k).copied().unwrap_or(0);
            Span::new(span.file, at(a), at(b))
        };
        let mut from = 0;
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < bytes.len() {
            match bytes[i] {
                b'[' if stack.len() < depth => {
                    push_text(top(&mut root, &mut stack), &text[from..i], piece(from, i));
                    stack.push(Open {
                        content: Vec::new(),
                        at: piece(i, i + 1),
                    });
                    i += 1;
                    from = i;
                }
                b']' => {
                    // A `]` with no `[` open is text.
                    let Some(mut open) = stack.pop() else {
                        i += 1;
                        continue;
                    };
                    push_text(&mut open.content, &text[from..i], piece(from, i));
                    match attributes(&text[i + 1..]) {
                        Some((attr, len)) => {
                            let end = piece(i, i + 1 + len).end;
                            let span =
                                Span::new(open.at.file, open.at.start, end.max(open.at.start));
                            let content = merged(open.content);
                            top(&mut root, &mut stack)
                                .push(Inline::new(InlineKind::Span { attr, content }, span));
                            i += 1 + len;
                        }
                        None => {
                            let parent = top(&mut root, &mut stack);
                            push_text(parent, "[", open.at);
                            parent.extend(open.content);
                            push_text(parent, "]", piece(i, i + 1));
                            i += 1;
                        }
                    }
                    from = i;
                }
                _ => i += 1,
            }
        }
        push_text(
            top(&mut root, &mut stack),
            &text[from..],
            piece(from, text.len()),
        );
    }
    // Brackets never closed are text.
    while let Some(open) = stack.pop() {
        let parent = top(&mut root, &mut stack);
        push_text(parent, "[", open.at);
        parent.extend(open.content);
    }
    merged(root)
}

/// For each byte boundary of `text` (a text inline), its offset in `written` (the source
/// it was read from): smart punctuation and entities make the two differ in length, and
/// a span must point at what the author wrote. Past anything it cannot match (a
/// character normalised to another form) every boundary maps to the end.
fn offsets(text: &str, written: &str) -> Vec<u32> {
    let mut map = vec![written.len() as u32; text.len() + 1];
    let (mut s, src) = (0usize, written.as_bytes());
    for (t, c) in text.char_indices() {
        map[t] = s as u32;
        let rest = &written[s.min(written.len())..];
        let step = if rest.starts_with(c) {
            c.len_utf8()
        } else {
            match c {
                '\u{201C}' | '\u{201D}' if rest.starts_with('"') => 1,
                '\u{2018}' | '\u{2019}' if rest.starts_with('\'') => 1,
                '\u{2014}' if rest.starts_with("---") => 3,
                '\u{2013}' if rest.starts_with("--") => 2,
                '\u{2026}' if rest.starts_with("...") => 3,
                _ if src.get(s) == Some(&b'&') => match rest.find(';') {
                    Some(end) if end < 40 => end + 1,
                    _ => return map,
                },
                _ => return map,
            }
        };
        s += step;
    }
    map[text.len()] = s.min(written.len()) as u32;
    map
}

/// The list new inlines go to: the innermost open bracket's, or the run's own.
fn top<'a>(root: &'a mut Vec<Inline>, stack: &'a mut [Open]) -> &'a mut Vec<Inline> {
    match stack.last_mut() {
        Some(open) => &mut open.content,
        None => root,
    }
}

fn push_text(out: &mut Vec<Inline>, text: &str, span: Span) {
    if !text.is_empty() {
        out.push(Inline::new(InlineKind::Text { text: text.into() }, span));
    }
}

/// `inlines` with neighbouring text inlines joined, as the converter leaves them.
fn merged(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if let (Some(last), InlineKind::Text { text }) = (out.last_mut(), &inline.kind)
            && let InlineKind::Text { text: prev } = &mut last.kind
        {
            prev.push_str(text);
            last.span.end = last.span.end.max(inline.span.end);
            continue;
        }
        out.push(inline);
    }
    out
}

/// The attributes `{…}` at the start of `s` and their length in bytes, if `s` starts with
/// a well-formed set.
fn attributes(s: &str) -> Option<(Attr, usize)> {
    let rest = s.strip_prefix('{')?;
    let mut attr = Attr::default();
    let mut chars = rest.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let (at, c) = chars.next()?;
        match c {
            '}' => return Some((attr, 1 + at + 1)),
            '#' | '.' => {
                let word = bare(&mut chars);
                if word.is_empty() {
                    return None;
                }
                if c == '#' {
                    attr.id = word;
                } else {
                    attr.classes.push(word);
                }
            }
            c if c.is_ascii_alphabetic() => {
                let mut key = c.to_string();
                while let Some((_, k)) = chars.next_if(|(_, k)| {
                    k.is_ascii_alphanumeric() || matches!(k, '-' | '_' | ':' | '.')
                }) {
                    key.push(k);
                }
                chars.next_if(|(_, c)| *c == '=')?;
                let value = match chars.peek().map(|(_, c)| *c) {
                    Some(open @ ('"' | '\'' | '\u{201C}' | '\u{2018}')) => {
                        chars.next();
                        let close = match open {
                            '\u{201C}' => '\u{201D}',
                            '\u{2018}' => '\u{2019}',
                            other => other,
                        };
                        let mut value = String::new();
                        loop {
                            let (_, v) = chars.next()?;
                            if v == close {
                                break;
                            }
                            value.push(v);
                        }
                        // A quoted value ends the token.
                        if !chars
                            .peek()
                            .is_some_and(|(_, c)| c.is_whitespace() || *c == '}')
                        {
                            return None;
                        }
                        value
                    }
                    _ => bare(&mut chars),
                };
                attr.pairs.push((key, value));
            }
            _ => return None,
        }
    }
}

/// An unquoted word: up to a space or `}`.
fn bare(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> String {
    let mut word = String::new();
    while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '}' && *c != '{') {
        word.push(c);
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_doc::FileId;

    fn text(s: &str, start: u32) -> Inline {
        Inline::new(
            InlineKind::Text { text: s.into() },
            Span::new(FileId(0), start, start + s.len() as u32),
        )
    }

    #[test]
    fn attributes_read_ids_classes_and_quoted_pairs() {
        let (a, n) = attributes("{#x .index index=“Belt and Road!trade” k=v} rest").unwrap();
        assert_eq!(a.id, "x");
        assert_eq!(a.classes, ["index"]);
        assert_eq!(
            a.pairs,
            [
                ("index".to_string(), "Belt and Road!trade".to_string()),
                ("k".to_string(), "v".to_string())
            ]
        );
        assert_eq!(
            &"{#x .index index=“Belt and Road!trade” k=v} rest"[n..],
            " rest"
        );
        assert!(attributes("{not valid").is_none());
        assert!(attributes("{=x}").is_none());
        assert!(attributes("{a=“x”y}").is_none());
        assert_eq!(attributes("{}").unwrap().1, 2);
    }

    #[test]
    fn a_bracketed_span_becomes_a_span_with_its_source_span() {
        let src = "see [diplomacy]{.index} here";
        let out = bracketed(vec![text(src, 10)], 48, &format!("{}{src}", " ".repeat(10)));
        assert_eq!(out.len(), 3);
        let InlineKind::Span { attr, content } = &out[1].kind else {
            panic!("{out:?}")
        };
        assert!(attr.has_class("index"));
        assert_eq!(quire_doc::inline_text(content), "diplomacy");
        assert_eq!((out[1].span.start, out[1].span.end), (14, 33));
        assert_eq!(quire_doc::inline_text(&out), "see diplomacy here");
    }

    #[test]
    fn spans_point_at_what_was_written_past_smart_punctuation() {
        let written = r#"“A”--b [x]{index="y"} [z]{.index}"#;
        let written = written.replace(['“', '”'], "\"");
        let curled = "“A”–b [x]{index=“y”} [z]{.index}";
        let mut node = text(curled, 0);
        node.span.end = written.len() as u32;
        let out = bracketed(vec![node], 48, &written);
        let spans: Vec<&str> = out
            .iter()
            .filter(|i| matches!(i.kind, InlineKind::Span { .. }))
            .map(|i| &written[i.span.start as usize..i.span.end as usize])
            .collect();
        assert_eq!(spans, [r#"[x]{index="y"}"#, "[z]{.index}"]);
    }

    #[test]
    fn spans_may_hold_other_inlines_and_nest() {
        let emph = Inline::new(
            InlineKind::Emphasis {
                content: vec![text("Homo", 2)],
            },
            Span::new(FileId(0), 1, 7),
        );
        let out = bracketed(
            vec![text("[", 0), emph, text(" [s]{.a}]{index=x} and [a] [b", 7)],
            48,
            "[*Homo* [s]{.a}]{index=x} and [a] [b",
        );
        let InlineKind::Span { attr, content } = &out[0].kind else {
            panic!("{out:?}")
        };
        assert_eq!(attr.get("index"), Some("x"));
        assert!(matches!(content[0].kind, InlineKind::Emphasis { .. }));
        assert!(matches!(&content[2].kind, InlineKind::Span { attr, .. } if attr.has_class("a")));
        // Brackets without attributes, and one never closed, stay text.
        assert_eq!(quire_doc::inline_text(&out), "Homo s and [a] [b");
    }

    #[test]
    fn nesting_stops_at_the_depth_left() {
        let src = format!("{}x{}", "[".repeat(100), "]{.a}".repeat(100));
        let out = bracketed(vec![text(&src, 0)], 3, &src);
        let mut depth = 0;
        let mut level = &out;
        while let Some(Inline {
            kind: InlineKind::Span { content, .. },
            ..
        }) = level
            .iter()
            .find(|i| matches!(i.kind, InlineKind::Span { .. }))
        {
            depth += 1;
            level = content;
        }
        assert_eq!(depth, 3);
    }
}
