//! A small sRGB ICC profile, built from the published definition of sRGB.
//!
//! PDF/A needs an output intent with an ICC profile for device colour. Rather than ship
//! a binary blob of unclear licence, we write an ICC version 2 display profile
//! (`mntr`, RGB → XYZ) from the numbers of IEC 61966-2-1: the D50-adapted colorant
//! tristimulus values (Bradford adaptation, as in the common sRGB profiles), the media
//! white point D65, and the sRGB transfer curve sampled at [`CURVE_POINTS`] points.
//! About 2.6 KB, deterministic, no dates from the clock.

/// The output condition identifier written with the profile.
pub const SRGB_NAME: &str = "sRGB IEC61966-2.1";

/// Samples of the tone reproduction curve (shared by the three channels).
pub const CURVE_POINTS: usize = 1024;

/// The sRGB electro-optical transfer function (encoded value → linear light).
fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// An `s15Fixed16Number`.
fn s15f16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz_tag(x: f64, y: f64, z: f64) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for v in [x, y, z] {
        t.extend(s15f16(v));
    }
    t
}

fn desc_tag(s: &str) -> Vec<u8> {
    let mut t = b"desc\0\0\0\0".to_vec();
    t.extend(((s.len() + 1) as u32).to_be_bytes());
    t.extend(s.as_bytes());
    t.push(0);
    t.extend([0u8; 4]); // Unicode language code
    t.extend([0u8; 4]); // Unicode count
    t.extend([0u8; 2]); // ScriptCode code
    t.push(0); // ScriptCode count
    t.extend([0u8; 67]); // ScriptCode string
    t
}

fn text_tag(s: &str) -> Vec<u8> {
    let mut t = b"text\0\0\0\0".to_vec();
    t.extend(s.as_bytes());
    t.push(0);
    t
}

