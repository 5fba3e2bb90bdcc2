//! The state shared by every stage of one layout: fonts, the typesetter (with its shaping
//! cache), the structure tree, the images, and the characters no font has.
//!
//! Characters without a glyph do not stop the layout at the first paragraph: each stage
//! records them here with their source position and goes on, so one run reports them
//! all. [`Ctx::paragraph`] and [`Ctx::set_text`] are the two places text is shaped.

use std::collections::BTreeMap;
use std::sync::Arc;

use quire_doc::{Assets, Diagnostic, Document, ImageAsset, MediaType, Span};

use crate::fonts::{FontBook, FontStyle};
use crate::line::Glyph;
use crate::page::{Color, ImageData, ImageFormat, ImageId, Mark, Point, SvgDrawing, TextRun};
use crate::paragraph::{Inline, LayoutError, ParagraphLayout, ParagraphOptions, Typesetter};
use crate::shape::{SharedShapes, cluster_ranges};
use crate::units::Pt;

use super::LayoutOptions;
use super::ahead::{Memo, Pending};
use super::error::MissingChar;
use super::passages::Passages;
use super::structure::StructTree;
use super::style::Styles;
use super::text::InlineSet;

/// Everything one layout shares.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub assets: &'a Assets,
    /// Problems that do not stop the layout (an image print cannot show).
    pub warnings: Vec<Diagnostic>,
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
    /// Index in the document's blocks of the first block of the top-level list being
    /// walked (a book walks its divisions one list at a time).
    pub base: usize,
    /// The annotated passages, by the unit they fall in.
    pub passages: Passages,
    /// Where the destinations the text refers to were in the pass before (see
    /// `super::settle`); nothing is known in the first pass.
    pub refs: super::settle::PageRefs,
    /// Ids of spans whose end gets a destination of its own (the index's places).
    pub span_ends: std::collections::BTreeSet<String>,
    /// The heading level rectos' running heads carry (see `running_heads`).
    pub head_level: u8,
    /// The level of the document's part heads, if it has them (see `headings`).
    pub part_level: Option<u8>,
    /// In a pass another will follow: every paragraph layout, for the next pass.
    pub keep: Option<Memo>,
    /// Paragraphs of the body that may be set looser, counted so far (the next one's
    /// ordinal, see `super::looseness`).
    pub next_paragraph: usize,
    /// The looseness pagination asks of paragraphs, by ordinal.
    pub looseness: BTreeMap<usize, i8>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        doc: &'a Document,
        assets: &'a Assets,
        book: &'a FontBook,
        opts: &'a LayoutOptions,
        shapes: Arc<SharedShapes>,
    ) -> Ctx<'a> {
        let lang = if doc.meta.language.is_empty() {
            opts.fallback_language.clone()
        } else {
            doc.meta.language.clone()
        };
        let head_level = super::running_heads::head_level(doc);
        Ctx {
            doc,
            assets,
            warnings: Vec::new(),
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
            base: 0,
            passages: Passages::new(doc),
            refs: super::settle::PageRefs::default(),
            span_ends: super::settle::span_ends(doc),
            head_level,
            part_level: super::headings::part_level(doc, head_level),
            keep: None,
            next_paragraph: 0,
            looseness: BTreeMap::new(),
        }
    }

    /// Called by the top-level walk before block `index` of the document: at (or past)
    /// the worker's first block, waits for its layouts.
    pub fn reached(&mut self, index: usize) {
        if self.pending.as_ref().is_some_and(|p| p.from <= index)
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
        o.hyphenate_capitals = self.doc.meta.hyphenate_capitals();
        o
    }

    /// Lay out a paragraph; characters without a glyph are recorded (and drawn as
    /// placeholders). `None` only for a measure or size no layout can use.
    pub fn paragraph(
        &mut self,
        set: &InlineSet,
        options: &ParagraphOptions,
    ) -> Option<Arc<ParagraphLayout<usize>>> {
        let layout = match self.memo.take(&set.inlines, options) {
            Some(layout) => layout,
            None => match self.ts.layout(&set.inlines, options) {
                Ok(layout) => {
                    let layout = Arc::new(layout);
                    if let Some(memo) = &mut self.recording {
                        memo.record(&set.inlines, options, &layout);
                    }
                    layout
                }
                Err(LayoutError::InvalidMeasure(_) | LayoutError::InvalidSize { .. }) => {
                    return None;
                }
            },
        };
        if let Some(keep) = &mut self.keep {
            keep.record(&set.inlines, options, &layout);
        }
        self.record_missing(set, &layout);
        Some(layout)
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
            Ok(layout) => {
                self.record_missing(set, &layout);
                Some(layout)
            }
            Err(LayoutError::InvalidMeasure(_) | LayoutError::InvalidSize { .. }) => None,
        }
    }

    /// Record the characters without a glyph of a laid-out paragraph.
    fn record_missing(&mut self, set: &InlineSet, layout: &ParagraphLayout<usize>) {
        // Each position is the node's start plus a byte offset: O(1) per character,
        // however many a run holds.
        for m in &layout.missing {
            let text = match set.inlines.get(m.source) {
                Some(Inline::Text { text, .. }) => text.as_str(),
                _ => "",
            };
            let origin = set
                .srcs
                .get(m.source)
                .map_or(Span::detached(), |s| s.origin);
            self.missing.push(MissingChar {
                at: advance(origin, text.get(..m.offset).unwrap_or("")),
                ch: m.ch,
            });
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
        at: Span,
    ) -> (Vec<TextRun>, Pt) {
        let chain = self.book.chain(style);
        let (runs, uncovered) = self.ts.shaper().shape_text(text, &chain, size);
        for u in uncovered {
            self.missing.push(MissingChar {
                at: advance(at, text.get(..u.offset).unwrap_or("")),
                ch: u.ch,
            });
        }
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
                h_scale: 1.0,
                color: Color::default(),
                mark,
            });
        }
        (out, x)
    }

    /// Whether some face of `style`'s chain has every character of `text`.
    pub fn covers(&mut self, text: &str, style: FontStyle) -> bool {
        let chain = self.book.chain(style);
        let shaper = self.ts.shaper();
        text.chars()
            .all(|c| chain.iter().any(|&font| shaper.covers(font, c)))
    }

    /// Width of a string in one style (fallback faces included).
    pub fn text_width(&mut self, text: &str, style: FontStyle, size: Pt) -> Pt {
        let chain = self.book.chain(style);
        let (runs, _) = self.ts.shaper().shape_text(text, &chain, size);
        runs.iter().map(|r| r.width()).sum()
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

/// The rest of `at` after reading `text` from its start: the character that follows is
/// at or after its start. The text of a node may differ from its source (entities,
/// smart quotes), so this is where to look, not an exact place.
pub(crate) fn advance(at: Span, text: &str) -> Span {
    let start = at.start.saturating_add(text.len() as u32).min(at.end);
    Span::new(at.file, start, at.end)
}

/// The images of a layout, each asset prepared once.
#[derive(Default)]
pub(crate) struct Images {
    pub data: Vec<ImageData>,
    /// The natural size of each image in `data`, in points.
    sizes: Vec<(Pt, Pt)>,
    by_src: BTreeMap<String, Option<ImageId>>,
}

impl Images {
    /// The image `src` refers to: its id and natural size in points (its pixels at its
    /// resolution, see [`ImageAsset::dpi`]; an SVG's CSS size), or `None` if the loader
    /// did not load it (it said why) or it cannot be placed in print, in which case a
    /// warning is added to `warnings`, once per image. What print leaves out of an SVG
    /// that is placed is also said once.
    pub fn load(
        &mut self,
        assets: &Assets,
        src: &str,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<(ImageId, Pt, Pt)> {
        let id = match self.by_src.get(src) {
            Some(id) => *id,
            None => {
                let id = assets.image(src).and_then(|asset| match prepare(asset) {
                    Ok(Prepared {
                        data,
                        size,
                        left_out,
                    }) => {
                        if !left_out.is_empty() {
                            warnings.push(
                                Diagnostic::warning(
                                    asset.span,
                                    format!(
                                        "the PDF leaves {} out of SVG image `{src}`",
                                        left_out.join(" and ")
                                    ),
                                )
                                .with_hint("the web and EPUB editions show them"),
                            );
                        }
                        self.data.push(data);
                        self.sizes.push(size);
                        Some(ImageId(self.data.len() - 1))
                    }
                    Err(why) => {
                        warnings.push(
                            Diagnostic::warning(
                                asset.span,
                                format!("image `{src}` is left out of the PDF: {why}"),
                            )
                            .with_hint("the web and EPUB editions show it"),
                        );
                        None
                    }
                });
                self.by_src.insert(src.to_string(), id);
                id
            }
        }?;
        let (w, h) = self.sizes[id.0];
        Some((id, w, h))
    }
}

/// What [`prepare`] makes of an asset.
struct Prepared {
    data: ImageData,
    /// Natural size in points.
    size: (Pt, Pt),
    /// What print leaves out of it, for a warning.
    left_out: Vec<String>,
}

/// An asset as the writer takes it, with its natural size in points and what print
/// leaves out of it: PNG and JPEG as they are, GIF (first frame) and WebP decoded and
/// re-encoded as PNG, SVG parsed into a tree of paths ([`super::svg`]). Sizes were
/// checked against the limits at load time, before anything is decoded here.
fn prepare(asset: &ImageAsset) -> Result<Prepared, String> {
    let (format, bytes) = match asset.media_type {
        MediaType::Png => (ImageFormat::Png, asset.bytes.to_vec()),
        MediaType::Jpeg => (ImageFormat::Jpeg, asset.bytes.to_vec()),
        MediaType::Gif | MediaType::Webp => (ImageFormat::Png, to_png(asset)?),
        MediaType::Svg => {
            let parsed = super::svg::parse(&asset.bytes)?;
            let size = parsed.tree.size();
            // CSS pixels to points.
            let k = 72.0 / quire_doc::DEFAULT_DPI;
            let natural = (
                Pt(f64::from(size.width()) * k),
                Pt(f64::from(size.height()) * k),
            );
            let data = ImageData {
                bytes: Vec::new(),
                svg: Some(SvgDrawing(Arc::new(parsed.tree))),
                format: ImageFormat::Svg,
                width: size.width().ceil() as u32,
                height: size.height().ceil() as u32,
            };
            return Ok(Prepared {
                data,
                size: natural,
                left_out: parsed.left_out,
            });
        }
    };
    let (w, h) = asset.size_in_points();
    let data = ImageData {
        bytes,
        svg: None,
        format,
        width: asset.width,
        height: asset.height,
    };
    Ok(Prepared {
        data,
        size: (Pt(w), Pt(h)),
        left_out: Vec::new(),
    })
}

fn to_png(asset: &ImageAsset) -> Result<Vec<u8>, String> {
    let format = match asset.media_type {
        MediaType::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    };
    let mut reader =
        image::ImageReader::with_format(std::io::Cursor::new(&asset.bytes[..]), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(asset.width.max(1));
    limits.max_image_height = Some(asset.height.max(1));
    limits.max_alloc = Some(u64::from(asset.width) * u64::from(asset.height) * 8 + (1 << 20));
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| format!("it cannot be decoded ({e})"))?;
    let mut out = std::io::Cursor::new(Vec::new());
    decoded
        .to_rgba8()
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| format!("it cannot be converted to PNG ({e})"))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gif_becomes_png_and_svg_a_drawing_at_its_natural_size() {
        let mut gif = std::io::Cursor::new(Vec::new());
        image::RgbaImage::from_pixel(2, 3, image::Rgba([200, 10, 10, 255]))
            .write_to(&mut gif, image::ImageFormat::Gif)
            .unwrap();
        let limits = quire_doc::ImageLimits::default();
        let asset =
            ImageAsset::from_bytes(gif.into_inner().into(), Span::detached(), &limits).unwrap();
        let Prepared { data, size, .. } = prepare(&asset).unwrap();
        assert_eq!(
            (data.format, data.width, data.height),
            (ImageFormat::Png, 2, 3)
        );
        assert_eq!(
            size,
            (Pt(1.5), Pt(2.25)),
            "96 dpi when the file says nothing"
        );
        assert!(data.bytes.starts_with(b"\x89PNG"));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
            <filter id="f"><feGaussianBlur stdDeviation="2"/></filter>
            <rect width="10" height="10" filter="url(#f)"/></svg>"#;
        let mut assets = Assets::new();
        let svg = ImageAsset::from_bytes(svg.as_slice().into(), Span::detached(), &limits);
        assets.insert_image("a.svg", svg.unwrap());
        let mut warnings = Vec::new();
        let mut images = Images::default();
        let (id, w, h) = images.load(&assets, "a.svg", &mut warnings).unwrap();
        assert_eq!((w, h), (Pt(30.0), Pt(15.0)), "CSS pixels to points");
        assert_eq!(images.data[id.0].format, ImageFormat::Svg);
        assert!(images.load(&assets, "a.svg", &mut warnings).is_some());
        assert_eq!(warnings.len(), 1, "one warning per image");
        assert!(
            warnings[0].message.contains("1 filter effect"),
            "{warnings:?}"
        );
    }

    #[test]
    fn advance_counts_code_points_and_lines() {
        let f = quire_doc::FileId(0);
        assert_eq!(advance(Span::new(f, 3, 20), "é\nab"), Span::new(f, 8, 20));
        assert_eq!(advance(Span::new(f, 3, 5), "é\nab"), Span::point(f, 5));
    }
}
