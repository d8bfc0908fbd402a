//! Converting YAML [`Node`]s into typed values, reporting every mismatch at its value.

use jiff::civil::Date;

use super::yaml::{Node, NodeKind};
use crate::diagnostic::{Diagnostic, Edit, suggest};
use crate::source::{FileId, Span, Spanned};

/// Converts nodes of one file, collecting diagnostics.
pub struct Conv<'d> {
    /// The file the nodes come from.
    pub file: FileId,
    /// Where diagnostics go.
    pub diags: &'d mut Vec<Diagnostic>,
}

impl Conv<'_> {
    /// Reports a value of the wrong type.
    pub fn wrong_type(&mut self, node: &Node, key: &str, expected: &str, help: &str) {
        self.diags.push(
            Diagnostic::new(
                "wrong-type",
                self.file,
                Some(node.span),
                format!("`{key}` must be {expected}, not {}", node.kind.describe()),
            )
            .with_label(format!("expected {expected}"))
            .with_help(help.to_owned()),
        );
    }

    /// The entries of a mapping, or a diagnostic.
    pub fn map<'n>(&mut self, node: &'n Node, key: &str, help: &str) -> Option<&'n [(Node, Node)]> {
        if let NodeKind::Map(entries) = &node.kind {
            Some(entries)
        } else {
            self.wrong_type(node, key, "a mapping (key: value)", help);
            None
        }
    }

    /// [`Conv::map`] of a node given away: its entries, to be taken apart in turn.
    pub fn take_map(&mut self, node: Node, key: &str, help: &str) -> Option<Vec<(Node, Node)>> {
        match node.kind {
            NodeKind::Map(entries) => Some(entries),
            kind => {
                self.wrong_type(&Node { span: node.span, kind }, key, "a mapping (key: value)", help);
                None
            }
        }
    }

    /// [`Conv::string`] of a node given away: a text keeps its string (trimmed when it
    /// needs to be), where `string` copies it. The front matter is converted this way,
    /// which spares an allocation and a copy for every value of every protocol.
    pub fn take_string(&mut self, node: Node, key: &str) -> Option<Spanned<String>> {
        match node.kind {
            NodeKind::Str(s) => {
                let text =
                    if crate::source::trim(&s).len() == s.len() { s } else { crate::source::trim(&s).to_owned() };
                Some(Spanned::new(text, node.span))
            }
            kind => self.string(&Node { span: node.span, kind }, key),
        }
    }

    /// [`Conv::string_list`] of a node given away (see [`Conv::take_string`]).
    pub fn take_string_list(&mut self, node: Node, key: &str) -> Vec<Spanned<String>> {
        match node.kind {
            NodeKind::Seq(items) => items.into_iter().filter_map(|n| self.take_string(n, key)).collect(),
            kind => self.string_list(&Node { span: node.span, kind }, key),
        }
    }

    /// A text value. Numbers are taken as their text; `null` is absent; lists, mappings
    /// and booleans are wrong types.
    pub fn string(&mut self, node: &Node, key: &str) -> Option<Spanned<String>> {
        let text = match &node.kind {
            NodeKind::Str(s) => crate::source::trim(s).to_owned(),
            NodeKind::Int(i) => i.to_string(),
            NodeKind::Float(f) => f.to_string(),
            NodeKind::Null => return None,
            _ => {
                self.wrong_type(node, key, "text", "write the value as plain text on the same line");
                return None;
            }
        };
        Some(Spanned::new(text, node.span))
    }

    /// A calendar date `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node, key: &str) -> Option<Spanned<Date>> {
        match &node.kind {
            NodeKind::Str(s) => parse_date(s).map_or_else(
                || {
                    self.diags.push(invalid_date(self.file, node.span, key, s));
                    None
                },
                |d| Some(Spanned::new(d, node.span)),
            ),
            NodeKind::Int(i) => {
                let digits = i.to_string();
                let mut d = Diagnostic::new(
                    "wrong-type",
                    self.file,
                    Some(node.span),
                    format!("`{key}` is a number ({i}), not a date"),
                )
                .with_label("expected a date like 2020-10-19");
                if let (8, Some(date)) = (digits.len(), digits_date(&digits)) {
                    d = d.with_help(format!("write the date with dashes: `{key}: {date}`")).with_fix(
                        "write the date with dashes",
                        vec![Edit { span: node.span, replacement: date.to_string() }],
                    );
                } else {
                    d = d.with_help("write the date as YYYY-MM-DD, for example 2020-10-19");
                }
                self.diags.push(d);
                None
            }
            NodeKind::Null => None,
            _ => {
                self.wrong_type(node, key, "a date", "write the date as YYYY-MM-DD, for example 2020-10-19");
                None
            }
        }
    }

    /// A list of texts. A single text where a list belongs is reported and used as a
    /// one-entry list, so later checks still see it.
    pub fn string_list(&mut self, node: &Node, key: &str) -> Vec<Spanned<String>> {
        match &node.kind {
            NodeKind::Seq(items) => items.iter().filter_map(|n| self.string(n, key)).collect(),
            NodeKind::Null => Vec::new(),
            NodeKind::Str(s) => {
                let mut d = Diagnostic::new(
                    "wrong-type",
                    self.file,
                    Some(node.span),
                    format!("`{key}` must be a list, not text"),
                )
                .with_label("expected a list")
                .with_help(format!("write a list in brackets: `{key}: [{s}]`"));
                if !s.contains([',', '[', ']', '\n', '"', '\'']) {
                    d = d.with_fix(
                        "put the value in a list",
                        vec![Edit { span: node.span, replacement: format!("[{s}]") }],
                    );
                }
                self.diags.push(d);
                vec![Spanned::new(s.trim().to_owned(), node.span)]
            }
            _ => {
                self.wrong_type(node, key, "a list", &format!("write a list in brackets: `{key}: [a, b]`"));
                Vec::new()
            }
        }
    }

    /// The key text of a mapping entry (keys that are not text are reported).
    pub fn key<'n>(&mut self, key: &'n Node) -> Option<&'n str> {
        if let Some(k) = key.as_str() {
            Some(k)
        } else {
            self.diags.push(
                Diagnostic::new(
                    "wrong-type",
                    self.file,
                    Some(key.span),
                    format!("a key must be text, not {}", key.kind.describe()),
                )
                .with_help("keys are names such as `date:` or `attendees:`"),
            );
            None
        }
    }

    /// Reports a key that is not one of `known`, with a did-you-mean and a rename fix.
    pub fn unknown_key(&mut self, key: &Node, name: &str, known: &[&str], context: &str) {
        let mut d =
            Diagnostic::new("unknown-key", self.file, Some(key.span), format!("unknown key `{name}` in {context}"));
        match suggest::did_you_mean(name, known.iter().copied()) {
            Some(s) => {
                d = d.with_label(format!("did you mean `{s}`?")).with_help(format!("rename it to `{s}`")).with_fix(
                    format!("rename `{name}` to `{s}`"),
                    vec![Edit { span: key.span, replacement: s.to_owned() }],
                );
            }
            None => {
                d = d.with_label("not a known key").with_help(format!("known keys: {}", known.join(", ")));
            }
        }
        self.diags.push(d);
    }
}

fn invalid_date(file: FileId, span: Span, key: &str, s: &str) -> Diagnostic {
    Diagnostic::new("invalid-date", file, Some(span), format!("`{key}` is not a valid date: \"{s}\""))
        .with_label("expected a date like 2020-10-19")
        .with_help("write the date as YYYY-MM-DD with a real month and day")
}

/// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day, a real day).
#[must_use]
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year: i16 = s.get(0..4)?.parse().ok()?;
    let month: i8 = s.get(5..7)?.parse().ok()?;
    let day: i8 = s.get(8..10)?.parse().ok()?;
    if !s.get(0..4)?.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Date::new(year, month, day).ok()
}

fn digits_date(d: &str) -> Option<Date> {
    parse_date(&format!("{}-{}-{}", d.get(0..4)?, d.get(4..6)?, d.get(6..8)?))
}
