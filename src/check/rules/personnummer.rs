//! `personnummer`: a Swedish personal identity number in public text.
//!
//! See [`RULE`] for the documentation.

use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::parse::{Paragraph, SectionKind, Show};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    id: "personnummer",
    level: Level::Deny,
    summary: "a Swedish personal identity number in public text",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r#"### What it does

Finds Swedish personal identity numbers (personnummer) and coordination numbers
(samordningsnummer, the day plus 60) anywhere in the public text of a protocol:
the front matter, the text before the first paragraph, the paragraphs, their
titles and tables. These forms are recognised:

| Form            | Example         |
|-----------------|-----------------|
| `YYMMDD-NNNN`   | `811218-9876`   |
| `YYMMDD+NNNN`   | `811218+9876` (a person aged 100 or more) |
| `YYYYMMDD-NNNN` | `19811218-9876` |
| `YYYYMMDDNNNN`  | `198112189876`  |
| `YYMMDDNNNN`    | `8112189876`    |

The dash may also be an en dash or a non-breaking hyphen, as word processors
write it. To tell a personnummer from other numbers (phone numbers, case
numbers, invoice numbers), a number is only reported when its date part is a
real date and its last digit is the right Luhn check digit, and it does not
stand inside a longer number. A bare ten-digit number that starts with `0` is
taken for a phone number (`0701234567`) and not reported; write such a
personnummer with its dash to have it found.

The text of a confidential paragraph (`{confidential}`) is not public and is
not checked, except what its `show` attribute publishes: the title (the
default, `show=title`) and, with `show=decision`, the decision. HTML comments
and YAML comments are checked too: the source files are often published as
well.

The message shows the number masked (`811218-****`), since the output of a
check can itself end up in a public log.

### Why is this bad?

A personnummer identifies a person and must never be published on the web.
Protocols are public records, but the data protection act that supplements
the GDPR (dataskyddslagen, 2018:218, 3 kap. 10 §) allows personnummer to be
processed without consent only when that is clearly justified, and publishing
one on a web page hardly ever is. Once published, a number is copied by search
engines and archives and cannot be taken back. Numbers usually end up in a
protocol in matters about individuals (bistånd, tillstånd, anställning), copied
from the case documents.

### Example

```markdown
## § 7 Ansökan om serveringstillstånd

Sökande: Anna Berg, 811218-9876.
```

### Use instead

Leave the number out, or mark the paragraph confidential when its text must
not be published:

```markdown
## § 7 Ansökan om serveringstillstånd {confidential ground="OSL 26 kap. 1 §"}

Sökande: Anna Berg, 811218-9876.
```
"#;

/// The forms of a personnummer, anchored: matched at the start of a run of digits.
static FORMS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{6}(?:[0-9]{2})?(?:-|\+|\x{2010}|\x{2011}|\x{2013}|\x{2212})[0-9]{4}|[0-9]{10}(?:[0-9]{2})?)")
        .ok()
});

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(forms) = FORMS.as_ref() else { return };
    let text = ctx.source.text.as_bytes();
    // What is not public: the text of confidential paragraphs, less what `show` shows.
    // Nearly always none, and then this allocates nothing.
    let mut hidden = Vec::new();
    for p in ctx.protocol.paragraphs.iter().filter(|p| p.attrs.confidential) {
        hide(p, &mut hidden);
    }
    hidden.sort_unstable();
    let mut from = 0;
    for h in hidden.iter().chain(std::iter::once(&Span::point(text.len()))) {
        if h.start > from {
            scan(ctx, forms, Span::new(from, h.start), out);
        }
        from = from.max(h.end);
    }
}

/// Adds to `hidden` the parts of a confidential paragraph a public build leaves out.
fn hide(p: &Paragraph, hidden: &mut Vec<Span>) {
    match p.attrs.show {
        Show::Title => hidden.push(p.body),
        Show::Nothing => {
            if let Some(title) = &p.title {
                hidden.push(title.span);
            }
            hidden.push(p.body);
        }
        Show::Decision => {
            let mut from = p.body.start;
            for s in p.sections.iter().filter(|s| s.kind == SectionKind::Decision) {
                let shown = Span::new(s.title.span.start.min(s.body.start), s.body.end);
                hidden.push(Span::new(from, shown.start.max(from)));
                from = from.max(shown.end);
            }
            hidden.push(Span::new(from, p.body.end.max(from)));
        }
    }
}

