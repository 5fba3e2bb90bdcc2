//! The state shared by every stage of one layout: fonts, the typesetter (with its shaping
//! cache), the structure tree, the images, and the characters no font has.
//!
//! Characters without a glyph do not stop the layout at the first paragraph: each stage
//! records them here with their source position and goes on, so one run reports them
//! all. [`Ctx::paragraph`] and [`Ctx::set_text`] are the two places text is shaped.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use quire_doc::{Document, Pos};

use crate::fonts::{FontBook, FontStyle};
use crate::line::Glyph;
use crate::page::{Color, ImageData, ImageFormat, ImageId, Mark, Point, TextRun};
use crate::paragraph::{Inline, LayoutError, ParagraphLayout, ParagraphOptions, Typesetter};
use crate::shape::{SharedShapes, cluster_ranges};
use crate::units::Pt;

use super::LayoutOptions;
use super::ahead::{Memo, Pending};
use super::error::MissingChar;
use super::structure::StructTree;
use super::style::Styles;
use super::text::InlineSet;

/// Pixels per inch assumed for an image's natural size.
pub const IMAGE_DPI: f64 = 96.0;

/// Everything one layout shares.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub opts: &'a LayoutOptions,
    pub book: &'a FontBook,
    pub ts: Typesetter<'a>,
    pub st: Styles,
    pub tree: StructTree,
    pub images: Images,
    pub missing: Vec<MissingChar>,
    /// Note id → index in `doc.notes`.
    pub notes: BTreeMap<&'a str, usize>,
    /// Hyphenation language.
    pub lang: String,
    /// In the look-ahead worker: where the paragraph layouts it computes are kept.
    pub recording: Option<Memo>,
    /// In the main walk: layouts the worker computed, once received.
    pub memo: Memo,
    /// In the main walk: where and how the worker's layouts arrive.
    pub pending: Option<Pending>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        doc: &'a Document,
        book: &'a FontBook,
        opts: &'a LayoutOptions,
        shapes: Arc<SharedShapes>,
    ) -> Ctx<'a> {
        let lang = if doc.meta.language.is_empty() {
            opts.fallback_language.clone()
        } else {
            doc.meta.language.clone()
        };
        Ctx {
            doc,
            opts,
            book,
            ts: Typesetter::with_shared(book, shapes),
            st: Styles::new(opts),
            tree: StructTree::new(&doc.meta.language),
            images: Images::default(),
            missing: Vec::new(),
            notes: doc
                .notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id.as_str(), i))
                .collect(),
            lang,
            recording: None,
            memo: Memo::default(),
            pending: None,
        }
    }

    /// Called by the top-level walk before block `index`: at the worker's first block,
    /// waits for its layouts.
    pub fn reached(&mut self, index: usize) {
        if self.pending.as_ref().is_some_and(|p| p.from == index)
            && let Some(pending) = self.pending.take()
        {
            // A worker that died leaves an empty memo: every paragraph is set here.
            self.memo = pending.memo.recv().unwrap_or_default();
        }
    }

    /// Paragraph options for a measure in the document's language.
    pub fn para_options(&self, measure: Pt) -> ParagraphOptions {
        let mut o = ParagraphOptions::new(measure.max(Pt(1.0)));
        o.language = self.lang.clone();
        o
    }

    /// Lay out a paragraph; characters without a glyph are recorded and give `None`.
    pub fn paragraph(
        &mut self,
        set: &InlineSet,
        options: &ParagraphOptions,
    ) -> Option<ParagraphLayout<usize>> {
        if let Some(layout) = self.memo.take(&set.inlines, options) {
            return Some(layout);
        }
        match self.ts.layout(&set.inlines, options) {
            Ok(layout) => {
                if let Some(memo) = &mut self.recording {
                    memo.record(&set.inlines, options, &layout);
                }
                Some(layout)
            }
            Err(err) => {
                self.failed(set, err);
                None
            }
        }
    }

    /// Lay out a paragraph with only its forced line breaks (see
    /// [`crate::Typesetter::layout_unbroken`]); as [`Ctx::paragraph`] otherwise, but never
    /// memoised (it is cheap, and a memo keyed by inputs must not mix the two kinds).
    pub fn paragraph_unbroken(
        &mut self,
        set: &InlineSet,
        options: &ParagraphOptions,
    ) -> Option<ParagraphLayout<usize>> {
        match self.ts.layout_unbroken(&set.inlines, options) {
            Ok(layout) => Some(layout),
            Err(err) => {
                self.failed(set, err);
                None
            }
        }
    }

    /// Record the characters without a glyph of a paragraph that failed.
    fn failed(&mut self, set: &InlineSet, err: LayoutError<usize>) {
        match err {
            LayoutError::MissingGlyphs(list) => {
                // Positions advance from the previous character of the same inline, so
                // that a long run full of missing characters costs one pass over it.
                let mut last: Option<(usize, usize, Pos)> = None; // (inline, offset, pos)
                for m in list {
                    let text = match set.inlines.get(m.source) {
                        Some(Inline::Text { text, .. }) => text.as_str(),
                        _ => "",
                    };
                    let (from, origin) = match last {
                        Some((inline, offset, pos)) if inline == m.source && offset <= m.offset => {
                            (offset, pos)
                        }
                        _ => (
                            0,
                            set.srcs.get(m.source).map_or(Pos::default(), |s| s.origin),
                        ),
                    };
                    let at = advance(origin, text.get(from..m.offset).unwrap_or(""));
                    self.missing.push(MissingChar { at, ch: m.ch });
                    last = Some((m.source, m.offset, at));
                }
            }
            LayoutError::InvalidMeasure(_) | LayoutError::InvalidSize { .. } => {}
        }
    }

    /// Shape a short string (a label, a running head) on one line, pen starting at the
    /// origin. Returns the runs and their total width.
    pub fn set_text(
        &mut self,
        text: &str,
        style: FontStyle,
        size: Pt,
        mark: Mark,
        at: Pos,
    ) -> (Vec<TextRun>, Pt) {
        let chain = self.book.chain(style);
        let runs = match self.ts.shaper().shape_text(text, &chain, size) {
            Ok(runs) => runs,
            Err(uncovered) => {
                for u in uncovered {
                    self.missing.push(MissingChar {
                        at: advance(at, text.get(..u.offset).unwrap_or("")),
                        ch: u.ch,
                    });
                }
                return (Vec::new(), Pt::ZERO);
            }
        };
        let mut x = Pt::ZERO;
        let mut out = Vec::with_capacity(runs.len());
        for run in runs {
            let clusters: Vec<usize> = run.glyphs.iter().map(|g| g.cluster).collect();
            let ranges = cluster_ranges(&clusters, run.range.end);
            let origin_x = x;
            let mut pen = Pt::ZERO;
            let glyphs = run
                .glyphs
                .iter()
                .zip(ranges)
                .map(|(g, r)| {
                    let glyph = Glyph::new(
                        g.id,
                        pen + g.x_offset,
                        g.y_offset,
                        g.advance,
                        r.start - run.range.start..r.end - run.range.start,
                    );
                    pen += g.advance;
                    glyph
                })
                .collect();
            x += pen;
            out.push(TextRun {
                origin: Point {
                    x: origin_x,
                    y: Pt::ZERO,
                },
                font: run.font,
                size,
                glyphs,
                text: text[run.range.clone()].to_string(),
                actual_text: None,
                color: Color::default(),
                mark,
            });
        }
        (out, x)
    }

    /// Width of a string in one style (fallback faces included).
    pub fn text_width(&mut self, text: &str, style: FontStyle, size: Pt) -> Pt {
        let chain = self.book.chain(style);
        match self.ts.shaper().shape_text(text, &chain, size) {
            Ok(runs) => runs.iter().map(|r| r.width()).sum(),
            Err(_) => Pt::ZERO,
        }
    }

    /// Ascent and descent of the text face in `style` at `size`.
    pub fn ascent_descent(&mut self, style: FontStyle, size: Pt) -> (Pt, Pt) {
        let font = self.book.resolve(style);
        self.ts.shaper().ascent_descent(font, size)
    }

    /// Where the baseline of a line of `size` sits in a slot of height `leading`: the
    /// face's ascent-plus-descent box is centred in the slot.
    pub fn baseline_in(&mut self, style: FontStyle, size: Pt, leading: Pt) -> Pt {
        let (a, d) = self.ascent_descent(style, size);
        (leading - (a + d)) * 0.5 + a
    }
}

