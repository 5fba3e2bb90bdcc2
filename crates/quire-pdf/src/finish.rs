//! The lopdf pass: everything printpdf does not write, then the bytes.
//!
//! printpdf's `to_lopdf_document()` gives a document with the page tree, empty content
//! streams, resources and XObjects. This pass then:
//!
//! * puts the content streams written by [`crate::content`] in place of the empty ones,
//!   and the fonts into the shared font dictionary;
//! * sets the header to PDF 1.7;
//! * gives every page its `/TrimBox` and `/BleedBox` (from layout, in full precision),
//!   `/Tabs /S`, `/StructParents`, and its link annotations (zero border, print flag,
//!   a `/Contents` description, `/StructParent`; internal links go to named
//!   destinations, external ones are URI actions with the URL percent-encoded to ASCII);
//! * writes the structure tree ([`crate::tags`]): `StructTreeRoot`, one `StructElem` per
//!   node with `/K` in reading order (MCIDs, `MCR`s for content on other pages, `OBJR`s
//!   for annotations), `/Alt`, `/Lang`, `/ID` (with an `IDTree`; notes always get one, as
//!   PDF/UA asks), table header scope, and the `ParentTree`;
//! * writes the nested outline in document order, each item with an exact
//!   `[page /XYZ left top null]` destination, and the named destinations (a name tree
//!   sorted by key);
//! * writes page labels from each page's label (decimal, roman, or literal);
//! * replaces the catalog's and Info dictionary's entries with ours: `/Lang`,
//!   `/MarkInfo`, `/ViewerPreferences /DisplayDocTitle`, `/PageMode` (a name, not
//!   printpdf's string), the XMP `/Metadata` stream (never compressed), and for PDF/A an
//!   sRGB `/OutputIntents`;
//! * compresses what is not compressed yet, packs objects into object streams, and sets
//!   `/ID` to a hash of the file written with a placeholder ID — so the ID is a function
//!   of the content and two builds are byte-identical. No object is left unreferenced and
//!   none renumbered (our Info dictionary takes the number of printpdf's), because lopdf's
//!   `prune_objects` and `renumber_objects` take time quadratic in the number of objects.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use quire_typeset::page::{LinkTarget, OutlineItem, PagedDocument, Rect, StructRole};

use printpdf::{PdfDocument, PdfPage, Pt as PPt, Rect as PRect};

use crate::content::{Built, Kid, PageContent, PdfDest, PdfLink, role_name, text_string};
use crate::flate::Deflater;
use crate::fonts::EmbeddedFonts;
use crate::images::PreparedImages;
use crate::tags::{TreeKid, kids};
use crate::{PdfError, PdfMeta, PdfOptions, hash, icc, meta, raw};

/// Page boxes and destinations are written to this many steps per point.
const BOX_STEPS: f64 = 1000.0;

/// The stand-in file identifier: only digits in hex, so its text form is case-free.
const ID_PLACEHOLDER: [u8; 16] = [
    0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12,
];

/// Objects per object stream.
const OBJECTS_PER_STREAM: usize = 200;

/// Flate level for object streams (as lopdf's own default).
const OBJECT_STREAM_LEVEL: u32 = 6;
/// Past this many objects the file is written without object streams: lopdf's writer
/// holds a second copy of every object while it packs them, which for a document of
/// hundreds of thousands of structure elements costs more memory than the file saves
/// bytes (a 2,500-page list: 40 % of the peak).
const MAX_OBJECTS_FOR_STREAMS: usize = 100_000;
/// Past this many structure elements they are written as bytes as they are made rather
/// than kept as lopdf objects (about 1.5 KB each): a 1 MB list of 140,000 items has
/// 560,000 of them. Such a file has no object streams either (see above).
const RAW_STRUCTURE_FROM: usize = 50_000;

/// A tagged link annotation: its parent-tree key, object, owner node and position.
struct AnnotKey {
    key: i64,
    id: ObjectId,
    owner: usize,
    page: usize,
    annot: usize,
}

fn real(v: f64) -> Object {
    Object::Real(((v * BOX_STEPS).round() / BOX_STEPS) as f32)
}

