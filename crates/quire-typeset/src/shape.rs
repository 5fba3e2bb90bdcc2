//! Shaping: characters to positioned glyphs, with font fallback.
//!
//! Shaping runs in two steps.
//!
//! 1. **Coverage split** ([`Shaper::split_by_coverage`]). The text is walked by extended
//!    grapheme cluster (so a base letter and its combining marks always come from one
//!    face). Each cluster goes to the first face of the style's chain (styled face, then
//!    the book's fallback chain) that maps every character of the cluster to a glyph,
//!    ignoring characters that never need one (default-ignorables such as ZWJ, variation
//!    selectors, the soft hyphen, controls). If no face covers the whole cluster, the first
//!    face that covers its base character is used. A cluster with a character that no face
//!    of the chain has becomes a **placeholder segment**: each such character is reported
//!    back (the caller turns them into warnings with source positions) and the cluster is
//!    drawn as one visible box glyph ([`PLACEHOLDERS`], from the first face that has one)
//!    that still carries the cluster's text, so that text extraction gives the character
//!    back. Never `.notdef`: PDF/A forbids showing it, and it may be blank. Adjacent
//!    clusters with the same face are merged into one segment (placeholders never are).
//!
//! 2. **Shaping** ([`Shaper::shape`]) with harfrust, kerning (`kern`) and standard
//!    ligatures (`liga`) explicitly on, script and direction guessed from the text; a
//!    monospaced face (the code face) is shaped with `calt`, `clig` and `liga` off
//!    ([`CODE_FEATURES_OFF`]), since its "programming ligatures" turn `!=` or `->` into
//!    one glyph that reads, and copies, as another character. Results
//!    are kept in design units and cached per (face, text): body text repeats its words a
//!    great deal, and a cached word costs one hash lookup instead of a shaping call. The
//!    cache is a pure memo of a deterministic function, so it cannot change any output.
//!
//! A small-caps variant of a face (see [`crate::caps`]) is one more face to the shaper:
//! its plans add `smcp` (and `c2sc`), its cache is its own, and all-small-caps text
//! gets its letter spacing here, in the cached advances, so every later cut and
//! re-shaping of a word sees the same widths.
//!
//! Each glyph keeps its **cluster**: the byte offset of the first character it was shaped
//! from. [`cluster_ranges`] turns clusters into the exact source text of each glyph: the
//! first glyph of a cluster carries the text from its cluster start up to the next cluster
//! start (so an `ffi` ligature carries `"ffi"`), and the other glyphs of the same cluster
//! carry nothing. Concatenating glyph texts in logical order reproduces the input exactly,
//! which is what the PDF's ToUnicode/ActualText needs.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{Arc, RwLock};

use harfrust::{Buffer, Direction, Feature, Script, ShapeOptions, ShapePlan, ShaperFont, Tag};
use ttf_parser::Face;
use unicode_segmentation::UnicodeSegmentation;

use crate::caps::Caps;
use crate::fonts::{FontBook, FontId};
use crate::units::Pt;

/// OpenType features requested for every shaping call (value 1 = on).
const FEATURES: [&[u8; 4]; 2] = [b"kern", b"liga"];
/// Features switched off in monospaced faces: JetBrains Mono and its peers substitute
/// operator sequences (`!=` → ≠, `->` → →, `>=` → ⩾) through contextual alternates and
/// ligatures, which misrepresents code.
const CODE_FEATURES_OFF: [&[u8; 4]; 3] = [b"calt", b"clig", b"liga"];
/// Mark-positioning features, switched off for text that provably has no marks (see
/// [`Shaper::shape`]): in Libertinus they are over a third of the shaping time.
const MARK_FEATURES: [&[u8; 4]; 2] = [b"mark", b"mkmk"];

/// One glyph as shaped, in font design units, relative to the start of the shaped text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Horizontal advance (design units).
    pub advance: i32,
    /// Horizontal offset from the pen position (design units).
    pub x_offset: i32,
    /// Vertical offset from the baseline, positive up (design units).
    pub y_offset: i32,
    /// Byte offset, in the shaped text, of the first character this glyph came from.
    pub cluster: u32,
    /// Whether breaking the text right before this glyph would change the shaping
    /// (a ligature or kerning pair spans the boundary).
    pub unsafe_to_break: bool,
}

