//! `quire annotations export`: writes the annotation file back with selectors computed
//! from the current text, so annotations that had to be re-anchored approximately are
//! exact again next time.

use std::io::Write;

use crate::EXIT_CONTENT;
use crate::cli::ExportArgs;
use crate::write::write_atomic;
use quire::Loaded;

/// Exports the annotations of `loaded`; the exit code on failure.
pub fn export(args: &ExportArgs, loaded: &Loaded) -> Result<(), u8> {
    crate::report::emit(&loaded.sources, &loaded.warnings);
    let (file, set) = match loaded.annotations.as_slice() {
        [one] => one,
        [] => {
            eprintln!(
                "error: {} has no annotation file",
                args.source.source.display()
            );
            return Err(EXIT_CONTENT);
        }
        _ => {
            eprintln!("error: export writes one annotation file; name one with --annotations");
            return Err(EXIT_CONTENT);
        }
    };
    let text = quire_doc::plain_text(&loaded.document);
    let json = set.export(&loaded.document, &text);
    let target = args.output.clone().unwrap_or_else(|| file.clone());
    let written = if target.as_os_str() == "-" {
        std::io::stdout().write_all(json.as_bytes())
    } else {
        write_atomic(&target, json.as_bytes())
    };
    match written {
        Ok(()) => {
            if target.as_os_str() != "-" {
                let count = loaded
                    .document
                    .annotations
                    .iter()
                    .filter(|a| a.layer == set.label)
                    .count();
                eprintln!("wrote {count} annotations to {}", target.display());
            }
            Ok(())
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", target.display());
            Err(EXIT_CONTENT)
        }
    }
}
