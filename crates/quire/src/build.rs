//! `quire build`: renders the requested editions in parallel (one thread each; they share
//! the loaded document read-only), then commits them all or none. Progress goes to a
//! terminal only.
//!
//! [`render_and_commit`] is the one render-and-write path: `build` calls it once, and
//! `watch`/`serve` call it on every change, so a rebuild writes exactly what `quire
//! build` would.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use quire::{Diagnostic, Format, Loaded, RenderOptions};

use crate::EXIT_CONTENT;
use crate::cli::BuildArgs;
use crate::report;

/// What one build did.
pub struct Outcome {
    /// Every diagnostic of the load and the editions, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// The files written (path, bytes), or why nothing was.
    pub result: Result<Vec<(PathBuf, usize)>, Failure>,
    /// Time spent rendering the editions.
    pub render_time: Duration,
    /// Time spent committing them (zero when nothing was written).
    pub write_time: Duration,
}

/// Why a build wrote nothing: the line to print and the exit code.
pub struct Failure {
    /// What to tell the user, without the `error: ` prefix.
    pub message: String,
    /// The exit code `quire build` ends with.
    pub code: u8,
}

/// Builds the editions `args` asks for; the exit code on failure.
pub fn build(args: &BuildArgs, loaded: &Loaded, opts: &RenderOptions) -> Result<(), u8> {
    let mut formats = formats(args);
    // Without `--to`, a book builds the editions its manifest names.
    if let Some(book) = &loaded.book
        && args.formats.is_empty()
        && !book.settings.formats.is_empty()
    {
        formats = book.settings.formats.clone();
        formats.sort();
        formats.dedup();
    }
    let spinner = Spinner::new(args.quiet, &formats);
    let outcome = render_and_commit(args, &formats, loaded, opts);
    spinner.finish();
    report::emit(&loaded.sources, &outcome.diagnostics);
    match outcome.result {
        Ok(written) => {
            if !args.quiet {
                for (path, bytes) in &written {
                    // A folder edition (a book's web site) is written as a whole.
                    let slash = if path.is_dir() { "/" } else { "" };
                    eprintln!("wrote {}{slash} ({bytes} bytes)", path.display());
                }
            }
            Ok(())
        }
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            Err(failure.code)
        }
    }
}

/// The editions `args` asks for (`--to`, default all), sorted, each once.
pub fn formats(args: &BuildArgs) -> Vec<Format> {
    let mut formats: Vec<Format> = if args.formats.is_empty() {
        Format::ALL.to_vec()
    } else {
        args.formats.clone()
    };
    formats.sort();
    formats.dedup();
    formats
}

/// Renders `formats` of `loaded` and, if every one succeeded (and `--strict` found no
/// warning), commits them into `args.out`. Prints nothing: the caller reports.
pub fn render_and_commit(
    args: &BuildArgs,
    formats: &[Format],
    loaded: &Loaded,
    opts: &RenderOptions,
) -> Outcome {
    let stem = match &loaded.book {
        Some(book) => book.name.clone(),
        None => args
            .source
            .source
            .file_stem()
            .map_or("document".into(), |s| s.to_string_lossy().into_owned()),
    };
    let started = Instant::now();
    let opts = &RenderOptions {
        output_name: Some(stem.clone()),
        ..opts.clone()
    };
    let results = quire::render_all(formats, loaded, opts);
    let render_time = started.elapsed();

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
    let outcome = |result| Outcome {
        diagnostics: Vec::new(),
        result,
        render_time,
        write_time: Duration::ZERO,
    };
    let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
    let mut done = if !failed.is_empty() {
        outcome(Err(Failure {
            message: format!(
                "the {} edition{} failed; nothing was written",
                failed.join(" and "),
                if failed.len() == 1 { "" } else { "s" }
            ),
            code: EXIT_CONTENT,
        }))
    } else if args.source.strict && warnings > 0 {
        outcome(Err(Failure {
            message: format!("{warnings} warnings with --strict; nothing was written"),
            code: EXIT_CONTENT,
        }))
    } else {
        let started = Instant::now();
        let inputs = crate::commit::inputs(loaded, &args.source.source);
        let committed = crate::commit::commit(&args.out, &editions, &inputs);
        let mut done = outcome(match committed {
            Ok(()) => Ok(editions
                .iter()
                .map(|(name, rendered)| {
                    let bytes = if rendered.is_folder() {
                        rendered.files.iter().map(|(_, b)| b.len()).sum()
                    } else {
                        rendered.bytes.len()
                    };
                    (args.out.join(name), bytes)
                })
                .collect()),
            Err(e) => Err(Failure {
                message: e.to_string(),
                code: e.exit_code(),
            }),
        });
        done.write_time = started.elapsed();
        done
    };
    done.diagnostics = diagnostics;
    done
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
