//! Render: [`Archive`](crate::index::Archive) → pages in memory, through Tera templates.
//!
//! No validation happens here, and no I/O but reading a site's theme overrides.

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
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The internal edition: confidential text included.
    pub internal: bool,
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
pub fn render<E: From<ThemeError> + Send>(
    archive: &Archive<'_>,
    theme: &Theme,
    options: Options,
    sink: &(dyn Fn(Page) -> Result<(), E> + Sync),
) -> Result<(), E> {
    pages::each_page(archive, options.internal, &|spec: pages::PageSpec| {
        let html = theme.render(spec.template, &spec.context)?;
        sink(Page { path: spec.path, content: html.into_bytes() })
    })?;
    for (name, bytes) in &theme.assets {
        sink(Page { path: format!("assets/{name}"), content: bytes.clone() })?;
    }
    for page in feeds::files(archive, options.internal) {
        sink(page)?;
    }
    for page in data::files(archive, options.internal) {
        sink(page)?;
    }
    for page in search::files(archive, options.internal) {
        sink(page)?;
    }
    Ok(())
}
