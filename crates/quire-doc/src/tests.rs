use crate::*;

fn text(s: &str) -> Inline {
    Inline::new(InlineKind::Text { text: s.into() }, Span::default())
}

fn para(id: &str, content: Vec<Inline>) -> Block {
    Block {
        attr: Attr::with_id(id),
        kind: BlockKind::Paragraph { content },
        span: Span::default(),
    }
}

fn sample() -> Document {
    let soft = Inline::new(InlineKind::SoftBreak, Span::default());
    let noteref = Inline::new(
        InlineKind::NoteRef {
            id: "fnref-a".into(),
            note: "fn-a".into(),
            number: 1,
        },
        Span::default(),
    );
    Document {
        meta: Meta {
            title: "T".into(),
            language: "en".into(),
            ..Meta::default()
        },
        blocks: vec![
            Block {
                attr: Attr::with_id("h"),
                kind: BlockKind::Heading {
                    level: 2,
                    content: vec![text("Héading")],
                },
                span: Span::default(),
            },
            para("p1", vec![text("one"), soft, text("two"), noteref]),
            Block {
                attr: Attr::with_id("hr"),
                kind: BlockKind::ThematicBreak,
                span: Span::default(),
            },
            Block {
                attr: Attr::with_id("fig"),
                kind: BlockKind::Figure {
                    image: None,
                    caption: vec![para("cap", vec![text("Caption.")])],
                    credit: vec![text("PHOTO")],
                },
                span: Span::default(),
            },
        ],
        notes: vec![Footnote {
            id: "fn-a".into(),
            label: "a".into(),
            number: 1,
            refs: vec!["fnref-a".into()],
            blocks: vec![para("n1", vec![text("Note “text”.")])],
            span: Span::default(),
        }],
        annotations: vec![],
        divisions: vec![],
    }
}

#[test]
fn projection_follows_the_rules() {
    let p = project(&sample());
    assert_eq!(
        p.text,
        "Héading\n\none two\n\nCaption.\n\nPHOTO\n\nNote “text”."
    );
    let ids: Vec<_> = p.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["h", "p1", "cap", "fig-credit", "n1"]);
    // Offsets are code points: "Héading" is 7 of them though 8 bytes.
    assert_eq!(p.units[0].range, TextRange { start: 0, end: 7 });
    assert_eq!(p.units[1].range, TextRange { start: 9, end: 16 });
    let chars: Vec<char> = p.text.chars().collect();
    for unit in &p.units {
        let slice: String = chars[unit.range.start..unit.range.end].iter().collect();
        assert!(
            !slice.contains("\n\n"),
            "unit {} spans a separator",
            unit.id
        );
    }
}

#[test]
fn json_round_trip_is_lossless() {
    let mut doc = sample();
    doc.meta
        .extra
        .insert("series".into(), serde_json::json!({"name": "x", "no": 2}));
    let json = serde_json::to_string_pretty(&doc).unwrap();
    let back: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
}

#[test]
fn walkers_reach_nested_nodes() {
    let doc = sample();
    let mut blocks = Vec::new();
    for_each_block(&doc, &mut |b| blocks.push(b.id().to_string()));
    assert_eq!(blocks, ["h", "p1", "hr", "fig", "cap", "n1"]);
    let mut texts = 0;
    for_each_inline(&doc, &mut |i| {
        texts += matches!(i.kind, InlineKind::Text { .. }) as usize
    });
    assert_eq!(texts, 6);
}

#[test]
fn every_span_is_visited() {
    let mut doc = sample();
    let mut blocks_and_inlines = 0;
    for_each_block(&doc, &mut |_| blocks_and_inlines += 1);
    for_each_inline(&doc, &mut |_| blocks_and_inlines += 1);
    let mut seen = 0;
    crate::for_each_span_mut(&mut doc, &mut |s| {
        seen += 1;
        *s = Span::new(FileId(7), 1, 2);
    });
    // Blocks, inlines, the note, and the figure's image.
    assert!(seen >= blocks_and_inlines + doc.notes.len(), "{seen}");
    let mut all_moved = true;
    for_each_block(&doc, &mut |b| all_moved &= b.span.file == FileId(7));
    for_each_inline(&doc, &mut |i| all_moved &= i.span.file == FileId(7));
    assert!(all_moved);
}

#[test]
fn note_letters_count_like_spreadsheet_columns() {
    let seq: Vec<String> = [1, 2, 26, 27, 28, 52, 53, 702, 703]
        .into_iter()
        .map(crate::note_letters)
        .collect();
    assert_eq!(seq, ["a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa"]);
    assert_eq!(crate::note_letters(0), "");
}

/// A document whose last block is a computed index with one entry, a sub-entry and a
/// *see* reference.
fn with_index() -> Document {
    let mut doc = sample();
    let entry = |id: &str, term: &str, subentries| IndexEntry {
        id: id.into(),
        term: term.into(),
        sort_key: None,
        locators: vec![IndexLocator {
            target: "idx-1".into(),
            paragraph: Some(1),
            in_note: false,
            span: Span::default(),
        }],
        see: Vec::new(),
        see_also: vec![IndexRef {
            term: "Other".into(),
            target: Some("index-other".into()),
            span: Span::default(),
        }],
        subentries,
        span: Span::default(),
    };
    let top = entry(
        "index-one",
        "one",
        vec![entry("index-one-two", "two", vec![])],
    );
    doc.blocks.push(Block {
        attr: Attr::with_id("index-entries"),
        kind: BlockKind::Index {
            groups: vec![IndexGroup {
                label: "O".into(),
                entries: vec![top],
            }],
        },
        span: Span::default(),
    });
    doc
}

#[test]
fn the_index_round_trips_and_adds_no_text() {
    let doc = with_index();
    let json = serde_json::to_string(&doc).unwrap();
    assert!(json.contains("\"type\":\"index\""), "{json}");
    let back: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
    assert_eq!(plain_text(&doc), plain_text(&sample()));
    let ids = IdSpace::of_document(&doc);
    assert!(ids.contains("index-one") && ids.contains("index-one-two"));
    let mut renamed = doc.clone();
    crate::for_each_id_mut(&mut renamed, &mut |id| id.insert_str(0, "c-"));
    let BlockKind::Index { groups } = &renamed.blocks.last().unwrap().kind else {
        unreachable!()
    };
    let (_, sub) = index_entries(groups)[1];
    assert_eq!(sub.id, "c-index-one-two");
    assert_eq!(sub.locators[0].target, "c-idx-1");
    assert_eq!(sub.see_also[0].target.as_deref(), Some("c-index-other"));
}
