//! Highlighting cost: the first call of a process (which deserialises the grammars) timed
//! once, then every code block of the code-heavy fixture (`tests/fixtures/code/`), warm
//! grammars but without the per-process memo (what a build pays once per block).

use criterion::{Criterion, criterion_group, criterion_main};

/// The fixture's fenced blocks as (info string, code).
fn blocks() -> Vec<(String, String)> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/code/input.md");
    let src = std::fs::read_to_string(path).expect("fixture");
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in src.lines() {
        match (line.strip_prefix("```"), open.take()) {
            (Some(_), Some((info, code))) => out.push((info, code.trim_end().to_string())),
            (Some(info), None) => open = Some((info.to_string(), String::new())),
            (None, Some((info, mut code))) => {
                code.push_str(line);
                code.push('\n');
                open = Some((info, code));
            }
            (None, None) => {}
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let blocks = blocks();
    let start = std::time::Instant::now();
    assert!(quire_highlight::highlight("rust", "fn main() {}").is_some());
    eprintln!("first call (grammars loaded): {:?}", start.elapsed());
    let bytes: usize = blocks.iter().map(|(_, c)| c.len()).sum();
    eprintln!("{} blocks, {bytes} bytes", blocks.len());
    c.bench_function("code fixture, every block", |b| {
        b.iter(|| {
            for (info, code) in &blocks {
                std::hint::black_box(quire_highlight::compute(info, code));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
