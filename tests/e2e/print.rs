//! The print presets (`--print kdp|lulu|ingram|offset`) and their preflight (`quire
//! check --print PRESET`): page boxes, printer's marks, the grey edition's output intent
//! and colours, read back from the files with lopdf; the preflight's findings and exit
//! codes on the fixtures of `tests/fixtures/print/`.

use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use quire_tests::{quire, require_program, root};

use super::pdf_edition::build;

/// A4 in points.
const A4: (f64, f64) = (595.276, 841.89);
/// 0.125 in.
const EIGHTH_INCH: f64 = 9.0;
const MM: f64 = 72.0 / 25.4;

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/print")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn boxed(doc: &Document, page: ObjectId, key: &[u8]) -> [f64; 4] {
    let d = doc.get_dictionary(page).unwrap();
    let array = d.get(key).and_then(Object::as_array).unwrap();
    let n: Vec<f64> = array
        .iter()
        .map(|o| {
            o.as_float()
                .map(f64::from)
                .or_else(|_| o.as_i64().map(|i| i as f64))
                .unwrap()
        })
        .collect();
    [n[0], n[1], n[2], n[3]]
}

fn close(a: [f64; 4], b: [f64; 4], what: &str) {
    for (x, y) in a.iter().zip(&b) {
        assert!((x - y).abs() < 0.01, "{what}: {a:?}, expected {b:?}");
    }
}

/// The line segments (`m` … `l` pairs) a page's content stream strokes, in PDF space.
fn segments(doc: &Document, page: ObjectId) -> Vec<[f64; 4]> {
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let num = |o: &Object| {
        o.as_float()
            .map(f64::from)
            .or_else(|_| o.as_i64().map(|i| i as f64))
            .unwrap_or(0.0)
    };
    let mut at = (0.0, 0.0);
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "m" => at = (num(&op.operands[0]), num(&op.operands[1])),
            "l" => {
                let to = (num(&op.operands[0]), num(&op.operands[1]));
                out.push([at.0, at.1, to.0, to.1]);
                at = to;
            }
            _ => {}
        }
    }
    out
}

/// The operators of every page's content stream.
fn operators(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .values()
        .flat_map(|&p| {
            Content::decode(&doc.get_page_content(p))
                .unwrap()
                .operations
        })
        .map(|op| op.operator)
        .collect()
}

/// Segments wholly outside `trim`: printer's marks.
fn marks(segments: &[[f64; 4]], trim: [f64; 4]) -> usize {
    let outside = |x: f64, y: f64| x < trim[0] || y < trim[1] || x > trim[2] || y > trim[3];
    segments
        .iter()
        .filter(|s| outside(s[0], s[1]) && outside(s[2], s[3]))
        .count()
}

#[test]
fn print_on_demand_presets_add_an_eighth_inch_of_bleed_and_no_marks() {
    for preset in ["kdp", "lulu", "ingram"] {
        let (_dir, pdf) = build(&fixture("ready.md"), &[&format!("--print={preset}")]);
        let doc = Document::load(&pdf).unwrap();
        for (_, page) in doc.get_pages() {
            let (w, h) = A4;
            let e = EIGHTH_INCH;
            close(boxed(&doc, page, b"TrimBox"), [e, e, e + w, e + h], preset);
            // Media = trim + 18 pt both ways (Lulu: trim + 0.25 in); bleed = media.
            let media = [0.0, 0.0, w + 2.0 * e, h + 2.0 * e];
            close(boxed(&doc, page, b"MediaBox"), media, preset);
            close(boxed(&doc, page, b"BleedBox"), media, preset);
            let trim = boxed(&doc, page, b"TrimBox");
            assert_eq!(marks(&segments(&doc, page), trim), 0, "{preset}: no marks");
        }
    }
}

#[test]
fn offset_has_3_mm_bleed_crop_and_registration_marks_and_a_slug() {
    // `--print` alone is the offset preset, as `--print` always was.
    for flag in ["--print", "--print=offset"] {
        let (_dir, pdf) = build(&fixture("ready.md"), &[flag]);
        let doc = Document::load(&pdf).unwrap();
        let pages = doc.get_pages();
        let page = pages[&1];
        let trim = boxed(&doc, page, b"TrimBox");
        let off = 9.0 * MM;
        close(trim, [off, off, off + A4.0, off + A4.1], flag);
        let b = 3.0 * MM;
        let bleed = [trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b];
        close(boxed(&doc, page, b"BleedBox"), bleed, flag);
        let media = [0.0, 0.0, A4.0 + 2.0 * off, A4.1 + 2.0 * off];
        close(boxed(&doc, page, b"MediaBox"), media, flag);
        // 8 crop marks, 4 registration targets of 26 segments; all outside the bleed.
        let segs = segments(&doc, page);
        assert_eq!(marks(&segs, trim), 8 + 4 * 26, "{flag}");
        assert_eq!(
            marks(&segs, bleed),
            8 + 4 * 26,
            "{flag}: clear of the bleed"
        );
        if let Some(pdftotext) = require_program("pdftotext", "apt-get install poppler-utils") {
            let out = std::process::Command::new(pdftotext)
                .args(["-f", "1", "-l", "1"])
                .arg(&pdf)
                .arg("-")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains("ready.pdf · 2025-01-16 · page 1"),
                "slug: {text}"
            );
        }
    }
}

