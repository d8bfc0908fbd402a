//! `previous-not-found`: `previous` names a meeting that is not in the archive.
//!
//! See [`RULE`] for the documentation.

use std::collections::{BTreeMap, HashMap};

use super::person_near_miss::replace_value;
use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, suggest};
use crate::parse::{MeetingRef, Protocol};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    id: "previous-not-found",
    level: Level::Deny,
    summary: "`previous` names a meeting that is not in the archive",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = r"### What it does

Checks that the meeting named by `previous` has a protocol in the same body folder:
a file of that folder whose `date` (or, without one, file name) is that day. A second
meeting on one day is named with its number, `2020-10-19-2`, as its file is.

A protocol whose `previous` names its own meeting is reported too.

The help names the body's last meeting before this one in the archive. When the value
differs from it by a typing slip (at most two characters, as in `2020-02-25` for
`2020-02-24`) or names the protocol's own meeting, `protokoll fix` sets it; otherwise
the protocol of the meeting named may simply be missing from the archive, and only a
person can tell which. A meeting of another body on that day is pointed out: the value
may have been copied from that body's protocol.

Files directly under `content/`, outside any body folder, are not checked.

### Why is this bad?

The published protocol links to the previous meeting's protocol. A `previous` that
names no protocol gives a broken link, and the chain of meetings that readers follow
is broken.

### Example

```yaml
# content/trygghetsradet/2020-10-19.md; the previous protocol is 2020-02-24.md
previous: 2020-02-25
```

### Use instead

```yaml
previous: 2020-02-24
```

Or, if the meeting of 2020-02-25 did take place, add its protocol as
`content/trygghetsradet/2020-02-25.md`.
";

/// How many characters a written date may differ from the body's actual previous meeting
/// for the correction to be taken as a typing slip (and offered as a fix).
const SLIP: usize = 2;

/// The protocols of each meeting, in path order.
type Meetings<'a> = BTreeMap<MeetingRef, Vec<&'a Protocol>>;

fn check(ctx: &ArchiveCtx<'_>, out: &mut Vec<Diagnostic>) {
    // Every meeting of each body folder, and of all bodies together.
    let mut bodies: HashMap<&str, Meetings<'_>> = HashMap::new();
    let mut all: HashMap<MeetingRef, Vec<&Protocol>> = HashMap::new();
    for p in ctx.protocols.iter().filter(|p| !p.body_slug.is_empty()) {
        if let Some(m) = p.meeting() {
            bodies.entry(p.body_slug.as_str()).or_default().entry(m).or_default().push(p);
            all.entry(m).or_default().push(p);
        }
    }
    let empty = Meetings::new();

    for p in ctx.protocols.iter().filter(|p| !p.body_slug.is_empty()) {
        let Some(prev) = p.front.as_ref().and_then(|f| f.previous.as_ref()) else { continue };
        let body = bodies.get(p.body_slug.as_str()).unwrap_or(&empty);
        let other = |q: &Protocol| q.file != p.file;
        if body.get(&prev.value).is_some_and(|qs| qs.iter().any(|q| other(q))) {
            continue;
        }
        let own = p.meeting();
        // The body's last meeting before this one, in another file.
        let actual = own
            .and_then(|own| body.range(..own).rev().find_map(|(m, qs)| qs.iter().find(|q| other(q)).map(|q| (*m, *q))));

        let written = prev.value.to_string();
        let itself = own == Some(prev.value);
        let (message, label) = if itself {
            ("`previous` names this protocol's own meeting".to_owned(), "this meeting".to_owned())
        } else {
            (
                format!("`previous` names the meeting of {written}, but this body has no protocol for it"),
                "no protocol for this meeting".to_owned(),
            )
        };
        let mut d = Diagnostic::new(RULE.id, p.file, Some(prev.span), message).with_label(label);
        let slug = &p.body_slug;
        match actual {
            Some((actual, q)) => {
                let actual_s = actual.to_string();
                let slip = suggest::distance(&written, &actual_s) <= SLIP;
                let help = if itself {
                    format!("the body's last meeting before this one in the archive is {actual_s}")
                } else if slip {
                    format!("did you mean {actual_s}? It is the body's last meeting before this one")
                } else {
                    format!(
                        "the body's last meeting before this one in the archive is {actual_s}: correct `previous`, \
                         or add the protocol of {written} as content/{slug}/{written}.md"
                    )
                };
                d = d.with_help(help);
                if (itself || slip)
                    && let Some(source) = ctx.sources.get(p.file)
                {
                    d = d.with_fix(
                        format!("set `previous` to {actual_s}"),
                        vec![replace_value(source, prev.span, &actual_s)],
                    );
                }
                d = d.with_related(
                    q.file,
                    date_span(q),
                    format!("the body's last meeting before this one, {actual_s}"),
                );
            }
            None if own.is_none() => {
                d = d.with_help(format!(
                    "name a meeting that has a protocol in content/{slug}/, by its date (YYYY-MM-DD)"
                ));
            }
            None if itself => {
                d = d.with_help("the archive has no earlier protocol of this body: remove `previous`");
            }
            None => {
                d = d.with_help(format!(
                    "the archive has no earlier protocol of this body: add the protocol of {written} as \
                     content/{slug}/{written}.md, or remove `previous`"
                ));
            }
        }
        // The meeting may be one of another body: a `previous` copied from its protocol.
        if !itself && let Some(q) = all.get(&prev.value).and_then(|qs| qs.iter().find(|q| q.body_slug != *slug)) {
            d = d.with_related(q.file, date_span(q), format!("{written} is a meeting of another body"));
        }
        out.push(d);
    }
}

/// The `date` value, or the start of the file when the date comes from its name.
fn date_span(p: &Protocol) -> Span {
    p.front.as_ref().and_then(|f| f.date.as_ref()).map_or(Span::point(0), |d| d.span)
}
