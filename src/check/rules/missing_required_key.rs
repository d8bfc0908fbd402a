//! `missing-required-key`: the front matter lacks `body`, `date` or `attendees`, or
//! `attendees` is empty.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Edit};
use crate::parse::FrontMatter;
use crate::source::Span;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "missing-required-key",
    level: Level::Deny,
    summary: "a required front matter key is missing",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r#"### What it does

Checks that the front matter of every protocol has the three keys the format
requires:

- `body`: the name of the body that met (nämnd, styrelse, råd),
- `date`: the date of the meeting, `YYYY-MM-DD`,
- `attendees`: the people present, with at least one entry.

A missing key is reported at the first line of the front matter; a key that is
written but left without a value (`date:`) is reported at the key, and an empty
`body: ""` or `attendees: []` at its value. A value of the wrong type or an impossible date is
reported by `wrong-type` or `invalid-date` instead, never twice. Files without
front matter are reported by `front-matter-missing`.

When `bodies.yaml` names the body of the folder, or the file is named by its date,
the fix adds the missing `body` or `date` line.

### Why is this bad?

Without the body and the date a protocol cannot be cited ("KS 2020-10-19 § 12"),
sorted into the archive or linked from the previous meeting. The list of those
present is part of every protocol: it shows that the meeting was quorate
(beslutsför) and who took part in each decision.

### Example

```markdown
---
body: Trygghets- och säkerhetsrådet
attendees: []
---
```

### Use instead

```markdown
---
body: Trygghets- och säkerhetsrådet
date: 2020-10-19
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Rickard Silva, org: Kommunledningskontoret }
---
```
"#;

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let Some(front) = &p.front else { return };
    let yaml = ctx.text(front.span);

    let configured = ctx.body().map(|b| b.name.value.as_str());
    match &front.body {
        None => {
            let line = configured.map(|name| format!("body: {}", yaml_line_value(name)));
            report(ctx, front, yaml, "body", "the name of the body that met", line.as_deref(), out);
        }
        // `body: ""`
        Some(body) if body.value.trim().is_empty() => {
            let mut d = Diagnostic::new(RULE.id, p.file, Some(body.span), "`body` is empty")
                .with_label("required")
                .with_help("write the name of the body that met");
            if let Some(name) = configured {
                let edit = people::replace_scalar(body.span, ctx.text(body.span), name);
                d = d.with_fix(format!("write `{name}`"), vec![edit]);
            }
            out.push(d);
        }
        Some(_) => {}
    }
    if front.date.is_none() {
        let line = p.file_meeting.map(|m| format!("date: {}", m.date));
        report(ctx, front, yaml, "date", "the date of the meeting, YYYY-MM-DD", line.as_deref(), out);
    }
    match &front.attendees {
        None => {
            let at = Span::point(front.span.start);
            out.push(
                Diagnostic::new(RULE.id, p.file, Some(at), "the front matter has no `attendees`")
                    .with_label("`attendees` is required")
                    .with_help(
                        "list the people present under `attendees:`, one a line: \
                         `  - { name: Anna Berg, org: Kommunstyrelsen }`",
                    ),
            );
        }
        Some(list) if list.value.is_empty() => {
            // `[]`, `~` or nothing: a value of another type was reported by `wrong-type`.
            let written = ctx.text(list.span).trim();
            if matches!(written, "" | "[" | "[]" | "~" | "null" | "Null" | "NULL") {
                out.push(
                    Diagnostic::new(RULE.id, p.file, Some(whole_brackets(ctx, list.span)), "`attendees` is empty")
                        .with_label("at least one person is required")
                        .with_help(
                            "list the people present under `attendees:`, one a line: \
                             `  - { name: Anna Berg, org: Kommunstyrelsen }`",
                        ),
                );
            }
        }
        Some(_) => {}
    }
}

/// The span of an empty flow list, `[]` or `[ ]`, from the span of its `[`.
fn whole_brackets(ctx: &ProtocolCtx<'_>, span: Span) -> Span {
    if ctx.text(span) != "[" {
        return span;
    }
    let rest = ctx.source.text.get(span.end..).unwrap_or("");
    let inner = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if rest.get(inner..).is_some_and(|r| r.starts_with(']')) {
        Span::new(span.start, span.end + inner + 1)
    } else {
        span
    }
}

