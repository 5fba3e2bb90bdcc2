//! Link targets as browsers read them, and the one rule for which are allowed.
//!
//! A browser strips ASCII tab, line feed and carriage return anywhere in a URL and trims
//! C0 controls and spaces at both ends before it looks for a scheme (WHATWG URL
//! standard), so `java&#9;script:` is `javascript:` to it. Every edition therefore
//! normalises first and then allows only `http`, `https`, `mailto`, fragments and
//! relative references: anything else (`javascript:`, `data:`, `vbscript:`, `file:` …)
//! is never written as a link.

/// `url` as a browser parses it: tab, LF and CR removed everywhere; C0 controls and
/// spaces trimmed from both ends.
pub fn normalize(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// `url` with every byte that is not printable 7-bit ASCII percent-encoded as UTF-8
/// (spaces, controls, non-ASCII letters), as a URL must be written in an HTML attribute
/// or a PDF URI action; `%XX` already there is left as it is.
pub fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The scheme of a normalised URL, lower-cased, if it has one.
pub fn scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// Schemes a published link may have.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// What a link target is, once normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#id`: a place in the publication.
    Fragment(String),
    /// `http:`, `https:` or `mailto:`.
    External(String),
    /// A relative reference (another file of the project).
    Relative(String),
    /// A scheme that is never written as a link; the lower-cased scheme.
    Refused(String),
}

/// Classifies `url` (normalising it first).
pub fn classify(url: &str) -> Target {
    let url = normalize(url);
    if let Some(id) = url.strip_prefix('#') {
        return Target::Fragment(id.to_string());
    }
    match scheme(&url) {
        Some(s) if ALLOWED_SCHEMES.contains(&s.as_str()) => Target::External(url),
        Some(s) => Target::Refused(s),
        // `//host/path` is relative to the scheme: another host, so external, https.
        None if url.starts_with("//") => Target::External(format!("https:{url}")),
        None => Target::Relative(url),
    }
}

/// Whether `url` may be written as a link in an edition: a fragment, a relative
/// reference or an allowed scheme, after normalisation.
pub fn is_allowed(url: &str) -> bool {
    !matches!(classify(url), Target::Refused(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_ascii_and_escapes_the_rest() {
        assert_eq!(
            encode("https://e.org/a b?x=é&y=%20"),
            "https://e.org/a%20b?x=%C3%A9&y=%20"
        );
    }

    #[test]
    fn scripts_are_refused_however_they_are_spelled() {
        for bad in [
            "javascript:alert(1)",
            "java\tscript:document.title='PWNED'",
            "java\nscript:x",
            "\u{1}  JavaScript:x",
            "jav\ra\tscript:x",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_allowed(bad), "{bad:?}");
        }
        assert!(is_allowed("https://a.example/x"));
        assert!(is_allowed("MAILTO:a@b"));
        assert!(is_allowed("#intro"));
        assert!(is_allowed("chapter2.md#x"));
        assert_eq!(
            classify("//cdn.example/x"),
            Target::External("https://cdn.example/x".into())
        );
    }
}
