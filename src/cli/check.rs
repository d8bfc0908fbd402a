//! `protokoll check [SITE]`: validate a site and print its diagnostics.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use protokoll::diagnostic::{Severity, Summary, github, human, json, sarif};

use super::{ColorChoice, Status};

/// Arguments of `protokoll check`.
#[derive(Debug, Args)]
#[command(after_help = "Exit status: 0 when there is no error (warnings allowed), 1 when there is \
                  at least one error, 2 when the check cannot run (bad arguments, no such SITE, \
                  unreadable protokoll.yaml).")]
pub struct CheckArgs {
    /// The site folder: the one holding protokoll.yaml and content/.
    #[arg(default_value = ".", value_name = "SITE")]
    pub site: PathBuf,

    /// Output format: `human` (rustc-style, with source lines), `json` (the versioned
    /// contract documented in the README), `github` (GitHub Actions annotations, then the
    /// full report) or `sarif` (SARIF 2.1.0, for code scanning).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,

    /// Do not print the closing summary line (human and github formats).
    #[arg(short, long)]
    pub quiet: bool,
}

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the source line and carets.
    Human,
    /// One JSON document: `{"version": 1, "diagnostics": [...], "summary": {...}}`.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

/// Runs `protokoll check`.
pub fn run(args: &CheckArgs, color: ColorChoice) -> anyhow::Result<Status> {
    let (site, diagnostics) = protokoll::check_site(&args.site)?;
    let files = site.sources.len();
    let options = human::Options {
        color: args.format == Format::Human && color.enabled(&std::io::stdout()),
        path_prefix: path_prefix(&args.site),
    };
    let mut text = match args.format {
        Format::Human => human::render(&diagnostics, &site.sources, &options),
        Format::Json => json::render(&diagnostics, &site.sources, Summary::of(files, &diagnostics)),
        Format::Github => github::render(&diagnostics, &site.sources, &options),
        Format::Sarif => {
            let root_uri = root_uri(&args.site);
            let options = sarif::Options { rules: protokoll::check::rules::RULES, root_uri: root_uri.as_deref() };
            sarif::render(&diagnostics, &site.sources, &options)
        }
    };
    if matches!(args.format, Format::Human | Format::Github) && !args.quiet {
        text.push_str(&human::summary_line(&diagnostics, files, &options));
        text.push('\n');
    }
    super::print(&text)?;
    let status =
        if diagnostics.iter().any(|d| d.severity == Severity::Error) { Status::Problems } else { Status::Success };
    // The process ends now: freeing a large archive's millions of allocations one by one
    // would only delay the exit (4 % of a run over 100,000 protocols).
    std::mem::forget(site);
    std::mem::forget(diagnostics);
    Ok(status)
}

/// What goes before a site-relative path so it reads relative to the working directory:
/// `""` for `.`, `site/` for `site` or `./site/`.
pub fn path_prefix(site: &Path) -> String {
    let mut s = site.to_string_lossy().replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_owned();
    }
    let s = s.trim_end_matches('/');
    if s.is_empty() && site.has_root() {
        "/".to_owned()
    } else if s.is_empty() || s == "." {
        String::new()
    } else {
        format!("{s}/")
    }
}

/// The site folder as an absolute `file:` URI, for SARIF's `%SRCROOT%`.
fn root_uri(site: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(site).ok()?;
    let text = abs.to_string_lossy();
    // Windows' verbatim prefix is no part of a URI.
    let plain = text.strip_prefix(r"\\?\").map_or_else(|| abs.clone(), PathBuf::from);
    Some(sarif::file_uri(&plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        for (site, want) in [(".", ""), ("./", ""), ("site", "site/"), ("./site/", "site/"), ("../x", "../x/")] {
            assert_eq!(path_prefix(Path::new(site)), want, "{site}");
        }
    }
}
