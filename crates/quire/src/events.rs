//! The live-reload channel of `quire serve`: server-sent events on `/_quire/events`.
//!
//! The hub keeps the state of the builds (the number of good builds so far, and the
//! diagnostics of the last build if it failed) and one queue per open stream. The
//! rebuild loop only pushes into those queues, which never blocks; each stream has its
//! own thread that writes to its socket, so a slow or vanished browser cannot hold up a
//! rebuild. A stream that has been quiet for a while gets a comment line, which is how a
//! closed one is noticed and its thread ends.
//!
//! Events: `hello` (data: the current build number) when a stream opens, then
//! `build-error` at once if the last build failed; `reload` (data: the build number)
//! after each good build; `build-error` (data: the diagnostics as the terminal shows
//! them, one `data:` line per line) after each failed one. The name is not `error`,
//! which `EventSource` also fires for its own connection problems.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The path of the event stream.
pub const PATH: &str = "/_quire/events";

/// Streams open at once at most (each is a thread); more get 503.
const MAX_STREAMS: usize = 32;

/// How long a stream may stay silent before a comment checks that it is still open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long the browser waits before reconnecting after the stream closed (ms).
const RETRY_MS: u32 = 1000;

#[derive(Clone)]
enum Message {
    Reload(u64),
    Failed(Arc<str>),
}

#[derive(Default)]
struct State {
    /// Good builds so far (0 before the first).
    build: u64,
    /// The diagnostics of the last build, if it failed.
    error: Option<Arc<str>>,
    /// One queue per open stream.
    streams: Vec<Sender<Message>>,
}

/// The build state and the open event streams.
#[derive(Default)]
pub struct Hub {
    state: Mutex<State>,
    open: Arc<AtomicUsize>,
}

impl Hub {
    fn state(&self) -> MutexGuard<'_, State> {
        // A stream thread cannot panic while holding the lock; if one did, the state is
        // still a valid state.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of the current good build, which served pages carry.
    pub fn build(&self) -> u64 {
        self.state().build
    }

    /// A good build was written: every page reloads.
    pub fn built(&self) {
        let mut state = self.state();
        state.build += 1;
        state.error = None;
        let message = Message::Reload(state.build);
        state.streams.retain(|s| s.send(message.clone()).is_ok());
    }

    /// A build failed with `text`: every page shows it.
    pub fn failed(&self, text: &str) {
        let mut state = self.state();
        let text: Arc<str> = Arc::from(text);
        state.error = Some(text.clone());
        let message = Message::Failed(text);
        state.streams.retain(|s| s.send(message.clone()).is_ok());
    }

    /// Answers `request` with an event stream, on a thread of its own.
    pub fn open(&self, request: tiny_http::Request) {
        if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            self.open.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(tiny_http::Response::empty(503));
            return;
        }
        let guard = Open(self.open.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        // Registered and greeted under one lock, so no build falls between the two.
        let mut greeting = Vec::new();
        {
            let mut state = self.state();
            greeting.push(event("hello", &state.build.to_string()));
            if let Some(text) = &state.error {
                greeting.push(event("build-error", text));
            }
            state.streams.push(tx);
        }
        let spawned = std::thread::Builder::new()
            .name("quire-events".into())
            .spawn(move || {
                let _guard = guard;
                let writer = request.into_writer();
                stream(writer, &greeting, &rx);
            });
        if spawned.is_err() {
            // The request went with the closure; the browser will retry.
            eprintln!("warning: cannot start a live-reload stream");
        }
    }
}

/// Counts an open stream until dropped.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Writes the response head, the greeting, then every message until the browser goes.
fn stream(mut out: Box<dyn Write + Send>, greeting: &[String], rx: &Receiver<Message>) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: {RETRY_MS}\n\n{}",
        greeting.concat()
    );
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let text = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(Message::Reload(build)) => event("reload", &build.to_string()),
            Ok(Message::Failed(text)) => event("build-error", &text),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// One event in the text/event-stream format: each line of `data` on a `data:` line
/// (a bare carriage return would end a line too, so none is sent).
fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.trim_end_matches('\n').split('\n') {
        out.push_str("data: ");
        out.push_str(&line.replace('\r', ""));
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_has_one_data_line_per_line() {
        assert_eq!(event("reload", "3"), "event: reload\ndata: 3\n\n");
        assert_eq!(
            event("build-error", "error: x\r\n  at a.md:3:7\n"),
            "event: build-error\ndata: error: x\ndata:   at a.md:3:7\n\n"
        );
    }

    #[test]
    fn builds_are_counted_and_failures_remembered() {
        let hub = Hub::default();
        assert_eq!(hub.build(), 0);
        hub.failed("error");
        assert!(hub.state().error.is_some());
        hub.built();
        assert_eq!(hub.build(), 1);
        assert!(hub.state().error.is_none());
    }
}
