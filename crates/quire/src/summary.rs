//! mdBook's `SUMMARY.md`: the book's structure, read from the document model of the file.
//!
//! As in mdBook: an optional first `# Title`; prefix chapters (links before the first
//! list), unnumbered; numbered chapters as list items, nested by the lists, numbered on
//! through the whole book; `# Part` titles between lists; `---` separators; suffix
//! chapters (links after the last list). A link with no target (`[Draft]()`) is a draft
//! chapter: listed, but it has no file. Anything else is reported, with its place.

use quire_doc::{BlockKind, Diagnostic, Document, Inline, InlineKind, Span};

/// The structure `SUMMARY.md` gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// The `# Title` it starts with, if any.
    pub title: Option<String>,
    /// Chapters, parts and separators, in reading order.
    pub items: Vec<Item>,
}

/// One entry of the summary.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A chapter and the chapters nested in it.
    Chapter(Chapter),
    /// A part title (`# Part I`) that heads the numbered chapters after it.
    Part {
        /// The title.
        title: String,
        /// Where it is written.
        span: Span,
    },
    /// A `---` between chapters.
    Separator,
}

/// A chapter of the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// The title shown in the contents.
    pub title: String,
    /// Its Markdown file, relative to the summary; `None` for a draft.
    pub path: Option<String>,
    /// Its number (`[2, 1]` is 2.1); empty for prefix and suffix chapters.
    pub number: Vec<u32>,
    /// The chapters nested in it.
    pub children: Vec<Chapter>,
    /// Where it is written.
    pub span: Span,
}

/// Parses `text`, the contents of `SUMMARY.md` (file `file`), into its summary and the
/// warnings about what it left out; errors if the Markdown itself cannot be read.
pub fn parse(
    file: quire_doc::FileId,
    text: &str,
) -> Result<(Summary, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = quire_markdown::parse(file, "SUMMARY.md", text)?;
    let mut diagnostics = Vec::new();
    let summary = read(&parsed.document, &mut diagnostics);
    Ok((summary, diagnostics))
}

/// Reads the summary from `doc`, the parsed `SUMMARY.md`.
pub fn read(doc: &Document, diagnostics: &mut Vec<Diagnostic>) -> Summary {
    let mut summary = Summary::default();
    let mut numbered = 0u32;
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Heading { level: 1, content }
                if summary.title.is_none() && summary.items.is_empty() =>
            {
                summary.title = Some(quire_doc::inline_text(content));
            }
            BlockKind::Heading { content, .. } => summary.items.push(Item::Part {
                title: quire_doc::inline_text(content),
                span: block.span,
            }),
            BlockKind::Paragraph { content } => {
                // Prefix (before any list) or suffix chapters: unnumbered.
                for chapter in links(content, block.span, diagnostics) {
                    summary.items.push(Item::Chapter(chapter));
                }
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    numbered += 1;
                    if let Some(chapter) = numbered_chapter(item, vec![numbered], diagnostics) {
                        summary.items.push(Item::Chapter(chapter));
                    } else {
                        numbered -= 1;
                    }
                }
            }
            BlockKind::ThematicBreak => summary.items.push(Item::Separator),
            _ => diagnostics.push(Diagnostic::warning(
                block.span,
                "SUMMARY.md holds chapter links, part titles and `---` only; this is left out",
            )),
        }
    }
    summary
}

