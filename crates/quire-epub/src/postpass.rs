//! The post-pass: epub-builder's finished archive in, the book out.
//!
//! epub-builder writes a sound EPUB 3 skeleton, but EPUBCheck 5 and Ace find faults in
//! what it generates itself, and a few things the book needs cannot be said through its
//! API (see `../shared/NOTES.md`, re-checked with epub-builder 0.8.3). This pass mends
//! exactly those, in the documents epub-builder generates itself, and copies every other
//! entry through untouched (compressed bytes included: nothing is compressed twice):
//!
//! - `content.opf`:
//!   - `<package>` has no `xml:lang` (Ace): the book's language is added;
//!   - `<dc:language id="epub-creator-0">` repeats the id of the first `<dc:creator>`
//!     (EPUBCheck: duplicate id): it becomes `epub-language-0`;
//!   - there is no setter for `dc:source`, `dc:publisher`, a subtitle or an identifier
//!     that is not a UUID: they are appended to `<metadata>` ([`Patches::metadata`]);
//!   - manifest items get no `properties` besides `nav` and `cover-image`: `svg` and
//!     `mathml` are added to the items listed in [`Patches::properties`].
//! - `nav.xhtml` and `toc.xhtml` (the Contents page in the spine, the same template):
//!   - `<html>` has no `lang`/`xml:lang` (Ace): the book's language is added;
//!   - `<nav epub:type="toc">` has no `role="doc-toc"` (Ace): added, labelled by the
//!     heading epub-builder writes (`toc-title`);
//!   - the landmarks `<nav>` has no label (Ace: two unlabelled `nav`s) and is shown:
//!     `aria-label="Landmarks"` and `hidden` (reading systems read it all the same).
//! - `toc.ncx`: no `dtb:uid`, `dtb:depth` fixed at 1, and the title is the TOC's name: the
//!   book's identifier, the real depth and the book's title are written.
//!
//! One more defect is handled at the input instead: epub-builder writes the content of a
//! custom `<meta property>` unescaped, so `package.rs` escapes it before handing it over.
//!
//! The documents are patched as XML, with quick-xml's event reader and writer: each
//! event is written back as read except the few start tags changed, so the patch does
//! not depend on epub-builder's spacing or attribute order, unchanged markup stays byte
//! for byte as epub-builder wrote it, and a document that is not well-formed stops the
//! build instead of shipping. A patch that finds nothing to change (a new epub-builder
//! version, say) is an error too, so a silent no-op cannot hide behind a green build.
//!
//! The container is then written again with the `zip` crate, as OCF and reproducible
//! builds want it: `mimetype` first, stored, without extra fields; every entry dated
//! 1980-01-01 00:00 with fixed permissions, whatever epub-builder or the `zip` crate's
//! features would have stamped; entries in epub-builder's order.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::reader::Reader;
use quick_xml::writer::Writer;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::EpubError;

/// Where epub-builder puts the documents it generates.
const OPF: &str = "OEBPS/content.opf";
const NAV: &str = "OEBPS/nav.xhtml";
const INLINE_TOC: &str = "OEBPS/toc.xhtml";
const NCX: &str = "OEBPS/toc.ncx";
/// The manifest id epub-builder gives the Contents page.
const INLINE_TOC_ID: &str = "id_toc.xhtml";
const MIMETYPE: &[u8] = b"application/epub+zip";
/// Permissions of every entry (rw-r--r--).
const MODE: u32 = 0o644;

/// What the post-pass needs to know about the book.
#[derive(Debug, Default)]
pub struct Patches<'a> {
    /// The book's language (BCP 47).
    pub language: &'a str,
    /// The unique identifier, exactly as in the package document (`urn:uuid:…`).
    pub identifier: &'a str,
    /// The book's title.
    pub title: &'a str,
    /// Nesting depth of the table of contents.
    pub toc_depth: usize,
    /// Metadata elements to append to `<metadata>`, in this order.
    pub metadata: Vec<ExtraMeta>,
    /// Manifest `properties` to add, by `href` relative to the package document.
    pub properties: BTreeMap<String, &'static str>,
    /// The print edition's pages, for the navigation document's page list: (the page's
    /// label as printed, `file#id` of where it begins). Empty: no page list.
    pub page_list: Vec<(String, String)>,
}

