//! Images in print (`tests/fixtures/images/`): a paragraph that is only an image is a
//! block image sized from its pixels and resolution, centred and never wider than the
//! measure; SVG, hand-written and the Rust book's figures, is placed as vector graphics
//! (a Form XObject of path operators, no raster); every placed image is a `Figure` with
//! its alternative text; the file stays PDF/UA-1 and PDF/A-2b and reproducible.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Document, Object};
use quire_tests::root;

use super::pdf_conformance::validate;
use super::pdf_edition::build;

fn fixture() -> String {
    root()
        .join("tests/fixtures/images/input.md")
        .to_string_lossy()
        .into_owned()
}

/// One `Do` of an XObject on a page: its resource name and the `cm` before it.
#[derive(Debug)]
struct Placed {
    page: usize,
    name: String,
    width: f64,
    height: f64,
    x: f64,
}

fn number(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => panic!("a number expected, not {o:?}"),
    }
}

/// Every XObject drawn on the pages, in painting order.
fn placed(doc: &Document) -> Vec<Placed> {
    let mut out = Vec::new();
    for (page, (_, id)) in doc.get_pages().into_iter().enumerate() {
        let content = Content::decode(&doc.get_page_content(id)).unwrap();
        let mut cm = [0.0; 6];
        for op in &content.operations {
            match op.operator.as_str() {
                "cm" => {
                    for (slot, o) in cm.iter_mut().zip(&op.operands) {
                        *slot = number(o);
                    }
                }
                "Do" => out.push(Placed {
                    page,
                    name: String::from_utf8(op.operands[0].as_name().unwrap().to_vec()).unwrap(),
                    width: cm[0],
                    height: cm[3],
                    x: cm[4],
                }),
                _ => {}
            }
        }
    }
    out
}

fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// The `/Alt` of every `Figure` structure element.
fn figure_alts(doc: &Document) -> Vec<String> {
    let mut alts = Vec::new();
    for object in doc.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        let is_figure = d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Figure");
        if is_figure && let Ok(Object::String(alt, _)) = d.get(b"Alt") {
            alts.push(text_string(alt));
        }
    }
    alts.sort();
    alts
}

/// XObject dictionaries by subtype (`Image`, `Form`).
fn xobjects(doc: &Document) -> BTreeMap<String, usize> {
    let mut count = BTreeMap::new();
    for object in doc.objects.values() {
        let Ok(s) = object.as_stream() else { continue };
        if let Ok(sub) = s.dict.get(b"Subtype").and_then(Object::as_name) {
            *count
                .entry(String::from_utf8_lossy(sub).into_owned())
                .or_insert(0) += 1;
        }
    }
    count
}

#[test]
fn block_images_are_sized_from_their_pixels_and_resolution_and_centred() {
    let (_dir, pdf) = build(&fixture(), &[]);
    let doc = Document::load(&pdf).unwrap();
    let all = placed(&doc);
    let raster: Vec<&Placed> = all.iter().filter(|p| p.name.starts_with("Im")).collect();
    // 300 × 150 pixels at 72, 96 and 300 dpi: 300, 225 and 72 points wide.
    let close = |a: f64, b: f64| (a - b).abs() < 0.01;
    let sizes: Vec<(f64, f64)> = raster.iter().map(|p| (p.width, p.height)).collect();
    for (got, want) in sizes
        .iter()
        .zip([(300.0, 150.0), (225.0, 112.5), (72.0, 36.0)])
    {
        assert!(
            close(got.0, want.0) && close(got.1, want.1),
            "{got:?} ≠ {want:?}"
        );
    }
    // 1,600 × 200 at 96 dpi would be 1,200 points: scaled down to the measure, 8 : 1 kept.
    let wide = raster[3];
    let page_width = 420.0; // A5, the default: well under 1,200 points.
    assert!(
        wide.width < page_width && wide.width > page_width / 2.0,
        "{wide:?}"
    );
    assert!(close(wide.width / wide.height, 8.0), "{wide:?}");
    // All centred on the same axis, the measure's.
    let centre = wide.x + wide.width / 2.0;
    for p in &raster[..3] {
        assert!(close(p.x + p.width / 2.0, centre), "{p:?} not centred");
    }
    // The inline icon stays a line-high object (the last image placed).
    let icon = raster.last().unwrap();
    assert!(icon.height < 20.0, "{icon:?}");
    assert_eq!(icon.name, raster[1].name, "one XObject per image file");
}

