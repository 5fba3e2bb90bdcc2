//! The command line, declared with clap.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use quire::Format;

/// Publishes one Markdown source as a print PDF, an EPUB 3 e-book and an annotated web
/// edition.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build editions of a source into the output folder.
    Build(BuildArgs),
    /// Check a source as `build` would (every edition is made in memory, with its
    /// warnings), without writing anything.
    Check(BuildArgs),
    /// Build, then rebuild the editions asked for whenever a file the build read changes
    /// (the source, its annotation file, images, fonts). Runs until interrupted.
    Watch(BuildArgs),
    /// Watch and rebuild as `watch` does (the web edition, unless `--to` names more) and
    /// serve the output folder over HTTP, with pages that reload after each good build
    /// and show the errors of a failed one.
    Serve(ServeArgs),
    /// Print the document model of a source as JSON.
    Ast(SourceArgs),
    /// Work with the editorial annotations of a source.
    #[command(subcommand)]
    Annotations(AnnotationsCommand),
}

/// `quire annotations …`
#[derive(Debug, Subcommand)]
pub enum AnnotationsCommand {
    /// Re-anchor the annotations and write them back with fresh quote and position
    /// selectors, so the file heals itself after the source changed.
    Export(ExportArgs),
    /// Read the annotations of a Hypothesis JSON export (or API search result) into the
    /// source's annotation file (created if there is none; annotations it already has
    /// are not added twice), then report which of them anchor in the text.
    Import(ImportArgs),
}

/// Arguments of `quire annotations import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Hypothesis export (JSON).
    pub export: PathBuf,
    /// The source the annotations belong to.
    #[command(flatten)]
    pub source: SourceArgs,
    /// The annotation file to add them to. Default: the one `--annotations` names, else
    /// the source's own (`<name>.annotations.json` beside it; for a book,
    /// `annotations.json` in its folder).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Arguments of `quire annotations export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The source the annotations belong to.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Where to write the refreshed annotations: a file, or `-` for standard output.
    /// Default: back into the annotation file itself.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// The source file and its sidecar files, shared by every command.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The Markdown source, or a book: a folder with `quire.toml` or mdBook's
    /// `book.toml`, or either file.
    #[arg(default_value = "source/article.md")]
    pub source: PathBuf,
    /// A W3C annotation file (JSON-LD). Repeat it for several layers of notes (an
    /// editor's, a translator's …), each shown distinctly and named by its collection's
    /// `label` or its file name. Default: `<name>.annotations.json` or
    /// `annotations.json` beside the source, if one exists.
    #[arg(long, value_name = "FILE")]
    pub annotations: Vec<PathBuf>,
    /// Build without editorial annotations even if an annotation file exists.
    #[arg(long, conflicts_with = "annotations")]
    pub no_annotations: bool,
    /// Report annotations that no longer match the text as warnings and leave them out,
    /// instead of failing.
    #[arg(long)]
    pub allow_orphans: bool,
    /// The folder images may come from (symlinks resolved). Default: the source's folder.
    #[arg(long, value_name = "DIR")]
    pub resource_root: Option<PathBuf>,
    /// Pass raw HTML blocks through to the web page and the e-book, sanitised (no
    /// script, handlers or styles); the PDF shows them read as text.
    #[arg(long)]
    pub raw_html: bool,
    /// A folder of fonts for characters the embedded fonts lack, searched after a
    /// `fonts/` folder beside the source and before the system's fonts (repeatable).
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// Treat warnings as errors: nothing is written if there is any.
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `quire build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The source to build.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Which editions to build, comma-separated (default: all, or those a book's
    /// manifest names).
    #[arg(long = "to", value_delimiter = ',', value_enum)]
    pub formats: Vec<Format>,
    /// The folder to write the editions into.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Trim size of the PDF: a4, letter, a5, 6x9, or WIDTHxHEIGHT in mm, in or pt
    /// (default a4, or a book manifest's `page-size`).
    #[arg(long, value_parser = quire::page_size::parse)]
    pub page_size: Option<quire::PageSize>,
    /// Print edition of the PDF for a printer: kdp, lulu, ingram or offset (`--print`
    /// alone: offset, 3 mm bleed with crop and registration marks and a slug line), with
    /// the preflight of that printer's requirements. Write `--print=PRESET`, or put the
    /// flag after the source, when the source follows it.
    #[arg(
        long,
        value_name = "PRESET",
        num_args = 0..=1,
        default_missing_value = "offset",
        value_parser = quire::print_preset::parse
    )]
    pub print: Option<quire::print_preset::PrintPreset>,
    /// Write a book's web edition as one self-contained page (`NAME.html`) instead of
    /// a site (the folder `NAME/`).
    #[arg(long)]
    pub single_page: bool,
    /// No progress and no list of the files written (diagnostics are still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `quire serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// What to build; the web edition is always among the editions built.
    #[command(flatten)]
    pub build: BuildArgs,
    /// The TCP port to listen on; 0 lets the system pick a free one (the address is
    /// printed on standard error either way).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address makes the drafts
    /// reachable from other machines (a warning says so).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
}
