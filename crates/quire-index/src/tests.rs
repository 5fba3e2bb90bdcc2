use quire_doc::{BlockKind, Document, FileId, IndexEntry, IndexGroup, InlineKind};

use crate::Collation;

/// `source` read and enriched as the loader does, then indexed.
fn indexed(source: &str) -> (Document, Vec<quire_doc::Diagnostic>) {
    let doc = quire_markdown::parse(FileId(0), "t.md", source)
        .expect("parses")
        .document;
    crate::build(quire_annotate::enrich(doc))
}

fn groups(doc: &Document) -> &[IndexGroup] {
    doc.blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Index { groups } => Some(groups.as_slice()),
            _ => None,
        })
        .expect("an index block")
}

/// The groups as `label: term, term` lines.
fn outline(groups: &[IndexGroup]) -> Vec<String> {
    groups
        .iter()
        .map(|g| {
            let terms: Vec<&str> = g.entries.iter().map(|e| e.term.as_str()).collect();
            format!("{}: {}", g.label, terms.join(", "))
        })
        .collect()
}

fn sorted(language: &str, terms: &[&str]) -> Vec<String> {
    let marks: String = terms.iter().map(|t| format!("[{t}]{{.index}} ")).collect();
    let (doc, warnings) = indexed(&format!("---\nlanguage: {language}\n---\n\n{marks}\n"));
    assert!(warnings.is_empty(), "{warnings:?}");
    outline(groups(&doc))
}

#[test]
fn english_folds_accents_into_their_letters() {
    let got = sorted(
        "en",
        &[
            "zoo", "Éclair", "apple", "Eagle", "œuvre", "Ørsted", "100 days", "ostrich", "Zebra",
            "éte",
        ],
    );
    assert_eq!(
        got,
        [
            ": 100 days",
            "A: apple",
            "E: Eagle, Éclair, éte",
            "O: œuvre, Ørsted, ostrich",
            "Z: Zebra, zoo",
        ]
    );
}

#[test]
fn german_sorts_umlauts_with_their_vowels() {
    let got = sorted(
        "de",
        &[
            "Zucker", "Ostern", "Äpfel", "Übel", "Apfel", "Öl", "Ufer", "Straße", "Strasse",
        ],
    );
    assert_eq!(
        got,
        [
            "A: Apfel, Äpfel",
            "O: Öl, Ostern",
            "S: Strasse, Straße",
            "U: Übel, Ufer",
            "Z: Zucker",
        ]
    );
}

#[test]
fn swedish_keeps_its_last_three_letters_apart() {
    let got = sorted("sv", &["Äpple", "Apa", "Zon", "Ödla", "Åsna"]);
    assert_eq!(got, ["A: Apa", "Z: Zon", "Å: Åsna", "Ä: Äpple", "Ö: Ödla"]);
}

#[test]
fn french_orders_accented_words_and_groups_them_by_letter() {
    let got = sorted(
        "fr",
        &[
            "élève", "Elbe", "cote", "côte", "coté", "Œdipe", "oasis", "zèbre",
        ],
    );
    assert_eq!(
        got,
        [
            "C: cote, coté, côte",
            "E: Elbe, élève",
            "O: oasis, Œdipe",
            "Z: zèbre"
        ]
    );
}

#[test]
fn chinese_groups_by_the_letter_of_the_reading() {
    let collation = Collation::for_language("zh");
    assert_eq!(collation.initial("北京"), "B");
    assert_eq!(collation.initial("上海"), "S");
    assert_eq!(collation.initial("阿富汗"), "A");
}

#[test]
fn entries_sub_entries_and_references() {
    let (doc, warnings) = indexed(
        "---\nlanguage: en\n---\n\nThe [Belt and Road]{index=\"Belt and Road Initiative\"} and its \
         [trade]{index=\"Belt and Road Initiative!trade\"} [routes]{index=\"Belt and Road Initiative!trade!routes\"}.\
         []{index=\"BRI\" index-see=\"Belt and Road Initiative\"}\n\n\
         More [trade]{.index index-sort=\"commerce\"}.[]{index=\"BRI\" index-see=\"Belt and Road Initiative\"}[]{index=\"trade\" index-see-also=\"Belt and Road Initiative!trade\" index-see-also=\"Nowhere\"}\n\n\
         ## A [heading]{.index} mark\n",
    );
    let g = groups(&doc);
    assert_eq!(
        outline(g),
        ["B: Belt and Road Initiative, BRI", "C: trade", "H: heading"]
    );
    let bri = &g[0].entries[0];
    assert_eq!(bri.locators.len(), 1);
    assert_eq!(bri.locators[0].paragraph, Some(1));
    let trade = &bri.subentries[0];
    assert_eq!(trade.term, "trade");
    assert_eq!(trade.subentries[0].term, "routes");
    let short = &g[0].entries[1];
    assert!(short.locators.is_empty());
    assert_eq!(short.see.len(), 1, "a reference made twice is one");
    assert_eq!(short.see[0].term, "Belt and Road Initiative");
    assert_eq!(short.see[0].target.as_deref(), Some(bri.id.as_str()));
    let commerce = &g[1].entries[0];
    assert_eq!(commerce.sort_key.as_deref(), Some("commerce"));
    assert_eq!(commerce.see_also[0].term, "Belt and Road Initiative: trade");
    assert_eq!(
        commerce.see_also[0].target.as_deref(),
        Some(trade.id.as_str())
    );
    assert_eq!(commerce.see_also[1].target, None);
    assert_eq!(commerce.locators[0].paragraph, Some(2));
    // A heading is not a numbered paragraph.
    assert_eq!(g[2].entries[0].locators[0].paragraph, None);
    // A place in a note is cited by the paragraph that cites the note.
    let (noted, _) = indexed("One.\n\nTwo.[^a]\n\n[^a]: A [word]{.index}.\n");
    let word = &groups(&noted)[0].entries[0].locators[0];
    assert_eq!((word.paragraph, word.in_note), (Some(2), true));
    // The one unknown reference is a warning at its mark.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].message.contains("`Nowhere`"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].span.start > 0);
    // Every locator names the id its span now has, each id once.
    let mut span_ids = Vec::new();
    quire_doc::for_each_inline(&doc, &mut |i| {
        if let InlineKind::Span { attr, .. } = &i.kind
            && crate::marks::is_mark(attr)
            && !attr.id.is_empty()
        {
            span_ids.push(attr.id.clone());
        }
    });
    let mut targets: Vec<String> = quire_doc::index_entries(g)
        .iter()
        .flat_map(|(_, e)| e.locators.iter().map(|l| l.target.clone()))
        .collect();
    targets.sort();
    targets.dedup();
    span_ids.sort();
    assert_eq!(span_ids, targets);
    assert!(targets.iter().all(|t| t.starts_with("idx-")));
}

