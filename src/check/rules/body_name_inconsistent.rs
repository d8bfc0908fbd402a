//! `body-name-inconsistent`: the `body` name differs between files of one folder.
//!
//! See [`RULE`] for the documentation.

use std::collections::{BTreeMap, HashMap};

use super::person_near_miss::replace_value;
use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::parse::Protocol;
use crate::source::Spanned;

/// The rule.
pub static RULE: Rule = Rule {
    id: "body-name-inconsistent",
    level: Level::Warn,
    summary: "the `body` name differs between files of one folder",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = r"### What it does

Within one body folder under `content/`, compares the `body` of every protocol. The
name most files use is taken as right (when two names are used equally often, the
name of the earliest file); every file with another name is reported.

Folders whose body is listed in `content/bodies.yaml` are left to
`body-name-mismatch`, which compares each file with the name given there. Listing
the body in `bodies.yaml` is the better cure: it states the right name once.

### Why is this bad?

The body's name is printed on every protocol and in the archive's lists. Two names
for one body look like two bodies to a reader, and a search for one name misses the
protocols that use the other.

### Example

```yaml
# content/trygghetsradet/2020-02-24.md and five other files
body: Trygghets- och säkerhetsrådet
```

```yaml
# content/trygghetsradet/2020-10-19.md
body: Trygghets och säkerhetsrådet
```

### Use instead

```yaml
body: Trygghets- och säkerhetsrådet
```

`protokoll fix` sets the name of the majority when there is one.
";

fn check(ctx: &ArchiveCtx<'_>, out: &mut Vec<Diagnostic>) {
    // The `body` value of each file, by folder, in path order.
    let mut folders: BTreeMap<&str, Vec<(&Protocol, &Spanned<String>)>> = BTreeMap::new();
    for p in ctx.protocols {
        if p.body_slug.is_empty() || ctx.config.body(&p.body_slug).is_some() {
            continue;
        }
        if let Some(body) = p.front.as_ref().and_then(|f| f.body.as_ref()).filter(|b| !b.value.is_empty()) {
            folders.entry(p.body_slug.as_str()).or_default().push((p, body));
        }
    }

    for files in folders.values() {
        // Count each name, remembering its first file: (count, first index).
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for (i, (_, body)) in files.iter().enumerate() {
            counts.entry(body.value.as_str()).and_modify(|c| c.0 += 1).or_insert((1, i));
        }
        if counts.len() < 2 {
            continue;
        }
        // Most used; on a tie, the one whose first file comes first.
        let Some((&name, &(count, first))) =
            counts.iter().max_by(|(_, a), (_, b)| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        else {
            continue;
        };
        let Some(&(majority_file, majority_body)) = files.get(first) else { continue };
        let clear = counts.values().filter(|c| c.0 == count).count() == 1;
        let total = files.len();

        for &(p, body) in files.iter().filter(|(_, b)| b.value != name) {
            let mut d = Diagnostic::new(
                RULE.id,
                p.file,
                Some(body.span),
                format!(
                    "the body is called \"{}\" here but \"{name}\" in {count} of {total} protocols of this folder",
                    body.value
                ),
            )
            .with_label(format!("expected \"{name}\""))
            .with_help(
                "use one name for the body in every file; listing the body in content/bodies.yaml states its name once",
            )
            .with_related(majority_file.file, majority_body.span, format!("\"{name}\" here"));
            if clear && let Some(source) = ctx.sources.get(p.file) {
                d = d.with_fix(format!("rename to {name}"), vec![replace_value(source, body.span, name)]);
            }
            out.push(d);
        }
    }
}
