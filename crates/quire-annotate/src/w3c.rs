//! Reading and writing annotation files in the W3C Web Annotation data model (JSON-LD).
//!
//! The file is kept as a `serde_json::Value` beside the typed view: export changes only
//! the selectors of annotations that anchored, so every other property the author or
//! another tool wrote (creators, tags, dates, `@context` extensions) survives a round
//! trip in its original order. Accepted shapes: an `AnnotationCollection` whose `first`
//! page (and embedded `next` pages) hold `items`, a lone `AnnotationPage`, a JSON array of
//! annotations, or a single `Annotation`.

use serde_json::{Map, Value, json};

use quire_doc::{Document, FileId, SourceFile, Span, TextRange};

use crate::AnnotateError;

/// Code points of context written into fresh prefix and suffix selectors (the amount
/// common annotation clients use).
pub const CONTEXT_CHARS: usize = 32;

/// A quote with its surrounding text: the W3C `TextQuoteSelector`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuoteSelector {
    /// The quoted text.
    pub exact: String,
    /// Text immediately before it (may be empty).
    pub prefix: String,
    /// Text immediately after it (may be empty).
    pub suffix: String,
}

/// The body of an annotation: the note the reader sees.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Body {
    /// The text of the note.
    pub value: String,
    /// Its media type: `text/markdown`, `text/plain` (the default) or `text/html`.
    pub format: String,
    /// Its language, if stated.
    pub language: Option<String>,
}

/// One annotation as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceAnnotation {
    /// The annotation's IRI (`id`).
    pub id: String,
    /// `motivation`, `commenting` when absent.
    pub motivation: String,
    /// The first textual body.
    pub body: Body,
    /// The quote selector.
    pub quote: QuoteSelector,
    /// The position selector, if present, in code points of the projection.
    pub position: Option<TextRange>,
    /// Where the annotation's `id` is written in the file (detached if it has none).
    pub span: Span,
    /// `creator`: its `name` (or `nickname`), or the string itself.
    pub creator: Option<String>,
    /// `created`, as written.
    pub created: Option<String>,
    /// `modified`, as written.
    pub modified: Option<String>,
    /// The values of the bodies whose `purpose` is `tagging`.
    pub tags: Vec<String>,
}

/// A parsed annotation file.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationSet {
    /// The annotations, in file order.
    pub items: Vec<SourceAnnotation>,
    /// The layer's label: the collection's `label` if it has one (the loader gives a
    /// file without one a name when several layers are read); empty otherwise.
    pub label: String,
    raw: Value,
}

impl AnnotationSet {
    /// Parses an annotation file, the text of file `file` (spans point into it).
    pub fn from_json(file: FileId, json: &str) -> Result<Self, AnnotateError> {
        let raw: Value = serde_json::from_str(json).map_err(|e| {
            let at = SourceFile::new("", json).offset(e.line(), e.column());
            AnnotateError::Json {
                span: Span::point(file, at),
                message: e.to_string(),
            }
        })?;
        let mut items = Vec::new();
        // Annotations appear in file order, so each id is searched for after the
        // previous one: one pass over the file in all.
        let mut from = 0;
        let mut seen = std::collections::BTreeSet::new();
        for (index, value) in annotation_values(&raw).into_iter().enumerate() {
            let mut item = read_annotation(value, index)?;
            // Export writes selectors back by id: two annotations with one id would
            // both get the first one's passage.
            if !seen.insert(item.id.clone()) {
                return Err(AnnotateError::Invalid {
                    id: item.id,
                    reason: "another annotation has the same id; ids must be unique".into(),
                });
            }
            if let Some((start, end)) = find_after(json, &item.id, from) {
                item.span = Span::new(file, start as u32, end as u32);
                from = end;
            }
            items.push(item);
        }
        let label = raw
            .get("label")
            .and_then(Value::as_str)
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        Ok(Self { items, label, raw })
    }

