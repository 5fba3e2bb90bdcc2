//! Annotated passages: where each editorial annotation's range of the plain-text
//! projection falls in the text units that layout sets.
//!
//! An annotation's target is a range of code points of [`quire_doc::project`]; layout
//! sets text unit by unit (a paragraph, a heading), each the unit of the projection with
//! the block's id. So the ranges are cut once, up front, into spans local to each unit
//! they touch: `text` then cuts its runs at the span edges while it walks a unit's
//! inlines, counting code points exactly as the projection does. A span knows whether
//! the passage opens in it (the note's link back lands there) and whether the passage's
//! marker goes at its end: in the last unit the range reaches, or, for a range that ends
//! in the blank line between two units, at the end of the unit before it.
//!
//! Ranges in units that are not set through paragraph text (code blocks, tables,
//! credits, alert titles) get no underline or marker; layout still places their notes,
//! by the block (see `super::margin_notes`).

use std::collections::BTreeMap;

use quire_doc::Document;

/// The part of one annotation's passage inside one unit, in code points of the unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PassageSpan {
    /// Index of the annotation in the document.
    pub annotation: usize,
    /// First code point (local to the unit).
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The named destination at the passage's start, if it starts here (`{slug}-text`,
    /// as in the web edition).
    pub opens: Option<String>,
    /// The passage's marker goes at `end`.
    pub marker: bool,
}

/// Every annotation's spans, by unit id.
#[derive(Debug, Default)]
pub(crate) struct Passages {
    by_unit: BTreeMap<String, Vec<PassageSpan>>,
    /// For each annotation, the unit its marker goes in (its block's id), if any.
    pub marker_unit: Vec<Option<String>>,
}

impl Passages {
    /// The spans of `doc`'s annotations (nothing at all when it has none).
    pub fn new(doc: &Document) -> Passages {
        if doc.annotations.is_empty() {
            return Passages::default();
        }
        let projection = quire_doc::project(doc);
        let units = &projection.units;
        let mut by_unit: BTreeMap<String, Vec<PassageSpan>> = BTreeMap::new();
        let mut marker_unit = vec![None; doc.annotations.len()];
        for (i, a) in doc.annotations.iter().enumerate() {
            let (start, end) = (a.target.start, a.target.end.max(a.target.start));
            // The last unit that starts at or before the range's end: the marker's.
            let last = units.partition_point(|u| u.range.start < end.max(start + 1));
            let Some(last) = last.checked_sub(1) else {
                continue;
            };
            let first = units.partition_point(|u| u.range.end < start).min(last);
            for (k, u) in units.iter().enumerate().take(last + 1).skip(first) {
                if u.id.is_empty() {
                    continue;
                }
                let len = u.range.end - u.range.start;
                let local = |p: usize| p.saturating_sub(u.range.start).min(len);
                let span = PassageSpan {
                    annotation: i,
                    start: local(start),
                    end: local(end),
                    opens: (k == first).then(|| format!("{}-text", a.slug)),
                    marker: k == last,
                };
                if k == last {
                    marker_unit[i] = Some(u.id.clone());
                }
                by_unit.entry(u.id.clone()).or_default().push(span);
            }
        }
        Passages {
            by_unit,
            marker_unit,
        }
    }

    /// The spans in the unit `id`.
    pub fn of_unit(&self, id: &str) -> Option<&[PassageSpan]> {
        self.by_unit.get(id).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str, ranges: &[(usize, usize)]) -> Document {
        let mut doc = quire_markdown::parse(quire_doc::FileId(0), "t.md", md)
            .unwrap()
            .document;
        doc.annotations = ranges
            .iter()
            .enumerate()
            .map(|(i, &(start, end))| quire_doc::Annotation {
                slug: format!("note-{i}"),
                target: quire_doc::TextRange { start, end },
                number: i as u32 + 1,
                ..Default::default()
            })
            .collect();
        doc
    }

    #[test]
    fn a_range_over_two_paragraphs_opens_in_the_first_and_ends_in_the_second() {
        // "One two.\n\nThree four." : 0..8, 10..21.
        let d = doc("One two.\n\nThree four.\n", &[(4, 15), (1, 9)]);
        let p = Passages::new(&d);
        let first = p.of_unit(d.blocks[0].id()).unwrap();
        let second = p.of_unit(d.blocks[1].id()).unwrap();
        assert_eq!((first[0].start, first[0].end), (4, 8));
        assert_eq!(first[0].opens.as_deref(), Some("note-0-text"));
        assert!(!first[0].marker);
        assert_eq!((second[0].start, second[0].end), (0, 5));
        assert!(second[0].marker && second[0].opens.is_none());
        // A range ending in the blank line between the units: the marker ends the first.
        assert_eq!(
            (first[1].start, first[1].end, first[1].marker),
            (1, 8, true)
        );
        assert_eq!(p.marker_unit[1].as_deref(), Some(d.blocks[0].id()));
    }
}
