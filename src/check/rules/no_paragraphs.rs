//! `no-paragraphs`: a protocol with no § paragraph at all.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    id: "no-paragraphs",
    level: Level::Warn,
    summary: "a protocol with no § paragraph at all",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds a protocol that has front matter but not a single paragraph (`## § N Title`).
A file without front matter is reported by `front-matter-missing` instead.

Paragraph headings in the styles of word processors (`§ 1` on a line of its own, and
so on) count as paragraphs here; `malformed-paragraph-heading` reports their form.

### Why is this bad?

The paragraphs are the protocol: the matters dealt with and the decisions made. A
protocol without them is usually unfinished, or its headings are written in a way that
is not recognised (such as `Paragraf 1` or `1. Mötets öppnande`).

### Example

```markdown
---
body: Trygghets- och säkerhetsrådet
date: 2020-10-19
attendees: [{ name: Tomas Johansson }]
---

Mötets öppnande. Föregående mötesprotokoll läggs till handlingarna.
```

### Use instead

```markdown
---
body: Trygghets- och säkerhetsrådet
date: 2020-10-19
attendees: [{ name: Tomas Johansson }]
---

## § 1 Föregående mötesprotokoll

Föregående mötesprotokoll läggs till handlingarna.
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let p = ctx.protocol;
    if p.front.is_none() || !p.paragraphs.is_empty() {
        return;
    }
    out.push(
        Diagnostic::new(RULE.id, p.file, Some(Span::point(p.body.start)), "the protocol has no paragraphs")
            .with_label("expected a paragraph such as `## § 1 Title` in the body")
            .with_help("start each matter with a heading `## § N Title`, numbered from § 1"),
    );
}
