//! `quire annotations import`: a Hypothesis export into the source's annotation file.
//!
//! The file is written atomically and only with whole annotations; then the source is
//! loaded with it, so the command says at once which notes anchor in the text and which
//! do not (each with the nearest candidate, as a build would report it).

use std::path::{Path, PathBuf};

use crate::EXIT_CONTENT;
use crate::cli::ImportArgs;
use crate::write::write_atomic;

/// The largest export read (a Hypothesis export of a whole group is a few megabytes).
const MAX_EXPORT_BYTES: u64 = 64 << 20;

/// Runs the import; the exit code on failure.
pub fn import(args: &ImportArgs) -> Result<(), u8> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        EXIT_CONTENT
    };
    let export_name = quire::display_name(&args.export);
    let bytes = quire::read_limited(&args.export, MAX_EXPORT_BYTES)
        .map_err(|why| fail(format!("cannot read {export_name}: {why}")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| fail(format!("{export_name} is not valid UTF-8")))?;
    let imported =
        quire_annotate::from_hypothesis(&text).map_err(|e| fail(format!("{export_name}: {e}")))?;
    for (id, why) in &imported.skipped {
        eprintln!("note: left out {id}: {why}");
    }
    let target = args
        .output
        .clone()
        .or_else(|| args.source.annotations.first().cloned())
        .unwrap_or_else(|| sidecar(&args.source.source));
    let target_name = quire::display_name(&target);
    // `--output` naming the source (or the export) would replace a text with JSON.
    let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y);
    if same(&target, &args.source.source) || same(&target, &args.export) {
        return Err(fail(format!(
            "{target_name} is the source or the export itself; name an annotation file"
        )));
    }
    let existing = match std::fs::read_to_string(&target) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(format!("cannot read {target_name}: {e}"))),
    };
    let (json, added) =
        quire_annotate::append_annotations(existing.as_deref(), imported.annotations)
            .map_err(|e| fail(format!("{target_name}: {e}")))?;
    if added > 0 {
        write_atomic(&target, json.as_bytes())
            .map_err(|e| fail(format!("cannot write {target_name}: {e}")))?;
    }
    eprintln!(
        "added {added} annotations to {target_name} ({} left out)",
        imported.skipped.len()
    );
    // Anchor them as a build would, orphans reported but allowed.
    let mut opts = crate::load_options(&args.source);
    opts.annotations = quire::AnnotationSource::Files(vec![target]);
    opts.allow_orphans = true;
    match quire::load(&opts) {
        Ok(loaded) => {
            crate::report::emit(&loaded.sources, &loaded.warnings);
            eprintln!(
                "{} annotations of {target_name} anchor in {}",
                loaded.document.annotations.len(),
                quire::display_name(&args.source.source)
            );
            Ok(())
        }
        Err(failure) => {
            crate::report::emit(&failure.sources, &failure.diagnostics);
            Err(EXIT_CONTENT)
        }
    }
}

/// The annotation file a build finds by itself: `annotations.json` in a book's folder,
/// else `<stem>.annotations.json` beside the source (or an `annotations.json` there, if
/// that is what exists).
fn sidecar(source: &Path) -> PathBuf {
    if source.is_dir() {
        return source.join("annotations.json");
    }
    let dir = source.parent().unwrap_or(Path::new(""));
    let stem = source.file_stem().unwrap_or_default().to_string_lossy();
    let own = dir.join(format!("{stem}.annotations.json"));
    let shared = dir.join("annotations.json");
    if !own.exists() && shared.exists() {
        shared
    } else {
        own
    }
}
