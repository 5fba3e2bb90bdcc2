//! Turning diagnostics into text for people: file:line:col, the source line and a caret,
//! through codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use quire_doc::{Diagnostic, Pos, Severity};

/// The files diagnostics may point into, by name.
#[derive(Default)]
pub struct Sources {
    files: SimpleFiles<String, String>,
    names: Vec<String>,
}

impl Sources {
    /// Registers a file's text under `name`.
    pub fn add(&mut self, name: &str, text: String) {
        self.names.push(name.to_string());
        self.files.add(name.to_string(), text);
    }

    fn lookup(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// Writes `diags` to standard error. `main_file` is the file a diagnostic without its
/// own `file` concerns.
pub fn emit(sources: &Sources, main_file: &str, diags: &[Diagnostic]) {
    let stderr = codespan_reporting::term::termcolor::StandardStream::stderr(color_choice());
    let mut lock = stderr.lock();
    let config = Config::default();
    for diag in diags {
        let file = diag.file.as_deref().unwrap_or(main_file);
        let report = to_report(sources, file, diag);
        if term::emit_to_write_style(&mut lock, &config, &sources.files, &report).is_err() {
            eprintln!("{file}: {}", diag.message);
        }
    }
}

fn to_report(sources: &Sources, file: &str, diag: &Diagnostic) -> Report<usize> {
    let level = match diag.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let mut report = Report::new(level).with_message(&diag.message);
    let id = sources.lookup(file);
    match (id, diag.span.is_known()) {
        (Some(id), true) => {
            let text = sources
                .files
                .get(id)
                .map(|f| f.source().as_str())
                .unwrap_or("");
            let start = byte_offset(text, diag.span.start);
            let end = byte_offset(text, diag.span.end).max(start);
            // Spans are inclusive; a caret needs at least one character under it.
            let end = next_char_end(text, end)
                .max(start + 1)
                .min(text.len().max(start));
            report = report.with_labels(vec![Label::primary(id, start..end)]);
        }
        _ => {
            let at = if diag.span.is_known() {
                format!(":{}:{}", diag.span.start.line, diag.span.start.column)
            } else {
                String::new()
            };
            report = report.with_notes(vec![format!("in {file}{at}")]);
        }
    }
    report.with_notes(diag.hints.iter().map(|h| format!("help: {h}")).collect())
}

/// The byte offset of a line/column (column in code points) in `text`.
fn byte_offset(text: &str, pos: Pos) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == pos.line as usize {
            let col = pos.column.saturating_sub(1) as usize;
            return offset
                + line
                    .char_indices()
                    .nth(col)
                    .map_or(line.trim_end_matches('\n').len(), |(b, _)| b);
        }
        offset += line.len();
    }
    text.len()
}

fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

fn color_choice() -> codespan_reporting::term::termcolor::ColorChoice {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        codespan_reporting::term::termcolor::ColorChoice::Auto
    } else {
        codespan_reporting::term::termcolor::ColorChoice::Never
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_code_points() {
        let text = "ab\n“c”d\n";
        assert_eq!(byte_offset(text, Pos::new(2, 3)), 3 + "“c".len());
        assert_eq!(byte_offset(text, Pos::new(9, 1)), text.len());
    }
}
