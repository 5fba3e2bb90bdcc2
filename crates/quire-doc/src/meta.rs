//! Document metadata, as read from the front matter.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What the front matter says about the document.
///
/// Known keys are typed fields; every other key is kept, untouched, in [`Meta::extra`]
/// so that nothing the author wrote is lost on the way through the model.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// The document's title, as inline text (no markup).
    pub title: String,
    /// An optional subtitle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Authors in the order given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// BCP 47 language tag of the text, such as `en` or `fr-CA`.
    pub language: String,
    /// A stable identifier, typically `urn:uuid:…`; editions use it as their identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Publication date as checked by [`crate::Date::parse`] and written in its ISO 8601
    /// form (`2025`, `2025-01`, `2025-01-16` or a UTC timestamp); read it with
    /// [`Meta::published`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last modification, in the same form; editions fall back to `SOURCE_DATE_EPOCH`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// The publication the text comes from (journal, issue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The publisher of this edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Rights statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// A one-paragraph description, used by catalogues and link previews.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Subject keywords.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Every front-matter key the model does not know, kept as written.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Front-matter key: whether capitalised words are hyphenated (`true`/`false`); absent,
/// the language decides (German yes, where every noun is capitalised; others no, where
/// a capital mostly starts a name). Print and the e-book's soft hyphens both read it.
pub const HYPHENATE_CAPITALS_KEY: &str = "hyphenate-capitalized";

impl Meta {
    /// What the front matter says of hyphenating capitalised words
    /// ([`HYPHENATE_CAPITALS_KEY`]), if it says anything.
    pub fn hyphenate_capitals(&self) -> Option<bool> {
        self.extra
            .get(HYPHENATE_CAPITALS_KEY)
            .and_then(|v| v.as_bool())
    }

    /// The publication date, typed (`None` if absent or, for a document not read by the
    /// Markdown front end, not a date).
    pub fn published(&self) -> Option<crate::Date> {
        self.date
            .as_deref()
            .and_then(|d| crate::Date::parse(d).ok())
    }

    /// The modification date, typed.
    pub fn revised(&self) -> Option<crate::Date> {
        self.modified
            .as_deref()
            .and_then(|d| crate::Date::parse(d).ok())
    }
}

/// Whether `s` is a BCP 47 language tag as far as the editions need (`en`, `fr-CA`,
/// `zh-Hant-TW`): a primary subtag of 2–8 letters, then subtags of 1–8 letters and digits.
/// Not a registry check; it keeps quotes, spaces and markup out of `lang` attributes.
pub fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
