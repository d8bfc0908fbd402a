//! Import: convert a protocol exported from a word processor into the format.
//! `protokoll import`.
//!
//! [`convert`] is pure: the exported Markdown in, the protocol in the format and
//! [`Note`]s (what could not be inferred) out. The document is read with the protocol
//! parser itself ([`crate::parse::parse_protocol`]), so the § headings it rewrites are
//! exactly the ones `check` recognises, in every style word processors produce.
//!
//! What becomes of the input:
//!
//! - The labelled blocks before the first § become front matter: "Plats och tid" →
//!   `date`, `time`, `location`; the attendee table ("Närvarande", organisation and name
//!   columns in either order) → `attendees`; a "Frånvarande" table → `absent`; the table
//!   of contents ("Innehållsförteckning", rows of a title and `§ N`, `- ` rows as
//!   sub-items) → `agenda`, titles **as written**, so `check` compares them with the
//!   headings and reports the ones that disagree.
//! - Every § heading becomes `## § N Title`; `---` separators are dropped; runs of blank
//!   lines become one. Everything else is kept as written, flaws included (a stray `.`
//!   line, an empty bullet): they are the author's text, and `check` points at them.
//!
//! **No word is lost.** The words (runs of letters and digits) that do not survive as
//! values are kept as YAML comments: the labels (`# Närvarande`), the "Plats och tid"
//! line as written (`# Plats och tid: Boråsvägen 40, Öresten, kl 13:00- 15:00`), the
//! `§ N` of each table-of-contents row (`- Nulägesstatus  # § 5`) and table cells that
//! fit no key. So every word of the input appears in the output at least as often, and
//! the text from the first § on appears in the same order (it is copied line by line).
//! [`convert`] counts the words of both before it returns, reads its output back (the
//! front matter must hold what was meant, the § headings must be the input's), and
//! returns an error rather than a protocol that lost or changed anything.
//!
//! `people.rs` tells names from organisations in attendee tables and lists;
//! `place_time.rs` reads the place, date and time out of "Plats och tid".

mod people;
mod place_time;

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::civil::Date;

use crate::check::rules::structure::{is_plain_safe, yaml_scalar};
use crate::diagnostic::suggest;
use crate::parse::{self, BodyTable, Paragraph, TableKind, TableRow};
use crate::source::{FileId, FileKind, SourceFile, Span};
use people::{Person, looks_like_person, people_table, person_line, person_text, split_list};
use place_time::{WEEKDAYS, place_time, weekday_sv};

/// What the command line knows that the document may not say.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The body's name (`--body`).
    pub body: Option<String>,
    /// The meeting date (`--date`); wins over a date found in the document.
    pub date: Option<Date>,
}

/// A converted protocol.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The protocol in the format: front matter and body, LF line ends, no BOM.
    pub text: String,
    /// The meeting date, from the options or the document; `None` when unknown (the
    /// front matter then has no `date:`).
    pub date: Option<Date>,
    /// What could not be inferred or needs a look.
    pub notes: Vec<Note>,
    /// What was found.
    pub counts: Counts,
}

/// How much of each kind the conversion found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entries of `attendees`.
    pub attendees: usize,
    /// Entries of `absent`.
    pub absent: usize,
    /// Entries of `agenda` (sub-items not counted).
    pub agenda: usize,
    /// Paragraphs (§).
    pub paragraphs: usize,
}

/// Something the conversion could not infer, or a doubt worth a look. `check` reports
/// the consequences (a missing key, an untitled paragraph); a note says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// No body was given: the front matter has no `body:`.
    MissingBody,
    /// No date was given or found: the front matter has no `date:`.
    MissingDate,
    /// `--date` and the document disagree; `--date` was used.
    DateDiffers {
        /// The date the document gives.
        document: Date,
        /// The date used.
        given: Date,
    },
    /// The document names a weekday that is not the date's.
    WeekdayDiffers {
        /// The weekday as written ("måndagen").
        written: String,
        /// The date.
        date: Date,
    },
    /// No attendee table (or list) was found: the front matter has no `attendees:`.
    NoAttendees,
    /// No § heading was found: the whole text is the preamble.
    NoParagraphs,
    /// A § heading without a title.
    UntitledParagraph(String),
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingBody => f.write_str("no body given: `body:` is left out (give --body NAME)"),
            Self::MissingDate => {
                f.write_str("no meeting date found: `date:` is left out (import with --date YYYY-MM-DD)")
            }
            Self::DateDiffers { document, given } => {
                write!(f, "the document says the meeting was on {document}; --date {given} is used")
            }
            Self::WeekdayDiffers { written, date } => {
                write!(f, "the document says \"{written}\", but {date} is a {}", weekday_sv(date.weekday()))
            }
            Self::NoAttendees => {
                f.write_str("no attendee table found: `attendees:` is left out (add who was there by hand)")
            }
            Self::NoParagraphs => f.write_str("no § heading found: the whole text is kept before the first paragraph"),
            Self::UntitledParagraph(label) => write!(f, "{label} has no title"),
        }
    }
}

