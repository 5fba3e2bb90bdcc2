//! The resources a document uses, read once by the loader and shared by every edition:
//! backends look images up here and never touch the file system.
//!
//! [`Image::from_bytes`] is the one place that decides what an image is: its type comes
//! from its magic bytes (never from the file name), its pixel size from its header, read
//! without decoding, and checked against [`ImageLimits`] before any edition decodes a
//! pixel. SVG is accepted only without scripts, event handlers, `foreignObject`,
//! external references or a DOCTYPE that declares anything (entities), so an SVG cannot run code or pull in
//! other files in any reading system.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::Span;
pub use crate::density::DEFAULT_DPI;

/// The image types every edition accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MediaType {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (the first frame in print).
    Gif,
    /// WebP.
    Webp,
    /// SVG (sanitised: see the module doc).
    Svg,
}

impl MediaType {
    /// The IANA media type.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Gif => "image/gif",
            MediaType::Webp => "image/webp",
            MediaType::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Gif => "gif",
            MediaType::Webp => "webp",
            MediaType::Svg => "svg",
        }
    }
}

/// Limits on an image, checked from its header before it is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// The largest file, in bytes. Default 64 MiB.
    pub max_bytes: u64,
    /// The longest side, in pixels. Default 30,000.
    pub max_side: u32,
    /// The most pixels (width × height). Default 150 million (a 12,000 × 12,500 scan).
    pub max_pixels: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        Self {
            max_bytes: 64 << 20,
            max_side: 30_000,
            max_pixels: 150_000_000,
        }
    }
}

/// One image: its bytes as read, what they are and how large.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The file's bytes, unchanged.
    pub bytes: Arc<[u8]>,
    /// The type, from the magic bytes.
    pub media_type: MediaType,
    /// Width in pixels (for SVG: in CSS pixels, from `width`/`height` or the `viewBox`;
    /// 0 if it states neither).
    pub width: u32,
    /// Height in pixels (as `width`).
    pub height: u32,
    /// Resolution `(horizontal, vertical)` in pixels per inch, from the file's metadata
    /// (PNG `pHYs`, JPEG JFIF or EXIF), or [`DEFAULT_DPI`] when it states none; SVG sizes
    /// are CSS pixels, so 96. The rule is documented in the `density` module; every edition
    /// sizes the image from it ([`Image::size_in_points`], [`Image::css_size`]).
    pub dpi: (f64, f64),
    /// Where the document first refers to it.
    pub span: Span,
}

/// Why bytes are not a usable image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// Not PNG, JPEG, GIF, WebP or SVG (by content, whatever the name says).
    NotAnImage,
    /// The header cannot be read.
    Corrupt(String),
    /// Larger than the limits allow.
    TooLarge(String),
    /// An SVG with active or external content.
    UnsafeSvg(String),
}

impl std::fmt::Display for ImageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageProblem::NotAnImage => f.write_str("is not a PNG, JPEG, GIF, WebP or SVG image"),
            ImageProblem::Corrupt(why) => write!(f, "is damaged ({why})"),
            ImageProblem::TooLarge(why) => write!(f, "is too large ({why})"),
            ImageProblem::UnsafeSvg(why) => write!(f, "is an SVG with {why}, which is not allowed"),
        }
    }
}

impl Image {
    /// Recognises, measures and checks `bytes`.
    pub fn from_bytes(
        bytes: Arc<[u8]>,
        span: Span,
        limits: &ImageLimits,
    ) -> Result<Image, ImageProblem> {
        if bytes.len() as u64 > limits.max_bytes {
            return Err(ImageProblem::TooLarge(format!(
                "{} bytes, at most {} allowed",
                bytes.len(),
                limits.max_bytes
            )));
        }
        let media_type = sniff(&bytes).ok_or(ImageProblem::NotAnImage)?;
        let (width, height) = if media_type == MediaType::Svg {
            crate::svg::check(&bytes).map_err(ImageProblem::UnsafeSvg)?
        } else {
            let size =
                imagesize::blob_size(&bytes).map_err(|e| ImageProblem::Corrupt(e.to_string()))?;
            (
                u32::try_from(size.width).unwrap_or(u32::MAX),
                u32::try_from(size.height).unwrap_or(u32::MAX),
            )
        };
        if media_type != MediaType::Svg && (width == 0 || height == 0) {
            return Err(ImageProblem::Corrupt("it declares no pixels".into()));
        }
        if width > limits.max_side || height > limits.max_side {
            return Err(ImageProblem::TooLarge(format!(
                "{width} × {height} pixels, at most {} a side",
                limits.max_side
            )));
        }
        if u64::from(width) * u64::from(height) > limits.max_pixels {
            return Err(ImageProblem::TooLarge(format!(
                "{width} × {height} pixels, at most {} in all",
                limits.max_pixels
            )));
        }
        let dpi = crate::density::png_or_jpeg(&bytes).unwrap_or((DEFAULT_DPI, DEFAULT_DPI));
        Ok(Image {
            bytes,
            media_type,
            width,
            height,
            dpi,
            span,
        })
    }

    /// The natural size in points (1/72 in): the pixels at the stated resolution.
    pub fn size_in_points(&self) -> (f64, f64) {
        (
            f64::from(self.width) * 72.0 / self.dpi.0,
            f64::from(self.height) * 72.0 / self.dpi.1,
        )
    }

