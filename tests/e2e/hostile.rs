//! Hostile input (issue 15): the regression corpus of `tests/fixtures/hostile/` is
//! replayed through the library, every edition of it; and each family of input that
//! used to cost super-linear time is built at two sizes to show the cost grows about
//! linearly (a ratio of times, never an absolute time, so a slow machine cannot fail
//! it and a quadratic path cannot pass it).

use std::path::Path;
use std::time::{Duration, Instant};

use quire::{Format, LoadOptions};
use quire_tests::root;

/// Everything `quire build` would do with `path`, in-process: the time it took, and
/// whether every edition was made.
fn build(path: &Path) -> (Duration, Result<(), String>) {
    let start = Instant::now();
    let result = (|| {
        let loaded = quire::load(&LoadOptions::new(path)).map_err(|f| {
            assert!(
                f.diagnostics.iter().any(|d| d.is_error()),
                "a failure without an error"
            );
            "load".to_string()
        })?;
        for (format, result) in
            quire::render_all(&Format::ALL, &loaded, &crate::pipeline::options())
        {
            let rendered = result.map_err(|e| {
                assert!(e.iter().any(|d| d.is_error()));
                format!("{format:?}")
            })?;
            check_output(format, &rendered.bytes);
        }
        Ok(())
    })();
    (start.elapsed(), result)
}

/// The edition is at least well-formed: the page a document, the EPUB a ZIP, the PDF
/// a PDF (the validators check the real ones elsewhere).
pub(crate) fn check_output(format: Format, bytes: &[u8]) {
    match format {
        Format::Html => {
            let page = String::from_utf8(bytes.to_vec()).expect("UTF-8");
            assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
        }
        Format::Epub => {
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        }
        Format::Pdf => {
            lopdf::Document::load_mem(bytes).expect("a PDF lopdf reads");
        }
    }
}

/// Time allowed per corpus input in this (unoptimised) test build; a release build is
/// about twenty times faster. Every input is under 1 MB.
const BOUND: Duration = Duration::from_secs(20);

#[test]
fn hostile_corpus_builds_or_fails_with_errors_never_hangs() {
    let dir = root().join("tests/fixtures/hostile");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 20, "the corpus is there");
    let mut failed = Vec::new();
    for input in &inputs {
        assert!(
            std::fs::metadata(input).unwrap().len() < 1 << 20,
            "inputs are under 1 MB"
        );
        let (time, result) = build(input);
        assert!(time < BOUND, "{} took {time:?}", input.display());
        if let Err(stage) = result {
            failed.push((
                input.file_name().unwrap().to_string_lossy().into_owned(),
                stage,
            ));
        }
    }
    // Exactly the inputs that must be refused are refused, at the stage that must.
    let mut expected = vec![
        ("bad-date.md".to_string(), "load".to_string()),
        ("evil-svg.md".into(), "load".into()),
        ("image-bomb.md".into(), "load".into()),
        ("missing-footnotes.md".into(), "load".into()),
        ("outside-image.md".into(), "load".into()),
    ];
    expected.sort();
    assert_eq!(failed, expected);
}

/// The best of three timings of `f` (other work on the machine only ever adds time).
fn time(f: &dyn Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Builds `make(n)` and `make(8 n)` and checks the time grows less than 20-fold
/// (linear: 8; quadratic: 64).
fn scales_linearly(name: &str, n: usize, make: &dyn Fn(usize) -> String, formats: &[Format]) {
    let dir = tempfile::tempdir().unwrap();
    let run = |size: usize| {
        let path = dir.path().join(format!("{name}-{size}.md"));
        std::fs::write(&path, make(size)).unwrap();
        move || {
            let loaded = quire::load(&LoadOptions::new(&path));
            if let Ok(loaded) = loaded {
                for &format in formats {
                    let _ = quire::render(format, &loaded, &crate::pipeline::options());
                }
            }
        }
    };
    let (small, large) = (run(n), run(8 * n));
    let (a, b) = (time(&small), time(&large));
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-4);
    eprintln!("{name}: {n} → {a:?}, {} → {b:?}, ratio {ratio:.1}", 8 * n);
    assert!(
        ratio < 20.0,
        "{name} grows super-linearly: {a:?} at {n}, {b:?} at {}",
        8 * n
    );
}