/// The position reached after reading `text` from `at`.
pub(crate) fn advance(mut at: Pos, text: &str) -> Pos {
    for c in text.chars() {
        if c == '\n' {
            at.line += 1;
            at.column = 1;
        } else {
            at.column += 1;
        }
    }
    at
}

/// The images of a layout, each file read once.
#[derive(Default)]
pub(crate) struct Images {
    pub data: Vec<ImageData>,
    by_path: BTreeMap<PathBuf, Option<ImageId>>,
}

impl Images {
    /// The image at `src` (relative to `base`): its id and natural size in points, or
    /// `None` for a remote URL, a missing file, or a format other than PNG and JPEG.
    pub fn load(&mut self, base: &std::path::Path, src: &str) -> Option<(ImageId, Pt, Pt)> {
        if src.contains("://") || src.starts_with("data:") {
            return None;
        }
        let path = base.join(src);
        let id = match self.by_path.get(&path) {
            Some(id) => *id,
            None => {
                let id = std::fs::read(&path).ok().and_then(|bytes| {
                    let (format, width, height) = probe(&bytes)?;
                    self.data.push(ImageData {
                        bytes,
                        format,
                        width,
                        height,
                    });
                    Some(ImageId(self.data.len() - 1))
                });
                self.by_path.insert(path, id);
                id
            }
        }?;
        let img = &self.data[id.0];
        let k = 72.0 / IMAGE_DPI;
        Some((
            id,
            Pt(f64::from(img.width) * k),
            Pt(f64::from(img.height) * k),
        ))
    }
}

/// Format and pixel size of PNG or JPEG bytes.
pub(crate) fn probe(bytes: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let be16 = |b: &[u8]| u32::from(u16::from_be_bytes([b[0], b[1]]));
    if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR" {
        let (w, h) = (be32(&bytes[16..20]), be32(&bytes[20..24]));
        return (w > 0 && h > 0).then_some((ImageFormat::Png, w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                i += 1;
                continue;
            }
            let marker = bytes[i + 1];
            let len = be16(&bytes[i + 2..i + 4]) as usize;
            let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if sof {
                let (h, w) = (be16(&bytes[i + 5..i + 7]), be16(&bytes[i + 7..i + 9]));
                return (w > 0 && h > 0).then_some((ImageFormat::Jpeg, w, h));
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_png_and_rejects_garbage() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 1, 0, 0, 0, 0, 32]);
        assert_eq!(probe(&png), Some((ImageFormat::Png, 256, 32)));
        assert_eq!(probe(b"GIF89a"), None);
    }

    #[test]
    fn advance_counts_code_points_and_lines() {
        let p = advance(Pos::new(3, 5), "é\nab");
        assert_eq!(p, Pos::new(4, 3));
    }
}
