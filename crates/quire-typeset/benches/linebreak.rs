//! Shaping, hyphenation and Knuth–Plass breaking of the whole seed article (≈25 KB),
//! every paragraph justified at 11 pt on a 30 em measure.
//!
//! * `article/cold`: a new `Typesetter` per iteration (empty shaping cache, hyphenation
//!   patterns loaded again): the cost of a one-shot build.
//! * `article/warm`: one `Typesetter` reused, as a build of many chapters would.
//! * `hyphenator/load_en`: loading the embedded English patterns alone (part of `cold`).
//!
//! Run with `cargo bench -p quire-typeset --bench linebreak`.

#[path = "../tests/support/fonts.rs"]
mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_typeset::{FontBook, FontStyle, Hyphenator, Inline, ParagraphOptions, Pt, Typesetter};

fn paragraphs() -> Vec<Vec<Inline<usize>>> {
    support::SEED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            vec![Inline::Text {
                text: l.to_string(),
                style: FontStyle::REGULAR,
                size: Pt(11.0),
                lang: None,
                source: i,
            }]
        })
        .collect()
}

fn typeset_all(
    ts: &mut Typesetter<'_>,
    paras: &[Vec<Inline<usize>>],
    opts: &ParagraphOptions,
) -> usize {
    paras
        .iter()
        .map(|p| ts.layout(p, opts).map_or(0, |l| l.lines.len()))
        .sum()
}

fn bench(c: &mut Criterion) {
    let book: FontBook = support::book();
    let paras = paragraphs();
    let opts = ParagraphOptions::new(Pt(11.0 * 30.0));
    let mut group = c.benchmark_group("article");
    group.bench_function("cold", |b| {
        b.iter(|| {
            let mut ts = Typesetter::new(&book);
            black_box(typeset_all(&mut ts, black_box(&paras), &opts))
        })
    });
    let mut ts = Typesetter::new(&book);
    group.bench_function("warm", |b| {
        b.iter(|| black_box(typeset_all(&mut ts, black_box(&paras), &opts)))
    });
    group.finish();
    c.bench_function("hyphenator/load_en", |b| {
        b.iter(|| black_box(Hyphenator::for_language("en")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
