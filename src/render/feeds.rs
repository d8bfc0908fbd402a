//! Atom feeds, `sitemap.xml` and `robots.txt`.

use super::Page;
use crate::index::Archive;

/// The feed, sitemap and robots files of the archive.
#[must_use]
pub fn files(archive: &Archive<'_>, internal: bool) -> Vec<Page> {
    let _ = (archive, internal);
    Vec::new()
}
