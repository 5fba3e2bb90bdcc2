//! Anchoring speed: 1,000 annotations (with position selectors, as `export` writes
//! them) on the article repeated 40 times, and the article's own 45 annotations
//! (quote selectors only). The article is read as plain paragraphs, without a Markdown
//! parser, to keep this crate format-neutral.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_annotate::{AnchorOptions, AnnotationSet, anchor, plain_body};
use quire_doc::{Attr, Block, BlockKind, Document, Inline, InlineKind, Span, plain_text};

fn article(times: usize) -> Document {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../source/article.md");
    let src = std::fs::read_to_string(root).unwrap_or_default();
    let body = src.splitn(3, "---").nth(2).unwrap_or(&src);
    let paras: Vec<String> = body
        .split("\n\n")
        .map(|p| p.trim().trim_start_matches('#').trim().replace('\n', " "))
        .filter(|p| !p.is_empty() && !p.starts_with(":::"))
        .collect();
    let mut blocks = Vec::new();
    for copy in 0..times {
        for (i, p) in paras.iter().enumerate() {
            blocks.push(Block {
                attr: Attr::with_id(format!("p{copy}-{i}")),
                kind: BlockKind::Paragraph {
                    content: vec![Inline::new(
                        InlineKind::Text { text: p.clone() },
                        Span::default(),
                    )],
                },
                span: Span::default(),
            });
        }
    }
    Document {
        blocks,
        ..Document::default()
    }
}

/// `n` annotations spread evenly over the text, with quote and position selectors.
fn annotations(text: &str, n: usize) -> AnnotationSet {
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let step = chars.len() / (n + 1);
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let start = (i + 1) * step;
            let end = (start + 30).min(chars.len());
            serde_json::json!({
                "id": format!("urn:bench:{i}"), "type": "Annotation",
                "body": {"type": "TextualBody", "value": "A note."},
                "target": {"selector": [
                    {"type": "TextQuoteSelector", "exact": slice(start, end),
                     "prefix": slice(start.saturating_sub(32), start), "suffix": slice(end, (end + 32).min(chars.len()))},
                    {"type": "TextPositionSelector", "start": start, "end": end}
                ]}
            })
        })
        .collect();
    AnnotationSet::from_json(
        quire_doc::FileId(1),
        &serde_json::Value::Array(items).to_string(),
    )
    .expect("bench set")
}

fn bench(c: &mut Criterion) {
    let big = article(40);
    let set = annotations(&plain_text(&big), 1000);
    c.bench_function("anchor 1000 annotations on the 40x article", |b| {
        b.iter(|| {
            anchor(
                black_box(big.clone()),
                &set,
                &AnchorOptions::default(),
                &mut plain_body,
            )
        })
    });
    let one = article(1);
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../source/annotations.json"
    ))
    .unwrap_or_default();
    let real = AnnotationSet::from_json(quire_doc::FileId(1), &json).expect("annotations");
    c.bench_function("anchor the 45 article annotations (quotes only)", |b| {
        b.iter(|| {
            anchor(
                black_box(one.clone()),
                &real,
                &AnchorOptions::default(),
                &mut plain_body,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
