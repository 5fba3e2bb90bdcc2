//! Test documents for the PDF writer, laid out by hand with `quire_typeset::Typesetter`
//! (the paginator proper lives in `quire-typeset`; this stands in for it so the writer is
//! tested on its own).
//!
//! Shared by the unit tests, the end-to-end tests (`tests/e2e/pdf.rs`) and the bench,
//! through `#[path]`. [`Sample::expected`] is the content text in reading order: what
//! `pdftotext` must give back once the running heads and page numbers are removed.

#![allow(dead_code)] // each user takes a different part

use quire_typeset::page::{
    Anchor, ArtifactKind, Color, Fill, ImageData, ImageFormat, ImageId, LinkArea, LinkTarget, Mark,
    OutlineItem, Page, PageItem, PagedDocument, PlacedImage, Point, Rect, Rule, StructId,
    StructNode, StructRole, TextRun,
};
use quire_typeset::{
    Align, FontBook, FontStyle, Glyph, Inline, LineEnd, LineItem, ParagraphOptions, Pt, Typesetter,
};

/// A4, in points.
pub const PAGE_W: f64 = 595.275_590_551;
/// A4, in points.
pub const PAGE_H: f64 = 841.889_763_779;
const MARGIN: f64 = 72.0;
const BODY: f64 = 10.5;
const LEADING: f64 = 14.0;
/// The running head's text (an artifact).
pub const HEADER: &str = "Quire sample running head";
/// Three millimetres of bleed and room for crop marks, when printing.
const BLEED: f64 = 8.503_937;
const SLUG: f64 = 28.0;

/// Paragraph text that forces hyphenation in a narrow column and holds ligatures.
pub const NARROW: &str = "The office staff affirmed that efficient, fluffy soufflés fit \
    the establishment’s unquestionably extraordinary responsibilities, notwithstanding \
    incomprehensible bureaucratic misunderstandings and internationalisation.";

/// The fonts every edition uses (the faces of `fonts/`, embedded by `quire-fonts`).
pub fn book() -> FontBook {
    FontBook::quire_default().expect("the embedded fonts load")
}

/// The prose paragraphs of the canonical article (front matter and headings skipped,
/// inline markup characters removed).
pub fn article_paragraphs(article: &str) -> Vec<String> {
    let body = article.splitn(3, "---").nth(2).unwrap_or(article);
    body.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| p.len() > 200 && !p.starts_with('#') && !p.starts_with(':'))
        .map(|p| p.replace(['*', '_', '`'], ""))
        .collect()
}

/// A laid-out test document.
pub struct Sample {
    /// The pages and trees.
    pub paged: PagedDocument,
    /// The content text in reading order, words separated by whitespace.
    pub expected: String,
}

/// A 2×2 RGBA PNG with one half-transparent pixel.
fn png_bytes() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 2, 2);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[
            200, 30, 30, 255, 30, 30, 200, 255, 30, 160, 30, 255, 250, 200, 0, 128,
        ])
        .unwrap();
    }
    out
}

/// Where an inline object was set: page index, x, baseline.
type ObjectAt = (usize, f64, f64);

/// Lays out pages by hand.
struct Builder<'a> {
    ts: Typesetter<'a>,
    doc: PagedDocument,
    expected: String,
    page: Option<Page>,
    y: f64,
    print: bool,
}

impl<'a> Builder<'a> {
    fn node(&mut self, role: StructRole, parent: usize) -> usize {
        self.doc.structure.push(StructNode {
            role,
            parent: Some(StructId(parent)),
            alt: None,
            lang: None,
            id: None,
        });
        self.doc.structure.len() - 1
    }

    /// Offset of the trim box within the media box.
    fn off(&self) -> f64 {
        if self.print { BLEED + SLUG } else { 0.0 }
    }