/// Reports the required `key`, absent from the parsed front matter: missing, or
/// written without a value. `line` is the line to add, when it is known.
fn report(
    ctx: &ProtocolCtx<'_>,
    front: &FrontMatter,
    yaml: &str,
    key: &str,
    what: &str,
    line: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let file = ctx.protocol.file;
    match find_key(yaml, key) {
        Some(KeyLine { key: span, value, empty: true }) => {
            let at = span.shift(front.span.start);
            let mut d = Diagnostic::new(RULE.id, file, Some(at), format!("`{key}` has no value"))
                .with_label("required")
                .with_help(match line {
                    Some(l) => format!("write `{l}`"),
                    None => format!("give `{key}` a value: {what}"),
                });
            if let Some(l) = line {
                // The key, its colon and the empty value (`~`) become the whole line.
                let whole = Span::new(span.start, value.end).shift(front.span.start);
                d = d.with_fix(format!("write `{l}`"), vec![Edit { span: whole, replacement: l.to_owned() }]);
            }
            out.push(d);
        }
        // Written with a value of the wrong type: the parser reported it.
        Some(KeyLine { empty: false, .. }) => {}
        None => {
            let at = Span::point(front.span.start);
            let mut d = Diagnostic::new(RULE.id, file, Some(at), format!("the front matter has no `{key}`"))
                .with_label(format!("`{key}` is required"))
                .with_help(match line {
                    Some(l) => format!("add `{l}`"),
                    None => format!("add `{key}:` with {what}"),
                });
            if let Some(l) = line
                && block_style(yaml)
            {
                let eol = if yaml.contains("\r\n") { "\r\n" } else { "\n" };
                d = d.with_fix(format!("add `{l}`"), vec![Edit { span: at, replacement: format!("{l}{eol}") }]);
            }
            out.push(d);
        }
    }
}

/// A top-level key found in the front matter's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLine {
    /// The key (with its quotes), relative to the start of the front matter.
    pub key: Span,
    /// The value on the key's line, without a comment; empty (after the colon) when
    /// there is none.
    pub value: Span,
    /// Whether the value is empty: nothing, `~` or `null`, and no indented lines after.
    pub empty: bool,
}

/// Finds the top-level `key:` of a block-style front matter by its text: a line that
/// starts with the key (quoted or not) and a colon. Used to tell a key that is missing
/// from one that is written without a value or with a wrong one (which the parser
/// already reported), since both leave the parsed field empty.
#[must_use]
pub fn find_key(yaml: &str, key: &str) -> Option<KeyLine> {
    let mut offset = 0;
    let mut lines = yaml.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let start = offset;
        offset += line.len();
        let (name_len, rest) = if let Some(quoted) = line.strip_prefix(['"', '\'']) {
            let Some(rest) = quoted.strip_prefix(key).and_then(|r| r.strip_prefix(['"', '\''])) else { continue };
            (key.len() + 2, rest)
        } else {
            let Some(rest) = line.strip_prefix(key) else { continue };
            (key.len(), rest)
        };
        let Some(after_colon) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else { continue };
        if !after_colon.is_empty() && !after_colon.starts_with([' ', '\t', '\r', '\n']) {
            continue; // `date:x` is not a key in YAML.
        }
        let value_start = start + line.len() - after_colon.len();
        let content = after_colon.trim_end_matches(['\r', '\n']);
        let content = match content.find(" #").or_else(|| content.find("\t#")) {
            Some(i) => content.get(..i).unwrap_or(""),
            None if content.trim_start().starts_with('#') => "",
            None => content,
        };
        let lead = content.len() - content.trim_start().len();
        let value = content.trim();
        let value = Span::new(value_start + lead, value_start + lead + value.len());
        let text = yaml.get(value.start..value.end).unwrap_or("");
        let empty_text = matches!(text, "" | "~" | "null" | "Null" | "NULL");
        // A value on the following, indented lines (a list under `attendees:`).
        let continues = text.is_empty()
            && lines
                .clone()
                .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .is_some_and(|l| l.starts_with([' ', '\t', '-']));
        let key = Span::new(start, start + name_len);
        return Some(KeyLine { key, value, empty: empty_text && !continues });
    }
    None
}

