//! `protokoll serve` through the library API: a server on 127.0.0.1 (port 0) over a copy of
//! a fixture site, spoken to over loopback with a few lines of HTTP/1.1 by hand.
//!
//! Every server stops when its `Preview` is dropped (also when a test fails), every read
//! has a timeout, and every wait for an event has a deadline: a test fails, never hangs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use protokoll::diagnostic::human;
use protokoll::serve::{self, Report, Server};

use crate::common::copy_dir;

/// How long to wait for anything before failing.
const PATIENCE: Duration = Duration::from_secs(20);

struct Preview {
    // Dropped first: the server stops before its site is removed.
    server: Server,
    reports: Arc<Mutex<Vec<Report>>>,
    site: PathBuf,
    tmp: tempfile::TempDir,
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn content_type(&self) -> String {
        self.headers
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type:").map(|v| v.trim().to_owned()))
            .unwrap_or_default()
    }
}

impl Preview {
    fn start(case: &str) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(case), &site, None);
        let reports = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&reports);
        let options = serve::Options {
            root: site.clone(),
            port: 0,
            port_tries: 1,
            internal: false,
            drafts: false,
            human: human::Options { color: false, path_prefix: String::new() },
            ctrl_c: false,
        };
        let server = serve::start(&options, Box::new(move |r| sink.lock().unwrap().push(r))).unwrap();
        Self { server, reports, site, tmp }
    }

    fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Sends `GET target` as written (no normalisation) and reads the whole answer.
    fn request(&self, target: &str, host: &str) -> Response {
        let mut stream = TcpStream::connect(self.addr()).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Response { status, headers: headers.to_owned(), body: body.to_owned() }
    }

    fn get(&self, target: &str) -> Response {
        self.request(target, &self.addr().to_string())
    }

    /// Writes a file the way many editors save: a hidden temporary file renamed over it,
    /// so the server never reads it half-written (a slow machine could otherwise see the
    /// truncated file between two events).
    fn write(&self, rel: &str, text: &str) {
        let path = self.site.join(rel);
        let tmp = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.join(rel)).unwrap()
    }

    /// Opens the live-reload stream; returns once its first event (the diagnostics) came.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(self.addr()).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET {} HTTP/1.1\r\nHost: {}\r\n\r\n", serve::EVENTS_PATH, self.addr()).unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { return };
                if let Some(name) = line.strip_prefix("event: ") {
                    name.trim().clone_into(&mut event);
                } else if let Some(data) = line.strip_prefix("data: ")
                    && tx.send((event.clone(), data.to_owned())).is_err()
                {
                    return;
                }
            }
        });
        let events = Events { rx };
        let (name, data) = events.next();
        assert_eq!(name, "diagnostics", "the stream opens with the diagnostics: {data}");
        events
    }

    fn terminal(&self) -> String {
        let reports = self.reports.lock().unwrap();
        reports
            .iter()
            .filter_map(|r| match r {
                Report::Diagnostics(text) => Some(text.clone()),
                _ => None,
            })
            .collect()
    }
}

struct Events {
    rx: mpsc::Receiver<(String, String)>,
}

impl Events {
    fn next(&self) -> (String, String) {
        self.rx.recv_timeout(PATIENCE).expect("an event within the deadline")
    }

    /// Waits for an event named `name` whose data satisfies `pred`.
    fn wait(&self, name: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (n, data) = self.rx.recv_timeout(left).unwrap_or_else(|_| panic!("no `{name}` event in time"));
            if n == name && pred(&data) {
                return data;
            }
        }
    }
}

const PAGE: &str = "/testradet/2020-10-19.html";
const FILE: &str = "content/testradet/2020-10-19.md";

#[test]
fn listens_on_loopback_only() {
    let p = Preview::start("basic");
    assert!(p.addr().ip().is_loopback(), "{}", p.addr());
}

