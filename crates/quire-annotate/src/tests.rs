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