#[test]
fn ingram_is_grey_with_a_pdfx_output_intent() {
    let (_dir, pdf) = build(&fixture("ready.md"), &["--print=ingram"]);
    let doc = Document::load(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(Object::as_array)
        .unwrap();
    let intent = |kind: &[u8]| {
        intents
            .iter()
            .filter_map(|o| o.as_dict().ok())
            .find(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(kind))
            .unwrap_or_else(|| panic!("an output intent {}", String::from_utf8_lossy(kind)))
    };
    let profile = |d: &lopdf::Dictionary| {
        d.get(b"DestOutputProfile")
            .and_then(Object::as_reference)
            .unwrap()
    };
    let (x, a) = (intent(b"GTS_PDFX"), intent(b"GTS_PDFA1"));
    assert_eq!(
        profile(x),
        profile(a),
        "PDF/A-2 asks one profile of every intent"
    );
    let Object::Stream(icc) = doc.get_object(profile(x)).unwrap() else {
        panic!("the profile is a stream")
    };
    assert_eq!(icc.dict.get(b"N").and_then(Object::as_i64).unwrap(), 1);
    let bytes = icc
        .decompressed_content()
        .unwrap_or_else(|_| icc.content.clone());
    assert_eq!(
        &bytes[12..20],
        b"prtrGRAY",
        "a grey output (printer) profile"
    );
    // No RGB anywhere: no RGB operators in the pages, no RGB image.
    let ops = operators(&doc);
    for rgb in ["rg", "RG", "sc", "scn", "SC", "SCN"] {
        assert!(!ops.iter().any(|o| o == rgb), "{rgb} in a grey edition");
    }
    let mut images = 0;
    for object in doc.objects.values() {
        if let Object::Stream(s) = object
            && s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")
        {
            images += 1;
            let space = s.dict.get(b"ColorSpace").and_then(Object::as_name).unwrap();
            assert_eq!(space, b"DeviceGray", "every image grey");
        }
    }
    assert!(images >= 2, "the wedge and the test card");
    // No PDF/X claim: no validator here can prove one (see the README).
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    assert!(
        doc.get_dictionary(info)
            .unwrap()
            .get(b"GTS_PDFXVersion")
            .is_err()
    );
    // The control: without ingram the same source paints in RGB.
    let (_dir, kdp) = build(&fixture("ready.md"), &["--print=kdp"]);
    let kdp = Document::load(&kdp).unwrap();
    assert!(
        operators(&kdp).iter().any(|o| o == "rg"),
        "the code is in colour"
    );
}

/// Runs `quire check --print=PRESET` on `source`: (exit code, standard error).
fn check(source: &str, preset: &str) -> (i32, String) {
    let out = quire(&["check", source, &format!("--print={preset}")]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn preflight_finds_a_72_dpi_image_where_it_is_written() {
    let source = fixture("print.md");
    for preset in ["kdp", "lulu", "ingram", "offset"] {
        let (code, stderr) = check(&source, preset);
        assert_eq!(code, 1, "{preset}: a 72 dpi image is refused\n{stderr}");
        assert!(
            stderr.contains("error: this image prints at 72 dpi"),
            "{preset}: {stderr}"
        );
        assert!(stderr.contains("print.md:12:1"), "located: {stderr}");
        // The 300 dpi images are not reported.
        assert_eq!(stderr.matches("dpi (").count(), 1, "{stderr}");
    }
}

#[test]
fn preflight_finds_rgb_where_the_preset_needs_grey() {
    let source = fixture("print.md");
    let (_, stderr) = check(&source, "ingram");
    assert!(
        stderr.contains("error: this image is RGB, and ingram prints grey only"),
        "{stderr}"
    );
    assert!(
        stderr.contains("print.md:20:1"),
        "the JPEG's line: {stderr}"
    );
    // Offset presses convert RGB: a warning, for the JPEG, the PNG and the code.
    let (_, stderr) = check(&source, "offset");
    assert_eq!(
        stderr.matches("warning: this image is RGB").count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: RGB colour (highlighted code"),
        "{stderr}"
    );
    // KDP converts RGB itself: nothing to say.
    let (_, stderr) = check(&source, "kdp");
    assert!(!stderr.contains("RGB"), "{stderr}");
}

#[test]
fn preflight_passes_what_every_printer_takes() {
    for preset in ["kdp", "lulu", "ingram", "offset"] {
        let (code, stderr) = check(&fixture("ready.md"), preset);
        assert_eq!(code, 0, "{preset}: {stderr}");
    }
    // And a build with a preset the preflight refuses writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let out = quire(&[
        "build",
        &fixture("print.md"),
        "--to",
        "pdf",
        "--print=kdp",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!Path::new(&dir.path().join("print.pdf")).exists());
}

#[test]
fn an_unknown_preset_is_a_usage_error() {
    let out = quire(&["check", "source/article.md", "--print=press"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kdp, lulu, ingram or offset"), "{stderr}");
}