/// A glyph in points, as handed to callers outside the shaper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Horizontal advance.
    pub advance: Pt,
    /// Horizontal offset from the pen position.
    pub x_offset: Pt,
    /// Vertical offset from the baseline, positive up.
    pub y_offset: Pt,
    /// Byte offset of the glyph's cluster in the text that was shaped.
    pub cluster: usize,
}

/// A run of text shaped with one face at one size.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapedRun {
    /// The face.
    pub font: FontId,
    /// The font size.
    pub size: Pt,
    /// The byte range of the run in the text passed to [`Shaper::shape_text`].
    pub range: Range<usize>,
    /// The glyphs; clusters are byte offsets in the whole text, not the run.
    pub glyphs: Vec<ShapedGlyph>,
}

impl ShapedRun {
    /// The sum of the glyph advances.
    pub fn width(&self) -> Pt {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// Characters drawn for a cluster no face can display, in order of preference: a white
/// square (the usual "tofu" box), the replacement character, a question mark.
pub const PLACEHOLDERS: [char; 3] = ['\u{25A1}', '\u{FFFD}', '?'];

/// A stretch of text set with one face.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the text given to the shaper.
    pub range: Range<usize>,
    /// The face.
    pub font: FontId,
    /// One grapheme cluster that no face can display: drawn as the face's placeholder
    /// glyph (see [`Shaper::placeholder`]) instead of being shaped.
    pub placeholder: bool,
}

/// A character that no face of the chain can display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uncovered {
    /// Byte offset of the character in the text given to the shaper.
    pub offset: usize,
    /// The character.
    pub ch: char,
}

/// Shaped text in design units, by text, for one face.
type WordCache = HashMap<Box<str>, Arc<[RawGlyph]>, FastHash>;

/// Shaped words shared by the shapers of several threads (one per face). Shaping is a
/// pure function of face and text, so which thread shaped a word first cannot change any
/// result; sharing only saves shaping the words both halves of a document use.
#[derive(Debug, Default)]
pub struct SharedShapes {
    faces: Vec<RwLock<WordCache>>,
}

impl SharedShapes {
    /// An empty store for the faces of `book`.
    pub fn new(book: &FontBook) -> SharedShapes {
        SharedShapes {
            faces: (0..book.len()).map(|_| RwLock::default()).collect(),
        }
    }

    fn get(&self, font: FontId, text: &str) -> Option<Arc<[RawGlyph]>> {
        let face = self.faces.get(font.0 as usize)?.read().ok()?;
        face.get(text).cloned()
    }

    fn put(&self, font: FontId, text: &str, glyphs: &Arc<[RawGlyph]>) {
        if let Some(mut face) = self.faces.get(font.0 as usize).and_then(|f| f.write().ok()) {
            face.entry(Box::from(text))
                .or_insert_with(|| Arc::clone(glyphs));
        }
    }
}

/// Shapes text with the faces of one [`FontBook`]; holds the parsed faces and a cache.
pub struct Shaper<'a> {
    book: &'a FontBook,
    /// Words shaped by other threads' shapers of the same layout.
    shared: Option<Arc<SharedShapes>>,
    /// Parsed faces for coverage and glyph classes (`ttf-parser`).
    faces: Vec<Option<Face<'a>>>,
    /// The faces as the shaper reads them (`harfrust`).
    shapers: Vec<ShaperFont<'a, 'a>>,
    /// Per face (indexed by [`FontId`]): shaped text in design units.
    cache: Vec<WordCache>,
    /// Per face: memoised cmap coverage of the Basic Multilingual Plane.
    coverage: Vec<BmpCoverage>,
    /// Per face: the features of its plans for text without marks and with them
    /// ([`CODE_FEATURES_OFF`] off in a monospaced face, small caps on in a variant).
    features: Vec<[Vec<Feature>; 2]>,
    /// Per face: letter spacing added to every advance, in design units (all small
    /// caps, see [`crate::caps`]; zero elsewhere).
    tracking: Vec<i32>,
    /// Compiled shape plans per (face, direction, script, with marks): compiling a plan
    /// costs more than shaping a word, and body text needs only a handful.
    plans: Vec<(PlanKey, ShapePlan)>,
}

