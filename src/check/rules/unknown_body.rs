//! `unknown-body`: the protocol's folder is not a body in `bodies.yaml`.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, suggest};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown-body",
    level: Level::Deny,
    summary: "the folder is not a body in bodies.yaml",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

When the site has a `content/bodies.yaml` with at least one body, checks that
each protocol lies in the folder of one of them: the folder's name must be the
`slug` of an entry. The finding points at the protocol's `body` value (or its
first line when there is none) and suggests a configured folder whose slug is a
near-miss, or the folder of the body the `body` value names.

Sites without `bodies.yaml` are not checked: every folder is then a body with
the default settings.

### Why is this bad?

`bodies.yaml` sets how a body numbers its paragraphs and how strictly it is
checked (`profile: board` requires chair, secretary, adjusters and justering).
A protocol in a folder that is not listed silently gets the lenient defaults,
and shows up in the archive as a body of its own: usually the folder name is
misspelt, or a new body was added without an entry.

### Example

With `slug: trygghetsradet` in `bodies.yaml`, a protocol at
`content/trygghetsrad/2020-10-19.md`:

```yaml
body: Trygghets- och säkerhetsrådet
```

### Use instead

Move the file to `content/trygghetsradet/2020-10-19.md`, or add the body to
`bodies.yaml`:

```yaml
- name: Trygghets- och säkerhetsrådet
  slug: trygghetsradet
```
";

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let config = ctx.config;
    if config.bodies.is_empty() || ctx.body().is_some() {
        return;
    }
    let p = ctx.protocol;
    let slug = p.body_slug.as_str();
    let body = p.front.as_ref().and_then(|f| f.body.as_ref());
    let at = body.map_or(Span::point(0), |b| b.span);
    let (message, label) = if slug.is_empty() {
        ("the protocol is not in the folder of a body".to_owned(), "not under `content/<body>/`".to_owned())
    } else {
        (format!("the folder `{slug}` is not a body in bodies.yaml"), format!("`{slug}` is not in bodies.yaml"))
    };
    let near = suggest::did_you_mean(slug, config.bodies.iter().map(|b| b.slug.value.as_str()));
    let named = body.and_then(|b| config.bodies.iter().find(|c| c.name.value.trim() == b.value.trim()));
    let help = match (near, named) {
        (Some(s), _) => format!("did you mean the folder `{s}`? Move the file to `content/{s}/`"),
        (None, Some(c)) => format!(
            "{} is the body in the folder `{}`: move the file to `content/{}/`",
            c.name.value, c.slug.value, c.slug.value
        ),
        (None, None) if slug.is_empty() => "move the file into its body's folder, `content/<slug>/`".to_owned(),
        (None, None) => {
            format!("add the body to content/bodies.yaml with `slug: {slug}`, or move the file to its body's folder")
        }
    };
    out.push(Diagnostic::new(RULE.id, p.file, Some(at), message).with_label(label).with_help(help));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{body, lines, run, source};
    use crate::config::{Config, Profile};

    #[test]
    fn folders() {
        let mut config = Config::default();
        let s = source("content/trygghetsrad/2020-10-19.md", "---\nbody: Rådet\n---\n");
        assert!(run(check, &s, &config).is_empty());
        config.bodies.push(body("Rådet", "trygghetsradet", Profile::Council));
        let d = run(check, &s, &config);
        assert_eq!(lines(&s, &d), [(2, "Rådet")]);
        assert_eq!(
            d.first().and_then(|d| d.help.as_deref()),
            Some("did you mean the folder `trygghetsradet`? Move the file to `content/trygghetsradet/`")
        );
        let s = source("content/ks/2020-10-19.md", "---\ndate: 2020-10-19\n---\n");
        assert_eq!(lines(&s, &run(check, &s, &config)), [(1, "")]);
        let s = source("content/trygghetsradet/2020-10-19.md", "---\nbody: Rådet\n---\n");
        assert!(run(check, &s, &config).is_empty());
    }
}
