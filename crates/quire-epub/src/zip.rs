//! A minimal, deterministic ZIP writer for the OCF container.
//!
//! EPUB needs little of ZIP: local headers, a central directory and an end record, with
//! entries either stored or deflated. Writing that ourselves (about a hundred lines) gives
//! what the OCF specification and reproducible builds require and general archivers make
//! awkward: `mimetype` first, stored, with no extra field; every timestamp fixed at the DOS
//! epoch (1980-01-01 00:00); no data descriptors, no extra fields, no platform bits. The
//! same entries in the same order give the same bytes.

use miniz_oxide::deflate::compress_to_vec;

/// DOS date for 1980-01-01 (the earliest a ZIP can say): year 0, month 1, day 1.
const DOS_DATE: u16 = (1 << 5) | 1;
/// DOS time 00:00:00.
const DOS_TIME: u16 = 0;
/// Version 2.0: needed for deflate.
const VERSION: u16 = 20;
/// Bit 11: file names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// miniz level 6: zlib's default balance of size and speed.
const DEFLATE_LEVEL: u8 = 1;

/// How an entry is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Uncompressed (required for `mimetype`; right for already compressed images).
    Stored,
    /// Deflated.
    Deflated,
}

struct Central {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// An entry's data as it goes into the archive: its CRC and, when deflating paid off, the
/// deflated bytes (`None` means stored as is).
#[derive(Debug, Clone)]
pub struct Packed {
    crc: u32,
    body: Option<Vec<u8>>,
}

impl Packed {
    /// Stored data.
    pub fn stored(data: &[u8]) -> Self {
        Self {
            crc: crc32fast::hash(data),
            body: None,
        }
    }

    /// Deflated data, or stored when deflating does not make it smaller.
    pub fn deflate(data: &[u8]) -> Self {
        let deflated = compress_to_vec(data, DEFLATE_LEVEL);
        Self {
            crc: crc32fast::hash(data),
            body: (deflated.len() < data.len()).then_some(deflated),
        }
    }
}

/// Builds an archive in memory.
#[derive(Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    entries: Vec<Central>,
}

/// The archive grew past what a ZIP without the ZIP64 extension can address (4 GiB).
#[derive(Debug)]
pub struct TooLarge;

fn u32_len(n: usize) -> Result<u32, TooLarge> {
    u32::try_from(n).map_err(|_| TooLarge)
}

impl ZipWriter {
    /// An empty archive with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            out: Vec::with_capacity(capacity),
            entries: Vec::new(),
        }
    }

    /// Appends an entry.
    pub fn add(&mut self, name: &str, data: &[u8], method: Method) -> Result<(), TooLarge> {
        match method {
            Method::Stored => self.add_raw(name, &Packed::stored(data), data),
            Method::Deflated => {
                let packed = Packed::deflate(data);
                self.add_raw(name, &packed, data)
            }
        }
    }

    /// Appends an entry packed earlier with [`Packed::deflate`] (for data reused across
    /// builds, such as fonts, which is then compressed only once per process).
    pub fn add_packed(&mut self, name: &str, packed: &Packed, data: &[u8]) -> Result<(), TooLarge> {
        self.add_raw(name, packed, data)
    }

    fn add_raw(&mut self, name: &str, packed: &Packed, data: &[u8]) -> Result<(), TooLarge> {
        let body = packed.body.as_deref().unwrap_or(data);
        let entry = Central {
            name: name.to_string(),
            method: if packed.body.is_some() { 8 } else { 0 },
            crc: packed.crc,
            compressed: u32_len(body.len())?,
            size: u32_len(data.len())?,
            offset: u32_len(self.out.len())?,
        };
        let o = &mut self.out;
        o.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        o.extend_from_slice(&VERSION.to_le_bytes());
        o.extend_from_slice(&FLAG_UTF8.to_le_bytes());
        o.extend_from_slice(&entry.method.to_le_bytes());
        o.extend_from_slice(&DOS_TIME.to_le_bytes());
        o.extend_from_slice(&DOS_DATE.to_le_bytes());
        o.extend_from_slice(&entry.crc.to_le_bytes());
        o.extend_from_slice(&entry.compressed.to_le_bytes());
        o.extend_from_slice(&entry.size.to_le_bytes());
        o.extend_from_slice(&name_len(name)?.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o.extend_from_slice(name.as_bytes());
        o.extend_from_slice(body);
        self.entries.push(entry);
        Ok(())
    }

    /// Writes the central directory and returns the archive.
    pub fn finish(mut self) -> Result<Vec<u8>, TooLarge> {
        let start = u32_len(self.out.len())?;
        let count = u16::try_from(self.entries.len()).map_err(|_| TooLarge)?;
        for e in &self.entries {
            let o = &mut self.out;
            o.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            o.extend_from_slice(&VERSION.to_le_bytes()); // made by: MS-DOS, 2.0
            o.extend_from_slice(&VERSION.to_le_bytes());
            o.extend_from_slice(&FLAG_UTF8.to_le_bytes());
            o.extend_from_slice(&e.method.to_le_bytes());
            o.extend_from_slice(&DOS_TIME.to_le_bytes());
            o.extend_from_slice(&DOS_DATE.to_le_bytes());
            o.extend_from_slice(&e.crc.to_le_bytes());
            o.extend_from_slice(&e.compressed.to_le_bytes());
            o.extend_from_slice(&e.size.to_le_bytes());
            o.extend_from_slice(&name_len(&e.name)?.to_le_bytes());
            o.extend_from_slice(&[0; 12]); // extra, comment, disk, internal attrs, external attrs
            o.extend_from_slice(&e.offset.to_le_bytes());
            o.extend_from_slice(e.name.as_bytes());
        }
        let size = u32_len(self.out.len())? - start;
        let o = &mut self.out;
        o.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        o.extend_from_slice(&[0; 4]); // this disk, disk with the directory
        o.extend_from_slice(&count.to_le_bytes());
        o.extend_from_slice(&count.to_le_bytes());
        o.extend_from_slice(&size.to_le_bytes());
        o.extend_from_slice(&start.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        Ok(self.out)
    }
}

fn name_len(name: &str) -> Result<u16, TooLarge> {
    u16::try_from(name.len()).map_err(|_| TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mimetype_entry_is_first_and_stored_at_offset_30() {
        let mut z = ZipWriter::default();
        z.add("mimetype", b"application/epub+zip", Method::Stored)
            .unwrap();
        z.add("a.txt", &[b'a'; 1000], Method::Deflated).unwrap();
        let bytes = z.finish().unwrap();
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        assert!(bytes.len() < 300, "deflate was used");
    }
}
