//! `empty-list-item`: a list item with no text.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Edit};
use crate::parse::LineFinding;

/// The rule.
pub static RULE: Rule = Rule {
    id: "empty-list-item",
    level: Level::Warn,
    summary: "a list item with no text",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds list items with no text: a line with only `-`, `*`, `+` or a number such as `3.`.
Word processors leave them behind when a bullet list ends with an empty bullet.

`protokoll fix` deletes the line.

### Why is this bad?

An empty bullet shows as a stray dot in the published protocol, and may be a point
someone meant to write and forgot.

### Example

```markdown
- Ökad arbetslöshet och fler konkurser.
- Kriminella aktörer breddar sin brottslighet.
-
```

### Use instead

```markdown
- Ökad arbetslöshet och fler konkurser.
- Kriminella aktörer breddar sin brottslighet.
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    for finding in &ctx.protocol.lines {
        let LineFinding::EmptyListItem(span) = finding else { continue };
        let marker = ctx.text(*span).trim();
        let delete = structure::whole_lines(ctx, *span);
        out.push(
            Diagnostic::new(RULE.id, ctx.protocol.file, Some(*span), "list item with no text")
                .with_label(format!("`{marker}` alone"))
                .with_help("write the item's text, or delete the line")
                .with_fix("delete the empty list item", vec![Edit { span: delete, replacement: String::new() }]),
        );
    }
}