#[test]
fn svg_is_placed_as_vector_graphics_with_its_alternative_text() {
    let (_dir, pdf) = build(&fixture(), &[]);
    let doc = Document::load(&pdf).unwrap();
    let svgs: Vec<Placed> = placed(&doc)
        .into_iter()
        .filter(|p| p.name.starts_with("Sv"))
        .collect();
    assert_eq!(
        svgs.len(),
        8,
        "the hand-written SVG and seven figures: {svgs:?}"
    );
    // shapes.svg is 400 × 240 CSS pixels: 300 × 180 points, under the measure.
    assert!((svgs[0].width - 300.0).abs() < 0.01 && (svgs[0].height - 180.0).abs() < 0.01);
    assert!(svgs.windows(2).all(|w| w[0].page <= w[1].page));
    // Each is a Form XObject drawn with path operators; no raster stands in for one.
    let page = doc.get_pages()[&(svgs[0].page as u32 + 1)];
    let (inline, shared) = doc.get_page_resources(page).unwrap();
    let resources = inline.unwrap_or_else(|| doc.get_dictionary(shared[0]).unwrap());
    let xobject_dict = resources
        .get(b"XObject")
        .and_then(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id),
            o => o.as_dict(),
        })
        .unwrap();
    for p in &svgs {
        let id = xobject_dict
            .get(p.name.as_bytes())
            .unwrap()
            .as_reference()
            .unwrap();
        let form = doc.get_object(id).unwrap().as_stream().unwrap();
        assert_eq!(
            form.dict.get(b"Subtype").unwrap().as_name().unwrap(),
            b"Form"
        );
        let ops = Content::decode(
            &form
                .decompressed_content()
                .unwrap_or_else(|_| form.content.clone()),
        )
        .unwrap();
        let paths = ops
            .operations
            .iter()
            .filter(|o| matches!(o.operator.as_str(), "m" | "l" | "c" | "re" | "h"))
            .count();
        assert!(paths > 10, "{}: {paths} path operators", p.name);
    }
    let kinds = xobjects(&doc);
    assert_eq!(
        kinds.get("Image"),
        Some(&4),
        "only the four PNGs are raster: {kinds:?}"
    );
    // No font for SVG text: it is drawn as outlines.
    let text = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    assert!(!text.contains("Times"), "no font of the SVGs is referenced");

    let alts = figure_alts(&doc);
    for alt in [
        "A test card at 72 dpi",
        "A wide strip wider than the measure",
        "Shapes drawn in SVG",
        "A String in memory",
        "A string slice of a literal",
    ] {
        assert!(
            alts.iter().any(|a| a == alt),
            "no Figure with /Alt {alt:?}: {alts:?}"
        );
    }
}

#[test]
fn pdf_with_svg_figures_is_pdf_ua_1_pdf_a_2b_qpdf_clean_and_reproducible() {
    let (_dir, pdf) = build(&fixture(), &[]);
    // Several builds: svg2pdf's resource dictionaries come in hash-map order, so two
    // equal builds could be luck.
    let first = std::fs::read(&pdf).unwrap();
    for _ in 0..4 {
        let (_again, again) = build(&fixture(), &[]);
        assert!(first == std::fs::read(&again).unwrap(), "two builds differ");
    }
    if let Some(qpdf) = quire_tests::require_program("qpdf", "apt-get install qpdf") {
        let out = std::process::Command::new(qpdf)
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{report}");
        assert!(
            report.contains("No syntax or stream encoding errors"),
            "{report}"
        );
    }
    validate(&pdf, "ua1");
    validate(&pdf, "2b");
}

/// The `<img …>` tags of `markup` (their `src` dropped).
fn img_tags(markup: &str) -> Vec<String> {
    markup
        .split("<img ")
        .skip(1)
        .map(|t| {
            let tag = &t[..t.find('>').unwrap()];
            let without_src = tag.find(" alt=").map_or(tag, |i| &tag[i + 1..]);
            without_src.trim_end_matches('/').trim().to_string()
        })
        .collect()
}

#[test]
fn web_and_ebook_show_block_images_at_their_intrinsic_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = quire_tests::quire(&[
        "build",
        &fixture(),
        "--to",
        "html,epub",
        "--quiet",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = dir.path().join("input.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let tags = img_tags(&html);
    // CSS pixels = pixels × 96 / dpi; an SVG's own size (the Rust book's: its viewBox).
    for want in [
        r#"alt="A test card at 72 dpi" width="400" height="200""#,
        r#"alt="A test card at 96 dpi" width="300" height="150""#,
        r#"alt="A test card at 300 dpi" width="96" height="48""#,
        r#"alt="A wide strip wider than the measure" width="1600" height="200""#,
        r#"alt="Shapes drawn in SVG" width="400" height="240""#,
        r#"alt="A String in memory" width="1000" height="700""#,
    ] {
        assert!(
            tags.iter().any(|t| t == want),
            "no <img {want}> in {tags:#?}"
        );
    }
    assert_eq!(html.matches("class=\"block-image\"").count(), 5);
    assert!(html.contains("p.block-image {"), "styled");
    super::html::nu_check(&page);

    let epub = std::fs::read(dir.path().join("input.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut xhtml = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut f, &mut xhtml).unwrap();
        }
    }
    let tags = img_tags(&xhtml);
    assert!(
        tags.iter()
            .any(|t| t == r#"alt="A test card at 300 dpi" width="96" height="48""#),
        "{tags:#?}"
    );
}

#[test]
fn a_block_image_with_an_empty_alt_is_decoration_in_print() {
    let dir = tempfile::tempdir().unwrap();
    let images = root().join("tests/fixtures/images");
    std::fs::copy(images.join("dpi96.png"), dir.path().join("card.png")).unwrap();
    let source = dir.path().join("decor.md");
    std::fs::write(
        &source,
        "---\ntitle: Decor\n---\n\nText.\n\n![](card.png)\n",
    )
    .unwrap();
    let (_out, pdf) = build(source.to_str().unwrap(), &[]);
    let doc = Document::load(&pdf).unwrap();
    let drawn = placed(&doc);
    assert_eq!(drawn.len(), 1, "{drawn:?}");
    assert!((drawn[0].width - 225.0).abs() < 0.01);
    let figures = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Figure"))
        .count();
    assert_eq!(figures, 0, "no Figure element without alternative text");
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let ops = Content::decode(&doc.get_page_content(page))
        .unwrap()
        .operations;
    let at = ops.iter().position(|o| o.operator == "Do").unwrap();
    let opened = ops[..at]
        .iter()
        .rev()
        .find(|o| matches!(o.operator.as_str(), "BDC" | "BMC"))
        .unwrap();
    assert_eq!(opened.operands[0].as_name().unwrap(), b"Artifact");
    validate(&pdf, "ua1");
}
