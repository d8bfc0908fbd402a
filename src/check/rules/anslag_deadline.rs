//! `anslag-deadline`: the anslag went up more than two days after the justering, or
//! came down before the three-week appeal time ran out.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::dates_out_of_order::days;

/// The rule.
pub static RULE: Rule = Rule {
    id: "anslag-deadline",
    level: Level::Deny,
    summary: "anslag later than the law allows or taken down too early",
    doc: DOC,
    run: Run::Protocol(check),
};

/// The justering must be announced by the second day after it.
const UP_WITHIN: i64 = 2;
/// The appeal time: three weeks from the day of the notice.
const APPEAL_DAYS: i64 = 21;

const DOC: &str = r#"### What it does

Checks the notice of the justering on the municipality's notice board
(anslagstavla), `anslag: { up, down }`:

- `anslag.up` must be no later than the second day after `justering.date`;
- `anslag.down` must be at least 21 days (three weeks) after `anslag.up`.

Each check needs both of its dates; missing dates are not reported. Dates in
the wrong order are reported by `dates-out-of-order` instead. Weekends and
public holidays are not taken into account: when the last day to appeal falls
on one, the appeal time runs to the next working day, and the notice should
stay up until then.

### Why is this bad?

Kommunallagen (2017:725) 8 kap. 12 § requires the justering to be announced on
the notice board no later than the second day after the justering ("senast
andra dagen efter justeringen"), and the notice must not be taken down before
the time to appeal has run out. That time is three weeks from the day of the
notice (13 kap. 5 §). A notice that goes up late, or comes down early, leaves
residents less time to appeal than the law gives them and can make the
decision open to challenge.

### Example

```yaml
justering: { date: 2020-10-26, place: Kommunhuset }
anslag: { up: 2020-11-02, down: 2020-11-16 }
```

### Use instead

```yaml
justering: { date: 2020-10-26, place: Kommunhuset }
anslag: { up: 2020-10-27, down: 2020-11-18 }
```
"#;

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let Some(front) = &p.front else { return };
    let Some(anslag) = &front.anslag else { return };
    let file = p.file;
    let justering = front.justering.as_ref().and_then(|j| j.date.as_ref());

    if let (Some(j), Some(up)) = (justering, &anslag.up) {
        let after = days(j.value, up.value);
        if after > UP_WITHIN {
            let last = j.value.saturating_add(jiff::Span::new().days(UP_WITHIN));
            out.push(
                Diagnostic::new(
                    RULE.id,
                    file,
                    Some(up.span),
                    format!("the anslag on {} is {after} days after the justering on {}", up.value, j.value),
                )
                .with_label("later than the second day after the justering")
                .with_related(file, j.span, "adjusted here")
                .with_help(format!(
                    "the law requires the justering to be announced no later than the second day after it \
                     (kommunallagen 8 kap. 12 §), here by {last}; correct the date if it is a slip"
                )),
            );
        }
    }
    if let (Some(up), Some(down)) = (&anslag.up, &anslag.down) {
        let up_for = days(up.value, down.value);
        // Taken down before it went up: `dates-out-of-order`.
        if (0..APPEAL_DAYS).contains(&up_for) {
            let first = up.value.saturating_add(jiff::Span::new().days(APPEAL_DAYS));
            out.push(
                Diagnostic::new(
                    RULE.id,
                    file,
                    Some(down.span),
                    format!("the anslag is up for only {up_for} days, from {} to {}", up.value, down.value),
                )
                .with_label("before the three-week appeal time has run out")
                .with_related(file, up.span, "put up here")
                .with_help(format!(
                    "the notice must stay up until the time to appeal, three weeks, has run out \
                     (kommunallagen 8 kap. 12 § and 13 kap. 5 §): take it down on {first} or later"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn deadlines() {
        let at = |j: &str, up: &str, down: &str| {
            let text = format!("---\njustering: {{ date: {j} }}\nanslag: {{ up: {up}, down: {down} }}\n---\n");
            let s = source("content/ks/2020-10-19.md", &text);
            lines(&s, &run(check, &s, &Config::default())).into_iter().map(|(l, _)| l).collect::<Vec<_>>()
        };
        assert_eq!(at("2020-10-26", "2020-10-28", "2020-11-18"), [0_usize; 0]);
        assert_eq!(at("2020-10-26", "2020-10-29", "2020-11-19"), [3]);
        assert_eq!(at("2020-10-26", "2020-10-27", "2020-11-17"), [0_usize; 0]);
        assert_eq!(at("2020-10-26", "2020-10-27", "2020-11-16"), [3]);
        assert_eq!(at("2020-10-26", "2020-10-27", "2020-10-20"), [0_usize; 0]);
    }
}