#[test]
fn serves_pages_with_the_live_script_and_content_types() {
    let p = Preview::start("basic");
    let home = p.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type(), "text/html; charset=utf-8");
    assert!(home.body.contains(serve::SCRIPT_TAG), "the served page has the live-reload script");
    let script = p.get(serve::SCRIPT_PATH);
    assert_eq!(script.status, 200);
    assert!(script.content_type().starts_with("text/javascript"));
    assert!(script.body.contains("EventSource") && !script.body.contains("innerHTML ="));
    for (path, ty) in [
        ("/testradet/", "text/html; charset=utf-8"),
        (PAGE, "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/feeds/index.xml", "application/xml; charset=utf-8"),
        ("/data/index.json", "application/json"),
        ("/data/attendance.csv", "text/csv; charset=utf-8"),
        ("/data/calendar/testradet.ics", "text/calendar; charset=utf-8"),
        ("/search/meta.js", "text/javascript; charset=utf-8"),
    ] {
        let r = p.get(path);
        assert_eq!((r.status, r.content_type().as_str()), (200, ty), "{path}");
    }
    let dir = p.get("/testradet");
    assert_eq!(dir.status, 308);
    assert!(dir.headers.contains("/testradet/"), "{}", dir.headers);
    let missing = p.get("/no-such-page.html");
    assert_eq!(missing.status, 404);
    let own_404 = p.get("/404.html");
    assert_eq!(own_404.status, 200);
    let title = |html: &str| html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).map(str::to_owned);
    assert_eq!(title(&missing.body), title(&own_404.body), "the 404 answer is the site's own 404 page");
    assert!(missing.body.contains(serve::SCRIPT_TAG));
    let deep = p.get("/a/b/c/nope.html");
    assert_eq!(deep.status, 404);
    assert!(deep.body.contains("<base href=\"/\">"), "its relative links work at any depth");

    // A build of the same site has no trace of the preview.
    let out = p.tmp.path().join("out");
    let built =
        protokoll::build(&p.site, &protokoll::BuildOptions { out: out.clone(), internal: false, drafts: false })
            .unwrap();
    assert!(built.written.is_some());
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            assert!(!text.contains(serve::SCRIPT_PATH), "{} has the live-reload script", entry.path().display());
        }
    }
}

#[test]
fn paths_outside_the_site_are_not_found() {
    let p = Preview::start("basic");
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/Cargo.toml",
        "/testradet/../../protokoll.yaml",
        "/testradet/%2e%2e/%2e%2e/protokoll.yaml",
        "/..%2fprotokoll.yaml",
        "/content/testradet/2020-10-19.md",
        "/protokoll.yaml",
        "/.%2e/etc/passwd",
    ] {
        let r = p.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.body.contains("Testrådet\ndate") && !r.body.contains("title: Testkommun"), "{target}");
    }
}

#[test]
fn other_hosts_are_refused() {
    let p = Preview::start("basic");
    assert_eq!(p.request("/", "evil.example").status, 403);
    assert_eq!(p.request("/", &format!("localhost:{}", p.addr().port())).status, 200);
}

