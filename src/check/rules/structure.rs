//! Helpers shared by the rules on a protocol's structure: lines and headings, the
//! numbering of paragraphs, text content, and matching the agenda to the paragraphs.
//!
//! Nothing here reports: the rules decide what a finding is and how it reads.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

use crate::check::ProtocolCtx;
use crate::diagnostic::suggest;
use crate::parse::{AgendaItem, Paragraph};
use crate::source::Span;

// ---------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------

/// The first line of `span`, without its line end: what a caret should underline when a
/// span (such as a two-line heading) covers more than one line.
#[must_use]
pub fn first_line(ctx: &ProtocolCtx<'_>, span: Span) -> Span {
    let text = ctx.text(span);
    let len = text.find(['\n', '\r']).unwrap_or(text.len());
    Span::new(span.start, span.start + len)
}

/// The whole lines that `span` touches, including the line end of the last one: what a
/// fix deletes to remove a line without leaving a blank one behind.
#[must_use]
pub fn whole_lines(ctx: &ProtocolCtx<'_>, span: Span) -> Span {
    let lines = &ctx.source.lines;
    let text = ctx.source.text.as_str();
    let first = lines.line_of(span.start);
    let start = lines.line_start(first).unwrap_or(span.start);
    let last = lines.line_of(span.end.saturating_sub(1).max(span.start));
    let end = lines.line_start(last + 1).unwrap_or(text.len());
    Span::new(start, end.max(span.end))
}

/// A heading's first line: the span diagnostics on a paragraph point at.
#[must_use]
pub fn heading_line(ctx: &ProtocolCtx<'_>, p: &Paragraph) -> Span {
    first_line(ctx, p.heading)
}

// ---------------------------------------------------------------------------------------
// Headings and titles
// ---------------------------------------------------------------------------------------

/// The paragraph's title, trimmed; `None` when missing or blank.
#[must_use]
pub fn title(p: &Paragraph) -> Option<&str> {
    p.title.as_ref().map(|t| t.value.trim()).filter(|t| !t.is_empty())
}

/// `§ 17 a`: how messages name a paragraph.
#[must_use]
pub fn label(p: &Paragraph) -> String {
    format!("§ {}", p.number_label())
}

/// The heading in the format, `## § 1 Föregående mötesprotokoll {dnr="KS 2020/118"}`,
/// keeping the attributes as written; `None` when the paragraph has no title.
#[must_use]
pub fn canonical_heading(ctx: &ProtocolCtx<'_>, p: &Paragraph) -> Option<String> {
    let title = title(p)?;
    let mut s = format!("## § {} {title}", p.number_label());
    if let Some(attrs) = p.attrs.span {
        let attrs = ctx.text(attrs).trim();
        if !attrs.is_empty() {
            s.push(' ');
            s.push_str(attrs);
        }
    }
    Some(s)
}

/// A title in quotes for a message, shortened to about 60 characters.
#[must_use]
pub fn quoted(s: &str) -> String {
    const MAX: usize = 60;
    let s = s.trim();
    if s.chars().count() <= MAX {
        return format!("'{s}'");
    }
    let cut: String = s.chars().take(MAX - 1).collect();
    format!("'{}…'", cut.trim_end())
}

/// `value` as a YAML scalar that reads back as itself in block and flow context: plain
/// when that is safe, else double-quoted.
#[must_use]
pub fn yaml_scalar(value: &str) -> String {
    if is_plain_safe(value) {
        return value.to_owned();
    }
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{:04x}", u32::from(c));
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Whether `value` can be written as a plain YAML scalar, in block or flow context, and
/// read back as the same string.
#[must_use]
pub fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else { return false };
    if value.trim() != value || value.chars().any(char::is_control) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if value.contains(": ") || value.contains(" #") || value.ends_with(':') {
        return false;
    }
    if value.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    // Words YAML reads as something else than a string.
    let lower = value.to_ascii_lowercase();
    let special = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~" | ".nan" | ".inf" | "-.inf"
    );
    let numeric = value.chars().all(|c| c.is_ascii_digit() || "+-.:_eEoOxX".contains(c));
    !special && !numeric
}

/// The characters of [`suggest::normalize`]`(s)`, without building the string: lower
/// case, runs of white space as one space, outer punctuation and white space trimmed.
#[must_use]
pub fn normalized_chars(s: &str) -> Normalized<'_> {
    let core = s.trim().trim_matches(|c: char| c.is_ascii_punctuation() || c == '…').trim();
    Normalized { chars: core.chars(), held: None, lower: None }
}

/// The iterator of [`normalized_chars`].
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    chars: std::str::Chars<'a>,
    /// A character read after a run of white space, to give after the one space.
    held: Option<char>,
    /// The rest of a character whose lower case is several characters.
    lower: Option<std::char::ToLowercase>,
}

