//! A property-test generator standing in for a fuzzer (issue 15): deterministic token
//! soup of Markdown constructs, hostile ones included, and mutations of the article,
//! each loaded and rendered as every edition in-process. The properties: nothing
//! panics; a failure comes with at least one located error; what is made is well-formed.
//! The seed is fixed, so a failure is reproducible; `QUIRE_FUZZ_CASES` runs more.

use std::path::Path;

use quire::{Format, LoadOptions};
use quire_tests::root;

/// xorshift64*: tiny, deterministic, good enough to pick tokens.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "word ",
    "Word. ",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "### ",
    "> ",
    ">>> ",
    "- ",
    "1. ",
    "* ",
    "    ",
    "\t",
    "*",
    "**",
    "_",
    "~~",
    "^",
    "~",
    "`",
    "```\n",
    "```rust\n",
    "$",
    "$$",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "[^1]",
    "[^1]: note\n",
    "[^x]",
    "<",
    ">",
    "&amp;",
    "&#9;",
    "&#0;",
    "&#x1F600;",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "<script>",
    "<a id=\"x\">",
    "{#id}",
    "{.sn}",
    "{.skip}",
    "{dir=rtl}",
    "{lang=\"zh\"}",
    ":::",
    "::: figure\n",
    "::: credit\n",
    "::: aside\n",
    "| a | b |\n",
    "|---|---|\n",
    "---\n",
    "***\n",
    "> [!NOTE]\n",
    "Term\n: Definition\n",
    "- [ ] task\n",
    "- [x] done\n",
    "https://example.org/",
    "www.example.org",
    "<https://e.org>",
    "[l](#h)",
    "[l](javascript:alert(1))",
    "[l](java&#9;script:x)",
    "![i](missing.png)",
    "![i](data:image/png;base64,iVBORw0KGgo=)",
    "é",
    "\u{301}",
    "\u{202E}",
    "\u{200B}",
    "日本語",
    "ภาษา",
    "עברית",
    "\u{E000}",
    "\u{b}",
    "\u{7}",
    "\u{FEFF}",
    "\\",
    "\\*",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

fn soup(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.below(4) == 0 {
        out.push_str("---\ntitle: \"T <!--\"\ndate: 2025-01\n---\n");
    }
    for _ in 0..rng.below(120) + 1 {
        out.push_str(TOKENS[rng.below(TOKENS.len())]);
    }
    out
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.below(6) + 1 {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                let end = (at + rng.below(400)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                let end = (at + rng.below(200)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes().to_vec();
                bytes.splice(at..at, token);
            }
            _ => bytes[at] = rng.next() as u8,
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Loads and renders `text`; panics only where the properties fail.
fn exercise(dir: &Path, case: usize, text: &str) {
    let path = dir.join(format!("case-{case}.md"));
    std::fs::write(&path, text).unwrap();
    let mut opts = LoadOptions::new(&path);
    opts.annotations = quire::AnnotationSource::Off;
    let loaded = match quire::load(&opts) {
        Ok(loaded) => loaded,
        Err(f) => {
            assert!(
                f.diagnostics.iter().any(|d| d.is_error()),
                "case {case}: failed without an error"
            );
            return;
        }
    };
    for (format, result) in quire::render_all(&Format::ALL, &loaded, &crate::pipeline::options()) {
        match result {
            Ok(r) => crate::hostile::check_output(format, &r.bytes),
            Err(e) => assert!(e.iter().any(|d| d.is_error()), "case {case} {format:?}"),
        }
    }
}

fn cases(default: usize) -> usize {
    std::env::var("QUIRE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn token_soup_never_panics_and_every_edition_is_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5EED_0001);
    for case in 0..cases(150) {
        let text = soup(&mut rng);
        exercise(dir.path(), case, &text);
    }
}

#[test]
fn mutated_articles_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let article = std::fs::read_to_string(root().join("source/article.md")).unwrap();
    let mut rng = Rng(0x5EED_0002);
    for case in 0..cases(12) {
        let text = mutate(&mut rng, &article);
        exercise(dir.path(), case, &text);
    }
}
