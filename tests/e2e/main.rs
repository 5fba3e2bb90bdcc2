//! End-to-end tests: one binary, one module per concern.

mod annotate;
mod authoring;
mod books;
mod citations;
mod code;
mod contract;
mod corpus;
mod cross_refs;

mod data_safety;
mod epub;
mod every_edition;
mod figures;
mod foundation;
mod fuzz;
mod hostile;
mod html;
mod images;
mod index;
mod layout_defects;
mod manuscripts;
mod pdf;
mod pdf_annotations;
mod pdf_book;
mod pdf_conformance;
mod pdf_edition;
mod pdf_text;
mod pipeline;
mod print;
mod regression;
mod running_heads;
mod scripts;
mod typography;
mod web_book;
mod web_reading;