/// A metadata element to append to the package document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtraMeta {
    /// A Dublin Core element: `<dc:{name} id="{id}">{text}</dc:{name}>` (`id` left out when
    /// empty).
    Dc {
        /// Element name without the prefix (`source`, `publisher`, `title`, `identifier`).
        name: &'static str,
        /// The `id`, or empty.
        id: &'static str,
        /// The text.
        text: String,
    },
    /// `<meta property="{property}">{text}</meta>`.
    Meta {
        /// The property (`pageBreakSource`).
        property: &'static str,
        /// The value.
        text: String,
    },
    /// `<meta refines="#{id}" property="{property}">{text}</meta>`.
    Refine {
        /// The id refined, without `#`.
        id: &'static str,
        /// The property (`title-type`).
        property: &'static str,
        /// The value.
        text: &'static str,
    },
}

fn container_error(e: impl std::fmt::Display) -> EpubError {
    EpubError::Container(format!("post-pass: {e}"))
}

/// Patches epub-builder's archive `archive` and writes the final container.
pub fn finish(archive: &[u8], p: &Patches<'_>) -> Result<Vec<u8>, EpubError> {
    let mut input = ZipArchive::new(Cursor::new(archive)).map_err(container_error)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(archive.len() + 4096)));
    let fixed = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(MODE);
    out.start_file(
        "mimetype",
        fixed.compression_method(CompressionMethod::Stored),
    )
    .map_err(container_error)?;
    out.write_all(MIMETYPE).map_err(container_error)?;
    for i in 0..input.len() {
        let name = input
            .name_for_index(i)
            .ok_or_else(|| container_error("unnamed entry"))?
            .to_string();
        let patch: fn(&str, &Patches<'_>) -> Result<String, EpubError> = match name.as_str() {
            "mimetype" => continue,
            OPF => opf,
            NAV => nav,
            INLINE_TOC => inline_toc,
            NCX => ncx,
            _ => {
                let entry = input.by_index_raw(i).map_err(container_error)?;
                out.raw_copy_file_touch(entry, DateTime::default(), Some(MODE))
                    .map_err(container_error)?;
                continue;
            }
        };
        let mut text = String::new();
        input
            .by_index(i)
            .map_err(container_error)?
            .read_to_string(&mut text)
            .map_err(container_error)?;
        let patched = patch(&text, p).map_err(|e| match e {
            EpubError::Container(m) => EpubError::Container(format!("{name}: {m}")),
        })?;
        out.start_file(
            name.as_str(),
            fixed.compression_method(CompressionMethod::Deflated),
        )
        .map_err(container_error)?;
        out.write_all(patched.as_bytes()).map_err(container_error)?;
    }
    Ok(out.finish().map_err(container_error)?.into_inner())
}

/// Rewrites `xml` event by event: `edit` sees each event and writes what replaces it.
/// Returns the new document and how many events `edit` reported as changed.
fn rewrite(
    xml: &str,
    mut edit: impl FnMut(Event<'_>, &mut Writer<Vec<u8>>) -> std::io::Result<bool>,
) -> Result<(String, usize), EpubError> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 1024));
    let mut changed = 0;
    loop {
        match reader.read_event().map_err(container_error)? {
            Event::Eof => break,
            event => {
                if edit(event, &mut writer).map_err(container_error)? {
                    changed += 1;
                }
            }
        }
    }
    let text = String::from_utf8(writer.into_inner()).map_err(container_error)?;
    Ok((text, changed))
}

/// `e` with attribute `key` set to `value` (replacing any value it had).
fn with_attr(e: &BytesStart<'_>, key: &str, value: &str) -> BytesStart<'static> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut out = BytesStart::new(name);
    for attr in e.attributes().with_checks(false).flatten() {
        if attr.key.as_ref() != key.as_bytes() {
            out.push_attribute(attr);
        }
    }
    out.push_attribute((key, value));
    out
}

/// The raw (still escaped) value of attribute `key`.
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn expect(what: &str, found: usize, wanted: usize) -> Result<(), EpubError> {
    if found < wanted {
        return Err(container_error(format!(
            "epub-builder's output changed: {what} not found"
        )));
    }
    Ok(())
}

