//! Diagnostics as data. Library crates produce them; only the CLI renders them for people.

use serde::{Deserialize, Serialize};

use crate::Span;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The build cannot produce correct output.
    Error,
    /// The output is produced but something deserves attention.
    Warning,
}

/// A message about the source, with where it applies and hints on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it applies: a byte range of one source file, or a detached span when it
    /// concerns no place in particular (the message then names what it concerns).
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            span,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(span, message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// What a backend made: the output, and the warnings found while making it. A backend
/// that cannot make its edition returns `Err(Vec<Diagnostic>)` instead, with at least one
/// error among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    /// The bytes of the edition (empty for an edition that is a folder).
    pub bytes: Vec<u8>,
    /// The files of an edition that is a folder of files (a book's web site): paths
    /// relative to that folder, `/`-separated, in a fixed order; empty for a one-file
    /// edition, which is `bytes`.
    pub files: Vec<(String, Vec<u8>)>,
    /// Problems that did not stop it (each says what was left out or changed).
    pub warnings: Vec<Diagnostic>,
}

impl Rendered {
    /// Output without warnings.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self {
            bytes,
            files: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// A folder of `files` (relative paths, `/`-separated), without warnings.
    pub fn folder(files: Vec<(String, Vec<u8>)>) -> Self {
        Self {
            bytes: Vec::new(),
            files,
            warnings: Vec::new(),
        }
    }

    /// Whether the edition is a folder of files rather than one file.
    pub fn is_folder(&self) -> bool {
        !self.files.is_empty()
    }
}
