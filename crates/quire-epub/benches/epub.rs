//! Article → EPUB bytes, and the article repeated 40 times (a book-length document).
//!
//! Run with `cargo bench -p quire-epub`. Parsing is outside the measured loop: this
//! measures the backend alone. Targets (issue 4): under 10 ms and under 0.3 s.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_doc::Document;
use quire_epub::{EpubOptions, epub};

fn article() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../source/article.md");
    let src = std::fs::read_to_string(path).expect("source/article.md");
    quire_markdown::parse(quire_doc::FileId(0), "article.md", &src)
        .expect("article parses")
        .document
}

/// The article 40 times over, with ids made unique per copy.
fn book(doc: &Document) -> Document {
    let json = serde_json::to_string(doc).expect("serialise");
    let mut out = doc.clone();
    out.blocks.clear();
    out.notes.clear();
    for n in 0..40 {
        let copy: Document =
            serde_json::from_str(&json.replace("\"id\":\"", &format!("\"id\":\"c{n}-")))
                .expect("copy");
        out.blocks.extend(copy.blocks);
        out.notes.extend(copy.notes);
    }
    out
}

fn bench(c: &mut Criterion) {
    let doc = article();
    let big = book(&doc);
    let opts = EpubOptions {
        allow_raw_html: false,
        source_date_epoch: Some(0),
        ..EpubOptions::default()
    };
    c.bench_function("article → epub", |b| {
        b.iter(|| epub(black_box(&doc), &quire_doc::Assets::new(), &opts).unwrap())
    });
    let mut group = c.benchmark_group("book");
    group.sample_size(20);
    group.bench_function("40× article → epub", |b| {
        b.iter(|| epub(black_box(&big), &quire_doc::Assets::new(), &opts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
