//! Regressions of issues 9 ("one load, one contract") and 15 ("hostile input"), each
//! test named after the defect it guards; the comment says what the input was and what
//! went wrong before.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use quire::{Format, LoadOptions};
use quire_tests::{quire_bin, quire_in};

/// A 1 × 1 GIF.
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

/// A project folder with `files` (name, contents) in it.
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

fn load(dir: &Path) -> Result<quire::Loaded, quire::LoadFailure> {
    quire::load(&LoadOptions::new(dir.join("a.md")))
}

fn render(loaded: &quire::Loaded, format: Format) -> quire::Rendered {
    quire::render(format, loaded, &crate::pipeline::options())
        .unwrap_or_else(|e| panic!("{} failed: {e:#?}", format.extension()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The entries of an EPUB, by name.
fn epub_entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            (entry.name().to_string(), text(&data))
        })
        .collect()
}

/// Image XObjects in a PDF.
fn pdf_images(bytes: &[u8]) -> usize {
    crate::pdf_text::xobjects(bytes, b"Image")
}

/// Every `/URI` of a PDF's link actions.
fn pdf_uris(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"URI").ok())
        .filter_map(|u| u.as_str().ok())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect()
}

// Before: a GIF figure built with exit 0; the HTML showed it, the PDF silently had no
// image and no warning.
#[test]
fn gif_figure_is_in_every_edition() {
    let dir = project(&[
        ("a.md", b"# T\n\n![A dot](dot.gif)\n\nText.\n"),
        ("dot.gif", GIF),
    ]);
    let loaded = load(dir.path()).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let pdf = render(&loaded, Format::Pdf);
    assert!(pdf.warnings.is_empty(), "{:#?}", pdf.warnings);
    // The image and its soft mask (alpha).
    assert!(pdf_images(&pdf.bytes) >= 1, "the GIF is placed in the PDF");
    assert!(text(&render(&loaded, Format::Html).bytes).contains("data:image/gif;base64,"));
    let epub = epub_entries(&render(&loaded, Format::Epub).bytes);
    assert!(epub.iter().any(|(n, _)| n.ends_with("images/img-01.gif")));
}

// Before: `date: "2025-01"` passed; the HTML said 2025-01, the EPUB had no dc:date and
// the PDF took its creation date from SOURCE_DATE_EPOCH.
#[test]
fn partial_date_is_the_same_in_every_edition() {
    let dir = project(&[("a.md", b"---\ntitle: T\ndate: \"2025-01\"\n---\n\nText.\n")]);
    let loaded = load(dir.path()).expect("loads");
    let html = text(&render(&loaded, Format::Html).bytes);
    assert!(
        html.contains("\"datePublished\":\"2025-01\""),
        "JSON-LD date"
    );
    assert!(html.contains("January 2025"), "the byline in words");
    let epub = epub_entries(&render(&loaded, Format::Epub).bytes);
    let opf = &epub
        .iter()
        .find(|(n, _)| n.ends_with(".opf"))
        .expect("package")
        .1;
    assert!(
        opf.contains("<dc:date>2025-01-01"),
        "dc:date from the front matter:\n{opf}"
    );
    let pdf = text(&render(&loaded, Format::Pdf).bytes);
    let _ = pdf; // XMP is compressed in object streams; check the Info date through lopdf.
    let doc = lopdf::Document::load_mem(&render(&loaded, Format::Pdf).bytes).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .unwrap();
    let created = doc
        .get_dictionary(info)
        .unwrap()
        .get(b"CreationDate")
        .unwrap();
    let created = String::from_utf8_lossy(created.as_str().unwrap()).into_owned();
    assert!(created.starts_with("D:20250101"), "{created}");
}

