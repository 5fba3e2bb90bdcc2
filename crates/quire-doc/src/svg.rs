//! The SVG check: an SVG image may draw, and do nothing else. Anything that could run
//! code, reach another file or host, or expand entities makes it unsafe, whatever the
//! edition (browsers run SVG scripts in `<object>` and in EPUB reading systems).

use quick_xml::events::{BytesStart, Event};

/// Elements that run code or embed other documents.
const ACTIVE: &[&[u8]] = &[
    b"script",
    b"foreignObject",
    b"iframe",
    b"object",
    b"embed",
    b"handler",
    b"listener",
];

/// Whether `bytes` look like an SVG document: text whose first element is `<svg`.
pub(crate) fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{FEFF}').trim_start();
    // Skip the XML declaration, comments, processing instructions and a DOCTYPE.
    while let Some(after) = rest.strip_prefix('<') {
        if let Some(tail) = after.strip_prefix("svg") {
            return tail.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/');
        }
        let end = if after.starts_with("!--") {
            after.find("-->").map(|i| i + 3)
        } else if after.starts_with('?') || after.starts_with('!') {
            after.find('>').map(|i| i + 1)
        } else {
            return false;
        };
        let Some(end) = end else { return false };
        rest = after[end..].trim_start();
    }
    false
}

/// Checks an SVG; its size in CSS pixels (0 × 0 if it gives none), or what makes it
/// unsafe.
pub(crate) fn check(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut size = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("malformed XML ({e})"))?;
        match event {
            // A DOCTYPE that only names the public DTD (what most editors write) is
            // harmless: no reader fetches it. An internal subset can declare entities
            // (billion laughs, external files) and is refused.
            Event::DocType(d) if d.as_ref().contains(&b'[') => {
                return Err("a DOCTYPE with entity declarations".into());
            }
            Event::DocType(_) => {}
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                if ACTIVE.contains(&name.as_ref()) {
                    return Err(format!(
                        "a <{}> element",
                        String::from_utf8_lossy(name.as_ref())
                    ));
                }
                check_attributes(&e)?;
                if size.is_none() {
                    size = Some(root_size(&e));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    size.ok_or_else(|| "no root element".to_string())
}

fn check_attributes(e: &BytesStart<'_>) -> Result<(), String> {
    for attr in e.attributes() {
        let attr = attr.map_err(|e| format!("a malformed attribute ({e})"))?;
        let key = attr.key.local_name();
        let key = String::from_utf8_lossy(key.as_ref()).to_ascii_lowercase();
        if key.starts_with("on") {
            return Err(format!("an event handler ({key})"));
        }
        let value = String::from_utf8_lossy(&attr.value)
            .trim()
            .to_ascii_lowercase();
        if key == "href" || key == "src" {
            // Inside the file, or inline raster data; nothing else.
            let inline_image = value.starts_with("data:image/png")
                || value.starts_with("data:image/jpeg")
                || value.starts_with("data:image/gif")
                || value.starts_with("data:image/webp");
            if !(value.starts_with('#') || inline_image) {
                return Err(format!("an external reference ({key}=\"{value}\")"));
            }
        }
        if value.contains("javascript:") || value.contains("url(http") || value.contains("@import")
        {
            return Err(format!("active content in the attribute {key}"));
        }
    }
    Ok(())
}

/// `width` and `height` of the root element, else the `viewBox`'s size.
fn root_size(e: &BytesStart<'_>) -> (u32, u32) {
    let get = |name: &[u8]| {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
    };
    let px = |v: Option<String>| -> Option<u32> {
        let v = v?;
        let number: String = v
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let n: f64 = number.parse().ok()?;
        let unit = v.trim()[number.len()..].trim();
        let scale = match unit {
            "" | "px" => 1.0,
            "pt" => 4.0 / 3.0,
            "mm" => 96.0 / 25.4,
            "cm" => 96.0 / 2.54,
            "in" => 96.0,
            _ => return None,
        };
        Some((n * scale).round().clamp(0.0, f64::from(u32::MAX)) as u32)
    };
    if let (Some(w), Some(h)) = (px(get(b"width")), px(get(b"height"))) {
        return (w, h);
    }
    let view: Vec<f64> = get(b"viewBox")
        .unwrap_or_default()
        .split([' ', ','])
        .filter_map(|s| s.parse().ok())
        .collect();
    match view.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => (w.round() as u32, h.round() as u32),
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_passes_and_is_measured() {
        let svg = br##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80"><rect width="10" height="10" fill="url(#g)"/><use href="#a"/></svg>"##;
        assert!(looks_like_svg(svg));
        assert_eq!(check(svg), Ok((120, 80)));
        let graphviz = br#"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg viewBox="0 0 10 20" xmlns="http://www.w3.org/2000/svg"/>"#;
        assert!(looks_like_svg(graphviz));
        assert_eq!(check(graphviz), Ok((10, 20)));
    }

    #[test]
    fn active_and_external_content_is_refused() {
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"/></svg>"#,
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg>&a;</svg>",
        ] {
            assert!(check(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_public_doctype_is_fine() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
        assert!(check(svg.as_bytes()).is_ok());
    }

    #[test]
    fn text_is_not_svg() {
        assert!(!looks_like_svg(b"just text <svg"));
        assert!(!looks_like_svg(b"<html><svg></svg></html>"));
    }
}
