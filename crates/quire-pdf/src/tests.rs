//! Unit tests of the whole writer on a hand-laid sample, read back with lopdf.

use std::path::Path;

use lopdf::{Document, Object};
use quire_typeset::page::{LinkArea, LinkTarget, PageItem, Rect};
use quire_typeset::{FontBook, Pt};

use crate::{Conformance, PdfError, PdfMeta, PdfOptions, write_pdf};

#[path = "../tests/support/sample.rs"]
mod sample;

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn fixture() -> (FontBook, sample::Sample) {
    let book = sample::book();
    let article = std::fs::read_to_string(workspace().join("source/article.md")).unwrap();
    let paragraphs = sample::article_paragraphs(&article);
    let s = sample::sample(&book, &paragraphs[..6], false);
    (book, s)
}

fn meta() -> PdfMeta {
    PdfMeta {
        title: "A <Sample> & “Test”".into(),
        language: "en".into(),
        identifier: Some("urn:uuid:0000".into()),
        authors: vec!["Ada".into(), "Grace".into()],
        description: Some("Desc".into()),
        keywords: vec!["k1".into()],
        created: crate::PdfDate::from_epoch(1_737_000_000),
        modified: crate::PdfDate::from_epoch(1_737_000_000),
    }
}

fn write(book: &FontBook, s: &sample::Sample, opts: &PdfOptions) -> Vec<u8> {
    write_pdf(&s.paged, book, &meta(), opts).unwrap()
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        o => o,
    }
}

fn get<'a>(doc: &'a Document, d: &'a lopdf::Dictionary, key: &str) -> &'a Object {
    resolve(
        doc,
        d.get(key.as_bytes())
            .unwrap_or_else(|_| panic!("no /{key}")),
    )
}

#[test]
fn output_is_deterministic_and_pdf_17() {
    let (book, s) = fixture();
    let a = write(&book, &s, &PdfOptions::default());
    let b = write(&book, &s, &PdfOptions::default());
    assert_eq!(a, b, "two writes differ");
    assert!(a.starts_with(b"%PDF-1.7"));
    let doc = Document::load_mem(&a).unwrap();
    assert_eq!(doc.get_pages().len(), s.paged.pages.len());
    // The /ID is the content hash, not the placeholder, and both halves agree.
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id[0], id[1]);
    assert_ne!(
        id[0].as_str().unwrap(),
        &[
            0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78,
            0x90, 0x12
        ]
    );
}

#[test]
fn catalog_carries_tags_language_outline_and_metadata() {
    let (book, s) = fixture();
    let bytes = write(&book, &s, &PdfOptions::default());
    let doc = Document::load_mem(&bytes).unwrap();
    let cat = doc.catalog().unwrap();
    assert_eq!(cat.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let mark = get(&doc, cat, "MarkInfo").as_dict().unwrap();
    assert_eq!(mark.get(b"Marked").unwrap(), &Object::Boolean(true));
    let vp = get(&doc, cat, "ViewerPreferences").as_dict().unwrap();
    assert_eq!(vp.get(b"DisplayDocTitle").unwrap(), &Object::Boolean(true));
    assert_eq!(
        cat.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );

    // Outline: nested, in document order, exact destinations.
    let outlines = get(&doc, cat, "Outlines").as_dict().unwrap();
    let first = get(&doc, outlines, "First").as_dict().unwrap();
    let title = |d: &lopdf::Dictionary| d.get(b"Title").unwrap().as_str().unwrap().to_vec();
    assert_eq!(title(first), b"Introduction");
    let child = get(&doc, first, "First").as_dict().unwrap();
    assert_eq!(title(child), b"A narrow quotation");
    let next = get(&doc, first, "Next").as_dict().unwrap();
    assert_eq!(title(next), b"Conclusion");
    let dest = get(&doc, child, "Dest").as_array().unwrap();
    assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
    assert!(dest[3].as_float().unwrap() > 0.0, "a real top coordinate");

    // XMP metadata, escaped, uncompressed.
    let xmp = get(&doc, cat, "Metadata").as_stream().unwrap();
    assert!(xmp.dict.get(b"Filter").is_err());
    let text = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(text.contains("A &lt;Sample&gt; &amp; “Test”"), "{text}");
    assert!(text.contains("<xmp:CreateDate>2025-01-16T04:00:00Z</xmp:CreateDate>"));
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>")
            && text.contains("<pdfuaid:part>1</pdfuaid:part>")
    );

    // Info dictionary.
    let info = get(&doc, &doc.trailer, "Info").as_dict().unwrap();
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20250116040000+00'00'"
    );
    assert!(info.get(b"GTS_PDFXVersion").is_err());

    // Named destinations.
    let names = get(&doc, cat, "Names").as_dict().unwrap();
    let dests = get(&doc, names, "Dests").as_dict().unwrap();
    let list = get(&doc, dests, "Names").as_array().unwrap();
    let keys: Vec<&[u8]> = list
        .iter()
        .step_by(2)
        .map(|k| k.as_str().unwrap())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(keys.contains(&b"fn-1".as_slice()));
}

