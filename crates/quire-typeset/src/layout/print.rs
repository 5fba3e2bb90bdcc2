//! Print presets: what each printer a book is sent to wants of the file, in one table.
//!
//! Every number a preset stands for is in [`PrintPreset::spec`]; layout reads the
//! geometry (bleed, marks), the PDF writer the colour handling, and `quire check --print`
//! the preflight's thresholds and severities. Nothing about a printer is decided
//! anywhere else.
//!
//! The values, and where they come from (the services' published file requirements as
//! of 2024, from memory: check them against the printer's current guide):
//!
//! * **kdp** (Amazon KDP paperback): 0.125 in bleed on the top, bottom and outer edges
//!   (we add it on all four, as KDP's own templates do; the inner one is trimmed away in
//!   binding), no printer's marks (KDP rejects files with crop marks), every font
//!   embedded. KDP takes RGB and converts it, so colour is left as it is.
//! * **lulu**: page = trim + 0.25 in both ways (0.125 in bleed on each side), no marks,
//!   fonts embedded; RGB is accepted.
//! * **ingram** (IngramSpark): a black-and-white interior (their most common one) in
//!   DeviceGray only, with a PDF/X output intent; every colour of the text is converted
//!   to grey, and what Quire cannot convert is reported. 0.125 in bleed, no marks.
//! * **offset** (a commercial press): 3 mm bleed, crop and registration marks and a slug
//!   line (file name, date, page) outside the bleed; colour is left as it is (the
//!   preflight warns of RGB, which the printer's RIP converts to CMYK).

use crate::units::Pt;

/// Millimetres per inch.
const MM_PER_INCH: f64 = 25.4;

/// The printer a print edition is made for (`quire build --print PRESET`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrintPreset {
    /// A commercial offset press: 3 mm bleed, crop and registration marks, slug line.
    Offset,
    /// Amazon KDP paperbacks: 0.125 in bleed, no marks.
    Kdp,
    /// Lulu: page = trim + 0.25 in, no marks.
    Lulu,
    /// IngramSpark: 0.125 in bleed, no marks, grey only with a PDF/X output intent.
    Ingram,
}

/// How the colours of a print edition are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourHandling {
    /// As the document has them (RGB stays RGB).
    AsIs,
    /// Every colour converted to DeviceGray; images that cannot be converted are
    /// tagged sRGB (and reported by the preflight).
    Gray,
}

/// How serious a preflight finding is for a printer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Not reported: the printer does not mind.
    Ignore,
    /// A warning: the file is taken, the result may disappoint.
    Warn,
    /// An error: the printer rejects the file (or the build would be a reprint).
    Reject,
}

/// Everything a preset stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrintSpec {
    /// The name on the command line and in `quire.toml`.
    pub name: &'static str,
    /// Bleed beyond the trim on every side, in millimetres.
    pub bleed_mm: f64,
    /// Crop marks at the corners, outside the bleed.
    pub crop_marks: bool,
    /// Registration targets at the middle of each edge, outside the bleed.
    pub registration_marks: bool,
    /// A slug line (file name, date, page) under the bottom edge, outside the bleed.
    pub slug: bool,
    /// How colour is written.
    pub colour: ColourHandling,
    /// A PDF/X output intent (`GTS_PDFX`) beside the PDF/A one, with a grey print
    /// profile (see `quire-pdf`'s `icc`).
    pub pdfx_intent: bool,
    /// Images under this resolution at their placed size (pixels per inch) are reported.
    pub min_dpi: f64,
    /// …with this severity.
    pub low_dpi: Finding,
    /// Images under this resolution are rejected whatever `low_dpi` says: pixels show
    /// at reading distance (half the 300 ppi every one of these printers asks for).
    pub reject_below_dpi: f64,
    /// RGB content the writer cannot convert for this printer.
    pub rgb: Finding,
    /// A font that is not embedded (every printer here rejects it).
    pub unembedded_font: Finding,
}

/// Margin for the press between the bleed and the marks, and the marks' length, as
/// they have always been for `--print` (offset).
pub const MARK_OFFSET_MM: f64 = 3.0;
/// Length of a crop mark, in millimetres.
pub const MARK_LENGTH_MM: f64 = 6.0;

impl PrintPreset {
    /// Every preset, in the order the documentation lists them.
    pub const ALL: [PrintPreset; 4] = [
        PrintPreset::Kdp,
        PrintPreset::Lulu,
        PrintPreset::Ingram,
        PrintPreset::Offset,
    ];

    /// The table (see the module docs for where the numbers come from).
    pub fn spec(self) -> PrintSpec {
        let pod = |name| PrintSpec {
            name,
            bleed_mm: 0.125 * MM_PER_INCH,
            crop_marks: false,
            registration_marks: false,
            slug: false,
            colour: ColourHandling::AsIs,
            pdfx_intent: false,
            min_dpi: 300.0,
            low_dpi: Finding::Warn,
            reject_below_dpi: 150.0,
            rgb: Finding::Ignore,
            unembedded_font: Finding::Reject,
        };
        match self {
            PrintPreset::Kdp => pod("kdp"),
            PrintPreset::Lulu => pod("lulu"),
            PrintPreset::Ingram => PrintSpec {
                colour: ColourHandling::Gray,
                pdfx_intent: true,
                rgb: Finding::Reject,
                ..pod("ingram")
            },
            PrintPreset::Offset => PrintSpec {
                name: "offset",
                bleed_mm: 3.0,
                crop_marks: true,
                registration_marks: true,
                slug: true,
                rgb: Finding::Warn,
                ..pod("offset")
            },
        }
    }

    /// The preset named `name` (as [`PrintSpec::name`]).
    pub fn from_name(name: &str) -> Option<PrintPreset> {
        PrintPreset::ALL
            .into_iter()
            .find(|p| p.spec().name.eq_ignore_ascii_case(name.trim()))
    }

    /// The names, for messages: `kdp, lulu, ingram or offset`.
    pub fn names() -> String {
        let names: Vec<&str> = PrintPreset::ALL.iter().map(|p| p.spec().name).collect();
        format!(
            "{} or {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        )
    }
}

impl PrintSpec {
    /// The bleed.
    pub fn bleed(&self) -> Pt {
        Pt::from_mm(self.bleed_mm)
    }

    /// Room outside the trim on each side of the media box: the bleed alone, or with
    /// marks the marks' offset and length beyond it (the marks start where the bleed
    /// ends, and the slug line sits in the same band).
    pub fn media_offset(&self) -> Pt {
        if self.crop_marks || self.registration_marks || self.slug {
            Pt::from_mm(self.bleed_mm.max(MARK_OFFSET_MM) + MARK_LENGTH_MM)
        } else {
            self.bleed()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_the_documented_geometry() {
        let kdp = PrintPreset::Kdp.spec();
        assert!((kdp.bleed().0 - 9.0).abs() < 1e-9, "0.125 in is 9 pt");
        assert_eq!(kdp.media_offset(), kdp.bleed());
        let lulu = PrintPreset::Lulu.spec();
        assert!(
            (lulu.media_offset().0 * 2.0 - 18.0).abs() < 1e-9,
            "trim + 0.25 in"
        );
        let offset = PrintPreset::Offset.spec();
        assert!(offset.crop_marks && offset.slug);
        assert!((offset.media_offset().0 - Pt::from_mm(9.0).0).abs() < 1e-9);
        assert_eq!(PrintPreset::from_name("KDP"), Some(PrintPreset::Kdp));
        assert_eq!(PrintPreset::from_name("press"), None);
        assert_eq!(PrintPreset::names(), "kdp, lulu, ingram or offset");
    }
}
