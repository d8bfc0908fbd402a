//! The HTTP side: files from memory, the live-reload script and its event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt as _};
use tokio::sync::{broadcast, watch};

use super::{Event, Lookup, Shared};

/// The content type of HTML pages.
pub const HTML: &str = "text/html; charset=utf-8";

/// Where the live-reload script is served.
pub const SCRIPT_PATH: &str = "/__protokoll/live.js";
/// Where its event stream is.
pub const EVENTS_PATH: &str = "/__protokoll/events";

/// The tag added to every HTML page served (never to the built site).
pub const SCRIPT_TAG: &str = "<script src=\"/__protokoll/live.js\"></script>";

const SCRIPT: &str = include_str!("live.js");

/// The content type of a file, by its extension.
#[must_use]
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page: before its last `</body>`, or at the end.
#[must_use]
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len() + 1);
    out.extend_from_slice(html.get(..at).unwrap_or(html));
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(html.get(at..).unwrap_or(&[]));
    out
}

/// Adds `<base href="/">` after `<head>`: a page made for the site root, served at any depth.
#[must_use]
pub fn base_root(html: &[u8]) -> Vec<u8> {
    let Some(at) = html.windows(6).position(|w| w.eq_ignore_ascii_case(b"<head>")).map(|i| i + 6) else {
        return html.to_vec();
    };
    let mut out = Vec::with_capacity(html.len() + 20);
    out.extend_from_slice(html.get(..at).unwrap_or(html));
    out.extend_from_slice(b"<base href=\"/\">");
    out.extend_from_slice(html.get(at..).unwrap_or(&[]));
    out
}

/// The site path a request path stands for: percent-decoded, `/` and `/dir/` to their
/// `index.html`. `None` for anything that tries to leave the site (`..`, `.`, a backslash,
/// a hidden name) or is not UTF-8: files are only ever looked up by this path in memory.
#[must_use]
pub fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg.starts_with('.') || seg.contains(['\\', '\0', ':']) {
            return None;
        }
        parts.push(seg);
    }
    let mut path = parts.join("/");
    if path.is_empty() {
        return Some("index.html".into());
    }
    if decoded.ends_with('/') {
        path.push_str("/index.html");
    }
    Some(path)
}

/// Whether the request names this machine: a page of another site that resolves its own
/// name to 127.0.0.1 (DNS rebinding) must not read the preview, which may be the internal
/// edition.
fn local_host(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return true };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]") || name.ends_with(".localhost")
}

/// The application state of the router.
#[derive(Clone)]
pub(crate) struct App {
    pub shared: Arc<Shared>,
    pub stop: watch::Receiver<bool>,
}

/// The routes.
pub(crate) fn router(app: App) -> Router {
    Router::new().route(SCRIPT_PATH, get(script)).route(EVENTS_PATH, get(events)).fallback(file).with_state(app)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], SCRIPT)
        .into_response()
}

fn served(status: u16, content_type: &'static str, body: Bytes, head: bool) -> Response {
    let mut response = Response::new(if head { Body::empty() } else { Body::from(body) });
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn file(State(app): State<App>, method: Method, headers: HeaderMap, uri: Uri) -> Response {
    if !local_host(&headers) {
        return plain(StatusCode::FORBIDDEN, "protokoll serve answers only to localhost and 127.0.0.1\n");
    }
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let path = site_path(uri.path());
    let shared = Arc::clone(&app.shared);
    let lookup = tokio::task::spawn_blocking(move || match path {
        Some(path) => shared.lookup(&path),
        None => shared.not_found(),
    })
    .await;
    match lookup {
        Ok(Lookup::Found(s) | Lookup::Missing(s)) => served(s.status, s.content_type, s.body.clone(), head),
        Ok(Lookup::Redirect(to)) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
            if let Ok(value) = HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "rendering failed\n"),
    }
}