fn text(s: &str) -> Object {
    Object::String(text_string(s), StringFormat::Literal)
}

fn bytes(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn dict<const N: usize>(entries: [(&str, Object); N]) -> Dictionary {
    let mut d = Dictionary::new();
    for (k, v) in entries {
        d.set(k, v);
    }
    d
}

fn assembly(e: impl std::fmt::Display) -> PdfError {
    PdfError::Assembly(e.to_string())
}

/// A rectangle in layout space as a PDF box on a page of height `h`.
fn pdf_box(r: &Rect, h: f64) -> Object {
    let (x0, x1) = (r.x.0, r.x.0 + r.width.0);
    let (y0, y1) = (h - (r.y.0 + r.height.0), h - r.y.0);
    Object::Array(vec![
        real(x0.min(x1)),
        real(y0.min(y1)),
        real(x0.max(x1)),
        real(y0.max(y1)),
    ])
}

/// Runs the lopdf pass and serialises the file.
pub fn finish(
    paged: &PagedDocument,
    built: Built,
    fonts: &EmbeddedFonts,
    images: &PreparedImages,
    meta: &PdfMeta,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let Built {
        contents,
        events,
        page_mcids,
        links,
        dests,
        node_text,
    } = built;
    let mut warnings = Vec::new();
    let save = printpdf::PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: false,
        image_optimization: None,
    };
    let mut doc = page_tree(paged, images).to_lopdf_document(&save, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Assembly(w.msg.clone()));
    }
    doc.version = "1.7".to_string();

    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(assembly)?;
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.len() != paged.pages.len() {
        return Err(PdfError::Assembly(format!(
            "printpdf wrote {} pages for {}",
            page_ids.len(),
            paged.pages.len()
        )));
    }
    for (&page, content) in page_ids.iter().zip(contents) {
        set_contents(&mut doc, page, content)?;
    }
    write_fonts(&mut doc, page_ids[0], fonts)?;
    if !images.svgs.is_empty() {
        let mut forms = Vec::with_capacity(images.svgs.len());
        for (name, svg) in images.svgs.values() {
            forms.push((name.0.clone(), crate::svg::merge(&mut doc, svg)?));
        }
        crate::svg::add_to_resources(&mut doc, &page_ids, &forms)?;
    }
    let dest_array = |d: &PdfDest| {
        Object::Array(vec![
            Object::Reference(page_ids[d.page]),
            name("XYZ"),
            real(d.x),
            real(d.y),
            Object::Null,
        ])
    };

    // A very large document keeps its structure tree and destinations as bytes (see
    // `raw`), not as lopdf objects.
    let mut raw_objects = (paged.structure.len() > RAW_STRUCTURE_FROM).then(Vec::new);

    // Link annotations, with their struct-parent keys after the pages'.
    let n_pages = page_ids.len();
    let mut next_key = n_pages as i64;
    let mut annot_ids: Vec<Vec<ObjectId>> = Vec::with_capacity(n_pages);
    let mut annot_keys: Vec<AnnotKey> = Vec::new();
    for (page, page_links) in links.iter().enumerate() {
        let mut ids = Vec::with_capacity(page_links.len());
        for (annot, link) in page_links.iter().enumerate() {
            let mut dict = link_annotation(link, &dests, &node_text)?;
            if let Some(owner) = link.owner {
                dict.set("StructParent", Object::Integer(next_key));
                let id = doc.add_object(dict);
                annot_keys.push(AnnotKey {
                    key: next_key,
                    id,
                    owner: owner.0,
                    page,
                    annot,
                });
                next_key += 1;
                ids.push(id);
            } else {
                ids.push(doc.add_object(dict));
            }
        }
        annot_ids.push(ids);
    }

    // Page dictionaries.
    for (i, (page, &id)) in paged.pages.iter().zip(&page_ids).enumerate() {
        let h = page.height.0;
        let d = doc
            .get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(assembly)?;
        d.set("TrimBox", pdf_box(&page.trim, h));
        d.set("BleedBox", pdf_box(&page.bleed, h));
        d.set("Tabs", name("S"));
        d.set("StructParents", Object::Integer(i as i64));
        if annot_ids[i].is_empty() {
            d.remove(b"Annots");
        } else {
            d.set(
                "Annots",
                Object::Array(annot_ids[i].iter().map(|&a| Object::Reference(a)).collect()),
            );
        }
    }

    let mut catalog = Dictionary::new();
    catalog.set("Type", name("Catalog"));
    catalog.set(
        "Pages",
        doc.get_object(catalog_id)
            .and_then(Object::as_dict)
            .and_then(|c| c.get(b"Pages"))
            .map_err(assembly)?
            .clone(),
    );

    // Structure tree.
    let struct_root = write_structure(
        &mut doc,
        paged,
        &events,
        &page_mcids,
        &page_ids,
        (&annot_keys, next_key),
        raw_objects.as_mut(),
    );
    catalog.set("StructTreeRoot", Object::Reference(struct_root));
    catalog.set("MarkInfo", dict([("Marked", Object::Boolean(true))]));
    if !meta.language.is_empty() {
        catalog.set("Lang", text(&meta.language));
    }
    catalog.set(
        "ViewerPreferences",
        dict([("DisplayDocTitle", Object::Boolean(true))]),
    );

    // Outline.
    if !paged.outline.is_empty() {
        let outlines = doc.new_object_id();
        let (first, last, count) =
            write_outline(&mut doc, &paged.outline, outlines, &dests, &dest_array)?;
        doc.objects.insert(
            outlines,
            Object::Dictionary(dict([
                ("Type", name("Outlines")),
                ("First", Object::Reference(first)),
                ("Last", Object::Reference(last)),
                ("Count", Object::Integer(count)),
            ])),
        );
        catalog.set("Outlines", Object::Reference(outlines));
        let mode = if opts.show_outline {
            "UseOutlines"
        } else {
            "UseNone"
        };
        catalog.set("PageMode", name(mode));
    }

    // Named destinations: a name tree, keys sorted bytewise (BTreeMap order).
    if !dests.is_empty() {
        let tree = doc.new_object_id();
        if let Some(raw_objects) = raw_objects.as_mut() {
            let mut bytes = Vec::with_capacity(dests.len() * 48);
            bytes.extend_from_slice(b"<</Names [");
            for (key, d) in &dests {
                let key = Object::String(key.as_bytes().to_vec(), StringFormat::Literal);
                raw::write_object(&mut bytes, &key);
                bytes.push(b' ');
                raw::write_object(&mut bytes, &dest_array(d));
                bytes.push(b' ');
            }
            bytes.extend_from_slice(b"]>>");
            raw_objects.push((tree.0, bytes));
        } else {
            let mut names = Vec::with_capacity(dests.len() * 2);
            for (key, d) in &dests {
                names.push(Object::String(
                    key.as_bytes().to_vec(),
                    StringFormat::Literal,
                ));
                names.push(dest_array(d));
            }
            doc.objects.insert(
                tree,
                Object::Dictionary(dict([("Names", Object::Array(names))])),
            );
        }
        catalog.set("Names", dict([("Dests", Object::Reference(tree))]));
    }

    if let Some(labels) = page_labels(paged) {
        catalog.set("PageLabels", labels);
    }

    // Metadata: XMP (uncompressed) and the Info dictionary.
    let xmp = meta::xmp(meta, &opts.producer, &opts.creator, opts.conformance);
    let mut xmp_stream = Stream::new(
        dict([("Type", name("Metadata")), ("Subtype", name("XML"))]),
        xmp.into_bytes(),
    );
    xmp_stream.allows_compression = false;
    catalog.set("Metadata", Object::Reference(doc.add_object(xmp_stream)));
    if let Some(intents) = output_intents(&mut doc, opts) {
        catalog.set("OutputIntents", intents);
    }
    doc.objects.insert(catalog_id, Object::Dictionary(catalog));
    // Ours replaces printpdf's Info dictionary in its object, so that no object is left
    // unreferenced and no number unused: lopdf's `prune_objects` and `renumber_objects`
    // would do the same in time quadratic in the number of objects.
    let info_id = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => id,
        Err(_) => doc.new_object_id(),
    };
    doc.objects
        .insert(info_id, Object::Dictionary(info_dict(meta, opts)));
    doc.trailer = dict([
        ("Root", Object::Reference(catalog_id)),
        ("Info", Object::Reference(info_id)),
        (
            "ID",
            Object::Array(vec![
                Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal),
                Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal),
            ]),
        ),
    ]);

    if opts.compress {
        compress(&mut doc);
    }
    let mut out = Vec::new();
    if let Some(raw_objects) = raw_objects {
        // `raw::splice` rewrites a classic cross-reference table.
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        // Room for the whole file at once: growing a buffer of this size copies it.
        out.reserve(raw::estimated_size(&doc, &raw_objects));
        doc.save_to(&mut out).map_err(assembly)?;
        raw::splice(&mut out, raw_objects)
            .ok_or_else(|| PdfError::Assembly("lopdf's cross-reference table not found".into()))?;
    } else if opts.object_streams && doc.objects.len() <= MAX_OBJECTS_FOR_STREAMS {
        let options = lopdf::SaveOptions {
            use_object_streams: true,
            use_xref_streams: true,
            linearize: false,
            object_stream_config: lopdf::ObjectStreamConfig {
                max_objects_per_stream: OBJECTS_PER_STREAM,
                compression_level: if opts.compress {
                    OBJECT_STREAM_LEVEL
                } else {
                    0
                },
            },
        };
        doc.save_with_options(&mut out, options).map_err(assembly)?;
    } else {
        doc.save_to(&mut out).map_err(assembly)?;
    }
    stamp_id(&mut out)?;
    Ok(out)
}

