//! A book's web edition as a site (issue 11): the Rust book's chapters 1–6 built with
//! `quire build DIR --to html` into `OUT/NAME/`; every page checked by the Nu checker and
//! by axe at 375 and 1280 px, every internal link followed to its page and id, every
//! chapter's paragraphs found on its page in order, the previous/next chain walked, the
//! search index queried (a word, and Chinese through its bigrams, in Chromium too), the
//! single-page option and the article's page unchanged in shape.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use quire::LoadOptions;
use quire_tests::root;

fn build(source: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        source.to_str().unwrap(),
        "--to",
        "html",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = quire_tests::quire(&args);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The Rust book's site, built once for all the tests here.
fn rust_book() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build(
            &root().join("tests/fixtures/rust-book-ch1-6"),
            dir.path(),
            &[],
        );
        dir
    });
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| dir.path().join("rust-book-ch1-6"))
}

/// The site's pages: file name → markup.
fn pages(site: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The values of attribute `attr` in `html` (as written, entities decoded).
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .map(|rest| decode(rest.split('"').next().unwrap_or("")))
        .collect()
}

fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Percent-decoding of a URL's fragment or path.
fn unpercent(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

const BLOCKS: [&str; 22] = [
    "p",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "div",
    "section",
    "td",
    "th",
    "tr",
    "br",
    "dt",
    "dd",
    "aside",
    "figcaption",
    "blockquote",
];

/// The text of `html`: tags removed, entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest.find('>') {
            Some(end) => {
                // Block-level boundaries separate words; inline elements do not.
                let name: String = rest[1..end]
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                if BLOCKS.contains(&name.as_str()) {
                    out.push(' ');
                }
                rest = &rest[end + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    decode(&out)
}

/// The markup of the page's text: `<div class="text" id="quire-text">` to the pager.
fn text_part(page: &str) -> &str {
    let start = page.find("id=\"quire-text\"").unwrap_or(0);
    let end = page.find("<nav class=\"pager\"").unwrap_or(page.len());
    &page[start..end]
}

#[test]
fn web_book_is_a_folder_of_pages_named_after_the_chapters() {
    let site = rust_book();
    let pages = pages(site);
    let loaded = quire::load(&LoadOptions::new(
        root().join("tests/fixtures/rust-book-ch1-6"),
    ))
    .unwrap();
    let mut want: BTreeSet<String> = loaded
        .document
        .divisions
        .iter()
        .map(|d| format!("{}.html", d.name))
        .collect();
    want.insert("index.html".into());
    let have: BTreeSet<String> = pages.keys().cloned().collect();
    assert_eq!(have, want);
    assert!(pages.contains_key("ch03-02-data-types.html"));
    for shared in ["quire.css", "quire.js", "search.js"] {
        assert!(site.join(shared).is_file(), "{shared}");
    }
    let fonts: Vec<_> = std::fs::read_dir(site.join("fonts")).unwrap().collect();
    assert!(fonts.len() >= 3, "the faces are files");
    for (name, page) in &pages {
        assert!(!page.contains("@font-face"), "{name} inlines a face");
        assert!(
            page.contains("<link rel=\"stylesheet\" href=\"quire.css\">"),
            "{name}"
        );
        assert_eq!(
            page.matches("aria-current=\"page\"").count(),
            1,
            "{name} marks itself in the sidebar"
        );
    }
    let index = &pages["index.html"];
    assert!(
        index.contains("<h1>The Rust Programming Language</h1>"),
        "{index}"
    );
    // Nested chapters are nested in the contents.
    let data = &pages["ch03-02-data-types.html"];
    let nav = &data[data.find("<nav class=\"book-nav\"").unwrap()..];
    assert!(
        nav.contains("Common Programming Concepts</a>\n<ol>"),
        "{nav}"
    );
    assert!(
        data.contains("<a href=\"ch03-02-data-types.html\" aria-current=\"page\">"),
        "{nav}"
    );
}

#[test]
fn web_book_every_internal_link_resolves_to_a_page_and_an_id() {
    let site = rust_book();
    let pages = pages(site);
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(n, p)| (n.as_str(), attr_values(p, "id").into_iter().collect()))
        .collect();
    let mut followed = 0;
    let mut broken = Vec::new();
    for (name, page) in &pages {
        for href in attr_values(page, "href") {
            if href.contains(':') {
                continue; // https:, mailto:
            }
            let (file, fragment) = href.split_once('#').unwrap_or((&href, ""));
            let file = if file.is_empty() {
                name.clone()
            } else {
                unpercent(file)
            };
            if !file.ends_with(".html") {
                if !site.join(&file).is_file() {
                    broken.push(format!("{name}: {href} (no file)"));
                }
                continue;
            }
            followed += 1;
            let Some(target) = ids.get(file.as_str()) else {
                broken.push(format!("{name}: {href} (no page)"));
                continue;
            };
            let fragment = unpercent(fragment);
            if !fragment.is_empty() && !target.contains(&fragment) {
                broken.push(format!("{name}: {href} (no id)"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(followed > 2000, "{followed} links followed");
    // The book's own links between chapters point at other pages.
    let guessing = &pages["ch01-02-hello-world.html"];
    assert!(
        guessing.contains("href=\"ch01-01-installation.html#troubleshooting\""),
        "a cross-chapter link keeps mdBook's address"
    );
}

#[test]
fn web_book_every_chapters_paragraphs_are_on_its_page_in_order() {
    let site = rust_book();
    let pages = pages(site);
    let loaded = quire::load(&LoadOptions::new(
        root().join("tests/fixtures/rust-book-ch1-6"),
    ))
    .unwrap();
    let doc = &loaded.document;
    let mut paragraphs = 0;
    for (i, d) in doc.divisions.iter().enumerate() {
        let page = &pages[&format!("{}.html", d.name)];
        let text = quire_tests::words(&text_of(text_part(page))).join(" ");
        let mut at = 0;
        let blocks = &doc.blocks[doc.division_blocks(i)];
        let mut missing = Vec::new();
        quire_doc::walk_blocks(blocks, &mut |b| {
            if let quire_doc::BlockKind::Paragraph { content } = &b.kind {
                let words = quire_doc::inline_text(content);
                let words = quire_tests::words(&words).join(" ");
                if words.is_empty() {
                    return;
                }
                paragraphs += 1;
                match text[at..].find(&words) {
                    Some(found) => at += found + words.len(),
                    None => missing.push(words),
                }
            }
        });
        assert!(
            missing.is_empty(),
            "{}: {} paragraphs missing or out of order, first {:?}",
            d.name,
            missing.len(),
            missing.first()
        );
    }
    assert!(paragraphs > 800, "{paragraphs}");
}

#[test]
fn web_book_previous_and_next_visit_every_page_once() {
    let site = rust_book();
    let pages = pages(site);
    let rel = |page: &str, rel: &str| -> Option<String> {
        let needle = format!("rel=\"{rel}\" href=\"");
        let at = page.find("<nav class=\"pager\"")?;
        let rest = &page[at..];
        let i = rest.find(&needle)? + needle.len();
        Some(unpercent(rest[i..].split('"').next()?))
    };
    let mut order = vec!["index.html".to_string()];
    while let Some(next) = rel(&pages[order.last().unwrap()], "next") {
        assert!(!order.contains(&next), "{next} visited twice");
        order.push(next);
    }
    let all: BTreeSet<&String> = pages.keys().collect();
    assert_eq!(order.iter().collect::<BTreeSet<_>>(), all);
    let mut back = vec![order.last().unwrap().clone()];
    while let Some(prev) = rel(&pages[back.last().unwrap()], "prev") {
        back.push(prev);
    }
    back.reverse();
    assert_eq!(back, order, "prev is next backwards");
    // The head says the same.
    let data = &pages["ch03-02-data-types.html"];
    assert!(data.contains("<link rel=\"prev\" href=\"ch03-01-variables-and-mutability.html\">"));
    assert!(data.contains("<link rel=\"next\" href=\"ch03-03-how-functions-work.html\">"));
}

/// `search.js` read back as JSON.
fn search_index(site: &Path) -> serde_json::Value {
    let js = std::fs::read_to_string(site.join("search.js")).unwrap();
    let json = js
        .trim()
        .strip_prefix("window.quireSearch = ")
        .and_then(|j| j.strip_suffix(';'))
        .expect("search.js holds the index as data");
    serde_json::from_str(json).unwrap()
}

/// The (page, id) of the units that hold every term of `terms` (exact terms, as the
/// index stores them).
fn lookup(index: &serde_json::Value, terms: &[&str]) -> Vec<(String, String)> {
    let mut hits: Option<BTreeSet<u64>> = None;
    for term in terms {
        let mut n = 0;
        let units: BTreeSet<u64> = index["terms"][*term]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                n += d.as_u64().unwrap();
                n
            })
            .collect();
        hits = Some(match hits {
            None => units,
            Some(h) => h.intersection(&units).copied().collect(),
        });
    }
    hits.unwrap_or_default()
        .into_iter()
        .map(|u| {
            let unit = &index["units"][u as usize];
            let page = index["pages"][unit[0].as_u64().unwrap() as usize][0]
                .as_str()
                .unwrap()
                .to_string();
            (page, unit[1].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn web_book_search_finds_a_word_where_it_is() {
    let site = rust_book();
    let index = search_index(site);
    let pages = pages(site);
    let hits = lookup(&index, &["shadowing"]);
    assert!(
        hits.iter()
            .any(|(page, _)| page == "ch03-01-variables-and-mutability.html"),
        "{hits:?}"
    );
    for (page, id) in &hits {
        assert!(
            attr_values(&pages[page], "id").contains(id),
            "{page}#{id} is not there"
        );
        assert!(id.starts_with("p-") || !id.is_empty());
    }
    assert!(
        lookup(&index, &["integer", "overflow"])
            .iter()
            .any(|(p, _)| p == "ch03-02-data-types.html")
    );
}

/// A small mdBook with a Chinese chapter.
fn chinese_book(dir: &Path) -> PathBuf {
    let book = dir.join("zh-book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"Rust 程序设计语言\"\nlanguage = \"zh-CN\"\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Summary\n\n- [入门](ch01.md)\n- [所有权](ch04.md)\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/ch01.md"),
        "# 入门\n\n让我们开始 Rust 之旅吧！\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/ch04.md"),
        "# 认识所有权\n\n所有权是 Rust 最为与众不同的特性，它让 Rust 无需垃圾回收即可保障内存安全。\n",
    )
    .unwrap();
    book
}

#[test]
fn web_book_search_finds_chinese_words_by_bigrams() {
    let dir = tempfile::tempdir().unwrap();
    let book = chinese_book(dir.path());
    let out = dir.path().join("out");
    build(&book, &out, &[]);
    let site = out.join("zh-book");
    let index = search_index(&site);
    // 垃圾回收 ("garbage collection") as the browser's query cuts it.
    let hits = lookup(&index, &["垃圾", "圾回", "回收"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].0, "ch04.html");
    assert!(
        lookup(&index, &["旅"])
            .iter()
            .any(|(p, _)| p == "ch01.html")
    );
    assert!(lookup(&index, &["rust", "安全"]).len() == 1);
    // The page's own script finds it too, through its search box.
    let Some(out) = crate::html::tool(
        "node",
        &[
            "tests/tools/site.mjs",
            "--widths",
            "375,1280",
            "--search",
            "垃圾回收",
            site.join("index.html").to_str().unwrap(),
            site.join("ch04.html").to_str().unwrap(),
        ],
        crate::html::AXE_INSTALL,
    ) else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hrefs = json["search"]["hrefs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(hrefs.len(), 1, "{json}");
    assert!(
        hrefs[0].as_str().unwrap().starts_with("ch04.html#p-"),
        "{json}"
    );
    assert_axe_clean(&json);
}

fn assert_axe_clean(json: &serde_json::Value) {
    let bad: Vec<String> = json["pages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| !p["violations"].as_array().is_none_or(Vec::is_empty))
        .map(|p| format!("{} at {} px: {:#}", p["file"], p["width"], p["violations"]))
        .collect();
    assert!(bad.is_empty(), "axe:\n{}", bad.join("\n"));
}

#[test]
fn web_book_pages_are_nu_valid_and_axe_clean_at_375_and_1280_px() {
    let site = rust_book();
    let files: Vec<PathBuf> = pages(site).keys().map(|n| site.join(n)).collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    crate::html::nu_check_all(&refs);
    let mut args = vec![
        "tests/tools/site.mjs",
        "--widths",
        "375,1280",
        "--search",
        "shadowing",
    ];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let Some(out) = crate::html::tool("node", &args, crate::html::AXE_INSTALL) else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["pages"].as_array().map(Vec::len),
        Some(files.len() * 2)
    );
    assert_axe_clean(&json);
    let hrefs = json["search"]["hrefs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        hrefs.iter().any(|h| h
            .as_str()
            .unwrap()
            .starts_with("ch03-01-variables-and-mutability.html#")),
        "{json}"
    );
}

#[test]
fn web_book_single_page_stays_an_option() {
    let dir = tempfile::tempdir().unwrap();
    build(
        &root().join("tests/fixtures/book"),
        dir.path(),
        &["--single-page"],
    );
    let page = dir.path().join("measure.html");
    assert!(page.is_file());
    assert!(!dir.path().join("measure").exists());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<style>") && !html.contains("quire.css"));
    // Without the flag the same book is a site, and a second build replaces it whole.
    build(&root().join("tests/fixtures/book"), dir.path(), &[]);
    let site = dir.path().join("measure");
    assert!(site.join("index.html").is_file());
    std::fs::write(site.join("stale.html"), "old").unwrap();
    build(&root().join("tests/fixtures/book"), dir.path(), &[]);
    assert!(!site.join("stale.html").exists(), "stale pages go");
    let pages = pages(&site);
    // A part without a text of its own lists its chapters.
    let part = pages
        .iter()
        .find(|(_, p)| p.contains("<h1>Pages</h1>"))
        .map(|(_, p)| p)
        .expect("the part Pages has a page");
    assert!(part.contains("class=\"part-contents\""), "{part}");
}

#[test]
fn web_article_is_still_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    build(&root().join("source/article.md"), dir.path(), &[]);
    let page = std::fs::read(dir.path().join("article.html")).unwrap();
    let loaded = crate::pipeline::load("source/article.md");
    assert_eq!(page, crate::pipeline::render(quire::Format::Html, &loaded));
    let text = String::from_utf8(page).unwrap();
    assert!(text.contains("@font-face") && !text.contains("quire.css"));
    assert!(!text.contains("class=\"book-nav\""));
}
