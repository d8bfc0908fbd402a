//! `file-unreadable`: a file or folder under content/ cannot be read.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "file-unreadable",
    level: Level::Deny,
    summary: "a file or folder under content/ cannot be read",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r"### What it does

Reports a file or folder under `content/` that cannot be read: no permission, a broken
link, a file that vanished while protokoll was reading the folder.

### Why is this bad?

A protocol that cannot be read is missing from the archive without anyone noticing.
Checking goes on with every other file, but the build stops so the archive is never
published incomplete.

### Example

```text
content/kommunstyrelsen/2020-10-13.md   (mode 000, owned by another user)
```

### Use instead

Give the user who runs protokoll permission to read the file, or remove it from
`content/`.
";
