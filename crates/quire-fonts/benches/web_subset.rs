//! What a first page pays per face: HarfBuzz subsetting of a face to the characters of
//! the sample article (about 120 distinct characters with ASCII).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_fonts::Face;

fn characters() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../source/article.md");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut set: Vec<char> = text.chars().chain(' '..='~').collect();
    set.sort_unstable();
    set.dedup();
    set.into_iter().collect()
}

fn bench(c: &mut Criterion) {
    let chars = characters();
    for (name, face) in [
        ("upright", Face::SerifRegular),
        ("italic", Face::SerifItalic),
        ("mono", Face::Mono),
    ] {
        c.bench_function(&format!("web_subset {name}, article characters"), |b| {
            b.iter(|| quire_fonts::web_subset(face, black_box(&chars)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