    /// The file with fresh selectors for every annotation that `doc` has anchored:
    /// a `TextQuoteSelector` (exact, and [`CONTEXT_CHARS`] of prefix and suffix) and a
    /// `TextPositionSelector`, both over `text`, the plain-text projection of `doc`.
    /// Orphans keep their old selectors. Pretty-printed, ending with a newline.
    pub fn export(&self, doc: &Document, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let by_id: std::collections::BTreeMap<&str, &quire_doc::Annotation> = doc
            .annotations
            .iter()
            .filter(|a| a.layer == self.label)
            .map(|a| (a.id.as_str(), a))
            .collect();
        let mut raw = self.raw.clone();
        for value in annotation_values_mut(&mut raw) {
            let Some(id) = value.get("id").and_then(Value::as_str).map(str::to_owned) else {
                continue;
            };
            let Some(anchored) = by_id.get(id.as_str()) else {
                continue;
            };
            let TextRange { start, end } = anchored.target;
            if start > end || end > chars.len() {
                continue;
            }
            let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
            let selectors = json!([
                {
                    "type": "TextQuoteSelector",
                    "exact": slice(start, end),
                    "prefix": slice(start.saturating_sub(CONTEXT_CHARS), start),
                    "suffix": slice(end, (end + CONTEXT_CHARS).min(chars.len())),
                },
                { "type": "TextPositionSelector", "start": start, "end": end },
            ]);
            match value.get_mut("target") {
                Some(Value::Object(target)) => {
                    target.insert("selector".into(), selectors);
                }
                _ => {
                    if let Value::Object(map) = value {
                        let mut target = Map::new();
                        target.insert("selector".into(), selectors);
                        map.insert("target".into(), Value::Object(target));
                    }
                }
            }
        }
        let mut out = serde_json::to_string_pretty(&raw).unwrap_or_default();
        out.push('\n');
        out
    }
}

fn is_type(value: &Value, ty: &str) -> bool {
    match value.get("type") {
        Some(Value::String(s)) => s == ty,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(ty)),
        _ => false,
    }
}

/// The annotation objects of a file, in order.
fn annotation_values(raw: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    match raw {
        Value::Array(items) => out.extend(items.iter().filter(|v| v.is_object())),
        Value::Object(_) if is_type(raw, "AnnotationCollection") => {
            let mut page = raw.get("first");
            while let Some(p) = page {
                if let Some(Value::Array(items)) = p.get("items") {
                    out.extend(items.iter().filter(|v| v.is_object()));
                }
                page = p.get("next").filter(|n| n.is_object());
            }
        }
        Value::Object(_) if is_type(raw, "AnnotationPage") => {
            if let Some(Value::Array(items)) = raw.get("items") {
                out.extend(items.iter().filter(|v| v.is_object()));
            }
        }
        Value::Object(_) => out.push(raw),
        _ => {}
    }
    out
}

fn annotation_values_mut(raw: &mut Value) -> Vec<&mut Value> {
    let mut out: Vec<&mut Value> = Vec::new();
    if let Value::Array(items) = raw {
        out.extend(items.iter_mut().filter(|v| v.is_object()));
        return out;
    }
    let collection = is_type(raw, "AnnotationCollection");
    let page = is_type(raw, "AnnotationPage");
    if collection {
        let mut next = raw.get_mut("first");
        while let Some(p) = next {
            let Value::Object(map) = p else { break };
            let mut items = None;
            let mut following = None;
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    "items" => items = Some(value),
                    "next" if value.is_object() => following = Some(value),
                    _ => {}
                }
            }
            if let Some(Value::Array(items)) = items {
                out.extend(items.iter_mut().filter(|v| v.is_object()));
            }
            next = following;
        }
    } else if page {
        if let Some(Value::Array(items)) = raw.get_mut("items") {
            out.extend(items.iter_mut().filter(|v| v.is_object()));
        }
    } else if raw.is_object() {
        out.push(raw);
    }
    out
}

fn read_annotation(value: &Value, index: usize) -> Result<SourceAnnotation, AnnotateError> {
    let id = value
        .get("id")
        .and_then(Value::as_str)
        .map_or_else(|| format!("#{}", index + 1), str::to_owned);
    let invalid = |reason: &str| AnnotateError::Invalid {
        id: id.clone(),
        reason: reason.to_string(),
    };
    let motivation = match value.get("motivation") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .next()
            .unwrap_or("commenting")
            .to_string(),
        _ => "commenting".to_string(),
    };
    let body = read_body(value)
        .ok_or_else(|| invalid("it has no textual body (`body` with a `value`, or `bodyValue`)"))?;
    let target = match value.get("target") {
        Some(Value::Array(targets)) => targets.first(),
        other => other,
    }
    .ok_or_else(|| invalid("it has no `target`"))?;
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut quote = None;
    let mut position = None;
    for selector in selectors {
        let text = |key: &str| {
            selector
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        if is_type(selector, "TextQuoteSelector") {
            quote = Some(QuoteSelector {
                exact: text("exact"),
                prefix: text("prefix"),
                suffix: text("suffix"),
            });
        } else if is_type(selector, "TextPositionSelector") {
            let num = |key: &str| {
                selector
                    .get(key)
                    .and_then(Value::as_u64)
                    .map(|n| n as usize)
            };
            if let (Some(start), Some(end)) = (num("start"), num("end"))
                && start <= end
            {
                position = Some(TextRange { start, end });
            }
        }
    }
    let quote = quote
        .filter(|q| !q.exact.is_empty())
        .ok_or_else(|| invalid("its target has no `TextQuoteSelector` with a non-empty `exact`"))?;
    let string = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(SourceAnnotation {
        span: Span::detached(),
        id,
        motivation,
        body,
        quote,
        position,
        creator: value.get("creator").and_then(agent_name),
        created: string("created"),
        modified: string("modified"),
        tags: tags(value),
    })
}

