//! `adjuster-not-attendee`: an adjuster (justerare) is not among the attendees.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "adjuster-not-attendee",
    level: Level::Deny,
    summary: "an adjuster is not among the attendees",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Checks that each adjuster (`adjusters:`, justerare or justeringsperson) is one of
the `attendees`. Names are compared without regard to case, spacing and
punctuation at the ends, and the spellings `people.yaml` lists for one person
(`name` and `other_names`) count as the same person. When a name is a near-miss
of an attendee's, the help suggests that name; when the adjuster is listed in
`absent`, the finding says so.

Nothing is reported while `attendees` is missing or empty
(`missing-required-key` reports that).

### Why is this bad?

The adjusters are chosen at the meeting, among those present, to check the
protocol against what was decided and sign it with the chair (justering). An
adjuster who was not there cannot vouch for the record, and the justering can
be questioned.

### Example

```yaml
adjusters: [Annika Stomberg, Talieh Ashjary]
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Talieh Ashjari, org: Socialförvaltningen }
  - { name: Annika Stomberg, org: Polisen }
```

### Use instead

```yaml
adjusters: [Annika Stomberg, Talieh Ashjari]
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Talieh Ashjari, org: Socialförvaltningen }
  - { name: Annika Stomberg, org: Polisen }
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(front) = ctx.protocol.front.as_ref() else { return };
    for adjuster in &front.adjusters {
        people::office_holder_present(ctx, RULE.id, "the adjuster", "adjusters", adjuster, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn each_adjuster() {
        let text = "---\nadjusters: [Annika Stomberg, Talieh Ashjary, Bo Ek]\nattendees:\n  - Talieh Ashjari\n  - Annika Stomberg\nabsent: [Bo Ek]\n---\n";
        let s = source("content/ks/2020-10-19.md", text);
        let d = run(check, &s, &Config::default());
        assert_eq!(lines(&s, &d), [(2, "Talieh Ashjary"), (2, "Bo Ek")]);
        assert_eq!(d.get(1).map(|d| d.message.as_str()), Some("the adjuster Bo Ek is listed as absent"));
    }
}
