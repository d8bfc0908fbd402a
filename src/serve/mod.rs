//! Serve: the site from memory on 127.0.0.1, reloaded live as its files change.
//!
//! ```text
//! notify ─▶ worker ─▶ Live (Site + index parts, theme, diagnostics) ─▶ events ─▶ browser
//!                          ▲                                                        │
//!                          └──── render one page on request (render::partial) ◀─────┘
//! ```
//!
//! - Nothing is written: pages are rendered when the browser asks for them and kept in a
//!   cache until the next change; feeds, open data and the search index are made (as a
//!   group) on the first request after a change.
//! - A change to one protocol re-reads and re-parses that file, runs the per-file rules,
//!   swaps it in (indexing again only when what the index uses changed: date, status,
//!   body, attendees, absent, tags), renders its page, then sends `reload`. The rules over
//!   the whole archive run once the files have been quiet for a moment, after the reload.
//! - A file whose front matter no longer parses keeps its last good version in the site;
//!   its page answers 500 with its errors, every other page keeps working.
//! - Configuration changes load the whole site again; theme changes load the theme again.
//!
//! Only `cli` prints: what happens is handed to a [`Report`] callback as text.

mod http;
mod state;
mod watch;

use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::broadcast;

use crate::LoadError;
use crate::diagnostic::human;
use crate::render::partial::{self, Group};
use state::{Applied, Live, Shape};

pub use http::{EVENTS_PATH, SCRIPT_PATH, SCRIPT_TAG, content_type, site_path};
pub use watch::DEBOUNCE_MS;

/// How long the files must be quiet after a change before the rules over the whole archive
/// run again (they take a while on a large archive, and hold the site meanwhile).
pub const ARCHIVE_RULES_AFTER: Duration = Duration::from_millis(300);

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// The first port to try on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// How many ports from `port` on to try when it is taken (at least 1).
    pub port_tries: u16,
    /// Serve the internal edition.
    pub internal: bool,
    /// Include drafts.
    pub drafts: bool,
    /// How diagnostics are rendered for the terminal.
    pub human: human::Options,
    /// Stop on Ctrl-C (the command line); tests stop the server by dropping it.
    pub ctrl_c: bool,
}

/// Something to tell the user, handed to the report callback.
#[derive(Debug, Clone)]
pub enum Report {
    /// Diagnostics rendered for the terminal (the human renderer), with the summary line.
    Diagnostics(String),
    /// A change was applied and the browsers were told to reload.
    Reloaded {
        /// The files that changed, relative to the site.
        files: Vec<String>,
        /// What was redone.
        how: Redone,
        /// From the batch of changes to the reload event.
        took: Duration,
    },
    /// The rules over the whole archive ran again after a change.
    ArchiveRules {
        /// How long they took (the site is locked meanwhile).
        took: Duration,
        /// Their findings that are new, rendered for the terminal ("" when none).
        new: String,
    },
    /// Something could not be done; the last good state is still served.
    Error(String),
}

/// What a change made the server redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redone {
    /// The changed protocols were swapped in; nothing else.
    Page,
    /// The archive was indexed again (what the index uses changed, or a file came or went).
    Index,
    /// The theme was loaded again.
    Theme,
    /// The whole site was loaded again (configuration, or folders under `content/`).
    Site,
}

/// The report callback.
pub type Reporter = Box<dyn Fn(Report) + Send + Sync>;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The theme is missing or broken.
    #[error(transparent)]
    Theme(#[from] crate::render::ThemeError),
    /// No port could be bound.
    #[error("cannot listen on 127.0.0.1, port {ports}")]
    Bind {
        /// The ports tried: `1111` or `1111 to 1120`.
        ports: String,
        /// The last failure.
        source: std::io::Error,
    },
    /// Watching the files or starting a thread failed.
    #[error("cannot watch {path}: {message}")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A thread or the runtime could not start.
    #[error("cannot start the server: {0}")]
    Io(#[from] std::io::Error),
}

/// A message to the browsers.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// Load the page again.
    Reload,
    /// The current diagnostics, as JSON (see `Live::overlay_json`).
    Diagnostics(Arc<str>),
}

/// A file ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Served {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
}

/// What a request finds.
pub(crate) enum Lookup {
    Found(Arc<Served>),
    Redirect(String),
    Missing(Arc<Served>),
}

#[derive(Default)]
struct Cache {
    files: HashMap<String, Arc<Served>>,
    groups: HashSet<Group>,
}

/// What the server's threads share. Lock order: `live`, then `cache`, then `overlay`.
pub(crate) struct Shared {
    live: Mutex<Live>,
    cache: Mutex<Cache>,
    overlay: Mutex<Arc<str>>,
    events: broadcast::Sender<Event>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while rendering leaves the site whole (see state::Lent): go on with it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn overlay(&self) -> Arc<str> {
        Arc::clone(&lock(&self.overlay))
    }

    fn cached(&self, path: &str) -> Option<Arc<Served>> {
        lock(&self.cache).files.get(path).cloned()
    }