/// Why a document was not converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file starts with front matter: it is in the format already.
    #[error("it already has front matter, so it is in the format: check it with `protokoll check`")]
    AlreadyInFormat,
    /// The conversion would have dropped a word of the input (a bug: nothing is written).
    #[error("the conversion would lose the word \"{0}\"; nothing was written (this is a bug in protokoll)")]
    WouldLoseText(String),
    /// The front matter written does not read back as intended (a bug: nothing is written).
    #[error(
        "the converted protocol does not read back as written ({0}); nothing was written (this is a bug in protokoll)"
    )]
    NotReadBack(String),
}

// ---------------------------------------------------------------------------------------
// The conversion
// ---------------------------------------------------------------------------------------

/// Converts a word processor's Markdown export of a protocol into the format.
pub fn convert(input: &str, options: &Options) -> Result<Imported, ImportError> {
    let text = normalise(input);
    if let parse::front::Split::Found { yaml, .. } = parse::front::split(&text)
        && parse::front::parse(&text, yaml, FileId(0), &mut Vec::new()).is_some()
    {
        return Err(ImportError::AlreadyInFormat);
    }
    // A leading blank line keeps a first `---` separator from reading as front matter.
    let work = unbold_marks(&format!("\n{text}"));
    let first = parse_text(&work);
    let work_lines = lines(&work);
    let preamble_end = first.paragraphs.first().map_or(work.len(), |p| p.span.start);
    let mut notes = Vec::new();
    let mut front = scan_preamble(&work_lines, preamble_end, &first.tables, &mut notes);
    // What became front matter leaves blank lines, and the text is read again: a § line
    // right under a table is a heading once the table is gone.
    let rest = blank_out(&work_lines, &front.dropped);
    let protocol = parse_text(&rest);
    let lines = lines(&rest);
    front.body = options.body.clone().filter(|b| !b.trim().is_empty()).map(|b| b.trim().to_owned());
    if front.body.is_none() {
        notes.push(Note::MissingBody);
    }
    match (options.date, front.date) {
        (Some(given), Some(document)) if given != document => notes.push(Note::DateDiffers { document, given }),
        (None, None) => notes.push(Note::MissingDate),
        _ => {}
    }
    front.date = options.date.or(front.date);
    if front.attendees.iter().all(|g| g.people.is_empty()) {
        notes.push(Note::NoAttendees);
    }
    if protocol.paragraphs.is_empty() {
        notes.push(Note::NoParagraphs);
    }
    for p in protocol.paragraphs.iter().filter(|p| p.title.is_none()) {
        notes.push(Note::UntitledParagraph(format!("§ {}", p.number_label())));
    }

    let body = rewrite_body(&rest, &lines, &protocol.paragraphs);
    let mut out = String::with_capacity(rest.len() + 512);
    out.push_str("---\n");
    front.write(&mut out);
    out.push_str("---\n");
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    }

    verify(&text, &out, &front, &protocol.paragraphs, &rest)?;
    let counts = Counts {
        attendees: front.attendees.iter().map(|g| g.people.len()).sum(),
        absent: front.absent.iter().map(|g| g.people.len()).sum(),
        agenda: front.agenda.iter().filter(|e| e.title.is_some()).count(),
        paragraphs: protocol.paragraphs.len(),
    };
    Ok(Imported { text: out, date: front.date, notes, counts })
}

/// The text without byte-order marks (a word processor may leave some inside the
/// text, where YAML refuses them), with LF line ends.
fn normalise(input: &str) -> String {
    input.replace('\u{feff}', "").replace("\r\n", "\n").replace('\r', "\n")
}

/// The text with the lines marked in `dropped` emptied.
fn blank_out(lines: &[Line<'_>], dropped: &[bool]) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !dropped.get(i).copied().unwrap_or(false) {
            out.push_str(l.text);
        }
    }
    out
}

/// A bold § line (`**§ 4**`, `**§ 4 Budget**`) without its bold markers, so the title is
/// read from the line or the next one as in the other heading styles.
fn unbold_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let t = line.trim();
        let inner = t
            .strip_prefix("**")
            .and_then(|x| x.strip_suffix("**"))
            .or_else(|| t.strip_prefix("__").and_then(|x| x.strip_suffix("__")));
        match inner.map(str::trim) {
            Some(inner) if inner.starts_with('§') && !inner.contains("**") && !inner.contains("__") => {
                out.push_str(inner);
            }
            _ => out.push_str(line),
        }
    }
    out
}

fn parse_text(text: &str) -> parse::Protocol {
    let source =
        SourceFile::new("import.md".into(), "content/import/import.md".into(), FileKind::Protocol, text.into());
    parse::parse_protocol(FileId(0), &source).0
}

/// One line: its span without the `\n`, and its text.
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    span: Span,
    text: &'t str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in text.split('\n') {
        out.push(Line { span: Span::new(start, start + l.len()), text: l });
        start += l.len() + 1;
    }
    out
}

// ---------------------------------------------------------------------------------------
// The front matter
// ---------------------------------------------------------------------------------------

