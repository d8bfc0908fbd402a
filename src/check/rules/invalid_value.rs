//! `invalid-value`: a value outside its allowed set (status, numbering, profile, language, rule level).
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "invalid-value",
    level: Level::Deny,
    summary: "a value outside its allowed set (status, numbering, profile, language, rule level)",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = r"### What it does

Reports a value outside its allowed set: `status` (draft, adjusted, published, or
utkast, justerat, publicerat), a paragraph's `show=` (title, decision, nothing),
`numbering` (per-meeting, per-year) and `profile` (council, board) in `bodies.yaml`,
`language` (sv, en) and rule levels (deny, warn, allow) in `protokoll.yaml`, two bodies
with the same slug.

### Why is this bad?

protokoll cannot guess what an unknown value means, so it uses the default, which may
not be what the writer meant: an unknown `show=` hides more than intended, an unknown
status may publish a draft.

### Example

```yaml
status: justerad
```

```markdown
## § 5 Personalärende {confidential show=rubrik}
```

### Use instead

```yaml
status: justerat
```

```markdown
## § 5 Personalärende {confidential show=title}
```
";
