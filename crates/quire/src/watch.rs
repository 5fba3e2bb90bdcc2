//! `quire watch`: build once, then rebuild whenever a file the build read changes.
//!
//! The files to watch are the build's own inputs, as [`crate::commit::inputs`] lists them
//! for the over-an-input check (source, annotation file, images, fonts), re-derived after
//! every good build, so an image referenced by the latest edit is watched from then on.
//! Editors save by writing a temporary file and renaming it over the old one, which
//! replaces the file a watch on the file itself would follow; so the *folders* holding
//! the inputs are watched (not recursively) and their events are kept only for the input
//! paths. After a failed build the inputs are not all known (the load may have stopped
//! before the image it could not read), so a file appearing, going or renamed in a
//! watched folder rebuilds too; a change to the contents of a file that is not a known
//! input still does not (a log of this very process beside the source would otherwise
//! rebuild for ever).
//!
//! Events are debounced by notify's debouncer: a save that touches a file several times
//! in a few milliseconds is one rebuild. Access events are not changes (the build's own
//! reading of its inputs raises them) and are dropped, or every build would start the
//! next. A rebuild is the same render-and-commit as `quire build`
//! ([`crate::build::render_and_commit`]): all editions or none are written, so a failed
//! build leaves the previous output in place.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use quire::{Format, RenderOptions};

use crate::build::render_and_commit;
use crate::cli::BuildArgs;
use crate::{EXIT_CONTENT, report};

/// How long a file must be quiet before it is rebuilt: long enough to merge the several
/// events of one save, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// How often the debouncer looks for quiet files. Events of one save that fall on
/// either side of a tick come in two batches; [`wait`] waits this long (and a little
/// more) after a batch for another, so that one save is one rebuild.
const TICK: Duration = Duration::from_millis(25);

/// How far before a build's start a file time may lie and still be "after" it (file
/// times come from a coarser clock).
const MISSED_MARGIN: Duration = Duration::from_secs(1);

/// What a build round ended with, for `serve`'s live reload.
pub enum Round<'a> {
    /// New editions were written.
    Built,
    /// Nothing was written; the diagnostics as text, as the terminal shows them.
    Failed(&'a str),
}

/// Builds `formats` of the source `args` names, then rebuilds on every change until the
/// process is stopped. `after` is told the end of every round. Returns only if watching
/// becomes impossible.
pub fn watch(
    args: &BuildArgs,
    formats: &[Format],
    opts: &RenderOptions,
    mut after: impl FnMut(Round<'_>),
) -> Result<(), u8> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), tx).map_err(|e| {
        eprintln!("error: cannot watch files: {e}");
        EXIT_CONTENT
    })?;
    let mut folders = Folders::default();
    let names: Vec<&str> = formats.iter().map(|f| f.extension()).collect();
    let names = names.join(", ");
    // The source's folder is watched before the first build, so that no save made while
    // it runs is missed.
    let source_name = args.source.source.file_name();
    folders.update(
        &mut debouncer,
        None,
        folder_of(&args.source.source),
        source_name,
        None,
    )?;
    loop {
        let started = SystemTime::now();
        let round = build_round(args, formats, opts, &names);
        // Watches first, then the news, then the line: once the line is out, the server
        // knows and every input is watched (a script may act on the line at once).
        let inputs = round.result.as_ref().ok().cloned();
        let source_folder = folder_of(&args.source.source);
        let missed = folders.update(
            &mut debouncer,
            inputs,
            source_folder,
            source_name,
            Some(started),
        )?;
        match &round.result {
            Ok(_) => after(Round::Built),
            Err(text) => after(Round::Failed(text)),
        }
        // `--quiet` keeps the failures only, as `build` prints only errors.
        if !(args.quiet && round.result.is_ok()) {
            eprintln!("{}", round.line);
        }
        if !missed {
            wait(&rx, &folders, &args.out)?;
        }
    }
}

/// What a build round did: the inputs it read (or the diagnostics as text when nothing
/// was written) and the line that says so.
struct Built {
    result: Result<Vec<PathBuf>, String>,
    line: String,
}

/// One build: load, render, commit, and its diagnostics printed.
fn build_round(args: &BuildArgs, formats: &[Format], opts: &RenderOptions, names: &str) -> Built {
    let started = Instant::now();
    let mut load = crate::load_options(&args.source);
    load.fonts.search = crate::needs_fallback_faces(formats);
    let loaded = match quire::load(&load) {
        Ok(loaded) => loaded,
        Err(failure) => {
            report::emit(&failure.sources, &failure.diagnostics);
            return Built {
                result: Err(report::to_text(&failure.sources, &failure.diagnostics)),
                line: failed_line(started.elapsed(), &args.out),
            };
        }
    };
    let load_time = started.elapsed();
    let outcome = render_and_commit(args, formats, &loaded, opts);
    let total = started.elapsed();
    report::emit(&loaded.sources, &outcome.diagnostics);
    match outcome.result {
        Ok(_) => Built {
            result: Ok(crate::commit::inputs(&loaded, &args.source.source)),
            line: format!(
                "built {names} in {} (load {}, render {}, write {})",
                ms(total),
                ms(load_time),
                ms(outcome.render_time),
                ms(outcome.write_time)
            ),
        },
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            let mut text = report::to_text(&loaded.sources, &outcome.diagnostics);
            text.push_str(&format!("error: {}\n", failure.message));
            Built {
                result: Err(text),
                line: failed_line(total, &args.out),
            }
        }
    }
}