#[test]
fn every_family_that_was_quadratic_now_scales_linearly() {
    use Format::{Epub, Html, Pdf};
    let all = [Epub, Html, Pdf];
    scales_linearly(
        "identical-paragraphs",
        400,
        &|n| "Same paragraph.\n\n".repeat(n),
        &[Html],
    );
    // Small inputs take a few milliseconds, where noise rules: start at 1,000.
    scales_linearly("thematic-breaks", 1000, &|n| "---\n\n".repeat(n), &[Html]);
    scales_linearly("identical-items", 400, &|n| "- same\n".repeat(n), &[Html]);
    scales_linearly(
        "links-in-a-paragraph",
        300,
        &|n| (0..n).map(|i| format!("[l](https://e.org/{i}) ")).collect(),
        &[Html],
    );
    scales_linearly("autolinks", 300, &|n| "www.example.org ".repeat(n), &[Html]);
    scales_linearly("unbreakable-word", 4000, &|n| "x".repeat(n), &[Pdf]);
    scales_linearly(
        "code-line",
        4000,
        &|n| format!("```\n{}\n```\n", "QUJD".repeat(n / 4)),
        &[Pdf],
    );
    scales_linearly("missing-glyphs", 400, &|n| "ภ".repeat(n), &[Pdf]);
    scales_linearly("nesting", 400, &|n| "> ".repeat(n) + "x\n", &all);
    scales_linearly(
        "emphasis",
        400,
        &|n| "*".repeat(n) + "x" + &"*".repeat(n),
        &all,
    );
}

// Before: 10 k annotations took 10.8 s (a search of the file from its start for each
// one's line), and one 3,000-character prefix 39 s (unbounded similarity).
#[test]
fn many_annotations_load_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let make = |n: usize| {
        let source = dir.path().join(format!("a{n}.md"));
        let body: String = (0..n)
            .map(|i| format!("Paragraph {i} says word{i} once.\n\n"))
            .collect();
        std::fs::write(&source, &body).unwrap();
        // Selectors as `quire annotations export` writes them: quote, context, position.
        let doc = quire_markdown::parse(quire_doc::FileId(0), "a.md", &body)
            .unwrap()
            .document;
        let text: Vec<char> = quire_doc::plain_text(&doc).chars().collect();
        let joined: String = text.iter().collect();
        let items: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let exact = format!("word{i} once");
                let byte = joined.find(&format!(" {exact}")).unwrap() + 1;
                let start = joined[..byte].chars().count();
                let end = start + exact.chars().count();
                let prefix: String = text[start.saturating_sub(3000)..start].iter().collect();
                serde_json::json!({"id": format!("urn:x:{i}"), "type": "Annotation",
                    "body": {"type": "TextualBody", "value": "A note."},
                    "target": {"selector": [
                        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix},
                        {"type": "TextPositionSelector", "start": start, "end": end}]}})
            })
            .collect();
        let file = dir.path().join(format!("a{n}.annotations.json"));
        std::fs::write(file, serde_json::Value::Array(items).to_string()).unwrap();
        source
    };
    let (small, large) = (make(150), make(1200));
    let load = |p: &Path| quire::load(&LoadOptions::new(p)).expect("loads");
    let a = time(&|| assert_eq!(load(&small).document.annotations.len(), 150));
    let b = time(&|| assert_eq!(load(&large).document.annotations.len(), 1200));
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-4);
    eprintln!("annotations: 150 → {a:?}, 1200 → {b:?}, ratio {ratio:.1}");
    assert!(ratio < 20.0);
}

