//! A book's web edition as a site: a folder of pages, one per division of the book,
//! that share one stylesheet, one script, one set of font files and one search index.
//!
//! ```text
//! index.html            title, subtitle, authors, description, the contents
//! NAME.html             one page per division, named after `Division::name`, so
//!                       mdBook's URLs (`ch03-02-data-types.html#integer-types`) hold
//! quire.css             the stylesheet (the single page's, plus the site's)
//! quire.js              the single page's conveniences, the contents toggle, search
//! search.js             the search index as data (see `search`)
//! fonts/*.woff          the faces, subset once to the characters of the whole book
//! ```
//!
//! Key design decision: the site is written by one [`Writer`] walking the book once,
//! page after page, exactly as the single page walks it; only where each page starts and
//! what a link points at differ. Before anything is written, every id the writer will
//! give an element is mapped to its page ([`WriterConfig::element_ids`]), so a link
//! `#id` becomes `page.html#id` (or stays `#id` on its own page) even when it points
//! forward. Paragraph numbers, permalinks, highlighted passages and their margin notes
//! come out as on the single page, on the page holding the passage. Footnotes are
//! collected at the end of the page that cites them (a note cited nowhere goes to the
//! last page). A part is a page of its own: its text, if the book gives it one, then
//! the list of its chapters.

mod search;

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use quire_doc::{Assets, BlockKind, Division, DivisionKind, Document, Footnote, Rendered};

use crate::HtmlOptions;
use crate::escape;
use crate::images::embed_image;
use crate::page::{
    FAVICON, JS_CLASS, alternate_links, colophon, glossary_section, json_ld, masthead, meta_tag,
    other_editions, print_notes, script_safe_json,
};
use crate::writer::{NoteStyle, Syntax, Writer, WriterConfig};

/// The site's own rules, after the single page's stylesheet in `quire.css`.
pub(crate) const SITE_STYLE: &str = include_str!("site.css");
/// The contents toggle and the search box, after the single page's script in `quire.js`.
const SITE_SCRIPT: &str = include_str!("site.js");
const PAGE_SCRIPT: &str = crate::page::SCRIPT;

/// One page of the site.
struct Page<'d> {
    /// Its file name (`index.html`, `ch03-02-data-types.html`).
    file: String,
    /// Its division; `None` for the contents page.
    division: Option<&'d Division>,
    /// Its top-level blocks.
    blocks: Range<usize>,
}