impl Normalized<'_> {
    fn lower(&mut self, c: char) -> char {
        if c.is_ascii() {
            return c.to_ascii_lowercase();
        }
        let mut l = c.to_lowercase();
        let first = l.next().unwrap_or(c);
        if l.len() > 0 {
            self.lower = Some(l);
        }
        first
    }
}

impl Iterator for Normalized<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(l) = self.lower.as_mut() {
            match l.next() {
                Some(c) => return Some(c),
                None => self.lower = None,
            }
        }
        if let Some(c) = self.held.take() {
            return Some(self.lower(c));
        }
        let c = self.chars.next()?;
        if !c.is_whitespace() {
            return Some(self.lower(c));
        }
        // The text is trimmed, so a run of white space is followed by a character.
        self.held = self.chars.by_ref().find(|c| !c.is_whitespace());
        Some(' ')
    }
}

/// Whether two texts are equal after [`suggest::normalize`], without allocating.
#[must_use]
pub fn same_text(a: &str, b: &str) -> bool {
    a == b || normalized_chars(a).eq(normalized_chars(b))
}

/// Whether a text is empty after [`suggest::normalize`].
#[must_use]
pub fn blank(s: &str) -> bool {
    normalized_chars(s).next().is_none()
}

/// Whether two titles are near-misses of each other or equal: [`suggest::titles_near`]
/// (a similarity of at least 0.75, or one the other plus a few words), computed with
/// an edit distance limited to the band that can still pass, so two long titles that
/// differ a lot cost little.
#[must_use]
pub fn titles_near(a: &str, b: &str) -> bool {
    let (a, b) = (suggest::normalize(a), suggest::normalize(b));
    if a == b {
        return true;
    }
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.starts_with(short.as_str()) && short.chars().count() >= 8 {
        return true;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let cap = ca.len().max(cb.len()) / 4;
    // Equal ends cost nothing: compare only what lies between them.
    let prefix = ca.iter().zip(&cb).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (ca.get(prefix..).unwrap_or(&[]), cb.get(prefix..).unwrap_or(&[]));
    let suffix = ra.iter().rev().zip(rb.iter().rev()).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (ra.get(..ra.len() - suffix).unwrap_or(&[]), rb.get(..rb.len() - suffix).unwrap_or(&[]));
    bounded_distance(ra, rb, cap).is_some()
}

/// The optimal string alignment distance of `a` and `b` when it is at most `cap`.
fn bounded_distance(a: &[char], b: &[char], cap: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > cap {
        return None;
    }
    let far = cap + 1;
    let m = b.len();
    let mut before: Vec<usize> = vec![far; m + 1];
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(far)).collect();
    let mut cur: Vec<usize> = vec![far; m + 1];
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(cap).max(1);
        let hi = (row + cap).min(m);
        cur.fill(far);
        if let Some(c) = cur.first_mut() {
            *c = row.min(far);
        }
        let mut best = cur.first().copied().unwrap_or(far);
        for j in lo..=hi {
            let cb = b.get(j - 1).copied();
            let cost = usize::from(cb != Some(ca));
            let sub = prev.get(j - 1).copied().unwrap_or(far) + cost;
            let del = prev.get(j).copied().unwrap_or(far) + 1;
            let ins = cur.get(j - 1).copied().unwrap_or(far) + 1;
            let mut d = sub.min(del).min(ins);
            if i > 0 && j > 1 && Some(ca) == b.get(j - 2).copied() && a.get(i - 1).copied() == cb {
                d = d.min(before.get(j - 2).copied().unwrap_or(far) + 1);
            }
            let d = d.min(far);
            if let Some(c) = cur.get_mut(j) {
                *c = d;
            }
            best = best.min(d);
        }
        if best > cap {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(m).copied().filter(|d| *d <= cap)
}

// ---------------------------------------------------------------------------------------
// Text content
// ---------------------------------------------------------------------------------------

/// Whether Markdown `text` has any letter or digit outside HTML comments and headings
/// (`#` lines): what tells a paragraph with content from an empty one. Stops at the
/// first letter, which in a paragraph with content is on its first line.
#[must_use]
pub fn has_text(text: &str) -> bool {
    let mut in_comment = false;
    // `line_spans` finds line ends with memchr (`str::lines` sets up a search a line).
    for (span, _) in crate::source::line_spans(text, 0) {
        let line = text.get(span.start..span.end).unwrap_or("");
        let counts = in_comment || !line.trim_start().starts_with('#');
        let mut rest = line;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = rest.get(end + 3..).unwrap_or("");
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                // Quick answer on a line that counts: its first letter or digit is text
                // unless a comment opens before it (`<!--` has neither, so such a comment
                // lies wholly before it). The usual paragraph's first line of text is
                // then not searched to its end for a comment.
                if counts
                    && let Some((letter, _)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric())
                    && !rest
                        .get(..letter)
                        .is_some_and(|before| before.as_bytes().contains(&b'<') && before.contains("<!--"))
                {
                    return true;
                }
                // (Most lines have no `<` at all: one byte search answers for them.)
                let comment = if rest.as_bytes().contains(&b'<') { rest.find("<!--") } else { None };
                let (before, after) = match comment {
                    Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i + 4..)),
                    None => (rest, None),
                };
                if counts && before.chars().any(char::is_alphanumeric) {
                    return true;
                }
                match after {
                    Some(after) => {
                        rest = after;
                        in_comment = true;
                    }
                    None => break,
                }
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------------------
// Numbering
// ---------------------------------------------------------------------------------------

/// What orders paragraphs: the number, then the letter (`17` < `17 a` < `17 b` < `18`).
pub type Key = (u32, Option<char>);

/// The ordering key of a paragraph.
#[must_use]
pub fn key(p: &Paragraph) -> Key {
    (p.number.value, p.letter)
}

/// `§ 17 a`.
#[must_use]
pub fn key_label(k: Key) -> String {
    match k.1 {
        Some(l) => format!("§ {} {l}", k.0),
        None => format!("§ {}", k.0),
    }
}

/// How one paragraph's number fits the sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Part of the longest increasing run of numbers: in order.
    InOrder,
    /// Its number (and letter) is used by an earlier paragraph, at this index.
    Duplicate {
        /// Index of the first paragraph with the number.
        first: usize,
    },
    /// Out of place: not part of the longest increasing run.
    OutOfOrder,
}

