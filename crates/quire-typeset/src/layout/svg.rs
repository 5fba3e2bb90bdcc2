//! SVG for print: the sanitised SVG of an asset becomes a `usvg` tree of paths, which the
//! PDF writer turns into a vector Form XObject (with `svg2pdf`).
//!
//! Layout owns this step, not the writer, because it decides what is drawn and how large
//! (the tree's size is the image's natural size) and because it can warn, with the
//! image's source position, about what print leaves out. The writer only serialises.
//!
//! * **Text** in an SVG is shaped by usvg with the embedded faces of `quire-fonts` (a
//!   font database built once per process, no system font read: the same SVG gives the
//!   same outlines on every machine). `serif` and any family the faces do not have fall
//!   back to the text face; `sans-serif` is the sans face, `monospace` the code face. The
//!   PDF writer draws the outlines as paths, so the PDF needs no font for SVG text
//!   (PDF/A wants every font embedded).
//! * **Bounded work.** The SVG's bytes are capped at load. Here the XML is parsed first
//!   with at most [`MAX_NODES`] nodes and [`MAX_DEPTH`] levels of nesting (usvg and
//!   svg2pdf recurse over the element tree), and usvg itself refuses a document that
//!   expands (through `<use>`) past a million elements. No file is read: `<image>`
//!   references are not resolved, not even `data:` ones.
//! * **Left out, with a warning:** raster `<image>` elements and filter effects (blur,
//!   drop shadows …), which would have to be rasterised.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use quire_fonts::Face;
use usvg::fontdb;

/// The most XML nodes (elements, text, comments) an SVG may have.
pub const MAX_NODES: u32 = 250_000;
/// The deepest nesting of elements an SVG may have.
pub const MAX_DEPTH: usize = 256;

/// An SVG ready for print: its tree and what print leaves out of it.
#[derive(Debug)]
pub(crate) struct PrintSvg {
    pub tree: usvg::Tree,
    /// Sentences for the warning, such as "2 raster images".
    pub left_out: Vec<String>,
}

/// The embedded faces as a font database, built once.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for face in Face::ALL {
            db.load_font_source(fontdb::Source::Binary(Arc::new(face.data())));
        }
        let serif = Face::SerifRegular.family();
        db.set_serif_family(serif);
        db.set_sans_serif_family(Face::Sans.family());
        db.set_monospace_family(Face::Mono.family());
        db.set_cursive_family(serif);
        db.set_fantasy_family(serif);
        Arc::new(db)
    })
    .clone()
}

/// Parses `bytes` (an SVG that passed the load-time check) for print.
pub(crate) fn parse(bytes: &[u8]) -> Result<PrintSvg, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let xml = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            // The loader refused any DOCTYPE that declares entities.
            allow_dtd: true,
            nodes_limit: MAX_NODES,
        },
    )
    .map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => {
            format!("it has more than {MAX_NODES} XML nodes")
        }
        e => format!("it cannot be parsed ({e})"),
    })?;
    // Nodes come in document order, so a parent's depth is known before its children's.
    let mut depths: Vec<usize> = Vec::new();
    for node in xml.root().descendants() {
        let depth = node.parent().map_or(0, |p| depths[p.id().get_usize()] + 1);
        let at = node.id().get_usize();
        if depths.len() <= at {
            depths.resize(at + 1, 0);
        }
        depths[at] = depth;
        if depth > MAX_DEPTH {
            return Err(format!("its elements nest more than {MAX_DEPTH} deep"));
        }
    }
    let images = Arc::new(AtomicUsize::new(0));
    let (on_data, on_string) = (images.clone(), images.clone());
    let options = usvg::Options {
        font_family: Face::SerifRegular.family().to_string(),
        fontdb: fonts(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(move |_, _, _| {
                on_data.fetch_add(1, Ordering::Relaxed);
                None
            }),
            resolve_string: Box::new(move |_, _| {
                on_string.fetch_add(1, Ordering::Relaxed);
                None
            }),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_xmltree(&xml, &options)
        .map_err(|e| format!("it cannot be converted ({e})"))?;
    let mut left_out = Vec::new();
    let rasters = images.load(Ordering::Relaxed);
    if rasters > 0 {
        left_out.push(count(rasters, "raster image", "raster images"));
    }
    let filters = filtered_groups(tree.root());
    if filters > 0 {
        left_out.push(count(filters, "filter effect", "filter effects"));
    }
    Ok(PrintSvg { tree, left_out })
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Groups with a filter, counted without recursion (the tree is as deep as the input).
fn filtered_groups(root: &usvg::Group) -> usize {
    let mut stack = vec![root];
    let mut n = 0;
    while let Some(group) = stack.pop() {
        if !group.filters().is_empty() {
            n += 1;
        }
        for child in group.children() {
            if let usvg::Node::Group(g) = child {
                stack.push(g);
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_outlines_with_the_embedded_faces() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">
            <text x="10" y="30" font-family="Nonexistent, serif" font-size="20">Hello</text>
        </svg>"#;
        let parsed = parse(svg).unwrap();
        assert_eq!(parsed.tree.size().width(), 200.0);
        let usvg::Node::Text(text) = &parsed.tree.root().children()[0] else {
            panic!("a text node expected");
        };
        assert!(
            !text.flattened().children().is_empty(),
            "the text has outlines"
        );
        assert!(parsed.left_out.is_empty());
    }

    #[test]
    fn images_and_filters_are_reported_and_limits_hold() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">
            <filter id="f"><feGaussianBlur stdDeviation="2"/></filter>
            <rect width="10" height="10" filter="url(#f)"/>
            <image width="5" height="5" href="data:image/png;base64,iVBORw0KGgo="/>
        </svg>"#;
        let parsed = parse(svg).unwrap();
        assert_eq!(parsed.left_out, ["1 raster image", "1 filter effect"]);
        let deep = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            "<g>".repeat(MAX_DEPTH + 1),
            "</g>".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(deep.as_bytes()).unwrap_err().contains("nest"));
        let many = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            "<g/>".repeat(MAX_NODES as usize)
        );
        assert!(parse(many.as_bytes()).unwrap_err().contains("XML nodes"));
    }
}