// Before: only the shape of a date was checked, so 2025-02-30 reached <time datetime>.
#[test]
fn impossible_date_is_a_located_error() {
    let dir = project(&[("a.md", b"---\ntitle: T\ndate: 2025-02-30\n---\n\nText.\n")]);
    let out = quire_in(dir.path(), &["check", "a.md"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("a.md:3:7"), "{stderr}");
}

// Before: a heading `## Note 1` and an editorial annotation both got the id `note-1`.
#[test]
fn note_1_heading_and_annotation_get_distinct_ids() {
    let annotations = br#"[{"id": "urn:x:annotations/1", "type": "Annotation",
        "body": {"type": "TextualBody", "value": "A remark.", "format": "text/markdown"},
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "annotated words"}}}]"#;
    let dir = project(&[
        ("a.md", b"# T\n\n## Note 1\n\nSome annotated words here.\n"),
        ("annotations.json", annotations),
    ]);
    let loaded = load(dir.path()).expect("loads");
    assert_eq!(loaded.document.annotations.len(), 1);
    let html = text(&render(&loaded, Format::Html).bytes);
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "every id once");
    assert!(
        ids.contains(&"note-1") && ids.contains(&"note-1-1"),
        "{ids:?}"
    );
}

// Before: one dangling `#fragment` failed the PDF with no line or column, while HTML and
// EPUB kept a dead link and `quire check` said ok.
#[test]
fn dangling_link_is_a_located_warning_and_plain_text_everywhere() {
    let dir = project(&[("a.md", b"# T\n\nSee [there](#nowhere) for more.\n")]);
    let out = quire_in(dir.path(), &["build", "a.md", "--out", "out"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("a.md:3:5"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(dir.path().join("out/a.html")).unwrap();
    assert!(!html.contains("href=\"#nowhere\""));
    assert!(dir.path().join("out/a.pdf").exists());
    let check = quire_in(dir.path(), &["check", "a.md"]);
    assert!(text(&check.stderr).contains("a.md:3:5"));
    let strict = quire_in(dir.path(), &["check", "a.md", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

// Before: a UTF-8 byte order mark silently disabled the front matter.
#[test]
fn bom_before_front_matter_is_read() {
    let dir = project(&[(
        "a.md",
        "\u{FEFF}---\ntitle: With a BOM\n---\n\nText.\n".as_bytes(),
    )]);
    let loaded = load(dir.path()).expect("loads");
    assert_eq!(loaded.document.meta.title, "With a BOM");
}

// Before: `quire ast FILE | head -1` panicked with a broken pipe and exited 101.
#[test]
fn ast_into_a_closed_pipe_exits_quietly() {
    let mut child = Command::new(quire_bin())
        .args(["ast", "source/article.md"])
        .current_dir(quire_tests::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim(), "{");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"));
}

/// The diagnostic lines (`error: …`, `warning: …`, `┌─ file:line:col`) of a run.
fn diagnostic_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error:") || l.starts_with("warning:") || l.contains("┌─"))
        .filter(|l| !l.contains("nothing was written") && !l.contains(" errors, "))
        .map(str::to_owned)
        .collect()
}

// `quire check` must say exactly what `quire build` would: a dangling link (load), a
// character no font has and an SVG whose blur print leaves out (PDF warnings); with
// `--strict` the warnings are errors and nothing is written.
#[test]
fn check_and_build_print_the_same_diagnostics() {
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><filter id="b"><feGaussianBlur stdDeviation="1"/></filter><rect width="10" height="10" filter="url(#b)"/></svg>"##;
    let dir = project(&[
        (
            "a.md",
            "# T\n\nA [link](#gone) and \u{E000}.\n\n![A square](sq.svg)\n".as_bytes(),
        ),
        ("sq.svg", svg),
    ]);
    let strict_check = quire_in(dir.path(), &["check", "--strict", "a.md"]);
    let strict_build = quire_in(dir.path(), &["build", "--strict", "a.md", "--out", "out"]);
    assert_eq!(strict_check.status.code(), Some(1));
    assert_eq!(strict_build.status.code(), Some(1));
    assert!(
        !dir.path().join("out/a.html").exists(),
        "--strict wrote nothing"
    );
    let check = quire_in(dir.path(), &["check", "a.md"]);
    let build = quire_in(dir.path(), &["build", "a.md", "--out", "out"]);
    assert_eq!(
        (check.status.code(), build.status.code()),
        (Some(0), Some(0)),
        "{}",
        text(&build.stderr)
    );
    let (c, b) = (
        diagnostic_lines(&text(&check.stderr)),
        diagnostic_lines(&text(&build.stderr)),
    );
    assert_eq!(
        c,
        b,
        "check:\n{}\nbuild:\n{}",
        text(&check.stderr),
        text(&build.stderr)
    );
    assert!(c.iter().any(|l| l.contains("#gone")), "{c:?}");
    assert!(
        c.iter()
            .any(|l| l.starts_with("warning:") && l.contains("U+E000")),
        "{c:?}"
    );
    assert!(c.iter().any(|l| l.contains("filter effect")), "{c:?}");
    assert!(c.iter().all(|l| !l.starts_with("error:")), "{c:?}");
    assert!(dir.path().join("out/a.pdf").exists());
}

// Before: a build whose PDF failed exited 1 but had already replaced the EPUB and HTML.
// (A character no font has failed the PDF then; now it is a warning, which `--strict`
// makes a failure after every edition has been rendered.)
#[test]
fn a_failed_edition_leaves_the_previous_set_untouched() {
    let dir = project(&[("a.md", b"# T\n\nFine.\n")]);
    let ok = quire_in(dir.path(), &["build", "a.md", "--out", "out"]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let before: Vec<Vec<u8>> = ["a.html", "a.epub", "a.pdf"]
        .iter()
        .map(|n| std::fs::read(dir.path().join("out").join(n)).unwrap())
        .collect();
    std::fs::write(dir.path().join("a.md"), "# T\n\nBroken \u{F0000}.\n").unwrap();
    let failed = quire_in(dir.path(), &["build", "--strict", "a.md", "--out", "out"]);
    assert_eq!(failed.status.code(), Some(1));
    let after: Vec<Vec<u8>> = ["a.html", "a.epub", "a.pdf"]
        .iter()
        .map(|n| std::fs::read(dir.path().join("out").join(n)).unwrap())
        .collect();
    assert_eq!(before, after, "old set kept whole");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("stage") && !n.ends_with(".tmp")),
        "{names:?}"
    );
}

// Before: `quire build notes.html --out .` overwrote its own source.
#[test]
fn the_source_is_never_an_output() {
    let dir = project(&[("notes.html", b"# Notes\n\nMine.\n")]);
    let out = quire_in(
        dir.path(),
        &["build", "notes.html", "--to", "html", "--out", "."],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read(dir.path().join("notes.html")).unwrap(),
        b"# Notes\n\nMine.\n"
    );
}

// Before: `[x](java&#9;script:…)` (tab, LF, CR in the scheme, in reference definitions
// and footnotes) ran script on click in the web edition, and the PDF wrote every
// `javascript:`/`data:` URL into `/URI`.
#[test]
fn script_links_are_never_written() {
    let src = "# T\n\n[a](java&#9;script:document.title=\"PWNED\") \
               [b](java\tscript:x) [c](JavaScript:alert(1)) [d][r] [e](data:text/html,<script>x</script>) \
               [f](vbscript:x) text[^n].\n\n[r]: jav&#13;ascript:alert(2)\n\n[^n]: [g](java&#10;script:y)\n";
    let dir = project(&[("a.md", src.as_bytes())]);
    let loaded = load(dir.path()).expect("loads");
    let refused = loaded
        .warnings
        .iter()
        .filter(|w| w.message.contains("not allowed"))
        .count();
    // `[b](java<tab>script:x)` is no link at all in CommonMark (a destination has no
    // spaces); the six others are refused.
    assert_eq!(refused, 6, "{:#?}", loaded.warnings);
    let html = text(&render(&loaded, Format::Html).bytes).to_ascii_lowercase();
    for bad in ["javascript", "vbscript", "data:text"] {
        assert!(!html.contains(&format!("href=\"{bad}")), "{bad} in an href");
    }
    let uris = pdf_uris(&render(&loaded, Format::Pdf).bytes);
    assert!(uris.is_empty(), "{uris:?}");
    let epub = epub_entries(&render(&loaded, Format::Epub).bytes);
    assert!(
        epub.iter()
            .all(|(_, t)| !t.to_ascii_lowercase().contains("href=\"javascript"))
    );
}

// Before: `title: "Harmless <!--<script>"` put `<!--<script>` into the JSON-LD, and the
// page's real `</script>` no longer closed it: the whole body disappeared.
#[test]
fn front_matter_cannot_break_out_of_the_json_ld() {
    let dir = project(&[(
        "a.md",
        b"---\ntitle: \"Harmless <!--<script> </script>\"\n---\n\nText.\n",
    )]);
    let loaded = load(dir.path()).expect("loads");
    let html = text(&render(&loaded, Format::Html).bytes);
    let ld = html.split("application/ld+json\">").nth(1).unwrap();
    let ld = ld.split("</script>").next().unwrap();
    assert!(!ld.contains('<'), "{ld}");
    let value: serde_json::Value = serde_json::from_str(ld).expect("still JSON");
    assert_eq!(value["headline"], "Harmless <!--<script> </script>");
}

// Before: `![a](../../secret/x.svg)`, `![b](/abs/path.svg)` and a symlink to
// /etc/passwd were base64-embedded in the HTML and copied into the EPUB (also from an
// annotation body).
#[test]
fn files_outside_the_project_are_refused() {
    let outside = project(&[("secret.png", b"\x89PNG\r\n\x1a\n top secret")]);
    let secret = outside.path().join("secret.png");
    let relative = format!(
        "../{}/secret.png",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    for reference in [
        relative,
        secret.display().to_string(),
        "link.png".to_string(),
    ] {
        let dir = project(&[("a.md", format!("# T\n\n![x]({reference})\n").as_bytes())]);
        #[cfg(unix)]
        std::os::unix::fs::symlink(&secret, dir.path().join("link.png")).unwrap();
        let failure = load(dir.path()).expect_err("refused");
        let d = &failure.diagnostics[0];
        assert!(
            d.is_error() && d.message.contains("outside the project"),
            "{reference}: {d:?}"
        );
    }
    // The same from an annotation body.
    let body = format!("See ![x]({})", secret.display());
    let annotations = serde_json::json!([{"id": "urn:x:a", "type": "Annotation",
        "body": {"type": "TextualBody", "value": body, "format": "text/markdown"},
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "Text"}}}]);
    let dir = project(&[
        ("a.md", b"# T\n\nText here.\n"),
        ("annotations.json", annotations.to_string().as_bytes()),
    ]);
    let failure = load(dir.path()).expect_err("refused");
    assert!(
        failure
            .diagnostics
            .iter()
            .any(|d| d.message.contains("outside the project"))
    );
}

// Before: a scripted SVG was copied into the EPUB unchanged; a text file named .png
// was copied as an image.
#[test]
fn active_svg_and_fake_images_are_refused() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#;
    let dir = project(&[("a.md", b"# T\n\n![x](evil.svg)\n"), ("evil.svg", svg)]);
    let failure = load(dir.path()).expect_err("refused");
    assert!(
        failure.diagnostics[0].message.contains("SVG"),
        "{:?}",
        failure.diagnostics
    );
    let dir = project(&[
        ("a.md", b"# T\n\n![x](notes.png)\n"),
        ("notes.png", b"just text"),
    ]);
    let failure = load(dir.path()).expect_err("refused");
    assert!(
        failure.diagnostics[0].message.contains("not a PNG"),
        "{:?}",
        failure.diagnostics
    );
}

// Before: a 69-byte PNG declaring 65,535 × 65,535 pixels made the PDF allocate 12.9 GB.
#[test]
fn an_image_bomb_is_refused_from_its_header() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(65_535u32.to_be_bytes());
    png.extend(65_535u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let dir = project(&[("a.md", b"# T\n\n![x](bomb.png)\n"), ("bomb.png", &png)]);
    let failure = load(dir.path()).expect_err("refused");
    assert!(
        failure.diagnostics[0].message.contains("too large"),
        "{:?}",
        failure.diagnostics
    );
}

// Before: one vertical tab in a heading made the EPUB's package not well-formed.
#[test]
fn control_characters_make_no_edition_invalid() {
    let dir = project(&[(
        "a.md",
        "---\ntitle: \"A\u{b}B\"\n---\n\n## Head\u{c}ing\n\nText\u{7}.\n".as_bytes(),
    )]);
    let loaded = load(dir.path()).expect("loads");
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.message.contains("control character"))
    );
    for format in Format::ALL {
        let bytes = render(&loaded, format).bytes;
        if format == Format::Pdf {
            // Its text is in compressed streams; the PDF/A and qpdf checks cover it.
            continue;
        }
        let shown: Vec<(String, String)> = match format {
            Format::Epub => epub_entries(&bytes)
                .into_iter()
                .filter(|(n, _)| n.ends_with("html") || n.ends_with(".opf") || n.ends_with(".ncx"))
                .collect(),
            _ => vec![(String::new(), text(&bytes))],
        };
        for (name, t) in shown {
            let at = t.find(['\u{b}', '\u{c}', '\u{7}']);
            assert!(
                at.is_none(),
                "{format:?} {name}: {:?}",
                at.map(|i| &t[i.saturating_sub(40)..i + 1])
            );
        }
    }
}

