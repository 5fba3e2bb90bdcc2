//! `quire build`: renders the requested editions in parallel (one thread each; they share
//! the document read-only) and writes each atomically. Progress goes to a terminal only.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use quire_doc::Diagnostic;

use crate::EXIT_CONTENT;
use crate::cli::BuildArgs;
use crate::formats::{Format, Settings};
use crate::load::Loaded;
use crate::report::{self, Sources};
use crate::write::write_atomic;

/// An edition's bytes, or why it could not be made.
type Rendered = Result<Vec<u8>, Vec<Diagnostic>>;

/// Builds the editions `args` asks for; the exit code on failure.
pub fn build(args: &BuildArgs, loaded: &Loaded, sources: &Sources) -> Result<(), u8> {
    let mut formats = if args.formats.is_empty() {
        Format::all().to_vec()
    } else {
        args.formats.clone()
    };
    formats.sort();
    formats.dedup();
    if formats.is_empty() {
        eprintln!("error: this build of quire has no edition backends");
        return Err(EXIT_CONTENT);
    }
    let stem = args
        .source
        .source
        .file_stem()
        .map_or("document".into(), |s| s.to_string_lossy().into_owned());
    let progress = Progress::new(args.quiet);
    let results: Vec<(Format, Rendered)> = std::thread::scope(|scope| {
        let handles: Vec<_> = formats
            .iter()
            .map(|&format| {
                let bar = progress.bar(format);
                let doc = &loaded.document;
                let base = &loaded.base_dir;
                let settings = Settings {
                    page_size: args.page_size,
                    print: args.print,
                };
                scope.spawn(move || {
                    let result = format.render(doc, base, &settings);
                    bar.finish_and_clear();
                    (format, result)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| unreachable_panic()))
            .collect()
    });
    let main_file = crate::load::display_name(&args.source.source);
    let mut failed = false;
    for (format, result) in results {
        let path = args.out.join(format!("{stem}.{}", format.extension()));
        match result {
            Ok(bytes) => match write_atomic(&path, &bytes) {
                Ok(()) if !args.quiet => {
                    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len())
                }
                Ok(()) => {}
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    failed = true;
                }
            },
            Err(diagnostics) => {
                eprintln!("error: the {} edition failed", format.extension());
                report::emit(sources, &main_file, &diagnostics);
                failed = true;
            }
        }
    }
    if failed { Err(EXIT_CONTENT) } else { Ok(()) }
}

/// A backend thread that panicked is a bug; report it as a failed edition.
fn unreachable_panic() -> (Format, Rendered) {
    eprintln!("error: an edition backend crashed (this is a bug in quire)");
    std::process::exit(i32::from(EXIT_CONTENT));
}

/// Spinners on a terminal; nothing when piped or `--quiet`.
struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        let visible = !quiet && std::io::stderr().is_terminal();
        Self {
            multi: visible.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    fn bar(&self, format: Format) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::new_spinner());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
            bar.set_style(style);
        }
        bar.set_message(format!("building {}", format.extension()));
        bar.enable_steady_tick(Duration::from_millis(80));
        bar
    }
}
