//! What a source path names — one Markdown file, a Quire book (`quire.toml`) or an
//! mdBook project (`book.toml` + `SUMMARY.md`) — and, for a book, its plan: metadata,
//! the ordered list of divisions with their files, and the edition settings. Reading
//! the chapters themselves is `book`'s job.

use std::path::{Path, PathBuf};

use quire_doc::{Diagnostic, DivisionKind, FileId, Meta, SourceMap, Span};

use crate::files::SourceProblem;
use crate::load::display_name;

/// The largest manifest or `SUMMARY.md`, in bytes.
const MAX_MANIFEST_BYTES: u64 = 4 << 20;

/// What a source path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A single Markdown file.
    File(PathBuf),
    /// A Quire book: its `quire.toml`.
    Quire(PathBuf),
    /// An mdBook project: its `book.toml`.
    MdBook(PathBuf),
}

/// What `path` names: a folder with `quire.toml` (first) or `book.toml`, one of those
/// files, or a Markdown file. A folder with neither is an error.
pub fn classify(path: &Path) -> Result<SourceKind, Diagnostic> {
    if path.is_dir() {
        let quire = path.join("quire.toml");
        if quire.is_file() {
            return Ok(SourceKind::Quire(quire));
        }
        let mdbook = path.join("book.toml");
        if mdbook.is_file() {
            return Ok(SourceKind::MdBook(mdbook));
        }
        return Err(Diagnostic::error(
            Span::detached(),
            format!(
                "{} is a folder without quire.toml or book.toml, so it is not a book",
                display_name(path)
            ),
        )
        .with_hint("name a Markdown file, or add a quire.toml that lists the chapters"));
    }
    Ok(match path.file_name().and_then(|n| n.to_str()) {
        Some("quire.toml") => SourceKind::Quire(path.to_path_buf()),
        Some("book.toml") => SourceKind::MdBook(path.to_path_buf()),
        _ => SourceKind::File(path.to_path_buf()),
    })
}

/// A book, as its manifest describes it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The folder of the manifest: the project, which every file must stay inside.
    pub dir: PathBuf,
    /// The folder chapter paths are relative to (`src/` for mdBook).
    pub root: PathBuf,
    /// The book's metadata.
    pub meta: Meta,
    /// Its divisions in reading order.
    pub entries: Vec<Entry>,
    /// Settings of its editions.
    pub settings: BookSettings,
    /// Whether the chapters are mdBook's (includes expanded, hidden Rust lines hidden).
    pub mdbook: bool,
}

/// One division the manifest names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it is.
    pub kind: DivisionKind,
    /// The title the manifest gives; empty to take the chapter's first heading.
    pub title: String,
    /// Its number; empty when unnumbered.
    pub number: Vec<u32>,
    /// Nesting depth (mdBook's nested chapters).
    pub depth: u8,
    /// Its file, relative to [`Plan::root`]; `None` for a part without text.
    pub file: Option<String>,
    /// Where the manifest names it.
    pub span: Span,
}

/// The edition settings a book's manifest may give; the command line overrides each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookSettings {
    /// The name of the output files (`NAME.pdf` …). Default: the project folder's name.
    pub name: Option<String>,
    /// Which editions `build` makes when `--to` is not given. Default: all.
    pub formats: Vec<crate::Format>,
    /// The PDF's trim size. Default A4.
    pub page_size: Option<crate::PageSize>,
    /// The print edition of the PDF for a printer (`print = "kdp"`; `true` is
    /// `"offset"`). Default: none.
    pub print: Option<crate::print_preset::PrintPreset>,
}

