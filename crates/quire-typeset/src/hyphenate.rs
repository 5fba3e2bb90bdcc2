//! Hyphenation is its own crate, `quire-hyphenate`, shared with the EPUB's soft hyphens;
//! the typesetter uses it under its old path.

pub use quire_hyphenate::{Hyphenator, LEFT_MIN, RIGHT_MIN, candidates};
