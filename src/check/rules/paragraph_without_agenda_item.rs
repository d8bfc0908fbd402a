//! `paragraph-without-agenda-item`: a paragraph that the agenda does not list.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-without-agenda-item",
    level: Level::Warn,
    summary: "a paragraph that the agenda does not list",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

When the front matter has an `agenda`, finds paragraphs that no agenda entry matches,
neither by an equal title nor by a near-miss (see `agenda-title-mismatch` for how
entries and paragraphs are paired). Paragraphs without a title are left to
`paragraph-missing-title`.

Protocols without an `agenda`, or with an empty one, are not checked.

### Why is this bad?

The agenda lists what the meeting was to deal with. A matter added at the meeting
should be added to the agenda too (the meeting decides that at its opening); otherwise
the agenda and the protocol disagree, and the archive cannot link the paragraph to it.

### Example

```markdown
---
agenda:
  - Föregående mötesprotokoll
---

## § 1 Föregående mötesprotokoll

## § 2 Nulägesstatus
```

### Use instead

```markdown
---
agenda:
  - Föregående mötesprotokoll
  - Nulägesstatus
---

## § 1 Föregående mötesprotokoll

## § 2 Nulägesstatus
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((_, m)) = ctx.agenda_match() else { return };
    let agenda_span = ctx.protocol.front.as_ref().and_then(|f| f.agenda.as_ref()).map(|a| a.span);
    let paragraphs = &ctx.protocol.paragraphs;
    for &pi in &m.lone_paragraphs {
        let Some(p) = paragraphs.get(pi) else { continue };
        let (Some(title), Some(span)) = (structure::title(p), p.title.as_ref().map(|t| t.span)) else { continue };
        let mut d = Diagnostic::new(
            RULE.id,
            ctx.protocol.file,
            Some(span),
            format!("{} {} is not on the agenda", structure::label(p), structure::quoted(title)),
        )
        .with_label("no agenda entry has this title")
        .with_help(format!("add `- {}` to `agenda` in the front matter, in its place", structure::yaml_scalar(title)));
        if let Some(a) = agenda_span {
            d = d.with_related(ctx.protocol.file, structure::first_line(ctx, a), "the agenda");
        }
        out.push(d);
    }
}