/// The numbering of a protocol's paragraphs, analysed once for the numbering rules.
///
/// Duplicates are set aside first (the first use of a number is the real one); of the
/// rest, the longest strictly increasing subsequence is taken as the intended order, so
/// one paragraph out of place is one finding (`1 2 10 3 4`: § 10), not a cascade.
#[derive(Debug)]
pub struct Sequence {
    /// The role of each paragraph, by index.
    pub roles: Vec<Role>,
    /// Indices of the in-order paragraphs, in file order.
    pub chain: Vec<usize>,
    /// Every key used, sorted, without repeats.
    present: Vec<Key>,
}

/// Numbers missing between two in-order paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The first few missing keys (at most three).
    pub first: Vec<Key>,
    /// The last missing key.
    pub last: Option<Key>,
    /// How many are missing.
    pub total: u64,
    /// Whether every key between the two is missing (nothing of the range is elsewhere).
    pub whole_range: bool,
    /// Whether only whole numbers (no letters) are missing.
    pub numbers_only: bool,
}

impl Missing {
    /// "§ 4 is missing", "§ 4 and § 5 are missing", "§ 4 to § 9 are missing".
    #[must_use]
    pub fn describe(&self) -> String {
        let labels: Vec<String> = self.first.iter().map(|k| key_label(*k)).collect();
        let last = self.last.map(key_label).unwrap_or_default();
        match (self.total, labels.as_slice()) {
            (1, [a, ..]) => format!("{a} is missing"),
            (2, [a, b, ..]) => format!("{a} and {b} are missing"),
            (3, [a, b, c, ..]) => format!("{a}, {b} and {c} are missing"),
            (_, [a, ..]) if self.whole_range => format!("{a} to {last} are missing"),
            (n, [a, b, c, ..]) => format!("{a}, {b}, {c} and {} more are missing", n - 3),
            _ => "numbers are missing".to_owned(),
        }
    }
}

