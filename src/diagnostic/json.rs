//! The JSON renderer (`protokoll check --format json`): a versioned contract.
//!
//! One JSON document on standard output:
//!
//! ```json
//! {
//!   "version": 1,
//!   "diagnostics": [
//!     {
//!       "file": "content/radet/2021-01-11.md",
//!       "line": 20,
//!       "column": 4,
//!       "end_line": 20,
//!       "end_column": 7,
//!       "severity": "error",
//!       "rule": "paragraph-number-gap",
//!       "message": "§ 4 follows § 2; § 3 is missing",
//!       "help": "renumber with `protokoll fix`",
//!       "label": "expected § 3",
//!       "related": [
//!         { "file": "content/radet/2021-01-11.md", "line": 12, "column": 4,
//!           "end_line": 12, "end_column": 7, "message": "§ 2 is here" }
//!       ],
//!       "fix": {
//!         "description": "renumber to § 3",
//!         "edits": [
//!           { "line": 20, "column": 6, "end_line": 20, "end_column": 7, "replacement": "3" }
//!         ]
//!       }
//!     }
//!   ],
//!   "summary": { "files": 12, "errors": 1, "warnings": 0 }
//! }
//! ```
//!
//! - `version` is `1`. Fields may be added within a version; none is removed, renamed
//!   or changes meaning or type without a new version.
//! - `diagnostics` are sorted by file, position and rule.
//! - `file` is relative to the site folder, with `/` separators, whatever the platform.
//! - `line` and `column` are 1-based and count in the file as it is on disk (a byte-order
//!   mark is not counted; CRLF counts as one line end). Columns count characters (Unicode
//!   scalar values): in `Sätila x`, `x` is column 8. `end_line` and `end_column` are the
//!   position just past the last character (exclusive, as in LSP and SARIF); an empty
//!   range (a point) has `end_column == column`. All four are `null` when the finding is
//!   about the whole file (it cannot be read, for example).
//! - `severity` is `"error"` or `"warning"`, after the site's rule levels; an error makes
//!   `protokoll check` exit with status 1.
//! - `rule` is the stable kebab-case id (`protokoll explain RULE` documents it).
//! - `message` is one sentence without a final full stop; `help` says how to fix it and
//!   is `null` when absent; `label` is the short text shown beside the caret, or `null`.
//! - `related` lists other places that explain this one (possibly in other files); it may
//!   be empty.
//! - `fix` is `null`, or a safe automatic fix: edits in the diagnostic's own file, each
//!   replacing the range `line:column`–`end_line:end_column` (same conventions as above)
//!   with `replacement`; the edits do not overlap.
//! - `summary` counts the files read and the diagnostics of each severity.

use serde::Serialize;

use super::{Diagnostic, Edit, Related, Severity, Summary};
use crate::source::{LineCol, SourceFile, SourceMap, Span};

/// The version of the JSON shape documented above.
pub const VERSION: u32 = 1;

/// Renders the whole report as one pretty-printed JSON document with a final newline.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, summary: Summary) -> String {
    let report = Report {
        version: VERSION,
        diagnostics: diagnostics.iter().map(|d| JsonDiagnostic::new(d, sources)).collect(),
        summary,
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|err| {
        // Serialising plain strings and numbers cannot fail; keep the output valid JSON anyway.
        serde_json::json!({ "version": VERSION, "error": err.to_string() }).to_string()
    });
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: Severity,
    rule: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    label: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    fix: Option<JsonFix<'a>>,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(d: &'a Diagnostic, sources: &'a SourceMap) -> Self {
        let file = sources.get(d.file);
        let range = file.zip(d.span).map(|(f, s)| Range::of(f, s));
        Self {
            file: file.map_or("", |f| f.rel.as_str()),
            line: range.map(|r| r.start.line),
            column: range.map(|r| r.start.column),
            end_line: range.map(|r| r.end.line),
            end_column: range.map(|r| r.end.column),
            severity: d.severity,
            rule: d.rule,
            message: &d.message,
            help: d.help.as_deref(),
            label: d.label.as_deref(),
            related: d.related.iter().map(|r| JsonRelated::new(r, sources)).collect(),
            fix: d.fix.as_ref().map(|fix| JsonFix {
                description: &fix.description,
                edits: fix.edits.iter().filter_map(|e| file.map(|f| JsonEdit::new(e, f))).collect(),
            }),
        }
    }
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

impl<'a> JsonRelated<'a> {
    fn new(r: &'a Related, sources: &'a SourceMap) -> Self {
        let file = sources.get(r.file);
        let range = file.map_or_else(Range::unknown, |f| Range::of(f, r.span));
        Self {
            file: file.map_or("", |f| f.rel.as_str()),
            line: range.start.line,
            column: range.start.column,
            end_line: range.end.line,
            end_column: range.end.column,
            message: &r.message,
        }
    }
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

impl<'a> JsonEdit<'a> {
    fn new(e: &'a Edit, file: &SourceFile) -> Self {
        let range = Range::of(file, e.span);
        Self {
            line: range.start.line,
            column: range.start.column,
            end_line: range.end.line,
            end_column: range.end.column,
            replacement: &e.replacement,
        }
    }
}

/// Start and end (exclusive) of a span as 1-based lines and columns; shared by the
/// machine-readable renderers. Out-of-range and backwards spans are clamped, never a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Where the span starts.
    pub start: LineCol,
    /// Just past its last character.
    pub end: LineCol,
}

impl Range {
    /// The range of `span` in `file`.
    #[must_use]
    pub fn of(file: &SourceFile, span: Span) -> Self {
        let (a, b) = (span.start.min(span.end), span.start.max(span.end));
        Self { start: file.line_col(a), end: file.line_col(b) }
    }

    /// Line 1, column 1: for a place in a file that is not in the source map.
    fn unknown() -> Self {
        let at = LineCol { line: 1, column: 1, column_utf16: 1 };
        Self { start: at, end: at }
    }
}
