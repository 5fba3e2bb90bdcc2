//! Where each page of the print edition begins in the text, for the e-book's page list
//! (`pageBreakSource`: a reader can cite "p. 37" of the print edition from the e-book).
//!
//! Read off the laid-out pages, the typesetter's contract: a page begins where its first
//! line of body text does. That text belongs to a structure element, whose nearest
//! ancestor with a text unit of the projection is the block the page begins in; how far
//! into the block is counted in the characters that are not white space (the PDF's runs
//! carry no inter-word spaces, and a line break is a space in the projection), so the
//! place is exact to the character however the lines were broken. A page without body
//! text (a blank verso, a part title) has no entry.

use std::collections::HashMap;

use quire_doc::Document;
use quire_typeset::page::{Mark, PageItem, PagedDocument, StructId};

/// A page of print: its label and where it begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPage {
    /// The page's label, as printed.
    pub label: String,
    /// The id of the body block in which it begins.
    pub id: String,
    /// Where in that block's text, in code points of the projection.
    pub offset: usize,
}

/// The pages of `paged` (laid out from `doc`) that begin in the body's text.
pub fn print_pages(doc: &Document, paged: &PagedDocument) -> Vec<PrintPage> {
    let projection = quire_doc::project(doc);
    let mut body = std::collections::HashSet::new();
    quire_doc::walk_blocks(&doc.blocks, &mut |b| {
        body.insert(b.id().to_string());
    });
    // Each body unit's text, by id (the first unit of an id is its block's own text).
    let chars: Vec<char> = projection.text.chars().collect();
    let mut units: HashMap<&str, &[char]> = HashMap::new();
    for u in &projection.units {
        if body.contains(&u.id) {
            let end = u.range.end.min(chars.len());
            units
                .entry(u.id.as_str())
                .or_insert(&chars[u.range.start.min(end)..end]);
        }
    }
    let mut unit_of: HashMap<StructId, Option<&str>> = HashMap::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for page in &paged.pages {
        let mut first = true;
        for item in &page.items {
            let PageItem::Text(run) = item else { continue };
            let Mark::Content(sid) = run.mark else {
                continue;
            };
            let Some(unit) = unit_for(paged, sid, &units, &mut unit_of) else {
                continue;
            };
            if first {
                first = false;
                let done = seen.get(unit).copied().unwrap_or(0);
                out.push(PrintPage {
                    label: page.label.clone(),
                    id: unit.to_string(),
                    offset: offset_after(units[unit], done),
                });
            }
            let text = run.actual_text.as_deref().unwrap_or(&run.text);
            *seen.entry(unit).or_default() += text.chars().filter(|c| !c.is_whitespace()).count();
        }
    }
    out
}

/// The body unit a structure element's text belongs to: its own, or its nearest
/// ancestor's.
fn unit_for<'u>(
    paged: &PagedDocument,
    sid: StructId,
    units: &HashMap<&'u str, &[char]>,
    memo: &mut HashMap<StructId, Option<&'u str>>,
) -> Option<&'u str> {
    if let Some(&known) = memo.get(&sid) {
        return known;
    }
    let mut at = Some(sid);
    let mut found = None;
    while let Some(id) = at {
        let Some(node) = paged.structure.get(id.0) else {
            break;
        };
        if let Some((&key, _)) = node.id.as_deref().and_then(|i| units.get_key_value(i)) {
            found = Some(key);
            break;
        }
        at = node.parent;
    }
    memo.insert(sid, found);
    found
}

/// The code point at which the text continues after its first `done` characters that
/// are not white space.
fn offset_after(text: &[char], done: usize) -> usize {
    if done == 0 {
        return 0;
    }
    let mut count = 0;
    for (i, c) in text.iter().enumerate() {
        if !c.is_whitespace() {
            if count == done {
                return i;
            }
            count += 1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_skip_white_space() {
        let text: Vec<char> = "ab cd\nef".chars().collect();
        assert_eq!(offset_after(&text, 0), 0);
        assert_eq!(offset_after(&text, 2), 3);
        assert_eq!(offset_after(&text, 4), 6);
        assert_eq!(offset_after(&text, 9), 8);
    }
}
