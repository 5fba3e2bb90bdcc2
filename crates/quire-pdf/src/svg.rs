//! SVG drawings as vector Form XObjects.
//!
//! Layout hands over each SVG as a `usvg` tree whose text is already outlines
//! (`quire_typeset::page::SvgDrawing`). `svg2pdf` converts it into a self-contained set of
//! PDF objects (a `pdf-writer` chunk): a Form XObject mapped onto the unit square, as an
//! image XObject is, so the page places both with the same `cm … Do`; its shading,
//! soft-mask and transparency-group objects; and an ICC-based sRGB colour space. It runs
//! in PDF/A mode (nothing PDF/A-2 forbids) and draws text as paths (no font to embed).
//!
//! The chunk goes into the lopdf document that the final pass builds: it is wrapped in a
//! minimal file (catalog and empty page tree after its objects), read back with lopdf,
//! and its objects are moved in under new numbers past the document's highest, every
//! reference shifted by the same amount (iteratively: no recursion over objects). The
//! Form XObject is then named in the page resources, which every page shares. Dictionary
//! keys are sorted on the way in: svg2pdf's resource dictionaries come in hash-map order.

use lopdf::{Dictionary, Object, ObjectId};
use pdf_writer::{Chunk, Finish, Pdf, Ref};
use quire_typeset::page::SvgDrawing;

use crate::PdfError;

/// One converted drawing: its objects, numbered from 1, and which of them is the form.
#[derive(Clone, Debug)]
pub(crate) struct SvgForm {
    chunk: Chunk,
    form: Ref,
}

/// Converts a drawing.
pub(crate) fn convert(drawing: &SvgDrawing) -> Result<SvgForm, String> {
    let options = svg2pdf::ConversionOptions {
        // The final pass compresses every stream (one deflate for the whole file).
        compress: false,
        embed_text: false,
        pdfa: true,
        ..svg2pdf::ConversionOptions::default()
    };
    let (chunk, form) = svg2pdf::to_chunk(&drawing.0, options).map_err(|e| e.to_string())?;
    Ok(SvgForm { chunk, form })
}

/// Moves `svg`'s objects into `doc`; the id of its Form XObject there.
pub(crate) fn merge(doc: &mut lopdf::Document, svg: &SvgForm) -> Result<ObjectId, PdfError> {
    let assembly = |e: lopdf::Error| PdfError::Assembly(format!("SVG drawing: {e}"));
    let last = svg.chunk.refs().map(Ref::get).max().unwrap_or(0);
    let (catalog, pages) = (Ref::new(last + 1), Ref::new(last + 2));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).count(0).kids([]).finish();
    pdf.extend(&svg.chunk);
    let wrapped = lopdf::Document::load_mem(&pdf.finish()).map_err(assembly)?;
    let by = doc.max_id;
    for ((number, generation), mut object) in wrapped.objects {
        if number as i32 > last {
            continue; // the wrapper's catalog and page tree
        }
        shift_references(&mut object, by);
        doc.objects.insert((number + by, generation), object);
    }
    doc.max_id = by + last as u32;
    Ok((svg.form.get() as u32 + by, 0))
}

/// Adds `by` to the object number of every reference in `object`, and sorts the keys of
/// every dictionary: svg2pdf writes resource dictionaries from a hash map, in an order
/// that changes from run to run, and the output must not.
fn shift_references(object: &mut Object, by: u32) {
    let mut stack = vec![object];
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) => id.0 += by,
            Object::Array(items) => stack.extend(items.iter_mut()),
            Object::Dictionary(d) => {
                d.as_hashmap_mut().sort_keys();
                stack.extend(d.iter_mut().map(|(_, v)| v));
            }
            Object::Stream(s) => {
                s.dict.as_hashmap_mut().sort_keys();
                stack.extend(s.dict.iter_mut().map(|(_, v)| v));
            }
            _ => {}
        }
    }
}

/// Names `forms` (resource name, object) in the XObject dictionary of every page's
/// resources (printpdf shares one resources object between the pages, so usually once).
pub(crate) fn add_to_resources(
    doc: &mut lopdf::Document,
    page_ids: &[ObjectId],
    forms: &[(String, ObjectId)],
) -> Result<(), PdfError> {
    let assembly = |e: lopdf::Error| PdfError::Assembly(format!("SVG resources: {e}"));
    let mut done: Vec<ObjectId> = Vec::new();
    for &page in page_ids {
        let resources = match doc.get_dictionary(page).and_then(|d| d.get(b"Resources")) {
            Ok(Object::Reference(id)) => *id,
            _ => return Err(PdfError::Assembly("page resources are not indirect".into())),
        };
        // Pages share resources: each dictionary is visited once (the list is short).
        if done.contains(&resources) {
            continue;
        }
        done.push(resources);
        let existing = doc
            .get_dictionary(resources)
            .map_err(assembly)?
            .get(b"XObject")
            .ok()
            .cloned();
        let target = match existing {
            Some(Object::Reference(id)) => id,
            Some(Object::Dictionary(inline)) => {
                let id = doc.add_object(inline);
                set_xobject(doc, resources, id)?;
                id
            }
            _ => {
                let id = doc.add_object(Dictionary::new());
                set_xobject(doc, resources, id)?;
                id
            }
        };
        let dict = doc
            .get_object_mut(target)
            .and_then(Object::as_dict_mut)
            .map_err(assembly)?;
        for (name, id) in forms {
            dict.set(name.as_bytes(), Object::Reference(*id));
        }
    }
    Ok(())
}

fn set_xobject(
    doc: &mut lopdf::Document,
    resources: ObjectId,
    id: ObjectId,
) -> Result<(), PdfError> {
    doc.get_object_mut(resources)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Assembly(format!("SVG resources: {e}")))?
        .set("XObject", Object::Reference(id));
    Ok(())
}
