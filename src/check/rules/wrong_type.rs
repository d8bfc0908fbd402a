//! `wrong-type`: a value of the wrong type: a list where a mapping belongs, a date written as a number, text where a list belongs.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "wrong-type",
    level: Level::Deny,
    summary: "a value of the wrong type: a list where a mapping belongs, a date written as a number, text where a list belongs",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r"### What it does

Reports a value of the wrong kind: a list where a mapping belongs (`justering: [a, b]`),
text where a list belongs (`adjusters: Anna Berg`), a date written as a number
(`date: 20201019`), a list or mapping where text belongs. The finding points at the
value and says what was expected. Where the intent is clear (one name for a list, eight
digits for a date) the value is still used, so the other checks go on.

### Why is this bad?

A value of the wrong kind cannot be used as meant: the justering date is unknown, the
adjusters are not a list of people, the date is a number that no calendar knows.

### Example

```yaml
date: 20201019
adjusters: Annika Stomberg
justering: [2020-10-26, Kommunhuset]
```

### Use instead

```yaml
date: 2020-10-19
adjusters: [Annika Stomberg]
justering: { date: 2020-10-26, place: Kommunhuset }
```
";
