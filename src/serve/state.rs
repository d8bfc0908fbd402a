//! The site held in memory between changes, and what one change does to it.
//!
//! [`Live`] owns the [`Site`] and its [`Index`] (what an [`Archive`] holds besides the
//! site), so a protocol can be swapped in place without indexing again; an [`Archive`] is
//! lent out for rendering by moving the index in and back ([`Live::with_archive`]), which
//! costs nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::check;
use crate::diagnostic::{Diagnostic, Severity, Summary, human, json};
use crate::index::{self, Archive, Index};
use crate::parse::{self, Protocol, Status};
use crate::render::{self, Theme, partial};
use crate::source::{self, FileId, FileKind, Loaded, SourceFile, Spanned};
use crate::{LoadError, Site};

use super::Served;

/// An archive lent out of its [`Index`]: its data goes back when it is dropped, even if the
/// renderer panics.
struct Lent<'p, 's> {
    home: &'p mut Index,
    archive: Archive<'s>,
}

impl Drop for Lent<'_, '_> {
    fn drop(&mut self) {
        let site = self.archive.site;
        let archive = std::mem::replace(&mut self.archive, Archive::new(site, Index::default()));
        *self.home = archive.into_index();
    }
}

/// Parser findings after which a file is not a protocol any more: its page keeps the last
/// good version and answers with its errors.
const FATAL: &[&str] = &["front-matter-malformed", "front-matter-missing", "file-not-utf8", "file-unreadable"];

/// A protocol file whose current text is broken.
#[derive(Debug, Clone, Copy)]
struct Broken {
    /// Where the last good text went (its protocol points there), when there was one.
    shadow: Option<FileId>,
}

/// A person's entry as the index reads it: present, name, organisation, role, serving for.
type PersonKey<'a> = (bool, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// What the index takes from a protocol: when none of it changes, the protocol is swapped
/// in without indexing again. Values only, never spans (moving text moves spans).
#[derive(Debug, PartialEq, Eq)]
struct IndexKey<'a> {
    meeting: Option<(jiff::civil::Date, u32)>,
    draft: bool,
    body_slug: &'a str,
    body: Option<&'a str>,
    people: Vec<PersonKey<'a>>,
    tags: Vec<&'a str>,
}

fn index_key(p: &Protocol) -> IndexKey<'_> {
    fn v(s: Option<&Spanned<String>>) -> Option<&str> {
        s.map(|x| x.value.as_str())
    }
    let people = p
        .attendees()
        .iter()
        .map(|a| (true, a))
        .chain(p.absent().iter().map(|a| (false, a)))
        .map(|(present, a)| {
            (present, v(a.name.as_ref()), v(a.org.as_ref()), v(a.role.as_ref()), v(a.serves_for.as_ref()))
        })
        .collect();
    let front = p.front.as_ref();
    IndexKey {
        meeting: p.meeting().map(|m| (m.date, m.seq)),
        draft: p.status() == Status::Draft,
        body_slug: &p.body_slug,
        body: front.and_then(|f| f.body.as_ref()).map(|b| b.value.as_str()),
        people,
        tags: front.map(|f| f.tags.iter().map(|t| t.value.as_str()).collect()).unwrap_or_default(),
    }
}

/// How the serve options shape the site.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub internal: bool,
    pub drafts: bool,
}

/// What a change did.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Something that pages show changed: reload.
    pub changed: bool,
    /// The archive was indexed again.
    pub reindexed: bool,
    /// The site was loaded again from disk.
    pub reloaded: bool,
    /// Files whose diagnostics to print (on-disk ids).
    pub files: Vec<FileId>,
    /// Pages worth rendering before the reload is sent (the changed protocols' pages).
    pub pages: Vec<String>,
}

/// The site in memory.
pub(crate) struct Live {
    root: PathBuf,
    shape: Shape,
    site: Site,
    index: Index,
    theme: Theme,
    nav: Vec<(String, String)>,
    /// Every diagnostic, levels applied, for the files as they are on disk.
    diagnostics: Vec<Diagnostic>,
    broken: BTreeMap<FileId, Broken>,
    spare_shadows: Vec<FileId>,
    /// A problem that is not a diagnostic: a theme or configuration that does not load.
    pub error: Option<String>,
    /// The index pages (people, organisations, topics, years), made together on the first
    /// request for one of them, kept until the next change.
    index_pages: Option<Vec<render::pages::PageSpec>>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("root", &self.root)
            .field("files", &self.site.sources.len())
            .finish_non_exhaustive()
    }
}