/// The document printpdf builds: the page tree, each page with its boxes and resources
/// and an empty content stream that [`set_contents`] fills, and the image XObjects.
fn page_tree(paged: &PagedDocument, images: &PreparedImages) -> PdfDocument {
    let mut pdf = PdfDocument::new("");
    for (id, xobject) in images.xobjects.values() {
        pdf.resources
            .xobjects
            .map
            .insert(id.clone(), xobject.clone());
    }
    for page in &paged.pages {
        let size = PRect {
            x: PPt(0.0),
            y: PPt(0.0),
            width: PPt(page.width.0 as f32),
            height: PPt(page.height.0 as f32),
            mode: None,
            winding_order: None,
        };
        pdf.pages.push(PdfPage {
            media_box: size.clone(),
            trim_box: size.clone(),
            crop_box: size,
            ops: Vec::new(),
        });
    }
    pdf
}

/// Puts a page's content stream, written by [`crate::content`], in place of the empty
/// one printpdf made.
fn set_contents(
    doc: &mut lopdf::Document,
    page: ObjectId,
    content: PageContent,
) -> Result<(), PdfError> {
    let id = doc
        .get_dictionary(page)
        .and_then(|d| d.get(b"Contents"))
        .and_then(Object::as_reference)
        .map_err(assembly)?;
    let mut dict = Dictionary::new();
    if content.compressed {
        dict.set("Filter", name("FlateDecode"));
    }
    let mut stream = Stream::new(dict, content.bytes);
    stream.allows_compression = false;
    doc.objects.insert(id, Object::Stream(stream));
    Ok(())
}