/// A numbered chapter from a list item: its first paragraph's link, then nested lists.
fn numbered_chapter(
    item: &quire_doc::ListItem,
    number: Vec<u32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Chapter> {
    let mut chapter: Option<Chapter> = None;
    for block in &item.blocks {
        match &block.kind {
            BlockKind::Paragraph { content } if chapter.is_none() => {
                // Without any link the item's own warning says it all.
                let mut local = Vec::new();
                let mut found = links(content, block.span, &mut local);
                if !found.is_empty() {
                    diagnostics.extend(local);
                }
                if found.len() > 1 {
                    diagnostics.push(Diagnostic::warning(
                        block.span,
                        "a list item of SUMMARY.md names one chapter; the other links are left out",
                    ));
                }
                chapter = found.drain(..).next().map(|mut c| {
                    c.number = number.clone();
                    c
                });
            }
            BlockKind::List { items, .. } => {
                let Some(parent) = chapter.as_mut() else {
                    break;
                };
                for sub in items {
                    let mut n = number.clone();
                    n.push(parent.children.len() as u32 + 1);
                    if let Some(child) = numbered_chapter(sub, n, diagnostics) {
                        parent.children.push(child);
                    }
                }
            }
            _ => diagnostics.push(Diagnostic::warning(
                block.span,
                "a list item of SUMMARY.md holds a chapter link and nested chapters only",
            )),
        }
    }
    if chapter.is_none() {
        diagnostics.push(Diagnostic::warning(
            item.span,
            "this list item of SUMMARY.md has no chapter link; it is left out",
        ));
    }
    chapter
}

/// The chapter links of a paragraph; text that is not a link is reported.
fn links(content: &[Inline], span: Span, diagnostics: &mut Vec<Diagnostic>) -> Vec<Chapter> {
    let mut out = Vec::new();
    for inline in content {
        match &inline.kind {
            InlineKind::Link { url, content, .. } => out.push(Chapter {
                title: quire_doc::inline_text(content),
                path: Some(url.trim().to_string()).filter(|u| !u.is_empty()),
                number: Vec::new(),
                children: Vec::new(),
                span: inline.span,
            }),
            InlineKind::SoftBreak | InlineKind::LineBreak => {}
            InlineKind::Text { text } if text.trim().is_empty() => {}
            _ => diagnostics.push(Diagnostic::warning(
                if inline.span.is_known() {
                    inline.span
                } else {
                    span
                },
                "SUMMARY.md lists chapters as links `[Title](file.md)`; this text is left out",
            )),
        }
    }
    out
}

/// Every chapter of `summary` that has a file, in reading order.
pub fn files(summary: &Summary) -> Vec<&Chapter> {
    let mut out = Vec::new();
    let mut stack: Vec<&Chapter> = summary
        .items
        .iter()
        .rev()
        .filter_map(|i| match i {
            Item::Chapter(c) => Some(c),
            _ => None,
        })
        .collect();
    while let Some(c) = stack.pop() {
        if c.path.is_some() {
            out.push(c);
        }
        stack.extend(c.children.iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_doc::FileId;

    fn summary(md: &str) -> (Summary, Vec<Diagnostic>) {
        parse(FileId(0), md).expect("parses")
    }

    #[test]
    fn the_rust_books_summary() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/rust-book-ch1-6/src/SUMMARY.md"
        ))
        .unwrap();
        let (s, diags) = summary(&text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s.title.as_deref(), Some("The Rust Programming Language"));
        let chapters: Vec<&Chapter> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Chapter(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(
            chapters.len(),
            3 + 6,
            "three prefix chapters and six numbered ones"
        );
        assert!(chapters[..3].iter().all(|c| c.number.is_empty()));
        assert_eq!(chapters[3].title, "Getting Started");
        assert_eq!(chapters[3].number, [1]);
        assert_eq!(chapters[3].children[1].title, "Hello, World!");
        assert_eq!(chapters[3].children[1].number, [1, 2]);
        assert_eq!(chapters[8].number, [6]);
        let files: Vec<&str> = files(&s).iter().filter_map(|c| c.path.as_deref()).collect();
        assert_eq!(files.len(), 26, "every chapter file of src/ but SUMMARY.md");
        assert_eq!(files[0], "title-page.md");
        assert_eq!(files[4], "ch01-01-installation.md");
        assert_eq!(files.last().copied(), Some("ch06-03-if-let.md"));
    }

    #[test]
    fn parts_drafts_separators_and_suffixes() {
        let (s, diags) = summary(
            "# Book\n\n[Preface](preface.md)\n\n# Part one\n\n- [A](a.md)\n  - [A.1]()\n- [B](b.md)\n\n---\n\n# Part two\n\n- [C](c.md)\n\n[Appendix](app.md)\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let kinds: Vec<String> = s
            .items
            .iter()
            .map(|i| match i {
                Item::Chapter(c) => format!("{}{:?}", c.title, c.number),
                Item::Part { title, .. } => format!("part {title}"),
                Item::Separator => "---".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "Preface[]",
                "part Part one",
                "A[1]",
                "B[2]",
                "---",
                "part Part two",
                "C[3]",
                "Appendix[]"
            ]
        );
        let Item::Chapter(a) = &s.items[2] else {
            panic!()
        };
        assert_eq!(a.children[0].path, None, "a draft has no file");
        assert_eq!(a.children[0].number, [1, 1]);
    }

    #[test]
    fn stray_text_is_reported_with_its_place() {
        let (_, diags) = summary("# Book\n\n- just text\n\n> a quote\n");
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags.iter().all(|d| d.span.is_known()));
    }
}