#[test]
fn the_index_goes_at_the_end_after_a_heading_in_the_language() {
    let (doc, _) = indexed("---\nlanguage: de\n---\n\n## Eins\n\nEin [Wort]{.index}.\n");
    let n = doc.blocks.len();
    match &doc.blocks[n - 2].kind {
        BlockKind::Heading { level, content } => {
            assert_eq!(*level, 2);
            assert_eq!(quire_doc::inline_text(content), "Register");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(doc.blocks[n - 2].id(), "index");
    assert!(matches!(doc.blocks[n - 1].kind, BlockKind::Index { .. }));
}

#[test]
fn a_div_says_where_and_may_bring_its_own_heading() {
    let src = "---\nlanguage: en\n---\n\n# Title\n\nA [word]{.index}.\n\n::: {#index}\n### Names and places\n\nNumbers are paragraphs.\n:::\n\nAfter.\n";
    let (doc, warnings) = indexed(src);
    assert!(warnings.is_empty(), "{warnings:?}");
    let kinds: Vec<&str> = doc
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Heading { .. } => "h",
            BlockKind::Paragraph { .. } => "p",
            BlockKind::Index { .. } => "index",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["h", "p", "h", "p", "index", "p"]);
    assert_eq!(doc.blocks[4].id(), "index");
    // Without a heading of its own the div gets the language's, with the div's id.
    let (doc, _) = indexed("A [word]{.index}.\n\n::: {#index}\n:::\n");
    assert_eq!(doc.blocks[1].id(), "index");
    assert!(matches!(
        &doc.blocks[1].kind,
        BlockKind::Heading { level: 2, .. }
    ));
}

#[test]
fn front_matter_turns_it_off_and_no_marks_means_no_index() {
    let (doc, _) = indexed("---\nindex: false\n---\n\nA [word]{.index}.\n");
    assert_eq!(doc.blocks.len(), 1);
    let (doc, warnings) = indexed("Plain [text]{.other}.\n\n::: {#index}\n:::\n");
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Index { .. }))
    );
    assert_eq!(warnings.len(), 1);
}

#[test]
fn ids_are_stable_when_other_paragraphs_move() {
    let id = |src: &str| {
        let (doc, _) = indexed(src);
        let g = groups(&doc).to_vec();
        let entry: &IndexEntry = &g[0].entries[0];
        entry.locators[0].target.clone()
    };
    let one = id("A [word]{.index} here.\n");
    let two = id("Something first.\n\nA [word]{.index} here.\n");
    assert_eq!(one, two);
}

#[test]
fn levels_are_bounded() {
    let deep = vec!["x"; 10_000].join("!");
    let (doc, warnings) = indexed(&format!("A [word]{{index=\"{deep}\"}}.\n"));
    let mut depth = 0;
    let mut entries = &groups(&doc)[0].entries;
    while let Some(e) = entries.first() {
        depth += 1;
        entries = &e.subentries;
    }
    assert_eq!(depth, crate::MAX_LEVELS);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn a_capital_that_opens_a_sentence_is_the_same_entry() {
    let (doc, warnings) = indexed(
        "[Accessibility]{.index} first. Then [accessibility]{.index} and [PDF]{.index}, \
         [pdf]{.index}.[]{index=\"a11y\" index-see=\"Accessibility\"}\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let g = groups(&doc);
    assert_eq!(outline(g), ["A: a11y, accessibility", "P: pdf, PDF"]);
    let accessibility = &g[0].entries[1];
    assert_eq!(accessibility.locators.len(), 2);
    let see = &g[0].entries[0].see[0];
    assert_eq!(see.term, "accessibility");
    assert_eq!(see.target.as_deref(), Some(accessibility.id.as_str()));
}
