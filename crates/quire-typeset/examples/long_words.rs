//! Time the layout of over-long unbreakable text at growing sizes, to check that it scales
//! linearly: `cargo run --release -p quire-typeset --example long_words [max_chars]`.
//! Three inputs: a single word in a paragraph, a single code line, and a table cell of
//! ordinary words written without spaces.

#[path = "../tests/support/fonts.rs"]
mod support;

use std::time::Instant;

use quire_typeset::{LayoutOptions, layout};

/// Three documents holding about `n` characters of unbreakable text.
fn inputs(n: usize) -> [(&'static str, String); 3] {
    let word: String = "Zq8xK3ab".chars().cycle().take(n).collect();
    let prose: String = "internationalcooperationextraordinary"
        .chars()
        .cycle()
        .take(n)
        .collect();
    [
        ("paragraph word", format!("Before {word} after.\n")),
        ("code line", format!("```\nlet blob = \"{word}\";\n```\n")),
        (
            "table cell",
            format!("| A | B |\n|---|---|\n| x | {prose} |\n"),
        ),
    ]
}

fn main() {
    let max: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1 << 20);
    let book = support::book();
    let opts = LayoutOptions::default();
    let mut n = 1024;
    while n <= max {
        for (name, src) in inputs(n) {
            let doc = quire_markdown::parse(quire_doc::FileId(0), "long.md", &src)
                .expect("parses")
                .document;
            let t = Instant::now();
            let pages =
                layout(&doc, &quire_doc::Assets::new(), &book, &opts).map(|d| d.pages.len());
            let secs = t.elapsed().as_secs_f64();
            println!("{n:>8} {name:<15} {secs:>9.4} s  pages {pages:?}");
        }
        n *= 4;
    }
}