/// Reports every personnummer in `region` of the file.
///
/// Every form holds a run of at least six digits, so only every sixth byte is looked at
/// until one is a digit; the run around it is then measured, and only runs of 6, 8, 10
/// or 12 digits are matched against [`FORMS`] and validated.
fn scan(ctx: &ProtocolCtx<'_>, forms: &Regex, region: Span, out: &mut Vec<Diagnostic>) {
    let text = ctx.source.text.as_bytes();
    let end = region.end.min(text.len());
    let digit = |i: usize| text.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = region.start + 5;
    while i < end {
        if !digit(i) {
            i += 6;
            continue;
        }
        let mut start = i;
        while start > region.start && digit(start - 1) {
            start -= 1;
        }
        let mut stop = i + 1;
        while stop < end && digit(stop) {
            stop += 1;
        }
        i = stop + 6;
        if !matches!(stop - start, 6 | 8 | 10 | 12) {
            continue;
        }
        let window = text.get(start..end.min(stop + 7)).unwrap_or_default();
        let Some(m) = forms.find(window) else { continue };
        let found = Span::new(start, start + m.len());
        if let Some(masked) = personnummer(ctx.source.text.as_str(), found) {
            out.push(report(ctx, found, &masked));
        }
    }
}

/// The masked number (`811218-****`) when the text at `span` is a personnummer: a real
/// date, a valid check digit, and not part of a longer number or word.
fn personnummer(text: &str, span: Span) -> Option<String> {
    let s = text.get(span.start..span.end)?;
    let before = text.get(..span.start)?.chars().next_back();
    let after = text.get(span.end..)?.chars().next();
    if before.is_some_and(|c| c.is_ascii_digit()) || after.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let bare = s.bytes().all(|b| b.is_ascii_digit());
    // A bare number must stand alone; one that starts with 0 is a phone number.
    if bare
        && (before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) || s.starts_with('0'))
    {
        return None;
    }
    let mut digits = [0_u8; 12];
    let mut len = 0;
    for (slot, d) in digits.iter_mut().zip(s.bytes().filter(u8::is_ascii_digit)) {
        *slot = d - b'0';
        len += 1;
    }
    let (year, ten) = match len {
        12 => {
            let year = number(digits.get(..4)?);
            if !(1800..2100).contains(&year) {
                return None;
            }
            (Some(year), digits.get(2..)?)
        }
        10 => (None, digits.get(..10)?),
        _ => return None,
    };
    let yy = number(ten.get(..2)?);
    let month = number(ten.get(2..4)?);
    let day = number(ten.get(4..6)?);
    // A samordningsnummer adds 60 to the day.
    let day = if day > 60 { day - 60 } else { day };
    if !valid_date(year, yy, month, day) || !luhn(ten) {
        return None;
    }
    Some(format!("{}****", s.get(..s.len() - 4)?))
}

/// The number written by a few decimal digits.
fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + u32::from(d))
}