/// Writes the fonts into the font dictionary that printpdf shares between all pages.
fn write_fonts(
    doc: &mut lopdf::Document,
    first_page: ObjectId,
    fonts: &EmbeddedFonts,
) -> Result<(), PdfError> {
    let resolve = |_: &lopdf::Document, o: &Object| match o {
        Object::Reference(id) => Ok(*id),
        _ => Err(PdfError::Assembly("page resources are not indirect".into())),
    };
    let page = doc.get_dictionary(first_page).map_err(assembly)?;
    let resources = resolve(doc, page.get(b"Resources").map_err(assembly)?)?;
    let resources = doc.get_dictionary(resources).map_err(assembly)?;
    let font_dict = resolve(doc, resources.get(b"Font").map_err(assembly)?)?;
    let mut entries = Vec::new();
    for (_, font) in fonts.iter() {
        entries.push((font.resource.clone(), font.write(doc)?));
    }
    let dict = doc
        .get_object_mut(font_dict)
        .and_then(Object::as_dict_mut)
        .map_err(assembly)?;
    for (name, id) in entries {
        dict.set(name, Object::Reference(id));
    }
    Ok(())
}

/// Flate-compresses every stream that allows it and has no filter yet (the pages'
/// content streams come compressed from [`crate::content`]).
fn compress(doc: &mut lopdf::Document) {
    let mut z = Deflater::new();
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.has(b"Filter") {
            continue;
        }
        if let Some(out) = z.deflate(&stream.content) {
            stream.dict.set("Filter", name("FlateDecode"));
            stream.set_content(out);
        }
    }
}

