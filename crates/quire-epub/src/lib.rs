//! The EPUB 3 edition: a [`Document`] in, the bytes of an `.epub` out.
//!
//! `quire-epub` owns the shape of the book (cover, title page, navigation, one content
//! document per level-2 section, footnotes as EPUB 3 notes), its package metadata
//! (including schema.org accessibility metadata), the e-reader stylesheet, the embedded
//! fonts and the OCF container. It does not parse Markdown, number notes or anchor
//! annotations: it only borrows a finished document.
//!
//! Key design decisions:
//! - Deterministic by construction: no clock, no randomness, no hash-map order. The
//!   modification time comes from the front matter or from [`EpubOptions::source_date_epoch`];
//!   the container is written by our own small ZIP writer with fixed timestamps,
//!   `mimetype` first and stored. The same input gives the same bytes.
//! - The package documents (OPF, nav, NCX) are written directly instead of through
//!   epub-builder, whose output needed a patch pass for almost every file it writes (see
//!   `package.rs`); this keeps the whole book a pure function of the document.
//! - Fonts are embedded whole (see `quire-fonts`: its subsets are for PDF only and lack
//!   the `cmap`, kerning and ligature tables a reading system needs), unobfuscated (their
//!   licences allow redistribution; IDPF obfuscation protects nothing here and some readers
//!   mishandle it), as OpenType, the font format every EPUB 3 reader supports.

#![deny(missing_docs)]

mod cover;
mod date;
mod markup;
mod package;
mod pages;
mod plan;
mod resources;
mod xml;
mod zip;

use std::path::PathBuf;

use quire_doc::{Document, Span};

use crate::package::{Facts, Item, Manifest, NcxPoint};
use crate::pages::Landmark;
use crate::zip::{Method, ZipWriter};

/// How to build the EPUB.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// The folder that relative image paths in the document are resolved against
    /// (normally the folder of the source file). Default: empty, the current directory.
    pub base_dir: PathBuf,
    /// Seconds since the Unix epoch to use as `dcterms:modified` when the front matter has
    /// no `modified` date; the CLI passes `SOURCE_DATE_EPOCH` here. The library never reads
    /// the clock or the environment. Default: `None`, which falls back to the front
    /// matter's `date`, then to 1970-01-01T00:00:00Z.
    pub source_date_epoch: Option<i64>,
}

/// Why no EPUB could be made.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// A local image could not be read.
    #[error("cannot read image `{src}`: {source}")]
    ImageRead {
        /// The image as written in the source.
        src: String,
        /// Where it is referenced.
        span: Span,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An image is not in a format EPUB reading systems must support.
    #[error("image `{src}` is not a PNG, JPEG, GIF, WebP or SVG file")]
    ImageFormat {
        /// The image as written in the source.
        src: String,
        /// Where it is referenced.
        span: Span,
    },
    /// An image is on the web; EPUBs must carry their images inside.
    #[error("image `{src}` is remote; download it next to the source and use a relative path")]
    RemoteImage {
        /// The image as written in the source.
        src: String,
        /// Where it is referenced.
        span: Span,
    },
    /// The book is larger than a ZIP without ZIP64 can hold (4 GiB).
    #[error("the book is too large for an EPUB container")]
    TooLarge,
}

impl From<zip::TooLarge> for EpubError {
    fn from(_: zip::TooLarge) -> Self {
        EpubError::TooLarge
    }
}

/// The `mimetype` entry, first and stored, as OCF requires.
const MIMETYPE: &[u8] = b"application/epub+zip";
/// The stylesheet; `/*FONTS*/` is replaced by the `@font-face` rules.
const CSS: &str = include_str!("book.css");

