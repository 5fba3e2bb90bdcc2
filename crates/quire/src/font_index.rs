//! The faces the font search chooses from: the project's folders, scanned each build
//! (they are small), and the system's, scanned once and then kept in a cache file until
//! something they were found in changes.
//!
//! Scanning the system parses the `name` and `OS/2` tables of every installed face
//! (`fontdb`, which also reads fontconfig's folder list). With 321 faces that is 17 ms,
//! paid by every build whose text has a character the embedded fonts lack (the article's
//! notes hold Chinese words), and it grows with the machine's fonts, not the document.
//! fontconfig keeps a cache for the same reason; this is Quire's, in
//! `$XDG_CACHE_HOME/quire` (`~/.cache/quire`; `~/Library/Caches/quire` on macOS,
//! `%LOCALAPPDATA%\quire` on Windows), or `$QUIRE_CACHE_DIR`. `QUIRE_CACHE=off` turns it
//! off.
//!
//! The cache holds the faces and a stamp (size and modification time, or absence) of
//! everything that decides them: each font file, each folder above one (a font added
//! beside others, or in a new folder, changes one of them), fontconfig's configuration
//! files and folders, the usual font folders of each platform, and the environment
//! variables that name them. When any stamp differs the system is scanned again. What it
//! cannot see: a font copied into a folder that held no font before and whose parent did
//! not change (an empty folder made earlier); `QUIRE_CACHE=off`, or deleting the file,
//! scans anew. Builds are the same either way: the search ranks faces by family, style,
//! file and index, never by the order they were found in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// One face of a font file, as the search ranks it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FaceRecord {
    /// The file (canonical, as `fontdb` found it).
    pub path: PathBuf,
    /// The face's index in the file (collections hold several).
    pub index: u32,
    /// The first family name, or the PostScript name of a face that has none.
    pub family: String,
    /// Upright (not italic or oblique).
    pub upright: bool,
    /// The `OS/2` weight class.
    pub weight: u16,
}

/// The faces of the font files in `folders` (recursively), in path and index order.
pub fn scan(folders: &[PathBuf]) -> Vec<FaceRecord> {
    let mut db = fontdb::Database::new();
    for folder in folders {
        db.load_fonts_dir(folder);
    }
    records(&db)
}

/// The system's faces, from the cache when it is current.
pub fn system_faces() -> Vec<FaceRecord> {
    let file = cache_file();
    let roots = roots();
    if let Some(faces) = file.as_deref().and_then(|f| read_cache(f, &roots)) {
        return faces;
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let faces = records(&db);
    if let Some(file) = file {
        write_cache(&file, &faces, &roots);
    }
    faces
}

fn records(db: &fontdb::Database) -> Vec<FaceRecord> {
    let faces: BTreeSet<FaceRecord> = db
        .faces()
        .filter_map(|face| {
            let fontdb::Source::File(path) = &face.source else {
                return None;
            };
            Some(FaceRecord {
                path: path.clone(),
                index: face.index,
                family: face
                    .families
                    .first()
                    .map_or_else(|| face.post_script_name.clone(), |(n, _)| n.clone()),
                upright: face.style == fontdb::Style::Normal,
                weight: face.weight.0,
            })
        })
        .collect();
    faces.into_iter().collect()
}

/// What the cache file holds.
#[derive(Serialize, Deserialize)]
struct Cache {
    format: u32,
    env: Vec<(String, Option<String>)>,
    stamps: Vec<Stamp>,
    faces: Vec<FaceRecord>,
}

/// A path's size and modification time (seconds, nanoseconds), or `None` if absent.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    path: PathBuf,
    seen: Option<(u64, u64, u32)>,
}

/// Raised when the cache's meaning changes, so an old file is scanned over.
const FORMAT: u32 = 1;

/// The variables that move the system's font folders.
const ENV: [&str; 8] = [
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "SYSTEMROOT",
    "USERPROFILE",
    "LOCALAPPDATA",
];

fn cache_file() -> Option<PathBuf> {
    cache_file_in(&|name| std::env::var_os(name))
}

