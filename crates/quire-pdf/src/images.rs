//! Images as PDF image XObjects.
//!
//! * **JPEG** is embedded as it is (`/Filter /DCTDecode`): no decoding, no re-encoding,
//!   no loss. Only the frame header is read, for the number of colour components
//!   (grey, RGB or CMYK; Adobe CMYK JPEGs are stored inverted and get a `/Decode`
//!   array).
//! * **PNG** is decoded with the `png` crate (palette and low bit depths expanded, 16-bit
//!   samples reduced to 8) and written as raw samples that the final pass compresses with
//!   Flate. An alpha channel becomes a separate greyscale `/SMask` image.
//!
//! * **SVG** arrives parsed (a `usvg` tree, from layout) and becomes a vector Form
//!   XObject through `svg2pdf` ([`crate::svg`]), which the final pass merges.
//!
//! The raster XObjects go to printpdf as `External` XObjects, whose dictionaries we write
//! ourselves (printpdf's own image path, without its `images` feature, cannot pass a JPEG
//! through).

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObject, XObjectId};
use quire_typeset::page::{ImageData, ImageFormat, ImageId, PageItem, PagedDocument};

use crate::PdfError;
use crate::svg::SvgForm;

/// The image XObjects of a document, by image id (only the images some page places).
#[derive(Clone, Debug, Default)]
pub struct PreparedImages {
    pub(crate) xobjects: BTreeMap<ImageId, (XObjectId, XObject)>,
    /// SVG drawings, converted to PDF objects that the final pass merges.
    pub(crate) svgs: BTreeMap<ImageId, (XObjectId, SvgForm)>,
}

impl PreparedImages {
    /// The resource name of image `id`, if it is placed on a page.
    pub fn resource(&self, id: ImageId) -> Option<&XObjectId> {
        self.xobjects
            .get(&id)
            .map(|(name, _)| name)
            .or_else(|| self.svgs.get(&id).map(|(name, _)| name))
    }
}

/// Converts every placed image of `paged`.
pub fn prepare(paged: &PagedDocument) -> Result<PreparedImages, PdfError> {
    let mut xobjects = BTreeMap::new();
    let mut svgs = BTreeMap::new();
    for page in &paged.pages {
        for item in &page.items {
            let PageItem::Image(placed) = item else {
                continue;
            };
            let id = placed.image;
            if xobjects.contains_key(&id) || svgs.contains_key(&id) {
                continue;
            }
            let data = paged.images.get(id.0).ok_or(PdfError::UnknownImage(id.0))?;
            let failed = |message| PdfError::Image {
                index: id.0,
                message,
            };
            if data.format == ImageFormat::Svg {
                let drawing = data
                    .svg
                    .as_ref()
                    .ok_or_else(|| failed("an SVG image without its drawing".into()))?;
                let form = crate::svg::convert(drawing).map_err(failed)?;
                svgs.insert(id, (XObjectId(format!("Sv{}", id.0)), form));
                continue;
            }
            let xobject = convert(data).map_err(|message| PdfError::Image {
                index: id.0,
                message,
            })?;
            xobjects.insert(id, (XObjectId(format!("Im{}", id.0)), xobject));
        }
    }
    Ok(PreparedImages { xobjects, svgs })
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn image_dict(width: u32, height: u32, color_space: &str) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(i64::from(width))),
        ("Height".to_string(), DictItem::Int(i64::from(height))),
        ("ColorSpace".to_string(), name(color_space)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
    ])
}

fn xobject(
    dict: BTreeMap<String, DictItem>,
    content: Vec<u8>,
    compress: bool,
    w: u32,
    h: u32,
) -> XObject {
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content,
            compress,
        },
        width: Some(Px(w as usize)),
        height: Some(Px(h as usize)),
        dpi: None,
    })
}

fn convert(data: &ImageData) -> Result<XObject, String> {
    match data.format {
        ImageFormat::Jpeg => jpeg(&data.bytes),
        ImageFormat::Png => png_image(&data.bytes),
        ImageFormat::Svg => Err("an SVG is not a raster image".into()),
    }
}

/// What a JPEG's frame header and markers say.
#[derive(Debug, PartialEq)]
struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
    adobe: bool,
}

/// Reads the SOFn header (and notes an Adobe APP14 marker) of a JPEG.
fn jpeg_info(bytes: &[u8]) -> Result<JpegInfo, String> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err("not a JPEG file (no SOI marker)".into());
    }
    let mut i = 2;
    let mut adobe = false;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return Err(format!("corrupt JPEG marker at byte {i}"));
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let body = bytes
            .get(i + 4..i + 2 + len)
            .ok_or("truncated JPEG segment")?;
        match marker {
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if body.len() < 6 {
                    return Err("truncated JPEG frame header".into());
                }
                return Ok(JpegInfo {
                    height: u32::from(u16::from_be_bytes([body[1], body[2]])),
                    width: u32::from(u16::from_be_bytes([body[3], body[4]])),
                    components: body[5],
                    adobe,
                });
            }
            0xDA => break,
            _ => {}
        }
        i += 2 + len;
    }
    Err("no JPEG frame header found".into())
}

