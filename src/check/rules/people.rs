//! Shared by the people rules: whether two names are the same person, and where a
//! name is listed.
//!
//! Names are compared the way [`suggest::normalize`] normalises them (case, runs of
//! white space and outer punctuation do not count), but without allocating: the rules
//! compare every chair, adjuster and absent member against every attendee of every
//! protocol. `people.yaml` makes two spellings one person when one is the other's
//! `name` or `other_names`.

use crate::check::ProtocolCtx;
use crate::config::{Config, PersonConfig};
use crate::diagnostic::{Diagnostic, Edit, suggest};
use crate::parse::Attendee;
use crate::source::{Span, Spanned};

/// Characters [`suggest::normalize`] trims from the ends of a name.
fn is_outer_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c == '…'
}

/// The part of `s` that `normalize` keeps: it trims white space, then outer punctuation,
/// then white space again (lower-casing never makes or unmakes either, so trimming
/// first gives the same text).
fn core(s: &str) -> &str {
    // The usual name starts and ends with an ASCII letter: nothing to trim.
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric() => s,
        _ => s.trim().trim_matches(is_outer_punctuation).trim(),
    }
}

/// The characters of `suggest::normalize(s)` for a [`core`] `s`: lower case, each run
/// of white space one space. Cheap to start, since most comparisons end at the first
/// character.
struct Folded<'a> {
    chars: std::str::Chars<'a>,
    lower: Option<std::char::ToLowercase>,
}

impl<'a> Folded<'a> {
    fn new(core: &'a str) -> Self {
        Self { chars: core.chars(), lower: None }
    }
}

impl Iterator for Folded<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(lower) = &mut self.lower {
            if let Some(c) = lower.next() {
                return Some(c);
            }
            self.lower = None;
        }
        let c = self.chars.next()?;
        // As `split_whitespace` has it (vertical tab included, unlike `is_ascii_whitespace`).
        if c.is_whitespace() {
            self.skip_white_space();
            return Some(' ');
        }
        if c.is_ascii() {
            return Some(c.to_ascii_lowercase());
        }
        let mut lower = c.to_lowercase();
        let first = lower.next();
        self.lower = Some(lower);
        first
    }
}

impl Folded<'_> {
    fn skip_white_space(&mut self) {
        while self.chars.clone().next().is_some_and(char::is_whitespace) {
            self.chars.next();
        }
    }
}

/// Whether two names are equal after normalising (case, spacing, outer punctuation):
/// `normalize(a) == normalize(b)`, without allocating.
#[must_use]
pub fn same_name(a: &str, b: &str) -> bool {
    a == b || Folded::new(core(a)).eq(Folded::new(core(b)))
}

/// A hash of the normalised name: names that are [`same_name`] have the same key, so
/// a rule that compares every name of a list with every other compares keys first and
/// folds each name's characters once, not once per pair.
#[must_use]
pub fn name_key(name: &str) -> u64 {
    Folded::new(core(name)).fold(0xcbf2_9ce4_8422_2325, |h, c| (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3))
}

/// Whether `name` is blank after normalising.
#[must_use]
pub fn is_blank(name: &str) -> bool {
    core(name).is_empty()
}

/// The people of `people.yaml` with other names: only they can make two different
/// spellings one person (for anyone else, the same person means the same name).
pub fn aliased(config: &Config) -> impl Iterator<Item = &PersonConfig> {
    config.people.iter().filter(|p| !p.other_names.is_empty())
}

/// The known person of `aliased` (the people with other names, see [`aliased`]) of
/// whom `name` is one spelling.
#[must_use]
pub fn aliased_person<'c>(aliased: &[&'c PersonConfig], name: &str) -> Option<&'c PersonConfig> {
    let bit = initial_bit(name);
    aliased.iter().copied().find(|p| initials(p) & bit != 0 && is_named(p, name))
}

/// The known person of `aliased` (the people with other names, see [`aliased`]) of
/// each of `names`, in one pass: each person is first compared by the first letters of
/// its spellings, so a long `people.yaml` costs little per protocol.
#[must_use]
pub fn aliased_persons<'c>(aliased: &[&'c PersonConfig], names: &[&Spanned<String>]) -> Vec<Option<&'c PersonConfig>> {
    let mut persons = vec![None; names.len()];
    if aliased.is_empty() {
        return persons;
    }
    let bits: Vec<u64> = names.iter().map(|n| initial_bit(&n.value)).collect();
    let all = bits.iter().fold(0, |all, bit| all | bit);
    for &p in aliased {
        let mask = initials(p);
        if mask & all == 0 {
            continue;
        }
        for ((slot, name), bit) in persons.iter_mut().zip(names).zip(&bits) {
            if slot.is_none() && bit & mask != 0 && is_named(p, &name.value) {
                *slot = Some(p);
            }
        }
    }
    persons
}

