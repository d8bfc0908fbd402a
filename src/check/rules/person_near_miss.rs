//! `person-near-miss`: a person's name that is a near-miss of a known person or of a name
//! used elsewhere.
//!
//! Also home of the near-miss index shared with `organisation-near-miss`: values bucketed
//! by length, filtered by a cheap character-count bound before the edit distance, so an
//! archive of 150,000 names is compared in milliseconds.
//!
//! See [`RULE`] for the documentation.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::{Diagnostic, Edit, suggest};
use crate::parse::Protocol;
use crate::source::{FileId, SourceFile, Span, Spanned};

/// The rule.
pub static RULE: Rule = Rule {
    id: "person-near-miss",
    level: Level::Warn,
    summary: "a person's name that is a near-miss of a known person or of a name used elsewhere",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = r#"### What it does

Finds names in `attendees` and `absent` that are probably misspellings of another name:

- a name that is not in `content/people.yaml` (neither a `name` nor one of its
  `other_names`) but is within a few typing slips of a person who is; or
- a name that is used at most twice in the whole archive and is within a few typing
  slips of a name used at least three times, and at least three times as often.

A typing slip is a letter added, left out, replaced, or two neighbouring letters
swapped ("Nikals" for "Niklas"). Capital letters and extra spaces count as differences
in writing, not as different names. Short names allow fewer slips than long ones: a
name of up to 7 letters allows one, up to 15 letters two, longer names three.

Two names that are both in `people.yaml` are never reported: they are two people.

### Why is this bad?

The archive is searched and indexed by person. "Nikals Gustenius" becomes a person of
their own, with their own page and one meeting, and the meeting is missing from the
page of Niklas Gustenius.

### Example

```yaml
# content/people.yaml
- name: Niklas Gustenius
  org: Polisen
```

```yaml
attendees:
  - { name: Nikals Gustenius, org: Polisen }
```

### Use instead

```yaml
attendees:
  - { name: Niklas Gustenius, org: Polisen }
```

If the name belongs to someone else, add that person to `content/people.yaml`; the
warning then goes away. `protokoll fix` replaces the name when there is exactly one
likely intended name.
"#;

/// How often a rare name may be used to be reported against an archive-only name.
const RARE: usize = 2;
/// How often a name must be used to be taken as the correct spelling.
const FREQUENT: usize = 3;
/// How many times as often as the rare name it must be used.
const RATIO: usize = 3;

/// Where a candidate name comes from.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// `people.yaml`: the spelling at this place (a `name` or one of its `other_names`).
    Known(FileId, Span),
    /// The archive: used this many times, first here.
    Used(usize, FileId, Span),
}

fn check(ctx: &ArchiveCtx<'_>, out: &mut Vec<Diagnostic>) {
    let uses = count_uses(ctx.protocols, |p| p.attendees().iter().chain(p.absent()).filter_map(|a| a.name.as_ref()));

    // `Config::person` is a linear search: with thousands of people, look names up here.
    // Two indexes, so that each question scans only the names it may suggest.
    let mut known: FastSet<&str> = FastSet::default();
    let mut people = NearIndex::default();
    for person in &ctx.config.people {
        for spelling in std::iter::once(&person.name).chain(&person.other_names) {
            known.insert(spelling.value.trim());
            people.insert(&spelling.value, usize::MAX, Origin::Known(person.file, spelling.span));
        }
    }
    let mut frequent = NearIndex::default();
    for (name, usage) in &uses {
        if usage.count >= FREQUENT && !known.contains(name) {
            frequent.insert(name, usage.count, Origin::Used(usage.count, usage.first.0, usage.first.1));
        }
    }

    // Decide once per distinct name; report every use of it below.
    let mut verdicts: FastMap<&str, Verdict<'_, Origin>> = FastMap::default();
    for (&name, usage) in &uses {
        if known.contains(name) {
            continue;
        }
        let near_known = people.nearest(name, |_| true);
        let found = if near_known.is_empty() && usage.count <= RARE {
            let count = usage.count;
            frequent.nearest(name, |o| matches!(o, Origin::Used(n, ..) if *n >= RATIO * count))
        } else {
            near_known
        };
        if !found.is_empty() {
            verdicts.insert(name, Verdict { count: usage.count, candidates: found });
        }
    }
    if verdicts.is_empty() {
        return;
    }

    for p in ctx.protocols {
        let Some(source) = ctx.sources.get(p.file) else { continue };
        for name in p.attendees().iter().chain(p.absent()).filter_map(|a| a.name.as_ref()) {
            if let Some(v) = verdicts.get(name.value.as_str()) {
                out.push(diagnostic(p.file, source, name, v));
            }
        }
    }
}