/// The number of colour components of a JPEG, from its frame header.
pub(crate) fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    jpeg_info(bytes).ok().map(|i| i.components)
}

fn jpeg(bytes: &[u8]) -> Result<XObject, String> {
    let info = jpeg_info(bytes)?;
    let space = match info.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(format!("JPEG with {n} colour components")),
    };
    let mut dict = image_dict(info.width, info.height, space);
    dict.insert("Filter".into(), name("DCTDecode"));
    if info.components == 4 && info.adobe {
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
        dict.insert("Decode".into(), DictItem::Array(decode));
    }
    Ok(xobject(
        dict,
        bytes.to_vec(),
        false,
        info.width,
        info.height,
    ))
}

fn png_image(bytes: &[u8]) -> Result<XObject, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or("PNG too large to decode")?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(frame.buffer_size());
    let (w, h) = (frame.width, frame.height);
    let (channels, space) = match frame.color_type {
        png::ColorType::Grayscale => (1, "DeviceGray"),
        png::ColorType::GrayscaleAlpha => (2, "DeviceGray"),
        png::ColorType::Rgb => (3, "DeviceRGB"),
        png::ColorType::Rgba => (4, "DeviceRGB"),
        png::ColorType::Indexed => return Err("palette PNG was not expanded".into()),
    };
    let has_alpha = channels == 2 || channels == 4;
    let mut dict = image_dict(w, h, space);
    let color = if has_alpha {
        let colour_channels = channels - 1;
        let pixels = buf.len() / channels;
        let mut color = Vec::with_capacity(pixels * colour_channels);
        let mut alpha = Vec::with_capacity(pixels);
        for px in buf.chunks_exact(channels) {
            color.extend_from_slice(&px[..colour_channels]);
            alpha.push(px[colour_channels]);
        }
        // An image whose alpha is all opaque needs no mask.
        if alpha.iter().any(|&a| a != 255) {
            let mask = ExternalStream {
                dict: image_dict(w, h, "DeviceGray"),
                content: alpha,
                compress: true,
            };
            dict.insert("SMask".into(), DictItem::Stream { stream: mask });
        }
        color
    } else {
        buf
    };
    Ok(xobject(dict, color, true, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 RGBA PNG, half transparent, encoded with the `png` crate.
    fn tiny_png(alpha: u8) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, 2, 1);
            enc.set_color(png::ColorType::Rgba);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[255, 0, 0, alpha, 0, 0, 255, 255])
                .unwrap();
        }
        out
    }

    fn dict_of(x: &XObject) -> &BTreeMap<String, DictItem> {
        match x {
            XObject::External(e) => &e.stream.dict,
            _ => panic!("external xobject expected"),
        }
    }

    #[test]
    fn png_with_alpha_gets_a_soft_mask() {
        let x = png_image(&tiny_png(128)).unwrap();
        let d = dict_of(&x);
        assert!(d.contains_key("SMask"));
        assert_eq!(d.get("Width"), Some(&DictItem::Int(2)));
        let XObject::External(e) = &x else { panic!() };
        assert_eq!(e.stream.content, vec![255, 0, 0, 0, 0, 255]);
    }

    #[test]
    fn opaque_png_has_no_mask() {
        let x = png_image(&tiny_png(255)).unwrap();
        assert!(!dict_of(&x).contains_key("SMask"));
    }

    #[test]
    fn jpeg_header_is_read_and_bytes_pass_through() {
        // SOI, APP14 Adobe, SOF0 (8-bit, 3×2, 3 components), EOI.
        let mut j = vec![0xFF, 0xD8];
        j.extend([0xFF, 0xEE, 0x00, 0x07]);
        j.extend(b"Adobe");
        j.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0, 2, 0, 3, 3]);
        j.extend([1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
        j.extend([0xFF, 0xD9]);
        let info = jpeg_info(&j).unwrap();
        assert_eq!(
            info,
            JpegInfo {
                width: 3,
                height: 2,
                components: 3,
                adobe: true
            }
        );
        let x = jpeg(&j).unwrap();
        let XObject::External(e) = &x else { panic!() };
        assert_eq!(e.stream.content, j);
        assert!(!e.stream.compress);
        assert_eq!(e.stream.dict.get("Filter"), Some(&name("DCTDecode")));
        assert!(jpeg_info(b"GIF89a").is_err());
    }
}
