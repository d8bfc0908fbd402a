//! `attendee-table-mismatch`: an attendee table in the body that disagrees with `attendees`.
//!
//! See [`RULE`] for the documentation.

use std::collections::HashMap;

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::{Level, PersonConfig};
use crate::diagnostic::{Diagnostic, suggest};
use crate::parse::{Attendee, BodyTable, TableKind, TableRow};
use crate::source::{Span, Spanned};

/// The rule.
pub static RULE: Rule = Rule {
    id: "attendee-table-mismatch",
    level: Level::Warn,
    summary: "an attendee table in the body that disagrees with `attendees`",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Documents converted from a word processor often list those present (närvarande) as a
Markdown table of organisations and names in the body. When the front matter has
`attendees` too, this rule checks that the two agree:

- a name in the table that is not in `attendees` (with a did-you-mean when it is a
  near-miss of one, such as `Nikals` for `Niklas`);
- a name in `attendees` that no attendee table lists;
- an organisation in the table that differs from the person's `org`.

A table under a `Frånvarande` label is compared with `absent` in the same way. Names
are compared without regard to case, spacing and punctuation at the ends, and the
other spellings in `people.yaml` are accepted. The name column is the one whose cells
are names of attendees or known people, else the one headed `Namn` (or `Name`), else
the second; the organisation column is the other one of a two-column table, or the one
headed `Organisation`, `Förvaltning` or `Verksamhet`.

A document without front matter has only the table, so there is nothing to compare.

### Why is this bad?

The front matter is what the archive indexes: who attended which meeting, for which
organisation. When the table in the text says otherwise, one of them is wrong, and
readers of the published protocol see the table.

### Example

```markdown
---
attendees:
  - { name: Niklas Gustenius, org: Kultur- och fritidsförvaltningen }
---

| Kultur- och fritidsförvaltningen | Nikals Gustenius |
|---|---|
```

### Use instead

```markdown
---
attendees:
  - { name: Niklas Gustenius, org: Kultur- och fritidsförvaltningen }
---

| Kultur- och fritidsförvaltningen | Niklas Gustenius |
|---|---|
```

Or delete the table: the site lists the attendees from the front matter.
";

/// Header words: a row with one of these is a header, not a person.
const HEADER_WORDS: &[&str] = &[
    "namn",
    "name",
    "names",
    "organisation",
    "organization",
    "org",
    "förvaltning",
    "verksamhet",
    "myndighet",
    "parti",
    "party",
    "roll",
    "role",
    "funktion",
    "titel",
    "title",
    "närvarande",
    "frånvarande",
    "ledamöter",
    "ledamot",
    "ersättare",
    "deltagare",
    "övriga deltagare",
    "tjänstepersoner",
    "beslutande",
    "present",
    "absent",
    "attendees",
    "members",
];
const NAME_HEADERS: &[&str] = &["namn", "name", "names", "ledamot", "ledamöter", "deltagare"];
const ORG_HEADERS: &[&str] =
    &["organisation", "organization", "org", "förvaltning", "verksamhet", "myndighet", "parti", "party"];

/// A person row of a table: the name cell and the organisation cell.
struct Person<'a> {
    name: &'a Spanned<String>,
    org: Option<&'a Spanned<String>>,
}

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(front) = ctx.protocol.front.as_ref() else { return };
    let attendees = ctx.protocol.attendees();
    if attendees.is_empty() {
        return;
    }
    for (kind, list, what) in
        [(TableKind::Attendees, attendees, "attendees"), (TableKind::Absent, &front.absent[..], "absent")]
    {
        let tables: Vec<&BodyTable> = ctx.protocol.tables.iter().filter(|t| t.kind == kind).collect();
        if let Some(first) = tables.first() {
            compare(ctx, &tables, first.span, list, what, out);
        }
    }
}

