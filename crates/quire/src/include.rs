//! mdBook's include directives, expanded at load: `{{#include file}}`,
//! `{{#include file:anchor}}`, `{{#include file:10:20}}` (also `file:10`, `file:10:`,
//! `file::20`), and `{{#rustdoc_include …}}` / `{{#playground …}}` with the same
//! selections. As in mdBook: paths are relative to the including file; lines that mark
//! anchors (`ANCHOR: name`, `ANCHOR_END: name`) are removed from what is included;
//! included text is expanded in turn, 10 levels deep at most; `\{{#…}}` is written as
//! `{{#…}}`; `{{#title …}}` (the web page's title in mdBook) is removed. A rustdoc include shows the selected lines only (mdBook keeps the others
//! behind `#` for rustdoc, hidden from readers; the editions have no hidden lines).
//!
//! The expanded text remembers where each run of it came from ([`Expanded::origin`]), so
//! that every span of the parsed document, and every diagnostic, can point into the file
//! that holds the words.

use std::path::{Path, PathBuf};

use quire_doc::{Diagnostic, FileId, Span};

/// How deep includes may nest (mdBook's limit).
pub const MAX_INCLUDE_DEPTH: usize = 10;

/// A run of the expanded text copied from one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Where the run starts in the expanded text.
    at: u32,
    /// The file it comes from, and where in it.
    file: FileId,
    start: u32,
}

/// A text with its includes expanded, and where each byte came from.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The text.
    pub text: String,
    /// Runs in order of `at`; the first starts at 0.
    pieces: Vec<Piece>,
}

impl Expanded {
    /// `text` of `file` as it is, with nothing included.
    pub fn verbatim(file: FileId, text: &str) -> Self {
        let mut out = Self::default();
        out.push(text, file, 0);
        out
    }

    fn push(&mut self, text: &str, file: FileId, start: u32) {
        if text.is_empty() {
            return;
        }
        let at = self.text.len() as u32;
        let contiguous = self
            .pieces
            .last()
            .is_some_and(|p| p.file == file && p.start + (at - p.at) == start);
        if !contiguous {
            self.pieces.push(Piece { at, file, start });
        }
        self.text.push_str(text);
    }

    /// The file and offset that byte `offset` of the expanded text came from.
    pub fn origin(&self, offset: u32) -> (FileId, u32) {
        let i = self
            .pieces
            .partition_point(|p| p.at <= offset)
            .saturating_sub(1);
        match self.pieces.get(i) {
            Some(p) => (p.file, p.start + (offset - p.at)),
            None => (FileId::DETACHED, offset),
        }
    }

    /// `span` of the expanded text as a span of the file its start came from; the end is
    /// cut where that file's run ends.
    pub fn map(&self, span: Span) -> Span {
        if self.pieces.len() <= 1 && self.pieces.first().is_none_or(|p| p.start == 0) {
            let file = self.pieces.first().map_or(span.file, |p| p.file);
            return Span::new(file, span.start, span.end);
        }
        let i = self
            .pieces
            .partition_point(|p| p.at <= span.start)
            .saturating_sub(1);
        let Some(p) = self.pieces.get(i) else {
            return span;
        };
        let run_end = self
            .pieces
            .get(i + 1)
            .map_or(self.text.len() as u32, |n| n.at);
        let start = p.start + (span.start - p.at);
        let end = p.start + (span.end.min(run_end).max(span.start) - p.at);
        Span::new(p.file, start, end)
    }
}

/// Reads an included file: its id in the source map and its text, or the diagnostic
/// (at `at`, the directive) saying why not.
pub type Reader<'r> = dyn FnMut(&Path, Span) -> Result<(FileId, String), Diagnostic> + 'r;

