//! The typographic cover: an SVG made from the metadata.
//!
//! Text is drawn as glyph outlines taken from the book's own faces, not as SVG `<text>`:
//! an SVG referenced as an image cannot load web fonts, so real text would fall back to
//! whatever the reading system has, and library thumbnails would differ from device to
//! device. Outlines look the same everywhere. The cover paints its own opaque background
//! (dark ink with light type), so it reads the same in light, sepia and dark reading
//! modes; the SVG's `<title>` and the page's `alt` carry the words for screen readers.
//!
//! Layout is greedy line filling at a size chosen from a short list: the largest title
//! size that fits in [`MAX_TITLE_LINES`] lines wins.
//!
//! Each glyph's outline is written once, in font units, in `<defs>`, and every line is a
//! group scaled from font units to the canvas that places the glyphs with `<use>`: a
//! title repeats its letters, so this keeps the cover about a third of the size it would
//! have with every outline written out (and the book's build, which compresses it, fast).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quire_fonts::Face;

use ttf_parser::OutlineBuilder;

use quire_html::escape::escape;

/// Canvas width in SVG units (a 1:1.6 portrait, the common e-book cover ratio).
const WIDTH: f32 = 1600.0;
/// Canvas height.
const HEIGHT: f32 = 2560.0;
/// Left and right margin.
const MARGIN: f32 = 160.0;
/// Title sizes tried, largest first.
const TITLE_SIZES: [f32; 6] = [150.0, 130.0, 112.0, 98.0, 86.0, 76.0];
/// The most lines the title may take before a smaller size is tried.
const MAX_TITLE_LINES: usize = 8;
/// Background and ink colours (contrast ratio above 12:1).
const BACKGROUND: &str = "#1e2b3a";
const INK: &str = "#f3ecdc";
const ACCENT: &str = "#c9a45c";

/// The cover as an SVG document.
pub fn svg(
    title: &str,
    subtitle: Option<&str>,
    authors: &[String],
    source: Option<&str>,
) -> String {
    let regular = ttf_parser::Face::parse(Face::SerifRegular.data(), 0).ok();
    let italic = ttf_parser::Face::parse(Face::SerifItalic.data(), 0).ok();
    let mut body = String::with_capacity(16 * 1024);
    let mut glyphs = Glyphs::default();
    let width = WIDTH - 2.0 * MARGIN;

    let mut y = 560.0;
    if let Some(face) = &regular {
        let (size, lines) = TITLE_SIZES
            .iter()
            .map(|&s| (s, wrap(face, title, s, width)))
            .find(|(_, lines)| lines.len() <= MAX_TITLE_LINES)
            .unwrap_or_else(|| {
                let s = TITLE_SIZES[TITLE_SIZES.len() - 1];
                (s, wrap(face, title, s, width))
            });
        for line in &lines {
            y += size * 1.12;
            glyphs.line(&mut body, ('r', face), line, size, y, INK);
        }
    }
    y += 90.0;
    body.push_str(&format!(
        "<rect x=\"{MARGIN}\" y=\"{y}\" width=\"240\" height=\"8\" fill=\"{ACCENT}\"/>\n"
    ));
    y += 40.0;
    if let (Some(face), Some(sub)) = (&italic, subtitle.filter(|s| !s.is_empty())) {
        for line in wrap(face, sub, 64.0, width) {
            y += 64.0 * 1.25;
            glyphs.line(&mut body, ('i', face), &line, 64.0, y, INK);
        }
    }
    let mut bottom = HEIGHT - 220.0;
    if let (Some(face), Some(source)) = (&italic, source.filter(|s| !s.is_empty())) {
        let lines = wrap(face, source, 48.0, width);
        for (i, line) in lines.iter().enumerate() {
            let ly = bottom - (lines.len() - 1 - i) as f32 * 60.0;
            glyphs.line(&mut body, ('i', face), line, 48.0, ly, ACCENT);
        }
        bottom -= lines.len() as f32 * 60.0 + 50.0;
    }
    if let (Some(face), false) = (&regular, authors.is_empty()) {
        glyphs.line(
            &mut body,
            ('r', face),
            &authors.join(", "),
            64.0,
            bottom,
            INK,
        );
    }

    let mut label = title.to_string();
    if !authors.is_empty() {
        label.push_str(" — ");
        label.push_str(&authors.join(", "));
    }
    let mut o = String::with_capacity(glyphs.defs.len() + body.len() + 1024);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"cover-title\">\n"
    ));
    o.push_str(&format!(
        "<title id=\"cover-title\">{}</title>\n",
        escape(&label)
    ));
    o.push_str(&format!(
        "<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BACKGROUND}\"/>\n"
    ));
    o.push_str(&format!(
        "<rect x=\"60\" y=\"60\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{ACCENT}\" stroke-width=\"3\"/>\n",
        WIDTH - 120.0,
        HEIGHT - 120.0
    ));
    if !glyphs.defs.is_empty() {
        o.push_str("<defs>\n");
        o.push_str(&glyphs.defs);
        o.push_str("</defs>\n");
    }
    o.push_str(&body);
    o.push_str("</svg>\n");
    o
}