/// The package document.
fn opf(xml: &str, p: &Patches<'_>) -> Result<String, EpubError> {
    let mut properties_added = 0;
    let (text, changed) = rewrite(xml, |event, w| {
        let changed = match &event {
            Event::Start(e) if e.name().as_ref() == b"package" => {
                w.write_event(Event::Start(with_attr(e, "xml:lang", p.language)))?;
                true
            }
            Event::Start(e) if e.name().as_ref() == b"dc:language" => {
                let id = attr(e, "id").unwrap_or_default();
                let id = id.replacen("epub-creator-", "epub-language-", 1);
                w.write_event(Event::Start(with_attr(e, "id", &id)))?;
                true
            }
            Event::End(e) if e.name().as_ref() == b"metadata" => {
                for meta in &p.metadata {
                    write_meta(w, meta)?;
                }
                w.write_event(event.clone())?;
                true
            }
            // The Contents page is reached from the navigation and the title page, not by
            // paging through it before the first line of the text.
            Event::Empty(e)
                if e.name().as_ref() == b"itemref"
                    && attr(e, "idref").as_deref() == Some(INLINE_TOC_ID) =>
            {
                w.write_event(Event::Empty(with_attr(e, "linear", "no")))?;
                true
            }
            Event::Empty(e) if e.name().as_ref() == b"item" => {
                let href = attr(e, "href").unwrap_or_default();
                match p.properties.get(&href) {
                    Some(props) => {
                        let all = match attr(e, "properties") {
                            Some(old) => format!("{old} {props}"),
                            None => (*props).to_string(),
                        };
                        w.write_event(Event::Empty(with_attr(e, "properties", &all)))?;
                        properties_added += 1;
                        false
                    }
                    None => {
                        w.write_event(event.clone())?;
                        false
                    }
                }
            }
            _ => {
                w.write_event(event.clone())?;
                false
            }
        };
        Ok(changed)
    })?;
    // package, metadata end, one dc:language and the Contents page's itemref.
    expect(
        "<package>, <dc:language>, </metadata> or the Contents itemref",
        changed,
        4,
    )?;
    expect(
        "a manifest item for `properties`",
        properties_added,
        p.properties.len(),
    )?;
    Ok(text)
}

fn write_meta(w: &mut Writer<Vec<u8>>, meta: &ExtraMeta) -> std::io::Result<()> {
    let (start, text) = match meta {
        ExtraMeta::Dc { name, id, text } => {
            let mut e = BytesStart::new(format!("dc:{name}"));
            if !id.is_empty() {
                e.push_attribute(("id", *id));
            }
            (e, text.as_str())
        }
        ExtraMeta::Meta { property, text } => {
            let mut e = BytesStart::new("meta");
            e.push_attribute(("property", *property));
            (e, text.as_str())
        }
        ExtraMeta::Refine { id, property, text } => {
            let mut e = BytesStart::new("meta");
            e.push_attribute(("refines", format!("#{id}").as_str()));
            e.push_attribute(("property", *property));
            (e, *text)
        }
    };
    let end = start.to_end().into_owned();
    w.write_event(Event::Text(BytesText::from_escaped("  ")))?;
    w.write_event(Event::Start(start))?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(end))?;
    w.write_event(Event::Text(BytesText::from_escaped("\n  ")))?;
    Ok(())
}

/// The navigation document and the Contents page (the same template).
fn nav(xml: &str, p: &Patches<'_>) -> Result<String, EpubError> {
    nav_with(xml, p, true)
}

/// The Contents page: the navigation document's template, without the page list.
fn inline_toc(xml: &str, p: &Patches<'_>) -> Result<String, EpubError> {
    nav_with(xml, p, false)
}

