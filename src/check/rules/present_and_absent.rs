//! `present-and-absent`: a person listed both in `attendees` and in `absent`.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "present-and-absent",
    level: Level::Deny,
    summary: "a person both present and absent",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds a person listed both among the `attendees` (närvarande) and in `absent`
(frånvarande). Names are compared without regard to case, spacing and
punctuation at the ends, and the spellings `people.yaml` lists for one person
(`name` and `other_names`) count as the same person. The finding points at the
entry in `absent` and shows the one in `attendees`.

### Why is this bad?

A person was either at the meeting or not: the protocol cannot say both. It
matters for quorum (beslutsförhet) and for who took part in each decision.
Usually the person was listed as absent in the notice (kallelse) and came after
all, or a substitute's entry (ersättare) was given the absent member's name.

### Example

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Eva Berg, org: Socialförvaltningen }
absent:
  - { name: Eva Berg, org: Socialförvaltningen }
```

### Use instead

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Eva Berg, org: Socialförvaltningen }
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let attendees = p.attendees();
    if attendees.is_empty() {
        return;
    }
    let absent: Vec<_> = people::names(p.absent()).collect();
    if absent.is_empty() {
        return;
    }
    // The known person of each absent name, in one pass over people.yaml.
    let persons = people::aliased_persons(ctx.aliased(), &absent);
    for (name, person) in absent.iter().zip(persons) {
        let same = |n: &str| people::same_name(n, &name.value) || person.is_some_and(|p| people::is_named(p, n));
        let Some(present_name) = people::names(attendees).find(|n| same(&n.value)) else { continue };
        let message = if people::same_name(&present_name.value, &name.value) {
            format!("{} is listed both as present and as absent", name.value)
        } else {
            format!("{} is listed as absent but is present as {}", name.value, present_name.value)
        };
        out.push(
            Diagnostic::new(RULE.id, p.file, Some(name.span), message)
                .with_label("listed as absent")
                .with_related(p.file, present_name.span, "listed as present here")
                .with_help(format!(
                    "remove {} from `absent` if the person took part in the meeting, or from `attendees` if not",
                    name.value
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, person, run, source};
    use crate::config::Config;

    #[test]
    fn both_lists() {
        let text = "---\nattendees:\n  - Tomas Johansson\n  - { name: eva berg }\n  - A. Leandersson\nabsent:\n  - { name: Eva Berg }\n  - Andreas Leandersson\n  - Eva Bergh\n---\n";
        let s = source("content/ks/2020-10-19.md", text);
        let mut config = Config::default();
        assert_eq!(lines(&s, &run(check, &s, &config)), [(7, "Eva Berg")]);
        config.people.push(person("Andreas Leandersson", &["A. Leandersson"]));
        let d = run(check, &s, &config);
        assert_eq!(lines(&s, &d), [(7, "Eva Berg"), (8, "Andreas Leandersson")]);
        assert_eq!(d.get(1).and_then(|d| d.related.first()).map(|r| s.slice(r.span)), Some("A. Leandersson"));
    }
}
