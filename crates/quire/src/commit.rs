//! Committing a build's editions all or none.
//!
//! 1. Under an exclusive lock on `OUT/.quire.lock` (a second build into the same folder
//!    waits; the lock dies with the process), leftovers of an interrupted build are dealt
//!    with: a stage folder without its `COMMIT` mark is deleted, one with it is finished.
//! 2. Every edition is written and synced into a fresh stage folder `OUT/.quire-stage/`:
//!    a one-file edition as `NAME.EXT`, an edition that is a folder (a book's web site)
//!    as the whole folder `NAME/`.
//! 3. `COMMIT` is written there (the point of no return), then each edition is renamed
//!    over its target (renames within one file system: each file is always either the
//!    old or the new complete one). A folder cannot be renamed over a folder, so the old
//!    one is first renamed into the stage folder and the new one into its place: a
//!    reader sees the old site or the new one, never a mix (for the microseconds between
//!    the two renames, none), and pages an earlier build wrote that this one does not go
//!    with the old folder. The manifest `OUT/.quire-manifest` names the set (a folder
//!    with a trailing `/`), and the stage folder is removed, old folders with it.
//!
//! A build that fails anywhere before step 3 leaves `OUT` as it was. One killed during
//! the renames of step 3 (microseconds) is completed by the next `quire build` into the
//! same folder, before it does anything else. A target that is one of the build's own
//! inputs (the source, the annotation file, an image) is refused before anything is
//! written, and so is a folder edition that holds one; the paths of a folder's files
//! must be relative and stay inside it (no `..`, no absolute path), or nothing is
//! written.

use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use quire::Loaded;
use quire_doc::Rendered;

const STAGE: &str = ".quire-stage";
const MARK: &str = "COMMIT";
const MANIFEST: &str = ".quire-manifest";
const LOCK: &str = ".quire.lock";
/// Inside the stage folder: where folder editions replaced by this build wait to be
/// removed with the stage.
const OLD: &str = ".quire-old";

/// Why the editions could not be committed.
#[derive(Debug)]
pub enum CommitError {
    /// A target is an input of the build.
    OverInput(PathBuf),
    /// An edition's name or one of its files' paths would leave its place (a bug in
    /// the backend that made it).
    BadPath(String),
    /// The file system said no.
    Io(String, std::io::Error),
}

impl CommitError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CommitError::OverInput(_) => crate::EXIT_USAGE,
            CommitError::Io(..) | CommitError::BadPath(_) => crate::EXIT_CONTENT,
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
            CommitError::BadPath(p) => write!(
                f,
                "an edition would write `{p}`, outside its place (this is a bug in quire); nothing was changed"
            ),
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
    files.extend(loaded.annotations.iter().map(|(file, _)| file.clone()));
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