impl Sequence {
    /// Analyses `paragraphs` in file order.
    #[must_use]
    pub fn of(paragraphs: &[Paragraph]) -> Self {
        let n = paragraphs.len();
        let mut roles = vec![Role::OutOfOrder; n];
        // Duplicates: a small protocol has a few dozen paragraphs; sort indices by key.
        let mut by_key: Vec<usize> = (0..n).collect();
        by_key.sort_by_key(|&i| (paragraphs.get(i).map(key), i));
        let mut firsts: Vec<Option<usize>> = vec![None; n];
        let mut prev: Option<(Key, usize)> = None;
        for &i in &by_key {
            let Some(k) = paragraphs.get(i).map(key) else { continue };
            match prev {
                Some((pk, first)) if pk == k => {
                    if let Some(f) = firsts.get_mut(i) {
                        *f = Some(first);
                    }
                }
                _ => prev = Some((k, i)),
            }
        }
        // Longest strictly increasing subsequence of the rest (patience sorting).
        let mut tails: Vec<usize> = Vec::new();
        let mut back: Vec<Option<usize>> = vec![None; n];
        for (i, p) in paragraphs.iter().enumerate() {
            if firsts.get(i).copied().flatten().is_some() {
                continue;
            }
            let k = key(p);
            let pos = tails.partition_point(|&t| paragraphs.get(t).map(key) < Some(k));
            if pos > 0
                && let Some(b) = back.get_mut(i)
            {
                *b = tails.get(pos - 1).copied();
            }
            match tails.get_mut(pos) {
                Some(t) => *t = i,
                None => tails.push(i),
            }
        }
        let mut chain = Vec::with_capacity(tails.len());
        let mut at = tails.last().copied();
        while let Some(i) = at {
            chain.push(i);
            at = back.get(i).copied().flatten();
        }
        chain.reverse();
        for &i in &chain {
            if let Some(r) = roles.get_mut(i) {
                *r = Role::InOrder;
            }
        }
        for (i, f) in firsts.iter().enumerate() {
            if let (Some(first), Some(r)) = (f, roles.get_mut(i)) {
                *r = Role::Duplicate { first: *first };
            }
        }
        let mut present: Vec<Key> = paragraphs.iter().map(key).collect();
        present.sort_unstable();
        present.dedup();
        Self { roles, chain, present }
    }

    /// Whether every paragraph is in order and no number is used twice.
    #[must_use]
    pub fn is_clean_order(&self) -> bool {
        self.roles.iter().all(|r| *r == Role::InOrder)
    }

    /// Whether some paragraph uses `k`.
    #[must_use]
    pub fn has(&self, k: Key) -> bool {
        self.present.binary_search(&k).is_ok()
    }

    /// The keys that should come between `a` and `b` (`a < b`) and that no paragraph
    /// uses; `None` when nothing is missing. Letters are optional (`18` may follow `17`),
    /// but an inserted item needs its number (`17 a` after `16`: § 17 is missing) and
    /// letters run `a`, `b`, `c`.
    #[must_use]
    pub fn missing_between(&self, a: Key, b: Key) -> Option<Missing> {
        // Whole numbers: a.0+1 .. b.0, and b.0 itself when b has a letter.
        let lo = u64::from(a.0) + 1;
        let hi = if b.1.is_some() && a.0 < b.0 { u64::from(b.0) + 1 } else { u64::from(b.0) };
        // Letters of b's number before b's letter.
        let letters: Vec<char> = match b.1 {
            Some(l) if l.is_ascii_alphabetic() => {
                let base = if l.is_ascii_uppercase() { b'A' } else { b'a' };
                let from = match a {
                    (n, Some(al)) if n == b.0 && al.is_ascii_alphabetic() => al.to_ascii_lowercase() as u8 - b'a' + 1,
                    _ => 0,
                };
                let to = l.to_ascii_lowercase() as u8 - b'a';
                (from..to).map(|i| char::from(base + i)).collect()
            }
            _ => Vec::new(),
        };
        let number_keys = |n: u64| (u32::try_from(n).unwrap_or(u32::MAX), None::<char>);
        let letter_keys = letters.iter().map(|&l| (b.0, Some(l)));
        let range_len = hi.saturating_sub(lo);
        // Only the keys between the two are looked at: over all the gaps of a protocol,
        // each key once.
        let from = self.present.partition_point(|k| u64::from(k.0) < lo);
        let to = self.present.partition_point(|k| u64::from(k.0) < hi);
        let present_numbers = self.present.get(from..to).unwrap_or(&[]).iter().filter(|k| k.1.is_none()).count() as u64;
        let missing_letters: Vec<Key> = letter_keys.filter(|k| !self.has(*k)).collect();
        let total = range_len - present_numbers + missing_letters.len() as u64;
        if total == 0 {
            return None;
        }
        // The first three missing, and the last: bounded walks (at most the number of
        // paragraphs are skipped), so `§ 1` then `§ 4000000` costs nothing.
        let mut first = Vec::with_capacity(3);
        let mut n = lo;
        while n < hi && first.len() < 3 {
            let k = number_keys(n);
            if !self.has(k) {
                first.push(k);
            }
            n += 1;
        }
        for k in &missing_letters {
            if first.len() < 3 {
                first.push(*k);
            }
        }
        let mut last = missing_letters.last().copied();
        if last.is_none() {
            let mut n = hi;
            while n > lo {
                n -= 1;
                let k = number_keys(n);
                if !self.has(k) {
                    last = Some(k);
                    break;
                }
            }
        }
        Some(Missing {
            first,
            last,
            total,
            whole_range: present_numbers == 0 && missing_letters.len() == letters.len(),
            numbers_only: letters.is_empty() && b.1.is_none(),
        })
    }
}