/// Reads the manifest `kind` names (and `SUMMARY.md` for mdBook) into a plan, every file
/// registered in `sources`.
pub fn plan(
    kind: &SourceKind,
    sources: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Plan>, Vec<Diagnostic>> {
    match kind {
        SourceKind::File(_) => Ok(None),
        SourceKind::Quire(manifest) => {
            let (file, text) = read_text(manifest, sources)?;
            crate::manifest::read(manifest, file, &text).map(Some)
        }
        SourceKind::MdBook(manifest) => mdbook(manifest, sources, warnings).map(Some),
    }
}

/// Reads the manifest or summary `path` as text into `sources`.
pub fn read_text(
    path: &Path,
    sources: &mut SourceMap,
) -> Result<(FileId, String), Vec<Diagnostic>> {
    crate::files::read_source(path, MAX_MANIFEST_BYTES, None, sources).map_err(|p| match p {
        SourceProblem::File(why) => vec![Diagnostic::error(
            Span::detached(),
            format!("cannot read {}: {why}", display_name(path)),
        )],
        SourceProblem::Text(d) => vec![d],
    })
}

/// The folder a manifest stands in.
pub fn folder_of(manifest: &Path) -> PathBuf {
    match manifest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The `[book]` table of mdBook's `book.toml`: the keys Quire uses. mdBook's other
/// tables (`[output.html]`, `[preprocessor.*]` …) configure mdBook's own renderers.
#[derive(Debug, Default, serde::Deserialize)]
struct BookToml {
    #[serde(default)]
    book: BookTable,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
struct BookTable {
    title: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    description: Option<String>,
    language: Option<toml::Spanned<String>>,
    src: Option<String>,
}

/// An mdBook project: `book.toml`'s `[book]` table and `src/SUMMARY.md`.
fn mdbook(
    manifest: &Path,
    sources: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Plan, Vec<Diagnostic>> {
    let (file, text) = read_text(manifest, sources)?;
    let toml: BookToml =
        toml::from_str(&text).map_err(|e| vec![toml_error(file, "book.toml", &e)])?;
    let dir = folder_of(manifest);
    let book = toml.book;
    let mut meta = Meta {
        language: quire_markdown::DEFAULT_LANGUAGE.into(),
        authors: book.authors,
        description: book.description.filter(|d| !d.trim().is_empty()),
        ..Meta::default()
    };
    if let Some(lang) = book.language {
        if quire_doc::is_language_tag(lang.get_ref()) {
            meta.language = lang.get_ref().clone();
        } else {
            let span = lang.span();
            return Err(vec![Diagnostic::error(
                Span::new(file, span.start as u32, span.end as u32),
                format!(
                    "`language` must be a BCP 47 language tag such as `en` or `fr-CA`, not `{}`",
                    lang.get_ref()
                ),
            )]);
        }
    }
    let root = dir.join(book.src.as_deref().unwrap_or("src"));
    let summary_path = root.join("SUMMARY.md");
    let (summary_file, summary_text) = read_text(&summary_path, sources)?;
    let (summary, problems) = crate::summary::parse(summary_file, &summary_text)?;
    warnings.extend(problems);
    meta.title = match (book.title.filter(|t| !t.trim().is_empty()), &summary.title) {
        (Some(title), _) => title,
        (None, Some(title)) => title.clone(),
        (None, None) => {
            let name = folder_name(&dir);
            warnings.push(
                Diagnostic::warning(
                    Span::point(file, 0),
                    format!(
                        "book.toml gives no `title`: the book is called “{name}”, after its folder"
                    ),
                )
                .with_hint("add `title = \"…\"` to the [book] table"),
            );
            name
        }
    };
    let entries = mdbook_entries(&summary, warnings);
    Ok(Plan {
        dir,
        root,
        meta,
        entries,
        settings: BookSettings::default(),
        mdbook: true,
    })
}

/// The divisions of a summary: prefix chapters are front matter, suffix chapters back
/// matter, drafts (no file) are left out with a warning.
fn mdbook_entries(summary: &crate::summary::Summary, warnings: &mut Vec<Diagnostic>) -> Vec<Entry> {
    use crate::summary::{Chapter, Item};
    fn push(
        c: &Chapter,
        kind: DivisionKind,
        depth: u8,
        out: &mut Vec<Entry>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        match &c.path {
            Some(path) => out.push(Entry {
                kind,
                title: c.title.clone(),
                number: c.number.clone(),
                depth,
                file: Some(path.clone()),
                span: c.span,
            }),
            None => warnings.push(
                Diagnostic::warning(
                    c.span,
                    format!(
                        "“{}” is a draft chapter (it has no file), so it is left out",
                        c.title
                    ),
                )
                .with_hint("give it a file in SUMMARY.md to include it"),
            ),
        }
        for child in &c.children {
            push(child, kind, depth.saturating_add(1), out, warnings);
        }
    }
    let mut out = Vec::new();
    let mut seen_numbered = false;
    for item in &summary.items {
        match item {
            Item::Chapter(c) => {
                let kind = if !c.number.is_empty() {
                    seen_numbered = true;
                    DivisionKind::Chapter
                } else if seen_numbered {
                    DivisionKind::BackMatter
                } else {
                    DivisionKind::FrontMatter
                };
                push(c, kind, 0, &mut out, warnings);
            }
            Item::Part { title, span } => out.push(Entry {
                kind: DivisionKind::Part,
                title: title.clone(),
                number: Vec::new(),
                depth: 0,
                file: None,
                span: *span,
            }),
            Item::Separator => {}
        }
    }
    out
}

/// The name of folder `dir` (`.` resolved).
pub fn folder_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "book".into())
}

/// A TOML error of file `file` (`what` names it) as a diagnostic at its place.
pub fn toml_error(file: FileId, what: &str, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().map_or(Span::point(file, 0), |s| {
        Span::new(file, s.start as u32, s.end as u32)
    });
    let message = e.message().trim_end_matches('\n').replace('\n', "; ");
    Diagnostic::error(span, format!("{what} is not a valid manifest: {message}"))
}
