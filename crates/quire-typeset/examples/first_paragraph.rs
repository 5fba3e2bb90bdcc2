//! Lay out the seed article's first paragraph at 11 pt on a 30 em measure and print each
//! line with its adjustment ratio: `cargo run -p quire-typeset --example first_paragraph`.
//! An optional argument sets the measure in ems.

#[path = "../tests/support/fonts.rs"]
mod support;

use quire_typeset::{FontStyle, Inline, ParagraphOptions, Pt, Typesetter};

fn main() {
    let ems: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30.0);
    let book = support::book();
    let mut typesetter = Typesetter::new(&book);
    let size = Pt(11.0);
    let inlines = vec![Inline::Text {
        text: support::first_paragraph().to_string(),
        style: FontStyle::REGULAR,
        size,
        lang: None,
        source: (),
    }];
    let mut options = ParagraphOptions::new(size * ems);
    options.indent = size * 1.5;
    match typesetter.layout(&inlines, &options) {
        Ok(layout) => {
            let font = book
                .get(book.resolve(FontStyle::REGULAR))
                .map_or("?", |f| f.name());
            println!(
                "{font}, pass {:?}, measure {}",
                layout.pass, options.measure
            );
            for line in &layout.lines {
                let hyphen = if line.hyphenated() { "-" } else { "" };
                println!(
                    "{:>6.3} {:>7.2} | {}{hyphen}",
                    line.ratio,
                    line.width.get(),
                    line.text()
                );
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
