//! The default font book: Quire's embedded faces in their roles.

use quire_fonts::Face;

use crate::fonts::{Family, Font, FontBook, FontError};

impl FontBook {
    /// The book every Quire edition uses, from the faces embedded in `quire-fonts`:
    /// Libertinus Serif (regular, italic, bold, bold italic) as the text family, JetBrains
    /// Mono for code, DejaVu Sans as the fallback for characters the others lack.
    ///
    /// Font ids follow [`Face::ALL`]: 0–3 the serif faces, 4 the mono face, 5 the fallback.
    pub fn quire_default() -> Result<FontBook, FontError> {
        let load = |face: Face| Font::from_bytes(face.data(), 0);
        let mut book = FontBook::new(load(Face::SerifRegular)?);
        let italic = book.add(load(Face::SerifItalic)?);
        let bold = book.add(load(Face::SerifBold)?);
        let bold_italic = book.add(load(Face::SerifBoldItalic)?);
        let regular = book.text_family().regular;
        book.set_text_family(Family {
            regular,
            italic: Some(italic),
            bold: Some(bold),
            bold_italic: Some(bold_italic),
        })?;
        let mono = book.add(load(Face::Mono)?);
        book.set_mono_family(Family::regular_only(mono))?;
        let sans = book.add(load(Face::Sans)?);
        book.set_fallback(vec![sans])?;
        Ok(book)
    }

    /// This book with more faces at the front of its fallback chain, in the order given
    /// (the loader's choice from the project's and the system's fonts, which come before
    /// the embedded fallback). The faces' bytes are shared, not copied. A face that cannot
    /// be used is left out and reported with its position.
    pub fn with_fallbacks(
        &self,
        faces: impl IntoIterator<Item = (quire_doc::FontBytes, u32)>,
    ) -> (FontBook, Vec<(usize, FontError)>) {
        let mut book = self.clone();
        let mut chain = Vec::new();
        let mut failed = Vec::new();
        for (i, (bytes, index)) in faces.into_iter().enumerate() {
            match Font::from_bytes(bytes, index) {
                Ok(font) => chain.push(book.add(font)),
                Err(e) => failed.push((i, e)),
            }
        }
        chain.extend_from_slice(self.fallback());
        // Every id was just added to this book.
        let _ = book.set_fallback(chain);
        (book, failed)
    }
}
