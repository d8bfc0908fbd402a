//! One file at a time, by its path: what `serve` renders when a browser asks for a page
//! (Hugo's "fast render"), instead of the whole site. The pages come from the same
//! functions as [`pages::each_page`], so a page served is the page a build writes.
//!
//! Files that are made all together (feeds, open data, the search index) form a
//! [`Group`]: asking for one of them makes the whole group.

use super::pages::{self, PageSpec};
use super::view::{self, Paths, ProtocolView};
use super::{Page, Theme, ThemeError, data, feeds, search};
use crate::index::Archive;

/// What makes the file at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// An HTML page, rendered alone ([`page`]).
    Page,
    /// A file of the theme, under `assets/`.
    Asset,
    /// Atom feeds, `sitemap.xml`, `robots.txt`.
    Feeds,
    /// Open data under `data/`.
    Data,
    /// The search index under `search/`.
    Search,
}

/// Which group the file at `path` (relative to the site root, `/`-separated) belongs to.
#[must_use]
pub fn group_of(path: &str) -> Group {
    let first = path.split('/').next().unwrap_or("");
    let is_sitemap = !path.contains('/')
        && path.starts_with("sitemap")
        && path.rsplit_once('.').is_some_and(|(_, ext)| ext == "xml");
    match first {
        "assets" => Group::Asset,
        "feeds" | "robots.txt" => Group::Feeds,
        "data" => Group::Data,
        search::DIR => Group::Search,
        _ if is_sitemap => Group::Feeds,
        _ => Group::Page,
    }
}

/// Every file of a group that is made all together (not [`Group::Page`] or
/// [`Group::Asset`], which give nothing here).
#[must_use]
pub fn group_files(archive: &Archive<'_>, internal: bool, group: Group) -> Vec<Page> {
    match group {
        Group::Feeds => feeds::files(archive, internal),
        Group::Data => data::files(archive, internal),
        Group::Search => search::files(archive, internal),
        Group::Page | Group::Asset => Vec::new(),
    }
}

/// The view of one meeting, as `each_page` gets it.
fn views_of(archive: &Archive<'_>, internal: bool, mi: usize) -> ProtocolView {
    let Some(p) = archive.meetings.get(mi).and_then(|m| archive.site.protocols.get(m.protocol)) else {
        return ProtocolView::default();
    };
    view::protocol_view(archive.site, p, internal)
}

/// The page at `path` (`index.html`, `radet/2020-10-19.html`, `personer/anna-berg.html`),
/// or `None` when the site has no such page. Only that page is made; the index pages of
/// organisations, topics and years are picked from the set `each_page` makes of them.
#[must_use]
pub fn page(archive: &Archive<'_>, theme: &Theme, internal: bool, path: &str) -> Option<PageSpec> {
    let lang = archive.site.config.site.language;
    let paths = Paths { lang };
    let empty = serde_json::json!({});
    let fixed = |template: &'static str, kind: &'static str, title: String| {
        pages::page(path.to_owned(), template, kind, title, Vec::new(), &empty)
    };
    if path == "index.html" {
        return Some(pages::home(archive, paths, &pages::Items::on_demand(theme)));
    }
    if path == "404.html" {
        return Some(fixed("404.html", "not-found", pages::t(lang, "not_found")));
    }
    if path == pages::t(lang, "search_page") {
        return Some(fixed("search.html", "search", pages::t(lang, "search_title")));
    }
    if path == pages::t(lang, "accessibility_page") {
        return Some(fixed("accessibility.html", "accessibility", pages::t(lang, "accessibility_title")));
    }
    let (dir, file) = path.split_once('/')?;
    if file.contains('/') {
        return None;
    }
    let stem = file.strip_suffix(".html")?;
    if dir == paths.people_dir() && stem != "index" {
        let pi = archive.people.iter().position(|p| p.slug == stem)?;
        return Some(pages::person_page(archive, paths, &pages::Items::on_demand(theme), pi, pages::Needs::ALL));
    }
    if in_index_pages(archive, path) {
        return index_pages(archive, theme).ok()?.into_iter().find(|s| s.path == path);
    }
    if dir == paths.decisions_dir() {
        // The register of one year needs the paragraphs of that year's meetings only.
        let mut views: Vec<ProtocolView> = vec![ProtocolView::default(); archive.meetings.len()];
        if let Ok(year) = stem.parse::<i16>()
            && let Some((_, ms)) = archive.years.iter().find(|(y, _)| *y == year)
        {
            for &mi in ms {
                if let Some(slot) = views.get_mut(mi) {
                    *slot = views_of(archive, internal, mi);
                }
            }
        }
        let found = std::sync::Mutex::new(None);
        let _ = pages::decision_pages(archive, paths, &views, pages::Needs::ALL, &|spec| {
            if spec.path == path
                && let Ok(mut found) = found.lock()
            {
                *found = Some(spec);
            }
            Ok::<(), ()>(())
        });
        return found.into_inner().ok().flatten();
    }
    let bi = archive.bodies.iter().position(|b| b.slug == dir)?;
    if stem == "index" {
        return Some(pages::body_page(archive, &pages::Items::on_demand(theme), bi));
    }
    let mi = archive
        .bodies
        .get(bi)?
        .meetings
        .iter()
        .copied()
        .find(|&mi| archive.meetings.get(mi).is_some_and(|m| m.slug == stem))?;
    pages::protocol_page(
        archive,
        paths,
        &pages::Items::on_demand(theme),
        mi,
        &views_of(archive, internal, mi),
        pages::Needs::ALL,
    )
}

/// Whether the page at `path` is one of [`index_pages`] (made all together).
#[must_use]
pub fn in_index_pages(archive: &Archive<'_>, path: &str) -> bool {
    let paths = Paths { lang: archive.site.config.site.language };
    let Some((dir, file)) = path.split_once('/') else { return false };
    let people = dir == paths.people_dir() && file == "index.html";
    people || [paths.orgs_dir(), paths.tags_dir(), paths.years_dir()].contains(&dir)
}

/// The index pages of people, organisations, topics and years, with every organisation,
/// topic and year page: `each_page` makes them together. Worth keeping between requests.
pub fn index_pages(archive: &Archive<'_>, theme: &Theme) -> Result<Vec<PageSpec>, ThemeError> {
    let paths = Paths { lang: archive.site.config.site.language };
    Ok(pages::index_pages(archive, paths, &pages::Items::new(archive, theme)?))
}

/// The path of the page of the protocol `site.protocols[protocol]`, when the archive shows it.
#[must_use]
pub fn protocol_path(archive: &Archive<'_>, protocol: usize) -> Option<String> {
    let paths = Paths { lang: archive.site.config.site.language };
    archive.meetings.iter().find(|m| m.protocol == protocol).map(|m| paths.meeting(archive, m))
}
