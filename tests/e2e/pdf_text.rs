//! Text extraction from our own PDFs in-process, the way a reader's copy and paste sees
//! them: glyph codes through each font's written `/ToUnicode` CMap, `/ActualText` spans
//! in place of the glyphs they cover, artifacts (running heads, page numbers, list
//! labels) left out, a new line wherever the baseline changes. It checks what `pdftotext` checks
//! (tests/e2e/pdf_edition.rs) without poppler, so text fidelity is tested everywhere.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Document, Object};

/// Structure tags of table cells, where words always end (cells of a row share a
/// baseline with no space glyph between them; a paragraph's marked content may resume
/// mid-word after a link, so block tags say nothing).
const BLOCK_TAGS: &[&[u8]] = &[b"TD", b"TH"];

/// The reading text of every page, in content order.
pub(crate) fn text(bytes: &[u8]) -> String {
    page_texts(bytes, false).concat()
}

/// The reading text of each page, in page order.
pub(crate) fn pages(bytes: &[u8]) -> Vec<String> {
    page_texts(bytes, false)
}

/// The text of each page, in content order, each ending in a new line: its reading text,
/// or with `artifacts` also what is marked as an artifact (running heads, folios, list
/// labels), as a reader sees the page.
pub(crate) fn page_texts(bytes: &[u8], artifacts: bool) -> Vec<String> {
    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    let mut pages = Vec::new();
    for (_, page) in doc.get_pages() {
        let mut out = String::new();
        let fonts: HashMap<Vec<u8>, HashMap<u16, String>> = doc
            .get_page_fonts(page)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, font)| (name, to_unicode(&doc, font)))
            .collect();
        let content = doc.get_page_content(page);
        let ops = Content::decode(&content)
            .expect("content decodes")
            .operations;
        let mut font: Option<&HashMap<u16, String>> = None;
        let mut last_y: Option<f32> = None;
        let mut size: f32 = 10.0;
        let mut line_size: f32 = 0.0;
        // Marked content: (is an artifact, ActualText if any).
        let mut marks: Vec<(bool, Option<String>)> = Vec::new();
        let silenced = |marks: &[(bool, Option<String>)]| {
            marks
                .iter()
                .any(|(artifact, actual)| *artifact || actual.is_some())
        };
        for op in ops {
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .unwrap_or(b"");
                    let actual = op
                        .operands
                        .get(1)
                        .and_then(|o| property(&doc, o, b"ActualText"))
                        .filter(|_| !silenced(&marks));
                    // A table cell begins: a word ends, whatever the geometry.
                    if BLOCK_TAGS.contains(&tag) {
                        out.push(' ');
                    }
                    marks.push((tag == b"Artifact" && !artifacts, actual));
                }
                "EMC" => {
                    if let Some((false, Some(actual))) = marks.pop() {
                        out.push_str(&actual);
                    }
                }
                // A run more than half a font size off the last baseline starts a new
                // line; closer runs join it (a style change, a superscript: the spaces
                // between words are glyphs of their own).
                "Tm" => {
                    let y = op.operands.get(5).and_then(|o| o.as_float().ok());
                    let reach = 0.6 * size.max(line_size);
                    let near = |l: f32, y: f32| (l - y).abs() <= reach;
                    if y.is_some_and(|y| last_y.is_none_or(|l| !near(l, y))) {
                        out.push('\n');
                        line_size = size;
                    }
                    if y.is_some_and(|y| last_y.is_none_or(|l| !near(l, y) || y < l)) {
                        // Track the lowest baseline of the line, so that a run back on
                        // it after a superscript still joins.
                        last_y = y;
                    }
                }
                "Tf" => {
                    size = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_float().ok())
                        .unwrap_or(size);
                    font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| fonts.get(n));
                }
                "Tj" | "TJ" if !silenced(&marks) => {
                    let Some(map) = font else { continue };
                    let strings: Vec<&[u8]> = match op.operands.first() {
                        Some(Object::Array(items)) => {
                            items.iter().filter_map(|i| i.as_str().ok()).collect()
                        }
                        Some(Object::String(s, _)) => vec![s.as_slice()],
                        _ => Vec::new(),
                    };
                    for s in strings {
                        for code in s.chunks(2) {
                            let cid = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                            out.push_str(map.get(&cid).map_or("\u{FFFD}", String::as_str));
                        }
                    }
                }
                _ => {}
            }
        }
        out.push('\n');
        pages.push(out);
    }
    pages
}

/// A marked-content property (inline dictionary or named resource); text strings are
/// UTF-16BE with a byte order mark or PDFDocEncoding (ASCII for our purposes).
fn property(doc: &Document, props: &Object, key: &[u8]) -> Option<String> {
    let dict = match props {
        Object::Dictionary(d) => d,
        Object::Reference(r) => doc.get_dictionary(*r).ok()?,
        _ => return None,
    };
    Some(text_string(dict.get(key).ok()?.as_str().ok()?))
}

/// A PDF text string: UTF-16BE after a byte order mark, else PDFDocEncoding (read as
/// UTF-8, which agrees on ASCII).
pub(crate) fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// The CID → text map of a font's `/ToUnicode` CMap (`bfchar` and `bfrange` entries).
fn to_unicode(doc: &Document, font: &lopdf::Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Some(stream) = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|o| o.as_reference().ok())
        .and_then(|r| doc.get_object(r).ok())
        .and_then(|o| o.as_stream().ok())
    else {
        return map;
    };
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&data);
    let hex = |t: &str| -> Vec<u8> {
        let t = t.trim_matches(['<', '>']);
        (0..t.len() / 2)
            .filter_map(|i| u8::from_str_radix(&t[2 * i..2 * i + 2], 16).ok())
            .collect()
    };
    let utf16 = |b: &[u8]| {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let code = |b: &[u8]| u16::from_be_bytes([b[0], *b.get(1).unwrap_or(&0)]);
    for section in text.split("beginbfchar").skip(1) {
        let body = section.split("endbfchar").next().unwrap_or("");
        let tokens: Vec<&str> = body.split_whitespace().collect();
        for pair in tokens.chunks(2) {
            if let [src, dst] = pair {
                map.insert(code(&hex(src)), utf16(&hex(dst)));
            }
        }
    }
    for section in text.split("beginbfrange").skip(1) {
        let body = section.split("endbfrange").next().unwrap_or("");
        let tokens: Vec<&str> = body.split_whitespace().collect();
        for triple in tokens.chunks(3) {
            if let [lo, hi, dst] = triple
                && dst.starts_with('<')
            {
                let (lo, hi, dst) = (code(&hex(lo)), code(&hex(hi)), hex(dst));
                let base = code(&dst);
                for (k, cid) in (lo..=hi).enumerate() {
                    map.insert(cid, utf16(&(base + k as u16).to_be_bytes()));
                }
            }
        }
    }
    map
}

/// How many XObjects of `subtype` (`Image`, or `Form`: vector graphics placed as a
/// unit, as SVG images are) a PDF holds.
pub(crate) fn xobjects(bytes: &[u8], subtype: &[u8]) -> usize {
    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == subtype)
        })
        .count()
}
