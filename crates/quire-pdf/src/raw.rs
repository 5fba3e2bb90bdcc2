//! Objects written as bytes beside lopdf's document, for very large structure trees.
//!
//! lopdf keeps every object as a tree of maps and vectors: about a kilobyte and a half
//! for a structure element of six keys, which is most of the memory of a PDF with
//! hundreds of thousands of them (a megabyte of one-word list items). Past a threshold
//! the structure elements are therefore serialised as soon as they are made
//! ([`write_object`]) and kept as bytes; lopdf writes everything else with a classic
//! cross-reference table, and [`splice`] appends the kept objects and writes one table
//! for all of them.

use lopdf::{Dictionary, Object, StringFormat};

/// Objects kept as bytes: (object number, serialised object).
pub type RawObjects = Vec<(u32, Vec<u8>)>;

/// PDF's delimiters and white space, which a name writes as `#xx`.
fn is_regular(b: u8) -> bool {
    b > b' ' && b < 0x7f && !b"()<>[]{}/%#".contains(&b)
}

/// Appends `object` in PDF syntax.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    // A reader turns a bare CR or CRLF in a string into LF.
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d),
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
        // Structure elements hold no streams; a stream here would be a programming
        // error, and `null` keeps the file readable.
        Object::Stream(_) => out.extend_from_slice(b"null"),
    }
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if is_regular(b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
    }
    out.extend_from_slice(b">>");
}

/// A real as PDF writes it: no exponent, at most five decimals, no trailing zeros.
fn real(r: f32) -> String {
    if r.fract() == 0.0 && r.abs() < 1e9 {
        return format!("{}", r as i64);
    }
    let s = format!("{r:.5}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// About how large the file of `doc` plus `objects` will be: the streams, a guess per
/// other object, the kept objects and the cross-reference table.
pub fn estimated_size(doc: &lopdf::Document, objects: &RawObjects) -> usize {
    let lopdf: usize = doc
        .objects
        .values()
        .map(|o| o.as_stream().map_or(96, |s| s.content.len() + 160))
        .sum();
    let kept: usize = objects.iter().map(|(_, b)| b.len() + 24).sum();
    lopdf + kept + (doc.max_id as usize + 1) * 20 + 4096
}

/// Appends `objects` to `pdf`, a file lopdf wrote with a classic cross-reference table
/// whose numbering left room for them, and replaces its table by one for all objects.
/// `None` if `pdf` is not laid out as expected.
pub fn splice(pdf: &mut Vec<u8>, mut objects: RawObjects) -> Option<()> {
    let tail_at = find_last(pdf, b"startxref")?;
    let xref_at: usize = std::str::from_utf8(&pdf[tail_at + 9..])
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let trailer_at = xref_at + find_last(&pdf[xref_at..tail_at], b"trailer")?;
    let mut offsets: Vec<Option<u64>> = Vec::new();
    let table = std::str::from_utf8(&pdf[xref_at..trailer_at]).ok()?;
    let mut lines = table.lines().skip(1);
    while let Some(header) = lines.next() {
        let mut parts = header.split_whitespace();
        let (Some(start), Some(count)) = (parts.next(), parts.next()) else {
            break;
        };
        let (start, count): (usize, usize) = (start.parse().ok()?, count.parse().ok()?);
        for n in start..start + count {
            let entry = lines.next()?;
            if offsets.len() <= n {
                offsets.resize(n + 1, None);
            }
            if entry.split_whitespace().nth(2) == Some("n") {
                offsets[n] = Some(entry.split_whitespace().next()?.parse().ok()?);
            }
        }
    }
    let trailer = pdf[trailer_at..tail_at].to_vec();
    pdf.truncate(xref_at);
    objects.sort_by_key(|(n, _)| *n);
    // One allocation for all that follows, rather than doubling a file-sized buffer.
    let added: usize = objects.iter().map(|(_, b)| b.len() + 24).sum();
    pdf.reserve(added + (offsets.len() + objects.len()) * 20 + trailer.len() + 64);
    for (n, bytes) in objects {
        let n = n as usize;
        if offsets.len() <= n {
            offsets.resize(n + 1, None);
        }
        offsets[n] = Some(pdf.len() as u64);
        pdf.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        pdf.extend_from_slice(&bytes);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n", offsets.len()).as_bytes());
    for (n, offset) in offsets.iter().enumerate() {
        match offset {
            Some(o) if n > 0 => pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes()),
            _ => pdf.extend_from_slice(b"0000000000 65535 f\r\n"),
        }
    }
    pdf.extend_from_slice(&trailer);
    if !trailer.ends_with(b"\n") {
        pdf.push(b'\n');
    }
    pdf.extend_from_slice(format!("startxref\n{xref}\n%%EOF").as_bytes());
    Some(())
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_in_pdf_syntax() {
        let mut d = Dictionary::new();
        d.set("S", Object::Name(b"L I".to_vec()));
        d.set(
            "Alt",
            Object::String(b"a (b)\\\r".to_vec(), StringFormat::Literal),
        );
        d.set(
            "K",
            Object::Array(vec![Object::Integer(3), Object::Reference((7, 0))]),
        );
        d.set(
            "ID",
            Object::String(vec![0xab, 1], StringFormat::Hexadecimal),
        );
        let mut out = Vec::new();
        write_object(&mut out, &Object::Dictionary(d));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</S /L#20I/Alt (a \\(b\\)\\\\\\r)/K [3 7 0 R]/ID <AB01>>>"
        );
        assert_eq!(real(2.5), "2.5");
        assert_eq!(real(-3.0), "-3");
    }

    #[test]
    fn splice_keeps_a_readable_file() {
        let mut doc = lopdf::Document::with_version("1.7");
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let catalog = doc.new_object_id();
        let kept = doc.new_object_id();
        let mut c = Dictionary::new();
        c.set("Type", Object::Name(b"Catalog".to_vec()));
        c.set("Extra", Object::Reference(kept));
        doc.objects.insert(catalog, Object::Dictionary(c));
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut pdf = Vec::new();
        doc.save_to(&mut pdf).unwrap();
        let mut raw = Vec::new();
        write_object(&mut raw, &Object::Integer(42));
        splice(&mut pdf, vec![(kept.0, raw)]).unwrap();
        let back = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(back.get_object(kept).unwrap().as_i64().unwrap(), 42);
    }
}
