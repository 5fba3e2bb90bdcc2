//! Reading annotations made with Hypothesis (hypothes.is) into the W3C model Quire keeps
//! them in.
//!
//! Accepted: the client's JSON export (`{"export_date", "annotations": [...]}`), an API
//! search result (`{"rows": [...]}`), or a bare array of Hypothesis annotations. Each
//! becomes a W3C `Annotation`: the id as its `https://hypothes.is/a/…` IRI, the note
//! (`text`, Markdown in Hypothesis) as a `TextualBody`, each tag as a body with purpose
//! `tagging`, the user's display name (or account name) as `creator`, `created` and
//! `updated` as `created` and `modified`, and the quote selector as the target.
//!
//! What is left out, each with its reason: replies (a discussion, not a note on the
//! text), page notes (no passage), highlights without a note (nothing to show), and
//! Hypothesis's position selectors, which count the characters of the annotated web
//! page (its navigation and furniture included), not Quire's text: the quote and its
//! context anchor the note.

use serde_json::{Map, Value, json};

use crate::AnnotateError;

/// The result of [`from_hypothesis`].
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The W3C annotations, in the export's order.
    pub annotations: Vec<Value>,
    /// The annotations left out: (Hypothesis id, why).
    pub skipped: Vec<(String, String)>,
}

/// Converts a Hypothesis export to W3C annotations (see the module docs).
pub fn from_hypothesis(json: &str) -> Result<Imported, AnnotateError> {
    let raw: Value = serde_json::from_str(json).map_err(|e| AnnotateError::Json {
        span: quire_doc::Span::detached(),
        message: e.to_string(),
    })?;
    let rows = match &raw {
        Value::Array(rows) => rows.as_slice(),
        Value::Object(map) => match map.get("annotations").or_else(|| map.get("rows")) {
            Some(Value::Array(rows)) => rows.as_slice(),
            _ => {
                return Err(AnnotateError::NotAnExport {
                    reason: "it is not a Hypothesis export (no `annotations` or `rows` list)"
                        .into(),
                });
            }
        },
        _ => {
            return Err(AnnotateError::NotAnExport {
                reason: "it is not a Hypothesis export (neither a list nor an object)".into(),
            });
        }
    };
    let mut out = Imported {
        annotations: Vec::new(),
        skipped: Vec::new(),
    };
    for (i, row) in rows.iter().enumerate() {
        let id = row
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(|| format!("#{}", i + 1), str::to_owned);
        match convert(row, &id) {
            Ok(anno) => out.annotations.push(anno),
            Err(why) => out.skipped.push((id, why.to_string())),
        }
    }
    Ok(out)
}

fn convert(row: &Value, id: &str) -> Result<Value, &'static str> {
    if row
        .get("references")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
    {
        return Err("a reply: Quire shows notes on the text, not discussions");
    }
    let target = match row.get("target") {
        Some(Value::Array(targets)) => targets.first(),
        other => other,
    };
    let quote = target
        .and_then(|t| t.get("selector"))
        .and_then(Value::as_array)
        .and_then(|selectors| {
            selectors
                .iter()
                .find(|s| s.get("type").and_then(Value::as_str) == Some("TextQuoteSelector"))
        })
        .filter(|q| {
            q.get("exact")
                .and_then(Value::as_str)
                .is_some_and(|e| !e.is_empty())
        })
        .ok_or("a page note: it is not anchored to a passage")?;
    let text = row.get("text").and_then(Value::as_str).unwrap_or("").trim();
    let tags: Vec<&str> = row
        .get("tags")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if text.is_empty() {
        return Err("a highlight without a note: there is nothing to show");
    }
    let mut bodies = vec![json!({
        "type": "TextualBody",
        "purpose": "commenting",
        "value": text,
        "format": "text/markdown",
    })];
    bodies.extend(
        tags.iter()
            .map(|t| json!({ "type": "TextualBody", "purpose": "tagging", "value": t })),
    );
    let mut selector = Map::new();
    selector.insert("type".into(), "TextQuoteSelector".into());
    for key in ["exact", "prefix", "suffix"] {
        if let Some(v) = quote.get(key).and_then(Value::as_str) {
            selector.insert(key.into(), v.into());
        }
    }
    let mut target_out = Map::new();
    if let Some(source) = target
        .and_then(|t| t.get("source"))
        .or_else(|| row.get("uri"))
        .and_then(Value::as_str)
    {
        target_out.insert("source".into(), source.into());
    }
    target_out.insert("selector".into(), Value::Object(selector));
    let mut anno = Map::new();
    anno.insert("id".into(), iri(id).into());
    anno.insert("type".into(), "Annotation".into());
    anno.insert("motivation".into(), "commenting".into());
    for (from, to) in [("created", "created"), ("updated", "modified")] {
        if let Some(v) = row.get(from).and_then(Value::as_str) {
            anno.insert(to.into(), v.into());
        }
    }
    if let Some(name) = creator(row) {
        anno.insert("creator".into(), json!({ "type": "Person", "name": name }));
    }
    anno.insert("body".into(), Value::Array(bodies));
    anno.insert("target".into(), Value::Object(target_out));
    Ok(Value::Object(anno))
}

/// Hypothesis's short ids become the IRIs Hypothesis itself shares (`/a/ID`).
fn iri(id: &str) -> String {
    if id.contains(':') {
        id.to_string()
    } else {
        format!("https://hypothes.is/a/{id}")
    }
}

/// The display name, else the account's user name (`acct:ann@hypothes.is` → `ann`).
fn creator(row: &Value) -> Option<String> {
    let display = row
        .get("user_info")
        .and_then(|u| u.get("display_name"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let account = row.get("user").and_then(Value::as_str).map(|u| {
        u.trim_start_matches("acct:")
            .split('@')
            .next()
            .unwrap_or(u)
            .to_string()
    });
    display
        .map(str::to_owned)
        .or(account)
        .filter(|n| !n.is_empty())
}
