//! Committing a build's editions all or none.
//!
//! 1. Under an exclusive lock on `OUT/.quire.lock` (a second build into the same folder
//!    waits; the lock dies with the process), leftovers of an interrupted build are dealt
//!    with: a stage folder without its `COMMIT` mark is deleted, one with it is finished.
//! 2. Every edition is written and synced into a fresh stage folder `OUT/.quire-stage/`.
//! 3. `COMMIT` is written there (the point of no return), then each edition is renamed
//!    over its target (renames within one file system: each file is always either the
//!    old or the new complete one), the manifest `OUT/.quire-manifest` names the set,
//!    and the stage folder is removed.
//!
//! A build that fails anywhere before step 3 leaves `OUT` as it was. One killed during
//! the renames of step 3 (microseconds) is completed by the next `quire build` into the
//! same folder, before it does anything else. A target that is one of the build's own
//! inputs (the source, the annotation file, an image) is refused before anything is
//! written.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use quire::Loaded;

const STAGE: &str = ".quire-stage";
const MARK: &str = "COMMIT";
const MANIFEST: &str = ".quire-manifest";
const LOCK: &str = ".quire.lock";

/// Why the editions could not be committed.
#[derive(Debug)]
pub enum CommitError {
    /// A target is an input of the build.
    OverInput(PathBuf),
    /// The file system said no.
    Io(String, std::io::Error),
}

impl CommitError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CommitError::OverInput(_) => crate::EXIT_USAGE,
            CommitError::Io(..) => crate::EXIT_CONTENT,
        }
    }
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommitError::OverInput(p) => write!(
                f,
                "{} is an input of this build; refusing to write an edition over it (choose another --out)",
                p.display()
            ),
            CommitError::Io(what, e) => write!(f, "cannot {what}: {e}; nothing was changed"),
        }
    }
}

fn io(what: impl Fn() -> String) -> impl FnOnce(std::io::Error) -> CommitError {
    move |e| CommitError::Io(what(), e)
}

/// The files a build read, resolved: no edition is written over one of them, and
/// `quire watch` rebuilds when one changes.
pub fn inputs(loaded: &Loaded, source: &Path) -> Vec<PathBuf> {
    let mut files = vec![source.to_path_buf()];
    if let Some((file, _)) = &loaded.annotations {
        files.push(file.clone());
    }
    for (src, _) in loaded.assets.images() {
        files.push(loaded.base_dir.join(src));
    }
    // A book's manifest, chapters and included files: every source read under its name.
    if loaded.book.is_some() {
        files.extend(
            loaded
                .sources
                .files()
                .iter()
                .map(|f| PathBuf::from(&f.name)),
        );
    }
    files.extend(loaded.font_files.iter().cloned());
    files
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect()
}

/// Writes `editions` (file name, bytes) into `out`, all or none.
pub fn commit(
    out: &Path,
    editions: &[(String, Vec<u8>)],
    inputs: &[PathBuf],
) -> Result<(), CommitError> {
    std::fs::create_dir_all(out).map_err(io(|| format!("create {}", out.display())))?;
    let real_out = std::fs::canonicalize(out).map_err(io(|| format!("open {}", out.display())))?;
    for (name, _) in editions {
        let target = real_out.join(name);
        let target = std::fs::canonicalize(&target).unwrap_or(target);
        if inputs.contains(&target) {
            return Err(CommitError::OverInput(target));
        }
    }
    let lock = File::create(out.join(LOCK)).map_err(io(|| format!("lock {}", out.display())))?;
    lock.lock()
        .map_err(io(|| format!("lock {}", out.display())))?;
    recover(out)?;
    let stage = out.join(STAGE);
    std::fs::create_dir(&stage).map_err(io(|| format!("create {}", stage.display())))?;
    let staged = (|| {
        for (name, bytes) in editions {
            write_synced(&stage.join(name), bytes)?;
        }
        let names: String = editions.iter().map(|(n, _)| format!("{n}\n")).collect();
        write_synced(&stage.join(MANIFEST), names.as_bytes())?;
        write_synced(&stage.join(MARK), b"")
    })();
    if let Err(e) = staged {
        let _ = std::fs::remove_dir_all(&stage);
        return Err(CommitError::Io(format!("write into {}", out.display()), e));
    }
    finish(out)?;
    drop(lock);
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

/// Deals with what an interrupted build left: no mark, roll back; a mark, roll forward.
/// Temporaries of older versions of quire are removed too.
fn recover(out: &Path) -> Result<(), CommitError> {
    if let Ok(entries) = std::fs::read_dir(out) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".quire-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let stage = out.join(STAGE);
    if !stage.exists() {
        return Ok(());
    }
    if stage.join(MARK).exists() {
        finish(out)
    } else {
        std::fs::remove_dir_all(&stage).map_err(io(|| format!("clean {}", stage.display())))
    }
}

/// Step 3: moves every staged file over its target, manifest last, then removes the stage.
fn finish(out: &Path) -> Result<(), CommitError> {
    let stage = out.join(STAGE);
    let names = std::fs::read_to_string(stage.join(MANIFEST)).unwrap_or_default();
    for name in names.lines().filter(|n| !n.is_empty() && !n.contains('/')) {
        let from = stage.join(name);
        if from.exists() {
            std::fs::rename(&from, out.join(name))
                .map_err(io(|| format!("move {name} into place")))?;
        }
    }
    let manifest = stage.join(MANIFEST);
    if manifest.exists() {
        std::fs::rename(&manifest, out.join(MANIFEST))
            .map_err(io(|| "write the manifest".into()))?;
    }
    if let Ok(dir) = File::open(out) {
        let _ = dir.sync_all();
    }
    std::fs::remove_dir_all(&stage).map_err(io(|| format!("clean {}", stage.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_all_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let editions = vec![
            ("a.pdf".to_string(), b"1".to_vec()),
            ("a.html".to_string(), b"2".to_vec()),
        ];
        commit(&out, &editions, &[]).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".quire-manifest", ".quire.lock", "a.html", "a.pdf"]);
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"2");
    }

    #[test]
    fn an_interrupted_stage_is_rolled_back_or_forward() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.pdf"), b"old").unwrap();
        // Killed before the mark: the old edition stays.
        std::fs::create_dir(out.join(STAGE)).unwrap();
        std::fs::write(out.join(STAGE).join("a.pdf"), b"half").unwrap();
        recover(out).unwrap();
        assert_eq!(std::fs::read(out.join("a.pdf")).unwrap(), b"old");
        assert!(!out.join(STAGE).exists());
        // Killed after the mark: the new set is completed.
        std::fs::create_dir(out.join(STAGE)).unwrap();
        std::fs::write(out.join(STAGE).join("a.pdf"), b"new").unwrap();
        std::fs::write(out.join(STAGE).join(MANIFEST), b"a.pdf\n").unwrap();
        std::fs::write(out.join(STAGE).join(MARK), b"").unwrap();
        recover(out).unwrap();
        assert_eq!(std::fs::read(out.join("a.pdf")).unwrap(), b"new");
        assert!(!out.join(STAGE).exists());
    }

    #[test]
    fn refuses_to_write_over_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("notes.html");
        std::fs::write(&source, b"mine").unwrap();
        let inputs = vec![std::fs::canonicalize(&source).unwrap()];
        let editions = vec![("notes.html".to_string(), b"edition".to_vec())];
        assert!(matches!(
            commit(dir.path(), &editions, &inputs),
            Err(CommitError::OverInput(_))
        ));
        assert_eq!(std::fs::read(&source).unwrap(), b"mine");
    }
}