/// The first letters of all spellings of `p`, as bits (see [`initial_bit`]).
fn initials(p: &PersonConfig) -> u64 {
    p.other_names.iter().fold(initial_bit(&p.name.value), |m, o| m | initial_bit(&o.value))
}

/// The first letter of a normalised name, as one bit of 64 (letters may share a bit).
fn initial_bit(name: &str) -> u64 {
    Folded::new(core(name)).next().map_or(0, |c| 1 << (u32::from(c) % 64))
}

/// Whether `name` is one of the spellings of `p` (after normalising).
#[must_use]
pub fn is_named(p: &PersonConfig, name: &str) -> bool {
    same_name(&p.name.value, name) || p.other_names.iter().any(|o| same_name(&o.value, name))
}

/// Finds the entry of `list` that names the same person as `name`. Exact (normalised)
/// matches are looked for first, so `people.yaml` (its people with other names,
/// `aliased`) is only consulted on a miss, and then once for `name`, not once per entry.
#[must_use]
pub fn find<'l>(aliased: &[&PersonConfig], list: &'l [Attendee], name: &str) -> Option<&'l Attendee> {
    if let Some(a) = list.iter().find(|a| a.name.as_ref().is_some_and(|n| same_name(&n.value, name))) {
        return Some(a);
    }
    let p = aliased_person(aliased, name)?;
    list.iter().find(|a| a.name.as_ref().is_some_and(|n| is_named(p, &n.value)))
}

/// The names of a list of people, leaving out entries without one.
pub fn names(list: &[Attendee]) -> impl Iterator<Item = &Spanned<String>> + '_ {
    list.iter().filter_map(|a| a.name.as_ref()).filter(|n| !is_blank(&n.value))
}

/// "did you mean `Tomas Johansson`?" when `name` is a near-miss of one of `list`'s names.
#[must_use]
pub fn did_you_mean<'l>(name: &str, list: &'l [Attendee]) -> Option<&'l str> {
    suggest::did_you_mean(name, names(list).map(|n| n.value.as_str()))
}

/// Reports `name`, who holds `office` ("the chair"), when that person is not among the
/// attendees: the shared check of `chair-not-attendee`, `secretary-not-attendee` and
/// `adjuster-not-attendee`. Says nothing when `attendees` is empty or missing
/// (`missing-required-key` reports that) or the name is blank.
pub fn office_holder_present(
    ctx: &ProtocolCtx<'_>,
    rule: &'static str,
    office: &str,
    key: &str,
    name: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    let p = ctx.protocol;
    let attendees = p.attendees();
    if attendees.is_empty() || is_blank(&name.value) || find(ctx.aliased(), attendees, &name.value).is_some() {
        return;
    }
    let file = p.file;
    let d = if let Some(absent) = find(ctx.aliased(), p.absent(), &name.value) {
        let at = absent.name.as_ref().map_or(absent.span, |n| n.span);
        Diagnostic::new(rule, file, Some(name.span), format!("{office} {} is listed as absent", name.value))
            .with_label("listed as absent")
            .with_related(file, at, "listed as absent here")
            .with_help(format!(
                "move {} from `absent` to `attendees` if the person took part, or correct `{key}`",
                name.value
            ))
    } else {
        let d =
            Diagnostic::new(rule, file, Some(name.span), format!("{office} {} is not among the attendees", name.value))
                .with_label("not in `attendees`");
        match did_you_mean(&name.value, attendees) {
            Some(m) => d.with_help(format!("did you mean `{m}`?")),
            None => d.with_help(format!("add {} to `attendees`, or correct the name", name.value)),
        }
    };
    out.push(d);
}

/// An edit that replaces the YAML scalar at `span` (whose text in the file is
/// `written`) by `value`, keeping the author's quotes and quoting when plain text
/// would not read back as the same string.
#[must_use]
pub fn replace_scalar(span: Span, written: &str, value: &str) -> Edit {
    let replacement = match written.chars().next() {
        Some('\'') => format!("'{}'", value.replace('\'', "''")),
        Some('"') => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
        _ if needs_quotes(value) => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
        _ => value.to_owned(),
    };
    Edit { span, replacement }
}