/// Renders a book as its web site, a folder of files (see the module doc). A document
/// without divisions (an article) gets a folder holding its single page as
/// `index.html`.
pub fn site(doc: &Document, assets: &Assets, opts: &HtmlOptions) -> Rendered {
    if !doc.is_book() {
        let page = crate::html(doc, assets, opts);
        return Rendered::folder(vec![("index.html".into(), page.bytes)]);
    }
    let pages = plan(doc);
    let cfg = WriterConfig {
        syntax: Syntax::Html,
        notes: NoteStyle::Footnotes { epub: false },
        allow_raw_html: opts.allow_raw_html,
        paragraph_numbers: opts.paragraph_numbers,
        heading_links: true,
        soft_hyphens: false,
    };
    // Where every id is, before anything is written.
    let mut page_of: HashMap<&str, usize> = HashMap::new();
    let mut owned: Vec<(String, usize)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for id in cfg.element_ids(&doc.blocks[page.blocks.clone()]) {
            owned.push((id, p));
        }
    }
    let note_page: Vec<usize> = {
        let refs: HashMap<&str, usize> = owned.iter().map(|(id, p)| (id.as_str(), *p)).collect();
        doc.notes
            .iter()
            .map(|n| {
                n.refs
                    .first()
                    .and_then(|r| refs.get(r.as_str()).copied())
                    .unwrap_or(pages.len() - 1)
            })
            .collect()
    };
    for (note, &p) in doc.notes.iter().zip(&note_page) {
        owned.push((note.id.clone(), p));
        for id in cfg.element_ids(&note.blocks) {
            owned.push((id, p));
        }
    }
    for (id, p) in &owned {
        page_of.entry(id.as_str()).or_insert(*p);
    }
    let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    let current = Cell::new(0usize);
    let href_of = |id: &str, here: usize| match page_of.get(id) {
        Some(&p) if p != here => format!("{}#{id}", files[p]),
        _ => format!("#{id}"),
    };
    let mut links = |url: &str| match url.strip_prefix('#') {
        Some(id) if !id.is_empty() => Some(href_of(id, current.get())),
        _ => Some(url.to_string()),
    };
    let mut images = |src: &str| embed_image(src, assets);
    let mut w = Writer::new(doc, cfg, &mut images, true)
        .with_image_sizes(assets)
        .with_links(&mut links);
    // Each page's text and footnotes.
    let mut bodies: Vec<String> = Vec::with_capacity(pages.len());
    for (p, page) in pages.iter().enumerate() {
        if page.division.is_none() {
            bodies.push(String::new());
            continue;
        }
        current.set(p);
        let mut blocks = &doc.blocks[page.blocks.clone()];
        // The page's title: its own first heading, when it opens the page, as `h1`
        // (else the division's title is written around the body, below).
        // Its other headings keep their distance below the title, but none is above
        // `h2` (a chapter's last `## Summary` may be its title's sibling in the source).
        w.heading_min = 1;
        let mut text_attrs = String::new();
        if starts_with_title(blocks) {
            (w.heading_shift, w.heading_lift) = levels_to(&blocks[..1], 1);
            w.raw("<header class=\"chapter-head\">\n");
            w.block(&blocks[0]);
            w.raw("</header>\n");
            if let quire_doc::BlockKind::Heading { level, .. } = blocks[0].kind
                && crate::writer::holds_index(&blocks[1..], level)
            {
                // The page is the book's index: its text, under the page's title.
                text_attrs = format!(
                    " role=\"doc-index\" aria-labelledby=\"{}\"",
                    quire_doc::xml::escape_all(blocks[0].id())
                );
            }
            blocks = &blocks[1..];
            w.heading_min = 2;
        } else {
            // The division's title is the `h1`; the text's highest headings are `h2`s.
            (w.heading_shift, w.heading_lift) = levels_to(blocks, 2);
        }
        w.raw(&format!(
            "<div class=\"text\" id=\"quire-text\"{text_attrs}>\n"
        ));
        w.sectioned_blocks(blocks);
        w.raw("</div>\n");
        let notes: Vec<&Footnote> = doc
            .notes
            .iter()
            .zip(&note_page)
            .filter(|(_, np)| **np == p)
            .map(|(n, _)| n)
            .collect();
        w.notes(&notes);
        let printed = w.take_printed_notes();
        let mut body = w.take();
        print_notes(&mut body, &printed);
        bodies.push(body);
    }
    let unplaced = w.marks.unplaced();
    if !unplaced.is_empty() {
        current.set(pages.len() - 1);
        w.raw("<section class=\"more-notes\" aria-labelledby=\"quire-more-notes-title\">\n<h2 id=\"quire-more-notes-title\">Further notes</h2>\n<p>\n");
        for i in unplaced {
            w.annotation_note(i, false);
        }
        w.raw("</p>\n</section>\n");
        let more = w.take();
        if let Some(last) = bodies.last_mut() {
            last.push_str(&more);
        }
    }
    drop(w);

    let title = book_title(doc);
    let mut files_out: Vec<(String, Vec<u8>)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let mut out = String::with_capacity(bodies[p].len() + 8 * 1024);
        page_head(&mut out, doc, opts, &pages, p, &title);
        out.push_str(
            "<body class=\"site\">\n<a class=\"skip\" href=\"#quire-text\">Skip to the text</a>\n",
        );
        out.push_str("<header class=\"topbar\">\n<a class=\"nav-open\" href=\"#quire-nav\" aria-controls=\"quire-nav\" aria-expanded=\"false\">Contents</a>\n<a class=\"topbar-title\" href=\"index.html\">");
        escape::text(&mut out, &title);
        out.push_str("</a>\n</header>\n");
        sidebar(&mut out, &title, &pages, p);
        out.push_str("<main id=\"quire-main\">\n<article>\n");
        match page.division {
            None => {
                masthead(&mut out, doc);
                // The site is a folder beside the other editions' files.
                other_editions(&mut out, &opts.editions, "../");
                out.push_str("<section class=\"book-contents\" id=\"quire-text\" aria-labelledby=\"quire-contents-title\">\n<h2 id=\"quire-contents-title\">Contents</h2>\n");
                contents(&mut out, &pages, None);
                out.push_str("</section>\n");
                out.push_str(&bodies[p]);
                glossary_section(&mut out, doc, &mut |id| href_of(id, p));
                colophon(&mut out, doc);
            }
            Some(d) => {
                let blocks = &doc.blocks[page.blocks.clone()];
                if !starts_with_title(blocks) {
                    out.push_str("<header class=\"chapter-head\">\n<h1>");
                    if !d.number.is_empty() && d.kind != DivisionKind::FrontMatter {
                        out.push_str("<span class=\"chapter-n\">");
                        escape::text(&mut out, &d.number_text());
                        out.push_str("</span> ");
                    }
                    escape::text(&mut out, &d.title);
                    out.push_str("</h1>\n</header>\n");
                }
                out.push_str(&bodies[p]);
                if d.kind == DivisionKind::Part {
                    part_contents(&mut out, &pages, p);
                }
            }
        }
        pager(&mut out, &pages, p);
        out.push_str("</article>\n</main>\n");
        if opts.script {
            out.push_str("<script src=\"quire.js\"></script>\n");
        }
        out.push_str("</body>\n</html>\n");
        files_out.push((page.file.clone(), out.into_bytes()));
    }

    // Shared files: the stylesheet with its faces, the script, the search index.
    let mut extra = String::new();
    for page in &pages {
        if let Some(d) = page.division {
            extra.push_str(&d.title);
        }
    }
    let (faces, font_files, text_family, mono_family) = if !opts.fonts.is_empty() {
        (
            crate::fonts::font_faces(&opts.fonts),
            Vec::new(),
            opts.fonts[0].family.as_str(),
            None,
        )
    } else if opts.embed_fonts {
        crate::fonts::site_faces(doc, &extra)
    } else {
        (String::new(), Vec::new(), "", None)
    };
    let mut css = String::from("/* Quire: the web edition of a book. */\n");
    css.push_str(&faces);
    crate::page::stylesheet(&mut css, text_family, mono_family, &doc.meta.language);
    css.push_str(SITE_STYLE);
    files_out.push(("quire.css".into(), css.into_bytes()));
    if opts.script {
        let js = format!("{PAGE_SCRIPT}{SITE_SCRIPT}");
        files_out.push(("quire.js".into(), js.into_bytes()));
        files_out.push((
            "search.js".into(),
            search_index(doc, &pages, &page_of).into_bytes(),
        ));
    }
    files_out.extend(font_files);
    files_out.sort_by(|a, b| a.0.cmp(&b.0));
    Rendered::folder(files_out)
}