fn nav_with(xml: &str, p: &Patches<'_>, page_list: bool) -> Result<String, EpubError> {
    let (text, changed) = rewrite(xml, |event, w| {
        let changed = match &event {
            Event::Start(e) if e.name().as_ref() == b"html" => {
                let e = with_attr(e, "lang", p.language);
                w.write_event(Event::Start(with_attr(&e, "xml:lang", p.language)))?;
                true
            }
            Event::Start(e) if e.name().as_ref() == b"nav" => {
                match attr(e, "epub:type").as_deref() {
                    Some("toc") => {
                        let e = with_attr(e, "role", "doc-toc");
                        w.write_event(Event::Start(with_attr(&e, "aria-labelledby", "toc-title")))?;
                    }
                    Some("landmarks") => {
                        let e = with_attr(e, "aria-label", "Landmarks");
                        w.write_event(Event::Start(with_attr(&e, "hidden", "hidden")))?;
                    }
                    _ => w.write_event(event.clone())?,
                }
                true
            }
            Event::End(e)
                if e.name().as_ref() == b"body" && page_list && !p.page_list.is_empty() =>
            {
                write_page_list(w, &p.page_list)?;
                w.write_event(event.clone())?;
                false
            }
            _ => {
                w.write_event(event.clone())?;
                false
            }
        };
        Ok(changed)
    })?;
    expect("<html> and both <nav>s", changed, 3)?;
    Ok(text)
}

/// The page list: `<nav epub:type="page-list">`, hidden (reading systems offer it as
/// "go to page"), one entry per printed page.
fn write_page_list(w: &mut Writer<Vec<u8>>, pages: &[(String, String)]) -> std::io::Result<()> {
    let mut nav = BytesStart::new("nav");
    nav.push_attribute(("epub:type", "page-list"));
    nav.push_attribute(("role", "doc-pagelist"));
    nav.push_attribute(("aria-label", "Page list"));
    nav.push_attribute(("hidden", "hidden"));
    w.write_event(Event::Start(nav))?;
    w.write_event(Event::Start(BytesStart::new("ol")))?;
    for (label, href) in pages {
        w.write_event(Event::Start(BytesStart::new("li")))?;
        let mut a = BytesStart::new("a");
        a.push_attribute(("href", href.as_str()));
        w.write_event(Event::Start(a))?;
        w.write_event(Event::Text(BytesText::new(label)))?;
        w.write_event(Event::End(quick_xml::events::BytesEnd::new("a")))?;
        w.write_event(Event::End(quick_xml::events::BytesEnd::new("li")))?;
    }
    w.write_event(Event::End(quick_xml::events::BytesEnd::new("ol")))?;
    w.write_event(Event::End(quick_xml::events::BytesEnd::new("nav")))?;
    Ok(())
}

/// The NCX.
fn ncx(xml: &str, p: &Patches<'_>) -> Result<String, EpubError> {
    let mut in_doc_title = false;
    let mut replacing = false;
    let depth = p.toc_depth.max(1).to_string();
    let (text, changed) = rewrite(xml, |event, w| {
        let changed = match &event {
            Event::Empty(e)
                if e.name().as_ref() == b"meta"
                    && attr(e, "name").as_deref() == Some("dtb:depth") =>
            {
                let mut uid = BytesStart::new("meta");
                uid.push_attribute(("name", "dtb:uid"));
                uid.push_attribute(("content", p.identifier));
                w.write_event(Event::Empty(uid))?;
                w.write_event(Event::Text(BytesText::from_escaped("\n    ")))?;
                w.write_event(Event::Empty(with_attr(e, "content", &depth)))?;
                true
            }
            Event::Start(e) if e.name().as_ref() == b"docTitle" => {
                in_doc_title = true;
                w.write_event(event.clone())?;
                false
            }
            Event::End(e) if e.name().as_ref() == b"docTitle" => {
                in_doc_title = false;
                w.write_event(event.clone())?;
                false
            }
            Event::Start(e) if in_doc_title && e.name().as_ref() == b"text" => {
                w.write_event(event.clone())?;
                w.write_event(Event::Text(BytesText::new(p.title)))?;
                replacing = true;
                true
            }
            Event::End(e) if replacing && e.name().as_ref() == b"text" => {
                replacing = false;
                w.write_event(event.clone())?;
                false
            }
            _ if replacing => false,
            _ => {
                w.write_event(event.clone())?;
                false
            }
        };
        Ok(changed)
    })?;
    expect("dtb:depth and the docTitle", changed, 2)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patches() -> Patches<'static> {
        Patches {
            language: "fr",
            identifier: "urn:uuid:0b5c3f2e-8f4a-4d7e-9c61-2f7d1e3a9b10",
            title: "A & B",
            toc_depth: 2,
            metadata: vec![
                ExtraMeta::Dc {
                    name: "source",
                    id: "",
                    text: "<Journal> & co".into(),
                },
                ExtraMeta::Refine {
                    id: "subtitle",
                    property: "title-type",
                    text: "subtitle",
                },
            ],
            properties: [("cover.xhtml".to_string(), "svg")].into(),
            page_list: Vec::new(),
        }
    }

    /// Shaped like epub-builder 0.8.3's templates, spacing included.
    const OPF_IN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<package version="3.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="epub-id-1">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier id="epub-id-1">urn:uuid:0b5c3f2e-8f4a-4d7e-9c61-2f7d1e3a9b10</dc:identifier>
    <dc:title>A &amp; B</dc:title>
    <dc:language id="epub-creator-0">fr</dc:language>
    <dc:creator id="epub-creator-0">Ann</dc:creator>
    <meta property="schema:accessibilitySummary">Fish &amp; chips</meta>
  </metadata>
  <manifest>
    <item media-type="application/xhtml+xml" id="id_cover_xhtml" href="cover.xhtml"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="id_toc.xhtml"/>
  </spine>