fn diagnostic(file: FileId, source: &SourceFile, name: &Spanned<String>, v: &Verdict<'_, Origin>) -> Diagnostic {
    let Some(best) = v.candidates.first() else {
        return Diagnostic::new(RULE.id, file, Some(name.span), "a likely misspelling");
    };
    let of = plain_list(&v.candidates);
    let (message, label) = match best.origin {
        Origin::Known(..) if suggest::normalize(&name.value) == suggest::normalize(best.value) => (
            format!("\"{}\" is written differently from {of}, a known person", name.value),
            "not as in people.yaml".to_owned(),
        ),
        Origin::Known(..) => (
            format!("\"{}\" looks like a misspelling of {of}, a known person", name.value),
            "not in people.yaml".to_owned(),
        ),
        Origin::Used(n, ..) => (
            format!("\"{}\" looks like a misspelling of {of}, named {n} times in the archive", name.value),
            match v.count {
                1 => "named only here".to_owned(),
                n => format!("named {n} times in the archive"),
            },
        ),
    };
    let mut d = Diagnostic::new(RULE.id, file, Some(name.span), message).with_label(label).with_help(format!(
        "did you mean {}? If this is another person, add them to content/people.yaml",
        alternatives(&v.candidates)
    ));
    for c in &v.candidates {
        d = match c.origin {
            Origin::Known(f, s) => d.with_related(f, s, format!("{} in people.yaml", c.value)),
            Origin::Used(_, f, s) => d.with_related(f, s, format!("{} is named here", c.value)),
        };
    }
    if let [only] = v.candidates.as_slice() {
        d = d.with_fix(format!("replace with {}", only.value), vec![replace_value(source, name.span, only.value)]);
    }
    d
}

/// The decision for one rare or unknown value: the likely intended values (more than
/// one when they are equally near).
pub(super) struct Verdict<'a, T> {
    /// How often the value is used.
    pub(super) count: usize,
    /// The nearest candidates, best first.
    pub(super) candidates: Vec<Hit<'a, T>>,
}

/// `` `A` `` or `` `A` or `B` ``.
pub(super) fn alternatives<T>(hits: &[Hit<'_, T>]) -> String {
    let names: Vec<String> = hits.iter().map(|h| format!("`{}`", h.value)).collect();
    names.join(" or ")
}

/// `A` or `A or B`.
pub(super) fn plain_list<T>(hits: &[Hit<'_, T>]) -> String {
    let names: Vec<&str> = hits.iter().map(|h| h.value).collect();
    names.join(" or ")
}

/// How often a value is used, and where first (in path order).
pub(super) struct Usage {
    /// Number of uses.
    pub(super) count: usize,
    /// The first use.
    pub(super) first: (FileId, Span),
}

/// Counts the values `values` yields for each protocol. Empty values are skipped.
pub(super) fn count_uses<'a, F, I>(protocols: &'a [Protocol], values: F) -> FastMap<&'a str, Usage>
where
    F: Fn(&'a Protocol) -> I,
    I: Iterator<Item = &'a Spanned<String>>,
{
    let mut uses: FastMap<&str, Usage> = FastMap::default();
    for p in protocols {
        for v in values(p) {
            if v.value.is_empty() {
                continue;
            }
            uses.entry(v.value.as_str())
                .and_modify(|u| u.count += 1)
                .or_insert(Usage { count: 1, first: (p.file, v.span) });
        }
    }
    uses
}

/// A hash map keyed by names: an archive holds 150,000 of them, hashed twice, and they
/// come from the site's own files, so a fast non-keyed hash is safe here.
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A hash set of names; see [`FastMap`].
pub(super) type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// The multiply-rotate hash of rustc (`FxHasher`): a few cycles a word.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            if let Ok(word) = <[u8; 8]>::try_from(chunk) {
                self.add(u64::from_le_bytes(word));
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0_u8; 8];
            for (to, from) in word.iter_mut().zip(rest) {
                *to = *from;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One value of a [`NearIndex`], prepared for comparison.
struct Entry<'a, T> {
    value: &'a str,
    norm: String,
    letters: Letters,
    weight: usize,
    origin: T,
}

/// A candidate found by [`NearIndex::nearest`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit<'a, T> {
    /// The value as written.
    pub(super) value: &'a str,
    /// Where it comes from.
    pub(super) origin: T,
}