/// Builds the EPUB 3 publication of `doc`.
pub fn epub(doc: &Document, opts: &EpubOptions) -> Result<Vec<u8>, EpubError> {
    let meta = &doc.meta;
    let plan = plan::plan(doc);
    let images = resources::images(doc, &opts.base_dir)?;
    let fonts = resources::fonts(doc);
    let title = book_title(doc);
    let language = match meta.language.trim() {
        "" => "und",
        l => l,
    };
    let identifier = match meta.identifier.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => resources::derived_identifier(doc),
    };
    let modified = meta
        .modified
        .as_deref()
        .and_then(date::normalise)
        .or_else(|| opts.source_date_epoch.map(date::from_epoch))
        .or_else(|| meta.date.as_deref().and_then(date::normalise))
        .unwrap_or_else(|| date::from_epoch(0));

    // Content documents.
    let mut texts: Vec<(String, String)> = Vec::with_capacity(plan.chapters.len() + 3);
    let cover_alt = format!("Cover: {title}");
    texts.push((
        "cover.xhtml".into(),
        pages::cover(language, &title, &cover_alt),
    ));
    texts.push((
        "title.xhtml".into(),
        pages::title_page(doc, language, &title),
    ));
    let mut lookup = |src: &str| images.href(src);
    for chapter in &plan.chapters {
        let mut cx = markup::Context {
            file: &chapter.file,
            locations: &plan.locations,
            images: &mut lookup,
        };
        let xhtml = pages::chapter(chapter, &mut cx, language, &title);
        texts.push((chapter.file.clone(), xhtml));
    }
    let first = plan
        .chapters
        .first()
        .map(|c| c.file.clone())
        .unwrap_or_default();
    let landmarks = [
        Landmark {
            kind: "cover",
            label: "Cover",
            href: "cover.xhtml".into(),
        },
        Landmark {
            kind: "titlepage",
            label: "Title page",
            href: "title.xhtml".into(),
        },
        Landmark {
            kind: "toc",
            label: "Contents",
            href: "nav.xhtml#toc".into(),
        },
        Landmark {
            kind: "bodymatter",
            label: "Start of text",
            href: first,
        },
    ];
    let nav = pages::nav(language, &title, &plan.headings, &landmarks);

    // Manifest: spine order is cover, title page, contents, chapters.
    let mut items = vec![
        Item::text("cover", "text/cover.xhtml", ""),
        Item::text("titlepage", "text/title.xhtml", ""),
        Item::text("nav", "text/nav.xhtml", "nav"),
    ];
    for chapter in &plan.chapters {
        let id = chapter.file.trim_end_matches(".xhtml").to_string();
        items.push(Item::text(&id, &format!("text/{}", chapter.file), ""));
    }
    items.push(Item::resource("css", "css/book.css", "text/css", ""));
    items.push(Item::resource(
        "ncx",
        "toc.ncx",
        "application/x-dtbncx+xml",
        "",
    ));
    items.push(Item::resource(
        "cover-image",
        "images/cover.svg",
        "image/svg+xml",
        "cover-image",
    ));
    for (n, image) in images.list().iter().enumerate() {
        items.push(Item::resource(
            &format!("img-{}", n + 1),
            &image.path,
            image.media_type,
            "",
        ));
    }
    for face in &fonts {
        let id = format!(
            "font-{}",
            face.file_name().replace(['.', '_'], "-").to_lowercase()
        );
        items.push(Item::resource(
            &id,
            &format!("fonts/{}", face.file_name()),
            face.media_type(),
            "",
        ));
    }
    let facts = Facts {
        has_images: !images.list().is_empty(),
        all_images_have_alt: images.all_have_alt(),
    };
    let manifest = Manifest {
        meta,
        title: &title,
        language,
        identifier: &identifier,
        modified: &modified,
        items: &items,
        facts: &facts,
    };

    let ncx_points: Vec<NcxPoint<'_>> = plan
        .headings
        .iter()
        .map(|h| NcxPoint {
            depth: usize::from(
                h.level
                    .saturating_sub(plan.headings.iter().map(|h| h.level).min().unwrap_or(1)),
            ) + 1,
            label: &h.text,
            href: format!("text/{}", h.href),
        })
        .collect();

    // The container.
    let text_size: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut zip = ZipWriter::with_capacity(
        text_size / 2 + fonts.iter().map(|f| f.data().len()).sum::<usize>(),
    );
    zip.add("mimetype", MIMETYPE, Method::Stored)?;
    zip.add(
        "META-INF/container.xml",
        package::CONTAINER.as_bytes(),
        Method::Deflated,
    )?;
    zip.add(
        "EPUB/package.opf",
        package::opf(&manifest).as_bytes(),
        Method::Deflated,
    )?;
    zip.add(
        "EPUB/toc.ncx",
        package::ncx(&identifier, &title, &ncx_points).as_bytes(),
        Method::Deflated,
    )?;
    zip.add("EPUB/text/nav.xhtml", nav.as_bytes(), Method::Deflated)?;
    for (file, xhtml) in &texts {
        zip.add(
            &format!("EPUB/text/{file}"),
            xhtml.as_bytes(),
            Method::Deflated,
        )?;
    }
    zip.add(
        "EPUB/css/book.css",
        resources::stylesheet(CSS, &fonts).as_bytes(),
        Method::Deflated,
    )?;
    let cover = cover::svg(
        &title,
        meta.subtitle.as_deref(),
        &meta.authors,
        meta.source.as_deref(),
    );
    zip.add("EPUB/images/cover.svg", cover.as_bytes(), Method::Deflated)?;
    for image in images.list() {
        let method = if image.media_type == "image/svg+xml" {
            Method::Deflated
        } else {
            Method::Stored
        };
        zip.add(&format!("EPUB/{}", image.path), &image.data, method)?;
    }
    for face in &fonts {
        zip.add_packed(
            &format!("EPUB/fonts/{}", face.file_name()),
            resources::packed_font(*face),
            face.data(),
        )?;
    }
    Ok(zip.finish()?)
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