/// Whether the front matter is a block mapping (one `key: value` a line), so a line can
/// be added at its start.
fn block_style(yaml: &str) -> bool {
    yaml.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| !l.starts_with(['{', '[', '-', '?']))
}

/// `value` as written after `key: `, quoted when plain text would read differently.
fn yaml_line_value(value: &str) -> String {
    people::replace_scalar(Span::default(), "", value).replacement
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{body, lines, run, source};
    use crate::config::{Config, Profile};

    #[test]
    fn missing_and_empty_keys() {
        let s = source("content/ks/2020-10-19.md", "---\nbody: KS\nattendees: []\n---\n");
        let found = run(check, &s, &Config::default());
        assert_eq!(lines(&s, &found), [(2, ""), (3, "[]")]);
        let fix = found.first().and_then(|d| d.fix.as_ref()).map(|f| f.edits.clone());
        assert_eq!(fix, Some(vec![Edit { span: Span::point(4), replacement: "date: 2020-10-19\n".into() }]));
    }

    #[test]
    fn keys_without_values_and_wrong_types() {
        let s = source("content/ks/möte.md", "---\nbody:\ndate: 2020-13-45\nattendees:\n  - Anna Berg\n---\n");
        let mut config = Config::default();
        config.bodies.push(body("Kommunstyrelsen", "ks", Profile::Board));
        let found = run(check, &s, &config);
        assert_eq!(lines(&s, &found), [(2, "body")]);
        let fix = found.first().and_then(|d| d.fix.as_ref()).map(|f| f.edits.clone());
        assert_eq!(fix, Some(vec![Edit { span: Span::new(4, 9), replacement: "body: Kommunstyrelsen".into() }]));
        let s = source("content/ks/2020-10-19.md", "---\nbody: x\ndate: null\nattendees: [a]\n---\n");
        let found = run(check, &s, &config);
        let fix = found.first().and_then(|d| d.fix.as_ref()).map(|f| f.edits.clone());
        assert_eq!(fix, Some(vec![Edit { span: Span::new(12, 22), replacement: "date: 2020-10-19".into() }]));

        let s = source("content/ks/2020-10-19.md", "---\nbody: [a]\ndate: 2020-10-19\nattendees:\n---\n");
        assert_eq!(lines(&s, &run(check, &s, &config)), [(4, "")]);
        let s = source("content/ks/2020-10-19.md", "---\nbody: x\ndate: 2020-10-19\nattendees: Anna\n---\n");
        assert!(run(check, &s, &config).is_empty());
        let s = source("content/ks/2020-10-19.md", "---\nbody: ''\ndate: 2020-10-19\nattendees: [a]\n---\n");
        let found = run(check, &s, &config);
        assert_eq!(lines(&s, &found), [(2, "''")]);
        let fix = found.first().and_then(|d| d.fix.as_ref()).map(|f| f.edits.clone());
        assert_eq!(fix, Some(vec![Edit { span: Span::new(10, 12), replacement: "'Kommunstyrelsen'".into() }]));
        let s = source("content/ks/2020-10-19.md", "no front matter\n");
        assert!(run(check, &s, &config).is_empty());
    }

    #[test]
    fn finds_keys() {
        let y = "body: x\n\"date\": \ntimes: 3\nattendees:\n  - a\n";
        assert_eq!(find_key(y, "body"), Some(KeyLine { key: Span::new(0, 4), value: Span::new(6, 7), empty: false }));
        assert_eq!(find_key(y, "date"), Some(KeyLine { key: Span::new(8, 14), value: Span::new(16, 16), empty: true }));
        assert_eq!(find_key(y, "time"), None);
        assert_eq!(find_key(y, "attendees").map(|k| k.empty), Some(false));
        let y = "date: ~ # later\n";
        assert_eq!(find_key(y, "date"), Some(KeyLine { key: Span::new(0, 4), value: Span::new(6, 7), empty: true }));
    }
}
