//! Parsing the article into the document model, and a 40× concatenation to show the
//! cost stays linear in size.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn article() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../source/article.md");
    std::fs::read_to_string(path).expect("source/article.md")
}

/// The article body repeated `n` times under one front matter; explicit heading ids are
/// dropped from the copies so they stay unique.
fn repeated(n: usize) -> String {
    let src = article();
    let body_at = src[3..].find("\n---\n").map_or(0, |i| i + 3 + 5);
    let (front, body) = src.split_at(body_at);
    let body = body
        .replace(" {#achievements-of-2024}", "")
        .replace(" {#a-vision-for-our-times}", "")
        .replace(" {#tasks-for-2025}", "");
    let body = body
        .replace(" {#fig-focac-summit-logo}", "")
        .replace(" {#fig-harbin-ice-sculptures}", "");
    let mut out = front.to_string();
    for _ in 0..n {
        out.push_str(&body);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, n) in [("article", 1), ("article_x40", 40)] {
        let src = if n == 1 { article() } else { repeated(n) };
        // Check once, outside the timing, that the input really parses.
        assert!(
            quire_markdown::parse(quire_doc::FileId(0), "article.md", &src).is_ok(),
            "{name} must parse"
        );
        group.throughput(Throughput::Bytes(src.len() as u64));
        if n > 1 {
            group.sample_size(20);
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                quire_markdown::parse(
                    quire_doc::FileId(0),
                    "article.md",
                    std::hint::black_box(&src),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
