//! `load`: a source on disk → a document ready for every edition. Bytes (size-checked)
//! → Markdown → citations (`cite`) → cross-reference numbers and references
//! (`quire-xref`) → enrichment (paragraph numbers, abbreviations, the index) → editorial annotations
//! anchored from the sidecar file → links checked → images and fallback fonts (for the
//! characters the embedded faces lack; see `fonts`) read into [`Assets`]. Every
//! file read is registered in the [`SourceMap`], so every diagnostic can be printed with
//! its file, line and column.

use std::path::{Path, PathBuf};

use quire_annotate::{AnchorOptions, AnnotationSet};
use quire_doc::{Assets, Diagnostic, Document, FileId, ImageLimits, SourceMap, Span};

use crate::files::read_limited;

/// Where the annotations of a source come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AnnotationSource {
    /// `<stem>.annotations.json` or `annotations.json` beside the source, if one exists
    /// (the default).
    #[default]
    Beside,
    /// These files, each one layer of notes (an editor's, a translator's …), in this
    /// order.
    Files(Vec<PathBuf>),
    /// None.
    Off,
}

/// Limits checked before any work, so that no input can exhaust memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest Markdown source, in bytes. Default 64 MiB.
    pub max_source_bytes: u64,
    /// The largest annotation file, in bytes. Default 64 MiB.
    pub max_annotation_bytes: u64,
    /// Images: bytes and pixels.
    pub images: ImageLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_source_bytes: 64 << 20,
            max_annotation_bytes: 64 << 20,
            images: ImageLimits::default(),
        }
    }
}

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// The Markdown source.
    pub source: PathBuf,
    /// Its annotations. Default: the file beside it.
    pub annotations: AnnotationSource,
    /// Report annotations that match nowhere as warnings and leave them out. Default
    /// `false`: an orphan is an error.
    pub allow_orphans: bool,
    /// The folder images must stay inside, symlinks resolved. Default `None`: the
    /// source's own folder.
    pub resource_root: Option<PathBuf>,
    /// Size limits.
    pub limits: Limits,
    /// Pass self-contained raw HTML blocks through to the web editions, sanitised
    /// (`--raw-html`; also `raw_html: true` in the front matter). Default `false`: raw
    /// HTML is read into the model.
    pub raw_html: bool,
    /// Where fonts for characters the embedded faces lack may come from. Default: the
    /// system's fonts (a `fonts/` folder beside the source is always searched first).
    pub fonts: crate::FontSources,
}

impl LoadOptions {
    /// Options for `source` with every default.
    pub fn new(source: impl Into<PathBuf>) -> Self {
        Self {
            source: source.into(),
            annotations: AnnotationSource::Beside,
            allow_orphans: false,
            resource_root: None,
            limits: Limits::default(),
            raw_html: false,
            fonts: crate::FontSources {
                folders: Vec::new(),
                system: true,
                search: true,
            },
        }
    }
}

/// A loaded source: what every edition is made from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The parsed, enriched, annotated and link-checked document.
    pub document: Document,
    /// Its images.
    pub assets: Assets,
    /// Every file read, for printing diagnostics.
    pub sources: SourceMap,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The folder the source lives in.
    pub base_dir: PathBuf,
    /// The annotation files used (one per layer), with their parsed contents.
    pub annotations: Vec<(PathBuf, AnnotationSet)>,
    /// For a book: its project folder, name and edition settings.
    pub book: Option<Project>,
    /// The font files read for characters the embedded faces lack (project or system
    /// fonts), so that `quire watch` can watch them too.
    pub font_files: Vec<PathBuf>,
}

/// A book's project: where it is and what its manifest asks of the editions.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder of its manifest.
    pub dir: PathBuf,
    /// The name of its output files (`NAME.pdf` …): the manifest's, else the folder's.
    pub name: String,
    /// The manifest's settings of the editions.
    pub settings: crate::project::BookSettings,
}

