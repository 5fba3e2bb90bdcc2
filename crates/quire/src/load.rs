//! Reading a source from disk into a document: bytes → Markdown → checks of the files it
//! refers to. Every failure comes back as diagnostics with the file they concern.

use std::path::{Path, PathBuf};

use quire_doc::{Diagnostic, Document, Span};

use crate::report::Sources;

/// A loaded source: the document, its warnings and what diagnostics need to print.
pub struct Loaded {
    /// The parsed document.
    pub document: Document,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The folder the source lives in; relative paths in it resolve from here.
    pub base_dir: PathBuf,
}

/// Why loading failed.
pub struct LoadError {
    /// What went wrong, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads `path`, registering its text in `sources` for error reports.
pub fn load(path: &Path, sources: &mut Sources) -> Result<Loaded, LoadError> {
    let name = display_name(path);
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        diagnostics: vec![Diagnostic::error(
            Span::default(),
            format!("cannot read {name}: {}", io_reason(&e)),
        )],
    })?;
    sources.add(&name, String::from_utf8_lossy(&bytes).into_owned());
    let parsed = quire_markdown::parse_bytes(&name, &bytes)
        .map_err(|diagnostics| LoadError { diagnostics })?;
    let base_dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let base_dir = if base_dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base_dir
    };
    let missing = quire_markdown::check_resources(&parsed.document, &base_dir);
    if !missing.is_empty() {
        return Err(LoadError {
            diagnostics: missing,
        });
    }
    Ok(Loaded {
        document: parsed.document,
        warnings: parsed.warnings,
        base_dir,
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