    fn new_page(&mut self) {
        self.finish_page();
        let off = self.off();
        let number = self.doc.pages.len() + 1;
        let (w, h) = (PAGE_W + 2.0 * off, PAGE_H + 2.0 * off);
        let trim = Rect {
            x: Pt(off),
            y: Pt(off),
            width: Pt(PAGE_W),
            height: Pt(PAGE_H),
        };
        let bleed = if self.print {
            Rect {
                x: Pt(off - BLEED),
                y: Pt(off - BLEED),
                width: Pt(PAGE_W + 2.0 * BLEED),
                height: Pt(PAGE_H + 2.0 * BLEED),
            }
        } else {
            trim
        };
        let mut page = Page {
            width: Pt(w),
            height: Pt(h),
            trim,
            bleed,
            label: number.to_string(),
            items: Vec::new(),
        };
        if self.print {
            // Crop marks outside the bleed, at the four corners.
            for (cx, cy) in [
                (off, off),
                (off + PAGE_W, off),
                (off, off + PAGE_H),
                (off + PAGE_W, off + PAGE_H),
            ] {
                let dx = if cx > off { 1.0 } else { -1.0 };
                let dy = if cy > off { 1.0 } else { -1.0 };
                for (from, to) in [
                    (
                        (cx + dx * (BLEED + 2.0), cy),
                        (cx + dx * (BLEED + SLUG - 2.0), cy),
                    ),
                    (
                        (cx, cy + dy * (BLEED + 2.0)),
                        (cx, cy + dy * (BLEED + SLUG - 2.0)),
                    ),
                ] {
                    page.items.push(PageItem::Rule(Rule {
                        from: Point {
                            x: Pt(from.0),
                            y: Pt(from.1),
                        },
                        to: Point {
                            x: Pt(to.0),
                            y: Pt(to.1),
                        },
                        thickness: Pt(0.25),
                        color: Color::Gray(0.0),
                        mark: Mark::Artifact(ArtifactKind::Decoration),
                    }));
                }
            }
        }
        self.page = Some(page);
        if number > 1 {
            self.line_artifact(HEADER, off + MARGIN - 24.0, ArtifactKind::Header);
        }
        self.line_artifact(
            &number.to_string(),
            off + PAGE_H - 40.0,
            ArtifactKind::Footer,
        );
        self.y = off + MARGIN;
    }

    fn finish_page(&mut self) {
        if let Some(page) = self.page.take() {
            self.doc.pages.push(page);
        }
    }

    fn items(&mut self) -> &mut Vec<PageItem> {
        &mut self.page.as_mut().expect("a page").items
    }

    /// One ragged line of artifact text at baseline `y`.
    fn line_artifact(&mut self, text: &str, y: f64, kind: ArtifactKind) {
        let inline = vec![Inline::Text {
            text: text.to_string(),
            style: FontStyle::ITALIC,
            size: Pt(9.0),
            lang: None,
            source: 0usize,
        }];
        let mut opts = ParagraphOptions::new(Pt(400.0));
        opts.align = Align::RaggedRight;
        opts.hyphenate = false;
        let layout = self.ts.layout(&inline, &opts).unwrap();
        let x = self.off() + MARGIN;
        for line in &layout.lines {
            for item in &line.items {
                if let LineItem::Glyphs(run) = item {
                    self.items().push(PageItem::Text(TextRun {
                        origin: Point {
                            x: Pt(x + run.x.0),
                            y: Pt(y),
                        },
                        font: run.font,
                        size: run.size,
                        glyphs: run.glyphs.clone(),
                        text: run.text.clone(),
                        actual_text: None,
                        h_scale: run.scale,
                        color: Color::Gray(0.3),
                        mark: Mark::Artifact(kind),
                    }));
                }
            }
        }
    }

