//! `organisation-near-miss`: an organisation that is a near-miss of a known organisation.
//!
//! Uses the near-miss index of `person-near-miss`.
//!
//! See [`RULE`] for the documentation.

use super::person_near_miss::{
    FastMap, FastSet, NearIndex, Verdict, alternatives, count_uses, plain_list, replace_value,
};
use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// The rule.
pub static RULE: Rule = Rule {
    id: "organisation-near-miss",
    level: Level::Warn,
    summary: "an organisation that is a near-miss of a known organisation",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = r#"### What it does

Finds `org` values in `attendees` and `absent` that are probably misspellings of a
known organisation. An organisation is known when a person in `content/people.yaml`
has it as `org`, or when it is used at least three times in the archive. An
organisation used once or twice that is within a few typing slips of a known one is
reported.

A typing slip is a letter added, left out, replaced, or two neighbouring letters
swapped. Capital letters and extra spaces count as differences in writing. Names of
up to 7 letters allow one slip, up to 15 letters two, longer names three; so names
that only share a beginning, such as "Kommunledningskontoret" and
"Kommunledningsförvaltningen", or "Socialnämnden" and "Skolnämnden", are different
organisations and never reported.

### Why is this bad?

The archive lists meetings and people by organisation. "Socialförvaltingen" becomes an
organisation of its own, and its attendees are missing from the page of
Socialförvaltningen.

### Example

```yaml
attendees:
  - { name: Talieh Ashjari, org: Socialförvaltingen }
```

### Use instead

```yaml
attendees:
  - { name: Talieh Ashjari, org: Socialförvaltningen }
```

If the organisation is a new one, add a person with that `org` to
`content/people.yaml`, or allow the rule on that line. `protokoll fix` replaces the
name when there is exactly one likely intended organisation.
"#;

/// How often an organisation may be used to be reported.
const RARE: usize = 2;
/// How often an organisation must be used to be known without `people.yaml`.
const FREQUENT: usize = 3;

/// Where a known organisation comes from.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// A person's `org` in `people.yaml`.
    People(FileId, Span),
    /// The archive: used this many times, first here.
    Used(usize, FileId, Span),
}

fn check(ctx: &ArchiveCtx<'_>, out: &mut Vec<Diagnostic>) {
    let uses = count_uses(ctx.protocols, |p| p.attendees().iter().chain(p.absent()).filter_map(|a| a.org.as_ref()));

    // Two indexes, so that each question scans only the names it may suggest.
    let mut known: FastSet<&str> = FastSet::default();
    let mut people = NearIndex::default();
    for person in &ctx.config.people {
        let Some(org) = &person.org else { continue };
        let value = org.value.trim();
        if !value.is_empty() && known.insert(value) {
            people.insert(value, usize::MAX, Origin::People(person.file, org.span));
        }
    }
    let mut frequent = NearIndex::default();
    for (&org, usage) in &uses {
        if usage.count >= FREQUENT && known.insert(org) {
            frequent.insert(org, usage.count, Origin::Used(usage.count, usage.first.0, usage.first.1));
        }
    }

    let mut verdicts: FastMap<&str, Verdict<'_, Origin>> = FastMap::default();
    for (&org, usage) in &uses {
        if usage.count > RARE || known.contains(org) {
            continue;
        }
        let mut found = people.nearest(org, |_| true);
        if found.is_empty() {
            found = frequent.nearest(org, |_| true);
        }
        if !found.is_empty() {
            verdicts.insert(org, Verdict { count: usage.count, candidates: found });
        }
    }
    if verdicts.is_empty() {
        return;
    }

    for p in ctx.protocols {
        let Some(source) = ctx.sources.get(p.file) else { continue };
        for org in p.attendees().iter().chain(p.absent()).filter_map(|a| a.org.as_ref()) {
            let Some(v) = verdicts.get(org.value.as_str()) else { continue };
            let Some(best) = v.candidates.first() else { continue };
            let origin = match best.origin {
                Origin::People(..) => "an organisation in people.yaml".to_owned(),
                Origin::Used(n, ..) => format!("used {n} times in the archive"),
            };
            let label = match v.count {
                1 => "used only here".to_owned(),
                n => format!("used {n} times in the archive"),
            };
            let mut d = Diagnostic::new(
                RULE.id,
                p.file,
                Some(org.span),
                format!("\"{}\" looks like a misspelling of {}, {origin}", org.value, plain_list(&v.candidates)),
            )
            .with_label(label)
            .with_help(format!(
                "did you mean {}? If this is another organisation, add a person with this `org` to content/people.yaml",
                alternatives(&v.candidates)
            ));
            for c in &v.candidates {
                d = match c.origin {
                    Origin::People(f, s) => d.with_related(f, s, format!("{} in people.yaml", c.value)),
                    Origin::Used(_, f, s) => d.with_related(f, s, format!("{} is used here", c.value)),
                };
            }
            if let [only] = v.candidates.as_slice() {
                d = d.with_fix(
                    format!("replace with {}", only.value),
                    vec![replace_value(source, org.span, only.value)],
                );
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearest(known: &[&'static str], word: &str) -> Vec<&'static str> {
        let mut idx = NearIndex::default();
        for &k in known {
            idx.insert(k, 3, ());
        }
        idx.nearest(word, |()| true).iter().map(|h| h.value).collect()
    }

    #[test]
    fn shared_prefixes_are_different_organisations() {
        let known = ["Kommunledningsförvaltningen", "Skolnämnden", "Kommunfullmäktige", "Socialförvaltningen"];
        assert!(nearest(&known, "Kommunledningskontoret").is_empty());
        assert!(nearest(&known, "Socialnämnden").is_empty());
        assert!(nearest(&known, "Kommunstyrelsen").is_empty());
        assert!(nearest(&known, "Stadsbyggnadsförvaltningen").is_empty());
        assert!(nearest(&known, "Skolförvaltningen").is_empty());
    }

    #[test]
    fn slips_are_found() {
        let known = ["Socialförvaltningen", "Polisen", "SÄRF", "Kommunledningskontoret"];
        assert_eq!(nearest(&known, "Socialförvaltingen"), ["Socialförvaltningen"]);
        assert_eq!(nearest(&known, "socialförvaltningen"), ["Socialförvaltningen"]);
        assert_eq!(nearest(&known, "Polsien"), ["Polisen"]);
        assert_eq!(nearest(&known, "Kommunledningskontroet"), ["Kommunledningskontoret"]);
        assert_eq!(nearest(&known, "Särf"), ["SÄRF"]);
        // Three letters allow no slip: short acronyms are different organisations.
        assert!(nearest(&known, "SKR").is_empty());
    }
}
