//! The package, assembled by epub-builder: metadata, the content documents in reading
//! order with the navigation built from them (nav document, landmarks, NCX, guide, and a
//! "Contents" page in the spine), the stylesheet, the fonts, the cover and the images.
//!
//! epub-builder writes everything here; what it cannot say or says wrongly is mended by
//! the post-pass ([`crate::postpass`]), which gets its instructions from [`Package`].
//!
//! Accessibility metadata follows the EPUB Accessibility 1.1 and schema.org vocabularies
//! and only states what the book guarantees: every content document has structural
//! navigation (headings and sections), a table of contents and a reading order equal to
//! the source; images carry the alt text the author wrote (the `alternativeText` feature
//! and the textual-only sufficient access mode are claimed only when every image has one);
//! the book has no sound, flashing or motion.

use chrono::{DateTime, Utc};
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, TocElement, ZipLibrary,
};
use quire_doc::Meta;
use uuid::Uuid;

use crate::{EpubError, present};
use quire_html::escape::escape;

/// The name of the navigation page epub-builder puts in the spine (`inline_toc`).
pub const TOC_NAME: &str = "Contents";

/// What the package knows about the book's content, for the accessibility claims.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The book has at least one image.
    pub has_images: bool,
    /// Every image has a non-empty alt text.
    pub all_images_have_alt: bool,
    /// The text has footnotes.
    pub footnotes: bool,
    /// How many editorial notes the book shows.
    pub annotations: usize,
    /// The book has a page list of the print edition.
    pub page_list: bool,
    /// Paragraphs carry their numbers.
    pub paragraph_numbers: bool,
}

/// One content document.
#[derive(Debug)]
pub struct Text {
    /// File name beside the package document.
    pub file: String,
    /// Its entry in the table of contents and, with a `landmark`, the landmark's label.
    pub title: String,
    /// The landmark (and guide reference) it is, if any.
    pub landmark: Option<ReferenceType>,
    /// Its level in the table of contents, 1-based (a book's chapters under a part are
    /// at 2).
    pub level: i32,
    /// Headings inside it for the table of contents: (depth below the document's own
    /// entry, 1-based; label; `file#id`).
    pub headings: Vec<(i32, String, String)>,
    /// The XHTML.
    pub xhtml: String,
}

/// Any other file of the package.
#[derive(Debug)]
pub struct Resource<'a> {
    /// Path relative to the package document.
    pub path: String,
    /// Media type.
    pub media_type: &'static str,
    /// The bytes.
    pub data: &'a [u8],
}

/// Everything the package is made of.
#[derive(Debug)]
pub struct Package<'a> {
    /// Front-matter metadata.
    pub meta: &'a Meta,
    /// The title shown (never empty).
    pub title: &'a str,
    /// The BCP 47 language.
    pub language: &'a str,
    /// The unique identifier.
    pub uuid: Uuid,
    /// `dcterms:modified`.
    pub modified: DateTime<Utc>,
    /// `dc:date`, when the front matter's date is one.
    pub published: Option<DateTime<Utc>>,
    /// Facts for the accessibility claims.
    pub facts: Facts,
    /// The stylesheet.
    pub stylesheet: &'a str,
    /// The cover image.
    pub cover: &'a [u8],
    /// Its media type.
    pub cover_type: &'a str,
    /// Path of the cover image.
    pub cover_path: &'a str,
    /// Content documents in reading order.
    pub texts: Vec<Text>,
    /// Fonts and images.
    pub resources: Vec<Resource<'a>>,
}

/// The accessibility summary, saying only what this book has.
fn summary(f: &Facts, images: &str) -> String {
    let mut has = vec![
        "a table of contents".to_string(),
        "headings and sections for navigation".into(),
        "a reading order that follows the text".into(),
    ];
    if f.page_list {
        has.push("the page numbers of the print edition".into());
    }
    if f.paragraph_numbers {
        has.push("numbered paragraphs, numbered as in the other editions".into());
    }
    if f.footnotes {
        has.push("footnotes linked both ways".into());
    }
    if f.annotations > 0 {
        let n = f.annotations;
        has.push(format!(
            "{n} editorial note{}, each linked both ways with the passage it explains",
            if n == 1 { "" } else { "s" }
        ));
    }
    has.push("text that the reader can resize and restyle".into());
    let last = has.pop().unwrap_or_default();
    format!(
        "This publication meets the EPUB Accessibility 1.1 and WCAG 2.1 Level AA \
         requirements as checked by EPUBCheck and Ace. It has {}, and {last}. {images} \
         It has no sound, flashing or motion.",
        has.join(", ")
    )
}

