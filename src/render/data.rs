//! Open data under `data/`: JSON per protocol, the archive index, a JSON Schema, the
//! attendance CSV and an iCalendar file per body.

use super::Page;
use crate::index::Archive;

/// The open-data files of the archive.
#[must_use]
pub fn files(archive: &Archive<'_>, internal: bool) -> Vec<Page> {
    let _ = (archive, internal);
    Vec::new()
}
