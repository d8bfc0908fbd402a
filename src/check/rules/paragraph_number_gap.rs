//! `paragraph-number-gap`: paragraph numbers skip a number.
//!
//! See [`RULE`] for the documentation.

use super::structure::{self, key_label};
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-number-gap",
    level: Level::Deny,
    summary: "paragraph numbers skip a number",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Checks that the paragraph numbers of a protocol run without a gap: `§ 4` after `§ 2`
means that `§ 3` is missing.

Numbers are compared in the order the paragraphs stand in the file. An inserted item
takes a letter and needs the number it belongs to: `§ 17 a` may follow `§ 17` (or
`§ 17 b` follow `§ 17 a`), but `§ 17 a` straight after `§ 16` means `§ 17` is missing,
and `§ 17 c` after `§ 17 a` means `§ 17 b` is. A number that stands elsewhere in the
file is not missing: that paragraph is out of order (see `paragraph-number-order`). And
when a misplaced or duplicate paragraph stands where the number is missing
(`§ 2, § 10, § 4` or `§ 3, § 3, § 5`), it is probably that number mistyped: the slip
is reported once, by `paragraph-number-order` or `paragraph-number-duplicate`.

Where the first number should be is `paragraph-number-start`'s concern; this rule only
looks at the steps between paragraphs, so it applies to per-year numbering as well.

### Why is this bad?

A protocol is a legal record. A missing number makes a reader ask whether a paragraph
was removed after the meeting, and citations (`TSR § 12`) go wrong when the numbers
are renumbered later.

### Example

```markdown
## § 2 Nya representanter

## § 4 Övriga frågor
```

### Use instead

```markdown
## § 2 Nya representanter

## § 3 Övriga frågor
```

`protokoll fix` renumbers the paragraph and those after it, when the numbering is
otherwise in order.
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let paragraphs = &ctx.protocol.paragraphs;
    if paragraphs.len() < 2 {
        return;
    }
    let seq = ctx.sequence();
    for gap in seq.gaps(paragraphs) {
        let (a, b, missing) = (gap.before, gap.after, gap.missing);
        let (Some(pa), Some(pb)) = (paragraphs.get(a), paragraphs.get(b)) else { continue };
        let first = missing.first.first().copied().map(key_label).unwrap_or_default();
        let mut d = Diagnostic::new(
            RULE.id,
            ctx.protocol.file,
            Some(pb.number.span),
            format!("{} follows {}; {}", structure::label(pb), structure::label(pa), missing.describe()),
        )
        .with_label(format!("expected {first}"))
        .with_related(ctx.protocol.file, pa.number.span, format!("{} is here", structure::label(pa)));
        // Closing the gap is safe when only whole numbers are missing and every paragraph
        // is in order: this one and all after it move down by the same step.
        let fix = if missing.numbers_only && missing.whole_range && seq.is_clean_order() {
            i64::try_from(missing.total).ok().and_then(|delta| structure::shift_from(paragraphs, b, -delta))
        } else {
            None
        };
        match fix {
            Some(edits) => {
                let last = paragraphs.last().map(structure::label).unwrap_or_default();
                let what = if edits.len() == 1 {
                    format!("renumber {} as {first}", structure::label(pb))
                } else {
                    format!("renumber {} to {last} down by {}", structure::label(pb), missing.total)
                };
                d = d.with_help("renumber with `protokoll fix`, or add the missing paragraph").with_fix(what, edits);
            }
            None => d = d.with_help("add the missing paragraph, or renumber the paragraphs so they run without a gap"),
        }
        out.push(d);
    }
}
