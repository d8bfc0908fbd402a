//! Output: rendered pages → disk, atomically.
//!
//! The site is written to a temporary folder beside the output folder and swapped in
//! with two renames, so a failed build, Ctrl-C or a crash never leaves a half-written
//! site: readers see the old site or the new one. A marker file tells protokoll that
//! a folder is its own output, so it never replaces a folder it did not write.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::render::Page;

/// The marker file in every output folder.
pub const MARKER: &str = ".protokoll-output";

/// Writing the site failed; the previous output is untouched.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file system operation failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A page's path would leave the output folder (a bug: paths are built from slugs).
    #[error("refusing to write outside the output folder: {0}")]
    UnsafePath(String),
    /// The output folder exists, is not empty, and was not written by protokoll.
    #[error(
        "refusing to replace {0}: it is not empty and was not written by protokoll (no {MARKER} file); \
         choose another --out or empty it"
    )]
    NotOurs(PathBuf),
    /// The output folder would contain or be the site itself.
    #[error("refusing to write the site into {0}: it holds the site's own files")]
    ContainsSite(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// Whether `path` is a relative path of plain names (no `..`, no root, no drive, no `\`).
#[must_use]
pub fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains('\0')
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `pages` as the complete contents of `out`, replacing what was there.
pub fn write_site(out: &Path, site_root: &Path, pages: &[Page]) -> Result<usize, OutputError> {
    let staging = Staging::begin(out, site_root)?;
    pages.par_iter().try_for_each(|p| staging.write(p))?;
    staging.commit()
}

/// A site being written: files go to a temporary folder beside the output folder;
/// [`Staging::commit`] swaps it in. Dropped without a commit, it removes the temporary
/// folder and the previous output stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    dirs: Mutex<HashSet<PathBuf>>,
    /// Whether there is a previous output to take unchanged files from (a first build
    /// into an empty place looks up no file there).
    previous: bool,
    written: AtomicUsize,
    reused: AtomicUsize,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the temporary folder.
    pub fn begin(out: &Path, site_root: &Path) -> Result<Self, OutputError> {
        let abs_out = absolute(out);
        let abs_site = absolute(site_root);
        if abs_site.starts_with(&abs_out) {
            return Err(OutputError::ContainsSite(out.to_path_buf()));
        }
        let previous = abs_out.is_dir();
        if previous && !abs_out.join(MARKER).exists() {
            let empty = std::fs::read_dir(&abs_out).map_err(io(&abs_out))?.next().is_none();
            if !empty {
                return Err(OutputError::NotOurs(out.to_path_buf()));
            }
        }
        let parent = abs_out.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let name = abs_out.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        clean_stale(&parent, &name);
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.protokoll-tmp-{pid}"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let old = parent.join(format!(".{name}.protokoll-old-{pid}"));
        Ok(Self {
            out: abs_out,
            tmp,
            old,
            dirs: Mutex::new(HashSet::new()),
            previous,
            written: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Writes one file (from any thread).
    pub fn write(&self, page: &Page) -> Result<(), OutputError> {
        if !is_safe(&page.path) {
            return Err(OutputError::UnsafePath(page.path.clone()));
        }
        let path = self.tmp.join(&page.path);
        if let Some(dir) = path.parent() {
            let known = self.dirs.lock().is_ok_and(|d| d.contains(dir));
            if !known {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_path_buf());
                }
            }
        }
        if self.unchanged(page) && std::fs::hard_link(self.out.join(&page.path), &path).is_ok() {
            self.reused.fetch_add(1, Ordering::Relaxed);
        } else {
            std::fs::write(&path, &page.content).map_err(io(&path))?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the previous output has this file with these very bytes. Such a file is
    /// hard-linked into the new site instead of written again: it keeps its modification
    /// time (so `rsync` and other deploy steps copy only what changed), and a rebuild of a
    /// large archive where one protocol changed writes little. The previous output is never
    /// modified, so a failed build still leaves it as it was.
    fn unchanged(&self, page: &Page) -> bool {
        if !self.previous {
            return false;
        }
        let old = self.out.join(&page.path);
        let Ok(meta) = std::fs::symlink_metadata(&old) else { return false };
        meta.is_file()
            && meta.len() == page.content.len() as u64
            && std::fs::read(&old).is_ok_and(|bytes| bytes == page.content)
    }

    /// How many files were taken over unchanged from the previous output.
    #[must_use]
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Swaps the new site in: the old output aside, the new one in place, the old removed.
    pub fn commit(mut self) -> Result<usize, OutputError> {
        let marker = self.tmp.join(MARKER);
        std::fs::write(
            &marker,
            b"This folder is written by protokoll build and is replaced whole by the next build.\n",
        )
        .map_err(io(&marker))?;
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &self.old).map_err(io(&self.out))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            if had_old {
                let _ = std::fs::rename(&self.old, &self.out);
            }
            return Err(OutputError::Io { path: self.out.clone(), source: e });
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&self.old);
        }
        Ok(self.written.load(Ordering::Relaxed))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Removes temporary folders left by a build that was killed.
fn clean_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.protokoll-tmp-")) || n.starts_with(&format!(".{name}.protokoll-old-")) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // Resolve `.` and `..` lexically, and symlinks where the path exists.
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    std::fs::canonicalize(&out).unwrap_or(out)
}

#[cfg(test)]
mod tests {
    use super::is_safe;

    #[test]
    fn paths_stay_inside() {
        assert!(is_safe("personer/anna-berg.html"));
        assert!(!is_safe("../etc/passwd"));
        assert!(!is_safe("/etc/passwd"));
        assert!(!is_safe("a/../../b"));
        assert!(!is_safe("a\\..\\b"));
        assert!(!is_safe(""));
    }
}
