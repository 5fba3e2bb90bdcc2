//! The logical structure tree of tagged PDF (ISO 32000-1, 14.7–14.8).
//!
//! Layout hands over the nodes ([`PagedDocument::structure`]: role, parent, alternative
//! text, language, id; node 0 is the root) and marks every painted item with the node it
//! belongs to. The kids of each element must be listed in **reading order**, mixing child
//! elements, marked-content references and annotation references. That order is the
//! order in which content was painted, which the page writer records as a list of
//! events `(node, kid)`. Replaying the events builds every kid list in one pass: the
//! first time a node receives content, it is attached to its parent (after attaching
//! the parent itself, recursively), so a child element sits in its parent's kid list
//! exactly where its first content appears. Nodes that never receive content are
//! attached afterwards, in node order, at the end of their parent's list.

use quire_typeset::page::{Mark, PageItem, PagedDocument, StructId};

use crate::PdfError;
use crate::content::Kid;

/// A kid of a structure element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeKid {
    /// A child element.
    Node(StructId),
    /// Content or an annotation.
    Content(Kid),
}

/// Checks that the structure is a tree rooted at node 0 with parents before children,
/// and that every mark and link owner names an existing node.
pub fn validate(paged: &PagedDocument) -> Result<(), PdfError> {
    let n = paged.structure.len();
    for (i, node) in paged.structure.iter().enumerate() {
        match (i, node.parent) {
            (0, None) => {}
            (0, Some(_)) => return Err(PdfError::Structure("node 0 must be the root".into())),
            (_, None) => return Err(PdfError::Structure(format!("node {i} has no parent"))),
            (_, Some(p)) if p.0 >= i => {
                return Err(PdfError::Structure(format!(
                    "node {i} has parent {} (parents must come first)",
                    p.0
                )));
            }
            _ => {}
        }
    }
    let check = |sid: StructId| {
        if sid.0 < n {
            Ok(())
        } else {
            Err(PdfError::Structure(format!("no structure node {}", sid.0)))
        }
    };
    for page in &paged.pages {
        for item in &page.items {
            let mark = match item {
                PageItem::Text(r) => r.mark,
                PageItem::Rule(r) => r.mark,
                PageItem::Fill(f) => f.mark,
                PageItem::Image(i) => i.mark,
                PageItem::Link(l) => match l.owner {
                    Some(o) => Mark::Content(o),
                    None => continue,
                },
                PageItem::Anchor(_) => continue,
            };
            if let Mark::Content(sid) = mark {
                check(sid)?;
            }
        }
    }
    Ok(())
}

/// The kid lists of every node, in reading order (see the module documentation).
pub fn kids(paged: &PagedDocument, events: &[(StructId, Kid)]) -> Vec<Vec<TreeKid>> {
    let n = paged.structure.len();
    let mut kids: Vec<Vec<TreeKid>> = vec![Vec::new(); n];
    let mut attached = vec![false; n];
    if n > 0 {
        attached[0] = true;
    }
    let attach = |sid: StructId, kids: &mut Vec<Vec<TreeKid>>, attached: &mut Vec<bool>| {
        // Walk up to the first attached ancestor, then attach downwards.
        let mut chain = Vec::new();
        let mut cur = sid;
        while !attached[cur.0] {
            chain.push(cur);
            match paged.structure[cur.0].parent {
                Some(p) => cur = p,
                None => break,
            }
        }
        for node in chain.into_iter().rev() {
            if let Some(p) = paged.structure[node.0].parent {
                kids[p.0].push(TreeKid::Node(node));
            }
            attached[node.0] = true;
        }
    };
    for &(sid, kid) in events {
        if sid.0 >= n {
            continue;
        }
        attach(sid, &mut kids, &mut attached);
        kids[sid.0].push(TreeKid::Content(kid));
    }
    for i in 1..n {
        attach(StructId(i), &mut kids, &mut attached);
    }
    kids
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_typeset::page::{StructNode, StructRole};

    fn node(role: StructRole, parent: Option<usize>) -> StructNode {
        StructNode {
            role,
            parent: parent.map(StructId),
            alt: None,
            lang: None,
            id: None,
        }
    }

    fn doc(structure: Vec<StructNode>) -> PagedDocument {
        PagedDocument {
            structure,
            ..PagedDocument::default()
        }
    }

    #[test]
    fn children_sit_where_their_content_starts() {
        // Document > P(1) > Link(2); P has text, link, text; Sect(3) empty.
        let d = doc(vec![
            node(StructRole::Document, None),
            node(StructRole::P, Some(0)),
            node(StructRole::Link, Some(1)),
            node(StructRole::Sect, Some(0)),
        ]);
        let m = |mcid| Kid::Mcid { page: 0, mcid };
        let events = [
            (StructId(1), m(0)),
            (StructId(2), m(1)),
            (StructId(2), Kid::Annot { page: 0, annot: 0 }),
            (StructId(1), m(2)),
        ];
        let k = kids(&d, &events);
        assert_eq!(
            k[0],
            vec![TreeKid::Node(StructId(1)), TreeKid::Node(StructId(3))]
        );
        assert_eq!(
            k[1],
            vec![
                TreeKid::Content(m(0)),
                TreeKid::Node(StructId(2)),
                TreeKid::Content(m(2))
            ]
        );
        assert_eq!(k[2].len(), 2);
        assert!(k[3].is_empty());
    }

    #[test]
    fn deep_first_content_attaches_the_whole_chain() {
        let d = doc(vec![
            node(StructRole::Document, None),
            node(StructRole::L, Some(0)),
            node(StructRole::LI, Some(1)),
            node(StructRole::LBody, Some(2)),
        ]);
        let k = kids(&d, &[(StructId(3), Kid::Mcid { page: 0, mcid: 0 })]);
        assert_eq!(k[0], vec![TreeKid::Node(StructId(1))]);
        assert_eq!(k[1], vec![TreeKid::Node(StructId(2))]);
        assert_eq!(k[2], vec![TreeKid::Node(StructId(3))]);
    }

    #[test]
    fn validation_rejects_bad_trees() {
        let bad = doc(vec![
            node(StructRole::Document, None),
            node(StructRole::P, Some(2)),
            node(StructRole::P, Some(0)),
        ]);
        assert!(validate(&bad).is_err());
        let two_roots = doc(vec![
            node(StructRole::Document, None),
            node(StructRole::P, None),
        ]);
        assert!(validate(&two_roots).is_err());
    }
}
