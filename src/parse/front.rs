//! The front matter: split it from the body and convert its YAML into [`FrontMatter`].

use super::convert::{Conv, parse_date};
use super::model::{AgendaItem, Anslag, Attendee, FrontMatter, Justering, MeetingRef, Status};
use super::yaml::{self, Node, NodeKind};
use crate::diagnostic::{Diagnostic, suggest};
use crate::source::{FileId, Span, Spanned};

/// The keys a protocol's front matter may have.
pub const KEYS: &[&str] = &[
    "body",
    "date",
    "time",
    "location",
    "status",
    "chair",
    "secretary",
    "adjusters",
    "previous",
    "justering",
    "anslag",
    "attendees",
    "absent",
    "tags",
    "agenda",
];

/// The keys of an entry of `attendees` or `absent`.
pub const ATTENDEE_KEYS: &[&str] = &["name", "org", "role", "serves_for"];
/// The keys of `justering`.
pub const JUSTERING_KEYS: &[&str] = &["date", "place"];
/// The keys of `anslag`.
pub const ANSLAG_KEYS: &[&str] = &["up", "down"];
/// The keys of an agenda item written as a mapping.
pub const AGENDA_KEYS: &[&str] = &["title", "items"];

/// Where the front matter is in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// `---` … `---`: the YAML's span and where the body starts.
    Found {
        /// The YAML between the fences.
        yaml: Span,
        /// The first byte after the closing fence's line.
        body_start: usize,
    },
    /// An opening `---` with no closing one; the span of the opening line.
    Unclosed(Span),
    /// The file does not start with `---`.
    Missing,
}

/// Finds the front matter: the first line must be `---`; it ends at the next line that
/// is `---` or `...`. Only the start of the file counts, never a `---` later in the body.
#[must_use]
pub fn split(text: &str) -> Split {
    let mut lines = crate::source::line_spans(text, 0);
    let Some(first) = lines.next() else { return Split::Missing };
    if text.get(first.0.start..first.0.end).map(str::trim_end) != Some("---") {
        return Split::Missing;
    }
    let yaml_start = first.1;
    for (line, next) in lines {
        let t = text.get(line.start..line.end).unwrap_or("").trim_end();
        if t == "---" || t == "..." {
            return Split::Found { yaml: Span::new(yaml_start, line.start), body_start: next };
        }
    }
    Split::Unclosed(first.0)
}

/// Parses the YAML at `span` of `text` into the front matter. `None` (with a diagnostic)
/// when the YAML is malformed or is not a mapping.
pub fn parse(text: &str, span: Span, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let yaml_text = text.get(span.start..span.end).unwrap_or("");
    if yaml_text.trim().is_empty() {
        diags.push(
            Diagnostic::new("front-matter-malformed", file, Some(Span::point(span.start)), "the front matter is empty")
                .with_help("add at least `body:`, `date:` and `attendees:` between the `---` lines"),
        );
        return None;
    }
    let root = match yaml::parse(yaml_text, span.start) {
        Ok(node) => node,
        Err(err) => {
            let at = err.offset.map_or(Span::point(span.start), Span::point);
            let mut d = Diagnostic::new(
                "front-matter-malformed",
                file,
                Some(at),
                format!("the front matter is not valid YAML: {}", err.message),
            );
            d = if err.message.contains("budget") || err.message.contains("alias") || err.message.contains("depth") {
                d.with_help("the front matter is too large or too deeply nested; YAML aliases (`*name`) are limited")
            } else {
                d.with_help("check the indentation and quoting on this line; text containing `: ` or starting with `[`, `{`, `*`, `&` or `#` needs quotes")
            };
            diags.push(d);
            return None;
        }
    };
    // The tree is taken apart as it is converted: its strings move into the front matter.
    let mut conv = Conv { file, diags };
    let entries = conv.take_map(root, "the front matter", "the front matter is a list of `key: value` lines")?;
    let mut fm = FrontMatter { span, ..FrontMatter::default() };
    for (k, v) in entries {
        let Some(key) = conv.key(&k) else { continue };
        match key {
            "body" => fm.body = conv.take_string(v, key),
            "date" => fm.date = conv.date(&v, key),
            "time" => fm.time = conv.take_string(v, key),
            "location" => fm.location = conv.take_string(v, key),
            "status" => fm.status = status(&mut conv, &v),
            "chair" => fm.chair = conv.take_string(v, key),
            "secretary" => fm.secretary = conv.take_string(v, key),
            "adjusters" => fm.adjusters = conv.take_string_list(v, key),
            "previous" => fm.previous = previous(&mut conv, &v),
            "justering" => fm.justering = justering(&mut conv, v),
            "anslag" => fm.anslag = anslag(&mut conv, &v),
            "attendees" => {
                let at = v.span;
                fm.attendees = Some(Spanned::new(people(&mut conv, v, key), at));
            }
            "absent" => fm.absent = people(&mut conv, v, key),
            "tags" => fm.tags = conv.take_string_list(v, key),
            "agenda" => {
                let at = v.span;
                fm.agenda = Some(Spanned::new(agenda(&mut conv, v), at));
            }
            other => conv.unknown_key(&k, other, KEYS, "the front matter"),
        }
    }
    Some(fm)
}

