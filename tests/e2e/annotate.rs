//! The annotation layer end to end: the article's real annotation set anchors exactly;
//! after the article is edited (words changed near and inside annotated passages, a
//! paragraph moved, a passage deleted) the annotations re-anchor and the deleted one is
//! reported as an orphan; export writes selectors that anchor at their positions.

use quire_annotate::{AnchorOptions, AnnotationSet, Found, Outcome, anchor, enrich};
use quire_doc::{Document, FileId, plain_text};
use quire_tests::root;

fn source() -> String {
    std::fs::read_to_string(root().join("source/article.md")).expect("article")
}

fn set() -> AnnotationSet {
    AnnotationSet::from_json(
        FileId(1),
        &std::fs::read_to_string(root().join("source/annotations.json")).expect("annotations"),
    )
    .expect("annotation file")
}

fn parse(src: &str) -> Document {
    enrich(
        quire_markdown::parse(quire_doc::FileId(0), "article.md", src)
            .expect("parses")
            .document,
    )
}

fn run(doc: Document, set: &AnnotationSet, allow_orphans: bool) -> quire_annotate::Anchoring {
    anchor(
        doc,
        set,
        &AnchorOptions { allow_orphans },
        &mut |body, prefix| quire_markdown::parse_fragment(FileId(2), &body.value, prefix),
    )
}

#[test]
fn annotate_every_annotation_of_the_article_anchors_exactly() {
    let set = set();
    assert!(set.items.len() >= 15);
    let r = run(parse(&source()), &set, false);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    for (item, outcome) in set.items.iter().zip(&r.outcomes) {
        assert!(
            matches!(
                outcome,
                Outcome::Anchored(Found::Exact(_) | Found::AtPosition(_))
            ),
            "{}: {outcome:?}",
            item.id
        );
    }
    let text: Vec<char> = plain_text(&r.document).chars().collect();
    for a in &r.document.annotations {
        assert_eq!(
            text[a.target.start..a.target.end]
                .iter()
                .collect::<String>(),
            a.quote
        );
    }
}

/// The paragraph that carries the "Shanghai Spirit" and "BRICS Summit" notes.
const MOVED: &str = "President Xi also conducted four significant overseas visits.";

fn edited() -> String {
    let src = source();
    // Words changed inside annotated passages and next to them.
    let src = src
        .replacen(
            "the Central Conference on Work Relating to Foreign Affairs defined",
            "the Central Conference on Work Related to Foreign Affairs defined",
            1,
        )
        .replacen(
            "At the Beijing Summit of the Forum on China-Africa Cooperation (FOCAC)",
            "At the Beijing summit of the Forum on China-Africa Cooperation (FOCAC)",
            1,
        )
        .replacen(
            "His European trip helped foster trust",
            "His European trip in May helped to foster trust",
            1,
        );
    // Move one paragraph to the end of the text, before the source note.
    let start = src.find(MOVED).expect("paragraph");
    let end = start + src[start..].find("\n\n").expect("paragraph end");
    let para = src[start..end].to_string();
    let src = format!("{}{}", &src[..start], &src[end + 2..]);
    let note = src.find("::: source-note").expect("source note");
    format!("{}{}\n\n{}", &src[..note], para, &src[note..])
}

#[test]
fn annotate_reanchors_after_edits_and_a_moved_paragraph() {
    let set = set();
    let r = run(parse(&edited()), &set, false);
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let by_id = |tail: &str| {
        let i = set
            .items
            .iter()
            .position(|a| a.id.ends_with(tail))
            .expect(tail);
        (
            r.outcomes[i].clone(),
            r.document
                .annotations
                .iter()
                .find(|a| a.id.ends_with(tail))
                .cloned(),
        )
    };
    let (outcome, anno) = by_id(":central-foreign-affairs-conference-2023");
    assert!(
        matches!(outcome, Outcome::Anchored(Found::Approximate(_))),
        "{outcome:?}"
    );
    assert_eq!(
        anno.expect("anchored").quote,
        "Central Conference on Work Related to Foreign Affairs"
    );
    let (_, shanghai) = by_id(":shanghai-spirit");
    let text = plain_text(&r.document);
    let at = text
        .chars()
        .take(shanghai.expect("anchored").target.start)
        .count();
    assert!(
        at > text.chars().count() / 2,
        "the moved paragraph's note followed it"
    );
    assert_eq!(r.document.annotations.len(), set.items.len());
}

#[test]
fn annotate_a_deleted_passage_is_an_orphan_naming_the_nearest_candidate() {
    let src = source();
    let start = src.find(MOVED).expect("paragraph");
    let end = start + src[start..].find("\n\n").expect("end");
    let cut = format!("{}{}", &src[..start], &src[end + 2..]);
    let set = set();
    let r = run(parse(&cut), &set, false);
    assert!(r.has_errors());
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.iter().any(|d| d.message.contains("shanghai-spirit")
            && d.hints.iter().any(|h| h.starts_with("nearest candidate"))),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .all(|d| d.span.file == FileId(1) && d.span.start > 0)
    );
    let allowed = run(parse(&cut), &set, true);
    assert!(!allowed.has_errors());
}

#[test]
fn annotate_export_heals_the_file() {
    let set = set();
    let r = run(parse(&edited()), &set, false);
    let text = plain_text(&r.document);
    let healed = AnnotationSet::from_json(FileId(1), &set.export(&r.document, &text))
        .expect("exported file parses");
    let again = run(parse(&edited()), &healed, false);
    assert!(again.diagnostics.is_empty(), "{:#?}", again.diagnostics);
    assert!(
        again
            .outcomes
            .iter()
            .all(|o| matches!(o, Outcome::Anchored(Found::AtPosition(_))))
    );
}
