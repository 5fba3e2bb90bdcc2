use super::*;

/// The text of every token of class `class` in `text` highlighted as `language`.
fn tokens_of(language: &str, text: &str, class: Class) -> Vec<String> {
    let lines = highlight(language, text).expect("highlighted");
    text.split('\n')
        .zip(lines.iter())
        .flat_map(|(line, tokens)| {
            tokens
                .iter()
                .filter(|t| t.class == class)
                .map(|t| line[t.range.clone()].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn rust_keywords_strings_comments_and_numbers() {
    let code = "fn main() {\n    let x = 42; // the answer\n    println!(\"hi\");\n}";
    assert!(tokens_of("rust", code, Class::Keyword).contains(&"fn".to_string()));
    assert!(tokens_of("rust", code, Class::Keyword).contains(&"let".to_string()));
    assert_eq!(tokens_of("rust", code, Class::Constant), ["42"]);
    assert_eq!(tokens_of("rust", code, Class::Comment), ["// the answer"]);
    assert_eq!(tokens_of("rust", code, Class::String), ["\"hi\""]);
    assert!(tokens_of("rust", code, Class::Function).contains(&"main".to_string()));
}

#[test]
fn every_promised_language_is_known_and_colours_something() {
    let samples = [
        ("rust", "// c\nfn f() {}"),
        ("python", "# c\ndef f():\n    return 'x'"),
        ("py", "import os"),
        ("javascript", "// c\nconst x = 'y';"),
        ("js", "let a = 1;"),
        ("typescript", "// c\nconst x: number = 1;"),
        ("ts", "interface A { b: string }"),
        ("json", "{\"a\": 1}"),
        ("toml", "# c\n[package]\nname = \"x\""),
        ("yaml", "# c\na: 'b'"),
        ("bash", "# c\necho \"hi\""),
        ("sh", "if true; then echo 1; fi"),
        ("shell", "export A=\"b\""),
        ("console", "echo \"hi\""),
        ("cpp", "// c\nint main() { return 0; }"),
        ("c++", "// c\nclass A {};"),
        ("html", "<!-- c -->\n<p class=\"a\">x</p>"),
        ("css", "/* c */\np { color: red; }"),
        ("c", "// c\nint main(void) { return 0; }"),
        ("go", "// c\nfunc main() {}"),
        ("java", "// c\nclass A { int b = 1; }"),
        ("markdown", "# Title\n\n`code`"),
        ("md", "## Section"),
    ];
    for (lang, code) in samples {
        assert!(knows(lang), "{lang} is known");
        let lines = highlight(lang, code).unwrap_or_else(|| panic!("{lang} highlights"));
        assert_eq!(
            lines.len(),
            code.split('\n').count(),
            "{lang}: one line each"
        );
        assert!(lines.iter().any(|l| !l.is_empty()), "{lang}: some token");
    }
}

#[test]
fn unknown_and_plain_languages_are_not_highlighted() {
    assert_eq!(highlight("no-such-language", "x = 1"), None);
    assert_eq!(highlight("text", "fn main() {}"), None);
    assert_eq!(highlight("", "fn main() {}"), None);
    assert!(!knows("no-such-language"));
}

#[test]
fn info_string_decorations_are_ignored() {
    assert_eq!(language_token("rust,ignore"), "rust");
    assert_eq!(language_token("Python {.numberLines}"), "python");
    assert_eq!(language_token(".rust"), "rust");
    assert!(highlight("rust,should_panic", "fn f() {}").is_some());
}

#[test]
fn tokens_are_sorted_disjoint_inside_their_line_and_merged() {
    let code = "fn f(a: &str) -> u32 {\r\n    \"é\".len() as u32 + 1 // ü\r\n}";
    let lines = highlight("rust", code).unwrap();
    for (line, tokens) in code.split('\n').zip(lines.iter()) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut end = 0;
        for (i, t) in tokens.iter().enumerate() {
            assert!(t.range.start >= end && t.range.start < t.range.end);
            assert!(t.range.end <= line.len());
            assert!(line.is_char_boundary(t.range.start) && line.is_char_boundary(t.range.end));
            if i > 0 {
                let prev = &tokens[i - 1];
                assert!(!(prev.class == t.class && prev.range.end == t.range.start));
            }
            end = t.range.end;
        }
    }
}

#[test]
fn size_limits_fall_back_to_plain() {
    let long = "x".repeat(MAX_LINE_BYTES + 1);
    assert_eq!(highlight("rust", &long), None);
    let big = "let a = 1;\n".repeat(MAX_BLOCK_BYTES / 10);
    assert_eq!(highlight("rust", &big), None);
}

#[test]
fn highlighting_is_deterministic() {
    let code = "def f(x):\n    return {'a': [1, 2.5, None]}  # c";
    assert_eq!(highlight("python", code), highlight("python", code));
}

#[test]
fn editions_share_one_highlighting_per_block() {
    let code = "let shared = \"memo\";";
    let a = highlight("rust", code).unwrap();
    let b = highlight("rust,ignore", code).unwrap();
    assert!(Arc::ptr_eq(&a, &b), "the second call reuses the first");
    assert_eq!(a, Arc::new(compute("rust", code).unwrap()));
}
