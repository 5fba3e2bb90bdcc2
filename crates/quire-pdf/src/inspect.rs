//! Reading back what a written PDF and its images are, for the print preflight: the
//! colour model of each raster image, and the fonts a file uses without embedding them.
//! Checked on the bytes that were written, not on what the writer meant to write.

use lopdf::{Dictionary, Document, Object};
use quire_typeset::page::{ImageData, ImageFormat};

/// The colour model of an image as the PDF carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageColour {
    /// Grey levels.
    Gray,
    /// RGB (an SVG drawing is written in sRGB whatever its colours).
    Rgb,
    /// CMYK (a four-component JPEG).
    Cmyk,
    /// Unreadable (the writer reports why).
    Unknown,
}

/// The colour model `data` is written in.
pub fn image_colour(data: &ImageData) -> ImageColour {
    match data.format {
        ImageFormat::Svg => ImageColour::Rgb,
        ImageFormat::Jpeg => match crate::images::jpeg_components(&data.bytes) {
            Some(1) => ImageColour::Gray,
            Some(3) => ImageColour::Rgb,
            Some(4) => ImageColour::Cmyk,
            _ => ImageColour::Unknown,
        },
        ImageFormat::Png => {
            let decoder = png::Decoder::new(std::io::Cursor::new(&data.bytes));
            match decoder.read_info().map(|r| r.info().color_type) {
                Ok(png::ColorType::Grayscale | png::ColorType::GrayscaleAlpha) => ImageColour::Gray,
                Ok(_) => ImageColour::Rgb,
                Err(_) => ImageColour::Unknown,
            }
        }
    }
}

/// The base names of the fonts `pdf` uses without embedding their program (a simple or
/// CID font whose descriptor has no `FontFile`, `FontFile2` or `FontFile3`; Type 3 fonts
/// are drawn by the file itself), each once, in order found.
pub fn unembedded_fonts(pdf: &[u8]) -> Result<Vec<String>, String> {
    let doc = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let deref = |o: &Object| -> Option<Dictionary> {
        match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
            Object::Dictionary(d) => Some(d.clone()),
            _ => None,
        }
    };
    let mut missing = Vec::new();
    for object in doc.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        if font.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font") {
            continue;
        }
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        // A Type0 font is embedded through its descendant, which is listed on its own.
        if matches!(subtype, b"Type0" | b"Type3") {
            continue;
        }
        let embedded = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(deref)
            .is_some_and(|d| {
                [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|k| d.has(k))
            });
        if !embedded {
            let name = font
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .map_or("(unnamed)".into(), |n| {
                    String::from_utf8_lossy(n).into_owned()
                });
            if !missing.contains(&name) {
                missing.push(name);
            }
        }
    }
    Ok(missing)
}
