//! The package document (OPF) and the NCX.
//!
//! Written directly rather than through epub-builder: its known defects (NOTES.md: a
//! duplicate id with author plus language, no `xml:lang` on the package, no manifest
//! `properties`, unescaped custom metadata) each needed a patch of its output, and the
//! patched documents were no shorter than writing them. Everything here is a pure
//! function of the [`Manifest`], so the same book gives the same bytes.
//!
//! Accessibility metadata follows the EPUB Accessibility 1.1 and schema.org vocabularies
//! and only states what the writer guarantees: every content document has structural
//! navigation (headings and sections), a table of contents and a reading order equal to
//! the source; images carry the alt text the author wrote (the `alternativeText` feature
//! and the textual-only sufficient access mode are claimed only when every image has one);
//! the book has no sound, flashing or motion.

use quire_doc::Meta;

use crate::xml::{self, escape};

/// One resource of the package.
#[derive(Debug, Clone)]
pub struct Item {
    /// Manifest id (an NCName).
    pub id: String,
    /// Path relative to the package document.
    pub href: String,
    /// Media type.
    pub media_type: &'static str,
    /// Manifest properties (`nav`, `cover-image`, `svg` …), space-separated, or empty.
    pub properties: &'static str,
    /// In the spine, in this order; `false` for resources.
    pub spine: bool,
}

impl Item {
    /// A content document in the spine.
    pub fn text(id: &str, href: &str, properties: &'static str) -> Self {
        Self {
            id: id.to_string(),
            href: href.to_string(),
            media_type: "application/xhtml+xml",
            properties,
            spine: true,
        }
    }

    /// A resource outside the spine.
    pub fn resource(
        id: &str,
        href: &str,
        media_type: &'static str,
        properties: &'static str,
    ) -> Self {
        Self {
            id: id.to_string(),
            href: href.to_string(),
            media_type,
            properties,
            spine: false,
        }
    }
}

/// What the package knows about the book's content, for metadata and claims.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The book has at least one image.
    pub has_images: bool,
    /// Every image has a non-empty alt text.
    pub all_images_have_alt: bool,
}

/// The resolved metadata of the book.
pub struct Manifest<'a> {
    /// Front-matter metadata.
    pub meta: &'a Meta,
    /// The title shown (never empty).
    pub title: &'a str,
    /// The BCP 47 language.
    pub language: &'a str,
    /// The unique identifier.
    pub identifier: &'a str,
    /// `dcterms:modified`, already normalised.
    pub modified: &'a str,
    /// All items in manifest order; spine items in reading order.
    pub items: &'a [Item],
    /// Facts for the accessibility claims.
    pub facts: &'a Facts,
}

/// `META-INF/container.xml`.
pub const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

fn element(out: &mut String, tag: &str, attrs: &str, value: &str) {
    out.push_str(&format!("    <{tag}{attrs}>{}</{tag}>\n", escape(value)));
}

fn meta_property(out: &mut String, property: &str, value: &str) {
    element(out, "meta", &format!(" property=\"{property}\""), value);
}

