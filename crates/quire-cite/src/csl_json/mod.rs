//! CSL-JSON bibliographies (what Zotero, Better BibTeX, Mendeley and Pandoc export) read
//! into hayagriva entries, so that a library mixing them with `.bib` and `.yaml` files is
//! one list of one type (hayagriva's `BibliographyDriver` takes one `EntryLike` type).
//!
//! - [`read`] takes the file apart: its items (an array of them — the standard form —, a
//!   single item, or an object of items by id), each item's fields, and where in the file
//!   each of them is, so that every problem is a warning at its line and column.
//! - [`item`] reads one field's value as text, a number, names or a date, and warns
//!   when it is of the wrong type (the item is still read, without that field);
//! - [`shape`] maps the CSL type to hayagriva's entry type and the parents it models
//!   (a chapter's book, an article's journal, a paper's proceedings, a series), and puts
//!   each field where hayagriva's own CSL bridge looks for it.
//!
//! serde_json's `RawValue` keeps each item and field as a slice of the file; parsing one
//! field at a time means a value nested past serde_json's recursion limit (128) is an
//! error of that field alone, and the file-level pass, which only skips over values,
//! never recurses.

mod dates;
mod item;
mod rich_text;
mod shape;
#[cfg(test)]
mod tests;

use std::ops::Range;

use hayagriva::Entry;
use quire_doc::{Diagnostic, FileId};
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::library::span_at;
use item::{Fields, Object};

/// One entry read, with where its key is written (for a later duplicate's warning).
pub(crate) struct Read {
    pub entry: Entry,
    pub key_at: Range<usize>,
}

/// Warnings past this many in one file are counted, not listed: a hostile or broken file
/// of a million bad items should not bury the build's output.
const MAX_WARNINGS: usize = 50;

/// Where warnings go: the file they are about, and how many were left out.
pub(crate) struct Sink<'a> {
    file: FileId,
    name: &'a str,
    text: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
    emitted: usize,
    left_out: usize,
}

impl Sink<'_> {
    /// A warning at bytes `at` of the file.
    pub(crate) fn warn(&mut self, at: Range<usize>, message: String) {
        if self.emitted >= MAX_WARNINGS {
            self.left_out += 1;
            return;
        }
        self.emitted += 1;
        self.diagnostics.push(Diagnostic::warning(
            span_at(self.file, self.text, at.start, at.end),
            message,
        ));
    }

    /// The bytes of the file that `raw` (a slice of it) covers.
    pub(crate) fn range_of(&self, raw: &RawValue) -> Range<usize> {
        range_in(self.text, raw.get())
    }

    /// The file's name, for messages.
    pub(crate) fn name(&self) -> &str {
        self.name
    }
}

/// The byte range of `part` in `text`, when `part` is a slice of it (as every
/// `RawValue` parsed from it is); else the start of the file.
fn range_in(text: &str, part: &str) -> Range<usize> {
    let base = text.as_ptr() as usize;
    let start = (part.as_ptr() as usize).wrapping_sub(base);
    if start <= text.len() && start + part.len() <= text.len() {
        start..start + part.len()
    } else {
        0..0
    }
}

