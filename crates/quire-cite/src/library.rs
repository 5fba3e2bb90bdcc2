//! Bibliography files → one library of entries, with every problem a diagnostic that
//! names the file, line and column.

use std::collections::HashMap;
use std::ops::Range;

use hayagriva::Entry;
use quire_doc::{Diagnostic, FileId, Span};

/// The formats a bibliography file may be written in, told by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BibFormat {
    /// BibLaTeX or BibTeX (`.bib`).
    BibLaTeX,
    /// hayagriva's YAML (`.yaml`, `.yml`).
    Yaml,
    /// CSL-JSON (`.json`), as Zotero, Better BibTeX and Pandoc export it.
    CslJson,
}

impl BibFormat {
    /// The format of a file named `name`, if Quire reads it.
    pub fn of(name: &str) -> Option<BibFormat> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "bib" | "bibtex" | "biblatex" => Some(BibFormat::BibLaTeX),
            "yaml" | "yml" => Some(BibFormat::Yaml),
            "json" => Some(BibFormat::CslJson),
            _ => None,
        }
    }
}

/// An entry read, with where its key is written when the reader knows it.
type Located = (Entry, Option<Range<usize>>);

/// Every entry of the document's bibliography files, by key, in file order.
#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: Vec<Entry>,
    /// Each key's place in `entries` (a library of many thousand entries is looked up
    /// once per entry added and once per citation).
    index: HashMap<String, usize>,
}

impl Library {
    /// The entry with `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.index.get(key).map(|&i| &self.entries[i])
    }

    /// Every entry, in the order the files list them.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether it has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the entries of one file (file `file`, named `name`, holding `text`). A key
    /// already taken by an earlier file is a warning, and the earlier entry is kept.
    pub fn add_file(
        &mut self,
        file: FileId,
        name: &str,
        text: &str,
        format: BibFormat,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let parsed: Result<Vec<Located>, Vec<Diagnostic>> = match format {
            BibFormat::BibLaTeX => hayagriva::io::from_biblatex_str(text)
                .map(|lib| lib.into_iter().map(|e| (e, None)).collect())
                .map_err(|errors| {
                    errors
                        .into_iter()
                        .map(|e| {
                            let (range, what) = match &e {
                                hayagriva::io::BibLaTeXError::Parse(p) => {
                                    (p.span.clone(), e.to_string())
                                }
                                hayagriva::io::BibLaTeXError::Type(t) => {
                                    (t.span.clone(), e.to_string())
                                }
                            };
                            Diagnostic::warning(
                                span_at(file, text, range.start, range.end),
                                format!("the bibliography {name} cannot be read: {what}"),
                            )
                            .with_hint(UNREAD_HINT)
                        })
                        .collect::<Vec<_>>()
                }),
            BibFormat::Yaml => hayagriva::io::from_yaml_str(text)
                .map(|lib| lib.into_iter().map(|e| (e, None)).collect())
                .map_err(|e| {
                    let at = e.location().map_or(0, |l| l.index());
                    let what = e.to_string();
                    vec![
                        Diagnostic::warning(
                            span_at(file, text, at, at),
                            format!("the bibliography {name} cannot be read: {what}"),
                        )
                        .with_hint(UNREAD_HINT),
                    ]
                }),
            BibFormat::CslJson => crate::csl_json::read(file, name, text, diagnostics)
                .map(|read| {
                    read.into_iter()
                        .map(|r| (r.entry, Some(r.key_at)))
                        .collect()
                })
                .map_err(|e| vec![e.with_hint(UNREAD_HINT)]),
        };
        let entries = match parsed {
            Ok(entries) => entries,
            Err(errors) => {
                diagnostics.extend(errors);
                return;
            }
        };
        for (mut entry, key_at) in entries {
            if self.get(entry.key()).is_some() {
                let at = key_at.unwrap_or_else(|| {
                    let at = text.find(entry.key()).unwrap_or(0);
                    at..at + entry.key().len()
                });
                diagnostics.push(Diagnostic::warning(
                    span_at(file, text, at.start, at.end),
                    format!(
                        "the key `{}` in {name} is taken by an earlier bibliography entry, which is kept",
                        entry.key()
                    ),
                ));
                continue;
            }
            normalise(&mut entry);
            self.index
                .insert(entry.key().to_string(), self.entries.len());
            self.entries.push(entry);
        }
    }
}

