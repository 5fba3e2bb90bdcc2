//! `quire serve`: `quire watch` plus an HTTP server for the output folder, with live
//! reload.
//!
//! The server (tiny_http, blocking, on a few threads of its own) serves the files of the
//! output folder and nothing else: the request path is percent-decoded, every segment
//! must be a plain name (no `..`, `.`, empty or hidden segment, no backslash), and the
//! resolved file must still lie inside the folder after symlinks, or the answer is 404.
//! `/` is the web edition, `<stem>.html`. HTML is read from disk per request and gets
//! the live-reload script ([`RELOAD_JS`]) just before `</body>` in the response only, so
//! the written file stays byte for byte what `quire build` writes.
//!
//! Bound to a loopback address (the default), the server also refuses requests whose
//! `Host` is not a loopback name, so a web page elsewhere cannot read the drafts through
//! a DNS name that points at 127.0.0.1 (DNS rebinding).
//!
//! The rebuild loop is [`crate::watch::watch`] on the calling thread; it tells the
//! [`Hub`] of each round, and the hub tells the open pages.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire::{Format, RenderOptions};
use tiny_http::{Header, Method, Request, Response};

use crate::EXIT_USAGE;
use crate::cli::ServeArgs;
use crate::events::{self, Hub};
use crate::watch::{Round, watch};

/// The script added to served pages.
const RELOAD_JS: &str = include_str!("reload.js");

/// Threads answering requests (event streams get threads of their own).
const WORKERS: usize = 4;

/// What the server needs to answer a request.
struct Site {
    /// The output folder.
    out: PathBuf,
    /// The file `/` stands for.
    index: String,
    /// Builds and live-reload streams.
    hub: Hub,
    /// Only `Host` names that are loopback addresses are answered.
    loopback_only: bool,
}

/// Serves `args.build.out` and rebuilds on every change until the process is stopped.
pub fn serve(args: &ServeArgs, opts: &RenderOptions) -> Result<(), u8> {
    // The web edition is what is served; `--to` can add the others.
    let mut formats = args.build.formats.clone();
    formats.push(Format::Html);
    formats.sort();
    formats.dedup();
    let addr = SocketAddr::new(args.bind, args.port);
    let server = tiny_http::Server::http(addr).map_err(|e| {
        eprintln!("error: cannot listen on {addr}: {e} (choose another --port or --bind)");
        EXIT_USAGE
    })?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    if !bound.ip().is_loopback() {
        eprintln!(
            "warning: listening on {bound}, which other machines can reach: anyone who can connect can read the editions in {}",
            args.build.out.display()
        );
    }
    let stem = args
        .build
        .source
        .source
        .file_stem()
        .map_or("document".into(), |s| s.to_string_lossy().into_owned());
    let site = Arc::new(Site {
        out: args.build.out.clone(),
        index: format!("{stem}.html"),
        hub: Hub::default(),
        loopback_only: bound.ip().is_loopback(),
    });
    let server = Arc::new(server);
    for i in 0..WORKERS {
        let (server, site) = (server.clone(), site.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("quire-http-{i}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    site.answer(request);
                }
            });
        if let Err(e) = spawned {
            eprintln!("error: cannot start the server: {e}");
            return Err(crate::EXIT_CONTENT);
        }
    }
    eprintln!(
        "serving {} at http://{bound}/ (live reload; Ctrl-C stops)",
        args.build.out.display()
    );
    watch(&args.build, &formats, opts, |round| match round {
        Round::Built => site.hub.built(),
        Round::Failed(text) => site.hub.failed(text),
    })
}

