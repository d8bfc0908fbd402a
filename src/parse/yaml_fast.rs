//! A fast path for the plain YAML that front matter almost always is.
//!
//! Profiling `check` on a 10,000-protocol archive showed YAML parsing as the largest cost,
//! so the common subset is read here directly: block mappings, block sequences, one-line
//! flow mappings and sequences of scalars, plain and quoted scalars, comments. Anything
//! else (anchors, tags, block scalars, multi-line values, escapes, values whose type
//! depends on YAML 1.1 rules) makes [`parse`] return `None`, and the caller falls back to
//! the full parser (serde-saphyr), which stays the reference: a differential test checks
//! that both give the same tree wherever this path answers.

use std::collections::HashSet;

use super::yaml::{Node, NodeKind};
use crate::source::{Span, trim, trim_end, trim_start};

#[derive(Clone, Copy)]
struct Line<'a> {
    /// Byte offset of the content (after the indent) in the YAML text.
    at: usize,
    indent: usize,
    /// The content, comments and trailing white space removed.
    text: &'a str,
}

/// Parses `yaml` (at byte `base` of its file), or `None` when it is not in the subset.
#[must_use]
pub fn parse(yaml: &str, base: usize) -> Option<Node> {
    // Control characters (NUL, C1 controls, a stray byte-order mark) are errors to the
    // full parser: let it report them.
    if has_control(yaml) {
        return None;
    }
    let mut lines = Vec::with_capacity(64);
    for (span, _) in crate::source::line_spans(yaml, 0) {
        let line = yaml.get(span.start..span.end)?;
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let rest = line.get(indent..)?;
        if rest.starts_with('\t') {
            return None;
        }
        let text = trim_end(strip_comment(rest)?);
        if text.is_empty() {
            continue;
        }
        lines.push(Line { at: span.start + indent, indent, text });
    }
    let first = *lines.first()?;
    let mut p = Parser { lines, i: 0, base };
    // A mapping (front matter, protokoll.yaml) or a list (people.yaml, bodies.yaml).
    let root = if is_item(first.text) { p.block_seq(first.indent, false)? } else { p.block_map(0, base + first.at)? };
    (p.i == p.lines.len()).then_some(root)
}

/// Whether a line (without its indent) is an item of a block sequence: `- …` or a bare `-`.
fn is_item(text: &str) -> bool {
    text.starts_with("- ") || text == "-"
}