// Before: `SOURCE_DATE_EPOCH` of year 10000 or -1 gave invalid dates, and non-numeric
// values were ignored; `--page-size 1e300x1e300pt` wrote `MediaBox [0 0 inf inf]`.
#[test]
fn bad_settings_are_usage_errors() {
    let dir = project(&[("a.md", b"# T\n\nText.\n")]);
    for epoch in ["-1", "253402300800", "tomorrow"] {
        let out = Command::new(quire_bin())
            .args(["build", "a.md", "--out", "out"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{epoch}");
    }
    let out = quire_in(
        dir.path(),
        &["build", "a.md", "--page-size", "1e300x1e300pt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("output").exists(), "nothing built");
}

// Before: classes like `{.sn}` or `{.skip}` hid text in the web edition that the PDF
// printed, and `dir`/`lang` values were written unchecked.
#[test]
fn source_classes_cannot_hide_text_or_break_attributes() {
    let dir = project(&[(
        "a.md",
        b"# T\n\n## Hidden {.skip}\n\n::: sn\nVisible.\n:::\n\nA [link](https://e.org){dir=sideways} and `code`{.sn-n}.\n",
    )]);
    let loaded = load(dir.path()).expect("loads");
    let dropped: Vec<&str> = loaded.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(dropped.len(), 4, "{dropped:#?}");
    let html = text(&render(&loaded, Format::Html).bytes);
    // The page's own skip link is the one element of that class.
    assert_eq!(html.matches("class=\"skip\"").count(), 1);
    for bad in ["class=\"sn\"", "class=\"sn-n\"", "sideways"] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(html.contains("Visible."));
}

// `--resource-root` widens the folder images may come from (a book whose chapters sit
// in a subfolder of its images' parent), and nothing beyond it.
#[test]
fn resource_root_widens_the_confinement() {
    let dir = project(&[
        ("book/ch/a.md", b"# T\n\n![d](../img/dot.gif)\n"),
        ("book/img/dot.gif", GIF),
    ]);
    let refused = quire_in(dir.path(), &["check", "book/ch/a.md"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("outside the project folder"));
    let allowed = quire_in(
        dir.path(),
        &["check", "book/ch/a.md", "--resource-root", "book"],
    );
    assert!(allowed.status.success(), "{}", text(&allowed.stderr));
}
