//! The GitHub Actions renderer (`protokoll check --format github`): workflow commands
//! that GitHub turns into annotations on the files of a pull request.
//!
//! ```text
//! ::error file=content/radet/2021-01-11.md,line=20,col=4,endLine=20,endColumn=7,title=paragraph-number-gap::§ 4 follows § 2; § 3 is missing%0Ahelp: renumber with `protokoll fix`
//! ```
//!
//! - `file` is the path from the working directory (the site folder as given, then the
//!   path in the site), since GitHub resolves it against the repository checkout.
//! - `line`, `col`, `endLine`, `endColumn` are 1-based; columns count characters, as in
//!   the JSON output, and `endColumn` is just past the last character. A finding about
//!   the whole file has only `file`.
//! - Escaping follows the runner: in the message `%`, `\r`, `\n` become `%25`, `%0D`,
//!   `%0A`; in properties also `:` and `,` become `%3A` and `%2C`.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step. So after the
//! annotations comes the full human-readable report, folded in a log group and fenced
//! by `::stop-commands::` so text quoted from a protocol cannot issue workflow commands;
//! with more than 10 of either, a notice says where the rest are. `protokoll check` ends
//! with the human summary line.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::json::Range;
use super::{Diagnostic, Severity, Summary, human};
use crate::source::SourceMap;

/// How many annotations of one severity GitHub shows per step.
pub const ANNOTATION_LIMIT: usize = 10;

/// Renders the annotations, then the folded human report. The caller adds the summary
/// line ([`human::summary_line`]). `options` is the human renderer's: colour should be
/// off for logs; its path prefix is used for `file=` too.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, options: &human::Options) -> String {
    let mut out = String::new();
    for d in diagnostics {
        annotation(&mut out, d, sources, &options.path_prefix);
    }
    let summary = Summary::of(0, diagnostics);
    if !diagnostics.is_empty() {
        let report = human::render(diagnostics, sources, options);
        // A token the report cannot contain: it is derived from the report itself.
        let mut hasher = DefaultHasher::new();
        report.hash(&mut hasher);
        let token = format!("protokoll-{:016x}", hasher.finish());
        let _ = writeln!(out, "::group::protokoll: the full report");
        let _ = writeln!(out, "::stop-commands::{token}");
        out.push_str(&report);
        let _ = writeln!(out, "::{token}::");
        let _ = writeln!(out, "::endgroup::");
    }
    if summary.errors > ANNOTATION_LIMIT || summary.warnings > ANNOTATION_LIMIT {
        let _ = writeln!(
            out,
            "::notice title=protokoll::{}",
            escape_data(&format!(
                "GitHub shows only {ANNOTATION_LIMIT} errors and {ANNOTATION_LIMIT} warnings as annotations; \
                 the full report of {} errors and {} warnings is in the log of this step",
                summary.errors, summary.warnings
            ))
        );
    }
    out
}

/// One `::error …::message` line.
fn annotation(out: &mut String, d: &Diagnostic, sources: &SourceMap, prefix: &str) {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let file = sources.get(d.file);
    let mut props = vec![("file", format!("{prefix}{}", file.map_or("", |f| f.rel.as_str())))];
    if let Some(r) = file.zip(d.span).map(|(f, s)| Range::of(f, s)) {
        props.push(("line", r.start.line.to_string()));
        props.push(("col", r.start.column.to_string()));
        props.push(("endLine", r.end.line.to_string()));
        props.push(("endColumn", r.end.column.to_string()));
    }
    props.push(("title", d.rule.to_owned()));
    let props: Vec<String> = props.iter().map(|(k, v)| format!("{k}={}", escape_property(v))).collect();

    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        let _ = write!(message, " ({label})");
    }
    if let Some(help) = &d.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    let _ = writeln!(out, "::{command} {}::{}", props.join(","), escape_data(&message));
}

/// Escapes the message of a workflow command.
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_runner() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
