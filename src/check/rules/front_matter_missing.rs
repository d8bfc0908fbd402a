//! `front-matter-missing`: a protocol has no front matter (or the file is empty).
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "front-matter-missing",
    level: Level::Deny,
    summary: "a protocol has no front matter (or the file is empty)",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r#"### What it does

Reports a protocol file that does not start with a front matter block: a line `---`,
the meeting's facts as YAML, and another line `---`. An empty file gets this finding too.

### Why is this bad?

Without front matter protokoll does not know the body, the date or who attended, so the
protocol cannot be indexed, cited or checked. Documents exported from a word processor
have none: their facts are in tables and bold lines in the text.

### Example

```markdown
**Plats och tid**

Boråsvägen 40, Öresten, kl 13:00-15:00

§ 1

**Föregående mötesprotokoll**
```

### Use instead

```markdown
---
body: Trygghets- och säkerhetsrådet
date: 2020-10-19
time: "13:00-15:00"
location: Boråsvägen 40, Öresten
attendees:
  - { name: Tomas Johansson, org: Kommunstyrelsen }
---

## § 1 Föregående mötesprotokoll
```

`protokoll import` converts a word-processor export into this form.
"#;