impl Site {
    fn answer(&self, request: Request) {
        if !matches!(request.method(), Method::Get | Method::Head) {
            let _ = request.respond(text(405, "only GET and HEAD are served\n"));
            return;
        }
        if self.loopback_only && !host_is_loopback(&request) {
            let _ = request.respond(text(403, "this server answers only to localhost\n"));
            return;
        }
        let target = request.url();
        let path = target.split(['?', '#']).next().unwrap_or("");
        if path == events::PATH {
            self.hub.open(request);
            return;
        }
        // Read the build number before the file: the file is then at least that new, and
        // a page that is newer only reloads once more.
        let build = self.hub.build();
        // A book's web edition is a folder (`NAME/index.html`), and so is any folder
        // asked for without its slash: the browser is sent there, so that the pages'
        // relative links work.
        if let Some(location) = folder_redirect(&self.out, path, &self.index) {
            let _ = request.respond(redirect(&location));
            return;
        }
        let response = match resolve(&self.out, path, &self.index) {
            Ok(file) => match std::fs::read(&file) {
                Ok(bytes) => file_response(&file, bytes, build),
                Err(_) => text(404, "not found\n"),
            },
            Err(Refused::NotFound) if path == "/" => {
                // No good build yet: a page that waits for one (and shows its errors).
                let page = format!(
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>quire serve</title>\n</head>\n<body>\n<p>There is no web edition in {} yet; this page reloads after the first good build.</p>\n</body>\n</html>\n",
                    quire_doc::xml::escape(&self.out.display().to_string())
                );
                file_response(Path::new("waiting.html"), page.into_bytes(), build)
            }
            Err(Refused::NotFound) => text(404, "not found\n"),
            Err(Refused::BadRequest) => text(400, "bad request\n"),
        };
        let _ = request.respond(response);
    }
}

/// Why a path is not served.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    /// Not a well-formed path (bad percent-encoding, not UTF-8, not absolute).
    BadRequest,
    /// No such file in the output folder, or not one that is served.
    NotFound,
}

/// The file of the output folder `path` (the request target's path) names.
fn resolve(out: &Path, path: &str, index: &str) -> Result<PathBuf, Refused> {
    let decoded = percent_decode(path).ok_or(Refused::BadRequest)?;
    let rest = decoded.strip_prefix('/').ok_or(Refused::BadRequest)?;
    let rest = if rest.is_empty() { index } else { rest };
    let mut file = out.to_path_buf();
    for segment in rest.strip_suffix('/').unwrap_or(rest).split('/') {
        if !plain_segment(segment) {
            return Err(Refused::NotFound);
        }
        file.push(segment);
    }
    let real_out = std::fs::canonicalize(out).map_err(|_| Refused::NotFound)?;
    let mut real = std::fs::canonicalize(&file).map_err(|_| Refused::NotFound)?;
    // `NAME/` is the folder's `index.html`; a file is never named with a final slash.
    if decoded.ends_with('/') && rest != index {
        if !real.is_dir() {
            return Err(Refused::NotFound);
        }
        real.push("index.html");
    }
    if !real.starts_with(&real_out) || !real.is_file() {
        return Err(Refused::NotFound);
    }
    Ok(real)
}

/// Where to send a request for `path` that names a folder of the output: `/` when the
/// web edition is a book's site (`NAME/` rather than `NAME.html`, the one folder with an
/// `index.html`), or a folder asked for without its final slash.
fn folder_redirect(out: &Path, path: &str, index: &str) -> Option<String> {
    if path == "/" {
        if out.join(index).is_file() {
            return None;
        }
        let mut sites = std::fs::read_dir(out)
            .ok()?
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect::<Vec<_>>();
        sites.sort();
        return sites.first().map(|name| format!("/{name}/"));
    }
    if path.ends_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    let rest = decoded.strip_prefix('/')?;
    let plain = rest.split('/').all(plain_segment);
    (plain && out.join(rest).join("index.html").is_file()).then(|| format!("{path}/"))
}

/// Whether a path segment may name something in the output folder: not empty, not a
/// parent or hidden name (hidden names are the commit's own files: lock, stage,
/// manifest), no separator or drive of another system.
fn plain_segment(segment: &str) -> bool {
    !segment.is_empty() && !segment.starts_with('.') && !segment.contains(['\\', '\0', ':'])
}