/// Replaces the placeholder `/ID` with the hash of the file (written with the placeholder).
fn stamp_id(out: &mut [u8]) -> Result<(), PdfError> {
    let placeholder: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
    let needle = placeholder.as_bytes();
    let positions: Vec<usize> = out
        .windows(needle.len())
        .enumerate()
        .rev()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .take(2)
        .collect();
    if positions.len() != 2 {
        return Err(PdfError::Assembly("file identifier not found".into()));
    }
    let digest = hash::hash128(out);
    let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
    for p in positions {
        out[p..p + needle.len()].copy_from_slice(hex.as_bytes());
    }
    Ok(())
}

fn link_annotation(
    link: &PdfLink,
    dests: &BTreeMap<String, PdfDest>,
    node_text: &[String],
) -> Result<Dictionary, PdfError> {
    let [x0, y0, x1, y1] = link.rect;
    let mut d = dict([
        ("Type", name("Annot")),
        ("Subtype", name("Link")),
        (
            "Rect",
            Object::Array(vec![real(x0), real(y0), real(x1), real(y1)]),
        ),
        (
            "Border",
            Object::Array(vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Integer(0),
            ]),
        ),
        ("F", Object::Integer(4)),
    ]);
    let label = link
        .owner
        .and_then(|o| node_text.get(o.0))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    match &link.target {
        LinkTarget::Url(url) => {
            d.set(
                "A",
                dict([
                    ("Type", name("Action")),
                    ("S", name("URI")),
                    (
                        "URI",
                        Object::String(
                            quire_doc::url::encode(url).into_bytes(),
                            StringFormat::Literal,
                        ),
                    ),
                ]),
            );
            d.set("Contents", text(&label.unwrap_or_else(|| url.clone())));
        }
        LinkTarget::Anchor(anchor) => {
            if !dests.contains_key(anchor) {
                return Err(PdfError::UnknownAnchor(anchor.clone()));
            }
            d.set(
                "Dest",
                Object::String(anchor.as_bytes().to_vec(), StringFormat::Literal),
            );
            d.set(
                "Contents",
                text(&label.unwrap_or_else(|| format!("Go to {anchor}"))),
            );
        }
    }
    Ok(d)
}

