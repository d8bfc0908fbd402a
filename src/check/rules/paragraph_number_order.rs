//! `paragraph-number-order`: a paragraph number is lower than the one before it.
//!
//! See [`RULE`] for the documentation.

use super::structure::{self, Role, key};
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-number-order",
    level: Level::Deny,
    summary: "a paragraph number is lower than the one before it",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds paragraphs whose numbers are out of order in the file. Numbers must increase from
one paragraph to the next; an inserted item sorts after its number (`§ 17`, `§ 17 a`,
`§ 17 b`, `§ 18`).

When numbers are out of order, the rule keeps the longest run of paragraphs that are in
order and reports the others, so one misplaced paragraph is one finding: in
`§ 1, § 2, § 10, § 4, § 5` it is `§ 10`, not every paragraph after it. When the
misplaced paragraph stands where a number is missing, that number is suggested
(`expected § 3`), and the missing number is not also reported as a gap. A number used
twice is `paragraph-number-duplicate` instead.

### Why is this bad?

Readers, the archive and citations rely on the numbers following the order of the
meeting. A number out of place is usually a typo or a paragraph moved without
renumbering.

### Example

```markdown
## § 4 Nulägesstatus

## § 3 Informationsutbyte
```

### Use instead

```markdown
## § 3 Informationsutbyte

## § 4 Nulägesstatus
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let paragraphs = &ctx.protocol.paragraphs;
    if paragraphs.len() < 2 {
        return;
    }
    let seq = ctx.sequence();
    for (i, (p, role)) in paragraphs.iter().zip(&seq.roles).enumerate() {
        if *role != Role::OutOfOrder {
            continue;
        }
        let k = key(p);
        // The in-order neighbours in the file, and where the number belongs.
        let (before, after) = seq.neighbours(i);
        let (before, after) = (before.and_then(|c| paragraphs.get(c)), after.and_then(|c| paragraphs.get(c)));
        let belongs = seq.belongs_after(paragraphs, k);
        let this = structure::label(p);
        let message = match (before, after) {
            (Some(b), Some(a)) => format!("{this} comes between {} and {}", structure::label(b), structure::label(a)),
            (Some(b), None) => format!("{this} follows {}", structure::label(b)),
            (None, Some(a)) => format!("{this} comes before {}", structure::label(a)),
            (None, None) => format!("{this} is out of order"),
        };
        let meant = seq.meant(paragraphs, i);
        let label = match (meant, belongs) {
            (Some(m), _) => format!("expected {}", structure::key_label(m)),
            (None, Some(q)) => format!("belongs after {}", structure::label(q)),
            (None, None) => "belongs first".to_owned(),
        };
        let mut d = Diagnostic::new(RULE.id, ctx.protocol.file, Some(p.number.span), message)
            .with_label(label)
            .with_help("correct the number, or move the paragraph to its place");
        if let (None, Some(q)) = (meant, belongs) {
            d = d.with_related(ctx.protocol.file, q.number.span, format!("{this} belongs after this"));
        }
        out.push(d);
    }
}
