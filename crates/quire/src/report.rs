//! Turning diagnostics into text for people: file:line:col, the source line and a caret,
//! through codespan-reporting. Spans are byte ranges into the [`SourceMap`]; lines and
//! columns (in code points) are computed here and nowhere else.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use quire::{Diagnostic, Severity, SourceMap};

/// Writes `diags` to standard error.
pub fn emit(sources: &SourceMap, diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let stderr = codespan_reporting::term::termcolor::StandardStream::stderr(color_choice());
    let mut lock = stderr.lock();
    let config = Config::default();
    let (files, reports, rest) = prepare(sources, diags);
    for (report, message) in &reports {
        if term::emit_to_write_style(&mut lock, &config, &files, report).is_err() {
            eprintln!("{message}");
        }
    }
    if let Some(rest) = rest {
        eprintln!("{rest}");
    }
}

/// `diags` as `emit` prints them, without colour: for the error overlay of `quire serve`.
pub fn to_text(sources: &SourceMap, diags: &[Diagnostic]) -> String {
    let config = Config::default();
    let (files, reports, rest) = prepare(sources, diags);
    let mut out = String::new();
    for (report, message) in &reports {
        if term::emit_to_string(&mut out, &config, &files, report).is_err() {
            out.push_str(message);
            out.push('\n');
        }
    }
    if let Some(rest) = rest {
        out.push_str(&rest);
        out.push('\n');
    }
    out
}

/// The files as codespan sees them, the reports to print (each with its bare message),
/// and the line that counts the ones left out.
type Prepared = (
    SimpleFiles<String, String>,
    Vec<(Report<usize>, String)>,
    Option<String>,
);

/// The files as codespan sees them, the reports to print (each with its bare message, in
/// case rendering fails), errors first and at most [`MAX_SHOWN`], and the line that
/// counts the rest.
fn prepare(sources: &SourceMap, diags: &[Diagnostic]) -> Prepared {
    // The files as codespan sees them: control characters made visible, byte for byte,
    // so a hostile source cannot drive the terminal and every offset still holds.
    let mut files = SimpleFiles::new();
    for file in sources.files() {
        files.add(clean(&file.name), terminal_safe(&file.text));
    }
    // Errors first (they say why nothing was written), each kind in the order found.
    let mut diags: Vec<&Diagnostic> = diags.iter().collect();
    diags.sort_by_key(|d| d.severity);
    let reports = diags
        .iter()
        .take(MAX_SHOWN)
        .map(|diag| (to_report(sources, diag), clean(&diag.message)))
        .collect();
    let rest = (diags.len() > MAX_SHOWN).then(|| {
        let rest = &diags[MAX_SHOWN..];
        let errors = rest.iter().filter(|d| d.is_error()).count();
        format!(
            "… and {} more not shown ({errors} errors, {} warnings)",
            rest.len(),
            rest.len() - errors
        )
    });
    (files, reports, rest)
}

/// Diagnostics printed at most: a hostile file must not flood the terminal.
const MAX_SHOWN: usize = 100;

fn to_report(sources: &SourceMap, diag: &Diagnostic) -> Report<usize> {
    let level = match diag.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let mut report = Report::new(level).with_message(clean(&diag.message));
    let mut notes = Vec::new();
    if let Some(file) = sources.get(diag.span.file) {
        let text = &file.text;
        let start = floor(text, diag.span.start as usize);
        let end = floor(text, (diag.span.end as usize).max(start));
        // A caret needs at least one character under it.
        let end = if end == start {
            next_char_end(text, start)
        } else {
            end
        };
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if line_end - line_start <= MAX_SHOWN_LINE {
            let id = diag.span.file.0 as usize;
            let mut labels = vec![Label::primary(id, start..end)];
            // A combining mark has no width of its own: its caret would be blank, so the
            // letter it sits on is marked too (the place stays the mark's own column).
            if text[start..end].chars().all(quire::is_combining)
                && let Some((base, _)) = text[line_start..start].char_indices().next_back()
            {
                labels.push(
                    Label::secondary(id, line_start + base..start).with_message("on this letter"),
                );
            }
            report = report.with_labels(labels);
        } else {
            // A line of a megabyte is not shown whole: the place and a window around it.
            let (line, column) = file.line_col(start as u32);
            let from = floor(text, start.saturating_sub(WINDOW).max(line_start));
            let to = floor(text, (start + WINDOW).min(line_end));
            notes.push(format!(
                "at {}:{line}:{column}: …{}…",
                clean(&file.name),
                clean(&terminal_safe(&text[from..to]))
            ));
        }
    }
    notes.extend(diag.hints.iter().map(|h| format!("help: {}", clean(h))));
    report.with_notes(notes)
}

/// Lines longer than this (in bytes) are shown as a window around the place.
const MAX_SHOWN_LINE: usize = 240;
/// Bytes shown on each side of the place in a long line.
const WINDOW: usize = 40;

fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

/// A message with control characters shown as `\u{..}` escapes.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Source text with every control character but tab, line feed and carriage return
/// replaced by a visible one of the same length in bytes (C0 and DEL by `?`, C1 by `¿`),
/// so that byte offsets into the original stay valid.
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| match u32::from(c) {
            0x09 | 0x0A | 0x0D => c,
            0x00..=0x1F | 0x7F => '?',
            0x80..=0x9F => '¿',
            _ => c,
        })
        .collect()
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
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\\u{1B}[31mb");
        let safe = terminal_safe("x\u{1b}\u{7}\u{85}y\n");
        assert_eq!(safe, "x??¿y\n");
        assert_eq!(safe.len(), "x\u{1b}\u{7}\u{85}y\n".len());
    }
}