/// Whether `value` must be quoted to be read back as that text, in block and in flow
/// context (an attendee's `{ role: … }`).
#[must_use]
pub fn needs_quotes(value: &str) -> bool {
    let Some(first) = value.chars().next() else { return true };
    value != value.trim()
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || value.contains(": ")
        || value.contains(" #")
        || value.ends_with(':')
        || value.contains([',', '[', ']', '{', '}', '\n', '\r', '\t'])
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        || value.parse::<f64>().is_ok()
}

/// Helpers for the rules' unit tests: parse a protocol from text and run one rule.
#[cfg(test)]
pub mod testing {
    use crate::check::ProtocolCtx;
    use crate::config::{BodyConfig, Config, Numbering, PersonConfig, Profile};
    use crate::diagnostic::Diagnostic;
    use crate::source::{FileId, FileKind, SourceFile, Span, Spanned};

    /// A protocol file at `rel` (e.g. `content/ks/2020-10-19.md`) with text `text`.
    #[must_use]
    pub fn source(rel: &str, text: &str) -> SourceFile {
        SourceFile::new(rel.into(), rel.to_owned(), FileKind::Protocol, text.to_owned())
    }

    /// Runs `check` on the protocol and returns its findings.
    pub fn run(
        check: fn(&ProtocolCtx<'_>, &mut Vec<Diagnostic>),
        source: &SourceFile,
        config: &Config,
    ) -> Vec<Diagnostic> {
        let (protocol, _) = crate::parse::parse_protocol(FileId(0), source);
        let ctx = ProtocolCtx::new(&protocol, source, config);
        let mut out = Vec::new();
        check(&ctx, &mut out);
        out
    }

    /// The 1-based line of each finding, with the text it points at.
    #[must_use]
    pub fn lines<'s>(source: &'s SourceFile, found: &[Diagnostic]) -> Vec<(usize, &'s str)> {
        found
            .iter()
            .map(|d| {
                let span = d.span.unwrap_or_default();
                (source.line_col(span.start).line, source.slice(span))
            })
            .collect()
    }

    /// A person of `people.yaml`.
    #[must_use]
    pub fn person(name: &str, other_names: &[&str]) -> PersonConfig {
        let s = |v: &str| Spanned::new(v.to_owned(), Span::default());
        PersonConfig {
            file: FileId(9),
            name: s(name),
            org: None,
            other_names: other_names.iter().map(|o| s(o)).collect(),
        }
    }

