//! Reading the generic front-matter value into typed [`Meta`].
//!
//! Known keys are checked for their type and form (a title is text, a date looks like
//! ISO 8601, a language like a BCP 47 tag); a wrong one is an error at the key's line.
//! Unknown keys are kept in `Meta::extra` untouched.

use quire_doc::{Diagnostic, Meta, Span};
use serde_json::Value;

use crate::front_matter::FrontMatter;

/// The language assumed when the front matter names none.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Builds [`Meta`] from front matter, collecting every problem rather than stopping at
/// the first.
pub fn read(fm: Option<&FrontMatter<'_>>) -> Result<Meta, Vec<Diagnostic>> {
    let mut meta = Meta {
        language: DEFAULT_LANGUAGE.into(),
        ..Meta::default()
    };
    let Some(fm) = fm else { return Ok(meta) };
    let value = fm.parse().map_err(|d| vec![d])?;
    let Value::Object(map) = value else {
        return Err(vec![Diagnostic::error(
            fm.span(0, 0),
            "the front matter must be a mapping of keys to values",
        )]);
    };
    let mut reader = Reader {
        fm,
        errors: Vec::new(),
    };
    for (key, value) in map {
        reader.field(&mut meta, key, value);
    }
    if reader.errors.is_empty() {
        Ok(meta)
    } else {
        Err(reader.errors)
    }
}

struct Reader<'a, 'b> {
    fm: &'a FrontMatter<'b>,
    errors: Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    fn field(&mut self, meta: &mut Meta, key: String, value: Value) {
        match key.as_str() {
            "title" => meta.title = self.text(&key, value).unwrap_or_default(),
            "subtitle" => meta.subtitle = self.text(&key, value),
            "author" | "authors" => meta.authors = self.text_list(&key, value),
            "lang" | "language" => {
                if let Some(lang) = self.text(&key, value) {
                    if quire_doc::is_language_tag(&lang) {
                        meta.language = lang;
                    } else {
                        self.error(&key, format!("`{key}` must be a BCP 47 language tag such as `en` or `fr-CA`, not `{lang}`"));
                    }
                }
            }
            "identifier" | "id" => meta.identifier = self.text(&key, value),
            "date" => meta.date = self.date(&key, value),
            "modified" => meta.modified = self.date(&key, value),
            "source" => meta.source = self.text(&key, value),
            "publisher" => meta.publisher = self.text(&key, value),
            "rights" => meta.rights = self.text(&key, value),
            "description" | "abstract" => meta.description = self.text(&key, value),
            "keywords" | "subject" => meta.keywords = self.text_list(&key, value),
            _ => {
                meta.extra.insert(key, value);
            }
        }
    }

    fn text(&mut self, key: &str, value: Value) -> Option<String> {
        match value {
            // An empty value says nothing; editions must not write empty elements.
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                self.error(
                    key,
                    format!("`{key}` must be text, not {}", describe(&other)),
                );
                None
            }
        }
    }

    fn text_list(&mut self, key: &str, value: Value) -> Vec<String> {
        match value {
            // Blank entries say nothing (an EPUB must not get an empty `dc:creator`).
            Value::String(s) if s.trim().is_empty() => Vec::new(),
            Value::String(s) => vec![s],
            Value::Array(items) if items.iter().all(Value::is_string) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s),
                    _ => None,
                })
                .collect(),
            other => {
                self.error(
                    key,
                    format!(
                        "`{key}` must be text or a list of texts, not {}",
                        describe(&other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn date(&mut self, key: &str, value: Value) -> Option<String> {
        let text = self.text(key, value)?;
        match quire_doc::Date::parse(&text) {
            Ok(date) => Some(date.iso()),
            Err(why) => {
                self.error(key, format!("`{key}`: {why}"));
                None
            }
        }
    }

    fn error(&mut self, key: &str, message: String) {
        let at = self.key_span(key);
        self.errors.push(Diagnostic::error(at, message));
    }

    /// Where `key` is written: the start of its value on the first top-level line that
    /// defines it. Generic parsers drop positions, so we look the key up in the text.
    fn key_span(&self, key: &str) -> Span {
        let mut offset = 0;
        for line in self.fm.text.split_inclusive('\n') {
            let bare = line.trim_start_matches(['"', '\'']);
            if let Some(rest) = bare.strip_prefix(key) {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                if let Some(value) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) {
                    let value_at = offset + line.len() - value.trim_start().len();
                    return self.fm.span(value_at, value_at + value.trim().len());
                }
            }
            offset += line.len();
        }
        self.fm.span(0, 0)
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::split;

    fn meta(src: &str) -> Result<Meta, Vec<Diagnostic>> {
        let (fm, _) = split(quire_doc::FileId(0), src).unwrap();
        read(fm.as_ref())
    }

    /// Line and column of where a diagnostic starts in `src`.
    fn at(src: &str, d: &Diagnostic) -> (u32, u32) {
        quire_doc::SourceFile::new("t", src).line_col(d.span.start)
    }

    #[test]
    fn reads_known_and_keeps_unknown_keys() {
        let m = meta("---\ntitle: T\nauthor: [A, B]\nlanguage: fr-CA\ndate: 2025-01-16\nseries: {no: 2}\n---\n").unwrap();
        assert_eq!(m.title, "T");
        assert_eq!(m.authors, ["A", "B"]);
        assert_eq!(m.language, "fr-CA");
        assert_eq!(m.date.as_deref(), Some("2025-01-16"));
        assert_eq!(m.extra["series"]["no"], 2);
    }

    #[test]
    fn wrong_types_name_the_line() {
        let src = "---\ntitle: T\ndate: 16 January\nlanguage: [en]\n---\n";
        let errs = meta(src).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(at(src, &errs[0]), (3, 7));
        assert_eq!(errs[0].span.len() as usize, "16 January".len());
        assert!(errs[0].message.contains("ISO 8601"));
        assert_eq!(at(src, &errs[1]).0, 4);
    }

    #[test]
    fn toml_works_too() {
        let m = meta("+++\ntitle = \"T\"\ndate = 2025-01-16\n+++\n").unwrap();
        assert_eq!(m.date.as_deref(), Some("2025-01-16"));
        let src = "+++\ntitle = 3\n+++\n";
        let errs = meta(src).unwrap_err();
        assert_eq!(at(src, &errs[0]), (2, 9));
    }

    #[test]
    fn impossible_dates_name_the_key() {
        let src = "---\ndate: 2025-02-30\n---\n";
        let errs = meta(src).unwrap_err();
        assert_eq!(at(src, &errs[0]), (2, 7));
        assert!(errs[0].message.contains("calendar"), "{}", errs[0].message);
        assert_eq!(
            meta("---\ndate: 2025-01\n---\n").unwrap().date.as_deref(),
            Some("2025-01")
        );
    }
}
