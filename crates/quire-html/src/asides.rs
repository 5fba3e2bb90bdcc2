//! Editorial annotations as notes a reading system can pop up (the EPUB's form): the
//! passage is highlighted as on the web, its end carries a superscript letter (the
//! annotation's [`marker`](quire_doc::Annotation::marker)) that is an EPUB `noteref`,
//! and the note itself is an `aside epub:type="footnote"` that the caller places at the
//! end of the file with [`Writer::annotation_notes`] — the pattern footnotes use, so
//! Apple Books, Kobo and Kindle show a pop-up and a reader without pop-ups finds the
//! notes listed after the text, each with a link back.
//!
//! Why letters: footnotes are numbered, and the two series stand side by side in one
//! chapter; a reader cites "note c" in every edition alike.

use crate::escape;
use crate::writer::{NoteStyle, Writer};

impl Writer<'_, '_> {
    /// Whether annotations are written as noterefs and asides (the EPUB's notes) rather
    /// than as margin notes (the web page and the site, whose pages are wide enough).
    pub(crate) fn annotations_as_asides(&self) -> bool {
        matches!(self.cfg.notes, NoteStyle::Footnotes { epub: true })
    }

    /// Writes the noteref of annotation `i` where its passage ends, and remembers that
    /// its note belongs to the file being written.
    pub(crate) fn annotation_noteref(&mut self, i: usize) {
        let anno = &self.marks.annotations[i];
        let marker = anno.marker();
        let slug = anno.slug.clone();
        // Two markers in a row read as one ("ab"): a comma keeps them apart, as between
        // a footnote's number and a note's letter.
        let after_ref = self.out.ends_with("</a></sup>");
        self.out.push_str("<sup class=\"annoref\">");
        if after_ref {
            self.out.push(',');
        }
        self.out.push_str("<a id=\"");
        escape::attr(&mut self.out, &slug);
        self.out.push_str("-ref\" href=\"#");
        escape::attr(&mut self.out, &slug);
        self.out.push_str(&format!(
            "\" epub:type=\"noteref\" role=\"doc-noteref\" aria-label=\"Editorial note {marker}\">{marker}</a></sup>"
        ));
        self.annotations_written.push(i);
    }

    /// The annotations whose noteref was written since the last call, in reading order:
    /// the notes the file being written should end with.
    pub fn take_written_annotations(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.annotations_written)
    }

    /// Annotations whose passage the writer never reached (a range in a separator or a
    /// footnote), in reading order: they have no noteref, so the caller lists them where
    /// every reader sees them, with [`Writer::annotation_notes`] and `referenced: false`.
    pub fn unreferenced_annotations(&self) -> Vec<usize> {
        self.marks.unplaced()
    }

    /// Writes annotations `which` (indices into the document's annotations) as the
    /// editorial notes of the current file: a `section` labelled "Editorial notes"
    /// holding one `aside` per note (`epub:type="footnote"`, role `doc-footnote`, the
    /// annotation's slug as id), whose first paragraph opens with a back-link to the
    /// noteref. With `referenced: false` (notes without a noteref) each note is a plain
    /// `aside` with role `note` instead, which no reading system hides. Nothing is
    /// written for an empty list.
    pub fn annotation_notes(&mut self, which: &[usize], referenced: bool) {
        if which.is_empty() {
            return;
        }
        self.out
            .push_str("<section class=\"annotations\" aria-label=\"Editorial notes\">\n");
        let saved = self.cursor.take();
        for &i in which {
            let anno = &self.marks.annotations[i];
            let marker = anno.marker();
            self.out.push_str("<aside");
            if referenced {
                self.out.push_str(" epub:type=\"footnote\"");
            }
            self.out.push_str(if referenced {
                " role=\"doc-footnote\""
            } else {
                " role=\"note\""
            });
            self.out.push_str(" class=\"annotation");
            let layer_class = self.marks.note_class(i);
            self.out.push_str(&layer_class);
            self.out.push_str("\" id=\"");
            escape::attr(&mut self.out, &anno.slug);
            self.out.push_str("\">\n");
            let mut lead = String::new();
            if referenced {
                lead.push_str("<a role=\"doc-backlink\" href=\"#");
                escape::attr(&mut lead, &anno.slug);
                lead.push_str(&format!(
                    "-ref\" aria-label=\"Back to the passage of note {marker}\">{marker}.</a> "
                ));
            } else {
                lead.push_str(&format!("<span class=\"anno-marker\">{marker}.</span> "));
            }
            if let Some(label) = self.marks.layer_label(i) {
                lead.push_str("<span class=\"anno-layer\">");
                escape::text(&mut lead, label);
                lead.push_str("</span> ");
            }
            let body = &anno.body;
            match body.split_first() {
                Some((
                    first @ quire_doc::Block {
                        kind: quire_doc::BlockKind::Paragraph { content },
                        ..
                    },
                    rest,
                )) => {
                    self.paragraph(first, content, &lead);
                    self.blocks(rest);
                }
                _ => {
                    self.out.push_str("<p class=\"note-back\">");
                    self.out.push_str(&lead);
                    self.out.push_str("</p>\n");
                    self.blocks(body);
                }
            }
            if let Some(by) = byline(anno) {
                self.out.push_str("<p class=\"anno-by\">");
                escape::text(&mut self.out, &by);
                self.out.push_str("</p>\n");
            }
            self.out.push_str("</aside>\n");
        }
        self.cursor = saved;
        self.out.push_str("</section>\n");
    }
}

/// Who wrote a note and when it was last changed, when the file names who: a date
/// alone (the same on every note of a file, in practice) says nothing to a reader. The
/// one rule both forms of a note (margin note, e-book aside) follow.
pub(crate) fn credit(anno: &quire_doc::Annotation) -> Option<(&str, Option<&str>)> {
    let by = anno.creator.as_deref().filter(|c| !c.trim().is_empty())?;
    Some((by, anno.modified.as_deref().or(anno.created.as_deref())))
}

/// "— Creator, 16 January 2025" (see [`credit`]).
pub(crate) fn byline(anno: &quire_doc::Annotation) -> Option<String> {
    let (by, when) = credit(anno)?;
    Some(match when {
        Some(d) => format!("— {by}, {}", quire_doc::human_date(d)),
        None => format!("— {by}"),
    })
}
