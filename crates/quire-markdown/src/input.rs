//! Checks on the raw bytes before any parsing: the source must be UTF-8 and free of NUL
//! characters (CommonMark would silently replace them, hiding a corrupt file).

use quire_doc::{Diagnostic, Pos, Span};

/// Decodes `bytes` as UTF-8 text, or says where the first bad byte is.
pub fn decode(bytes: &[u8]) -> Result<&str, Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The valid prefix decodes, so its position is exact.
            let at = pos_at(std::str::from_utf8(good).unwrap_or_default(), good.len());
            return Err(Diagnostic::error(
                Span::point(at),
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X})",
                    bytes[e.valid_up_to()]
                ),
            )
            .with_hint("save the file as UTF-8"));
        }
    };
    check_nul(text)?;
    Ok(text)
}

/// Rejects text containing a NUL character.
pub fn check_nul(text: &str) -> Result<(), Diagnostic> {
    match text.find('\0') {
        Some(index) => Err(Diagnostic::error(
            Span::point(pos_at(text, index)),
            "the file contains a NUL character",
        )
        .with_hint("remove it; a NUL byte usually means the file is binary or corrupt")),
        None => Ok(()),
    }
}

/// The line and column (in code points) of byte `index` in `text`.
pub fn pos_at(text: &str, index: usize) -> Pos {
    let index = index.min(text.len());
    let before = &text[..floor_char_boundary(text, index)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Pos::new(line as u32, column as u32)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_first_bad_byte() {
        let err = decode(b"ok\nab\xFFcd").unwrap_err();
        assert_eq!(err.span.start, Pos::new(2, 3));
        assert!(err.message.contains("UTF-8"));
    }

    #[test]
    fn reports_nul() {
        let err = decode("line\n  é\0".as_bytes()).unwrap_err();
        assert_eq!(err.span.start, Pos::new(2, 4));
    }

    #[test]
    fn positions_count_code_points() {
        assert_eq!(pos_at("“a”b", "“a”".len()), Pos::new(1, 4));
    }
}
