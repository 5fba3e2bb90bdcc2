//! One CSL-JSON item's fields, each kept as its slice of the file, and the readers of
//! their values (text, numbers, names, URLs), which warn at a value of the wrong type
//! and leave the field out.

use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;

use hayagriva::types::{ChunkedString, MaybeTyped, Numeric, Person, QualifiedUrl};
use serde::de::{Deserialize, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::Sink;
use super::rich_text;

/// A JSON object's members in file order, each value unparsed.
pub(super) struct Object<'a>(pub Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Object<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Members<'a> {
            type Value = Object<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<'a>, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, &'a RawValue>()? {
                    members.push(member);
                }
                Ok(Object(members))
            }
        }
        d.deserialize_map(Members(std::marker::PhantomData))
    }
}

impl Object<'_> {
    /// Whether this top-level object is one item rather than items by id: an item's
    /// `id` and `type` are strings or numbers, never objects.
    pub(super) fn is_single_item(&self) -> bool {
        self.0
            .iter()
            .any(|(k, v)| (k == "id" || k == "type") && !v.get().trim_start().starts_with('{'))
    }
}

/// One field: its name and its value as written.
pub(super) struct Field<'a> {
    pub name: String,
    pub raw: &'a RawValue,
}

/// An item's fields, by name; a name given twice keeps its first value, with a warning.
pub(super) struct Fields<'a>(HashMap<String, Field<'a>>);

impl<'a> Fields<'a> {
    pub(super) fn new(object: Object<'a>, sink: &mut Sink) -> Fields<'a> {
        let mut fields: HashMap<String, Field<'a>> = HashMap::with_capacity(object.0.len());
        for (name, raw) in object.0 {
            if fields.contains_key(&name) {
                let file = sink.name().to_string();
                sink.warn(
                    sink.range_of(raw),
                    format!(
                        "the field `{name}` is given twice in an item of {file}; the first is kept"
                    ),
                );
                continue;
            }
            fields.insert(name.clone(), Field { name, raw });
        }
        Fields(fields)
    }

    /// The field `name`, if the item has it with a value (`null` and `""` count as none).
    pub(super) fn get(&self, name: &str) -> Option<&Field<'a>> {
        self.0
            .get(name)
            .filter(|f| !matches!(f.raw.get().trim(), "null" | "\"\""))
    }

    /// The first of `names` the item has.
    pub(super) fn first(&self, names: &[&str]) -> Option<&Field<'a>> {
        names.iter().find_map(|n| self.get(n))
    }
}

/// An item's id: a string, or a number (valid in CSL-JSON), written as in the file.
pub(super) fn id(raw: &RawValue) -> Option<String> {
    match number_text(raw) {
        Some(n) => Some(n.to_string()),
        None => serde_json::from_str::<String>(raw.get()).ok(),
    }
}

/// A JSON number's text as written: parsing it would lose digits past `f64`'s or
/// refuse it (`1e999`), and CSL reads numbers as text anyway.
fn number_text(raw: &RawValue) -> Option<&str> {
    let text = raw.get().trim();
    text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        .then_some(text)
}

/// Reading one item: where warnings go, and the item's id for their messages.
pub(super) struct Ctx<'s, 'a> {
    pub sink: &'s mut Sink<'a>,
    pub id: &'s str,
    /// Where the item opens.
    pub at: Range<usize>,
}

impl Ctx<'_, '_> {
    /// A warning about the item as a whole.
    pub(super) fn warn_item(&mut self, what: &str) {
        let message = format!("`{}` in {} {what}", self.id, self.sink.name());
        self.sink.warn(self.at.clone(), message);
    }

    /// A warning about `field` of this item.
    pub(super) fn warn(&mut self, field: &Field, what: &str) {
        let message = format!(
            "`{}` of `{}` in {} {what}",
            field.name,
            self.id,
            self.sink.name()
        );
        let at = self.sink.range_of(field.raw);
        self.sink.warn(at, message);
    }

    /// A warning at `at` (a part of a field's value).
    pub(super) fn warn_at(&mut self, at: Range<usize>, field: &Field, what: &str) {
        let message = format!(
            "`{}` of `{}` in {} {what}",
            field.name,
            self.id,
            self.sink.name()
        );
        self.sink.warn(at, message);
    }

    /// The field's value as a JSON value; one too deeply nested for serde_json is
    /// warned about.
    pub(super) fn value(&mut self, field: &Field) -> Option<Value> {
        match serde_json::from_str::<Value>(field.raw.get()) {
            Ok(v) => Some(v),
            Err(e) => {
                let what = format!(
                    "cannot be read ({}); it is left out",
                    super::without_place(&e)
                );
                self.warn(field, &what);
                None
            }
        }
    }

