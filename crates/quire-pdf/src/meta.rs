//! Document metadata: what goes into the Info dictionary and the XMP packet.
//!
//! The caller resolves dates (front matter, else `SOURCE_DATE_EPOCH`) and passes them
//! in; this module never reads the clock. The XMP packet is written by hand, every value
//! XML-escaped, with the same values as the Info dictionary (PDF/A requires them to
//! agree): `dc:title`, `dc:creator`, `dc:description`, `dc:language`, `dc:identifier`,
//! `dc:subject`, `xmp:CreateDate`, `xmp:ModifyDate`, `xmp:MetadataDate`,
//! `xmp:CreatorTool`, `pdf:Producer`, `pdf:Keywords`, and the PDF/UA and PDF/A
//! identification when claimed.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::Conformance;

/// A date as the PDF writes it: a [`quire_doc::Date`], the one date type of every
/// edition, as a full UTC instant (the Info dictionary's `D:` strings and XMP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PdfDate(DateTime<Utc>);

impl PdfDate {
    /// Seconds since 1970-01-01T00:00:00Z (such as `SOURCE_DATE_EPOCH`); `None` outside
    /// years 0–9999.
    pub fn from_epoch(seconds: i64) -> Option<PdfDate> {
        quire_doc::Date::from_epoch(seconds).map(PdfDate::from)
    }

    /// A front-matter date (see [`quire_doc::Date::parse`]); `None` if it is not one.
    pub fn parse(value: &str) -> Option<PdfDate> {
        quire_doc::Date::parse(value).ok().map(PdfDate::from)
    }

    /// The PDF date string, `D:YYYYMMDDHHmmSS+00'00'` (ISO 32000-1, 7.9.4).
    pub fn pdf(&self) -> String {
        self.0.format("D:%Y%m%d%H%M%S+00'00'").to_string()
    }

    /// The XMP date, `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn xmp(&self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

impl From<quire_doc::Date> for PdfDate {
    fn from(date: quire_doc::Date) -> Self {
        PdfDate(date.utc())
    }
}

/// What the PDF says about the document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PdfMeta {
    /// The title (shown in the viewer's title bar: `/DisplayDocTitle`).
    pub title: String,
    /// BCP 47 language of the text (`/Lang`, `dc:language`).
    pub language: String,
    /// A stable identifier (`dc:identifier`, `xmpMM:DocumentID`).
    pub identifier: Option<String>,
    /// Authors in order (`/Author` joined with `; `, `dc:creator` as a sequence).
    pub authors: Vec<String>,
    /// A one-paragraph description (`/Subject`, `dc:description`).
    pub description: Option<String>,
    /// Keywords (`/Keywords`, `pdf:Keywords`, `dc:subject`).
    pub keywords: Vec<String>,
    /// When the document was created.
    pub created: Option<PdfDate>,
    /// When it was last modified.
    pub modified: Option<PdfDate>,
}

impl PdfMeta {
    /// Metadata from the document model. Dates come from the front matter's `date` and
    /// `modified`; either that is missing or unreadable falls back to
    /// `source_date_epoch` (the caller reads `SOURCE_DATE_EPOCH`), and a missing
    /// modification date falls back to the creation date.
    pub fn from_meta(meta: &quire_doc::Meta, source_date_epoch: Option<i64>) -> PdfMeta {
        let epoch = source_date_epoch.and_then(PdfDate::from_epoch);
        let created = meta.published().map(PdfDate::from).or(epoch);
        let modified = meta.revised().map(PdfDate::from).or(epoch).or(created);
        PdfMeta {
            title: meta.title.clone(),
            language: meta.language.clone(),
            identifier: meta.identifier.clone(),
            authors: meta.authors.clone(),
            description: meta.description.clone(),
            keywords: meta.keywords.clone(),
            created,
            modified,
        }
    }
}

/// Escapes text for XML content and attribute values (the workspace's one escaper).
pub fn xml_escape(s: &str) -> String {
    quire_doc::xml::escape_all(s)
}

/// The PDF/A extension schema that describes the PDF/UA identification property.
const PDFUA_EXTENSION_SCHEMA: &str = r#"  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
"#;

