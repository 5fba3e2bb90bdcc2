//! The cost of the cross-reference pass: the test paper (11 sections, 2 figures, 2
//! tables, a listing, an equation, 18 references) parsed once, then numbered and
//! resolved; and the paper repeated 40 times (its ids made unique per copy).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quire_doc::{Document, FileId};

fn paper(times: usize) -> Document {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/paper/paper.md"
    );
    let src = std::fs::read_to_string(path).unwrap_or_default();
    let (front, body) = src
        .strip_prefix("---")
        .and_then(|s| s.split_once("\n---\n"))
        .unwrap_or(("", &src));
    let mut all = format!("---{front}\n---\n");
    for copy in 0..times {
        // Each copy's ids and references get a suffix of their own.
        let body = body.replace("-pipeline", &format!("-pipeline{copy}"));
        let mut renamed = String::new();
        for (i, piece) in body.split("{#").enumerate() {
            if i > 0 {
                let (id, rest) = piece.split_once('}').unwrap_or((piece, ""));
                let id = id.split_whitespace().next().unwrap_or(id);
                let tail = &piece[id.len()..];
                renamed.push_str(&format!("{{#{id}-{copy}{tail}"));
                let _ = rest;
            } else {
                renamed.push_str(piece);
            }
        }
        all.push_str(&renamed);
        all.push('\n');
    }
    quire_markdown::parse(FileId(0), "paper.md", &all)
        .map(|p| p.document)
        .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let one = paper(1);
    c.bench_function("xref paper", |b| {
        b.iter(|| {
            let mut doc = one.clone();
            let mut warnings = Vec::new();
            quire_xref::cross_reference(black_box(&mut doc), &mut warnings);
            doc
        })
    });
    c.bench_function("clone paper (baseline)", |b| {
        b.iter(|| black_box(&one).clone())
    });
    let forty = paper(40);
    c.bench_function("xref paper x40", |b| {
        b.iter(|| {
            let mut doc = forty.clone();
            let mut warnings = Vec::new();
            quire_xref::cross_reference(black_box(&mut doc), &mut warnings);
            doc
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
