//! The print preflight: what the printer a preset names would say of the PDF edition,
//! found before the file is sent (`quire check --print PRESET`, and every build with
//! `--print`). It reads the laid-out pages (where each image is placed, at what size,
//! from which line of the source) and the bytes written (which fonts are embedded), and
//! reports with the severities of the preset's table ([`PrintSpec`]):
//!
//! * images under [`PrintSpec::min_dpi`] at their placed size, and under
//!   [`PrintSpec::reject_below_dpi`] as errors;
//! * RGB content (images, SVG drawings, coloured text and rules) where the preset
//!   needs grey ([`PrintSpec::rgb`]);
//! * fonts not embedded.
//!
//! Full-bleed images are not checked: Quire places no image beyond the text block, so
//! nothing on a page reaches the trim and no bleed can be missing.

use std::collections::BTreeMap;

use quire_doc::{Diagnostic, Span};
use quire_pdf::ImageColour;
use quire_typeset::layout::{ColourHandling, Finding, PrintPreset, PrintSpec};
use quire_typeset::page::{Color, ImageFormat, PageItem, PagedDocument};

/// Points per inch.
const PT_PER_INCH: f64 = 72.0;

/// A diagnostic of `finding`'s severity, or none when the printer does not mind.
fn report(finding: Finding, at: Span, message: String, hint: &str) -> Option<Diagnostic> {
    let d = match finding {
        Finding::Ignore => return None,
        Finding::Warn => Diagnostic::warning(at, message),
        Finding::Reject => Diagnostic::error(at, message),
    };
    Some(d.with_hint(hint.to_string()))
}

/// What `preset`'s printer would find on the pages `paged` (as laid out, colours as
/// they are written).
pub fn pages(preset: PrintPreset, paged: &PagedDocument) -> Vec<Diagnostic> {
    let spec = preset.spec();
    let mut out = images(&spec, paged);
    out.extend(colours(&spec, paged));
    out
}

/// What `preset`'s printer would find in the written file `pdf`.
pub fn file(preset: PrintPreset, pdf: &[u8]) -> Vec<Diagnostic> {
    fonts(&preset.spec(), pdf)
}

/// Resolution and colour of every placed image, once per place in the source (at the
/// largest size it is placed at, the lowest resolution).
fn images(spec: &PrintSpec, paged: &PagedDocument) -> Vec<Diagnostic> {
    // (source place, image) → lowest pixels per inch where it is placed.
    let mut placed: BTreeMap<(Span, usize), f64> = BTreeMap::new();
    for page in &paged.pages {
        for item in &page.items {
            let PageItem::Image(image) = item else {
                continue;
            };
            let Some(data) = paged.images.get(image.image.0) else {
                continue;
            };
            let dpi = if data.format == ImageFormat::Svg {
                f64::INFINITY // vectors have no pixels
            } else {
                let per_inch = |px: u32, pt: f64| f64::from(px) / (pt / PT_PER_INCH).max(1e-9);
                per_inch(data.width, image.rect.width.0)
                    .min(per_inch(data.height, image.rect.height.0))
            };
            let entry = placed.entry((image.source, image.image.0)).or_insert(dpi);
            *entry = entry.min(dpi);
        }
    }
    let mut out = Vec::new();
    for (&(at, index), &dpi) in &placed {
        let data = &paged.images[index];
        if dpi < spec.min_dpi {
            let finding = if dpi < spec.reject_below_dpi {
                Finding::Reject
            } else {
                spec.low_dpi
            };
            let message = format!(
                "this image prints at {:.0} dpi ({} × {} pixels at its placed size); {} asks for {:.0} dpi",
                dpi.floor(),
                data.width,
                data.height,
                spec.name,
                spec.min_dpi
            );
            let hint = format!(
                "use an image of at least {:.0} pixels across for this size",
                (f64::from(data.width) * spec.min_dpi / dpi).ceil()
            );
            out.extend(report(finding, at, message, &hint));
        }
        let colour = quire_pdf::image_colour(data);
        let gray = spec.colour == ColourHandling::Gray;
        if colour == ImageColour::Rgb || (gray && colour == ImageColour::Cmyk) {
            let what = match (data.format, colour) {
                (ImageFormat::Svg, _) => "this SVG drawing is written in sRGB",
                (_, ImageColour::Cmyk) => "this image is CMYK",
                _ => "this image is RGB",
            };
            let message = match spec.colour {
                ColourHandling::Gray => format!(
                    "{what}, and {} prints grey only (Quire converts PNG images and text colours to grey, not JPEG images or SVG drawings)",
                    spec.name
                ),
                ColourHandling::AsIs => format!(
                    "{what}: the {} printer converts it to CMYK (colours may shift)",
                    spec.name
                ),
            };
            let hint =
                "convert the image to greyscale (or CMYK for a colour press) before building";
            out.extend(report(spec.rgb, at, message, hint));
        }
    }
    out
}

/// RGB colour painted on the pages (text, rules, fills): one finding for the document,
/// with the pages it is on.
fn colours(spec: &PrintSpec, paged: &PagedDocument) -> Option<Diagnostic> {
    let rgb = |c: &Color| matches!(c, Color::Rgb(..));
    let pages: Vec<String> = paged
        .pages
        .iter()
        .filter(|p| {
            p.items.iter().any(|i| match i {
                PageItem::Text(r) => rgb(&r.color),
                PageItem::Rule(r) => rgb(&r.color),
                PageItem::Fill(f) => rgb(&f.color),
                _ => false,
            })
        })
        .map(|p| p.label.clone())
        .collect();
    if pages.is_empty() {
        return None;
    }
    let shown: Vec<&str> = pages.iter().take(10).map(String::as_str).collect();
    let more = if pages.len() > shown.len() {
        " …"
    } else {
        ""
    };
    let message = format!(
        "RGB colour (highlighted code, coloured text or rules) on {} page{} of the PDF ({}{more}): the {} printer converts it to CMYK",
        pages.len(),
        if pages.len() == 1 { "" } else { "s" },
        shown.join(", "),
        spec.name
    );
    report(
        spec.rgb,
        Span::detached(),
        message,
        "use --print ingram for a grey edition, or accept the printer's conversion",
    )
}

/// Fonts the file uses without embedding them.
fn fonts(spec: &PrintSpec, pdf: &[u8]) -> Vec<Diagnostic> {
    match quire_pdf::unembedded_fonts(pdf) {
        Ok(names) => names
            .into_iter()
            .filter_map(|name| {
                report(
                    spec.unembedded_font,
                    Span::detached(),
                    format!(
                        "the font {name} is not embedded in the PDF; {} needs every font embedded",
                        spec.name
                    ),
                    "this is a bug in Quire, which embeds every font it sets: please report it",
                )
            })
            .collect(),
        Err(e) => vec![Diagnostic::error(
            Span::detached(),
            format!("the preflight cannot read the PDF back: {e}"),
        )],
    }
}
