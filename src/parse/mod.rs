//! Parse: [`SourceFile`] → [`Protocol`].
//!
//! **Parsing never fails**: it returns what it understood and the diagnostics for the
//! rest, so one run reports every problem in every file.

mod body;
pub mod convert;
pub mod front;
pub mod model;
pub mod yaml;
pub mod yaml_fast;

pub use body::ATTRIBUTES;
pub use model::*;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, Span};

/// Parses one protocol file. Always returns a protocol, however broken the file.
#[must_use]
pub fn parse_protocol(file: FileId, source: &SourceFile) -> (Protocol, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = source.text.as_str();
    let body_slug = body_slug(&source.rel);
    let file_meeting = source
        .rel
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".md").or_else(|| n.strip_suffix(".MD")))
        .and_then(front::parse_meeting_ref);
    let mut protocol = Protocol {
        file,
        body_slug,
        file_meeting,
        front: None,
        body: Span::new(0, text.len()),
        preamble: Span::point(0),
        paragraphs: Vec::new(),
        tables: Vec::new(),
        lines: Vec::new(),
        suppressions: Vec::new(),
    };
    match front::split(text) {
        front::Split::Found { yaml, body_start } => {
            protocol.front = front::parse(text, yaml, file, &mut diags);
            protocol.body = Span::new(body_start, text.len());
        }
        front::Split::Unclosed(first) => {
            diags.push(
                Diagnostic::new("front-matter-malformed", file, Some(first), "the front matter is not closed")
                    .with_label("opened here")
                    .with_help("end the front matter with a line `---` after its last key"),
            );
            protocol.body = Span::point(text.len());
        }
        front::Split::Missing => {
            let msg = if text.trim().is_empty() { "the file is empty" } else { "the protocol has no front matter" };
            diags.push(
                Diagnostic::new("front-matter-missing", file, Some(Span::point(0)), msg)
                    .with_label("expected `---` on the first line")
                    .with_help(
                        "start the file with a front matter block: `---`, then `body:`, `date:` and \
                         `attendees:`, then `---`; `protokoll import` converts word-processor exports",
                    ),
            );
        }
    }
    body::parse_body(text, &source.lines, &mut protocol, &mut diags);
    (protocol, diags)
}

/// The body's slug: the first folder under `content/`.
fn body_slug(rel: &str) -> String {
    let mut parts = rel.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("content"), Some(folder), Some(_)) => folder.to_owned(),
        _ => String::new(),
    }
}

/// A URL- and file-safe slug: lower case ASCII, å ä ö transliterated, `§` dropped.
#[must_use]
pub fn slugify(s: &str) -> String {
    let s = s.replace('§', " ");
    let slug = slug::slugify(s);
    if slug.is_empty() { "x".to_owned() } else { slug }
}