/// The package document.
pub fn opf(m: &Manifest<'_>) -> String {
    let mut o = String::with_capacity(4096);
    let lang = escape(m.language);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(&format!(
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{lang}\">\n"
    ));
    o.push_str("  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    element(&mut o, "dc:identifier", " id=\"pub-id\"", m.identifier);
    element(&mut o, "dc:title", " id=\"title\"", m.title);
    if let Some(sub) = m.meta.subtitle.as_deref().filter(|s| !s.is_empty()) {
        element(&mut o, "dc:title", " id=\"subtitle\"", sub);
        o.push_str("    <meta refines=\"#title\" property=\"title-type\">main</meta>\n");
        o.push_str("    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    element(&mut o, "dc:language", "", m.language);
    for (i, author) in m.meta.authors.iter().enumerate() {
        element(
            &mut o,
            "dc:creator",
            &format!(" id=\"creator-{}\"", i + 1),
            author,
        );
    }
    let optional = [
        ("dc:date", m.meta.date.as_deref()),
        ("dc:source", m.meta.source.as_deref()),
        ("dc:publisher", m.meta.publisher.as_deref()),
        ("dc:rights", m.meta.rights.as_deref()),
        ("dc:description", m.meta.description.as_deref()),
    ];
    for (tag, value) in optional {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            element(&mut o, tag, "", v);
        }
    }
    for keyword in &m.meta.keywords {
        element(&mut o, "dc:subject", "", keyword);
    }
    meta_property(&mut o, "dcterms:modified", m.modified);
    accessibility(&mut o, m.facts);
    o.push_str("    <meta name=\"cover\" content=\"cover-image\"/>\n");
    o.push_str("  </metadata>\n  <manifest>\n");
    for item in m.items {
        o.push_str(&format!(
            "    <item id=\"{}\" href=\"{}\" media-type=\"{}\"",
            item.id,
            escape_attr(&item.href),
            item.media_type
        ));
        if !item.properties.is_empty() {
            o.push_str(&format!(" properties=\"{}\"", item.properties));
        }
        o.push_str("/>\n");
    }
    o.push_str("  </manifest>\n  <spine toc=\"ncx\">\n");
    for item in m.items.iter().filter(|i| i.spine) {
        o.push_str(&format!("    <itemref idref=\"{}\"/>\n", item.id));
    }
    o.push_str("  </spine>\n</package>\n");
    o
}

fn escape_attr(s: &str) -> String {
    let mut out = String::new();
    xml::attr(&mut out, s);
    out
}

fn accessibility(o: &mut String, f: &Facts) {
    meta_property(o, "schema:accessMode", "textual");
    if f.has_images {
        meta_property(o, "schema:accessMode", "visual");
    }
    if !f.has_images || f.all_images_have_alt {
        meta_property(o, "schema:accessModeSufficient", "textual");
    }
    if f.has_images {
        meta_property(o, "schema:accessModeSufficient", "textual,visual");
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
    for feature in features {
        meta_property(o, "schema:accessibilityFeature", feature);
    }
    meta_property(o, "schema:accessibilityHazard", "none");
    let images = if !f.has_images {
        "It has no images."
    } else if f.all_images_have_alt {
        "Every image has a text alternative; captions and credits are in the text."
    } else {
        "Some images have no text alternative; their captions are in the text."
    };
    let summary = format!(
        "This publication meets the EPUB Accessibility 1.1 and WCAG 2.1 Level AA requirements \
         as checked by EPUBCheck and Ace. It has a table of contents, headings and sections \
         for navigation, a reading order that follows the text, footnotes linked both ways, \
         and text that the reader can resize and restyle. {images} It has no sound, \
         flashing or motion."
    );
    meta_property(o, "schema:accessibilitySummary", &summary);
    meta_property(
        o,
        "dcterms:conformsTo",
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
    );
}

/// An entry of the NCX: depth (1-based), label, href.
pub struct NcxPoint<'a> {
    /// Nesting depth, 1 for top level.
    pub depth: usize,
    /// The label.
    pub label: &'a str,
    /// The target, relative to the package document.
    pub href: String,
}

/// The NCX table of contents, for EPUB 2 reading systems.
pub fn ncx(identifier: &str, title: &str, points: &[NcxPoint<'_>]) -> String {
    let max_depth = points.iter().map(|p| p.depth).max().unwrap_or(1);
    let mut o = String::with_capacity(2048);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str("<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n");
    o.push_str(&format!(
        "  <head>\n    <meta name=\"dtb:uid\" content=\"{}\"/>\n    <meta name=\"dtb:depth\" content=\"{max_depth}\"/>\n    <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n    <meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n  </head>\n",
        escape_attr(identifier)
    ));
    o.push_str(&format!(
        "  <docTitle><text>{}</text></docTitle>\n  <navMap>\n",
        escape(title)
    ));
    let mut open: usize = 0;
    for (n, p) in points.iter().enumerate() {
        // Close points until the new one's parent is open; depth never jumps by more than one.
        let depth = p.depth.clamp(1, open + 1);
        while open >= depth {
            o.push_str("</navPoint>\n");
            open -= 1;
        }
        o.push_str(&format!(
            "<navPoint id=\"np-{}\" playOrder=\"{}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/>\n",
            n + 1,
            n + 1,
            escape(p.label),
            escape_attr(&p.href)
        ));
        open += 1;
    }
    for _ in 0..open {
        o.push_str("</navPoint>\n");
    }
    o.push_str("  </navMap>\n</ncx>\n");
    o
}
