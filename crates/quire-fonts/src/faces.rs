//! The embedded faces and what each one is.
//!
//! Every face is compiled in from the workspace's `fonts/` folder. The table below is the
//! only place that names files; the licences are compiled in beside them, because a face
//! may only be redistributed together with its licence.

/// Upright or italic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Upright (CSS `font-style: normal`).
    Normal,
    /// Italic (CSS `font-style: italic`).
    Italic,
}

impl Style {
    /// The CSS keyword.
    pub fn css(self) -> &'static str {
        match self {
            Style::Normal => "normal",
            Style::Italic => "italic",
        }
    }
}

/// One embedded face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// The text face, upright.
    SerifRegular,
    /// The text face, italic.
    SerifItalic,
    /// The text face, bold.
    SerifBold,
    /// The text face, bold italic.
    SerifBoldItalic,
    /// The monospaced face for code.
    Mono,
    /// A sans-serif face with wide coverage, the fallback for characters the others lack.
    Sans,
}

/// What the table records about a face.
struct Info {
    file: &'static str,
    data: &'static [u8],
    family: &'static str,
    style: Style,
    weight: u16,
    licence: &'static str,
}

macro_rules! font {
    ($file:literal) => {
        (
            $file,
            include_bytes!(concat!("../../../fonts/", $file)) as &'static [u8],
        )
    };
}

const SERIF_FAMILY: &str = "Libertinus Serif";
const SERIF_LICENCE: &str = include_str!("../../../fonts/LICENSE-Libertinus.txt");
const MONO_LICENCE: &str = include_str!("../../../fonts/LICENSE-JetBrainsMono-OFL.txt");
const SANS_LICENCE: &str = include_str!("../../../fonts/LICENSE-DejaVu.txt");

fn info(face: Face) -> Info {
    let ((file, data), family, style, weight, licence) = match face {
        Face::SerifRegular => (
            font!("LibertinusSerif-Regular.otf"),
            SERIF_FAMILY,
            Style::Normal,
            400,
            SERIF_LICENCE,
        ),
        Face::SerifItalic => (
            font!("LibertinusSerif-Italic.otf"),
            SERIF_FAMILY,
            Style::Italic,
            400,
            SERIF_LICENCE,
        ),
        Face::SerifBold => (
            font!("LibertinusSerif-Bold.otf"),
            SERIF_FAMILY,
            Style::Normal,
            700,
            SERIF_LICENCE,
        ),
        Face::SerifBoldItalic => (
            font!("LibertinusSerif-BoldItalic.otf"),
            SERIF_FAMILY,
            Style::Italic,
            700,
            SERIF_LICENCE,
        ),
        Face::Mono => (
            font!("JetBrainsMono-Regular.ttf"),
            "JetBrains Mono",
            Style::Normal,
            400,
            MONO_LICENCE,
        ),
        Face::Sans => (
            font!("DejaVuSans.ttf"),
            "DejaVu Sans",
            Style::Normal,
            400,
            SANS_LICENCE,
        ),
    };
    Info {
        file,
        data,
        family,
        style,
        weight,
        licence,
    }
}

impl Face {
    /// Every face, in a fixed order.
    pub const ALL: [Face; 6] = [
        Face::SerifRegular,
        Face::SerifItalic,
        Face::SerifBold,
        Face::SerifBoldItalic,
        Face::Mono,
        Face::Sans,
    ];

    /// The four faces of the text family (regular, italic, bold, bold italic).
    pub const SERIF: [Face; 4] = [
        Face::SerifRegular,
        Face::SerifItalic,
        Face::SerifBold,
        Face::SerifBoldItalic,
    ];

    /// The complete font file (OpenType with CFF or TrueType outlines).
    pub fn data(self) -> &'static [u8] {
        info(self).data
    }

    /// The file name, such as `LibertinusSerif-Regular.otf`; unique among the faces.
    pub fn file_name(self) -> &'static str {
        info(self).file
    }

    /// The family name, as CSS and PDF font dictionaries should call it.
    pub fn family(self) -> &'static str {
        info(self).family
    }

    /// Upright or italic.
    pub fn style(self) -> Style {
        info(self).style
    }

    /// The weight on the CSS scale (400 regular, 700 bold).
    pub fn weight(self) -> u16 {
        info(self).weight
    }

    /// The IANA media type of the file (`font/otf` or `font/ttf`).
    pub fn media_type(self) -> &'static str {
        if self.file_name().ends_with(".otf") {
            "font/otf"
        } else {
            "font/ttf"
        }
    }

    /// The full licence text that must accompany the face when it is redistributed.
    pub fn licence(self) -> &'static str {
        info(self).licence
    }

    /// The licence as an SPDX expression.
    pub fn licence_name(self) -> &'static str {
        match self {
            Face::SerifRegular | Face::SerifItalic | Face::SerifBold | Face::SerifBoldItalic => {
                "OFL-1.1"
            }
            Face::Mono => "OFL-1.1",
            Face::Sans => "Bitstream-Vera",
        }
    }
}

/// Whether the text face or the code face maps `c` to a glyph: the characters the
/// project's and the system's fonts are not asked for. (DejaVu Sans, the embedded
/// fallback, comes after those, so it is not counted.) The faces are parsed once per
/// process (ttf-parser reads table directories only, so this is cheap).
pub fn embedded_covers(c: char) -> bool {
    static FACES: std::sync::OnceLock<Vec<ttf_parser::Face<'static>>> = std::sync::OnceLock::new();
    FACES
        .get_or_init(|| {
            [Face::SerifRegular, Face::Mono]
                .iter()
                .filter_map(|f| ttf_parser::Face::parse(f.data(), 0).ok())
                .collect()
        })
        .iter()
        .any(|f| f.glyph_index(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_and_matches_its_description() {
        for face in Face::ALL {
            let parsed = ttf_parser::Face::parse(face.data(), 0).expect("parses");
            assert!(parsed.glyph_index('a').is_some(), "{face:?}");
            assert_eq!(
                parsed.is_italic(),
                face.style() == Style::Italic,
                "{face:?}"
            );
            assert_eq!(parsed.weight().to_number(), face.weight(), "{face:?}");
            assert!(!face.licence().is_empty());
        }
    }

    #[test]
    fn coverage_of_the_embedded_faces() {
        assert!(embedded_covers('a') && embedded_covers('é') && embedded_covers('א'));
        assert!(!embedded_covers('\u{4E2D}'), "no CJK face is embedded");
        // In DejaVu Sans only, the last resort: other fonts are asked first.
        assert!(!embedded_covers('\u{2620}') && !embedded_covers('ب'));
    }

    #[test]
    fn file_names_are_unique() {
        let mut names: Vec<_> = Face::ALL.iter().map(|f| f.file_name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Face::ALL.len());
    }
}
