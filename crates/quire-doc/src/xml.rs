//! The one escaper for every XML and HTML file of every edition (web page, XHTML, EPUB
//! package, nav and NCX, PDF XMP).
//!
//! Characters that XML 1.0 and HTML forbid (C0 controls other than tab, newline and
//! carriage return, DEL, C1 controls and non-characters) are written as U+FFFD, one for
//! one, so that a document still has exactly as many characters as the plain-text
//! projection and can never be made not well-formed by its text.

/// Appends `text` escaped for element content.
pub fn text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `text`, escaped for element content, as a new string.
pub fn escape(text_in: &str) -> String {
    let mut out = String::with_capacity(text_in.len());
    text(&mut out, text_in);
    out
}

/// Appends `value` escaped for a double-quoted attribute value.
pub fn attr(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Whether XML 1.0 or HTML cannot carry `c`: C0 controls but tab, line feed and
/// carriage return; DEL and the C1 controls; the non-characters.
pub fn forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

/// `value` escaped for XML content or either kind of quoted attribute (`'` too), as a
/// new string.
pub fn escape_all(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\'' => out.push_str("&apos;"),
            c => attr(&mut out, c.encode_utf8(&mut [0; 4])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_and_replaces_forbidden_characters() {
        let mut out = String::new();
        super::attr(&mut out, "a<b>&\"c\u{1}");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c\u{FFFD}");
        assert_eq!(super::escape_all("'\u{b}&"), "&apos;\u{FFFD}&amp;");
    }
}
