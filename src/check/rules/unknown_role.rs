//! `unknown-role`: an attendee's role is a misspelling of a known role.
//!
//! See [`RULE`] for the documentation.

use std::sync::LazyLock;

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, suggest};

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown-role",
    level: Level::Deny,
    summary: "a role that is a near-miss of a known role",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds a `role` of an entry in `attendees` or `absent` that is not a known role
but is a near-miss of one (one or two letters off, such as `ledamöt` or
`ersätare`), and offers to replace it with the known spelling.

Roles are free text: a role that is not near a known one (`polisområdeschef`,
`rektor`) is never reported. Case does not matter. The known roles are:

- Swedish: ledamot, ordinarie ledamot, ersättare, tjänstgörande ersättare,
  ej tjänstgörande ersättare, ordförande, vice ordförande (also förste, andre,
  första, andra, 1:e, 2:e, … vice ordförande), sekreterare, protokollförare,
  justerare, justeringsperson, adjungerad, tjänsteperson, föredragande, gäst,
  åhörare, observatör;
- English: member, substitute, serving substitute, chair, vice chair (also
  first, second, … vice chair), secretary, adjuster, co-opted, official, guest,
  observer.

### Why is this bad?

The archive groups attendees by role (members, substitutes, officials) and
counts the members for quorum. A misspelt role is shown as written and counted
as an unknown one, so a member listed as `ledamöt` is left out of the members.

### Example

```yaml
attendees:
  - { name: Talieh Ashjari, org: Socialförvaltningen, role: ledamöt }
  - { name: Calle Larsson, role: ersätare, serves_for: Eva Berg }
```

### Use instead

```yaml
attendees:
  - { name: Talieh Ashjari, org: Socialförvaltningen, role: ledamot }
  - { name: Calle Larsson, role: ersättare, serves_for: Eva Berg }
```
";

/// The known roles, normalised (lower case).
const KNOWN: &[&str] = &[
    "ledamot",
    "ordinarie ledamot",
    "ersättare",
    "tjänstgörande ersättare",
    "ej tjänstgörande ersättare",
    "icke tjänstgörande ersättare",
    "ordförande",
    "vice ordförande",
    "förste vice ordförande",
    "andre vice ordförande",
    "första vice ordförande",
    "andra vice ordförande",
    "1:e vice ordförande",
    "2:e vice ordförande",
    "sekreterare",
    "protokollförare",
    "justerare",
    "justeringsperson",
    "adjungerad",
    "tjänsteperson",
    "föredragande",
    "gäst",
    "åhörare",
    "observatör",
    "member",
    "substitute",
    "serving substitute",
    "chair",
    "vice chair",
    "first vice chair",
    "second vice chair",
    "secretary",
    "adjuster",
    "co-opted",
    "official",
    "guest",
    "observer",
];

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    for a in p.attendees().iter().chain(p.absent()) {
        let Some(role) = &a.role else { continue };
        // The usual case, a known role, costs no allocation.
        if KNOWN.contains(&role.value.as_str()) || KNOWN.iter().any(|k| people::same_name(&role.value, k)) {
            continue;
        }
        let norm = suggest::normalize(&role.value);
        if ordinal_vice_chair(&norm) {
            continue;
        }
        let Some(known) = nearest(&norm) else { continue };
        let replacement = same_case(&role.value, known);
        let edit = people::replace_scalar(role.span, ctx.text(role.span), &replacement);
        out.push(
            Diagnostic::new(
                RULE.id,
                p.file,
                Some(role.span),
                format!("the role `{}` looks like a misspelling of `{replacement}`", role.value),
            )
            .with_label(format!("did you mean `{replacement}`?"))
            .with_help(format!("write `{replacement}`"))
            .with_fix(format!("replace `{}` with `{replacement}`", role.value), vec![edit]),
        );
    }
}

