//! `unknown-key`: a key that protokoll does not know, with a did-you-mean.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown-key",
    level: Level::Deny,
    summary: "a key that protokoll does not know, with a did-you-mean",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r"### What it does

Reports a key that protokoll does not know, in the front matter (or inside an attendee,
`justering`, `anslag` or agenda entry) and in the configuration files, and suggests the
known key it is closest to (`atendees` → `attendees`). the finding carries a fix (applied by `protokoll fix`) that renames it when the
suggestion is unambiguous.

### Why is this bad?

A misspelt key is silently ignored by most tools: the value it carries (the adjusters,
the absent) is lost from the archive, and other checks then report what looks missing.

### Example

```yaml
adjusteres: [Annika Stomberg]
```

### Use instead

```yaml
adjusters: [Annika Stomberg]
```

The keys of a protocol are `body`, `date`, `time`, `location`, `status`, `chair`,
`secretary`, `adjusters`, `previous`, `justering`, `anslag`, `attendees`, `absent`,
`tags` and `agenda`.
";