fn redirect(location: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = text(302, "see the web edition\n");
    if let Ok(header) = tiny_http::Header::from_bytes("Location", location) {
        response.add_header(header);
    }
    response
}

/// `%XX` escapes decoded; `None` for a malformed escape or a result that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether the request's `Host` (if it has one) names a loopback address.
fn host_is_loopback(request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
    else {
        // HTTP/1.0 clients may send none; browsers always do.
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A file's bytes with its content type; HTML gets the live-reload script.
fn file_response(file: &Path, bytes: Vec<u8>, build: u64) -> Response<std::io::Cursor<Vec<u8>>> {
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let kind = content_type(&extension);
    let bytes = if extension == "html" {
        inject(bytes, build)
    } else {
        bytes
    };
    // A length rather than chunks: every file is in memory anyway.
    with_headers(
        Response::from_data(bytes).with_chunked_threshold(usize::MAX),
        kind,
    )
}

/// `page` with the live-reload script before its last `</body>` (at its end if it has
/// none).
fn inject(mut page: Vec<u8>, build: u64) -> Vec<u8> {
    let script = format!("<script data-quire-build=\"{build}\">\n{RELOAD_JS}</script>\n");
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    page.splice(at..at, script.into_bytes());
    page
}

fn content_type(extension: &str) -> &'static str {
    match extension {
        "html" => "text/html; charset=utf-8",
        "xhtml" => "application/xhtml+xml",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_headers(
        Response::from_string(body).with_status_code(status),
        "text/plain; charset=utf-8",
    )
}

/// The headers every answer carries: its type, stated rather than sniffed, and no
/// caching (a preview must never show an old build).
fn with_headers<R: std::io::Read>(response: Response<R>, kind: &str) -> Response<R> {
    [
        ("Content-Type", kind),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    .into_iter()
    .filter_map(|(name, value)| Header::from_bytes(name, value).ok())
    .fold(response, Response::with_header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.html"), "x").unwrap();
        std::fs::write(out.join(".quire-manifest"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        let real = std::fs::canonicalize(out.join("a.html")).unwrap();
        assert_eq!(resolve(&out, "/", "a.html"), Ok(real.clone()));
        assert_eq!(resolve(&out, "/a.html", "x"), Ok(real.clone()));
        assert_eq!(resolve(&out, "/%61.html", "x"), Ok(real));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/.quire-manifest",
            "//etc/passwd",
            "/a.html/",
            "/..\\secret.txt",
            "/missing.html",
        ] {
            assert_eq!(
                resolve(&out, bad, "a.html"),
                Err(Refused::NotFound),
                "{bad}"
            );
        }
        // A book's site: a folder is its index page; `/` is sent to it.
        std::fs::create_dir(out.join("book")).unwrap();
        std::fs::write(out.join("book/index.html"), "x").unwrap();
        let index = std::fs::canonicalize(out.join("book/index.html")).unwrap();
        assert_eq!(resolve(&out, "/book/", "a.html"), Ok(index));
        assert_eq!(
            folder_redirect(&out, "/book", "a.html").as_deref(),
            Some("/book/")
        );
        assert_eq!(
            folder_redirect(&out, "/", "book.html").as_deref(),
            Some("/book/")
        );
        assert_eq!(folder_redirect(&out, "/", "a.html"), None);
        for bad in ["/%zz", "/%e9", "a.html", "/%"] {
            assert_eq!(
                resolve(&out, bad, "a.html"),
                Err(Refused::BadRequest),
                "{bad}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&out, "/link.txt", "a.html"), Err(Refused::NotFound));
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = inject(b"<body><p>a</p></body>\n</html>\n".to_vec(), 7);
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with("<body><p>a</p><script data-quire-build=\"7\">"));
        assert!(page.ends_with("</script>\n</body>\n</html>\n"));
        assert!(!RELOAD_JS.contains("</script"));
    }
}