/// The cache file the environment `env` names, if any.
fn cache_file_in(env: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    if var("QUIRE_CACHE").is_some_and(|v| v == "off") {
        return None;
    }
    let dir = if let Some(dir) = var("QUIRE_CACHE_DIR") {
        PathBuf::from(dir)
    } else if cfg!(windows) {
        PathBuf::from(var("LOCALAPPDATA")?).join("quire")
    } else if cfg!(target_os = "macos") {
        PathBuf::from(var("HOME")?).join("Library/Caches/quire")
    } else if let Some(cache) = var("XDG_CACHE_HOME") {
        PathBuf::from(cache).join("quire")
    } else {
        PathBuf::from(var("HOME")?).join(".cache/quire")
    };
    Some(dir.join("system-fonts.json"))
}

fn env() -> Vec<(String, Option<String>)> {
    ENV.iter()
        .map(|name| (name.to_string(), std::env::var(name).ok()))
        .collect()
}

/// The font folders and configuration of every platform, and the folders and files the
/// environment names (see the module docs).
fn roots() -> BTreeSet<PathBuf> {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    let home = var("HOME");
    let config = var("XDG_CONFIG_HOME").or_else(|| home.as_ref().map(|h| h.join(".config")));
    let data = var("XDG_DATA_HOME").or_else(|| home.as_ref().map(|h| h.join(".local/share")));
    let mut out: BTreeSet<PathBuf> = [
        "/etc/fonts",
        "/etc/fonts/conf.d",
        "/etc/fonts/fonts.conf",
        "/etc/fonts/local.conf",
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
        "/System/Library/AssetsV2",
        "/Network/Library/Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(config) = config {
        for p in ["fontconfig", "fontconfig/fonts.conf", "fontconfig/conf.d"] {
            out.insert(config.join(p));
        }
    }
    if let Some(data) = data {
        out.insert(data.join("fonts"));
    }
    if let Some(home) = &home {
        out.insert(home.join(".fonts"));
        out.insert(home.join("Library/Fonts"));
    }
    if let Some(file) = var("FONTCONFIG_FILE") {
        out.insert(file);
    }
    if let Some(root) = var("SYSTEMROOT") {
        out.insert(root.join("Fonts"));
    }
    if let Some(profile) = var("USERPROFILE") {
        out.insert(profile.join("AppData/Local/Microsoft/Windows/Fonts"));
        out.insert(profile.join("AppData/Roaming/Microsoft/Windows/Fonts"));
    }
    out
}

/// Every path whose change may change `faces`: `roots`, each face's file, and the folders
/// between a file and the root it is in.
fn watched(faces: &[FaceRecord], roots: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
    let mut out = roots.clone();
    for face in faces {
        out.insert(face.path.clone());
        // The folders above it, up to the font folder it is in (a home folder above
        // `~/.fonts` changes all the time, for nothing), or short of `/` for a folder
        // only fontconfig names.
        for dir in face.path.ancestors().skip(1) {
            if dir.parent().is_none() || !out.insert(dir.to_path_buf()) || roots.contains(dir) {
                break;
            }
        }
    }
    out
}

fn stamp(path: &Path) -> Stamp {
    let seen = std::fs::metadata(path).ok().map(|m| {
        let modified = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .unwrap_or_default();
        (m.len(), modified.as_secs(), modified.subsec_nanos())
    });
    Stamp {
        path: path.to_path_buf(),
        seen,
    }
}

/// The cached faces, if the file is there, readable and current.
fn read_cache(file: &Path, roots: &BTreeSet<PathBuf>) -> Option<Vec<FaceRecord>> {
    let text = std::fs::read(file).ok()?;
    let cache: Cache = serde_json::from_slice(&text).ok()?;
    let current = cache.format == FORMAT
        && cache.env == env()
        && cache.stamps.iter().all(|s| stamp(&s.path) == *s)
        // The watched set follows from the faces: the same paths, or the file is stale.
        && cache.stamps.len() == watched(&cache.faces, roots).len();
    current.then_some(cache.faces)
}

