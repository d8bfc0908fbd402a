//! Reading a site's files from disk.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{FileId, FileKind, SourceFile, SourceMap, Span};
use crate::diagnostic::Diagnostic;

/// A failure of the environment: the site cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The site folder does not exist or is not a folder.
    #[error("no site at {0}: the folder does not exist")]
    NoSite(PathBuf),
    /// `protokoll.yaml` exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Everything read from a site folder.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The site folder.
    pub root: PathBuf,
    /// Every file, configuration first, then protocols in path order.
    pub sources: SourceMap,
    /// Problems met while reading (a file that is not UTF-8, a file that vanished).
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The ids of the protocol files.
    pub fn protocols(&self) -> impl Iterator<Item = FileId> + '_ {
        self.sources.iter().filter(|(_, f)| f.kind == FileKind::Protocol).map(|(id, _)| id)
    }

    /// The id of the file of this kind (configuration files exist once).
    #[must_use]
    pub fn find(&self, kind: FileKind) -> Option<FileId> {
        self.sources.iter().find(|(_, f)| f.kind == kind).map(|(id, _)| id)
    }
}

/// Reads `protokoll.yaml`, `content/bodies.yaml`, `content/people.yaml` and every
/// `content/**/*.md`, in a deterministic order (sorted by path).
///
/// Files that cannot be read or decoded become diagnostics, never errors: only a
/// missing site folder or an unreadable `protokoll.yaml` stops the run.
pub fn load_site(root: &Path) -> Result<Loaded, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoSite(root.to_path_buf()));
    }
    let mut loaded = Loaded { root: root.to_path_buf(), ..Loaded::default() };

    let config = root.join("protokoll.yaml");
    if config.exists() {
        let bytes = std::fs::read(&config).map_err(|source| LoadError::Unreadable { path: config.clone(), source })?;
        add(&mut loaded, config, "protokoll.yaml".into(), FileKind::SiteConfig, Ok(bytes));
    }

    let content = root.join("content");
    for (name, kind) in [("bodies.yaml", FileKind::Bodies), ("people.yaml", FileKind::People)] {
        let path = content.join(name);
        if path.exists() {
            let bytes = std::fs::read(&path);
            add(&mut loaded, path, format!("content/{name}"), kind, bytes);
        }
    }

    let paths = protocol_paths(&content, &mut loaded);
    let read: Vec<_> = paths
        .into_par_iter()
        .map(|(path, rel)| {
            let bytes = std::fs::read(&path);
            prepare(path, rel, FileKind::Protocol, bytes)
        })
        .collect();
    for (file, pending) in read {
        commit(&mut loaded, file, pending);
    }
    Ok(loaded)
}

/// The Markdown files under `content/`, sorted, with their site-relative paths.
/// Hidden entries, `_`-prefixed entries and `README.md` files are skipped; links are not followed.
/// The folders directly under `content/` (a body each) are walked in parallel, and their
/// lists joined in name order: the order one walk of the whole tree gives.
fn protocol_paths(content: &Path, loaded: &mut Loaded) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if !content.is_dir() {
        return out;
    }
    let visible = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || name.starts_with('_'))
    };
    let top: Vec<walkdir::Result<walkdir::DirEntry>> = walkdir::WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .filter_entry(visible)
        .collect();
    let found: Vec<Vec<Found>> = top
        .into_par_iter()
        .map(|entry| match entry {
            Ok(e) if e.file_type().is_dir() => walkdir::WalkDir::new(e.path())
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(visible)
                .filter_map(|entry| Found::of(content, entry))
                .collect(),
            entry => Found::of(content, entry).into_iter().collect(),
        })
        .collect();
    for f in found.into_iter().flatten() {
        match f {
            Found::Protocol(path, rel) => out.push((path, rel)),
            Found::Unwalkable(path, rel, why) => {
                let id = loaded.sources.add(SourceFile::new(path, rel.clone(), FileKind::Other, String::new()));
                loaded.diagnostics.push(unreadable(id, &rel, &why));
            }
        }
    }
    out
}

/// What walking `content/` finds that matters: a protocol file, or an entry that could not
/// be read (path, site-relative path, why).
enum Found {
    Protocol(PathBuf, String),
    Unwalkable(PathBuf, String, String),
}

impl Found {
    fn of(content: &Path, entry: walkdir::Result<walkdir::DirEntry>) -> Option<Self> {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map_or_else(|| content.to_path_buf(), Path::to_path_buf);
                let rel = rel_path(content, &path);
                return Some(Self::Unwalkable(path, rel, err.to_string()));
            }
        };
        if !entry.file_type().is_file() {
            return None;
        }
        let path = entry.path();
        let is_md = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let is_readme = path.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("readme.md"));
        (is_md && !is_readme).then(|| Self::Protocol(path.to_path_buf(), rel_path(content, path)))
    }
}

