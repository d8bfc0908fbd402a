//! `paragraph-number-duplicate`: two paragraphs have the same number.
//!
//! See [`RULE`] for the documentation.

use super::structure::{self, Role};
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-number-duplicate",
    level: Level::Deny,
    summary: "two paragraphs have the same number",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds a paragraph number used a second time in the same protocol. The number and its
letter count together: `§ 17` and `§ 17 a` are different paragraphs, two `§ 17 a` are
not. The first paragraph with the number is taken as the real one; each later one is
reported, pointing back at the first.

A duplicate is not also counted as out of order, and when it stands where a number is
missing (`§ 3, § 3, § 5`), that number is suggested (`expected § 4`) and not also
reported as a gap.

### Why is this bad?

Decisions are cited by number (`TSR § 12`). Two paragraphs with one number make such a
citation ambiguous, and the archive can link only one of them.

### Example

```markdown
## § 3 Informationsutbyte

## § 3 Nulägesstatus
```

### Use instead

```markdown
## § 3 Informationsutbyte

## § 4 Nulägesstatus
```

Or, for an item added later to the agenda, give it a letter: `## § 3 a Nulägesstatus`.
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let paragraphs = &ctx.protocol.paragraphs;
    if paragraphs.len() < 2 {
        return;
    }
    let seq = ctx.sequence();
    for (i, (p, role)) in paragraphs.iter().zip(&seq.roles).enumerate() {
        let Role::Duplicate { first } = role else { continue };
        let Some(f) = paragraphs.get(*first) else { continue };
        let label = structure::label(p);
        let note = match seq.meant(paragraphs, i) {
            Some(m) => format!("{label} is already used; expected {}", structure::key_label(m)),
            None => format!("{label} is already used"),
        };
        out.push(
            Diagnostic::new(RULE.id, ctx.protocol.file, Some(p.number.span), format!("{label} is used twice"))
                .with_label(note)
                .with_related(ctx.protocol.file, f.number.span, format!("{label} is first used here"))
                .with_help(
                    "give each paragraph its own number; an item inserted later takes a letter, such as `§ 17 a`",
                ),
        );
    }
}
