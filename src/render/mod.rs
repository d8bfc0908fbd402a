//! Render: [`Archive`](crate::index::Archive) → pages in memory, through Tera templates.
//!
//! No validation happens here, and no I/O but reading a site's theme overrides.

pub mod i18n;
pub mod markdown;
pub mod view;
pub mod pages;
pub mod theme;

use rayon::prelude::*;

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

/// Renders every page of the archive and the theme's assets.
pub fn render(archive: &Archive<'_>, theme: &Theme, options: Options) -> Result<Vec<Page>, ThemeError> {
    let specs = pages::pages(archive, options.internal);
    let mut out: Vec<Page> = specs
        .par_iter()
        .map(|spec| theme.render(spec.template, &spec.context).map(|html| Page { path: spec.path.clone(), content: html.into_bytes() }))
        .collect::<Result<_, _>>()?;
    out.extend(theme.assets.iter().map(|(name, bytes)| Page { path: format!("assets/{name}"), content: bytes.clone() }));
    Ok(out)
}
