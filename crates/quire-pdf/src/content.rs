//! Page content: laid-out items to content streams, written as bytes ([`crate::stream`]).
//!
//! Coordinates flip here from layout's top-down space to PDF's bottom-up space
//! (`y_pdf = page height − y`).
//!
//! **Text.** Each [`TextRun`] is one text object (`BT … ET`): `Tf`, then for each stretch
//! of glyphs on one vertical offset a `Tm` at the first glyph and a `TJ` array whose
//! strings hold two-byte glyph codes (CIDs of the subset font). A viewer
//! advances the pen by each glyph's `/W` width; the number after a glyph in the array
//! moves it on to where layout put the next one (`offset = pen + W − target`, in
//! thousandths of an em). Offsets are rounded to 1/100 of a unit, and the rounding error
//! is carried into the next offset, so it never accumulates along a line; offsets that
//! round to zero (most letter pairs) are left out. Justification and kerning therefore
//! come out exactly as layout set them, without `Tw` (which composite fonts ignore).
//!
//! **Marked content.** Consecutive items with the same [`Mark`] share one sequence:
//! content of structure node *s* is `/Role <</MCID n>> BDC … EMC` with a fresh MCID per
//! page, recorded (with its page) in reading order for the structure tree; artifacts are
//! `/Artifact <</Type /Pagination /Subtype /Header>> BDC … EMC` (or `/Footer`, or
//! `/Type /Layout` for hyphens and decoration).
//!
//! **Extraction.** A run whose [`TextRun::actual_text`] is set, or whose glyphs' Unicode
//! mappings do not spell its text exactly (a cluster of several glyphs, a glyph whose
//! canonical text differs here), is wrapped in `/Span <</ActualText (…)>> BDC … EMC`.
//! The hyphen added at a line break gets an empty `ActualText` inside its artifact, so
//! that text extraction (poppler honours `ActualText`, not artifacts) drops it and the
//! first part's `ActualText` gives the whole word.
//!
//! **Threads.** Pages are independent once the fonts' glyph maps are known, so they are
//! written (and compressed) on all cores, in contiguous batches; what the structure tree
//! needs from them is merged afterwards in page order, so the output does not depend on
//! the number of threads.

use std::collections::BTreeMap;

use quire_typeset::page::{
    ArtifactKind, Color, LinkTarget, Mark, Page, PageItem, PagedDocument, Rect, StructId,
    StructRole, TextRun,
};

use crate::PdfError;
use crate::flate::Deflater;
use crate::fonts::{EmbeddedFont, EmbeddedFonts, glyph_text};
use crate::images::PreparedImages;
use crate::stream::ContentStream;

/// `TJ` offsets are rounded to this many steps per thousandth of an em.
const OFFSET_STEPS: i64 = 100;

/// A run's horizontal scale is written with this many steps (font expansion moves in
/// steps far finer than a reader sees).
const SCALE_STEPS: i64 = 10_000;

/// Coordinates in content streams are rounded to this many steps per point.
const COORD_STEPS: i64 = 1000;

/// Below this many pages one thread writes them all: starting a thread costs more.
const PAGES_PER_THREAD: usize = 4;

/// Where a piece of marked content or an annotation sits, for the structure tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kid {
    /// Marked-content sequence `mcid` on page `page` (0-based).
    Mcid {
        /// The page index.
        page: usize,
        /// The MCID on that page.
        mcid: usize,
    },
    /// Link annotation `annot` (index into that page's links) on page `page`.
    Annot {
        /// The page index.
        page: usize,
        /// Index into [`Built::links`] of that page.
        annot: usize,
    },
}

/// A link annotation to write, in PDF coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct PdfLink {
    /// `[x0 y0 x1 y1]` in PDF user space.
    pub rect: [f64; 4],
    /// Where it goes.
    pub target: LinkTarget,
    /// The structure element it belongs to.
    pub owner: Option<StructId>,
}

/// A named destination in PDF coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PdfDest {
    /// Page index (0-based).
    pub page: usize,
    /// Left.
    pub x: f64,
    /// Top, in PDF (bottom-up) space.
    pub y: f64,
}

