//! `duplicate-paragraph-text`: two paragraphs with the same (or nearly the same) text: a
//! copy-paste slip.
//!
//! Texts are compared as sets of three-word shingles (Jaccard similarity), after cheap
//! filters: a length band on bytes, then on words, then a bottom-k sketch of the
//! shingle hashes; only pairs that pass all three are compared exactly, by tokenising
//! the two texts again. A protocol costs one pass over the bytes of the paragraphs that
//! have a neighbour of similar length, a word at a time (no allocation per word).
//!
//! See [`RULE`] for the documentation.

use super::structure;
use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;
use crate::parse::{Paragraph, SectionKind};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    id: "duplicate-paragraph-text",
    level: Level::Warn,
    summary: "two paragraphs with the same (or nearly the same) text: a copy-paste slip",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = r"### What it does

Finds a paragraph whose text repeats an earlier paragraph of the same protocol, word for
word or nearly (a few words changed). The later paragraph is reported, pointing back at
the earlier one.

What is compared is the paragraph's own account of the matter: its text and any
sub-items (`### Effektiv samordning …`), without headings, HTML comments, Markdown marks,
case or punctuation. The formal sections, `### Beslut`, `### Yrkanden`, `### Omröstning`,
`### Reservation` and `### Protokollsanteckning`, are left out: the same decision
(`Informationen noteras till protokollet`) or the same vote in many paragraphs is normal.
A text must have at least 12 words to be compared, and two texts count as nearly the
same when at least 80 % of their three-word sequences are shared.
(A file of more than about 700 paragraphs, far beyond any real protocol, is compared
only in part.)

### Why is this bad?

A paragraph that repeats the previous one is almost always a copy-paste slip in the
word processor: the text of the second matter was lost and the first one's pasted in
its place. The protocol then records a discussion that never took place.

### Example

```markdown
## § 9 Pågående trygghetsinsats i Sätila

Rådets ledamöter diskuterar utmaningar som finns i Sätila och hur olika parter kan
arbeta tillsammans för att möta behov hos ungdomar.

## § 10 Trygghetsundersökningen 2020

Rådets ledamöter diskuterar utmaningar som finns i Sätila och hur olika parter kan
arbeta tillsammans för att möta behov hos ungdomar.
```

### Use instead

```markdown
## § 9 Pågående trygghetsinsats i Sätila

Rådets ledamöter diskuterar utmaningar som finns i Sätila och hur olika parter kan
arbeta tillsammans för att möta behov hos ungdomar.

## § 10 Trygghetsundersökningen 2020

Kommunen redovisar resultaten av trygghetsundersökningen 2020.
```
";

/// Texts shorter than this many words are not compared: formulaic lines repeat.
const MIN_WORDS: usize = 12;
/// Shared three-word sequences (Jaccard) for "nearly the same": 4/5, as a fraction.
const THRESHOLD: (usize, usize) = (4, 5);
/// The size of the bottom-k sketch.
const SKETCH: usize = 8;
/// Pairs of paragraphs compared in one protocol at most: all of them in a protocol of
/// 700 paragraphs. A file with more (hostile input) is compared only in part.
const MAX_PAIRS: usize = 250_000;
/// Exact comparisons (two texts tokenised again) in one protocol at most.
const MAX_EXACT: usize = 2_000;

/// One paragraph's comparable text.
#[derive(Debug, Default)]
struct Text {
    /// The byte ranges compared: the body less formal sections.
    ranges: Vec<Span>,
    /// Their total length.
    bytes: usize,
    /// Words.
    words: usize,
    /// Where the first word is.
    first_word: Option<usize>,
    /// The smallest shingle hashes, sorted.
    sketch: Vec<u64>,
    /// Whether `words`, `whole` and `sketch` were computed.
    hashed: bool,
}

