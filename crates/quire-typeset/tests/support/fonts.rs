//! Test-only font discovery, shared by unit tests, integration tests and benches.
//!
//! Looks for the project's fonts in `$QUIRE_FONT_DIR`, then the repository's `fonts/`
//! folder, then (so that a fresh machine can still run the tests) the Debian font packages
//! `fonts-libertinus`/`fonts-linuxlibertine`, `fonts-jetbrains-mono` and `fonts-dejavu-core`.
//! The library itself never looks anywhere: it takes paths or bytes.

#![allow(dead_code)] // each test binary uses a different part of this file

use std::path::{Path, PathBuf};

use quire_typeset::{Family, Font, FontBook};

/// Serif families in order of preference: regular, italic, bold, bold italic.
const SERIF_SETS: &[[&str; 4]] = &[
    [
        "LibertinusSerif-Regular.otf",
        "LibertinusSerif-Italic.otf",
        "LibertinusSerif-Bold.otf",
        "LibertinusSerif-BoldItalic.otf",
    ],
    [
        "LinLibertine_R.otf",
        "LinLibertine_RI.otf",
        "LinLibertine_RB.otf",
        "LinLibertine_RBI.otf",
    ],
    [
        "DejaVuSerif.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ],
];
const MONO: &[&str] = &[
    "JetBrainsMono-Regular.ttf",
    "JetBrainsMono-Regular.otf",
    "DejaVuSansMono.ttf",
];
const FALLBACK: &[&str] = &["DejaVuSans.ttf"];

fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("QUIRE_FONT_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts"));
    for d in [
        "opentype/libertinus",
        "opentype/linux-libertine",
        "truetype/jetbrains-mono",
        "truetype/dejavu",
    ] {
        dirs.push(Path::new("/usr/share/fonts").join(d));
    }
    dirs
}

/// Find a file by name in the search directories (and one level below each).
fn find(name: &str) -> Option<PathBuf> {
    for dir in search_dirs() {
        let direct = dir.join(name);
        if direct.is_file() {
            return Some(direct);
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut subdirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        subdirs.sort();
        if let Some(p) = subdirs.iter().map(|d| d.join(name)).find(|p| p.is_file()) {
            return Some(p);
        }
    }
    None
}

fn load(name: &str) -> Font {
    let path = find(name).unwrap_or_else(|| panic!("test font {name} not found"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Font::from_bytes(bytes, 0).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A font book with the serif text family, a mono family and a sans fallback.
pub fn book() -> FontBook {
    let set = SERIF_SETS
        .iter()
        .find(|set| set.iter().all(|n| find(n).is_some()))
        .expect("no serif test fonts: apt-get install fonts-linuxlibertine fonts-dejavu-core");
    let mut book = FontBook::new(load(set[0]));
    let italic = book.add(load(set[1]));
    let bold = book.add(load(set[2]));
    let bold_italic = book.add(load(set[3]));
    let regular = book.text_family().regular;
    book.set_text_family(Family {
        regular,
        italic: Some(italic),
        bold: Some(bold),
        bold_italic: Some(bold_italic),
    })
    .expect("ids from this book");
    let mono_name = MONO
        .iter()
        .find(|n| find(n).is_some())
        .expect("no mono test font");
    let mono = book.add(load(mono_name));
    book.set_mono_family(Family::regular_only(mono))
        .expect("id from this book");
    let fallback = book.add(load(FALLBACK[0]));
    book.set_fallback(vec![fallback])
        .expect("id from this book");
    book
}

/// The seed article used by the property tests and the bench.
pub const SEED: &str = include_str!("../fixtures/seed-000.txt");

/// The first prose paragraph of the seed: its first line longer than 300 characters
/// (the lines before it are the title and a section numeral).
pub fn first_paragraph() -> &'static str {
    SEED.lines()
        .find(|l| l.chars().count() > 300)
        .expect("seed has a paragraph")
}

/// A book whose only face is the sans fallback face (DejaVu Sans), which has no small
/// capitals: for the fallbacks of faces without a feature.
pub fn sans_book() -> FontBook {
    let mut book = FontBook::new(load(FALLBACK[0]));
    let regular = book.text_family().regular;
    book.set_text_family(Family::regular_only(regular))
        .expect("id from this book");
    book
}
