//! The authoring loop (issue 11, item 7): `quire watch` rebuilds on every change of the
//! files a build read and recovers after a broken edit; `quire serve` serves the output
//! folder with live reload over server-sent events and shows build errors instead of a
//! stale page.
//!
//! Each test runs the real binary on a temporary source and reads its standard error
//! line by line on a thread; every wait has a deadline ([`WAIT`]), so a failure ends the
//! test with the log rather than hanging CI. HTTP is spoken over `TcpStream` by hand.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quire_tests::{quire_bin, quire_in, root};

/// The longest any single step may take, generous for a loaded 2-core machine.
const WAIT: Duration = Duration::from_secs(30);

fn article(dir: &Path, date: &str, word: &str, extra: &str) {
    let text = format!(
        "---\ntitle: \"Watched\"\nlanguage: en\ndate: {date}\n---\n\nThe quick {word} fox jumps over the lazy dog.\n\nA second paragraph.\n{extra}"
    );
    // Written whole and renamed into place, as editors save.
    let tmp = dir.join(".a.md.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, dir.join("a.md")).unwrap();
}

/// A running `quire`, killed when dropped, with its standard error as lines.
struct Running {
    child: Child,
    lines: Receiver<String>,
    log: Arc<Mutex<String>>,
}

impl Running {
    fn start(dir: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(quire_bin())
            .args(args)
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", "1737000000")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start quire");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        let log = Arc::new(Mutex::new(String::new()));
        let all = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                all.lock().unwrap().push_str(&format!("{line}\n"));
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines, log }
    }

    /// The next line that starts with `prefix`; the lines before it are returned too.
    fn until(&self, prefix: &str) -> (String, Vec<String>) {
        let deadline = Instant::now() + WAIT;
        let mut before = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return (line, before),
                Ok(line) => before.push(line),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no line starting with {prefix:?} within {WAIT:?}; quire said:\n{}",
                    self.log.lock().unwrap()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "quire ended before a line starting with {prefix:?}; it said:\n{}",
                    self.log.lock().unwrap()
                ),
            }
        }
    }
}

impl Running {
    /// Waits for rebuilds until `done` holds. A save may give an extra rebuild (events
    /// of one save split over two debouncer batches), so a test never counts them.
    fn built_until(&self, prefix: &str, done: impl Fn() -> bool) {
        let deadline = Instant::now() + WAIT;
        while !done() {
            assert!(
                Instant::now() < deadline,
                "not rebuilt as expected within {WAIT:?}; quire said:\n{}",
                self.log.lock().unwrap()
            );
            self.until(prefix);
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_a_change_and_recovers_from_a_broken_edit() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    article(&src, "2025-01-16", "brown", "");
    let watch = Running::start(
        dir.path(),
        &["watch", "src/a.md", "--to", "html", "--out", "out"],
    );
    let html = dir.path().join("out/a.html");
    let read = || std::fs::read_to_string(&html).unwrap();
    let (line, _) = watch.until("built html in ");
    assert!(line.contains(" ms (load "), "{line}");
    assert!(read().contains("quick brown fox"));

    // One word edited: rebuilt.
    article(&src, "2025-01-16", "crimson", "");
    watch.built_until("built html in ", || read().contains("quick crimson fox"));

    // A broken front matter: the error is printed with its place, nothing is written.
    article(&src, "tomorrow", "violet", "");
    let (line, before) = watch.until("build failed in ");
    assert!(
        line.contains("keeps the editions of the last good build"),
        "{line}"
    );
    let before = before.join("\n");
    assert!(before.contains("error: `date`"), "{before}");
    assert!(before.contains("src/a.md:4:7"), "{before}");
    let kept = read();
    assert!(kept.contains("quick crimson fox") && !kept.contains("violet"));

    // The next good edit recovers.
    article(&src, "2025-01-16", "scarlet", "");
    watch.built_until("built html in ", || read().contains("quick scarlet fox"));

    // A new image reference makes the image (in a folder of its own) an input.
    std::fs::create_dir(src.join("img")).unwrap();
    let png = root().join("tests/fixtures/images");
    std::fs::copy(png.join("dpi96.png"), src.join("img/figure.png")).unwrap();
    article(
        &src,
        "2025-01-16",
        "scarlet",
        "\n![A figure](img/figure.png)\n",
    );
    watch.built_until("built html in ", || {
        read().contains("data:image/png;base64,")
    });
    let first = read();
    // Replaced by another picture, as an editor saves: rebuilt with it.
    let tmp = src.join("img/.figure.tmp");
    std::fs::copy(png.join("dpi300.png"), &tmp).unwrap();
    std::fs::rename(&tmp, src.join("img/figure.png")).unwrap();
    watch.built_until("built html in ", || read() != first);
}

/// A parsed HTTP answer.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

fn get(addr: &str, path: &str, host: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP head");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

/// An open event stream.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(addr: &str) -> Self {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET /_quire/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            head.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        Self(reader)
    }

    /// The next event named `name`, skipping others (a save may give an extra rebuild,
    /// so a test never counts them); its data.
    fn next_named(&mut self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            assert!(Instant::now() < deadline, "no {name} event within {WAIT:?}");
            let (got, data) = self.next();
            if got == name {
                return data;
            }
        }
    }

    /// The next event (name, data), skipping comments and the retry field; the read
    /// timeout bounds the wait.
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), Vec::new());
        loop {
            let mut line = String::new();
            let n = self.0.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches('\n');
            if line.is_empty() {
                if !name.is_empty() {
                    return (name, data.join("\n"));
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push(v.to_string());
            }
        }
    }
}

