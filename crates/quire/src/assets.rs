//! The load stage's resource pass: every image the document refers to is read once,
//! confined to the project folder, checked (type from the bytes, size limits, SVG
//! sanitised) and put into [`Assets`]. Backends only look images up.
//!
//! One policy for all editions: a local image that is missing, outside the project,
//! not an image or over the limits is an error at its reference; a remote image
//! (`https://…`) is a warning and is left out (no edition fetches anything); a `data:`
//! image is decoded and checked like a file.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use quire_doc::{
    Assets, BlockKind, Diagnostic, Document, ImageAsset, ImageLimits, InlineKind, Span,
    walk_blocks, walk_inlines_in,
};

use crate::files::{FileProblem, confined, read_limited};

/// Every image reference of `doc` (body, notes and annotation bodies), with the span of
/// its first use, in source order.
fn references(doc: &Document) -> Vec<(String, Span)> {
    let mut first: BTreeMap<String, Span> = BTreeMap::new();
    let lists = std::iter::once(doc.blocks.as_slice())
        .chain(doc.notes.iter().map(|n| n.blocks.as_slice()))
        .chain(doc.annotations.iter().map(|a| a.body.as_slice()));
    for blocks in lists {
        walk_blocks(blocks, &mut |block| {
            if let BlockKind::Figure {
                image: Some(image), ..
            } = &block.kind
            {
                first.entry(image.src.clone()).or_insert(image.span);
            }
        });
        walk_inlines_in(blocks, &mut |inline| {
            if let InlineKind::Image { src, .. } = &inline.kind {
                first.entry(src.clone()).or_insert(inline.span);
            }
        });
    }
    // A cover image named in the metadata (`cover` in quire.toml or the front matter).
    if let Some(serde_json::Value::String(cover)) = doc.meta.extra.get("cover") {
        first
            .entry(cover.clone())
            .or_insert(Span::point(quire_doc::FileId(0), 0));
    }
    let mut refs: Vec<(String, Span)> = first.into_iter().collect();
    refs.sort_by_key(|r| r.1);
    refs
}

/// Reads every image `doc` uses. `base` is the folder relative paths start from,
/// `root` the folder they must stay inside.
pub fn load(
    doc: &Document,
    base: &Path,
    root: &Path,
    limits: &ImageLimits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Assets {
    let mut assets = Assets::new();
    for (src, span) in references(doc) {
        match load_one(&src, span, base, root, limits) {
            Ok(Some(image)) => assets.insert_image(src, image),
            Ok(None) => diagnostics.push(
                Diagnostic::warning(span, format!("remote image `{src}` is left out")).with_hint(
                    "editions never fetch from other hosts; download it next to the source",
                ),
            ),
            Err(d) => diagnostics.push(d),
        }
    }
    assets
}

fn load_one(
    src: &str,
    span: Span,
    base: &Path,
    root: &Path,
    limits: &ImageLimits,
) -> Result<Option<ImageAsset>, Diagnostic> {
    let url = quire_doc::url::normalize(src);
    if url.is_empty() {
        return Err(Diagnostic::error(span, "an image has no file name"));
    }
    if let Some(data) = url.strip_prefix("data:") {
        let bytes = decode_data(data)
            .ok_or_else(|| Diagnostic::error(span, "the `data:` image is not base64 data"))?;
        return check(bytes, span, limits, "the `data:` image").map(Some);
    }
    if quire_doc::url::scheme(&url).is_some() || url.starts_with("//") {
        return Ok(None);
    }
    let relative = url.split(['?', '#']).next().unwrap_or(&url);
    let relative = percent_decode(relative);
    let path = base.join(&relative);
    let fail = |why: FileProblem| {
        let d = Diagnostic::error(span, format!("image `{src}`: {why}"));
        match why {
            FileProblem::Missing => d.with_hint(format!(
                "looked for {}; paths are relative to the Markdown file",
                path.display()
            )),
            FileProblem::Outside(_) => {
                d.with_hint("images must be inside the project folder (the source file's folder)")
            }
            _ => d,
        }
    };
    let real = confined(&path, root).map_err(fail)?;
    let bytes = read_limited(&real, limits.max_bytes).map_err(fail)?;
    check(bytes, span, limits, &format!("image `{src}`")).map(Some)
}

fn check(
    bytes: Vec<u8>,
    span: Span,
    limits: &ImageLimits,
    what: &str,
) -> Result<ImageAsset, Diagnostic> {
    ImageAsset::from_bytes(bytes.into(), span, limits)
        .map_err(|why| Diagnostic::error(span, format!("{what} {why}")))
}

/// The bytes of a `data:` URL's payload (after `data:`), if it is base64.
fn decode_data(data: &str) -> Option<Vec<u8>> {
    let (header, payload) = data.split_once(',')?;
    if !header.ends_with(";base64") {
        return None;
    }
    let payload: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(payload)
        .ok()
}

/// `%20` and friends in a relative path, as a browser would read the file name.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}