/// One page's content stream.
pub struct PageContent {
    /// The stream's bytes, Flate-compressed when `compressed`.
    pub bytes: Vec<u8>,
    /// Whether `bytes` are Flate-compressed.
    pub compressed: bool,
}

/// The pages' content, plus what the structure tree and annotations need to know.
pub struct Built {
    /// Per page: its content stream.
    pub contents: Vec<PageContent>,
    /// Content and annotations owned by structure nodes, in reading order.
    pub events: Vec<(StructId, Kid)>,
    /// Per page: the owner of each MCID, by MCID.
    pub page_mcids: Vec<Vec<StructId>>,
    /// Per page: the link annotations.
    pub links: Vec<Vec<PdfLink>>,
    /// Named destinations (first definition wins).
    pub dests: BTreeMap<String, PdfDest>,
    /// The text each structure node's own runs carry (for link descriptions).
    pub node_text: Vec<String>,
}

/// What writing one page yields; merged into [`Built`] in page order.
struct PageOut<'a> {
    content: PageContent,
    events: Vec<(StructId, Kid)>,
    mcids: Vec<StructId>,
    links: Vec<PdfLink>,
    anchors: Vec<(&'a str, PdfDest)>,
    texts: Vec<(usize, &'a str)>,
}

/// Writes the content of every page of `paged`, compressed when `compress` is set.
pub fn build(
    paged: &PagedDocument,
    fonts: &EmbeddedFonts,
    images: &PreparedImages,
    compress: bool,
) -> Result<Built, PdfError> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(paged.pages.len().div_ceil(PAGES_PER_THREAD));
    build_on(paged, fonts, images, compress, threads)
}

/// [`build`] on `threads` threads.
pub(crate) fn build_on<'p>(
    paged: &'p PagedDocument,
    fonts: &EmbeddedFonts,
    images: &PreparedImages,
    compress: bool,
    threads: usize,
) -> Result<Built, PdfError> {
    let pages = &paged.pages;
    let threads = threads.max(1);
    let batch = pages.len().div_ceil(threads).max(1);
    let write_batch =
        |first: usize, batch: &'p [Page]| write_pages(first, batch, paged, fonts, images, compress);
    let outs: Vec<PageOut<'_>> = if threads == 1 {
        write_batch(0, pages)?
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = pages
                .chunks(batch)
                .enumerate()
                .map(|(k, chunk)| s.spawn(move || write_batch(k * batch, chunk)))
                .collect();
            let mut outs = Vec::with_capacity(pages.len());
            for handle in handles {
                let part = handle
                    .join()
                    .map_err(|_| PdfError::Assembly("a page writer thread panicked".into()))?;
                outs.extend(part?);
            }
            Ok::<_, PdfError>(outs)
        })?
    };

    let mut built = Built {
        contents: Vec::with_capacity(outs.len()),
        events: Vec::new(),
        page_mcids: Vec::with_capacity(outs.len()),
        links: Vec::with_capacity(outs.len()),
        dests: BTreeMap::new(),
        node_text: vec![String::new(); paged.structure.len().max(1)],
    };
    for out in outs {
        built.contents.push(out.content);
        built.events.extend(out.events);
        built.page_mcids.push(out.mcids);
        built.links.push(out.links);
        for (name, dest) in out.anchors {
            built.dests.entry(name.to_string()).or_insert(dest);
        }
        for (node, text) in out.texts {
            if let Some(t) = built.node_text.get_mut(node) {
                t.push_str(text);
            }
        }
    }
    Ok(built)
}

/// Writes pages `first`, `first + 1` … (`batch`), with one compressor for all.
fn write_pages<'a>(
    first: usize,
    batch: &'a [Page],
    paged: &PagedDocument,
    fonts: &EmbeddedFonts,
    images: &PreparedImages,
    compress: bool,
) -> Result<Vec<PageOut<'a>>, PdfError> {
    let mut deflater = compress.then(Deflater::new);
    batch
        .iter()
        .enumerate()
        .map(|(i, page)| write_page(first + i, page, paged, fonts, images, deflater.as_mut()))
        .collect()
}