/// Two bitsets over the BMP: which characters have been looked up, and which are mapped.
#[derive(Clone)]
struct BmpCoverage {
    known: Vec<u64>,
    covered: Vec<u64>,
}

impl BmpCoverage {
    const WORDS: usize = 0x1_0000 / 64;

    fn new() -> BmpCoverage {
        BmpCoverage {
            known: vec![0; Self::WORDS],
            covered: vec![0; Self::WORDS],
        }
    }
}

impl<'a> Shaper<'a> {
    /// Parse every face of `book` once.
    pub fn new(book: &'a FontBook) -> Shaper<'a> {
        let faces: Vec<Option<Face>> = book
            .fonts()
            .map(|(_, f)| Face::parse(f.data(), f.index()).ok())
            .collect();
        let shapers = book
            .fonts()
            .map(|(_, f)| ShaperFont::new(f.shaping()))
            .collect();
        let features = book
            .fonts()
            .zip(&faces)
            .map(|((_, font), face)| {
                let code = face.as_ref().is_some_and(Face::is_monospaced);
                [false, true].map(|marks| face_features(font.caps(), code, marks))
            })
            .collect();
        let tracking = book
            .fonts()
            .map(|(_, font)| match font.caps() {
                Caps::AllSmall => {
                    let upem = f64::from(font.metrics().units_per_em);
                    (upem * crate::caps::TRACKING_EM).round() as i32
                }
                Caps::Normal | Caps::Small => 0,
            })
            .collect();
        let cache = vec![HashMap::default(); book.len()];
        let coverage = vec![BmpCoverage::new(); book.len()];
        Shaper {
            book,
            shared: None,
            faces,
            shapers,
            cache,
            coverage,
            features,
            tracking,
            plans: Vec::new(),
        }
    }

    /// A shaper that also looks words up in, and adds them to, `shared`.
    pub fn with_shared(book: &'a FontBook, shared: Arc<SharedShapes>) -> Shaper<'a> {
        Shaper {
            shared: Some(shared),
            ..Shaper::new(book)
        }
    }

    /// The font book.
    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    fn face(&self, id: FontId) -> Option<&Face<'a>> {
        self.faces.get(id.0 as usize).and_then(Option::as_ref)
    }

    /// Design units per em of a face (1000 if unknown, which never happens for book ids).
    pub fn units_per_em(&self, id: FontId) -> f64 {
        self.book
            .get(id)
            .map_or(1000.0, |f| f64::from(f.metrics().units_per_em))
    }

    /// Ascender and descender (both positive) of a face at `size`.
    pub fn ascent_descent(&self, id: FontId, size: Pt) -> (Pt, Pt) {
        let upem = self.units_per_em(id);
        self.book.get(id).map_or((size * 0.8, size * 0.2), |f| {
            let m = f.metrics();
            (
                size * (f64::from(m.ascender) / upem),
                size * (-f64::from(m.descender) / upem),
            )
        })
    }

    /// Whether face `id` maps `c` to a glyph.
    pub fn covers(&mut self, id: FontId, c: char) -> bool {
        let cp = c as usize;
        let (word, bit) = (cp / 64, 1u64 << (cp % 64));
        if let Some(cov) = self.coverage.get(id.0 as usize)
            && cp < 0x1_0000
            && cov.known[word] & bit != 0
        {
            return cov.covered[word] & bit != 0;
        }
        let mapped = self.face(id).is_some_and(|f| f.glyph_index(c).is_some());
        if let Some(cov) = self.coverage.get_mut(id.0 as usize)
            && cp < 0x1_0000
        {
            cov.known[word] |= bit;
            if mapped {
                cov.covered[word] |= bit;
            }
        }
        mapped
    }

    /// Split `text` into segments by the first face of `chain` that covers each grapheme
    /// cluster (see the module docs). Returns the segments (byte ranges in `text`, in
    /// order, covering it exactly) and the characters no face covers.
    pub fn split_by_coverage(
        &mut self,
        text: &str,
        chain: &[FontId],
    ) -> (Vec<Segment>, Vec<Uncovered>) {
        let mut segments: Vec<Segment> = Vec::new();
        let mut missing = Vec::new();
        if chain.is_empty() {
            return (segments, missing);
        }
        for (start, grapheme) in Graphemes::new(text) {
            let needs_glyph = |c: &char| !is_ignorable(*c);
            let mut font = chain.iter().copied().find(|&f| {
                grapheme
                    .chars()
                    .filter(needs_glyph)
                    .all(|c| self.covers(f, c))
            });
            let end = start + grapheme.len();
            if font.is_none() {
                let before = missing.len();
                for (i, c) in grapheme.char_indices().filter(|(_, c)| needs_glyph(c)) {
                    if !chain.iter().any(|&f| self.covers(f, c)) {
                        missing.push(Uncovered {
                            offset: start + i,
                            ch: c,
                        });
                    }
                }
                if missing.len() > before {
                    segments.push(Segment {
                        range: start..end,
                        font: self.placeholder_face(chain),
                        placeholder: true,
                    });
                    continue;
                }
                // Every character is in some face, not all in one: the base's face.
                if let Some(base) = grapheme.chars().find(needs_glyph) {
                    font = chain.iter().copied().find(|&f| self.covers(f, base));
                }
            }
            let font = font.unwrap_or(chain[0]);
            match segments.last_mut() {
                Some(seg) if seg.font == font && !seg.placeholder => seg.range.end = end,
                _ => segments.push(Segment {
                    range: start..end,
                    font,
                    placeholder: false,
                }),
            }
        }
        (segments, missing)
    }

    /// The first face of `chain` with a placeholder glyph (see [`PLACEHOLDERS`]).
    fn placeholder_face(&mut self, chain: &[FontId]) -> FontId {
        PLACEHOLDERS
            .iter()
            .find_map(|&p| chain.iter().copied().find(|&f| self.covers(f, p)))
            .unwrap_or(chain[0])
    }

    /// The placeholder glyph of face `font` at `size`, standing for the cluster at byte
    /// `cluster` of the text (so it carries that cluster's text).
    pub fn placeholder(&mut self, font: FontId, size: Pt, cluster: usize) -> Vec<ShapedGlyph> {
        let mark = PLACEHOLDERS
            .iter()
            .copied()
            .find(|&p| self.covers(font, p))
            .unwrap_or('?');
        let raw = self.shape(font, mark.encode_utf8(&mut [0; 4]));
        let mut glyphs = self.scale(font, size, &raw, cluster);
        glyphs.truncate(1);
        glyphs
    }

    /// Shape `text` with face `font`, in design units (cached).
    pub fn shape(&mut self, font: FontId, text: &str) -> Arc<[RawGlyph]> {
        if let Some(hit) = self.cache.get(font.0 as usize).and_then(|c| c.get(text)) {
            return Arc::clone(hit);
        }
        let glyphs = match self.shared.as_ref().and_then(|s| s.get(font, text)) {
            Some(hit) => hit,
            None => {
                let glyphs: Arc<[RawGlyph]> = self.shape_uncached(font, text).into();
                if let Some(shared) = &self.shared {
                    shared.put(font, text, &glyphs);
                }
                glyphs
            }
        };
        if let Some(cache) = self.cache.get_mut(font.0 as usize) {
            cache.insert(Box::from(text), Arc::clone(&glyphs));
        }
        glyphs
    }

    /// Shape `text` with face `font`, bypassing the cache.
    ///
    /// Text whose characters all lie in ranges without combining marks is shaped with
    /// `mark`/`mkmk` off; if the result still holds a glyph that GDEF classes as a mark
    /// (a font whose `ccmp` decomposes a precomposed letter), it is shaped again with them
    /// on. Either way the glyphs are exactly those of a full shaping.
    fn shape_uncached(&mut self, font: FontId, text: &str) -> Vec<RawGlyph> {
        if text.is_empty() {
            return Vec::new();
        }
        if text.chars().all(without_marks) {
            let glyphs = self.run_plan(font, text, false);
            let face = self.faces.get(font.0 as usize).and_then(Option::as_ref);
            let gdef = face.and_then(|f| f.tables().gdef);
            let has_mark = |g: &RawGlyph| {
                gdef.and_then(|t| t.glyph_class(ttf_parser::GlyphId(g.id)))
                    == Some(ttf_parser::gdef::GlyphClass::Mark)
            };
            if !glyphs.iter().any(has_mark) {
                return glyphs;
            }
        }
        self.run_plan(font, text, true)
    }

    /// Shape with the cached plan for the text's direction and script.
    fn run_plan(&mut self, font: FontId, text: &str, marks: bool) -> Vec<RawGlyph> {
        let Some(shaper) = self.shapers.get(font.0 as usize) else {
            return Vec::new();
        };
        let mut buffer = Buffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        if buffer.direction() == Direction::Invalid {
            buffer.set_direction(Direction::LeftToRight);
        }
        let key = PlanKey {
            font,
            direction: buffer.direction(),
            script: buffer.script(),
            marks,
        };
        let Some(lists) = self.features.get(font.0 as usize) else {
            return Vec::new();
        };
        let features = &lists[usize::from(marks)];
        let index = match self.plans.iter().position(|p| p.0 == key) {
            Some(i) => i,
            None => {
                let plan = ShapePlan::new(shaper, key.direction, key.script, None, features);
                self.plans.push((key, plan));
                self.plans.len() - 1
            }
        };
        let options = ShapeOptions::new()
            .plan(Some(&self.plans[index].1))
            .features(features);
        // Errors are only for a buffer that disagrees with its plan, which this one
        // cannot (the plan is looked up by the buffer's own properties).
        if harfrust::shape(shaper, &mut buffer, options).is_err() {
            return Vec::new();
        }
        let tracking = self.tracking.get(font.0 as usize).copied().unwrap_or(0);
        buffer
            .glyph_infos()
            .iter()
            .zip(buffer.glyph_positions())
            .map(|(info, pos)| RawGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                // Marks (no advance of their own) stay over their base.
                advance: if pos.x_advance == 0 {
                    0
                } else {
                    pos.x_advance + tracking
                },
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                cluster: info.cluster,
                unsafe_to_break: info.unsafe_to_break(),
            })
            .collect()
    }

