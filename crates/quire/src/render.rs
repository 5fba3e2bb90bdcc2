//! `render`: one loaded document → one edition, every backend behind the same face
//! (document, assets and options in; bytes and warnings, or errors, out), so the CLI
//! treats them alike and can run them in parallel.

use quire_doc::{Diagnostic, Rendered};
use quire_typeset::PageSize;
use quire_typeset::layout::{LayoutOptions, PrintPreset};

use crate::Loaded;

/// An output format (also the values of `quire build --to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// The EPUB 3 e-book (`.epub`).
    Epub,
    /// The annotated web edition (`.html`).
    Html,
    /// The print-ready PDF (`.pdf`).
    Pdf,
}

impl Format {
    /// Every format, in the order they are built and reported.
    pub const ALL: [Format; 3] = [Format::Epub, Format::Html, Format::Pdf];

    /// The file extension of the edition.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

/// Settings of the editions. `RenderOptions::default()` gives the editions `quire build`
/// makes without flags.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// The PDF's trim size. Default A4.
    pub page_size: PageSize,
    /// The PDF is a print edition for this printer (bleed, marks, colour, preflight).
    /// Default `None`.
    pub print: Option<PrintPreset>,
    /// Seconds since 1970 to use as the date of the build where the front matter gives
    /// none (`SOURCE_DATE_EPOCH`; see [`source_date_epoch`]). Default `None`.
    pub source_date_epoch: Option<i64>,
    /// A book's web edition is one self-contained page, as an article's is, rather than
    /// a site (a folder of pages). Default `false`.
    pub single_page: bool,
    /// The name the editions' files are written under (`NAME` of `NAME.pdf`, as
    /// `quire build` names them); with it, the web edition links to the other editions
    /// rendered with it by the same [`render_all`] (and to no other). Default `None`.
    pub output_name: Option<String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            page_size: PageSize::a4(),
            print: None,
            source_date_epoch: None,
            single_page: false,
            output_name: None,
        }
    }
}

/// Renders one edition of `loaded`.
pub fn render(
    format: Format,
    loaded: &Loaded,
    opts: &RenderOptions,
) -> Result<Rendered, Vec<Diagnostic>> {
    match format {
        // The page list needs the print edition's pages: laid out here, alone.
        Format::Epub => {
            let mut pages = Vec::new();
            let found = quire_pdf::lay_out(
                &loaded.document,
                &loaded.assets,
                &pdf_options(loaded, opts),
                &mut |paged| pages = crate::print_pages::print_pages(&loaded.document, paged),
            );
            // Without a layout (it fails only as the PDF edition would) the e-book has no
            // page list; the PDF's own build reports why.
            let pages = found.map(|_| pages).unwrap_or_default();
            epub(loaded, opts, pages)
        }
        Format::Html => Ok(html(loaded, opts, &[])),
        Format::Pdf => pdf(loaded, opts, &mut |_| {}),
    }
}

/// The options of the PDF edition, which the e-book's page list follows too.
fn pdf_options(loaded: &Loaded, opts: &RenderOptions) -> quire_pdf::EditionOptions {
    quire_pdf::EditionOptions {
        layout: LayoutOptions {
            print: opts.print,
            slug: slug(loaded, opts),
            fallback_language: loaded.document.meta.language.clone(),
            ..LayoutOptions::for_page(opts.page_size)
        },
        source_date_epoch: opts.source_date_epoch,
        ..quire_pdf::EditionOptions::default()
    }
}

/// The slug line of a print edition: the file's name and the document's date (its
/// revision, else its publication, else `SOURCE_DATE_EPOCH`; never the clock, so two
/// builds are the same bytes).
fn slug(loaded: &Loaded, opts: &RenderOptions) -> String {
    let name = opts.output_name.as_deref().unwrap_or("document");
    let meta = &loaded.document.meta;
    let date = meta
        .revised()
        .or_else(|| meta.published())
        .or_else(|| opts.source_date_epoch.and_then(quire_doc::Date::from_epoch));
    match date {
        Some(d) => format!("{name}.pdf · {}", d.iso()),
        None => format!("{name}.pdf"),
    }
}

/// The PDF edition; with a print preset, the preflight's findings join its warnings (and
/// an error among them fails the edition, as the printer would refuse the file).
fn pdf(
    loaded: &Loaded,
    opts: &RenderOptions,
    observe: &mut dyn FnMut(&quire_typeset::page::PagedDocument),
) -> Result<Rendered, Vec<Diagnostic>> {
    let doc = &loaded.document;
    let mut found = Vec::new();
    let mut seen = |paged: &quire_typeset::page::PagedDocument| {
        if let Some(preset) = opts.print {
            found = crate::preflight::pages(preset, paged);
        }
        observe(paged);
    };
    let mut rendered =
        quire_pdf::pdf_observed(doc, &loaded.assets, &pdf_options(loaded, opts), &mut seen)?;
    crate::places::refine(doc, &loaded.sources, &mut rendered.warnings);
    if let Some(preset) = opts.print {
        found.extend(crate::preflight::file(preset, &rendered.bytes));
    }
    rendered.warnings.append(&mut found);
    if rendered.warnings.iter().any(Diagnostic::is_error) {
        return Err(rendered.warnings);
    }
    Ok(rendered)
}

