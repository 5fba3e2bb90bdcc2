//! A book's chapters → one document with divisions. Each chapter file is read (confined
//! to the project folder), its mdBook includes expanded, parsed with spans into its own
//! file, and then joined:
//!
//! - **Ids** are made unique across the book: the first chapter to use an id keeps it;
//!   a later one gets `-1`, `-2` … (deterministic, in reading order), and its own links
//!   and note references follow the rename.
//! - **Links between chapters** (`ch03-02-data-types.md#x`, `….html#x`, `./ch03.md`,
//!   relative to the chapter's folder) become links to the place in the joined book
//!   (`#x` as renamed, or the chapter's first block); a link to a `.md` or `.html` file
//!   that is not a chapter of the book is a warning and plain text.
//! - **Images** are rebased onto the book's root folder, since each chapter's paths
//!   are relative to its own folder.
//! - **Footnotes** keep their per-chapter numbers; heading levels are mended once over
//!   the whole book.
//! - **mdBook's hidden lines** (`# ` lines of Rust code blocks, which mdBook's readers
//!   never see) are left out.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use quire_doc::url::{Target, classify};
use quire_doc::{
    BlockKind, Diagnostic, Division, Document, FileId, IdSpace, InlineKind, SourceMap, Span,
    for_each_id_mut, for_each_inline_mut, for_each_span_mut,
};

use crate::files::{SourceProblem, read_source};
use crate::load::{LoadOptions, display_name};
use crate::project::{Entry, Plan};

/// One chapter, read and parsed, before the join.
struct Chapter {
    entry: usize,
    doc: Document,
    /// Its path relative to the book's root, `/`-separated, as the manifest names it.
    path: String,
    /// Ids renamed to keep them unique in the book.
    renamed: BTreeMap<String, String>,
}

