//! A CSL-JSON item as a hayagriva entry: its CSL type as hayagriva's entry type and the
//! parents hayagriva models (a journal, a book, proceedings, a series, an event, the
//! original), and each field where hayagriva's CSL bridge (its `EntryLike` for `Entry`)
//! looks for the variable, so that CSL-JSON → entry → CSL gives back what the file says.
//!
//! hayagriva tells a CSL type from the entry's type and its parents (an article under a
//! periodical is `article-journal`, under proceedings `paper-conference`; a chapter is
//! an `anthos` under an `anthology`), and finds `container-title` only on the parent of
//! the types its `get_container` lists, the collection only one parent up from a
//! periodical, book, anthology … — which is what the shapes below follow.

use std::str::FromStr;

use hayagriva::Entry;
use hayagriva::types::{
    Duration, EntryType, FormatString, MaybeTyped, PageRanges, PersonRole, PersonsWithRoles,
    Publisher,
};

use super::dates::date;
use super::item::{Ctx, Fields};

/// How a CSL type is modelled: the entry's type and the type of the parent that holds
/// its container (the journal, the book, the proceedings, the website), if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    kind: EntryType,
    container: Option<EntryType>,
}

const fn shape(kind: EntryType, container: Option<EntryType>) -> Shape {
    Shape { kind, container }
}

/// The shape of CSL type `csl`, given whether the item has a container title and an
/// editor (which choose between hayagriva's models of some types); `None` for a type
/// CSL does not define.
fn shape_of(csl: &str, has_container: bool, has_editor: bool) -> Option<Shape> {
    use EntryType::*;
    let or_none = |kind| has_container.then_some(kind);
    let s = match csl.to_ascii_lowercase().replace('_', "-").as_str() {
        // hayagriva has no `article` with a container: one with a container title is
        // read as a journal article rather than lose the title.
        "article" => shape(Article, or_none(Periodical)),
        // It tells no magazine or review from a journal article.
        "article-journal" | "article-magazine" | "review" | "review-book" => {
            shape(Article, Some(Periodical))
        }
        "article-newspaper" => shape(Article, Some(Newspaper)),
        "paper-conference" => shape(Article, Some(Proceedings)),
        "post-weblog" => shape(Article, Some(Blog)),
        "book" | "classic" => shape(Book, None),
        // An edited book's chapter is hayagriva's anthos in an anthology (as its BibLaTeX
        // import makes `@incollection`); one of a monograph a chapter of a book
        // (`@inbook`).
        "chapter" if has_editor => shape(Anthos, Some(Anthology)),
        "chapter" => shape(Chapter, Some(Book)),
        "collection" => shape(Anthology, None),
        // hayagriva finds no container title for its `entry` type, so an entry with one
        // is a chapter of a reference work (which reads as `entry-encyclopedia`).
        "entry" if !has_container => shape(Entry, None),
        "entry" | "entry-dictionary" | "entry-encyclopedia" => shape(Chapter, Some(Reference)),
        "periodical" => shape(Periodical, None),
        "report" | "standard" => shape(Report, or_none(Book)),
        "thesis" => shape(Thesis, None),
        "webpage" => shape(Web, or_none(Web)),
        "post" => shape(Post, or_none(Web)),
        "legislation" | "regulation" | "treaty" | "bill" => shape(Legislation, None),
        "legal-case" => shape(Case, or_none(Book)),
        "patent" => shape(Patent, None),
        "manuscript" => shape(Manuscript, None),
        // hayagriva's motion picture and song are a video and an audio with no parent.
        "motion-picture" => shape(Video, None),
        "broadcast" => shape(Video, Some(Video)),
        "song" => shape(Audio, None),
        "musical-score" => shape(Audio, Some(Misc)),
        "software" => shape(Repository, None),
        "graphic" | "map" => shape(Artwork, None),
        "figure" => shape(Artwork, Some(Article)),
        "event" => shape(Exhibition, None),
        // Types hayagriva never reports: read as a generic document.
        "dataset"
        | "document"
        | "hearing"
        | "interview"
        | "pamphlet"
        | "performance"
        | "personal-communication"
        | "speech" => shape(Misc, None),
        _ => return None,
    };
    Some(s)
}