/// The pages: the contents page, then one per division, with unique file names. The
/// blocks before the first division (if any) go with the first division's page.
fn plan(doc: &Document) -> Vec<Page<'_>> {
    let mut pages = vec![Page {
        file: "index.html".into(),
        division: None,
        blocks: 0..0,
    }];
    for (i, d) in doc.divisions.iter().enumerate() {
        let mut blocks = doc.division_blocks(i);
        if i == 0 {
            blocks.start = 0;
        }
        // The division's name is a safe file name, unique in the book (`Division::name`);
        // only the contents page's own name is taken. Names have no `.`.
        let stem = if d.name.eq_ignore_ascii_case("index") {
            format!("index.{}", i + 1)
        } else {
            d.name.clone()
        };
        pages.push(Page {
            file: format!("{stem}.html"),
            division: Some(d),
            blocks,
        });
    }
    pages
}

/// Whether a division's page opens with its own heading, which then is the page's
/// `h1`: its first block is a heading no lower than any other heading of it.
fn starts_with_title(blocks: &[quire_doc::Block]) -> bool {
    let Some(BlockKind::Heading { level: first, .. }) = blocks.first().map(|b| &b.kind) else {
        return false;
    };
    blocks.iter().all(|b| match &b.kind {
        BlockKind::Heading { level, .. } => level >= first,
        _ => true,
    })
}

/// Levels to add to and take from the headings of `blocks` so that the highest of them
/// is at level `want` (the rest keep their distance below it).
fn levels_to(blocks: &[quire_doc::Block], want: u8) -> (u8, u8) {
    let top = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min();
    match top {
        Some(top) if top < want => (want - top, 0),
        Some(top) => (0, top - want),
        None => (0, 0),
    }
}

fn book_title(doc: &Document) -> String {
    if doc.meta.title.is_empty() {
        "Untitled".into()
    } else {
        doc.meta.title.clone()
    }
}

