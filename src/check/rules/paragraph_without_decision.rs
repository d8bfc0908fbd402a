//! `paragraph-without-decision`: a paragraph without `### Beslut` in a body with the
//! strict profile.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::{Level, Profile};
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-without-decision",
    level: Level::Deny,
    summary: "a paragraph without `### Beslut` in a body with the strict profile",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

In a body with the strict profile (`profile: board` in `bodies.yaml`: nämnder,
styrelser, fullmäktige), checks that every paragraph has a decision section,
`### Beslut` (or `### Decision`), and that it is not empty.

Confidential paragraphs need one too: confidentiality decides what is published, not
what is recorded, and `show=decision` publishes it. Councils (the lenient profile) often
only discuss and inform, so the rule does not apply to them.

### Why is this bad?

The protocol of a decision-making body must show, for each matter, what was decided
(kommunallagen 5 kap. 69 §). The archive records each decision separately, to be
searched and cited, and finds it only under its sub-heading.

### Example

```markdown
## § 5 Delegationsbeslut

Delegationsbesluten för september redovisas.
```

### Use instead

```markdown
## § 5 Delegationsbeslut

Delegationsbesluten för september redovisas.

### Beslut

Redovisningen läggs till handlingarna.
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.profile() != Profile::Board {
        return;
    }
    for p in &ctx.protocol.paragraphs {
        let label = || structure::label(p);
        match p.decision() {
            None => out.push(
                Diagnostic::new(
                    RULE.id,
                    ctx.protocol.file,
                    Some(structure::heading_line(ctx, p)),
                    format!("{} has no decision", label()),
                )
                .with_label("no `### Beslut` section")
                .with_help(
                    "add a section `### Beslut` with the decision; for an information item the decision can be \
                     `Informationen noteras till protokollet`",
                ),
            ),
            Some(section) if !structure::has_text(ctx.text(section.body)) => out.push(
                Diagnostic::new(
                    RULE.id,
                    ctx.protocol.file,
                    Some(structure::first_line(ctx, section.title.span)),
                    format!("the decision of {} is empty", label()),
                )
                .with_label("nothing follows this heading")
                .with_help("write the decision under `### Beslut`"),
            ),
            Some(_) => {}
        }
    }
}