    /// Scale design-unit glyphs to `size`, shifting clusters by `base`.
    pub fn scale(
        &self,
        font: FontId,
        size: Pt,
        glyphs: &[RawGlyph],
        base: usize,
    ) -> Vec<ShapedGlyph> {
        let k = size.0 / self.units_per_em(font);
        glyphs
            .iter()
            .map(|g| ShapedGlyph {
                id: g.id,
                advance: Pt(f64::from(g.advance) * k),
                x_offset: Pt(f64::from(g.x_offset) * k),
                y_offset: Pt(f64::from(g.y_offset) * k),
                cluster: base + g.cluster as usize,
            })
            .collect()
    }

    /// The advance of `text` in face `font` at `size`.
    pub fn width(&mut self, font: FontId, size: Pt, text: &str) -> Pt {
        let k = size.0 / self.units_per_em(font);
        Pt(self
            .shape(font, text)
            .iter()
            .map(|g| f64::from(g.advance))
            .sum::<f64>()
            * k)
    }

    /// Shape a whole string in one style: coverage split, then shaping per segment.
    /// Returns the runs and the characters that no face of `chain` covers (drawn as
    /// placeholders, see the module docs).
    pub fn shape_text(
        &mut self,
        text: &str,
        chain: &[FontId],
        size: Pt,
    ) -> (Vec<ShapedRun>, Vec<Uncovered>) {
        let (segments, missing) = self.split_by_coverage(text, chain);
        let runs = segments
            .into_iter()
            .map(
                |Segment {
                     range,
                     font,
                     placeholder,
                 }| {
                    let glyphs = if placeholder {
                        self.placeholder(font, size, range.start)
                    } else {
                        let raw = self.shape(font, &text[range.clone()]);
                        self.scale(font, size, &raw, range.start)
                    };
                    ShapedRun {
                        font,
                        size,
                        range,
                        glyphs,
                    }
                },
            )
            .collect();
        (runs, missing)
    }
}