/// Reads every chapter of `plan` and joins them into one document.
pub fn load(
    plan: &Plan,
    opts: &LoadOptions,
    sources: &mut SourceMap,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut chapters = Vec::new();
    for (i, entry) in plan.entries.iter().enumerate() {
        let Some(file) = &entry.file else { continue };
        if let Some(doc) = read_chapter(plan, entry, file, opts, sources, &mut diagnostics) {
            chapters.push(Chapter {
                entry: i,
                doc,
                path: lexical(Path::new(file)),
                renamed: BTreeMap::new(),
            });
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let mut space = IdSpace::new();
    for chapter in &mut chapters {
        rename_ids(chapter, &mut space);
    }
    let targets = link_targets(&chapters);
    // What a link into each chapter needs: its renames and its first block's id.
    let places: Vec<Place> = chapters
        .iter()
        .map(|c| Place {
            folder: Path::new(&c.path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            renamed: c.renamed.clone(),
            first: c
                .doc
                .blocks
                .first()
                .map_or_else(String::new, |b| b.attr.id.clone()),
        })
        .collect();
    for (i, chapter) in chapters.iter_mut().enumerate() {
        resolve_links(&mut chapter.doc, i, &places, &targets, &mut diagnostics);
    }
    let mut document = Document {
        meta: plan.meta.clone(),
        ..Document::default()
    };
    let mut names = std::collections::BTreeSet::new();
    let mut chapters = chapters.into_iter().peekable();
    for (i, entry) in plan.entries.iter().enumerate() {
        let chapter = chapters.next_if(|c| c.entry == i);
        if entry.file.is_some() && chapter.is_none() {
            continue; // could not be read; reported
        }
        let base = match &entry.file {
            Some(file) => Path::new(file)
                .file_stem()
                .map_or_else(|| "chapter".into(), |s| s.to_string_lossy().into_owned()),
            None => format!("part-{}", quire_markdown::slug(&entry.title)),
        };
        let title = if entry.title.is_empty() {
            chapter
                .as_ref()
                .and_then(|c| first_heading(&c.doc))
                .unwrap_or_else(|| base.clone())
        } else {
            entry.title.clone()
        };
        document.divisions.push(Division {
            kind: entry.kind,
            name: division_name(&base, &mut names),
            title,
            number: entry.number.clone(),
            depth: entry.depth,
            start: document.blocks.len(),
            span: entry.span,
        });
        if let Some(chapter) = chapter {
            document.blocks.extend(chapter.doc.blocks);
            document.notes.extend(chapter.doc.notes);
        }
    }
    diagnostics.extend(quire_markdown::close_heading_gaps(&mut document.blocks));
    Ok((document, diagnostics))
}

/// A division's name from `base` (a file stem or a part's slug): letters, digits, `-`
/// and `_` kept, anything else `-` (so every edition can use it as a file name, URL and
/// XML id as it is), `chapter` if nothing is left; `-1`, `-2` … when another division
/// has it already, ignoring case (file systems that ignore case would merge them).
fn division_name(base: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let mut safe: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if safe.trim_matches('-').is_empty() {
        safe = "chapter".into();
    }
    let mut name = safe.clone();
    let mut n = 0;
    while !taken.insert(name.to_ascii_lowercase()) {
        n += 1;
        name = format!("{safe}-{n}");
    }
    name
}

/// Reads, expands and parses one chapter; `None` (with the reason in `diagnostics`) if
/// it cannot be read.
fn read_chapter(
    plan: &Plan,
    entry: &Entry,
    file: &str,
    opts: &LoadOptions,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let path = plan.root.join(file);
    let name = display_name(&path);
    let limit = opts.limits.max_source_bytes;
    let (id, text) = match read_source(&path, limit, Some(&plan.dir), sources) {
        Ok(read) => read,
        Err(SourceProblem::File(why)) => {
            diagnostics.push(Diagnostic::error(
                entry.span,
                format!("cannot read the chapter {file}: {why}"),
            ));
            return None;
        }
        Err(SourceProblem::Text(d)) => {
            diagnostics.push(d);
            return None;
        }
    };
    let dir = path
        .parent()
        .map_or_else(|| plan.root.clone(), Path::to_path_buf);
    let expanded = if plan.mdbook {
        let mut read = |target: &Path, at: Span| include_file(target, at, plan, opts, sources);
        crate::include::expand(id, &text, &dir, &mut read, diagnostics)
    } else {
        crate::include::Expanded::verbatim(id, &text)
    };
    let parse = quire_markdown::ParseOptions {
        raw_html: opts.raw_html,
        chapter: true,
    };
    let parsed = quire_markdown::parse_with(id, &name, &expanded.text, &parse);
    let mut parsed = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => {
            diagnostics.extend(errors.into_iter().map(|mut d| {
                d.span = expanded.map(d.span);
                d
            }));
            return None;
        }
    };
    for d in &mut parsed.warnings {
        d.span = expanded.map(d.span);
    }
    diagnostics.append(&mut parsed.warnings);
    let mut doc = parsed.document;
    for_each_span_mut(&mut doc, &mut |span| *span = expanded.map(*span));
    if has_metadata(&doc) {
        diagnostics.push(
            Diagnostic::warning(
                Span::point(id, 0),
                "a chapter's front matter is not used: the book's metadata comes from its manifest",
            )
            .with_hint("move the keys to quire.toml (or book.toml)"),
        );
    }
    if plan.mdbook {
        hide_rust_lines(&mut doc);
    }
    let folder = lexical(Path::new(file).parent().unwrap_or(Path::new("")));
    if !folder.is_empty() {
        rebase_images(&mut doc, &folder);
    }
    Some(doc)
}

/// Reads a file an include names, confined to the project folder.
fn include_file(
    target: &Path,
    at: Span,
    plan: &Plan,
    opts: &LoadOptions,
    sources: &mut SourceMap,
) -> Result<(FileId, String), Diagnostic> {
    let limit = opts.limits.max_source_bytes;
    let (id, text) = read_source(target, limit, Some(&plan.dir), sources).map_err(|p| match p {
        SourceProblem::File(why) => Diagnostic::error(
            at,
            format!("cannot include {}: {why}", display_name(target)),
        ),
        SourceProblem::Text(d) => d,
    })?;
    Ok((id, text))
}

/// Whether the chapter's front matter said anything.
fn has_metadata(doc: &Document) -> bool {
    let m = &doc.meta;
    !m.title.is_empty()
        || m.subtitle.is_some()
        || !m.authors.is_empty()
        || m.language != quire_markdown::DEFAULT_LANGUAGE
        || m.identifier.is_some()
        || m.date.is_some()
        || m.rights.is_some()
        || !m.extra.is_empty()
}

/// The text of the chapter's first heading.
fn first_heading(doc: &Document) -> Option<String> {
    doc.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading { content, .. } => Some(quire_doc::inline_text(content)),
        _ => None,
    })
}

/// Gives the chapter's ids that another chapter already uses a fresh suffix, and makes
/// its own references follow.
fn rename_ids(chapter: &mut Chapter, space: &mut IdSpace) {
    let mut own: Vec<String> = Vec::new();
    for_each_id_mut(&mut chapter.doc, &mut |id| own.push(id.clone()));
    let mut seen = std::collections::BTreeSet::new();
    for id in own {
        if id.is_empty() || !seen.insert(id.clone()) {
            continue;
        }
        if !space.reserve(&id) {
            let fresh = space.unique(&id);
            chapter.renamed.insert(id, fresh);
        }
    }
    if chapter.renamed.is_empty() {
        return;
    }
    let renamed = &chapter.renamed;
    for_each_id_mut(&mut chapter.doc, &mut |id| {
        if let Some(fresh) = renamed.get(id.as_str()) {
            *id = fresh.clone();
        }
    });
    // The chapter's own cross-references (`@fig-x`) name its own targets, renamed too.
    // Only keys with a target's prefix: a bibliography key that happens to equal a
    // heading's slug is no id.
    for_each_inline_mut(&mut chapter.doc, &mut |inline| {
        if let quire_doc::InlineKind::Cite { citations, .. } = &mut inline.kind {
            for c in citations {
                if quire_xref::is_cross_reference(&c.key)
                    && let Some(fresh) = renamed.get(c.key.as_str())
                {
                    c.key = fresh.clone();
                }
            }
        }
    });
}

