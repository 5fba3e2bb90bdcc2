//! The PDF edition in one call: lay the document out with `quire-typeset`, then write
//! the pages. This is the face the CLI sees, alike for every backend: a document and
//! options in, bytes out.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use quire_doc::{Assets, Diagnostic, Document, Rendered, Span};
use quire_typeset::FontBook;
use quire_typeset::layout::{ColourHandling, LayoutFailure, LayoutOptions, layout};
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
    /// The document could not be laid out (unusable options).
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
/// bytes and the warnings of the layout (among them one per character no font has, with
/// the number of its occurrences and the first place), or the errors that stopped it.
pub fn pdf(
    doc: &Document,
    assets: &Assets,
    opts: &EditionOptions,
) -> Result<Rendered, Vec<Diagnostic>> {
    pdf_observed(doc, assets, opts, &mut |_| {})
}

/// [`pdf`], showing the laid-out pages to `observe` before they are written (the EPUB's
/// page list is read off them, so one layout serves both editions).
pub fn pdf_observed(
    doc: &Document,
    assets: &Assets,
    opts: &EditionOptions,
    observe: &mut dyn FnMut(&PagedDocument),
) -> Result<Rendered, Vec<Diagnostic>> {
    run(doc, assets, opts, observe, true)
}

/// Only the layout of the PDF edition, shown to `observe`; its warnings, or the errors
/// that stopped it. For an edition that needs to know the pages without the PDF.
pub fn lay_out(
    doc: &Document,
    assets: &Assets,
    opts: &EditionOptions,
    observe: &mut dyn FnMut(&PagedDocument),
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    run(doc, assets, opts, observe, false).map(|r| r.warnings)
}

fn run(
    doc: &Document,
    assets: &Assets,
    opts: &EditionOptions,
    observe: &mut dyn FnMut(&PagedDocument),
    write: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    let base = font_book().map_err(|e| plain(&e))?;
    let mut font_warnings = Vec::new();
    // The embedded faces alone (the usual case) are shared by every build of the process;
    // fallback faces from the loader make a book of this document's own.
    let extended;
    let fonts = if assets.fonts().is_empty() {
        base
    } else {
        let faces = assets.fonts().iter().map(|f| (f.bytes.clone(), f.index));
        let (book, failed) = base.with_fallbacks(faces);
        for (i, e) in failed {
            let name = assets.fonts().get(i).map_or("", |f| f.file_name.as_str());
            font_warnings.push(Diagnostic::warning(
                Span::detached(),
                format!("the font {name} cannot be used in the PDF: {e}"),
            ));
        }
        extended = book;
        &extended
    };
    let mut paged =
        layout(doc, assets, fonts, &opts.layout).map_err(|e| plain(&EditionError::from(e)))?;
    let mut pdf = opts.pdf.clone();
    if let Some(spec) = opts.layout.print_spec()
        && spec.colour == ColourHandling::Gray
    {
        crate::gray::to_gray(&mut paged);
        pdf.gray_print = true;
    }
    let mut warnings = font_warnings;
    warnings.append(&mut paged.warnings);
    unlink_unplaced(&mut paged, &mut warnings);
    observe(&paged);
    if !write {
        return Ok(Rendered {
            bytes: Vec::new(),
            files: Vec::new(),
            warnings,
        });
    }
    let meta = PdfMeta::from_meta(&doc.meta, opts.source_date_epoch);
    let bytes =
        write_pdf_owned(paged, fonts, &meta, &pdf).map_err(|e| plain(&EditionError::from(e)))?;
    Ok(Rendered {
        bytes,
        files: Vec::new(),
        warnings,
    })
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