fn rel_path(content: &Path, path: &Path) -> String {
    let inner = path.strip_prefix(content).unwrap_or(path);
    let parts: Vec<String> = inner.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.is_empty() { "content".to_owned() } else { format!("content/{}", parts.join("/")) }
}

pub(crate) fn add(loaded: &mut Loaded, path: PathBuf, rel: String, kind: FileKind, bytes: std::io::Result<Vec<u8>>) {
    let (file, pending) = prepare(path, rel, kind, bytes);
    commit(loaded, file, pending);
}

/// A finding about a file that needs its id, which it gets when added.
enum Pending {
    /// Decoding failed at byte `valid_up_to`; the text is the valid prefix.
    NotUtf8 { valid_up_to: usize },
    /// Reading failed.
    Unreadable { rel: String, why: String },
}

/// Decodes a file read (on any thread): the file and what to report about it.
fn prepare(
    path: PathBuf,
    rel: String,
    kind: FileKind,
    bytes: std::io::Result<Vec<u8>>,
) -> (SourceFile, Option<Pending>) {
    match bytes {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => (SourceFile::new(path, rel, kind, text), None),
            Err(err) => {
                let bytes = err.into_bytes();
                let valid_up_to = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| 0);
                // Keep the valid prefix so the diagnostic can show the line where decoding failed.
                let prefix = bytes.get(..valid_up_to).unwrap_or(&[]);
                let text = String::from_utf8_lossy(prefix).into_owned();
                (SourceFile::new(path, rel, kind, text), Some(Pending::NotUtf8 { valid_up_to }))
            }
        },
        Err(err) => {
            let pending = Pending::Unreadable { rel: rel.clone(), why: err.to_string() };
            (SourceFile::new(path, rel, FileKind::Other, String::new()), Some(pending))
        }
    }
}

/// Adds a prepared file and its finding.
fn commit(loaded: &mut Loaded, file: SourceFile, pending: Option<Pending>) {
    let at = file.text.len();
    let id = loaded.sources.add(file);
    match pending {
        None => {}
        Some(Pending::NotUtf8 { valid_up_to }) => loaded.diagnostics.push(
            Diagnostic::new(
                "file-not-utf8",
                id,
                Some(Span::point(at)),
                format!("the file is not UTF-8: byte {} cannot be decoded", valid_up_to + 1),
            )
            .with_label("decoding stops here")
            .with_help(
                "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8); \
                 files from Windows are often in Windows-1252",
            ),
        ),
        Some(Pending::Unreadable { rel, why }) => loaded.diagnostics.push(unreadable(id, &rel, &why)),
    }
}

fn unreadable(id: FileId, rel: &str, why: &str) -> Diagnostic {
    Diagnostic::new("file-unreadable", id, None, format!("cannot read {rel}: {why}"))
        .with_help("check the file's permissions, or remove it from content/")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "---\nbody: X\n---\n").unwrap();
    }

    /// The protocols are read in path order, folder by folder, whatever order the folders
    /// are walked in; hidden and `_` entries, README files and other files are left out.
    #[test]
    fn protocols_are_found_in_path_order_and_the_skipped_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("protokoll.yaml"), "title: T\n").unwrap();
        for rel in [
            "content/b-radet/2021-02-01.md",
            "content/b-radet/2021-01-01.md",
            "content/a-namnden/2020/2020-05-01.md",
            "content/a-namnden/2019-12-31.md",
            "content/a-namnden/README.md",
            "content/a-namnden/notes.txt",
            "content/a-namnden/_draft.md",
            "content/.hidden/2020-01-01.md",
            "content/_mallar/2020-01-01.md",
            "content/c-radet/.utkast/2020-01-01.md",
            "content/c-radet/2020-03-01.MD",
            "content/lost.md",
            "content/README.md",
        ] {
            write(root, rel);
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("content/b-radet"), root.join("content/d-link")).unwrap();
        let loaded = load_site(root).unwrap();
        let found: Vec<&str> =
            loaded.protocols().filter_map(|id| loaded.sources.get(id)).map(|f| f.rel.as_str()).collect();
        assert_eq!(
            found,
            [
                "content/a-namnden/2019-12-31.md",
                "content/a-namnden/2020/2020-05-01.md",
                "content/b-radet/2021-01-01.md",
                "content/b-radet/2021-02-01.md",
                "content/c-radet/2020-03-01.MD",
                "content/lost.md",
            ]
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    }
}