fn compare(
    ctx: &ProtocolCtx<'_>,
    tables: &[&BodyTable],
    table_span: Span,
    list: &[Attendee],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let file = ctx.protocol.file;
    let table_name = if what == "absent" { "the table of the absent" } else { "the attendee table" };
    let listed: Vec<(&Attendee, &Spanned<String>)> =
        list.iter().filter_map(|a| a.name.as_ref().filter(|n| !structure::blank(&n.value)).map(|n| (a, n))).collect();
    // Normalised name → the entries with it, in order.
    let mut index: HashMap<String, Vec<usize>> = HashMap::with_capacity(listed.len());
    for (i, (_, n)) in listed.iter().enumerate() {
        index.entry(suggest::normalize(&n.value)).or_default().push(i);
    }
    let mut people: Vec<Person<'_>> = Vec::new();
    for table in tables {
        people.extend(persons(table, &index));
    }
    let mut taken = vec![false; listed.len()];
    let take = |name: &str, taken: &mut Vec<bool>| {
        let i = index.get(&suggest::normalize(name))?.iter().copied().find(|&i| !is(taken, i))?;
        set(taken, i);
        Some(i)
    };
    let mut left: Vec<&Person<'_>> = Vec::new();
    let mut pairs: Vec<(&Person<'_>, usize)> = Vec::new();
    for person in &people {
        match take(&person.name.value, &mut taken) {
            Some(i) => pairs.push((person, i)),
            None => left.push(person),
        }
    }
    // Other spellings of known people (`people.yaml`), for the few rows left.
    let mut unknown: Vec<&Person<'_>> = Vec::new();
    for (n, person) in left.into_iter().enumerate() {
        let alias = (n < MAX_LOOKUPS)
            .then(|| {
                ctx.config.people.iter().find(|p| spellings(p).any(|s| structure::same_text(s, &person.name.value)))
            })
            .flatten()
            .and_then(|p| spellings(p).find_map(|s| take(s, &mut taken)));
        match alias {
            Some(i) => pairs.push((person, i)),
            None => unknown.push(person),
        }
    }
    let compare_near = unknown.len().saturating_mul(listed.len()) <= structure::PAIR_BUDGET;
    for person in unknown {
        let near = listed
            .iter()
            .enumerate()
            .filter(|_| compare_near)
            .find(|(i, (_, n))| !is(&taken, *i) && suggest::is_near_miss(&person.name.value, &n.value))
            .map(|(i, _)| i);
        if let Some(i) = near
            && let Some((_, name)) = listed.get(i)
        {
            set(&mut taken, i);
            pairs.push((person, i));
            out.push(
                Diagnostic::new(
                    RULE.id,
                    file,
                    Some(person.name.span),
                    format!(
                        "{table_name} has {}, but `{what}` has {}",
                        structure::quoted(&person.name.value),
                        structure::quoted(&name.value)
                    ),
                )
                .with_label(format!("did you mean {}?", structure::quoted(&name.value)))
                .with_related(file, name.span, format!("`{what}` has this name"))
                .with_help("correct the misspelt one, so the table and the front matter agree"),
            );
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.id,
                file,
                Some(person.name.span),
                format!("{} is in {table_name} but not in `{what}`", structure::quoted(&person.name.value)),
            )
            .with_label(format!("not in `{what}`"))
            .with_help(format!("add the person to `{what}` in the front matter, or remove the row")),
        );
    }
    for (i, (_, name)) in listed.iter().enumerate() {
        if is(&taken, i) {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.id,
                file,
                Some(name.span),
                format!("{} is in `{what}` but not in {table_name}", structure::quoted(&name.value)),
            )
            .with_label("not in the table")
            .with_related(file, structure::first_line(ctx, table_span), table_name)
            .with_help(format!(
                "add a row for the person to {table_name}, or delete the table: the site lists `{what}` itself"
            )),
        );
    }
    for (person, i) in pairs {
        let (Some(cell), Some((a, name))) = (person.org, listed.get(i)) else { continue };
        let Some(org) = a.org.as_ref().filter(|o| !structure::blank(&o.value)) else { continue };
        if structure::blank(&cell.value) || structure::same_text(&cell.value, &org.value) {
            continue;
        }
        let label = if suggest::is_near_miss(&cell.value, &org.value) {
            format!("did you mean {}?", structure::quoted(&org.value))
        } else {
            format!("`{what}` says {}", structure::quoted(&org.value))
        };
        out.push(
            Diagnostic::new(
                RULE.id,
                file,
                Some(cell.span),
                format!(
                    "{table_name} says {} for {}, but `{what}` says {}",
                    structure::quoted(&cell.value),
                    name.value.trim(),
                    structure::quoted(&org.value)
                ),
            )
            .with_label(label)
            .with_related(file, org.span, format!("`org` of {}", name.value.trim()))
            .with_help("correct the organisation in the table or in the front matter, so they agree"),
        );
    }
}

