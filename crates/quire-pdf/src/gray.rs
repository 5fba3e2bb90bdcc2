//! Grey-only print editions (the `ingram` preset): every colour the pages paint becomes
//! a grey level before the file is written, and so do PNG images (decoded, converted,
//! encoded again). JPEGs are kept as they are (decoding and re-encoding one would lose
//! quality and take a JPEG codec): RGB ones are tagged sRGB by the final pass and
//! reported by the preflight. SVG drawings keep their (sRGB-tagged) colours too.

use quire_typeset::page::{Color, ImageFormat, PageItem, PagedDocument};

/// The grey level of an RGB colour: Rec. 601 luma on the encoded values, the weights
/// of the usual "convert to greyscale" (lightness as the eye judges it, near enough for
/// text colours and photographs alike).
pub fn luma(r: f32, g: f32, b: f32) -> f32 {
    (0.299 * r + 0.587 * g + 0.114 * b).clamp(0.0, 1.0)
}

fn gray(c: &mut Color) {
    if let Color::Rgb(r, g, b) = *c {
        *c = Color::Gray(luma(r, g, b));
    }
}

/// Converts every colour and PNG image of `paged` to grey. A PNG that cannot be
/// converted is left as it is (the writer reports a broken one in any case).
pub fn to_gray(paged: &mut PagedDocument) {
    for page in &mut paged.pages {
        for item in &mut page.items {
            match item {
                PageItem::Text(run) => gray(&mut run.color),
                PageItem::Rule(rule) => gray(&mut rule.color),
                PageItem::Fill(fill) => gray(&mut fill.color),
                _ => {}
            }
        }
    }
    for image in &mut paged.images {
        if image.format == ImageFormat::Png
            && let Some(bytes) = png_to_gray(&image.bytes)
        {
            image.bytes = bytes;
        }
    }
}

/// A PNG's pixels as a grey (with alpha, if it has any) PNG; `None` if it is grey
/// already or cannot be read.
fn png_to_gray(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut buf).ok()?;
    buf.truncate(frame.buffer_size());
    let (channels, out_type) = match frame.color_type {
        png::ColorType::Rgb => (3, png::ColorType::Grayscale),
        png::ColorType::Rgba => (4, png::ColorType::GrayscaleAlpha),
        _ => return None,
    };
    let level = |px: &[u8]| {
        let v = luma(
            f32::from(px[0]) / 255.0,
            f32::from(px[1]) / 255.0,
            f32::from(px[2]) / 255.0,
        );
        (v * 255.0).round() as u8
    };
    let mut pixels = Vec::with_capacity(buf.len() / channels * (channels - 2));
    for px in buf.chunks_exact(channels) {
        pixels.push(level(px));
        if channels == 4 {
            pixels.push(px[3]);
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, frame.width, frame.height);
        enc.set_color(out_type);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().ok()?;
        writer.write_image_data(&pixels).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_grey_levels() {
        assert_eq!(luma(1.0, 1.0, 1.0), 1.0);
        assert_eq!(luma(0.0, 0.0, 0.0), 0.0);
        assert!((luma(1.0, 0.0, 0.0) - 0.299).abs() < 1e-6);
    }

    #[test]
    fn an_rgb_png_becomes_grey() {
        let mut rgb = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut rgb, 2, 1);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[255, 0, 0, 255, 255, 255]).unwrap();
        }
        let grey = png_to_gray(&rgb).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(&grey))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buf).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Grayscale);
        assert_eq!(&buf[..2], &[76, 255]);
        assert!(png_to_gray(&grey).is_none(), "grey stays as it is");
    }
}