/// The `<head>` of page `p`.
fn page_head(
    out: &mut String,
    doc: &Document,
    opts: &HtmlOptions,
    pages: &[Page],
    p: usize,
    title: &str,
) {
    let lang = if doc.meta.language.is_empty() {
        "en"
    } else {
        &doc.meta.language
    };
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape::attr(out, lang);
    if crate::scripts::is_rtl_language(lang) {
        out.push_str("\" dir=\"rtl");
    }
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
    let page_title = match pages[p].division {
        Some(d) => format!("{} – {title}", d.title),
        None => title.to_string(),
    };
    escape::text(out, &page_title);
    out.push_str("</title>\n");
    let m = &doc.meta;
    if pages[p].division.is_none()
        && let Some(d) = &m.description
    {
        meta_tag(out, "name", "description", d);
    }
    for a in &m.authors {
        meta_tag(out, "name", "author", a);
    }
    meta_tag(out, "name", "generator", &opts.generator);
    if opts.script {
        out.push_str(JS_CLASS);
    }
    out.push_str(FAVICON);
    alternate_links(out, &opts.editions, "../");
    if let Some(base) = &opts.canonical_url {
        let url = format!("{}/{}", base.trim_end_matches('/'), pages[p].file);
        out.push_str("<link rel=\"canonical\" href=\"");
        escape::attr(out, &url);
        out.push_str("\">\n");
    }
    meta_tag(out, "property", "og:title", &page_title);
    if p > 0 {
        out.push_str("<link rel=\"prev\" href=\"");
        escape::attr(out, &pages[p - 1].file);
        out.push_str("\">\n");
    }
    if p + 1 < pages.len() {
        out.push_str("<link rel=\"next\" href=\"");
        escape::attr(out, &pages[p + 1].file);
        out.push_str("\">\n");
    }
    if p == 0 {
        meta_tag(out, "property", "og:type", "book");
        let mut ld = json_ld(doc, opts);
        if let Some(obj) = ld.as_object_mut() {
            obj.insert("@type".into(), "Book".into());
            if let Some(headline) = obj.remove("headline") {
                obj.insert("name".into(), headline);
            }
        }
        out.push_str("<script type=\"application/ld+json\">");
        out.push_str(&script_safe_json(&ld.to_string()));
        out.push_str("</script>\n");
    }
    out.push_str("<link rel=\"stylesheet\" href=\"quire.css\">\n</head>\n");
}

/// The contents sidebar: the book's title (linking to the contents page), the search
/// box (shown by the script) and the contents with the current page marked.
fn sidebar(out: &mut String, title: &str, pages: &[Page], current: usize) {
    out.push_str("<nav class=\"book-nav\" id=\"quire-nav\" aria-label=\"Book\">\n<a class=\"book-title\" href=\"index.html\"");
    if current == 0 {
        out.push_str(" aria-current=\"page\"");
    }
    out.push('>');
    escape::text(out, title);
    out.push_str("</a>\n");
    out.push_str("<div class=\"search\" role=\"search\" hidden>\n<label for=\"quire-q\">Search the book</label>\n<input type=\"search\" id=\"quire-q\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"quire-hits\">\n<div class=\"search-results\" id=\"quire-hits\" aria-live=\"polite\"></div>\n</div>\n");
    contents(out, pages, Some(current));
    out.push_str("</nav>\n");
}

/// The nesting level of each division in the contents: a part's chapters one below it.
fn levels(pages: &[Page]) -> Vec<usize> {
    let mut in_part = false;
    pages
        .iter()
        .map(|page| match page.division {
            None => 0,
            Some(d) => match d.kind {
                DivisionKind::Part => {
                    in_part = true;
                    0
                }
                DivisionKind::Chapter => usize::from(d.depth) + usize::from(in_part),
                _ => {
                    in_part = false;
                    usize::from(d.depth)
                }
            },
        })
        .collect()
}