    /// Lays out a paragraph whose inlines carry the structure node that owns them, and
    /// places it at the left margin plus `indent`, breaking pages as needed. Returns the
    /// rectangles of runs owned by `watch` (for link areas) and the x of objects.
    fn paragraph(
        &mut self,
        inlines: &[Inline<usize>],
        opts: &ParagraphOptions,
        indent: f64,
        watch: Option<usize>,
    ) -> (Vec<(usize, Rect)>, Vec<ObjectAt>) {
        let layout = self.ts.layout(inlines, opts).unwrap();
        let mut areas = Vec::new();
        let mut objects = Vec::new();
        // Source text for expected extraction: inline texts in order (objects excluded).
        let mut carried: Option<String> = None; // rest of a hyphenated word
        let n = layout.lines.len();
        for (li, line) in layout.lines.iter().enumerate() {
            if self.page.is_none() || self.y + LEADING > self.off() + PAGE_H - MARGIN {
                self.new_page();
            }
            self.y += LEADING;
            let baseline = self.y;
            let x0 = self.off() + MARGIN + indent;
            let mut runs: Vec<TextRun> = Vec::new();
            for item in &line.items {
                match item {
                    LineItem::Glyphs(run) => {
                        let mark = if run.artifact.is_some() {
                            Mark::Artifact(ArtifactKind::Hyphen)
                        } else {
                            Mark::Content(StructId(run.source))
                        };
                        if Some(run.source) == watch && run.artifact.is_none() {
                            areas.push((
                                self.doc.pages.len(),
                                Rect {
                                    x: Pt(x0 + run.x.0),
                                    y: Pt(baseline - line.ascent.0),
                                    width: run.width(),
                                    height: line.height(),
                                },
                            ));
                        }
                        runs.push(TextRun {
                            origin: Point {
                                x: Pt(x0 + run.x.0),
                                y: Pt(baseline),
                            },
                            font: run.font,
                            size: run.size,
                            glyphs: run.glyphs.clone(),
                            text: run.text.clone(),
                            actual_text: None,
                            h_scale: run.scale,
                            color: Color::Gray(0.0),
                            mark,
                        });
                    }
                    LineItem::Object(obj) => {
                        objects.push((self.doc.pages.len(), x0 + obj.x.0, baseline));
                    }
                }
            }
            // The rest of a word hyphenated on the previous line: its own run, with an
            // empty ActualText (the first part carries the whole word).
            if let Some(_rest) = carried.take()
                && let Some(first) = runs.iter().position(|r| matches!(r.mark, Mark::Content(_)))
            {
                let (head, tail) = split_first_word(runs.remove(first));
                let mut head = head;
                head.actual_text = Some(String::new());
                runs.insert(first, head);
                if let Some(t) = tail {
                    runs.insert(first + 1, t);
                }
            }
            // A word broken across lines (at an added hyphen, an explicit hyphen, a slash
            // or an emergency break): split the last content run before its last word,
            // and give that part the whole word as ActualText.
            if matches!(line.end, LineEnd::Hyphen | LineEnd::InWord) && li + 1 < n {
                let next = &layout.lines[li + 1];
                let rest_end = layout.text[next.range.clone()]
                    .find(char::is_whitespace)
                    .unwrap_or(next.range.len());
                let rest = &layout.text[next.range.start..next.range.start + rest_end];
                if let Some(last) = runs
                    .iter()
                    .rposition(|r| matches!(r.mark, Mark::Content(_)))
                {
                    let (head, tail) = split_last_word(runs.remove(last));
                    let mut parts = vec![];
                    if let Some(h) = head {
                        parts.push(h);
                    }
                    let mut tail = tail;
                    tail.actual_text = Some(format!("{}{}", tail.text, rest));
                    parts.push(tail);
                    for (k, p) in parts.into_iter().enumerate() {
                        runs.insert(last + k, p);
                    }
                }
                carried = Some(rest.to_string());
            }
            for r in runs {
                self.items().push(PageItem::Text(r));
            }
            self.y += 0.0;
        }
        for inline in inlines {
            if let Inline::Text { text, .. } = inline {
                self.expected.push_str(text);
            }
        }
        self.expected.push('\n');
        (areas, objects)
    }

    fn body(&self, measure: f64) -> ParagraphOptions {
        let mut o = ParagraphOptions::new(Pt(measure));
        o.indent = Pt::ZERO;
        o
    }