</package>
"#;

    #[test]
    fn the_package_gets_its_language_unique_ids_metadata_and_properties() {
        let out = opf(OPF_IN, &patches()).unwrap();
        assert!(
            out.contains(r#"unique-identifier="epub-id-1" xml:lang="fr">"#),
            "{out}"
        );
        assert!(out.contains(r#"<dc:language id="epub-language-0">fr</dc:language>"#));
        assert!(out.contains(r#"<dc:creator id="epub-creator-0">Ann</dc:creator>"#));
        assert!(
            out.contains("<dc:source>&lt;Journal&gt; &amp; co</dc:source>"),
            "{out}"
        );
        assert!(
            out.contains(r##"<meta refines="#subtitle" property="title-type">subtitle</meta>"##)
        );
        assert!(
            out.contains(r#"href="cover.xhtml" properties="svg"/>"#),
            "{out}"
        );
        assert!(out.contains(r#"<itemref idref="id_toc.xhtml" linear="no"/>"#));
        // Everything else is as epub-builder wrote it.
        assert!(
            out.contains("<meta property=\"schema:accessibilitySummary\">Fish &amp; chips</meta>")
        );
        assert!(out.contains("<dc:title>A &amp; B</dc:title>"));
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package"));
    }

    #[test]
    fn a_patch_that_finds_nothing_is_an_error() {
        assert!(opf("<package><metadata/></package>", &patches()).is_err());
        assert!(nav("<html><body/></html>", &patches()).is_err());
        assert!(
            opf("<package><metadata></package>", &patches()).is_err(),
            "ill-formed"
        );
    }

    #[test]
    fn the_navigation_gets_language_roles_and_labels() {
        let input = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\n<body>\n  <nav epub:type = \"toc\" id=\"toc\">\n    <h1 id=\"toc-title\">Contents</h1>\n  </nav>\n  <nav epub:type = \"landmarks\">\n  </nav>\n</body>\n</html>\n";
        let out = nav(input, &patches()).unwrap();
        assert!(
            out.contains(
                "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"fr\" xml:lang=\"fr\">"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "<nav epub:type=\"landmarks\" aria-label=\"Landmarks\" hidden=\"hidden\">"
            ),
            "{out}"
        );
        assert!(out.contains("<!DOCTYPE html>"));
    }

    #[test]
    fn the_ncx_gets_uid_depth_and_title() {
        let input = "<ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">\n  <head>\n    <meta name=\"dtb:depth\" content=\"1\" />\n  </head>\n  <docTitle>\n    <text>Contents</text>\n  </docTitle>\n</ncx>";
        let out = ncx(input, &patches()).unwrap();
        assert!(out.contains("<meta name=\"dtb:uid\" content=\"urn:uuid:0b5c3f2e-8f4a-4d7e-9c61-2f7d1e3a9b10\"/>\n    <meta name=\"dtb:depth\" content=\"2\"/>"), "{out}");
        assert!(out.contains("<text>A &amp; B</text>"), "{out}");
        assert!(!out.contains("Contents"));
    }
}
