//! Article → HTML: the real article, enriched and with its 45 annotations anchored, to
//! the complete page (embedded fonts included; each face is compressed once per process).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

fn article() -> quire_doc::Document {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../source/");
    let src = std::fs::read_to_string(format!("{root}article.md")).unwrap_or_default();
    let doc = quire_annotate::enrich(
        quire_markdown::parse(quire_doc::FileId(0), "article.md", &src)
            .expect("article")
            .document,
    );
    let json = std::fs::read_to_string(format!("{root}annotations.json")).unwrap_or_default();
    let set =
        quire_annotate::AnnotationSet::from_json(quire_doc::FileId(1), &json).expect("annotations");
    quire_annotate::anchor(doc, &set, &Default::default(), &mut |b, p| {
        quire_markdown::parse_fragment(quire_doc::FileId::DETACHED, &b.value, p)
    })
    .document
}

fn bench(c: &mut Criterion) {
    let doc = article();
    let opts = quire_html::HtmlOptions::default();
    let _ = quire_html::html(&doc, &quire_doc::Assets::new(), &opts); // warm the font cache, as a second page would
    c.bench_function("article to HTML", |b| {
        b.iter(|| quire_html::html(black_box(&doc), &quire_doc::Assets::new(), &opts))
    });
    let bare = quire_html::HtmlOptions {
        embed_fonts: false,
        ..Default::default()
    };
    c.bench_function("article to HTML without fonts", |b| {
        b.iter(|| quire_html::html(black_box(&doc), &quire_doc::Assets::new(), &bare))
    });
    c.bench_function("first page: WOFF-compress the faces", |b| {
        b.iter(|| quire_fonts::woff(black_box(quire_fonts::Face::SerifRegular.data())))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
