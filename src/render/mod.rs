//! Render: [`Archive`](crate::index::Archive) → pages in memory, through Tera templates.
//!
//! No validation happens here, and no I/O but reading a site's theme overrides.

pub mod content;
pub mod data;
pub mod feeds;
pub mod i18n;
pub mod markdown;
pub mod pages;
pub mod partial;
pub mod search;
pub mod theme;
pub mod view;

pub use theme::{Theme, ThemeError};

use crate::index::Archive;

/// How to render.
#[derive(Debug)]
pub struct Options<'t> {
    /// The internal edition: confidential text included.
    pub internal: bool,
    /// Where phase timings go.
    pub timings: &'t crate::Timings,
    /// The paragraph views by protocol, when already made ([`view::protocol_views`] with
    /// the same `internal`); else they are made here.
    pub views: Option<Vec<view::ProtocolView>>,
}

/// A rendered file, in memory.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where it goes, relative to the output folder, `/`-separated, path-safe.
    pub path: String,
    /// Its bytes.
    pub content: Vec<u8>,
}

/// Renders every page of the archive and the theme's assets, handing each to `sink` as
/// soon as it is ready (in parallel), so a large archive never sits in memory whole.
///
/// Returns the paragraph views it used (by meeting), for the caller to drop or, about to
/// exit, not to free at all (see [`crate::Built::scratch`]).
pub fn render<E: From<ThemeError> + Send>(
    archive: &Archive<'_>,
    theme: &Theme,
    options: Options<'_>,
    sink: &(dyn Fn(Page) -> Result<(), E> + Sync),
) -> Result<Vec<view::ProtocolView>, E> {
    let views = match options.views {
        Some(views) => view::by_meeting(archive, views),
        None => view::meeting_views(archive, options.internal),
    };
    options.timings.lap("theme, views by meeting");
    // Pages on one side, the other outputs on the other: each is parallel inside, and
    // work stealing fills the serial stretches of one (merging the search index, the
    // attendance CSV) with the other's work.
    let (pages, rest) = rayon::join(
        || {
            pages::each_page(archive, &views, theme, &|spec: pages::PageSpec| {
                let html = theme.render_sized(spec.template, spec.context, spec.size_hint)?;
                sink(Page { path: spec.path, content: html })
            })
        },
        || -> Result<(), E> {
            for (name, bytes) in &theme.assets {
                sink(Page { path: format!("assets/{name}"), content: bytes.clone() })?;
            }
            for page in feeds::files(archive, options.internal) {
                sink(page)?;
            }
            data::each_file(archive, options.internal, &views, sink)?;
            search::each_file(archive, options.internal, Some(&views), search::Limits::default(), sink)
        },
    );
    pages?;
    rest?;
    options.timings.lap("pages, feeds, data, search");
    Ok(views)
}