/// The features of a face's plans: [`FEATURES`] on, then [`CODE_FEATURES_OFF`] off for a
/// monospaced face, [`MARK_FEATURES`] off for text without marks, and the small-caps
/// features of a variant on.
fn face_features(caps: Caps, code: bool, marks: bool) -> Vec<Feature> {
    let on = |t: &&[u8; 4]| Feature::new(Tag::new(t), 1, ..);
    let off = |t: &&[u8; 4]| Feature::new(Tag::new(t), 0, ..);
    let mut list: Vec<Feature> = FEATURES
        .iter()
        .filter(|t| !(code && CODE_FEATURES_OFF.contains(t)))
        .map(on)
        .collect();
    if !marks {
        list.extend(MARK_FEATURES.iter().map(off));
    }
    if code {
        list.extend(CODE_FEATURES_OFF.iter().map(off));
    }
    list.extend(caps.features().iter().map(on));
    list
}

/// What a compiled shape plan depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PlanKey {
    font: FontId,
    direction: Direction,
    script: Option<Script>,
    marks: bool,
}

/// Characters from blocks that hold no combining marks: ASCII and Latin-1, Latin Extended
/// A/B, Latin Extended Additional (precomposed), general punctuation, currency and
/// letterlike symbols, arrows and mathematical operators.
fn without_marks(c: char) -> bool {
    matches!(c, '\0'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2000}'..='\u{20CF}' | '\u{2100}'..='\u{22FF}')
}

