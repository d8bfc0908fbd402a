//! `invalid-date`: a date that is not a real YYYY-MM-DD date.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "invalid-date",
    level: Level::Deny,
    summary: "a date that is not a real YYYY-MM-DD date",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r"### What it does

Reports a date that is not a real calendar date in the form `YYYY-MM-DD`: a wrong order
(`19-10-2020`), a missing zero (`2020-1-9`), a day that does not exist (`2020-02-30`), or
a `previous` that is not a meeting date.

### Why is this bad?

Dates decide the file name, the order of the archive, the previous and next meeting,
and the legal deadlines of justering and anslag. A date that cannot be read breaks all
of them.

### Example

```yaml
date: 2020-02-30
justering: { date: 26/10/2020 }
```

### Use instead

```yaml
date: 2020-02-28
justering: { date: 2020-10-26 }
```
";
