//! Checks that the local files a document refers to exist. Kept apart from parsing,
//! which does no I/O, so that the CLI decides where the source's folder is.

use std::path::Path;

use quire_doc::{
    BlockKind, Diagnostic, Document, InlineKind, Span, for_each_block, for_each_inline,
};

/// Whether `src` points at a local file (as opposed to a URL or inline data).
pub fn is_local(src: &str) -> bool {
    !(src.contains("://")
        || src.starts_with("data:")
        || src.starts_with("//")
        || src.starts_with("mailto:"))
}

/// One error for every local image that does not exist under `base_dir`.
pub fn check_resources(doc: &Document, base_dir: &Path) -> Vec<Diagnostic> {
    let mut images: Vec<(&str, Span)> = Vec::new();
    for_each_block(doc, &mut |block| {
        if let BlockKind::Figure {
            image: Some(image), ..
        } = &block.kind
        {
            images.push((&image.src, image.span));
        }
    });
    for_each_inline(doc, &mut |inline| {
        if let InlineKind::Image { src, .. } = &inline.kind {
            images.push((src, inline.span));
        }
    });
    images
        .into_iter()
        .filter(|(src, _)| is_local(src))
        .filter_map(|(src, span)| {
            let path = base_dir.join(src.split(['?', '#']).next().unwrap_or(src));
            if path.is_file() {
                return None;
            }
            let message = if src.is_empty() {
                "an image has no file name".to_string()
            } else {
                format!("image `{src}` not found (looked for {})", path.display())
            };
            Some(
                Diagnostic::error(span, message)
                    .with_hint("check the path; it is relative to the Markdown file"),
            )
        })
        .collect()
}
