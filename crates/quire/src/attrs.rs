//! The load stage's attribute pass: what a source writes in `{…}` attributes may not
//! change how an edition works. A class the editions' own stylesheets use (`.sn`,
//! `.skip` …, which position or hide the web page's furniture) is dropped, a `dir` other
//! than `ltr`, `rtl` or `auto` and a `lang` that is not a language tag are dropped; each
//! with a warning at the node. Runs before enrichment, whose own classes are meant.

use std::collections::BTreeSet;

use quire_doc::{Attr, Diagnostic, Document, Span, for_each_attr_mut};

/// Checks every attribute of `doc`.
pub fn check(doc: &mut Document, diagnostics: &mut Vec<Diagnostic>) {
    let reserved = reserved();
    for_each_attr_mut(doc, &mut |attr, span| {
        clean(attr, span, reserved, diagnostics)
    });
}

/// The classes the editions' stylesheets give a meaning, read from the stylesheets once
/// per process (reading them took as long as the rest of the attribute pass).
fn reserved() -> &'static BTreeSet<String> {
    static RESERVED: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    RESERVED.get_or_init(|| {
        let mut reserved = quire_html::reserved_classes();
        reserved.extend(quire_epub::reserved_classes());
        reserved.retain(|c| !quire_doc::AUTHOR_CLASSES.contains(&c.as_str()));
        reserved
    })
}

fn clean(attr: &mut Attr, span: Span, reserved: &BTreeSet<String>, out: &mut Vec<Diagnostic>) {
    attr.classes.retain(|class| {
        let ok = !reserved.contains(class);
        if !ok {
            out.push(
                Diagnostic::warning(
                    span,
                    format!("the class `{class}` is the editions' own and is ignored"),
                )
                .with_hint("choose another class name"),
            );
        }
        ok
    });
    attr.pairs.retain(|(key, value)| {
        let problem = match key.as_str() {
            "dir" if !matches!(value.as_str(), "ltr" | "rtl" | "auto") => {
                Some(format!("`dir` must be ltr, rtl or auto, not `{value}`"))
            }
            "lang" if !quire_doc::is_language_tag(value) => Some(format!(
                "`lang` must be a language tag such as `en` or `zh-Hant`, not `{value}`"
            )),
            _ => None,
        };
        if let Some(message) = &problem {
            out.push(Diagnostic::warning(
                span,
                format!("{message}; it is ignored"),
            ));
        }
        problem.is_none()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_classes_and_bad_values_are_dropped() {
        let reserved: BTreeSet<String> = ["sn".to_string(), "skip".to_string()].into();
        let mut attr = Attr {
            id: "x".into(),
            classes: vec!["sn".into(), "mine".into(), "skip".into()],
            pairs: vec![
                ("dir".into(), "sideways".into()),
                ("lang".into(), "zh-Hant".into()),
                ("lang".into(), "\"><script>".into()),
            ],
        };
        let mut out = Vec::new();
        clean(&mut attr, Span::detached(), &reserved, &mut out);
        assert_eq!(attr.classes, ["mine"]);
        assert_eq!(attr.pairs, [("lang".to_string(), "zh-Hant".to_string())]);
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn the_web_stylesheet_reserves_its_note_and_skip_classes() {
        let reserved = quire_html::reserved_classes();
        assert!(
            reserved.contains("sn") && reserved.contains("skip"),
            "{reserved:?}"
        );
        assert!(!reserved.contains("5em"));
    }
}