/// The hasher of the shaping cache: FNV-1a, fast on short keys and, unlike the standard
/// library's default, unseeded. Only lookups use it; nothing iterates the map, so its
/// order never reaches an output.
pub type FastHash = BuildHasherDefault<Fnv>;

/// FNV-1a, 64-bit.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Extended grapheme clusters with a fast path for the common case: no character below
/// U+0300 extends a cluster or prefixes one (no Extend, SpacingMark, ZWJ or Prepend
/// character lies there), so such a character followed by another such character (or the
/// end) is a cluster of its own (CR, which joins a following LF, excepted). Everything else
/// goes through `unicode-segmentation`.
struct Graphemes<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Graphemes<'t> {
    fn new(text: &'t str) -> Graphemes<'t> {
        Graphemes { text, pos: 0 }
    }
}

impl<'t> Iterator for Graphemes<'t> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<(usize, &'t str)> {
        let rest = self.text.get(self.pos..)?;
        let mut chars = rest.chars();
        let c = chars.next()?;
        let simple = |c: char| c < '\u{0300}';
        let len = if simple(c) && c != '\r' && chars.next().is_none_or(simple) {
            c.len_utf8()
        } else {
            rest.graphemes(true).next().map_or(c.len_utf8(), str::len)
        };
        let start = self.pos;
        self.pos += len;
        Some((start, &rest[..len]))
    }
}