/// Advance of `text` at `size`, in SVG units.
fn measure(face: &ttf_parser::Face<'_>, text: &str, size: f32) -> f32 {
    let scale = size / f32::from(face.units_per_em());
    text.chars()
        .filter_map(|c| face.glyph_index(c))
        .map(|g| f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * scale)
        .sum()
}

/// Greedy line filling on spaces. A word wider than the line gets a line of its own.
fn wrap(face: &ttf_parser::Face<'_>, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(face, &candidate, size) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The glyph outlines defined so far, by (face tag, glyph id): the `<defs>` markup and,
/// per glyph, whether it has an outline (a space has none).
#[derive(Default)]
struct Glyphs {
    defs: String,
    known: BTreeMap<(char, u16), bool>,
}

impl Glyphs {
    /// Draws one line of text with its baseline at `y`, starting at the left margin.
    /// `face` is the face and the one-letter tag its glyph ids are prefixed with.
    fn line(
        &mut self,
        out: &mut String,
        (tag, face): (char, &ttf_parser::Face<'_>),
        text: &str,
        size: f32,
        y: f32,
        fill: &str,
    ) {
        let scale = size / f32::from(face.units_per_em());
        let _ = writeln!(
            out,
            "<g fill=\"{fill}\" transform=\"translate({MARGIN} {y}) scale({scale} {})\">",
            -scale
        );
        let mut x: i32 = 0;
        for c in text.chars() {
            let Some(g) = face.glyph_index(c) else {
                continue;
            };
            if self.define(tag, face, g) {
                let _ = write!(out, "<use xlink:href=\"#{tag}{}\"", g.0);
                if x != 0 {
                    let _ = write!(out, " x=\"{x}\"");
                }
                out.push_str("/>");
            }
            x += i32::from(face.glyph_hor_advance(g).unwrap_or(0));
        }
        out.push_str("\n</g>\n");
    }

    /// Defines glyph `g` if it is new; whether it has an outline to place.
    fn define(&mut self, tag: char, face: &ttf_parser::Face<'_>, g: ttf_parser::GlyphId) -> bool {
        if let Some(&drawn) = self.known.get(&(tag, g.0)) {
            return drawn;
        }
        let mut pen = Pen::default();
        let drawn = face.outline_glyph(g, &mut pen).is_some() && !pen.d.is_empty();
        if drawn {
            // Path data is only commands, digits, signs and spaces: nothing to escape.
            let _ = writeln!(
                self.defs,
                "<path id=\"{tag}{}\" d=\"{}\"/>",
                g.0,
                pen.d.trim_end()
            );
        }
        self.known.insert((tag, g.0), drawn);
        drawn
    }
}

/// Turns a glyph outline into SVG path data, in font units (y up; the group that places
/// the glyph flips it). Coordinates are whole font units (a thousandth of an em is finer
/// than the cover can show) and relative to the previous point, which keeps the numbers
/// short: the outlines are most of the cover's bytes.
#[derive(Default)]
struct Pen {
    d: String,
    /// The current point, and the start of the current contour.
    at: (i32, i32),
    start: (i32, i32),
}

impl Pen {
    fn command(&mut self, c: char, points: &[(f32, f32)]) {
        self.d.push(c);
        let from = self.at;
        for (i, &(x, y)) in points.iter().enumerate() {
            let p = (x.round() as i32, y.round() as i32);
            if i > 0 {
                self.d.push(' ');
            }
            let _ = write!(self.d, "{} {}", p.0 - from.0, p.1 - from.1);
            if i + 1 == points.len() {
                self.at = p;
            }
        }
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.command('m', &[(x, y)]);
        self.start = self.at;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.command('l', &[(x, y)]);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.command('q', &[(x1, y1), (x, y)]);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.command('c', &[(x1, y1), (x2, y2), (x, y)]);
    }
    fn close(&mut self) {
        self.d.push('z');
        // After `z` the current point is the contour's start.
        self.at = self.start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_is_an_svg_with_title_and_paths() {
        let s = svg(
            "A <Title> & more",
            Some("Sub"),
            &["Ann".into()],
            Some("Journal"),
        );
        assert!(s.starts_with("<?xml"));
        assert!(s.contains("<title id=\"cover-title\">A &lt;Title&gt; &amp; more — Ann</title>"));
        assert!(s.matches("<path").count() >= 4);
        // "more" and "Title" share the glyph of "e": it is defined once and used twice.
        let e = ttf_parser::Face::parse(Face::SerifRegular.data(), 0)
            .unwrap()
            .glyph_index('e')
            .unwrap();
        assert_eq!(s.matches(&format!("<path id=\"r{}\"", e.0)).count(), 1);
        assert_eq!(s.matches(&format!("\"#r{}\"", e.0)).count(), 2);
    }

    #[test]
    fn long_words_and_empty_titles_do_not_panic() {
        let long = "x".repeat(500);
        let s = svg(&long, None, &[], None);
        assert!(s.contains("<path"));
        let _ = svg("", None, &[], None);
    }
}