/// Why a source could not be loaded: the errors (and any warnings met before them),
/// with the files they point into.
#[derive(Debug, Clone)]
pub struct LoadFailure {
    /// Every file read before the failure.
    pub sources: SourceMap,
    /// The diagnostics, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the source `opts` names.
pub fn load(opts: &LoadOptions) -> Result<Loaded, LoadFailure> {
    let mut sources = SourceMap::default();
    match load_into(opts, &mut sources) {
        Ok(mut loaded) => {
            loaded.sources = sources;
            Ok(loaded)
        }
        Err(mut diagnostics) => {
            diagnostics.sort_by_key(|d| d.severity);
            Err(LoadFailure {
                sources,
                diagnostics,
            })
        }
    }
}

fn load_into(opts: &LoadOptions, sources: &mut SourceMap) -> Result<Loaded, Vec<Diagnostic>> {
    let kind = crate::project::classify(&opts.source).map_err(|d| vec![d])?;
    let mut warnings = Vec::new();
    let (document, base_dir, book) = match crate::project::plan(&kind, sources, &mut warnings)? {
        None => {
            let (document, base_dir) = load_file(opts, sources, &mut warnings)?;
            (document, base_dir, None)
        }
        Some(plan) => {
            let (document, found) = crate::book::load(&plan, opts, sources)?;
            warnings.extend(found);
            let project = Project {
                dir: plan.dir.clone(),
                name: plan
                    .settings
                    .name
                    .clone()
                    .unwrap_or_else(|| crate::project::folder_name(&plan.dir)),
                settings: plan.settings.clone(),
            };
            (document, plan.root.clone(), Some(project))
        }
    };
    finish_load(opts, sources, document, warnings, base_dir, book)
}

/// A single Markdown source: read, decoded and parsed.
fn load_file(
    opts: &LoadOptions,
    sources: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Document, PathBuf), Vec<Diagnostic>> {
    let path = &opts.source;
    let name = display_name(path);
    let bytes = read(path, opts.limits.max_source_bytes)?;
    let file = sources.next_id();
    let text = match quire_markdown::decode(file, &bytes) {
        Ok(text) => text,
        Err(d) => {
            sources.add(&name, String::from_utf8_lossy(&bytes).into_owned());
            return Err(vec![d]);
        }
    };
    let parse = quire_markdown::ParseOptions {
        raw_html: opts.raw_html,
        chapter: false,
    };
    let parsed = quire_markdown::parse_with(file, &name, text, &parse);
    sources.add(&name, text);
    let parsed = parsed?;
    let base_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    warnings.extend(parsed.warnings);
    Ok((parsed.document, base_dir))
}

/// The stages after reading, alike for a file and a book.
fn finish_load(
    opts: &LoadOptions,
    sources: &mut SourceMap,
    mut document: Document,
    mut warnings: Vec<Diagnostic>,
    base_dir: PathBuf,
    book: Option<Project>,
) -> Result<Loaded, Vec<Diagnostic>> {
    // The first file read: the source, or the book's manifest.
    let file = FileId(0);
    crate::attrs::check(&mut document, &mut warnings);
    let root = opts
        .resource_root
        .clone()
        .unwrap_or_else(|| base_dir.clone());
    // Before enrichment: the rendered citations and the bibliography are text like any
    // other, numbered, and anchored against.
    crate::cite::run(
        &mut document,
        file,
        &base_dir,
        &root,
        sources,
        &mut warnings,
    );
    // After the citation pass (the blocks are final: its bibliography and notes are in)
    // and before enrichment: the labels ("Figure 2: ") are text that paragraph numbers,
    // annotations and link checks see like any other.
    quire_xref::cross_reference(&mut document, &mut warnings);
    let document = quire_annotate::enrich(document);
    // After the paragraph numbers (its locators cite them), before anchoring (its
    // heading is text annotations may count).
    let (mut document, found) = quire_index::build(document);
    warnings.extend(found);
    let mut annotations = Vec::new();
    let project_dir = book.as_ref().map_or(&base_dir, |b| &b.dir);
    let files = annotation_files(opts, project_dir);
    let layered = files.len() > 1;
    for file in files {
        let (anchored, set) = anchor(
            document,
            &file,
            layered.then_some(annotations.as_slice()),
            opts,
            sources,
            &mut warnings,
        )?;
        document = anchored;
        annotations.push((file, set));
    }
    crate::links::check(&mut document, &mut warnings);
    let mut found = Vec::new();
    let mut assets =
        crate::assets::load(&document, &base_dir, &root, &opts.limits.images, &mut found);
    let mut fonts = opts.fonts.clone();
    // Project folders first: `fonts/` beside the source, then those the front matter
    // names (`fonts: dir` or a list), then `--font-path`.
    let mut project = Vec::new();
    let beside = project_dir.join("fonts");
    if beside.is_dir() {
        project.push(beside);
    }
    project.extend(front_matter_font_folders(
        &document,
        &base_dir,
        &root,
        file,
        &mut warnings,
    ));
    fonts.folders.splice(0..0, project);
    let font_files = crate::fonts::load(&document, &fonts, &mut assets, &mut found);
    if found.iter().any(Diagnostic::is_error) {
        found.extend(warnings);
        return Err(found);
    }
    warnings.extend(found);
    warnings.sort_by_key(|d| d.span);
    Ok(Loaded {
        document,
        assets,
        // Moved in by `load`, which owns the map for the failure path too.
        sources: SourceMap::default(),
        warnings,
        base_dir,
        annotations,
        book,
        font_files,
    })
}

/// Reads and anchors the annotation file `file`, one layer of notes. When there are
/// several (`earlier` holds the layers read before it), a file whose collection has no
/// `label` is named after the file, and a name already taken gets a number.
fn anchor(
    document: Document,
    file: &Path,
    earlier: Option<&[(PathBuf, AnnotationSet)]>,
    opts: &LoadOptions,
    sources: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Document, AnnotationSet), Vec<Diagnostic>> {
    let file_name = display_name(file);
    let json = read(file, opts.limits.max_annotation_bytes)?;
    let json = String::from_utf8(json).map_err(|_| {
        vec![Diagnostic::error(
            Span::detached(),
            format!("the annotation file {file_name} is not valid UTF-8"),
        )]
    })?;
    let id = sources.add(&file_name, json);
    let json = sources.get(id).map_or("", |f| f.text.as_str());
    let mut set = AnnotationSet::from_json(id, json).map_err(|e| {
        let span = match &e {
            quire_annotate::AnnotateError::Json { span, .. } => *span,
            quire_annotate::AnnotateError::Invalid { .. }
            | quire_annotate::AnnotateError::NotAnExport { .. } => Span::point(id, 0),
        };
        vec![Diagnostic::error(span, e.to_string())]
    })?;
    if let Some(earlier) = earlier {
        if set.label.is_empty() {
            set.label = layer_name(file);
        }
        let taken = |label: &str| earlier.iter().any(|(_, s)| s.label == label);
        if taken(&set.label) {
            let base = set.label.clone();
            let n = (2..).find(|n| !taken(&format!("{base} {n}"))).unwrap_or(2);
            set.label = format!("{base} {n}");
        }
    }
    let anchor_opts = AnchorOptions {
        allow_orphans: opts.allow_orphans,
    };
    // Each body is a little Markdown file of its own, so its diagnostics can point
    // inside it.
    let mut bodies: Vec<(String, String)> = Vec::new();
    let base = sources.next_id().0;
    let anchoring = quire_annotate::anchor(document, &set, &anchor_opts, &mut |body, prefix| {
        let body_file = FileId(base + bodies.len() as u32);
        bodies.push((format!("{file_name} › {prefix}"), body.value.clone()));
        quire_markdown::parse_fragment(body_file, &body.value, prefix)
    });
    for (name, text) in bodies {
        sources.add(name, text);
    }
    if anchoring.has_errors() {
        return Err(anchoring.diagnostics);
    }
    warnings.extend(anchoring.diagnostics);
    Ok((anchoring.document, set))
}

/// A layer's name from its file: `translator.annotations.json` → `translator`.
fn layer_name(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".json")
        .or_else(|| name.strip_suffix(".jsonld"))
        .unwrap_or(&name);
    let stem = stem.strip_suffix(".annotations").unwrap_or(stem);
    stem.to_string()
}

