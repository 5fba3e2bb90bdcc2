//! WOFF 1.0: an sfnt font with each table zlib-compressed, the form browsers load
//! fastest from a `data:` URI.

/// Wraps an sfnt (TrueType or OpenType) font as WOFF 1.0; `None` if it is not one.
pub fn woff(sfnt: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| Some(u16::from_be_bytes(sfnt.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(sfnt.get(at..at + 4)?.try_into().ok()?));
    let flavor = u32_at(0)?;
    let count = usize::from(u16_at(4)?);
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + 16 * i;
        let (tag, checksum, offset, length) = (
            u32_at(rec)?,
            u32_at(rec + 4)?,
            u32_at(rec + 8)?,
            u32_at(rec + 12)?,
        );
        let data = sfnt.get(offset as usize..offset as usize + length as usize)?;
        tables.push((tag, checksum, data));
    }
    tables.sort_by_key(|t| t.0);
    let mut body = Vec::new();
    let mut directory = Vec::new();
    let header_len = 44 + 20 * count;
    let mut sfnt_size = 12 + 16 * count;
    for (tag, checksum, data) in &tables {
        let compressed = zlib(data);
        let stored: &[u8] = if compressed.len() < data.len() {
            &compressed
        } else {
            data
        };
        let offset = header_len + body.len();
        for v in [
            *tag,
            offset as u32,
            stored.len() as u32,
            data.len() as u32,
            *checksum,
        ] {
            directory.extend_from_slice(&v.to_be_bytes());
        }
        body.extend_from_slice(stored);
        body.resize(body.len().next_multiple_of(4), 0);
        sfnt_size += data.len().next_multiple_of(4);
    }
    let total = header_len + body.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(b"wOFF");
    out.extend_from_slice(&flavor.to_be_bytes());
    out.extend_from_slice(&(total as u32).to_be_bytes());
    out.extend_from_slice(&(count as u16).to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(sfnt_size as u32).to_be_bytes());
    out.extend_from_slice(&[0, 1, 0, 0]); // version 1.0 of the font package
    out.extend_from_slice(&[0; 20]); // no metadata, no private data
    out.extend_from_slice(&directory);
    out.extend_from_slice(&body);
    Some(out)
}

/// `data` compressed as a zlib stream (what WOFF 1.0 stores per table).
fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}
