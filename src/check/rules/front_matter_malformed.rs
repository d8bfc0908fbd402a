//! `front-matter-malformed`: the front matter is not valid YAML, is unclosed, is empty or is not a mapping.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "front-matter-malformed",
    level: Level::Deny,
    summary: "the front matter is not valid YAML, is unclosed, is empty or is not a mapping",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r#"### What it does

Reports a front matter block that cannot be read: YAML with a syntax error (an
unquoted `: ` in a value, wrong indentation, an unclosed quote or bracket), a block that
is opened with `---` but never closed, an empty block, a block that is not a mapping of
`key: value` lines, or YAML that is too large or too deeply nested (for example an
"alias bomb": anchors and aliases that expand into billions of values). The same rule
covers `protokoll.yaml`, `bodies.yaml` and `people.yaml`.

### Why is this bad?

When the front matter cannot be read, nothing in it can be used: the protocol has no
body, date or attendees as far as protokoll can tell.

### Example

```yaml
---
body: Kommunstyrelsen
location: Kommunhuset: sal 3
---
```

The second `: ` makes YAML read `Kommunhuset` as a key.

### Use instead

```yaml
---
body: Kommunstyrelsen
location: "Kommunhuset: sal 3"
---
```

Quote values that contain `: ` or ` #`, or that start with `[`, `{`, `*`, `&`, `!`, `%`,
`@` or a quote.
"#;