/// Runs a wrapper of `tests/tools/` (or a program on PATH) with `args`; its standard
/// output, or `None` (after the missing-tool policy) when it is not installed.
fn tool(program: &Path, args: &[&Path], install: &str) -> Option<String> {
    let program = if program.components().count() > 1 {
        quire_tests::require_tool(program, install)?
    } else {
        quire_tests::require_program(program.to_str().unwrap_or_default(), install)?
    };
    // The corpus is not prose in any language: the Nu checker's language guess is noise.
    let out = std::process::Command::new(&program)
        .args(args)
        .env("VNU_ARGS", "--no-langdetect")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

// The outputs of every exit-0 build of the corpus validate: qpdf for the PDF, EPUBCheck
// for the e-book, the Nu checker for the web page.
#[test]
fn hostile_corpus_outputs_validate() {
    let dir = root().join("tests/fixtures/hostile");
    let tools = root().join("tests/tools");
    let out = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    inputs.sort();
    for input in inputs {
        let Ok(loaded) = quire::load(&LoadOptions::new(&input)) else {
            continue;
        };
        let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
        for (format, result) in
            quire::render_all(&Format::ALL, &loaded, &crate::pipeline::options())
        {
            let Ok(rendered) = result else { continue };
            let path = out.path().join(format!("{stem}.{}", format.extension()));
            std::fs::write(&path, &rendered.bytes).unwrap();
            match format {
                Format::Html => pages.push(path),
                Format::Pdf => {
                    let Some(report) = tool(
                        Path::new("qpdf"),
                        &[Path::new("--check"), &path],
                        "apt-get install qpdf",
                    ) else {
                        return;
                    };
                    if !report.contains("No syntax or stream encoding errors")
                        || report.contains("WARNING")
                    {
                        problems.push(format!("qpdf {stem}: {report}"));
                    }
                }
                Format::Epub => {
                    let json = path.with_extension("json");
                    let Some(summary) = tool(
                        &tools.join("epubcheck.sh"),
                        &[&path, &json],
                        "bash .ci/install-tools",
                    ) else {
                        return;
                    };
                    if summary.trim() != "fatal: 0 error: 0 warning: 0 usage: 0" {
                        let report = std::fs::read_to_string(&json).unwrap_or_default();
                        problems.push(format!("EPUBCheck {stem}: {summary}\n{report}"));
                    }
                }
            }
        }
    }
    let args: Vec<&Path> = pages.iter().map(|p| p.as_path()).collect();
    if let Some(report) = tool(&tools.join("vnu.sh"), &args, "bash .ci/install-tools") {
        let json: serde_json::Value = serde_json::from_str(&report).unwrap_or_default();
        for m in json["messages"].as_array().into_iter().flatten() {
            if m["type"] == "error" || (m["type"] == "info" && m["subType"] == "warning") {
                problems.push(format!("Nu {}: {}", m["url"], m["message"]));
            }
        }
    }
    assert!(pages.len() >= 15, "the corpus built");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// Before: `[x](java&#9;script:…)` and its variants ran script on click. Every page of
// the corpus (web page and e-book chapters) is opened in headless Chromium and every
// link and handler clicked: no dialog, no title change, no request to another host.
#[test]
fn nothing_in_the_corpus_runs_script_when_clicked() {
    let dir = root().join("tests/fixtures/hostile");
    let click = root().join("tests/tools/click.mjs");
    let out = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for name in [
        "script-links",
        "json-ld-breakout",
        "raw-html",
        "deep-annotation",
        "unicode",
    ] {
        let loaded = quire::load(&LoadOptions::new(dir.join(format!("{name}.md")))).expect("loads");
        let html = out.path().join(format!("{name}.html"));
        std::fs::write(&html, crate::pipeline::render(Format::Html, &loaded)).unwrap();
        pages.push(html);
        let epub = crate::pipeline::render(Format::Epub, &loaded);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let book = out.path().join(name);
        zip.extract(&book).unwrap();
        for entry in std::fs::read_dir(book.join("OEBPS")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xhtml") {
                pages.push(path);
            }
        }
    }
    let mut args: Vec<&Path> = vec![&click];
    args.extend(pages.iter().map(|p| p.as_path()));
    let Some(report) = tool(Path::new("node"), &args, "bash .ci/install-tools") else {
        return;
    };
    let mut clicked = 0;
    let mut seen = 0;
    for line in report.lines().filter(|l| l.starts_with('{')) {
        let json: serde_json::Value = serde_json::from_str(line).expect("click.mjs JSON");
        let page = json["file"].as_str().unwrap_or_default().to_string();
        seen += 1;
        clicked += json["clicked"].as_u64().unwrap_or(0);
        for key in ["dialogs", "requests", "navigations"] {
            assert_eq!(json[key], serde_json::json!([]), "{page}: {key}");
        }
        assert_eq!(json["titleChanged"], false, "{page}");
        assert_eq!(json["pwned"], false, "{page}");
    }
    assert_eq!(seen, pages.len(), "every page was opened:\n{report}");
    assert!(clicked >= 10, "links were clicked ({clicked})");
}

// Before: a megabyte of one-word list items took 2 GB, most of it lopdf's maps for
// 560,000 structure elements. Past 50,000 elements they are written as bytes as they are
// made; such a file must still be a valid, tagged PDF that gives its text back.
#[test]
fn a_structure_tree_written_as_bytes_is_valid() {
    let md =
        String::from("---\ntitle: Items\nlanguage: en\n---\n\n# Items\n\nSee [the end](#end).\n\n")
            + &(0..14_000)
                .map(|i| format!("- word{i}\n"))
                .collect::<String>()
            + "\n## The end {#end}\n\nDone.\n";
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("items.md");
    std::fs::write(&source, md).unwrap();
    let loaded = quire::load(&LoadOptions::new(&source)).expect("loads");
    let pdf = crate::pipeline::render(Format::Pdf, &loaded);
    // Written as bytes, the elements are in no object stream (fewer than 100,000 lopdf
    // objects would otherwise be packed into some).
    assert!(
        !pdf.windows(7).any(|w| w == b"/ObjStm"),
        "the byte path was taken"
    );
    let text = crate::pdf_text::text(&pdf);
    let words = quire_tests::words(&text);
    assert!(words.contains(&"word0") && words.contains(&"word13999"));
    let path = dir.path().join("items.pdf");
    std::fs::write(&path, &pdf).unwrap();
    crate::pdf::qpdf_clean(&path);
    crate::pdf_conformance::validate(&path, "ua1");
    crate::pdf_conformance::validate(&path, "2b");
}