/// The annotation files to use: those named, else `<stem>.annotations.json` or
/// `annotations.json` beside the source.
fn annotation_files(opts: &LoadOptions, base_dir: &Path) -> Vec<PathBuf> {
    match &opts.annotations {
        AnnotationSource::Off => Vec::new(),
        AnnotationSource::Files(files) => files.clone(),
        AnnotationSource::Beside => {
            let Some(stem) = opts.source.file_stem() else {
                return Vec::new();
            };
            let stem = stem.to_string_lossy();
            [
                format!("{stem}.annotations.json"),
                "annotations.json".to_string(),
            ]
            .into_iter()
            .map(|name| base_dir.join(name))
            .find(|p| p.is_file())
            .into_iter()
            .collect()
        }
    }
}

fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Vec<Diagnostic>> {
    read_limited(path, limit).map_err(|why| {
        let message = format!("cannot read {}: {why}", display_name(path));
        vec![Diagnostic::error(Span::detached(), message)]
    })
}

/// The name diagnostics use for `path`: as the user typed it.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// The folders the front matter's `fonts` key names (a path or a list of paths, relative
/// to the source), kept if they are folders inside the project; each other one is a
/// warning.
fn front_matter_font_folders(
    document: &quire_doc::Document,
    base_dir: &Path,
    root: &Path,
    file: quire_doc::FileId,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let names: Vec<String> = match document.meta.extra.get("fonts") {
        None => return Vec::new(),
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(_) => {
            warnings.push(Diagnostic::warning(
                quire_doc::Span::point(file, 0),
                "`fonts` in the front matter must be a folder or a list of folders; it is ignored",
            ));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for name in names {
        let path = base_dir.join(&name);
        match crate::files::confined(&path, root) {
            Ok(real) if real.is_dir() => out.push(real),
            Ok(_) | Err(crate::files::FileProblem::Io(_) | crate::files::FileProblem::Missing) => warnings.push(Diagnostic::warning(
                quire_doc::Span::point(file, 0),
                format!("the font folder `{name}` named in the front matter is not a folder; it is not searched"),
            )),
            Err(_) => warnings.push(Diagnostic::warning(
                quire_doc::Span::point(file, 0),
                format!("the font folder `{name}` named in the front matter is outside the project folder; it is not searched"),
            ).with_hint("use --font-path for fonts elsewhere")),
        }
    }
    out
}
