//! `toc-mismatch`: a table-of-contents row that disagrees with its paragraph's number or title.
//!
//! See [`RULE`] for the documentation.

use std::collections::{HashMap, HashSet};

use super::structure::{self, Key, key};
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, suggest};
use crate::parse::{Paragraph, TableKind, TableRow};
use crate::source::Spanned;

/// The rule.
pub static RULE: Rule = Rule {
    id: "toc-mismatch",
    level: Level::Warn,
    summary: "a table-of-contents row that disagrees with its paragraph's number or title",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Documents converted from a word processor often carry their table of contents
(innehållsförteckning) as a Markdown table of titles and `§ N` cells. This rule checks
each row against the paragraphs:

- a row whose `§ N` no paragraph has;
- a row whose title is another paragraph's title (the number is wrong);
- a row whose title differs from its paragraph's heading (ignoring case, spacing and
  punctuation at the ends);
- a `§ N` listed twice;
- a paragraph the table does not list.

Rows without a `§ N` cell, such as the `- sub-item` rows under Övriga frågor, are
sub-items of the row before and are not checked.

### Why is this bad?

A table of contents that disagrees with the protocol misleads readers about what was
dealt with, and it is a sign that headings were edited after the table was written
(or the other way round): one of the two is wrong. protokoll builds the table of
contents from the headings, so the table in the text can usually be deleted once the
headings are right.

### Example

```markdown
| Föregående mötesprotokoll 2020-02-24 | § 1 |
|---|---|

## § 1 Föregående mötesprotokoll
```

### Use instead

```markdown
| Föregående mötesprotokoll | § 1 |
|---|---|

## § 1 Föregående mötesprotokoll
```

Or delete the table: the site shows a table of contents built from the headings.
";

/// One numbered row: its `§ N` cell and title cell.
struct Entry<'a> {
    key: Key,
    mark: &'a Spanned<String>,
    title: Option<&'a Spanned<String>>,
}

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let file = ctx.protocol.file;
    let paragraphs = &ctx.protocol.paragraphs;
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut table_span = None;
    for table in ctx.protocol.tables.iter().filter(|t| t.kind == TableKind::Contents) {
        table_span.get_or_insert(table.span);
        // A word processor's first row may be the header: count it when it is numbered.
        for row in std::iter::once(&table.header).chain(&table.rows) {
            if let Some(e) = entry(row) {
                entries.push(e);
            }
        }
    }
    let Some(table_span) = table_span else { return };
    if entries.is_empty() {
        return;
    }
    // Lookups by number and by title stay cheap however long the file (hostile input).
    let mut by_key: Vec<(Key, usize)> = paragraphs.iter().enumerate().map(|(i, p)| (key(p), i)).collect();
    by_key.sort_unstable();
    let find = |k: Key| {
        let at = by_key.partition_point(|(pk, _)| *pk < k);
        by_key.get(at).filter(|(pk, _)| *pk == k).and_then(|(_, i)| paragraphs.get(*i))
    };
    let mut by_title: Option<HashMap<String, usize>> = None;
    let mut listed: HashSet<Key> = HashSet::with_capacity(entries.len());
    for e in &entries {
        let mark = key_text(e.key);
        if !listed.insert(e.key) {
            out.push(
                Diagnostic::new(RULE.id, file, Some(e.mark.span), format!("table of contents lists {mark} twice"))
                    .with_label("listed again")
                    .with_help("remove the extra row, or correct its number"),
            );
            continue;
        }
        let title = e.title.filter(|t| !structure::blank(&t.value));
        let target = find(e.key).map(|p| (p, structure::title(p)));
        // The common case, a row that agrees with its paragraph, costs one comparison.
        if let (Some((_, Some(heading))), Some(t)) = (target, title)
            && structure::same_text(heading, &t.value)
        {
            continue;
        }
        // A title that is another paragraph's: the number is what is wrong.
        let owner = title.and_then(|t| {
            let titles = by_title.get_or_insert_with(|| {
                let mut map = HashMap::with_capacity(paragraphs.len());
                for (i, p) in paragraphs.iter().enumerate() {
                    if let Some(h) = structure::title(p) {
                        map.entry(suggest::normalize(h)).or_insert(i);
                    }
                }
                map
            });
            titles.get(&suggest::normalize(&t.value)).and_then(|&i| paragraphs.get(i)).filter(|p| key(p) != e.key)
        });
        match (target, owner) {
            (Some((_, Some(_))), None) if title.is_none() => {}
            (Some((_, None)), None) => {}
            (_, Some(other)) => {
                listed.insert(key(other));
                let shown = title.map(|t| structure::quoted(&t.value)).unwrap_or_default();
                let real = structure::label(other);
                out.push(
                    Diagnostic::new(
                        RULE.id,
                        file,
                        Some(e.mark.span),
                        format!("table of contents lists {shown} as {mark}, but it is {real}"),
                    )
                    .with_label(format!("expected {real}"))
                    .with_related(file, structure::heading_line(ctx, other), format!("{real} has this title"))
                    .with_help("correct the number in the table of contents"),
                );
            }
            (None, None) => out.push(
                Diagnostic::new(
                    RULE.id,
                    file,
                    Some(e.mark.span),
                    format!("table of contents lists {mark}, which does not exist"),
                )
                .with_label(format!("no paragraph is {mark}"))
                .with_help("remove the row, or correct its number"),
            ),
            (Some((p, Some(heading))), None) => {
                if let Some(cell) = title {
                    out.push(mismatch(ctx, p, cell, heading, &mark));
                }
            }
        }
    }
    for p in paragraphs {
        if listed.contains(&key(p)) {
            continue;
        }
        let label = structure::label(p);
        out.push(
            Diagnostic::new(
                RULE.id,
                file,
                Some(structure::heading_line(ctx, p)),
                format!("{label} is not in the table of contents"),
            )
            .with_label("not listed")
            .with_related(file, structure::first_line(ctx, table_span), "the table of contents")
            .with_help(format!("add a row for {label} to the table of contents, or delete the table: the site builds one from the headings")),
        );
    }
}