/// Numbers missing between two neighbours in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// Index of the paragraph before the gap.
    pub before: usize,
    /// Index of the paragraph after it.
    pub after: usize,
    /// What is missing.
    pub missing: Missing,
}

impl Sequence {
    /// The in-order neighbours of paragraph `i` in the file: the last in-order paragraph
    /// before it and the first after it.
    #[must_use]
    pub fn neighbours(&self, i: usize) -> (Option<usize>, Option<usize>) {
        // The chain is in file order: binary search, so a hostile file of many misplaced
        // paragraphs stays linear-logarithmic.
        let at = self.chain.partition_point(|&c| c < i);
        let before = at.checked_sub(1).and_then(|b| self.chain.get(b)).copied();
        let after = self.chain.get(at).copied().filter(|&c| c != i).or_else(|| self.chain.get(at + 1).copied());
        (before, after)
    }

    /// The last in-order paragraph whose number is below `k`: where a paragraph numbered
    /// `k` belongs.
    #[must_use]
    pub fn belongs_after<'p>(&self, paragraphs: &'p [Paragraph], k: Key) -> Option<&'p Paragraph> {
        // The chain's keys increase along it.
        let at = self.chain.partition_point(|&c| paragraphs.get(c).is_some_and(|q| key(q) < k));
        at.checked_sub(1).and_then(|b| self.chain.get(b)).and_then(|&c| paragraphs.get(c))
    }

    /// The gaps between in-order paragraphs that nothing explains. A gap with as many
    /// misplaced or duplicate paragraphs between its ends as numbers missing is explained
    /// by them (`§ 2, § 10, § 4`: § 10 is probably § 3), so it is not a second finding.
    #[must_use]
    pub fn gaps(&self, paragraphs: &[Paragraph]) -> Vec<Gap> {
        let mut out = Vec::new();
        for pair in self.chain.windows(2) {
            let [a, b] = pair else { continue };
            let (Some(pa), Some(pb)) = (paragraphs.get(*a), paragraphs.get(*b)) else { continue };
            let Some(missing) = self.missing_between(key(pa), key(pb)) else { continue };
            let between = (b - a - 1) as u64;
            if between >= missing.total {
                continue;
            }
            out.push(Gap { before: *a, after: *b, missing });
        }
        out
    }

    /// For a misplaced or duplicate paragraph `i` that stands alone where one number is
    /// missing, that number: what it was probably meant to be.
    #[must_use]
    pub fn meant(&self, paragraphs: &[Paragraph], i: usize) -> Option<Key> {
        if self.roles.get(i) == Some(&Role::InOrder) {
            return None;
        }
        let (before, after) = self.neighbours(i);
        let before = before?;
        let pa = paragraphs.get(before)?;
        if let Some(after) = after {
            if after - before != 2 {
                return None;
            }
            let pb = paragraphs.get(after)?;
            let missing = self.missing_between(key(pa), key(pb))?;
            (missing.total == 1).then(|| missing.first.first().copied()).flatten()
        } else {
            // After the last paragraph in order: the next number, if it is free.
            let next = (pa.number.value.checked_add(1)?, None);
            let alone = self.roles.len() == i + 1 && i == before + 1;
            (alone && !self.has(next)).then_some(next)
        }
    }
}

/// `§ 5` rewritten as `§ 4`: the edit that gives a paragraph a new number, letter kept.
#[must_use]
pub fn renumber(p: &Paragraph, number: u32) -> crate::diagnostic::Edit {
    let replacement = match p.letter {
        Some(l) => format!("§ {number} {l}"),
        None => format!("§ {number}"),
    };
    crate::diagnostic::Edit { span: p.number.span, replacement }
}