    /// A string or number as plain text (identifiers, URLs, numbers), trimmed; empty is
    /// none.
    pub(super) fn plain(&mut self, field: &Field) -> Option<String> {
        if let Some(n) = number_text(field.raw) {
            return Some(n.to_string());
        }
        let text = match self.value(field)? {
            Value::String(s) => s,
            _ => {
                self.warn(field, "is not a string or a number; it is left out");
                return None;
            }
        };
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// Text for presentation: CSL-JSON's HTML-like markup read (see [`rich_text`]).
    pub(super) fn text(&mut self, field: &Field) -> Option<ChunkedString> {
        let plain = self.plain(field)?;
        let text = rich_text::parse(&plain);
        (!text.is_empty()).then_some(text)
    }

    /// A number, or the text it is written as when it is none (`"2nd"`, `"IV"`).
    pub(super) fn number(&mut self, field: &Field) -> Option<MaybeTyped<Numeric>> {
        let text = self.plain(field)?;
        Some(MaybeTyped::from_str(&text).unwrap_or_else(|never| match never {}))
    }

    /// A count (pages, volumes): a number, else the field is warned about.
    pub(super) fn count(&mut self, field: &Field) -> Option<Numeric> {
        let text = self.plain(field)?;
        match Numeric::from_str(&text) {
            Ok(n) => Some(n),
            Err(_) => {
                self.warn(field, "is not a number; it is left out");
                None
            }
        }
    }

    /// An absolute URL.
    pub(super) fn url(&mut self, field: &Field) -> Option<QualifiedUrl> {
        let text = self.plain(field)?;
        match QualifiedUrl::from_str(&text) {
            Ok(url) => Some(url),
            Err(_) => {
                self.warn(field, "is not an absolute URL; it is left out");
                None
            }
        }
    }

    /// A list of names (`[{"family": …, "given": …}, {"literal": …}]`). An element that
    /// is no name is warned about and skipped; the others are kept.
    pub(super) fn names(&mut self, field: &Field) -> Vec<Person> {
        let Ok(elements) = serde_json::from_str::<Vec<&RawValue>>(field.raw.get()) else {
            self.warn(field, "is not a list of names; it is left out");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(elements.len());
        for element in elements {
            let at = self.sink.range_of(element);
            match serde_json::from_str::<Value>(element.get()) {
                Ok(Value::Object(parts)) => match person(&parts) {
                    Some(p) => out.push(p),
                    None => self.warn_at(
                        at,
                        field,
                        "has a name with no `family`, `given` or `literal` text; it is left out",
                    ),
                },
                // Not CSL-JSON, but plain about what it means.
                Ok(Value::String(s)) if !s.trim().is_empty() => {
                    self.warn_at(
                        at,
                        field,
                        "has a name written as a string, not an object; it is read as a literal name",
                    );
                    out.push(literal(s.trim()));
                }
                _ => self.warn_at(
                    at,
                    field,
                    "has an element that is not a name; it is left out",
                ),
            }
        }
        out
    }
}

/// A CSL name object as hayagriva's person: its family name carries the non-dropping
/// particle ("van Gogh"), which hayagriva finds there by its list of particles, and its
/// prefix is the dropping one ("Ludwig van Beethoven" sorts under B) — the split
/// hayagriva's own CSL-JSON reader makes.
fn person(parts: &serde_json::Map<String, Value>) -> Option<Person> {
    let part = |key: &str| {
        parts
            .get(key)
            .and_then(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
    };
    if let Some(l) = part("literal") {
        return Some(literal(&l));
    }
    let given = part("given");
    let (name, given_name) = match (part("family"), given) {
        (Some(family), given) => (
            match part("non-dropping-particle") {
                Some(particle) => format!("{particle} {family}"),
                None => family,
            },
            given,
        ),
        // A single name (Aristotle) given as a given name stands alone.
        (None, Some(given)) => (given, None),
        (None, None) => return None,
    };
    let comma_suffix = match parts.get("comma-suffix") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        Some(Value::String(s)) => s == "true" || s == "1",
        _ => false,
    };
    Some(Person {
        name,
        given_name,
        prefix: part("dropping-particle"),
        suffix: part("suffix"),
        comma_suffix,
        alias: None,
    })
}

/// A name kept whole (an institution): hayagriva treats a person with no given name,
/// prefix or suffix as institutional and never splits or initials it.
fn literal(name: &str) -> Person {
    Person {
        name: name.to_string(),
        given_name: None,
        prefix: None,
        suffix: None,
        comma_suffix: false,
        alias: None,
    }
}
