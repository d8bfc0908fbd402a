//! `malformed-paragraph-heading`: a line that looks like a paragraph heading but is not
//! `## § N Title`.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Edit};
use crate::parse::{HeadingStyle, Paragraph};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    id: "malformed-paragraph-heading",
    level: Level::Deny,
    summary: "a line that looks like a paragraph heading but is not `## § N Title`",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds paragraph headings that are not written `## § N Title` on one line. Documents
exported from a word processor write them in many ways, and protokoll recognises them
all so that the other checks still work:

- `§ 1` (or `§1`) on a line of its own, with the title in bold on a line after it;
- `## § 7` with the title on the next line;
- `### § 3 Title`: a heading at the wrong level;
- `## §12 Title`: no space after `§`.

When the title is known, `protokoll fix` rewrites the heading as one line, keeping
its number, letter and `{…}` attributes.

### Why is this bad?

Only `## § N Title` is the format: other tools, and later versions of protokoll, read
the paragraph structure from it, and the table of contents, citations and links to a
paragraph are built from the heading line.

### Example

```markdown
§ 1

**Föregående mötesprotokoll**

Rådets ledamöter har på förhand tagit del av föregående mötesprotokoll.
```

### Use instead

```markdown
## § 1 Föregående mötesprotokoll

Rådets ledamöter har på förhand tagit del av föregående mötesprotokoll.
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    for p in &ctx.protocol.paragraphs {
        if p.style == HeadingStyle::Canonical {
            continue;
        }
        let line = structure::heading_line(ctx, p);
        let written = ctx.text(line).trim();
        let shown = short(written);
        let message = match p.style {
            HeadingStyle::PlainLine => format!("`{shown}` on a line of its own is not a paragraph heading"),
            HeadingStyle::TitleOnNextLine => format!("the title of `{shown}` is on the next line, not in the heading"),
            HeadingStyle::WrongLevel => {
                let level = written.bytes().take_while(|b| *b == b'#').count();
                format!("`{shown}` is a level-{level} heading; a paragraph heading is level 2 (`##`)")
            }
            HeadingStyle::Spacing | HeadingStyle::Canonical => {
                format!("`{shown}` is not spaced like a paragraph heading")
            }
        };
        let canonical = structure::canonical_heading(ctx, p);
        let expected = canonical.clone().unwrap_or_else(|| format!("## § {} Title", p.number_label()));
        let mut d = Diagnostic::new(RULE.id, ctx.protocol.file, Some(line), message)
            .with_label(format!("expected `{}`", short(&expected)));
        match canonical.and_then(|c| fix(ctx, p, c)) {
            Some(edit) => {
                d = d
                    .with_help(format!("write the heading on one line, `{expected}`; `protokoll fix` rewrites it"))
                    .with_fix(format!("rewrite as `{}`", short(&expected)), vec![edit]);
            }
            None => {
                d = d.with_help(format!("write the heading on one line, `{expected}`, with the paragraph's title"));
            }
        }
        out.push(d);
    }
}

/// The edit that replaces the heading (all its lines, not their final line end) by the
/// canonical line, when that is sure to read back as the same paragraph.
fn fix(ctx: &ProtocolCtx<'_>, p: &Paragraph, canonical: String) -> Option<Edit> {
    let lines = structure::whole_lines(ctx, p.heading);
    let text = ctx.text(lines);
    let content = text.trim_end_matches(['\n', '\r']);
    let span = Span::new(p.heading.start, lines.start + content.len());
    // Attributes outside the replaced lines would be left behind twice.
    if p.attrs.span.is_some_and(|a| !span.contains(a)) {
        return None;
    }
    // A title starting with a lone lower-case letter would read back as `§ N a`.
    let title = structure::title(p)?;
    let mut chars = title.chars();
    if chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.next().is_none_or(|c| c == ' ' || c == '{') {
        return None;
    }
    if title.contains(['\n', '\r']) || (title.trim_end().ends_with('}') && p.attrs.span.is_none()) {
        return None;
    }
    Some(Edit { span, replacement: canonical })
}

/// At most 60 characters of a heading, for messages.
fn short(s: &str) -> String {
    if s.chars().count() <= 60 {
        return s.to_owned();
    }
    let cut: String = s.chars().take(59).collect();
    format!("{}…", cut.trim_end())
}
