//! Page content: laid-out items to printpdf operations.
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

use std::collections::BTreeMap;

use printpdf::{
    Color as PColor, CurTransMat, DictItem, Greyscale, Line, LinePoint, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, Point as PPoint, Pt as PPt, Rect as PRect, Rgb, TextMatrix,
    XObjectTransform,
};
use quire_typeset::page::{
    ArtifactKind, Color, LinkTarget, Mark, PageItem, PagedDocument, Rect, StructId, StructRole,
    TextRun,
};

use crate::PdfError;
use crate::fonts::{EmbeddedFont, EmbeddedFonts, glyph_text};
use crate::images::PreparedImages;

/// `TJ` offsets are rounded to this many steps per thousandth of an em.
const OFFSET_STEPS: f64 = 100.0;

/// Coordinates in content streams are rounded to this many steps per point.
const COORD_STEPS: f64 = 1000.0;

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

/// The pages as printpdf objects, plus what the lopdf pass needs to know about them.
pub struct Built {
    /// The printpdf document (pages, fonts, XObjects).
    pub pdf: PdfDocument,
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

/// Builds the printpdf document for `paged`.
pub fn build(
    paged: &PagedDocument,
    fonts: &EmbeddedFonts,
    images: &PreparedImages,
) -> Result<Built, PdfError> {
    // The fonts are not printpdf's: [`crate::finish`] writes them into the pages' font
    // dictionary under the resource names `Tf` uses here.
    let mut pdf = PdfDocument::new("");
    for (id, xobject) in images.xobjects.values() {
        pdf.resources
            .xobjects
            .map
            .insert(id.clone(), xobject.clone());
    }
    let mut built = Built {
        pdf,
        events: Vec::new(),
        page_mcids: Vec::with_capacity(paged.pages.len()),
        links: Vec::with_capacity(paged.pages.len()),
        dests: BTreeMap::new(),
        node_text: vec![String::new(); paged.structure.len().max(1)],
    };
    for (index, page) in paged.pages.iter().enumerate() {
        let mut writer = PageWriter {
            page: index,
            height: page.height.0,
            ops: Vec::with_capacity(page.items.len() * 8),
            open: None,
            mcids: Vec::new(),
            links: Vec::new(),
            fill: None,
            stroke: None,
        };
        for item in &page.items {
            writer.item(item, paged, fonts, images, &mut built)?;
        }
        writer.close();
        let size = PRect {
            x: PPt(0.0),
            y: PPt(0.0),
            width: PPt(page.width.0 as f32),
            height: PPt(page.height.0 as f32),
            mode: None,
            winding_order: None,
        };
        built.pdf.pages.push(PdfPage {
            media_box: size.clone(),
            trim_box: size.clone(),
            crop_box: size,
            ops: writer.ops,
        });
        built.page_mcids.push(writer.mcids);
        built.links.push(writer.links);
    }
    Ok(built)
}

/// Rounds a coordinate for the content stream.
fn coord(v: f64) -> f32 {
    ((v * COORD_STEPS).round() / COORD_STEPS) as f32
}

fn pdf_color(c: Color) -> PColor {
    match c {
        Color::Gray(g) => PColor::Greyscale(Greyscale {
            percent: g.clamp(0.0, 1.0),
            icc_profile: None,
        }),
        Color::Rgb(r, g, b) => PColor::Rgb(Rgb {
            r: r.clamp(0.0, 1.0),
            g: g.clamp(0.0, 1.0),
            b: b.clamp(0.0, 1.0),
            icc_profile: None,
        }),
    }
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

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn dict(entries: Vec<(&str, DictItem)>) -> DictItem {
    DictItem::Dict {
        map: entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    }
}

fn actual_text(text: &str) -> DictItem {
    dict(vec![(
        "ActualText",
        DictItem::String {
            data: text_string(text),
            literal: false,
        },
    )])
}

/// Writes the operations of one page.
struct PageWriter {
    page: usize,
    height: f64,
    ops: Vec<Op>,
    /// The mark of the open marked-content sequence.
    open: Option<Mark>,
    mcids: Vec<StructId>,
    links: Vec<PdfLink>,
    fill: Option<Color>,
    stroke: Option<(Color, f64)>,
}

impl PageWriter {
    fn y(&self, y: f64) -> f64 {
        self.height - y
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    /// Opens the marked-content sequence for `mark` unless it is already open.
    fn mark(&mut self, mark: Mark, paged: &PagedDocument, built: &mut Built) {
        if self.open == Some(mark) {
            return;
        }
        self.close();
        let op = match mark {
            Mark::Content(sid) => {
                let mcid = self.mcids.len();
                self.mcids.push(sid);
                built.events.push((
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
                Op::BeginMarkedContentWithProperties {
                    tag: role.to_string(),
                    properties: dict(vec![("MCID", DictItem::Int(mcid as i64))]),
                }
            }
            Mark::Artifact(kind) => {
                let props = match kind {
                    ArtifactKind::Header => {
                        vec![("Type", name("Pagination")), ("Subtype", name("Header"))]
                    }
                    ArtifactKind::Footer => {
                        vec![("Type", name("Pagination")), ("Subtype", name("Footer"))]
                    }
                    ArtifactKind::Hyphen | ArtifactKind::Decoration => {
                        vec![("Type", name("Layout"))]
                    }
                };
                Op::BeginMarkedContentWithProperties {
                    tag: "Artifact".to_string(),
                    properties: dict(props),
                }
            }
        };
        self.ops.push(op);
        self.open = Some(mark);
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.ops.push(Op::SetFillColor { col: pdf_color(c) });
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, c: Color, width: f64) {
        if self.stroke != Some((c, width)) {
            self.ops.push(Op::SetOutlineColor { col: pdf_color(c) });
            self.ops.push(Op::SetOutlineThickness {
                pt: PPt(coord(width)),
            });
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
        item: &PageItem,
        paged: &PagedDocument,
        fonts: &EmbeddedFonts,
        images: &PreparedImages,
        built: &mut Built,
    ) -> Result<(), PdfError> {
        match item {
            PageItem::Text(run) => {
                if run.glyphs.is_empty() {
                    return Ok(());
                }
                let font = fonts
                    .get(run.font)
                    .ok_or(PdfError::UnknownFont(run.font.0))?;
                self.mark(run.mark, paged, built);
                if let Mark::Content(sid) = run.mark
                    && let Some(t) = built.node_text.get_mut(sid.0)
                {
                    t.push_str(run.actual_text.as_deref().unwrap_or(&run.text));
                }
                self.text(run, font);
            }
            PageItem::Rule(rule) => {
                self.mark(rule.mark, paged, built);
                self.set_stroke(rule.color, rule.thickness.0);
                let point = |x: f64, y: f64| LinePoint {
                    p: PPoint {
                        x: PPt(coord(x)),
                        y: PPt(coord(y)),
                    },
                    bezier: false,
                };
                self.ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            point(rule.from.x.0, self.y(rule.from.y.0)),
                            point(rule.to.x.0, self.y(rule.to.y.0)),
                        ],
                        is_closed: false,
                    },
                });
            }
            PageItem::Fill(fill) => {
                self.mark(fill.mark, paged, built);
                self.set_fill(fill.color);
                let [x0, y0, x1, y1] = self.rect(&fill.rect);
                self.ops.push(Op::DrawRectangle {
                    rectangle: PRect {
                        x: PPt(coord(x0)),
                        y: PPt(coord(y0)),
                        width: PPt(coord(x1 - x0)),
                        height: PPt(coord(y1 - y0)),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            PageItem::Image(placed) => {
                let id = images
                    .resource(placed.image)
                    .ok_or(PdfError::UnknownImage(placed.image.0))?
                    .clone();
                self.mark(placed.mark, paged, built);
                let [x0, y0, x1, y1] = self.rect(&placed.rect);
                self.ops.push(Op::SaveGraphicsState);
                self.ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([
                        coord(x1 - x0),
                        0.0,
                        0.0,
                        coord(y1 - y0),
                        coord(x0),
                        coord(y0),
                    ]),
                });
                self.ops.push(Op::UseXobject {
                    id,
                    transform: XObjectTransform {
                        no_auto_scale: true,
                        ..XObjectTransform::default()
                    },
                });
                self.ops.push(Op::RestoreGraphicsState);
            }
            PageItem::Link(link) => {
                let annot = self.links.len();
                self.links.push(PdfLink {
                    rect: self.rect(&link.rect),
                    target: link.target.clone(),
                    owner: link.owner,
                });
                if let Some(owner) = link.owner {
                    built.events.push((
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
                built.dests.entry(anchor.name.clone()).or_insert(dest);
            }
        }
        Ok(())
    }

    /// One text object for `run`, wrapped in an `ActualText` span when extraction needs it.
    fn text(&mut self, run: &TextRun, font: &EmbeddedFont) {
        let codes: Vec<u16> = run.glyphs.iter().map(|g| font.new_id(g.id)).collect();
        let span = match (&run.actual_text, run.mark) {
            (Some(text), _) => Some(text.clone()),
            (None, Mark::Artifact(ArtifactKind::Hyphen)) => Some(String::new()),
            (None, Mark::Artifact(_)) => None,
            (None, Mark::Content(_)) => {
                // Exact when every glyph's share is its canonical text and the shares
                // cover the run's text.
                let mut covered = 0;
                let exact = codes.iter().enumerate().all(|(i, &c)| {
                    let share = glyph_text(run, i);
                    covered += share.len();
                    share == font.text_of(c)
                }) && covered == run.text.len();
                (!exact).then(|| run.text.clone())
            }
        };
        if let Some(text) = &span {
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".to_string(),
                properties: actual_text(text),
            });
        }
        self.set_fill(run.color);
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(printpdf::FontId(font.resource.clone())),
            size: PPt(run.size.0 as f32),
        });
        let size = run.size.0;
        let scale = 1000.0 / size; // points → thousandths of an em
        let mut i = 0;
        while i < run.glyphs.len() {
            // One stretch of glyphs on the same vertical offset.
            let y = run.glyphs[i].y.0;
            let end = run.glyphs[i..]
                .iter()
                .position(|g| g.y.0 != y)
                .map_or(run.glyphs.len(), |n| i + n);
            let x0 = run.glyphs[i].x.0;
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Raw([
                    1.0,
                    0.0,
                    0.0,
                    1.0,
                    coord(run.origin.x.0 + x0),
                    coord(self.y(run.origin.y.0) + y),
                ]),
            });
            // Glyph codes accumulate in one string until a glyph needs an offset. Literal
            // strings (binary bytes, with `(`, `)`, `\` and CR escaped by lopdf) are half
            // the size of hex strings and much faster for lopdf to write.
            let mut items = Vec::with_capacity(8);
            let mut codes_run: Vec<u8> = Vec::with_capacity(2 * (end - i));
            let mut pen = 0.0; // where the viewer's pen is, in thousandths of an em from x0
            for (k, &code) in codes.iter().enumerate().take(end).skip(i) {
                codes_run.extend_from_slice(&code.to_be_bytes());
                let after = pen + font.width_of(code) as f64;
                let offset = if k + 1 < end {
                    let target = (run.glyphs[k + 1].x.0 - x0) * scale;
                    ((after - target) * OFFSET_STEPS).round() / OFFSET_STEPS
                } else {
                    0.0
                };
                pen = after - offset;
                if offset != 0.0 {
                    items.push(DictItem::String {
                        data: std::mem::take(&mut codes_run),
                        literal: true,
                    });
                    items.push(DictItem::Real(offset as f32));
                }
            }
            if !codes_run.is_empty() {
                items.push(DictItem::String {
                    data: codes_run,
                    literal: true,
                });
            }
            // `TJ` goes through as a raw operator: printpdf's own glyph path writes one
            // string object per glyph (see the module documentation of `fonts`).
            self.ops.push(Op::Unknown {
                key: "TJ".to_string(),
                value: vec![DictItem::Array(items)],
            });
            i = end;
        }
        self.ops.push(Op::EndTextSection);
        if span.is_some() {
            self.ops.push(Op::EndMarkedContent);
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
