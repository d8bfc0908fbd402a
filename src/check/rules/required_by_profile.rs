//! `required-by-profile`: a board's protocol lacks the chair, the secretary, an
//! adjuster or the justering date.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::{Level, Profile};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

use super::missing_required_key::{KeyLine, find_key};

/// The rule.
pub static RULE: Rule = Rule {
    id: "required-by-profile",
    level: Level::Deny,
    summary: "a key the body's profile requires is missing",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

For bodies with `profile: board` in `bodies.yaml` (nämnd, styrelse, fullmäktige),
checks that the front matter names the chair (`chair`), the secretary
(`secretary`), at least one adjuster (`adjusters`) and the date of the justering
(`justering: { date: … }`). Each missing key is reported once, at the first line
of the front matter; a key written without a value is reported at the key. A
value of the wrong type is reported by `wrong-type` or `invalid-date` instead.
A draft (`status: draft`) is not asked for the justering, which happens after
the meeting.

Bodies with the lenient `council` profile (råd, the default without
`bodies.yaml`) are not checked.

### Why is this bad?

A decision-making body's protocol is a legal record: it is signed by the chair
and adjusted (justerat) by the chosen adjusters, and the date of the justering
starts the time for the notice (anslag) and for appeals (överklagande). A
protocol without them cannot show that it was adjusted, nor when the appeal time
ran out.

### Example

With `profile: board` for the folder in `bodies.yaml`:

```yaml
---
body: Kulturnämnden
date: 2021-03-15
chair: Tomas Johansson
attendees:
  - { name: Tomas Johansson, role: ordförande }
  - { name: Annika Stomberg, role: ledamot }
  - { name: Rickard Silva, role: sekreterare }
---
```

### Use instead

```yaml
---
body: Kulturnämnden
date: 2021-03-15
chair: Tomas Johansson
secretary: Rickard Silva
adjusters: [Annika Stomberg]
justering: { date: 2021-03-22, place: Kommunhuset }
attendees:
  - { name: Tomas Johansson, role: ordförande }
  - { name: Annika Stomberg, role: ledamot }
  - { name: Rickard Silva, role: sekreterare }
---
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.profile() != Profile::Board {
        return;
    }
    let Some(front) = &ctx.protocol.front else { return };
    let yaml = ctx.text(front.span);
    let file = ctx.protocol.file;
    let missing = |key: &str, what: &str, example: &str, out: &mut Vec<Diagnostic>| match find_key(yaml, key) {
        None => out.push(
            Diagnostic::new(
                RULE.id,
                file,
                Some(Span::point(front.span.start)),
                format!("the front matter has no `{key}`"),
            )
            .with_label(format!("a board's protocol requires `{key}`"))
            .with_help(format!("add {what}: `{example}`")),
        ),
        Some(KeyLine { key: at, empty: true, .. }) => out.push(
            Diagnostic::new(RULE.id, file, Some(at.shift(front.span.start)), format!("`{key}` has no value"))
                .with_label("a board's protocol requires it")
                .with_help(format!("give {what}: `{example}`")),
        ),
        // Written with a value of the wrong type: the parser reported it.
        Some(_) => {}
    };

    if front.chair.is_none() {
        missing("chair", "the chair (ordförande)", "chair: Anna Berg", out);
    }
    if front.secretary.is_none() {
        missing("secretary", "the secretary (sekreterare)", "secretary: Anna Berg", out);
    }
    if front.adjusters.is_empty() {
        match find_key(yaml, "adjusters") {
            Some(k) if !k.empty && ctx.text(k.value.shift(front.span.start)).trim() == "[]" => out.push(
                Diagnostic::new(RULE.id, file, Some(k.value.shift(front.span.start)), "`adjusters` is empty")
                    .with_label("a board's protocol requires an adjuster")
                    .with_help("name the adjusters (justerare) chosen at the meeting: `adjusters: [Anna Berg]`"),
            ),
            _ => missing("adjusters", "the adjusters (justerare)", "adjusters: [Anna Berg]", out),
        }
    }
    // A draft is written before the justering: its date cannot be known yet.
    if ctx.protocol.status() == crate::parse::Status::Draft {
        return;
    }
    match &front.justering {
        None => missing("justering", "the date of the justering", "justering: { date: 2020-10-26 }", out),
        Some(j) if j.date.is_none() && !mentions_date(yaml, front.span.start, j.span) => out.push(
            Diagnostic::new(RULE.id, file, Some(j.span), "`justering` has no `date`")
                .with_label("a board's protocol requires the date of the justering")
                .with_help(
                    "add the date the protocol was adjusted: `justering: { date: 2020-10-26, place: Kommunhuset }`",
                ),
        ),
        Some(_) => {}
    }
}

/// Whether the `justering` value (from `at` to the next top-level key) has a `date`
/// key, perhaps with a value the parser reported as invalid.
fn mentions_date(yaml: &str, base: usize, at: Span) -> bool {
    let from = at.start.saturating_sub(base);
    let rest = yaml.get(from..).unwrap_or("");
    let end = rest
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| rest.get(i..).is_some_and(|r| r.starts_with(|c: char| !c.is_whitespace() && c != '#')))
        .unwrap_or(rest.len());
    let value = rest.get(..end).unwrap_or("");
    value
        .match_indices("date")
        .any(|(i, _)| value.get(i + 4..).is_some_and(|r| r.trim_start_matches([' ', '\t', '"', '\'']).starts_with(':')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{body, lines, run, source};
    use crate::config::Config;

    fn board() -> Config {
        let mut config = Config::default();
        config.bodies.push(body("Kulturnämnden", "kn", Profile::Board));
        config
    }

    #[test]
    fn board_requires_keys() {
        let text = "---\nbody: Kulturnämnden\nsecretary:\nadjusters: []\njustering: { place: Kommunhuset }\n---\n";
        let s = source("content/kn/2020-10-19.md", text);
        let d = run(check, &s, &board());
        assert_eq!(lines(&s, &d), [(2, ""), (3, "secretary"), (4, "[]"), (5, "{")]);
        assert!(run(check, &source("content/other/2020-10-19.md", text), &board()).is_empty());
        let text = "---\nchair: A\nsecretary: B\nadjusters: [C]\njustering:\n  date: 2020-13-45\n---\n";
        assert!(run(check, &source("content/kn/2020-10-19.md", text), &board()).is_empty());
        let text = "---\nchair: A\nsecretary: B\nadjusters: C\njustering: 2020-10-20\n---\n";
        assert!(run(check, &source("content/kn/2020-10-19.md", text), &board()).is_empty());
    }
}
