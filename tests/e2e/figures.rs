//! Figures in print (issue 14): credits in small capitals that extract as written, and
//! caption-only figures set off as figures, with a rule in the image's place at the
//! distance an image keeps from its caption.

use quire_typeset::page::{ArtifactKind, Mark, PageItem, PagedDocument, Rule, StructRole, TextRun};
use quire_typeset::units::{PageSize, Pt};
use quire_typeset::{Caps, FontBook, FontStyle, Shaper};

use crate::typography::lay_out;

/// Index of the structure node with element id `id`.
fn node(paged: &PagedDocument, id: &str) -> usize {
    paged
        .structure
        .iter()
        .position(|n| n.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no structure node {id}"))
}

/// Whether node `n` is `ancestor` or below it.
fn within(paged: &PagedDocument, mut n: usize, ancestor: usize) -> bool {
    loop {
        if n == ancestor {
            return true;
        }
        match paged.structure[n].parent {
            Some(p) => n = p.0,
            None => return false,
        }
    }
}

/// The content runs under node `ancestor`, with their page index.
fn runs_of(paged: &PagedDocument, ancestor: usize) -> Vec<(usize, &TextRun)> {
    let mut out = Vec::new();
    for (p, page) in paged.pages.iter().enumerate() {
        for item in &page.items {
            if let PageItem::Text(run) = item
                && let Mark::Content(sid) = run.mark
                && within(paged, sid.0, ancestor)
            {
                out.push((p, run));
            }
        }
    }
    out
}

fn text_of(runs: &[(usize, &TextRun)]) -> String {
    runs.iter().map(|(_, r)| r.text.as_str()).collect()
}

/// An agency credit written in capitals (`PHOTO BY XINHUA REPORTER REN CHAO`) is set
/// roman in the text face's small capitals: its glyphs are not the capitals', its face is
/// the regular face's all-small-caps variant, and the PDF still reads as the source
/// letters.
#[test]
fn a_credit_in_capitals_is_set_in_small_caps_and_extracts_as_written() {
    let article = quire_tests::root().join("source/article.md");
    let (paged, _) = lay_out(&article, PageSize::a4());
    let fonts = FontBook::quire_default().unwrap();
    let credit = node(&paged, "fig-focac-summit-logo-credit");
    let runs = runs_of(&paged, credit);
    let written = "PHOTO BY XINHUA REPORTER REN CHAO";
    assert_eq!(text_of(&runs), written);
    let regular = fonts.resolve(FontStyle::REGULAR);
    let mut shaper = Shaper::new(&fonts);
    for (_, run) in &runs {
        let face = fonts.get(run.font).unwrap();
        assert_eq!(face.caps(), Caps::AllSmall, "{:?}", run.text);
        assert_eq!(fonts.program(run.font), regular, "roman, not italic");
        let capitals: Vec<u16> = shaper
            .shape(regular, &run.text)
            .iter()
            .map(|g| g.id)
            .collect();
        let set: Vec<u16> = run.glyphs.iter().map(|g| g.id).collect();
        let letters = run.text.chars().filter(|c| c.is_alphabetic()).count();
        let differ = capitals.iter().zip(&set).filter(|(a, b)| a != b).count();
        assert!(
            differ >= letters,
            "{:?}: {differ} of {letters} letters are small-caps glyphs",
            run.text
        );
    }
    let text = extracted(&paged, &fonts);
    assert!(text.contains(written), "extracted: {text}");
    assert!(
        !text.contains("photo by"),
        "small caps extract as the capitals"
    );
}

/// A credit in mixed case is set in small caps throughout too, as the web and e-book
/// editions set credits (`all-small-caps`), and still extracts in mixed case: the same
/// small-caps glyph stands for `D` here and `d` elsewhere, so the PDF says which.
#[test]
fn a_mixed_case_credit_is_all_small_caps_and_extracts_as_written() {
    let fixture = quire_tests::root().join("tests/fixtures/epub-every-block/input.md");
    let (paged, _) = lay_out(&fixture, PageSize::a4());
    let fonts = FontBook::quire_default().unwrap();
    let runs = runs_of(&paged, node(&paged, "fig-map-credit"));
    let written = "Drawing by the Quire test suite";
    assert_eq!(text_of(&runs), written);
    let regular = fonts.resolve(FontStyle::REGULAR);
    let mut shaper = Shaper::new(&fonts);
    let (_, first) = runs[0];
    assert_eq!(fonts.get(first.font).unwrap().caps(), Caps::AllSmall);
    let capital = shaper.shape(regular, "D");
    let lowercase = shaper.shape(regular, "d");
    assert_ne!(first.glyphs[0].id, capital[0].id, "D is a small capital");
    assert_ne!(first.glyphs[0].id, lowercase[0].id, "D is a small capital");
    let text = extracted(&paged, &fonts);
    assert!(text.contains(written), "extracted: {text}");
}

/// The text a reader's tools extract from the PDF written from `paged`.
fn extracted(paged: &PagedDocument, fonts: &FontBook) -> String {
    let pdf = quire_pdf::write_pdf(
        paged,
        fonts,
        &quire_pdf::PdfMeta::default(),
        &quire_pdf::PdfOptions::default(),
    )
    .expect("writes");
    crate::pdf_text::text(&pdf)
}

/// The rules on `page` that are decoration (not table or note rules: those are content
/// of their own kind or pagination).
fn decoration_rules(paged: &PagedDocument, page: usize) -> Vec<&Rule> {
    paged.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            PageItem::Rule(r) if r.mark == Mark::Artifact(ArtifactKind::Decoration) => Some(r),
            _ => None,
        })
        .collect()
}

