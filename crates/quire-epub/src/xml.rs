//! XML escaping, shared by every document the package writes.

/// Appends `text` with `&`, `<` and `>` escaped (for element content).
pub fn text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Characters XML 1.0 forbids (C0 controls other than tab, LF, CR) would make the
            // document ill-formed; they carry no meaning in a book, so they are dropped.
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
}

/// Appends `value` escaped for a double-quoted attribute.
pub fn attr(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
}

/// `text`, escaped, as a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    text(&mut out, s);
    out
}

fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        let mut s = String::new();
        text(&mut s, "a<b>&\u{1}c");
        assert_eq!(s, "a&lt;b&gt;&amp;c");
        let mut a = String::new();
        attr(&mut a, "say \"hi\"");
        assert_eq!(a, "say &quot;hi&quot;");
    }
}