/// Whether the parent `container` holds a book's editors (rather than the item its own).
fn edited(container: EntryType) -> bool {
    use EntryType::*;
    matches!(container, Anthology | Book | Proceedings | Reference)
}

/// The types whose collection (series) hayagriva finds on a direct parent.
fn collects(kind: EntryType) -> bool {
    use EntryType::*;
    matches!(
        kind,
        Anthology
            | Newspaper
            | Performance
            | Periodical
            | Proceedings
            | Book
            | Reference
            | Exhibition
    )
}

/// The CSL name variables hayagriva keeps as roles of the entry's `affiliated` persons.
const ROLES: [(&str, PersonRole); 13] = [
    ("translator", PersonRole::Translator),
    ("compiler", PersonRole::Compiler),
    ("composer", PersonRole::Composer),
    ("contributor", PersonRole::Collaborator),
    ("director", PersonRole::Director),
    ("executive-producer", PersonRole::ExecutiveProducer),
    ("illustrator", PersonRole::Illustrator),
    ("narrator", PersonRole::Narrator),
    ("organizer", PersonRole::Organizer),
    ("performer", PersonRole::CastMember),
    ("producer", PersonRole::Producer),
    ("script-writer", PersonRole::Writer),
    ("series-creator", PersonRole::Founder),
];

/// The entry for the item with id `id` and fields `fields`.
pub(super) fn build(id: &str, fields: &Fields, ctx: &mut Ctx) -> Entry {
    let type_field = fields.get("type");
    let csl_type = type_field.and_then(|f| Some((f, ctx.plain(f)?)));
    let has_container = fields.get("container-title").is_some();
    let has_editor = fields.get("editor").is_some();
    let misc = shape(EntryType::Misc, None);
    let shape = match &csl_type {
        Some((field, t)) => shape_of(t, has_container, has_editor).unwrap_or_else(|| {
            let what =
                format!("is `{t}`, which is not a CSL type; the item is read as a `document`");
            ctx.warn(field, &what);
            misc
        }),
        // A type of the wrong kind has had its warning.
        None if type_field.is_some() => misc,
        None => {
            ctx.warn_item("has no `type`; it is read as a `document`");
            misc
        }
    };
    let type_name = csl_type.map_or_else(|| "document".to_string(), |(_, t)| t);
    let mut b = Builder {
        entry: Entry::new(id, shape.kind),
        container: shape.container.map(|k| Entry::new(id, k)),
        series: None,
        event: None,
        original: None,
    };
    titles(&mut b, fields, ctx, &type_name);
    names(&mut b, fields, ctx, &type_name);
    numbers(&mut b, fields, ctx);
    publication(&mut b, fields, ctx, &type_name);
    related(&mut b, fields, ctx);
    b.assemble(ctx, fields)
}

/// The entry and the parents it will have.
struct Builder {
    entry: Entry,
    container: Option<Entry>,
    /// The collection (`collection-title`, its number and editors).
    series: Option<Entry>,
    /// The event (a conference) the item was given at.
    event: Option<Entry>,
    /// The original of a translation or reprint.
    original: Option<Entry>,
}

impl Builder {
    fn series(&mut self) -> &mut Entry {
        let key = self.entry.key().to_string();
        self.series
            .get_or_insert_with(|| Entry::new(&key, EntryType::Anthology))
    }

    fn event(&mut self) -> &mut Entry {
        let key = self.entry.key().to_string();
        self.event
            .get_or_insert_with(|| Entry::new(&key, EntryType::Conference))
    }

    fn original(&mut self) -> &mut Entry {
        let key = self.entry.key().to_string();
        self.original
            .get_or_insert_with(|| Entry::new(&key, EntryType::Original))
    }

    /// The container if there is one, else the entry: where a journal's volume or a
    /// book's publisher goes.
    fn container_or_entry(&mut self) -> &mut Entry {
        match &mut self.container {
            Some(c) => c,
            None => &mut self.entry,
        }
    }

