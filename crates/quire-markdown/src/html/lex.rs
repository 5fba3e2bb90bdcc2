//! Raw HTML → a flat list of tokens, with html5ever's tokenizer.
//!
//! The tokenizer is the WHATWG algorithm itself (character references, attribute quoting,
//! comments, bogus markup, raw-text elements), so what we map is what a browser would see;
//! a hand-written tag regex would disagree with browsers on exactly the inputs that matter.
//! Tree construction is ours (see `build.rs`): Markdown interleaves its own blocks between
//! raw tags, which html5ever's tree builder cannot know about.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token as H5Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// One piece of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An opening tag, its name lower-cased.
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    /// A closing tag.
    End { name: String },
    /// Text, with character references decoded.
    Text(String),
    /// A comment (authors' private notes: never published).
    Comment,
}

/// A token and the 0-based line of the raw text it starts on.
pub type Located = (Token, usize);

struct Sink {
    out: RefCell<Vec<Located>>,
}

impl Sink {
    fn push(&self, token: Token, line: u64) {
        let line = (line as usize).saturating_sub(1);
        let mut out = self.out.borrow_mut();
        if let (Token::Text(t), Some((Token::Text(prev), _))) = (&token, out.last_mut()) {
            prev.push_str(t);
            return;
        }
        out.push((token, line));
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: H5Token, line: u64) -> TokenSinkResult<()> {
        match token {
            H5Token::TagToken(tag) => {
                let name = tag.name.to_string();
                if tag.kind == TagKind::EndTag {
                    self.push(Token::End { name }, line);
                    return TokenSinkResult::Continue;
                }
                // The elements whose content is not markup: without switching the
                // tokenizer, `<script>a<b</script>` would yield a bogus tag `<b`.
                let raw = match name.as_str() {
                    "script" => Some(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
                    "textarea" | "title" => Some(RawKind::Rcdata),
                    _ => None,
                };
                let attrs = tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                self.push(
                    Token::Start {
                        name,
                        attrs,
                        self_closing: tag.self_closing,
                    },
                    line,
                );
                match raw {
                    Some(kind) if !tag.self_closing => TokenSinkResult::RawData(kind),
                    _ => TokenSinkResult::Continue,
                }
            }
            H5Token::CharacterTokens(text) => {
                self.push(Token::Text(text.to_string()), line);
                TokenSinkResult::Continue
            }
            H5Token::CommentToken(_) => {
                self.push(Token::Comment, line);
                TokenSinkResult::Continue
            }
            H5Token::DoctypeToken(_)
            | H5Token::NullCharacterToken
            | H5Token::EOFToken
            | H5Token::ParseError(_) => TokenSinkResult::Continue,
        }
    }
}

/// The tokens of `html`, adjacent text merged.
pub fn lex(html: &str) -> Vec<Located> {
    let sink = Sink {
        out: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(name: &str, attrs: &[(&str, &str)]) -> Token {
        Token::Start {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            self_closing: false,
        }
    }

    #[test]
    fn tags_text_comments_and_references() {
        let toks: Vec<Token> = lex("<A HREF='x?a=1&amp;b'>caf&eacute;</a><!-- private -->")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            toks,
            [
                start("a", &[("href", "x?a=1&b")]),
                Token::Text("café".into()),
                Token::End { name: "a".into() },
                Token::Comment,
            ]
        );
    }

    #[test]
    fn script_content_is_not_markup() {
        let toks: Vec<Token> = lex("<script>if (a<b) x()</script>after")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(toks[1], Token::Text("if (a<b) x()".into()));
        assert_eq!(
            toks[2],
            Token::End {
                name: "script".into()
            }
        );
        assert_eq!(toks[3], Token::Text("after".into()));
    }

    #[test]
    fn lines_are_counted() {
        let toks = lex("<p>\none\n</p>");
        assert_eq!(toks.last().unwrap(), &(Token::End { name: "p".into() }, 2));
    }
}
