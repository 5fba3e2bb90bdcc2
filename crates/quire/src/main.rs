//! The `quire` command: reads a Markdown source and writes its editions.
//!
//! This binary owns everything that touches people and the file system: arguments,
//! progress, rendering diagnostics, atomic writes, exit codes. The libraries it drives
//! return data and typed errors only.

mod build;
mod cli;
mod export;
mod formats;
mod load;
mod page_size;
mod report;
mod write;

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
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

fn run(cli: Cli) -> Result<(), u8> {
    let mut sources = report::Sources::default();
    match cli.command {
        Command::Check(args) => {
            let loaded = load_or_report(&args, &mut sources)?;
            let doc = &loaded.document;
            eprintln!(
                "{}: ok ({} blocks, {} notes, {} annotations, {} warnings)",
                load::display_name(&args.source),
                doc.blocks.len(),
                doc.notes.len(),
                doc.annotations.len(),
                loaded.warnings.len()
            );
            Ok(())
        }
        Command::Ast(args) => {
            let loaded = load_or_report(&args, &mut sources)?;
            let json = serde_json::to_string_pretty(&loaded.document).map_err(|e| {
                eprintln!("error: cannot serialise the document: {e}");
                EXIT_CONTENT
            })?;
            println!("{json}");
            Ok(())
        }
        Command::Build(args) => {
            let loaded = load_or_report(&args.source, &mut sources)?;
            build::build(&args, &loaded, &sources)
        }
        Command::Annotations(AnnotationsCommand::Export(args)) => {
            let loaded = load_or_report(&args.source, &mut sources)?;
            export::export(&args, &loaded)
        }
    }
}

/// Loads a source, printing its warnings, or printing its errors and failing.
fn load_or_report(
    args: &cli::SourceArgs,
    sources: &mut report::Sources,
) -> Result<load::Loaded, u8> {
    let name = load::display_name(&args.source);
    match load::load(args, sources) {
        Ok(loaded) => {
            report::emit(sources, &name, &loaded.warnings);
            Ok(loaded)
        }
        Err(diagnostics) => {
            report::emit(sources, &name, &diagnostics);
            Err(EXIT_CONTENT)
        }
    }
}