/// Whether the day exists. Without the century (`YYMMDD`), a 29 February is accepted in
/// every year divisible by four.
fn valid_date(year: Option<u32>, yy: u32, month: u32, day: u32) -> bool {
    let leap = match year {
        Some(y) => (y % 4 == 0 && y % 100 != 0) || y % 400 == 0,
        None => yy.is_multiple_of(4),
    };
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The Luhn check over the ten digits `YYMMDDNNNC`.
fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

fn report(ctx: &ProtocolCtx<'_>, at: Span, masked: &str) -> Diagnostic {
    let p = ctx.protocol;
    let in_front = p.front.as_ref().is_some_and(|f| f.span.contains(at));
    let paragraph = p.paragraphs.iter().find(|q| q.span.contains(at));
    let help = match paragraph {
        _ if in_front => "remove it: the front matter is always public",
        Some(q) if q.heading.contains(at) => {
            "remove it from the title: the title of a paragraph is public, even of a confidential one (unless `show=nothing`)"
        }
        Some(q) if q.attrs.confidential => "remove it: the decision of a paragraph with `show=decision` is public",
        Some(_) => {
            "remove it (a name or a birth date is usually enough), or mark the paragraph \
             `{confidential ground=\"OSL 26 kap. 1 §\"}` if its text must not be published"
        }
        None => "remove it; a name or a birth date is usually enough",
    };
    Diagnostic::new(RULE.id, p.file, Some(at), format!("a personnummer ({masked}) in public text"))
        .with_label("personnummer")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::people::testing::{run, source};
    use crate::config::Config;

    fn found(body: &str) -> Vec<String> {
        let s = source("content/ks/2020-10-19.md", &format!("---\nbody: KS\n---\n\n{body}\n"));
        run(check, &s, &Config::default()).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn the_regex_compiles() {
        assert!(FORMS.is_some());
    }

    #[test]
    fn forms() {
        // 811218-9876 is Luhn-valid: 8*2=16→7, 1, 1*2=2, 2, 1*2=2, 8, 9*2=18→9, 8, 7*2=14→5, 6 → 50.
        assert_eq!(found("Anna Berg, 811218-9876."), ["a personnummer (811218-****) in public text"]);
        assert_eq!(found("pnr 19811218-9876"), ["a personnummer (19811218-****) in public text"]);
        assert_eq!(found("pnr 811218+9876"), ["a personnummer (811218+****) in public text"]);
        assert_eq!(found("pnr 811218\u{2013}9876"), ["a personnummer (811218\u{2013}****) in public text"]);
        assert_eq!(found("(198112189876)"), ["a personnummer (19811218****) in public text"]);
        assert_eq!(found("8112189876"), ["a personnummer (811218****) in public text"]);
        // Samordningsnummer: day + 60.
        assert_eq!(found("18900191-1230"), ["a personnummer (18900191-****) in public text"]);
        assert!(found("18900192-1230").is_empty(), "day 32 + 60");
    }

    #[test]
    fn not_personnummer() {
        assert!(found("811218-9875").is_empty(), "wrong check digit");
        assert!(found("811318-9876").is_empty(), "no month 13");
        assert!(found("Ring 0701234567 eller 070-123 45 67.").is_empty());
        assert!(found("Faktura 1811218987654 och 2811218-98765.").is_empty());
        assert!(found("abc8112189876 8112189876x").is_empty());
        assert!(found("Organisationsnummer 212000-1355, dnr KS 2020/118, 2020-10-19 13:00-15:00").is_empty());
        assert!(found("12811218-9876").is_empty(), "century 12");
    }

    #[test]
    fn confidential_text_is_not_public() {
        let body = "## § 1 Ärende 811218-9876 {confidential}\n\n640823-3234\n\n### Beslut\n\n640823-3234\n\n\
                    ## § 2 Ärende 811218-9876 {confidential show=nothing}\n\n640823-3234\n\n\
                    ## § 3 Ärende {confidential show=decision}\n\n640823-3234\n\n### Beslut\n\nBeviljas 811218-9876.\n\n\
                    ### Reservation\n\n640823-3234\n\n## § 4 Öppet\n\n640823-3234\n";
        let s = source("content/ks/2020-10-19.md", &format!("---\nbody: KS\n---\n\n{body}"));
        let found: Vec<_> = run(check, &s, &Config::default())
            .into_iter()
            .map(|d| s.line_col(d.span.unwrap_or_default().start).line)
            .collect();
        // § 1's title, § 3's decision, § 4's text.
        assert_eq!(found, [5, 23, 31]);
    }

    #[test]
    fn every_offset() {
        // The stride scan finds a number wherever it starts.
        for pad in 0..14 {
            let body = format!("{}811218-9876 x", "a".repeat(pad));
            let s = source("content/ks/2020-10-19.md", &body);
            assert_eq!(run(check, &s, &Config::default()).len(), 1, "pad {pad}");
        }
    }
}
