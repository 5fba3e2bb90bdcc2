//! The load stage's font pass: faces for the characters the embedded fonts lack.
//!
//! Backends read no files, so the choice is made here and the chosen files' bytes go to
//! them in [`Assets`] (the PDF embeds subsets of them; see `quire-pdf`).
//!
//! 1. **What is missing.** Every character the document sets (text, code, alt text, the
//!    title block) is checked against the embedded text and code faces
//!    (`quire_fonts::embedded_covers`; the embedded DejaVu Sans is the last resort, after
//!    the faces found here).
//!    ASCII is skipped at once, and a document the embedded faces cover ends here: no
//!    folder is scanned, no file read, so the usual build pays nothing.
//! 2. **Where to look**, in this order: the project (a `fonts/` folder beside the source,
//!    then each `--font-path` folder), then the system's font folders (found with
//!    `fontdb`, which also reads fontconfig's list, and kept in a cache until they
//!    change: see [`font_index`]). Faces are named by family, style and weight from
//!    their `name` and `OS/2` tables, parsed but not read whole (`fontdb` maps the files).
//! 3. **Which face**: for each script the document needs, the preferred open families
//!    ([`preferred`], the list the README documents) first, upright regular weight
//!    before other styles; the CJK family follows the document's language (`ja`, `ko`,
//!    `zh-Hant`/`zh-TW`/`zh-HK`, else Simplified Chinese), and kana imply Japanese,
//!    hangul Korean, whatever the language says. Then any other face, project faces before
//!    system ones, in a fixed order (family, file, index: never the order a directory is
//!    listed in). A face is taken if it has at least one character still missing; the
//!    search stops when none is. At most [`MAX_FACES`] faces are taken, for at most
//!    [`MAX_SEARCHED_CHARS`] distinct characters.
//! 4. The chosen files are mapped into memory (`map_limited`, with the size limit every
//!    input has), once each: the editions take the map, and only the pages the shaper
//!    and the subsetter touch are ever read.
//!
//! What no face has stays missing: the PDF draws a box and warns (see `quire-typeset`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_doc::{
    Assets, BlockKind, Diagnostic, Document, FontAsset, FontBytes, InlineKind, Span,
    for_each_block, for_each_inline, walk_blocks, walk_inlines_in,
};

use crate::files::map_limited;
use crate::font_index::{self, FaceRecord};

/// The most fallback faces one document gets.
pub const MAX_FACES: usize = 16;

/// The most distinct characters a search is made for: each candidate face is asked
/// about each of them, so a source holding half of Unicode must not cost faces ×
/// characters lookups without bound (the rest show as boxes, with warnings).
pub const MAX_SEARCHED_CHARS: usize = 4096;

/// The largest font file read (a Noto CJK collection is about 20–30 MB).
pub const MAX_FONT_BYTES: u64 = 64 << 20;

/// Where fonts may come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontSources {
    /// Project folders, searched first, in order (`fonts/` beside the source is added by
    /// the loader when it exists).
    pub folders: Vec<PathBuf>,
    /// Whether the system's font folders are searched too. Default `true` for the CLI.
    pub system: bool,
    /// Whether to look at all. Only the typeset editions use the faces found (the PDF
    /// embeds them; the e-book's page list is laid out with them), while the web page
    /// and the e-book name the families in their font stacks: a build of the web
    /// edition alone skips the search, which reads the system's font list and, for
    /// Chinese, a 20 MB file — most of the time of `quire serve`'s rebuild. Default
    /// `true`.
    pub search: bool,
}