/// The people of one table or list, under its label.
#[derive(Debug, Clone, Default)]
struct Group {
    /// Comment lines before the entries: the label and a header row, as written.
    comments: Vec<String>,
    people: Vec<Person>,
}

/// One entry of `agenda`, or a comment line among them (`title: None`).
#[derive(Debug, Clone, Default)]
struct Entry {
    title: Option<String>,
    /// Kept after the entry as a comment: the `§ N` cell and cells that fit nowhere.
    comment: String,
    items: Vec<(String, String)>,
}

/// What the preamble gave, and which lines it consumed.
#[derive(Debug, Default)]
struct Front {
    body: Option<String>,
    date: Option<Date>,
    time: Option<String>,
    location: Option<String>,
    /// The place and time lines as written, kept as comments.
    place_comments: Vec<String>,
    attendees: Vec<Group>,
    absent: Vec<Group>,
    agenda_comments: Vec<String>,
    agenda: Vec<Entry>,
    /// Lines (indices) that became front matter.
    dropped: Vec<bool>,
}

impl Front {
    fn write(&self, out: &mut String) {
        if let Some(b) = &self.body {
            let _ = writeln!(out, "body: {}", block_scalar(b));
        }
        for c in &self.place_comments {
            let _ = writeln!(out, "# {}", comment_text(c));
        }
        if let Some(d) = self.date {
            let _ = writeln!(out, "date: {d}");
        }
        if let Some(t) = &self.time {
            let _ = writeln!(out, "time: {}", quoted(t));
        }
        if let Some(l) = &self.location {
            let _ = writeln!(out, "location: {}", block_scalar(l));
        }
        for (key, groups) in [("attendees", &self.attendees), ("absent", &self.absent)] {
            if groups.iter().all(|g| g.people.is_empty() && g.comments.is_empty()) {
                continue;
            }
            if groups.iter().all(|g| g.people.is_empty()) {
                // Labels without people: kept as comments, the key left out.
                for c in groups.iter().flat_map(|g| &g.comments) {
                    let _ = writeln!(out, "# {}", comment_text(c));
                }
                continue;
            }
            let _ = writeln!(out, "{key}:");
            for g in groups {
                for c in &g.comments {
                    let _ = writeln!(out, "  # {}", comment_text(c));
                }
                for p in &g.people {
                    let mut fields = Vec::new();
                    if !p.name.is_empty() {
                        fields.push(format!("name: {}", yaml_scalar(&p.name)));
                    }
                    if !p.org.is_empty() {
                        fields.push(format!("org: {}", yaml_scalar(&p.org)));
                    }
                    if !p.role.is_empty() {
                        fields.push(format!("role: {}", yaml_scalar(&p.role)));
                    }
                    let _ = write!(out, "  - {{ {} }}", fields.join(", "));
                    push_comment(out, &p.extra);
                }
            }
        }
        if !self.agenda.is_empty() || !self.agenda_comments.is_empty() {
            let has_entries = self.agenda.iter().any(|e| e.title.is_some());
            if has_entries {
                out.push_str("agenda:\n");
            }
            let indent = if has_entries { "  " } else { "" };
            for c in &self.agenda_comments {
                let _ = writeln!(out, "{indent}# {}", comment_text(c));
            }
            for e in &self.agenda {
                match &e.title {
                    None => {
                        let _ = writeln!(out, "{indent}# {}", comment_text(&e.comment));
                    }
                    Some(t) if e.items.is_empty() => {
                        let _ = write!(out, "  - {}", block_scalar(t));
                        push_comment(out, &e.comment);
                    }
                    Some(t) => {
                        let _ = write!(out, "  - title: {}", block_scalar(t));
                        push_comment(out, &e.comment);
                        out.push_str("    items:\n");
                        for (item, comment) in &e.items {
                            let _ = write!(out, "      - {}", block_scalar(item));
                            push_comment(out, comment);
                        }
                    }
                }
            }
        }
    }
}

/// A YAML scalar in block context (a value on its own line, a block list entry): plain
/// also when it holds commas or brackets, which only flow context (`{ … }`) reads.
fn block_scalar(s: &str) -> String {
    let first_ok = s.chars().next().is_some_and(|c| !"[]{},".contains(c));
    let flowless: String = s.chars().map(|c| if "[]{},".contains(c) { 'x' } else { c }).collect();
    if first_ok && is_plain_safe(&flowless) { s.to_owned() } else { yaml_scalar(s) }
}

/// A double-quoted YAML scalar (for `time`, which YAML 1.1 would read as a number).
fn quoted(s: &str) -> String {
    let y = yaml_scalar(s);
    if y.starts_with('"') { y } else { format!("\"{y}\"") }
}

/// A comment's text on one line. `protokoll:` would read as a suppression comment.
fn comment_text(s: &str) -> String {
    let one: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    one.split_whitespace().collect::<Vec<_>>().join(" ").replace("protokoll:", "protokoll :")
}