/// Rows looked up among the known people's other spellings at most, per table kind: a
/// real table has a handful of names that are not in the front matter as written.
const MAX_LOOKUPS: usize = 64;

/// A known person's name and other names.
fn spellings(p: &PersonConfig) -> impl Iterator<Item = &str> {
    std::iter::once(&p.name).chain(&p.other_names).map(|s| s.value.as_str())
}

/// The person rows of a table, with the name and organisation columns chosen: the name
/// column is the one with the most names from the front matter, else the one headed
/// "Namn", else the second.
fn persons<'t>(table: &'t BodyTable, index: &HashMap<String, Vec<usize>>) -> Vec<Person<'t>> {
    let header_is_data = !is_header(&table.header);
    let rows: Vec<&TableRow> = header_is_data
        .then_some(&table.header)
        .into_iter()
        .chain(&table.rows)
        .filter(|r| r.cells.iter().any(|c| !structure::blank(&c.value)) && !is_header(r))
        .collect();
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut scores = vec![0usize; columns];
    for r in &rows {
        for (c, cell) in r.cells.iter().enumerate() {
            if let Some(score) = scores.get_mut(c)
                && index.contains_key(&suggest::normalize(&cell.value))
            {
                *score += 1;
            }
        }
    }
    let best = scores
        .iter()
        .enumerate()
        .max_by_key(|(c, s)| (**s, std::cmp::Reverse(*c)))
        .filter(|(_, s)| **s > 0)
        .map(|(c, _)| c);
    let headed = |words: &[&str]| {
        if header_is_data {
            return None;
        }
        table.header.cells.iter().position(|c| {
            let n = suggest::normalize(&c.value);
            words.iter().any(|w| n.contains(w))
        })
    };
    let name_col = best.or_else(|| headed(NAME_HEADERS)).unwrap_or(usize::from(columns >= 2));
    let org_col =
        headed(ORG_HEADERS).filter(|c| *c != name_col).or_else(|| (columns == 2).then_some(1 - name_col.min(1)));
    rows.into_iter()
        .filter_map(|r| {
            let name = r.cells.get(name_col).filter(|c| !structure::blank(&c.value))?;
            Some(Person { name, org: org_col.and_then(|c| r.cells.get(c)) })
        })
        .collect()
}

/// Whether a row is a header or a group label ("Ledamöter", "Namn | Organisation").
fn is_header(row: &TableRow) -> bool {
    let mut cells = row.cells.iter().map(|c| suggest::normalize(&c.value)).filter(|v| !v.is_empty()).peekable();
    if cells.peek().is_none() {
        return true;
    }
    cells.any(|v| HEADER_WORDS.contains(&v.trim_end_matches(':')))
}

fn is(flags: &[bool], i: usize) -> bool {
    flags.get(i).copied().unwrap_or(true)
}

fn set(flags: &mut [bool], i: usize) {
    if let Some(f) = flags.get_mut(i) {
        *f = true;
    }
}
