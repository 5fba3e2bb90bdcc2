//! Local images become `data:` URIs, so the page is one file and fetches nothing.

use std::path::Path;

use crate::{HtmlError, escape};

/// The media type of an image file, from its extension.
pub fn media_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// Reads the image `src` (relative to `base`) and returns it as a `data:` URI.
/// `data:` URIs pass through; remote URLs are an error (the page must not fetch).
pub fn embed_image(src: &str, base: Option<&Path>) -> Result<String, HtmlError> {
    if src.starts_with("data:") {
        return Ok(src.to_string());
    }
    if src.contains("://") || src.starts_with("//") {
        return Err(HtmlError::RemoteImage {
            src: src.to_string(),
        });
    }
    let clean = src.split(['?', '#']).next().unwrap_or(src);
    let media = media_type(clean).ok_or_else(|| HtmlError::ImageType {
        src: src.to_string(),
    })?;
    let path = match base {
        Some(b) => b.join(clean),
        None => Path::new(clean).to_path_buf(),
    };
    let data = std::fs::read(&path).map_err(|source| HtmlError::Image { path, source })?;
    Ok(format!("data:{media};base64,{}", escape::base64(&data)))
}