fn push_comment(out: &mut String, comment: &str) {
    let c = comment_text(comment);
    if !c.is_empty() {
        let _ = write!(out, "  # {c}");
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------------------
// The preamble: labels, place and time, tables
// ---------------------------------------------------------------------------------------

/// What a label line introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// Place, date and time ("Plats och tid"); `true` when it names the place.
    PlaceTime(bool),
    /// The attendees ("Närvarande").
    Present,
    /// The absent ("Frånvarande").
    Absent,
    /// The table of contents ("Innehållsförteckning").
    Contents,
}

fn label_kind(normalised: &str) -> Option<Label> {
    let n = normalised.trim_end_matches([':', '.', ' ']);
    Some(match n {
        "plats och tid"
        | "tid och plats"
        | "plats, datum och tid"
        | "datum, tid och plats"
        | "datum, plats och tid"
        | "plats, tid"
        | "plats"
        | "lokal"
        | "mötesplats"
        | "place and time"
        | "time and place"
        | "place"
        | "venue" => Label::PlaceTime(true),
        "tid" | "datum" | "datum och tid" | "tid och datum" | "sammanträdesdatum" | "mötesdatum" | "date" | "time"
        | "date and time" => Label::PlaceTime(false),
        "närvarande"
        | "närvarande ledamöter"
        | "beslutande"
        | "beslutande ledamöter"
        | "ledamöter"
        | "deltagare"
        | "närvarande ersättare"
        | "tjänstgörande ersättare"
        | "ersättare"
        | "övriga närvarande"
        | "övriga deltagare"
        | "tjänstepersoner"
        | "närvarande tjänstepersoner"
        | "present"
        | "attendees"
        | "members present"
        | "also present" => Label::Present,
        "frånvarande" | "frånvarande ledamöter" | "anmält förhinder" | "absent" | "apologies" => Label::Absent,
        "innehållsförteckning"
        | "innehåll"
        | "dagordning"
        | "föredragningslista"
        | "ärendelista"
        | "ärenden"
        | "contents"
        | "table of contents"
        | "agenda" => Label::Contents,
        _ => return None,
    })
}

/// A label line: `**Plats och tid**`, `**Plats och tid:** value`, `Närvarande:`,
/// `## Närvarande`. Returns the kind, the label as written and the rest of the line.
fn label_line(t: &str) -> Option<(Label, String, String)> {
    let s = t.trim().trim_start_matches('#').trim();
    let (label, rest) = if let Some(inner) = s.strip_prefix("**").or_else(|| s.strip_prefix("__")) {
        let close = inner.find("**").or_else(|| inner.find("__"))?;
        (inner.get(..close)?, inner.get(close + 2..)?)
    } else if let Some(colon) = s.find(':') {
        (s.get(..colon)?, s.get(colon..)?)
    } else {
        (s, "")
    };
    let kind = label_kind(&suggest::normalize(label))?;
    let written = label.trim().trim_end_matches(':').trim().to_owned();
    let rest = rest.trim().trim_start_matches(':').trim().to_owned();
    Some((kind, written, rest))
}

fn is_blank(l: &Line<'_>) -> bool {
    l.text.trim().is_empty()
}

fn scan_preamble(lines: &[Line<'_>], end: usize, tables: &[BodyTable], notes: &mut Vec<Note>) -> Front {
    let mut front = Front { dropped: vec![false; lines.len()], ..Front::default() };
    // The label waiting for its table or list: kind, label as written, its line.
    let mut pending: Option<(Label, String, usize)> = None;
    let mut title_date: Option<Date> = None;
    let mut i = 0;
    while let Some(line) = lines.get(i).copied() {
        if line.span.start >= end {
            break;
        }
        let t = line.text.trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            // A code block in the preamble is text: skip to its end.
            let fence = t.get(..3).unwrap_or("```");
            i += 1;
            while lines.get(i).is_some_and(|l| !l.text.trim().starts_with(fence)) {
                i += 1;
            }
            i += 1;
            pending = None;
            continue;
        }
        if t.starts_with('|') {
            let first = i;
            while lines.get(i + 1).is_some_and(|l| l.text.trim_start().starts_with('|')) {
                i += 1;
            }
            let last = i;
            i += 1;
            // The parser's tables are in file order.
            let at = tables.partition_point(|tb| tb.span.start < line.span.start);
            let table = tables.get(at).filter(|tb| tb.span.start <= line.span.end);
            let label = pending.take();
            if let Some(table) = table
                && take_table(&mut front, table, label.as_ref().map(|(k, w, _)| (*k, w.as_str())))
            {
                for d in front.dropped.get_mut(first..=last).into_iter().flatten() {
                    *d = true;
                }
                if let Some(d) = label.and_then(|(_, _, at)| front.dropped.get_mut(at)) {
                    *d = true;
                }
            }
            continue;
        }
        if let Some((kind, written, rest)) = label_line(t) {
            match kind {
                Label::PlaceTime(names_place) => {
                    let mut used = vec![i];
                    let mut value = rest;
                    if value.is_empty() {
                        // The value is the next block of lines (after blank lines).
                        let mut j = i + 1;
                        while lines.get(j).is_some_and(|l| is_blank(l) && l.span.start < end) {
                            j += 1;
                        }
                        let mut parts = Vec::new();
                        while let Some(l) = lines.get(j).filter(|l| {
                            !is_blank(l)
                                && l.span.start < end
                                && !l.text.trim_start().starts_with('|')
                                && label_line(l.text).is_none()
                        }) {
                            parts.push(l.text.trim());
                            used.push(j);
                            j += 1;
                        }
                        value = parts.join(" ");
                    }
                    i = used.last().map_or(i, |l| l + 1);
                    if value.is_empty() {
                        // A label with nothing after it: kept as it is.
                        continue;
                    }
                    for u in used {
                        if let Some(d) = front.dropped.get_mut(u) {
                            *d = true;
                        }
                    }
                    front.place_comments.push(format!("{written}: {value}"));
                    let pt = place_time(&value);
                    if front.date.is_none()
                        && let Some((date, weekday)) = pt.date
                    {
                        front.date = Some(date);
                        check_weekday(date, weekday.as_deref(), notes);
                    }
                    if front.time.is_none() {
                        front.time = pt.time;
                    }
                    if names_place && front.location.is_none() {
                        front.location = pt.location;
                    }
                }
                Label::Present | Label::Absent | Label::Contents => {
                    if !rest.is_empty() {
                        // `Frånvarande: Eva Berg (S), Per Olsson (M)` on one line.
                        let people: Vec<Person> = split_list(&rest).iter().map(|p| person_text(p)).collect();
                        if kind != Label::Contents && people.iter().all(|p| looks_like_person(&p.name)) {
                            let group = Group { comments: vec![written], people };
                            if kind == Label::Present { &mut front.attendees } else { &mut front.absent }.push(group);
                            if let Some(d) = front.dropped.get_mut(i) {
                                *d = true;
                            }
                            i += 1;
                            continue;
                        }
                        // A label with other text on its line is text.
                        pending = None;
                        i += 1;
                        continue;
                    }
                    pending = Some((kind, written, i));
                    i += 1;
                    if kind != Label::Contents {
                        i = take_list(&mut front, lines, i, end, &mut pending);
                    }
                }
            }
            continue;
        }
        // A title line may carry the date: `# Protokoll 2020-10-19`, `**Sammanträde 19 oktober 2020**`.
        if title_date.is_none() && (t.starts_with('#') || (t.starts_with("**") && t.ends_with("**"))) {
            title_date = place_time(t).date.map(|(d, _)| d);
        }
        pending = None;
        i += 1;
    }
    if front.date.is_none() {
        front.date = title_date;
    }
    front
}

fn check_weekday(date: Date, written: Option<&str>, notes: &mut Vec<Note>) {
    let Some(w) = written else { return };
    let lower = w.to_lowercase();
    let named = WEEKDAYS.iter().find(|(sv, en, _)| lower.starts_with(sv) || lower.starts_with(en)).map(|(_, _, d)| *d);
    if named.is_some_and(|d| d != date.weekday()) {
        notes.push(Note::WeekdayDiffers { written: w.to_owned(), date });
    }
}

/// The attendee list written as lines under its label, when no table follows:
/// `Tomas Johansson, Kommunstyrelsen` or `- Eva Berg (S)`, one a line. Returns the index
/// of the next line to scan.
fn take_list(
    front: &mut Front,
    lines: &[Line<'_>],
    from: usize,
    end: usize,
    pending: &mut Option<(Label, String, usize)>,
) -> usize {
    let Some((kind, written, at)) = pending.clone() else { return from };
    let mut j = from;
    while lines.get(j).is_some_and(|l| is_blank(l) && l.span.start < end) {
        j += 1;
    }
    let start = j;
    let mut people = Vec::new();
    while let Some(l) = lines.get(j).filter(|l| !is_blank(l) && l.span.start < end) {
        let t = l.text.trim();
        if t.starts_with('|') || label_line(t).is_some() {
            break;
        }
        let t = t.strip_prefix(['-', '*', '•', '–']).map_or(t, str::trim_start);
        people.push(person_line(t));
        j += 1;
    }
    if people.is_empty() || people.iter().filter(|p| looks_like_person(&p.name)).count() * 2 < people.len() {
        return from;
    }
    for d in front.dropped.get_mut(start..j).into_iter().flatten() {
        *d = true;
    }
    if let Some(d) = front.dropped.get_mut(at) {
        *d = true;
    }
    let group = Group { comments: vec![written], people };
    if kind == Label::Present { &mut front.attendees } else { &mut front.absent }.push(group);
    *pending = None;
    j
}

/// Takes a table into the front matter when it is an attendee list or a table of
/// contents; returns whether it did.
fn take_table(front: &mut Front, table: &BodyTable, label: Option<(Label, &str)>) -> bool {
    let rows: Vec<&TableRow> = std::iter::once(&table.header).chain(&table.rows).collect();
    let marked = table.rows.iter().filter(|r| r.cells.iter().any(|c| toc_mark(&c.value).is_some())).count();
    let contents = (marked > 0 && marked * 2 >= table.rows.len())
        || label.is_some_and(|(k, _)| k == Label::Contents)
        || (table.kind == TableKind::Contents && label.is_none());
    let label_text = label.map(|(_, w)| w.to_owned());
    if contents {
        return take_contents(front, &rows, label_text);
    }
    let kind = match label.map(|(k, _)| k) {
        Some(Label::Absent) => Label::Absent,
        Some(Label::Present) => Label::Present,
        _ => match table.kind {
            TableKind::Absent => Label::Absent,
            _ => Label::Present,
        },
    };
    let Some((comments, people)) = people_table(&rows, label_text) else { return false };
    let most = |f: &dyn Fn(&Person) -> bool| people.iter().filter(|p| f(p)).count() * 2 >= people.len();
    if label.is_none()
        && table.kind == TableKind::Other
        && (!most(&|p| looks_like_person(&p.name)) || most(&|p| looks_like_person(&p.org)))
    {
        // An unlabelled table that does not list people, or lists names in two columns
        // (signatures: ordförande, justerare), is text.
        return false;
    }
    let group = Group { comments, people };
    if kind == Label::Absent { &mut front.absent } else { &mut front.attendees }.push(group);
    true
}

/// `§ 12`, `§12`, `§ 17 a`: a table cell that is a paragraph number.
fn toc_mark(cell: &str) -> Option<String> {
    let rest = cell.trim().strip_prefix('§')?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let tail = rest.get(digits..)?.trim();
    let letter = tail.len() == 1 && tail.bytes().all(|b| b.is_ascii_lowercase());
    (tail.is_empty() || letter).then(|| cell.trim().to_owned())
}

/// A cell's text: outer bold markers and escaped pipes undone.
fn cell_text(s: &str) -> String {
    let t = s.trim();
    let t = t.strip_prefix("**").and_then(|x| x.strip_suffix("**")).unwrap_or(t);
    t.replace("\\|", "|").trim().to_owned()
}

fn take_contents(front: &mut Front, rows: &[&TableRow], label: Option<String>) -> bool {
    let mut entries: Vec<Entry> = Vec::new();
    let mut comments: Vec<String> = label.into_iter().collect();
    for (ri, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row.cells.iter().map(|c| cell_text(&c.value)).collect();
        let mark = cells.iter().position(|c| toc_mark(c).is_some());
        let title_at = cells.iter().enumerate().position(|(j, c)| Some(j) != mark && !c.is_empty());
        let extras: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(j, c)| Some(*j) != mark && Some(*j) != title_at && !c.is_empty())
            .map(|(_, c)| c.as_str())
            .collect();
        let mut comment: Vec<&str> = mark.and_then(|m| cells.get(m)).map(String::as_str).into_iter().collect();
        comment.extend(extras);
        let comment = comment.join(" | ");
        let Some(title) = title_at.and_then(|j| cells.get(j)) else {
            if !comment.is_empty() {
                entries.push(Entry { title: None, comment, items: Vec::new() });
            }
            continue;
        };
        if ri == 0 && mark.is_none() {
            // A header row ("Ärende | §"): kept as a comment.
            comments.push(cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" | "));
            continue;
        }
        let sub = title.strip_prefix(['-', '–', '•', '*']).filter(|_| mark.is_none());
        match (sub, entries.iter_mut().rev().find(|e| e.title.is_some())) {
            (Some(item), Some(parent)) => parent.items.push((item.trim().to_owned(), comment)),
            _ => entries.push(Entry { title: Some(title.clone()), comment, items: Vec::new() }),
        }
    }
    if entries.is_empty() && comments.is_empty() {
        return false;
    }
    front.agenda_comments.extend(comments);
    front.agenda.extend(entries);
    true
}