/// A figure without an image is set off as a figure: a rule across the measure stands
/// where the image would, as far above the caption's first line as an image's foot is;
/// a figure with an image has no such rule.
#[test]
fn a_caption_only_figure_has_a_rule_where_the_image_would_be() {
    let fixture = quire_tests::root().join("tests/fixtures/epub-every-block/input.md");
    let (paged, opts) = lay_out(&fixture, PageSize::a4());
    let margins = opts.margins();
    let measure = opts.page.width - margins.inner - margins.outer;

    // Distance from the top of what stands above the caption to its first baseline.
    let first_baseline = |id: &str| -> (usize, Pt) {
        let figure = node(&paged, id);
        let caption = (0..paged.structure.len())
            .find(|&n| {
                paged.structure[n].role == StructRole::Caption
                    && paged.structure[n].parent.map(|p| p.0) == Some(figure)
            })
            .expect("a caption");
        let runs = runs_of(&paged, caption);
        let (page, run) = runs[0];
        (page, run.origin.y)
    };

    let (image_page, image_baseline) = first_baseline("fig-map");
    let image_foot = paged.pages[image_page]
        .items
        .iter()
        .find_map(|i| match i {
            PageItem::Image(im) => Some(im.rect.y + im.rect.height),
            _ => None,
        })
        .expect("the figure's image");
    assert!(
        decoration_rules(&paged, image_page)
            .iter()
            .all(|r| r.from.y > image_baseline || r.from.y < image_foot - Pt(1.0)),
        "no stand-in rule under a real image"
    );

    let (page, baseline) = first_baseline("fig-missing");
    let rule = decoration_rules(&paged, page)
        .into_iter()
        .filter(|r| r.from.y < baseline)
        .max_by(|a, b| a.from.y.0.total_cmp(&b.from.y.0))
        .expect("a rule above the caption of a figure without an image");
    let width = rule.to.x - rule.from.x;
    assert!(
        (width - measure).0.abs() < 0.5,
        "the rule spans the measure: {width:?} of {measure:?}"
    );
    let rule_foot = rule.from.y + rule.thickness * 0.5;
    let gap = baseline - rule_foot;
    let image_gap = image_baseline - image_foot;
    assert!(
        (gap - image_gap).0.abs() < 0.01,
        "caption {gap:?} below the rule, {image_gap:?} below an image"
    );
}
