//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::formats::Format;

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
    /// Parse and validate a source without writing anything.
    Check(SourceArgs),
    /// Print the document model of a source as JSON.
    Ast(SourceArgs),
}

/// The source file argument shared by every command.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The Markdown source.
    #[arg(default_value = "source/article.md")]
    pub source: PathBuf,
}

/// Arguments of `quire build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The source to build.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Which editions to build, comma-separated (default: all that exist).
    #[arg(long = "to", value_delimiter = ',', value_enum)]
    pub formats: Vec<Format>,
    /// The folder to write the editions into.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}