    /// A body of `bodies.yaml`.
    #[must_use]
    pub fn body(name: &str, slug: &str, profile: Profile) -> BodyConfig {
        let s = |v: &str| Spanned::new(v.to_owned(), Span::new(8, 8 + v.len()));
        BodyConfig {
            file: FileId(8),
            name: s(name),
            slug: s(slug),
            numbering: Numbering::PerMeeting,
            profile,
            prefix: None,
            seats: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The people and date rules over 10 000 protocols of about 9 KB each, with a
    /// people.yaml of 2000 people, 100 of them with other names. Run in release:
    /// `cargo test --release --lib bench_protocol_rules -- --ignored --nocapture`.
    #[test]
    #[ignore = "a benchmark"]
    fn bench_protocol_rules() {
        use std::fmt::Write as _;

        use super::testing::{body, person, source};
        use crate::check::rules;
        use crate::config::Profile;
        let mut config = Config::default();
        for i in 0..2000 {
            let other = format!("P. Efternamn{i}");
            let others = [other.as_str()];
            config.people.push(person(&format!("Person{i} Efternamn{i}"), if i % 20 == 0 { &others } else { &[] }));
        }
        config.people.push(person("Tomas Johansson", &["T. Johansson"]));
        for i in 0..20 {
            config.bodies.push(body(&format!("Nämnd {i}"), &format!("namnd{i}"), Profile::Board));
        }
        config.bodies.push(body("Kommunstyrelsen", "ks", Profile::Board));
        let mut text = String::from(
            "---\nbody: Kommunstyrelsen\ndate: 2020-10-19\nchair: Tomas Johansson\nsecretary: Rickard Silva\n\
             adjusters: [Annika Stomberg, T. Johansson]\njustering: { date: 2020-10-26, place: Kommunhuset }\n\
             anslag: { up: 2020-10-27, down: 2020-11-18 }\nattendees:\n  - { name: Tomas Johansson, role: ordförande }\n",
        );
        for i in 0..12 {
            let role = ["ledamot", "ersättare", "Polisområdeschef"].get(i % 3).copied().unwrap_or_default();
            let _ = writeln!(text, "  - {{ name: Deltagare{i} Namnsson, org: Förvaltning {i}, role: {role} }}");
        }
        text.push_str("  - { name: Annika Stomberg, org: Polisen }\n  - { name: Rickard Silva, role: sekreterare }\n");
        text.push_str("  - { name: Calle Larsson, role: ersättare, serves_for: Eva Berg }\nabsent:\n  - Eva Berg\n  - Bo Ek\n---\n\n");
        let mut n = 1;
        while text.len() < 9000 {
            let _ = write!(
                text,
                "## § {n} Ärende nummer {n} {{dnr=\"KS 2020/{n}\"}}\n\nNämnden har 2020-10-19 tagit del av underlaget. \
                 Ring 0701234567 vid frågor. Kostnaden beräknas till 125 000 kronor under 2021.\n\n### Beslut\n\n\
                 Kommunstyrelsen beslutar att godkänna förslaget i ärende {n} och lägga rapporten till handlingarna.\n\n"
            );
            n += 1;
        }
        let protocols: Vec<_> = (0..10_000)
            .map(|i| {
                let s = source("content/ks/2020-10-19.md", &text);
                let (p, _) = crate::parse::parse_protocol(crate::source::FileId(i), &s);
                (s, p)
            })
            .collect();
        let checks = [
            &rules::missing_required_key::RULE,
            &rules::file_name_date_mismatch::RULE,
            &rules::attendee_empty::RULE,
            &rules::attendee_duplicate::RULE,
            &rules::chair_not_attendee::RULE,
            &rules::secretary_not_attendee::RULE,
            &rules::adjuster_not_attendee::RULE,
            &rules::present_and_absent::RULE,
            &rules::substitute_not_serving::RULE,
            &rules::unknown_role::RULE,
            &rules::required_by_profile::RULE,
            &rules::dates_out_of_order::RULE,
            &rules::justering_deadline::RULE,
            &rules::anslag_deadline::RULE,
            &rules::personnummer::RULE,
            &rules::body_name_mismatch::RULE,
            &rules::unknown_body::RULE,
        ];
        let mut total = std::time::Duration::ZERO;
        for rule in checks {
            let crate::check::Run::Protocol(f) = rule.run else { continue };
            let start = std::time::Instant::now();
            let mut out = Vec::new();
            for (s, p) in &protocols {
                f(&crate::check::ProtocolCtx::new(p, s, &config), &mut out);
            }
            let took = start.elapsed();
            total += took;
            eprintln!("{:<26} {took:>10.2?}  {} findings", rule.id, out.len());
        }
        eprintln!("{:<26} {total:>10.2?}  (one core)", "total");
    }

    #[test]
    fn same_name_agrees_with_normalize() {
        let names = [
            "Tomas Johansson",
            "  tomas   JOHANSSON ",
            "Tomas Johansson.",
            "Anna. .",
            "Anna.",
            "…Åsa Öberg…",
            "åsa öberg",
            "",
            "  ",
            "A. Leandersson",
            "a.leandersson",
            "a.\u{b}Leandersson",
            "A. \u{a0}LEANDERSSON",
            "İlkay",
            "i\u{307}lkay",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), suggest::normalize(a) == suggest::normalize(b), "{a:?} vs {b:?}");
                if same_name(a, b) {
                    assert_eq!(name_key(a), name_key(b), "{a:?} vs {b:?}");
                }
            }
            assert_eq!(is_blank(a), suggest::normalize(a).is_empty(), "{a:?}");
        }
    }

    #[test]
    fn quoting() {
        assert!(!needs_quotes("Trygghets- och säkerhetsrådet"));
        assert!(!needs_quotes("1:e vice ordförande"));
        assert!(needs_quotes("Rådet: trygghet"));
        assert!(needs_quotes("Rådet, trygghet"));
        assert!(needs_quotes("- x"));
        assert!(needs_quotes("no"));
        assert!(needs_quotes("2020"));
        let e = replace_scalar(Span::new(0, 3), "'x'", "Bo's");
        assert_eq!(e.replacement, "'Bo''s'");
        let e = replace_scalar(Span::new(0, 1), "x", "a: b");
        assert_eq!(e.replacement, "\"a: b\"");
    }
}
