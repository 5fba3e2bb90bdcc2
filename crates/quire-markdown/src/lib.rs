//! Markdown → the Quire document model.
//!
//! `quire-markdown` owns the reading of the canonical source: UTF-8 and NUL checks, front
//! matter (YAML `---` or TOML `+++`) into typed [`quire_doc::Meta`], CommonMark with the
//! extensions publishing needs (footnotes, tables, smart punctuation, definition lists,
//! alerts, `:::` directives for figures and asides, attributes, bracketed spans
//! `[text]{.class key=value}`, math, sub/superscript),
//! stable ids and footnote numbering. It is the only crate that knows comrak; everything
//! downstream sees the owned, typed [`quire_doc::Document`].
//!
//! Key design decisions: problems are collected as [`Diagnostic`]s with spans (byte
//! ranges of the file, taken from comrak's byte positions through one line index)
//! rather than returned at the first failure, so one run reports them all; errors fail
//! the parse, warnings travel with the document in [`Parsed`]. Hostile input is bounded
//! here, where the tree is made: nesting past 48 block or inline levels is kept as plain
//! text, characters XML cannot carry are read as spaces (offsets unchanged), and ids are
//! minted in one [`quire_doc::IdSpace`] (linear however many repeat). This crate does no
//! I/O: the loader reads the file and hands over its text.

mod captions;
mod cite;
mod convert;
mod directive;
mod front_matter;
mod html;
mod ids;
mod input;
mod levels;
mod meta;
mod notes;
mod spans;

use comrak::{Arena, Options, parse_document};
use quire_doc::{Block, Diagnostic, Document, FileId, Span};

pub use ids::slug;
pub use input::decode;
pub use meta::DEFAULT_LANGUAGE;

/// A successfully parsed document and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// Warnings (never errors: those fail the parse).
    pub warnings: Vec<Diagnostic>,
}

/// How to read a source.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Keep self-contained raw HTML blocks, sanitised, for the web editions (the PDF
    /// shows them read into the model). Also turned on by `raw_html: true` in the front
    /// matter.
    pub raw_html: bool,
    /// The source is one chapter of a book: its title comes from the book, not guessed
    /// from its headings, and heading levels are mended over the whole book
    /// ([`close_heading_gaps`]), not per file.
    pub chapter: bool,
}

/// Lowers headings that skip levels (a heading is at most one level below the one
/// before it); returns the one warning that says so, if any did. [`parse_with`] does
/// this for a single source; a book does it once over all its chapters.
pub fn close_heading_gaps(blocks: &mut [quire_doc::Block]) -> Option<Diagnostic> {
    levels::close_gaps(blocks)
}

/// Reads the metadata keys of a TOML file (a book's manifest) as front matter is read:
/// the same keys, checks and messages, with spans into `text`, file `file`.
pub fn read_toml_metadata(file: FileId, text: &str) -> Result<quire_doc::Meta, Vec<Diagnostic>> {
    let fm = front_matter::FrontMatter {
        syntax: front_matter::Syntax::Toml,
        text,
        file,
        offset: 0,
    };
    meta::read(Some(&fm))
}

/// [`parse_with`] with the default options.
pub fn parse(file: FileId, file_label: &str, source: &str) -> Result<Parsed, Vec<Diagnostic>> {
    parse_with(file, file_label, source, &ParseOptions::default())
}