fn status(conv: &mut Conv, v: &Node) -> Option<Spanned<Status>> {
    let s = conv.string(v, "status")?;
    let st = match suggest::normalize(&s.value).as_str() {
        "draft" | "utkast" => Status::Draft,
        "adjusted" | "justerat" | "justerad" => Status::Adjusted,
        "published" | "publicerat" | "publicerad" | "anslaget" => Status::Published,
        _ => {
            let mut d =
                Diagnostic::new("invalid-value", conv.file, Some(v.span), format!("unknown status \"{}\"", s.value))
                    .with_label("expected draft, adjusted or published");
            if let Some(m) = suggest::did_you_mean(&s.value, ["draft", "adjusted", "published", "utkast", "justerat"]) {
                d = d.with_help(format!("did you mean `{m}`?"));
            } else {
                d = d.with_help("status is one of: draft, adjusted (justerat), published");
            }
            conv.diags.push(d);
            return None;
        }
    };
    Some(Spanned::new(st, s.span))
}

fn previous(conv: &mut Conv, v: &Node) -> Option<Spanned<MeetingRef>> {
    if let NodeKind::Int(_) = v.kind {
        conv.date(v, "previous");
        return None;
    }
    let s = conv.string(v, "previous")?;
    if let Some(m) = parse_meeting_ref(&s.value) {
        return Some(Spanned::new(m, s.span));
    }
    conv.diags.push(
        Diagnostic::new(
            "invalid-date",
            conv.file,
            Some(s.span),
            format!("`previous` is not a meeting date: \"{}\"", s.value),
        )
        .with_label("expected a date like 2020-02-24")
        .with_help("name the previous meeting by its date, YYYY-MM-DD (or YYYY-MM-DD-2 for a second meeting that day)"),
    );
    None
}

/// Parses `2020-10-19` or `2020-10-19-2`.
#[must_use]
pub fn parse_meeting_ref(s: &str) -> Option<MeetingRef> {
    let s = s.trim();
    let date = parse_date(s.get(..10)?)?;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(MeetingRef { date, seq: 1 });
    }
    let seq: u32 = rest.strip_prefix('-')?.parse().ok()?;
    (seq >= 2).then_some(MeetingRef { date, seq })
}

fn justering(conv: &mut Conv, v: Node) -> Option<Justering> {
    let span = v.span;
    let entries = conv.take_map(v, "justering", "write `justering: { date: 2020-10-26, place: Kommunhuset }`")?;
    let mut j = Justering { span, ..Justering::default() };
    for (k, val) in entries {
        let Some(key) = conv.key(&k) else { continue };
        match key {
            "date" => j.date = conv.date(&val, "justering.date"),
            "place" => j.place = conv.take_string(val, "justering.place"),
            other => conv.unknown_key(&k, other, JUSTERING_KEYS, "`justering`"),
        }
    }
    Some(j)
}

