//! Front matter: a YAML block between `---` lines or a TOML block between `+++` lines at
//! the very top of the file. It is cut out here and parsed into a generic value; the
//! typed reading into [`quire_doc::Meta`] happens in `meta.rs`.
//!
//! The front matter is blanked out (every byte but line ends becomes a space) rather than
//! removed, so that the Markdown parser sees the body at its true byte offsets and every
//! span stays a span of the file.

use quire_doc::{Diagnostic, FileId, Span};
use serde_json::Value;

/// The front matter syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
}

/// Front matter cut out of a source file.
#[derive(Debug, Clone)]
pub struct FrontMatter<'a> {
    /// Which syntax it is written in.
    pub syntax: Syntax,
    /// Its text, without the fences.
    pub text: &'a str,
    /// The file it was cut from.
    pub file: FileId,
    /// The byte offset of `text` in the file.
    pub offset: usize,
}

impl FrontMatter<'_> {
    /// The span of bytes `start..end` of `text`, in the source file.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let end = end.clamp(start, self.text.len());
        Span::new(
            self.file,
            (self.offset + start.min(self.text.len())) as u32,
            (self.offset + end) as u32,
        )
    }

    /// Parses the text into a generic value.
    pub fn parse(&self) -> Result<Value, Diagnostic> {
        if self.text.trim().is_empty() {
            return Ok(Value::Object(Default::default()));
        }
        match self.syntax {
            Syntax::Yaml => serde_yaml_ng::from_str::<Value>(self.text).map_err(|e| {
                let at = e.location().map_or(0, |l| l.index());
                self.syntax_error(at, &e.to_string())
            }),
            Syntax::Toml => match self.text.parse::<toml::Table>() {
                Ok(table) => Ok(toml_to_json(toml::Value::Table(table))),
                Err(e) => {
                    let at = e.span().map_or(0, |s| s.start);
                    Err(self.syntax_error(at, e.message()))
                }
            },
        }
    }

    fn syntax_error(&self, index: usize, detail: &str) -> Diagnostic {
        let name = match self.syntax {
            Syntax::Yaml => "YAML",
            Syntax::Toml => "TOML",
        };
        // Parsers append their own "at line X column Y", relative to the front matter;
        // drop it, since our span already gives the position in the file.
        let detail = detail.split(" at line ").next().unwrap_or(detail).trim();
        Diagnostic::error(
            self.span(index, index),
            format!("the front matter is not valid {name}: {detail}"),
        )
    }
}

/// Splits `source` into its front matter (if any) and the body with the front matter
/// blanked out. An opening fence without a closing one is an error.
pub fn split(file: FileId, source: &str) -> Result<(Option<FrontMatter<'_>>, String), Diagnostic> {
    let first = source.lines().next().unwrap_or("");
    let syntax = match first.trim_end() {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => return Ok((None, source.to_string())),
    };
    let fence = first.trim_end();
    let start = first.len() + usize::from(source[first.len()..].starts_with("\r\n")) + 1;
    let mut offset = start.min(source.len());
    for line in source[offset..].split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        // YAML also allows `...` to end a document.
        if bare.trim_end() == fence || (syntax == Syntax::Yaml && bare.trim_end() == "...") {
            let text = &source[start.min(offset)..offset];
            let end = offset + line.len();
            // Spaces keep every byte offset; a line of spaces is a blank line.
            let mut body: String = source.as_bytes()[..end]
                .iter()
                .map(|&b| if b == b'\n' { '\n' } else { ' ' })
                .collect();
            body.push_str(&source[end..]);
            return Ok((
                Some(FrontMatter {
                    syntax,
                    text,
                    file,
                    offset: start.min(offset),
                }),
                body,
            ));
        }
        offset += line.len();
    }
    // A lone `---` or `+++` opening a file is Markdown (a thematic break, a paragraph)
    // unless what follows reads like metadata, which means a closing fence was forgotten.
    if !source[start.min(source.len())..]
        .lines()
        .any(looks_like_key)
    {
        return Ok((None, source.to_string()));
    }
    Err(Diagnostic::error(
        Span::new(file, 0, fence.len() as u32),
        format!("the front matter opened with `{fence}` is never closed"),
    )
    .with_hint(format!(
        "add a line with `{fence}` after the last metadata line"
    )))
}

/// Whether `line` starts like a metadata entry: `key: value` or `key = value`.
fn looks_like_key(line: &str) -> bool {
    let line = line.trim_start();
    let key_len = line
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    key_len > 0 && matches!(line[key_len..].trim_start().chars().next(), Some(':' | '='))
}

/// Converts TOML to JSON; TOML dates become their ISO 8601 text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    #[test]
    fn blanks_front_matter_but_keeps_lines() {
        let src = "---\ntitle: A\n---\n# Body\n";
        let (fm, body) = split(F, src).unwrap();
        let fm = fm.unwrap();
        assert_eq!(fm.text, "title: A\n");
        assert_eq!(body, "   \n        \n   \n# Body\n");
        assert_eq!(body.len(), src.len());
        assert_eq!(fm.parse().unwrap()["title"], "A");
    }

    #[test]
    fn toml_dates_become_text() {
        let (fm, _) = split(F, "+++\ndate = 2025-01-16\n+++\n").unwrap();
        assert_eq!(fm.unwrap().parse().unwrap()["date"], "2025-01-16");
    }

    #[test]
    fn unclosed_is_an_error() {
        assert!(
            split(F, "---\ntitle: A\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let (fm, _) = split(F, "---\ntitle: A\nbad: [1, 2\n---\n").unwrap();
        let err = fm.unwrap().parse().unwrap_err();
        assert!(
            err.span.start as usize >= "---\ntitle: A\n".len(),
            "{err:?}"
        );
    }
}
