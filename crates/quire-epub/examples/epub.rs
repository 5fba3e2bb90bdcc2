//! Builds an EPUB from a Markdown file: `cargo run -p quire-epub --example epub -- IN.md OUT.epub`.
//!
//! A development aid until the CLI drives the backend; it makes the same call the CLI does.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: epub IN.md OUT.epub");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(input).expect("read input");
    let parsed = match quire_markdown::parse(input, &source) {
        Ok(p) => p,
        Err(diags) => {
            for d in diags {
                eprintln!("{input}: {d:?}");
            }
            std::process::exit(1);
        }
    };
    let opts = quire_epub::EpubOptions {
        base_dir: Path::new(input)
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.parse().ok()),
    };
    match quire_epub::epub(&parsed.document, &opts) {
        Ok(bytes) => std::fs::write(output, bytes).expect("write output"),
        Err(e) => {
            eprintln!("{input}: {e}");
            std::process::exit(1);
        }
    }
}
