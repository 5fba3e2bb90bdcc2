//! Source positions. Every node remembers where it came from so that diagnostics,
//! annotations and laid-out text can point back at the source.
//!
//! A [`Span`] is a byte range in one file of a [`SourceMap`](crate::SourceMap), named by
//! its [`FileId`]. Line and column are derived only when a diagnostic is printed
//! ([`SourceMap::line_col`](crate::SourceMap::line_col)), so spans stay cheap to make,
//! compare and sort, and mean the same thing for one file or a book of many.

use serde::{Deserialize, Serialize};

/// Which source file a span points into: an index into the [`SourceMap`](crate::SourceMap)
/// the document was loaded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FileId(pub u32);

impl FileId {
    /// The file id of spans that come from no file (generated nodes).
    pub const DETACHED: FileId = FileId(u32::MAX);
}

impl Default for FileId {
    fn default() -> Self {
        Self::DETACHED
    }
}

/// The stretch of source a node was made from: bytes `start..end` of file `file`.
///
/// The default span is detached: it means "not from the source" (a node a transform
/// created, a diagnostic about no particular place).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// The first byte.
    pub start: u32,
    /// One past the last byte (equal to `start` for a point).
    pub end: u32,
}

impl Span {
    /// Bytes `start..end` of `file`.
    pub const fn new(file: FileId, start: u32, end: u32) -> Self {
        Self { file, start, end }
    }

    /// A point at byte `at` of `file`.
    pub const fn point(file: FileId, at: u32) -> Self {
        Self {
            file,
            start: at,
            end: at,
        }
    }

    /// A span that comes from no file.
    pub const fn detached() -> Self {
        Self::point(FileId::DETACHED, 0)
    }

    /// Whether this span came from a source file (as opposed to a generated node).
    pub fn is_known(&self) -> bool {
        self.file != FileId::DETACHED
    }

    /// The span moved `by` bytes further into its file.
    pub fn shifted(self, by: u32) -> Self {
        Self {
            start: self.start.saturating_add(by),
            end: self.end.saturating_add(by),
            ..self
        }
    }

    /// The smallest span covering both (`self` if they are in different files).
    pub fn to(self, other: Span) -> Self {
        if self.file != other.file {
            return self;
        }
        Self {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
            ..self
        }
    }

    /// The length in bytes.
    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
