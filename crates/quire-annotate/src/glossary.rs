//! Abbreviations: find where the text defines one, mark every later use.
//!
//! A definition is an abbreviation in parentheses right after the words it stands for:
//! "the Global Development Initiative (GDI)". The words are found by reading backwards
//! from the parenthesis and matching the abbreviation's capital letters, last to first,
//! against the initials of the words (parts of hyphenated words count separately, so
//! "China-Africa" gives C and A); small function words (of, the, on …) may be skipped
//! when their initial is not the letter wanted. The first definition of an abbreviation
//! wins. The abbreviation inside the parentheses becomes a `Span` with classes
//! [`ABBR_CLASS`] and [`ABBR_DEFINITION_CLASS`], an id (`abbr-gdi`) and the expansion
//! as its `title`; every later whole-word use becomes an [`ABBR_CLASS`] span with the
//! title. Code, math and raw text are left alone. The text itself does not change, so
//! the plain-text projection (and every annotation anchored to it) is unaffected.

use std::collections::BTreeMap;

use quire_doc::enrich::{ABBR_CLASS, ABBR_DEFINITION_CLASS, ABBR_TITLE_KEY};
use quire_doc::{Attr, Block, BlockKind, Document, Inline, InlineKind};

/// Function words that may sit between the initials of an expansion.
const SKIPPABLE: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "to", "with", "among", "a", "an", "de", "la",
];
/// Shortest and longest abbreviation considered.
const ABBR_LEN: std::ops::RangeInclusive<usize> = 2..=10;

/// Marks abbreviation definitions and later uses in `doc`'s body and footnotes.
pub fn mark_abbreviations(mut doc: Document) -> Document {
    let mut state = State::default();
    blocks(&mut doc.blocks, &mut state);
    for note in &mut doc.notes {
        blocks(&mut note.blocks, &mut state);
    }
    doc
}

#[derive(Default)]
struct State {
    /// Known abbreviations and their expansions.
    known: BTreeMap<String, String>,
    /// The reading text of the current block so far (for finding expansions).
    before: String,
}

fn blocks(list: &mut [Block], st: &mut State) {
    for block in list {
        st.before.clear();
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph { content } => {
                inlines(content, st)
            }
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => {
                inlines(caption, st);
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(&mut cell.content, st);
                }
            }
            BlockKind::CodeBlock { caption, .. } => inlines(caption, st),
            BlockKind::BlockQuote { blocks: b }
            | BlockKind::Div { blocks: b }
            | BlockKind::Alert { blocks: b, .. } => blocks(b, st),
            BlockKind::List { items, .. } => {
                for item in items {
                    blocks(&mut item.blocks, st);
                }
            }
            BlockKind::Figure {
                caption, credit, ..
            } => {
                blocks(caption, st);
                inlines(credit, st);
            }
            BlockKind::DefinitionList { items } => {
                for item in items {
                    inlines(&mut item.term, st);
                    for details in &mut item.details {
                        blocks(details, st);
                    }
                }
            }
            BlockKind::ThematicBreak | BlockKind::Raw { .. } | BlockKind::Index { .. } => {}
        }
    }
}

fn inlines(list: &mut Vec<Inline>, st: &mut State) {
    let mut out = Vec::with_capacity(list.len());
    for mut inline in std::mem::take(list) {
        match &mut inline.kind {
            InlineKind::Text { text } => {
                let text = std::mem::take(text);
                split_text(&text, inline.span, st, &mut out);
                st.before.push_str(&text);
                continue;
            }
            InlineKind::Span { attr, content } if attr.has_class(ABBR_CLASS) => {
                quire_doc::push_inlines(&mut st.before, content);
            }
            InlineKind::Emphasis { content }
            | InlineKind::Strong { content }
            | InlineKind::Strikeout { content }
            | InlineKind::Superscript { content }
            | InlineKind::Subscript { content }
            | InlineKind::Keyboard { content }
            | InlineKind::Link { content, .. }
            | InlineKind::Cite { content, .. }
            | InlineKind::Span { content, .. } => inlines(content, st),
            InlineKind::SoftBreak => st.before.push(' '),
            InlineKind::LineBreak => st.before.push('\n'),
            InlineKind::Code { text, .. } | InlineKind::Raw { text, .. } => {
                st.before.push_str(text)
            }
            InlineKind::Math { source, .. } => st.before.push_str(source),
            InlineKind::Image { .. } | InlineKind::NoteRef { .. } => {}
        }
        out.push(inline);
    }
    *list = out;
}

