use quire_doc::enrich::{glossary, paragraph_number};
use quire_doc::{
    Attr, Block, BlockKind, Document, Inline, InlineKind, Span, TextRange, plain_text,
};

use crate::*;

fn text(s: &str) -> Inline {
    Inline::new(InlineKind::Text { text: s.into() }, Span::default())
}

fn para(id: &str, s: &str) -> Block {
    Block {
        attr: Attr::with_id(id),
        kind: BlockKind::Paragraph {
            content: vec![text(s)],
        },
        span: Span::default(),
    }
}

fn doc(paras: &[&str]) -> Document {
    Document {
        blocks: paras
            .iter()
            .enumerate()
            .map(|(i, p)| para(&format!("p{i}"), p))
            .collect(),
        ..Document::default()
    }
}

const P0: &str = "Building a global community of shared future is a major original concept put forward by President Xi Jinping.";
const P1: &str = "China launched the Global Development Initiative (GDI) in 2021. The GDI has since drawn support, and the GDI Group of Friends meets.";
const P2: &str = "We worked for the early launch of the Free Trade Area of the Asia-Pacific (FTAAP) and the Shanghai Spirit.";

fn set(json: &str) -> AnnotationSet {
    AnnotationSet::from_json(quire_doc::FileId(7), json).expect("valid set")
}

fn one(exact: &str, prefix: &str, suffix: &str) -> AnnotationSet {
    set(&serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [{
            "id": "urn:x:anno:one", "type": "Annotation", "motivation": "commenting",
            "body": {"type": "TextualBody", "value": "A note.\n\nSecond paragraph.", "format": "text/plain"},
            "target": {"selector": {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}}
        }]}
    })
    .to_string())
}

fn run(d: Document, s: &AnnotationSet) -> Anchoring {
    anchor(d, s, &AnchorOptions::default(), &mut plain_body)
}

#[test]
fn anchors_an_exact_quote_and_parses_the_body() {
    let d = doc(&[P0, P1]);
    let r = run(
        d,
        &one(
            "Global Development Initiative",
            "China launched the ",
            " (GDI) in 2021",
        ),
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let a = &r.document.annotations[0];
    assert_eq!(a.quote, "Global Development Initiative");
    assert_eq!(a.slug, "note-one");
    assert_eq!(a.body.len(), 2);
    let text: Vec<char> = plain_text(&r.document).chars().collect();
    assert_eq!(
        text[a.target.start..a.target.end]
            .iter()
            .collect::<String>(),
        a.quote
    );
}

#[test]
fn reanchors_after_words_change_inside_and_around_the_quote() {
    let changed = P1
        .replace("China launched", "In 2021 China proposed")
        .replace("Development Initiative", "Developmental Initiative");
    let r = run(
        doc(&[P0, &changed]),
        &one(
            "Global Development Initiative",
            "China launched the ",
            " (GDI) in 2021",
        ),
    );
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    assert_eq!(
        r.document.annotations[0].quote,
        "Global Developmental Initiative"
    );
    assert!(matches!(
        r.outcomes[0],
        Outcome::Anchored(Found::Approximate(_))
    ));
    assert_eq!(r.diagnostics.len(), 1, "a warning suggests exporting");
}

#[test]
fn follows_a_moved_paragraph_and_uses_context_to_choose() {
    let s = one("GDI", "Initiative (", ") in 2021");
    let r = run(doc(&[P2, P1, P0]), &s);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let a = &r.document.annotations[0];
    let text = plain_text(&r.document);
    let before: String = text.chars().take(a.target.start).collect();
    assert!(
        before.ends_with("Initiative ("),
        "took the defining GDI, not a later one"
    );
}

#[test]
fn a_deleted_passage_is_an_orphan_with_the_nearest_candidate() {
    let s = one("the Shanghai Spirit", "Asia-Pacific (FTAAP) and ", ".");
    let r = run(doc(&[P0, P1]), &s);
    assert!(r.has_errors());
    assert!(r.document.annotations.is_empty());
    let d = &r.diagnostics[0];
    assert!(
        d.message.contains("urn:x:anno:one") && d.message.contains("matches nowhere"),
        "{}",
        d.message
    );
    assert!(d.hints[0].starts_with("nearest candidate"), "{:?}", d.hints);
    let allowed = anchor(
        doc(&[P0, P1]),
        &s,
        &AnchorOptions {
            allow_orphans: true,
        },
        &mut plain_body,
    );
    assert!(!allowed.has_errors());
    // The diagnostic points at the annotation's id in its file.
    assert_eq!(allowed.diagnostics[0].span.file, quire_doc::FileId(7));
    assert!(!allowed.diagnostics[0].span.is_empty());
}

#[test]
fn identical_contexts_without_a_position_are_ambiguous() {
    let r = run(
        doc(&[P0, P0]),
        &one("global community", "Building a ", " of shared future"),
    );
    assert!(
        matches!(
            r.outcomes[0],
            Outcome::Orphaned(Unanchored::Ambiguous { .. })
        ),
        "{:?}",
        r.outcomes
    );
    assert!(r.has_errors());
}

#[test]
fn export_writes_fresh_selectors_that_anchor_at_their_position() {
    let s = one(
        "Global Development Initiative",
        "China launched the ",
        " (GDI) in 2021",
    );
    let r = run(doc(&[P2, P1]), &s);
    let text = plain_text(&r.document);
    let exported = s.export(&r.document, &text);
    let again = set(&exported);
    let item = &again.items[0];
    assert_eq!(item.position, Some(r.document.annotations[0].target));
    assert_eq!(item.quote.prefix.chars().count(), CONTEXT_CHARS);
    let r2 = run(doc(&[P2, P1]), &again);
    assert!(matches!(
        r2.outcomes[0],
        Outcome::Anchored(Found::AtPosition(_))
    ));
    assert!(
        exported.contains("\"motivation\": \"commenting\""),
        "other properties kept"
    );
    assert_eq!(
        again.export(&r2.document, &text),
        exported,
        "export is a fixed point"
    );
}

#[test]
fn rejects_malformed_files_with_typed_errors() {
    assert!(matches!(
        AnnotationSet::from_json(quire_doc::FileId(7), "{"),
        Err(AnnotateError::Json { .. })
    ));
    let no_quote = r#"[{"id":"a","body":{"value":"x"},"target":{"selector":{"type":"TextPositionSelector","start":0,"end":1}}}]"#;
    assert!(matches!(
        AnnotationSet::from_json(quire_doc::FileId(7), no_quote),
        Err(AnnotateError::Invalid { .. })
    ));
}

#[test]
fn numbers_paragraphs_and_marks_abbreviations_without_changing_the_text() {
    let d = doc(&[P0, P1, P2]);
    let before = plain_text(&d);
    let d = enrich(d);
    assert_eq!(plain_text(&d), before);
    let numbers: Vec<_> = d.blocks.iter().map(paragraph_number).collect();
    assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
    let g = glossary(&d);
    let pairs: Vec<_> = g
        .iter()
        .map(|e| (e.abbr.as_str(), e.expansion.as_str(), e.id.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("GDI", "Global Development Initiative", "abbr-gdi"),
            ("FTAAP", "Free Trade Area of the Asia-Pacific", "abbr-ftaap")
        ]
    );
    let BlockKind::Paragraph { content } = &d.blocks[1].kind else {
        panic!()
    };
    let uses = content
        .iter()
        .filter(|i| quire_doc::enrich::abbreviation(i).is_some())
        .count();
    assert_eq!(uses, 3, "the definition and two later uses");
}

#[test]
fn positions_out_of_range_do_not_panic() {
    let json = r#"[{"id":"a","body":{"value":"x"},"target":{"selector":[
        {"type":"TextQuoteSelector","exact":"major"},
        {"type":"TextPositionSelector","start":5000,"end":5005}]}}]"#;
    let r = run(doc(&[P0]), &set(json));
    assert_eq!(
        r.document.annotations[0].target,
        TextRange { start: 50, end: 55 }
    );
}