/// Parses a Markdown source with optional front matter into a document. `source` is the
/// text of file `file` (decoded with [`decode`]); every span points into it.
///
/// `file_label` is the file's name, used to derive a title when neither the front matter
/// nor a level-1 heading gives one.
pub fn parse_with(
    file: FileId,
    file_label: &str,
    source: &str,
    options: &ParseOptions,
) -> Result<Parsed, Vec<Diagnostic>> {
    input::check_nul(file, source).map_err(|d| vec![d])?;
    let (source, control_warning) = input::without_controls(file, source);
    let (mut fm, mut body) = front_matter::split(file, &source).map_err(|d| vec![d])?;
    let mut not_metadata = None;
    if let Some(f) = &fm
        && f.parse().is_ok_and(|v| !v.is_object() && !v.is_null())
    {
        // `---\nFoo\n---` is a thematic break and a heading, not metadata: read it as
        // Markdown, and say so, since a mistyped front matter looks the same.
        not_metadata = Some(
            Diagnostic::warning(
                f.span(0, f.text.trim_end().len()),
                "the lines between the opening fences are not `key: value` pairs, so they are read as Markdown",
            )
            .with_hint("front matter is a mapping such as `title: …`"),
        );
        fm = None;
        body = source.to_string();
    }
    let meta_result = meta::read(fm.as_ref());
    let raw_html = options.raw_html
        || meta_result
            .as_ref()
            .is_ok_and(|m| m.extra.get("raw_html") == Some(&serde_json::Value::Bool(true)));
    let (mut blocks, notes, mut diags) = parse_body(file, &body, raw_html);
    diags.extend(control_warning);
    diags.extend(not_metadata);
    let mut meta = match meta_result {
        Ok(meta) => meta,
        Err(errors) => {
            diags.extend(errors);
            Default::default()
        }
    };
    let mut notes = notes;
    if !options.chapter {
        diags.extend(levels::close_gaps(&mut blocks));
    }
    ids::assign(&mut blocks, &mut notes, &mut diags, "");
    if meta.title.is_empty() && !options.chapter {
        // A level-1 heading is the usual way to title a Markdown file; anything less is
        // a guess, and said so.
        let (title, guess) = match first_title(&blocks) {
            Some((title, _, true)) => (title, None),
            Some((title, span, false)) => (title, Some((span, "its first heading"))),
            None => (
                stem(file_label),
                Some((Span::point(file, 0), "the file name")),
            ),
        };
        if let Some((span, from)) = guess {
            diags.push(
                Diagnostic::warning(
                    span,
                    format!(
                        "no `title` in the front matter and no level-1 heading: the title is taken from {from}, “{title}”"
                    ),
                )
                .with_hint("add `title: …` to the front matter to choose it"),
            );
        }
        meta.title = title;
    }
    let document = Document {
        meta,
        blocks,
        notes,
        annotations: Vec::new(),
        divisions: Vec::new(),
    };
    finish(document, diags).map(|(document, warnings)| Parsed { document, warnings })
}

/// Parses a Markdown fragment (an annotation body, say), the text of file `file`, into
/// blocks whose generated ids start with `id_prefix`. Front matter and footnotes are not
/// allowed in fragments.
pub fn parse_fragment(
    file: FileId,
    markdown: &str,
    id_prefix: &str,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let (markdown, control_warning) = input::without_controls(file, markdown);
    let (mut blocks, notes, mut diags) = parse_body(file, &markdown, false);
    diags.extend(control_warning);
    if !notes.is_empty() {
        diags.push(Diagnostic::error(
            notes[0].span,
            "footnotes are not allowed here",
        ));
    }
    let mut no_notes = Vec::new();
    ids::assign(&mut blocks, &mut no_notes, &mut diags, id_prefix);
    finish(blocks, diags).map(|p| p.0)
}

fn parse_body(
    file: FileId,
    body: &str,
    raw_html: bool,
) -> (Vec<Block>, Vec<quire_doc::Footnote>, Vec<Diagnostic>) {
    let arena = Arena::new();
    let root = parse_document(&arena, body, &options());
    let mut conv = convert::Converter::new(file, body);
    conv.raw_html = raw_html;
    let mut blocks = conv.blocks(root);
    conv.warn_flattened();
    let mut diags = conv.diagnostics;
    diags.extend(conv.html.into_warnings());
    let notes = notes::number(&mut blocks, conv.notes, &mut diags);
    (blocks, notes, diags)
}

/// Splits diagnostics into failure (any error, all reported in source order) or
/// success with the warnings.
fn finish<T>(
    value: T,
    mut diags: Vec<Diagnostic>,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    diags.sort_by_key(|d| (d.severity, d.span));
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok((value, diags))
    }
}

/// The first level-1 heading, else the first heading: its text, where it is, and
/// whether it is level 1.
fn first_title(blocks: &[Block]) -> Option<(String, Span, bool)> {
    let heading = |top: bool| {
        blocks.iter().find_map(|b| match &b.kind {
            quire_doc::BlockKind::Heading { level, content } if !top || *level == 1 => {
                Some((quire_doc::inline_text(content), b.span, *level == 1))
            }
            _ => None,
        })
    };
    heading(true).or_else(|| heading(false))
}

fn stem(label: &str) -> String {
    let name = label.rsplit(['/', '\\']).next().unwrap_or(label);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

/// The comrak options Quire reads Markdown with.
pub(crate) fn options() -> Options<'static> {
    let mut o = Options::default();
    let e = &mut o.extension;
    e.strikethrough = true;
    e.table = true;
    e.autolink = true;
    e.tasklist = true;
    e.superscript = true;
    e.subscript = true;
    e.footnotes = true;
    e.description_lists = true;
    e.multiline_block_quotes = true;
    e.alerts = true;
    e.math_dollars = true;
    e.block_directive = true;
    e.header_attributes = true;
    e.fenced_code_attributes = true;
    e.inline_code_attributes = true;
    e.link_attributes = true;
    o.parse.smart = true;
    // Byte columns, turned into offsets through one line index: comrak's character
    // columns cost time quadratic in the number of links on a line.
    o
}

#[cfg(test)]
mod tests;