fn builder_error(e: epub_builder::Error) -> EpubError {
    EpubError::Container(format!("epub-builder: {e}"))
}

/// Builds the archive with epub-builder (before the post-pass).
pub fn build(p: &Package<'_>) -> Result<Vec<u8>, EpubError> {
    let mut b =
        EpubBuilder::new(ZipLibrary::new().map_err(builder_error)?).map_err(builder_error)?;
    b.epub_version(EpubVersion::V33);
    b.set_title(p.title);
    b.add_language(p.language);
    for author in &p.meta.authors {
        b.add_author(author.as_str());
    }
    b.set_uuid(p.uuid);
    b.set_modified_date(p.modified);
    if let Some(date) = p.published {
        b.set_publication_date(date);
    }
    if let Some(d) = present(&p.meta.description) {
        b.add_description(d);
    }
    for keyword in &p.meta.keywords {
        b.add_subject(keyword.as_str());
    }
    if let Some(r) = present(&p.meta.rights) {
        b.set_license(r);
    }
    b.set_generator("Quire");
    b.set_toc_name(TOC_NAME);
    for (property, value) in accessibility(&p.facts) {
        // epub-builder writes a custom meta's content as given, unescaped (NOTES.md), so
        // it is escaped here; the post-pass re-parses the package document, so a value
        // that slipped through unescaped would fail the build rather than the book.
        b.add_metadata_opf(Box::new(MetadataOpfV3::new(
            property.to_string(),
            escape(&value),
        )));
    }

    b.stylesheet(p.stylesheet.as_bytes())
        .map_err(builder_error)?;
    b.add_cover_image(p.cover_path, p.cover, p.cover_type)
        .map_err(builder_error)?;
    for r in &p.resources {
        b.add_resource(&r.path, r.data, r.media_type)
            .map_err(builder_error)?;
    }

    // Spine order: the cover and title pages, the "Contents" page, then the text. The
    // Contents page goes in where `inline_toc` is called.
    let mut texts = p.texts.iter().peekable();
    while let Some(text) = texts.next_if(|t| {
        matches!(
            t.landmark,
            Some(ReferenceType::Cover | ReferenceType::TitlePage)
        )
    }) {
        add_text(&mut b, text)?;
    }
    b.inline_toc();
    for text in texts {
        add_text(&mut b, text)?;
    }
    let mut out = Vec::new();
    b.generate(&mut out).map_err(builder_error)?;
    Ok(out)
}

fn add_text(b: &mut EpubBuilder<ZipLibrary>, text: &Text) -> Result<(), EpubError> {
    let mut toc = TocElement::new(text.file.as_str(), text.title.as_str()).level(text.level);
    // A heading without text has no entry (an empty entry leaves an empty list behind).
    for (depth, label, href) in text.headings.iter().filter(|h| !h.1.trim().is_empty()) {
        toc.add(TocElement::new(href.as_str(), label.as_str()).level(text.level + depth));
    }
    b.add_content(EpubContent {
        toc,
        content: text.xhtml.as_bytes(),
        reftype: text.landmark,
    })
    .map_err(builder_error)?;
    Ok(())
}

/// The schema.org and conformance metadata, as (property, value).
fn accessibility(f: &Facts) -> Vec<(&'static str, String)> {
    let mut m = vec![("schema:accessMode", "textual".to_string())];
    if f.has_images {
        m.push(("schema:accessMode", "visual".into()));
    }
    if !f.has_images || f.all_images_have_alt {
        m.push(("schema:accessModeSufficient", "textual".into()));
    }
    if f.has_images {
        m.push(("schema:accessModeSufficient", "textual,visual".into()));
    }
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if f.has_images && f.all_images_have_alt {
        features.push("alternativeText");
    }
    if f.annotations > 0 {
        features.push("annotations");
    }
    if f.page_list {
        features.extend(["pageNavigation", "printPageNumbers"]);
    }
    for feature in features {
        m.push(("schema:accessibilityFeature", feature.into()));
    }
    m.push(("schema:accessibilityHazard", "none".into()));
    let images = if !f.has_images {
        "It has no images."
    } else if f.all_images_have_alt {
        "Every image has a text alternative; captions and credits are in the text."
    } else {
        "Some images have no text alternative; their captions are in the text."
    };
    m.push(("schema:accessibilitySummary", summary(f, images)));
    m.push((
        "dcterms:conformsTo",
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA".into(),
    ));
    m
}
