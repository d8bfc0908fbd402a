//! `unknown-attribute`: a paragraph attribute in `{…}` that protokoll does not know.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown-attribute",
    level: Level::Deny,
    summary: "a paragraph attribute in `{…}` that protokoll does not know",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r#"### What it does

Reports an attribute in the `{…}` after a paragraph title that protokoll does not know,
with the nearest known one. The known attributes are `confidential` (or `sekretess`),
`ground`, `show` and `dnr`.

A misspelt `confidential` (`{confidental}`) is an error, and the paragraph is treated as
confidential until the spelling is fixed: a typo must never publish secret text.

### Why is this bad?

An unknown attribute is ignored. If it was meant to be `confidential`, the text of a
secret paragraph would be published.

### Example

```markdown
## § 5 Personalärende {confidental ground="OSL 39 kap. 3 §"}
```

### Use instead

```markdown
## § 5 Personalärende {confidential ground="OSL 39 kap. 3 §"}
```
"#;
