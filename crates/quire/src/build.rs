//! `quire build`: renders the requested editions in parallel (one thread each; they share
//! the loaded document read-only), then commits them all or none. Progress goes to a
//! terminal only.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use quire::{Diagnostic, Format, Loaded, RenderOptions};

use crate::EXIT_CONTENT;
use crate::cli::BuildArgs;
use crate::report;

/// Builds the editions `args` asks for; the exit code on failure.
pub fn build(args: &BuildArgs, loaded: &Loaded, opts: &RenderOptions) -> Result<(), u8> {
    let manifest = loaded.book.as_ref().map(|b| &b.settings);
    let mut formats: Vec<Format> = if !args.formats.is_empty() {
        args.formats.clone()
    } else if let Some(asked) = manifest.filter(|m| !m.formats.is_empty()) {
        asked.formats.clone()
    } else {
        Format::ALL.to_vec()
    };
    formats.sort();
    formats.dedup();
    let stem = match &loaded.book {
        Some(book) => book.name.clone(),
        None => args
            .source
            .source
            .file_stem()
            .map_or("document".into(), |s| s.to_string_lossy().into_owned()),
    };
    let spinner = Spinner::new(args.quiet, &formats);
    let results = quire::render_all(&formats, loaded, opts);
    spinner.finish();

    let mut diagnostics: Vec<Diagnostic> = loaded.warnings.clone();
    let mut editions = Vec::new();
    let mut failed = Vec::new();
    for (format, result) in results {
        match result {
            Ok(mut rendered) => {
                diagnostics.append(&mut rendered.warnings);
                // An edition that is a folder (a book's web site) is `OUT/NAME/`.
                let name = if rendered.is_folder() {
                    stem.clone()
                } else {
                    format!("{stem}.{}", format.extension())
                };
                editions.push((name, rendered));
            }
            Err(errors) => {
                diagnostics.extend(errors);
                failed.push(format.extension());
            }
        }
    }
    report::emit(&loaded.sources, &diagnostics);
    let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
    if !failed.is_empty() {
        eprintln!(
            "error: the {} edition{} failed; nothing was written",
            failed.join(" and "),
            if failed.len() == 1 { "" } else { "s" }
        );
        return Err(EXIT_CONTENT);
    }
    if args.source.strict && warnings > 0 {
        eprintln!("error: {warnings} warnings with --strict; nothing was written");
        return Err(EXIT_CONTENT);
    }
    let inputs = crate::commit::inputs(loaded, &args.source.source);
    match crate::commit::commit(&args.out, &editions, &inputs) {
        Ok(()) => {
            if !args.quiet {
                for (name, rendered) in &editions {
                    if rendered.is_folder() {
                        let bytes: usize = rendered.files.iter().map(|(_, b)| b.len()).sum();
                        eprintln!(
                            "wrote {}/ ({} files, {bytes} bytes)",
                            args.out.join(name).display(),
                            rendered.files.len()
                        );
                    } else {
                        eprintln!(
                            "wrote {} ({} bytes)",
                            args.out.join(name).display(),
                            rendered.bytes.len()
                        );
                    }
                }
            }
            Ok(())
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(e.exit_code())
        }
    }
}

/// One spinner on a terminal; nothing when piped or `--quiet`.
struct Spinner(Option<ProgressBar>);

impl Spinner {
    fn new(quiet: bool, formats: &[Format]) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
            bar.set_style(style);
        }
        let names: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
        bar.set_message(format!("building {}", names.join(", ")));
        bar.enable_steady_tick(Duration::from_millis(80));
        Self(Some(bar))
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
