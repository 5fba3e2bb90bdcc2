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
    /// Publication date, ISO 8601 (`YYYY-MM-DD` or a full timestamp).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last modification, ISO 8601; editions fall back to `SOURCE_DATE_EPOCH`.
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

/// An ISO 8601 date as readers write it in English: `2025-01-16` → `16 January 2025`
/// (a time part is ignored); anything that is not a full date comes back unchanged.
pub fn human_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = iso.get(..10).unwrap_or("").split('-').collect();
    if let [y, m, d] = parts[..]
        && y.len() == 4
        && let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>())
        && (1..=12).contains(&m)
        && (1..=31).contains(&d)
    {
        return format!("{d} {} {y}", MONTHS[m - 1]);
    }
    iso.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_words() {
        assert_eq!(super::human_date("2025-01-16"), "16 January 2025");
        assert_eq!(super::human_date("2025-01-16T10:00:00Z"), "16 January 2025");
        assert_eq!(super::human_date("spring 2025"), "spring 2025");
        assert_eq!(super::human_date("2025-13-01"), "2025-13-01");
    }
}