fn check(ctx: &ProtocolCtx<'_>, out: &mut Vec<Diagnostic>) {
    let paragraphs = &ctx.protocol.paragraphs;
    if paragraphs.len() < 2 {
        return;
    }
    let bytes = ctx.source.text.as_bytes();
    let mut texts: Vec<Text> = paragraphs.iter().map(|p| ranges(ctx, p)).collect();

    // Filter 1: a neighbour of similar length in bytes (generous: marks inflate bytes).
    let mut order: Vec<(usize, usize)> =
        texts.iter().enumerate().filter(|(_, t)| t.bytes >= 2 * MIN_WORDS - 1).map(|(i, t)| (t.bytes, i)).collect();
    order.sort_unstable();
    let mut any = false;
    for pair in order.windows(2) {
        let [(la, a), (lb, b)] = pair else { continue };
        if la * 5 >= lb * 3 {
            any = true;
            for i in [*a, *b] {
                if let Some(t) = texts.get_mut(i) {
                    t.hashed = true;
                }
            }
        }
    }
    if !any {
        return;
    }

    // One pass over the text of the paragraphs left: words, sequence hash, sketch.
    for t in texts.iter_mut().filter(|t| t.hashed) {
        sign(bytes, t);
    }

    let (mut set_a, mut set_b) = (Vec::new(), Vec::new());
    let (mut pairs, mut exact) = (0usize, 0usize);
    'later: for (j, tj) in texts.iter().enumerate() {
        if !tj.hashed || tj.words < MIN_WORDS {
            continue;
        }
        for (i, ti) in texts.iter().enumerate().take(j) {
            if !ti.hashed || ti.words < MIN_WORDS {
                continue;
            }
            // Bounds for hostile input: no real protocol comes near them.
            pairs += 1;
            if pairs > MAX_PAIRS || exact > MAX_EXACT {
                break 'later;
            }
            // Filter 2: word counts within the ratio a Jaccard of 0.8 allows (with slack).
            let (lo, hi) = (ti.words.min(tj.words), ti.words.max(tj.words));
            if lo * 4 < hi * 3 {
                continue;
            }
            // Filter 3: the sketches share at least two values.
            if shared(&ti.sketch, &tj.sketch) < 2 {
                continue;
            }
            exact += 1;
            shingle_set(bytes, ti, &mut set_a);
            shingle_set(bytes, tj, &mut set_b);
            let (common, union) = intersection(&set_a, &set_b);
            if union == 0 || common * THRESHOLD.1 < union * THRESHOLD.0 {
                continue;
            }
            // The same words in the same order, up to case and marks (as far as shingles tell).
            let identical = common == union && ti.words == tj.words;
            if let (Some(pi), Some(pj)) = (paragraphs.get(i), paragraphs.get(j)) {
                out.push(report(ctx, pi, ti, pj, tj, identical));
            }
            // Once: against the first paragraph it repeats.
            break;
        }
    }
}

fn report(ctx: &ProtocolCtx<'_>, pi: &Paragraph, ti: &Text, pj: &Paragraph, tj: &Text, identical: bool) -> Diagnostic {
    let (li, lj) = (structure::label(pi), structure::label(pj));
    let at = |p: &Paragraph, t: &Text| {
        t.first_word
            .map_or_else(|| structure::heading_line(ctx, p), |w| structure::first_line(ctx, Span::new(w, p.body.end)))
    };
    let (message, label, related) = if identical {
        (format!("{lj} has the same text as {li}"), format!("the same as {li}"), format!("{li} has the same text"))
    } else {
        (
            format!("{lj} has nearly the same text as {li}"),
            format!("nearly the same as {li}"),
            format!("{li} has nearly the same text"),
        )
    };
    Diagnostic::new(RULE.id, ctx.protocol.file, Some(at(pj, tj)), message)
        .with_label(label)
        .with_related(ctx.protocol.file, at(pi, ti), related)
        .with_help(format!(
            "a copy-paste slip? write {lj}'s own text; if it really repeats {li}, say so (\"Samma som {li}\")"
        ))
}

