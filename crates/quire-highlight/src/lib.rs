//! Syntax highlighting of code blocks, once for every edition.
//!
//! What it owns: turning a code block's text and the language of its info string into
//! lines of `(class, byte range)` tokens, where [`Class`] is a small fixed set (keyword,
//! string, comment, constant, type, function, operator). What it does not: colours,
//! fonts or markup — the web edition maps the classes to CSS classes and the PDF to its
//! own palette, so the three editions agree on *what* is a keyword and each decides *how*
//! a keyword looks.
//!
//! Key design decision: the grammars are Sublime Text's, through `syntect` with the
//! Oniguruma regex engine (compiled from its bundled C source by `onig_sys`; measured 2–8
//! times faster here than syntect's pure-Rust `fancy-regex` engine, 4 ms → 0.5 ms for a
//! TypeScript snippet) and the syntax set that `bat` ships (`two-face`: syntect's
//! defaults plus TOML, TypeScript and many more). Grammar engines are slow (about a
//! microsecond per byte of code), so each block is highlighted once per process whatever
//! the number of editions that ask ([`highlight`] memoises). The set is
//! deserialised lazily, once per process, the first time a block names a language (about
//! tens of milliseconds); a document without tagged code never pays for it. The many
//! scopes of the grammars are folded into [`Class`] by one ordered table
//! ([`CLASS_OF_SCOPE`]), so adding a language never adds a colour.
//!
//! Highlighting is best effort and never fails: an unknown language, a block too large
//! ([`MAX_BLOCK_BYTES`]) or with a line too long ([`MAX_LINE_BYTES`]) for the regex engine
//! to be fast, or a grammar error gives `None`, and the block is set plain.
//!
//! `syntect` reads its bundled grammars with `bincode` 1.3, which RustSec reports as
//! unmaintained (not vulnerable); it only ever decodes the dump compiled into this
//! binary, never input, and `deny.toml` records that decision.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

/// The kinds of token the editions colour. Text outside any token is plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Keywords, storage words (`fn`, `let`, `class`), markup tags, mapping keys.
    Keyword,
    /// String and character literals, including their quotes and escapes.
    String,
    /// Comments, including their delimiters.
    Comment,
    /// Numbers and language constants (`true`, `None`, `null`).
    Constant,
    /// Type, class and trait names; markup attributes.
    Type,
    /// Names of functions and macros where they are defined or called.
    Function,
    /// Operators.
    Operator,
}

impl Class {
    /// Every class, in declaration order.
    pub const ALL: [Class; 7] = [
        Class::Keyword,
        Class::String,
        Class::Comment,
        Class::Constant,
        Class::Type,
        Class::Function,
        Class::Operator,
    ];

    /// A short stable name (used as the CSS class suffix: `tok-kw` …).
    pub fn short(self) -> &'static str {
        match self {
            Class::Keyword => "kw",
            Class::String => "str",
            Class::Comment => "com",
            Class::Constant => "num",
            Class::Type => "ty",
            Class::Function => "fn",
            Class::Operator => "op",
        }
    }
}

/// A highlighted token: its class and its byte range within its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub class: Class,
    /// Byte range in the line (the line without its line ending).
    pub range: Range<usize>,
}

/// One line of a block: its tokens, sorted, not overlapping, never empty, adjacent
/// tokens of one class merged. Bytes in no token are plain text.
pub type Line = Vec<Token>;

/// A block larger than this is set plain: highlighting a whole generated file helps no
/// reader and would cost more than the rest of its page.
pub const MAX_BLOCK_BYTES: usize = 256 * 1024;
/// A block with a line longer than this is set plain: backtracking regexes over one
/// very long line (minified code) are where grammar engines get slow.
pub const MAX_LINE_BYTES: usize = 2_000;

/// Scope prefixes and the class they give, in priority order: the first entry that is a
/// prefix of *any* scope on the stack wins, so a quote (`punctuation.definition.string`
/// inside `string`) is a string and an escape inside a string stays a string.
const CLASS_OF_SCOPE: &[(&str, Class)] = &[
    ("comment", Class::Comment),
    ("string", Class::String),
    ("markup.raw", Class::String),
    ("markup.underline.link", Class::String),
    ("constant.character.escape", Class::String),
    ("constant", Class::Constant),
    ("keyword.operator.word", Class::Keyword),
    ("keyword.operator", Class::Operator),
    ("keyword", Class::Keyword),
    ("storage.type.function", Class::Keyword),
    ("storage", Class::Keyword),
    ("variable.language", Class::Constant),
    ("entity.name.tag", Class::Keyword),
    ("markup.heading", Class::Keyword),
    ("entity.other.attribute-name", Class::Type),
    ("support.type.property-name", Class::Type),
    ("entity.name.function", Class::Function),
    ("support.function", Class::Function),
    ("variable.function", Class::Function),
    ("support.macro", Class::Function),
    ("entity.name.macro", Class::Function),
    ("entity.name", Class::Type),
    ("support.type", Class::Type),
    ("support.class", Class::Type),
    ("entity.other.inherited-class", Class::Type),
    ("support.constant", Class::Constant),
];

/// Names authors write in info strings that the grammars know under another token.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("golang", "go"),
    ("typescript", "ts"),
    ("javascript", "js"),
    ("jsonc", "json"),
    ("yml", "yaml"),
    ("c++", "cpp"),
    ("py3", "py"),
    ("python3", "py"),
];

/// Info-string languages that mean "no highlighting".
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none", "output"];