    fn heading(&mut self, text: &str, level: u8, parent: usize, anchor: &str) -> usize {
        let h = self.node(StructRole::H(level), parent);
        self.doc.structure[h].id = Some(anchor.to_string());
        if self.page.is_none() || self.y + 60.0 > self.off() + PAGE_H - MARGIN {
            self.new_page();
        }
        self.y += 10.0;
        let at = Point {
            x: Pt(self.off() + MARGIN),
            y: Pt(self.y),
        };
        self.items().push(PageItem::Anchor(Anchor {
            name: anchor.to_string(),
            at,
        }));
        let mut o = self.body(PAGE_W - 2.0 * MARGIN);
        o.align = Align::RaggedRight;
        o.hyphenate = false;
        let inl = vec![Inline::Text {
            text: text.to_string(),
            style: FontStyle::BOLD,
            size: Pt(if level == 1 { 16.0 } else { 13.0 }),
            lang: None,
            source: h,
        }];
        self.paragraph(&inl, &o, 0.0, None);
        self.y += 4.0;
        h
    }
}

/// Splits a run before its last word (after the last space glyph).
fn split_last_word(run: TextRun) -> (Option<TextRun>, TextRun) {
    let cut = run
        .glyphs
        .iter()
        .rposition(|g| {
            run.text
                .get(g.text())
                .is_some_and(|t| t.chars().all(char::is_whitespace) && !t.is_empty())
        })
        .map(|i| i + 1);
    match cut {
        Some(k) if k < run.glyphs.len() => {
            let (a, b) = split_at(run, k);
            (Some(a), b)
        }
        _ => (None, run),
    }
}

/// Splits a run after its first word (before the first space glyph).
fn split_first_word(run: TextRun) -> (TextRun, Option<TextRun>) {
    let cut = run.glyphs.iter().position(|g| {
        run.text
            .get(g.text())
            .is_some_and(|t| !t.is_empty() && t.chars().all(char::is_whitespace))
    });
    match cut {
        Some(k) if k > 0 => {
            let (a, b) = split_at(run, k);
            (a, Some(b))
        }
        _ => (run, None),
    }
}

/// Splits a run at glyph `k`; glyph positions stay relative to the same origin.
fn split_at(run: TextRun, k: usize) -> (TextRun, TextRun) {
    let byte = run.glyphs[k..]
        .iter()
        .map(|g| g.text().start)
        .find(|&s| s > 0 || k == 0)
        .unwrap_or(run.text.len());
    let mut a = run.clone();
    let mut b = run;
    a.glyphs.truncate(k);
    a.text.truncate(byte);
    b.glyphs.drain(..k);
    b.text = b.text[byte..].to_string();
    for g in &mut b.glyphs {
        let text = g.text();
        g.set_text(text.start.saturating_sub(byte)..text.end.saturating_sub(byte));
    }
    (a, b)
}

