//! `stray-punctuation`: a line of lone punctuation, such as a single `.`.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Edit};
use crate::parse::LineFinding;

/// The rule.
pub static RULE: Rule = Rule {
    id: "stray-punctuation",
    level: Level::Warn,
    summary: "a line of lone punctuation, such as a single `.`",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds a line that holds only punctuation (such as `.`, `,`, `…` or `–`), standing as a
paragraph of text of its own. Word processors leave such lines behind when text is
deleted around them.

`protokoll fix` deletes the line.

### Why is this bad?

The published protocol shows the lone mark as a paragraph of its own. It is also a hint
that text was lost: check that the sentence before it is complete.

### Example

```markdown
Det finns en önskan från förvaltningarna att arbetssättet ska fortsätta.

.
```

### Use instead

```markdown
Det finns en önskan från förvaltningarna att arbetssättet ska fortsätta.
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    for finding in &ctx.protocol.lines {
        let LineFinding::StrayPunctuation(span) = finding else { continue };
        let mark = ctx.text(*span).trim();
        let delete = structure::whole_lines(ctx, *span);
        out.push(
            Diagnostic::new(RULE.id, ctx.protocol.file, Some(*span), format!("a line with only `{mark}`"))
                .with_label("stray punctuation")
                .with_help("delete the line, and check that no text was lost around it")
                .with_fix(format!("delete the `{mark}` line"), vec![Edit { span: delete, replacement: String::new() }]),
        );
    }
}