/// Whether `yaml` has a control character other than a line end or tab (C0, DEL, C1) or
/// a byte-order mark: `char::is_control` is exactly C0, DEL and C1, and in UTF-8 a C1
/// control is `C2 80`–`C2 9F` and U+FEFF is `EF BB BF`, so bytes tell it without decoding.
///
/// The first test folds over all bytes instead of stopping at the first hit: that lets the
/// compiler test many bytes at once, and a hit is rare.
fn has_control(yaml: &str) -> bool {
    let b = yaml.as_bytes();
    b.iter().fold(false, |any, &x| any | ((x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t')) || x == 0x7f))
        || memchr::memchr2_iter(0xC2, 0xEF, b).any(|i| match b.get(i) {
            Some(0xC2) => b.get(i + 1).is_some_and(|c| (0x80..=0x9F).contains(c)),
            _ => b.get(i + 1..i + 3) == Some(&[0xBB, 0xBF][..]),
        })
}

/// The text without a trailing comment; `None` when quotes make it unclear.
fn strip_comment(s: &str) -> Option<&str> {
    // Most lines have neither a `#` nor a quote: nothing to strip, no quotes to follow.
    if memchr::memchr3(b'#', b'"', b'\'', s.as_bytes()).is_none() {
        return Some(s);
    }
    if s.starts_with('#') {
        return Some("");
    }
    let mut quote: Option<u8> = None;
    let bytes = s.as_bytes();
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match quote {
            Some(b'\'') if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') => escaped = true,
            Some(q) if b == q => quote = None,
            None if b == b'"' || b == b'\'' => {
                // A quote inside a plain scalar is text; only a quote that starts a value opens one.
                let prev = i.checked_sub(1).and_then(|j| bytes.get(j)).copied();
                if matches!(prev, None | Some(b' ' | b'{' | b'[' | b',')) {
                    quote = Some(b);
                }
            }
            None if b == b'#' && matches!(i.checked_sub(1).and_then(|j| bytes.get(j)), Some(b' ' | b'\t')) => {
                return s.get(..i);
            }
            _ => {}
        }
    }
    if quote.is_some() { None } else { Some(s) }
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    i: usize,
    base: usize,
}

impl Parser<'_> {
    fn block_map(&mut self, indent: usize, span_at: usize) -> Option<Node> {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut keys = Keys::default();
        while let Some(line) = self.lines.get(self.i).copied() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.text) {
                return None;
            }
            let (key_text, after) = split_key(line.text)?;
            let key = plain_key(key_text, self.base + line.at)?;
            if !keys.insert(key_text) {
                return None;
            }
            self.i += 1;
            let value_text = trim_start(line.text.get(after..)?);
            let value = if value_text.is_empty() {
                let colon = self.base + line.at + key_text.len();
                match self.lines.get(self.i).copied() {
                    Some(next) if next.indent > indent && !next.text.starts_with('-') => {
                        self.block_map(next.indent, self.base + next.at)?
                    }
                    Some(next) if next.indent >= indent && is_item(next.text) => {
                        // The reference parser places a sequence at its parent's indent at its
                        // first item's content, an indented one at its first dash.
                        self.block_seq(next.indent, next.indent == indent)?
                    }
                    _ => Node { span: Span::point(colon), kind: NodeKind::Null },
                }
            } else {
                let at = line.at + (line.text.len() - value_text.len());
                let v = inline(value_text, self.base + at, false)?;
                // A continuation line (a multi-line plain scalar) is not in the subset.
                if self.lines.get(self.i).is_some_and(|n| n.indent > indent) {
                    return None;
                }
                v
            };
            entries.push((key, value));
        }
        Some(Node { span: Span::point(span_at), kind: NodeKind::Map(entries) })
    }

    fn block_seq(&mut self, indent: usize, at_content: bool) -> Option<Node> {
        let first = self.lines.get(self.i).copied()?;
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.i).copied() {
            if line.indent != indent || !is_item(line.text) {
                if line.indent > indent {
                    return None;
                }
                break;
            }
            self.i += 1;
            let item_text = trim_start(line.text.get(1..)?);
            if item_text.is_empty() {
                return None;
            }
            let at = line.at + (line.text.len() - item_text.len());
            if split_key(item_text).is_some()
                && !matches!(item_text.as_bytes().first(), Some(b'{' | b'[' | b'"' | b'\''))
            {
                // `- key: value`: a mapping inside the item, indented to where its first key stands.
                let col = line.indent + (line.text.len() - item_text.len());
                self.i -= 1;
                if let Some(slot) = self.lines.get_mut(self.i) {
                    *slot = Line { at, indent: col, text: item_text };
                }
                items.push(self.block_map(col, self.base + at)?);
                continue;
            }
            items.push(inline(item_text, self.base + at, false)?);
            if self.lines.get(self.i).is_some_and(|n| n.indent > indent) {
                return None;
            }
        }
        let at = if at_content {
            items.first().map_or(self.base + first.at, |n| n.span.start)
        } else {
            self.base + first.at
        };
        Some(Node { span: Span::point(at), kind: NodeKind::Seq(items) })
    }
}

/// The keys of one mapping so far, to leave a repeated key to the full parser: a scan
/// of a few kept in place (no allocation for the usual small mapping), a hash set
/// beyond, so that a hostile mapping of very many keys costs linear time, not quadratic.
#[derive(Default)]
struct Keys<'a> {
    few: [&'a str; Keys::FEW],
    count: usize,
    many: HashSet<&'a str>,
}

impl<'a> Keys<'a> {
    /// Keys a mapping has before the set takes over.
    const FEW: usize = 16;

