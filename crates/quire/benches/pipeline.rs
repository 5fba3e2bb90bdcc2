//! The whole pipeline as `quire build` runs it, through the library: the article loaded
//! from disk (with its annotations) and rendered as all three editions; the article
//! repeated 40 times (about 300 pages) loaded and rendered as a PDF.

use criterion::{Criterion, criterion_group, criterion_main};
use quire::{Format, LoadOptions, RenderOptions};

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The article's body repeated `copies` times under one front matter, explicit ids
/// removed so that the copies stay unique.
fn book(copies: usize) -> String {
    let src = std::fs::read_to_string(root().join("source/article.md")).expect("article");
    let body_at = src[3..].find("\n---\n").map_or(0, |i| i + 8);
    let (front, body) = src.split_at(body_at);
    let body: String = body
        .lines()
        .map(|l| l.split(" {#").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = front.to_string();
    for _ in 0..copies {
        out.push_str(&body);
        out.push_str("\n\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let opts = RenderOptions {
        source_date_epoch: Some(0),
        ..RenderOptions::default()
    };
    let article = LoadOptions::new(root().join("source/article.md"));
    c.bench_function("article: load + epub, html, pdf", |b| {
        b.iter(|| {
            let loaded = quire::load(&article).expect("loads");
            for (_, r) in quire::render_all(&Format::ALL, &loaded, &opts) {
                r.expect("renders");
            }
        })
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.md");
    std::fs::write(&path, book(40)).expect("write the book");
    let mut forty = LoadOptions::new(&path);
    forty.annotations = quire::AnnotationSource::Off;
    let mut group = c.benchmark_group("book_x40");
    group.sample_size(10);
    group.bench_function("load + pdf", |b| {
        b.iter(|| {
            let loaded = quire::load(&forty).expect("loads");
            quire::render(Format::Pdf, &loaded, &opts).expect("renders")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
