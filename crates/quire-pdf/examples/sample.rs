//! Writes the hand-laid sample document to a PDF file, for looking at it:
//! `cargo run -p quire-pdf --example sample -- out.pdf [--print]`.

use std::path::Path;

use quire_pdf::{PdfDate, PdfMeta, PdfOptions, write_pdf};

#[path = "../tests/support/sample.rs"]
mod sample;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args.first().map_or("sample.pdf", String::as_str);
    let print = args.iter().any(|a| a == "--print");
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let book = sample::book(&root.join("fonts"));
    let article = std::fs::read_to_string(root.join("source/article.md")).expect("article");
    let paragraphs = sample::article_paragraphs(&article);
    let s = sample::sample(&book, &paragraphs, print);
    let meta = PdfMeta {
        title: "Quire PDF sample".into(),
        language: "en".into(),
        created: PdfDate::from_epoch(1_737_000_000),
        modified: PdfDate::from_epoch(1_737_000_000),
        ..PdfMeta::default()
    };
    let bytes = write_pdf(&s.paged, &book, &meta, &PdfOptions::default()).expect("write");
    std::fs::write(out, &bytes).expect("write file");
    std::fs::write(format!("{out}.expected.txt"), &s.expected).expect("write text");
    eprintln!(
        "{out}: {} pages, {} bytes",
        s.paged.pages.len(),
        bytes.len()
    );
}
