//! The load stage's citation pass: the front matter's `bibliography` files read (inside
//! the project, size-checked, registered in the source map so that their errors have
//! lines and columns), the style chosen (`csl`: a bundled style's name or a `.csl`
//! file), and `quire-cite` run over the document. A document that names no
//! bibliography has its citation syntax turned back into the text it was written as.
//!
//! Front-matter keys (Pandoc's): `bibliography` (a file or a list), `csl` (or
//! `citation-style`), `nocite` (`"@a, @b"`, a list, or `"@*"`),
//! `reference-section-title`.

use std::path::Path;

use quire_cite::{BibFormat, CiteOptions, CiteStyle, Library};
use quire_doc::{Diagnostic, Document, FileId, SourceMap, Span};
use serde_json::Value;

use crate::files::{confined, read_limited};

/// The largest bibliography or style file read.
pub const MAX_BIBLIOGRAPHY_BYTES: u64 = 64 << 20;

/// Runs the citation pass over `document`, whose source is file `file` of `sources`.
pub fn run(
    document: &mut Document,
    file: FileId,
    base_dir: &Path,
    root: &Path,
    sources: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) {
    let at = |sources: &SourceMap, key: &str| key_span(sources, file, key);
    // Blocks numbered by `.numbered` are cross-reference targets under their own ids.
    let targets = quire_xref::explicit_targets(document);
    let names = strings(document.meta.extra.get("bibliography"));
    if names.is_empty() {
        let (bracketed, first) = quire_cite::unresolved_to_text(document, &targets);
        if bracketed > 0 {
            warnings.push(
                Diagnostic::warning(
                    first.unwrap_or_else(|| Span::point(file, 0)),
                    format!(
                        "{bracketed} citation{} written, but the front matter names no bibliography; they are shown as written",
                        if bracketed == 1 { " is" } else { "s are" }
                    ),
                )
                .with_hint("add `bibliography: references.bib` to the front matter"),
            );
        }
        return;
    }
    let mut library = Library::default();
    for name in &names {
        let span = at(sources, "bibliography");
        let Some(format) = BibFormat::of(name) else {
            warnings.push(
                Diagnostic::warning(
                    span,
                    format!("the bibliography `{name}` is not a format Quire reads"),
                )
                .with_hint(
                    "use a BibLaTeX/BibTeX (.bib), hayagriva YAML (.yaml) or CSL-JSON (.json) file",
                ),
            );
            continue;
        };
        let Some(text) = read_text(base_dir, root, name, span, "bibliography", warnings) else {
            continue;
        };
        let id = sources.add(name.clone(), text);
        let text = sources.get(id).map_or("", |f| f.text.as_str());
        library.add_file(id, name, text, format, warnings);
    }
    let style = style(document, file, base_dir, root, sources, warnings);
    let opts = CiteOptions {
        nocite: nocite(document.meta.extra.get("nocite")),
        nocite_span: at(sources, "nocite"),
        title: strings(document.meta.extra.get("reference-section-title"))
            .into_iter()
            .next(),
        cross_references: targets,
    };
    // Citations stay `Cite` nodes (the model keeps what was cited; the web page marks
    // them up); one with no known key keeps the text as written.
    quire_cite::cite(document, &library, &style, &opts, warnings);
}

/// The style the front matter names, else the default.
fn style(
    document: &Document,
    file: FileId,
    base_dir: &Path,
    root: &Path,
    sources: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> CiteStyle {
    let default =
        || CiteStyle::by_name(quire_cite::DEFAULT_STYLE).expect("the default style is bundled");
    let key = ["csl", "citation-style"]
        .into_iter()
        .find(|k| document.meta.extra.contains_key(*k));
    let Some(key) = key else { return default() };
    let Some(name) = strings(document.meta.extra.get(key)).into_iter().next() else {
        return default();
    };
    let span = key_span(sources, file, key);
    if !name.to_ascii_lowercase().ends_with(".csl") {
        let bare = name.trim_end_matches(".csl");
        return CiteStyle::by_name(bare).unwrap_or_else(|| {
            warnings.push(
                Diagnostic::warning(
                    span,
                    format!(
                        "no bundled citation style is called `{name}`; {} is used",
                        quire_cite::DEFAULT_STYLE
                    ),
                )
                .with_hint(
                    "name a bundled style (apa, chicago-notes, ieee, mla, …) or a .csl file",
                ),
            );
            default()
        });
    }
    let Some(text) = read_text(base_dir, root, &name, span, "citation style", warnings) else {
        return default();
    };
    match CiteStyle::from_csl(&text) {
        Ok(style) => {
            sources.add(name, text);
            style
        }
        Err(why) => {
            warnings.push(Diagnostic::warning(
                span,
                format!(
                    "the citation style {name} cannot be used ({why}); {} is used",
                    quire_cite::DEFAULT_STYLE
                ),
            ));
            default()
        }
    }
}

fn read_text(
    base_dir: &Path,
    root: &Path,
    name: &str,
    span: Span,
    what: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<String> {
    let path = base_dir.join(name);
    let read = confined(&path, root).and_then(|real| read_limited(&real, MAX_BIBLIOGRAPHY_BYTES));
    match read {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                warnings.push(Diagnostic::warning(
                    span,
                    format!("the {what} {name} is not UTF-8 text"),
                ));
                None
            }
        },
        Err(why) => {
            warnings.push(Diagnostic::warning(
                span,
                format!("cannot read the {what} {name}: {why}"),
            ));
            None
        }
    }
}

/// A front-matter value that is a string or a list of strings.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// `nocite`'s keys: Pandoc writes it as citations (`"@a, @b"`, `"@*"`), in a string or
/// a list.
fn nocite(value: Option<&Value>) -> Vec<String> {
    strings(value)
        .iter()
        .flat_map(|s| s.split([',', ';', ' ']))
        .map(|k| {
            k.trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim_start_matches('@')
        })
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where the front matter of file `file` writes `key` (its first line that starts
/// with it), else the file's start.
fn key_span(sources: &SourceMap, file: FileId, key: &str) -> Span {
    let Some(text) = sources.get(file).map(|f| f.text.as_str()) else {
        return Span::point(file, 0);
    };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with([':', '='])
        {
            return Span::new(file, offset as u32, (offset + line.trim_end().len()) as u32);
        }
        offset += line.len();
        if offset > 64 << 10 {
            break;
        }
    }
    Span::point(file, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nocite_in_pandocs_forms() {
        let v = |s: &str| Value::String(s.into());
        assert_eq!(nocite(Some(&v("@a, @b"))), ["a", "b"]);
        assert_eq!(nocite(Some(&v("@*"))), ["*"]);
        let list = Value::Array(vec![v("@a"), v("[@b]")]);
        assert_eq!(nocite(Some(&list)), ["a", "b"]);
    }
}
