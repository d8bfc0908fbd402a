//! `secretary-not-attendee`: the secretary (sekreterare) is not among the attendees.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "secretary-not-attendee",
    level: Level::Deny,
    summary: "the secretary is not among the attendees",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Checks that the secretary (`secretary:`, sekreterare) is one of the `attendees`.
Names are compared without regard to case, spacing and punctuation at the ends,
and the spellings `people.yaml` lists for one person (`name` and `other_names`)
count as the same person. When the name is a near-miss of an attendee's, the
help suggests that name; when the secretary is listed in `absent`, the finding
says so.

Nothing is reported while `attendees` is missing or empty
(`missing-required-key` reports that).

### Why is this bad?

The secretary writes the protocol during the meeting and signs it, so the
secretary was present, usually listed among the officials (tjänstepersoner). A
secretary missing from the list is nearly always a misspelling, or a name
copied from the previous protocol when someone else kept the minutes.

### Example

```yaml
secretary: Rikard Silva
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Rickard Silva, org: Kommunledningskontoret, role: sekreterare }
```

### Use instead

```yaml
secretary: Rickard Silva
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Rickard Silva, org: Kommunledningskontoret, role: sekreterare }
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(secretary) = ctx.protocol.front.as_ref().and_then(|f| f.secretary.as_ref()) else { return };
    people::office_holder_present(ctx, RULE.id, "the secretary", "secretary", secretary, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{run, source};
    use crate::config::Config;

    #[test]
    fn secretary_among_attendees() {
        let config = Config::default();
        let text = "---\nsecretary: Rikard Silva\nattendees:\n  - Rickard Silva\n---\n";
        let d = run(check, &source("content/ks/2020-10-19.md", text), &config);
        assert_eq!(d.first().and_then(|d| d.help.as_deref()), Some("did you mean `Rickard Silva`?"));
        let text = "---\nsecretary: Rickard Silva\nattendees:\n  - Rickard Silva\n---\n";
        assert!(run(check, &source("content/ks/2020-10-19.md", text), &config).is_empty());
    }
}
