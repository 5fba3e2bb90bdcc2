//! Reading a print preset from the command line or `quire.toml`: `kdp`, `lulu`, `ingram`
//! or `offset` (the values each stands for are in [`PrintPreset::spec`]).

pub use quire_typeset::layout::PrintPreset;

/// Parses a preset name; the error lists the presets.
pub fn parse(text: &str) -> Result<PrintPreset, String> {
    PrintPreset::from_name(text).ok_or_else(|| {
        format!(
            "`{text}` is not a print preset: use {}",
            PrintPreset::names()
        )
    })
}