/// The contents as nested lists: parts are group labels over their chapters, nested
/// chapters are indented; `current` is marked `aria-current="page"`.
fn contents(out: &mut String, pages: &[Page], current: Option<usize>) {
    let levels = levels(pages);
    out.push_str("<ol class=\"contents\">");
    // Open items, innermost last, each with whether it has opened its own list (as in
    // the single page's table of contents, so any sequence of levels nests validly).
    let mut open: Vec<(usize, bool)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let Some(d) = page.division else { continue };
        let level = levels[p];
        while let Some(&(l, nested)) = open.last()
            && l >= level
        {
            open.pop();
            out.push_str(if nested { "</ol></li>" } else { "</li>" });
        }
        if let Some(parent) = open.last_mut()
            && !parent.1
        {
            parent.1 = true;
            out.push_str("\n<ol>");
        }
        let part = d.kind == DivisionKind::Part;
        out.push_str(if part {
            "\n<li class=\"nav-part\">"
        } else {
            "\n<li>"
        });
        out.push_str("<a href=\"");
        escape::attr(out, &quire_doc::url::encode(&page.file));
        out.push('"');
        if current == Some(p) {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        let n = d.number_text();
        if !n.is_empty() && !matches!(d.kind, DivisionKind::FrontMatter | DivisionKind::Part) {
            out.push_str("<span class=\"nav-n\">");
            escape::text(out, &n);
            out.push_str(".</span> ");
        }
        escape::text(out, &d.title);
        out.push_str("</a>");
        open.push((level, false));
    }
    while let Some((_, nested)) = open.pop() {
        out.push_str(if nested { "</ol></li>" } else { "</li>" });
    }
    out.push_str("\n</ol>\n");
}

/// A part's page ends with the list of its chapters.
fn part_contents(out: &mut String, pages: &[Page], p: usize) {
    let levels = levels(pages);
    let chapters: Vec<usize> = (p + 1..pages.len())
        .take_while(|&q| levels[q] > levels[p])
        .filter(|&q| levels[q] == levels[p] + 1)
        .collect();
    if chapters.is_empty() {
        return;
    }
    out.push_str("<section class=\"part-contents\" aria-labelledby=\"quire-part-contents\">\n<h2 id=\"quire-part-contents\">In this part</h2>\n<ol>\n");
    for q in chapters {
        let Some(d) = pages[q].division else { continue };
        out.push_str("<li><a href=\"");
        escape::attr(out, &quire_doc::url::encode(&pages[q].file));
        out.push_str("\">");
        let n = d.number_text();
        if !n.is_empty() {
            out.push_str("<span class=\"nav-n\">");
            escape::text(out, &n);
            out.push_str(".</span> ");
        }
        escape::text(out, &d.title);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// Previous and next page, at the foot.
fn pager(out: &mut String, pages: &[Page], p: usize) {
    let title = |q: usize| match pages[q].division {
        Some(d) => d.title.clone(),
        None => "Contents".to_string(),
    };
    out.push_str("<nav class=\"pager\" aria-label=\"Previous and next page\">\n");
    if p > 0 {
        out.push_str("<a class=\"prev\" rel=\"prev\" href=\"");
        escape::attr(out, &quire_doc::url::encode(&pages[p - 1].file));
        out.push_str("\"><span class=\"pager-label\">Previous</span> ");
        escape::text(out, &title(p - 1));
        out.push_str("</a>\n");
    }
    if p + 1 < pages.len() {
        out.push_str("<a class=\"next\" rel=\"next\" href=\"");
        escape::attr(out, &quire_doc::url::encode(&pages[p + 1].file));
        out.push_str("\"><span class=\"pager-label\">Next</span> ");
        escape::text(out, &title(p + 1));
        out.push_str("</a>\n");
    }
    out.push_str("</nav>\n");
}

/// `search.js` for the book: one entry per unit of the plain-text projection whose id
/// is on a page.
fn search_index(doc: &Document, pages: &[Page], page_of: &HashMap<&str, usize>) -> String {
    let projection = quire_doc::project(doc);
    let starts: Vec<usize> = projection
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain([projection.text.len()])
        .collect();
    let mut headings: BTreeSet<&str> = BTreeSet::new();
    quire_doc::walk_blocks(&doc.blocks, &mut |b| {
        if matches!(b.kind, BlockKind::Heading { .. }) {
            headings.insert(b.id());
        }
    });
    let mut entries = Vec::new();
    for unit in &projection.units {
        let Some(&page) = page_of.get(unit.id.as_str()) else {
            continue;
        };
        let (a, b) = (unit.range.start, unit.range.end);
        let (Some(&from), Some(&to)) = (starts.get(a), starts.get(b)) else {
            continue;
        };
        let text = projection.text[from..to].trim();
        if text.is_empty() {
            continue;
        }
        entries.push(search::Entry {
            page,
            id: unit.id.clone(),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            heading: headings.contains(unit.id.as_str()),
        });
    }
    let titles: Vec<(String, String)> = pages
        .iter()
        .map(|p| {
            (
                p.file.clone(),
                p.division
                    .map_or_else(|| "Contents".to_string(), |d| d.title.clone()),
            )
        })
        .collect();
    search::index_script(&titles, &entries)
}

#[cfg(test)]
mod tests;
