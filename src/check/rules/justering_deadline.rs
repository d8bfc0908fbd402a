//! `justering-deadline`: the justering is more than 14 days after the meeting.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::dates_out_of_order::days;

/// The rule.
pub static RULE: Rule = Rule {
    id: "justering-deadline",
    level: Level::Deny,
    summary: "justering more than 14 days after the meeting",
    doc: DOC,
    run: Run::Protocol(check),
};

/// Days after the meeting by which the protocol must be adjusted.
const LIMIT: i64 = 14;

const DOC: &str = r#"### What it does

Checks that the protocol was adjusted (justerat) no later than 14 days after the
meeting: `justering.date` at most 14 days after `date` (or, without a `date`,
the date in the file name). Nothing is checked when there is no justering date.
A justering before the meeting is reported by `dates-out-of-order`.

The rule applies to every body, whatever its profile. Advisory councils (råd)
are not bound by the law; a site whose councils adjust later can set
`justering-deadline: allow` (or `warn`) under `rules:` in `protokoll.yaml`.

### Why is this bad?

Kommunallagen (2017:725) 5 kap. 69 § says: "Protokollet ska justeras senast
fjorton dagar efter sammanträdet" (the protocol shall be adjusted no later than
fourteen days after the meeting), and the same time limit applies to the
protocols of the boards (nämnder). Decisions cannot be appealed until the
justering is announced, so a late justering delays the time in which a decision
gains legal force (vinner laga kraft). A date far after the meeting is also
often a typing slip in the month.

### Example

```yaml
date: 2020-10-19
justering: { date: 2020-11-26, place: Kommunhuset }
```

### Use instead

```yaml
date: 2020-10-19
justering: { date: 2020-10-26, place: Kommunhuset }
```
"#;

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let Some(j) = p.front.as_ref().and_then(|f| f.justering.as_ref()).and_then(|j| j.date.as_ref()) else {
        return;
    };
    let Some(meeting) = p.date() else { return };
    let after = days(meeting, j.value);
    if after <= LIMIT {
        return;
    }
    let last = meeting.saturating_add(jiff::Span::new().days(LIMIT));
    let mut d = Diagnostic::new(
        RULE.id,
        p.file,
        Some(j.span),
        format!("the justering on {} is {after} days after the meeting on {meeting}", j.value),
    )
    .with_label(format!("more than {LIMIT} days after the meeting"))
    .with_help(format!(
        "the law requires justering within {LIMIT} days of the meeting (kommunallagen 5 kap. 69 §), \
         here by {last}; correct the date if it is a slip"
    ));
    if let Some(date) = p.front.as_ref().and_then(|f| f.date.as_ref()) {
        d = d.with_related(p.file, date.span, "the meeting's date");
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn fourteen_days() {
        let at = |j: &str| {
            let s = source("content/ks/2020-10-19.md", &format!("---\njustering: {{ date: {j} }}\n---\n"));
            lines(&s, &run(check, &s, &Config::default())).len()
        };
        assert_eq!(at("2020-11-02"), 0);
        assert_eq!(at("2020-11-03"), 1);
        assert_eq!(at("2020-10-01"), 0);
    }
}
