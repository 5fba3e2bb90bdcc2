//! Whole-document layout: `Document` → `PagedDocument`.
//!
//! * `layout/article`: the canonical article (about 8 pages), fonts loaded once outside
//!   the loop, a fresh typesetter (empty shaping cache) per iteration, as in a build.
//! * `layout/article_x40`: the article's body repeated 40 times (about 300 pages), to
//!   show that the cost is linear in length.
//!
//! Run with `cargo bench -p quire-typeset --bench layout`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_doc::Document;
use quire_typeset::{FontBook, LayoutOptions, layout};

fn article() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../source/article.md");
    let src = std::fs::read_to_string(path).expect("article");
    quire_markdown::parse(quire_doc::FileId(0), "article.md", &src)
        .expect("article parses")
        .document
}

fn repeated(doc: &Document, times: usize) -> Document {
    let mut out = doc.clone();
    for k in 1..times {
        out.blocks.extend(doc.blocks.iter().cloned().map(|mut b| {
            b.attr.id = format!("{}-{k}", b.attr.id);
            b
        }));
    }
    out
}

fn bench(c: &mut Criterion) {
    let book = FontBook::quire_default().expect("fonts");
    let opts = LayoutOptions::default();
    let one = article();
    let forty = repeated(&one, 40);
    let pages = |d: &Document| {
        layout(d, &quire_doc::Assets::new(), &book, &opts).map_or(0, |p| p.pages.len())
    };
    eprintln!(
        "article: {} pages; x40: {} pages",
        pages(&one),
        pages(&forty)
    );
    let mut group = c.benchmark_group("layout");
    group.sample_size(20);
    group.bench_function("article", |b| {
        b.iter(|| {
            layout(black_box(&one), &quire_doc::Assets::new(), &book, &opts).map(|p| p.pages.len())
        })
    });
    group.sample_size(10);
    group.bench_function("article_x40", |b| {
        b.iter(|| {
            layout(black_box(&forty), &quire_doc::Assets::new(), &book, &opts)
                .map(|p| p.pages.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
