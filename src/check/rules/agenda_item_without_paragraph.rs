//! `agenda-item-without-paragraph`: an agenda entry with no paragraph.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "agenda-item-without-paragraph",
    level: Level::Warn,
    summary: "an agenda entry with no paragraph",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

When the front matter has an `agenda`, finds entries that no paragraph matches, neither
by an equal title nor by a near-miss (see `agenda-title-mismatch` for how entries and
paragraphs are paired). A paragraph without a title is taken to be one of the entries
left over, in order, since its title cannot be compared (`paragraph-missing-title`
reports it). Sub-items (`items:`) need no paragraph.

An empty `agenda:` is taken as not filled in and is not checked.

### Why is this bad?

Each item on the agenda should be dealt with in a paragraph, even if only to record that
it was postponed. An entry with no paragraph is a matter lost from the protocol, or a
paragraph whose title was changed beyond recognition.

### Example

```markdown
---
agenda:
  - Föregående mötesprotokoll
  - Nulägesstatus
---

## § 1 Föregående mötesprotokoll
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

Punkten utgår och tas upp vid nästa möte.
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((agenda, m)) = ctx.agenda_match() else { return };
    for &ai in &m.lone_items {
        let Some(item) = agenda.get(ai) else { continue };
        let title = item.title.value.trim();
        let d = if title.is_empty() {
            Diagnostic::new(
                RULE.id,
                ctx.protocol.file,
                Some(item.span),
                "agenda item has no title, so no paragraph matches it",
            )
            .with_label("expected `title:`")
            .with_help("give the entry a `title:` equal to its paragraph's title")
        } else {
            Diagnostic::new(
                RULE.id,
                ctx.protocol.file,
                Some(item.title.span),
                format!("agenda item {} has no paragraph", structure::quoted(title)),
            )
            .with_label("no paragraph has this title")
            .with_help(format!(
                "add a paragraph `## § N {title}` (if the item was postponed, say so in it), or remove the entry from `agenda`"
            ))
        };
        out.push(d);
    }
}
