//! Escaping text and attribute values: the one escaper of the workspace lives in
//! `quire-doc` ([`quire_doc::xml`]); the web and EPUB writers reach it through here.

pub use quire_doc::xml::{attr, escape, escape_all, text};