/// The longest value compared, in bytes. No name or organisation is longer, and the edit
/// distance takes time in the product of the lengths: a hostile file with two names of a
/// megabyte each must not stall checking.
const MAX_BYTES: usize = 400;

/// Values that others may be misspellings of, bucketed by normalised length.
///
/// A query only looks at buckets within the edit cap of its own length, and skips
/// entries whose letter counts differ by more than the cap allows (a lower bound of the
/// edit distance that costs a few dozen byte operations), so the edit distance itself
/// runs on few pairs.
pub(super) struct NearIndex<'a, T> {
    by_len: BTreeMap<usize, Vec<Entry<'a, T>>>,
}

impl<T> Default for NearIndex<'_, T> {
    fn default() -> Self {
        Self { by_len: BTreeMap::new() }
    }
}

impl<'a, T: Copy> NearIndex<'a, T> {
    /// Adds a value; `weight` breaks ties between equally near values (higher first).
    /// Values longer than [`MAX_BYTES`] are not names and are left out.
    pub(super) fn insert(&mut self, value: &'a str, weight: usize, origin: T) {
        if value.len() > MAX_BYTES {
            return;
        }
        let norm = suggest::normalize(value);
        let (letters, len) = Letters::of(&norm);
        self.by_len.entry(len).or_default().push(Entry { value, norm, letters, weight, origin });
    }

    /// The entries accepted by `accept` that `word` is a near-miss of, all at the smallest
    /// distance found, best first (heavier, then alphabetical). Empty when there is none.
    ///
    /// A near-miss is what [`suggest::is_near_miss`] says, plus a value that differs only
    /// in case or spacing (distance 0 after normalising). The word itself is never a hit.
    pub(super) fn nearest(&self, word: &str, accept: impl Fn(&T) -> bool) -> Vec<Hit<'a, T>> {
        if word.len() > MAX_BYTES {
            return Vec::new();
        }
        let norm = suggest::normalize(word);
        let (letters, len) = Letters::of(&norm);
        // The cap of a pair is that of the shorter word, so never more than our own.
        let widest = suggest::edit_cap(len);
        let mut best: Vec<(usize, &Entry<'a, T>)> = Vec::new();
        for (&elen, entries) in self.by_len.range(len.saturating_sub(widest)..=len + widest) {
            let cap = suggest::edit_cap(len.min(elen));
            for e in entries {
                if !accept(&e.origin) || e.value == word {
                    continue;
                }
                let d = if elen == len && e.norm == norm {
                    0
                } else {
                    if cap == 0 || len.abs_diff(elen) > cap || letters.differ_by_more_than(&e.letters, cap) {
                        continue;
                    }
                    let d = suggest::distance(&norm, &e.norm);
                    if d > cap {
                        continue;
                    }
                    d
                };
                match best.first() {
                    Some((bd, _)) if d > *bd => {}
                    Some((bd, _)) if d < *bd => best = vec![(d, e)],
                    _ => best.push((d, e)),
                }
            }
        }
        best.sort_by(|(_, a), (_, b)| b.weight.cmp(&a.weight).then_with(|| a.value.cmp(b.value)));
        best.dedup_by(|(_, a), (_, b)| a.value == b.value);
        best.into_iter().map(|(_, e)| Hit { value: e.value, origin: e.origin }).collect()
    }
}

/// How many letters of a text fall in each of 32 buckets (by code point), and which of
/// 64 buckets hold any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Letters {
    counts: [u8; 32],
    present: u64,
}

impl Letters {
    /// The letters of `text`, and its length in characters.
    fn of(text: &str) -> (Self, usize) {
        let mut counts = [0_u8; 32];
        let mut present = 0_u64;
        let mut len = 0;
        for c in text.chars() {
            if let Some(n) = counts.get_mut(c as usize % 32) {
                *n = n.saturating_add(1);
            }
            present |= 1 << (u32::from(c) % 64);
            len += 1;
        }
        (Self { counts, present }, len)
    }