/// Splits one text node around abbreviations, pushing the pieces to `out`.
fn split_text(text: &str, span: quire_doc::Span, st: &mut State, out: &mut Vec<Inline>) {
    let plain = |s: &str| {
        Inline::new(
            InlineKind::Text {
                text: s.to_string(),
            },
            span,
        )
    };
    let mut last = 0;
    for (start, word) in words(text) {
        let end = start + word.len();
        let defining = text[..start].ends_with('(') && text[end..].starts_with(')');
        let (expansion, definition) = match st.known.get(word) {
            Some(expansion) => (expansion.clone(), false),
            None if defining && looks_like_abbreviation(word) => {
                let mut context = st.before.clone();
                context.push_str(&text[..start - 1]);
                match expansion_of(word, &context) {
                    Some(expansion) => {
                        st.known.insert(word.to_string(), expansion.clone());
                        (expansion, true)
                    }
                    None => continue,
                }
            }
            None => continue,
        };
        if last < start {
            out.push(plain(&text[last..start]));
        }
        let mut attr = Attr {
            classes: vec![ABBR_CLASS.to_string()],
            pairs: vec![(ABBR_TITLE_KEY.to_string(), expansion)],
            ..Attr::default()
        };
        if definition {
            attr.id = format!("abbr-{}", word.to_lowercase());
            attr.classes.push(ABBR_DEFINITION_CLASS.to_string());
        }
        out.push(Inline::new(
            InlineKind::Span {
                attr,
                content: vec![plain(word)],
            },
            span,
        ));
        last = end;
    }
    if last < text.len() || last == 0 {
        out.push(plain(&text[last..]));
    }
}

/// Maximal runs of letters and digits, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter()
}

fn looks_like_abbreviation(word: &str) -> bool {
    let caps = word.chars().filter(char::is_ascii_uppercase).count();
    ABBR_LEN.contains(&word.chars().count())
        && caps >= 2
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// The words before the parenthesis that `abbr`'s capitals are the initials of.
fn expansion_of(abbr: &str, before: &str) -> Option<String> {
    let letters: Vec<char> = abbr.chars().filter(char::is_ascii_uppercase).collect();
    let mut want = letters.len();
    let trimmed = before.trim_end();
    // (byte offset where the word part starts, the part)
    let mut parts: Vec<(usize, &str)> = Vec::new();
    for (start, word) in words(trimmed) {
        parts.push((start, word));
    }
    let mut begin = None;
    for &(start, part) in parts.iter().rev() {
        if want == 0 {
            break;
        }
        let initial = part.chars().next()?.to_ascii_uppercase();
        if initial == letters[want - 1] {
            want -= 1;
            begin = Some(start);
        } else if SKIPPABLE.contains(&part.to_lowercase().as_str()) && begin.is_some() {
            continue;
        } else {
            return None;
        }
    }
    let begin = begin.filter(|_| want == 0)?;
    let expansion = trimmed[begin..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let first_capital = expansion.chars().next().is_some_and(char::is_uppercase);
    first_capital.then_some(expansion)
}

#[cfg(test)]
mod tests {
    use super::expansion_of;

    #[test]
    fn finds_expansions_by_initials() {
        let cases = [
            (
                "FOCAC",
                "the Forum on China-Africa Cooperation",
                Some("Forum on China-Africa Cooperation"),
            ),
            (
                "CPC",
                "the Central Committee of the Communist Party of China",
                Some("Communist Party of China"),
            ),
            (
                "FTAAP",
                "a Free Trade Area of the Asia-Pacific",
                Some("Free Trade Area of the Asia-Pacific"),
            ),
            (
                "GDI",
                "the Global Development Initiative",
                Some("Global Development Initiative"),
            ),
            (
                "RCEP",
                "the Regional Comprehensive Economic Partnership",
                Some("Regional Comprehensive Economic Partnership"),
            ),
            ("GDI", "something else entirely", None),
        ];
        for (abbr, before, want) in cases {
            assert_eq!(expansion_of(abbr, before).as_deref(), want, "{abbr}");
        }
    }
}