fn curve_tag() -> Vec<u8> {
    let mut t = b"curv\0\0\0\0".to_vec();
    t.extend((CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let v = srgb_to_linear(i as f64 / (CURVE_POINTS - 1) as f64);
        t.extend(((v * 65535.0).round() as u16).to_be_bytes());
    }
    t
}

/// The profile's bytes.
pub fn srgb_profile() -> Vec<u8> {
    let curve = curve_tag();
    assemble(
        *b"mntr",
        *b"RGB ",
        vec![
            (b"desc", desc_tag(SRGB_NAME)),
            (b"cprt", text_tag("No copyright, use freely")),
            (b"wtpt", xyz_tag(0.9505, 1.0, 1.0891)),
            (b"rXYZ", xyz_tag(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", xyz_tag(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", xyz_tag(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curve.clone()),
            (b"gTRC", curve.clone()),
            (b"bTRC", curve),
        ],
    )
}

/// The description (and output condition) of the grey print profile.
pub const GRAY_PRINT_NAME: &str = "Quire Gray print, dot gain 20%";

/// Dot gain of the grey print profile at 50 % ink, as a fraction: the 20 % that
/// uncoated book paper on a digital or offset press is usually characterised with
/// (Adobe's "Dot Gain 20%" is the common grey working space of book interiors).
pub const DOT_GAIN: f64 = 0.20;

/// A monochrome output profile (`prtr`, GRAY → XYZ) for the PDF/X output intent of a
/// grey interior: ICC.1 requires of one only a description, a copyright, the media white
/// point and the grey tone curve. The curve maps a device grey `g` (1 = paper) to
/// luminance through the ink coverage `a = 1 − g`, grown by a parabolic dot gain that is
/// [`DOT_GAIN`] at 50 % and nothing at 0 and 100 % (`a + 4 · gain · a · (1 − a)`).
/// Ours, built here like [`srgb_profile`], so the licence is the project's: the free
/// profile collections packaged for Debian have no grey or CMYK print profile
/// (`icc-profiles-free` has a grey *display* profile only, and ghostscript's print
/// profiles are AGPL).
pub fn gray_print_profile() -> Vec<u8> {
    let mut curve = b"curv\0\0\0\0".to_vec();
    curve.extend((CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let g = i as f64 / (CURVE_POINTS - 1) as f64;
        let a = 1.0 - g;
        let y = 1.0 - (a + 4.0 * DOT_GAIN * a * (1.0 - a)).min(1.0);
        curve.extend(((y * 65535.0).round() as u16).to_be_bytes());
    }
    assemble(
        *b"prtr",
        *b"GRAY",
        vec![
            (b"desc", desc_tag(GRAY_PRINT_NAME)),
            (b"cprt", text_tag("No copyright, use freely")),
            // The paper white as the PCS sees it (D50): relative colorimetry.
            (b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)),
            (b"kTRC", curve),
        ],
    )
}

/// An ICC version 2.1 profile of `class` for `space` → XYZ with `tags` in order; a tag
/// whose data equals an earlier one's shares it (as sRGB's three curves do).
fn assemble(class: [u8; 4], space: [u8; 4], tags: Vec<(&[u8; 4], Vec<u8>)>) -> Vec<u8> {
    let count = tags.len();
    let table_len = 4 + 12 * count;
    let mut table = Vec::with_capacity(table_len);
    let mut data: Vec<u8> = Vec::new();
    table.extend((count as u32).to_be_bytes());
    let mut written: Vec<(usize, usize)> = Vec::new();
    for (sig, bytes) in &tags {
        let shared = tags
            .iter()
            .zip(&written)
            .find(|((_, earlier), _)| earlier == bytes)
            .map(|(_, &at)| at);
        let (offset, len) = shared.unwrap_or_else(|| {
            let at = (128 + table_len + data.len(), bytes.len());
            data.extend(bytes);
            // Tag data starts on a 4-byte boundary.
            while !data.len().is_multiple_of(4) {
                data.push(0);
            }
            at
        });
        written.push((offset, len));
        table.extend(*sig);
        table.extend((offset as u32).to_be_bytes());
        table.extend((len as u32).to_be_bytes());
    }
    let size = 128 + table.len() + data.len();
    let mut p = Vec::with_capacity(size);
    p.extend((size as u32).to_be_bytes());
    p.extend([0u8; 4]); // preferred CMM
    p.extend([0x02, 0x10, 0x00, 0x00]); // version 2.1
    p.extend(class);
    p.extend(space);
    p.extend(b"XYZ ");
    for v in [2024u16, 1, 1, 0, 0, 0] {
        p.extend(v.to_be_bytes()); // a fixed creation date
    }
    p.extend(b"acsp");
    p.extend([0u8; 4]); // platform
    p.extend([0u8; 4]); // flags
    p.extend([0u8; 4]); // manufacturer
    p.extend([0u8; 4]); // model
    p.extend([0u8; 8]); // attributes
    p.extend([0u8; 4]); // rendering intent: perceptual
    p.extend(s15f16(0.9642));
    p.extend(s15f16(1.0));
    p.extend(s15f16(0.8249));
    p.extend([0u8; 4]); // creator
    p.extend([0u8; 44]); // profile id (v4) and reserved
    debug_assert_eq!(p.len(), 128);
    p.extend(table);
    p.extend(data);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_is_well_formed() {
        let p = srgb_profile();
        assert_eq!(
            u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize,
            p.len()
        );
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[12..20], b"mntrRGB ");
        let count = u32::from_be_bytes([p[128], p[129], p[130], p[131]]) as usize;
        assert_eq!(count, 9);
        for i in 0..count {
            let e = 132 + 12 * i;
            let off = u32::from_be_bytes([p[e + 4], p[e + 5], p[e + 6], p[e + 7]]) as usize;
            let len = u32::from_be_bytes([p[e + 8], p[e + 9], p[e + 10], p[e + 11]]) as usize;
            assert_eq!(off % 4, 0);
            assert!(off + len <= p.len());
        }
        assert!(p.len() < 3000, "{}", p.len());
        assert_eq!(srgb_profile(), p);
    }

    #[test]
    fn gray_print_profile_is_an_output_profile() {
        let p = gray_print_profile();
        assert_eq!(&p[12..20], b"prtrGRAY");
        assert_eq!(
            u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize,
            p.len()
        );
        assert_eq!(u32::from_be_bytes([p[128], p[129], p[130], p[131]]), 4);
        // Paper stays paper, solid ink is black, and 50 % prints as 70 %.
        let curve = &p[p.len() - 2 * CURVE_POINTS..];
        let at = |i: usize| f64::from(u16::from_be_bytes([curve[2 * i], curve[2 * i + 1]]));
        assert_eq!(at(CURVE_POINTS - 1), 65535.0);
        assert_eq!(at(0), 0.0);
        let mid = at(CURVE_POINTS / 2) / 65535.0;
        assert!((mid - 0.3).abs() < 0.01, "{mid}");
    }

    #[test]
    fn curve_ends() {
        assert_eq!(srgb_to_linear(0.0), 0.0);
        assert!((srgb_to_linear(1.0) - 1.0).abs() < 1e-12);
    }
}