/// Builds the sample: a title, nested sections, article paragraphs (`paragraphs` of
/// them), a narrow hyphenated block quote with ligatures, an external link, a footnote
/// with links both ways, a figure with alternative text and a PNG, a code line, and
/// running heads and page numbers. With `print`, pages get bleed and crop marks.
pub fn sample(book: &FontBook, article: &[String], print: bool) -> Sample {
    let mut b = Builder {
        ts: Typesetter::new(book),
        doc: PagedDocument::default(),
        expected: String::new(),
        page: None,
        y: 0.0,
        print,
    };
    b.doc.structure.push(StructNode {
        role: StructRole::Document,
        parent: None,
        alt: None,
        lang: Some("en".into()),
        id: None,
    });
    b.doc.images.push(ImageData {
        bytes: png_bytes(),
        svg: None,
        format: ImageFormat::Png,
        width: 2,
        height: 2,
    });
    let measure = PAGE_W - 2.0 * MARGIN;
    let text = |t: &str, style, size: f64, source: usize| Inline::Text {
        text: t.to_string(),
        style,
        size: Pt(size),
        lang: None,
        source,
    };

    let s1 = b.node(StructRole::Sect, 0);
    b.heading("Introduction", 1, s1, "introduction");
    let half = article.len().div_ceil(2);
    for p in &article[..half] {
        let node = b.node(StructRole::P, s1);
        b.paragraph(
            &[text(p, FontStyle::REGULAR, BODY, node)],
            &b.body(measure),
            0.0,
            None,
        );
    }

    // A paragraph with an external link and a note reference.
    let p = b.node(StructRole::P, s1);
    let link = b.node(StructRole::Link, p);
    let reference = b.node(StructRole::Reference, p);
    let inl = vec![
        text("Read more on ", FontStyle::REGULAR, BODY, p),
        text("the project’s pages", FontStyle::ITALIC, BODY, link),
        text(" for all the details. ", FontStyle::REGULAR, BODY, p),
        Inline::Object {
            width: Pt(5.0),
            ascent: Pt(8.0),
            descent: Pt(0.0),
            source: reference,
        },
        text(" That is all.", FontStyle::REGULAR, BODY, p),
    ];
    let (areas, objects) = b.paragraph(&inl, &b.body(measure), 0.0, Some(link));
    // The expected text has the note mark where the object is.
    b.expected = b.expected.replace("details.  That", "details. 1 That");
    for (page, rect) in areas {
        let item = PageItem::Link(LinkArea {
            rect,
            target: LinkTarget::Url("https://example.org/quire?q=a b&c=é".into()),
            owner: Some(StructId(link)),
        });
        b.push_to(page, item);
    }
    let (ref_page, ref_x, ref_y) = objects[0];
    let mark = superscript(&mut b.ts, "1", reference, ref_x, ref_y);
    let ref_rect = Rect {
        x: Pt(ref_x),
        y: Pt(ref_y - 9.0),
        width: Pt(6.0),
        height: Pt(10.0),
    };
    b.push_to(ref_page, PageItem::Text(mark));
    b.push_to(
        ref_page,
        PageItem::Anchor(Anchor {
            name: "fnref-1".into(),
            at: Point {
                x: Pt(ref_x),
                y: Pt(ref_y - 10.0),
            },
        }),
    );
    b.push_to(
        ref_page,
        PageItem::Link(LinkArea {
            rect: ref_rect,
            target: LinkTarget::Anchor("fn-1".into()),
            owner: Some(StructId(reference)),
        }),
    );

    // A subsection with the narrow, hyphenated quotation.
    let s2 = b.node(StructRole::Sect, s1);
    b.heading("A narrow quotation", 2, s2, "narrow");
    let q = b.node(StructRole::BlockQuote, s2);
    let qp = b.node(StructRole::P, q);
    let mut narrow = b.body(150.0);
    narrow.language = "en-US".into();
    b.paragraph(
        &[text(NARROW, FontStyle::REGULAR, BODY, qp)],
        &narrow,
        40.0,
        None,
    );
    // A line of code on a grey background (a decoration artifact).
    let code = b.node(StructRole::Code, s2);
    let mut o = b.body(measure);
    o.align = Align::RaggedRight;
    o.hyphenate = false;
    let top = b.y + 4.0;
    let off = b.off();
    b.items().push(PageItem::Fill(Fill {
        rect: Rect {
            x: Pt(off + MARGIN - 2.0),
            y: Pt(top),
            width: Pt(measure + 4.0),
            height: Pt(LEADING + 4.0),
        },
        color: Color::Gray(0.92),
        mark: Mark::Artifact(ArtifactKind::Decoration),
    }));
    b.paragraph(
        &[text("let office = \"fi\";", FontStyle::MONO, 9.0, code)],
        &o,
        0.0,
        None,
    );
    b.y += 6.0;

    // A figure with alternative text and a caption.
    let fig = b.node(StructRole::Figure, s2);
    b.doc.structure[fig].alt = Some("A small four-colour test square".into());
    if b.y + 120.0 > off + PAGE_H - MARGIN {
        b.new_page();
    }
    let img_top = b.y + 6.0;
    b.items().push(PageItem::Image(PlacedImage {
        image: ImageId(0),
        rect: Rect {
            x: Pt(off + MARGIN),
            y: Pt(img_top),
            width: Pt(80.0),
            height: Pt(80.0),
        },
        mark: Mark::Content(StructId(fig)),
        source: quire_doc::Span::detached(),
    }));
    b.y = img_top + 80.0;
    let cap = b.node(StructRole::Caption, fig);
    b.paragraph(
        &[text(
            "Figure 1. A test square in four colours.",
            FontStyle::ITALIC,
            9.0,
            cap,
        )],
        &o,
        0.0,
        None,
    );

    let s3 = b.node(StructRole::Sect, 0);
    b.heading("Conclusion", 1, s3, "conclusion");
    for p in &article[half..] {
        let node = b.node(StructRole::P, s3);
        b.paragraph(
            &[text(p, FontStyle::REGULAR, BODY, node)],
            &b.body(measure),
            0.0,
            None,
        );
    }

    // The footnote, with a rule above it, at the bottom of the current page.
    let note = b.node(StructRole::Note, 0);
    b.doc.structure[note].id = Some("fn-1".into());
    let back = b.node(StructRole::Link, note);
    let np = b.node(StructRole::P, note);
    if b.y + 60.0 > off + PAGE_H - MARGIN {
        b.new_page();
    }
    b.y = off + PAGE_H - MARGIN - 40.0;
    let rule_y = b.y;
    b.items().push(PageItem::Rule(Rule {
        from: Point {
            x: Pt(off + MARGIN),
            y: Pt(rule_y),
        },
        to: Point {
            x: Pt(off + MARGIN + 72.0),
            y: Pt(rule_y),
        },
        thickness: Pt(0.4),
        color: Color::Gray(0.0),
        mark: Mark::Artifact(ArtifactKind::Decoration),
    }));
    let at = Point {
        x: Pt(off + MARGIN),
        y: Pt(rule_y + 2.0),
    };
    b.items().push(PageItem::Anchor(Anchor {
        name: "fn-1".into(),
        at,
    }));
    let inl = vec![
        text("1.", FontStyle::REGULAR, 8.5, back),
        text(
            " The note says where the text came from: the canonical article of the Quire project.",
            FontStyle::REGULAR,
            8.5,
            np,
        ),
    ];
    let (areas, _) = b.paragraph(&inl, &b.body(measure), 0.0, Some(back));
    for (page, rect) in areas {
        b.push_to(
            page,
            PageItem::Link(LinkArea {
                rect,
                target: LinkTarget::Anchor("fnref-1".into()),
                owner: Some(StructId(back)),
            }),
        );
    }
    b.finish_page();

    b.doc.outline = vec![
        OutlineItem {
            title: "Introduction".into(),
            anchor: "introduction".into(),
            children: vec![OutlineItem {
                title: "A narrow quotation".into(),
                anchor: "narrow".into(),
                children: vec![],
            }],
        },
        OutlineItem {
            title: "Conclusion".into(),
            anchor: "conclusion".into(),
            children: vec![],
        },
    ];
    Sample {
        paged: b.doc,
        expected: b.expected,
    }
}