fn mismatch(ctx: &ProtocolCtx<'_>, p: &Paragraph, cell: &Spanned<String>, heading: &str, mark: &str) -> Diagnostic {
    let said = structure::quoted(&cell.value);
    let says = structure::quoted(heading);
    let label = if structure::titles_near(&cell.value, heading) {
        format!("did you mean {says}?")
    } else {
        format!("the heading says {says}")
    };
    let mut d = Diagnostic::new(
        RULE.id,
        ctx.protocol.file,
        Some(cell.span),
        format!("table of contents says {said} for {mark}, but its heading says {says}"),
    )
    .with_label(label)
    .with_help("correct the table of contents or the heading, whichever is wrong, so they agree");
    if let Some(t) = &p.title {
        d = d.with_related(ctx.protocol.file, t.span, format!("{mark}'s heading"));
    }
    d
}

/// A row with a `§ N` cell; its title is the first other non-empty cell.
fn entry(row: &TableRow) -> Option<Entry<'_>> {
    let (i, mark, key) = row.cells.iter().enumerate().find_map(|(i, c)| mark(&c.value).map(|k| (i, c, k)))?;
    let title = row.cells.iter().enumerate().find(|(j, c)| *j != i && !c.value.trim().is_empty()).map(|(_, c)| c);
    Some(Entry { key, mark, title })
}

/// `§ 12`, `§12`, `§ 17 a`: a cell that is a paragraph number and nothing else.
fn mark(cell: &str) -> Option<Key> {
    let rest = cell.trim().strip_prefix('§')?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number: u32 = rest.get(..digits)?.parse().ok()?;
    let tail = rest.get(digits..)?.trim();
    let mut chars = tail.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Some((number, None)),
        (Some(l), None) if l.is_ascii_lowercase() => Some((number, Some(l))),
        _ => None,
    }
}

fn key_text(k: Key) -> String {
    structure::key_label(k)
}
