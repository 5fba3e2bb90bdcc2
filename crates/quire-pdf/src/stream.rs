//! A content stream written straight to bytes.
//!
//! Content streams are most of a PDF's volume and were most of the writer's time when
//! they went through printpdf's `Op` list and lopdf's `Operation` objects: every glyph
//! string and number became a heap object, to be formatted again on save. Here each
//! operator is appended as text as it is decided, numbers in the shortest form of their
//! rounded value, strings as literal strings with only the bytes PDF requires escaped.

/// The bytes of one content stream.
#[derive(Default)]
pub struct ContentStream {
    buf: Vec<u8>,
}

impl ContentStream {
    /// An empty stream with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        ContentStream {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// The stream's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Appends an operator (or any raw token) and a line break.
    pub fn op(&mut self, op: &str) -> &mut Self {
        self.buf.extend_from_slice(op.as_bytes());
        self.buf.push(b'\n');
        self
    }

    /// Appends raw bytes followed by a space.
    pub fn raw(&mut self, token: &str) -> &mut Self {
        self.buf.extend_from_slice(token.as_bytes());
        self.buf.push(b' ');
        self
    }

    /// Appends `/name `.
    pub fn name(&mut self, name: &str) -> &mut Self {
        self.buf.push(b'/');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.push(b' ');
        self
    }

    /// Appends an integer and a space.
    pub fn int(&mut self, v: i64) -> &mut Self {
        write_int(&mut self.buf, v);
        self.buf.push(b' ');
        self
    }

    /// Appends `v` rounded to `1/steps` (a power of ten up to 10⁴) and a space.
    pub fn num(&mut self, v: f64, steps: i64) -> &mut Self {
        write_fixed(&mut self.buf, v, steps);
        self.buf.push(b' ');
        self
    }

    /// Appends `bytes` as a literal string `(…)`.
    pub fn string(&mut self, bytes: &[u8]) -> &mut Self {
        write_literal(&mut self.buf, bytes);
        self
    }

    /// Appends a byte without a separator (for `[`, `]`, `<<`, `>>`).
    pub fn punct(&mut self, s: &str) -> &mut Self {
        self.buf.extend_from_slice(s.as_bytes());
        self
    }
}

/// Writes `v` in decimal.
fn write_int(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    let mut n = v.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Writes `v` rounded to `1/steps` without trailing zeros (`12.5`, `-0.25`, `3`).
fn write_fixed(buf: &mut Vec<u8>, v: f64, steps: i64) {
    debug_assert!(matches!(steps, 1 | 10 | 100 | 1000 | 10000));
    let scaled = (v * steps as f64).round();
    // Beyond ±2⁵³ steps nothing on a page can be; keep the value finite and printable.
    let scaled = if scaled.is_finite() {
        scaled.clamp(-9.0e15, 9.0e15) as i64
    } else {
        0
    };
    let steps_u = steps.unsigned_abs();
    let (whole, mut frac) = (
        scaled.unsigned_abs() / steps_u,
        scaled.unsigned_abs() % steps_u,
    );
    if scaled < 0 {
        buf.push(b'-');
    }
    write_int(buf, whole as i64);
    if frac == 0 {
        return;
    }
    buf.push(b'.');
    let mut place = steps_u / 10;
    while frac > 0 {
        buf.push(b'0' + (frac / place) as u8);
        frac %= place;
        place /= 10;
    }
}

/// Writes a literal string. `(`, `)` and `\` are escaped, and a carriage return is
/// written as `\r` because a raw one would be read back as a line feed (ISO 32000-1,
/// 7.3.4.2); every other byte goes through as it is.
fn write_literal(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => buf.extend_from_slice(&[b'\\', b]),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.push(b),
        }
    }
    buf.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(v: f64, steps: i64) -> String {
        let mut buf = Vec::new();
        write_fixed(&mut buf, v, steps);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn numbers_are_shortest_rounded_decimals() {
        assert_eq!(fixed(12.5, 1000), "12.5");
        assert_eq!(fixed(-0.25, 100), "-0.25");
        assert_eq!(fixed(3.0, 1000), "3");
        assert_eq!(fixed(0.0004, 1000), "0");
        assert_eq!(fixed(-0.0004, 1000), "0");
        assert_eq!(fixed(0.05, 1000), "0.05");
        assert_eq!(fixed(841.889_76, 1000), "841.89");
        assert_eq!(fixed(-1234.5678, 100), "-1234.57");
        assert_eq!(fixed(f64::NAN, 1000), "0");
        let mut buf = Vec::new();
        write_int(&mut buf, i64::MIN);
        assert_eq!(buf, i64::MIN.to_string().as_bytes());
    }

    #[test]
    fn literal_strings_escape_what_pdf_requires() {
        let mut buf = Vec::new();
        write_literal(&mut buf, b"a(b)c\\d\re\n\0");
        assert_eq!(buf, b"(a\\(b\\)c\\\\d\\re\n\0)");
    }

    #[test]
    fn operators_and_operands_are_separated() {
        let mut s = ContentStream::default();
        s.name("F1").num(10.5, 1000).op("Tf");
        s.punct("[")
            .string(b"ab")
            .num(-12.0, 100)
            .punct("]")
            .op(" TJ");
        assert_eq!(s.into_bytes(), b"/F1 10.5 Tf\n[(ab)-12 ] TJ\n");
    }
}
