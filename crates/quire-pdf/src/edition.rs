//! The PDF edition in one call: lay the document out with `quire-typeset`, then write
//! the pages. This is the face the CLI sees, alike for every backend: a document and
//! options in, bytes out.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use quire_doc::{Assets, Diagnostic, Document, Rendered, Span};
use quire_typeset::FontBook;
use quire_typeset::layout::{LayoutFailure, LayoutOptions, MissingChar, layout};
use quire_typeset::page::{LinkArea, LinkTarget, PageItem, PagedDocument};

use crate::{PdfError, PdfMeta, PdfOptions, write_pdf_owned};

/// Everything that shapes the PDF edition. `Default` gives an A4 reading edition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditionOptions {
    /// Page size, margins, type size, print marks, image folder. Default: A4, no bleed.
    pub layout: LayoutOptions,
    /// How the file is written. Default: compressed, tagged, claiming PDF/UA-1 and PDF/A-2b.
    pub pdf: PdfOptions,
    /// Seconds since 1970 for dates the front matter does not give (the
    /// reproducible-builds `SOURCE_DATE_EPOCH`). Default: none.
    pub source_date_epoch: Option<i64>,
}

/// Why the edition could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EditionError {
    /// The embedded fonts could not be loaded (a broken build, not bad input).
    #[error("cannot load the embedded fonts: {0}")]
    Fonts(String),
    /// The document could not be laid out (characters no font has, unusable options).
    #[error(transparent)]
    Layout(#[from] LayoutFailure),
    /// The pages could not be written.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// The fonts every PDF is set in, loaded once per process: parsing them is the same
/// work for every build, and a book is cheaper to share than to reload.
fn font_book() -> Result<&'static FontBook, EditionError> {
    static BOOK: OnceLock<Result<FontBook, String>> = OnceLock::new();
    BOOK.get_or_init(|| FontBook::quire_default().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| EditionError::Fonts(e.clone()))
}

/// Lays out and writes the PDF edition of `doc`, with the images of `assets`: the
/// bytes and the warnings of the layout, or the errors that stopped it (one per
/// character no font has, with the number of its occurrences and the first place).
pub fn pdf(
    doc: &Document,
    assets: &Assets,
    opts: &EditionOptions,
) -> Result<Rendered, Vec<Diagnostic>> {
    let fonts = font_book().map_err(|e| plain(&e))?;
    let mut paged = layout(doc, assets, fonts, &opts.layout).map_err(|e| match e {
        LayoutFailure::MissingGlyphs(chars) => missing_glyphs(chars),
        other => plain(&EditionError::from(other)),
    })?;
    let mut warnings = std::mem::take(&mut paged.warnings);
    unlink_unplaced(&mut paged, &mut warnings);
    let meta = PdfMeta::from_meta(&doc.meta, opts.source_date_epoch);
    let bytes = write_pdf_owned(paged, fonts, &meta, &opts.pdf)
        .map_err(|e| plain(&EditionError::from(e)))?;
    Ok(Rendered { bytes, warnings })
}

/// Links to ids that print does not place (an editorial annotation, say) would point
/// nowhere: they become plain text, with one warning per id.
fn unlink_unplaced(paged: &mut PagedDocument, warnings: &mut Vec<Diagnostic>) {
    let placed: BTreeSet<String> = paged
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            PageItem::Anchor(a) => Some(a.name.clone()),
            _ => None,
        })
        .collect();
    let mut reported = BTreeSet::new();
    for page in &mut paged.pages {
        page.items.retain(|item| match item {
            PageItem::Link(LinkArea {
                target: LinkTarget::Anchor(id),
                ..
            }) if !placed.contains(id) => {
                if reported.insert(id.clone()) {
                    warnings.push(Diagnostic::warning(
                        Span::detached(),
                        format!(
                            "links to `#{id}` are plain text in the PDF: print has no such place"
                        ),
                    ));
                }
                false
            }
            _ => true,
        });
    }
}

fn plain(e: &EditionError) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        Span::detached(),
        format!("the PDF edition failed: {e}"),
    )]
}

/// At most this many characters are reported one by one; the rest are counted.
const MAX_MISSING_REPORTED: usize = 20;

/// One error per distinct character, in order of first occurrence, however often it
/// occurs: a page of Thai is one line per letter, not one per letter per occurrence.
fn missing_glyphs(chars: Vec<MissingChar>) -> Vec<Diagnostic> {
    let mut order: Vec<char> = Vec::new();
    let mut seen: BTreeMap<char, (Span, usize)> = BTreeMap::new();
    for c in chars {
        let entry = seen.entry(c.ch).or_insert_with(|| {
            order.push(c.ch);
            (Span::point(c.at.file, c.at.start), 0)
        });
        entry.1 += 1;
    }
    order.sort_by_key(|c| seen[c].0);
    let mut out: Vec<Diagnostic> = order
        .iter()
        .take(MAX_MISSING_REPORTED)
        .map(|ch| {
            let (span, count) = seen[ch];
            let times = if count == 1 {
                String::new()
            } else {
                format!(" ({count} times; the first is shown)")
            };
            Diagnostic::error(
                span,
                format!(
                    "no font has the character {} (U+{:04X}){times}",
                    printable(*ch),
                    u32::from(*ch)
                ),
            )
            .with_hint(
                "the PDF would show a blank box; replace the character or add a font that has it",
            )
        })
        .collect();
    if order.len() > MAX_MISSING_REPORTED {
        out.push(Diagnostic::error(
            Span::detached(),
            format!(
                "{} more characters are in no font",
                order.len() - MAX_MISSING_REPORTED
            ),
        ));
    }
    out
}

/// A character as a reader can see it in a message: combining marks on a dotted circle
/// (alone they would sit on the quote), invisible ones by code point only.
fn printable(ch: char) -> String {
    let combining = matches!(
        u32::from(ch),
        0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
    );
    if ch.is_control() || ch.is_whitespace() {
        String::new()
    } else if combining {
        format!("'\u{25CC}{ch}'")
    } else {
        format!("'{ch}'")
    }
}
