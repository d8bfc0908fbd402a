//! `substitute-not-serving`: a substitute serves for someone who is not listed as absent.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "substitute-not-serving",
    level: Level::Deny,
    summary: "a substitute serves for someone who is not absent",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Checks the `serves_for` of each attendee: a serving substitute (tjänstgörande
ersättare) serves for a member who is away, so the member named must be listed
in `absent`. When the member is among the `attendees` instead, the finding says
so. Names are compared without regard to case, spacing and punctuation at the
ends, and the spellings `people.yaml` lists for one person (`name` and
`other_names`) count as the same person; a near-miss of an absent member's name
is suggested.

### Why is this bad?

A substitute votes only in place of an absent member. If the member was there,
or the name does not match anyone absent, the protocol no longer shows who had
the right to vote, and decisions taken by vote (omröstning) can be questioned.

### Example

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Calle Larsson, role: ersättare, serves_for: Eva Bergh }
absent:
  - { name: Eva Berg, org: Socialförvaltningen }
```

### Use instead

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Calle Larsson, role: ersättare, serves_for: Eva Berg }
absent:
  - { name: Eva Berg, org: Socialförvaltningen }
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let file = p.file;
    let (attendees, absent) = (p.attendees(), p.absent());
    for a in attendees {
        let Some(member) = &a.serves_for else { continue };
        if people::is_blank(&member.value) || people::find(ctx.aliased(), absent, &member.value).is_some() {
            continue;
        }
        let substitute = a.name.as_ref().map_or("a substitute", |n| n.value.as_str());
        let d = if let Some(present) = people::find(ctx.aliased(), attendees, &member.value) {
            let at = present.name.as_ref().map_or(present.span, |n| n.span);
            Diagnostic::new(
                RULE.id,
                file,
                Some(member.span),
                format!("{substitute} serves for {}, who is present", member.value),
            )
            .with_label("listed among the attendees")
            .with_related(file, at, "listed as present here")
            .with_help(format!(
                "a substitute serves only for an absent member: name the member {substitute} replaced, \
                 or move {} to `absent` if the member was away",
                member.value
            ))
        } else {
            let d = Diagnostic::new(
                RULE.id,
                file,
                Some(member.span),
                format!("{substitute} serves for {}, who is not listed as absent", member.value),
            )
            .with_label("not in `absent`");
            match people::did_you_mean(&member.value, absent) {
                Some(m) => d.with_help(format!("did you mean `{m}`?")),
                None => d.with_help(format!("add {} to `absent`, or correct the name", member.value)),
            }
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn serves_for_the_absent() {
        let text = "---\nattendees:\n  - Tomas Johansson\n  - { name: Calle, serves_for: eva berg }\n  - { name: Bo, serves_for: Eva Bergh }\n  - { name: Li, serves_for: Tomas Johansson }\n  - { name: Ann, serves_for: Ann }\n  - { name: Ulf, serves_for: Ola Ek }\nabsent:\n  - Eva Berg\n---\n";
        let s = source("content/ks/2020-10-19.md", text);
        let d = run(check, &s, &Config::default());
        assert_eq!(lines(&s, &d), [(5, "Eva Bergh"), (6, "Tomas Johansson"), (7, "Ann"), (8, "Ola Ek")]);
        assert_eq!(d.first().and_then(|d| d.help.as_deref()), Some("did you mean `Eva Berg`?"));
        assert_eq!(d.get(1).map(|d| d.related.len()), Some(1));
    }
}
