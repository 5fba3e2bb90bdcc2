//! The files a document was loaded from, kept so that spans can be turned into lines and
//! columns for people. No I/O: the loader reads the files and hands their text here.

use crate::{FileId, Span};

/// One source file: its name as the user sees it, its text and where its lines start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name diagnostics print (the path as the user typed it, or a label such as
    /// `annotations.json › note-3` for text embedded in another file).
    pub name: String,
    /// The text, as decoded.
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// A file named `name` with contents `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The byte offsets at which the lines of the text start (the first is 0).
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    /// The 1-based line and 1-based column, in code points, of byte `at` (clamped to the
    /// text and moved back to a character boundary).
    pub fn line_col(&self, at: u32) -> (u32, u32) {
        let at = floor_boundary(&self.text, at as usize);
        let line = self.line_starts.partition_point(|&s| s as usize <= at);
        let start = self.line_starts[line.saturating_sub(1)] as usize;
        let column = self.text[start..at].chars().count() + 1;
        (line as u32, column as u32)
    }

    /// The byte offset of 1-based `line` and 1-based byte `column` (as comrak and serde
    /// report them), clamped to the text.
    pub fn offset(&self, line: usize, byte_column: usize) -> u32 {
        offset_in(&self.line_starts, self.text.len(), line, byte_column)
    }
}

/// The byte offsets at which the lines of `text` start.
pub fn line_starts(text: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| (i + 1) as u32),
        )
        .collect()
}

/// The byte offset of 1-based `line`, 1-based byte `column`, given a text's
/// [`line_starts`] and length; clamped to the text.
pub fn offset_in(starts: &[u32], len: usize, line: usize, byte_column: usize) -> u32 {
    let Some(&start) = starts.get(line.saturating_sub(1)) else {
        return len as u32;
    };
    (start as usize + byte_column.saturating_sub(1)).min(len) as u32
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Every file a document was made from, by [`FileId`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Registers a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        FileId((self.files.len() - 1) as u32)
    }

    /// The id the next file added will get (to parse a text before it is stored).
    pub fn next_id(&self) -> FileId {
        FileId(self.files.len() as u32)
    }

    /// The file `id`, unless it is detached or unknown.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The name of file `id` (empty for a detached span).
    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.name.as_str())
    }

    /// Every file, in the order they were added (a `FileId` is the index).
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The file name, line and column where `span` starts, if it is in a known file.
    pub fn line_col(&self, span: Span) -> Option<(&str, u32, u32)> {
        let file = self.get(span.file)?;
        let (line, column) = file.line_col(span.start);
        Some((&file.name, line, column))
    }

    /// The source text `span` covers, if it is in a known file and on char boundaries.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.get(span.file)?
            .text
            .get(span.start as usize..span.end as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_code_points() {
        let f = SourceFile::new("a.md", "ab\n“c”d\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(3 + "“c".len() as u32), (2, 3));
        // Inside a multi-byte character: its own column.
        assert_eq!(f.line_col(4), (2, 1));
        assert_eq!(f.line_col(999), (3, 1));
        assert_eq!(f.offset(2, 4), 6);
        assert_eq!(f.offset(9, 1), f.text.len() as u32);
    }

    #[test]
    fn detached_spans_have_no_place() {
        let mut map = SourceMap::default();
        let id = map.add("a.md", "x\ny");
        assert_eq!(map.line_col(Span::point(id, 2)), Some(("a.md", 2, 1)));
        assert_eq!(map.line_col(Span::detached()), None);
        assert_eq!(map.slice(Span::new(id, 0, 1)), Some("x"));
    }
}
