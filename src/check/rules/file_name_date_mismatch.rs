//! `file-name-date-mismatch`: the file is not named by the meeting's date.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    id: "file-name-date-mismatch",
    level: Level::Deny,
    summary: "the file name disagrees with the date",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Checks that a protocol's file is named by the date of its meeting:
`YYYY-MM-DD.md`, or `YYYY-MM-DD-2.md`, `YYYY-MM-DD-3.md`, … for a second or third
meeting of the same body on one day. The date in the name must be the front
matter's `date`.

The finding points at the `date` value. A protocol without a `date` takes its
date from the file name; that is not reported here (`missing-required-key`
reports the missing key). A file whose name is not a date at all is reported at
its `date`, or at its start when it has none.

### Why is this bad?

The file name is the protocol's address: pages, links, citations and `previous:`
references are made from it. When it disagrees with the front matter the archive
lists the meeting under one date and links to it under another, and the next
meeting's `previous:` cannot find it.

### Example

A file `content/trygghetsradet/2020-10-19.md`:

```yaml
---
body: Trygghets- och säkerhetsrådet
date: 2020-10-20
---
```

### Use instead

Rename the file to `2020-10-20.md`, or correct the date:

```yaml
---
body: Trygghets- och säkerhetsrådet
date: 2020-10-19
---
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    let name = ctx.source.rel.rsplit('/').next().unwrap_or("");
    let date = p.front.as_ref().and_then(|f| f.date.as_ref());
    match (p.file_meeting, date) {
        (Some(m), Some(date)) if m.date != date.value => {
            let ext = name.rsplit_once('.').map_or("md", |(_, e)| e);
            let seq = if m.seq > 1 { format!("-{}", m.seq) } else { String::new() };
            let right = format!("{}{seq}.{ext}", date.value);
            out.push(
                Diagnostic::new(
                    RULE.id,
                    p.file,
                    Some(date.span),
                    format!("the date {} disagrees with the file name `{name}`", date.value),
                )
                .with_label(format!("the file name says {}", m.date))
                .with_help(format!(
                    "rename the file to `{right}`, or correct the date to {} if the file name is right",
                    m.date
                )),
            );
        }
        (Some(_), _) => {}
        (None, Some(date)) => {
            let right = format!("{}.md", date.value);
            out.push(
                Diagnostic::new(
                    RULE.id,
                    p.file,
                    Some(date.span),
                    format!("the file name `{name}` is not the meeting's date"),
                )
                .with_label(format!("expected the file to be named `{right}`"))
                .with_help(format!("rename the file to `{right}` (a second meeting that day: `{}-2.md`)", date.value)),
            );
        }
        (None, None) => {
            // Without front matter the file is reported as such; say nothing more.
            if p.front.is_some() {
                out.push(
                    Diagnostic::new(
                        RULE.id,
                        p.file,
                        Some(Span::point(0)),
                        format!("the file name `{name}` is not a meeting date"),
                    )
                    .with_label("expected a name like `2020-10-19.md`")
                    .with_help("name the file by the meeting's date, YYYY-MM-DD.md, and give the same `date:`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{lines, run, source};
    use crate::config::Config;

    #[test]
    fn names_and_dates() {
        let config = Config::default();
        let text = "---\nbody: KS\ndate: 2020-10-20\n---\n";
        let s = source("content/ks/2020-10-19-2.md", text);
        let found = run(check, &s, &config);
        assert_eq!(lines(&s, &found), [(3, "2020-10-20")]);
        assert!(found.first().and_then(|d| d.help.as_deref()).is_some_and(|h| h.contains("`2020-10-20-2.md`")));
        assert!(run(check, &source("content/ks/2020-10-20.md", text), &config).is_empty());
        assert_eq!(run(check, &source("content/ks/protokoll.md", text), &config).len(), 1);
        // `-1` is not a sequence number, nor is a date without dashes.
        assert_eq!(run(check, &source("content/ks/2020-10-20-1.md", text), &config).len(), 1);
        let s = source("content/ks/möte.md", "---\nbody: KS\n---\n");
        assert_eq!(lines(&s, &run(check, &s, &config)), [(1, "")]);
        assert!(run(check, &source("content/ks/2020-10-20.md", "---\nbody: KS\n---\n"), &config).is_empty());
    }
}
