//! `quire.toml`, the manifest of a Quire book: the metadata keys at the top level (the
//! same keys, checks and messages as a source's front matter), then tables for the
//! structure and the editions:
//!
//! ```toml
//! title = "A Book"
//! authors = ["A. Author"]
//! isbn = "978-0-00-000000-0"
//! cover = "images/cover.png"
//!
//! [contents]
//! front = ["preface.md"]           # unnumbered, before the chapters
//! chapters = ["intro.md"]          # numbered chapters before any part
//! appendices = ["data.md"]         # lettered A, B …, after the parts
//! back = ["glossary.md"]           # unnumbered, at the end
//!
//! [[contents.parts]]               # numbered chapters under a part title
//! title = "Beginnings"
//! file = "part-1.md"               # optional: text on the part's title page
//! chapters = ["one.md", "two.md"]
//!
//! [output]
//! name = "a-book"                  # default: the folder's name
//! formats = ["pdf", "epub", "html"]
//!
//! [pdf]
//! page-size = "6x9"                # default a4
//! print = "kdp"                    # a print preset: kdp, lulu, ingram, offset (true); default none
//! ```
//!
//! Unknown keys inside these tables are errors at their place, so a typo cannot
//! silently drop a chapter; unknown top-level keys are metadata, as in front matter.

use std::path::Path;

use quire_doc::{Diagnostic, DivisionKind, FileId, Span};
use toml::Spanned;

use crate::project::{BookSettings, Entry, Plan, folder_of, toml_error};

/// The tables of the manifest that are not metadata.
const TABLES: [&str; 3] = ["contents", "output", "pdf"];

