//! `body-name-mismatch`: the `body` differs from the name `bodies.yaml` gives the folder.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

use super::people;

/// The rule.
pub static RULE: Rule = Rule {
    id: "body-name-mismatch",
    level: Level::Deny,
    summary: "the body name differs from bodies.yaml",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r#"### What it does

When `bodies.yaml` has an entry for the protocol's folder, checks that the
front matter's `body` is that entry's `name`, exactly: differences in spelling,
case or abbreviation count (white space at the ends does not). The fix writes
the name from `bodies.yaml`.

Folders without an entry are reported by `unknown-body`; a body name that
differs between the files of one folder without `bodies.yaml` by
`body-name-inconsistent`.

### Why is this bad?

The body's name is printed on every page of the protocol and in every citation
("Trygghets- och säkerhetsrådet 2020-10-19 § 3"). `bodies.yaml` is the one
place that says what it is called; a protocol that spells it differently shows
another name in the archive, in search and in the feeds, and readers cannot
tell whether it is the same body.

### Example

With `name: Trygghets- och säkerhetsrådet` for the folder in `bodies.yaml`:

```yaml
body: Trygghets och säkerhetsrådet
```

### Use instead

```yaml
body: Trygghets- och säkerhetsrådet
```
"#;

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(configured) = ctx.body() else { return };
    let Some(body) = ctx.protocol.front.as_ref().and_then(|f| f.body.as_ref()) else { return };
    let name = configured.name.value.trim();
    if body.value.trim() == name || name.is_empty() {
        return;
    }
    let file = ctx.protocol.file;
    let edit = people::replace_scalar(body.span, ctx.text(body.span), name);
    out.push(
        Diagnostic::new(
            RULE.id,
            file,
            Some(body.span),
            format!("the body is called `{}` here but `{name}` in bodies.yaml", body.value),
        )
        .with_label(format!("expected `{name}`"))
        .with_related(configured.file, configured.name.span, "named here")
        .with_help(format!(
            "write `body: {}`, or change the name in bodies.yaml if this spelling is right",
            edit.replacement
        ))
        .with_fix(format!("write `{name}`"), vec![edit]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{body, lines, run, source};
    use crate::config::{Config, Profile};

    #[test]
    fn name_from_bodies_yaml() {
        let mut config = Config::default();
        config.bodies.push(body("Trygghets- och säkerhetsrådet", "tsr", Profile::Council));
        let s = source("content/tsr/2020-10-19.md", "---\nbody: 'trygghets- och säkerhetsrådet'\n---\n");
        let d = run(check, &s, &config);
        assert_eq!(lines(&s, &d), [(2, "'trygghets- och säkerhetsrådet'")]);
        let edits: Vec<_> =
            d.iter().filter_map(|d| d.fix.as_ref()).flat_map(|f| &f.edits).map(|e| e.replacement.as_str()).collect();
        assert_eq!(edits, ["'Trygghets- och säkerhetsrådet'"]);
        let s = source("content/tsr/2020-10-19.md", "---\nbody: Trygghets- och säkerhetsrådet\n---\n");
        assert!(run(check, &s, &config).is_empty());
        let s = source("content/other/2020-10-19.md", "---\nbody: X\n---\n");
        assert!(run(check, &s, &config).is_empty());
    }
}