#[test]
fn serve_serves_the_web_edition_with_live_reload_and_shows_errors() {
    let dir = tempfile::tempdir().unwrap();
    article(dir.path(), "2025-01-16", "brown", "");
    let serve = Running::start(
        dir.path(),
        &["serve", "a.md", "--port", "0", "--out", "out"],
    );
    let (line, _) = serve.until("serving out at http://");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    serve.until("built html in ");

    // `/` is the web edition with the live-reload script; the file is as `build` writes it.
    let page = get(&addr, "/", "localhost");
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(
        page.head.contains("text/html; charset=utf-8"),
        "{}",
        page.head
    );
    let body = String::from_utf8(page.body).unwrap();
    assert!(body.contains("<script data-quire-build=\"1\">"));
    assert!(body.contains("new EventSource(\"/_quire/events\")"));
    assert!(body.contains("quick brown fox"));
    let written = std::fs::read(dir.path().join("out/a.html")).unwrap();
    assert!(!String::from_utf8_lossy(&written).contains("data-quire-build"));
    let built = quire_in(
        dir.path(),
        &["build", "a.md", "--to", "html", "--out", "b", "-q"],
    );
    assert!(built.status.success());
    assert_eq!(
        written,
        std::fs::read(dir.path().join("b/a.html")).unwrap(),
        "serve writes what build writes"
    );
    // Only the web edition is built unless `--to` asks for more.
    assert!(!dir.path().join("out/a.pdf").exists());

    // Paths stay inside the output folder; hidden files and other hosts are refused.
    for path in [
        "/../a.md",
        "/%2e%2e/a.md",
        "/..%2f..%2fCargo.toml",
        "/.quire-manifest",
        "/a.pdf",
    ] {
        let answer = get(&addr, path, "127.0.0.1");
        assert!(
            answer.status == 404 || answer.status == 400,
            "{path}: {}",
            answer.head
        );
    }
    assert_eq!(get(&addr, "/", "attacker.example").status, 403);

    let mut events = Events::open(&addr);
    assert_eq!(events.next(), ("hello".into(), "1".into()));

    // An edit: a reload, to a page with the edit.
    let page = |word: &str| {
        let body = String::from_utf8(get(&addr, "/", "localhost").body).unwrap();
        body.contains(&format!("quick {word} fox")).then_some(body)
    };
    article(dir.path(), "2025-01-16", "crimson", "");
    let mut build: u64 = 1;
    let body = loop {
        let next: u64 = events.next_named("reload").parse().unwrap();
        assert!(next > build, "build numbers grow");
        build = next;
        if let Some(body) = page("crimson") {
            break body;
        }
    };
    assert!(body.contains(&format!("data-quire-build=\"{build}\"")));

    // A broken edit: the diagnostics, with their place, for the overlay.
    article(dir.path(), "tomorrow", "violet", "");
    let data = events.next_named("build-error");
    assert!(data.contains("error: `date`"), "{data}");
    assert!(data.contains("a.md:4:7"), "{data}");
    // The page is still the last good build, and a page opened now learns of the error.
    let body = page("crimson").expect("the last good page");
    assert!(
        body.contains("role\", \"alert\""),
        "the overlay is an alert"
    );
    let mut late = Events::open(&addr);
    assert_eq!(late.next().0, "hello");
    assert!(late.next_named("build-error").contains("a.md:4:7"));

    // The fix: a reload.
    article(dir.path(), "2025-01-16", "scarlet", "");
    let deadline = Instant::now() + WAIT;
    events.next_named("reload");
    late.next_named("reload");
    while page("scarlet").is_none() {
        assert!(Instant::now() < deadline, "the fixed page is not served");
        events.next_named("reload");
    }
}

/// Regression: after a failed build, any change in the source's folder rebuilt, and
/// `quire watch 2>log` beside the source changed the log with every failure, so it
/// rebuilt for ever. Now only files appearing, going or renamed count then.
#[test]
fn a_log_beside_a_broken_source_does_not_rebuild_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    article(dir.path(), "tomorrow", "brown", "");
    let log = std::fs::File::create(dir.path().join("watch.log")).unwrap();
    let mut child = Command::new(quire_bin())
        .args(["watch", "a.md", "--to", "html", "--out", "out"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let failures = || {
        std::fs::read_to_string(dir.path().join("watch.log"))
            .unwrap_or_default()
            .matches("build failed in ")
            .count()
    };
    let deadline = Instant::now() + WAIT;
    while failures() == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    // Several debounce periods: a loop would have failed a dozen times by then.
    std::thread::sleep(Duration::from_millis(1500));
    let count = failures();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        count,
        1,
        "{}",
        std::fs::read_to_string(dir.path().join("watch.log")).unwrap()
    );
}

#[test]
fn watch_rebuilds_a_book_when_a_chapter_or_an_included_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join("book").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Saved by rename, as editors do.
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    };
    write("book.toml", "[book]\ntitle = \"T\"\n");
    write("src/SUMMARY.md", "- [One](one.md)\n- [Two](two.md)\n");
    write("src/one.md", "# One\n\nThe first amber chapter.\n");
    write("src/two.md", "# Two\n\n{{#include part.md}}\n");
    write("src/part.md", "An included grey line.\n");
    let watch = Running::start(
        dir.path(),
        &[
            "watch",
            "book",
            "--to",
            "html",
            "--single-page",
            "--out",
            "out",
        ],
    );
    let html = dir.path().join("out/book.html");
    let read = || std::fs::read_to_string(&html).unwrap_or_default();
    watch.until("built html in ");
    assert!(read().contains("amber") && read().contains("grey"));
    write("src/one.md", "# One\n\nThe first golden chapter.\n");
    watch.built_until("built html in ", || read().contains("golden"));
    write("src/part.md", "An included silver line.\n");
    watch.built_until("built html in ", || read().contains("silver"));
}
