//! Data safety of `quire build` (issue 15): whatever happens to a build — killed at any
//! moment, run twice at once into one folder — the output folder holds one complete,
//! consistent set of editions, old or new, and the next build leaves no temporaries.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use quire_tests::{quire_bin, quire_in};

/// A source whose three editions all carry `title`.
fn source(dir: &Path, name: &str, title: &str) {
    let body = format!(
        "---\ntitle: \"{title}\"\n---\n\n{}",
        "A paragraph of text to set.\n\n".repeat(200)
    );
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), body).unwrap();
}

/// The title each edition in `out` carries (HTML `<title>`, EPUB `dc:title`, PDF
/// `/Title`), or `None` for an edition that is missing or does not parse.
fn titles(out: &Path) -> [Option<String>; 3] {
    let html = std::fs::read_to_string(out.join("a.html"))
        .ok()
        .and_then(|h| {
            let t = h.split("<title>").nth(1)?.split("</title>").next()?;
            Some(t.to_string())
        });
    let epub = std::fs::read(out.join("a.epub")).ok().and_then(|b| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(b)).ok()?;
        let name = (0..zip.len()).find_map(|i| {
            let n = zip.by_index(i).ok()?.name().to_string();
            n.ends_with(".opf").then_some(n)
        })?;
        let mut opf = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&name).ok()?, &mut opf).ok()?;
        let t = opf
            .split("<dc:title")
            .nth(1)?
            .split('>')
            .nth(1)?
            .split('<')
            .next()?;
        Some(t.to_string())
    });
    let pdf = std::fs::read(out.join("a.pdf")).ok().and_then(|b| {
        let doc = lopdf::Document::load_mem(&b).ok()?;
        let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
        let title = doc.get_dictionary(info).ok()?.get(b"Title").ok()?;
        Some(crate::pdf_text::text_string(title.as_str().ok()?))
    });
    [html, epub, pdf]
}

fn leftovers(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("stage") || n.ends_with(".tmp"))
        .collect()
}

fn assert_one_set(out: &Path, allowed: &[&str]) -> String {
    let [html, epub, pdf] = titles(out);
    let html = html.expect("a complete web edition");
    assert_eq!(
        epub.as_deref(),
        Some(html.as_str()),
        "EPUB from another build"
    );
    assert_eq!(
        pdf.as_deref(),
        Some(html.as_str()),
        "PDF from another build"
    );
    assert!(allowed.contains(&html.as_str()), "{html}");
    html
}

#[test]
fn a_build_killed_at_any_moment_leaves_one_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    source(dir.path(), "a.md", "Old");
    let first = quire_in(dir.path(), &["build", "a.md", "--out", "out", "-q"]);
    assert!(first.status.success());
    let mut seen_new = false;
    for step in 0..12u64 {
        let title = if step % 2 == 0 { "New" } else { "Old" };
        source(dir.path(), "a.md", title);
        let mut child = Command::new(quire_bin())
            .args(["build", "a.md", "--out", "out", "-q"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1737000000")
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(25 * step));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Whatever moment it died at: the old set or the new one, never a mix — or an
        // interrupted commit that the next build finishes first.
        if !out.join(".quire-stage/COMMIT").exists() {
            let got = assert_one_set(&out, &["Old", "New"]);
            seen_new |= got == "New";
        }
        // The next build cleans up and commits a whole set.
        let next = quire_in(dir.path(), &["build", "a.md", "--out", "out", "-q"]);
        assert!(
            next.status.success(),
            "{}",
            String::from_utf8_lossy(&next.stderr)
        );
        assert_eq!(assert_one_set(&out, &[title]), title);
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    }
    let _ = seen_new;
}

#[test]
fn two_builds_at_once_into_one_folder_leave_one_set() {
    let dir = tempfile::tempdir().unwrap();
    source(&dir.path().join("one"), "a.md", "One");
    source(&dir.path().join("two"), "a.md", "Two");
    let out = dir.path().join("out");
    for _ in 0..4 {
        let spawn = |which: &str| {
            Command::new(quire_bin())
                .args(["build", &format!("{which}/a.md"), "--out", "out", "-q"])
                .current_dir(dir.path())
                .env("SOURCE_DATE_EPOCH", "1737000000")
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn("one"), spawn("two"));
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        assert_one_set(&out, &["One", "Two"]);
        assert!(leftovers(&out).is_empty());
    }
}

/// A small tmpfs, unmounted when dropped; `None` where this machine cannot mount one
/// (not root, or no mount privilege in the sandbox).
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_the_previous_set_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let Some(_disk) = Tmpfs::mount(&out, "400k") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root)");
        return;
    };
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: \"Small\"\n---\n\nShort.\n",
    )
    .unwrap();
    let small = quire_in(dir.path(), &["build", "a.md", "--out", "out", "-q"]);
    assert!(
        small.status.success(),
        "{}",
        String::from_utf8_lossy(&small.stderr)
    );
    // Far more than the 400 KB left: every edition of a long text.
    let long = format!(
        "---\ntitle: \"Large\"\n---\n\n{}",
        "Words to fill the disk up. ".repeat(40_000)
    );
    std::fs::write(dir.path().join("a.md"), long).unwrap();
    let full = quire_in(dir.path(), &["build", "a.md", "--out", "out", "-q"]);
    assert_eq!(
        full.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&full.stderr)
    );
    assert!(String::from_utf8_lossy(&full.stderr).contains("nothing was changed"));
    assert_eq!(assert_one_set(&out, &["Small"]), "Small");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn a_read_only_folder_is_an_error_that_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let Some(_disk) = Tmpfs::mount(&out, "4m") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root)");
        return;
    };
    source(dir.path(), "a.md", "Before");
    let first = quire_in(dir.path(), &["build", "a.md", "--out", "out", "-q"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // Read-only even for root: the file system refuses every write.
    let ro = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(ro.success());
    source(dir.path(), "a.md", "After");
    let denied = quire_in(dir.path(), &["build", "a.md", "--out", "out", "-q"]);
    assert_eq!(
        denied.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&denied.stderr)
    );
    assert!(
        String::from_utf8_lossy(&denied.stderr).contains("cannot"),
        "a clear message"
    );
    assert_eq!(assert_one_set(&out, &["Before"]), "Before");
}
