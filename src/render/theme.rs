//! Themes: Tera templates and static assets. The default theme (`themes/default/`) is
//! built into the binary; a site's `themes/<name>/` (chosen by `theme:` in
//! `protokoll.yaml`) overrides any template or asset by name, or adds new ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use include_dir::{Dir, include_dir};

use super::i18n;
use crate::config::SiteConfig;

/// The default theme, embedded at compile time.
static DEFAULT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme could not be loaded or a page could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The theme folder named in protokoll.yaml does not exist.
    #[error("theme `{0}` not found: expected a folder {1}")]
    Missing(String, PathBuf),
    /// A theme file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A template does not parse, or rendering failed.
    #[error("template error in {template}: {message}")]
    Template {
        /// The template's name.
        template: String,
        /// Tera's message.
        message: String,
    },
}

/// Templates ready to render, and the assets to copy.
pub struct Theme {
    tera: tera::Tera,
    /// Static files: (path under `assets/`, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// `partials/header.html` as rendered for each navigation state ([`HeaderKey`]).
    headers: Mutex<HashMap<HeaderKey, tera::Value>>,
    /// `partials/footer.html` likewise.
    footers: Mutex<HashMap<HeaderKey, tera::Value>>,
    /// Whether a template writes out its whole context (`__tera_context`), which Tera's
    /// list of a template's variables leaves out: then [`Theme::uses`] says yes to all.
    dumps_context: bool,
    /// `base_url:` from protokoll.yaml, for [`Theme::link_root`].
    base_url: Option<String>,
}

/// The template rendered once per navigation state and given to pages as `header_html`.
const HEADER: &str = "partials/header.html";

/// The template rendered once per navigation state and given to pages as `footer_html`
/// (it depends on less than the header: the same states serve).
const FOOTER: &str = "partials/footer.html";

/// One meeting's entry in a list (an `<li>`), rendered once per meeting and list style
/// ([`Theme::meeting_item`]). It sees `m` (the meeting) and `show_body`, besides the globals.
const MEETING_ITEM: &str = "partials/meeting_item.html";

/// A meeting's link, with or without its body's name: part of [`MEETING_ITEM`], and
/// what a person's page lists.
const MEETING_LINK: &str = "partials/meeting_link.html";

/// What the site header and footer may depend on (besides the globals): every page in
/// the same state shares one rendering of [`HEADER`] and of [`FOOTER`]. A site of 10,000
/// protocols has about fifty states for 26,000 pages; the header with its navigation was a
/// tenth of a build's template work when every page rendered it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct HeaderKey {
    root: String,
    kind: String,
    folder: String,
    section_index: bool,
}

impl HeaderKey {
    /// The state of the page whose context is `context` (as [`super::pages::page`] makes it).
    fn of(context: &tera::Context) -> Self {
        let text = |key: &str| context.get(key).and_then(tera::Value::as_str).unwrap_or("").to_owned();
        let path = text("path");
        Self {
            root: text("root"),
            kind: text("kind"),
            folder: text("folder"),
            section_index: path == "index.html" || path.ends_with("/index.html"),
        }
    }

    fn context(&self) -> tera::Context {
        let mut c = tera::Context::new();
        c.insert("root", &self.root);
        c.insert("kind", &self.kind);
        c.insert("folder", &self.folder);
        c.insert("section_index", &self.section_index);
        c
    }
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("assets", &self.assets.len()).finish_non_exhaustive()
    }
}

fn template_error(template: &str, err: &tera::Error) -> ThemeError {
    // Tera's Display gives the cause chain; keep it whole so the user sees the line.
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    ThemeError::Template { template: template.to_owned(), message }
}

/// What a page takes beyond the pieces of HTML made for it in Rust (the header, the footer,
/// what its template writes): the buffer a page is rendered into starts this large.
pub const PAGE_BYTES: usize = 16 * 1024;

/// Tera's `safe` filter, without its copy: a string is marked safe as it is (Tera keeps a
/// long string behind an `Arc`, so this is a reference count), anything else becomes its
/// text, as Tera's own filter does. The protocol page's paragraphs pass through here, and
/// Tera's filter copied them a page.
#[allow(clippy::needless_pass_by_value, reason = "the signature Tera calls a filter with")]
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() { value.clone().mark_safe() } else { tera::Value::safe_string(&value.to_string()) }
}