impl Builder<'_> {
    /// Pushes an item onto page `index` (the open page if it is not finished yet).
    fn push_to(&mut self, index: usize, item: PageItem) {
        if index < self.doc.pages.len() {
            self.doc.pages[index].items.push(item);
        } else {
            self.items().push(item);
        }
    }
}

/// A superscript note mark: glyphs raised 3.5 pt, exercising vertical offsets.
fn superscript(
    ts: &mut Typesetter<'_>,
    text: &str,
    owner: usize,
    x: f64,
    baseline: f64,
) -> TextRun {
    let mut o = ParagraphOptions::new(Pt(100.0));
    o.align = Align::RaggedRight;
    o.hyphenate = false;
    let layout = ts
        .layout(
            &[Inline::Text {
                text: text.to_string(),
                style: FontStyle::REGULAR,
                size: Pt(7.0),
                lang: None,
                source: owner,
            }],
            &o,
        )
        .unwrap();
    let LineItem::Glyphs(run) = &layout.lines[0].items[0] else {
        panic!("glyphs")
    };
    let glyphs = run
        .glyphs
        .iter()
        .map(|g| Glyph::new(g.id, g.x(), Pt(3.5), g.advance(), g.text()))
        .collect();
    TextRun {
        origin: Point {
            x: Pt(x),
            y: Pt(baseline),
        },
        font: run.font,
        size: run.size,
        glyphs,
        text: run.text.clone(),
        actual_text: None,
        h_scale: 1.0,
        color: Color::Gray(0.0),
        mark: Mark::Content(StructId(owner)),
    }
}
