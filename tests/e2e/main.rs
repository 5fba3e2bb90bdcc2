//! End-to-end tests: one binary, one module per concern.

mod annotate;
mod epub;
mod foundation;
mod html;
mod pdf;
mod pdf_conformance;
mod pdf_edition;
mod pipeline;
mod regression;