/// Writes `editions` into `out`, all or none: each is (name, rendered), a file `name`
/// or, when the rendering is a folder ([`Rendered::is_folder`]), the folder `name/`.
pub fn commit(
    out: &Path,
    editions: &[(String, Rendered)],
    inputs: &[PathBuf],
) -> Result<(), CommitError> {
    for (name, rendered) in editions {
        if !plain_name(name) {
            return Err(CommitError::BadPath(name.clone()));
        }
        for (path, _) in &rendered.files {
            if !relative_path(path) {
                return Err(CommitError::BadPath(format!("{name}/{path}")));
            }
        }
    }
    std::fs::create_dir_all(out).map_err(io(|| format!("create {}", out.display())))?;
    let real_out = std::fs::canonicalize(out).map_err(io(|| format!("open {}", out.display())))?;
    for (name, rendered) in editions {
        let target = real_out.join(name);
        if rendered.is_folder() {
            // The whole folder is replaced: no input may live in it.
            let real = std::fs::canonicalize(&target).unwrap_or_else(|_| target.clone());
            if let Some(input) = inputs
                .iter()
                .find(|i| i.starts_with(&target) || i.starts_with(&real))
            {
                return Err(CommitError::OverInput(input.clone()));
            }
            continue;
        }
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
        let mut names = String::new();
        for (name, rendered) in editions {
            if rendered.is_folder() {
                let folder = stage.join(name);
                std::fs::create_dir(&folder)?;
                for (path, bytes) in &rendered.files {
                    let file = folder.join(path);
                    if let Some(parent) = file.parent() {
                        std::fs::create_dir_all(parent)?;
                    }
                    write_synced(&file, bytes)?;
                }
                names.push_str(&format!("{name}/\n"));
            } else {
                write_synced(&stage.join(name), &rendered.bytes)?;
                names.push_str(&format!("{name}\n"));
            }
        }
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

/// An edition's name: one path component, not hidden as quire's own files are.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\'])
        && name != "."
        && name != ".."
        && !name.starts_with(".quire")
}

/// A path inside a folder edition: `/`-separated, relative, with no `.`, `..` or empty
/// component and no backslash.
fn relative_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
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

/// Step 3: moves every staged edition over its target, manifest last, then removes the
/// stage (and the folders it replaced). Run again after an interruption, it finishes
/// what is left: a folder already moved is not in the stage any more.
fn finish(out: &Path) -> Result<(), CommitError> {
    let stage = out.join(STAGE);
    let names = std::fs::read_to_string(stage.join(MANIFEST)).unwrap_or_default();
    for line in names.lines() {
        let (name, folder) = match line.strip_suffix('/') {
            Some(name) => (name, true),
            None => (line, false),
        };
        if !plain_name(name) {
            continue;
        }
        let from = stage.join(name);
        if !from.exists() {
            continue;
        }
        let to = out.join(name);
        if folder && std::fs::symlink_metadata(&to).is_ok() {
            let old = stage.join(OLD);
            std::fs::create_dir_all(&old).map_err(io(|| format!("create {}", old.display())))?;
            std::fs::rename(&to, old.join(name))
                .map_err(io(|| format!("move the old {name} aside")))?;
        }
        std::fs::rename(&from, &to).map_err(io(|| format!("move {name} into place")))?;
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
            ("a.pdf".to_string(), Rendered::new(b"1".to_vec())),
            ("a.html".to_string(), Rendered::new(b"2".to_vec())),
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
        let editions = vec![("notes.html".to_string(), Rendered::new(b"edition".to_vec()))];
        assert!(matches!(
            commit(dir.path(), &editions, &inputs),
            Err(CommitError::OverInput(_))
        ));
        assert_eq!(std::fs::read(&source).unwrap(), b"mine");
    }

    fn site(pages: &[(&str, &str)]) -> Rendered {
        Rendered::folder(
            pages
                .iter()
                .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
                .collect(),
        )
    }

    #[test]
    fn a_folder_edition_replaces_the_old_folder_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let first = site(&[
            ("index.html", "1"),
            ("old.html", "1"),
            ("fonts/a.woff", "f"),
        ]);
        commit(out, &[("book".into(), first)], &[]).unwrap();
        assert_eq!(std::fs::read(out.join("book/fonts/a.woff")).unwrap(), b"f");
        let second = site(&[("index.html", "2"), ("fonts/a.woff", "g")]);
        let pdf = Rendered::new(b"pdf".to_vec());
        commit(
            out,
            &[("book".into(), second), ("book.pdf".into(), pdf)],
            &[],
        )
        .unwrap();
        assert_eq!(std::fs::read(out.join("book/index.html")).unwrap(), b"2");
        assert!(!out.join("book/old.html").exists(), "a stale page is gone");
        assert_eq!(std::fs::read(out.join("book.pdf")).unwrap(), b"pdf");
        assert!(!out.join(STAGE).exists());
        assert_eq!(
            std::fs::read_to_string(out.join(MANIFEST)).unwrap(),
            "book/\nbook.pdf\n"
        );
    }

    #[test]
    fn a_folder_interrupted_between_its_renames_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        // The old folder was moved aside, the new one not yet in place.
        std::fs::create_dir_all(out.join(STAGE).join("book")).unwrap();
        std::fs::write(out.join(STAGE).join("book/index.html"), b"new").unwrap();
        std::fs::create_dir_all(out.join(STAGE).join(OLD).join("book")).unwrap();
        std::fs::write(out.join(STAGE).join(MANIFEST), b"book/\n").unwrap();
        std::fs::write(out.join(STAGE).join(MARK), b"").unwrap();
        recover(out).unwrap();
        assert_eq!(std::fs::read(out.join("book/index.html")).unwrap(), b"new");
        assert!(!out.join(STAGE).exists());
    }

    #[test]
    fn folder_paths_must_stay_inside_and_inputs_are_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x.html", "/etc/x", "a//b", "./a", "a\\b", ""] {
            let r = commit(dir.path(), &[("book".into(), site(&[(bad, "x")]))], &[]);
            assert!(matches!(r, Err(CommitError::BadPath(_))), "{bad:?}");
        }
        assert!(matches!(
            commit(dir.path(), &[("../up".into(), site(&[("a", "x")]))], &[]),
            Err(CommitError::BadPath(_))
        ));
        // A book whose site would replace the folder holding its own sources.
        let book = dir.path().join("book");
        std::fs::create_dir(&book).unwrap();
        std::fs::write(book.join("one.md"), b"# One").unwrap();
        let inputs = vec![std::fs::canonicalize(book.join("one.md")).unwrap()];
        assert!(matches!(
            commit(
                dir.path(),
                &[("book".into(), site(&[("index.html", "x")]))],
                &inputs
            ),
            Err(CommitError::OverInput(_))
        ));
        assert_eq!(std::fs::read(book.join("one.md")).unwrap(), b"# One");
        assert!(!dir.path().join(STAGE).exists());
    }
}
