//! The book's resources besides text: local images, fonts, the stylesheet, and the
//! identifier used when the front matter gives none.
//!
//! Images are found and read before any document is written, so that a missing or
//! unsupported image is an error with its source span rather than a broken book. Each
//! distinct source path becomes one file `images/img-NN.ext`, numbered in order of first
//! appearance (deterministic, and free of characters a ZIP or URL would trip over).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use quire_doc::{BlockKind, Document, InlineKind, Span, for_each_block, for_each_inline};
use quire_fonts::Face;

use crate::EpubError;
use crate::zip::Packed;

/// One image resource.
#[derive(Debug)]
pub struct Image {
    /// Path inside the package folder, such as `images/img-01.png`.
    pub path: String,
    /// Media type.
    pub media_type: &'static str,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// The images of the book.
#[derive(Debug, Default)]
pub struct Images {
    by_src: BTreeMap<String, usize>,
    list: Vec<Image>,
    all_alt: bool,
}

impl Images {
    /// The href of the image written as `src`, relative to a content document.
    pub fn href(&self, src: &str) -> Option<String> {
        let i = *self.by_src.get(src)?;
        Some(format!("../{}", self.list[i].path))
    }

    /// The images in order of first appearance.
    pub fn list(&self) -> &[Image] {
        &self.list
    }

    /// Whether every image reference has a non-empty alt text.
    pub fn all_have_alt(&self) -> bool {
        self.all_alt
    }
}

/// Finds, checks and reads every image the document references.
pub fn images(doc: &Document, base: &Path) -> Result<Images, EpubError> {
    let mut refs: Vec<(&str, &str, Span)> = Vec::new();
    for_each_block(doc, &mut |b| {
        if let BlockKind::Figure {
            image: Some(img), ..
        } = &b.kind
        {
            refs.push((&img.src, &img.alt, img.span));
        }
    });
    for_each_inline(doc, &mut |i| {
        if let InlineKind::Image { src, alt, .. } = &i.kind {
            refs.push((src, alt, i.span));
        }
    });
    // Figures and inline images were collected in two passes; order them by source
    // position so numbering follows the reading order.
    refs.sort_by_key(|r| r.2);
    let mut images = Images {
        all_alt: true,
        ..Images::default()
    };
    for (src, alt, span) in refs {
        images.all_alt &= !alt.trim().is_empty();
        if images.by_src.contains_key(src) {
            continue;
        }
        if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
            return Err(EpubError::RemoteImage {
                src: src.to_string(),
                span,
            });
        }
        let Some((ext, media_type)) = media_type(src) else {
            return Err(EpubError::ImageFormat {
                src: src.to_string(),
                span,
            });
        };
        let data = std::fs::read(base.join(src)).map_err(|source| EpubError::ImageRead {
            src: src.to_string(),
            span,
            source,
        })?;
        let n = images.list.len() + 1;
        images.by_src.insert(src.to_string(), images.list.len());
        images.list.push(Image {
            path: format!("images/img-{n:02}.{ext}"),
            media_type,
            data,
        });
    }
    Ok(images)
}

/// The extension and media type of an image path, for the core media types of EPUB 3.3.
fn media_type(src: &str) -> Option<(&'static str, &'static str)> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => ("png", "image/png"),
        "jpg" | "jpeg" => ("jpg", "image/jpeg"),
        "gif" => ("gif", "image/gif"),
        "webp" => ("webp", "image/webp"),
        "svg" => ("svg", "image/svg+xml"),
        _ => return None,
    })
}

/// The faces the book's text can use: the four text faces always (body, emphasis,
/// headings and captions use them), the monospaced face only when there is code.
pub fn fonts(doc: &Document) -> Vec<Face> {
    let mut faces = Face::SERIF.to_vec();
    let code = crate::plan::any_block(doc, &mut |b| {
        matches!(b, BlockKind::CodeBlock { .. } | BlockKind::Raw { .. })
    }) || crate::plan::any_inline(doc, &mut |i| {
        matches!(
            i,
            InlineKind::Code { .. } | InlineKind::Math { .. } | InlineKind::Raw { .. }
        )
    });
    if code {
        faces.push(Face::Mono);
    }
    faces
}

/// A face's file, deflated once per process: fonts are the bulk of the book and the same
/// in every build, so compressing them again each time would dominate the build time.
pub fn packed_font(face: Face) -> &'static Packed {
    static PACKED: [OnceLock<Packed>; Face::ALL.len()] =
        [const { OnceLock::new() }; Face::ALL.len()];
    let i = Face::ALL.iter().position(|f| *f == face).unwrap_or(0);
    PACKED[i].get_or_init(|| Packed::deflate(face.data()))
}

/// The stylesheet with one `@font-face` rule per embedded face.
pub fn stylesheet(css: &str, fonts: &[Face]) -> String {
    let mut rules = String::new();
    for face in fonts {
        rules.push_str(&format!(
            "@font-face {{ font-family: \"{}\"; font-style: {}; font-weight: {}; src: url(\"../fonts/{}\"); }}\n",
            face.family(),
            face.style().css(),
            face.weight(),
            face.file_name()
        ));
    }
    css.replacen("/*FONTS*/", rules.trim_end(), 1)
}

/// A `urn:uuid:` derived from the title and the text, for documents without an
/// identifier: stable across rebuilds of the same text (no randomness), different for
/// different texts. Two FNV-1a 64-bit hashes with different offsets make the 128 bits;
/// version and variant bits are set as for a name-based UUID.
pub fn derived_identifier(doc: &Document) -> String {
    let text = quire_doc::plain_text(doc);
    let hash = |seed: u64| {
        let mut h = seed;
        for byte in doc.meta.title.bytes().chain([0]).chain(text.bytes()) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    let hi = hash(0xcbf2_9ce4_8422_2325);
    let lo = hash(0x8422_2325_cbf2_9ce4);
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&hi.to_be_bytes());
    b[8..].copy_from_slice(&lo.to_be_bytes());
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