impl Theme {
    /// Loads the built-in theme, then the site's overrides.
    pub fn load(
        site_root: &Path,
        config: &SiteConfig,
        bodies: &[(String, String)],
        internal: bool,
    ) -> Result<Self, ThemeError> {
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut assets: Vec<(String, Vec<u8>)> = Vec::new();
        collect_embedded(&DEFAULT, &mut templates, &mut assets);
        if let Some(name) = &config.theme {
            let dir = site_root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(ThemeError::Missing(name.clone(), dir));
            }
            collect_dir(&dir, &mut templates, &mut assets)?;
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.register_filter("safe", safe);
        // All at once: Tera resolves `extends` and `include` across the whole set.
        tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
            .map_err(|e| template_error("the theme", &e))?;
        let t: serde_json::Map<String, serde_json::Value> =
            i18n::strings(config.language).into_iter().map(|(k, v)| (k.to_owned(), v.into())).collect();
        let nav: Vec<serde_json::Value> =
            bodies.iter().map(|(name, slug)| serde_json::json!({ "name": name, "slug": slug })).collect();
        let paths = super::view::Paths { lang: config.language };
        let g = tera.global_context();
        g.insert("t", &t);
        g.insert(
            "site",
            &serde_json::json!({
                "title": config.title,
                "lang": config.language.code(),
                "base_url": config.base_url,
                "internal": internal,
            }),
        );
        g.insert("nav", &nav);
        g.insert(
            "dirs",
            &serde_json::json!({
                "people": paths.people_dir(),
                "organisations": paths.orgs_dir(),
                "tags": paths.tags_dir(),
                "years": paths.years_dir(),
                "decisions": paths.decisions_dir(),
            }),
        );
        assets.sort_by(|a, b| a.0.cmp(&b.0));
        let dumps_context = templates.iter().any(|(_, source)| source.contains("__tera_context"));
        Ok(Self {
            tera,
            assets,
            headers: Mutex::new(HashMap::new()),
            footers: Mutex::new(HashMap::new()),
            dumps_context,
            base_url: config.base_url.clone(),
        })
    }

    /// Renders one template with a page's context, adding `header_html` and `footer_html`
    /// (the site header and footer, [`HEADER`] and [`FOOTER`], as rendered for the page's
    /// navigation state).
    ///
    /// Into bytes, ready to write or serve: no UTF-8 check of the output (Tera writes only
    /// `str`s) and no copy.
    pub fn render(&self, template: &str, context: tera::Context) -> Result<Vec<u8>, ThemeError> {
        self.render_sized(template, context, PAGE_BYTES)
    }

    /// [`Theme::render`] into a buffer of `capacity` bytes: a page that is about that long
    /// is written without the buffer growing (and copying what it holds) on the way.
    pub fn render_sized(
        &self,
        template: &str,
        mut context: tera::Context,
        capacity: usize,
    ) -> Result<Vec<u8>, ThemeError> {
        let key = HeaderKey::of(&context);
        context.insert("link_root", &self.link_root(&key));
        if self.tera.contains_template(HEADER) {
            context.insert_value("header_html", self.shared(&self.headers, HEADER, &key)?);
        }
        if self.tera.contains_template(FOOTER) {
            context.insert_value("footer_html", self.shared(&self.footers, FOOTER, &key)?);
        }
        let mut out = Vec::with_capacity(capacity);
        self.tera.render_to(template, &context, &mut out).map_err(|e| template_error(template, &e))?;
        Ok(out)
    }

    /// `item`, a meeting in a list ([`super::view::MeetingItem`] as a template value), with
    /// its list entry rendered by [`MEETING_ITEM`] once without and once with the body's
    /// name, `li` and `li_with_body`, and its link with the body's name, `link_with_body`
    /// ([`MEETING_LINK`]; safe HTML). A meeting is listed on many pages (its
    /// body's and year's, every attendee's, every organisation's and topic's); its entry
    /// is rendered once, and each list writes it as it is.
    pub fn meeting_item(&self, item: tera::Value) -> Result<tera::Value, ThemeError> {
        let Some(fields) = item.as_map() else { return Ok(item) };
        let mut fields = fields.clone();
        for (key, template, show_body) in
            [("li", MEETING_ITEM, false), ("li_with_body", MEETING_ITEM, true), ("link_with_body", MEETING_LINK, true)]
        {
            let mut context = tera::Context::new();
            context.insert_value("m", item.clone());
            context.insert("show_body", &show_body);
            let html = self.tera.render(template, &context).map_err(|e| template_error(template, &e))?;
            fields.insert(tera::value::Key::Str(key), tera::Value::safe_string(&html));
        }
        Ok(tera::Value::from(fields))
    }