// ---------------------------------------------------------------------------------------
// The body
// ---------------------------------------------------------------------------------------

/// The heading in the format: `## § N Title {attrs}`, the title as written (bold
/// markers and a trailing colon removed), attributes kept.
fn canonical_heading(text: &str, p: &Paragraph) -> String {
    let mut s = format!("## § {}", p.number_label());
    if let Some(t) = &p.title {
        let raw = text.get(t.span.start..t.span.end).unwrap_or(&t.value);
        let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if !raw.is_empty() {
            s.push(' ');
            s.push_str(&raw);
        }
    }
    if let Some(a) = p.attrs.span {
        let a = text.get(a.start..a.end).unwrap_or("").trim();
        if !a.is_empty() {
            s.push(' ');
            s.push_str(a);
        }
    }
    s
}

/// A thematic break (`---`, `***`, `___`): the separators word processors put between §.
fn is_break(t: &str) -> bool {
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    s.len() >= 3 && (s.bytes().all(|b| b == b'-') || s.bytes().all(|b| b == b'*') || s.bytes().all(|b| b == b'_'))
}

fn fence_of(t: &str) -> Option<&'static str> {
    let s = t.trim_start();
    if s.starts_with("```") {
        Some("```")
    } else if s.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Out {
    Blank,
    /// A line, or a line inside a fenced code block (kept even when blank).
    Text(String),
}