fn write_page<'a>(
    index: usize,
    page: &'a Page,
    paged: &PagedDocument,
    fonts: &EmbeddedFonts,
    images: &PreparedImages,
    deflater: Option<&mut Deflater>,
) -> Result<PageOut<'a>, PdfError> {
    let mut writer = PageWriter {
        page: index,
        height: page.height.0,
        out: ContentStream::with_capacity(page.items.len() * 48),
        open: None,
        fill: None,
        stroke: None,
        result: PageOut {
            content: PageContent {
                bytes: Vec::new(),
                compressed: false,
            },
            events: Vec::new(),
            mcids: Vec::new(),
            links: Vec::new(),
            anchors: Vec::new(),
            texts: Vec::new(),
        },
    };
    for item in &page.items {
        writer.item(item, paged, fonts, images)?;
    }
    writer.close();
    let raw = writer.out.into_bytes();
    let mut result = writer.result;
    result.content = match deflater.and_then(|z| z.deflate(&raw)) {
        Some(bytes) => PageContent {
            bytes,
            compressed: true,
        },
        None => PageContent {
            bytes: raw,
            compressed: false,
        },
    };
    Ok(result)
}

/// The structure type a role is written as (ISO 32000-1, 14.8.4).
pub fn role_name(role: StructRole) -> &'static str {
    match role {
        StructRole::Document => "Document",
        StructRole::Sect => "Sect",
        StructRole::H(1) => "H1",
        StructRole::H(2) => "H2",
        StructRole::H(3) => "H3",
        StructRole::H(4) => "H4",
        StructRole::H(5) => "H5",
        StructRole::H(_) => "H6",
        StructRole::P => "P",
        StructRole::BlockQuote => "BlockQuote",
        StructRole::L => "L",
        StructRole::LI => "LI",
        StructRole::Lbl => "Lbl",
        StructRole::LBody => "LBody",
        StructRole::Table => "Table",
        StructRole::TR => "TR",
        StructRole::TH => "TH",
        StructRole::TD => "TD",
        StructRole::Figure => "Figure",
        StructRole::Caption => "Caption",
        StructRole::Note => "Note",
        StructRole::Reference => "Reference",
        StructRole::Link => "Link",
        StructRole::Code => "Code",
        StructRole::Span => "Span",
        StructRole::Div => "Div",
        StructRole::TOC => "TOC",
        StructRole::TOCI => "TOCI",
        StructRole::Index => "Index",
    }
}

/// A PDF text string: PDFDocEncoding-safe ASCII as is, anything else UTF-16BE with BOM.
pub fn text_string(s: &str) -> Vec<u8> {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return s.as_bytes().to_vec();
    }
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// Writes the content stream of one page.
struct PageWriter<'a> {
    page: usize,
    height: f64,
    out: ContentStream,
    /// The mark of the open marked-content sequence.
    open: Option<Mark>,
    fill: Option<Color>,
    stroke: Option<(Color, f64)>,
    result: PageOut<'a>,
}

