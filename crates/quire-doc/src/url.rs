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

/// `url` as it may be written in an HTML attribute or a PDF URI action: every byte that
/// is not printable ASCII (spaces, controls, non-ASCII letters) and every character a URL
/// may not contain (`"` `<` `>` `\\` `^` `` ` `` `{` `|` `}`, and `[` `]` outside the
/// host) percent-encoded as UTF-8; `%XX` already there is left as it is. A backslash in
/// the path is a slash, as browsers read it in web and relative URLs.
pub fn encode(url: &str) -> String {
    encode_with(url, false)
}

/// [`encode`], keeping non-ASCII letters as they are: for `#fragments`, which name ids
/// such as `été-2024` that the targets carry verbatim.
pub fn encode_fragment(url: &str) -> String {
    encode_with(url, true)
}

fn encode_with(url: &str, keep_unicode: bool) -> String {
    let authority = url
        .find("//")
        .filter(|&i| i == 0 || scheme(url).is_some())
        .map(|i| {
            let from = i + 2;
            let len = url[from..]
                .find(['/', '?', '#'])
                .unwrap_or(url.len() - from);
            from..from + len
        });
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        let in_host = authority.as_ref().is_some_and(|a| a.contains(&i));
        match c {
            '\\' if i < path_end && !in_host => out.push('/'),
            '[' | ']' if in_host => out.push(c),
            '!'..='~' if !"\"<>\\^`{|}[]".contains(c) => out.push(c),
            c if keep_unicode && !c.is_ascii() && !c.is_whitespace() && !c.is_control() => {
                out.push(c)
            }
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// Whether the host of an `http(s)://` URL could name a machine: present, without
/// empty labels (`https://../` names none) or characters no host may have.
fn valid_host(url: &str) -> bool {
    let Some(rest) = url.split_once("://").map(|(_, r)| r) else {
        return true; // mailto:, no authority
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.starts_with('[') {
        return host.contains(']');
    }
    let host = host.split_once(':').map_or(host, |(h, _)| h);
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "#%/:<>?@[\\]^|".contains(c))
        })
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
    /// A web address that names no host (`https://../`); the address.
    Malformed(String),
}

/// Classifies `url` (normalising it first).
pub fn classify(url: &str) -> Target {
    let url = normalize(url);
    if let Some(id) = url.strip_prefix('#') {
        return Target::Fragment(id.to_string());
    }
    match scheme(&url) {
        Some(s) if ALLOWED_SCHEMES.contains(&s.as_str()) => {
            if valid_host(&url) {
                Target::External(url)
            } else {
                Target::Malformed(url)
            }
        }
        Some(s) => Target::Refused(s),
        // `//host/path` is relative to the scheme: another host, so external, https.
        None if url.starts_with("//") => Target::External(format!("https:{url}")),
        None => Target::Relative(url),
    }
}

/// Whether `url` may be written as a link in an edition: a fragment, a relative
/// reference or an allowed scheme, after normalisation.
pub fn is_allowed(url: &str) -> bool {
    !matches!(classify(url), Target::Refused(_) | Target::Malformed(_))
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
        // What the Nu checker rejects in CommonMark's examples.
        assert_eq!(
            encode("https://example.com?find=\\*"),
            "https://example.com?find=%5C*"
        );
        assert_eq!(encode("/url\\bar*baz"), "/url/bar*baz");
        assert_eq!(
            encode("https://e.com/?search=](uri)"),
            "https://e.com/?search=%5D(uri)"
        );
        assert_eq!(encode("\"title\""), "%22title%22");
        assert_eq!(encode("http://[::1]:8080/[x]"), "http://[::1]:8080/%5Bx%5D");
        assert_eq!(encode_fragment("#été 1"), "#été%201");
    }

    #[test]
    fn web_addresses_need_a_host() {
        assert!(matches!(classify("https://../"), Target::Malformed(_)));
        assert!(matches!(classify("https://"), Target::Malformed(_)));
        assert!(matches!(classify("https://e.org./x"), Target::External(_)));
        assert!(matches!(
            classify("https://user@e.org:8080"),
            Target::External(_)
        ));
        assert!(matches!(classify("mailto:a@b.c"), Target::External(_)));
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
