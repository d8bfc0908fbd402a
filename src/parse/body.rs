//! The body of a protocol: paragraphs, sections, tables and line findings.
//!
//! The body is scanned line by line (ATX headings, tables and list items are line
//! structures in `CommonMark`), which is linear in the input and needs no recursion, so
//! deeply nested Markdown cannot exhaust the stack. Fenced code blocks and HTML
//! comments are skipped. Paragraph headings are recognised in every style word
//! processors produce (see [`HeadingStyle`]) so the other checks work on unconverted
//! documents too; only `## § N Title` is the format.

use super::model::{
    Attributes, BodyTable, HeadingStyle, LineFinding, Paragraph, Protocol, Section, SectionKind, Show, Suppression,
    TableKind, TableRow,
};
use crate::diagnostic::{Diagnostic, Edit, suggest};
use crate::source::{FileId, LineIndex, Span, Spanned, trim, trim_end, trim_start};

/// Attribute names a paragraph may carry.
/// The `{…}` attributes of a § heading.
pub const ATTRIBUTES: &[&str] = &["confidential", "ground", "show", "dnr"];

/// One line of the body: its span without the line end, and where the next line starts.
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    span: Span,
    text: &'t str,
}

/// The lines of `text` from byte `from` on, taken from its line index (no search for line ends).
fn lines<'t>(text: &'t str, index: &LineIndex, from: usize) -> Vec<Line<'t>> {
    let spans = index.spans_from(text, from);
    let mut out = Vec::with_capacity(spans.len());
    out.extend(spans.map(|(span, _)| Line { span, text: text.get(span.start..span.end).unwrap_or("") }));
    out
}

/// An ATX heading: level, and the content's span (trimmed, closing `#`s removed).
fn atx_heading(line: &Line<'_>) -> Option<(usize, Span)> {
    let t = line.text;
    let indent = t.bytes().take_while(|&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = t.get(indent..)?;
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = rest.get(level..)?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let mut content = trim(after);
    // A closing sequence of #s preceded by a space is not content.
    let closing = content.trim_end_matches('#');
    if closing.len() < content.len() && (closing.is_empty() || closing.ends_with([' ', '\t'])) {
        content = trim_end(closing);
    }
    let start = line.span.start + indent + level + (after.len() - trim_start(after).len());
    Some((level, Span::new(start, start + content.len())))
}

/// `**text**` (the whole trimmed string bold): the inner text's offset and length.
fn bold_inner(s: &str) -> Option<(usize, usize)> {
    let lead = s.len() - trim_start(s).len();
    let t = trim(s);
    let inner = t
        .strip_prefix("**")
        .and_then(|x| x.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|x| x.strip_suffix("__")))?;
    let inner_trimmed = trim(inner);
    if inner_trimmed.is_empty() || inner_trimmed.contains("**") {
        return None;
    }
    let off = lead + 2 + (inner.len() - trim_start(inner).len());
    Some((off, inner_trimmed.len()))
}

/// A `§ N [letter] [title]` text: number (with span relative to `s`), letter, rest offset,
/// and whether a space followed the `§`.
struct SectionMark {
    number: u32,
    mark: (usize, usize),
    letter: Option<char>,
    rest: usize,
    spaced: bool,
}

