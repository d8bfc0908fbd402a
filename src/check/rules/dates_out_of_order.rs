//! `dates-out-of-order`: justering before the meeting, anslag before the justering,
//! or the anslag taken down before it went up.
//!
//! See [`RULE`] for the documentation.

use jiff::civil::Date;

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

/// The rule.
pub static RULE: Rule = Rule {
    id: "dates-out-of-order",
    level: Level::Deny,
    summary: "justering or anslag dates in the wrong order",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Checks that the dates of a protocol come in the order they happen:

1. the meeting (`date`),
2. the justering (`justering.date`): on the day of the meeting or later,
3. the notice on the notice board (`anslag.up`): on the day of the justering or
   later (on the day of the meeting or later when there is no justering date),
4. the notice taken down (`anslag.down`): on the day it went up or later.

Each date that comes too early is reported at its value. Dates that are missing
are not checked. How long each step may take is checked by
`justering-deadline` and `anslag-deadline`.

### Why is this bad?

A protocol cannot be adjusted before the meeting, nor the justering announced
before it took place. The anslag date starts the three weeks in which a
decision can be appealed (överklagas), so a wrong date there misleads everyone
counting the appeal time. Out-of-order dates are nearly always a typing slip,
often a year or month carried over from the previous protocol.

### Example

```yaml
date: 2020-10-19
justering: { date: 2020-10-12, place: Kommunhuset }
anslag: { up: 2020-10-27, down: 2020-10-17 }
```

### Use instead

```yaml
date: 2020-10-19
justering: { date: 2020-10-26, place: Kommunhuset }
anslag: { up: 2020-10-27, down: 2020-11-18 }
```
";

/// Days from `from` to `to`, negative when `to` is earlier.
#[must_use]
pub fn days(from: Date, to: Date) -> i64 {
    from.duration_until(to).as_hours() / 24
}

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let Some(front) = &p.front else { return };
    let file = p.file;
    let meeting = p.date();
    // The meeting date's own span, when the front matter gives it (not the file name).
    let meeting_span = front.date.as_ref().map(|d| d.span);
    let justering = front.justering.as_ref().and_then(|j| j.date.as_ref());
    let (up, down) = front.anslag.as_ref().map_or((None, None), |a| (a.up.as_ref(), a.down.as_ref()));

    let too_early = |what: &str, date: &Spanned<Date>, after: &str, than: Date, related: Option<Span>| {
        let mut d = Diagnostic::new(
            RULE.id,
            file,
            Some(date.span),
            format!("{what} on {} is before {after} on {than}", date.value),
        )
        .with_label(format!("before {after}"))
        .with_help(format!("correct the date: {what} cannot come before {after}"));
        if let Some(at) = related {
            d = d.with_related(file, at, format!("{after} is here"));
        }
        d
    };

    if let (Some(j), Some(m)) = (justering, meeting)
        && j.value < m
    {
        out.push(too_early("the justering", j, "the meeting", m, meeting_span));
    }
    if let Some(u) = up {
        match (justering, meeting) {
            (Some(j), _) if u.value < j.value => {
                out.push(too_early("the anslag", u, "the justering", j.value, Some(j.span)));
            }
            (None, Some(m)) if u.value < m => {
                out.push(too_early("the anslag", u, "the meeting", m, meeting_span));
            }
            _ => {}
        }
    }
    if let (Some(u), Some(d)) = (up, down)
        && d.value < u.value
    {
        out.push(
            Diagnostic::new(
                RULE.id,
                file,
                Some(d.span),
                format!("the anslag is taken down on {}, before it goes up on {}", d.value, u.value),
            )
            .with_label("before `up`")
            .with_related(file, u.span, "put up here")
            .with_help("correct the date: the notice stays up at least three weeks, the time to appeal"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn order() {
        let text = "---\ndate: 2020-10-19\njustering: { date: 2020-10-12 }\nanslag: { up: 2020-10-11, down: 2020-10-10 }\n---\n";
        let s = source("content/ks/2020-10-19.md", text);
        assert_eq!(
            lines(&s, &run(check, &s, &Config::default())),
            [(3, "2020-10-12"), (4, "2020-10-11"), (4, "2020-10-10")]
        );
        // Without a `date`, the file name's; without a justering date, the meeting's.
        let text = "---\nanslag: { up: 2020-10-18, down: 2020-11-18 }\n---\n";
        let s = source("content/ks/2020-10-19.md", text);
        assert_eq!(lines(&s, &run(check, &s, &Config::default())), [(2, "2020-10-18")]);
        let text = "---\ndate: 2020-10-19\njustering: { date: 2020-10-19 }\nanslag: { up: 2020-10-19, down: 2020-10-19 }\n---\n";
        assert!(run(check, &source("content/ks/2020-10-19.md", text), &Config::default()).is_empty());
        assert_eq!(days(Date::constant(2020, 2, 27), Date::constant(2020, 3, 1)), 3);
        assert_eq!(days(Date::constant(2020, 3, 1), Date::constant(2020, 2, 27)), -3);
    }
}
