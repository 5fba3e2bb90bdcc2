//! The cost of the cross-reference pass: the test paper (11 sections, 2 figures, 2
//! tables, a listing, an equation, 18 references) parsed once, then numbered and
//! resolved; and the paper repeated 40 times (each copy's ids and references given a
//! suffix of their own).

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
        all.push_str(&suffixed(body, copy));
        all.push('\n');
    }
    quire_markdown::parse(FileId(0), "paper.md", &all)
        .map(|p| p.document)
        .unwrap_or_default()
}

/// `body` with every id (`{#x`) and every cross-reference key (`@fig-x`) given the
/// suffix `-copy`, so that each copy refers to its own targets.
fn suffixed(body: &str, copy: usize) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    let mut rest = body;
    while let Some(i) = rest.find(['@', '#']) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let marker = &from[..1];
        let key_start = &from[1..];
        let is_id = marker == "#" && before.ends_with('{');
        let is_ref = marker == "@" && quire_xref::is_cross_reference(key_start);
        let len = key_start
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
            .map_or(key_start.len(), |(j, _)| j);
        out.push_str(marker);
        out.push_str(&key_start[..len]);
        if (is_id || is_ref) && len > 0 {
            out.push_str(&format!("-{copy}"));
        }
        rest = &key_start[len..];
    }
    out.push_str(rest);
    out
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
