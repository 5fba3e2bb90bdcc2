//! CSL-JSON read into entries: the field mapping (against hayagriva's own reading of the
//! same references in its YAML), the diagnostics and their places, hostile input.

use hayagriva::Entry;
use hayagriva::types::{EntryType, Person, PersonRole};
use quire_doc::{Diagnostic, FileId, SourceFile};

use crate::{BibFormat, Library};

const FIXTURE_JSON: &str = include_str!("../../../../tests/fixtures/bibformats/refs.json");
const FIXTURE_YAML: &str = include_str!("../../../../tests/fixtures/bibformats/refs.yaml");

/// The library `text` makes, with its diagnostics.
fn read(text: &str) -> (Library, Vec<Diagnostic>) {
    let mut lib = Library::default();
    let mut diags = Vec::new();
    lib.add_file(FileId(1), "refs.json", text, BibFormat::CslJson, &mut diags);
    (lib, diags)
}

/// The one entry `text` holds, read without a diagnostic.
fn one(text: &str) -> Entry {
    let (lib, diags) = read(text);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(lib.entries().len(), 1);
    lib.entries()[0].clone()
}

/// Each diagnostic as `line:column message`.
fn placed(text: &str, diags: &[Diagnostic]) -> Vec<String> {
    let file = SourceFile::new("refs.json", text);
    diags
        .iter()
        .map(|d| {
            let (line, col) = file.line_col(d.span.start);
            format!("{line}:{col} {}", d.message)
        })
        .collect()
}

fn person(family: &str, given: Option<&str>) -> Person {
    Person {
        name: family.into(),
        given_name: given.map(Into::into),
        prefix: None,
        suffix: None,
        comma_suffix: false,
        alias: None,
    }
}

#[test]
fn the_fixture_reads_as_its_yaml_does() {
    let (json, diags) = read(FIXTURE_JSON);
    assert!(diags.is_empty(), "{diags:#?}");
    let mut yaml = Library::default();
    yaml.add_file(
        FileId(2),
        "refs.yaml",
        FIXTURE_YAML,
        BibFormat::Yaml,
        &mut Vec::new(),
    );
    let keys = |l: &Library| {
        l.entries()
            .iter()
            .map(|e| e.key().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&json), keys(&yaml));
    for key in keys(&json) {
        let (j, y) = (json.get(&key).unwrap(), yaml.get(&key).unwrap());
        // The same types and the same parents' types…
        assert_eq!(j.entry_type(), y.entry_type(), "{key}");
        let parent_types = |e: &Entry| {
            e.parents()
                .iter()
                .map(|p| *p.entry_type())
                .collect::<Vec<_>>()
        };
        assert_eq!(parent_types(j), parent_types(y), "{key}");
        // …and the same authors, editors, dates, pages, URLs and identifiers.
        assert_eq!(j.authors(), y.authors(), "{key}");
        assert_eq!(j.date(), y.date(), "{key}");
        assert_eq!(j.page_range(), y.page_range(), "{key}");
        assert_eq!(j.url(), y.url(), "{key}");
        assert_eq!(j.doi(), y.doi(), "{key}");
        assert_eq!(j.edition(), y.edition(), "{key}");
        assert_eq!(j.genre(), y.genre(), "{key}");
        assert_eq!(j.note(), y.note(), "{key}");
        let editors = |e: &Entry| {
            e.editors().map(<[Person]>::to_vec).or_else(|| {
                e.parents()
                    .first()
                    .and_then(|p| p.editors())
                    .map(<[Person]>::to_vec)
            })
        };
        assert_eq!(editors(j), editors(y), "{key}");
        // Titles as text (the YAML protects some capitals with braces the JSON has not).
        assert_eq!(
            j.title().map(|t| t.value.to_string()),
            y.title().map(|t| t.value.to_string()),
            "{key}"
        );
        let parent_title = |e: &Entry| {
            e.parents()
                .first()
                .and_then(|p| p.title())
                .map(|t| t.value.to_string())
        };
        assert_eq!(parent_title(j), parent_title(y), "{key}");
    }
    // The journal's volume and issue are the periodical's, as in the YAML.
    let article = json.get("knuth1981breaking").unwrap();
    assert_eq!(
        article.parents()[0].volume().map(|v| v.to_string()),
        Some("11".into())
    );
    assert_eq!(
        article.parents()[0].issue().map(|v| v.to_string()),
        Some("11".into())
    );
    // A nocase span protects its capitals as YAML braces do.
    let book = json.get("lamport1994latex").unwrap();
    assert_eq!(book.title(), yaml.get("lamport1994latex").unwrap().title());
    // The short title, and a corporate author kept whole.
    let law = json.get("eu2019eaa").unwrap();
    assert_eq!(
        law.title()
            .unwrap()
            .short
            .as_deref()
            .map(ToString::to_string),
        Some("European Accessibility Act".into())
    );
    assert_eq!(
        law.authors().unwrap()[1],
        person("Council of the European Union", None)
    );
    assert_eq!(law.keyed_serial_number("serial"), Some("2019/882"));
}

