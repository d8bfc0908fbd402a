//! The SARIF renderer (`protokoll check --format sarif`): SARIF 2.1.0, for GitHub code
//! scanning and other tools that read static-analysis results.
//!
//! One run with:
//!
//! - `tool.driver`: `name` `protokoll`, `version`, and `rules`, one reporting descriptor
//!   per rule in the order `protokoll rules` lists them: `id`, `shortDescription` (the
//!   summary), `fullDescription` and `help` (the rule's Markdown documentation, as `text`
//!   and `markdown`), `defaultConfiguration.level` (`error`, `warning` or `none`);
//! - `columnKind` `utf16CodeUnits`: every column counts UTF-16 code units (in
//!   `Sätila 𝄞 x`, `x` is column 11), 1-based, `endColumn` just past the last unit;
//! - `originalUriBaseIds`: `%SRCROOT%` is the site folder (an absolute `file:` URI),
//!   when known;
//! - `results`: `ruleId`, `ruleIndex`, `level` (`error` or `warning`, after the site's
//!   levels), `message.text` (the message, then `help: …` on a new line), one location
//!   (`artifactLocation.uri` relative to `%SRCROOT%`, percent-encoded, with `/`; a
//!   `region` unless the finding is about the whole file; the label as the location's
//!   message), `relatedLocations`, and `fixes` (`artifactChanges` with `replacements`
//!   of a `deletedRegion` by `insertedContent`) when the diagnostic has a fix.

use std::fmt::Write as _;

use serde::Serialize;

use super::json::Range;
use super::{Diagnostic, Severity};
use crate::check::Rule;
use crate::config::Level;
use crate::source::{SourceFile, SourceMap, Span};

/// The JSON schema of SARIF 2.1.0, as GitHub's documentation cites it.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What the run is about besides the diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Every rule, for `tool.driver.rules`.
    pub rules: &'a [&'a Rule],
    /// The site folder as an absolute `file:` URI ending in `/`, if known; see [`file_uri`].
    pub root_uri: Option<&'a str>,
}

/// Renders the SARIF log as pretty-printed JSON with a final newline.
#[must_use]
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, options: &Options<'_>) -> String {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "protokoll",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: options.rules.iter().map(|r| Descriptor::new(r)).collect(),
                },
            },
            original_uri_base_ids: options.root_uri.map(|uri| BaseIds { src_root: ArtifactUri { uri } }),
            column_kind: "utf16CodeUnits",
            results: diagnostics.iter().map(|d| SarifResult::new(d, sources, options.rules)).collect(),
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|err| {
        // Serialising plain strings and numbers cannot fail; keep the output valid JSON anyway.
        serde_json::json!({ "version": "2.1.0", "runs": [], "error": err.to_string() }).to_string()
    });
    out.push('\n');
    out
}

/// A `file:` URI for an absolute path, ending in `/` (for `originalUriBaseIds`).
#[must_use]
pub fn file_uri(path: &std::path::Path) -> String {
    let mut p = path.to_string_lossy().replace('\\', "/");
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    format!("file://{}", encode_path(&p))
}

/// Percent-encodes a path for a URI: unreserved characters and `/` stay (and `:` of a
/// Windows drive), everything else is encoded as UTF-8 bytes (`å` → `%C3%A5`).
#[must_use]
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(char::from(b));
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BaseIds<'a>>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
struct BaseIds<'a> {
    #[serde(rename = "%SRCROOT%")]
    src_root: ArtifactUri<'a>,
}

#[derive(Serialize)]
struct ArtifactUri<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    short_description: Text<'a>,
    full_description: Markdown<'a>,
    help: Markdown<'a>,
    default_configuration: Configuration,
}

impl<'a> Descriptor<'a> {
    fn new(rule: &'a Rule) -> Self {
        let level = match rule.level {
            Level::Deny => "error",
            Level::Warn => "warning",
            Level::Allow => "none",
        };
        Self {
            id: rule.id,
            short_description: Text::from(rule.summary),
            full_description: Markdown { text: rule.doc, markdown: rule.doc },
            help: Markdown { text: rule.doc, markdown: rule.doc },
            default_configuration: Configuration { level },
        }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Self {
        Self { text: std::borrow::Cow::Borrowed(text) }
    }
}

#[derive(Serialize)]
struct Markdown<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: Vec<Place<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Place<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

impl<'a> SarifResult<'a> {
    fn new(d: &'a Diagnostic, sources: &'a SourceMap, rules: &[&Rule]) -> Self {
        let file = sources.get(d.file);
        let mut text = d.message.clone();
        if let Some(help) = &d.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        let related = d
            .related
            .iter()
            .zip(0..)
            .filter_map(|(r, id)| {
                sources.get(r.file).map(|f| Place {
                    id: Some(id),
                    physical_location: Physical::new(f, Some(r.span)),
                    message: Some(Text::from(r.message.as_str())),
                })
            })
            .collect();
        let fixes = d
            .fix
            .iter()
            .filter_map(|fix| {
                let f = file?;
                Some(SarifFix {
                    description: Text::from(fix.description.as_str()),
                    artifact_changes: vec![ArtifactChange {
                        artifact_location: Artifact::new(f),
                        replacements: fix
                            .edits
                            .iter()
                            .map(|e| Replacement {
                                deleted_region: Region::new(f, e.span),
                                inserted_content: Text::from(e.replacement.as_str()),
                            })
                            .collect(),
                    }],
                })
            })
            .collect();
        Self {
            rule_id: d.rule,
            rule_index: rules.iter().position(|r| r.id == d.rule),
            level: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: Text { text: text.into() },
            locations: file
                .map(|f| Place {
                    id: None,
                    physical_location: Physical::new(f, d.span),
                    message: d.label.as_deref().map(Text::from),
                })
                .into_iter()
                .collect(),
            related_locations: related,
            fixes,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Place<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: Physical,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

impl Physical {
    fn new(file: &SourceFile, span: Option<Span>) -> Self {
        Self { artifact_location: Artifact::new(file), region: span.map(|s| Region::new(file, s)) }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    uri: String,
    uri_base_id: &'static str,
}

impl Artifact {
    fn new(file: &SourceFile) -> Self {
        Self { uri: encode_path(&file.rel), uri_base_id: "%SRCROOT%" }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl Region {
    fn new(file: &SourceFile, span: Span) -> Self {
        let r = Range::of(file, span);
        Self {
            start_line: r.start.line,
            start_column: r.start.column_utf16,
            end_line: r.end.line,
            end_column: r.end.column_utf16,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: Artifact,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            encode_path("content/säkerhet rådet/2020-01-01.md"),
            "content/s%C3%A4kerhet%20r%C3%A5det/2020-01-01.md"
        );
        assert_eq!(file_uri(std::path::Path::new("/a b/site")), "file:///a%20b/site/");
    }
}