/// The XMP packet (UTF-8, uncompressed, as PDF/A wants it).
pub fn xmp(meta: &PdfMeta, producer: &str, creator: &str, conformance: Conformance) -> String {
    let e = xml_escape;
    let lang = if meta.language.is_empty() {
        "x-default".to_string()
    } else {
        e(&meta.language)
    };
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("  <rdf:Description rdf:about=\"\"\n");
    x.push_str("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n");
    x.push_str("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
    x.push_str("    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n");
    x.push_str("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    if conformance.pdf_ua {
        x.push_str("\n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    }
    if conformance.pdf_a {
        x.push_str("\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
    }
    x.push_str(">\n");
    x.push_str("   <dc:format>application/pdf</dc:format>\n");
    let _ = writeln!(
        x,
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
        e(&meta.title)
    );
    if !meta.authors.is_empty() {
        x.push_str("   <dc:creator><rdf:Seq>");
        for a in &meta.authors {
            let _ = write!(x, "<rdf:li>{}</rdf:li>", e(a));
        }
        x.push_str("</rdf:Seq></dc:creator>\n");
    }
    if let Some(d) = &meta.description {
        let _ = writeln!(
            x,
            "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            e(d)
        );
    }
    if !meta.language.is_empty() {
        let _ = writeln!(
            x,
            "   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>"
        );
    }
    if let Some(id) = &meta.identifier {
        let _ = writeln!(x, "   <dc:identifier>{}</dc:identifier>", e(id));
        let _ = writeln!(x, "   <xmpMM:DocumentID>{}</xmpMM:DocumentID>", e(id));
    }
    if !meta.keywords.is_empty() {
        x.push_str("   <dc:subject><rdf:Bag>");
        for k in &meta.keywords {
            let _ = write!(x, "<rdf:li>{}</rdf:li>", e(k));
        }
        x.push_str("</rdf:Bag></dc:subject>\n");
        let _ = writeln!(
            x,
            "   <pdf:Keywords>{}</pdf:Keywords>",
            e(&meta.keywords.join(", "))
        );
    }
    if let Some(c) = meta.created {
        let _ = writeln!(x, "   <xmp:CreateDate>{}</xmp:CreateDate>", c.xmp());
    }
    if let Some(m) = meta.modified {
        let _ = writeln!(x, "   <xmp:ModifyDate>{}</xmp:ModifyDate>", m.xmp());
        let _ = writeln!(x, "   <xmp:MetadataDate>{}</xmp:MetadataDate>", m.xmp());
    }
    let _ = writeln!(x, "   <xmp:CreatorTool>{}</xmp:CreatorTool>", e(creator));
    let _ = writeln!(x, "   <pdf:Producer>{}</pdf:Producer>", e(producer));
    if conformance.pdf_ua {
        x.push_str("   <pdfuaid:part>1</pdfuaid:part>\n");
    }
    if conformance.pdf_a {
        x.push_str("   <pdfaid:part>2</pdfaid:part>\n");
        x.push_str("   <pdfaid:conformance>B</pdfaid:conformance>\n");
    }
    x.push_str("  </rdf:Description>\n");
    if conformance.pdf_a && conformance.pdf_ua {
        // PDF/A admits only XMP properties it predefines or that an extension schema
        // describes; `pdfuaid:part` is not predefined.
        x.push_str(PDFUA_EXTENSION_SCHEMA);
    }
    x.push_str(" </rdf:RDF>\n</x:xmpmeta>\n");
    x.push_str("<?xpacket end=\"r\"?>");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_format() {
        let d = PdfDate::parse("2025-03-01T10:30:00+08:00").unwrap();
        assert_eq!(d.xmp(), "2025-03-01T02:30:00Z");
        assert_eq!(d.pdf(), "D:20250301023000+00'00'");
        assert_eq!(
            PdfDate::parse("2025-03-01").unwrap().xmp(),
            "2025-03-01T00:00:00Z"
        );
        assert_eq!(
            PdfDate::parse("2025-03-01 10:15").unwrap().xmp(),
            "2025-03-01T10:15:00Z"
        );
        assert!(PdfDate::parse("March").is_none());
        assert_eq!(
            PdfDate::from_epoch(1_737_000_000).unwrap().xmp(),
            "2025-01-16T04:00:00Z"
        );
    }

    #[test]
    fn meta_falls_back_to_the_epoch_then_the_creation_date() {
        let mut m = quire_doc::Meta {
            title: "T".into(),
            language: "en".into(),
            ..Default::default()
        };
        let p = PdfMeta::from_meta(&m, Some(0));
        assert_eq!(p.created.unwrap().xmp(), "1970-01-01T00:00:00Z");
        assert_eq!(p.modified, p.created);
        m.date = Some("2024-05-06".into());
        let p = PdfMeta::from_meta(&m, None);
        assert_eq!(p.modified.unwrap().xmp(), "2024-05-06T00:00:00Z");
        let p = PdfMeta::from_meta(&quire_doc::Meta::default(), None);
        assert!(p.created.is_none() && p.modified.is_none());
    }

    #[test]
    fn xmp_escapes_everything() {
        let meta = PdfMeta {
            title: "Fish & <Chips> \"quoted\"".into(),
            authors: vec!["A. O'Brien".into()],
            language: "en".into(),
            ..Default::default()
        };
        let none = Conformance {
            pdf_ua: false,
            pdf_a: false,
        };
        let x = xmp(&meta, "Quire", "Quire", none);
        assert!(x.contains("Fish &amp; &lt;Chips&gt; &quot;quoted&quot;"));
        assert!(x.contains("A. O&apos;Brien"));
        assert!(!x.contains("pdfuaid") && !x.contains("pdfaExtension"));
        // Both claims: PDF/A needs the extension schema that defines `pdfuaid:part`.
        let both = xmp(&meta, "Quire", "Quire", Conformance::default());
        assert!(both.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(both.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
        let ua_only = Conformance {
            pdf_a: false,
            ..Conformance::default()
        };
        assert!(!xmp(&meta, "Quire", "Quire", ua_only).contains("pdfaExtension"));
        let x = xmp(
            &meta,
            "Quire",
            "Quire",
            Conformance {
                pdf_ua: true,
                pdf_a: true,
            },
        );
        assert!(x.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(x.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    }
}
