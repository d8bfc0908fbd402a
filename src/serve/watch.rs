//! What a batch of changed paths means: a protocol, the theme, the configuration.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How long the watcher waits after a path's last event before reporting it: editors write
/// a file in a burst (truncate and write, or write a temporary file and rename it) that
/// takes well under this; it is also the floor of the time from a save to the reload.
pub const DEBOUNCE_MS: u64 = 20;

/// A batch of changes, sorted by what they take.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// `protokoll.yaml`, `content/bodies.yaml` or `content/people.yaml`: load everything again.
    pub config: bool,
    /// A folder under `content/` appeared, vanished or was renamed: load everything again.
    pub rescan: bool,
    /// A file under `themes/`.
    pub theme: bool,
    /// Protocol files, relative to the site root with `/`.
    pub protocols: BTreeSet<String>,
}

impl Change {
    /// Whether nothing that matters changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !self.config && !self.rescan && !self.theme && self.protocols.is_empty()
    }
}

/// Whether a file name is an editor's or the system's temporary file: vim's `.swp` and
/// `4913`, emacs' `#x#` and `.#x`, backups `x~`, `.tmp`, hidden files.
#[must_use]
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig"].iter().any(|ext| name.ends_with(ext))
}

/// Sorts the changed `paths` (absolute, under `root`, which must be canonical).
#[must_use]
pub fn classify(root: &Path, paths: &[PathBuf], known_dir: &dyn Fn(&str) -> bool) -> Change {
    let mut change = Change::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let Some(name) = parts.last() else { continue };
        let rel = parts.join("/");
        let skipped = parts.iter().any(|p| p.starts_with('.') || p.starts_with('_'));
        match parts.first().map(String::as_str) {
            _ if rel == "protokoll.yaml" || rel == "content/bodies.yaml" || rel == "content/people.yaml" => {
                change.config = true;
            }
            Some("themes") if !parts.iter().any(|p| is_temporary(p)) => change.theme = true,
            Some("content") if !skipped && !is_temporary(name) => {
                let is_md = Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
                if is_md && !name.eq_ignore_ascii_case("readme.md") {
                    if parts.len() >= 3 {
                        change.protocols.insert(rel);
                    }
                } else if path.is_dir() || known_dir(&rel) {
                    change.rescan = true;
                }
            }
            _ => {}
        }
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_paths() {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = [
            "/site/content/radet/2020-10-19.md",
            "/site/content/radet/.2020-10-19.md.swp",
            "/site/content/radet/2020-10-19.md~",
            "/site/content/radet/4913",
            "/site/content/_drafts/x.md",
            "/site/content/README.md",
            "/site/public/index.html",
            "/elsewhere/protokoll.yaml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let change = classify(root, &paths, &|_| false);
        assert_eq!(change.protocols.iter().collect::<Vec<_>>(), ["content/radet/2020-10-19.md"]);
        assert!(!change.config && !change.theme && !change.rescan);
        let change = classify(root, &[PathBuf::from("/site/protokoll.yaml")], &|_| false);
        assert!(change.config);
        let change = classify(root, &[PathBuf::from("/site/themes/mine/templates/base.html")], &|_| false);
        assert!(change.theme);
        let change = classify(root, &[PathBuf::from("/site/content/radet")], &|rel| rel == "content/radet");
        assert!(change.rescan);
    }
}