/// Writes the cache, atomically (several builds may scan at once); a cache that cannot
/// be written only means the next build scans too.
fn write_cache(file: &Path, faces: &[FaceRecord], roots: &BTreeSet<PathBuf>) {
    let Some(dir) = file.parent() else { return };
    // The folder first: making it may touch a watched folder above it.
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        let cache = Cache {
            format: FORMAT,
            env: env(),
            stamps: watched(faces, roots).iter().map(|p| stamp(p)).collect(),
            faces: faces.to_vec(),
        };
        let json = serde_json::to_vec(&cache).map_err(std::io::Error::other)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut tmp, &json)?;
        tmp.persist(file).map_err(|e| e.error)?;
        Ok(())
    });
    // Deliberately quiet: the cache is an optimisation, and the build does not depend on it.
    drop(written);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts")
    }

    #[test]
    fn a_folder_scan_names_each_face_once_in_order() {
        let faces = scan(&[fonts_dir()]);
        let families: BTreeSet<&str> = faces.iter().map(|f| f.family.as_str()).collect();
        assert!(families.contains("Libertinus Serif"), "{families:?}");
        assert!(families.contains("DejaVu Sans"), "{families:?}");
        assert!(faces.windows(2).all(|w| w[0] < w[1]));
        let bold = faces
            .iter()
            .find(|f| f.path.ends_with("LibertinusSerif-Bold.otf"))
            .expect("bold");
        assert!(bold.upright && bold.weight >= 600, "{bold:?}");
        let italic = faces
            .iter()
            .find(|f| f.path.ends_with("LibertinusSerif-Italic.otf"))
            .expect("italic");
        assert!(!italic.upright);
    }

    #[test]
    fn the_cache_file_is_where_the_environment_says_or_nowhere() {
        let at = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            cache_file_in(&move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.into()))
        };
        let file = |p: &str| Some(PathBuf::from(p).join("system-fonts.json"));
        assert_eq!(at(&[("QUIRE_CACHE_DIR", "/c"), ("HOME", "/h")]), file("/c"));
        assert_eq!(
            at(&[("QUIRE_CACHE", "off"), ("QUIRE_CACHE_DIR", "/c")]),
            None
        );
        if cfg!(all(unix, not(target_os = "macos"))) {
            assert_eq!(at(&[("HOME", "/h")]), file("/h/.cache/quire"));
            assert_eq!(
                at(&[("HOME", "/h"), ("XDG_CACHE_HOME", "/x")]),
                file("/x/quire")
            );
            assert_eq!(at(&[]), None);
        }
    }

    #[test]
    fn the_cache_holds_until_a_watched_path_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fonts = dir.path().join("fonts");
        std::fs::create_dir(&fonts).expect("fonts dir");
        std::fs::copy(
            fonts_dir().join("DejaVuSans.ttf"),
            fonts.join("DejaVuSans.ttf"),
        )
        .expect("copy");
        let faces = scan(std::slice::from_ref(&fonts));
        assert_eq!(faces.len(), 1);
        let file = dir.path().join("cache/system-fonts.json");
        // The temporary folder stands for a font root: the folders above it (`/tmp`)
        // change whenever another test makes a file.
        let roots = BTreeSet::from([dir.path().to_path_buf()]);
        write_cache(&file, &faces, &roots);
        assert_eq!(read_cache(&file, &roots).as_deref(), Some(&faces[..]));

        // A font added beside it changes the folder's stamp.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::copy(
            fonts_dir().join("JetBrainsMono-Regular.ttf"),
            fonts.join("JetBrainsMono-Regular.ttf"),
        )
        .expect("copy");
        assert_eq!(read_cache(&file, &roots), None);
        let faces = scan(std::slice::from_ref(&fonts));
        write_cache(&file, &faces, &roots);
        assert_eq!(read_cache(&file, &roots).map(|f| f.len()), Some(2));

        // A font file rewritten in place changes its own stamp.
        std::fs::write(fonts.join("DejaVuSans.ttf"), b"not a font any more").expect("write");
        assert_eq!(read_cache(&file, &roots), None);

        // A broken cache file is no cache.
        std::fs::write(&file, b"{").expect("write");
        assert_eq!(read_cache(&file, &roots), None);
    }
}
