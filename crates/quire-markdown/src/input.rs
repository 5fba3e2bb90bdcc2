//! Checks on the raw bytes before any parsing: the source must be UTF-8 and free of NUL
//! characters (CommonMark would silently replace them, hiding a corrupt file).

use quire_doc::{Diagnostic, FileId, Span};

/// The UTF-8 byte order mark some editors write at the start of a file.
const BOM: &str = "\u{FEFF}";

/// Decodes `bytes` as UTF-8 text without a byte order mark, or says where the first bad
/// byte is (`file` is the id the caller registers the text under).
pub fn decode(file: FileId, bytes: &[u8]) -> Result<&str, Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to() as u32;
            return Err(Diagnostic::error(
                Span::point(file, at),
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X})",
                    bytes[e.valid_up_to()]
                ),
            )
            .with_hint("save the file as UTF-8"));
        }
    };
    let text = text.strip_prefix(BOM).unwrap_or(text);
    check_nul(file, text)?;
    Ok(text)
}

/// Rejects text containing a NUL character.
pub fn check_nul(file: FileId, text: &str) -> Result<(), Diagnostic> {
    match text.find('\0') {
        Some(index) => Err(Diagnostic::error(
            Span::new(file, index as u32, index as u32 + 1),
            "the file contains a NUL character",
        )
        .with_hint("remove it; a NUL byte usually means the file is binary or corrupt")),
        None => Ok(()),
    }
}

/// `text` with every character XML cannot carry replaced by as many spaces as it had
/// bytes (so every byte offset, and so every span, stays the same), and a warning at
/// the first one. A vertical tab or form feed pasted from a word processor reads as
/// the space it stood for.
pub fn without_controls(
    file: FileId,
    text: &str,
) -> (std::borrow::Cow<'_, str>, Option<Diagnostic>) {
    let Some(first) = text.find(quire_doc::xml::forbidden) else {
        return (std::borrow::Cow::Borrowed(text), None);
    };
    let mut count = 0;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if quire_doc::xml::forbidden(c) {
            count += 1;
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    let c = text[first..].chars().next().unwrap_or(' ');
    let warning = Diagnostic::warning(
        Span::new(file, first as u32, (first + c.len_utf8()) as u32),
        format!(
            "{count} control character{} (the first is U+{:04X}) read as spaces",
            if count == 1 { "" } else { "s" },
            u32::from(c)
        ),
    )
    .with_hint("no edition can show them; they are usually pasted by accident");
    (std::borrow::Cow::Owned(out), Some(warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    #[test]
    fn reports_the_first_bad_byte() {
        let err = decode(F, b"ok\nab\xFFcd").unwrap_err();
        assert_eq!(err.span.start, 5);
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn reports_nul() {
        let err = decode(F, "line\n  é\0".as_bytes()).unwrap_err();
        assert_eq!(err.span.start, "line\n  é".len() as u32);
    }

    #[test]
    fn controls_become_spaces_and_offsets_hold() {
        let (clean, warning) = without_controls(F, "a\u{b}b\u{85}c");
        assert_eq!(clean, "a b  c");
        assert_eq!(clean.len(), "a\u{b}b\u{85}c".len());
        assert_eq!(warning.unwrap().span.start, 1);
        assert!(without_controls(F, "tab\tok\n").1.is_none());
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(decode(F, "\u{FEFF}---\n".as_bytes()).unwrap(), "---\n");
    }
}