/// Mends what hayagriva's BibLaTeX import leaves raw, the same way for every format so
/// that a `.bib` and a `.yaml` of one work render alike:
/// - a thesis's BibLaTeX type key (`phdthesis`, `mathesis`) becomes the words readers
///   expect ("PhD thesis");
/// - a thesis or report with an organization (BibLaTeX's `institution`) and no
///   publisher is published by it, since CSL styles print the publisher and drop the
///   authority (a university, the W3C).
fn normalise(entry: &mut Entry) {
    use hayagriva::types::{EntryType, FormatString, Publisher};
    use std::str::FromStr;
    if let Some(genre) = entry.genre() {
        let words = match genre.to_string().to_ascii_lowercase().as_str() {
            "phdthesis" | "phd" => Some("PhD thesis"),
            "mathesis" | "mastersthesis" | "masterthesis" => Some("Master’s thesis"),
            "bathesis" => Some("Bachelor’s thesis"),
            "techreport" => Some("Technical report"),
            _ => None,
        };
        if let Some(words) = words.and_then(|w| FormatString::from_str(w).ok()) {
            entry.set_genre(words);
        }
    }
    // The import may have made a publisher of the place alone.
    let unnamed = entry.publisher().is_none_or(|p| p.name().is_none());
    if matches!(entry.entry_type(), EntryType::Thesis | EntryType::Report)
        && unnamed
        && let Some(org) = entry.organization().cloned()
    {
        let place = entry
            .publisher()
            .and_then(|p| p.location().cloned())
            .or_else(|| entry.location().cloned());
        entry.set_publisher(Publisher::new(Some(org), place));
    }
}

/// A broken bibliography does not stop the build: what the document cites from it is
/// shown as written, each citation with its own warning.
pub(crate) const UNREAD_HINT: &str =
    "none of its entries is used; citations of them are shown as written";

pub(crate) fn span_at(file: FileId, text: &str, start: usize, end: usize) -> Span {
    let start = start.min(text.len());
    Span::new(file, start as u32, end.clamp(start, text.len()) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_biblatex_and_yaml_and_names_the_place_of_an_error() {
        let mut lib = Library::default();
        let mut diags = Vec::new();
        lib.add_file(
            FileId(1),
            "a.bib",
            "@book{knuth1984, author = {Knuth, Donald E.}, title = {The {\\TeX}book}, publisher = {Addison-Wesley}, year = {1984}}\n",
            BibFormat::BibLaTeX,
            &mut diags,
        );
        lib.add_file(
            FileId(2),
            "b.yaml",
            "liang1983:\n  type: thesis\n  title: Word Hy-phen-a-tion by Com-put-er\n  author: Liang, Franklin Mark\n  date: 1983\n",
            BibFormat::Yaml,
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert!(lib.get("knuth1984").is_some() && lib.get("liang1983").is_some());

        let bad = "@book{ok, title = {A}}\n\n@article{broken, title = {B}\n";
        lib.add_file(FileId(3), "c.bib", bad, BibFormat::BibLaTeX, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].span.file == FileId(3));
        assert!(diags[0].message.contains("c.bib"), "{}", diags[0].message);
    }

    #[test]
    fn a_key_defined_twice_keeps_the_first() {
        let mut lib = Library::default();
        let mut diags = Vec::new();
        let one = "@book{k, title = {First}, year = {2000}}\n";
        let two = "@book{k, title = {Second}, year = {2001}}\n";
        lib.add_file(FileId(1), "a.bib", one, BibFormat::BibLaTeX, &mut diags);
        lib.add_file(FileId(2), "b.bib", two, BibFormat::BibLaTeX, &mut diags);
        assert_eq!(lib.entries().len(), 1);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].span.file, FileId(2));
    }
}
