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
fn protocol_paths(content: &Path, loaded: &mut Loaded) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if !content.is_dir() {
        return out;
    }
    let walker = walkdir::WalkDir::new(content).follow_links(false).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || name.starts_with('_'))
    });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map_or_else(|| content.to_path_buf(), Path::to_path_buf);
                let rel = rel_path(content, &path);
                let why = err.to_string();
                let id = loaded.sources.add(SourceFile::new(path, rel.clone(), FileKind::Other, String::new()));
                loaded.diagnostics.push(unreadable(id, &rel, &why));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let is_md = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let is_readme = path.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("readme.md"));
        if is_md && !is_readme {
            out.push((path.to_path_buf(), rel_path(content, path)));
        }
    }
    out
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
