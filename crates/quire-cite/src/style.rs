//! Citation styles: by name from the CSL styles hayagriva bundles, or a `.csl` file; and
//! the CSL locale for the document's language.

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style, StyleClass};

/// The style used when the document names none: the author-date style Pandoc uses by
/// default, so manuscripts move between the two unchanged.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// A style ready to render with.
#[derive(Debug, Clone)]
pub struct CiteStyle {
    pub(crate) style: IndependentStyle,
}

impl CiteStyle {
    /// The style bundled under `name` (`apa`, `chicago-notes`, `ieee` … — the names
    /// hayagriva's archive knows), if there is one.
    pub fn by_name(name: &str) -> Option<CiteStyle> {
        let style = independent(ArchivedStyle::by_name(name)?.get())?;
        Some(CiteStyle::new(style))
    }

    /// A style from the text of a `.csl` file. A dependent style must name a parent that
    /// the bundled styles hold.
    pub fn from_csl(xml: &str) -> Result<CiteStyle, String> {
        let style = Style::from_xml(xml).map_err(|e| e.to_string())?;
        match style {
            Style::Independent(s) => Ok(CiteStyle::new(s)),
            Style::Dependent(d) => {
                let parent = ArchivedStyle::by_id(&d.parent_link.href)
                    .and_then(|p| independent(p.get()))
                    .ok_or_else(|| {
                        format!(
                            "it is a dependent style whose parent ({}) is not one of the bundled styles",
                            d.parent_link.href
                        )
                    })?;
                let mut parent = CiteStyle::new(parent);
                if d.default_locale.is_some() {
                    parent.style.default_locale = d.default_locale;
                }
                Ok(parent)
            }
        }
    }

    fn new(style: IndependentStyle) -> CiteStyle {
        CiteStyle { style }
    }

    /// Whether citations go into notes (Chicago notes and the like) rather than the line.
    pub fn is_note_style(&self) -> bool {
        self.style.settings.class == StyleClass::Note
    }

    /// Whether the style defines a bibliography at all (some note styles do not).
    pub fn has_bibliography(&self) -> bool {
        self.style.bibliography.is_some()
    }

    /// The style's title, for messages.
    pub fn title(&self) -> &str {
        &self.style.info.title.value
    }
}

fn independent(style: Style) -> Option<IndependentStyle> {
    match style {
        Style::Independent(s) => Some(s),
        Style::Dependent(d) => match ArchivedStyle::by_id(&d.parent_link.href)?.get() {
            Style::Independent(mut s) => {
                if d.default_locale.is_some() {
                    s.default_locale = d.default_locale;
                }
                Some(s)
            }
            Style::Dependent(_) => None,
        },
    }
}

/// The bundled CSL locales a document in `code` draws its terms from, in the order
/// hayagriva looks in them: its own (`de-AT`), its language's primary dialect (`de-DE`,
/// citationberg's table) and `en-US`, CSL's last resort. No other locale file can be
/// consulted, so no other is decoded (each costs about a millisecond); only the
/// `xml:lang` of each archived one is read to choose.
pub(crate) fn locales_for(code: &LocaleCode) -> Vec<Locale> {
    let wanted: Vec<String> = [
        Some(code.clone()),
        code.fallback(),
        Some(LocaleCode::en_us()),
    ]
    .into_iter()
    .flatten()
    .map(|c| c.0)
    .collect();
    hayagriva::archive::LOCALES
        .iter()
        .filter(|bytes| lang_of(bytes).is_some_and(|l| wanted.contains(&l)))
        .filter_map(|bytes| ciborium::from_reader::<Locale, _>(*bytes).ok())
        .collect()
}

/// The `xml:lang` of an archived locale, read without decoding the rest (it is the
/// map's first entry, so this reads a few bytes of each).
fn lang_of(mut bytes: &[u8]) -> Option<String> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct FirstLang;
    impl<'de> Visitor<'de> for FirstLang {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a CSL locale")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "@xml:lang" {
                    return map.next_value().map(Some);
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(None)
        }
    }
    struct LangOnly(Option<String>);
    impl<'de> serde::Deserialize<'de> for LangOnly {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(FirstLang).map(LangOnly)
        }
    }
    ciborium::from_reader::<LangOnly, _>(&mut bytes)
        .ok()
        .and_then(|l| l.0)
}

/// The CSL locale for a BCP 47 language tag: CSL's locales are language–region
/// (`en-US`, `de-DE`), so a bare language takes its most common region.
pub fn locale_for(language: &str) -> LocaleCode {
    let lang = language.trim();
    if lang.contains('-') {
        let mut parts = lang.split('-');
        let primary = parts.next().unwrap_or("en").to_ascii_lowercase();
        let rest: Vec<&str> = parts.collect();
        // zh-Hant / zh-TW read as Taiwanese Chinese, other scripts are dropped.
        let region = rest
            .iter()
            .find(|p| p.len() == 2)
            .map(|r| r.to_ascii_uppercase())
            .or_else(|| {
                rest.iter()
                    .any(|p| p.eq_ignore_ascii_case("hant"))
                    .then(|| "TW".into())
            });
        if let Some(region) = region {
            return LocaleCode(format!("{primary}-{region}"));
        }
        return locale_for(&primary);
    }
    let region = match lang.to_ascii_lowercase().as_str() {
        "en" => "US",
        "zh" => "CN",
        "ja" => "JP",
        "ko" => "KR",
        "pt" => "PT",
        "sv" => "SE",
        "da" => "DK",
        "el" => "GR",
        "cs" => "CZ",
        "uk" => "UA",
        "he" => "IL",
        "fa" => "IR",
        "ar" => "AR",
        "nb" | "nn" | "no" => return LocaleCode("nb-NO".into()),
        "ca" => "AD",
        "et" => "EE",
        "vi" => "VN",
        other => return LocaleCode(format!("{other}-{}", other.to_ascii_uppercase())),
    };
    LocaleCode(format!("{}-{region}", lang.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_styles_by_name_and_their_class() {
        let default = CiteStyle::by_name(DEFAULT_STYLE).expect("bundled");
        assert!(!default.is_note_style() && default.has_bibliography());
        let notes = CiteStyle::by_name("chicago-notes").expect("bundled");
        assert!(notes.is_note_style());
        assert!(CiteStyle::by_name("no-such-style").is_none());
    }

    #[test]
    fn a_bare_language_gets_a_region() {
        assert_eq!(locale_for("en").0, "en-US");
        assert_eq!(locale_for("de").0, "de-DE");
        assert_eq!(locale_for("fr-CA").0, "fr-CA");
        assert_eq!(locale_for("zh-Hant").0, "zh-TW");
        assert_eq!(locale_for("zh-Hans").0, "zh-CN");
    }

    #[test]
    fn a_documents_locales_are_its_language_and_the_fallback() {
        let codes = |l: &str| -> Vec<String> {
            locales_for(&locale_for(l))
                .into_iter()
                .filter_map(|l| l.lang.map(|c| c.0))
                .collect()
        };
        assert_eq!(codes("de"), ["de-DE", "en-US"]);
        assert_eq!(codes("de-AT"), ["de-AT", "de-DE", "en-US"]);
        assert_eq!(codes("en"), ["en-US"]);
        assert_eq!(codes("en-GB"), ["en-GB", "en-US"]);
    }

    #[test]
    fn a_broken_csl_file_says_why() {
        assert!(CiteStyle::from_csl("<style").is_err());
    }
}
