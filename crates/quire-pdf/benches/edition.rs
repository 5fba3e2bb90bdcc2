//! The whole PDF edition: document model → layout → PDF bytes, for the article and for
//! the article repeated 40 times (about 300 pages), to show the cost is linear.

use criterion::{Criterion, criterion_group, criterion_main};
use quire_pdf::{EditionOptions, pdf};

fn article_source(copies: usize) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../source/article.md");
    let src = std::fs::read_to_string(path).expect("source/article.md");
    if copies == 1 {
        return src;
    }
    // One front matter, the body repeated; explicit ids removed so copies stay unique.
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
    let mut group = c.benchmark_group("pdf_edition");
    for (name, copies) in [("article", 1), ("article_x40", 40)] {
        let doc =
            quire_markdown::parse(quire_doc::FileId(0), "article.md", &article_source(copies))
                .expect("parses")
                .document;
        let opts = EditionOptions::default();
        let bytes = pdf(&doc, &quire_doc::Assets::new(), &opts)
            .expect("the edition builds")
            .bytes;
        eprintln!("{name}: {} bytes", bytes.len());
        if copies > 1 {
            group.sample_size(10);
        }
        group.bench_function(name, |b| {
            b.iter(|| pdf(std::hint::black_box(&doc), &quire_doc::Assets::new(), &opts))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