    /// Renders `path` with the site locked, and keeps it.
    fn render_locked(&self, live: &mut Live, path: &str) -> Option<Arc<Served>> {
        if let Some(hit) = self.cached(path) {
            return Some(hit);
        }
        let group = partial::group_of(path);
        if matches!(group, Group::Feeds | Group::Data | Group::Search) {
            if lock(&self.cache).groups.contains(&group) {
                return None;
            }
            let files = live.render_group(path);
            let mut cache = lock(&self.cache);
            for f in files {
                let served = Served { status: 200, content_type: content_type(&f.path), body: f.content.into() };
                cache.files.insert(f.path, Arc::new(served));
            }
            cache.groups.insert(group);
            return cache.files.get(path).cloned();
        }
        let mut served = live.render(path)?;
        if served.content_type == http::HTML {
            served.body = http::inject(&served.body).into();
        }
        let served = Arc::new(served);
        lock(&self.cache).files.insert(path.to_owned(), Arc::clone(&served));
        Some(served)
    }

    /// The file at a site path (see [`site_path`]).
    fn lookup(&self, path: &str) -> Lookup {
        if let Some(hit) = self.cached(path) {
            return Lookup::Found(hit);
        }
        let mut live = lock(&self.live);
        if let Some(found) = self.render_locked(&mut live, path) {
            return Lookup::Found(found);
        }
        // `/dir` stands for `/dir/`: the page's relative links need the slash.
        if !path.contains('.') && self.render_locked(&mut live, &format!("{path}/index.html")).is_some() {
            return Lookup::Redirect(format!("/{path}/"));
        }
        Lookup::Missing(self.not_found_locked(&mut live))
    }

    /// The site's own 404 page, status 404.
    fn not_found(&self) -> Lookup {
        let mut live = lock(&self.live);
        Lookup::Missing(self.not_found_locked(&mut live))
    }

    fn not_found_locked(&self, live: &mut Live) -> Arc<Served> {
        let page = self.render_locked(live, "404.html");
        let mut served =
            page.map_or_else(|| state::problem_page(404, "Not found", "There is no page here."), |p| Served::clone(&p));
        served.status = 404;
        // The 404 page links relative to the site root, and is shown at any depth.
        served.body = http::base_root(&served.body).into();
        Arc::new(served)
    }
}

/// A running server. Dropping it stops it (and waits for its threads).
pub struct Server {
    addr: SocketAddr,
    stop: Arc<tokio::sync::watch::Sender<bool>>,
    http: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    worker: Option<std::thread::JoinHandle<()>>,
    debouncer: Option<Debouncer<notify::RecommendedWatcher, RecommendedCache>>,
    protocols: usize,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Server {
    /// Where it listens.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many protocols the site had at the start.
    #[must_use]
    pub fn protocols(&self) -> usize {
        self.protocols
    }

    /// Blocks until the server stops (Ctrl-C with [`Options::ctrl_c`]).
    pub fn wait(mut self) -> std::io::Result<()> {
        let result = self.http.take().map_or(Ok(()), |h| h.join().unwrap_or(Ok(())));
        self.shutdown();
        result
    }

    fn shutdown(&mut self) {
        self.stop.send_replace(true);
        // Dropping the watcher closes the worker's channel: the worker ends.
        drop(self.debouncer.take());
        if let Some(h) = self.http.take() {
            let _ = h.join();
        }
        if let Some(h) = self.worker.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Binds 127.0.0.1 on the first free port of `first..first + tries`.
fn bind(first: u16, tries: u16) -> Result<TcpListener, ServeError> {
    let tries = tries.max(1);
    let mut last = None;
    for i in 0..tries {
        let Some(port) = first.checked_add(i) else { break };
        match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
            Ok(listener) => return Ok(listener),
            Err(err) => last = Some(err),
        }
        if first == 0 {
            break;
        }
    }
    let source = last.unwrap_or_else(|| std::io::Error::other("no port left"));
    let last_port = first.saturating_add(tries - 1);
    let ports = if last_port > first { format!("{first} to {last_port}") } else { first.to_string() };
    Err(ServeError::Bind { ports, source })
}

/// Loads the site, starts watching it and serves it on 127.0.0.1; returns once it listens.
pub fn start(options: &Options, report: Reporter) -> Result<Server, ServeError> {
    let root = std::fs::canonicalize(&options.root).map_err(|_| LoadError::NoSite(options.root.clone()))?;
    let shape = Shape { internal: options.internal, drafts: options.drafts };
    let live = Live::new(&root, shape, state::load(&root)?)?;
    report(Report::Diagnostics(live.report(None, &options.human)));
    let protocols = live.protocols();
    let listener = bind(options.port, options.port_tries)?;
    let addr = listener.local_addr()?;
    let (events, _) = broadcast::channel(64);
    let overlay: Arc<str> = live.overlay_json().into();
    let shared = Arc::new(Shared {
        live: Mutex::new(live),
        cache: Mutex::new(Cache::default()),
        overlay: Mutex::new(overlay),
        events,
    });

    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let debounce = Duration::from_millis(watch::DEBOUNCE_MS);
    let mut debouncer = new_debouncer(debounce, None, move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        // inotify reports every open, serve's own reads included: only writes count.
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| match e.kind {
                EventKind::Access(kind) => kind == AccessKind::Close(AccessMode::Write),
                _ => true,
            })
            .flat_map(|e| e.event.paths)
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    })
    .map_err(|e| ServeError::Watch { path: root.clone(), message: e.to_string() })?;
    for (path, mode) in [
        (root.clone(), RecursiveMode::NonRecursive),
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
    ] {
        if path.is_dir() {
            debouncer
                .watch(&path, mode)
                .map_err(|e| ServeError::Watch { path: path.clone(), message: e.to_string() })?;
        }
    }

