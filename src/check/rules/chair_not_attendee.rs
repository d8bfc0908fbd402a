//! `chair-not-attendee`: the chair (ordförande) is not among the attendees.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "chair-not-attendee",
    level: Level::Deny,
    summary: "the chair is not among the attendees",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Checks that the chair (`chair:`, ordförande) is one of the `attendees`. Names are
compared without regard to case, spacing and punctuation at the ends, and the
spellings `people.yaml` lists for one person (`name` and `other_names`) count as
the same person. When the name is a near-miss of an attendee's, the help
suggests that name; when the chair is listed in `absent`, the finding says so.

Nothing is reported while `attendees` is missing or empty
(`missing-required-key` reports that).

### Why is this bad?

The chair leads the meeting and signs the protocol, so the chair was present.
A chair missing from the list is nearly always a misspelling in one of the two
places, or the vice chair (vice ordförande) chaired and `chair:` was copied from
the previous protocol.

### Example

```yaml
chair: Tomas Johanson
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Rickard Silva, org: Kommunledningskontoret }
```

### Use instead

```yaml
chair: Tomas Johansson
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
  - { name: Rickard Silva, org: Kommunledningskontoret }
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(chair) = ctx.protocol.front.as_ref().and_then(|f| f.chair.as_ref()) else { return };
    people::office_holder_present(ctx, RULE.id, "the chair", "chair", chair, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, person, run, source};
    use crate::config::Config;

    fn found(chair: &str, config: &Config) -> Vec<Diagnostic> {
        let text = format!(
            "---\nchair: {chair}\nattendees:\n  - {{ name: Tomas Johansson }}\n  - Rickard Silva\nabsent:\n  - Eva Berg\n---\n"
        );
        run(check, &source("content/ks/2020-10-19.md", &text), config)
    }

    #[test]
    fn chair_among_attendees() {
        let mut config = Config::default();
        assert!(found("Tomas Johansson", &config).is_empty());
        assert!(found("tomas  johansson", &config).is_empty());
        let d = found("Tomas Johanson", &config);
        assert_eq!(d.first().and_then(|d| d.help.as_deref()), Some("did you mean `Tomas Johansson`?"));
        assert_eq!(d.first().map(|d| d.message.as_str()), Some("the chair Tomas Johanson is not among the attendees"));
        let d = found("Eva Berg", &config);
        assert_eq!(d.first().map(|d| d.related.len()), Some(1));
        assert_eq!(found("T. Johansson", &config).len(), 1);
        config.people.push(person("Tomas Johansson", &["T. Johansson"]));
        assert!(found("T. Johansson", &config).is_empty());
        let s = source("content/ks/2020-10-19.md", "---\nchair: Tomas\n---\n");
        assert!(lines(&s, &run(check, &s, &config)).is_empty());
    }
}
