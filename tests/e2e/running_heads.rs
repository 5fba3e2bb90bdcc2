//! Running heads (issue 14): versos carry the short title, rectos one level of heading,
//! cut where a reader expects a cut (no ellipsis when a clause or phrase boundary fits),
//! and no recto repeats the heading it opens with.

use quire_typeset::page::{ArtifactKind, Mark, PageItem, PagedDocument};
use quire_typeset::units::PageSize;

use crate::typography::{lay_out, line_text, trims};

/// The running head of each page (empty when there is none), its runs joined.
fn heads(paged: &PagedDocument) -> Vec<String> {
    paged
        .pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|i| match i {
                    PageItem::Text(r) if r.mark == Mark::Artifact(ArtifactKind::Header) => {
                        Some(r.text.as_str())
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The first line of content text of each page.
fn first_lines(paged: &PagedDocument) -> Vec<String> {
    paged
        .pages
        .iter()
        .map(|p| {
            let runs: Vec<_> = p
                .items
                .iter()
                .filter_map(|i| match i {
                    PageItem::Text(r) if matches!(r.mark, Mark::Content(_)) => Some(r),
                    _ => None,
                })
                .collect();
            let top = runs
                .iter()
                .map(|r| r.origin.y.0)
                .fold(f64::INFINITY, f64::min);
            line_text(
                runs.into_iter()
                    .filter(|r| (r.origin.y.0 - top).abs() < 0.01)
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn versos_carry_the_short_title_and_rectos_one_level_uncut() {
    let article = quire_tests::root().join("source/article.md");
    for (trim, page) in trims() {
        let (paged, _) = lay_out(&article, page);
        let heads = heads(&paged);
        let firsts = first_lines(&paged);
        assert_eq!(heads[0], "", "{trim}: the first page has no head");
        for (i, head) in heads.iter().enumerate().skip(1) {
            assert!(!head.contains('…'), "{trim} page {}: {head:?}", i + 1);
            if i % 2 == 1 {
                // The title cut before its "and": a clause, whole.
                assert_eq!(
                    head,
                    "Building a Global Community of Shared Future",
                    "{trim} page {}",
                    i + 1
                );
            } else {
                assert!(
                    ["", "I", "II", "III", "References", "Index"].contains(&head.as_str()),
                    "{trim} page {}: a recto carries the parts only, not {head:?}",
                    i + 1
                );
                assert!(
                    head.is_empty() || *head != firsts[i],
                    "{trim} page {}: the head repeats the heading below it",
                    i + 1
                );
            }
        }
        assert!(
            heads
                .iter()
                .any(|h| ["I", "II", "III"].contains(&h.as_str())),
            "{trim}: {heads:?}"
        );
    }
}

#[test]
fn front_matter_names_the_short_title_and_the_level() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("heads.md");
    let para = "A paragraph of running text long enough to fill a good part of a line. ".repeat(12);
    let mut md = String::from(
        "---\ntitle: \"A Title Long Enough: With a Subtitle That Runs On\"\nshort-title: Short Title\nrunning-head-level: 3\n---\n\n",
    );
    for part in 1..=3 {
        md.push_str(&format!("## Part {part}\n\n"));
        for section in 1..=3 {
            md.push_str(&format!("### Section {part}.{section}: a subtitle\n\n"));
            for _ in 0..4 {
                md.push_str(&para);
                md.push_str("\n\n");
            }
        }
    }
    std::fs::write(&path, md).unwrap();
    let (paged, _) = lay_out(&path, PageSize::a5());
    let heads = heads(&paged);
    assert!(heads.len() > 6, "{} pages", heads.len());
    for (i, head) in heads.iter().enumerate().skip(1) {
        if i % 2 == 1 {
            assert_eq!(head, "Short Title");
        } else if !head.is_empty() {
            assert!(head.starts_with("Section "), "page {}: {head:?}", i + 1);
        }
    }
}
