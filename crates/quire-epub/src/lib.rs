//! The EPUB 3 edition: a [`Document`] and its [`Assets`] in, the bytes of an `.epub` out
//! ([`Rendered`]), or diagnostics.
//!
//! `quire-epub` owns the shape of the book (cover, title page, one content document per
//! level-2 section, footnotes as EPUB 3 notes at the end of the section that first cites
//! them), its metadata (including schema.org accessibility metadata), the e-reader
//! stylesheet and the choice of fonts. It does not parse Markdown, number notes or anchor
//! annotations (it only borrows a finished document), it does not write block and inline
//! markup (that is the web edition's [`Writer`](quire_html::Writer), shared), and it does
//! not write package documents or ZIP files (that is epub-builder's job). It reads no
//! file: images come checked from the loader's assets, fonts from `quire-fonts`.
//!
//! Key design decisions:
//! - One writer for both editions: the content is written by `quire-html`'s
//!   [`Writer`](quire_html::Writer) in its XHTML mode, with its two hooks for a book split
//!   over several files: a link resolver (a `#id` names the content document that holds
//!   the id, known before writing from the plan, `plan.rs`) and footnotes the caller
//!   places (`Writer::notes`, here at the end of the document that first cites them).
//!   Editorial annotations are shown as in the other editions, in the form e-books
//!   have for notes: the passage underlined, a letter noteref where it ends, the note an
//!   `aside epub:type="footnote"` at the end of the chapter (a pop-up in Apple Books,
//!   Kobo and Kindle, a list with back-links elsewhere), numbered apart from the
//!   footnotes. Paragraph numbers are small text at each paragraph's start, the same
//!   numbers as in print and on the web.
//! - epub-builder assembles the package (OPF, nav with landmarks, NCX, guide, manifest,
//!   spine, metadata, OCF container, see `package.rs`), and a short post-pass
//!   (`postpass.rs`) patches, as XML, the few things it gets wrong or cannot say, then
//!   writes the container again, deterministically.
//! - Deterministic by construction: no clock, no randomness, no hash-map order. The
//!   modification time comes from the front matter or from
//!   [`EpubOptions::source_date_epoch`], the identifier from the front matter (or from
//!   the text), every ZIP entry is dated 1980-01-01, `mimetype` is first and stored. The
//!   same input gives the same bytes.
//! - Fonts are the text faces of the PDF, only those the stylesheet uses for this book,
//!   subset to the characters the book shows with `quire_fonts::web_subset` (which keeps
//!   `cmap`, `GSUB` and `GPOS`, so kerning and ligatures survive), unobfuscated (their
//!   licences allow redistribution; IDPF obfuscation protects nothing here and some
//!   readers mishandle it), as OpenType, the font format every EPUB 3 reader supports.

#![deny(missing_docs)]

mod cover;
mod package;
mod pages;
mod plan;
mod postpass;
mod resources;

use std::collections::BTreeMap;

use quire_doc::{Assets, Diagnostic, Document, Rendered, Span};

use crate::package::{Facts, Package, Resource};
use crate::postpass::{ExtraMeta, Patches};

/// How to build the EPUB.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// Seconds since the Unix epoch to use as `dcterms:modified` when the front matter has
    /// no `modified` date; the CLI passes `SOURCE_DATE_EPOCH` here. The library never reads
    /// the clock or the environment. Default: `None`, which falls back to the front
    /// matter's `date`, then to 1970-01-01T00:00:00Z.
    pub source_date_epoch: Option<i64>,
    /// Write raw HTML blocks as they are (they must be sanitised, well-formed XHTML);
    /// otherwise their fallback content is shown. Default `false`.
    pub allow_raw_html: bool,
    /// The pages of the print edition that begin in the text, for page-break markers in
    /// the content and the navigation's page list: each page's label as printed (`xii`,
    /// `37`) and where it begins. Default empty: no page list.
    pub pages: Vec<PrintPage>,
    /// What the page list's numbers are the pages of (the print edition's ISBN or title),
    /// written as `pageBreakSource`. Default `None`; used only with `pages`.
    pub page_source: Option<String>,
}

/// One page of the print edition, for the page list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPage {
    /// Its label as printed.
    pub label: String,
    /// The id of the block in which the page begins.
    pub id: String,
    /// Where in that block's text it begins, in code points (0: at its start).
    pub offset: usize,
}

