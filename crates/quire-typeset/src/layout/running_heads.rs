//! What running heads say: the short title on versos, one level of heading on rectos,
//! each cut to the head's width where a reader expects a cut.
//!
//! - **Versos** carry the document's short title: the front matter's `short-title`, or
//!   the title itself, cut by [`fit`].
//! - **Rectos** carry the headings of one level ([`head_level`]): the front matter's
//!   `running-head-level`, else the shallowest level of the document's top-level
//!   headings (its parts or sections), so a page never shows a subsection in one place
//!   and a part in another.
//! - [`fit`] keeps a head whole when it fits; else it cuts at a colon or a dash (a
//!   title's own subtitle boundary), else where a clause ends (before `and`, `or` …, or
//!   after a comma), else where a phrase ends (before `with`, `in`, `of` …), keeping the
//!   longest such start that fits; only a head with no such place is cut at a word with
//!   an ellipsis.

use quire_doc::{BlockKind, Document};

use crate::fonts::FontStyle;
use crate::units::Pt;

use super::context::Ctx;

/// Front-matter key: the text versos carry, when the title is too long.
pub const SHORT_TITLE_KEY: &str = "short-title";
/// Front-matter key: the heading level rectos carry (1–6).
pub const HEAD_LEVEL_KEY: &str = "running-head-level";

/// Words before which a clause starts: a cut there reads as a whole thought.
const CONJUNCTIONS: [&str; 5] = ["and", "or", "but", "nor", "while"];
/// Words before which a phrase starts: a weaker place to cut.
const PHRASE_STARTS: [&str; 11] = [
    "with", "without", "in", "of", "for", "on", "to", "from", "by", "as", "at",
];
/// How much of the head's width a cut at a clause boundary must fill to be taken over a
/// longer cut at a phrase boundary.
const STRONG_FILL: f64 = 0.4;

/// The heading level whose headings rectos carry (see the module docs).
pub(crate) fn head_level(doc: &Document) -> u8 {
    let configured = doc
        .meta
        .extra
        .get(HEAD_LEVEL_KEY)
        .and_then(|v| v.as_u64())
        .and_then(|l| u8::try_from(l).ok())
        .filter(|l| (1..=6).contains(l));
    configured.unwrap_or_else(|| {
        doc.blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level, .. } => Some(level),
                _ => None,
            })
            .min()
            .unwrap_or(1)
    })
}

/// What versos carry, before fitting.
pub(crate) fn short_title(doc: &Document) -> String {
    doc.meta
        .extra
        .get(SHORT_TITLE_KEY)
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(&doc.meta.title)
        .replace('\n', " ")
}

/// `text` as a head no wider than `max` (see the module docs).
///
/// Candidate starts are measured as the sum of their words and spaces, each shaped once
/// (through the shaper's cache); shaping every candidate whole cost more than the rest
/// of the page decoration. The chosen start is then measured whole, and a shorter one
/// taken in the rare case that kerning across its spaces makes it too wide.
pub(crate) fn fit(ctx: &mut Ctx<'_>, text: &str, style: FontStyle, size: Pt, max: Pt) -> String {
    let text = text.trim();
    let fits = |ctx: &mut Ctx<'_>, t: &str| ctx.text_width(t, style, size).0 <= max.0;
    if fits(ctx, text) {
        return text.to_string();
    }
    // A title's own boundary: "Main title: subtitle", "Main title — subtitle".
    for sep in [": ", " — ", " – "] {
        if let Some((head, _)) = text.split_once(sep)
            && head.split_whitespace().count() >= 2
            && fits(ctx, head)
        {
            return head.to_string();
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let space = ctx.text_width(" ", style, size);
    // widths[n]: the first n words.
    let mut widths = vec![Pt::ZERO];
    for (k, word) in words.iter().enumerate() {
        let w = ctx.text_width(word, style, size) + if k > 0 { space } else { Pt::ZERO };
        widths.push(widths[k] + w);
    }
    // Phrase boundaries, stronger first: before a conjunction or after a comma (a
    // clause ends), then before a preposition (a phrase ends). The longest start that
    // fits at the stronger kind is taken if it fills at least `STRONG_FILL` of the
    // width; else the longest at either kind.
    let strong = |n: usize| {
        CONJUNCTIONS.contains(&words[n].to_lowercase().as_str())
            || words[n - 1].ends_with([',', ';'])
    };
    let weak = |n: usize| PHRASE_STARTS.contains(&words[n].to_lowercase().as_str());
    let candidates = |pick: &dyn Fn(usize) -> bool| -> Vec<usize> {
        (2..words.len())
            .rev()
            .filter(|&n| pick(n) && widths[n].0 <= max.0)
            .collect()
    };
    let strong_cuts = candidates(&strong);
    let mut cuts: Vec<usize> = match strong_cuts.first() {
        Some(&n) if widths[n].0 >= max.0 * STRONG_FILL => strong_cuts,
        _ => candidates(&|n| strong(n) || weak(n)),
    };
    cuts.sort_unstable_by(|a, b| b.cmp(a));
    for k in cuts {
        let head = words[..k].join(" ");
        let head = head.trim_end_matches([',', ';']);
        if fits(ctx, head) {
            return head.to_string();
        }
    }
    ellipsis(ctx, &words, &widths, (style, size), max)
}

/// The longest word prefix of `words` with an ellipsis, no wider than `max`.
fn ellipsis(
    ctx: &mut Ctx<'_>,
    words: &[&str],
    widths: &[Pt],
    (style, size): (FontStyle, Pt),
    max: Pt,
) -> String {
    let cut = |n: usize| {
        let head = words[..n].join(" ");
        format!("{}…", head.trim_end_matches([',', ';', ':', '.']))
    };
    let dots = ctx.text_width("…", style, size);
    let n = (1..=words.len())
        .rev()
        .find(|&n| (widths[n] + dots).0 <= max.0)
        .unwrap_or(1);
    let mut n = n.clamp(1, words.len().saturating_sub(1).max(1));
    while n > 1 && ctx.text_width(&cut(n), style, size).0 > max.0 {
        n -= 1;
    }
    cut(n)
}
