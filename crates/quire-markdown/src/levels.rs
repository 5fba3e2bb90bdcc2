//! Heading levels without gaps.
//!
//! A heading may go at most one level below the one before it (the first at most to
//! level 2, under the title): `##` then `#####` is read as `##` then `###`. HTML
//! checkers, PDF/UA (which forbids skipped levels in the structure tree) and every
//! table of contents need an outline without holes, and all editions must show the same
//! outline, so the model is mended once here, with one warning that names the first
//! place.

use quire_doc::{Block, BlockKind, Diagnostic, Span};

/// Lowers headings that skip levels; returns a warning if any did.
pub fn close_gaps(blocks: &mut [Block]) -> Option<Diagnostic> {
    let mut previous = 1u8;
    let mut mended: Option<(usize, Span, u8, u8)> = None;
    quire_doc::walk_blocks_mut(blocks, &mut |block| {
        if let BlockKind::Heading { level, .. } = &mut block.kind {
            let allowed = previous + 1;
            if *level > allowed {
                let m = mended.get_or_insert((0, block.span, *level, allowed));
                m.0 += 1;
                *level = allowed;
            }
            previous = *level;
        }
    });
    let (count, span, from, to) = mended?;
    Some(
        Diagnostic::warning(
            span,
            format!(
                "heading level {from} skips a level; set as level {to} ({count} heading{} moved up)",
                if count == 1 { "" } else { "s" }
            ),
        )
        .with_hint("a heading may be at most one level below the one before it"),
    )
}

#[cfg(test)]
mod tests {
    use quire_doc::FileId;

    fn levels(md: &str) -> (Vec<u8>, usize) {
        let p = crate::parse(FileId(0), "t.md", md).unwrap();
        let mut out = Vec::new();
        quire_doc::walk_blocks(&p.document.blocks, &mut |b| {
            if let quire_doc::BlockKind::Heading { level, .. } = b.kind {
                out.push(level);
            }
        });
        let skips = p.warnings.iter().filter(|w| w.message.contains("skips"));
        (out, skips.count())
    }

    #[test]
    fn skipped_levels_move_up() {
        assert_eq!(
            levels("## A\n\n##### B\n\n###### C\n\n## D\n"),
            (vec![2, 3, 4, 2], 1)
        );
        assert_eq!(levels("#### First\n\n# T\n\n### X\n"), (vec![2, 1, 2], 1));
        assert_eq!(
            levels("# T\n\n## A\n\n### B\n\n## C\n"),
            (vec![1, 2, 3, 2], 0)
        );
    }
}
