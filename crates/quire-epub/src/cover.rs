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

use quire_fonts::Face;
use std::fmt::Write as _;

use ttf_parser::OutlineBuilder;

use crate::xml::escape;

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
    let mut body = String::with_capacity(64 * 1024);
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
            draw_line(&mut body, face, line, size, y, INK);
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
            draw_line(&mut body, face, &line, 64.0, y, INK);
        }
    }
    let mut bottom = HEIGHT - 220.0;
    if let (Some(face), Some(source)) = (&italic, source.filter(|s| !s.is_empty())) {
        let lines = wrap(face, source, 48.0, width);
        for (i, line) in lines.iter().enumerate() {
            let ly = bottom - (lines.len() - 1 - i) as f32 * 60.0;
            draw_line(&mut body, face, line, 48.0, ly, ACCENT);
        }
        bottom -= lines.len() as f32 * 60.0 + 50.0;
    }
    if let (Some(face), false) = (&regular, authors.is_empty()) {
        draw_line(&mut body, face, &authors.join(", "), 64.0, bottom, INK);
    }

    let mut label = title.to_string();
    if !authors.is_empty() {
        label.push_str(" — ");
        label.push_str(&authors.join(", "));
    }
    let mut o = String::with_capacity(body.len() + 1024);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"cover-title\">\n"
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

/// Draws one line of text as a single path with its baseline at `y`.
fn draw_line(
    out: &mut String,
    face: &ttf_parser::Face<'_>,
    text: &str,
    size: f32,
    y: f32,
    fill: &str,
) {
    let scale = size / f32::from(face.units_per_em());
    let mut pen = Pen {
        d: String::new(),
        x: MARGIN,
        y,
        scale,
    };
    for c in text.chars() {
        let Some(g) = face.glyph_index(c) else {
            continue;
        };
        face.outline_glyph(g, &mut pen);
        pen.x += f32::from(face.glyph_hor_advance(g).unwrap_or(0)) * scale;
    }
    if !pen.d.is_empty() {
        // Path data is only commands, digits, signs and spaces: nothing to escape.
        out.push_str(&format!(
            "<path fill=\"{fill}\" d=\"{}\"/>\n",
            pen.d.trim_end()
        ));
    }
}

/// Turns glyph outlines (font units, y up) into SVG path data (y down) at the pen.
struct Pen {
    d: String,
    x: f32,
    y: f32,
    scale: f32,
}

impl Pen {
    fn pt(&mut self, x: f32, y: f32) {
        let px = self.x + x * self.scale;
        let py = self.y - y * self.scale;
        // Whole units: a 1600-unit-wide cover has no use for finer coordinates.
        let _ = write!(self.d, "{} {} ", px.round() as i32, py.round() as i32);
    }
}

impl OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.d.push('M');
        self.pt(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.d.push('L');
        self.pt(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.d.push('Q');
        self.pt(x1, y1);
        self.pt(x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.d.push('C');
        self.pt(x1, y1);
        self.pt(x2, y2);
        self.pt(x, y);
    }
    fn close(&mut self) {
        self.d.push_str("Z ");
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
    }

    #[test]
    fn long_words_and_empty_titles_do_not_panic() {
        let long = "x".repeat(500);
        let s = svg(&long, None, &[], None);
        assert!(s.contains("<path"));
        let _ = svg("", None, &[], None);
    }
}