/// A site loaded from disk with its diagnostics, ready to become [`Live`].
pub(crate) struct Loaded2 {
    site: Site,
    diagnostics: Vec<Diagnostic>,
}

/// Loads and checks the whole site (start, and a change of configuration).
pub(crate) fn load(root: &Path) -> Result<Loaded2, LoadError> {
    let (site, diagnostics) = crate::check_site(root)?;
    Ok(Loaded2 { site, diagnostics })
}

/// The site settings the preview's theme sees: no `base_url`, so no page (the 404 page
/// included) links to the published site instead of the preview.
fn preview_config(site: &crate::config::SiteConfig) -> crate::config::SiteConfig {
    crate::config::SiteConfig { base_url: None, ..site.clone() }
}

fn nav_of(index: &Index) -> Vec<(String, String)> {
    index.bodies.iter().map(|b| (b.name.clone(), b.slug.clone())).collect()
}

impl Live {
    /// Indexes a loaded site and loads its theme.
    pub fn new(root: &Path, shape: Shape, loaded: Loaded2) -> Result<Self, render::ThemeError> {
        let Loaded2 { site, diagnostics } = loaded;
        let index = index::index(&site, index::Options { drafts: shape.drafts }).into_index();
        let nav = nav_of(&index);
        let internal = shape.internal || site.config.site.internal;
        let theme = Theme::load(root, &preview_config(&site.config.site), &nav, internal)?;
        let mut live = Self {
            root: root.to_path_buf(),
            shape,
            site,
            index,
            theme,
            nav,
            diagnostics,
            broken: BTreeMap::new(),
            spare_shadows: Vec::new(),
            error: None,
            index_pages: None,
        };
        live.mark_broken_at_start();
        Ok(live)
    }

