//! Identifiers, classes and key/value attributes carried by nodes.

use serde::{Deserialize, Serialize};

/// Attributes of a node: its identifier, classes and other key/value pairs, in the
/// order they were written (pairs are a list, not a map, so output is deterministic).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Attr {
    /// The identifier; for blocks always set (see the crate doc on stable ids).
    pub id: String,
    /// Classes such as `source-note`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// Other attributes as `(key, value)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<(String, String)>,
}

impl Attr {
    /// Attributes with just an identifier.
    pub fn with_id(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }

    /// Whether the class list contains `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.classes.iter().any(|c| c == class)
    }

    /// The value of attribute `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Classes the editions style that are meant for authors (`::: source-note`,
/// `{.center}` …); every other class a stylesheet uses is the editions' own.
pub const AUTHOR_CLASSES: &[&str] = &[
    "source-note",
    "standfirst",
    "kicker",
    "subtitle",
    "center",
    "left",
    "right",
    "tight",
];

/// The class names a stylesheet's selectors use (`.sn`, `.skip` …): an edition's own
/// furniture, which a class written in the source must not trigger (a `{.skip}` would
/// hide text the PDF prints).
pub fn stylesheet_classes(css: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut depth_text = String::new();
    let mut comment = false;
    let bytes: Vec<char> = css.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if comment {
            if c == '*' && bytes.get(i + 1) == Some(&'/') {
                comment = false;
                i += 1;
            }
        } else if c == '/' && bytes.get(i + 1) == Some(&'*') {
            comment = true;
            i += 1;
        } else if c == '{' {
            // `depth_text` is a selector (or an at-rule's prelude).
            let sel: Vec<char> = depth_text.chars().collect();
            for (k, &ch) in sel.iter().enumerate() {
                if ch == '.' && sel.get(k + 1).is_some_and(|n| n.is_ascii_alphabetic()) {
                    let name: String = sel[k + 1..]
                        .iter()
                        .take_while(|n| n.is_ascii_alphanumeric() || **n == '-' || **n == '_')
                        .collect();
                    out.insert(name);
                }
            }
            depth_text.clear();
        } else if c == '}' || c == ';' {
            depth_text.clear();
        } else {
            depth_text.push(c);
        }
        i += 1;
    }
    out
}