struct Grammars {
    set: SyntaxSet,
    /// The scope prefixes of [`CLASS_OF_SCOPE`], parsed once.
    table: Vec<(Scope, Class)>,
}

fn grammars() -> &'static Grammars {
    static GRAMMARS: OnceLock<Grammars> = OnceLock::new();
    GRAMMARS.get_or_init(|| Grammars {
        set: two_face::syntax::extra_newlines(),
        table: CLASS_OF_SCOPE
            .iter()
            .filter_map(|&(s, c)| Scope::new(s).ok().map(|s| (s, c)))
            .collect(),
    })
}

/// The language token of an info string: its first word, before any `,` or `{`
/// (`rust,ignore` and `python {.numberLines}` name Rust and Python), lower-cased.
pub fn language_token(info: &str) -> String {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .trim_start_matches('.')
        .to_ascii_lowercase()
}

fn find_syntax<'g>(g: &'g Grammars, language: &str) -> Option<&'g SyntaxReference> {
    let token = language_token(language);
    if token.is_empty() || PLAIN.contains(&token.as_str()) {
        return None;
    }
    let token = ALIASES
        .iter()
        .find(|(from, _)| *from == token)
        .map_or(token.as_str(), |(_, to)| to);
    g.set
        .find_syntax_by_token(token)
        .filter(|s| s.name != "Plain Text")
}

/// Whether `language` names a grammar this crate knows (loads the grammars).
pub fn knows(language: &str) -> bool {
    find_syntax(grammars(), language).is_some()
}

/// The highlighting of a block, shared by the editions that ask for it.
pub type Highlighted = Arc<Vec<Line>>;

/// One block's highlighting, computed by the first edition that asks, awaited by the
/// others (the editions render in parallel and walk the same blocks).
type Slot = Arc<OnceLock<Option<Highlighted>>>;

/// Blocks remembered per process, keyed by (language token, text). Past
/// [`CACHE_BYTES`] of code the memo is emptied and starts again, so a long-running
/// process (`quire watch`) does not grow without bound. Only looked up, never iterated,
/// so the hash map cannot leak its order into any output.
struct Memo {
    slots: HashMap<(String, String), Slot>,
    bytes: usize,
}

/// How much code text the memo holds before it is emptied.
const CACHE_BYTES: usize = 32 * 1024 * 1024;

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| {
        Mutex::new(Memo {
            slots: HashMap::new(),
            bytes: 0,
        })
    })
}

/// Highlight `text` (a code block, lines separated by `\n`, an optional `\r` before it)
/// as `language` (the info string). `None` when it is set plain: an unknown language, a
/// block over the size limits, or a grammar error. One [`Line`] per line of `text`.
///
/// The result is a pure function of the language and the text; it is memoised per
/// process, so the three editions of one build highlight each block once.
pub fn highlight(language: &str, text: &str) -> Option<Highlighted> {
    if text.len() > MAX_BLOCK_BYTES || text.split('\n').any(|l| l.len() > MAX_LINE_BYTES) {
        return None;
    }
    let token = language_token(language);
    if token.is_empty() || PLAIN.contains(&token.as_str()) {
        return None;
    }
    let slot = {
        let mut memo = memo().lock().unwrap_or_else(PoisonError::into_inner);
        if memo.bytes > CACHE_BYTES {
            memo.slots.clear();
            memo.bytes = 0;
        }
        let key = (token, text.to_string());
        match memo.slots.get(&key) {
            Some(slot) => Arc::clone(slot),
            None => {
                memo.bytes += text.len();
                let slot = Slot::default();
                memo.slots.insert(key, Arc::clone(&slot));
                slot
            }
        }
    };
    slot.get_or_init(|| compute(language, text).map(Arc::new))
        .clone()
}

/// [`highlight`] without the memo: what one block costs (benchmarks use it).
pub fn compute(language: &str, text: &str) -> Option<Vec<Line>> {
    let token = language_token(language);
    if token.is_empty() || PLAIN.contains(&token.as_str()) {
        return None;
    }
    let g = grammars();
    let syntax = find_syntax(g, language)?;
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut lines = Vec::new();
    // The grammars of the "newlines" set expect each line with its line ending.
    let mut buffer = String::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        buffer.clear();
        buffer.push_str(line);
        buffer.push('\n');
        let ops = state.parse_line(&buffer, &g.set).ok()?;
        let mut tokens: Line = Vec::new();
        let mut at = 0;
        let mut class = classify(&g.table, &stack);
        for (offset, op) in ops {
            let offset = offset.min(line.len());
            push(&mut tokens, class, at..offset);
            at = offset;
            stack.apply(&op).ok()?;
            class = classify(&g.table, &stack);
        }
        push(&mut tokens, class, at..line.len());
        lines.push(tokens);
    }
    Some(lines)
}

/// Append a token, merging it into the previous one when they touch and agree.
fn push(tokens: &mut Line, class: Option<Class>, range: Range<usize>) {
    let Some(class) = class else { return };
    if range.is_empty() {
        return;
    }
    if let Some(last) = tokens.last_mut()
        && last.class == class
        && last.range.end == range.start
    {
        last.range.end = range.end;
        return;
    }
    tokens.push(Token { class, range });
}

/// The class of the text under `stack`: the first table entry that is a prefix of any
/// scope on it.
fn classify(table: &[(Scope, Class)], stack: &ScopeStack) -> Option<Class> {
    let scopes = stack.as_slice();
    table
        .iter()
        .find(|(prefix, _)| scopes.iter().rev().any(|s| prefix.is_prefix_of(*s)))
        .map(|&(_, class)| class)
}

#[cfg(test)]
mod tests;