fn anslag(conv: &mut Conv, v: &Node) -> Option<Anslag> {
    let entries = conv.map(v, "anslag", "write `anslag: { up: 2020-10-27, down: 2020-11-18 }`")?;
    let mut a = Anslag { span: v.span, ..Anslag::default() };
    for (k, val) in entries {
        let Some(key) = conv.key(k) else { continue };
        match key {
            "up" => a.up = conv.date(val, "anslag.up"),
            "down" => a.down = conv.date(val, "anslag.down"),
            other => conv.unknown_key(k, other, ANSLAG_KEYS, "`anslag`"),
        }
    }
    Some(a)
}

fn people(conv: &mut Conv, v: Node, key: &str) -> Vec<Attendee> {
    let items = match v.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Null => return Vec::new(),
        kind => {
            conv.wrong_type(
                &Node { span: v.span, kind },
                key,
                "a list",
                &format!("write one person a line: `  - {{ name: Anna Berg, org: Kommunstyrelsen }}` under `{key}:`"),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let span = item.span;
        let mut a = Attendee { span, ..Attendee::default() };
        match item.kind {
            // A bare name is accepted: `- Anna Berg`.
            NodeKind::Str(s) => a.name = conv.take_string(Node { span, kind: NodeKind::Str(s) }, "name"),
            NodeKind::Null => {}
            NodeKind::Map(entries) => {
                for (k, val) in entries {
                    let Some(name) = conv.key(&k) else { continue };
                    match name {
                        "name" => a.name = conv.take_string(val, "name"),
                        "org" => a.org = conv.take_string(val, "org"),
                        "role" => a.role = conv.take_string(val, "role"),
                        "serves_for" => a.serves_for = conv.take_string(val, "serves_for"),
                        other => conv.unknown_key(&k, other, ATTENDEE_KEYS, &format!("an entry of `{key}`")),
                    }
                }
            }
            kind => conv.wrong_type(
                &Node { span, kind },
                key,
                "a person (`{ name: …, org: … }`)",
                "write `- { name: Anna Berg, org: Kommunstyrelsen }`",
            ),
        }
        out.push(a);
    }
    out
}

fn agenda(conv: &mut Conv, v: Node) -> Vec<AgendaItem> {
    let items = match v.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Null => return Vec::new(),
        kind => {
            conv.wrong_type(
                &Node { span: v.span, kind },
                "agenda",
                "a list",
                "write one agenda item a line: `  - Föregående mötesprotokoll`",
            );
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let span = item.span;
        match item.kind {
            NodeKind::Map(entries) => {
                let mut title = None;
                let mut subs = Vec::new();
                for (k, val) in entries {
                    let Some(key) = conv.key(&k) else { continue };
                    match key {
                        "title" => title = conv.take_string(val, "agenda.title"),
                        "items" => subs = conv.take_string_list(val, "agenda.items"),
                        other => conv.unknown_key(&k, other, AGENDA_KEYS, "an agenda item"),
                    }
                }
                let title = title.unwrap_or_else(|| Spanned::new(String::new(), span));
                out.push(AgendaItem { span, title, items: subs });
            }
            NodeKind::Seq(items) => conv.wrong_type(
                &Node { span, kind: NodeKind::Seq(items) },
                "agenda",
                "a title or `{ title, items }`",
                "nest sub-items under `items:` of an item with a `title:`",
            ),
            kind => {
                let title = conv
                    .take_string(Node { span, kind }, "agenda")
                    .unwrap_or_else(|| Spanned::new(String::new(), span));
                out.push(AgendaItem { span, title, items: Vec::new() });
            }
        }
    }
    out
}