/// `3:e vice ordförande`, `tredje vice ordförande`, `third vice chair`: numbered vice
/// chairs beyond those listed, which would otherwise be near-misses of the listed ones.
fn ordinal_vice_chair(norm: &str) -> bool {
    if let Some(ordinal) = norm.strip_suffix(" vice ordförande") {
        if let Some((n, suffix)) = ordinal.split_once(':') {
            return !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && matches!(suffix, "e" | "a");
        }
        return matches!(ordinal, "förste" | "första" | "andre" | "andra" | "tredje");
    }
    norm.strip_suffix(" vice chair").is_some_and(|o| matches!(o, "first" | "second" | "third" | "1st" | "2nd" | "3rd"))
}

/// The known role nearest to `norm` within the edit cap of its length.
fn nearest(norm: &str) -> Option<&'static str> {
    let letters = Letters::of(norm);
    KNOWN
        .iter()
        .zip(KNOWN_LETTERS.iter())
        .filter(|(_, known)| letters.may_be_near(known))
        .map(|(k, _)| *k)
        .filter(|k| suggest::near_normalized(norm, k))
        .min_by_key(|k| suggest::distance(norm, k))
}

/// The letters of [`KNOWN`], counted once.
static KNOWN_LETTERS: LazyLock<Vec<Letters>> = LazyLock::new(|| KNOWN.iter().map(|k| Letters::of(k)).collect());

/// The characters of a text counted in 32 buckets. Free-text roles (job titles) are
/// common, and computing the edit distance to every known role for each would cost
/// more than all other checks of the protocol: two texts within `d` edits differ by at
/// most `2d` in these counts (a substitution changes two counts, an insertion or a
/// deletion one, a transposition none), which rules out nearly every known role first.
#[derive(Debug, Clone, Copy)]
struct Letters {
    chars: usize,
    counts: [u8; 32],
}

impl Letters {
    fn of(s: &str) -> Self {
        let mut letters = Self { chars: 0, counts: [0; 32] };
        for c in s.chars() {
            letters.chars += 1;
            if let Some(n) = letters.counts.get_mut(c as usize % 32) {
                *n = n.saturating_add(1);
            }
        }
        letters
    }

    /// Whether the two could be within the edit cap of each other.
    fn may_be_near(&self, other: &Self) -> bool {
        let cap = suggest::edit_cap(self.chars.min(other.chars));
        if cap == 0 || self.chars.abs_diff(other.chars) > cap {
            return false;
        }
        let apart: usize = self.counts.iter().zip(&other.counts).map(|(a, b)| usize::from(a.abs_diff(*b))).sum();
        apart <= 2 * cap
    }
}

/// `known` with its first letter upper-cased when `written` starts with a capital.
fn same_case(written: &str, known: &str) -> String {
    let capital = written.trim_start().chars().next().is_some_and(char::is_uppercase);
    let mut chars = known.chars();
    match chars.next() {
        Some(first) if capital => first.to_uppercase().chain(chars).collect(),
        _ => known.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn near_misses_only() {
        let text = "---\nattendees:\n  - { name: A, role: ledamöt }\n  - { name: B, role: Ersätare }\n  - { name: C, role: Ledamot }\n  - { name: D, role: polisområdeschef }\n  - { name: E, role: 3:e vice ordförande }\n  - { name: F, role: \"vice ordförnde\" }\n  - { name: G, role: ej tjänstgörande ersättare }\n  - { name: H, role: rektor }\n---\n";
        let s = source("content/ks/2020-10-19.md", text);
        let d = run(check, &s, &Config::default());
        assert_eq!(lines(&s, &d), [(3, "ledamöt"), (4, "Ersätare"), (8, "\"vice ordförnde\"")]);
        let edits: Vec<_> =
            d.iter().filter_map(|d| d.fix.as_ref()).flat_map(|f| &f.edits).map(|e| e.replacement.as_str()).collect();
        assert_eq!(edits, ["ledamot", "Ersättare", "\"vice ordförande\""]);
    }

    #[test]
    fn known_roles_are_normalised() {
        for k in KNOWN {
            assert_eq!(suggest::normalize(k), *k);
            assert!(nearest(k).is_none_or(|n| n != *k));
        }
    }
}