    /// The natural size in CSS pixels (1/96 in), rounded to whole pixels (at least 1).
    pub fn css_size(&self) -> (u32, u32) {
        let css = |px: u32, dpi: f64| ((f64::from(px) * DEFAULT_DPI / dpi).round() as u32).max(1);
        (css(self.width, self.dpi.0), css(self.height, self.dpi.1))
    }
}

/// The image type of `bytes`, from their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(MediaType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(MediaType::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(MediaType::Gif)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(MediaType::Webp)
    } else if crate::svg::looks_like_svg(bytes) {
        Some(MediaType::Svg)
    } else {
        None
    }
}

/// The bytes of a font file, shared by every edition and every face of the file.
///
/// Held behind `dyn AsRef<[u8]>` so that the owner decides how they live: the embedded
/// faces are `&'static` slices in the binary and the loader's files are memory maps.
/// Either way, nothing is copied when an edition or the shaper takes them (a Noto CJK
/// collection is 20–30 MB, and one copy of it was most of a PDF build's time).
#[derive(Clone)]
pub struct FontBytes(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl FontBytes {
    /// Bytes as the shaper (`harfrust`) takes them, sharing the same allocation.
    pub fn shared(&self) -> Arc<dyn AsRef<[u8]> + Send + Sync> {
        Arc::clone(&self.0)
    }

    /// Whether both hold the same allocation.
    pub fn ptr_eq(a: &FontBytes, b: &FontBytes) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(&a.0), Arc::as_ptr(&b.0))
    }
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

impl AsRef<[u8]> for FontBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl FontBytes {
    /// Bytes already shared, such as a memory map.
    pub fn from_shared(bytes: Arc<dyn AsRef<[u8]> + Send + Sync>) -> FontBytes {
        FontBytes(bytes)
    }
}

impl From<Vec<u8>> for FontBytes {
    fn from(bytes: Vec<u8>) -> FontBytes {
        FontBytes(Arc::new(bytes))
    }
}

impl From<&'static [u8]> for FontBytes {
    fn from(bytes: &'static [u8]) -> FontBytes {
        FontBytes(Arc::new(bytes))
    }
}

impl From<Arc<[u8]>> for FontBytes {
    fn from(bytes: Arc<[u8]>) -> FontBytes {
        FontBytes(Arc::new(bytes))
    }
}

impl PartialEq for FontBytes {
    fn eq(&self, other: &FontBytes) -> bool {
        FontBytes::ptr_eq(self, other) || **self == **other
    }
}

impl std::fmt::Debug for FontBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontBytes({} bytes)", self.len())
    }
}

/// A font face the loader found for characters the embedded faces lack (from the
/// project's font folders or the system's), read once and shared by every edition.
#[derive(Clone, PartialEq)]
pub struct FontAsset {
    /// The family name, as the face's `name` table gives it.
    pub family: String,
    /// The whole font file (a collection such as a `.ttc` holds several faces).
    pub bytes: FontBytes,
    /// The face's index in the file.
    pub index: u32,
    /// The file name, for messages (never a path an edition reads).
    pub file_name: String,
    /// How many characters of the document it was chosen for.
    pub chars: usize,
}

impl std::fmt::Debug for FontAsset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontAsset")
            .field("family", &self.family)
            .field("file_name", &self.file_name)
            .field("index", &self.index)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// Every resource a document uses, by the reference written in the source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assets {
    images: BTreeMap<String, Image>,
    fonts: Vec<FontAsset>,
}

impl Assets {
    /// No assets (a document without images, or a test).
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `image` as what `src` refers to.
    pub fn insert_image(&mut self, src: impl Into<String>, image: Image) {
        self.images.insert(src.into(), image);
    }

    /// The image `src` refers to; `None` if it was not loaded (a remote image, one that
    /// failed with a diagnostic): editions then show the alternative text.
    pub fn image(&self, src: &str) -> Option<&Image> {
        self.images.get(src)
    }

    /// Every image, ordered by reference.
    pub fn images(&self) -> impl Iterator<Item = (&str, &Image)> {
        self.images.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.images.is_empty() && self.fonts.is_empty()
    }

    /// Adds a fallback face (tried after those added before it).
    pub fn push_font(&mut self, font: FontAsset) {
        self.fonts.push(font);
    }

    /// The fallback faces, in the order they are tried.
    pub fn fonts(&self) -> &[FontAsset] {
        &self.fonts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    fn load(bytes: &[u8]) -> Result<Image, ImageProblem> {
        Image::from_bytes(bytes.into(), Span::detached(), &ImageLimits::default())
    }

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(load(&png(3, 2)).unwrap().media_type, MediaType::Png);
        assert_eq!(
            load(b"hello, I am text").unwrap_err(),
            ImageProblem::NotAnImage
        );
        let gif = b"GIF89a\x05\x00\x07\x00\x00\x00\x00;";
        let img = load(gif).unwrap();
        assert_eq!(
            (img.media_type, img.width, img.height),
            (MediaType::Gif, 5, 7)
        );
    }

    #[test]
    fn a_bomb_is_refused_from_its_header() {
        assert!(matches!(
            load(&png(65_535, 65_535)),
            Err(ImageProblem::TooLarge(_))
        ));
        assert!(matches!(
            load(&png(20_000, 20_000)),
            Err(ImageProblem::TooLarge(_))
        ));
        assert!(matches!(load(&png(0, 10)), Err(ImageProblem::Corrupt(_))));
    }
}