#[derive(Debug, Default, serde::Deserialize)]
struct Tables {
    #[serde(default)]
    contents: Option<Spanned<Contents>>,
    #[serde(default)]
    output: Output,
    #[serde(default)]
    pdf: Pdf,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Contents {
    #[serde(default)]
    front: Vec<Spanned<String>>,
    #[serde(default)]
    chapters: Vec<Spanned<String>>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    appendices: Vec<Spanned<String>>,
    #[serde(default)]
    back: Vec<Spanned<String>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    title: Spanned<String>,
    #[serde(default)]
    file: Option<Spanned<String>>,
    #[serde(default)]
    chapters: Vec<Spanned<String>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    name: Option<Spanned<String>>,
    #[serde(default)]
    formats: Vec<Spanned<String>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Pdf {
    page_size: Option<Spanned<String>>,
    print: Option<Spanned<PrintSetting>>,
}

/// `print =` in `[pdf]`: a preset's name, or `true` (offset) / `false` (none).
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum PrintSetting {
    Flag(bool),
    Preset(String),
}

/// Reads `quire.toml` (path `manifest`, file `file`, contents `text`) into a plan.
pub fn read(manifest: &Path, file: FileId, text: &str) -> Result<Plan, Vec<Diagnostic>> {
    let tables: Tables =
        toml::from_str(text).map_err(|e| vec![toml_error(file, "quire.toml", &e)])?;
    let mut meta = quire_markdown::read_toml_metadata(file, text)?;
    for table in TABLES {
        meta.extra.remove(table);
    }
    if meta.title.is_empty() {
        return Err(vec![
            Diagnostic::error(Span::point(file, 0), "quire.toml gives no `title`")
                .with_hint("add `title = \"…\"` at the top of quire.toml"),
        ]);
    }
    if meta.identifier.is_none()
        && let Some(serde_json::Value::String(isbn)) = meta.extra.get("isbn")
    {
        meta.identifier = Some(format!("urn:isbn:{}", isbn.replace(['-', ' '], "")));
    }
    let at = |s: std::ops::Range<usize>| Span::new(file, s.start as u32, s.end as u32);
    let Some(contents) = tables.contents else {
        return Err(vec![
            Diagnostic::error(
                Span::point(file, 0),
                "quire.toml has no [contents] table, so the book has no chapters",
            )
            .with_hint("add [contents] with `chapters = [\"one.md\", …]`"),
        ]);
    };
    let contents_span = at(contents.span());
    let contents = contents.into_inner();
    let mut entries = Vec::new();
    let entry = |kind, number: Vec<u32>, path: &Spanned<String>| Entry {
        kind,
        title: String::new(),
        number,
        depth: 0,
        file: Some(path.get_ref().clone()),
        span: at(path.span()),
    };
    for path in &contents.front {
        entries.push(entry(DivisionKind::FrontMatter, Vec::new(), path));
    }
    let mut chapter = 0u32;
    for path in &contents.chapters {
        chapter += 1;
        entries.push(entry(DivisionKind::Chapter, vec![chapter], path));
    }
    for part in &contents.parts {
        entries.push(Entry {
            kind: DivisionKind::Part,
            title: part.title.get_ref().clone(),
            number: Vec::new(),
            depth: 0,
            file: part.file.as_ref().map(|f| f.get_ref().clone()),
            span: at(part.title.span()),
        });
        for path in &part.chapters {
            chapter += 1;
            entries.push(entry(DivisionKind::Chapter, vec![chapter], path));
        }
    }
    for (i, path) in contents.appendices.iter().enumerate() {
        entries.push(entry(DivisionKind::Appendix, vec![i as u32 + 1], path));
    }
    for path in &contents.back {
        entries.push(entry(DivisionKind::BackMatter, Vec::new(), path));
    }
    if !entries.iter().any(|e| e.file.is_some()) {
        return Err(vec![Diagnostic::error(
            contents_span,
            "[contents] names no chapter file",
        )]);
    }
    let mut settings = BookSettings::default();
    if let Some(name) = &tables.output.name {
        let n = name.get_ref();
        if n.is_empty() || n.contains(['/', '\\']) || n.starts_with('.') {
            return Err(vec![Diagnostic::error(
                at(name.span()),
                format!("`name` must be a file name without a folder or extension, not `{n}`"),
            )]);
        }
        settings.name = Some(n.clone());
    }
    for format in &tables.output.formats {
        let f = match format.get_ref().as_str() {
            "pdf" => crate::Format::Pdf,
            "epub" => crate::Format::Epub,
            "html" => crate::Format::Html,
            other => {
                return Err(vec![Diagnostic::error(
                    at(format.span()),
                    format!("`{other}` is not an edition: use pdf, epub or html"),
                )]);
            }
        };
        settings.formats.push(f);
    }
    if let Some(size) = &tables.pdf.page_size {
        settings.page_size = Some(
            crate::page_size::parse(size.get_ref())
                .map_err(|why| vec![Diagnostic::error(at(size.span()), why)])?,
        );
    }
    if let Some(print) = &tables.pdf.print {
        settings.print = match print.get_ref() {
            PrintSetting::Flag(false) => None,
            PrintSetting::Flag(true) => Some(crate::print_preset::PrintPreset::Offset),
            PrintSetting::Preset(name) => Some(
                crate::print_preset::parse(name)
                    .map_err(|why| vec![Diagnostic::error(at(print.span()), why)])?,
            ),
        };
    }
    let dir = folder_of(manifest);
    Ok(Plan {
        root: dir.clone(),
        dir,
        meta,
        entries,
        settings,
        mdbook: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print_preset::PrintPreset;

    fn print_of(setting: &str) -> Result<Option<PrintPreset>, Vec<Diagnostic>> {
        let text = format!(
            "title = \"A Book\"\n[contents]\nchapters = [\"one.md\"]\n[pdf]\nprint = {setting}\n"
        );
        read(Path::new("book/quire.toml"), FileId(0), &text).map(|p| p.settings.print)
    }

    #[test]
    fn print_takes_a_preset_or_a_flag() {
        assert_eq!(print_of("\"kdp\"").unwrap(), Some(PrintPreset::Kdp));
        assert_eq!(print_of("\"ingram\"").unwrap(), Some(PrintPreset::Ingram));
        assert_eq!(print_of("true").unwrap(), Some(PrintPreset::Offset));
        assert_eq!(print_of("false").unwrap(), None);
        let errors = print_of("\"press\"").unwrap_err();
        assert!(errors[0].message.contains("kdp, lulu, ingram or offset"));
        assert!(errors[0].span.start > 0, "at the value");
    }
}