#[test]
fn structure_tree_covers_content_and_links() {
    let (book, s) = fixture();
    let bytes = write(&book, &s, &PdfOptions::default());
    let doc = Document::load_mem(&bytes).unwrap();
    let cat = doc.catalog().unwrap();
    let root = get(&doc, cat, "StructTreeRoot").as_dict().unwrap();
    let top = get(&doc, root, "K").as_dict().unwrap();
    assert_eq!(top.get(b"S").unwrap().as_name().unwrap(), b"Document");
    // Walk the tree: count roles, find the figure's Alt and the OBJRs.
    let mut roles = Vec::new();
    let mut objr = 0;
    let mut alt = None;
    let mut stack = vec![top];
    while let Some(e) = stack.pop() {
        roles.push(String::from_utf8_lossy(e.get(b"S").unwrap().as_name().unwrap()).to_string());
        if let Ok(a) = e.get(b"Alt") {
            alt = Some(a.as_str().unwrap().to_vec());
        }
        for k in get(&doc, e, "K").as_array().unwrap() {
            match resolve(&doc, k) {
                Object::Dictionary(d) if d.has(b"S") => stack.push(d),
                Object::Dictionary(d) if d.get(b"Type").unwrap().as_name().unwrap() == b"OBJR" => {
                    objr += 1;
                }
                _ => {}
            }
        }
    }
    for role in [
        "H1",
        "H2",
        "P",
        "BlockQuote",
        "Figure",
        "Caption",
        "Link",
        "Note",
        "Code",
        "Reference",
    ] {
        assert!(
            roles.iter().any(|r| r == role),
            "{role} missing in {roles:?}"
        );
    }
    assert_eq!(
        alt.as_deref(),
        Some(b"A small four-colour test square".as_slice())
    );
    assert!(objr >= 3, "link annotations are tagged ({objr})");
    let ptree = get(&doc, root, "ParentTree").as_dict().unwrap();
    let nums = ptree.get(b"Nums").unwrap().as_array().unwrap();
    assert!(nums.len() >= 2 * s.paged.pages.len());

    // Pages: boxes, tab order, annotations without borders.
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
        assert!(page.has(b"TrimBox") && page.has(b"BleedBox"));
        if let Ok(annots) = page.get(b"Annots") {
            for a in annots.as_array().unwrap() {
                let a = resolve(&doc, a).as_dict().unwrap();
                let border: Vec<i64> = a
                    .get(b"Border")
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o.as_i64().unwrap())
                    .collect();
                assert_eq!(border, vec![0, 0, 0]);
                assert!(a.has(b"Contents") && a.has(b"StructParent"));
            }
        }
    }
}

#[test]
fn fonts_are_subset_with_tags_and_ligatures_map_to_their_letters() {
    let (book, s) = fixture();
    let bytes = write(&book, &s, &PdfOptions::default());
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    let doc = Document::load_mem(&bytes).unwrap();
    let mut fonts = 0;
    let mut all_cmaps = String::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        fonts += 1;
        let base =
            String::from_utf8_lossy(d.get(b"BaseFont").unwrap().as_name().unwrap()).to_string();
        assert_eq!(base.as_bytes()[6], b'+', "{base}");
        assert!(base[..6].chars().all(|c| c.is_ascii_uppercase()), "{base}");
        let mut cmap = get(&doc, d, "ToUnicode").as_stream().unwrap().clone();
        let _ = cmap.decompress();
        all_cmaps.push_str(&String::from_utf8_lossy(&cmap.content));
    }
    assert!(fonts >= 4, "{fonts} fonts");
    // "ffi" as UTF-16BE, from the ligature glyph of "office"/"efficient".
    assert!(
        all_cmaps.contains("<006600660069>"),
        "no ffi ligature mapping"
    );
}