    /// Adds `key`; false when the mapping already has it.
    fn insert(&mut self, key: &'a str) -> bool {
        if self.count < Self::FEW {
            if self.few.iter().take(self.count).any(|k| *k == key) {
                return false;
            }
            if let Some(slot) = self.few.get_mut(self.count) {
                *slot = key;
            }
            self.count += 1;
            return true;
        }
        if self.many.is_empty() {
            self.many.extend(self.few.iter().copied());
        }
        self.many.insert(key)
    }
}

/// `key: rest` → (key, offset of rest); `key:` → (key, len).
fn split_key(text: &str) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if matches!(
        bytes.first(),
        Some(b'"' | b'\'' | b'{' | b'[' | b'?' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`')
    ) {
        return None;
    }
    let i = memchr::memchr_iter(b':', bytes).find(|&i| matches!(bytes.get(i + 1), None | Some(b' ')))?;
    Some((text.get(..i)?, i + 1))
}

fn plain_key(key: &str, at: usize) -> Option<Node> {
    // Letters, digits, `_` and `-` only (so nothing to trim, either).
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return None;
    }
    // Keys such as `y`, `n`, `on` are booleans to YAML 1.1 resolvers.
    if special_word(key) || matches!(key.as_bytes().first(), Some(b'0'..=b'9' | b'-')) {
        return None;
    }
    Some(Node { span: Span::new(at, at + key.len()), kind: NodeKind::Str(key.to_owned()) })
}

fn special_word(s: &str) -> bool {
    s.len() <= 5
        && ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", ".nan", ".inf"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(s))
}

/// A value on one line: a flow mapping or sequence, a quoted or a plain scalar.
fn inline(text: &str, at: usize, in_flow: bool) -> Option<Node> {
    let text = trim(text);
    if let Some(inner) = text.strip_prefix('{') {
        let inner = inner.strip_suffix('}')?;
        let parts = split_flow(inner)?;
        let mut entries: Vec<(Node, Node)> = Vec::with_capacity(parts.len());
        let mut keys = Keys::default();
        for (part, off) in parts {
            let trimmed = trim_start(part);
            let (k, after) = split_key(trimmed)?;
            let lead = part.len() - trimmed.len();
            let key = plain_key(k, at + 1 + off + lead)?;
            if !keys.insert(k) {
                return None;
            }
            let vtext = part.get(lead + after..)?;
            let vlead = vtext.len() - trim_start(vtext).len();
            let value = inline(vtext, at + 1 + off + lead + after + vlead, true)?;
            entries.push((key, value));
        }
        return Some(Node { span: Span::new(at, at + 1), kind: NodeKind::Map(entries) });
    }
    if let Some(inner) = text.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        let parts = split_flow(inner)?;
        let mut items = Vec::with_capacity(parts.len());
        for (part, off) in parts {
            let lead = part.len() - trim_start(part).len();
            let t = trim(part);
            if matches!(t.as_bytes().first(), Some(b'{' | b'[')) || split_key(t).is_some() {
                return None;
            }
            items.push(inline(t, at + 1 + off + lead, true)?);
        }
        return Some(Node { span: Span::new(at, at + 1), kind: NodeKind::Seq(items) });
    }
    if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains(['"', '\\']) {
            return None;
        }
        return Some(Node { span: Span::new(at, at + text.len()), kind: NodeKind::Str(inner.to_owned()) });
    }
    if let Some(inner) = text.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        if !inner.contains('\'') {
            return Some(Node { span: Span::new(at, at + text.len()), kind: NodeKind::Str(inner.to_owned()) });
        }
        if inner.replace("''", "").contains('\'') {
            return None;
        }
        return Some(Node { span: Span::new(at, at + text.len()), kind: NodeKind::Str(inner.replace("''", "'")) });
    }
    plain(text, at, in_flow)
}

/// Splits a flow collection's inside at top-level commas: (part, offset in `inner`).
/// `None` for nesting or quotes inside parts, which the full parser handles.
fn split_flow(inner: &str) -> Option<Vec<(&str, usize)>> {
    // Almost always there is no quote and no bracket: the parts lie between the commas.
    // (Three searches with `memchr` cost less than one test of every byte.)
    let bytes = inner.as_bytes();
    if memchr::memchr3(b'"', b'\'', b'[', bytes).is_some() || memchr::memchr3(b']', b'{', b'}', bytes).is_some() {
        return split_flow_quoted(inner);
    }
    let mut out = Vec::with_capacity(6);
    let mut start = 0;
    for i in memchr::memchr_iter(b',', bytes) {
        out.push((inner.get(start..i)?, start));
        start = i + 1;
    }
    finish_flow(inner, start, out)
}

/// [`split_flow`] for an inside with quotes (or brackets, which make it `None`).
fn split_flow_quoted(inner: &str) -> Option<Vec<(&str, usize)>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quote: Option<u8> = None;
    let bytes = inner.as_bytes();
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match quote {
            // `''` inside a single-quoted scalar is a quote, not the end.
            Some(b'\'') if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') => escaped = true,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' => {
                    let before = inner.get(start..i)?.trim();
                    if !(before.is_empty() || before.ends_with(':')) {
                        return None;
                    }
                    quote = Some(b);
                }
                b'[' | b']' | b'{' | b'}' => return None,
                b',' => {
                    out.push((inner.get(start..i)?, start));
                    start = i + 1;
                }
                _ => {}
            },
        }
    }
    if quote.is_some() {
        return None;
    }
    finish_flow(inner, start, out)
}

/// The last part of a flow collection's inside, from `start` on, added to `out`.
fn finish_flow<'a>(inner: &'a str, start: usize, mut out: Vec<(&'a str, usize)>) -> Option<Vec<(&'a str, usize)>> {
    let last = inner.get(start..)?;
    if !trim(last).is_empty() {
        out.push((last, start));
    } else if !out.is_empty() {
        // A trailing comma (`[a, b,]`) is valid YAML; leave its details to the full parser.
        return None;
    }
    Some(out)
}

/// A plain scalar, typed only when the type is certain under both YAML 1.1 and 1.2 rules.
fn plain(text: &str, at: usize, in_flow: bool) -> Option<Node> {
    let span = Span::new(at, at + text.len());
    // `": "` or `" #"` anywhere, and in a flow collection an indicator (one pass: these
    // scalars are short).
    let b = text.as_bytes();
    let mut prev = 0;
    for (i, &c) in b.iter().enumerate() {
        let stop = match c {
            b':' => b.get(i + 1).is_none_or(|&next| next == b' '),
            b'#' => prev == b' ',
            b',' | b'[' | b']' | b'{' | b'}' => in_flow,
            _ => false,
        };
        if stop {
            return None;
        }
        prev = c;
    }
    let first = text.chars().next()?;
    if text == "~" || text == "null" {
        return Some(Node { span, kind: NodeKind::Null });
    }
    if text == "true" || text == "false" {
        return Some(Node { span, kind: NodeKind::Bool(text == "true") });
    }
    if first.is_ascii_digit() {
        if b.iter().all(u8::is_ascii_digit) {
            if first == '0' && text.len() > 1 {
                return None;
            }
            return text.parse::<i64>().ok().map(|n| Node { span, kind: NodeKind::Int(n) });
        }
        // ISO dates and clock times are text to this parser's reference (tested).
        let date = b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-');
        let time = text.bytes().all(|c| c.is_ascii_digit() || c == b':' || c == b'-') && text.contains(':');
        if (date && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())) || time {
            return Some(Node { span, kind: NodeKind::Str(text.to_owned()) });
        }
        return None;
    }
    if !first.is_alphabetic() || special_word(text) {
        return None;
    }
    Some(Node { span, kind: NodeKind::Str(text.to_owned()) })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// The fast path agrees with the full parser on every input it accepts.
    fn same(y: &str) -> bool {
        let fast = parse(y, 7);
        let full = super::super::yaml::parse_full(y, 7).ok();
        if let Some(f) = &fast {
            assert_eq!(Some(f), full.as_ref(), "\n{y}");
        }
        fast.is_some()
    }

    #[test]
    fn agrees_with_the_full_parser() {
        assert!(same(
            "body: Trygghets- och säkerhetsrådet\ndate: 2020-10-19\ntime: \"13:00-15:00\"\nlocation: Boråsvägen 40, Öresten\nstatus: adjusted               # draft | adjusted\nadjusters: [Annika Stomberg]\nprevious: 2020-02-24\njustering: { date: 2020-10-26, place: Kommunhuset }\nattendees:\n  - { name: Tomas Johansson, org: Kommunstyrelsen }\n  - { name: Calle Larsson, org: Socialförvaltningen, role: ersättare, serves_for: Eva Berg }\nabsent:\n- { name: Eva Berg, org: 'Social''s' }\ntags: [covid-19, kameraövervakning]\nagenda:\n  - Föregående mötesprotokoll\n  - \"Nya: representanter\"\n"
        ));
        assert!(same("justering:\n  date: 2020-10-26\n  place: Kommunhuset\nseats: 9\nkey:\nother: ~\n"));
        assert!(same("time: 13:00-15:00\nt: 13:00\nn2: 20201019\n"));
        assert!(same("agenda:\n  - Öppnande\n  - title: Övriga frågor\n    items: [a, b]\n  - Avslutning\nx: 1\n"));
        assert!(same("agenda:\n- title: Övriga frågor\n  items:\n  - a\n- Avslutning\n"));
        // Lists at the top: the registers of people and bodies.
        assert!(same("# Kända personer\n- { name: Eva Berg, org: Socialdemokraterna }\n- { name: Åsa Öberg }\n"));
        assert!(same("- a\n- b\n"));
        assert!(same("  - a\n  - b\n"));
        assert!(same("- name: Kommunstyrelsen\n  prefix: KS\n- name: Valnämnden\n"));
    }

    /// Every front matter and YAML file in the repository (example archive and test fixtures).
    #[test]
    fn agrees_on_every_front_matter_in_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut fast, mut total, mut yaml_files) = (0, 0, 0);
        for dir in ["content", "tests"] {
            for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
                if e.path().extension().is_some_and(|x| x == "yaml") {
                    yaml_files += 1;
                    same(&text);
                    continue;
                }
                if e.path().extension().is_none_or(|x| x != "md") {
                    continue;
                }
                let text = text.trim_start_matches('\u{feff}');
                if let crate::parse::front::Split::Found { yaml, .. } = crate::parse::front::split(text) {
                    total += 1;
                    fast += usize::from(same(&text[yaml.start..yaml.end]));
                }
            }
        }
        assert!(total > 50 && fast * 2 > total, "fast path took {fast} of {total}");
        assert!(yaml_files > 5, "{yaml_files} YAML files");
    }

    /// Repeated keys are left to the full parser however many keys come first, and a
    /// mapping of very many keys is read in linear time (a set, not a scan, finds repeats).
    #[test]
    fn repeated_keys_among_many() {
        let keys = |n: usize| (0..n).fold(String::new(), |s, i| s + &format!("k{i}: v\n"));
        let many = keys(40);
        assert!(same(&many));
        assert!(parse(&format!("{many}k37: w\n"), 0).is_none());
        let flow: Vec<String> = (0..40).map(|i| format!("k{i}: v")).collect();
        assert!(same(&format!("a: {{ {} }}\n", flow.join(", "))));
        assert!(parse(&format!("a: {{ {}, k3: w }}\n", flow.join(", ")), 0).is_none());
        let huge = keys(200_000);
        let start = std::time::Instant::now();
        assert!(parse(&huge, 0).is_some());
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn hands_the_rest_to_the_full_parser() {
        for y in [
            "a: &x 1\nb: *x\n",
            "a: |\n  text\n",
            "a: yes\n",
            "n: 1\n",
            "a: 007\n",
            "a: \"esc\\n\"\n",
            "a: b: c\n",
            "a: [x, [y]]\n",
            "a: long\n  continued\n",
            "a: 1\na: 2\n",
            "a: .5\n",
            "a: -2\n",
            "a: [x,]\n",
            "a: !!str 1\n",
            "a: b\0c\n",
            "a: b\u{85}c\n",
        ] {
            assert!(parse(y, 0).is_none(), "{y}");
        }
    }
}