fn section_mark(s: &str) -> Option<SectionMark> {
    let lead = s.len() - trim_start(s).len();
    let t = s.get(lead..)?;
    let after = t.strip_prefix('§')?;
    let ws = after.len() - after.trim_start_matches([' ', '\t', '\u{a0}']).len();
    let digits_str = after.get(ws..)?;
    let nd = digits_str.bytes().take_while(u8::is_ascii_digit).count();
    if nd == 0 || nd > 6 {
        return None;
    }
    let number: u32 = digits_str.get(..nd)?.parse().ok()?;
    let mut pos = lead + '§'.len_utf8() + ws + nd;
    let mut end_mark = pos;
    let mut letter = None;
    // An inserted item's letter: `17 a` or `17a`, a single lower-case letter standing alone.
    let tail = s.get(pos..)?;
    let sp = tail.len() - tail.trim_start_matches(' ').len();
    if let Some(c) = tail.get(sp..).and_then(|x| x.chars().next())
        && c.is_ascii_lowercase()
    {
        let after_letter = tail.get(sp + 1..).unwrap_or("");
        if after_letter.is_empty() || after_letter.starts_with([' ', '\t', '{']) {
            letter = Some(c);
            pos += sp + 1;
            end_mark = pos;
        }
    }
    let rest_str = s.get(pos..)?;
    // The number must end the word: `§ 12b3` or `§ 1.2` is not a paragraph mark.
    if let Some(c) = rest_str.chars().next()
        && !(c.is_whitespace() || c == '{')
    {
        return None;
    }
    Some(SectionMark { number, mark: (lead, end_mark), letter, rest: pos, spaced: ws > 0 })
}

/// Splits `{…}` attributes off the end of a title: (title span, attributes span).
fn split_attrs(text: &str, span: Span) -> (Span, Option<Span>) {
    let s = text.get(span.start..span.end).unwrap_or("");
    let trimmed = trim_end(s);
    if trimmed.ends_with('}')
        && let Some(open) = trimmed.rfind('{')
    {
        let title_end = span.start + trim_end(trimmed.get(..open).unwrap_or("")).len();
        return (Span::new(span.start, title_end), Some(Span::new(span.start + open, span.start + trimmed.len())));
    }
    (Span::new(span.start, span.start + trimmed.len()), None)
}

/// The title's own span: bold markers and outer white space removed.
fn clean_title(text: &str, span: Span) -> Option<Spanned<String>> {
    let s = text.get(span.start..span.end)?;
    let (off, len) = bold_inner(s).unwrap_or_else(|| {
        let lead = s.len() - trim_start(s).len();
        (lead, trim(s).len())
    });
    let t = s.get(off..off + len)?;
    let t = t.trim_end_matches([':', ' ']);
    // A writer's note in a heading is not part of the title: it is never published.
    let cleaned = if has_comment(t) { Some(strip_comments(t)) } else { None };
    let text = trim(cleaned.as_deref().unwrap_or(t)).trim_end_matches([':', ' ']);
    if text.is_empty() {
        return None;
    }
    Some(Spanned::new(text.to_owned(), Span::new(span.start + off, span.start + off + t.len())))
}

/// Whether `text` has an HTML comment's start: a quick look for a `<` first, since
/// titles almost never have one.
fn has_comment(text: &str) -> bool {
    memchr::memchr(b'<', text.as_bytes()).is_some() && text.contains("<!--")
}