    let worker = {
        let shared = Arc::clone(&shared);
        let root = root.clone();
        let human = options.human.clone();
        std::thread::Builder::new()
            .name("protokoll-watch".into())
            .spawn(move || work(&shared, &root, &rx, &report, &human))?
    };
    let stop = Arc::new(tokio::sync::watch::Sender::new(false));
    let http = {
        let stop = Arc::clone(&stop);
        let shared = Arc::clone(&shared);
        let ctrl_c = options.ctrl_c;
        std::thread::Builder::new()
            .name("protokoll-http".into())
            .spawn(move || http::run(listener, shared, stop, ctrl_c))?
    };
    Ok(Server { addr, stop, http: Some(http), worker: Some(worker), debouncer: Some(debouncer), protocols })
}

/// The worker: applies batches of changes, tells the browsers, runs the archive rules
/// when the files have been quiet for [`ARCHIVE_RULES_AFTER`].
fn work(shared: &Shared, root: &Path, rx: &mpsc::Receiver<Vec<PathBuf>>, report: &Reporter, human: &human::Options) {
    let mut archive_rules_due = false;
    loop {
        let batch = if archive_rules_due {
            match rx.recv_timeout(ARCHIVE_RULES_AFTER) {
                Ok(batch) => batch,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    archive_rules_due = false;
                    archive_rules(shared, report, human);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(batch) => batch,
                Err(_) => break,
            }
        };
        let started = Instant::now();
        let mut paths = batch;
        while let Ok(more) = rx.try_recv() {
            paths.extend(more);
        }
        let known_dir = |rel: &str| {
            let prefix = format!("{rel}/");
            lock(&shared.live).has_file_under(&prefix)
        };
        let change = watch::classify(root, &paths, &known_dir);
        if change.is_empty() {
            continue;
        }
        let mut applied = Applied::default();
        let mut how = Redone::Page;
        // Loading the whole site takes a while: do it before taking the lock.
        let reloaded = (change.config || change.rescan).then(|| state::load(root));
        let mut live = lock(&shared.live);
        if let Some(loaded) = reloaded {
            how = Redone::Site;
            match loaded {
                Ok(loaded) => live.replace(loaded),
                Err(err) => live.error = Some(err.to_string()),
            }
            applied.changed = true;
            applied.reloaded = true;
        } else {
            if change.theme {
                how = Redone::Theme;
                live.reload_theme();
                applied.changed = true;
            }
            for rel in &change.protocols {
                live.apply_protocol(rel, &mut applied);
            }
            live.settle(&mut applied);
            if applied.reindexed {
                how = Redone::Index;
            }
        }
        if !applied.changed {
            continue;
        }
        live.forget();
        {
            let mut cache = lock(&shared.cache);
            cache.files.clear();
            cache.groups.clear();
        }
        // The page most likely open is the one that changed: have it ready for the reload.
        for page in &applied.pages {
            let _ = shared.render_locked(&mut live, page);
        }
        let overlay: Arc<str> = live.overlay_json().into();
        *lock(&shared.overlay) = Arc::clone(&overlay);
        let text = if applied.reloaded { live.report(None, human) } else { live.report(Some(&applied.files), human) };
        let error = live.error.clone();
        drop(live);
        let _ = shared.events.send(Event::Diagnostics(overlay));
        let _ = shared.events.send(Event::Reload);
        let took = started.elapsed();
        let mut files: Vec<String> = change.protocols.into_iter().collect();
        if change.config {
            files.push("configuration".into());
        }
        if change.theme {
            files.push("theme".into());
        }
        report(Report::Reloaded { files, how, took });
        report(Report::Diagnostics(text));
        if let Some(error) = error {
            report(Report::Error(error));
        }
        archive_rules_due = !applied.reloaded;
    }
}

fn archive_rules(shared: &Shared, report: &Reporter, human: &human::Options) {
    let started = Instant::now();
    let mut live = lock(&shared.live);
    let found = live.archive_pass();
    let took = started.elapsed();
    let Some(new) = found else {
        drop(live);
        report(Report::ArchiveRules { took, new: String::new() });
        return;
    };
    let overlay: Arc<str> = live.overlay_json().into();
    *lock(&shared.overlay) = Arc::clone(&overlay);
    let text = live.render_diagnostics(&new, human);
    drop(live);
    let _ = shared.events.send(Event::Diagnostics(overlay));
    report(Report::ArchiveRules { took, new: text });
}
