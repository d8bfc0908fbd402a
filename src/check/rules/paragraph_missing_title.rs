//! `paragraph-missing-title`: a paragraph heading without a title.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-missing-title",
    level: Level::Deny,
    summary: "a paragraph heading without a title",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds paragraphs whose heading has no title: `## § 4` alone, or, in a document from a
word processor, a `§ 4` line not followed by a bold title line.

### Why is this bad?

The title names the matter (ärendet). The archive lists, searches and links paragraphs
by it, the table of contents and the agenda are checked against it, and a confidential
paragraph shows only its number and title in public.

### Example

```markdown
## § 4

Rådets ledamöter diskuterar möjligheterna till utökad kommunikation.
```

### Use instead

```markdown
## § 4 Informationsutbyte mellan kommun och myndigheter

Rådets ledamöter diskuterar möjligheterna till utökad kommunikation.
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    for p in &ctx.protocol.paragraphs {
        if structure::title(p).is_some() {
            continue;
        }
        let label = structure::label(p);
        out.push(
            Diagnostic::new(
                RULE.id,
                ctx.protocol.file,
                Some(structure::heading_line(ctx, p)),
                format!("{label} has no title"),
            )
            .with_label("expected a title after the number")
            .with_help(format!("write the matter's title on the heading line: `## {label} Title`")),
        );
    }
}