fn to_sse(event: &Event) -> sse::Event {
    match event {
        Event::Reload => sse::Event::default().event("reload").data("reload"),
        Event::Diagnostics(json) => sse::Event::default().event("diagnostics").data(json.as_ref()),
    }
}

async fn events(State(app): State<App>, headers: HeaderMap) -> Response {
    if !local_host(&headers) {
        return plain(StatusCode::FORBIDDEN, "protokoll serve answers only to localhost and 127.0.0.1\n");
    }
    // Subscribe first, then read the current state: no change can fall between the two.
    let rx = app.shared.events.subscribe();
    let first = Event::Diagnostics(app.shared.overlay());
    Sse::new(event_stream(first, rx, app.stop.clone())).keep_alive(KeepAlive::default()).into_response()
}

fn event_stream(
    first: Event,
    rx: broadcast::Receiver<Event>,
    stop: watch::Receiver<bool>,
) -> impl Stream<Item = Result<sse::Event, Infallible>> {
    let rest = stream::unfold((rx, stop), |(mut rx, mut stop)| async move {
        let event = tokio::select! {
            received = rx.recv() => match received {
                Ok(event) => event,
                // Too slow to keep up: a reload shows the current state anyway.
                Err(broadcast::error::RecvError::Lagged(_)) => Event::Reload,
                Err(broadcast::error::RecvError::Closed) => return None,
            },
            _ = stop.wait_for(|s| *s) => return None,
        };
        Some((Ok(to_sse(&event)), (rx, stop)))
    });
    stream::once(async move { Ok(to_sse(&first)) }).chain(rest)
}

/// Serves on `listener` until `stop` turns true (or Ctrl-C, when `ctrl_c`).
pub(crate) fn run(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stop: Arc<watch::Sender<bool>>,
    ctrl_c: bool,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build()?;
    let result = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = App { shared, stop: stop.subscribe() };
        let mut on_stop = stop.subscribe();
        let stopper = Arc::clone(&stop);
        let signal = async move {
            tokio::select! {
                _ = on_stop.wait_for(|s| *s) => {}
                () = ctrl_c_if(ctrl_c) => { stopper.send_replace(true); }
            }
        };
        let serve = axum::serve(listener, router(app)).with_graceful_shutdown(signal).into_future();
        let mut stopping = stop.subscribe();
        // Open connections get a moment to finish, not forever.
        let deadline = async move {
            let _ = stopping.wait_for(|s| *s).await;
            tokio::time::sleep(Duration::from_secs(2)).await;
        };
        tokio::select! {
            r = serve => r,
            () = deadline => Ok(()),
        }
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

async fn ctrl_c_if(enabled: bool) {
    if enabled && tokio::signal::ctrl_c().await.is_ok() {
        return;
    }
    std::future::pending::<()>().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/radet/").as_deref(), Some("radet/index.html"));
        assert_eq!(site_path("/radet/2020-10-19.html").as_deref(), Some("radet/2020-10-19.html"));
        assert_eq!(site_path("/personer/%C3%A5sa.html").as_deref(), Some("personer/åsa.html"));
        for bad in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/a/%2E%2E/%2e%2e/x", "/a\\..\\b", "/.git/config", "/%ff"] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn injects_before_body_end() {
        let page = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(String::from_utf8_lossy(&page), format!("<html><body><p>x</p>{SCRIPT_TAG}\n</body></html>"));
        assert!(String::from_utf8_lossy(&inject(b"no body")).ends_with(&format!("{SCRIPT_TAG}\n")));
    }

    #[test]
    fn types() {
        for (p, t) in [
            ("a.html", HTML),
            ("assets/style.css", "text/css; charset=utf-8"),
            ("data/x.json", "application/json"),
            ("data/calendar/k.ics", "text/calendar; charset=utf-8"),
            ("data/attendance.csv", "text/csv; charset=utf-8"),
            ("feeds/index.xml", "application/xml; charset=utf-8"),
            ("assets/favicon.svg", "image/svg+xml"),
        ] {
            assert_eq!(content_type(p), t);
        }
    }
}