/// Why no EPUB could be made.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// epub-builder or the post-pass could not assemble the container: not expected for
    /// any document (a book too large for a ZIP, or an epub-builder whose output the
    /// post-pass no longer recognises).
    #[error("cannot assemble the EPUB container: {0}")]
    Container(String),
}

/// The stylesheet; `/*FONTS*/` is replaced by the `@font-face` rules.
const CSS: &str = include_str!("book.css");

/// The classes the book's stylesheet gives a meaning of its own.
pub fn reserved_classes() -> std::collections::BTreeSet<String> {
    quire_doc::stylesheet_classes(CSS)
}

/// Builds the EPUB 3 publication of `doc`, with the images of `assets`.
pub fn epub(
    doc: &Document,
    assets: &Assets,
    opts: &EpubOptions,
) -> Result<Rendered, Vec<Diagnostic>> {
    build(doc, assets, opts)
        .map(Rendered::new)
        .map_err(|e| vec![Diagnostic::error(Span::detached(), e.to_string())])
}

fn build(doc: &Document, assets: &Assets, opts: &EpubOptions) -> Result<Vec<u8>, EpubError> {
    let meta = &doc.meta;
    let plan = plan::plan(doc, &pages::writer_config(opts.allow_raw_html));
    let breaks = page_breaks(doc, &opts.pages);
    let images = resources::images(doc, assets);
    let title = book_title(doc);
    let language = match meta.language.trim() {
        "" => "und",
        l => l,
    };
    let (uuid, other_identifier) = resources::identifier(doc);
    let modified = meta
        .revised()
        .or_else(|| opts.source_date_epoch.and_then(quire_doc::Date::from_epoch))
        .or_else(|| meta.published())
        .map_or_else(chrono::DateTime::default, |d| d.utc());

    // The cover: the image the metadata names (`cover`), else one drawn from the title.
    let drawn;
    let (cover_bytes, cover_type, cover_path): (&[u8], &str, String) = match meta
        .extra
        .get("cover")
        .and_then(|v| v.as_str())
        .and_then(|src| assets.image(src))
    {
        Some(image) => (
            &image.bytes,
            image.media_type.mime(),
            format!("images/cover.{}", image.media_type.extension()),
        ),
        None => {
            drawn = cover::svg(
                &title,
                meta.subtitle.as_deref(),
                &meta.authors,
                meta.source.as_deref(),
            );
            (
                drawn.as_bytes(),
                "image/svg+xml",
                pages::COVER_IMAGE.to_string(),
            )
        }
    };
    let pages::Texts {
        texts,
        toc_depth,
        page_breaks: marked,
    } = pages::texts(
        doc,
        &plan,
        &images,
        assets,
        &pages::BookFacts {
            language,
            title: &title,
            cover_path: &cover_path,
        },
        opts.allow_raw_html,
        breaks.clone(),
    );

    // Fonts, subset to what the book shows; the stylesheet that loads them.
    let chars = resources::characters(
        texts
            .iter()
            .map(|t| t.xhtml.as_str())
            .chain([package::TOC_NAME]),
    );
    let fonts: Vec<resources::Font> = resources::faces(doc)
        .into_iter()
        .map(|face| resources::font(face, &chars))
        .collect();
    let stylesheet = resources::stylesheet(CSS, &fonts, language);
    let mut resources: Vec<Resource<'_>> = fonts
        .iter()
        .map(|f| Resource {
            path: resources::font_path(f.face),
            media_type: f.face.media_type(),
            data: &f.data,
        })
        .collect();
    resources.extend(images.list().iter().map(|image| Resource {
        path: image.path.clone(),
        media_type: image.media_type,
        data: &image.data,
    }));

    let mut patches = Patches {
        language,
        identifier: &uuid.urn().to_string(),
        title: &title,
        toc_depth,
        metadata: extra_metadata(meta, other_identifier),
        properties: BTreeMap::new(),
        page_list: breaks
            .iter()
            .filter_map(|b| {
                let file = marked.get(&b.id)?;
                Some((b.label.clone(), format!("{file}#{}", b.id)))
            })
            .collect(),
    };
    if !patches.page_list.is_empty() {
        let source = opts.page_source.clone().unwrap_or_else(|| title.clone());
        patches.metadata.push(ExtraMeta::Meta {
            property: "pageBreakSource",
            text: source,
        });
    }
    for text in &texts {
        let props = match (text.xhtml.contains("<svg"), text.xhtml.contains("<math")) {
            (true, true) => "svg mathml",
            (true, false) => "svg",
            (false, true) => "mathml",
            (false, false) => continue,
        };
        patches.properties.insert(text.file.clone(), props);
    }
    let archive = package::build(&Package {
        meta,
        title: &title,
        language,
        uuid,
        modified,
        published: meta.published().map(|d| d.utc()),
        facts: Facts {
            has_images: !images.list().is_empty(),
            all_images_have_alt: images.all_have_alt(),
            footnotes: !doc.notes.is_empty(),
            annotations: doc.annotations.len(),
            page_list: !patches.page_list.is_empty(),
            paragraph_numbers: has_paragraph_numbers(doc),
        },
        stylesheet: &stylesheet,
        cover: cover_bytes,
        cover_type,
        cover_path: &cover_path,
        texts,
        resources,
    })?;
    postpass::finish(&archive, &patches)
}