/// Writes the outline items of one level; returns (first, last, visible count).
fn write_outline(
    doc: &mut lopdf::Document,
    items: &[OutlineItem],
    parent: ObjectId,
    dests: &BTreeMap<String, PdfDest>,
    dest_array: &dyn Fn(&PdfDest) -> Object,
) -> Result<(ObjectId, ObjectId, i64), PdfError> {
    let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
    let mut count = 0;
    for (i, item) in items.iter().enumerate() {
        let dest = dests
            .get(&item.anchor)
            .ok_or_else(|| PdfError::UnknownAnchor(item.anchor.clone()))?;
        let mut d = dict([
            ("Title", text(&item.title)),
            ("Parent", Object::Reference(parent)),
            ("Dest", dest_array(dest)),
        ]);
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        count += 1;
        if !item.children.is_empty() {
            let (first, last, n) = write_outline(doc, &item.children, ids[i], dests, dest_array)?;
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            // Open: every descendant is visible.
            d.set("Count", Object::Integer(n));
            count += n;
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let (first, last) = match (ids.first(), ids.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => return Err(PdfError::Assembly("empty outline level".into())),
    };
    Ok((first, last, count))
}

/// Writes the structure tree and returns the `StructTreeRoot` id.
fn write_structure(
    doc: &mut lopdf::Document,
    paged: &PagedDocument,
    events: &[(quire_typeset::page::StructId, Kid)],
    page_mcids: &[Vec<quire_typeset::page::StructId>],
    page_ids: &[ObjectId],
    (annot_keys, next_key): (&[AnnotKey], i64),
    mut raw_objects: Option<&mut raw::RawObjects>,
) -> ObjectId {
    let root = doc.new_object_id();
    let n = paged.structure.len();
    let elems: Vec<ObjectId> = (0..n.max(1)).map(|_| doc.new_object_id()).collect();
    let kid_lists = kids(paged, events);
    let annot_by_page: BTreeMap<(usize, usize), ObjectId> = annot_keys
        .iter()
        .map(|a| ((a.page, a.annot), a.id))
        .collect();
    let mut ids_tree: BTreeMap<String, ObjectId> = BTreeMap::new();
    if n == 0 {
        doc.objects.insert(
            elems[0],
            Object::Dictionary(dict([
                ("Type", name("StructElem")),
                ("S", name("Document")),
                ("P", Object::Reference(root)),
                ("K", Object::Array(Vec::new())),
            ])),
        );
    }
    for (i, node) in paged.structure.iter().enumerate() {
        let kids = &kid_lists[i];
        // One page for all marked content → /Pg on the element and bare MCIDs.
        let mut pages = kids.iter().filter_map(|k| match k {
            TreeKid::Content(Kid::Mcid { page, .. }) => Some(*page),
            _ => None,
        });
        let first_page = pages.next();
        let single_page = first_page.filter(|&p| pages.all(|q| q == p));
        let k: Vec<Object> = kids
            .iter()
            .map(|kid| match *kid {
                TreeKid::Node(c) => Object::Reference(elems[c.0]),
                TreeKid::Content(Kid::Mcid { page, mcid }) => {
                    if single_page == Some(page) {
                        Object::Integer(mcid as i64)
                    } else {
                        Object::Dictionary(dict([
                            ("Type", name("MCR")),
                            ("Pg", Object::Reference(page_ids[page])),
                            ("MCID", Object::Integer(mcid as i64)),
                        ]))
                    }
                }
                TreeKid::Content(Kid::Annot { page, annot }) => {
                    let obj = annot_by_page
                        .get(&(page, annot))
                        .map_or(Object::Null, |&id| Object::Reference(id));
                    Object::Dictionary(dict([
                        ("Type", name("OBJR")),
                        ("Pg", Object::Reference(page_ids[page])),
                        ("Obj", obj),
                    ]))
                }
            })
            .collect();
        let parent = node.parent.map_or(root, |p| elems[p.0]);
        let mut d = dict([
            ("Type", name("StructElem")),
            ("S", name(role_name(node.role))),
            ("P", Object::Reference(parent)),
            ("K", Object::Array(k)),
        ]);
        if let Some(p) = single_page {
            d.set("Pg", Object::Reference(page_ids[p]));
        }
        if let Some(alt) = &node.alt {
            d.set("Alt", text(alt));
        }
        if let Some(lang) = &node.lang {
            d.set("Lang", text(lang));
        }
        if node.role == StructRole::TH {
            d.set("A", dict([("O", name("Table")), ("Scope", name("Column"))]));
        }
        let id = match (&node.id, node.role) {
            (Some(id), _) => Some(id.clone()),
            (None, StructRole::Note) => Some(format!("quire-note-{i}")),
            _ => None,
        };
        if let Some(id) = id
            && !ids_tree.contains_key(&id)
        {
            d.set(
                "ID",
                Object::String(id.as_bytes().to_vec(), StringFormat::Literal),
            );
            ids_tree.insert(id, elems[i]);
        }
        let d = Object::Dictionary(d);
        match raw_objects.as_deref_mut() {
            Some(raw) => {
                let mut bytes = Vec::with_capacity(128);
                raw::write_object(&mut bytes, &d);
                raw.push((elems[i].0, bytes));
            }
            None => {
                doc.objects.insert(elems[i], d);
            }
        }
    }

    // Parent tree: page i → its MCIDs' owners; annotation keys → their owners.
    let mut nums = Vec::with_capacity(page_mcids.len() * 2 + annot_keys.len() * 2);
    for (i, owners) in page_mcids.iter().enumerate() {
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Array(
            owners
                .iter()
                .map(|o| Object::Reference(elems.get(o.0).copied().unwrap_or(elems[0])))
                .collect(),
        ));
    }
    for a in annot_keys {
        nums.push(Object::Integer(a.key));
        nums.push(Object::Reference(
            elems.get(a.owner).copied().unwrap_or(elems[0]),
        ));
    }
    let parent_tree = doc.add_object(dict([("Nums", Object::Array(nums))]));
    let mut root_dict = dict([
        ("Type", name("StructTreeRoot")),
        ("K", Object::Reference(elems[0])),
        ("ParentTree", Object::Reference(parent_tree)),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    if !ids_tree.is_empty() {
        let mut names = Vec::with_capacity(ids_tree.len() * 2);
        for (id, elem) in &ids_tree {
            names.push(Object::String(
                id.as_bytes().to_vec(),
                StringFormat::Literal,
            ));
            names.push(Object::Reference(*elem));
        }
        let tree = doc.add_object(dict([("Names", Object::Array(names))]));
        root_dict.set("IDTree", Object::Reference(tree));
    }
    doc.objects.insert(root, Object::Dictionary(root_dict));
    root
}

/// How a page label is numbered.
#[derive(Clone, Debug, PartialEq)]
enum LabelStyle {
    Decimal(i64),
    Roman(i64),
    Literal(String),
}

fn roman_value(s: &str) -> Option<i64> {
    if s.is_empty() || !s.chars().all(|c| "ivxlcdm".contains(c)) {
        return None;
    }
    let digit = |c| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        'c' => 100,
        'd' => 500,
        _ => 1000,
    };
    let values: Vec<i64> = s.chars().map(digit).collect();
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    (roman(total) == s).then_some(total)
}

/// Roman numerals as layout writes them (one copy of the rule).
fn roman(n: i64) -> String {
    quire_typeset::page::roman_numeral(usize::try_from(n).unwrap_or(0))
}

fn label_style(label: &str) -> LabelStyle {
    if let Ok(n) = label.parse::<i64>()
        && n > 0
        && n.to_string() == label
    {
        return LabelStyle::Decimal(n);
    }
    if let Some(n) = roman_value(label) {
        return LabelStyle::Roman(n);
    }
    LabelStyle::Literal(label.to_string())
}

/// `/PageLabels` from the pages' labels, or `None` if they are just 1, 2, 3 …
fn page_labels(paged: &PagedDocument) -> Option<Object> {
    let styles: Vec<LabelStyle> = paged.pages.iter().map(|p| label_style(&p.label)).collect();
    let plain = styles
        .iter()
        .enumerate()
        .all(|(i, s)| *s == LabelStyle::Decimal(i as i64 + 1));
    if plain {
        return None;
    }
    let mut nums = Vec::new();
    let mut prev: Option<&LabelStyle> = None;
    for (i, style) in styles.iter().enumerate() {
        let continues = match (prev, style) {
            (Some(LabelStyle::Decimal(a)), LabelStyle::Decimal(b))
            | (Some(LabelStyle::Roman(a)), LabelStyle::Roman(b)) => *b == a + 1,
            _ => false,
        };
        prev = Some(style);
        if continues {
            continue;
        }
        let d = match style {
            LabelStyle::Decimal(n) => dict([("S", name("D")), ("St", Object::Integer(*n))]),
            LabelStyle::Roman(n) => dict([("S", name("r")), ("St", Object::Integer(*n))]),
            LabelStyle::Literal(s) => dict([("P", text(s))]),
        };
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Dictionary(d));
    }
    Some(Object::Dictionary(dict([("Nums", Object::Array(nums))])))
}

/// The output intents the options ask for, their profile added to `doc`: for PDF/A an
/// sRGB one (`GTS_PDFA1`); for a grey print edition one grey print profile shared by a
/// `GTS_PDFX` intent and (for PDF/A) a `GTS_PDFA1` one, as PDF/A-2 requires of several
/// intents, with RGB images tagged sRGB (PDF/A forbids DeviceRGB under a grey intent).
fn output_intents(doc: &mut lopdf::Document, opts: &PdfOptions) -> Option<Object> {
    let profile = |doc: &mut lopdf::Document, bytes: Vec<u8>, n: i64| {
        let mut stream = Stream::new(dict([("N", Object::Integer(n))]), bytes);
        stream.allows_compression = true;
        doc.add_object(stream)
    };
    let intent = |kind: &str, id: &str, info: &str, profile: ObjectId| {
        Object::Dictionary(dict([
            ("Type", name("OutputIntent")),
            ("S", name(kind)),
            ("OutputConditionIdentifier", bytes(id)),
            ("Info", bytes(info)),
            ("RegistryName", bytes("http://www.color.org")),
            ("DestOutputProfile", Object::Reference(profile)),
        ]))
    };
    if opts.gray_print {
        let gray = profile(doc, icc::gray_print_profile(), 1);
        if rgb_images(doc).next().is_some() {
            let srgb = profile(doc, icc::srgb_profile(), 3);
            let space = Object::Array(vec![name("ICCBased"), Object::Reference(srgb)]);
            let ids: Vec<ObjectId> = rgb_images(doc).collect();
            for id in ids {
                if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
                    stream.dict.set("ColorSpace", space.clone());
                }
            }
        }
        // "Custom": a characterisation of our own, not a registered printing condition.
        let mut intents = vec![intent("GTS_PDFX", "Custom", icc::GRAY_PRINT_NAME, gray)];
        if opts.conformance.pdf_a {
            intents.push(intent("GTS_PDFA1", "Custom", icc::GRAY_PRINT_NAME, gray));
        }
        return Some(Object::Array(intents));
    }
    opts.conformance.pdf_a.then(|| {
        let srgb = profile(doc, icc::srgb_profile(), 3);
        Object::Array(vec![intent(
            "GTS_PDFA1",
            icc::SRGB_NAME,
            icc::SRGB_NAME,
            srgb,
        )])
    })
}