/// Reads the CSL-JSON file `file` (named `name`, holding `text`). A file that is not
/// JSON, or whose top level holds no items, is one error diagnostic (`Err`); problems in
/// items or fields are warnings pushed to `diagnostics`, and what can be read is.
pub(crate) fn read(
    file: FileId,
    name: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Read>, Diagnostic> {
    // Windows tools write a byte-order mark, which JSON parsers refuse.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unreadable = |at: usize, what: String| {
        Diagnostic::warning(
            span_at(file, text, at, at),
            format!("the bibliography {name} cannot be read: {what}"),
        )
    };
    // One pass that only checks the syntax (it skips over nested values without
    // recursing), so that a syntax error is reported as such, at its place.
    if let Err(e) = serde_json::from_str::<&RawValue>(body) {
        return Err(unreadable(syntax_offset(text, body, &e), without_place(&e)));
    }
    let mut sink = Sink {
        file,
        name,
        text,
        diagnostics,
        emitted: 0,
        left_out: 0,
    };
    let mut out = Vec::new();
    let first = body.trim_start().as_bytes().first().copied();
    let structure = match first {
        Some(b'[') => {
            let mut seed = EachItem(|raw: &RawValue| {
                out.extend(read_item(&mut sink, raw.get(), None));
            });
            (&mut seed).deserialize(&mut serde_json::Deserializer::from_str(body))
        }
        Some(b'{') => {
            let object = serde_json::from_str::<Object>(body)
                .map_err(|e| unreadable(syntax_offset(text, body, &e), without_place(&e)))?;
            if object.is_single_item() {
                out.extend(read_item(&mut sink, body.trim(), None));
            } else {
                // Items by id (as citeproc-js is given them): the key is the id of an
                // item that names none.
                for (key, raw) in object.0 {
                    out.extend(read_item(&mut sink, raw.get(), Some(&key)));
                }
            }
            Ok(())
        }
        _ => {
            let at = text.len() - body.trim_start().len();
            return Err(unreadable(
                at,
                "CSL-JSON is an array of items (`[{\"id\": …, \"type\": …}, …]`)".into(),
            ));
        }
    };
    if let Err(e) = structure {
        return Err(unreadable(syntax_offset(text, body, &e), without_place(&e)));
    }
    if sink.left_out > 0 {
        let (n, name) = (sink.left_out, sink.name);
        sink.emitted = 0;
        sink.warn(
            0..0,
            format!("{n} more problems in the bibliography {name} are not listed"),
        );
    }
    Ok(out)
}

/// Runs a closure on each element of a JSON array, one at a time, so that a file of
/// millions of items is never held as a list of them.
struct EachItem<F>(F);

impl<'de, F: FnMut(&'de RawValue)> DeserializeSeed<'de> for &mut EachItem<F> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(&'de RawValue)> Visitor<'de> for &mut EachItem<F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of CSL-JSON items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            (self.0)(raw);
        }
        Ok(())
    }
}

/// One item, `raw` (its slice of the file): its id (or `key`, the name it is filed
/// under), then its fields.
fn read_item(sink: &mut Sink, raw: &str, key: Option<&str>) -> Option<Read> {
    let at = range_in(sink.text, raw);
    let opening = at.start..at.start + 1;
    let Ok(object) = serde_json::from_str::<Object>(raw) else {
        let name = sink.name().to_string();
        sink.warn(
            opening,
            format!("an item of the bibliography {name} is not a JSON object; it is left out"),
        );
        return None;
    };
    let fields = Fields::new(object, sink);
    let (id, key_at) = match fields.get("id") {
        Some(field) => match item::id(field.raw) {
            Some(id) if !id.trim().is_empty() => (id, sink.range_of(field.raw)),
            Some(_) => {
                let name = sink.name().to_string();
                sink.warn(
                    sink.range_of(field.raw),
                    format!("an item of the bibliography {name} has an empty `id`; it is left out"),
                );
                return None;
            }
            None => {
                let name = sink.name().to_string();
                sink.warn(
                    sink.range_of(field.raw),
                    format!(
                        "the `id` of an item of the bibliography {name} is not a string or a number; the item is left out"
                    ),
                );
                return None;
            }
        },
        None => match key {
            Some(key) if !key.trim().is_empty() => (key.to_string(), opening.clone()),
            _ => {
                let name = sink.name().to_string();
                sink.warn(
                    opening,
                    format!("an item of the bibliography {name} has no `id`; it is left out"),
                );
                return None;
            }
        },
    };
    let mut ctx = item::Ctx {
        sink,
        id: &id,
        at: opening,
    };
    let entry = shape::build(&id, &fields, &mut ctx);
    Some(Read { entry, key_at })
}

/// The byte offset of a serde_json error: it counts lines from 1 and columns in bytes
/// from 1, pointing at the byte it stopped on (or 0 at the end of the input). `body` is
/// `text` without a leading byte-order mark.
fn syntax_offset(text: &str, body: &str, e: &serde_json::Error) -> usize {
    let skipped = text.len() - body.len();
    let line_start: usize = body
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (skipped + line_start + e.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// serde_json's message without its "at line L column C" (the diagnostic gives the place).
fn without_place(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}
