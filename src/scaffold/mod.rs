//! Scaffolding: `init` (a new archive) and `new` (the next protocol of a body).
//!
//! Both only ever create files: a file that exists is never replaced. [`init`] checks
//! every target before it writes the first one, so a refusal writes nothing; each file
//! is written to a temporary file beside it and linked into place (no half-written
//! files, no race with a file that appears meanwhile).
//!
//! The texts are generated here (the archive's files are templates under
//! `templates/`, embedded in the binary); the caller decides what to print.

mod init;
mod new;
mod yaml;

pub use init::{InitFile, init, init_files};
pub use new::{Created, Draft, create, draft, resolve_body};

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::parse::MeetingRef;
use crate::source::LoadError;

/// Why scaffolding did not happen. Nothing was overwritten in any case.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// Files that would be written exist already; nothing was written.
    #[error("refusing to overwrite {}: nothing was written", list(.0))]
    Exists(Vec<PathBuf>),
    /// The file system failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The site could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// No body has this slug or name.
    #[error("{}", unknown_body(.given, .suggestion.as_deref(), .known))]
    UnknownBody {
        /// What was asked for.
        given: String,
        /// The nearest slug or name, if one is close.
        suggestion: Option<String>,
        /// Every body's slug.
        known: Vec<String>,
    },
    /// The body already has a protocol for this meeting.
    #[error(
        "{rel} is already the protocol of {meeting}; choose another day with --date, or \
         --date {meeting}-{next} for another meeting that day",
        next = .meeting.seq + 1,
        meeting = .meeting.date
    )]
    MeetingExists {
        /// The existing protocol, relative to the site.
        rel: String,
        /// The meeting.
        meeting: MeetingRef,
    },
}

fn list(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    match names.as_slice() {
        [one] => format!("{one}, which exists"),
        _ => format!("{} files that exist ({})", names.len(), names.join(", ")),
    }
}

fn unknown_body(given: &str, suggestion: Option<&str>, known: &[String]) -> String {
    let mut s = format!("no body `{given}` in content/bodies.yaml or content/");
    if let Some(near) = suggestion {
        let _ = write!(s, "; did you mean `{near}`?");
    } else if known.is_empty() {
        s.push_str("; the site has no bodies yet: add one to content/bodies.yaml");
    } else {
        let _ = write!(s, "; the bodies are: {}", known.join(", "));
    }
    s
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ScaffoldError + '_ {
    move |source| ScaffoldError::Io { path: path.to_path_buf(), source }
}

/// Writes `text` to `path`, which must not exist: folders are created as needed, the text
/// goes to a temporary file beside it first and is then hard-linked into place, which
/// fails when `path` has appeared meanwhile. Where hard links are not supported, the
/// file is created exclusively and written directly.
pub fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Hidden (a leading dot): `protokoll check` skips it should it be left behind.
    let tmp = dir.join(format!(".{name}.{}.protokoll-tmp", std::process::id()));
    let written = std::fs::File::create_new(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .map_err(io(&tmp));
    if let Err(err) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err);
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(ScaffoldError::Exists(vec![path.to_path_buf()]))
        }
        // No hard links here (some network or FAT file systems): create it exclusively.
        Err(_) => match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(mut f) => f.write_all(text.as_bytes()).and_then(|()| f.sync_all()).map_err(io(path)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(ScaffoldError::Exists(vec![path.to_path_buf()]))
            }
            Err(err) => Err(io(path)(err)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("a/b.md");
        assert!(write_new(&path, "ett").is_ok());
        assert!(matches!(write_new(&path, "två"), Err(ScaffoldError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("ett"));
        let left: Vec<_> = std::fs::read_dir(dir.path().join("a")).into_iter().flatten().flatten().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