/// Characters of `doc` that no embedded face has, in code-point order.
pub fn uncovered(doc: &Document) -> BTreeSet<char> {
    let mut out = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut add = |text: &str| {
        for c in text.chars() {
            if c.is_ascii() || c.is_control() || quire_typeset::is_ignorable(c) {
                continue;
            }
            if seen.insert(c) && !quire_fonts::embedded_covers(c) {
                out.insert(c);
            }
        }
    };
    add(&doc.meta.title);
    if let Some(s) = &doc.meta.subtitle {
        add(s);
    }
    for a in &doc.meta.authors {
        add(a);
    }
    let mut inline = |inline: &quire_doc::Inline| match &inline.kind {
        InlineKind::Text { text } | InlineKind::Code { text, .. } => add(text),
        InlineKind::Image { alt, .. } => add(alt),
        InlineKind::Math { source, .. } => add(source),
        _ => {}
    };
    for_each_inline(doc, &mut inline);
    // The print edition sets the annotations' bodies (and layer names) too.
    for a in &doc.annotations {
        walk_inlines_in(&a.body, &mut inline);
    }
    {
        let mut block = |block: &quire_doc::Block| match &block.kind {
            BlockKind::CodeBlock { text, .. } => add(text),
            BlockKind::Alert { title, .. } => add(title),
            // Index terms may be named rather than marked (`index="…"`).
            BlockKind::Index { groups } => {
                let words = quire_doc::IndexWords::for_language(&doc.meta.language);
                add(words.see);
                add(words.see_also);
                for (_, e) in quire_doc::index_entries(groups) {
                    add(&e.term);
                    e.see.iter().chain(&e.see_also).for_each(|r| add(&r.term));
                }
            }
            _ => {}
        };
        for_each_block(doc, &mut block);
        for a in &doc.annotations {
            walk_blocks(&a.body, &mut block);
        }
    }
    for a in &doc.annotations {
        add(&a.layer);
    }
    out
}

/// Finds faces for the characters of `doc` the embedded faces lack and adds them to
/// `assets`. Problems (an unreadable font file) are warnings: the characters then show as
/// boxes, with their own warnings. Returns the font files read.
pub fn load(
    doc: &Document,
    sources: &FontSources,
    assets: &mut Assets,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut read = Vec::new();
    if !sources.search {
        return read;
    }
    let missing = uncovered(doc);
    if missing.is_empty() {
        return read;
    }
    let project = font_index::scan(&sources.folders);
    let system = if sources.system {
        font_index::system_faces()
    } else {
        Vec::new()
    };
    let order = candidates(&project, &system, &missing, &doc.meta.language);
    let mut remaining: BTreeSet<char> = missing.into_iter().take(MAX_SEARCHED_CHARS).collect();
    // Each file mapped once, whether it is asked about or taken; a file that cannot be
    // mapped is reported once and passed over.
    let mut maps: BTreeMap<&Path, Option<Arc<memmap2::Mmap>>> = BTreeMap::new();
    let mut chosen: Vec<(&FaceRecord, Arc<memmap2::Mmap>, usize)> = Vec::new();
    for face in order {
        if remaining.is_empty() || chosen.len() == MAX_FACES {
            break;
        }
        let map = maps.entry(&face.path).or_insert_with(|| {
            map_limited(&face.path, MAX_FONT_BYTES)
                .map_err(|why| {
                    warnings.push(Diagnostic::warning(
                        Span::detached(),
                        format!("cannot read the font {}: {why}", face.path.display()),
                    ));
                })
                .ok()
                .map(Arc::new)
        });
        let Some(map) = map else { continue };
        let covered: Vec<char> = ttf_parser::Face::parse(map, face.index)
            .map(|parsed| {
                remaining
                    .iter()
                    .copied()
                    .filter(|&c| parsed.glyph_index(c).is_some())
                    .collect()
            })
            .unwrap_or_default();
        if covered.is_empty() {
            continue;
        }
        for c in &covered {
            remaining.remove(c);
        }
        chosen.push((face, Arc::clone(map), covered.len()));
    }
    for (face, map, chars) in chosen {
        assets.push_font(FontAsset {
            family: face.family.clone(),
            bytes: FontBytes::from_shared(map),
            index: face.index,
            file_name: file_name(&face.path),
            chars,
        });
        if !read.contains(&face.path) {
            read.push(face.path.clone());
        }
    }
    read
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Every face, project faces first, in the order they are tried (see the module docs,
/// step 3).
fn candidates<'f>(
    project: &'f [FaceRecord],
    system: &'f [FaceRecord],
    missing: &BTreeSet<char>,
    language: &str,
) -> Vec<&'f FaceRecord> {
    let families = preferred(missing, language);
    let rank = |face: &'f FaceRecord, from_system: bool| {
        let preference = families
            .iter()
            .position(|f| f.eq_ignore_ascii_case(&face.family))
            .unwrap_or(usize::MAX);
        let style = u32::from(!face.upright) * 1000 + u32::from(face.weight.abs_diff(400));
        (from_system, preference, style, &face.family, face)
    };
    let mut faces: Vec<_> = project
        .iter()
        .map(|f| rank(f, false))
        .chain(system.iter().map(|f| rank(f, true)))
        .collect();
    faces.sort();
    faces.into_iter().map(|(.., face)| face).collect()
}

