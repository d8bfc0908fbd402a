//! `numbering-continuity`: per-year numbering does not continue from the body's previous
//! meeting that year.
//!
//! See [`RULE`] for the documentation.

use std::collections::BTreeMap;

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::{Level, Numbering};
use crate::diagnostic::Diagnostic;
use crate::parse::{MeetingRef, Paragraph, Protocol};

/// The rule.
pub static RULE: Rule = Rule {
    id: "numbering-continuity",
    level: Level::Deny,
    summary: "per-year numbering does not continue from the body's previous meeting that year",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = r#"### What it does

For bodies with `numbering: per-year` in `content/bodies.yaml`, the paragraphs (§)
are numbered through the calendar year. This check takes the body's meetings of each
year in date order and checks that each meeting's first paragraph is one more than the
last paragraph of the meeting before it, and that the year's first meeting starts at
§ 1.

The last paragraph is the last one without a letter: an item inserted later, such as
§ 17 a, does not take a number of its own. Each meeting is compared with the meeting
before it as that one is numbered, so one misnumbered meeting is reported once, not
again at every meeting after it. Protocols without paragraphs are skipped, and of two
protocols for one meeting only the first counts (see `duplicate-meeting`).
Gaps and order inside one protocol are the concern of `paragraph-number-gap` and
`paragraph-number-order`; bodies numbered per meeting are the concern of
`paragraph-number-start`.

### Why is this bad?

With per-year numbering, "KS § 112/2020" names one decision. When a meeting
starts at the wrong number, two decisions of the year share a number, or a number
seems to be missing, and citations point at the wrong decision. A number that jumps
ahead can also mean that the protocol of a meeting in between is missing from the
archive.

### Example

```markdown
<!-- content/kommunstyrelsen/2020-02-24.md ends with: -->
## § 14 Övriga frågor

<!-- content/kommunstyrelsen/2020-03-23.md starts with: -->
## § 1 Föregående mötesprotokoll
```

### Use instead

```markdown
<!-- content/kommunstyrelsen/2020-03-23.md -->
## § 15 Föregående mötesprotokoll
```
"#;

/// The end of a meeting's numbering: where the next meeting that year continues from.
#[derive(Clone, Copy)]
struct End<'a> {
    meeting: MeetingRef,
    protocol: &'a Protocol,
    last: &'a Paragraph,
}

fn check(ctx: &ArchiveCtx<'_>, out: &mut Vec<Diagnostic>) {
    // Protocols with paragraphs of per-year bodies, by body folder and year.
    let mut years: BTreeMap<(&str, i16), Vec<(MeetingRef, &Protocol)>> = BTreeMap::new();
    for p in ctx.protocols {
        if p.paragraphs.is_empty() || ctx.config.numbering(&p.body_slug) != Numbering::PerYear {
            continue;
        }
        if let Some(m) = p.meeting() {
            years.entry((p.body_slug.as_str(), m.date.year())).or_default().push((m, p));
        }
    }

    for ((slug, year), meetings) in &mut years {
        // Stable: two protocols of one meeting stay in path order; only the first counts
        // (the second is a `duplicate-meeting`).
        meetings.sort_by_key(|&(m, _)| m);
        meetings.dedup_by_key(|&mut (m, _)| m);
        let body = ctx.config.body(slug).map_or(*slug, |b| b.name.value.as_str());
        let mut end: Option<End<'_>> = None;
        for &(meeting, p) in meetings.iter() {
            let Some(first) = p.paragraphs.first() else { continue };
            let expected = end.map_or(1, |e| e.last.number.value.saturating_add(1));
            if first.number.value != expected || first.letter.is_some() {
                let label = first.number_label();
                let d = match end {
                    None => Diagnostic::new(
                        RULE.id,
                        p.file,
                        Some(first.number.span),
                        format!("the first meeting of {year} in the archive starts at § {label}, not § 1"),
                    )
                    .with_label("expected § 1")
                    .with_help(format!(
                        "{body} numbers its paragraphs per year: renumber from § 1, or add the protocols of \
                         the year's earlier meetings"
                    )),
                    Some(e) => {
                        let last = e.last.number.value;
                        let help = if first.number.value > expected {
                            format!(
                                "{body} numbers its paragraphs through the year: renumber from § {expected}, \
                                 or add the protocol of any meeting held between {} and {meeting}",
                                e.meeting
                            )
                        } else {
                            format!("{body} numbers its paragraphs through the year: renumber from § {expected}")
                        };
                        Diagnostic::new(
                            RULE.id,
                            p.file,
                            Some(first.number.span),
                            format!(
                                "§ {label} does not continue from § {last}, the end of the meeting of {}",
                                e.meeting
                            ),
                        )
                        .with_label(format!("expected § {expected}"))
                        .with_help(help)
                        .with_related(
                            e.protocol.file,
                            e.last.number.span,
                            format!("the meeting of {} ends at § {last}", e.meeting),
                        )
                    }
                };
                out.push(d);
            }
            // Carry on from this meeting's own end, so one slip is reported once.
            if let Some(last) = p.paragraphs.iter().rev().find(|q| q.letter.is_none()) {
                end = Some(End { meeting, protocol: p, last });
            }
        }
    }
}
