//! Renders a Markdown source with its annotations to the web edition, for looking at
//! the page while working on it: `cargo run -p quire-html --example render -- SRC ANNOTATIONS OUT`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, annotations, out] = args.as_slice() else {
        eprintln!("usage: render SOURCE.md ANNOTATIONS.json OUT.html");
        return ExitCode::from(2);
    };
    let text = std::fs::read_to_string(src).unwrap_or_default();
    let parsed = match quire_markdown::parse(src, &text) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d:#?}");
            return ExitCode::FAILURE;
        }
    };
    let doc = quire_annotate::enrich(parsed.document);
    let set = match quire_annotate::AnnotationSet::from_json(
        &std::fs::read_to_string(annotations).unwrap_or_default(),
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let anchored = quire_annotate::anchor(
        doc,
        &set,
        &quire_annotate::AnchorOptions {
            allow_orphans: false,
            file: annotations.clone(),
        },
        &mut |body, prefix| quire_markdown::parse_fragment(&body.value, prefix),
    );
    for d in &anchored.diagnostics {
        eprintln!("{:?}: {} {:?}", d.severity, d.message, d.hints);
    }
    let opts = quire_html::HtmlOptions {
        base_dir: std::path::Path::new(src).parent().map(Into::into),
        ..Default::default()
    };
    match quire_html::html(&anchored.document, &opts) {
        Ok(bytes) => {
            let _ = std::fs::write(out, bytes);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
