//! The pipeline, through the `quire` library the CLI uses: end-to-end tests load and
//! render exactly as `quire build` does.

use quire::{Format, LoadOptions, Loaded, RenderOptions};
use quire_tests::root;

/// `rel` (relative to the repository root) loaded with every default, annotations
/// beside it included.
pub(crate) fn load(rel: &str) -> Loaded {
    match quire::load(&LoadOptions::new(root().join(rel))) {
        Ok(loaded) => loaded,
        Err(f) => panic!("{rel} does not load: {:#?}", f.diagnostics),
    }
}

/// The fixed build date the tests use.
pub(crate) fn options() -> RenderOptions {
    RenderOptions {
        source_date_epoch: Some(1_737_000_000),
        ..RenderOptions::default()
    }
}

/// One edition's bytes.
pub(crate) fn render(format: Format, loaded: &Loaded) -> Vec<u8> {
    match quire::render(format, loaded, &options()) {
        Ok(r) => r.bytes,
        Err(e) => panic!("the {} edition failed: {e:#?}", format.extension()),
    }
}