#[test]
fn a_hypothesis_export_becomes_w3c_annotations_and_anchors() {
    let export = include_str!("../../../tests/fixtures/hypothesis/article-export.json");
    let imported = from_hypothesis(export).expect("an export");
    assert_eq!(imported.annotations.len(), 2);
    let why: Vec<&str> = imported.skipped.iter().map(|(_, w)| w.as_str()).collect();
    assert!(why[0].starts_with("a reply"), "{why:?}");
    assert!(why[1].starts_with("a page note"), "{why:?}");
    assert!(why[2].starts_with("a highlight"), "{why:?}");
    let (file, added) = append_annotations(None, imported.annotations.clone()).unwrap();
    assert_eq!(added, 2);
    // Appending the same export again adds nothing.
    let (again, added) = append_annotations(Some(&file), imported.annotations).unwrap();
    assert_eq!(added, 0);
    assert_eq!(again, file);
    let set = set(&file);
    let first = &set.items[0];
    assert_eq!(first.id, "https://hypothes.is/a/Xq9kT2a1EfC4bQ");
    assert_eq!(first.creator.as_deref(), Some("A. Translator"));
    assert_eq!(first.modified.as_deref(), Some("2026-11-29T16:02:44.118Z"));
    assert_eq!(first.tags, ["terminology", "translation"]);
    assert_eq!(first.body.format, "text/markdown");
    assert!(first.body.value.contains("人类命运共同体"));
    // Hypothesis's character positions count another page's text: not kept.
    assert_eq!(first.position, None);
    // No display name: the account's name.
    assert_eq!(set.items[1].creator.as_deref(), Some("editor"));
    let r = run(doc(&[P0]), &set);
    assert_eq!(r.document.annotations.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(r.document.annotations[0].tags.len(), 2);
}

#[test]
fn layers_are_numbered_together_in_reading_order() {
    let d = doc(&[P0, P1]);
    let mut a = one(
        "GDI",
        "launched the Global Development Initiative (",
        ") in 2021",
    );
    a.label = "editor".into();
    let mut b = one("Building", "", " a global community");
    b.label = "translator".into();
    let first = run(d, &a).document;
    let both = anchor(first, &b, &AnchorOptions::default(), &mut plain_body).document;
    let seen: Vec<(&str, u32, String)> = both
        .annotations
        .iter()
        .map(|x| (x.layer.as_str(), x.number, x.marker()))
        .collect();
    assert_eq!(
        seen,
        [
            ("translator", 1, "a".to_string()),
            ("editor", 2, "b".to_string())
        ]
    );
    assert_eq!(
        quire_doc::annotation_layers(&both.annotations),
        ["translator", "editor"]
    );
    // Same IRI in two layers, two slugs.
    assert_ne!(both.annotations[0].slug, both.annotations[1].slug);
}
