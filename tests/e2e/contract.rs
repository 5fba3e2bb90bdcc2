//! The shape of the code that issue 9 promises, checked on the sources themselves: no
//! backend reads a file (everything comes from `quire::load`'s `Assets`), and the
//! binary drives the pipeline library only (it does not import the typesetter).

use quire_tests::root;

/// The Rust sources under `dir`, tests and benches excluded.
fn sources(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Unit tests at the end of a file may use the file system.
                let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
                out.push((path.display().to_string(), code));
            }
        }
    }
    out
}

#[test]
fn no_backend_crate_reads_files() {
    for krate in [
        "quire-html",
        "quire-epub",
        "quire-pdf",
        "quire-typeset",
        "quire-doc",
        "quire-markdown",
        "quire-annotate",
        "quire-index",
    ] {
        for (file, code) in sources(&format!("crates/{krate}/src")) {
            for io in ["std::fs", "File::open", "File::create", "fs::read"] {
                assert!(
                    !code.contains(io),
                    "{file} uses {io}: backends take Assets, not paths"
                );
            }
        }
    }
}

#[test]
fn the_cli_does_not_import_the_typesetter() {
    // The library's modules are the ones `lib.rs` declares; the binary's, `main.rs`'s.
    let lib = std::fs::read_to_string(root().join("crates/quire/src/lib.rs")).unwrap();
    let mut library: Vec<String> = lib
        .lines()
        .filter_map(|l| {
            let l = l.trim_start().trim_start_matches("pub ");
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(|m| format!("{m}.rs"))
        })
        .collect();
    assert!(library.len() >= 8, "{library:?}");
    library.push("lib.rs".into());
    for (file, code) in sources("crates/quire/src") {
        if library.iter().any(|l| file.ends_with(&format!("/{l}"))) {
            continue;
        }
        assert!(
            !code.contains("quire_typeset"),
            "{file} imports quire_typeset; use the quire library"
        );
        assert!(
            !code.contains("quire_markdown"),
            "{file} parses itself; use quire::load"
        );
    }
}