#[test]
fn print_pages_have_bleed_and_trim_inside_the_media_box() {
    let (book, _) = fixture();
    let article = std::fs::read_to_string(workspace().join("source/article.md")).unwrap();
    let s = sample::sample(&book, &sample::article_paragraphs(&article)[..2], true);
    let bytes = write(&book, &s, &PdfOptions::default());
    let doc = Document::load_mem(&bytes).unwrap();
    let (_, id) = doc.get_pages().into_iter().next().unwrap();
    let page = doc.get_dictionary(id).unwrap();
    let nums = |k: &[u8]| -> Vec<f32> {
        page.get(k)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect()
    };
    let (media, trim, bleed) = (nums(b"MediaBox"), nums(b"TrimBox"), nums(b"BleedBox"));
    assert!(bleed[0] < trim[0] && trim[0] > media[0] && bleed[0] > media[0]);
    assert!((trim[2] - trim[0] - 595.276).abs() < 0.01, "{trim:?}");
    assert!(
        (trim[0] - bleed[0] - 8.504).abs() < 0.01,
        "{trim:?} {bleed:?}"
    );
}

#[test]
fn options_and_claims() {
    let (book, s) = fixture();
    let opts = PdfOptions {
        compress: false,
        object_streams: false,
        conformance: Conformance {
            pdf_ua: true,
            pdf_a: true,
        },
        ..PdfOptions::default()
    };
    let bytes = write(&book, &s, &opts);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(text.contains("/GTS_PDFA1"));
    assert!(text.contains("/ActualText"));
    assert!(text.contains("/Artifact"));
    assert!(text.contains("]TJ"), "glyphs are shown with TJ");
    let doc = Document::load_mem(&bytes).unwrap();
    assert!(doc.catalog().unwrap().has(b"OutputIntents"));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let (book, mut s) = fixture();
    assert!(matches!(
        write_pdf(&Default::default(), &book, &meta(), &PdfOptions::default()),
        Err(PdfError::NoPages)
    ));
    s.paged.pages[0].items.push(PageItem::Link(LinkArea {
        rect: Rect {
            x: Pt(0.0),
            y: Pt(0.0),
            width: Pt(1.0),
            height: Pt(1.0),
        },
        target: LinkTarget::Anchor("nowhere".into()),
        owner: None,
    }));
    assert!(matches!(
        write_pdf(&s.paged, &book, &meta(), &PdfOptions::default()),
        Err(PdfError::UnknownAnchor(a)) if a == "nowhere"
    ));
}

#[test]
fn page_content_does_not_depend_on_the_number_of_threads() {
    let book = FontBook::quire_default().unwrap();
    let src = std::fs::read_to_string(workspace().join("source/article.md")).unwrap();
    let doc = quire_markdown::parse(quire_doc::FileId(0), "article.md", &src)
        .unwrap()
        .document;
    let paged =
        quire_typeset::layout(&doc, &quire_doc::Assets::new(), &book, &Default::default()).unwrap();
    let fonts = crate::fonts::embed(&paged, &book, true).unwrap();
    let images = crate::images::prepare(&paged).unwrap();
    assert!(paged.pages.len() >= 3, "the article spans several pages");
    let one = crate::content::build_on(&paged, &fonts, &images, true, 1).unwrap();
    for threads in [2, 3, paged.pages.len() + 5] {
        let many = crate::content::build_on(&paged, &fonts, &images, true, threads).unwrap();
        assert_eq!(many.events, one.events, "{threads} threads");
        assert_eq!(many.page_mcids, one.page_mcids);
        assert_eq!(many.links, one.links);
        assert_eq!(many.dests, one.dests);
        assert_eq!(many.node_text, one.node_text);
        for (a, b) in many.contents.iter().zip(&one.contents) {
            assert_eq!((&a.bytes, a.compressed), (&b.bytes, b.compressed));
        }
    }
}

#[test]
fn every_object_is_referenced_and_numbered_without_gaps() {
    let (book, s) = fixture();
    let bytes = write(&book, &s, &PdfOptions::default());
    let mut doc = Document::load_mem(&bytes).unwrap();
    let count = doc.objects.len();
    // Object streams and the cross-reference stream hold the others; nothing refers to
    // them by number.
    let is_container = |o: &Object| {
        o.as_stream().is_ok_and(|s| {
            matches!(s.dict.get(b"Type"), Ok(Object::Name(n)) if n == b"ObjStm" || n == b"XRef")
        })
    };
    let containers: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, o)| is_container(o))
        .map(|(id, _)| *id)
        .collect();
    let mut pruned = doc.prune_objects();
    pruned.sort();
    assert_eq!(pruned, containers, "only containers are unreferenced");
    assert_eq!(
        usize::try_from(doc.max_id).unwrap(),
        count,
        "numbers 1..=n, no gaps"
    );
}