    /// Takes a freshly loaded site in place of this one (configuration changed).
    pub fn replace(&mut self, loaded: Loaded2) {
        match Self::new(&self.root, self.shape, loaded) {
            Ok(new) => *self = new,
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    fn mark_broken_at_start(&mut self) {
        for p in &self.site.protocols {
            let fatal = self.diagnostics.iter().any(|d| d.file == p.file && FATAL.contains(&d.rule));
            if fatal || p.front.is_none() {
                self.broken.insert(p.file, Broken { shadow: None });
            }
        }
    }

    /// Whether the site is rendered as the internal edition.
    fn internal(&self) -> bool {
        self.shape.internal || self.site.config.site.internal
    }

    /// Forgets what was made for the previous state (after a change).
    pub fn forget(&mut self) {
        self.index_pages = None;
    }

    /// Whether a file of the site lies under this folder (`content/radet/`).
    pub fn has_file_under(&self, prefix: &str) -> bool {
        self.site.sources.iter().any(|(_, f)| f.rel.starts_with(prefix))
    }

    /// Number of protocols.
    pub fn protocols(&self) -> usize {
        self.site.protocols.len()
    }

    /// Lends the archive to `f`.
    fn with_archive<R>(&mut self, f: impl FnOnce(&Archive<'_>, &Theme) -> R) -> R {
        let index = std::mem::take(&mut self.index);
        let lent = Lent { archive: Archive::new(&self.site, index), home: &mut self.index };
        f(&lent.archive, &self.theme)
    }

    /// Indexes the archive again (and loads the theme again when the bodies changed).
    pub fn reindex(&mut self) {
        self.index = index::index(&self.site, index::Options { drafts: self.shape.drafts }).into_index();
        let nav = nav_of(&self.index);
        if nav != self.nav {
            self.nav = nav;
            self.reload_theme();
        }
    }

    /// Loads the theme again (a file under `themes/` changed); keeps the old one on error.
    pub fn reload_theme(&mut self) {
        let internal = self.internal();
        match Theme::load(&self.root, &preview_config(&self.site.config.site), &self.nav, internal) {
            Ok(theme) => {
                self.theme = theme;
                self.error = None;
            }
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    /// The on-disk file with this site-relative path (not a shadow).
    fn file_id(&self, rel: &str) -> Option<FileId> {
        let shadows: Vec<FileId> = self.broken.values().filter_map(|b| b.shadow).collect();
        self.site
            .sources
            .iter()
            .find(|(id, f)| f.rel == rel && !shadows.contains(id) && !self.spare_shadows.contains(id))
            .map(|(id, _)| id)
    }

    /// Applies a change to the protocol file at `rel` (written, created or removed).
    pub fn apply_protocol(&mut self, rel: &str, applied: &mut Applied) {
        let path = self.root.join(rel);
        let existing = self.file_id(rel);
        let bytes = std::fs::read(&path);
        if matches!(&bytes, Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
            if let Some(id) = existing {
                self.remove_protocol(id);
                applied.changed = true;
                applied.reindexed = true;
                applied.files.push(id);
            }
            return;
        }
        let mut one = Loaded::default();
        source::add(&mut one, path, rel.to_owned(), FileKind::Protocol, bytes);
        let Some((_, file)) = one.sources.iter().next() else { return };
        let file = file.clone();
        if let Some(id) = existing
            && let Some(old) = self.site.sources.get(id)
            && old.text == file.text
            && old.kind == file.kind
            && !one.diagnostics.iter().any(|d| FATAL.contains(&d.rule))
        {
            return; // Saved without a change (or our own read of an editor's rename).
        }
        let (id, old_file) = match existing {
            Some(id) => match self.site.sources.replace(id, file) {
                Ok(old) => (id, Some(old)),
                Err(_) => return,
            },
            None => (self.site.sources.add(file), None),
        };
        let mut found: Vec<Diagnostic> = one.diagnostics;
        for d in &mut found {
            d.file = id;
        }
        let kind = self.site.sources.get(id).map_or(FileKind::Other, |f| f.kind);
        let parsed = (kind == FileKind::Protocol)
            .then(|| self.site.sources.get(id).map(|f| parse::parse_protocol(id, f)))
            .flatten();
        let mut protocol = None;
        if let Some((p, d)) = parsed {
            found.extend(d);
            protocol = Some(p);
        }
        let broken = protocol.as_ref().is_none_or(|p| p.front.is_none())
            || found.iter().any(|d| FATAL.contains(&d.rule) && d.severity == Severity::Error);
        let per_file = match &protocol {
            Some(p) => check::run_protocol(p, &self.site.sources, &self.site.config, found),
            None => check::run_protocol(&empty_protocol(id), &self.site.sources, &self.site.config, found),
        };
        let was = self.broken.get(&id).copied();
        let slot_file = was.and_then(|b| b.shadow).unwrap_or(id);
        let slot = self.site.protocols.iter().position(|p| p.file == slot_file);
        applied.changed = true;
        applied.files.push(id);
        if broken {
            match (slot, was, old_file) {
                // A good protocol breaks: keep its last good text under a shadow id.
                (Some(i), None, Some(old)) => {
                    let shadow = self.shadow_of(old);
                    if let Some(p) = self.site.protocols.get_mut(i) {
                        p.file = shadow;
                    }
                    self.broken.insert(id, Broken { shadow: Some(shadow) });
                }
                // Broken before and still broken, with no good version to show: show this one.
                (Some(i), Some(Broken { shadow: None }), _) => {
                    if let (Some(p), Some(slot)) = (protocol, self.site.protocols.get_mut(i)) {
                        let reindex = index_key(&p) != index_key(slot);
                        *slot = p;
                        applied.reindexed |= reindex;
                    }
                }
                (Some(_), Some(b), _) => {
                    self.broken.insert(id, b);
                }
                (None, _, _) | (Some(_), None, None) => {
                    self.broken.insert(id, Broken { shadow: None });
                }
            }
        } else if let Some(p) = protocol {
            if let Some(Broken { shadow: Some(s) }) = self.broken.remove(&id) {
                self.spare_shadows.push(s);
            }
            self.broken.remove(&id);
            if let Some(slot) = slot.and_then(|i| self.site.protocols.get_mut(i)) {
                applied.reindexed |= index_key(&p) != index_key(slot);
                *slot = p;
            } else {
                let at = self
                    .site
                    .protocols
                    .iter()
                    .position(|q| self.site.sources.get(q.file).is_some_and(|f| f.rel.as_str() > rel))
                    .unwrap_or(self.site.protocols.len());
                self.site.protocols.insert(at, p);
                applied.reindexed = true;
            }
        }
        // This file's findings are new; archive rules keep theirs until they run again.
        self.diagnostics.retain(|d| d.file != id || check::is_archive_rule(d.rule));
        self.diagnostics.extend(per_file);
        crate::diagnostic::sort(&mut self.diagnostics, &self.site.sources);
    }

    /// After a batch of changes: indexes again when a change needs it, then finds the
    /// pages of the changed protocols (worth rendering before the reload is sent).
    pub fn settle(&mut self, applied: &mut Applied) {
        if applied.reindexed {
            self.reindex();
        }
        for &id in &applied.files {
            let file = self.broken.get(&id).and_then(|b| b.shadow).unwrap_or(id);
            if let Some(i) = self.site.protocols.iter().position(|p| p.file == file)
                && let Some(page) = self.with_archive(|a, _| partial::protocol_path(a, i))
            {
                applied.pages.push(page);
            }
        }
    }

    /// A file id to keep the last good text of a broken file under.
    fn shadow_of(&mut self, file: SourceFile) -> FileId {
        if let Some(id) = self.spare_shadows.pop()
            && self.site.sources.replace(id, file.clone()).is_ok()
        {
            return id;
        }
        self.site.sources.add(file)
    }

    fn remove_protocol(&mut self, id: FileId) {
        let file = self.broken.remove(&id).and_then(|b| b.shadow);
        if let Some(s) = file {
            self.spare_shadows.push(s);
        }
        let file = file.unwrap_or(id);
        self.site.protocols.retain(|p| p.file != file);
        if let Some(old) = self.site.sources.get(id) {
            let gone = SourceFile::new(old.path.clone(), old.rel.clone(), FileKind::Other, String::new());
            let _ = self.site.sources.replace(id, gone);
        }
        self.diagnostics.retain(|d| d.file != id);
    }

    /// Runs the rules over the whole archive again; returns the findings that are new.
    pub fn archive_pass(&mut self) -> Option<Vec<Diagnostic>> {
        let shadows: Vec<FileId> =
            self.broken.values().filter_map(|b| b.shadow).chain(self.spare_shadows.iter().copied()).collect();
        let mut found = check::run_archive(&self.site.protocols, &self.site.sources, &self.site.config);
        found.retain(|d| !shadows.contains(&d.file));
        let before: Vec<&Diagnostic> = self.diagnostics.iter().filter(|d| check::is_archive_rule(d.rule)).collect();
        if before.len() == found.len() && before.iter().zip(&found).all(|(a, b)| *a == b) {
            return None;
        }
        let new: Vec<Diagnostic> = found.iter().filter(|d| !before.contains(d)).cloned().collect();
        self.diagnostics.retain(|d| !check::is_archive_rule(d.rule));
        self.diagnostics.extend(found);
        crate::diagnostic::sort(&mut self.diagnostics, &self.site.sources);
        self.diagnostics.dedup();
        Some(new)
    }

    /// The diagnostics as the overlay reads them: `check --format json`'s document, plus
    /// `errors` (a theme or configuration that does not load).
    pub fn overlay_json(&self) -> String {
        let files = self.site.sources.len();
        let doc = json::render(&self.diagnostics, &self.site.sources, Summary::of(files, &self.diagnostics));
        let mut value: serde_json::Value = serde_json::from_str(&doc).unwrap_or_else(|_| serde_json::json!({}));
        if let Some(map) = value.as_object_mut() {
            map.insert("errors".into(), serde_json::json!(self.error.iter().collect::<Vec<_>>()));
        }
        value.to_string()
    }

    /// The terminal report: the diagnostics of `files` (all when `None`) and the summary line.
    pub fn report(&self, files: Option<&[FileId]>, options: &human::Options) -> String {
        let shown: Vec<Diagnostic> =
            self.diagnostics.iter().filter(|d| files.is_none_or(|f| f.contains(&d.file))).cloned().collect();
        let mut text = human::render(&shown, &self.site.sources, options);
        text.push_str(&human::summary_line(&self.diagnostics, self.site.protocols.len(), options));
        text.push('\n');
        text
    }

    /// Renders `diagnostics` for the terminal.
    pub fn render_diagnostics(&self, diagnostics: &[Diagnostic], options: &human::Options) -> String {
        human::render(diagnostics, &self.site.sources, options)
    }

    /// The broken file whose page is at `path`.
    fn broken_at(&mut self, path: &str) -> Option<FileId> {
        let broken: Vec<(FileId, FileId)> = self.broken.iter().map(|(&id, b)| (id, b.shadow.unwrap_or(id))).collect();
        for (id, file) in broken {
            let Some(i) = self.site.protocols.iter().position(|p| p.file == file) else { continue };
            if self.with_archive(|a, _| partial::protocol_path(a, i)).as_deref() == Some(path) {
                return Some(id);
            }
        }
        None
    }

    /// The file at `path`, rendered now; `None` when the site has none.
    pub fn render(&mut self, path: &str) -> Option<Served> {
        match partial::group_of(path) {
            partial::Group::Asset => {
                let name = path.strip_prefix("assets/")?;
                let bytes = self.theme.assets.iter().find(|(n, _)| n == name)?.1.clone();
                Some(Served { status: 200, content_type: super::http::content_type(path), body: bytes.into() })
            }
            partial::Group::Page => {
                if let Some(id) = self.broken_at(path) {
                    return Some(self.error_page(id));
                }
                let internal = self.internal();
                let rendered = if self.with_archive(|archive, _| partial::in_index_pages(archive, path)) {
                    if self.index_pages.is_none() {
                        match self.with_archive(partial::index_pages) {
                            Ok(pages) => self.index_pages = Some(pages),
                            Err(err) => return Some(problem_page(500, "template error", &err.to_string())),
                        }
                    }
                    let spec = self.index_pages.as_ref()?.iter().find(|s| s.path == path)?;
                    self.theme.render(spec.template, spec.context.clone())
                } else {
                    self.with_archive(|archive, theme| {
                        partial::page(archive, theme, internal, path)
                            .map(|spec| theme.render(spec.template, spec.context))
                    })?
                };
                Some(match rendered {
                    Ok(html) => Served { status: 200, content_type: super::http::HTML, body: html.into() },
                    Err(err) => problem_page(500, "template error", &err.to_string()),
                })
            }
            _ => None,
        }
    }

    /// Every file of the group that `path` belongs to (feeds, data, search).
    pub fn render_group(&mut self, path: &str) -> Vec<render::Page> {
        let group = partial::group_of(path);
        let internal = self.internal();
        self.with_archive(|archive, _| partial::group_files(archive, internal, group))
    }

    /// The page that stands for a broken file: its errors, status 500.
    fn error_page(&self, id: FileId) -> Served {
        let options = human::Options { color: false, path_prefix: String::new() };
        let shown: Vec<Diagnostic> = self.diagnostics.iter().filter(|d| d.file == id).cloned().collect();
        let rel = self.site.sources.get(id).map_or("", |f| f.rel.as_str());
        problem_page(500, &format!("{rel} cannot be shown"), &human::render(&shown, &self.site.sources, &options))
    }
}

/// A protocol with nothing in it, for the per-file checks of a file that is not one.
fn empty_protocol(file: FileId) -> Protocol {
    Protocol {
        file,
        body_slug: String::new(),
        file_meeting: None,
        front: None,
        body: source::Span::default(),
        preamble: source::Span::default(),
        paragraphs: Vec::new(),
        tables: Vec::new(),
        lines: Vec::new(),
        suppressions: Vec::new(),
    }
}

/// A plain page that tells what went wrong: every string escaped.
pub(crate) fn problem_page(status: u16, title: &str, text: &str) -> Served {
    let title = escape(title);
    let text = escape(text);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
         <body style=\"font-family: system-ui, sans-serif; margin: 2rem; max-width: 60rem\">\n\
         <h1>{title}</h1>\n<pre style=\"white-space: pre-wrap; background: #f4f4f4; padding: 1rem\">{text}</pre>\n\
         <p>protokoll serve shows this page until the file is fixed; the rest of the site keeps its last good state.</p>\n\
         </body>\n</html>\n"
    );
    Served { status, content_type: super::http::HTML, body: html.into_bytes().into() }
}

/// Escapes text for HTML (`& < > " '`), as pulldown-cmark does.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}
