//! `duplicate-meeting`: two protocols for the same body and meeting.
//!
//! See [`RULE`] for the documentation.

use std::collections::{BTreeMap, HashSet};

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::parse::{MeetingRef, Protocol};
use crate::source::{SourceMap, Span};

/// The rule.
pub static RULE: Rule = Rule {
    id: "duplicate-meeting",
    level: Level::Deny,
    summary: "two protocols for the same body and meeting",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = r"### What it does

Finds two protocols in one body folder for the same meeting: the same `date` (or,
without one, the date of the file name) and the same number of the meeting that day
(`2020-10-19-2.md` is the second meeting of 2020-10-19).

Every protocol after the first (in file name order) is reported, at its `date`.

### Why is this bad?

The archive has one page per meeting. Two protocols for one meeting are usually a
copy left behind, or a protocol whose `date` was not changed after copying the
previous one; one of them is then missing from the archive under its right date.

### Example

```yaml
# content/trygghetsradet/2020-10-19.md
date: 2020-10-19
```

```yaml
# content/trygghetsradet/2020-10-20.md, copied from the file above
date: 2020-10-19
```

### Use instead

```yaml
# content/trygghetsradet/2020-10-20.md
date: 2020-10-20
```

If the body met twice that day, name the second protocol's file `2020-10-19-2.md`.
";

fn check(ctx: &ArchiveCtx<'_>, out: &mut Vec<Diagnostic>) {
    // Protocols by body folder and meeting, in path order.
    let mut by_meeting: BTreeMap<(&str, MeetingRef), Vec<&Protocol>> = BTreeMap::new();
    for p in ctx.protocols.iter().filter(|p| !p.body_slug.is_empty()) {
        if let Some(m) = p.meeting() {
            by_meeting.entry((p.body_slug.as_str(), m)).or_default().push(p);
        }
    }
    // Meetings per body, to name a free `-N` for a second meeting that day.
    let taken: HashSet<(&str, MeetingRef)> = by_meeting.keys().copied().collect();

    for (&(slug, meeting), protocols) in &by_meeting {
        let [first, rest @ ..] = protocols.as_slice() else { continue };
        let first_rel = rel(ctx.sources, first);
        for p in rest {
            let next = (2..=u32::MAX)
                .map(|seq| MeetingRef { date: meeting.date, seq })
                .find(|m| !taken.contains(&(slug, *m)))
                .unwrap_or(meeting);
            let help = match p.file_meeting {
                Some(named) if named != meeting => {
                    format!("the file name says {named}: correct `date`, or remove the copy")
                }
                _ => format!(
                    "if the body met twice on {}, name this file `{next}.md`; otherwise correct `date`, or remove the copy",
                    meeting.date
                ),
            };
            out.push(
                Diagnostic::new(
                    RULE.id,
                    p.file,
                    Some(date_span(p)),
                    format!("this body already has a protocol for the meeting of {meeting}"),
                )
                .with_label(format!("same meeting as {first_rel}"))
                .with_help(help)
                .with_related(
                    first.file,
                    date_span(first),
                    format!("the first protocol for the meeting of {meeting}"),
                ),
            );
        }
    }
}

/// The `date` value, or the start of the file when the date comes from its name.
fn date_span(p: &Protocol) -> Span {
    p.front.as_ref().and_then(|f| f.date.as_ref()).map_or(Span::point(0), |d| d.span)
}

fn rel<'a>(sources: &'a SourceMap, p: &Protocol) -> &'a str {
    sources.get(p.file).map_or("another file", |f| f.rel.as_str())
}
