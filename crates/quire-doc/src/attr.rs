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
