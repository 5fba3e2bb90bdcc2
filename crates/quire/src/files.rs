//! Reading a file the document needs, safely: only regular files, never more than a
//! limit that is checked with `metadata()` before any byte is read, and (for resources)
//! only inside the project folder once symlinks are resolved.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug)]
pub enum FileProblem {
    /// It does not exist.
    Missing,
    /// A folder, FIFO, device or socket.
    NotAFile,
    /// Larger than the limit (its size, the limit).
    TooLarge(u64, u64),
    /// Outside the folder resources are confined to (where it really is).
    Outside(PathBuf),
    /// Another I/O error.
    Io(std::io::Error),
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileProblem::Missing => f.write_str("no such file"),
            FileProblem::NotAFile => f.write_str("it is not a regular file"),
            FileProblem::TooLarge(size, limit) => {
                write!(f, "it has {size} bytes, more than the limit of {limit}")
            }
            FileProblem::Outside(real) => write!(
                f,
                "it is outside the project folder (it resolves to {})",
                real.display()
            ),
            FileProblem::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                f.write_str("permission denied")
            }
            FileProblem::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for FileProblem {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => FileProblem::Missing,
            _ => FileProblem::Io(e),
        }
    }
}

/// `path` opened, with its size, if it is a regular file of at most `limit` bytes
/// (checked with `metadata()`, before any byte is read).
fn open_limited(path: &Path, limit: u64) -> Result<(std::fs::File, u64), FileProblem> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(FileProblem::NotAFile);
    }
    if meta.len() > limit {
        return Err(FileProblem::TooLarge(meta.len(), limit));
    }
    Ok((std::fs::File::open(path)?, meta.len()))
}

/// Maps `path` into memory if it is a regular file of at most `limit` bytes: for font
/// files, which are large (a Noto CJK collection is 20–30 MB) and of which a build reads
/// a few hundred kilobytes. Reading one whole cost 19 ms of a 130 ms PDF build
/// (zeroing and copying 26 MB); a map costs only the pages the shaper and the subsetter
/// touch.
pub fn map_limited(path: &Path, limit: u64) -> Result<memmap2::Mmap, FileProblem> {
    let (file, _) = open_limited(path, limit)?;
    // SAFETY: the map is read-only and private. What no Rust code can rule out is another
    // process truncating or rewriting the file while the build runs: the bytes would
    // change under the shaper, or a page beyond the new end would fault. Font files are
    // installed, not edited, and `fontdb` maps these same files to scan them (in this
    // process, moments before), so this adds no exposure the font search did not have.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::MmapOptions::new().map_copy_read_only(&file)? };
    if map.len() as u64 > limit {
        return Err(FileProblem::TooLarge(map.len() as u64, limit));
    }
    Ok(map)
}

/// Reads `path` if it is a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileProblem> {
    let (file, len) = open_limited(path, limit)?;
    // The file may grow between the check and the read: never read past the limit.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::TooLarge(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// `path` with symlinks resolved, if it lies inside `root` (itself resolved).
pub fn confined(path: &Path, root: &Path) -> Result<PathBuf, FileProblem> {
    let real = std::fs::canonicalize(path)?;
    let root = std::fs::canonicalize(root)?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(FileProblem::Outside(real))
    }
}

/// Why a text source could not be read into the source map.
#[derive(Debug)]
pub enum SourceProblem {
    /// The file itself: missing, too large, outside the project …
    File(FileProblem),
    /// Its bytes are not text (the diagnostic points into it; its lossy text is in the
    /// map, so the place can be shown).
    Text(quire_doc::Diagnostic),
}

/// Reads the text source `path` (at most `limit` bytes; inside `root`, symlinks
/// resolved, when one is given), decodes it as Markdown sources are, and registers it in
/// `sources` under the name the user sees. The one way a manifest, a summary, a chapter
/// or an included file is read.
pub fn read_source(
    path: &Path,
    limit: u64,
    root: Option<&Path>,
    sources: &mut quire_doc::SourceMap,
) -> Result<(quire_doc::FileId, String), SourceProblem> {
    if let Some(root) = root {
        confined(path, root).map_err(SourceProblem::File)?;
    }
    let bytes = read_limited(path, limit).map_err(SourceProblem::File)?;
    let name = crate::load::display_name(path);
    let id = sources.next_id();
    match quire_markdown::decode(id, &bytes) {
        Ok(text) => {
            let text = text.to_string();
            sources.add(&name, text.clone());
            Ok((id, text))
        }
        Err(d) => {
            sources.add(&name, String::from_utf8_lossy(&bytes).into_owned());
            Err(SourceProblem::Text(d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_kinds_are_checked_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, b"12345").unwrap();
        assert_eq!(read_limited(&file, 5).unwrap(), b"12345");
        assert!(matches!(
            read_limited(&file, 4),
            Err(FileProblem::TooLarge(5, 4))
        ));
        assert!(matches!(
            read_limited(dir.path(), 9),
            Err(FileProblem::NotAFile)
        ));
        assert!(matches!(
            read_limited(&dir.path().join("none"), 9),
            Err(FileProblem::Missing)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_project_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.png");
        std::fs::write(&secret, b"x").unwrap();
        let project = tempfile::tempdir().unwrap();
        let link = project.path().join("avatar.png");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        assert!(matches!(
            confined(&link, project.path()),
            Err(FileProblem::Outside(_))
        ));
        let inside = project.path().join("ok.png");
        std::fs::write(&inside, b"x").unwrap();
        assert!(confined(&inside, project.path()).is_ok());
        assert!(matches!(
            confined(&project.path().join("../x"), project.path()),
            Err(FileProblem::Missing | FileProblem::Outside(_))
        ));
    }
}
