//! The Quire pipeline as a library: [`load`] a source once, then [`render`] any edition
//! from it. The `quire` binary, the benches and the end-to-end tests all go through here.
//!
//! `quire` owns everything between the file system and the backends: reading files
//! (size-checked, confined to the project folder), the order of the load stages, the
//! link and resource checks, and which options each backend gets. The backends
//! (`quire-html`, `quire-epub`, `quire-pdf`) read no files and return
//! `Result<Rendered, Vec<Diagnostic>>`; diagnostics are data with spans into the
//! [`SourceMap`] of the [`Loaded`] document, and only the binary
//! turns them into text.
//!
//! Key design decision: *load once, render many*. Everything that decides a shared fact
//! (an id, an image's type and size, whether a link is safe and resolves) happens in
//! [`load`], so the editions cannot disagree about it and `quire check` ([`check`])
//! reports exactly what `quire build` would, by rendering every edition in memory.

mod assets;
mod attrs;
mod book;
mod cite;
mod files;
mod font_index;
mod fonts;
pub mod include;
mod links;
mod load;
mod manifest;
pub mod page_size;
mod places;
mod preflight;
mod print_pages;
pub mod print_preset;
pub mod project;
mod render;
pub mod summary;

pub use files::read_limited;
pub use fonts::{FontSources, MAX_FONT_BYTES, preferred};
pub use load::{
    AnnotationSource, Limits, LoadFailure, LoadOptions, Loaded, Project, display_name, load,
};
pub use page_size::PageSize;
pub use quire_doc::{Diagnostic, Rendered, Severity, SourceMap};
/// Whether a character is a combining mark (diagnostics mark the letter it sits on).
pub use quire_typeset::layout::is_combining;
pub use render::{Format, RenderOptions, check, render, render_all, source_date_epoch};

/// The stack each edition's thread gets. Nesting is limited in the model, but a deep
/// (legal) document still recurses through every backend; 64 MiB of address space is
/// reserved, not used.
pub const RENDER_STACK: usize = 64 << 20;