impl<'a> PageWriter<'a> {
    fn y(&self, y: f64) -> f64 {
        self.height - y
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.op("EMC");
        }
    }

    /// Opens the marked-content sequence for `mark` unless it is already open.
    fn mark(&mut self, mark: Mark, paged: &PagedDocument) {
        if self.open == Some(mark) {
            return;
        }
        self.close();
        match mark {
            Mark::Content(sid) => {
                let mcid = self.result.mcids.len();
                self.result.mcids.push(sid);
                self.result.events.push((
                    sid,
                    Kid::Mcid {
                        page: self.page,
                        mcid,
                    },
                ));
                let role = paged
                    .structure
                    .get(sid.0)
                    .map_or("Span", |n| role_name(n.role));
                self.out
                    .name(role)
                    .punct("<<")
                    .name("MCID")
                    .int(mcid as i64)
                    .punct(">>")
                    .op("BDC");
            }
            Mark::Artifact(kind) => {
                let props = match kind {
                    ArtifactKind::Header => "<</Type/Pagination/Subtype/Header>>",
                    ArtifactKind::Footer => "<</Type/Pagination/Subtype/Footer>>",
                    ArtifactKind::Hyphen | ArtifactKind::Decoration => "<</Type/Layout>>",
                };
                self.out.name("Artifact").punct(props).op("BDC");
            }
        }
        self.open = Some(mark);
    }

    fn color(&mut self, c: Color, gray: &str, rgb: &str) {
        match c {
            Color::Gray(g) => {
                self.out.num(f64::from(g.clamp(0.0, 1.0)), 1000).op(gray);
            }
            Color::Rgb(r, g, b) => {
                for v in [r, g, b] {
                    self.out.num(f64::from(v.clamp(0.0, 1.0)), 1000);
                }
                self.out.op(rgb);
            }
        }
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.color(c, "g", "rg");
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, c: Color, width: f64) {
        if self.stroke != Some((c, width)) {
            self.color(c, "G", "RG");
            self.out.num(width, COORD_STEPS).op("w");
            self.stroke = Some((c, width));
        }
    }

    fn rect(&self, r: &Rect) -> [f64; 4] {
        let (x0, x1) = (r.x.0, r.x.0 + r.width.0);
        let (y0, y1) = (self.y(r.y.0 + r.height.0), self.y(r.y.0));
        [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]
    }

    fn item(
        &mut self,
        item: &'a PageItem,
        paged: &PagedDocument,
        fonts: &EmbeddedFonts,
        images: &PreparedImages,
    ) -> Result<(), PdfError> {
        match item {
            PageItem::Text(run) => {
                if run.glyphs.is_empty() {
                    return Ok(());
                }
                let font = fonts
                    .get(run.font)
                    .ok_or(PdfError::UnknownFont(run.font.0))?;
                self.mark(run.mark, paged);
                if let Mark::Content(sid) = run.mark {
                    let text = run.actual_text.as_deref().unwrap_or(&run.text);
                    self.result.texts.push((sid.0, text));
                }
                self.text(run, font);
            }
            PageItem::Rule(rule) => {
                self.mark(rule.mark, paged);
                self.set_stroke(rule.color, rule.thickness.0);
                let (from_y, to_y) = (self.y(rule.from.y.0), self.y(rule.to.y.0));
                self.out
                    .num(rule.from.x.0, COORD_STEPS)
                    .num(from_y, COORD_STEPS)
                    .op("m")
                    .num(rule.to.x.0, COORD_STEPS)
                    .num(to_y, COORD_STEPS)
                    .op("l")
                    .op("S");
            }
            PageItem::Fill(fill) => {
                self.mark(fill.mark, paged);
                self.set_fill(fill.color);
                let [x0, y0, x1, y1] = self.rect(&fill.rect);
                self.out
                    .num(x0, COORD_STEPS)
                    .num(y0, COORD_STEPS)
                    .num(x1 - x0, COORD_STEPS)
                    .num(y1 - y0, COORD_STEPS)
                    .op("re")
                    .op("f");
            }
            PageItem::Image(placed) => {
                let id = images
                    .resource(placed.image)
                    .ok_or(PdfError::UnknownImage(placed.image.0))?;
                self.mark(placed.mark, paged);
                let [x0, y0, x1, y1] = self.rect(&placed.rect);
                self.out
                    .op("q")
                    .num(x1 - x0, COORD_STEPS)
                    .int(0)
                    .int(0)
                    .num(y1 - y0, COORD_STEPS)
                    .num(x0, COORD_STEPS)
                    .num(y0, COORD_STEPS)
                    .op("cm")
                    .name(&id.0)
                    .op("Do")
                    .op("Q");
            }
            PageItem::Link(link) => {
                let annot = self.result.links.len();
                self.result.links.push(PdfLink {
                    rect: self.rect(&link.rect),
                    target: link.target.clone(),
                    owner: link.owner,
                });
                if let Some(owner) = link.owner {
                    self.result.events.push((
                        owner,
                        Kid::Annot {
                            page: self.page,
                            annot,
                        },
                    ));
                }
            }
            PageItem::Anchor(anchor) => {
                let dest = PdfDest {
                    page: self.page,
                    x: anchor.at.x.0,
                    y: self.y(anchor.at.y.0),
                };
                self.result.anchors.push((&anchor.name, dest));
            }
        }
        Ok(())
    }

    /// One text object for `run`, wrapped in an `ActualText` span when extraction needs it.
    fn text(&mut self, run: &TextRun, font: &EmbeddedFont) {
        let span: Option<&str> = match (&run.actual_text, run.mark) {
            (Some(text), _) => Some(text),
            (None, Mark::Artifact(ArtifactKind::Hyphen)) => Some(""),
            (None, Mark::Artifact(_)) => None,
            (None, Mark::Content(_)) => {
                // Exact when every glyph's share is its canonical text and the shares
                // cover the run's text.
                let mut covered = 0;
                let exact = run.glyphs.iter().enumerate().all(|(i, g)| {
                    let share = glyph_text(run, i);
                    covered += share.len();
                    share == font.text_of(font.new_id(g.id))
                }) && covered == run.text.len();
                (!exact).then_some(run.text.as_str())
            }
        };
        if let Some(text) = span {
            self.out
                .name("Span")
                .punct("<<")
                .name("ActualText")
                .string(&text_string(text))
                .punct(">>")
                .op("BDC");
        }
        self.set_fill(run.color);
        self.out
            .op("BT")
            .name(&font.resource)
            .num(run.size.0, COORD_STEPS)
            .op("Tf");
        let size = run.size.0;
        // An expanded run is drawn with a horizontally scaled text matrix: the viewer
        // scales outlines and `/W` advances alike, so positions convert to text space
        // through the same factor.
        let h = if run.h_scale.is_finite() && run.h_scale > 0.0 {
            (run.h_scale * SCALE_STEPS as f64).round() / SCALE_STEPS as f64
        } else {
            1.0
        };
        let scale = 1000.0 / (size * h); // points → thousandths of an (unscaled) em
        let glyphs = &run.glyphs;
        let mut i = 0;
        let mut codes: Vec<u8> = Vec::with_capacity(2 * glyphs.len());
        while i < glyphs.len() {
            // One stretch of glyphs on the same vertical offset.
            let y = glyphs[i].y().0;
            let end = glyphs[i..]
                .iter()
                .position(|g| g.y().0 != y)
                .map_or(glyphs.len(), |n| i + n);
            let x0 = glyphs[i].x().0;
            let (tx, ty) = (run.origin.x.0 + x0, self.y(run.origin.y.0) + y);
            if h == 1.0 {
                self.out.raw("1");
            } else {
                self.out.num(h, SCALE_STEPS);
            }
            self.out
                .raw("0 0 1")
                .num(tx, COORD_STEPS)
                .num(ty, COORD_STEPS)
                .op("Tm")
                .punct("[");
            // Glyph codes accumulate in one string until a glyph needs an offset.
            let mut pen = 0.0; // where the viewer's pen is, in thousandths of an em from x0
            for k in i..end {
                let code = font.new_id(glyphs[k].id);
                codes.extend_from_slice(&code.to_be_bytes());
                let after = pen + font.width_of(code) as f64;
                let offset = if k + 1 < end {
                    let target = (glyphs[k + 1].x().0 - x0) * scale;
                    let steps = OFFSET_STEPS as f64;
                    ((after - target) * steps).round() / steps
                } else {
                    0.0
                };
                pen = after - offset;
                if offset != 0.0 {
                    self.out.string(&codes).num(offset, OFFSET_STEPS);
                    codes.clear();
                }
            }
            if !codes.is_empty() {
                self.out.string(&codes);
                codes.clear();
            }
            self.out.op("]TJ");
            i = end;
        }
        self.out.op("ET");
        if span.is_some() {
            self.out.op("EMC");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(text_string("abc"), b"abc");
        assert_eq!(text_string("é"), vec![0xFE, 0xFF, 0x00, 0xE9]);
        assert_eq!(text_string(""), b"");
    }

    #[test]
    fn roles_are_standard_names() {
        assert_eq!(role_name(StructRole::H(2)), "H2");
        assert_eq!(role_name(StructRole::H(9)), "H6");
        assert_eq!(role_name(StructRole::LBody), "LBody");
    }
}