    /// The entry with its parents, leaving out (with a warning) what would change how
    /// hayagriva reads its type.
    fn assemble(self, ctx: &mut Ctx, fields: &Fields) -> Entry {
        let Builder {
            mut entry,
            mut container,
            series,
            event,
            original,
        } = self;
        let kind = *entry.entry_type();
        let container_kind = container.as_ref().map(|c| *c.entry_type());
        // A video or an audio with a parent is no longer a motion picture or a song (a
        // broadcast and a score have one already).
        let keeps_no_parents =
            matches!(kind, EntryType::Video | EntryType::Audio) && container.is_none();
        let mut parents = Vec::new();
        if let Some(series) = series {
            match (&mut container, keeps_no_parents) {
                (Some(c), _) => {
                    let mut above = c.parents().to_vec();
                    above.push(series_parent(*c.entry_type(), c.key(), series));
                    c.set_parents(above);
                }
                (None, false) => parents.push(series_parent(kind, entry.key(), series)),
                (None, true) => left_out(ctx, fields, &["collection-title"], "a series"),
            }
        }
        parents.extend(container);
        if let Some(event) = event {
            // hayagriva's article looks for its container among its parents in an order
            // that puts a conference before a journal, a blog or a website.
            let blocked = keeps_no_parents
                || (kind == EntryType::Article
                    && !matches!(
                        container_kind,
                        Some(EntryType::Proceedings | EntryType::Book)
                    ));
            if blocked {
                left_out(
                    ctx,
                    fields,
                    &["event-title", "event", "event-place", "event-date"],
                    "an event",
                );
            } else {
                parents.push(event);
            }
        }
        if let Some(original) = original {
            if keeps_no_parents {
                left_out(
                    ctx,
                    fields,
                    &[
                        "original-title",
                        "original-author",
                        "original-date",
                        "original-publisher",
                        "original-publisher-place",
                    ],
                    "an original",
                );
            } else {
                parents.push(original);
            }
        }
        entry.set_parents(parents);
        entry
    }
}

/// The parent that puts `series` above an entry of type `kind`: the series itself where
/// hayagriva's `get_collection` finds it for that type, else an untitled anthology
/// under it (for the other types, the lookup goes one level up from the parents).
fn series_parent(kind: EntryType, key: &str, series: Entry) -> Entry {
    if collects(kind) {
        series
    } else {
        let mut between = Entry::new(key, EntryType::Anthology);
        between.set_parents(vec![series]);
        between
    }
}

/// Warns that the first of `names` the item has cannot be kept for its type.
fn left_out(ctx: &mut Ctx, fields: &Fields, names: &[&str], what: &str) {
    if let Some(field) = fields.first(names) {
        let message = format!(
            "would give this item {what}, which hayagriva cannot hold for its type; it is left out"
        );
        ctx.warn(field, &message);
    }
}

/// A title and its short form (a short form alone stands for both, as in citeproc).
fn title_pair(
    long: Option<hayagriva::types::ChunkedString>,
    short: Option<hayagriva::types::ChunkedString>,
) -> Option<FormatString> {
    match (long, short) {
        (Some(value), short) => Some(FormatString {
            value,
            short: short.map(Box::new),
        }),
        (None, Some(short)) => Some(FormatString {
            value: short,
            short: None,
        }),
        (None, None) => None,
    }
}

fn titles(b: &mut Builder, fields: &Fields, ctx: &mut Ctx, type_name: &str) {
    let long = fields.get("title").and_then(|f| ctx.text(f));
    let short = fields
        .first(&["title-short", "shortTitle"])
        .and_then(|f| ctx.text(f));
    if let Some(t) = title_pair(long, short) {
        b.entry.set_title(t);
    }
    let long = fields.get("container-title").and_then(|f| ctx.text(f));
    let short = fields
        .first(&["container-title-short", "journalAbbreviation"])
        .and_then(|f| ctx.text(f));
    if let Some(t) = title_pair(long, short) {
        match &mut b.container {
            Some(c) => c.set_title(t),
            None => no_place(ctx, fields, "container-title", type_name),
        }
    }
    if let Some(t) = fields.get("collection-title").and_then(|f| ctx.text(f)) {
        b.series().set_title(FormatString {
            value: t,
            short: None,
        });
    }
    if let Some(t) = fields
        .first(&["event-title", "event"])
        .and_then(|f| ctx.text(f))
    {
        b.event().set_title(FormatString {
            value: t,
            short: None,
        });
    }
    if let Some(t) = fields.get("event-place").and_then(|f| ctx.text(f)) {
        b.event().set_location(FormatString {
            value: t,
            short: None,
        });
    }
    if let Some(t) = fields.get("original-title").and_then(|f| ctx.text(f)) {
        b.original().set_title(FormatString {
            value: t,
            short: None,
        });
    }
}

