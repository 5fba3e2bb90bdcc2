//! An image's resolution, read from its metadata without decoding a pixel.
//!
//! The rule every edition follows: an image is as large as its pixels at its stated
//! resolution, and an image that states none is taken at 96 pixels per inch, which is
//! what browsers do (one image pixel is one CSS pixel). Stated resolutions come from
//!
//! * PNG: the `pHYs` chunk when its unit is the metre (unit 0 gives only an aspect ratio,
//!   which is ignored), made whole when within 0.1 of a whole number;
//! * JPEG: the JFIF `APP0` density when its unit is inch or centimetre, otherwise the
//!   EXIF `XResolution`/`YResolution` of `IFD0` with their `ResolutionUnit`;
//! * GIF and WebP: nothing (96).
//!
//! Values outside [`MIN_DPI`]–[`MAX_DPI`] are treated as absent: a file that says
//! "1 pixel per inch" is wrong, not a billboard.

/// Pixels per inch when an image does not say.
pub const DEFAULT_DPI: f64 = 96.0;
/// The lowest resolution believed.
pub const MIN_DPI: f64 = 10.0;
/// The highest resolution believed.
pub const MAX_DPI: f64 = 10_000.0;

const INCHES_PER_METRE: f64 = 39.370_078_740_157_48;
const CM_PER_INCH: f64 = 2.54;

/// The resolution `(horizontal, vertical)` in pixels per inch that `bytes` (a PNG or a
/// JPEG) state, if they state a believable one.
pub(crate) fn png_or_jpeg(bytes: &[u8]) -> Option<(f64, f64)> {
    let found = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else {
        None
    }?;
    let ok = |d: f64| (MIN_DPI..=MAX_DPI).contains(&d);
    (ok(found.0) && ok(found.1)).then_some(found)
}

/// A resolution converted from metric units, made whole when it is within
/// [`WHOLE_DPI_SLACK`] of a whole number (no pixels-per-metre count is exactly 72 or
/// 300 dpi: tools write 2835 and 11811), otherwise rounded to hundredths.
fn tidy(dpi: f64) -> f64 {
    if (dpi - dpi.round()).abs() < WHOLE_DPI_SLACK {
        dpi.round()
    } else {
        (dpi * 100.0).round() / 100.0
    }
}

/// How far from a whole number a metric resolution may be and still count as one.
const WHOLE_DPI_SLACK: f64 = 0.1;

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// The `pHYs` chunk, which must come before the first `IDAT`.
fn png(bytes: &[u8]) -> Option<(f64, f64)> {
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = be32(&bytes[i..]) as usize;
        let kind = &bytes[i + 4..i + 8];
        if kind == b"IDAT" || kind == b"IEND" {
            return None;
        }
        let body = bytes.get(i + 8..i.checked_add(8 + len)?)?;
        if kind == b"pHYs" && body.len() == 9 && body[8] == 1 {
            let x = f64::from(be32(body)) / INCHES_PER_METRE;
            let y = f64::from(be32(&body[4..])) / INCHES_PER_METRE;
            return Some((tidy(x), tidy(y)));
        }
        // Length, type, data, CRC.
        i = i.checked_add(12 + len)?;
    }
    None
}

/// JFIF density first (it is the JPEG's own header), then EXIF.
fn jpeg(bytes: &[u8]) -> Option<(f64, f64)> {
    let mut i = 2;
    let mut exif = None;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        // Start of scan or a frame header: the metadata segments are behind us.
        if marker == 0xDA
            || (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
        {
            break;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let body = bytes.get(i + 4..(i + 2 + len).max(i + 4))?;
        match marker {
            0xE0 if body.starts_with(b"JFIF\0") && body.len() >= 12 => {
                let x = f64::from(u16::from_be_bytes([body[8], body[9]]));
                let y = f64::from(u16::from_be_bytes([body[10], body[11]]));
                match body[7] {
                    1 => return Some((x, y)),
                    2 => return Some((tidy(x * CM_PER_INCH), tidy(y * CM_PER_INCH))),
                    _ => {}
                }
            }
            0xE1 if body.starts_with(b"Exif\0\0") && exif.is_none() => {
                exif = exif_density(&body[6..]);
            }
            _ => {}
        }
        i += 2 + len;
    }
    exif
}

/// `XResolution`, `YResolution` and `ResolutionUnit` from the first IFD of a TIFF
/// structure (the body of an EXIF segment).
fn exif_density(tiff: &[u8]) -> Option<(f64, f64)> {
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u32> {
        let b = tiff.get(at..at + 2)?;
        Some(u32::from(if little {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        }))
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let rational = |at: usize| -> Option<f64> {
        let offset = u32_at(at)? as usize;
        let (n, d) = (u32_at(offset)?, u32_at(offset + 4)?);
        (d != 0).then(|| f64::from(n) / f64::from(d))
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    let (mut x, mut y, mut unit) = (None, None, 2);
    for k in 0..count.min(512) {
        let entry = ifd + 2 + k * 12;
        match u16_at(entry)? {
            0x011A => x = rational(entry + 8),
            0x011B => y = rational(entry + 8),
            0x0128 => unit = u16_at(entry + 8)?,
            _ => {}
        }
    }
    let per_inch = match unit {
        2 => 1.0,
        3 => CM_PER_INCH,
        _ => return None,
    };
    let (x, y) = (x?, y.or(x)?);
    Some((tidy(x * per_inch), tidy(y * per_inch)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG signature, an IHDR and a pHYs chunk (CRCs are not checked here).
    fn png_with(ppm: u32, unit: u8) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend([0, 0, 0, 4, 0, 0, 0, 4, 8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b.extend([0, 0, 0, 9]);
        b.extend(b"pHYs");
        b.extend(ppm.to_be_bytes());
        b.extend(ppm.to_be_bytes());
        b.extend([unit, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn png_density_in_pixels_per_metre() {
        assert_eq!(png_or_jpeg(&png_with(11_811, 1)), Some((300.0, 300.0)));
        assert_eq!(png_or_jpeg(&png_with(2_835, 1)), Some((72.0, 72.0)));
        assert_eq!(png_or_jpeg(&png_with(2_835, 0)), None, "aspect ratio only");
        assert_eq!(png_or_jpeg(&png_with(1, 1)), None, "not believable");
    }

    #[test]
    fn jpeg_jfif_then_exif() {
        let jfif = |unit: u8, d: u16| {
            let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
            j.extend(b"JFIF\0\x01\x02");
            j.push(unit);
            j.extend(d.to_be_bytes());
            j.extend(d.to_be_bytes());
            j.extend([0, 0]);
            j.extend([0xFF, 0xD9]);
            j
        };
        assert_eq!(png_or_jpeg(&jfif(1, 300)), Some((300.0, 300.0)));
        assert_eq!(png_or_jpeg(&jfif(2, 118)), Some((299.72, 299.72)));
        assert_eq!(png_or_jpeg(&jfif(0, 1)), None);
        // EXIF, big-endian: IFD0 with XResolution 72/1 (and unit inches by default).
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend([0, 1, 0x01, 0x1A, 0, 5, 0, 0, 0, 1, 0, 0, 0, 26]);
        tiff.extend([0, 0, 0, 0]);
        tiff.extend([0, 0, 0, 72, 0, 0, 0, 1]);
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE1];
        j.extend(((tiff.len() + 8) as u16).to_be_bytes());
        j.extend(b"Exif\0\0");
        j.extend(&tiff);
        assert_eq!(png_or_jpeg(&j), Some((72.0, 72.0)));
    }
}
