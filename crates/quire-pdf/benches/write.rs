//! Writing realistic laid-out documents: the canonical article (one copy, ~6 pages)
//! and the article ten times over (~60 pages), to see that the cost is linear.
//! Layout is done once, outside the measurement: only `write_pdf` is timed.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_pdf::{PdfDate, PdfMeta, PdfOptions, write_pdf};

#[path = "../tests/support/sample.rs"]
mod sample;

fn bench(c: &mut Criterion) {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let book = sample::book();
    let article = std::fs::read_to_string(root.join("source/article.md")).expect("article");
    let paragraphs = sample::article_paragraphs(&article);
    let meta = PdfMeta {
        title: "Bench".into(),
        language: "en".into(),
        created: PdfDate::from_epoch(0),
        modified: PdfDate::from_epoch(0),
        ..PdfMeta::default()
    };
    let opts = PdfOptions::default();
    for copies in [1usize, 10] {
        let text: Vec<String> = (0..copies)
            .flat_map(|_| paragraphs.iter().cloned())
            .collect();
        let s = sample::sample(&book, &text, false);
        let bytes = write_pdf(&s.paged, &book, &meta, &opts).expect("write");
        eprintln!(
            "article x{copies}: {} pages, {} bytes",
            s.paged.pages.len(),
            bytes.len()
        );
        let mut group = c.benchmark_group("write_pdf");
        group.sample_size(if copies == 1 { 50 } else { 10 });
        group.bench_function(format!("article_x{copies}"), |b| {
            b.iter(|| write_pdf(&s.paged, &book, &meta, &opts).expect("write"))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
