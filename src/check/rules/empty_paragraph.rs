//! `empty-paragraph`: a paragraph with a heading and no text.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "empty-paragraph",
    level: Level::Warn,
    summary: "a paragraph with a heading and no text",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds paragraphs with a heading and nothing after it. Text means a letter or a digit
somewhere in the paragraph outside HTML comments (`<!-- … -->`) and headings: a
paragraph with only `### Beslut` and no decision under it, or only a `---` line or a
stray `.`, is empty. A table inside the paragraph counts as text.

### Why is this bad?

Every paragraph of a protocol records a matter: what was said or decided. An empty one
is usually a heading written in advance and never filled in, or text that ended up
under another paragraph.

### Example

```markdown
## § 4 Informationsutbyte mellan kommun och myndigheter

## § 5 Nulägesstatus
```

### Use instead

```markdown
## § 4 Informationsutbyte mellan kommun och myndigheter

Rådets ledamöter diskuterar möjligheterna till utökad kommunikation.

## § 5 Nulägesstatus
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    for p in &ctx.protocol.paragraphs {
        if structure::has_text(ctx.text(p.body)) {
            continue;
        }
        // Tables are in file order: the first that starts at or after the paragraph.
        let tables = &ctx.protocol.tables;
        let next = tables.partition_point(|t| t.span.start < p.span.start);
        if tables.get(next).is_some_and(|t| t.span.start < p.span.end) {
            continue;
        }
        let label = structure::label(p);
        out.push(
            Diagnostic::new(
                RULE.id,
                ctx.protocol.file,
                Some(structure::heading_line(ctx, p)),
                format!("{label} has no text"),
            )
            .with_label("nothing follows this heading")
            .with_help("write what was discussed or decided, or remove the paragraph and renumber the rest"),
        );
    }
}