/// Warns that `name` has no place in hayagriva's model of `type_name`.
fn no_place(ctx: &mut Ctx, fields: &Fields, name: &str, type_name: &str) {
    if let Some(field) = fields.get(name) {
        let what =
            format!("has no place in hayagriva's model of the type `{type_name}`; it is left out");
        ctx.warn(field, &what);
    }
}

fn names(b: &mut Builder, fields: &Fields, ctx: &mut Ctx, type_name: &str) {
    let read = |name: &str, ctx: &mut Ctx| {
        let people = fields.get(name).map(|f| ctx.names(f)).unwrap_or_default();
        (!people.is_empty()).then_some(people)
    };
    if let Some(p) = read("author", ctx) {
        b.entry.set_authors(p);
    }
    if let Some(p) = read("editor", ctx) {
        match &mut b.container {
            Some(c) if edited(*c.entry_type()) => c.set_editors(p),
            _ => b.entry.set_editors(p),
        }
    }
    if let Some(p) = read("container-author", ctx) {
        match &mut b.container {
            Some(c) => c.set_authors(p),
            None => no_place(ctx, fields, "container-author", type_name),
        }
    }
    if let Some(p) = read("collection-editor", ctx) {
        b.series().set_editors(p);
    }
    if let Some(p) = read("original-author", ctx) {
        b.original().set_authors(p);
    }
    let mut affiliated = Vec::new();
    for (name, role) in ROLES {
        if let Some(p) = read(name, ctx) {
            affiliated.push(PersonsWithRoles::new(p, role));
        }
    }
    if !affiliated.is_empty() {
        b.entry.set_affiliated(affiliated);
    }
}

fn numbers(b: &mut Builder, fields: &Fields, ctx: &mut Ctx) {
    // A journal's volume and issue, a book's volume, are the container's (and a volume
    // on an anthos would read as its chapter number).
    if let Some(n) = fields.get("volume").and_then(|f| ctx.number(f)) {
        b.container_or_entry().set_volume(n);
    }
    if let Some(n) = fields.get("issue").and_then(|f| ctx.number(f)) {
        b.container_or_entry().set_issue(n);
    }
    if let Some(n) = fields.get("edition").and_then(|f| ctx.number(f)) {
        b.entry.set_edition(n);
    }
    if let Some(n) = fields.get("chapter-number").and_then(|f| ctx.number(f)) {
        b.entry.set_chapter(n);
    }
    if let Some(n) = fields.get("collection-number").and_then(|f| ctx.number(f)) {
        b.series().set_volume(n);
    }
    if let Some(n) = fields.get("number-of-pages").and_then(|f| ctx.count(f)) {
        b.entry.set_page_total(n);
    }
    if let Some(n) = fields.get("number-of-volumes").and_then(|f| ctx.count(f)) {
        b.entry.set_volume_total(n);
    }
    if let Some(p) = fields.get("page").and_then(|f| ctx.plain(f)) {
        let pages = MaybeTyped::<PageRanges>::from_str(&p).unwrap_or_else(|never| match never {});
        b.entry.set_page_range(pages);
    }
    // hayagriva's serial numbers: `number` is its generic one.
    for (csl, key) in [
        ("number", "serial"),
        ("version", "version"),
        ("printing-number", "printing"),
        ("DOI", "doi"),
        ("ISBN", "isbn"),
        ("ISSN", "issn"),
        ("PMID", "pmid"),
        ("PMCID", "pmcid"),
    ] {
        if let Some(v) = fields.get(csl).and_then(|f| ctx.plain(f)) {
            b.entry.set_keyed_serial_number(key, v);
        }
    }
}