/// The byte ranges of a paragraph's comparable text: its body less formal sections.
fn ranges(ctx: &ProtocolCtx<'_>, p: &Paragraph) -> Text {
    let lines = &ctx.source.lines;
    let mut ranges = Vec::with_capacity(1 + p.sections.len());
    let mut at = p.body.start;
    for s in p.sections.iter().filter(|s| s.kind != SectionKind::Other) {
        let start = lines.line_start(lines.line_of(s.title.span.start)).unwrap_or(s.title.span.start).max(at);
        if start > at {
            ranges.push(Span::new(at, start.min(p.body.end)));
        }
        at = at.max(s.body.end);
    }
    if at < p.body.end {
        ranges.push(Span::new(at, p.body.end));
    }
    let bytes = ranges.iter().map(Span::len).sum();
    Text { ranges, bytes, ..Text::default() }
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K3: u64 = 0x1656_67B1_9E37_79F9;

/// Calls `f(hash, offset)` for each word of `t`'s ranges, skipping HTML comments. A
/// word's hash ignores case: setting bit 5 of every byte lower-cases ASCII letters (and
/// leaves digits alone) and, in UTF-8, the Latin-1 capitals (`Å` is `C3 85`, `å` is
/// `C3 A5`); the other characters it merges are too rare to matter for similarity.
///
/// This is the rule's inner loop (every byte of every paragraph that has a neighbour of
/// similar length), so it is written for speed: comments are found by looking for a `<`
/// (a comment can only start where a word does not, `<` being no word byte), the space
/// between words is skipped a byte at a time, and a word is read eight bytes at a time
/// ([`word`]).
fn words(bytes: &[u8], t: &Text, mut f: impl FnMut(u64, usize)) {
    for r in &t.ranges {
        let Some(text) = bytes.get(r.start..r.end.min(bytes.len())) else { continue };
        let mut from = 0;
        while from < text.len() {
            // The text up to the next comment, and where the text after it starts.
            let (end, next) = match comment(text, from) {
                Some(at) => (at, find(text, at + 4, b"-->").map_or(text.len(), |e| e + 3)),
                None => (text.len(), text.len()),
            };
            let segment = text.get(..end).unwrap_or_default();
            let mut i = from;
            while let Some(skip) = segment.get(i..).and_then(|rest| rest.iter().position(|&b| is_word(b))) {
                let start = i + skip;
                let (len, hash) = word(text, start, end);
                f(hash, r.start + start);
                i = start + len.max(1);
            }
            from = next;
        }
    }
}

/// Which bytes belong to a word: ASCII letters and digits, and every byte of a
/// non-ASCII character (so `å`, `ä`, `ö` are letters, and so, harmlessly, is `–`). A
/// table, because it is asked of every byte: one load instead of three comparisons.
#[allow(clippy::indexing_slicing, reason = "a constant: an index out of range would not compile")]
static WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0u8;
    loop {
        table[b as usize] = b.is_ascii_alphanumeric() || b >= 0x80;
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

/// Whether a byte belongs to a word (see [`WORD`]).
fn is_word(b: u8) -> bool {
    WORD.get(usize::from(b)).copied().unwrap_or(false)
}

/// Where the first `<!--` from `from` on is: a search for `<`, which most texts lack,
/// then a look at what follows it.
fn comment(text: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += memchr::memchr(b'<', text.get(at..)?)?;
        if text.get(at..at + 4) == Some(b"<!--") {
            return Some(at);
        }
        at += 1;
    }
}

/// The word that starts at `start` (a word byte) and ends by `end`: its length and its
/// hash ([`word_hash`]). A word of up to fifteen bytes, nearly every word, is hashed
/// from the same eight-byte groups that were read to find its end ([`word_bytes`]);
/// a longer one, and one close to `end`, the slower way.
fn word(text: &[u8], start: usize, end: usize) -> (usize, u64) {
    let group = |at: usize| {
        text.get(at..at + 8).filter(|_| at + 8 <= end).and_then(|g| <[u8; 8]>::try_from(g).ok()).map(u64::from_le_bytes)
    };
    // How many of a group's bytes, from its first, belong to the word.
    let word_len = |g: u64| {
        let others = !word_bytes(g) & HIGH_BITS;
        if others == 0 { 8 } else { (others.trailing_zeros() / 8) as usize }
    };
    if let Some(g0) = group(start) {
        let n0 = word_len(g0);
        if (1..8).contains(&n0) {
            return (n0, mix(seed(n0), keep(g0, n0)));
        }
        if let Some(g1) = group(start + 8).filter(|_| n0 == 8) {
            match word_len(g1) {
                0 => return (8, mix(seed(8), g0)),
                n1 @ 1..8 => return (8 + n1, mix(mix(seed(8 + n1), g0), keep(g1, n1))),
                _ => {}
            }
        }
    }
    let len = word_end(text, start, end) - start;
    (len, word_hash(text, start, len))
}

/// Where the word that starts at `start` ends: the first byte from `start` on, before
/// `end`, that is no word byte (or `end`). Words are most of a text, so they are read
/// eight bytes at a time ([`word_bytes`]): a word of up to eight bytes takes one step.
fn word_end(text: &[u8], start: usize, end: usize) -> usize {
    let mut at = start;
    while at + 8 <= end {
        let Some(group) = text.get(at..at + 8).and_then(|g| <[u8; 8]>::try_from(g).ok()) else { break };
        let others = !word_bytes(u64::from_le_bytes(group)) & HIGH_BITS;
        if others != 0 {
            return at + (others.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    // The last few bytes before `end`, one at a time.
    at + text.get(at..end).map_or(0, |rest| rest.iter().position(|&b| !is_word(b)).unwrap_or(rest.len()))
}

/// The high bit of each of eight bytes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `b` in each of eight bytes.
const fn lanes(b: u8) -> u64 {
    b as u64 * 0x0101_0101_0101_0101
}

/// The eight bytes of `x` tested with [`is_word`] at once: the high bit of each byte of
/// the result is set when that byte belongs to a word. A byte with its own high bit
/// set is non-ASCII, so a word byte; of the others, the low seven bits are compared with
/// the bounds of the digits and the letters by adding a constant to all eight at once:
/// a byte's sum reaches its high bit exactly when the byte is at or above (or, for the
/// upper bound, above) the bound, and no sum is large enough to carry into the next byte.
fn word_bytes(x: u64) -> u64 {
    let low = x & !HIGH_BITS;
    let at_least = |v: u64, bound: u8| v + lanes(0x80 - bound);
    let above = |v: u64, bound: u8| v + lanes(0x7f - bound);
    let digit = at_least(low, b'0') & !above(low, b'9');
    // Setting bit 5 turns the upper-case letters into lower case, and nothing else into a letter.
    let folded = low | lanes(0x20);
    let letter = at_least(folded, b'a') & !above(folded, b'z');
    (x | digit | letter) & HIGH_BITS
}

/// The hash of the word at `text[at..at + len]`, eight bytes at a time, case folded (see
/// [`words`]). Reads whole eight-byte groups from the text and masks off what follows
/// the word, so no bytes are copied.
fn word_hash(text: &[u8], at: usize, len: usize) -> u64 {
    let mut h = seed(len);
    let end = at + len;
    let mut from = at;
    while from < end {
        let v = match text.get(from..from + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
            Some(group) => u64::from_le_bytes(group),
            None => text.get(from..end).unwrap_or(&[]).iter().rev().fold(0u64, |v, &b| (v << 8) | u64::from(b)),
        };
        h = mix(h, keep(v, (end - from).min(8)));
        from += 8;
    }
    h
}

/// Where the hash of a word of `len` bytes starts.
fn seed(len: usize) -> u64 {
    (len as u64).wrapping_mul(K3)
}

/// The first `n` bytes (0 to 8) of an eight-byte group, the others cleared.
fn keep(group: u64, n: usize) -> u64 {
    group & u64::MAX.checked_shr(8 * (8 - n.min(8)) as u32).unwrap_or(0)
}

/// One eight-byte group of a word mixed into its hash, case folded (see [`words`]).
fn mix(h: u64, group: u64) -> u64 {
    (h ^ (group | 0x2020_2020_2020_2020)).wrapping_mul(K1).rotate_left(29)
}

/// The hash of the three-word shingle `a b c`: the word hashes are already mixed, so
/// rotating them apart keeps the order without another multiplication.
fn shingle(a: u64, b: u64, c: u64) -> u64 {
    a.rotate_left(42) ^ b.rotate_left(21) ^ c
}

/// Counts `t`'s words and computes its sketch: the `SKETCH` smallest shingle hashes.
fn sign(bytes: &[u8], t: &mut Text) {
    let mut window = [0u64; 2];
    let mut count = 0usize;
    let mut first = None;
    let mut sketch: Vec<u64> = Vec::with_capacity(SKETCH + 1);
    words(bytes, t, |h, at| {
        first.get_or_insert(at);
        count += 1;
        if count >= 3 {
            let s = shingle(window[0], window[1], h);
            if sketch.len() < SKETCH || sketch.last().is_some_and(|m| s < *m) {
                // Its place in the sorted sketch (a short one: a scan, not a binary search).
                let pos = sketch.iter().position(|&x| x >= s).unwrap_or(sketch.len());
                if sketch.get(pos) != Some(&s) {
                    sketch.insert(pos, s);
                    sketch.truncate(SKETCH);
                }
            }
        }
        window = [window[1], h];
    });
    t.words = count;
    t.first_word = first;
    t.sketch = sketch;
}

/// Every shingle hash of `t`, sorted, without repeats.
fn shingle_set(bytes: &[u8], t: &Text, set: &mut Vec<u64>) {
    set.clear();
    let mut window = [0u64; 2];
    let mut count = 0usize;
    words(bytes, t, |h, _| {
        count += 1;
        if count >= 3 {
            set.push(shingle(window[0], window[1], h));
        }
        window = [window[1], h];
    });
    set.sort_unstable();
    set.dedup();
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

/// How many values two sorted sketches share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    intersection(a, b).0
}

/// The sizes of the intersection and the union of two sorted sets.
fn intersection(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (common, a.len() + b.len() - common)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, reason = "tests")]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// The word scanner before it was made fast: a byte at a time, looking at every `<`.
    fn words_reference(bytes: &[u8], t: &Text) -> Vec<(u64, usize)> {
        let mut out = Vec::new();
        for r in &t.ranges {
            let text = &bytes[r.start..r.end.min(bytes.len())];
            let mut i = 0;
            while i < text.len() {
                let Some(skip) = text[i..].iter().position(|&b| b == b'<' || is_word(b)) else { break };
                i += skip;
                if text[i] == b'<' {
                    if text.get(i..i + 4) == Some(b"<!--") {
                        i = text
                            .get(i + 4..)
                            .and_then(|rest| rest.windows(3).position(|w| w == b"-->"))
                            .map_or(text.len(), |e| i + 4 + e + 3);
                    } else {
                        i += 1;
                    }
                    continue;
                }
                let len = text[i..].iter().position(|&b| !is_word(b)).unwrap_or(text.len() - i);
                out.push((word_hash_reference(text, i, len), r.start + i));
                i += len.max(1);
            }
        }
        out
    }

    /// The word hash before it was made branch-free (the same values).
    fn word_hash_reference(text: &[u8], at: usize, len: usize) -> u64 {
        let mut h = (len as u64).wrapping_mul(K3);
        let mut k = 0;
        while k < len {
            let n = (len - k).min(8);
            let from = at + k;
            let v = match text.get(from..from + 8) {
                Some(group) => u64::from_le_bytes(group.try_into().unwrap()),
                None => text[from..from + n].iter().enumerate().fold(0u64, |v, (i, &b)| v | (u64::from(b) << (8 * i))),
            };
            let v = if n < 8 { v & ((1u64 << (8 * n)) - 1) } else { v };
            h = (h ^ (v | 0x2020_2020_2020_2020)).wrapping_mul(K1).rotate_left(29);
            k += 8;
        }
        h
    }

    /// The word table is the old test: ASCII letters and digits, and every non-ASCII
    /// byte; and so are the eight-byte test of [`word_bytes`], for every byte in every place.
    #[test]
    fn word_bytes_agree_with_the_test_of_one_byte() {
        for b in 0..=u8::MAX {
            let is = b.is_ascii_alphanumeric() || b >= 0x80;
            assert_eq!(is_word(b), is, "{b}");
            for place in 0..8 {
                for filler in [b'a', b' ', 0xC3, b'@', b'`', b'9', 0x7f, 0] {
                    let mut group = [filler; 8];
                    group[place] = b;
                    let mask = word_bytes(u64::from_le_bytes(group));
                    assert_eq!(mask & (0x80 << (8 * place)) != 0, is, "{b} at {place} among {filler}");
                }
            }
        }
    }

    #[test]
    fn words_agree_with_the_reference() {
        let texts = [
            "Rådets ledamöter diskuterar utmaningar som finns i Sätila.",
            "a<!-- x -->b <!--y--> c<!-->d-->e",
            "<!-- unclosed comment runs to the end of the range",
            "x < y <b>bold</b> <!- not a comment -> ÅÄÖ åäö – tankstreck",
            "ends with a comment start <!--",
            "<!---->word<!--",
            "",
            "   \n\n  ",
            "ettmycketlångtordsomärlängreänåttabyte och 12345678901234567 siffror",
            "ABCDEFGH abcdefgh@ijklmnop[qrstuvwx`yz{Z}09:/ 0123456789 ÅÄÖåäöéü",
            "exakt8by exakt8by, sjutton-sjutton.sjutton nio9nio9n",
        ];
        // Words of every length up to twenty bytes, in every place relative to the groups.
        let lengths = (1..=20).fold(String::new(), |mut s, n| {
            let _ = write!(s, "{} å{}, ", "Ab".repeat(n).get(..n).unwrap_or(""), "x".repeat(n));
            s
        });
        // Words that fill a 64-byte block, pass its end, or run over several.
        let long = [63, 64, 65, 127, 128, 200].iter().fold(String::new(), |mut s, &n| {
            let _ = write!(s, "{} {}å <!-- {} --> ", "w".repeat(n), "ö".repeat(n / 2), "k".repeat(n));
            s
        });
        // Words and gaps of random lengths, so that every word meets the block edges
        // somewhere (a fixed xorshift sequence: the same text every run).
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut random = String::new();
        for _ in 0..400 {
            for _ in 0..=next(12) {
                random.push(['a', 'Z', '7', 'å', 'é'][next(5) as usize]);
            }
            for _ in 0..=next(3) {
                random.push([' ', ',', '\n', '-', '<'][next(5) as usize]);
            }
        }
        let texts = texts.iter().copied().chain([lengths.as_str(), long.as_str(), random.as_str()]);
        for text in texts {
            let bytes = text.as_bytes();
            let n = bytes.len();
            let mut cuts = vec![Span::new(0, n)];
            if n > 6 {
                cuts = vec![Span::new(0, n / 3), Span::new(n / 3 + 1, n - 2), Span::new(n - 1, n + 5)];
            }
            for shift in 0..9 {
                let t = Text {
                    ranges: cuts
                        .iter()
                        .map(|c| Span::new(c.start.min(n) + shift.min(n - c.start.min(n)), c.end))
                        .collect(),
                    ..Text::default()
                };
                let mut fast = Vec::new();
                words(bytes, &t, |h, at| fast.push((h, at)));
                assert_eq!(fast, words_reference(bytes, &t), "{text:?}");
            }
        }
    }
}