    /// Whether `template`, with the templates it extends and includes, names the
    /// top-level variable `name` (Tera's `get_template_variables`). A theme with a
    /// template that dumps its whole context (`__tera_context`, which Tera does not list)
    /// counts as naming everything.
    #[must_use]
    pub fn uses(&self, template: &str, name: &str) -> bool {
        self.dumps_context || self.tera.get_template_variables(template).map_or(true, |vars| vars.contains(name))
    }

    /// What links to other pages and assets start with (`link_root`): the page's `root`;
    /// but on the 404 page, which a web server sends at any depth, the site's `base_url`
    /// with a final `/`, when it is set.
    fn link_root(&self, key: &HeaderKey) -> String {
        match self.base_url.as_deref().filter(|b| key.kind == "not-found" && !b.is_empty()) {
            Some(base) if base.ends_with('/') => base.to_owned(),
            Some(base) => [base, "/"].concat(),
            None => key.root.clone(),
        }
    }

    /// The site header or footer (`template`, kept in `cache`) for a navigation state:
    /// rendered the first time, then shared.
    fn shared(
        &self,
        cache: &Mutex<HashMap<HeaderKey, tera::Value>>,
        template: &str,
        key: &HeaderKey,
    ) -> Result<tera::Value, ThemeError> {
        if let Some(v) = cache.lock().ok().and_then(|h| h.get(key).cloned()) {
            return Ok(v);
        }
        let mut context = key.context();
        context.insert("link_root", &self.link_root(key));
        let html = self.tera.render(template, &context).map_err(|e| template_error(template, &e))?;
        let value = tera::Value::safe_string(&html);
        if let Ok(mut h) = cache.lock() {
            h.insert(key.clone(), value.clone());
        }
        Ok(value)
    }
}

/// Splits a theme's files: `templates/**` are templates (named by their path below
/// `templates/`), everything under `assets/` is copied as is.
fn collect_embedded(dir: &Dir<'_>, templates: &mut Vec<(String, String)>, assets: &mut Vec<(String, Vec<u8>)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        place(&path, file.contents(), templates, assets);
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, assets);
    }
}

fn collect_dir(
    root: &Path,
    templates: &mut Vec<(String, String)>,
    assets: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), ThemeError> {
    for entry in walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError::Io { path: root.to_path_buf(), source: e.into() })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let bytes = std::fs::read(entry.path())
            .map_err(|source| ThemeError::Io { path: entry.path().to_path_buf(), source })?;
        place(&rel, &bytes, templates, assets);
    }
    Ok(())
}

fn place(path: &str, bytes: &[u8], templates: &mut Vec<(String, String)>, assets: &mut Vec<(String, Vec<u8>)>) {
    if let Some(name) = path.strip_prefix("templates/") {
        let content = String::from_utf8_lossy(bytes).into_owned();
        match templates.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = content,
            None => templates.push((name.to_owned(), content)),
        }
    } else if let Some(name) = path.strip_prefix("assets/") {
        match assets.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = bytes.to_vec(),
            None => assets.push((name.to_owned(), bytes.to_vec())),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn links_start_with_root_but_with_base_url_on_the_404_page() {
        let key = |root: &str, kind: &str| HeaderKey {
            root: root.into(),
            kind: kind.into(),
            folder: String::new(),
            section_index: false,
        };
        let theme = |base_url: Option<&str>| {
            let config = SiteConfig { base_url: base_url.map(str::to_owned), ..SiteConfig::default() };
            Theme::load(Path::new("."), &config, &[], false).unwrap()
        };
        let with_slash = theme(Some("https://protokoll.example.se/"));
        let without = theme(Some("https://example.se/arkiv"));
        let none = theme(None);
        let empty = theme(Some(""));
        assert_eq!(with_slash.link_root(&key("../", "protocol")), "../");
        assert_eq!(with_slash.link_root(&key("", "not-found")), "https://protokoll.example.se/");
        assert_eq!(without.link_root(&key("", "not-found")), "https://example.se/arkiv/");
        assert_eq!(none.link_root(&key("", "not-found")), "");
        assert_eq!(empty.link_root(&key("../", "not-found")), "../");
    }
}