/// Characters that need no glyph of their own: controls, format characters and other
/// default-ignorables (ZWJ/ZWNJ, word joiner, soft hyphen, variation selectors, bidi
/// controls). The shaper hides them.
pub fn is_ignorable(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
            | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The source text range of each glyph: the first glyph (in the given order) of each
/// cluster gets `cluster..next_cluster`, every further glyph of that cluster an empty
/// range. Works for either direction; `text_len` closes the last cluster.
pub fn cluster_ranges(clusters: &[usize], text_len: usize) -> Vec<Range<usize>> {
    if clusters.windows(2).all(|w| w[0] <= w[1]) {
        // Left-to-right (the common case): one linear scan.
        return clusters
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                if i > 0 && clusters[i - 1] == c {
                    return c..c;
                }
                let next = clusters[i + 1..].iter().copied().find(|&n| n > c);
                c..next.unwrap_or(text_len).max(c)
            })
            .collect();
    }
    let mut starts: Vec<usize> = clusters.to_vec();
    starts.sort_unstable();
    starts.dedup();
    let mut seen = vec![false; starts.len()];
    clusters
        .iter()
        .map(|&c| match starts.binary_search(&c) {
            Ok(i) if !seen[i] => {
                seen[i] = true;
                let end = starts.get(i + 1).copied().unwrap_or(text_len).max(c);
                c..end
            }
            _ => c..c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontStyle;
    use crate::testfonts;

    #[test]
    fn shapers_sharing_a_store_reuse_each_others_words() {
        let book = testfonts::book();
        let shared = Arc::new(SharedShapes::new(&book));
        let font = book.resolve(FontStyle::REGULAR);
        let mut first = Shaper::with_shared(&book, Arc::clone(&shared));
        let mut second = Shaper::with_shared(&book, Arc::clone(&shared));
        let alone = Shaper::new(&book).shape(font, "affine");
        let a = first.shape(font, "affine");
        let b = second.shape(font, "affine");
        assert!(
            Arc::ptr_eq(&a, &b),
            "the second shaper took the first one's glyphs"
        );
        assert_eq!(&*b, &*alone, "and they are what shaping gives");
        assert!(shared.get(font, "office").is_none());
    }

    #[test]
    fn ligature_glyph_carries_all_its_characters() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let chain = book.chain(FontStyle::REGULAR);
        let text = "office affine";
        let (runs, missing) = shaper.shape_text(text, &chain, Pt(11.0));
        assert!(missing.is_empty());
        let glyphs: Vec<_> = runs.iter().flat_map(|r| r.glyphs.iter()).collect();
        let clusters: Vec<usize> = glyphs.iter().map(|g| g.cluster).collect();
        let ranges = cluster_ranges(&clusters, text.len());
        let texts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(texts.concat(), text, "glyph texts reproduce the source");
        assert!(
            glyphs.len() < text.chars().count(),
            "some ligature formed: {texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.chars().count() > 1 && t.starts_with('f')),
            "{texts:?}"
        );
    }

    #[test]
    fn code_face_forms_no_programming_ligatures() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let mono = book.resolve(FontStyle::MONO);
        for op in [
            "!=", "->", "=>", ">=", "<=", "==", "===", "&&", "::", "www", "<!--",
        ] {
            let glyphs = shaper.shape(mono, op);
            let ids: Vec<u16> = glyphs.iter().map(|g| g.id).collect();
            let alone: Vec<u16> = op
                .chars()
                .flat_map(|c| shaper.shape(mono, c.encode_utf8(&mut [0; 4])).to_vec())
                .map(|g| g.id)
                .collect();
            assert_eq!(
                ids, alone,
                "`{op}` is shaped as its characters, one glyph each"
            );
        }
    }

    #[test]
    fn kerning_changes_advances() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let font = book.resolve(FontStyle::REGULAR);
        let pair = shaper.width(font, Pt(100.0), "AV");
        let apart = shaper.width(font, Pt(100.0), "A") + shaper.width(font, Pt(100.0), "V");
        assert!(pair < apart, "AV is kerned: {pair} vs {apart}");
    }

    #[test]
    fn fallback_takes_the_next_face_that_has_the_character() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let chain = book.chain(FontStyle::REGULAR);
        // U+2620 SKULL AND CROSSBONES: in DejaVu Sans, not in the serif faces.
        let text = "a\u{2620}b";
        let (segs, missing) = shaper.split_by_coverage(text, &chain);
        assert!(missing.is_empty());
        assert_eq!(segs.len(), 3, "{segs:?}");
        assert_eq!(segs[0].font, chain[0]);
        assert_eq!(segs[1].font, chain[1]);
        assert_eq!(segs[1].range, 1..4);
        assert_eq!(segs[2].font, chain[0]);
        assert!(segs.iter().all(|s| !s.placeholder));
    }

    #[test]
    fn uncovered_characters_are_reported_with_offsets() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let chain = book.chain(FontStyle::REGULAR);
        // Unassigned code points are in no font.
        let text = "ok \u{0378} and \u{10FFFD}";
        let (runs, missing) = shaper.shape_text(text, &chain, Pt(10.0));
        assert_eq!(
            missing,
            vec![
                Uncovered {
                    offset: 3,
                    ch: '\u{0378}'
                },
                Uncovered {
                    offset: 10,
                    ch: '\u{10FFFD}'
                }
            ]
        );
        // Each is drawn as one visible box glyph (not .notdef) that carries its text.
        let boxes: Vec<&ShapedRun> = runs
            .iter()
            .filter(|r| r.range == (3..5) || r.range == (10..14))
            .collect();
        assert_eq!(boxes.len(), 2, "{runs:?}");
        for run in boxes {
            assert_eq!(run.glyphs.len(), 1);
            assert_ne!(run.glyphs[0].id, 0, "not .notdef");
            assert!(run.glyphs[0].advance > Pt::ZERO, "visible");
            assert_eq!(run.glyphs[0].cluster, run.range.start);
        }
        let texts: Vec<&str> = runs.iter().map(|r| &text[r.range.clone()]).collect();
        assert_eq!(texts.concat(), text, "nothing dropped");
    }

    #[test]
    fn combining_marks_stay_with_their_base() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let chain = book.chain(FontStyle::REGULAR);
        let (segs, missing) = shaper.split_by_coverage("e\u{0301}x", &chain);
        assert!(missing.is_empty());
        assert!(
            segs.iter().all(|s| s.range.start != 1),
            "mark not split from base: {segs:?}"
        );
    }

    #[test]
    fn plain_plan_gives_the_same_glyphs_as_the_full_one() {
        let book = testfonts::book();
        let words = [
            "office",
            "AV",
            "Typography",
            "naïve",
            "Ærøskøbing",
            "ǅemal",
            "“Yes,”",
            "2023",
        ];
        for style in [
            FontStyle::REGULAR,
            FontStyle::ITALIC,
            FontStyle::BOLD,
            FontStyle::MONO,
        ] {
            let font = book.resolve(style);
            let mut shaper = Shaper::new(&book);
            for w in words {
                assert_eq!(
                    shaper.run_plan(font, w, false),
                    shaper.run_plan(font, w, true),
                    "{w}"
                );
            }
            for w in support_words() {
                assert_eq!(
                    shaper.run_plan(font, w, false),
                    shaper.run_plan(font, w, true),
                    "{w}"
                );
            }
        }
    }

    fn support_words() -> Vec<&'static str> {
        let mut words: Vec<&str> = testfonts::SEED.split_whitespace().collect();
        words.sort_unstable();
        words.dedup();
        words
    }

    #[test]
    fn text_with_marks_is_positioned() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let font = book.resolve(FontStyle::REGULAR);
        // The combining acute gets an offset (or is composed): never the plain plan's output.
        let glyphs = shaper.shape(font, "e\u{0301}");
        assert!(
            glyphs.len() == 1 || glyphs[1].x_offset != 0 || glyphs[1].y_offset != 0,
            "{glyphs:?}"
        );
    }

    #[test]
    fn fast_graphemes_agree_with_unicode_segmentation() {
        let text = concat!(
            "Ca\u{0301}fe\u{0301} \r\n“quoted” 👍🏽 🇬🇧 ",
            "ক্ষি x\u{200D}y a\u{0308}\u{0301}b ok"
        );
        let fast: Vec<(usize, &str)> = Graphemes::new(text).collect();
        let slow: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
        assert_eq!(fast, slow);
    }

    #[test]
    fn cluster_ranges_handle_multi_glyph_clusters_and_rtl() {
        assert_eq!(cluster_ranges(&[0, 0, 2], 3), vec![0..2, 0..0, 2..3]);
        assert_eq!(
            cluster_ranges(&[0, 3, 3, 3, 5], 6),
            vec![0..3, 3..5, 3..3, 3..3, 5..6]
        );
        assert_eq!(cluster_ranges(&[0, 2, 0], 4), vec![0..2, 2..4, 0..0]);
        assert_eq!(cluster_ranges(&[4, 2, 0], 6), vec![4..6, 2..4, 0..2]);
        assert_eq!(cluster_ranges(&[], 0), Vec::<Range<usize>>::new());
    }

    #[test]
    fn shaping_is_cached_and_deterministic() {
        let book = testfonts::book();
        let mut shaper = Shaper::new(&book);
        let font = book.resolve(FontStyle::ITALIC);
        let a = shaper.shape(font, "Typography");
        let b = shaper.shape(font, "Typography");
        assert!(Arc::ptr_eq(&a, &b));
        let mut fresh = Shaper::new(&book);
        assert_eq!(&*fresh.shape(font, "Typography"), &*a);
        assert!(shaper.shape(font, "").is_empty());
    }
}
