//! `protokoll init`: a new archive, ready to commit.
//!
//! The files are templates under `templates/`, embedded in the binary. The example
//! protocol passes `protokoll check` without a finding (a test makes sure), so a new
//! archive starts green in CI.

use std::path::{Path, PathBuf};

use super::{ScaffoldError, write_new};

/// One file `init` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitFile {
    /// Where, relative to the new archive's folder, with `/` separators.
    pub rel: &'static str,
    /// What.
    pub text: String,
}

/// Where CI installs protokoll from: the repository in Cargo.toml when it has one.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
/// Stands in for the repository until Cargo.toml names one.
const PLACEHOLDER_GIT: &str = "https://example.org/ange-adressen/protokoll.git";

/// The files of a new archive, in the order they are written.
#[must_use]
pub fn init_files() -> Vec<InitFile> {
    let (git, note) = if REPOSITORY.is_empty() {
        (PLACEHOLDER_GIT, "Adressen nedan är en platshållare: ange förrådet ni hämtar protokoll från.")
    } else {
        (REPOSITORY, "Har er organisation en egen kopia av förrådet, ange den här.")
    };
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let ci =
        |text: &str| text.replace("@PROTOKOLL_GIT@", git).replace("@PROTOKOLL_TAG@", &tag).replace("@GIT_NOTE@", note);
    vec![
        InitFile { rel: "protokoll.yaml", text: include_str!("templates/protokoll.yaml").to_owned() },
        InitFile { rel: "content/bodies.yaml", text: include_str!("templates/bodies.yaml").to_owned() },
        InitFile { rel: "content/people.yaml", text: include_str!("templates/people.yaml").to_owned() },
        InitFile {
            rel: "content/kommunstyrelsen/2026-01-13.md",
            text: include_str!("templates/example.md").to_owned(),
        },
        InitFile { rel: ".gitignore", text: include_str!("templates/gitignore").to_owned() },
        InitFile { rel: ".github/workflows/protokoll.yml", text: ci(include_str!("templates/github-workflow.yml")) },
        InitFile { rel: ".gitlab-ci.yml", text: ci(include_str!("templates/gitlab-ci.yml")) },
    ]
}

/// Writes a new archive into `dir` (created when missing) and returns the paths written.
/// When any of the files exists already, nothing is written: the error lists them all.
/// Should writing fail halfway, the files written so far are removed again.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let files = init_files();
    let targets: Vec<PathBuf> = files.iter().map(|f| dir.join(f.rel)).collect();
    // `exists` is false for a dangling symlink: `symlink_metadata` sees the link itself.
    let present: Vec<PathBuf> = targets.iter().filter(|p| p.symlink_metadata().is_ok()).cloned().collect();
    if !present.is_empty() {
        return Err(ScaffoldError::Exists(present));
    }
    let mut written = Vec::with_capacity(files.len());
    for (file, path) in files.iter().zip(targets) {
        if let Err(err) = write_new(&path, &file.text) {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            return Err(err);
        }
        written.push(path);
    }
    Ok(written)
}