/// The body (the text with what became front matter blanked out): the paragraphs with
/// their headings in the format; separators dropped, runs of blank lines made one.
///
/// Which lines are blank and which are not is otherwise kept, line by line: the parser
/// reads a plain `§ 3` line (and a stray `.` line) as such only when it stands between
/// blank lines, so adding or removing a blank line could make a heading of a line
/// that was text, or the other way round.
fn rewrite_body(text: &str, lines: &[Line<'_>], paragraphs: &[Paragraph]) -> String {
    let mut heads: Vec<&Paragraph> = paragraphs.iter().collect();
    heads.sort_by_key(|p| p.heading.start);
    let mut heads = heads.into_iter().peekable();
    let mut out: Vec<Out> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut untitled = false;
    let mut i = 0;
    while let Some(line) = lines.get(i).copied() {
        i += 1;
        if let Some(f) = fence {
            if line.text.trim_start().starts_with(f) {
                fence = None;
            }
            out.push(Out::Text(line.text.to_owned()));
            continue;
        }
        while heads.peek().is_some_and(|p| p.heading.start < line.span.start) {
            heads.next();
        }
        if let Some(p) = heads.next_if(|p| p.heading.start >= line.span.start && p.heading.start <= line.span.end) {
            untitled = p.title.is_none();
            out.push(Out::Text(canonical_heading(text, p)));
            while lines.get(i).is_some_and(|l| l.span.start < p.heading.end) {
                i += 1;
            }
            continue;
        }
        if let Some(f) = fence_of(line.text) {
            fence = Some(f);
            untitled = false;
            out.push(Out::Text(line.text.to_owned()));
            continue;
        }
        if line.text.trim().is_empty() {
            out.push(Out::Blank);
            continue;
        }
        // A separator between blank lines goes; under a line of text `---` is a heading's
        // underline, and is kept.
        let blank_before = out.last().is_none_or(|o| *o == Out::Blank);
        let blank_after = lines.get(i).is_none_or(is_blank);
        // Under a heading without a title, the next line would be read as its title.
        if is_break(line.text) && blank_before && blank_after && !untitled {
            continue;
        }
        untitled = false;
        out.push(Out::Text(line.text.to_owned()));
    }
    let mut s = String::with_capacity(text.len());
    let mut blank_pending = false;
    for o in out {
        match o {
            Out::Blank => blank_pending = true,
            Out::Text(t) => {
                if blank_pending && !s.is_empty() {
                    s.push('\n');
                }
                blank_pending = false;
                s.push_str(&t);
                s.push('\n');
            }
        }
    }
    s.trim_end().to_owned()
}

// ---------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------

/// The words of a text: maximal runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The first word of `input` that `output` has fewer of, if any.
#[must_use]
pub fn lost_word(input: &str, output: &str) -> Option<String> {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for w in words(output) {
        *counts.entry(w).or_default() += 1;
    }
    for w in words(input) {
        let c = counts.entry(w).or_default();
        *c -= 1;
        if *c < 0 {
            return Some(w.to_owned());
        }
    }
    None
}

/// The output keeps every word of the input, its front matter reads back as intended and
/// its paragraphs are the input's.
fn verify(input: &str, output: &str, front: &Front, paragraphs: &[Paragraph], work: &str) -> Result<(), ImportError> {
    if let Some(w) = lost_word(input, output) {
        return Err(ImportError::WouldLoseText(w));
    }
    let back = parse_text(output);
    let Some(fm) = back.front.as_ref() else {
        return Err(ImportError::NotReadBack("no front matter".into()));
    };
    let value = |s: Option<&crate::source::Spanned<String>>| s.map(|s| s.value.clone());
    if value(fm.body.as_ref()) != front.body
        || value(fm.location.as_ref()) != front.location
        || value(fm.time.as_ref()) != front.time
        || fm.date.as_ref().map(|d| d.value) != front.date
    {
        return Err(ImportError::NotReadBack("body, date, time or location".into()));
    }
    let wanted: Vec<(String, String)> =
        front.attendees.iter().flat_map(|g| &g.people).map(|p| (p.name.clone(), p.org.clone())).collect();
    let got: Vec<(String, String)> = back
        .attendees()
        .iter()
        .map(|a| (value(a.name.as_ref()).unwrap_or_default(), value(a.org.as_ref()).unwrap_or_default()))
        .collect();
    if wanted != got {
        return Err(ImportError::NotReadBack("attendees".into()));
    }
    let wanted: Vec<(String, Vec<String>)> = front
        .agenda
        .iter()
        .filter_map(|e| e.title.clone().map(|t| (t, e.items.iter().map(|(i, _)| i.clone()).collect())))
        .collect();
    let got: Vec<(String, Vec<String>)> = fm
        .agenda
        .as_ref()
        .map(|a| {
            a.value.iter().map(|e| (e.title.value.clone(), e.items.iter().map(|i| i.value.clone()).collect())).collect()
        })
        .unwrap_or_default();
    if wanted != got {
        return Err(ImportError::NotReadBack("agenda".into()));
    }
    let heads = |ps: &[Paragraph], t: &str| -> Vec<(String, Option<String>)> {
        ps.iter()
            .map(|p| {
                let title = p.title.as_ref().map(|x| {
                    t.get(x.span.start..x.span.end).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
                });
                (p.number_label(), title)
            })
            .collect()
    };
    if heads(paragraphs, work) != heads(&back.paragraphs, output) {
        return Err(ImportError::NotReadBack("paragraph headings".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(label_line("**Plats och tid**").map(|l| l.0), Some(Label::PlaceTime(true)));
        assert_eq!(
            label_line("**Plats och tid:** Kommunhuset"),
            Some((Label::PlaceTime(true), "Plats och tid".into(), "Kommunhuset".into()))
        );
        assert_eq!(label_line("Frånvarande:").map(|l| l.0), Some(Label::Absent));
        assert_eq!(label_line("### Innehållsförteckning").map(|l| l.0), Some(Label::Contents));
        assert_eq!(label_line("Rådets ledamöter diskuterar"), None);
    }

    #[test]
    fn words_lost_and_kept() {
        assert_eq!(lost_word("a b a", "b a a c"), None);
        assert_eq!(lost_word("a b a", "a b"), Some("a".into()));
        assert_eq!(words("§10 Covid-19: kl 13:00").collect::<Vec<_>>(), ["10", "Covid", "19", "kl", "13", "00"]);
    }

    #[test]
    fn unlabelled_tables() {
        let people = "| Kommunstyrelsen | Tomas Johansson |\n|---|---|\n| Polisen | Annika Stomberg |\n\n§ 1 A\n";
        let signatures = "| Ordförande | Justerare |\n|---|---|\n| Tomas Johansson | Annika Stomberg |\n\n§ 1 A\n";
        let options = Options { body: Some("Rådet".into()), date: None };
        let counts = |doc: &str| convert(doc, &options).map(|i| i.counts.attendees);
        assert_eq!(counts(people), Ok(2));
        assert_eq!(counts(signatures), Ok(0));
    }

    #[test]
    fn attendees_written_as_lines() {
        let doc = "**Närvarande**\n\nTomas Johansson, Kommunstyrelsen\nSocialförvaltningen, Talieh Ashjari\n\n\
                   **Frånvarande**\n\n- Eva Berg (S)\n\n§ 1 Val av justerare\n\nText.\n";
        let imported = convert(doc, &Options { body: Some("Rådet".into()), date: None }).map(|i| i.text);
        assert_eq!(
            imported.as_deref(),
            Ok("---\nbody: Rådet\nattendees:\n  # Närvarande\n  - { name: Tomas Johansson, org: Kommunstyrelsen }\n  \
                - { name: Talieh Ashjari, org: Socialförvaltningen }\nabsent:\n  # Frånvarande\n  - { name: Eva Berg, org: S }\n\
                ---\n\n## § 1 Val av justerare\n\nText.\n")
        );
    }

    /// Documents made of random pieces of exports (labels, tables, every heading style,
    /// separators, comments, fences, CR, BOM, junk): none makes the conversion panic, lose
    /// a word or change which lines are paragraph headings (each is verified inside).
    #[test]
    fn random_documents_convert_without_loss() {
        const PIECES: &[&str] = &[
            "\n",
            "\n\n",
            "**Plats och tid**\n",
            "Kommunhuset, 19 oktober 2020 kl 13-15\n",
            "**Närvarande**\n",
            "**Frånvarande**\n",
            "**Innehållsförteckning**\n",
            "| a | b |\n",
            "|---|---|\n",
            "| Anna Berg | KS |\n",
            "| KS | Anna Berg |\n",
            "| Titel | § 1 |\n",
            "| - sub | |\n",
            "| | § 2 |\n",
            "§ 1\n",
            "§2\n",
            "**§ 3**\n",
            "**Titel**\n",
            "### **Rubrik**\n",
            "## § 4\n",
            "## § 5 Rubrik {dnr=\"x\"}\n",
            "---\n",
            "***\n",
            "text\n",
            ".\n",
            "-\n",
            "```\n",
            "<!-- c\n",
            "-->\n",
            "# protokoll: allow x\n",
            "Närvarande: Eva Berg (S), Per Ek (M)\n",
            "| \\| x | § 9 a |\n",
            "**Datum:** 2020-13-45\n",
            "§ 99999999\n",
            "\u{feff}",
            "\r\n",
            "\r",
            "**\n",
            "****\n",
            "|\n",
            "| |\n",
            "# Rubrik 2020-10-19\n",
            "Tid: kl 25:99\n",
            "---\nbody: x\n---\n",
            "| Namn | Org | Roll | X |\n",
            "ä",
            "§",
            "{",
            "}",
            ":",
            "\"",
            "'",
            "#",
            " ",
            "\t",
        ];
        let mut seed: u64 = 0x1234_5678;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0)
        };
        let options = Options { body: Some("Rådet: x".into()), date: None };
        for round in 0..2000 {
            let mut doc = String::new();
            for _ in 0..next() % 40 {
                doc.push_str(PIECES.get(next() % PIECES.len()).copied().unwrap_or(""));
            }
            match convert(&doc, &options) {
                Ok(_) | Err(ImportError::AlreadyInFormat) => {}
                Err(e) => panic!("round {round}: {e}\n{doc:?}"),
            }
        }
    }
}
