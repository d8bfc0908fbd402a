//! Diagnostics: one type for every finding, and the renderers that print it.
//!
//! A [`Diagnostic`] points into a [`SourceFile`](crate::source::SourceFile) by byte
//! span; renderers turn spans into lines and columns (characters for humans and
//! JSON, UTF-16 units for SARIF) through the [`SourceMap`].

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod suggest;

use crate::source::{FileId, SourceMap, Span};

/// How serious a finding is, after the site's rule levels are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops `build`; `check` exits with status 1.
    Error,
    /// Printed; does not change the exit status.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// A second place that explains the first ("first used here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file.
    pub file: FileId,
    /// Where in it.
    pub span: Span,
    /// What it is.
    pub message: String,
}

/// One text replacement of a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes to replace.
    pub span: Span,
    /// What goes there.
    pub replacement: String,
}

/// A machine-applicable fix: edits in the diagnostic's own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in the imperative ("renumber to § 3").
    pub description: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable kebab-case id of the rule that found it.
    pub rule: &'static str,
    /// Set by the check driver from the rule's level; rules leave it at `Error`.
    pub severity: Severity,
    /// The file.
    pub file: FileId,
    /// Where in the file; `None` for a finding about the whole file.
    pub span: Option<Span>,
    /// What is wrong, one sentence without a final full stop.
    pub message: String,
    /// A short text shown beside the caret ("expected § 3").
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places that explain this one.
    pub related: Vec<Related>,
    /// A safe automatic fix, when there is one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span` in `file`.
    #[must_use]
    pub fn new(rule: &'static str, file: FileId, span: Option<Span>, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: Severity::Error,
            file,
            span,
            message: message.into(),
            label: None,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    /// Adds the text beside the caret.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds how to fix it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    #[must_use]
    pub fn with_related(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { file, span, message: message.into() });
        self
    }

    /// Adds a machine-applicable fix.
    #[must_use]
    pub fn with_fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix { description: description.into(), edits });
        self
    }
}

/// Totals for the closing summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Error-level diagnostics.
    pub errors: usize,
    /// Warning-level diagnostics.
    pub warnings: usize,
}

impl Summary {
    /// Counts `diagnostics` over `files` files.
    #[must_use]
    pub fn of(files: usize, diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        Self { files, errors, warnings: diagnostics.len() - errors }
    }
}

/// Sorts diagnostics by file path, then position, then rule: the order every renderer prints.
pub fn sort(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let pa = sources.get(a.file).map(|f| f.rel.as_str());
        let pb = sources.get(b.file).map(|f| f.rel.as_str());
        pa.cmp(&pb)
            .then_with(|| a.span.map(|s| s.start).cmp(&b.span.map(|s| s.start)))
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
}
