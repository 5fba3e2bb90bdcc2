//! Helpers shared by the end-to-end tests: finding and running the `quire` binary,
//! comparing texts word by word, and locating external validators.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The path of the `quire` binary of this build profile, built on first use.
///
/// Integration tests of another package cannot name a binary directly, so we look next
/// to the test executable (`target/<profile>/deps/..`) and build it there if missing.
pub fn quire_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>")
            .to_path_buf();
        let bin = profile_dir.join(format!("quire{}", std::env::consts::EXE_SUFFIX));
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "--quiet", "-p", "quire", "--bin", "quire"])
            .current_dir(root());
        if release {
            cmd.arg("--release");
        }
        // Always rebuild through cargo (a no-op when fresh) so a stale binary never runs.
        let status = cmd.status().expect("run cargo build");
        assert!(status.success(), "cargo build -p quire failed");
        assert!(bin.exists(), "quire binary not found at {}", bin.display());
        bin
    })
}

/// Runs `quire` with `args` in `dir`, with a fixed `SOURCE_DATE_EPOCH`.
pub fn quire_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(quire_bin())
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1737000000")
        .env("NO_COLOR", "1")
        .output()
        .expect("run quire")
}

/// Runs `quire` with `args` at the repository root.
pub fn quire(args: &[&str]) -> Output {
    quire_in(&root(), args)
}

/// Runs `quire` with `args` at the repository root and fails the test, showing its
/// standard error, unless it succeeds.
pub fn quire_ok(args: &[&str]) -> Output {
    let out = quire(args);
    assert!(
        out.status.success(),
        "quire {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The whitespace-separated words of `text`.
pub fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Asserts that two word sequences are equal, printing the first difference in context.
pub fn assert_same_words(expected: &[&str], actual: &[&str], what: &str) {
    if let Some(i) =
        (0..expected.len().max(actual.len())).find(|&i| expected.get(i) != actual.get(i))
    {
        let context = |w: &[&str]| w[i.saturating_sub(8)..(i + 8).min(w.len())].join(" ");
        panic!(
            "{what}: words differ at word {i} (expected {} words, got {})\nexpected: …{}…\nactual:   …{}…",
            expected.len(),
            actual.len(),
            context(expected),
            context(actual)
        );
    }
}

/// Finds an external tool. When it is missing, fails the test if
/// `QUIRE_REQUIRE_VALIDATORS=1` (as CI sets), otherwise prints how to install it and
/// returns `None` so the caller can skip.
pub fn require_tool(path: &Path, install: &str) -> Option<PathBuf> {
    if validators_skipped() {
        return None;
    }
    if path.exists() {
        return Some(path.to_path_buf());
    }
    validator_unavailable(&format!(
        "{} is missing; install it with: {install}",
        path.display()
    ));
    None
}

/// Whether the fast inner loop asked to run no external validator
/// (`QUIRE_SKIP_VALIDATORS=1`; ignored when `QUIRE_REQUIRE_VALIDATORS=1`, as in CI).
pub fn validators_skipped() -> bool {
    std::env::var("QUIRE_SKIP_VALIDATORS").is_ok_and(|v| v == "1")
        && !std::env::var("QUIRE_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// The one policy for a validator that is missing or cannot run: a failure when
/// `QUIRE_REQUIRE_VALIDATORS=1` (CI never passes by skipping), else a skip notice.
pub fn validator_unavailable(message: &str) {
    if std::env::var("QUIRE_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1") {
        panic!("{message}");
    }
    eprintln!("SKIPPED: {message}");
}

/// Finds a program on `PATH`, with the same missing-tool policy as [`require_tool`].
pub fn require_program(name: &str, install: &str) -> Option<PathBuf> {
    if validators_skipped() {
        return None;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    match found {
        Some(p) => Some(p),
        None => require_tool(Path::new(name), install),
    }
}

/// The text of (X)HTML markup: tags dropped, the few entities Quire's writers use
/// decoded, soft hyphens removed and white space (no-break spaces too) collapsed.
pub fn markup_text(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
