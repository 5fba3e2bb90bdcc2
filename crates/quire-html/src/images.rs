//! Images become `data:` URIs, so the page is one file and fetches nothing.

use base64::Engine;
use quire_doc::Assets;

/// The image `src` refers to, from the loaded assets, as a `data:` URI; `None` when the
/// loader did not load it (it has said why), and the page then leaves it out.
pub fn embed_image(src: &str, assets: &Assets) -> Option<String> {
    let image = assets.image(src)?;
    Some(format!(
        "data:{};base64,{}",
        image.media_type.mime(),
        base64::engine::general_purpose::STANDARD.encode(&image.bytes)
    ))
}