/// `text` without `<!-- … -->` comments (an unclosed one runs to the end).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        out.push_str(rest.get(..i).unwrap_or(""));
        match rest.get(i + 4..).and_then(|r| r.find("-->")) {
            Some(j) => rest = rest.get(i + 4 + j + 3..).unwrap_or(""),
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_attrs(text: &str, span: Span, file: FileId, diags: &mut Vec<Diagnostic>) -> Attributes {
    let mut attrs = Attributes { span: Some(span), ..Attributes::default() };
    let inner_start = span.start + 1;
    let inner = text.get(inner_start..span.end.saturating_sub(1)).unwrap_or("");
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let name_start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'=') {
            i += 1;
        }
        if i == name_start {
            i += 1;
            continue;
        }
        let name = inner.get(name_start..i).unwrap_or("");
        let name_span = Span::new(inner_start + name_start, inner_start + i);
        let mut value: Option<(String, Span)> = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            if let Some(&q) = bytes.get(i).filter(|b| **b == b'"' || **b == b'\'') {
                let vs = i + 1;
                let mut j = vs;
                while bytes.get(j).is_some_and(|b| *b != q) {
                    j += 1;
                }
                value = Some((inner.get(vs..j).unwrap_or("").to_owned(), Span::new(inner_start + vs, inner_start + j)));
                i = j + 1;
            } else {
                let vs = i;
                while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                    i += 1;
                }
                value = Some((inner.get(vs..i).unwrap_or("").to_owned(), Span::new(inner_start + vs, inner_start + i)));
            }
        }
        match name {
            "confidential" | "sekretess" => attrs.confidential = true,
            "ground" | "grund" => attrs.ground = value.map(|v| v.0),
            "dnr" => attrs.dnr = value.map(|v| v.0),
            "show" | "visa" => {
                if let Some((v, vspan)) = value {
                    match v.as_str() {
                        "title" | "rubrik" => attrs.show = Show::Title,
                        "decision" | "beslut" => attrs.show = Show::Decision,
                        "nothing" | "inget" => attrs.show = Show::Nothing,
                        _ => {
                            diags.push(
                                Diagnostic::new("invalid-value", file, Some(vspan), format!("unknown value `show={v}`"))
                                    .with_label("expected title, decision or nothing")
                                    .with_help("`show` says what a confidential paragraph still shows: title (the default), decision or nothing"),
                            );
                            attrs.bad_show = Some(Spanned::new(v, vspan));
                        }
                    }
                }
            }
            other => {
                let mut d = Diagnostic::new(
                    "unknown-attribute",
                    file,
                    Some(name_span),
                    format!("unknown paragraph attribute `{other}`"),
                );
                if let Some(s) = suggest::did_you_mean(other, ATTRIBUTES.iter().copied()) {
                    d = d
                        .with_label(format!("did you mean `{s}`?"))
                        .with_help(format!("attributes are: {}", ATTRIBUTES.join(", ")))
                        .with_fix(
                            format!("rename to `{s}`"),
                            vec![Edit { span: name_span, replacement: s.to_owned() }],
                        );
                    // Fail safe: a misspelt `confidential` keeps the paragraph confidential.
                    if s == "confidential" {
                        attrs.confidential = true;
                    }
                } else {
                    d = d
                        .with_label("not a known attribute")
                        .with_help(format!("attributes are: {}", ATTRIBUTES.join(", ")));
                }
                diags.push(d);
                attrs.unknown.push(Spanned::new(other.to_owned(), name_span));
            }
        }
    }
    attrs
}

/// The titles of the formal sections, normalised ([`suggest::normalize`]).
const SECTION_TITLES: &[(&str, SectionKind)] = &[
    ("beslut", SectionKind::Decision),
    ("decision", SectionKind::Decision),
    ("decisions", SectionKind::Decision),
    ("förslag till beslut och beslut", SectionKind::Decision),
    ("yrkanden", SectionKind::Motions),
    ("yrkande", SectionKind::Motions),
    ("motions", SectionKind::Motions),
    ("motion", SectionKind::Motions),
    ("proposals", SectionKind::Motions),
    ("omröstning", SectionKind::Vote),
    ("votering", SectionKind::Vote),
    ("omröstningar", SectionKind::Vote),
    ("vote", SectionKind::Vote),
    ("voting", SectionKind::Vote),
    ("reservation", SectionKind::Dissent),
    ("reservationer", SectionKind::Dissent),
    ("dissent", SectionKind::Dissent),
    ("dissents", SectionKind::Dissent),
    ("protokollsanteckning", SectionKind::Note),
    ("protokollsanteckningar", SectionKind::Note),
    ("note", SectionKind::Note),
    ("notes", SectionKind::Note),
];

