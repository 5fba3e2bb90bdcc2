//! Reading a source from disk into a document ready for the backends: bytes → Markdown →
//! checks of the files it refers to → enrichment (paragraph numbers, abbreviations) →
//! editorial annotations anchored from the sidecar file. Every failure comes back as
//! diagnostics naming the file they concern.

use std::path::{Path, PathBuf};

use quire_annotate::{AnchorOptions, AnnotationSet};
use quire_doc::{Diagnostic, Document, Pos, Span};

use crate::cli::SourceArgs;
use crate::report::Sources;

/// A loaded source: the document, its warnings and where its files are.
pub struct Loaded {
    /// The parsed, enriched and annotated document.
    pub document: Document,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The folder the source lives in; relative paths in it resolve from here.
    pub base_dir: PathBuf,
    /// The annotation file used, with its parsed contents.
    pub annotations: Option<(PathBuf, AnnotationSet)>,
}

/// Loads the source `args` names, registering every file read in `sources` so that
/// diagnostics can quote it.
pub fn load(args: &SourceArgs, sources: &mut Sources) -> Result<Loaded, Vec<Diagnostic>> {
    let path = &args.source;
    let name = display_name(path);
    let bytes = read(path)?;
    sources.add(&name, String::from_utf8_lossy(&bytes).into_owned());
    let parsed = quire_markdown::parse_bytes(&name, &bytes)?;
    let base_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let missing = quire_markdown::check_resources(&parsed.document, &base_dir);
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut warnings = parsed.warnings;
    let document = quire_annotate::enrich(parsed.document);
    let Some(file) = annotation_file(args, &base_dir) else {
        return Ok(Loaded {
            document,
            warnings,
            base_dir,
            annotations: None,
        });
    };
    let file_name = display_name(&file);
    let json = read(&file)?;
    let json = String::from_utf8(json).map_err(|_| {
        vec![
            Diagnostic::error(Span::default(), "the annotation file is not valid UTF-8")
                .in_file(&file_name),
        ]
    })?;
    sources.add(&file_name, json.clone());
    let set = AnnotationSet::from_json(&json).map_err(|e| {
        let span = match &e {
            quire_annotate::AnnotateError::Json { line, column, .. } => {
                Span::point(Pos::new(*line, *column))
            }
            quire_annotate::AnnotateError::Invalid { .. } => Span::default(),
        };
        vec![Diagnostic::error(span, e.to_string()).in_file(&file_name)]
    })?;
    let opts = AnchorOptions {
        allow_orphans: args.allow_orphans,
        file: file_name,
    };
    let anchoring = quire_annotate::anchor(document, &set, &opts, &mut |body, prefix| {
        quire_markdown::parse_fragment(&body.value, prefix)
    });
    if anchoring.has_errors() {
        return Err(anchoring.diagnostics);
    }
    warnings.extend(anchoring.diagnostics);
    Ok(Loaded {
        document: anchoring.document,
        warnings,
        base_dir,
        annotations: Some((file, set)),
    })
}

/// The annotation file to use: the one named, else `<stem>.annotations.json` or
/// `annotations.json` beside the source.
fn annotation_file(args: &SourceArgs, base_dir: &Path) -> Option<PathBuf> {
    if args.no_annotations {
        return None;
    }
    if let Some(file) = &args.annotations {
        return Some(file.clone());
    }
    let stem = args.source.file_stem()?.to_string_lossy();
    [
        format!("{stem}.annotations.json"),
        "annotations.json".to_string(),
    ]
    .into_iter()
    .map(|name| base_dir.join(name))
    .find(|p| p.is_file())
}

fn read(path: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    std::fs::read(path).map_err(|e| {
        let message = format!("cannot read {}: {}", display_name(path), io_reason(&e));
        vec![Diagnostic::error(Span::default(), message).in_file(display_name(path))]
    })
}

/// The name diagnostics use for `path`: as the user typed it.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => e.to_string(),
    }
}