fn publication(b: &mut Builder, fields: &Fields, ctx: &mut Ctx, type_name: &str) {
    let text = |name: &str, ctx: &mut Ctx| {
        fields
            .get(name)
            .and_then(|f| ctx.text(f))
            .map(|value| FormatString { value, short: None })
    };
    let name = text("publisher", ctx);
    let place = text("publisher-place", ctx);
    let legislation = *b.entry.entry_type() == EntryType::Legislation;
    if name.is_some() || place.is_some() {
        b.container_or_entry()
            .set_publisher(Publisher::new(name, place));
    } else if legislation && !type_name.eq_ignore_ascii_case("bill") {
        // hayagriva reads legislation without a publisher as a bill.
        b.entry.set_publisher(Publisher::new(None, None));
    }
    if let Some(date) = fields.get("issued").and_then(|f| date(ctx, f)) {
        b.entry.set_date(date);
    }
    if let Some(mut url) = fields.get("URL").and_then(|f| ctx.url(f)) {
        url.visit_date = fields.get("accessed").and_then(|f| date(ctx, f));
        b.entry.set_url(url);
    }
    for (csl, set) in [
        ("genre", Entry::set_genre as fn(&mut Entry, FormatString)),
        ("note", Entry::set_note),
        ("abstract", Entry::set_abstract_),
        ("authority", Entry::set_organization),
        ("archive", Entry::set_archive),
        ("archive_location", Entry::set_archive_location),
        ("call-number", Entry::set_call_number),
    ] {
        if let Some(v) = text(csl, ctx) {
            set(&mut b.entry, v);
        }
    }
    if let Some(d) = fields.get("dimensions").and_then(|f| ctx.plain(f)) {
        let runtime = MaybeTyped::<Duration>::from_str(&d).unwrap_or_else(|never| match never {});
        b.entry.set_runtime(runtime);
    }
    if let Some(field) = fields.get("language")
        && let Some(tag) = ctx.plain(field)
    {
        match language(&tag) {
            Some(l) => b.entry.set_language(l),
            None => ctx.warn(
                field,
                "is not a language tag (such as `en` or `de-CH`); it is left out",
            ),
        }
    }
}

/// A BCP 47 tag (Zotero writes `en_US` too); a language name such as "English" is none,
/// though it is valid syntax, because hayagriva would then read the item as not English
/// and stop title-casing it.
fn language(tag: &str) -> Option<unic_langid::LanguageIdentifier> {
    let id = unic_langid::LanguageIdentifier::from_str(&tag.replace('_', "-")).ok()?;
    (2..=3).contains(&id.language.as_str().len()).then_some(id)
}

/// The dates and publishers of the event and the original.
fn related(b: &mut Builder, fields: &Fields, ctx: &mut Ctx) {
    if let Some(d) = fields.get("event-date").and_then(|f| date(ctx, f)) {
        b.event().set_date(d);
    }
    if let Some(d) = fields.get("original-date").and_then(|f| date(ctx, f)) {
        b.original().set_date(d);
    }
    let text = |name: &str, ctx: &mut Ctx| {
        fields
            .get(name)
            .and_then(|f| ctx.text(f))
            .map(|value| FormatString { value, short: None })
    };
    let name = text("original-publisher", ctx);
    let place = text("original-publisher-place", ctx);
    if name.is_some() || place.is_some() {
        b.original().set_publisher(Publisher::new(name, place));
    }
}

/// The types of CSL 1.0.2, for tests that every one is read.
#[cfg(test)]
pub(crate) const CSL_TYPES: [&str; 45] = [
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_csl_type_has_a_shape() {
        // The types of CSL 1.0.2.
        let types = CSL_TYPES;
        for t in types {
            assert!(shape_of(t, false, false).is_some(), "{t}");
        }
        assert_eq!(shape_of("no-such-type", false, false), None);
    }
}