#[test]
fn an_edit_reloads_the_page_with_the_new_title() {
    let p = Preview::start("basic");
    assert!(!p.get(PAGE).body.contains("Trygghetsvandring i Sätila"));
    let events = p.events();
    let text = p.read(FILE).replace("## § 2 Trygghetsinsats i Sätila", "## § 2 Trygghetsvandring i Sätila");
    p.write(FILE, &text);
    events.wait("reload", |_| true);
    let page = p.get(PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Trygghetsvandring i Sätila"), "the reloaded page shows the new title");
    assert!(page.body.contains(serve::SCRIPT_TAG));
}

#[test]
fn a_broken_file_shows_its_error_and_the_rest_keeps_working() {
    let p = Preview::start("basic");
    let events = p.events();
    let good = p.read(FILE);
    p.write(FILE, &good.replace("time: \"13:00-15:00\"", "time: [13:00"));
    let data = events.wait("diagnostics", |d| d.contains("front-matter-malformed"));
    assert!(data.contains(&format!("\"file\":\"{FILE}\"")), "the event names the file: {data}");
    assert!(data.contains("\"line\":"), "and the line: {data}");
    events.wait("reload", |_| true);
    let broken = p.get(PAGE);
    assert_eq!(broken.status, 500);
    assert!(broken.body.contains("front-matter-malformed") && broken.body.contains(FILE));
    assert!(broken.body.contains(serve::SCRIPT_TAG), "the error page reloads when the file is fixed");
    for other in ["/", "/testradet/", "/testradet/2020-02-24.html", "/amnen/index.html"] {
        assert_eq!(p.get(other).status, 200, "{other} still works");
    }
    // The last good version still counts elsewhere: the body lists both meetings.
    assert!(p.get("/testradet/").body.contains("2020-10-19.html"));
    assert!(p.terminal().contains("error[front-matter-malformed]"), "printed in the terminal too");

    p.write(FILE, &good);
    events.wait("diagnostics", |d| d.contains("\"diagnostics\":[]"));
    assert_eq!(p.get(PAGE).status, 200);
}

#[test]
fn removing_and_adding_a_protocol_updates_the_archive() {
    let p = Preview::start("basic");
    let events = p.events();
    let text = p.read(FILE);
    std::fs::remove_file(p.site.join(FILE)).unwrap();
    events.wait("reload", |_| true);
    assert_eq!(p.get(PAGE).status, 404);
    assert!(!p.get("/testradet/").body.contains("2020-10-19.html"));
    p.write("content/testradet/2020-10-19.md", &text);
    events.wait("reload", |_| true);
    assert_eq!(p.get(PAGE).status, 200);
}

#[test]
fn a_configuration_change_loads_the_site_again() {
    let p = Preview::start("basic");
    let events = p.events();
    let config = p.read("protokoll.yaml").replace("Testkommun – protokollarkiv", "Nya kommunen – arkiv");
    p.write("protokoll.yaml", &config);
    events.wait("reload", |_| true);
    assert!(p.get("/").body.contains("Nya kommunen – arkiv"));

    // With a base_url, the published site's 404 page links to it; the preview's stays local.
    p.write("protokoll.yaml", &format!("{config}base_url: https://protokoll.example.org/arkiv/\n"));
    events.wait("reload", |_| true);
    let missing = p.get("/a/b/nope.html");
    assert_eq!(missing.status, 404);
    assert!(
        !missing.body.contains("https://protokoll.example.org"),
        "the preview's 404 page links to the published site"
    );
    assert!(missing.body.contains("<base href=\"/\">"));
}

#[test]
fn saving_an_unchanged_file_or_an_editor_temp_file_sends_nothing() {
    let p = Preview::start("basic");
    let events = p.events();
    p.write(FILE, &p.read(FILE));
    p.write("content/testradet/.2020-10-19.md.swp", "junk");
    p.write("content/testradet/2020-10-19.md~", "junk");
    // Then a real change: the first event after the noise is its reload (or its diagnostics).
    let text = p.read(FILE).replace("## § 2 Trygghetsinsats i Sätila", "## § 2 Ny rubrik");
    std::thread::sleep(Duration::from_millis(200));
    p.write(FILE, &text);
    let (name, data) = events.next();
    assert!(name == "diagnostics" && data.contains("Ny rubrik"), "{name}: {data}");
}

/// The live-reload script and the overlay in Chromium (`tests/browser/serve.mjs`): needs what
/// the browser tests need (see `browser.rs`); skipped with a warning without it, except in CI.
#[test]
fn live_reload_and_overlay_in_a_browser() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let node = std::process::Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let playwright = repo.join("tests/browser/node_modules/playwright-core/package.json").is_file();
    if !(node && playwright && chromium.is_file()) {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(!ci, "CI must run the browser test of serve: node, playwright-core or chromium is missing");
        eprintln!("serve browser test skipped: needs node, `npm ci --prefix tests/browser` and chromium");
        return;
    }
    let p = Preview::start("basic");
    let mut child = std::process::Command::new("node")
        .arg(repo.join("tests/browser/serve.mjs"))
        .arg(format!("http://{}{PAGE}", p.addr()))
        .arg(p.site.join(FILE))
        .env("CHROMIUM", &chromium)
        .stdin(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The script stops itself after 60 s; this is the backstop.
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("tests/browser/serve.mjs did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "tests/browser/serve.mjs failed (its output is above)");
}

#[test]
fn a_new_attendee_indexes_the_archive_again() {
    let p = Preview::start("basic");
    assert_eq!(p.get("/personer/bertil-bengtsson.html").status, 404);
    let events = p.events();
    let text = p.read(FILE).replace(
        "  - { name: Örjan Öberg, org: Räddningstjänsten, role: ledamot }\n",
        "  - { name: Örjan Öberg, org: Räddningstjänsten, role: ledamot }\n  - { name: Bertil Bengtsson, org: Polisen, role: ledamot }\n",
    );
    assert!(text.contains("Bertil"));
    p.write(FILE, &text);
    events.wait("reload", |_| true);
    let person = p.get("/personer/bertil-bengtsson.html");
    assert_eq!(person.status, 200);
    assert!(person.body.contains("2020-10-19.html"), "the person's page lists the meeting");
    assert!(p.get("/personer/index.html").body.contains("Bertil Bengtsson"));
}