/// The image XObjects of `doc` in DeviceRGB.
fn rgb_images(doc: &lopdf::Document) -> impl Iterator<Item = ObjectId> + '_ {
    doc.objects.iter().filter_map(|(&id, object)| {
        let Object::Stream(stream) = object else {
            return None;
        };
        let is = |key: &[u8], value: &[u8]| {
            stream.dict.get(key).and_then(Object::as_name).ok() == Some(value)
        };
        (is(b"Subtype", b"Image") && is(b"ColorSpace", b"DeviceRGB")).then_some(id)
    })
}

fn info_dict(meta: &PdfMeta, opts: &PdfOptions) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Title", text(&meta.title));
    if !meta.authors.is_empty() {
        d.set("Author", text(&meta.authors.join("; ")));
    }
    if let Some(desc) = &meta.description {
        d.set("Subject", text(desc));
    }
    if !meta.keywords.is_empty() {
        d.set("Keywords", text(&meta.keywords.join(", ")));
    }
    d.set("Creator", text(&opts.creator));
    d.set("Producer", text(&opts.producer));
    if let Some(c) = meta.created {
        d.set("CreationDate", bytes(&c.pdf()));
    }
    if let Some(m) = meta.modified {
        d.set("ModDate", bytes(&m.pdf()));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_round_trip() {
        assert_eq!(roman(1994), "mcmxciv");
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(label_style("12"), LabelStyle::Decimal(12));
        assert_eq!(label_style("iv"), LabelStyle::Roman(4));
        assert_eq!(label_style("A-1"), LabelStyle::Literal("A-1".into()));
        assert_eq!(label_style("01"), LabelStyle::Literal("01".into()));
    }

    #[test]
    fn id_is_stamped_from_the_content() {
        let placeholder: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
        let mut a = format!("x<{placeholder}><{placeholder}>").into_bytes();
        stamp_id(&mut a).unwrap();
        assert!(!String::from_utf8_lossy(&a).contains(&placeholder));
        let mut b = b"nothing".to_vec();
        assert!(stamp_id(&mut b).is_err());
    }
}
