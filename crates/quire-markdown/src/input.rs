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
    fn a_byte_order_mark_is_dropped() {
        assert_eq!(decode(F, "\u{FEFF}---\n".as_bytes()).unwrap(), "---\n");
    }
}