    /// Whether the letters of one not matched in the other, either way, are more than
    /// `cap`. Their count is no more than the edit distance (an insertion, deletion or
    /// substitution changes each count by at most one, a transposition none, and sharing
    /// buckets only lowers it), so a pair rejected here is never a near-miss. The bucket
    /// sets are compared first: a few instructions that reject most pairs.
    fn differ_by_more_than(&self, other: &Self, cap: usize) -> bool {
        let only = (self.present & !other.present).count_ones().max((other.present & !self.present).count_ones());
        if only as usize > cap {
            return true;
        }
        let (mut only_self, mut only_other) = (0_u16, 0_u16);
        for (a, b) in self.counts.iter().zip(other.counts.iter()) {
            only_self += u16::from(a.saturating_sub(*b));
            only_other += u16::from(b.saturating_sub(*a));
        }
        usize::from(only_self.max(only_other)) > cap
    }
}

/// An edit that replaces the YAML scalar at `span` with `replacement`, keeping its
/// quoting: a quoted value stays quoted (escaped for its quote style), a plain one stays
/// plain unless the replacement needs quotes to stay the same text.
pub(super) fn replace_value(source: &SourceFile, span: Span, replacement: &str) -> Edit {
    let raw = source.slice(span);
    let quoted = |q: char| raw.len() >= 2 && raw.starts_with(q) && raw.ends_with(q);
    let text = if quoted('\'') {
        format!("'{}'", replacement.replace('\'', "''"))
    } else if quoted('"') || !plain_safe(replacement) {
        format!("\"{}\"", replacement.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        replacement.to_owned()
    };
    Edit { span, replacement: text }
}

/// Whether `s` reads back as the same text when written as a plain scalar inside a flow
/// mapping or sequence (`{ name: … }`, `[…]`).
fn plain_safe(s: &str) -> bool {
    let first_ok = s.chars().next().is_some_and(|c| !"-?:,[]{}#&*!|>'\"%@`".contains(c) && !c.is_whitespace());
    first_ok
        && !s.ends_with(char::is_whitespace)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains([',', '[', ']', '{', '}', '\n'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::source::SourceMap;

    fn index<'a>(values: &[(&'a str, usize)]) -> NearIndex<'a, usize> {
        let mut idx = NearIndex::default();
        for &(v, w) in values {
            idx.insert(v, w, w);
        }
        idx
    }

    fn nearest<'a>(idx: &NearIndex<'a, usize>, word: &str) -> Vec<&'a str> {
        idx.nearest(word, |_| true).iter().map(|h| h.value).collect()
    }

    #[test]
    fn finds_slips_in_names() {
        let idx = index(&[("Niklas Gustenius", 5), ("Andreas Leandersson", 5), ("Eva Berg", 5)]);
        assert_eq!(nearest(&idx, "Nikals Gustenius"), ["Niklas Gustenius"]);
        assert_eq!(nearest(&idx, "Andreas Leanderssom"), ["Andreas Leandersson"]);
        assert_eq!(nearest(&idx, "niklas  gustenius"), ["Niklas Gustenius"]);
        assert_eq!(nearest(&idx, "Eva Borg"), ["Eva Berg"]);
        assert!(nearest(&idx, "Niklas Gustenius").is_empty());
        assert!(nearest(&idx, "Anna Svensson").is_empty());
    }

    #[test]
    fn huge_values_are_not_compared() {
        let long = "a".repeat(1_000_000);
        let longer = format!("{long}b");
        let idx = index(&[(long.as_str(), 5)]);
        assert!(idx.by_len.is_empty());
        let idx = index(&[("Eva Berg", 5)]);
        assert!(nearest(&idx, &longer).is_empty());
    }

    #[test]
    fn equally_near_candidates_are_all_returned() {
        let idx = index(&[("Eva Berg", 3), ("Eva Borg", 9)]);
        assert_eq!(nearest(&idx, "Eva Bürg"), ["Eva Borg", "Eva Berg"]);
    }

    #[test]
    fn letter_counts_never_reject_a_near_miss() {
        let pairs = [
            ("niklas", "nikals"),
            ("berg", "borg"),
            ("abc", "abcd"),
            ("", "ab"),
            ("åsa", "asa"),
            ("socialförvaltingen", "socialförvaltningen"),
            ("kommunledningskontoret", "kommunledningsförvaltningen"),
        ];
        for (a, b) in pairs {
            let (x, _) = Letters::of(a);
            let (y, _) = Letters::of(b);
            let d = suggest::distance(a, b);
            assert!(!x.differ_by_more_than(&y, d), "{a} {b}");
        }
        assert!(!Letters::of("ab").0.differ_by_more_than(&Letters::of("ba").0, 0));
        assert!(Letters::of("abc").0.differ_by_more_than(&Letters::of("ad").0, 1));
    }

    #[test]
    fn replacements_keep_the_quoting() {
        let text = "a: Nikals\nb: \"Nikals\"\nc: 'Nikals'\n";
        let src = SourceFile::new("x".into(), "x".into(), crate::source::FileKind::Protocol, text.into());
        let at = |s: &str| {
            let i = text.find(s).unwrap_or(0);
            Span::new(i, i + s.len())
        };
        assert_eq!(replace_value(&src, at("Nikals"), "Niklas").replacement, "Niklas");
        assert_eq!(replace_value(&src, at("\"Nikals\""), "Nik\"las").replacement, "\"Nik\\\"las\"");
        assert_eq!(replace_value(&src, at("'Nikals'"), "O'Neil").replacement, "'O''Neil'");
        assert_eq!(replace_value(&src, at("Nikals"), "Polisen, Borås").replacement, "\"Polisen, Borås\"");
    }

    /// An archive of `protocols` protocols × 15 attendees over 2,000 people, one misspelt
    /// name every 50 protocols; people.yaml lists everyone when `people` is set.
    fn large_archive(protocols: usize, people: bool) -> (Vec<Protocol>, SourceMap, Config) {
        use crate::config::PersonConfig;
        use crate::parse::{Attendee, FrontMatter};
        use crate::source::FileKind;

        let first = ["Anna", "Erik", "Karin", "Lars", "Maria", "Johan", "Eva", "Per", "Lena", "Nils"];
        let last = ["Lindqvist", "Bergström", "Holmberg", "Ekström", "Sjöberg", "Nyström", "Åkesson"];
        let names: Vec<String> = (0..2000_usize)
            .map(|i| {
                let f = first.get(i % first.len()).copied().unwrap_or_default();
                let l = last.get((i / first.len()) % last.len()).copied().unwrap_or_default();
                format!("{f} {l}{}", i / (first.len() * last.len()))
            })
            .collect();
        let person =
            |name: &str| Attendee { name: Some(Spanned::new(name.to_owned(), Span::new(0, 1))), ..Attendee::default() };
        let mut sources = SourceMap::default();
        let mut archive = Vec::with_capacity(protocols);
        for p in 0..protocols {
            let file =
                sources.add(SourceFile::new("x".into(), format!("content/b/{p}.md"), FileKind::Protocol, "x".into()));
            let mut attendees: Vec<Attendee> =
                (0..15).map(|a| person(names.get((p * 15 + a) % names.len()).map_or("", String::as_str))).collect();
            if p % 50 == 0 {
                let n = names.get(p / 50).map_or(String::new(), |n| format!("{n}s"));
                attendees.push(person(&n));
            }
            let front =
                FrontMatter { attendees: Some(Spanned::new(attendees, Span::default())), ..FrontMatter::default() };
            archive.push(Protocol {
                file,
                body_slug: "b".into(),
                file_meeting: None,
                front: Some(front),
                body: Span::default(),
                preamble: Span::default(),
                paragraphs: Vec::new(),
                tables: Vec::new(),
                lines: Vec::new(),
                suppressions: Vec::new(),
            });
        }
        let mut config = Config::default();
        if people {
            config.people = names
                .iter()
                .map(|n| PersonConfig {
                    file: FileId(0),
                    name: Spanned::new(n.clone(), Span::default()),
                    org: None,
                    other_names: Vec::new(),
                })
                .collect();
        }
        (archive, sources, config)
    }

    /// 10,000 protocols × 15 attendees over 2,000 people must take well under 100 ms in a
    /// release build (`cargo test --release scales`); debug builds get a generous bound.
    /// The best of three runs counts, so a busy machine does not fail the test.
    #[test]
    fn scales_to_a_large_archive() {
        let bound = if cfg!(debug_assertions) { 3000 } else { 100 };
        for people in [false, true] {
            let (protocols, sources, config) = large_archive(10_000, people);
            let ctx = ArchiveCtx { protocols: &protocols, sources: &sources, config: &config };
            let mut took = std::time::Duration::MAX;
            for _ in 0..3 {
                let start = std::time::Instant::now();
                let mut out = Vec::new();
                check(&ctx, &mut out);
                took = took.min(start.elapsed());
                assert_eq!(out.len(), 200, "people.yaml: {people}");
            }
            assert!(took.as_millis() < bound, "people.yaml: {people}: took {took:?}");
        }
    }
}
