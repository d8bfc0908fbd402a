//! `attendee-empty`: an entry of `attendees` or `absent` has no name.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::parse::Attendee;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "attendee-empty",
    level: Level::Deny,
    summary: "an attendee entry without a name",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r#"### What it does

Finds entries of `attendees` and `absent` that name nobody: a lone `-`, an entry
with only an `org` or a `role`, or an empty `name: ""`.

### Why is this bad?

Every entry of the lists of those present and absent is a person. An entry
without a name is usually a line left over from a template or a name lost when
the list was copied from a word processor. It shows as a blank row in the
published protocol and cannot be counted for quorum (beslutsförhet).

### Example

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { org: Polisen }
  -
```

### Use instead

```yaml
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Annika Stomberg, org: Polisen }
```
"#;

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    for (key, list) in [("attendees", p.attendees()), ("absent", p.absent())] {
        for a in list {
            report(ctx, key, a, out);
        }
    }
}

fn report(ctx: &ProtocolCtx<'_>, key: &str, a: &Attendee, out: &mut Vec<Diagnostic>) {
    let (span, message) = match &a.name {
        Some(n) if people::is_blank(&n.value) => (n.span, format!("an entry of `{key}` has an empty name")),
        Some(_) => return,
        None => (a.span, format!("an entry of `{key}` has no name")),
    };
    let what = match (&a.org, &a.role) {
        (Some(org), _) if !org.value.is_empty() => format!(" (org {})", org.value),
        (_, Some(role)) if !role.value.is_empty() => format!(" (role {})", role.value),
        _ => String::new(),
    };
    out.push(
        Diagnostic::new(RULE.id, ctx.protocol.file, Some(span), format!("{message}{what}"))
            .with_label("no name")
            .with_help("give the person's name, `- { name: Anna Berg, org: Kommunstyrelsen }`, or remove the entry"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn empty_entries() {
        let s = source(
            "content/ks/2020-10-19.md",
            "---\nattendees:\n  - { name: Anna }\n  - { org: Polisen }\n  -\n  - { name: '' }\n  - { name: Bo }\nabsent:\n  - \" \"\n  - Eva\n---\n",
        );
        let found = run(check, &s, &Config::default());
        assert_eq!(lines(&s, &found), [(4, "{"), (5, ""), (6, "''"), (9, "\" \"")]);
        assert!(found.first().is_some_and(|d| d.message.ends_with("(org Polisen)")));
    }
}
