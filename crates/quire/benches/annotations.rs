//! What the editorial layer costs (issue 13's target: at most 20 % of each edition's
//! time): the article's load with and without its 45 annotations (anchoring and the
//! bodies' Markdown), and each edition rendered from the two loaded documents.
//! `tests/bench/annotations.sh` measures the same through the command line.
//!
//! A third document, "same text", is the article without annotations but with their
//! bodies appended as ordinary paragraphs (and the same fallback faces): the difference
//! between it and "with" is what the annotation machinery costs (anchoring, marks,
//! markers, margin-note placement, asides), apart from setting more text.

use criterion::{Criterion, criterion_group, criterion_main};
use quire::{AnnotationSource, Format, LoadOptions, RenderOptions};

fn bench(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let with = LoadOptions::new(root.join("source/article.md"));
    let mut without = with.clone();
    without.annotations = AnnotationSource::Off;
    let opts = RenderOptions {
        source_date_epoch: Some(0),
        ..RenderOptions::default()
    };
    let mut group = c.benchmark_group("annotations");
    group.bench_function("load: with", |b| {
        b.iter(|| quire::load(&with).expect("loads"))
    });
    group.bench_function("load: without", |b| {
        b.iter(|| quire::load(&without).expect("loads"))
    });
    let loaded_with = quire::load(&with).expect("loads");
    let loaded_without = quire::load(&without).expect("loads");
    let mut same_text = quire::load(&without).expect("loads");
    for a in &loaded_with.document.annotations {
        same_text.document.blocks.extend(a.body.iter().cloned());
    }
    same_text.assets = loaded_with.assets.clone();
    for format in Format::ALL {
        for (name, loaded) in [
            ("with", &loaded_with),
            ("same text", &same_text),
            ("without", &loaded_without),
        ] {
            group.bench_function(format!("{format:?}: {name}"), |b| {
                b.iter(|| quire::render(format, loaded, &opts).expect("renders"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
