//! The info string of a `:::` block directive: a name and optional attributes,
//! as in `::: figure {#fig-logo .wide width=60%}`.

use quire_doc::Attr;

/// A parsed directive info string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Directive {
    /// The directive name (`figure`, `credit`, `aside` …), lower-cased.
    pub name: String,
    /// Attributes from the braces; `attr.id` is empty when none was given.
    pub attr: Attr,
}

/// Parses `info`; the error says what is malformed.
pub fn parse(info: &str) -> Result<Directive, String> {
    let info = info.trim();
    let (name, rest) = match info.find(|c: char| c.is_whitespace() || c == '{') {
        Some(i) => (&info[..i], info[i..].trim()),
        None => (info, ""),
    };
    let mut directive = Directive {
        name: name.to_lowercase(),
        attr: Attr::default(),
    };
    if rest.is_empty() {
        return Ok(directive);
    }
    let inner = rest
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .ok_or_else(|| format!("expected attributes in braces after `{name}`, found `{rest}`"))?;
    directive.attr = attributes(inner)?;
    Ok(directive)
}

/// Parses the inside of an attribute block, `#id .class key="value"`.
pub fn attributes(inner: &str) -> Result<Attr, String> {
    let mut attr = Attr::default();
    for token in tokens(inner)? {
        if let Some(id) = token.strip_prefix('#') {
            attr.id = id.to_string();
        } else if let Some(class) = token.strip_prefix('.') {
            attr.classes.push(class.to_string());
        } else if let Some((key, value)) = token.split_once('=') {
            let value = value.trim_matches('"');
            attr.pairs.push((key.to_string(), value.to_string()));
        } else {
            return Err(format!(
                "`{token}` is not an attribute (use #id, .class or key=value)"
            ));
        }
    }
    Ok(attr)
}

/// Splits on whitespace, keeping double-quoted values together.
fn tokens(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err("a quoted attribute value is not closed".into());
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_and_attributes() {
        let d = parse(" Figure {#fig-1 .wide alt=\"a b\"}").unwrap();
        assert_eq!(d.name, "figure");
        assert_eq!(d.attr.id, "fig-1");
        assert_eq!(d.attr.classes, ["wide"]);
        assert_eq!(d.attr.pairs, [("alt".to_string(), "a b".to_string())]);
        assert_eq!(parse("credit").unwrap().name, "credit");
    }

    #[test]
    fn malformed() {
        assert!(parse("figure #x").is_err());
        assert!(parse("figure {oops}").is_err());
        assert!(parse("figure {a=\"b}").is_err());
    }
}
