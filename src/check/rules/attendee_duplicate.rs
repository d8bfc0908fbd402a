//! `attendee-duplicate`: one person listed twice in `attendees`, or twice in `absent`.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::{Level, PersonConfig};
use crate::diagnostic::Diagnostic;
use crate::source::Spanned;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "attendee-duplicate",
    level: Level::Deny,
    summary: "the same person listed twice",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds a person listed more than once in `attendees`, or more than once in
`absent`. Names are compared without regard to case, spacing and punctuation at
the ends, and two spellings that `people.yaml` gives for one person (`name` and
`other_names`) count as the same person. The finding points at the later entry
and shows where the person was first listed.

A person listed both as present and as absent is reported by
`present-and-absent`.

### Why is this bad?

The list of those present decides whether the meeting was quorate
(beslutsförhet) and who took part in each decision. A person counted twice
makes the body look larger than it was; often the second entry was meant to be
someone else, such as the substitute (ersättare) who served.

### Example

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Talieh Ashjari, org: Socialförvaltningen }
  - { name: tomas johansson, role: ordförande }
```

### Use instead

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen, role: ordförande }
  - { name: Talieh Ashjari, org: Socialförvaltningen }
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let attendees: Vec<&Spanned<String>> = people::names(p.attendees()).collect();
    let absent: Vec<&Spanned<String>> = people::names(p.absent()).collect();
    if attendees.len() < 2 && absent.len() < 2 {
        return;
    }
    // Two different spellings can only be one person through `other_names`: the known
    // person of each name, looked up in one pass over people.yaml for both lists.
    let persons: Vec<Option<&PersonConfig>> = if ctx.aliased().is_empty() {
        Vec::new()
    } else {
        let both: Vec<&Spanned<String>> = attendees.iter().chain(&absent).copied().collect();
        people::aliased_persons(ctx.aliased(), &both)
    };
    let (of_attendees, of_absent) = persons.split_at(persons.len().min(attendees.len()));
    duplicates(ctx, "attendees", &attendees, of_attendees, out);
    duplicates(ctx, "absent", &absent, of_absent, out);
}

/// Reports each name of `names` that an earlier one already lists; `persons` holds the
/// known person of each name (empty when people.yaml has no other names).
fn duplicates(
    ctx: &ProtocolCtx<'_>,
    key: &str,
    names: &[&Spanned<String>],
    persons: &[Option<&PersonConfig>],
    out: &mut Vec<Diagnostic>,
) {
    // Each name's key once: most pairs differ in it, and are not compared further.
    let keys: Vec<u64> = names.iter().map(|n| people::name_key(&n.value)).collect();
    for (i, (name, name_key)) in names.iter().zip(&keys).enumerate() {
        let earlier = names.get(..i).unwrap_or_default();
        let first = earlier.iter().zip(&keys).find(|(e, k)| *k == name_key && people::same_name(&e.value, &name.value));
        let first = first.map(|(e, _)| e).or_else(|| {
            let me = persons.get(i).copied().flatten()?;
            earlier.iter().zip(persons).find(|(_, p)| p.is_some_and(|p| std::ptr::eq(p, me))).map(|(e, _)| e)
        });
        let Some(first) = first else { continue };
        let (message, label) = if people::same_name(&first.value, &name.value) {
            (format!("{} is already listed in `{key}`", name.value), "listed again")
        } else {
            (
                format!("{} is already listed in `{key}` as {}", name.value, first.value),
                "the same person, by people.yaml",
            )
        };
        out.push(
            Diagnostic::new(RULE.id, ctx.protocol.file, Some(name.span), message)
                .with_label(label)
                .with_related(ctx.protocol.file, first.span, "first listed here")
                .with_help("remove one of the entries, or correct the name if it was meant to be someone else"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, person, run, source};
    use crate::config::Config;

    #[test]
    fn duplicates_by_name_and_by_person() {
        let s = source(
            "content/ks/2020-10-19.md",
            "---\nattendees:\n  - Anna Berg\n  - A. Leandersson\n  - anna  berg\n  - Andreas Leandersson\n  - Anna Bergh\n  - ANNA BERG.\nabsent:\n  - Eva\n  - Anna Berg\n  - Eva\n---\n",
        );
        let mut config = Config::default();
        let found = run(check, &s, &config);
        assert_eq!(lines(&s, &found), [(5, "anna  berg"), (8, "ANNA BERG."), (12, "Eva")]);
        config.people.push(person("Andreas Leandersson", &["A. Leandersson"]));
        let found = run(check, &s, &config);
        assert_eq!(lines(&s, &found), [(5, "anna  berg"), (6, "Andreas Leandersson"), (8, "ANNA BERG."), (12, "Eva")]);
        assert_eq!(found.get(1).and_then(|d| d.related.first()).map(|r| s.slice(r.span)), Some("A. Leandersson"));
    }
}
