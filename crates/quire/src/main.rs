//! The `quire` command: reads a Markdown source and writes its editions.
//!
//! This binary owns everything that touches people and the file system for output:
//! arguments, progress, rendering diagnostics, the all-or-nothing commit of the editions,
//! exit codes. The pipeline itself is the `quire` library (`load`, `render`).

mod build;
mod cli;
mod commit;
mod events;
mod export;
mod import;
mod report;
mod serve;
mod watch;
mod write;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{AnnotationsCommand, Cli, Command};

/// Exit code for content errors (bad input, failed edition).
const EXIT_CONTENT: u8 = 1;
/// Exit code for usage errors (bad arguments), as clap uses.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // Deep documents recurse through every stage; give the main walk room (reserved
    // address space, not memory used).
    let worker = std::thread::Builder::new()
        .name("quire".into())
        .stack_size(quire::RENDER_STACK)
        .spawn(move || run(cli));
    let code = match worker.map(|h| h.join()) {
        Ok(Ok(Ok(()))) => 0,
        Ok(Ok(Err(code))) => code,
        _ => {
            eprintln!("error: quire crashed (this is a bug; please report it with the source)");
            EXIT_CONTENT
        }
    };
    ExitCode::from(code)
}

fn run(cli: Cli) -> Result<(), u8> {
    match cli.command {
        Command::Check(args) => {
            let loaded = load_or_report(&args.source)?;
            let render = render_options(&args, Some(&loaded))?;
            let diagnostics = quire::check(&loaded, &render);
            report::emit(&loaded.sources, &diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            if errors > 0 || (args.source.strict && warnings > 0) {
                eprintln!(
                    "{}: {errors} errors, {warnings} warnings",
                    quire::display_name(&args.source.source)
                );
                return Err(EXIT_CONTENT);
            }
            let doc = &loaded.document;
            eprintln!(
                "{}: ok ({} blocks, {} notes, {} annotations, {warnings} warnings)",
                quire::display_name(&args.source.source),
                doc.blocks.len(),
                doc.notes.len(),
                doc.annotations.len(),
            );
            Ok(())
        }
        Command::Ast(args) => {
            let loaded = load_or_report(&args)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let written = serde_json::to_writer_pretty(&mut out, &loaded.document)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush());
            match written {
                Ok(()) => Ok(()),
                // `quire ast | head`: the reader has all it wanted.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => {
                    eprintln!("error: cannot write the document: {e}");
                    Err(EXIT_CONTENT)
                }
            }
        }
        Command::Build(args) => {
            let mut opts = load_options(&args.source);
            opts.fonts.search = needs_fallback_faces(&build::formats(&args));
            let loaded = load_with(&opts)?;
            let render = render_options(&args, Some(&loaded))?;
            build::build(&args, &loaded, &render)
        }
        Command::Watch(args) => {
            let render = render_options(&args, None)?;
            let formats = build::formats(&args);
            watch::watch(&args, &formats, &render, |_| {})
        }
        Command::Serve(args) => {
            let render = render_options(&args.build, None)?;
            serve::serve(&args, &render)
        }
        Command::Annotations(AnnotationsCommand::Import(args)) => import::import(&args),
        Command::Annotations(AnnotationsCommand::Export(args)) => {
            let loaded = load_or_report(&args.source)?;
            export::export(&args, &loaded)
        }
    }
}

/// The edition settings of `args`, then of a book's manifest (`watch` and `serve` take
/// them from the flags alone); a bad `SOURCE_DATE_EPOCH` is a usage error.
fn render_options(
    args: &cli::BuildArgs,
    loaded: Option<&quire::Loaded>,
) -> Result<quire::RenderOptions, u8> {
    let source_date_epoch = quire::source_date_epoch().map_err(|e| {
        eprintln!("error: {e}");
        EXIT_USAGE
    })?;
    let manifest = loaded.and_then(|l| l.book.as_ref()).map(|b| &b.settings);
    Ok(quire::RenderOptions {
        page_size: args
            .page_size
            .or_else(|| manifest.and_then(|m| m.page_size))
            .unwrap_or_else(quire::PageSize::a4),
        print: args.print.or_else(|| manifest.and_then(|m| m.print)),
        source_date_epoch,
        single_page: args.single_page,
        // Set by the build, which knows the files' name.
        output_name: None,
    })
}

/// What to load for `args`.
pub(crate) fn load_options(args: &cli::SourceArgs) -> quire::LoadOptions {
    let mut opts = quire::LoadOptions::new(&args.source);
    opts.annotations = if args.no_annotations {
        quire::AnnotationSource::Off
    } else if !args.annotations.is_empty() {
        quire::AnnotationSource::Files(args.annotations.clone())
    } else {
        quire::AnnotationSource::Beside
    };
    opts.allow_orphans = args.allow_orphans;
    opts.resource_root = args.resource_root.clone();
    opts.raw_html = args.raw_html;
    opts.fonts.folders = args.font_path.clone();
    opts
}

/// Whether building `formats` needs faces for the characters the embedded fonts lack:
/// the PDF embeds them and the e-book's page list is laid out with them; the web page
/// does without.
pub(crate) fn needs_fallback_faces(formats: &[quire::Format]) -> bool {
    formats
        .iter()
        .any(|f| matches!(f, quire::Format::Pdf | quire::Format::Epub))
}

/// Loads a source, or prints its errors and fails.
pub(crate) fn load_or_report(args: &cli::SourceArgs) -> Result<quire::Loaded, u8> {
    load_with(&load_options(args))
}

/// Loads a source with `opts`, or prints its errors and fails.
fn load_with(opts: &quire::LoadOptions) -> Result<quire::Loaded, u8> {
    match quire::load(opts) {
        Ok(loaded) => Ok(loaded),
        Err(failure) => {
            report::emit(&failure.sources, &failure.diagnostics);
            Err(EXIT_CONTENT)
        }
    }
}
