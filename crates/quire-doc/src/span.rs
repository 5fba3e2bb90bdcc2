//! Source positions. Every node remembers where it came from so that diagnostics,
//! annotations and laid-out text can point back at the source.

use serde::{Deserialize, Serialize};

/// A position in the source file: 1-based line and 1-based column counted in Unicode
/// code points (not bytes), so that it means the same thing to every tool.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Pos {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in code points.
    pub column: u32,
}

impl Pos {
    /// A position at `line`, `column`.
    pub const fn new(line: u32, column: u32) -> Self {
        Self { line, column }
    }
}

/// The stretch of source a node was made from, both ends inclusive.
///
/// A span of all zeros means "not from the source" (a node a transform created).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// The first character of the node.
    pub start: Pos,
    /// The last character of the node.
    pub end: Pos,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: Pos, end: Pos) -> Self {
        Self { start, end }
    }

    /// A span covering a single point.
    pub const fn point(at: Pos) -> Self {
        Self { start: at, end: at }
    }

    /// Whether this span came from the source (as opposed to a generated node).
    pub fn is_known(&self) -> bool {
        self.start.line > 0
    }
}
