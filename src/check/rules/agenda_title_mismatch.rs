//! `agenda-title-mismatch`: an agenda entry whose title nearly matches a paragraph's title.
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Edit};

/// The rule.
pub static RULE: Rule = Rule {
    id: "agenda-title-mismatch",
    level: Level::Warn,
    summary: "an agenda entry whose title nearly matches a paragraph's title",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

When the front matter has an `agenda`, pairs its entries with the paragraphs and reports
an entry whose title is close to, but not the same as, a paragraph's title: a typo, a
word added or dropped, a date appended.

Entries are paired with paragraphs first by equal titles (ignoring case, spacing and
punctuation at the ends), in order; an entry left over is then paired with the most
similar paragraph left over, if the titles are near-misses. Entries that match no
paragraph are `agenda-item-without-paragraph`; paragraphs that match no entry are
`paragraph-without-agenda-item`. Sub-items (`items:`) need no section of their own and
are not compared. Neither is the order: a meeting may take its items in another order
than the agenda set out.

When the agenda title is written on one line (plain, or in quotes without escapes),
`protokoll fix` replaces it with the heading's title, quoted when YAML needs it.

### Why is this bad?

The agenda is the table of contents of the meeting. The archive links each entry to
its paragraph; a title that differs makes readers wonder whether the item was changed,
and one of the two is misspelt.

### Example

```markdown
---
agenda:
  - Återrapporering om handlingsplanen
---

## § 6 Återrapportering om handlingsplanen
```

### Use instead

```markdown
---
agenda:
  - Återrapportering om handlingsplanen
---

## § 6 Återrapportering om handlingsplanen
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((agenda, m)) = ctx.agenda_match() else { return };
    let paragraphs = &ctx.protocol.paragraphs;
    for &(ai, pi) in &m.near {
        let (Some(item), Some(p)) = (agenda.get(ai), paragraphs.get(pi)) else { continue };
        let (Some(title), Some(title_span)) = (structure::title(p), p.title.as_ref().map(|t| t.span)) else {
            continue;
        };
        let label = structure::label(p);
        let mut d = Diagnostic::new(
            RULE.id,
            ctx.protocol.file,
            Some(item.title.span),
            format!(
                "agenda item {} does not match {label} {}",
                structure::quoted(&item.title.value),
                structure::quoted(title)
            ),
        )
        .with_label(format!("did you mean {}?", structure::quoted(title)))
        .with_related(ctx.protocol.file, title_span, format!("{label} has this title"));
        if replaceable(ctx.text(item.title.span), &item.title.value) {
            d = d
                .with_help("make the agenda entry and the heading agree; `protokoll fix` copies the heading's title")
                .with_fix(
                    format!("replace the agenda title with {label}'s title"),
                    vec![Edit { span: item.title.span, replacement: structure::yaml_scalar(title) }],
                );
        } else {
            d = d.with_help("make the agenda entry and the heading agree");
        }
        out.push(d);
    }
}

/// Whether the scalar written as `written` (its span's text) holds exactly `value`, so
/// replacing the span replaces the value: a plain scalar, or a quoted one without escapes.
/// (The span of a quoted scalar includes its quotes.)
fn replaceable(written: &str, value: &str) -> bool {
    if written == value {
        return structure::is_plain_safe(written);
    }
    let inner = |q: char| written.strip_prefix(q).and_then(|w| w.strip_suffix(q));
    match (inner('"'), inner('\'')) {
        (Some(i), _) => i == value && !i.contains(['\\', '"']),
        (_, Some(i)) => i == value && !i.contains('\''),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::replaceable;

    #[test]
    fn only_scalars_whose_text_is_their_value() {
        assert!(replaceable("Övriga frågor", "Övriga frågor"));
        assert!(replaceable("\"Covid-19: pandemin\"", "Covid-19: pandemin"));
        assert!(replaceable("'Covid-19: pandemin'", "Covid-19: pandemin"));
        assert!(!replaceable("\"a \\\"b\\\"\"", "a \"b\""));
        assert!(!replaceable("Övriga\n  frågor", "Övriga frågor"));
        assert!(!replaceable(">- Övriga", "Övriga"));
    }
}