fn section_kind(title: &str) -> SectionKind {
    let t = title.trim_matches('*');
    // Quick path, without building the normalised text: a title of words of letters
    // (ASCII, å, ä, ö) with one space between them, as section titles almost always
    // are, normalises to its lower case, which has as many bytes.
    let mut prev = ' ';
    let simple = t.chars().all(|c| {
        let ok = c.is_ascii_alphabetic() || matches!(c, 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö') || (c == ' ' && prev != ' ');
        prev = c;
        ok
    }) && prev != ' ';
    let found = if simple {
        let lower = |c: char| match c {
            'Å' => 'å',
            'Ä' => 'ä',
            'Ö' => 'ö',
            c => c.to_ascii_lowercase(),
        };
        SECTION_TITLES.iter().find(|(name, _)| name.len() == t.len() && t.chars().map(lower).eq(name.chars()))
    } else {
        let normalized = suggest::normalize(t);
        let normalized = normalized.trim_end_matches(':');
        SECTION_TITLES.iter().find(|(name, _)| *name == normalized)
    };
    found.map_or(SectionKind::Other, |(_, kind)| *kind)
}

/// Blank, or a one-line HTML comment (a writer's note is not text).
fn is_blank(line: &Line<'_>) -> bool {
    let t = trim(line.text);
    t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->"))
}

fn fence_marker(t: &str) -> Option<(u8, usize)> {
    let s = t.trim_start_matches(' ');
    if t.len() - s.len() > 3 {
        return None;
    }
    let c = *s.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = s.bytes().take_while(|b| *b == c).count();
    (n >= 3).then_some((c, n))
}

fn empty_list_item(t: &str) -> bool {
    let s = trim(t);
    match s.as_bytes() {
        [b'-' | b'*' | b'+'] => true,
        [digits @ .., b'.' | b')'] => !digits.is_empty() && digits.len() <= 9 && digits.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

fn stray_punctuation(t: &str) -> bool {
    let s = trim(t);
    // The marks are at most three bytes long: a longer text is no one to three of them.
    if s.len() > 12 {
        return false;
    }
    let n = s.chars().count();
    (1..=3).contains(&n)
        && s.chars().all(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…' | '·' | '•' | '–' | '—'))
}

fn table_cells(text: &str, line: &Line<'_>) -> Vec<Spanned<String>> {
    let _ = text;
    let t = line.text;
    let lead = t.len() - trim_start(t).len();
    let mut body = trim_end(t);
    let mut start = lead;
    if body.get(lead..).is_some_and(|s| s.starts_with('|')) {
        start += 1;
    }
    if body.ends_with('|') && body.len() > start {
        body = body.get(..body.len() - 1).unwrap_or("");
    }
    let mut cells = Vec::new();
    let inner = body.get(start..).unwrap_or("");
    let mut cell_start = 0;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        if at_end || (bytes.get(i) == Some(&b'|') && (i == 0 || bytes.get(i - 1) != Some(&b'\\'))) {
            let raw = inner.get(cell_start..i).unwrap_or("");
            let off = raw.len() - trim_start(raw).len();
            let val = trim(raw);
            let s = line.span.start + start + cell_start + off;
            cells.push(Spanned::new(val.to_owned(), Span::new(s, s + val.len())));
            cell_start = i + 1;
        }
        i += 1;
    }
    cells
}

fn is_delimiter_row(cells: &[Spanned<String>]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let v = c.value.trim_matches(':');
            !v.is_empty() && v.bytes().all(|b| b == b'-')
        })
}

fn classify_table(label: &str, header: &TableRow, rows: &[TableRow]) -> TableKind {
    let with_mark = rows
        .iter()
        .filter(|r| {
            r.cells.iter().any(|c| {
                section_mark(&c.value).is_some_and(|m| m.rest == c.value.trim_end().len() || c.value.len() < 12)
            })
        })
        .count();
    if with_mark > 0 && with_mark * 2 >= rows.len() {
        return TableKind::Contents;
    }
    let label = suggest::normalize(label.trim_matches(['*', '#', ' ', ':']));
    let header_text: String = header.cells.iter().map(|c| suggest::normalize(&c.value)).collect::<Vec<_>>().join(" ");
    let hay = format!("{label} {header_text}");
    if hay.contains("frånvarande") || hay.contains("absent") {
        TableKind::Absent
    } else if ["närvarande", "ledamöter", "deltagare", "attendees", "present", "beslutande", "övriga deltagare"]
        .iter()
        .any(|w| hay.contains(w))
    {
        TableKind::Attendees
    } else if hay.contains("innehåll") || hay.contains("contents") || hay.contains("dagordning") {
        TableKind::Contents
    } else {
        TableKind::Other
    }
}

/// A paragraph under construction.
struct Open {
    p: Paragraph,
}

/// Parses the body of `protocol` (from `protocol.body.start`) and fills in paragraphs,
/// tables, line findings and suppressions.
pub fn parse_body(text: &str, index: &LineIndex, protocol: &mut Protocol, diags: &mut Vec<Diagnostic>) {
    let file = protocol.file;
    let all = lines(text, index, protocol.body.start);
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut current: Option<Open> = None;
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut i = 0;
    // The last heading or line of text before a table: what the table is about.
    let mut last_label = "";
    // Front-matter YAML comments `# protokoll: allow …` cover the whole file.
    // (Only when there is one: the lines of the front matter are not split otherwise.)
    let front = protocol.front.as_ref().filter(|front| {
        let end =
            text.get(front.span.end..).and_then(|rest| rest.find('\n')).map_or(text.len(), |i| front.span.end + i);
        text.get(..end).is_some_and(|head| memchr::memmem::find(head.as_bytes(), b"# protokoll:").is_some())
    });
    if let Some(front) = front {
        for l in lines(text, index, 0).into_iter().take_while(|l| l.span.start < front.span.end) {
            if let Some(pos) = l.text.find("# protokoll:") {
                let s = Span::new(l.span.start + pos, l.span.end);
                push_suppression(text, s, Span::new(0, text.len()), &mut protocol.suppressions);
            }
        }
    }
    while let Some(line) = all.get(i).copied() {
        i += 1;
        let t = line.text;
        // Fenced code: nothing inside is structure.
        if let Some((c, n)) = fence {
            if fence_marker(t).is_some_and(|(c2, n2)| c2 == c && n2 >= n && trim(t).bytes().all(|b| b == c)) {
                fence = None;
            }
            continue;
        }
        if in_comment {
            if t.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        let trimmed = trim_start(t);
        if trimmed.starts_with("<!--") {
            let comment_end = t.find("-->").map(|e| line.span.start + e + 3);
            // Suppression comments may span lines; find the whole comment.
            let start = line.span.start + (t.len() - trimmed.len());
            let end = comment_end.or_else(|| text.get(start..).and_then(|r| r.find("-->")).map(|e| start + e + 3));
            if let Some(end) = end {
                let covers = current
                    .as_ref()
                    .map_or(Span::new(0, text.len()), |o| Span::new(start, text.len().max(o.p.span.end)));
                push_suppression(text, Span::new(start, end), covers, &mut protocol.suppressions);
            }
            if comment_end.is_none() {
                in_comment = true;
            }
            continue;
        }
        if let Some(f) = fence_marker(t) {
            fence = Some(f);
            continue;
        }
        if trim(line.text).is_empty() {
            continue;
        }

        // Paragraph headings, in every style.
        let heading = atx_heading(&line);
        let plain_mark = if heading.is_none() {
            let inner = bold_inner(t).map_or(t, |(o, l)| t.get(o..o + l).unwrap_or(t));
            section_mark(inner).filter(|m| {
                let standalone_before = i < 2 || all.get(i - 2).is_none_or(is_blank);
                let rest = trim(inner.get(m.rest..).unwrap_or(""));
                standalone_before && rest.chars().count() < 200 && (rest.is_empty() || all.get(i).is_none_or(is_blank))
            })
        } else {
            None
        };
        let mut started = None;
        if let Some((level, content)) = heading {
            let c = text.get(content.start..content.end).unwrap_or("");
            if let Some(m) = section_mark(c) {
                let style = if level != 2 {
                    HeadingStyle::WrongLevel
                } else if !m.spaced {
                    HeadingStyle::Spacing
                } else {
                    HeadingStyle::Canonical
                };
                started = Some((m, content, style));
            } else if level <= 2 {
                // Another top-level heading ends the paragraph.
                if let Some(open) = current.take() {
                    paragraphs.push(close(open, line.span.start, text));
                }
                last_label = c;
                continue;
            } else if let Some(open) = current.as_mut() {
                let (title_span, _) = split_attrs(text, content);
                if let Some(title) = clean_title(text, title_span) {
                    let kind = section_kind(&title.value);
                    if let Some(prev) = open.p.sections.last_mut() {
                        prev.body.end = line.span.start;
                    }
                    let body_start = next_line_start(text, line.span);
                    open.p.sections.push(Section { kind, title, body: Span::point(body_start) });
                }
                continue;
            }
        } else if let Some(m) = plain_mark {
            started = Some((m, line.span, HeadingStyle::PlainLine));
            // For a bold line `**§ 1**` the mark offsets are relative to the inner text.
            if let Some((o, l)) = bold_inner(t) {
                // The bold markers are not part of the title: the content ends with the inner text.
                let inner = Span::new(line.span.start, line.span.start + o + l);
                started = section_mark(t.get(o..o + l).unwrap_or("")).map(|m| {
                    let shifted = SectionMark { mark: (m.mark.0 + o, m.mark.1 + o), rest: m.rest + o, ..m };
                    (shifted, inner, HeadingStyle::PlainLine)
                });
            }
        }

        if let Some((m, content, mut style)) = started {
            if let Some(open) = current.take() {
                paragraphs.push(close(open, line.span.start, text));
            }
            let base = content.start;
            let number_span = Span::new(base + m.mark.0, base + m.mark.1);
            let rest_span = Span::new(base + m.rest, content.end);
            let (mut title_span, attr_span) = split_attrs(text, rest_span);
            let mut heading_span = line.span;
            let mut title = clean_title(text, title_span);
            if title.is_none() {
                // The title on the next non-blank line: `**Title**` or `### **Title**`.
                let mut j = i;
                while all.get(j).is_some_and(is_blank) {
                    j += 1;
                }
                if let Some(next) = all.get(j) {
                    let cand = atx_heading(next)
                        .filter(|(lvl, c)| *lvl >= 2 && section_mark(text.get(c.start..c.end).unwrap_or("")).is_none())
                        .map(|(_, c)| c)
                        .or_else(|| {
                            bold_inner(next.text).map(|(o, l)| Span::new(next.span.start + o, next.span.start + o + l))
                        });
                    if let Some(c) = cand {
                        title_span = c;
                        title = clean_title(text, c);
                        if title.is_some() {
                            heading_span = Span::new(line.span.start, next.span.end);
                            if style == HeadingStyle::Canonical || style == HeadingStyle::Spacing {
                                style = HeadingStyle::TitleOnNextLine;
                            }
                            i = j + 1;
                        }
                    }
                }
            }
            let _ = title_span;
            let attrs = attr_span.map_or_else(Attributes::default, |s| parse_attrs(text, s, file, diags));
            let body_start = next_line_start(text, heading_span);
            current = Some(Open {
                p: Paragraph {
                    span: Span::new(line.span.start, text.len()),
                    heading: heading_span,
                    style,
                    number: Spanned::new(m.number, number_span),
                    letter: m.letter,
                    title,
                    attrs,
                    body: Span::new(body_start, text.len()),
                    sections: Vec::new(),
                },
            });
            continue;
        }

        // Tables.
        if trimmed.starts_with('|') {
            let mut rows_lines = vec![line];
            while let Some(next) = all.get(i).filter(|l| trim_start(l.text).starts_with('|')) {
                rows_lines.push(*next);
                i += 1;
            }
            let mut rows: Vec<TableRow> =
                rows_lines.iter().map(|l| TableRow { span: l.span, cells: table_cells(text, l) }).collect();
            if rows.len() >= 2 && rows.get(1).is_some_and(|r| is_delimiter_row(&r.cells)) {
                let header = rows.remove(0);
                rows.remove(0);
                let kind = classify_table(last_label, &header, &rows);
                let span = Span::new(header.span.start, rows.last().map_or(header.span.end, |r| r.span.end));
                protocol.tables.push(BodyTable { span, kind, header, rows });
            }
            continue;
        }

        if empty_list_item(t) {
            protocol.lines.push(LineFinding::EmptyListItem(line.span));
        } else if stray_punctuation(t)
            && (i < 2 || all.get(i - 2).is_none_or(is_blank))
            && all.get(i).is_none_or(is_blank)
        {
            protocol.lines.push(LineFinding::StrayPunctuation(line.span));
        }
        last_label = t;
    }
    if let Some(open) = current.take() {
        paragraphs.push(close(open, text.len(), text));
    }
    protocol.preamble = Span::new(
        protocol.body.start,
        paragraphs.first().map_or(text.len(), |p| p.span.start).max(protocol.body.start),
    );
    // A suppression inside a paragraph covers the rest of that paragraph only.
    for s in &mut protocol.suppressions {
        if s.covers.start != 0
            && let Some(p) = paragraphs.iter().find(|p| p.span.contains(Span::point(s.span.start)))
        {
            s.covers.end = p.span.end;
        }
    }
    protocol.paragraphs = paragraphs;
}

fn next_line_start(text: &str, span: Span) -> usize {
    text.get(span.end..).and_then(|r| r.find('\n')).map_or(text.len(), |i| span.end + i + 1)
}

fn close(open: Open, end: usize, text: &str) -> Paragraph {
    let mut p = open.p;
    let end = end.min(text.len());
    p.span.end = end;
    p.body.end = end.max(p.body.start);
    if let Some(last) = p.sections.last_mut() {
        last.body.end = end.max(last.body.start);
    }
    p
}

fn push_suppression(text: &str, span: Span, covers: Span, out: &mut Vec<Suppression>) {
    let s = text.get(span.start..span.end).unwrap_or("");
    let Some(pos) = s.find("protokoll:") else { return };
    let after = s.get(pos + "protokoll:".len()..).unwrap_or("");
    let after_trim = after.trim_start();
    let Some(list) = after_trim.strip_prefix("allow") else { return };
    let list_off = span.start + pos + "protokoll:".len() + (after.len() - after_trim.len()) + "allow".len();
    let mut rules = Vec::new();
    let mut off = 0;
    for part in list.split([',', ' ', '\t']) {
        let word = part.trim_end_matches("-->").trim();
        if !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()) {
            let start = list_off + off;
            rules.push(Spanned::new(word.to_owned(), Span::new(start, start + word.len())));
        }
        off += part.len() + 1;
    }
    if !rules.is_empty() {
        out.push(Suppression { span, rules, covers });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `section_kind` as it was, normalising every title.
    fn section_kind_reference(title: &str) -> SectionKind {
        let t = suggest::normalize(title.trim_matches('*'));
        SECTION_TITLES.iter().find(|(name, _)| *name == t.trim_end_matches(':')).map_or(SectionKind::Other, |(_, k)| *k)
    }

    #[test]
    fn section_kinds_agree_with_normalising() {
        for title in [
            "Beslut",
            "BESLUT",
            "beslut",
            "Beslut:",
            "Beslut: .",
            "**Beslut**",
            " Beslut",
            "Beslut ",
            "Förslag till beslut och beslut",
            "Förslag  till beslut och beslut",
            "FÖRSLAG TILL BESLUT OCH BESLUT",
            "Omröstning",
            "OMRÖSTNINGAR",
            "Protokollsanteckning",
            "Yrkanden.",
            "Reservation…",
            "Effektiv samordning för trygghet (EST)",
            "Beslutet",
            "",
            "*",
            "Note",
            "Vote\u{a0}",
            "Besl\u{fc}t",
        ] {
            assert_eq!(section_kind(title), section_kind_reference(title), "{title:?}");
        }
    }

    #[test]
    fn stray_punctuation_is_short() {
        for (t, is) in
            [(".", true), (" … ", true), ("–––", true), (".,;:", false), ("—— —", false), ("a.", false), ("", false)]
        {
            assert_eq!(stray_punctuation(t), is, "{t:?}");
        }
    }
}