/// The preferred open families for the scripts of `missing`, best first (the table
/// lives in `quire-fonts`, which the web editions' font stacks use too).
pub fn preferred(missing: &BTreeSet<char>, language: &str) -> Vec<&'static str> {
    quire_fonts::preferred_families(missing, language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> BTreeSet<char> {
        text.chars().collect()
    }

    #[test]
    fn cjk_follows_the_language_and_the_kana_and_hangul() {
        assert_eq!(preferred(&set("中文"), "zh-Hans")[0], "Noto Serif CJK SC");
        assert_eq!(preferred(&set("中文"), "zh-Hant")[0], "Noto Serif CJK TC");
        assert_eq!(preferred(&set("中文"), "ja")[0], "Noto Serif CJK JP");
        assert_eq!(
            preferred(&set("日本語のかな"), "en")[0],
            "Noto Serif CJK JP"
        );
        assert_eq!(preferred(&set("한국어"), "en")[0], "Noto Serif CJK KR");
        assert_eq!(preferred(&set("中文"), "")[0], "Noto Serif CJK SC");
    }

    #[test]
    fn other_scripts_get_their_families() {
        assert_eq!(preferred(&set("नमस्ते"), "hi")[0], "Noto Serif Devanagari");
        assert_eq!(preferred(&set("🚨"), "en")[0], "Symbola");
        assert_eq!(preferred(&set("สวัสดี"), "th")[0], "Noto Serif Thai");
    }

    #[test]
    fn a_document_the_embedded_faces_cover_needs_nothing() {
        let doc = quire_markdown::parse(
            quire_doc::FileId(0),
            "a.md",
            "# Título\n\nÆsop’s “fable” — `code` → אב.\n",
        )
        .expect("parses")
        .document;
        assert!(uncovered(&doc).is_empty());
        let doc = quire_markdown::parse(quire_doc::FileId(0), "a.md", "Hindi नमस्ते, 中文.\n")
            .expect("parses")
            .document;
        assert_eq!(uncovered(&doc), set("नमस्ते中文"));
    }
}

#[cfg(test)]
mod article {
    /// The article needs no font but the embedded ones: no folder is scanned for it.
    #[test]
    fn the_articles_body_needs_no_fallback_face_and_its_notes_only_a_cjk_one() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut opts = crate::LoadOptions::new(root.join("source/article.md"));
        opts.annotations = crate::AnnotationSource::Off;
        let loaded = crate::load(&opts).expect("loads");
        let missing = super::uncovered(&loaded.document);
        assert!(missing.is_empty(), "{missing:?}");
        assert!(loaded.assets.fonts().is_empty());
        // The notes, which print sets too, hold Chinese words (人类命运共同体, 求是).
        let annotated =
            crate::load(&crate::LoadOptions::new(root.join("source/article.md"))).expect("loads");
        let missing = super::uncovered(&annotated.document);
        assert!(
            missing.contains(&'人') && missing.contains(&'是'),
            "{missing:?}"
        );
        assert!(
            missing
                .iter()
                .all(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{missing:?}"
        );
        // A build of the web edition alone does not look for them (nor reads a file).
        let mut web_only = crate::LoadOptions::new(root.join("source/article.md"));
        web_only.fonts.search = false;
        let loaded = crate::load(&web_only).expect("loads");
        assert!(loaded.assets.fonts().is_empty() && loaded.font_files.is_empty());
    }
}
