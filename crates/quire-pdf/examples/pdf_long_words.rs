//! Time the whole PDF edition (layout and writing) of over-long unbreakable text at
//! growing sizes, to check that it scales linearly:
//! `cargo run --release -p quire-pdf --example pdf_long_words [max_chars]`.

use std::time::Instant;

use quire_pdf::{EditionOptions, pdf};

fn main() {
    let max: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1 << 20);
    let opts = EditionOptions::default();
    let mut n = 1024;
    while n <= max {
        let word: String = "Zq8xK3ab".chars().cycle().take(n).collect();
        let prose: String = "internationalcooperationextraordinary"
            .chars()
            .cycle()
            .take(n)
            .collect();
        let inputs = [
            ("paragraph word", format!("Before {word} after.\n")),
            ("code line", format!("```\nlet blob = \"{word}\";\n```\n")),
            (
                "table cell",
                format!("| A | B |\n|---|---|\n| x | {prose} |\n"),
            ),
        ];
        for (name, src) in inputs {
            let doc = quire_markdown::parse(quire_doc::FileId(0), "long.md", &src)
                .expect("parses")
                .document;
            let t = Instant::now();
            let bytes = pdf(&doc, &quire_doc::Assets::new(), &opts).map(|b| b.bytes.len());
            let secs = t.elapsed().as_secs_f64();
            println!("{n:>8} {name:<15} {secs:>9.4} s  bytes {bytes:?}");
        }
        n *= 4;
    }
}