/// Every chapter by the keys a link may name it with: its path without the extension
/// (`ch03-02-data-types`, `part/intro`), and mdBook's `index` for `README`.
fn link_targets(chapters: &[Chapter]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, c) in chapters.iter().enumerate() {
        let key = without_extension(&c.path);
        if let Some(dir) = key.strip_suffix("README") {
            out.entry(format!("{dir}index")).or_insert(i);
        }
        out.entry(key).or_insert(i);
    }
    out
}

fn without_extension(path: &str) -> String {
    let lower = path.to_ascii_lowercase();
    for ext in [".md", ".markdown", ".html", ".htm"] {
        if lower.ends_with(ext) {
            return path[..path.len() - ext.len()].to_string();
        }
    }
    path.to_string()
}

/// What links into a chapter need to know about it.
struct Place {
    /// Its folder relative to the book's root.
    folder: PathBuf,
    /// Its ids renamed in the book.
    renamed: BTreeMap<String, String>,
    /// The id of its first block (where a link to the whole chapter goes).
    first: String,
}

impl Place {
    /// `id` of this chapter as renamed in the book.
    fn id(&self, id: &str) -> String {
        self.renamed
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// Resolves the links of chapter `i` (`doc`): its own fragments renamed, links to other
/// chapters turned into fragments of the book.
fn resolve_links(
    doc: &mut Document,
    i: usize,
    places: &[Place],
    targets: &BTreeMap<String, usize>,
    problems: &mut Vec<Diagnostic>,
) {
    let here = &places[i];
    for_each_inline_mut(doc, &mut |inline| {
        let InlineKind::Link {
            url, attr, content, ..
        } = &mut inline.kind
        else {
            return;
        };
        let fresh = match classify(url) {
            Target::Fragment(id) => Some(format!("#{}", here.id(&id))),
            Target::Relative(rel) => {
                let (path, fragment) = match rel.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (rel.as_str(), None),
                };
                let path = path.split('?').next().unwrap_or(path);
                let key = without_extension(&lexical(&here.folder.join(path)));
                let names_page = without_extension(path) != path;
                match targets.get(&key) {
                    Some(&j) => {
                        let target = &places[j];
                        let id = match fragment.filter(|f| !f.is_empty()) {
                            Some(f) => target.id(f),
                            None => target.first.clone(),
                        };
                        Some(format!("#{id}"))
                    }
                    None if names_page && !path.is_empty() => {
                        problems.push(
                            Diagnostic::warning(
                                inline.span,
                                format!("the link to `{rel}` names a file that is not a chapter of this book, so it is shown as plain text"),
                            )
                            .with_hint("link to a chapter the book's contents list, or write a full web address"),
                        );
                        let attr = std::mem::take(attr);
                        let content = std::mem::take(content);
                        inline.kind = InlineKind::Span { attr, content };
                        return;
                    }
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(fresh) = fresh {
            *url = fresh;
        }
    });
}

/// `path` with `.` and `..` resolved lexically, `/`-separated (a `..` above the start
/// is kept, so it matches nothing).
fn lexical(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else {
                    parts.push("..".into());
                }
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

/// Image paths relative to the chapter's `folder` → relative to the book's root.
fn rebase_images(doc: &mut Document, folder: &str) {
    let rebase = |src: &mut String| {
        if matches!(classify(src), Target::Relative(_)) && !src.starts_with('/') {
            *src = lexical(&PathBuf::from(folder).join(&*src));
        }
    };
    quire_doc::walk_blocks_mut(&mut doc.blocks, &mut |block| {
        if let BlockKind::Figure {
            image: Some(image), ..
        } = &mut block.kind
        {
            rebase(&mut image.src);
        }
    });
    for_each_inline_mut(doc, &mut |inline| {
        if let InlineKind::Image { src, .. } = &mut inline.kind {
            rebase(src);
        }
    });
}

/// Leaves out the lines of Rust code blocks that mdBook hides from readers (`# …` and a
/// lone `#`, after indentation), and unescapes `##` to `#`, as mdBook does.
fn hide_rust_lines(doc: &mut Document) {
    quire_doc::walk_blocks_mut(&mut doc.blocks, &mut |block| {
        let BlockKind::CodeBlock {
            language: Some(language),
            text,
            ..
        } = &mut block.kind
        else {
            return;
        };
        if language.split(',').next() != Some("rust") {
            return;
        }
        let mut kept: Vec<String> = Vec::new();
        for line in text.split('\n') {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            if let Some(rest) = trimmed.strip_prefix("##") {
                kept.push(format!("{indent}#{rest}"));
            } else if trimmed != "#" && !trimmed.starts_with("# ") {
                kept.push(line.to_string());
            }
        }
        *text = kept.join("\n");
    });
}
