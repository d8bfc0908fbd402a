//! `paragraph-number-start`: the first paragraph number is not 1 (per-meeting numbering).
//!
//! See [`RULE`] for the documentation.

use super::structure::{self, key};
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::{Level, Numbering};
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-number-start",
    level: Level::Deny,
    summary: "the first paragraph number is not 1 (per-meeting numbering)",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

For a body that numbers per meeting (the default, `numbering: per-meeting` in
`bodies.yaml`), checks that the first paragraph is `§ 1`.

The first paragraph is the first one in order: a paragraph out of place at the top is
reported by `paragraph-number-order` instead. Bodies with `numbering: per-year` continue
their numbers through the year; `numbering-continuity` checks those across the archive.

### Why is this bad?

A protocol of a body that numbers per meeting starting at `§ 2` has lost its first
paragraph, or was numbered as if the body numbered per year.

### Example

```markdown
## § 2 Föregående mötesprotokoll

## § 3 Nya representanter
```

### Use instead

```markdown
## § 1 Föregående mötesprotokoll

## § 2 Nya representanter
```

If the body really numbers through the year, set `numbering: per-year` in
`content/bodies.yaml`. `protokoll fix` renumbers the paragraphs when they are otherwise
in order.
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.numbering() != Numbering::PerMeeting {
        return;
    }
    let paragraphs = &ctx.protocol.paragraphs;
    let seq = ctx.sequence();
    let Some((index, first)) = seq.chain.first().and_then(|&i| paragraphs.get(i).map(|p| (i, p))) else {
        return;
    };
    if key(first) == (1, None) {
        return;
    }
    let this = structure::label(first);
    let message = if first.number.value == 1 {
        format!("the first paragraph is {this}; § 1 is missing")
    } else {
        format!("the first paragraph is {this}; per-meeting numbering starts at § 1")
    };
    let mut d =
        Diagnostic::new(RULE.id, ctx.protocol.file, Some(first.number.span), message).with_label("expected § 1");
    // Shifting every number is safe when the first has no letter and all are in order.
    let fix = (first.letter.is_none() && index == 0 && seq.is_clean_order())
        .then(|| structure::shift_from(paragraphs, 0, 1 - i64::from(first.number.value)))
        .flatten();
    match fix {
        Some(edits) => {
            let what = "renumber the paragraphs from § 1";
            d = d
                .with_help("renumber with `protokoll fix`; if the body numbers through the year, set `numbering: per-year` in `content/bodies.yaml`")
                .with_fix(what, edits);
        }
        None => {
            d = d.with_help(
                "number the paragraphs from § 1; if the body numbers through the year, set `numbering: per-year` in `content/bodies.yaml`",
            );
        }
    }
    out.push(d);
}