#[test]
fn names_keep_their_particles_and_suffixes() {
    let e = one(r#"[{"id": "a", "type": "book", "author": [
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
        {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr.", "comma-suffix": true},
        {"given": "Aristotle"},
        {"literal": "World Health Organization"}
    ]}]"#);
    let a = e.authors().unwrap();
    assert_eq!(a[0].name, "van Gogh");
    // hayagriva finds the non-dropping particle in the family name.
    assert_eq!(a[0].name_particle(), Some("van"));
    assert_eq!(
        (a[1].name.as_str(), a[1].prefix.as_deref()),
        ("Beethoven", Some("van"))
    );
    assert_eq!(
        (a[2].suffix.as_deref(), a[2].comma_suffix),
        (Some("Jr."), true)
    );
    assert_eq!(a[3], person("Aristotle", None));
    assert!(a[4].is_institutional() && a[4].name == "World Health Organization");
}

#[test]
fn types_become_hayagrivas_shapes() {
    let shape = |json: &str| {
        let e = one(json);
        let parents: Vec<_> = e.parents().iter().map(|p| *p.entry_type()).collect();
        (*e.entry_type(), parents)
    };
    use EntryType::*;
    let item =
        |t: &str, extra: &str| format!(r#"[{{"id": "k", "type": "{t}", "title": "T"{extra}}}]"#);
    assert_eq!(
        shape(&item("article-journal", "")),
        (Article, vec![Periodical])
    );
    assert_eq!(
        shape(&item("article-newspaper", "")),
        (Article, vec![Newspaper])
    );
    assert_eq!(
        shape(&item("paper-conference", "")),
        (Article, vec![Proceedings])
    );
    assert_eq!(
        shape(&item("chapter", r#", "editor": [{"family": "E"}]"#)),
        (Anthos, vec![Anthology])
    );
    assert_eq!(shape(&item("chapter", "")), (Chapter, vec![Book]));
    assert_eq!(
        shape(&item("entry-encyclopedia", "")),
        (Chapter, vec![Reference])
    );
    assert_eq!(
        shape(&item("webpage", r#", "container-title": "Site""#)),
        (Web, vec![Web])
    );
    assert_eq!(shape(&item("webpage", "")), (Web, vec![]));
    assert_eq!(shape(&item("motion_picture", "")), (Video, vec![]));
    assert_eq!(shape(&item("software", "")), (Repository, vec![]));
    assert_eq!(shape(&item("legal_case", "")), (Case, vec![]));
    assert_eq!(shape(&item("dataset", "")), (Misc, vec![]));
    // A paper given at a conference: the proceedings hold the container, the conference
    // the event.
    let paper = one(&item(
        "paper-conference",
        r#", "container-title": "Proc.", "event-title": "Conf", "event-place": "Oslo", "publisher": "ACM""#,
    ));
    assert_eq!(
        paper
            .parents()
            .iter()
            .map(|p| *p.entry_type())
            .collect::<Vec<_>>(),
        [Proceedings, Conference]
    );
    assert_eq!(
        paper.parents()[0]
            .publisher()
            .and_then(|p| p.name())
            .map(ToString::to_string),
        Some("ACM".into())
    );
    assert_eq!(
        paper.parents()[1].location().map(ToString::to_string),
        Some("Oslo".into())
    );
    // Legislation keeps reading as legislation, a bill as a bill.
    assert!(one(&item("legislation", "")).publisher().is_some());
    assert!(one(&item("bill", "")).publisher().is_none());
    // A book in a series: the series is a collection one level up.
    let book = one(&item(
        "book",
        r#", "collection-title": "Lecture Notes", "collection-number": 42"#,
    ));
    let series = &book.parents()[0];
    assert_eq!(
        series.title().map(ToString::to_string),
        Some("Lecture Notes".into())
    );
    assert_eq!(series.volume().map(|v| v.to_string()), Some("42".into()));
    // A report's series sits above an untitled anthology, where hayagriva looks for it.
    let report = one(&item("report", r#", "collection-title": "Working Papers""#));
    let between = &report.parents()[0];
    assert!(between.title().is_none());
    assert_eq!(
        between.parents()[0].title().map(ToString::to_string),
        Some("Working Papers".into())
    );
}

#[test]
fn fields_go_where_hayagriva_looks_for_them() {
    let e = one(r#"[{"id": 17, "type": "thesis", "title": "T",
        "author": [{"family": "A", "given": "B"}],
        "translator": [{"family": "T"}],
        "issued": {"date-parts": [[2000, 2, 29]], "circa": true},
        "accessed": {"raw": "2026-12-01"},
        "URL": "https://example.org/t",
        "page": 33, "number-of-pages": "250", "edition": "2nd", "ISBN": "978-3-16-148410-0",
        "language": "en_GB", "genre": "PhD thesis", "publisher": "Uni", "publisher-place": "Brno",
        "abstract": "Abs", "note": "N", "authority": "Faculty", "original-title": "Orig",
        "original-date": {"date-parts": [[-44]]}
    }]"#);
    // A number is a valid id.
    assert_eq!(e.key(), "17");
    let date = e.date().unwrap();
    assert_eq!(
        (date.year, date.month, date.day, date.approximate),
        (2000, Some(1), Some(28), true)
    );
    let url = e.url().unwrap();
    assert_eq!(url.value.as_str(), "https://example.org/t");
    assert_eq!(
        url.visit_date.map(|d| (d.year, d.month, d.day)),
        Some((2026, Some(11), Some(0)))
    );
    assert_eq!(e.page_range().map(|p| p.to_string()), Some("33".into()));
    assert_eq!(e.page_total().map(|p| p.to_string()), Some("250".into()));
    assert_eq!(e.edition().map(|p| p.to_string()), Some("2nd".into()));
    assert_eq!(e.isbn(), Some("978-3-16-148410-0"));
    assert_eq!(e.language().map(ToString::to_string), Some("en-GB".into()));
    assert_eq!(
        e.publisher()
            .and_then(|p| p.location())
            .map(ToString::to_string),
        Some("Brno".into())
    );
    assert_eq!(
        e.organization().map(ToString::to_string),
        Some("Faculty".into())
    );
    assert_eq!(e.abstract_().map(ToString::to_string), Some("Abs".into()));
    assert_eq!(e.affiliated().unwrap()[0].role, PersonRole::Translator);
    // The original: 44 BC is hayagriva's year -43 (its year 0 is 1 BC).
    let original = &e.parents()[0];
    assert_eq!(*original.entry_type(), EntryType::Original);
    assert_eq!(original.date().map(|d| d.year), Some(-43));
    assert_eq!(
        original.title().map(ToString::to_string),
        Some("Orig".into())
    );
}

#[test]
fn dates_in_every_form() {
    let issued = |date: &str| {
        let (lib, diags) = read(&format!(
            r#"[{{"id": "k", "type": "book", "issued": {date}}}]"#
        ));
        (lib.entries()[0].date().copied(), diags.len())
    };
    let ymd = |d: Option<hayagriva::types::Date>| {
        d.map(|d| (d.year, d.month, d.day, d.season.map(|s| s.to_csl_number())))
    };
    assert_eq!(
        ymd(issued(r#"{"raw": "1981-11"}"#).0),
        Some((1981, Some(10), None, None))
    );
    assert_eq!(
        ymd(issued(r#""2019-04-17""#).0),
        Some((2019, Some(3), Some(16), None))
    );
    assert_eq!(
        ymd(issued(r#"{"date-parts": [["1999"]], "season": "summer"}"#).0),
        Some((1999, None, None, Some(2)))
    );
    assert_eq!(
        ymd(issued(r#"{"date-parts": [[1999, 15]]}"#).0),
        Some((1999, None, None, Some(3)))
    );
    // A range keeps its start, with a warning; a literal date is a warning and no date.
    assert_eq!(
        issued(r#"{"date-parts": [[2001, 3], [2003, 5]]}"#),
        (
            Some(hayagriva::types::Date {
                year: 2001,
                month: Some(2),
                day: None,
                approximate: false,
                season: None
            }),
            1
        )
    );
    assert_eq!(issued(r#"{"literal": "forthcoming"}"#), (None, 1));
    assert_eq!(issued(r#"{"raw": "April 2019"}"#), (None, 1));
    assert_eq!(issued(r#"{"date-parts": [[2019, 13, 40]]}"#).1, 0);
    assert_eq!(
        ymd(issued(r#"{"date-parts": [[2019, 4, 40]]}"#).0),
        Some((2019, Some(3), None, None))
    );
    assert_eq!(issued(r#"{"date-parts": [[1e300]]}"#), (None, 1));
    assert_eq!(
        issued(r#"{"date-parts": [[-9223372036854775808]]}"#),
        (None, 1)
    );
    assert_eq!(issued(r#"{"date-parts": [[]]}"#), (None, 1));
}

#[test]
fn rich_text_and_identifiers() {
    let e = one(r#"[{"id": "k", "type": "article-journal",
        "title": "On <i>E. coli</i> and <span class=\"nocase\">mRNA</span> at $5 {each}",
        "title-short": "E. coli", "container-title": "Nature", "container-title-short": "Nat.",
        "DOI": " 10.1/x ", "ISSN": "1234-5678", "PMID": 99, "number": "e12"}]"#);
    let title = e.title().unwrap();
    assert_eq!(title.value.to_string(), "On E. coli and mRNA at $5 {each}");
    assert!(
        title
            .value
            .0
            .iter()
            .any(|c| c.kind == hayagriva::types::ChunkKind::Verbatim && c.value == "mRNA")
    );
    assert_eq!(
        title.short.as_deref().map(ToString::to_string),
        Some("E. coli".into())
    );
    let journal = e.parents()[0].title().unwrap();
    assert_eq!(
        journal.short.as_deref().map(ToString::to_string),
        Some("Nat.".into())
    );
    assert_eq!(
        (e.doi(), e.issn(), e.pmid()),
        (Some("10.1/x"), Some("1234-5678"), Some("99"))
    );
    assert_eq!(e.keyed_serial_number("serial"), Some("e12"));
}

#[test]
fn a_syntax_error_is_one_warning_at_its_line_and_column() {
    let text =
        "[\n  {\"id\": \"a\", \"type\": \"book\"},\n  {\"id\": \"b\" \"type\": \"book\"}\n]\n";
    let (lib, diags) = read(text);
    assert!(lib.is_empty());
    assert_eq!(
        placed(text, &diags),
        ["3:14 the bibliography refs.json cannot be read: expected `,` or `}`"]
    );
    // After a byte-order mark and two-byte letters, the column still counts characters
    // (the BOM is one): the `]` where a key should be.
    let text = "\u{feff}[{\"id\": \"é\", \"title\": \"ü\",]";
    let (_, diags) = read(text);
    assert_eq!(
        placed(text, &diags),
        ["1:28 the bibliography refs.json cannot be read: key must be a string"]
    );
    // A file cut short: at its last character.
    let text = "[{\"id\": \"a\"";
    let (_, diags) = read(text);
    assert_eq!(
        placed(text, &diags),
        ["1:11 the bibliography refs.json cannot be read: EOF while parsing an object"]
    );
    // Not an array of items.
    let (_, diags) = read("  \"refs\"");
    assert_eq!(
        placed("  \"refs\"", &diags)[0],
        "1:3 the bibliography refs.json cannot be read: CSL-JSON is an array of items (`[{\"id\": …, \"type\": …}, …]`)"
    );
}

#[test]
fn a_bad_item_or_field_is_a_warning_where_it_is_and_the_rest_is_read() {
    let text = r#"[
  {"type": "book", "title": "No id"},
  {"id": true, "type": "book"},
  "not an item",
  {"id": "a", "type": "book", "issued": "soon", "author": "Knuth",
   "editor": [{"family": "E"}, 7, "Plain Name"], "title": ["T"], "volume": {"n": 1}},
  {"id": "b", "type": "novel", "title": "B", "title": "again", "language": "English"},
  {"id": "a", "type": "book", "title": "Second a"}
]"#;
    let (lib, diags) = read(text);
    let keys: Vec<_> = lib.entries().iter().map(|e| e.key()).collect();
    assert_eq!(keys, ["a", "b"]);
    let a = lib.get("a").unwrap();
    assert!(a.date().is_none() && a.authors().is_none() && a.title().is_none());
    // The good parts of a field with a bad element are kept.
    let editors: Vec<_> = a
        .editors()
        .unwrap()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(editors, ["E", "Plain Name"]);
    assert_eq!(*lib.get("b").unwrap().entry_type(), EntryType::Misc);
    assert_eq!(
        placed(text, &diags),
        [
            "2:3 an item of the bibliography refs.json has no `id`; it is left out",
            "3:10 the `id` of an item of the bibliography refs.json is not a string or a number; the item is left out",
            "4:3 an item of the bibliography refs.json is not a JSON object; it is left out",
            "6:59 `title` of `a` in refs.json is not a string or a number; it is left out",
            "5:59 `author` of `a` in refs.json is not a list of names; it is left out",
            "6:32 `editor` of `a` in refs.json has an element that is not a name; it is left out",
            "6:35 `editor` of `a` in refs.json has a name written as a string, not an object; it is read as a literal name",
            "6:76 `volume` of `a` in refs.json is not a string or a number; it is left out",
            "5:41 `issued` of `a` in refs.json is the date “soon”, which is not written YYYY-MM-DD; it is left out",
            "7:55 the field `title` is given twice in an item of refs.json; the first is kept",
            "7:23 `type` of `b` in refs.json is `novel`, which is not a CSL type; the item is read as a `document`",
            "7:76 `language` of `b` in refs.json is not a language tag (such as `en` or `de-CH`); it is left out",
            "8:10 the key `a` in refs.json is taken by an earlier bibliography entry, which is kept",
        ]
    );
}

#[test]
fn hostile_input_is_warned_about_and_never_panics() {
    // Nested past serde_json's recursion limit: at the top, and inside a field.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (lib, diags) = read(&deep);
    assert!(lib.is_empty());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let text = format!(
        r#"[{{"id": "k", "type": "book", "title": {}{}}}]"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (lib, diags) = read(&text);
    assert_eq!(lib.entries().len(), 1);
    assert!(diags[0].message.contains("recursion limit"), "{diags:?}");
    // Huge numbers, as ids and values.
    let text = r#"[{"id": 1e999, "type": "book"}, {"id": 123456789012345678901234567890, "type": "book", "volume": 1e400, "page": -1e999}]"#;
    let (lib, diags) = read(text);
    assert!(diags.is_empty(), "{diags:?}");
    let keys: Vec<_> = lib.entries().iter().map(|e| e.key()).collect();
    assert_eq!(keys, ["1e999", "123456789012345678901234567890"]);
    assert_eq!(
        lib.entries()[1].volume().map(|v| v.to_string()),
        Some("1e400".into())
    );
    // Many bad items: the warnings are capped, with a count of the rest.
    let many = format!("[{}1]", "1,".repeat(10_000));
    let (lib, diags) = read(&many);
    assert!(lib.is_empty());
    assert_eq!(diags.len(), super::MAX_WARNINGS + 1);
    assert!(
        diags
            .last()
            .unwrap()
            .message
            .starts_with("9951 more problems"),
        "{:?}",
        diags.last()
    );
    // Spans without end and a flood of `<` (linear, not quadratic), odd top levels.
    let text = format!(
        r#"[{{"id": "k", "type": "book", "title": "{}{}"}}]"#,
        "<span class='nocase'>".repeat(5_000),
        "<".repeat(50_000)
    );
    let (lib, _) = read(&text);
    assert_eq!(lib.entries().len(), 1);
    for text in [
        "",
        " ",
        "{}",
        "[]",
        "null",
        "[null]",
        "{\"k\": {\"type\": \"book\"}}",
    ] {
        let _ = read(text);
    }
    // Items by id take their key as the id.
    let (lib, diags) = read(r#"{"k1": {"type": "book"}, "k2": {"id": "k3", "type": "book"}}"#);
    assert!(diags.is_empty(), "{diags:?}");
    let keys: Vec<_> = lib.entries().iter().map(|e| e.key()).collect();
    assert_eq!(keys, ["k1", "k3"]);
    // And a single item.
    let (lib, _) = read(r#"{"id": "solo", "type": "book"}"#);
    assert_eq!(lib.entries()[0].key(), "solo");
}

/// The citations (with the notes' text, in a note style) and the bibliography of the
/// fixture's document rendered in `style` from `lib`.
fn rendered(lib: &Library, style: &str) -> (Vec<String>, Vec<String>) {
    let src = include_str!("../../../../tests/fixtures/bibformats/doc.md");
    let mut doc = quire_markdown::parse(FileId(0), "doc.md", src)
        .expect("parses")
        .document;
    let mut diags = Vec::new();
    let style = crate::CiteStyle::by_name(style).expect("bundled");
    crate::cite(
        &mut doc,
        lib,
        &style,
        &crate::CiteOptions::default(),
        &mut diags,
    );
    assert!(diags.is_empty(), "{diags:#?}");
    let mut cites = Vec::new();
    quire_doc::for_each_inline(&doc, &mut |i| {
        if let quire_doc::InlineKind::Cite { content, .. } = &i.kind {
            cites.push(quire_doc::inline_text(content));
        }
    });
    for note in &doc.notes {
        for b in &note.blocks {
            cites.extend(b.inline_lists().into_iter().map(quire_doc::inline_text));
        }
    }
    let mut bib = Vec::new();
    quire_doc::for_each_block(&doc, &mut |b| {
        if b.attr.has_class("csl-entry")
            && let quire_doc::BlockKind::Paragraph { content } = &b.kind
        {
            bib.push(format!("{} {}", b.attr.id, quire_doc::inline_text(content)));
        }
    });
    (cites, bib)
}

/// The directive, which hayagriva reads from YAML as a bill (a `legislation` entry with no
/// publisher is one, to it) and from CSL-JSON as the legislation the file says it is.
const DIRECTIVE: &str = "Directive (EU) 2019/882 of the European Parliament";

#[test]
fn the_fixture_renders_as_its_yaml_does() {
    let (json, _) = read(FIXTURE_JSON);
    let mut yaml = Library::default();
    yaml.add_file(
        FileId(2),
        "refs.yaml",
        FIXTURE_YAML,
        BibFormat::Yaml,
        &mut Vec::new(),
    );
    for style in ["chicago-author-date", "chicago-notes", "apa", "ieee", "mla"] {
        let ((j_cites, j_bib), (y_cites, y_bib)) = (rendered(&json, style), rendered(&yaml, style));
        assert_eq!(j_bib.len(), 8, "{style}: {j_bib:#?}");
        let apart = |texts: &[String]| -> (Vec<String>, Vec<String>) {
            texts.iter().cloned().partition(|t| t.contains(DIRECTIVE))
        };
        let (j_law, j_rest) = apart(&j_bib);
        let (y_law, y_rest) = apart(&y_bib);
        assert_eq!(j_rest, y_rest, "{style}");
        // The citations, and in a note style the notes but the directive's, are alike.
        let (j_law_notes, j_cites) = apart(&j_cites);
        let (y_law_notes, y_cites) = apart(&y_cites);
        assert_eq!(j_cites, y_cites, "{style}");
        // The directive differs by its type alone: where a style prints legislation
        // as a public law, the JSON's reads as one, and its text is otherwise the same.
        for (j, y) in j_law
            .iter()
            .zip(&y_law)
            .chain(j_law_notes.iter().zip(&y_law_notes))
        {
            assert_eq!(j.replace("Pub. L. No. ", ""), *y, "{style}");
        }
        let public_law = j_law.iter().any(|t| t.contains("Pub. L. No. 2019/882"));
        assert_eq!(
            public_law,
            style.starts_with("chicago") || style == "apa",
            "{style}: {j_law:?}"
        );
        assert!(
            !y_law.iter().any(|t| t.contains("Pub. L.")),
            "{style}: {y_law:?}"
        );
    }
}

#[test]
fn every_cut_and_every_wrong_value_of_the_fixture_is_survived() {
    // A file cut anywhere is one warning (a syntax error), never a panic.
    let mut cuts = 0;
    for (at, _) in FIXTURE_JSON.trim_end().char_indices().skip(1) {
        let (lib, diags) = read(&FIXTURE_JSON[..at]);
        assert!(lib.is_empty() && diags.len() == 1, "cut at {at}: {diags:?}");
        cuts += 1;
    }
    assert!(cuts > 3000, "{cuts}");
    // Each field of each item given a value of every other JSON type in turn: the item
    // is still read, and each wrong value that is not text is one warning at most.
    let items: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(FIXTURE_JSON).unwrap();
    let wrong = [
        serde_json::json!(null),
        serde_json::json!(true),
        serde_json::json!(-1e300),
        serde_json::json!("<span class=\"nocase\">x"),
        serde_json::json!([[1, [2]], {}]),
        serde_json::json!({"date-parts": "x", "family": 3}),
    ];
    for item in &items {
        for field in item.keys().filter(|k| *k != "id") {
            for value in &wrong {
                let mut changed = item.clone();
                changed.insert(field.clone(), value.clone());
                let text = serde_json::to_string(&vec![changed]).unwrap();
                let (lib, diags) = read(&text);
                assert_eq!(lib.entries().len(), 1, "{field} = {value}: {diags:?}");
                assert!(diags.len() <= 2, "{field} = {value}: {diags:#?}");
            }
        }
    }
}

#[test]
fn every_csl_type_with_every_field_renders_with_its_title() {
    let types = super::shape::CSL_TYPES;
    // Each title and short title carries a token of its own (`q7q`), which no case
    // change touches.
    let items: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                r#"{{"id": "k-{t}", "type": "{t}", "title": "Title q{i}q of {t}", "title-short": "Short q{i}q",
                "author": [{{"family": "Author", "given": "A."}}], "editor": [{{"family": "Editor"}}],
                "container-title": "Container", "collection-title": "Series", "collection-number": 3,
                "collection-editor": [{{"family": "Series Editor"}}], "container-author": [{{"literal": "Container Author"}}],
                "translator": [{{"family": "Translator"}}], "director": [{{"family": "Director"}}],
                "volume": "2", "issue": 4, "page": "10-20", "edition": 2, "number": "N-1",
                "chapter-number": 5, "number-of-pages": 300, "number-of-volumes": 3,
                "publisher": "Publisher", "publisher-place": "Place", "genre": "Genre",
                "issued": {{"date-parts": [[2001, 2, 3]]}}, "accessed": {{"date-parts": [[2020, 1, 1]]}},
                "URL": "https://example.org/{t}", "DOI": "10.1/{t}", "ISBN": "123", "ISSN": "1234-5678",
                "language": "en", "note": "Note", "abstract": "Abstract", "authority": "Authority",
                "archive": "Archive", "archive_location": "Box 1", "call-number": "QA76",
                "event-title": "Event", "event-place": "Event Place", "event-date": {{"raw": "2000-06"}},
                "original-title": "Original", "original-date": {{"date-parts": [[1900]]}},
                "original-publisher": "Old Press", "version": "1.2", "dimensions": "90 min"}}"#
            )
        })
        .collect();
    let text = format!("[{}]", items.join(",\n"));
    let (lib, diags) = read(&text);
    assert_eq!(lib.entries().len(), types.len());
    // What cannot be held is said: a container title for types with no container, an
    // event on a journal article, a series or an original on a motion picture.
    assert!(
        diags
            .iter()
            .all(|d| d.message.contains("left out") || d.message.ends_with("not listed")),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("`container-title` of `k-book`")),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("`event-title` of `k-article-journal`")),
        "{diags:#?}"
    );
    assert!(
        diags.iter().any(|d| d
            .message
            .contains("`collection-title` of `k-motion_picture`")),
        "{diags:#?}"
    );
    let src = types
        .iter()
        .map(|t| format!("[@k-{t}]"))
        .collect::<Vec<_>>()
        .join(" ");
    for style in [
        "chicago-author-date",
        "chicago-notes",
        "apa",
        "ieee",
        "mla",
        "harvard-cite-them-right",
    ] {
        let mut doc = quire_markdown::parse(FileId(0), "t.md", &src)
            .expect("parses")
            .document;
        let mut diags = Vec::new();
        let cite_style = crate::CiteStyle::by_name(style).expect("bundled");
        crate::cite(
            &mut doc,
            &lib,
            &cite_style,
            &crate::CiteOptions::default(),
            &mut diags,
        );
        assert!(diags.is_empty(), "{style}: {diags:#?}");
        let mut bib = Vec::new();
        quire_doc::for_each_block(&doc, &mut |b| {
            if let quire_doc::BlockKind::Paragraph { content } = &b.kind
                && b.attr.has_class("csl-entry")
            {
                bib.push(quire_doc::inline_text(content));
            }
        });
        assert_eq!(bib.len(), types.len(), "{style}");
        // Shown in the bibliography, or (Chicago's notes leave a post's entry empty) in
        // its citation's note.
        let notes: Vec<String> = doc
            .notes
            .iter()
            .flat_map(|n| n.blocks.iter().flat_map(|b| b.inline_lists()))
            .map(quire_doc::inline_text)
            .collect();
        for (i, t) in types.iter().enumerate() {
            let token = format!("q{i}q");
            let shown = |texts: &[String]| texts.iter().any(|e| e.to_lowercase().contains(&token));
            assert!(
                shown(&bib) || (style == "chicago-notes" && *t == "post" && shown(&notes)),
                "{style}: {t} has no title in {bib:#?}"
            );
        }
    }
}