/// Edits that add `delta` to the number of every paragraph from index `from` on, or
/// `None` when a number would leave the range of `u32`.
#[must_use]
pub fn shift_from(paragraphs: &[Paragraph], from: usize, delta: i64) -> Option<Vec<crate::diagnostic::Edit>> {
    paragraphs
        .iter()
        .skip(from)
        .map(|p| {
            let n = u32::try_from(i64::from(p.number.value) + delta).ok()?;
            Some(renumber(p, n))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Agenda
// ---------------------------------------------------------------------------------------

/// Pairs of titles compared at most, for near-misses (a 128-entry agenda against 128
/// paragraphs): what bounds the work on hostile input.
pub const PAIR_BUDGET: usize = 16_384;

/// How the agenda's entries pair with the paragraphs.
#[derive(Debug, Default)]
pub struct AgendaMatch {
    /// (agenda index, paragraph index) pairs whose titles are equal after normalising.
    pub exact: Vec<(usize, usize)>,
    /// (agenda index, paragraph index) pairs whose titles are near-misses.
    pub near: Vec<(usize, usize)>,
    /// Agenda entries with no paragraph.
    pub lone_items: Vec<usize>,
    /// Titled paragraphs with no agenda entry.
    pub lone_paragraphs: Vec<usize>,
}

/// Pairs `agenda` with `paragraphs`: equal titles first (normalised, in order), then the
/// nearest near-miss titles, best first; untitled paragraphs take the entries left over,
/// in order (their missing title is reported by `paragraph-missing-title`). Sub-items
/// (`items:`) are not paired: they need no `###` section of their own. Near-misses are
/// sought only while the entries and paragraphs left over make at most [`PAIR_BUDGET`]
/// pairs, so hostile input cannot make the comparison quadratic in a large number.
#[must_use]
pub fn match_agenda(agenda: &[AgendaItem], paragraphs: &[Paragraph]) -> AgendaMatch {
    let titles: Vec<Option<&str>> = paragraphs.iter().map(title).collect();
    let mut item_done = vec![false; agenda.len()];
    let mut para_done = vec![false; paragraphs.len()];
    let mut m = AgendaMatch::default();

    if agenda.len().saturating_mul(paragraphs.len()) <= PAIR_BUDGET {
        for (ai, item) in agenda.iter().enumerate() {
            if blank(&item.title.value) {
                continue;
            }
            let found = titles
                .iter()
                .enumerate()
                .find(|(pi, t)| !is(&para_done, *pi) && t.is_some_and(|t| same_text(t, &item.title.value)))
                .map(|(pi, _)| pi);
            if let Some(pi) = found {
                set(&mut item_done, ai);
                set(&mut para_done, pi);
                m.exact.push((ai, pi));
            }
        }
    } else {
        // A long agenda and many paragraphs (hostile input): an index by title.
        let mut index: HashMap<String, VecDeque<usize>> = HashMap::new();
        for (pi, t) in titles.iter().enumerate() {
            if let Some(t) = t {
                index.entry(suggest::normalize(t)).or_default().push_back(pi);
            }
        }
        for (ai, item) in agenda.iter().enumerate() {
            if blank(&item.title.value) {
                continue;
            }
            let Some(queue) = index.get_mut(&suggest::normalize(&item.title.value)) else { continue };
            if let Some(pi) = queue.pop_front() {
                set(&mut item_done, ai);
                set(&mut para_done, pi);
                m.exact.push((ai, pi));
            }
        }
    }

    // Near-misses among what is left, when that is not too much to compare.
    let left_items = item_done.iter().filter(|d| !**d).count();
    let left_paragraphs = para_done.iter().filter(|d| !**d).count();
    let compare_near = left_items.saturating_mul(left_paragraphs) <= PAIR_BUDGET;
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (ai, a) in agenda.iter().enumerate().filter(|_| compare_near) {
        if is(&item_done, ai) || blank(&a.title.value) {
            continue;
        }
        for (pi, p) in paragraphs.iter().enumerate() {
            if is(&para_done, pi) {
                continue;
            }
            let Some(t) = title(p) else { continue };
            if titles_near(&a.title.value, t) {
                candidates.push((suggest::title_similarity(&a.title.value, t), ai, pi));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, ai, pi) in candidates {
        if is(&item_done, ai) || is(&para_done, pi) {
            continue;
        }
        set(&mut item_done, ai);
        set(&mut para_done, pi);
        m.near.push((ai, pi));
    }
    m.near.sort_unstable();

    let untitled: Vec<usize> =
        titles.iter().enumerate().filter(|(pi, t)| t.is_none() && !is(&para_done, *pi)).map(|(pi, _)| pi).collect();
    let mut untitled = untitled.into_iter();
    for (ai, done) in item_done.iter().enumerate() {
        if *done {
            continue;
        }
        if let Some(pi) = untitled.next() {
            set(&mut para_done, pi);
        } else {
            m.lone_items.push(ai);
        }
    }
    m.lone_paragraphs =
        titles.iter().enumerate().filter(|(pi, t)| t.is_some() && !is(&para_done, *pi)).map(|(pi, _)| pi).collect();
    m
}

fn is(flags: &[bool], i: usize) -> bool {
    flags.get(i).copied().unwrap_or(true)
}

fn set(flags: &mut [bool], i: usize) {
    if let Some(f) = flags.get_mut(i) {
        *f = true;
    }
}

/// The agenda of the protocol, when its front matter has a non-empty `agenda`.
///
/// An empty `agenda:` is taken as not filled in, like a missing one.
#[must_use]
pub fn agenda<'a>(ctx: &ProtocolCtx<'a>) -> Option<&'a [AgendaItem]> {
    let agenda = ctx.protocol.front.as_ref()?.agenda.as_ref()?;
    (!agenda.value.is_empty()).then_some(agenda.value.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars() {
        assert!(is_plain_safe("Föregående mötesprotokoll"));
        assert!(is_plain_safe("Covid-19 och trygghet"));
        assert!(!is_plain_safe("Covid-19: pandemins konsekvenser"));
        assert!(!is_plain_safe("Övriga frågor, del 2"));
        assert!(!is_plain_safe("- lista"));
        assert!(!is_plain_safe("2020"));
        assert!(!is_plain_safe("yes"));
        assert_eq!(yaml_scalar("Covid-19: \"pandemin\""), "\"Covid-19: \\\"pandemin\\\"\"");
    }

    #[test]
    fn near_titles_agree_with_suggest() {
        let pairs = [
            ("Föregående mötesprotokoll 2020-02-24", "Föregående mötesprotokoll"),
            ("Återrapporering om SSPF- handlingsplanen", "Återrapportering om SSPF- handlingsplanen"),
            (
                "Åtterrapporering om SSPF- handlingsplanen som sjösattes",
                "Återrapportering om SSPF- handlingsplanen som sjösattes",
            ),
            ("Pågående trygghetsinsatsning i Sätilla", "Pågående trygghetsinsats i Sätla"),
            ("Nulägesstatus", "Övriga frågor"),
            ("Övriga frågr", "Övriga frågor"),
            ("ab", "ba"),
            ("abcd", "bacd"),
            ("Informationsutbyte", "Kameraövervakning"),
            (
                "Covid-19: pandemins konsekvenser för brottsutvecklingen",
                "Covid-19: pandemins konsekvenser för brottsutveckling",
            ),
        ];
        for (a, b) in pairs {
            assert_eq!(titles_near(a, b), suggest::titles_near(a, b), "{a} / {b}");
        }
        let a: Vec<char> = "abcdef".chars().collect();
        let b: Vec<char> = "badcfe".chars().collect();
        assert_eq!(bounded_distance(&a, &b, 3), Some(3));
        assert_eq!(bounded_distance(&a, &b, 2), None);
    }

    #[test]
    fn same_text_is_normalize_equality() {
        let texts = [
            "Föregående  mötesprotokoll.",
            "föregående mötesprotokoll",
            " ÖVRIGA frågor… ",
            "övriga frågor",
            "abc. .",
            "abc.",
            "abc  .",
            "abc",
            ". abc",
            "",
            " . ",
            "Covid-19: pandemin",
            "covid-19:pandemin",
        ];
        for a in texts {
            assert_eq!(normalized_chars(a).collect::<String>(), suggest::normalize(a), "{a:?}");
            for b in texts {
                assert_eq!(same_text(a, b), suggest::normalize(a) == suggest::normalize(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn text_content() {
        assert!(!has_text("\n<!-- expect: x @ 3 -->\n\n---\n"));
        assert!(!has_text("### Beslut\n\n- \n.\n"));
        assert!(has_text("<!-- a -->\nText.\n"));
        assert!(!has_text("<!-- unclosed\nText.\n"));
        assert!(has_text("<!-- a --> b"));
        assert!(!has_text("<!-- a\n# b -->\n# Rubrik <!-- c\nd -->\n"));
        assert!(has_text("<!-- a\n b --> c"));
        assert!(!has_text("# Rubrik <!-- c\nd -->\n"));
        assert!(has_text("# Rubrik <!-- c\nd --> e\n"));
        assert!(!has_text("- <!-- a -->\n*<!-- b\nc\n-->"));
        assert!(has_text("  **<!-- a --> Text**"));
        assert!(has_text("> Text <!-- a"));
        assert!(has_text("…Å"));
    }

    #[test]
    fn missing_description() {
        let m =
            Missing { first: vec![(4, None)], last: Some((4, None)), total: 1, whole_range: true, numbers_only: true };
        assert_eq!(m.describe(), "§ 4 is missing");
        let m = Missing {
            first: vec![(4, None), (5, None), (6, None)],
            last: Some((9, None)),
            total: 6,
            whole_range: true,
            numbers_only: true,
        };
        assert_eq!(m.describe(), "§ 4 to § 9 are missing");
    }
}

/// Timing of the structure rules on 10,000 protocols of about 9 KB: run with
/// `cargo test --release --lib structure_rules_timing -- --ignored --nocapture`.
#[cfg(test)]
mod timing {
    use std::fmt::Write as _;
    use std::path::PathBuf;
    use std::time::Instant;

    use crate::check::{ProtocolCtx, Run};
    use crate::config::Config;
    use crate::parse::parse_protocol;
    use crate::source::{FileId, FileKind, SourceFile};

    /// A canonical protocol of 20 paragraphs of different made-up text, about 9 KB.
    fn synthetic() -> String {
        const STEMS: &[&str] = &[
            "råd",
            "diskuter",
            "kommun",
            "trygg",
            "polis",
            "redogör",
            "arbet",
            "skol",
            "förvaltning",
            "insats",
            "ungdom",
            "samverk",
            "läg",
            "vår",
            "planer",
            "beslut",
            "ärend",
            "bered",
            "behov",
            "område",
            "brott",
            "förebygg",
            "säkerhet",
            "krisberedskap",
            "information",
            "utbyt",
            "myndighet",
            "verksamhet",
            "plan",
            "uppfölj",
        ];
        const ENDS: &[&str] = &["", "en", "et", "er", "erna", "ar", "ande", "ning", "a", "s"];
        const SMALL: &[&str] = &["och", "i", "att", "som", "det", "för", "med", "av", "på", "till"];
        let mut s = String::from(
            "---\nbody: Trygghetsrådet\ndate: 2020-10-19\nattendees:\n  - { name: Tomas Johansson, org: KS }\n---\n",
        );
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for n in 1..=20 {
            let _ = write!(s, "\n## § {n} Ärende nummer {n}\n\n");
            for w in 0..60 + (n * 7) % 20 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if x.is_multiple_of(3) {
                    s.push_str(SMALL.get((x >> 8) as usize % SMALL.len()).copied().unwrap_or("och"));
                } else {
                    s.push_str(STEMS.get((x >> 8) as usize % STEMS.len()).copied().unwrap_or("råd"));
                    s.push_str(ENDS.get((x >> 20) as usize % ENDS.len()).copied().unwrap_or(""));
                }
                s.push(if w % 12 == 11 { '\n' } else { ' ' });
            }
            s.push_str("\n\n### Beslut\n\nInformationen noteras till protokollet.\n");
        }
        s
    }

    /// Time this thread has run, in nanoseconds (Linux; 0 elsewhere).
    fn cpu_ns() -> u64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
            .unwrap_or(0)
    }

    #[test]
    #[ignore = "timing: run in release with --ignored --nocapture"]
    fn structure_rules_timing() {
        let sample = include_str!("../../../tests/rules/sample/content/trygghetsradet/hosten-2020.md");
        let mine = [
            "malformed-paragraph-heading",
            "paragraph-missing-title",
            "paragraph-number-start",
            "paragraph-number-gap",
            "paragraph-number-duplicate",
            "paragraph-number-order",
            "no-paragraphs",
            "empty-paragraph",
            "duplicate-paragraph-text",
            "empty-list-item",
            "stray-punctuation",
            "agenda-title-mismatch",
            "agenda-item-without-paragraph",
            "paragraph-without-agenda-item",
            "toc-mismatch",
            "attendee-table-mismatch",
            "paragraph-without-decision",
        ];
        let config = Config::default();
        for (name, text) in [("sample", sample.to_owned()), ("synthetic", synthetic())] {
            let source = SourceFile::new(
                PathBuf::from("x.md"),
                "content/trygghetsradet/2020-10-19.md".to_owned(),
                FileKind::Protocol,
                text,
            );
            let (protocol, _) = parse_protocol(FileId(0), &source);
            let ctx = ProtocolCtx::new(&protocol, &source, &config);
            let mut out = Vec::new();
            let only = std::env::var("TIMING_RULE").ok();
            for id in mine {
                if only.as_deref().is_some_and(|o| o != id) {
                    continue;
                }
                let Some(rule) = crate::check::rule(id) else { continue };
                let Run::Protocol(f) = rule.run else { continue };
                let (start, cpu) = (Instant::now(), cpu_ns());
                for _ in 0..10_000 {
                    f(&ctx, &mut out);
                    out.clear();
                }
                let wall = start.elapsed().as_secs_f64() * 1000.0;
                let cpu = std::time::Duration::from_nanos(cpu_ns().saturating_sub(cpu)).as_secs_f64() * 1000.0;
                eprintln!("{name:10} {id:32} {wall:>8.2} ms wall {cpu:>8.2} ms cpu / 10,000");
            }
            let (start, cpu) = (Instant::now(), cpu_ns());
            let mut spaces = 0usize;
            for _ in 0..10_000 {
                spaces +=
                    std::hint::black_box(source.text.as_bytes()).iter().filter(|b| b.is_ascii_alphanumeric()).count();
            }
            let wall = start.elapsed().as_secs_f64() * 1000.0;
            let cpu = std::time::Duration::from_nanos(cpu_ns().saturating_sub(cpu)).as_secs_f64() * 1000.0;
            eprintln!(
                "{name:10} {:32} {wall:>8.2} ms wall {cpu:>8.2} ms cpu / 10,000 ({spaces})",
                "calibration: count letters"
            );
            eprintln!("{name}: {} bytes, {} paragraphs", source.text.len(), protocol.paragraphs.len());
        }
    }
}
