//! The words of cross-references in the document's language: "Figure 2", "Figures 1
//! and 2", "Table 1: " before a caption.
//!
//! English follows Quarto's defaults (Figure, Table, Listing, Equation, Section);
//! French, German, Spanish and Chinese use the words their own typesetting traditions
//! use (LaTeX's babel and the common practice of each), where they differ from
//! Quarto's translations. The words for chapters and appendices are those print sets at
//! a chapter's opening (`quire-typeset`'s book words) in the languages both know. A
//! language without a table here gets English.
//!
//! A name stands before the number with a no-break space between ("Figure 2", so a
//! line never ends between them); Chinese wraps a section's number ("第 2.1 节") and
//! repeats the name for each number of a list ("图 1 和图 2"), having no plural.

use crate::Kind;

/// How one kind of target is named.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// Before one number.
    pub one: &'static str,
    /// Before several numbers ("Figures 1 and 2"); `None`: [`Term::one`] is written
    /// before each number instead.
    pub many: Option<&'static str>,
    /// After the number (Chinese "节"); empty in most languages.
    pub after: &'static str,
}

/// The words of one language.
#[derive(Debug, Clone, Copy)]
pub struct Names {
    figure: Term,
    table: Term,
    listing: Term,
    equation: Term,
    section: Term,
    /// A heading that is a numbered chapter's title.
    pub chapter: Term,
    /// A heading that is an appendix's title.
    pub appendix: Term,
    /// Between a caption's label and its text ("Figure 2: The …").
    pub caption_separator: &'static str,
    /// Between the last two numbers of a list ("1 and 2").
    pub and: &'static str,
    /// Between the other numbers of a list ("1, 2 and 3").
    pub comma: &'static str,
    /// Between the groups of a reference to targets of different kinds ("Figure 1;
    /// Table 2").
    pub groups: &'static str,
    /// After a reference whose page print gives (`[@fig-x, page]`), with
    /// `quire_doc::enrich::PAGE_REF_PLACEHOLDER` for the page's label: " on page 14".
    pub on_page: &'static str,
}

/// The no-break space between a name and its number.
pub const NBSP: &str = "\u{a0}";

impl Names {
    /// The words for BCP 47 language tag `tag`, by its primary subtag.
    pub fn for_language(tag: &str) -> &'static Names {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => &FR,
            "de" => &DE,
            "es" => &ES,
            "zh" => &ZH,
            _ => &EN,
        }
    }

    /// How targets of `kind` are named.
    pub fn term(&self, kind: Kind) -> Term {
        match kind {
            Kind::Figure => self.figure,
            Kind::Table => self.table,
            Kind::Listing => self.listing,
            Kind::Equation => self.equation,
            Kind::Section => self.section,
        }
    }
}

impl Term {
    /// `number` with this name: "Figure 2", "第 2.1 节".
    pub fn with(&self, number: &str) -> String {
        let mut out = format!("{}{NBSP}{number}", self.one);
        if !self.after.is_empty() {
            out.push_str(NBSP);
            out.push_str(self.after);
        }
        out
    }
}

const fn term(one: &'static str, many: &'static str) -> Term {
    Term {
        one,
        many: Some(many),
        after: "",
    }
}

const EN: Names = Names {
    figure: term("Figure", "Figures"),
    table: term("Table", "Tables"),
    listing: term("Listing", "Listings"),
    equation: term("Equation", "Equations"),
    section: term("Section", "Sections"),
    chapter: term("Chapter", "Chapters"),
    appendix: term("Appendix", "Appendices"),
    caption_separator: ": ",
    and: " and ",
    comma: ", ",
    groups: "; ",
    on_page: " on page\u{a0}{page}",
};

const FR: Names = Names {
    figure: term("Figure", "Figures"),
    table: term("Tableau", "Tableaux"),
    listing: term("Listing", "Listings"),
    equation: term("Équation", "Équations"),
    section: term("Section", "Sections"),
    chapter: term("Chapitre", "Chapitres"),
    appendix: term("Annexe", "Annexes"),
    // French sets a no-break space before a colon.
    caption_separator: "\u{a0}: ",
    and: " et ",
    comma: ", ",
    groups: "\u{a0}; ",
    on_page: " à la page\u{a0}{page}",
};

const DE: Names = Names {
    figure: term("Abbildung", "Abbildungen"),
    table: term("Tabelle", "Tabellen"),
    listing: term("Listing", "Listings"),
    equation: term("Gleichung", "Gleichungen"),
    section: term("Abschnitt", "Abschnitte"),
    chapter: term("Kapitel", "Kapitel"),
    appendix: term("Anhang", "Anhänge"),
    caption_separator: ": ",
    and: " und ",
    comma: ", ",
    groups: "; ",
    on_page: " auf Seite\u{a0}{page}",
};

const ES: Names = Names {
    figure: term("Figura", "Figuras"),
    table: term("Tabla", "Tablas"),
    listing: term("Listado", "Listados"),
    equation: term("Ecuación", "Ecuaciones"),
    section: term("Sección", "Secciones"),
    chapter: term("Capítulo", "Capítulos"),
    appendix: term("Apéndice", "Apéndices"),
    caption_separator: ": ",
    and: " y ",
    comma: ", ",
    groups: "; ",
    on_page: " en la página\u{a0}{page}",
};

const fn zh(one: &'static str) -> Term {
    Term {
        one,
        many: None,
        after: "",
    }
}

const ZH: Names = Names {
    figure: zh("图"),
    table: zh("表"),
    listing: zh("代码清单"),
    equation: zh("式"),
    section: Term {
        one: "第",
        many: None,
        after: "节",
    },
    chapter: Term {
        one: "第",
        many: None,
        after: "章",
    },
    appendix: zh("附录"),
    caption_separator: "：",
    // A space between a number and a Chinese word, none between two Chinese words.
    and: " 和",
    comma: "、",
    groups: "；",
    on_page: "（第\u{a0}{page}\u{a0}页）",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_primary_subtag() {
        assert_eq!(
            Names::for_language("de-AT").term(Kind::Figure).one,
            "Abbildung"
        );
        assert_eq!(
            Names::for_language("zh-Hans")
                .term(Kind::Section)
                .with("2.1"),
            "第\u{a0}2.1\u{a0}节"
        );
        assert_eq!(
            Names::for_language("tlh").term(Kind::Table).with("1"),
            "Table\u{a0}1"
        );
    }
}
