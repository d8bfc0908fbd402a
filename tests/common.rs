//! Helpers every area's tests use.

use std::path::Path;

/// Copies the folder `from` into `to` (created): sub-folders and regular files; at the
/// top level only the entries named in `only`, when given.
pub fn copy_dir(from: &Path, to: &Path, only: Option<&[&str]>) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if only.is_some_and(|only| !only.iter().any(|s| name == std::ffi::OsStr::new(s))) {
            continue;
        }
        let ty = entry.file_type().unwrap();
        if ty.is_dir() {
            copy_dir(&entry.path(), &to.join(&name), None);
        } else if ty.is_file() {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// The error diagnostics of a build, as "rule: message".
pub fn error_messages(built: &protokoll::Built) -> Vec<String> {
    built
        .diagnostics
        .iter()
        .filter(|d| d.severity == protokoll::Severity::Error)
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect()
}

/// Fails with the error diagnostics of a build that has any.
pub fn assert_no_errors(built: &protokoll::Built) {
    let errors = error_messages(built);
    assert!(errors.is_empty(), "error diagnostics: {errors:#?}");
}
