//! The back-of-book index on screen: the entries the loader computed
//! ([`quire_doc::BlockKind::Index`]), each linked to every paragraph it is marked in.
//!
//! Markup, alike in the web page and the e-book (which adds the EPUB Indexes 1.1
//! vocabulary, `epub:type` `index-group`, `index-entry-list`, `index-entry`,
//! `index-term`, `index-locator`, `index-xref-preferred`, `index-xref-related`):
//!
//! ```html
//! <div id="index-entries" class="ix">
//!   <section class="ix-group">
//!     <h3 class="ix-letter">B</h3>
//!     <ul class="ix-list">
//!       <li id="index-bri"><span class="ix-term">BRI</span>, <em>see</em>
//!         <a href="#index-belt-and-road-initiative">Belt and Road Initiative</a></li>
//!       <li id="index-belt-and-road-initiative"><span class="ix-term">Belt and Road
//!         Initiative</span>, <a href="#idx-1a2b3c4d">¶3</a>, <a href="…">¶9</a>
//!         <ul class="ix-list">…sub-entries…</ul></li>
//! ```
//!
//! The section around the index's heading carries `role="doc-index"` (and
//! `epub:type="index"`), see [`crate::Writer::sectioned_blocks`]. A locator reads as the
//! paragraph number of its place (`¶3`), or its count among the entry's places where
//! the paragraph has none ([`quire_doc::IndexEntry::screen_locators`]). None of this
//! is text of the plain-text projection, so it is written around the text cursor.

use quire_doc::{Block, IndexEntry, IndexGroup, IndexRef, IndexWords};

use crate::escape;
use crate::writer::Writer;

impl Writer<'_, '_> {
    /// Writes the index `block` holding `groups`.
    pub(crate) fn index(&mut self, block: &Block, groups: &[IndexGroup]) {
        let words = IndexWords::for_language(&self.doc.meta.language);
        let level = self.last_heading_level.saturating_add(1).clamp(2, 6);
        self.out.push_str("<div");
        self.attrs(&block.attr, &["ix"]);
        self.out.push_str(">\n");
        for group in groups {
            self.out.push_str("<section class=\"ix-group\"");
            if self.epub_types() {
                self.out.push_str(" epub:type=\"index-group\"");
            }
            self.out.push_str(">\n");
            if !group.label.is_empty() {
                self.out
                    .push_str(&format!("<h{level} class=\"ix-letter\">"));
                escape::text(&mut self.out, &group.label);
                self.out.push_str(&format!("</h{level}>\n"));
            }
            self.index_list(&group.entries, &words);
            self.out.push_str("</section>\n");
        }
        self.out.push_str("</div>\n");
    }

    fn index_list(&mut self, entries: &[IndexEntry], words: &IndexWords) {
        self.out.push_str("<ul class=\"ix-list\"");
        if self.epub_types() {
            self.out.push_str(" epub:type=\"index-entry-list\"");
        }
        self.out.push_str(">\n");
        for entry in entries {
            self.index_entry(entry, words);
        }
        self.out.push_str("</ul>\n");
    }

    fn index_entry(&mut self, entry: &IndexEntry, words: &IndexWords) {
        let epub = self.epub_types();
        self.out.push_str("<li id=\"");
        escape::attr(&mut self.out, &entry.id);
        self.out.push('"');
        if epub {
            self.out.push_str(" epub:type=\"index-entry\"");
        }
        self.out.push_str("><span class=\"ix-term\"");
        if epub {
            self.out.push_str(" epub:type=\"index-term\"");
        }
        self.out.push('>');
        escape::text(&mut self.out, &entry.term);
        self.out.push_str("</span>");
        let mut after_term = true;
        for locator in entry.screen_locators() {
            self.out.push_str(", ");
            after_term = false;
            let href = self.href(&format!("#{}", locator.target));
            self.link_or_text(href.as_deref(), &locator.label, "index-locator");
        }
        let kinds = [
            (words.see, &entry.see, "index-xref-preferred"),
            (words.see_also, &entry.see_also, "index-xref-related"),
        ];
        for (word, refs, kind) in kinds {
            if refs.is_empty() {
                continue;
            }
            self.out
                .push_str(if after_term { ", <em>" } else { "; <em>" });
            after_term = false;
            escape::text(&mut self.out, word);
            self.out.push_str("</em> ");
            for (k, r) in refs.iter().enumerate() {
                if k > 0 {
                    self.out.push_str("; ");
                }
                self.index_ref(r, kind);
            }
        }
        if !entry.subentries.is_empty() {
            self.out.push('\n');
            self.index_list(&entry.subentries, words);
        }
        self.out.push_str("</li>\n");
    }

    fn index_ref(&mut self, r: &IndexRef, kind: &str) {
        let href = r.target.as_ref().and_then(|t| self.href(&format!("#{t}")));
        self.link_or_text(href.as_deref(), &r.term, kind);
    }

    /// A link to `href` reading `text` (with `epub:type` `kind` in the e-book), or the
    /// text alone when the target is in no file of the publication.
    fn link_or_text(&mut self, href: Option<&str>, text: &str, kind: &str) {
        let Some(href) = href else {
            escape::text(&mut self.out, text);
            return;
        };
        self.out.push_str("<a href=\"");
        escape::attr(&mut self.out, href);
        self.out.push('"');
        if self.epub_types() {
            self.out.push_str(" epub:type=\"");
            self.out.push_str(kind);
            self.out.push('"');
        }
        self.out.push('>');
        escape::text(&mut self.out, text);
        self.out.push_str("</a>");
    }
}

/// The ids [`Writer::index`] writes after the block's own: each entry's, in order.
pub(crate) fn index_ids(groups: &[IndexGroup], ids: &mut Vec<String>) {
    for (_, entry) in quire_doc::index_entries(groups) {
        ids.push(entry.id.clone());
    }
}