fn failed_line(took: Duration, out: &Path) -> String {
    format!(
        "build failed in {}; {} keeps the editions of the last good build",
        ms(took),
        out.display()
    )
}

/// A duration in milliseconds with one decimal, as the rebuild line prints it.
fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The folder `path` is in, resolved.
fn folder_of(path: &Path) -> Option<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok()
}

/// The watched folders and the input files whose events count.
#[derive(Default)]
struct Folders {
    /// The folders watched now.
    watched: BTreeSet<PathBuf>,
    /// The inputs of the last good build (resolved paths).
    inputs: BTreeSet<PathBuf>,
    /// The source (resolved), which counts even before a first good build.
    source: Option<PathBuf>,
    /// The last build failed: a file appearing, going or renamed in a watched folder
    /// counts too (it may be the image the build could not read). Changes to the
    /// contents of other files do not: a log file written beside the source by this
    /// very process would otherwise rebuild for ever.
    any_change: bool,
}

impl Folders {
    /// Watches the folders of `inputs` (and of the source), drops the others. After a
    /// failed build (`inputs` is `None`) the folders only grow.
    ///
    /// A folder watched only from now on may hold an input that changed after the build
    /// that found it started (and before the watch), whose event never comes: then the
    /// answer is `true`, rebuild at once. File times lag the clock by up to a kernel
    /// tick, so "after" has a margin ([`MISSED_MARGIN`]); an extra rebuild is harmless.
    fn update(
        &mut self,
        debouncer: &mut Debouncer<RecommendedWatcher, RecommendedCache>,
        inputs: Option<Vec<PathBuf>>,
        source_folder: Option<PathBuf>,
        source_name: Option<&OsStr>,
        build_started: Option<SystemTime>,
    ) -> Result<bool, u8> {
        self.any_change = inputs.is_none();
        if let Some(folder) = &source_folder {
            self.source = source_name.map(|name| folder.join(name));
        }
        let mut wanted: BTreeSet<PathBuf> = source_folder.into_iter().collect();
        match inputs {
            Some(inputs) => {
                self.inputs = inputs.into_iter().collect();
                wanted.extend(
                    self.inputs
                        .iter()
                        .filter_map(|p| p.parent().map(Path::to_path_buf)),
                );
            }
            None => wanted.extend(self.watched.iter().cloned()),
        }
        for gone in self.watched.difference(&wanted) {
            // A folder that no longer exists is no longer watched anyway.
            let _ = debouncer.unwatch(gone);
        }
        let mut missed = false;
        for new in wanted.difference(&self.watched) {
            if let Err(e) = debouncer.watch(new, RecursiveMode::NonRecursive) {
                eprintln!("warning: cannot watch {}: {e}", new.display());
            }
            let since = build_started.and_then(|t| t.checked_sub(MISSED_MARGIN));
            missed |= since.is_some_and(|since| {
                self.inputs
                    .iter()
                    .filter(|input| input.parent() == Some(new.as_path()))
                    .filter_map(|input| std::fs::metadata(input).and_then(|m| m.modified()).ok())
                    .any(|modified| modified >= since)
            });
        }
        self.watched = wanted;
        if self.watched.is_empty() {
            eprintln!("error: the folder of the source cannot be watched");
            return Err(EXIT_CONTENT);
        }
        Ok(missed)
    }

    /// Whether a change of `kind` to `path` calls for a rebuild.
    fn counts(&self, kind: &EventKind, path: &Path, out: Option<&Path>) -> bool {
        // The build's own writes (the output folder, the commit's lock and stage) never
        // count, even when the output is written beside the source.
        let ours = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(".quire"));
        if ours || out.is_some_and(|out| path.starts_with(out)) {
            return false;
        }
        let appeared_or_went = matches!(
            kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        );
        self.inputs.contains(path)
            || self.source.as_deref() == Some(path)
            || (self.any_change
                && appeared_or_went
                && path.parent().is_some_and(|p| self.watched.contains(p)))
    }
}

/// Waits until a change that counts arrives (several arriving together are one).
fn wait(rx: &Receiver<DebounceEventResult>, folders: &Folders, out: &Path) -> Result<(), u8> {
    let out = std::fs::canonicalize(out).ok();
    let mut changed = false;
    loop {
        // Block for the first batch that counts, then take the batches that follow it
        // within a tick.
        let next = if changed {
            match rx.recv_timeout(TICK + TICK / 5) {
                Ok(batch) => batch,
                Err(RecvTimeoutError::Timeout) => return Ok(()),
                Err(RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(batch) => batch,
                Err(_) => break,
            }
        };
        match next {
            Ok(events) => {
                changed |= events.iter().any(|event| {
                    !matches!(event.kind, EventKind::Access(_))
                        && event
                            .paths
                            .iter()
                            .any(|p| folders.counts(&event.kind, p, out.as_deref()))
                });
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching files: {e}");
                }
            }
        }
    }
    eprintln!("error: the file watcher stopped");
    Err(EXIT_CONTENT)
}