/// The web edition; `siblings` are the formats rendered with it, which it links to.
fn html(loaded: &Loaded, opts: &RenderOptions, siblings: &[Format]) -> Rendered {
    let (doc, assets) = (&loaded.document, &loaded.assets);
    let editions = match &opts.output_name {
        Some(name) => siblings
            .iter()
            .filter_map(|&f| {
                let kind = match f {
                    Format::Pdf => quire_html::EditionKind::Pdf,
                    Format::Epub => quire_html::EditionKind::Epub,
                    Format::Html => return None,
                };
                Some(quire_html::OtherEdition {
                    kind,
                    file: format!("{name}.{}", f.extension()),
                })
            })
            .collect(),
        None => Vec::new(),
    };
    let html = quire_html::HtmlOptions {
        allow_raw_html: true,
        editions,
        ..quire_html::HtmlOptions::default()
    };
    // A book is a site (a folder of pages) unless one page is asked for.
    if doc.is_book() && !opts.single_page {
        quire_html::site(doc, assets, &html)
    } else {
        quire_html::html(doc, assets, &html)
    }
}

fn epub(
    loaded: &Loaded,
    opts: &RenderOptions,
    pages: Vec<crate::print_pages::PrintPage>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let meta = &loaded.document.meta;
    // What the page numbers are the pages of: the print edition's ISBN, if it has one.
    let page_source = match meta.extra.get("isbn") {
        Some(serde_json::Value::String(isbn)) => {
            format!("urn:isbn:{}", isbn.replace(['-', ' '], ""))
        }
        _ => format!("{}, PDF edition", meta.title),
    };
    let epub = quire_epub::EpubOptions {
        source_date_epoch: opts.source_date_epoch,
        // Raw HTML in a loaded document was sanitised at load (`--raw-html`).
        allow_raw_html: true,
        pages: pages
            .into_iter()
            .map(|p| quire_epub::PrintPage {
                label: p.label,
                id: p.id,
                offset: p.offset,
            })
            .collect(),
        page_source: Some(page_source),
    };
    quire_epub::epub(&loaded.document, &loaded.assets, &epub)
}

/// Renders `formats` on their own threads; results in the order given. When both the
/// PDF and the e-book are asked for, the e-book's page list is read off the PDF's own
/// layout (sent over a channel) rather than laid out twice.
pub fn render_all(
    formats: &[Format],
    loaded: &Loaded,
    opts: &RenderOptions,
) -> Vec<(Format, Result<Rendered, Vec<Diagnostic>>)> {
    let shared = formats.contains(&Format::Pdf) && formats.contains(&Format::Epub);
    let (pages_tx, pages_rx) =
        std::sync::mpsc::sync_channel::<Vec<crate::print_pages::PrintPage>>(1);
    // Each end goes to one thread, the first of its format (formats are distinct).
    let (mut pages_tx, mut pages_rx) = (Some(pages_tx), Some(pages_rx));
    std::thread::scope(|scope| {
        let handles: Vec<_> = formats
            .iter()
            .map(|&format| {
                let thread = std::thread::Builder::new()
                    .name(format!("quire-{}", format.extension()))
                    .stack_size(crate::RENDER_STACK);
                let tx = (shared && format == Format::Pdf)
                    .then(|| pages_tx.take())
                    .flatten();
                let rx = (shared && format == Format::Epub)
                    .then(|| pages_rx.take())
                    .flatten();
                let work = move || match (format, tx, rx) {
                    (Format::Pdf, Some(tx), _) => pdf(loaded, opts, &mut |paged| {
                        let _ = tx.send(crate::print_pages::print_pages(&loaded.document, paged));
                    }),
                    // A failed layout drops the sender: no page list, and the PDF's own
                    // result says why.
                    (Format::Epub, _, Some(rx)) => {
                        epub(loaded, opts, rx.recv().unwrap_or_default())
                    }
                    (Format::Html, _, _) => Ok(html(loaded, opts, formats)),
                    _ => render(format, loaded, opts),
                };
                (format, thread.spawn_scoped(scope, work))
            })
            .collect();
        handles
            .into_iter()
            .map(|(format, handle)| {
                let result = match handle {
                    Ok(h) => h.join().unwrap_or_else(|_| Err(crashed(format))),
                    Err(e) => Err(vec![Diagnostic::error(
                        quire_doc::Span::detached(),
                        format!("cannot start the {} edition: {e}", format.extension()),
                    )]),
                };
                (format, result)
            })
            .collect()
    })
}

fn crashed(format: Format) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        quire_doc::Span::detached(),
        format!(
            "the {} edition crashed (this is a bug in quire; please report it with the source)",
            format.extension()
        ),
    )]
}

/// Everything `build` would report for `loaded`, without writing anything: every
/// edition is rendered in memory and only its diagnostics are kept.
pub fn check(loaded: &Loaded, opts: &RenderOptions) -> Vec<Diagnostic> {
    let mut out = loaded.warnings.clone();
    for (_, result) in render_all(&Format::ALL, loaded, opts) {
        match result {
            Ok(rendered) => out.extend(rendered.warnings),
            Err(errors) => out.extend(errors),
        }
    }
    out
}

/// The latest date an edition can carry (9999-12-31T23:59:59Z): PDF, EPUB and ISO 8601
/// dates have four-digit years.
const MAX_EPOCH: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH` from the environment: `None` when unset or empty, the seconds
/// when it is a whole number from 0 to the end of year 9999, an error otherwise.
pub fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err("SOURCE_DATE_EPOCH is not a number of seconds".into())
        }
        Ok(text) => parse_epoch(&text),
    }
}

fn parse_epoch(text: &str) -> Result<Option<i64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=MAX_EPOCH).contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to {MAX_EPOCH} (the end of year 9999), not `{text}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_is_validated() {
        assert_eq!(parse_epoch(""), Ok(None));
        assert_eq!(parse_epoch("1700000000"), Ok(Some(1_700_000_000)));
        for bad in ["-1", "253402300800", "tomorrow", "1.5"] {
            assert!(parse_epoch(bad).is_err(), "{bad}");
        }
    }
}