/// The print edition's pages as page-break markers in the text: each at its place in
/// the projection (a page that begins in a block without text, such as an image, is
/// marked at the next text).
fn page_breaks(doc: &Document, pages: &[PrintPage]) -> Vec<quire_html::PageBreak> {
    if pages.is_empty() {
        return Vec::new();
    }
    let projection = quire_doc::project(doc);
    let mut first_unit: BTreeMap<&str, usize> = BTreeMap::new();
    // Only text can carry a marker: units without any (an image) are passed over.
    for (i, u) in projection.units.iter().enumerate() {
        if u.range.end > u.range.start {
            first_unit.entry(u.id.as_str()).or_insert(i);
        }
    }
    // Blocks in reading order, for a page that begins in a block with no text.
    let mut order: Vec<&str> = Vec::new();
    quire_doc::walk_blocks(&doc.blocks, &mut |b| order.push(b.id()));
    let position: BTreeMap<&str, usize> =
        order.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut out = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let unit = first_unit.get(page.id.as_str()).copied().or_else(|| {
            let from = *position.get(page.id.as_str())?;
            order[from..]
                .iter()
                .find_map(|id| first_unit.get(id).copied())
        });
        let Some(unit) = unit else { continue };
        let u = &projection.units[unit];
        let at = (u.range.start + page.offset).min(u.range.end.max(u.range.start));
        out.push(quire_html::PageBreak {
            at,
            id: format!("page-{}", n + 1),
            label: page.label.clone(),
        });
    }
    out
}

/// Whether any paragraph carries a number (what the writer prints).
fn has_paragraph_numbers(doc: &Document) -> bool {
    let mut any = false;
    quire_doc::walk_blocks(&doc.blocks, &mut |b| {
        any |= quire_doc::enrich::paragraph_number(b).is_some();
    });
    any
}

/// The metadata epub-builder has no setter for, for the post-pass to add.
fn extra_metadata(meta: &quire_doc::Meta, other_identifier: Option<&str>) -> Vec<ExtraMeta> {
    let mut extra = Vec::new();
    if let Some(sub) = present(&meta.subtitle) {
        extra.push(ExtraMeta::Dc {
            name: "title",
            id: "subtitle",
            text: sub.to_string(),
        });
        extra.push(ExtraMeta::Refine {
            id: "subtitle",
            property: "title-type",
            text: "subtitle",
        });
    }
    for (name, value) in [("source", &meta.source), ("publisher", &meta.publisher)] {
        if let Some(v) = present(value) {
            extra.push(ExtraMeta::Dc {
                name,
                id: "",
                text: v.to_string(),
            });
        }
    }
    if let Some(id) = other_identifier {
        extra.push(ExtraMeta::Dc {
            name: "identifier",
            id: "",
            text: id.to_string(),
        });
    }

    extra
}

/// A front-matter value that is there and not blank.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The title: the front matter's, else the first heading's text, else "Untitled".
fn book_title(doc: &Document) -> String {
    let t = doc.meta.title.trim();
    if !t.is_empty() {
        return t.to_string();
    }
    doc.blocks
        .iter()
        .find_map(|b| match &b.kind {
            quire_doc::BlockKind::Heading { content, .. } => Some(quire_doc::inline_text(content)),
            _ => None,
        })
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled".to_string())
}

#[cfg(test)]
mod tests;