/// The name of a W3C agent: a string (an IRI or a name), an object with `name` or
/// `nickname`, or the first of a list.
fn agent_name(agent: &Value) -> Option<String> {
    match agent {
        Value::String(s) => Some(s.clone()),
        Value::Array(list) => list.iter().find_map(agent_name),
        Value::Object(map) => ["name", "nickname", "id"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str).map(str::to_owned)),
        _ => None,
    }
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty())
}

fn bodies(value: &Value) -> Vec<&Value> {
    match value.get("body") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

fn is_tagging(body: &Value) -> bool {
    match body.get("purpose") {
        Some(Value::String(p)) => p == "tagging",
        Some(Value::Array(list)) => list.iter().any(|p| p.as_str() == Some("tagging")),
        _ => false,
    }
}

fn tags(value: &Value) -> Vec<String> {
    bodies(value)
        .into_iter()
        .filter(|b| is_tagging(b))
        .filter_map(|b| b.get("value").and_then(Value::as_str))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn read_body(value: &Value) -> Option<Body> {
    if let Some(text) = value.get("bodyValue").and_then(Value::as_str) {
        return Some(Body {
            value: text.to_string(),
            format: "text/plain".into(),
            language: None,
        });
    }
    // A tag is a body too (`purpose: tagging`), but not the note.
    bodies(value)
        .into_iter()
        .filter(|b| !is_tagging(b))
        .find_map(|b| {
            let text = b.get("value")?.as_str()?;
            Some(Body {
                value: text.to_string(),
                format: b
                    .get("format")
                    .and_then(Value::as_str)
                    .unwrap_or("text/plain")
                    .to_string(),
                language: b.get("language").and_then(Value::as_str).map(str::to_owned),
            })
        })
}

/// The 1-based line on which the annotation's id is written, for diagnostics.
/// The byte range of the JSON string `id` (quotes included) at or after `from`.
fn find_after(source: &str, id: &str, from: usize) -> Option<(usize, usize)> {
    let needle = serde_json::to_string(id).ok()?;
    let at = from + source.get(from..)?.find(&needle)?;
    Some((at, at + needle.len()))
}

/// A W3C annotation file with `new` annotations appended, pretty-printed and ending
/// with a newline; `existing` is the file as it is (`None`: a new
/// `AnnotationCollection`). An annotation whose `id` the file already has is not added
/// again. Returns the file and how many were added. Every other property of the file
/// keeps its place, as [`AnnotationSet::export`] keeps it.
pub fn append_annotations(
    existing: Option<&str>,
    new: Vec<Value>,
) -> Result<(String, usize), AnnotateError> {
    let mut raw = match existing {
        Some(text) => serde_json::from_str(text).map_err(|e| AnnotateError::Json {
            span: Span::detached(),
            message: e.to_string(),
        })?,
        None => json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "AnnotationCollection",
            "first": { "type": "AnnotationPage", "items": [] },
        }),
    };
    let have: std::collections::BTreeSet<String> = annotation_values(&raw)
        .iter()
        .filter_map(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let fresh: Vec<Value> = new
        .into_iter()
        .filter(|v| {
            v.get("id")
                .and_then(Value::as_str)
                .is_none_or(|id| !have.contains(id))
        })
        .collect();
    let added = fresh.len();
    if let Some(items) = items_mut(&mut raw) {
        items.extend(fresh);
    } else {
        // A lone annotation: the file becomes a list of annotations.
        let one = std::mem::take(&mut raw);
        let mut all = vec![one];
        all.extend(fresh);
        raw = Value::Array(all);
    }
    let mut out = serde_json::to_string_pretty(&raw).unwrap_or_default();
    out.push('\n');
    Ok((out, added))
}

/// The list new annotations go into: the array itself, a page's `items`, or the last
/// embedded page's of a collection.
fn items_mut(raw: &mut Value) -> Option<&mut Vec<Value>> {
    if raw.is_array() {
        return raw.as_array_mut();
    }
    if is_type(raw, "AnnotationPage") {
        return raw
            .as_object_mut()?
            .entry("items")
            .or_insert_with(|| json!([]))
            .as_array_mut();
    }
    if is_type(raw, "AnnotationCollection") {
        let mut page = raw
            .as_object_mut()?
            .entry("first")
            .or_insert_with(|| json!({ "type": "AnnotationPage", "items": [] }));
        while page.get("next").is_some_and(Value::is_object) {
            page = page.get_mut("next")?;
        }
        return page
            .as_object_mut()?
            .entry("items")
            .or_insert_with(|| json!([]))
            .as_array_mut();
    }
    None
}