/// Expands the directives of `text`, the contents of `file` in folder `dir`.
pub fn expand(
    file: FileId,
    text: &str,
    dir: &Path,
    read: &mut Reader<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Expanded {
    let mut out = Expanded::default();
    expand_into(&mut out, file, text, 0, dir, read, diagnostics, 0);
    out
}

#[allow(clippy::too_many_arguments)]
fn expand_into(
    out: &mut Expanded,
    file: FileId,
    text: &str,
    base: u32,
    dir: &Path,
    read: &mut Reader<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    depth: usize,
) {
    let mut done = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("{{#") {
        let at = search + found;
        let Some(len) = text[at..].find("}}") else {
            break;
        };
        let end = at + len + 2;
        search = end;
        if text[..at].ends_with('\\') {
            // `\{{#include x}}` is the directive's own text.
            out.push(&text[done..at - 1], file, base + done as u32);
            done = at;
            continue;
        }
        let span = Span::new(file, base + at as u32, base + end as u32);
        let inner = text[at + 3..at + len].trim();
        let (kind, arg) = inner
            .split_once(char::is_whitespace)
            .map_or((inner, ""), |(k, a)| (k, a.trim()));
        if kind == "title" {
            // mdBook's `{{#title …}}` names the chapter's web page; it is not text.
            out.push(&text[done..at], file, base + done as u32);
            done = end;
            continue;
        }
        if !matches!(kind, "include" | "rustdoc_include" | "playground") {
            continue; // unknown helpers stay as written
        }
        out.push(&text[done..at], file, base + done as u32);
        done = end;
        if depth >= MAX_INCLUDE_DEPTH {
            diagnostics.push(Diagnostic::error(
                span,
                format!("includes nest deeper than {MAX_INCLUDE_DEPTH} levels"),
            ));
            continue;
        }
        let (path, selection) = split_selection(arg);
        let target: PathBuf = dir.join(path);
        let (child, content) = match read(&target, span) {
            Ok(read) => read,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let Some(lines) = select(&content, selection) else {
            diagnostics.push(
                Diagnostic::error(span, format!("`{path}` has no anchor `{selection}`")).with_hint(
                    "anchors are marked by lines with `ANCHOR: name` and `ANCHOR_END: name`",
                ),
            );
            continue;
        };
        let child_dir = target
            .parent()
            .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
        // Each kept run of lines is expanded in place, so nested directives and spans
        // both stay exact.
        let mut first = true;
        for (start, end) in lines {
            if !first {
                out.push("\n", child, start as u32);
            }
            first = false;
            let run = &content[start..end];
            expand_into(
                out,
                child,
                run,
                start as u32,
                &child_dir,
                read,
                diagnostics,
                depth + 1,
            );
        }
    }
    out.push(&text[done..], file, base + done as u32);
}

/// `path:selection` → (`path`, `selection`); a Windows drive letter is not a selection.
fn split_selection(arg: &str) -> (&str, &str) {
    match arg.find(':') {
        Some(1) if arg.as_bytes()[0].is_ascii_alphabetic() => match arg[2..].find(':') {
            Some(i) => (&arg[..i + 2], &arg[i + 3..]),
            None => (arg, ""),
        },
        Some(i) => (&arg[..i], &arg[i + 1..]),
        None => (arg, ""),
    }
}

/// The byte ranges (without line ends) of the lines `selection` picks from `content`,
/// anchor lines left out; runs of adjacent lines are merged. `None`: no such anchor.
fn select(content: &str, selection: &str) -> Option<Vec<(usize, usize)>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in content.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        lines.push((at, at + bare.len(), bare));
        at += line.len();
    }
    let is_anchor = |l: &str| l.contains("ANCHOR:") || l.contains("ANCHOR_END:");
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let picked: Vec<(usize, usize, &str)> = if selection.is_empty() {
        lines
    } else if let Some((a, b)) = selection
        .split_once(':')
        .filter(|(a, _)| a.trim().is_empty() || number(a).is_some())
    {
        let from = number(a).unwrap_or(1).max(1);
        let to = number(b).unwrap_or(usize::MAX);
        lines
            .into_iter()
            .skip(from - 1)
            .take(to.saturating_sub(from - 1))
            .collect()
    } else if let Some(n) = number(selection) {
        lines.into_iter().skip(n.max(1) - 1).take(1).collect()
    } else {
        let name = selection.trim();
        let marks = |l: &str, key: &str| {
            l.split(key)
                .nth(1)
                .is_some_and(|rest| rest.split_whitespace().next() == Some(name))
        };
        let start = lines.iter().position(|l| marks(l.2, "ANCHOR:"))?;
        let end = lines[start..]
            .iter()
            .position(|l| marks(l.2, "ANCHOR_END:"))
            .map_or(lines.len(), |e| start + e);
        lines[start + 1..end].to_vec()
    };
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut previous_end = None;
    for (start, end, text) in picked {
        if is_anchor(text) {
            previous_end = None;
            continue;
        }
        match (runs.last_mut(), previous_end) {
            // The next line of the file: one run, its line end included.
            (Some(run), Some(e)) if content[e..start].trim_end_matches(['\n', '\r']).is_empty() => {
                run.1 = end;
            }
            _ => runs.push((start, end)),
        }
        previous_end = Some(end);
    }
    Some(runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Expands `text` (file 0) against in-memory files numbered from 1 in name order.
    fn run(text: &str, files: &[(&str, &str)]) -> (Expanded, Vec<Diagnostic>) {
        let files: BTreeMap<PathBuf, (FileId, String)> = files
            .iter()
            .enumerate()
            .map(|(i, (n, t))| {
                (
                    PathBuf::from("/b").join(n),
                    (FileId(i as u32 + 1), t.to_string()),
                )
            })
            .collect();
        let mut read = |p: &Path, at: Span| {
            let p: PathBuf = p.components().collect();
            files
                .get(&p)
                .cloned()
                .ok_or_else(|| Diagnostic::error(at, format!("no file {}", p.display())))
        };
        let mut diags = Vec::new();
        let e = expand(FileId(0), text, Path::new("/b"), &mut read, &mut diags);
        (e, diags)
    }

    const RS: &str = "// ANCHOR: all\nuse std::io;\n// ANCHOR: main\nfn main() {\n    // ANCHOR_END: main\n    println!(\"hi\");\n}\n// ANCHOR_END: all\n";

    #[test]
    fn whole_files_ranges_and_anchors() {
        let (e, d) = run("```rust\n{{#include a.rs}}\n```\n", &[("a.rs", RS)]);
        assert!(d.is_empty());
        assert_eq!(
            e.text,
            "```rust\nuse std::io;\nfn main() {\n    println!(\"hi\");\n}\n```\n"
        );
        let (e, _) = run("{{#rustdoc_include a.rs:main}}", &[("a.rs", RS)]);
        assert_eq!(e.text, "fn main() {");
        let (e, _) = run("{{#include a.rs:2:4}}", &[("a.rs", RS)]);
        assert_eq!(e.text, "use std::io;\nfn main() {");
        let (e, _) = run("{{#include a.rs:2}}|{{#include a.rs::2}}|", &[("a.rs", RS)]);
        assert_eq!(e.text, "use std::io;|use std::io;|");
        let (e, _) = run("{{#include a.rs:6:}}", &[("a.rs", RS)]);
        assert_eq!(e.text, "    println!(\"hi\");\n}");
        // A page title is not text; other helpers stay as written.
        let (e, d) = run("{{#title A page}}\n# A\n{{#other x}}", &[]);
        assert!(d.is_empty());
        assert_eq!(e.text, "\n# A\n{{#other x}}");
    }

    #[test]
    fn spans_point_into_the_included_file() {
        let (e, _) = run("Intro\n{{#include a.rs:all}}\nEnd", &[("a.rs", RS)]);
        let at = e.text.find("println").unwrap() as u32;
        assert_eq!(
            e.origin(at),
            (FileId(1), RS.find("println").unwrap() as u32)
        );
        let end = e.text.find("End").unwrap() as u32;
        let (file, off) = e.origin(end);
        assert_eq!(file, FileId(0));
        assert_eq!(&"Intro\n{{#include a.rs:all}}\nEnd"[off as usize..], "End");
        let mapped = e.map(Span::new(FileId(0), at, at + 7));
        assert_eq!(mapped.file, FileId(1));
        assert_eq!(&RS[mapped.start as usize..mapped.end as usize], "println");
    }

    #[test]
    fn nested_escaped_missing_and_deep() {
        let (e, d) = run(
            "{{#include a.md}} \\{{#include x}}",
            &[("a.md", "A {{#include b.md}}"), ("b.md", "B")],
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(e.text, "A B {{#include x}}");
        let (_, d) = run("{{#include nope.rs}}", &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, Span::new(FileId(0), 0, 20));
        let (_, d) = run("{{#include a.rs:nothere}}", &[("a.rs", RS)]);
        assert!(d[0].message.contains("no anchor"));
        let (_, d) = run("{{#include s.md}}", &[("s.md", "{{#include s.md}}")]);
        assert!(d[0].message.contains("deeper than 10"));
    }
}
