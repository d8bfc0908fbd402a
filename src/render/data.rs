//! Open data under `data/`: JSON per protocol, the archive index, a JSON Schema, the
//! attendance CSV and an iCalendar file per body. The shape is documented, and versioned
//! by [`VERSION`], in `docs/data.md`.
//!
//! Everything here is built from the same views as the pages ([`paragraph_view`]), so a
//! confidential paragraph carries in a public build exactly what its `show=` allows, and
//! the front matter's `agenda` (which may name a confidential matter) is never exported.
//! Drafts are never exported, not even with `--drafts`. The output depends on the archive
//! alone (no clock, no hash order), so the same site gives the same bytes.
//!
//! The JSON is written field by field ([`Json`]) in the documented order rather than
//! through serde: the shape is fixed, and `serde_json`'s byte-by-byte string escaping of the
//! long HTML and text fields was half the cost of the open data.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use jiff::civil::Date;
use rayon::prelude::*;

use super::Page;
use super::feeds::{appeal_last_day, base_url, host, site_slug};
use super::view::{ParagraphView, Paths, ProtocolView};
use crate::config::{Numbering, Profile};
use crate::index::{Archive, Meeting, PersonEntry};
use crate::parse::{Attendee, SectionKind, Show, Status};
use crate::source::Spanned;

/// The version of the open-data shape (`docs/data.md`). Fields may be added within a
/// version; none is removed, renamed or changes meaning or type without a new version.
pub const VERSION: u32 = 1;

/// Where the schema is shipped, from the site root.
pub const SCHEMA_PATH: &str = "data/schema/protokoll-data.schema.json";

/// The open-data files of the archive.
#[must_use]
pub fn files(archive: &Archive<'_>, internal: bool) -> Vec<Page> {
    let views = super::view::meeting_views(archive, internal);
    let pages = std::sync::Mutex::new(Vec::new());
    let _ = each_file(archive, internal, &views, &|page: Page| -> Result<(), std::convert::Infallible> {
        if let Ok(mut p) = pages.lock() {
            p.push(page);
        }
        Ok(())
    });
    let mut pages = pages.into_inner().unwrap_or_default();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages
}

/// Hands every open-data file to `sink` as soon as it is ready.
///
/// One parallel pass over the meetings writes each exported protocol's JSON (handed on and
/// dropped at once, so a large archive's data never sits in memory whole) and makes that
/// meeting's rows of the attendance CSV and its calendar event. The CSV and the calendars
/// are then those pieces put together in order: little of the work is left to one thread.
///
/// `views[m]` is the view of `archive.meetings[m]`, made with the same
/// `internal` ([`super::view::meeting_views`]).
// Never inlined, so that a profile shows the open data's cost as one entry.
#[inline(never)]
pub fn each_file<E: Send>(
    archive: &Archive<'_>,
    internal: bool,
    views: &[ProtocolView],
    sink: &(dyn Fn(Page) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let lang = archive.site.config.site.language;
    let paths = Paths { lang };
    let events = Events::new(archive, paths);
    // `None`: not exported (a draft).
    let pieces: Vec<Option<Pieces>> = (0..archive.meetings.len())
        .into_par_iter()
        .map(|mi| {
            let Some(m) = exported(archive, mi) else { return Ok(None) };
            let view = ProtocolView::at(views, mi);
            if let Some(content) = protocol_json(archive, paths, mi, view) {
                sink(Page { path: data_path(archive, m), content })?;
            }
            Ok(Some(Pieces {
                index_entry: meeting_entry(archive, paths, m),
                attendance: attendance_rows(archive, m),
                event: events.event(mi, &view.paragraphs),
            }))
        })
        .collect::<Result<_, E>>()?;
    let ctx = Ctx { archive, internal, paths, pieces: &pieces };
    sink(Page { path: SCHEMA_PATH.into(), content: SCHEMA.as_bytes().to_vec() })?;
    // The archive-wide files, each made by one thread: side by side.
    let (index, rest) = rayon::join(
        || sink(Page { path: "data/index.json".into(), content: ctx.index_json() }),
        || {
            rayon::join(
                || sink(Page { path: "data/attendance.csv".into(), content: ctx.attendance_csv().into_bytes() }),
                || {
                    archive.bodies.par_iter().enumerate().try_for_each(|(bi, b)| {
                        sink(Page {
                            path: format!("data/calendar/{}.ics", b.slug),
                            content: ctx.calendar(bi).into_bytes(),
                        })
                    })
                },
            )
        },
    );
    index?;
    rest.0?;
    rest.1
}

/// What an exported meeting adds to the archive-wide files, made beside its JSON.
struct Pieces {
    /// Its entry in `meetings` of `data/index.json`.
    index_entry: Vec<u8>,
    /// Its rows of `data/attendance.csv`.
    attendance: String,
    /// Its event in the body's calendar (folded content lines); "" when iCalendar cannot
    /// write its date.
    event: String,
}

/// An exported meeting; `None` for a draft.
fn exported<'a>(archive: &'a Archive<'_>, mi: usize) -> Option<&'a Meeting> {
    let m = archive.meetings.get(mi)?;
    let p = archive.site.protocols.get(m.protocol)?;
    (p.status() != Status::Draft).then_some(m)
}

/// `<body>/<meeting>`.
fn meeting_id(archive: &Archive<'_>, m: &Meeting) -> String {
    let body = archive.bodies.get(m.body).map_or("", |b| b.slug.as_str());
    format!("{body}/{}", m.slug)
}

fn data_path(archive: &Archive<'_>, m: &Meeting) -> String {
    format!("data/protocols/{}.json", meeting_id(archive, m))
}

/// The text of an optional front-matter value.
fn value(v: Option<&Spanned<String>>) -> Option<&str> {
    v.map(|x| x.value.as_str())
}

struct Ctx<'a, 's> {
    archive: &'a Archive<'s>,
    internal: bool,
    paths: Paths,
    /// By meeting: its pieces of the CSV and calendars; `None` for meetings that are not
    /// exported (drafts).
    pieces: &'a [Option<Pieces>],
}

// ---------------------------------------------------------------------------------------
// Writing JSON

/// A compact JSON document (one line), written straight into bytes in the order the
/// fields are written: `json.field("id", slug)`, `json.object(|json| …)`.
///
/// The bytes are those `serde_json::to_vec` gives for the same values (the unit tests
/// compare the two); strings go through [`push_json_str`].
struct Json {
    out: Vec<u8>,
    /// Whether the next value needs a `,` first: one came before it in the same object or
    /// array.
    comma: bool,
}

impl Json {
    fn with_capacity(capacity: usize) -> Self {
        Self { out: Vec::with_capacity(capacity), comma: false }
    }

    fn separate(&mut self) {
        if self.comma {
            self.out.push(b',');
        }
        self.comma = true;
    }

    /// `"key":`, for the value written next. Keys are names of the shape, which need no
    /// escaping. Inlined, so that copying the key is a move of its known length.
    #[inline]
    fn key(&mut self, key: &'static str) {
        debug_assert!(!key.bytes().any(json_escaped), "{key}");
        self.separate();
        self.out.reserve(key.len() + 3);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.push(b'"');
        self.out.push(b':');
        self.comma = false;
    }

    /// A value: in an array, or after [`key`](Self::key).
    fn value(&mut self, value: impl ToJson) {
        self.separate();
        value.write_json(&mut self.out);
    }

    /// A value, and where its bytes are in the document, for [`value_again`](Self::value_again).
    fn value_at(&mut self, value: impl ToJson) -> Range<usize> {
        self.separate();
        let start = self.out.len();
        value.write_json(&mut self.out);
        start..self.out.len()
    }

    /// Values written by another `Json` ([`into_values`](Self::into_values)): one, or
    /// several separated by commas; nothing when empty.
    fn values_from(&mut self, values: &[u8]) {
        if !values.is_empty() {
            self.separate();
            self.out.extend_from_slice(values);
        }
    }

    /// The values written, to go into another document ([`values_from`](Self::values_from)).
    fn into_values(self) -> Vec<u8> {
        self.out
    }

    /// The value written at `range` ([`value_at`](Self::value_at)) once more.
    fn value_again(&mut self, range: Range<usize>) {
        self.separate();
        if range.end <= self.out.len() {
            self.out.extend_from_within(range);
        }
    }

    fn field(&mut self, key: &'static str, value: impl ToJson) {
        self.key(key);
        self.value(value);
    }

    /// `{…}`, its fields written by `fields`.
    fn object(&mut self, fields: impl FnOnce(&mut Self)) {
        self.separate();
        self.out.push(b'{');
        self.comma = false;
        fields(self);
        self.out.push(b'}');
        self.comma = true;
    }

    /// `[…]`, its values written by `items`.
    fn array(&mut self, items: impl FnOnce(&mut Self)) {
        self.separate();
        self.out.push(b'[');
        self.comma = false;
        items(self);
        self.out.push(b']');
        self.comma = true;
    }

    fn object_field(&mut self, key: &'static str, fields: impl FnOnce(&mut Self)) {
        self.key(key);
        self.object(fields);
    }

    fn array_field(&mut self, key: &'static str, items: impl FnOnce(&mut Self)) {
        self.key(key);
        self.array(items);
    }

    /// An object, or `null`.
    fn optional_object<T>(&mut self, key: &'static str, value: Option<T>, fields: impl FnOnce(&mut Self, T)) {
        self.key(key);
        match value {
            Some(v) => self.object(|json| fields(json, v)),
            None => self.value(None::<&str>),
        }
    }

    /// The file: the document and a final newline.
    fn finish(mut self) -> Vec<u8> {
        self.out.push(b'\n');
        self.out
    }
}

/// A JSON value as [`Json`] writes it.
trait ToJson {
    fn write_json(&self, out: &mut Vec<u8>);
}

impl ToJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        push_json_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Vec<u8>) {
        push_json_str(out, self);
    }
}

impl ToJson for char {
    fn write_json(&self, out: &mut Vec<u8>) {
        push_json_str(out, self.encode_utf8(&mut [0; 4]));
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut Vec<u8>) {
        push_decimal(out, u64::from(*self));
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut Vec<u8>) {
        push_decimal(out, *self as u64);
    }
}

/// `"2020-10-19"`: what `Date`'s `Display` writes.
impl ToJson for Date {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        push_date(out, *self);
        out.push(b'"');
    }
}

/// `"13:00"`.
struct HourMinute(Clock);

impl ToJson for HourMinute {
    fn write_json(&self, out: &mut Vec<u8>) {
        let (h, m) = self.0;
        let digit = |n: u8| b'0' + n % 10;
        out.extend_from_slice(&[b'"', digit(h / 10), digit(h), b':', digit(m / 10), digit(m), b'"']);
    }
}

/// A string made of parts, as one JSON string (`"body/2020-10-19"` without making it first).
struct Concat<'a>(&'a [&'a str]);

impl ToJson for Concat<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        for part in self.0 {
            push_json_str_contents(out, part);
        }
        out.push(b'"');
    }
}

/// The enums of the shape are written by their serde names (`"adjusted"`, `"per-year"`),
/// the same names the schema lists.
macro_rules! to_json_by_serde {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, out: &mut Vec<u8>) {
                // A unit variant cannot fail to serialise; writing to a Vec cannot either.
                let _ = serde_json::to_writer(&mut *out, self);
            }
        }
    )*};
}
to_json_by_serde!(Status, SectionKind, Numbering, Profile);

/// `n` in decimal.
fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    for d in digits.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(start..).unwrap_or_default());
}

/// A date as `Date`'s `Display` writes it (`2020-10-19`), without the formatting machinery
/// for the years every archive has; other years (before 1 or after 9999) through `Display`.
fn push_date(out: &mut Vec<u8>, d: Date) {
    match u16::try_from(d.year()) {
        Ok(y @ 1..=9999) => {
            let digit = |n: u16| b'0' + (n % 10) as u8;
            let (m, day) = (d.month().unsigned_abs(), d.day().unsigned_abs());
            out.extend_from_slice(&[
                digit(y / 1000),
                digit(y / 100),
                digit(y / 10),
                digit(y),
                b'-',
                digit(u16::from(m / 10)),
                digit(u16::from(m)),
                b'-',
                digit(u16::from(day / 10)),
                digit(u16::from(day)),
            ]);
        }
        _ => {
            let _ = std::io::Write::write_fmt(out, format_args!("{d}"));
        }
    }
}

/// Appends `s` as a JSON string: in quotes, escaped by [`push_json_str_contents`].
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    push_json_str_contents(out, s);
    out.push(b'"');
}

/// Appends `s` escaped for a JSON string, exactly as `serde_json` escapes it: `"` and `\`
/// with a backslash, the control characters below U+0020 as `\n`, `\t`, `\r`, `\b`, `\f`
/// or `\u00xx`; everything else, all of non-ASCII included, as is. Runs of bytes that need
/// no escape are found 8 bytes at a time ([`find_special`]) and copied whole.
fn push_json_str_contents(out: &mut Vec<u8>, s: &str) {
    let any_escaped = |w: u64| word::below(w, 0x20) | word::eq(w, b'"') | word::eq(w, b'\\') != 0;
    let mut rest = s.as_bytes();
    while let Some(i) = find_special(rest, any_escaped, json_escaped) {
        out.extend_from_slice(rest.get(..i).unwrap_or_default());
        if let Some(&b) = rest.get(i) {
            push_json_escape(out, b);
        }
        rest = rest.get(i + 1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
}

/// Whether JSON needs byte `b` escaped in a string.
fn json_escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The escape of a byte [`json_escaped`] is true of.
fn push_json_escape(out: &mut Vec<u8>, b: u8) {
    let short: &[u8] = match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        0x08 => b"\\b",
        0x0c => b"\\f",
        _ => {
            let hex = |n: u8| b"0123456789abcdef".get(usize::from(n & 0xf)).copied().unwrap_or(b'0');
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b)]);
            return;
        }
    };
    out.extend_from_slice(short);
}

// ---------------------------------------------------------------------------------------
// Finding the bytes to escape, 8 at a time

/// Tests of 8 bytes at once, read as a `u64` (the word-at-a-time tests of "Bit Twiddling
/// Hacks"). In the result, the top bit of a byte is set where the test holds for that
/// byte, and perhaps (through a borrow) after such a byte, nowhere else: whether a test
/// holds for any of the 8 bytes is exact, which byte it is takes a look at the bytes.
pub(super) mod word {
    /// A 1 in every byte: `ONES * b` is `b` in every byte.
    pub const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;

    /// The bytes of `w` equal to `b`: the XOR makes them 0, and only a 0 borrows in `x - 1`
    /// and keeps its top bit in `!x`.
    #[must_use]
    pub fn eq(w: u64, b: u8) -> u64 {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & TOPS
    }

    /// The bytes of `w` below `n` (`n` at most 0x80).
    #[must_use]
    pub fn below(w: u64, n: u8) -> u64 {
        w.wrapping_sub(ONES * u64::from(n)) & !w & TOPS
    }
}

/// Where the first byte of `bytes` that `special` holds for is, looking at 8 bytes at a
/// time: `any_special` tells of 8 bytes (read as a little-endian `u64`) whether `special`
/// may hold for one of them, made of [`word`]'s tests; only then are the bytes looked at
/// one by one. Most text to escape is long runs of ordinary bytes, passed over so at a
/// fraction of the cost of a test per byte. The last few bytes are padded with spaces:
/// `special` must not hold for a space.
#[inline]
pub(super) fn find_special(
    bytes: &[u8],
    any_special: impl Fn(u64) -> bool,
    special: impl Fn(u8) -> bool,
) -> Option<usize> {
    let (words, last) = bytes.as_chunks::<8>();
    for (start, word) in (0..).step_by(8).zip(words) {
        if any_special(u64::from_le_bytes(*word))
            && let Some(i) = word.iter().position(|&b| special(b))
        {
            return Some(start + i);
        }
    }
    let mut padded = [b' '; 8];
    for (p, &b) in padded.iter_mut().zip(last) {
        *p = b;
    }
    if !any_special(u64::from_le_bytes(padded)) {
        return None;
    }
    let start = bytes.len() - last.len();
    last.iter().position(|&b| special(b)).map(|i| start + i)
}

// ---------------------------------------------------------------------------------------
// `data/protocols/<body>/<meeting>.json`

/// The JSON of one exported protocol (docs/data.md); `None` when the archive lacks its
/// body or file.
fn protocol_json(a: &Archive<'_>, paths: Paths, mi: usize, view: &ProtocolView) -> Option<Vec<u8>> {
    let m = a.meetings.get(mi)?;
    let p = a.site.protocols.get(m.protocol)?;
    let b = a.bodies.get(m.body)?;
    let views = view.paragraphs.as_slice();
    let front = p.front.as_ref();
    let time = front.and_then(|f| value(f.time.as_ref()));
    let (start, end) = time.and_then(parse_time).map_or((None, None), |(s, e)| (Some(s), e));
    // Room for the fields (HTML and plain text, the decision twice) and the rest.
    let html: usize =
        views.iter().map(|v| v.intro_html.len() + v.sections.iter().map(|s| s.body_html.len()).sum::<usize>()).sum();
    let mut json = Json::with_capacity(html * 3 + 300 * p.attendees().len() + 4096);
    // The plain text of each HTML fragment, made in one reused buffer.
    let mut text = String::new();
    json.object(|json| {
        json.field("version", VERSION);
        json.field("kind", "protocol");
        let body_id = b.slug.as_str();
        json.field("id", Concat(&[body_id, "/", &m.slug]));
        json.object_field("body", |json| {
            json.field("id", body_id);
            json.field("name", &b.name);
            json.field("prefix", b.config.as_ref().and_then(|c| c.prefix.as_deref()));
        });
        json.object_field("meeting", |json| {
            json.field("date", m.date);
            json.field("seq", m.seq);
            json.field("time", time);
            json.field("start", start.map(HourMinute));
            json.field("end", end.map(HourMinute));
            json.field("location", front.and_then(|f| value(f.location.as_ref())));
            json.field("status", p.status());
        });
        json.field("page", paths.meeting(a, m));
        json.field("previous", neighbour(a, m.prev, |x| x.prev));
        json.field("next", neighbour(a, m.next, |x| x.next));
        json.optional_object("justering", front.and_then(|f| f.justering.as_ref()), |json, j| {
            json.field("date", j.date.as_ref().map(|d| d.value));
            json.field("place", value(j.place.as_ref()));
        });
        json.optional_object("anslag", front.and_then(|f| f.anslag.as_ref()), |json, x| {
            json.field("up", x.up.as_ref().map(|d| d.value));
            json.field("down", x.down.as_ref().map(|d| d.value));
            json.field("appeal_last_day", x.up.as_ref().and_then(|d| appeal_last_day(d.value)));
        });
        json.field("chair", front.and_then(|f| value(f.chair.as_ref())));
        json.field("secretary", front.and_then(|f| value(f.secretary.as_ref())));
        json.array_field("adjusters", |json| {
            for x in front.map_or(&[][..], |f| f.adjusters.as_slice()) {
                json.value(&x.value);
            }
        });
        json.array_field("attendees", |json| {
            for x in p.attendees() {
                attendee_json(json, a, x);
            }
        });
        json.array_field("absent", |json| {
            for x in p.absent() {
                attendee_json(json, a, x);
            }
        });
        json.array_field("tags", |json| {
            for t in front.map_or(&[][..], |f| f.tags.as_slice()) {
                json.value(&t.value);
            }
        });
        json.field("preamble_html", view.preamble_html.as_str());
        json.array_field("paragraphs", |json| {
            for (para, v) in p.paragraphs.iter().zip(views) {
                paragraph_json(json, para, v, &mut text);
            }
        });
    });
    Some(json.finish())
}

/// One of `attendees` or `absent`; nothing for an entry without a name.
fn attendee_json(json: &mut Json, a: &Archive<'_>, x: &Attendee) {
    let Some(name) = x.name.as_ref().map(|n| n.value.trim()).filter(|n| !n.is_empty()) else { return };
    let org = value(x.org.as_ref());
    json.object(|json| {
        json.field("name", name);
        json.field("person", a.person(name).map(|p| p.slug.as_str()));
        json.field("organization", org);
        json.field("organization_id", org.and_then(|o| a.org(o)).map(|o| o.slug.as_str()));
        json.field("role", value(x.role.as_ref()));
        json.field("serves_for", value(x.serves_for.as_ref()));
    });
}

/// One of `paragraphs`, from its view (what this build may show of it). `text` is a
/// buffer for the plain text of its HTML.
fn paragraph_json(json: &mut Json, para: &crate::parse::Paragraph, v: &ParagraphView, text: &mut String) {
    // show=nothing leaves the number alone: not even the case number.
    let dnr = if v.withheld && para.attrs.show == Show::Nothing { None } else { v.dnr.as_deref() };
    json.object(|json| {
        json.field("number", para.number.value);
        json.field("letter", para.letter);
        json.field("label", &v.label);
        json.field("anchor", &v.anchor);
        json.field("title", &v.title);
        json.field("dnr", dnr);
        json.field("confidential", v.confidential);
        json.field("withheld", v.withheld);
        json.field("ground", v.ground.as_deref());
        json.field("text_html", &v.intro_html);
        html_to_text_into(text, &v.intro_html);
        json.field("text", &*text);
        // The decision's HTML and text go in twice: here, and among the sections, where
        // the bytes written here are copied.
        let decision = v.sections.iter().position(|s| s.kind == SectionKind::Decision);
        let mut written = None;
        if let Some(d) = decision.and_then(|i| v.sections.get(i)) {
            json.key("decision_html");
            let html = json.value_at(&d.body_html);
            html_to_text_into(text, &d.body_html);
            json.key("decision_text");
            written = Some((html, json.value_at(&*text)));
        } else {
            json.field("decision_html", None::<&str>);
            json.field("decision_text", None::<&str>);
        }
        json.array_field("sections", |json| {
            for (i, s) in v.sections.iter().enumerate() {
                json.object(|json| {
                    json.field("kind", s.kind);
                    json.field("title", &s.title);
                    if let Some((html, plain)) = written.as_ref().filter(|_| decision == Some(i)) {
                        json.key("body_html");
                        json.value_again(html.clone());
                        json.key("body_text");
                        json.value_again(plain.clone());
                    } else {
                        json.field("body_html", &s.body_html);
                        html_to_text_into(text, &s.body_html);
                        json.field("body_text", &*text);
                    }
                });
            }
        });
    });
}

/// The nearest exported meeting along `step` (previous or next), skipping drafts.
fn neighbour(a: &Archive<'_>, start: Option<usize>, step: impl Fn(&Meeting) -> Option<usize>) -> Option<String> {
    let mut at = start;
    while let Some(mi) = at {
        let m = a.meetings.get(mi)?;
        if a.site.protocols.get(m.protocol).is_some_and(|p| p.status() != Status::Draft) {
            return Some(meeting_id(a, m));
        }
        at = step(m);
    }
    None
}

// ---------------------------------------------------------------------------------------
// `data/index.json`

/// A person's meetings in one body (or organisation): first and last date, present, absent.
struct Tally {
    first: Date,
    last: Date,
    present: usize,
    absent: usize,
}

impl Tally {
    fn new(d: Date) -> Self {
        Self { first: d, last: d, present: 0, absent: 0 }
    }

    fn add(&mut self, d: Date, present: bool) {
        self.first = self.first.min(d);
        self.last = self.last.max(d);
        if present {
            self.present += 1;
        } else {
            self.absent += 1;
        }
    }
}

/// What a person adds to `data/index.json` ([`Ctx::person_pieces`]), made in parallel.
struct PersonPieces {
    /// Their object in `persons`.
    entry: Vec<u8>,
    /// Their objects in `memberships`, separated by commas.
    memberships: Vec<u8>,
    /// The organisations of those memberships (indices into `archive.orgs`).
    orgs: Vec<usize>,
}

impl Ctx<'_, '_> {
    fn exported(&self, mi: usize) -> bool {
        self.pieces.get(mi).is_some_and(Option::is_some)
    }

    /// `data/index.json`.
    fn index_json(&self) -> Vec<u8> {
        let a = self.archive;
        let site = &a.site.config.site;
        // The people seen at exported meetings, in the archive's order (by surname).
        let persons: Vec<PersonPieces> = a.people.par_iter().filter_map(|p| self.person_pieces(p)).collect();
        let entries = self.pieces.iter().flatten().map(|p| p.index_entry.len()).sum::<usize>()
            + persons.iter().map(|p| p.entry.len() + p.memberships.len()).sum::<usize>();
        let mut json = Json::with_capacity(entries + 200 * a.bodies.len() + 4096);
        json.object(|json| {
            json.field("version", VERSION);
            json.field("kind", "archive");
            json.object_field("site", |json| {
                json.field("title", &site.title);
                json.field("language", site.language.code());
                json.field("base_url", base_url(a));
                json.field("internal", self.internal);
                json.field("schema", SCHEMA_PATH);
                json.field("attendance", "data/attendance.csv");
                json.field("feed", "feeds/index.xml");
            });
            json.array_field("bodies", |json| {
                for b in &a.bodies {
                    let config = b.config.as_ref();
                    json.object(|json| {
                        json.field("id", &b.slug);
                        json.field("name", &b.name);
                        json.field("prefix", config.and_then(|c| c.prefix.as_deref()));
                        json.field("numbering", config.map_or_else(Numbering::default, |c| c.numbering));
                        json.field("profile", config.map_or_else(Profile::default, |c| c.profile));
                        json.field("seats", config.and_then(|c| c.seats));
                        json.field("meetings", b.meetings.iter().filter(|&&mi| self.exported(mi)).count());
                        json.field("page", Concat(&[&b.slug, "/index.html"]));
                        json.field("feed", Concat(&["feeds/", &b.slug, ".xml"]));
                        json.field("anslag_feed", Concat(&["feeds/", &b.slug, "-anslag.xml"]));
                        json.field("calendar", Concat(&["data/calendar/", &b.slug, ".ics"]));
                    });
                }
            });
            json.array_field("meetings", |json| {
                for p in self.pieces.iter().flatten() {
                    json.values_from(&p.index_entry);
                }
            });
            json.array_field("persons", |json| {
                for p in &persons {
                    json.values_from(&p.entry);
                }
            });
            // The organisations someone attended an exported meeting for, in the archive's order.
            let mut used_orgs = vec![false; a.orgs.len()];
            for &oi in persons.iter().flat_map(|p| &p.orgs) {
                if let Some(used) = used_orgs.get_mut(oi) {
                    *used = true;
                }
            }
            json.array_field("organizations", |json| {
                for (o, _) in a.orgs.iter().zip(&used_orgs).filter(|(_, used)| **used) {
                    json.object(|json| {
                        json.field("id", &o.slug);
                        json.field("name", &o.name);
                        json.field("page", Concat(&[self.paths.orgs_dir(), "/", &o.slug, ".html"]));
                    });
                }
            });
            json.array_field("memberships", |json| {
                for p in &persons {
                    json.values_from(&p.memberships);
                }
            });
        });
        json.finish()
    }

    /// What person `p` adds to `data/index.json`, when seen at exported meetings: their
    /// entry in `persons` and their `memberships`, of a body (by role as written) and of an
    /// organisation (by the organisation written at meetings attended).
    fn person_pieces(&self, p: &PersonEntry) -> Option<PersonPieces> {
        let a = self.archive;
        // (body, role) and organisation → (first, last, present, absent), in archive order.
        let mut by_body: BTreeMap<(usize, Option<&str>), Tally> = BTreeMap::new();
        let mut by_org: BTreeMap<usize, Tally> = BTreeMap::new();
        for att in p.attendance.iter().filter(|x| self.exported(x.meeting)) {
            let Some(m) = a.meetings.get(att.meeting) else { continue };
            let role = att.role.as_deref().map(str::trim).filter(|r| !r.is_empty());
            by_body.entry((m.body, role)).or_insert_with(|| Tally::new(m.date)).add(m.date, att.present);
            if att.present
                && let Some(org) = att.org.as_deref()
                && let Some(oi) = a.org_index(org.trim())
            {
                by_org.entry(oi).or_insert_with(|| Tally::new(m.date)).add(m.date, true);
            }
        }
        if by_body.is_empty() {
            return None;
        }
        let mut entry = Json::with_capacity(256);
        entry.object(|json| {
            json.field("id", &p.slug);
            json.field("name", &p.name);
            json.field("organization", p.org.as_deref().and_then(|o| a.org(o)).map(|o| o.slug.as_str()));
            json.field("organization_name", p.org.as_deref());
            json.field("page", Concat(&[self.paths.people_dir(), "/", &p.slug, ".html"]));
        });
        let mut memberships = Json::with_capacity(256 * (by_body.len() + by_org.len()));
        let mut membership = |body: Option<&str>, org: Option<&str>, role: Option<&str>, t: &Tally| {
            memberships.object(|json| {
                json.field("kind", if body.is_some() { "body" } else { "organization" });
                json.field("person", &p.slug);
                json.field("body", body);
                json.field("organization", org);
                json.field("role", role);
                json.field("start_date", t.first);
                json.field("end_date", t.last);
                json.field("present", t.present);
                json.field("absent", t.absent);
            });
        };
        for ((bi, role), t) in &by_body {
            if let Some(b) = a.bodies.get(*bi) {
                membership(Some(&b.slug), None, *role, t);
            }
        }
        let mut orgs = Vec::with_capacity(by_org.len());
        for (&oi, t) in &by_org {
            if let Some(o) = a.orgs.get(oi) {
                membership(None, Some(&o.slug), None, t);
                orgs.push(oi);
            }
        }
        Some(PersonPieces { entry: entry.into_values(), memberships: memberships.into_values(), orgs })
    }

    // -----------------------------------------------------------------------------------
    // `data/attendance.csv` and `data/calendar/<body>.ics`

    /// `data/attendance.csv`: one row per person and exported meeting (RFC 4180: comma,
    /// CRLF, quoted where needed), UTF-8 with a byte-order mark so that Excel reads å ä ö.
    /// The meetings' rows were made beside their JSON ([`attendance_rows`]).
    fn attendance_csv(&self) -> String {
        let rows = self.pieces.iter().flatten().map(|p| p.attendance.len()).sum::<usize>();
        let mut out = String::with_capacity(CSV_HEADER.len() + 5 + rows);
        out.push('\u{FEFF}');
        out.push_str(CSV_HEADER);
        out.push_str("\r\n");
        for p in self.pieces.iter().flatten() {
            out.push_str(&p.attendance);
        }
        out
    }

    /// `data/calendar/<body>.ics`: one event per exported meeting, made beside its JSON
    /// ([`Events::event`]).
    fn calendar(&self, bi: usize) -> String {
        let a = self.archive;
        let Some(b) = a.bodies.get(bi) else { return String::new() };
        let events = || b.meetings.iter().filter_map(|&mi| self.pieces.get(mi)?.as_ref());
        let mut out = String::with_capacity(2048 + events().map(|p| p.event.len()).sum::<usize>());
        for line in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//protokoll//protokoll//SV",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ] {
            fold_into(&mut out, line);
        }
        let mut name = String::from("X-WR-CALNAME:");
        push_ics_text(&mut name, &b.name);
        fold_into(&mut out, &name);
        fold_into(&mut out, "X-WR-TIMEZONE:Europe/Stockholm");
        for line in VTIMEZONE {
            fold_into(&mut out, line);
        }
        for p in events() {
            out.push_str(&p.event);
        }
        fold_into(&mut out, "END:VCALENDAR");
        out
    }
}

/// The object of exported meeting `m` in `meetings` of `data/index.json`; nothing when the
/// archive lacks its protocol or body.
fn meeting_entry(a: &Archive<'_>, paths: Paths, m: &Meeting) -> Vec<u8> {
    let (Some(p), Some(b)) = (a.site.protocols.get(m.protocol), a.bodies.get(m.body)) else { return Vec::new() };
    let mut json = Json::with_capacity(256);
    json.object(|json| {
        json.field("id", Concat(&[&b.slug, "/", &m.slug]));
        json.field("body", &b.slug);
        json.field("date", m.date);
        json.field("seq", m.seq);
        json.field("status", p.status());
        json.field("paragraphs", p.paragraphs.len());
        json.field("page", paths.meeting(a, m));
        json.field("data", Concat(&["data/protocols/", &b.slug, "/", &m.slug, ".json"]));
    });
    json.into_values()
}

/// The rows of `data/attendance.csv` for exported meeting `m`, each ending in CRLF.
fn attendance_rows(a: &Archive<'_>, m: &Meeting) -> String {
    let (Some(p), Some(b)) = (a.site.protocols.get(m.protocol), a.bodies.get(m.body)) else { return String::new() };
    // The cells every row of the meeting starts with: date, body_id, body, meeting_id.
    let mut date = Vec::with_capacity(10);
    push_date(&mut date, m.date);
    let date = String::from_utf8(date).unwrap_or_default();
    let mut meeting = String::new();
    for (i, cell) in [date.as_str(), &b.slug, &b.name, &meeting_id(a, m)].into_iter().enumerate() {
        if i > 0 {
            meeting.push(',');
        }
        push_csv_cell(&mut meeting, cell);
    }
    let (attendees, absent) = (p.attendees(), p.absent());
    let mut out = String::with_capacity((attendees.len() + absent.len()) * (meeting.len() + 80));
    let rows = attendees.iter().map(|x| (x, "present")).chain(absent.iter().map(|x| (x, "absent")));
    for (x, presence) in rows {
        let Some(name) = x.name.as_ref().map(|n| n.value.trim()).filter(|n| !n.is_empty()) else { continue };
        let person_id = a.person(name).map_or("", |p| p.slug.as_str());
        out.push_str(&meeting);
        for cell in
            [person_id, name, field(x.org.as_ref()), field(x.role.as_ref()), field(x.serves_for.as_ref()), presence]
        {
            out.push(',');
            push_csv_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}

/// What the calendars' events need to know of the archive.
struct Events<'a, 's> {
    archive: &'a Archive<'s>,
    paths: Paths,
    base: Option<String>,
    /// The host in the events' UIDs.
    uid_host: String,
}

impl<'a, 's> Events<'a, 's> {
    fn new(archive: &'a Archive<'s>, paths: Paths) -> Self {
        let uid_host = host(archive).unwrap_or_else(|| format!("{}.protokoll.invalid", site_slug(archive)));
        Self { archive, paths, base: base_url(archive), uid_host }
    }

    /// The VEVENT of meeting `mi` (its paragraphs' titles in the description, from
    /// `views`), as folded content lines; "" when iCalendar cannot write its date.
    fn event(&self, mi: usize, views: &[ParagraphView]) -> String {
        let a = self.archive;
        let mut out = String::new();
        let Some(m) = a.meetings.get(mi) else { return out };
        let (Some(p), Some(b)) = (a.site.protocols.get(m.protocol), a.bodies.get(m.body)) else { return out };
        let Some(day) = ics_date(m.date) else { return out };
        let front = p.front.as_ref();
        let changed = front
            .and_then(|f| f.justering.as_ref()?.date.as_ref().map(|d| d.value))
            .filter(|&j| j >= m.date)
            .unwrap_or(m.date);
        // Each content line is made here, then folded into `out`.
        let mut line = String::with_capacity(256);
        let mut put = |out: &mut String, args: std::fmt::Arguments<'_>| {
            line.clear();
            let _ = line.write_fmt(args);
            fold_into(out, &line);
        };
        fold_into(&mut out, "BEGIN:VEVENT");
        put(&mut out, format_args!("UID:{}-{}@{}", m.slug, b.slug, self.uid_host));
        put(&mut out, format_args!("DTSTAMP:{}T000000Z", ics_date(changed).as_deref().unwrap_or(&day)));
        let time = front.and_then(|f| f.time.as_ref()).and_then(|t| parse_time(&t.value));
        if let Some(((sh, sm), end)) = time {
            put(&mut out, format_args!("DTSTART;TZID=Europe/Stockholm:{day}T{sh:02}{sm:02}00"));
            if let Some((eh, em)) = end {
                // An end before the start is past midnight.
                let end_day =
                    if (eh, em) <= (sh, sm) { m.date.tomorrow().ok().and_then(ics_date) } else { Some(day.clone()) };
                if let Some(end_day) = end_day {
                    put(&mut out, format_args!("DTEND;TZID=Europe/Stockholm:{end_day}T{eh:02}{em:02}00"));
                }
            }
        } else {
            put(&mut out, format_args!("DTSTART;VALUE=DATE:{day}"));
            if let Some(next) = m.date.tomorrow().ok().and_then(ics_date) {
                put(&mut out, format_args!("DTEND;VALUE=DATE:{next}"));
            }
        }
        let mut text = String::new();
        push_ics_text(&mut text, &b.name);
        put(&mut out, format_args!("SUMMARY:{text}"));
        if let Some(loc) = front.and_then(|f| f.location.as_ref()) {
            text.clear();
            push_ics_text(&mut text, &loc.value);
            put(&mut out, format_args!("LOCATION:{text}"));
        }
        if let Some(base) = &self.base {
            put(&mut out, format_args!("URL:{base}{}", self.paths.meeting(a, m)));
        }
        if !views.is_empty() {
            // The "§ 17 a Title" lines, escaped as one text (a line end inside a title and
            // the one between titles are then escaped alike).
            let mut titles = String::new();
            for (i, v) in views.iter().enumerate() {
                if i > 0 {
                    titles.push('\n');
                }
                titles.push_str("§ ");
                titles.push_str(&v.label);
                if !v.title.is_empty() {
                    titles.push(' ');
                    titles.push_str(&v.title);
                }
            }
            text.clear();
            push_ics_text(&mut text, &titles);
            put(&mut out, format_args!("DESCRIPTION:{text}"));
        }
        fold_into(&mut out, "STATUS:CONFIRMED");
        fold_into(&mut out, "END:VEVENT");
        out
    }
}

// ---------------------------------------------------------------------------------------
// Text formats

/// A time of day: (hour, minute).
pub type Clock = (u8, u8);

/// A meeting's `time` ("13:00-15:00", "kl. 13.00–15.30", "13:00"): the start and, when
/// given, the end. `None` when no time of day can be read.
#[must_use]
pub fn parse_time(s: &str) -> Option<(Clock, Option<Clock>)> {
    let mut times: Vec<(Clock, usize, usize)> = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && times.len() < 2 {
        if let Some((t, end)) = time_at(bytes, i) {
            times.push((t, i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    let &(start, _, start_end) = times.first()?;
    let end = times.get(1).and_then(|&(t, from, _)| {
        let between = s.get(start_end..from)?.trim();
        ["-", "–", "—", "−", "till", "to"].contains(&between).then_some(t)
    });
    Some((start, end))
}

/// `H:MM`, `HH:MM`, `H.MM` or `HH.MM` at byte `i`, not inside a longer number.
fn time_at(b: &[u8], i: usize) -> Option<(Clock, usize)> {
    if i > 0 && b.get(i - 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let digit = |j: usize| b.get(j).filter(|c| c.is_ascii_digit()).map(|c| c - b'0');
    let h1 = digit(i)?;
    let (hour, sep) = match digit(i + 1) {
        Some(h2) => (h1 * 10 + h2, i + 2),
        None => (h1, i + 1),
    };
    if !matches!(b.get(sep), Some(b':' | b'.')) {
        return None;
    }
    let minute = digit(sep + 1)? * 10 + digit(sep + 2)?;
    if digit(sep + 3).is_some() || hour > 23 || minute > 59 {
        return None;
    }
    Some(((hour, minute), sep + 3))
}

/// The columns of `data/attendance.csv`.
pub const CSV_HEADER: &str = "date,body_id,body,meeting_id,person_id,person,organization,role,serves_for,attendance";

/// A CSV cell (RFC 4180): quoted when it holds a comma, quote or line end. A cell that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
/// Appended to `out` (the common cell, plain text, is copied as is).
fn push_csv_cell(out: &mut String, s: &str) {
    let plain = |c: char| !c.is_control() && !matches!(c, ',' | '"');
    // Bytes first: no C0 control, DEL, `,`, `"` and no 0xC2 (which starts the C1 controls,
    // U+0080–U+009F) is plain without looking at characters.
    let any_special = |w: u64| {
        word::below(w, 0x20) | word::eq(w, b',') | word::eq(w, b'"') | word::eq(w, 0x7f) | word::eq(w, 0xc2) != 0
    };
    let special = |b: u8| b < 0x20 || matches!(b, b',' | b'"' | 0x7f | 0xc2);
    let plain_bytes = || find_special(s.as_bytes(), any_special, special).is_none();
    if !s.starts_with(['=', '+', '-', '@']) && (plain_bytes() || s.chars().all(plain)) {
        out.push_str(s);
        return;
    }
    let s: String = s.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).collect();
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s };
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&s);
    }
}

/// The text of an optional front-matter value, or "".
fn field(v: Option<&crate::source::Spanned<String>>) -> &str {
    v.map_or("", |s| s.value.as_str())
}

/// `20201019`; `None` for years iCalendar cannot write.
fn ics_date(d: Date) -> Option<String> {
    (1..=9999).contains(&d.year()).then(|| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()))
}

/// Appends an iCalendar TEXT value (RFC 5545 3.3.11): `\\`, `;`, `,` escaped, line ends as
/// `\n`, other control characters dropped. Runs of ordinary text are copied whole; only the
/// bytes that may start something to escape or drop are looked at.
fn push_ics_text(out: &mut String, s: &str) {
    // `\`, `;`, `,`, the C0 controls (line ends among them), DEL, and 0xC2, which starts the
    // C1 controls (U+0080–U+009F) and some ordinary characters (§, U+00A0).
    let any_special = |w: u64| {
        word::below(w, 0x20)
            | word::eq(w, b'\\')
            | word::eq(w, b';')
            | word::eq(w, b',')
            | word::eq(w, 0x7f)
            | word::eq(w, 0xc2)
            != 0
    };
    let special = |b: u8| b < 0x20 || matches!(b, b'\\' | b';' | b',' | 0x7f | 0xc2);
    let mut rest = s;
    while let Some(i) = find_special(rest.as_bytes(), any_special, special) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let Some(c) = tail.chars().next() else { break };
        let after = tail.get(c.len_utf8()..).unwrap_or("");
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            // CRLF is one line end.
            '\r' if after.starts_with('\n') => {}
            '\r' | '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
        rest = after;
    }
    out.push_str(rest);
}

/// Appends a content line, folded at 75 octets (RFC 5545 3.1: continuation lines start with
/// one space), never inside a character, with CRLF line ends.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    // The first line holds 75 octets; a continuation line 74 after its space.
    let mut room = 75;
    while rest.len() > room {
        // The longest start of `rest` that fits and ends between two characters (a
        // character is at most 4 octets, so one fits).
        let mut end = room;
        while end > 0 && !rest.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(rest.get(..end).unwrap_or(""));
        out.push_str("\r\n ");
        rest = rest.get(end..).unwrap_or("");
        room = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Europe/Stockholm since 1996: CET, and CEST from the last Sunday of March to the last
/// Sunday of October.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Stockholm",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Plain text of the safe HTML the views hold: tags dropped, entities decoded, a line break
/// after each block, list items as `- `; no white space at the end of a line, at most one
/// blank line in a row, none at the start or the end.
#[must_use]
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    html_to_text_into(&mut text, html);
    text
}

/// [`html_to_text`] into `text` (cleared first), to reuse one buffer.
fn html_to_text_into(text: &mut String, html: &str) {
    text.clear();
    let mut out = TidyText { text, at_line_start: true, line: None, indent: String::new(), blank_line: false };
    let mut rest = html;
    let mut pre = false;
    while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        out.push_text(rest.get(..i).unwrap_or(""), pre);
        let tail = rest.get(i..).unwrap_or("");
        if tail.starts_with('<') {
            let end = memchr::memchr(b'>', tail.as_bytes()).map_or(tail.len(), |e| e + 1);
            let tag = tail.get(1..end.saturating_sub(1)).unwrap_or("").as_bytes();
            let closing = tag.first() == Some(&b'/');
            let name = tag.get(usize::from(closing)..).unwrap_or_default();
            let name = name.get(..name.iter().take_while(|b| b.is_ascii_alphanumeric()).count()).unwrap_or_default();
            // Lower-cased without allocating: the names that matter are short.
            let mut lower = [0u8; 10];
            for (d, c) in lower.iter_mut().zip(name) {
                *d = c.to_ascii_lowercase();
            }
            let name: &[u8] = if name.len() <= lower.len() { lower.get(..name.len()).unwrap_or_default() } else { b"" };
            let line_start = out.at_line_start;
            match (name, closing) {
                (b"li", false) => out.push(if line_start { "- " } else { "\n- " }),
                (b"td" | b"th", true) => out.push("\t"),
                (b"pre", false) => pre = true,
                (b"ul" | b"ol" | b"table" | b"blockquote", false) if !line_start => out.push("\n"),
                (
                    b"p" | b"pre" | b"blockquote" | b"ul" | b"ol" | b"table" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5"
                    | b"h6",
                    true,
                ) => {
                    pre = false;
                    out.push("\n\n");
                }
                (b"br" | b"hr", _) | (b"li" | b"tr", true) => out.push("\n"),
                _ => {}
            }
            rest = tail.get(end..).unwrap_or("");
        } else {
            // An entity is short: look for its `;` in the next few bytes only.
            let end = tail.as_bytes().get(..tail.len().min(11)).and_then(|head| memchr::memchr(b';', head));
            let decoded = end.and_then(|e| decode_entity(tail.get(1..e)?));
            if let (Some(c), Some(e)) = (decoded, end) {
                out.push(c.encode_utf8(&mut [0; 4]));
                rest = tail.get(e + 1..).unwrap_or("");
            } else {
                out.push("&");
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_text(rest, pre);
    out.end_line();
}

/// Where the first line end in `s` is: through `memchr` in text, by a plain look in the
/// few bytes a tag adds (where calling `memchr` costs more than it saves).
fn find_line_end(s: &str) -> Option<usize> {
    if s.len() <= 8 { s.bytes().position(|b| b == b'\n') } else { memchr::memchr(b'\n', s.as_bytes()) }
}

/// The plain text of [`html_to_text`] as it is written: the text as it comes ("raw": what
/// the tags and the text between them make) is tidied on the way into `text`, so that it
/// is copied once. Tidy: each line without white space at its end, at most one blank line
/// (nothing but white space) in a row, none at the start or the end.
struct TidyText<'a> {
    text: &'a mut String,
    /// Whether the raw text is empty or ends with a line end: there, text drops its leading
    /// space and a list item needs no line end before it.
    at_line_start: bool,
    /// Where the current line starts in `text`, once it holds more than white space.
    line: Option<usize>,
    /// The white space the current line starts with: kept only when more follows.
    indent: String,
    /// Whether a blank line came since the last line with text: the next line with text
    /// then goes after "\n\n" rather than "\n".
    blank_line: bool,
}

impl TidyText<'_> {
    /// Raw text, line ends as they are.
    fn push(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        self.at_line_start = raw.ends_with('\n');
        let mut rest = raw;
        while let Some(i) = find_line_end(rest) {
            self.push_piece(rest.get(..i).unwrap_or(""));
            self.end_line();
            rest = rest.get(i + 1..).unwrap_or("");
        }
        self.push_piece(rest);
    }

    /// Text between tags: as is inside `<pre>`; elsewhere a line end in the HTML is a
    /// space, and space at the start of a line goes.
    fn push_text(&mut self, s: &str, pre: bool) {
        if pre {
            self.push(s);
            return;
        }
        let s = if self.at_line_start { s.trim_start() } else { s };
        if s.is_empty() {
            return;
        }
        self.at_line_start = false;
        let mut rest = s;
        while let Some(i) = find_line_end(rest) {
            self.push_piece(rest.get(..i).unwrap_or(""));
            self.push_piece(" ");
            rest = rest.get(i + 1..).unwrap_or("");
        }
        self.push_piece(rest);
    }

    /// Raw text without line ends.
    fn push_piece(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        if self.line.is_some() {
            self.text.push_str(piece);
            return;
        }
        if piece.trim_start().is_empty() {
            self.indent.push_str(piece);
            return;
        }
        // The first text of a line: after the line ends before it, and its indent.
        if !self.text.is_empty() {
            self.text.push_str(if self.blank_line { "\n\n" } else { "\n" });
        }
        self.line = Some(self.text.len());
        self.text.push_str(&self.indent);
        self.indent.clear();
        self.text.push_str(piece);
    }

    /// A raw line end: the current line loses the white space at its end.
    fn end_line(&mut self) {
        match self.line.take() {
            Some(start) => {
                let kept = self.text.get(start..).map_or(0, |line| line.trim_end().len());
                self.text.truncate(start + kept);
                self.blank_line = false;
            }
            None => self.blank_line = true,
        }
        self.indent.clear();
    }
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        }
    }
}

// ---------------------------------------------------------------------------------------
// The schema

/// JSON Schema (2020-12) of `data/index.json` (`#/$defs/archive`) and
/// `data/protocols/<body>/<meeting>.json` (`#/$defs/protocol`), shipped with the site.
/// Objects stay open (no `additionalProperties: false`): fields may be added within a version.
pub const SCHEMA: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:protokoll:schema:protokoll-data:1",
  "title": "protokoll open data, version 1",
  "description": "The open data of a protokoll archive: data/index.json (kind archive) and data/protocols/<body>/<meeting>.json (kind protocol). Paths are relative to the site root. Fields may be added within a version; none is removed or renamed.",
  "oneOf": [
    { "$ref": "#/$defs/archive" },
    { "$ref": "#/$defs/protocol" }
  ],
  "$defs": {
    "date": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
    "optionalDate": { "oneOf": [ { "$ref": "#/$defs/date" }, { "type": "null" } ] },
    "time": { "type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$" },
    "optionalString": { "type": ["string", "null"] },
    "slug": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
    "optionalSlug": { "oneOf": [ { "$ref": "#/$defs/slug" }, { "type": "null" } ] },
    "meetingId": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*/[0-9]{4}-[0-9]{2}-[0-9]{2}(-[0-9]+)?$" },
    "path": { "type": "string", "pattern": "^[a-z0-9-]+(/[a-z0-9-]+)*\\.[a-z]+$" },
    "status": { "enum": ["draft", "adjusted", "published"] },
    "count": { "type": "integer", "minimum": 0 },
    "archive": {
      "type": "object",
      "required": ["version", "kind", "site", "bodies", "meetings", "persons", "organizations", "memberships"],
      "properties": {
        "version": { "const": 1 },
        "kind": { "const": "archive" },
        "site": {
          "type": "object",
          "required": ["title", "language", "base_url", "internal", "schema", "attendance", "feed"],
          "properties": {
            "title": { "type": "string" },
            "language": { "enum": ["sv", "en"] },
            "base_url": { "$ref": "#/$defs/optionalString" },
            "internal": { "type": "boolean" },
            "schema": { "type": "string" },
            "attendance": { "type": "string" },
            "feed": { "type": "string" }
          }
        },
        "bodies": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["id", "name", "prefix", "numbering", "profile", "seats", "meetings", "page", "feed", "anslag_feed", "calendar"],
            "properties": {
              "id": { "$ref": "#/$defs/slug" },
              "name": { "type": "string" },
              "prefix": { "$ref": "#/$defs/optionalString" },
              "numbering": { "enum": ["per-meeting", "per-year"] },
              "profile": { "enum": ["council", "board"] },
              "seats": { "type": ["integer", "null"], "minimum": 0 },
              "meetings": { "$ref": "#/$defs/count" },
              "page": { "$ref": "#/$defs/path" },
              "feed": { "$ref": "#/$defs/path" },
              "anslag_feed": { "$ref": "#/$defs/path" },
              "calendar": { "$ref": "#/$defs/path" }
            }
          }
        },
        "meetings": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["id", "body", "date", "seq", "status", "paragraphs", "page", "data"],
            "properties": {
              "id": { "$ref": "#/$defs/meetingId" },
              "body": { "$ref": "#/$defs/slug" },
              "date": { "$ref": "#/$defs/date" },
              "seq": { "type": "integer", "minimum": 1 },
              "status": { "$ref": "#/$defs/status" },
              "paragraphs": { "$ref": "#/$defs/count" },
              "page": { "$ref": "#/$defs/path" },
              "data": { "$ref": "#/$defs/path" }
            }
          }
        },
        "persons": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["id", "name", "organization", "organization_name", "page"],
            "properties": {
              "id": { "$ref": "#/$defs/slug" },
              "name": { "type": "string" },
              "organization": { "$ref": "#/$defs/optionalSlug" },
              "organization_name": { "$ref": "#/$defs/optionalString" },
              "page": { "$ref": "#/$defs/path" }
            }
          }
        },
        "organizations": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["id", "name", "page"],
            "properties": {
              "id": { "$ref": "#/$defs/slug" },
              "name": { "type": "string" },
              "page": { "$ref": "#/$defs/path" }
            }
          }
        },
        "memberships": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["kind", "person", "body", "organization", "role", "start_date", "end_date", "present", "absent"],
            "properties": {
              "kind": { "enum": ["body", "organization"] },
              "person": { "$ref": "#/$defs/slug" },
              "body": { "$ref": "#/$defs/optionalSlug" },
              "organization": { "$ref": "#/$defs/optionalSlug" },
              "role": { "$ref": "#/$defs/optionalString" },
              "start_date": { "$ref": "#/$defs/date" },
              "end_date": { "$ref": "#/$defs/date" },
              "present": { "$ref": "#/$defs/count" },
              "absent": { "$ref": "#/$defs/count" }
            },
            "oneOf": [
              { "properties": { "kind": { "const": "body" }, "body": { "$ref": "#/$defs/slug" }, "organization": { "type": "null" } } },
              { "properties": { "kind": { "const": "organization" }, "organization": { "$ref": "#/$defs/slug" }, "body": { "type": "null" }, "role": { "type": "null" } } }
            ]
          }
        }
      }
    },
    "attendee": {
      "type": "object",
      "required": ["name", "person", "organization", "organization_id", "role", "serves_for"],
      "properties": {
        "name": { "type": "string", "minLength": 1 },
        "person": { "$ref": "#/$defs/optionalSlug" },
        "organization": { "$ref": "#/$defs/optionalString" },
        "organization_id": { "$ref": "#/$defs/optionalSlug" },
        "role": { "$ref": "#/$defs/optionalString" },
        "serves_for": { "$ref": "#/$defs/optionalString" }
      }
    },
    "section": {
      "type": "object",
      "required": ["kind", "title", "body_html", "body_text"],
      "properties": {
        "kind": { "enum": ["decision", "motions", "vote", "dissent", "note", "other"] },
        "title": { "type": "string" },
        "body_html": { "type": "string" },
        "body_text": { "type": "string" }
      }
    },
    "paragraph": {
      "type": "object",
      "required": ["number", "letter", "label", "anchor", "title", "dnr", "confidential", "withheld", "ground", "text_html", "text", "decision_html", "decision_text", "sections"],
      "properties": {
        "number": { "type": "integer", "minimum": 0 },
        "letter": { "type": ["string", "null"], "minLength": 1, "maxLength": 1 },
        "label": { "type": "string", "minLength": 1 },
        "anchor": { "type": "string", "pattern": "^p[0-9]+" },
        "title": { "type": "string" },
        "dnr": { "$ref": "#/$defs/optionalString" },
        "confidential": { "type": "boolean" },
        "withheld": { "type": "boolean" },
        "ground": { "$ref": "#/$defs/optionalString" },
        "text_html": { "type": "string" },
        "text": { "type": "string" },
        "decision_html": { "$ref": "#/$defs/optionalString" },
        "decision_text": { "$ref": "#/$defs/optionalString" },
        "sections": { "type": "array", "items": { "$ref": "#/$defs/section" } }
      },
      "if": { "properties": { "withheld": { "const": true } } },
      "then": {
        "properties": {
          "text_html": { "const": "" },
          "text": { "const": "" },
          "sections": { "type": "array", "items": { "properties": { "kind": { "const": "decision" } } } }
        }
      }
    },
    "protocol": {
      "type": "object",
      "required": ["version", "kind", "id", "body", "meeting", "page", "previous", "next", "justering", "anslag", "chair", "secretary", "adjusters", "attendees", "absent", "tags", "preamble_html", "paragraphs"],
      "properties": {
        "version": { "const": 1 },
        "kind": { "const": "protocol" },
        "id": { "$ref": "#/$defs/meetingId" },
        "body": {
          "type": "object",
          "required": ["id", "name", "prefix"],
          "properties": {
            "id": { "$ref": "#/$defs/slug" },
            "name": { "type": "string" },
            "prefix": { "$ref": "#/$defs/optionalString" }
          }
        },
        "meeting": {
          "type": "object",
          "required": ["date", "seq", "time", "start", "end", "location", "status"],
          "properties": {
            "date": { "$ref": "#/$defs/date" },
            "seq": { "type": "integer", "minimum": 1 },
            "time": { "$ref": "#/$defs/optionalString" },
            "start": { "oneOf": [ { "$ref": "#/$defs/time" }, { "type": "null" } ] },
            "end": { "oneOf": [ { "$ref": "#/$defs/time" }, { "type": "null" } ] },
            "location": { "$ref": "#/$defs/optionalString" },
            "status": { "$ref": "#/$defs/status" }
          }
        },
        "page": { "$ref": "#/$defs/path" },
        "previous": { "oneOf": [ { "$ref": "#/$defs/meetingId" }, { "type": "null" } ] },
        "next": { "oneOf": [ { "$ref": "#/$defs/meetingId" }, { "type": "null" } ] },
        "justering": {
          "oneOf": [
            { "type": "null" },
            {
              "type": "object",
              "required": ["date", "place"],
              "properties": { "date": { "$ref": "#/$defs/optionalDate" }, "place": { "$ref": "#/$defs/optionalString" } }
            }
          ]
        },
        "anslag": {
          "oneOf": [
            { "type": "null" },
            {
              "type": "object",
              "required": ["up", "down", "appeal_last_day"],
              "properties": {
                "up": { "$ref": "#/$defs/optionalDate" },
                "down": { "$ref": "#/$defs/optionalDate" },
                "appeal_last_day": { "$ref": "#/$defs/optionalDate" }
              }
            }
          ]
        },
        "chair": { "$ref": "#/$defs/optionalString" },
        "secretary": { "$ref": "#/$defs/optionalString" },
        "adjusters": { "type": "array", "items": { "type": "string" } },
        "attendees": { "type": "array", "items": { "$ref": "#/$defs/attendee" } },
        "absent": { "type": "array", "items": { "$ref": "#/$defs/attendee" } },
        "tags": { "type": "array", "items": { "type": "string" } },
        "preamble_html": { "type": "string" },
        "paragraphs": { "type": "array", "items": { "$ref": "#/$defs/paragraph" } }
      }
    }
  }
}
"##;

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests")]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The text formats as they were written before they were made faster: the new ones
    /// must give the same bytes for every input.
    mod before {
        use super::super::decode_entity;

        pub(super) fn html_to_text(html: &str) -> String {
            let mut out = String::with_capacity(html.len());
            let mut rest = html;
            let mut pre = false;
            while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
                push_text(&mut out, rest.get(..i).unwrap_or(""), pre);
                let tail = rest.get(i..).unwrap_or("");
                if tail.starts_with('<') {
                    let end = memchr::memchr(b'>', tail.as_bytes()).map_or(tail.len(), |e| e + 1);
                    let tag = tail.get(1..end.saturating_sub(1)).unwrap_or("");
                    let closing = tag.starts_with('/');
                    let name = tag.trim_start_matches('/');
                    let name = name.get(..name.bytes().take_while(u8::is_ascii_alphanumeric).count()).unwrap_or("");
                    // Lower-cased without allocating: the names that matter are short.
                    let mut lower = [0u8; 10];
                    for (d, c) in lower.iter_mut().zip(name.bytes()) {
                        *d = c.to_ascii_lowercase();
                    }
                    let name = if name.len() <= lower.len() {
                        std::str::from_utf8(lower.get(..name.len()).unwrap_or(&[])).unwrap_or("")
                    } else {
                        ""
                    };
                    let line_start = out.is_empty() || out.ends_with('\n');
                    match (name, closing) {
                        ("li", false) => out.push_str(if line_start { "- " } else { "\n- " }),
                        ("td" | "th", true) => out.push('\t'),
                        ("pre", false) => pre = true,
                        ("ul" | "ol" | "table" | "blockquote", false) if !line_start => out.push('\n'),
                        (
                            "p" | "pre" | "blockquote" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5"
                            | "h6",
                            true,
                        ) => {
                            pre = false;
                            out.push_str("\n\n");
                        }
                        ("br" | "hr", _) | ("li" | "tr", true) => out.push('\n'),
                        _ => {}
                    }
                    rest = tail.get(end..).unwrap_or("");
                } else {
                    // An entity is short: look for its `;` in the next few bytes only.
                    let end = tail.as_bytes().get(..tail.len().min(11)).and_then(|head| memchr::memchr(b';', head));
                    let decoded = end.and_then(|e| decode_entity(tail.get(1..e)?));
                    if let (Some(c), Some(e)) = (decoded, end) {
                        out.push(c);
                        rest = tail.get(e + 1..).unwrap_or("");
                    } else {
                        out.push('&');
                        rest = tail.get(1..).unwrap_or("");
                    }
                }
            }
            push_text(&mut out, rest, pre);
            // Tidy: trim lines, at most one blank line in a row, none at the ends.
            let mut tidy = String::with_capacity(out.len());
            let mut blank = 0;
            for line in out.lines().map(str::trim_end) {
                if line.trim().is_empty() {
                    blank += 1;
                    continue;
                }
                if !tidy.is_empty() {
                    tidy.push_str(if blank > 0 { "\n\n" } else { "\n" });
                }
                blank = 0;
                tidy.push_str(line);
            }
            tidy
        }

        /// Text between tags: as is inside `<pre>`; elsewhere a line end in the HTML is a space,
        /// and space at the start of a line goes.
        fn push_text(out: &mut String, s: &str, pre: bool) {
            if pre {
                out.push_str(s);
                return;
            }
            // A line end becomes a space; then the space a line would start with goes.
            let s = if out.is_empty() || out.ends_with('\n') { s.trim_start() } else { s };
            let mut rest = s;
            while let Some(i) = memchr::memchr(b'\n', rest.as_bytes()) {
                out.push_str(rest.get(..i).unwrap_or(""));
                out.push(' ');
                rest = rest.get(i + 1..).unwrap_or("");
            }
            out.push_str(rest);
        }

        pub(super) fn push_csv_cell(out: &mut String, s: &str) {
            let plain = |c: char| !c.is_control() && !matches!(c, ',' | '"');
            if !s.starts_with(['=', '+', '-', '@']) && s.chars().all(plain) {
                out.push_str(s);
                return;
            }
            let s: String = s.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).collect();
            let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s };
            if s.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&s.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&s);
            }
        }

        pub(super) fn ics_text(s: &str) -> String {
            let mut out = String::with_capacity(s.len());
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    ';' => out.push_str("\\;"),
                    ',' => out.push_str("\\,"),
                    '\r' => {
                        if chars.peek() != Some(&'\n') {
                            out.push_str("\\n");
                        }
                    }
                    '\n' => out.push_str("\\n"),
                    c if c.is_control() => {}
                    c => out.push(c),
                }
            }
            out
        }
        pub(super) fn fold_into(out: &mut String, line: &str) {
            let mut width = 0;
            for c in line.chars() {
                let n = c.len_utf8();
                if width + n > 75 {
                    out.push_str("\r\n ");
                    width = 1;
                }
                out.push(c);
                width += n;
            }
            out.push_str("\r\n");
        }
    }

    /// Pieces of HTML and text that the text formats treat specially, to be strung together.
    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<P>",
        "</P >",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<pre>",
        "</pre>",
        "<br />",
        "<hr>",
        "<td>",
        "</td>",
        "<th>",
        "</TH>",
        "<tr>",
        "</tr>",
        "<table>",
        "</table>",
        "<blockquote>",
        "</blockquote>",
        "<h2>",
        "</h2>",
        "<em>",
        "</em>",
        "<a href=\"x\">",
        "</a>",
        "<averyveryverylongtag>",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&#39;",
        "&#x27;",
        "&#10;",
        "&#9;",
        "&#0;",
        "&#x85;",
        "&nbsp;",
        "&unknown;",
        "&",
        "<",
        ">",
        "/",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        "\u{a0}",
        "\u{2028}",
        "\u{85}",
        "\u{1}",
        "\u{1f}",
        "\u{7f}",
        "\u{FFFE}",
        "text",
        "Åsa",
        "ord med mellanrum",
        "\"",
        "\\",
        ";",
        ",",
        "=",
        "-",
        "@",
        "+",
        "§ 1",
        "0123456789",
        "\u{1F600}",
    ];

    fn pieces(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn html_to_text_is_as_before(html in pieces(40)) {
            prop_assert_eq!(html_to_text(&html), before::html_to_text(&html));
            // Into a buffer that held something else.
            let mut text = String::from("left over\n");
            html_to_text_into(&mut text, &html);
            prop_assert_eq!(text, before::html_to_text(&html));
        }

        #[test]
        fn json_strings_are_serde_jsons(s in pieces(30), t in any::<String>()) {
            for s in [&s, &t] {
                let mut out = Vec::new();
                push_json_str(&mut out, s);
                prop_assert_eq!(String::from_utf8(out).ok(), serde_json::to_string(s).ok());
            }
        }

        #[test]
        fn csv_cells_are_as_before(s in pieces(12), t in any::<String>()) {
            for s in [&s, &t] {
                let (mut new, mut old) = (String::new(), String::new());
                push_csv_cell(&mut new, s);
                before::push_csv_cell(&mut old, s);
                prop_assert_eq!(new, old);
            }
        }

        #[test]
        fn ics_text_is_as_before(s in pieces(30), t in any::<String>()) {
            for s in [&s, &t] {
                let mut out = String::new();
                push_ics_text(&mut out, s);
                prop_assert_eq!(out, before::ics_text(s));
            }
        }

        #[test]
        fn folding_is_as_before(s in pieces(60), t in "[aåé€😀]{0,200}") {
            for s in [&s, &t] {
                let (mut new, mut old) = (String::new(), String::new());
                fold_into(&mut new, s);
                before::fold_into(&mut old, s);
                prop_assert_eq!(new, old);
            }
        }
    }

    #[test]
    fn word_tests_are_exact() {
        // Every byte value, alone and next to every other, at every place in a word of
        // ordinary text, plain ASCII or UTF-8.
        for filler in [b' ', b'a', 0x80, 0xc3, 0xff] {
            for x in 0..=255u8 {
                for y in 0..=255u8 {
                    for (i, j) in [(0, 1), (3, 4), (6, 7), (0, 7), (2, 5)] {
                        let mut bytes = [filler; 8];
                        bytes[i] = x;
                        bytes[j] = y;
                        let w = u64::from_le_bytes(bytes);
                        for n in [0x20, 0x80] {
                            assert_eq!(word::below(w, n) != 0, bytes.iter().any(|&b| b < n), "{bytes:?} < {n}");
                        }
                        for b in [b'"', b'\\', b',', b'\n', 0x7f, 0xc2, 0xef] {
                            assert_eq!(word::eq(w, b) != 0, bytes.contains(&b), "{bytes:?} == {b}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn find_special_finds_the_first() {
        let special = |b: u8| b == b'"' || b < 0x20;
        let any = |w: u64| word::eq(w, b'"') | word::below(w, 0x20) != 0;
        for len in 0..40 {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'"';
                if at + 3 < len {
                    bytes[at + 3] = b'\n';
                }
                assert_eq!(find_special(&bytes, any, special), Some(at));
            }
            assert_eq!(find_special(&vec![b'a'; len], any, special), None);
        }
    }

    #[test]
    fn json_is_serde_jsons() {
        let mut json = Json::with_capacity(0);
        json.object(|json| {
            json.field("a", 1u32);
            json.field("b", "x\"y");
            json.field("c", None::<&str>);
            json.array_field("d", |json| {
                json.value(true);
                json.object(|json| json.field("e", 18_446_744_073_709_551_615_usize));
                json.array(|_| {});
                json.object(|_| {});
            });
            json.field("f", 'å');
            json.field("g", Concat(&["a", "/", "\n"]));
            json.field("h", HourMinute((9, 5)));
            json.field("i", Status::Adjusted);
            json.key("j");
            let at = json.value_at(0u32);
            json.key("k");
            json.value_again(at);
        });
        let expected = serde_json::json!({
            "a": 1, "b": "x\"y", "c": null, "d": [true, {"e": 18_446_744_073_709_551_615_u64}, [], {}],
            "f": "å", "g": "a/\n", "h": "09:05", "i": "adjusted", "j": 0, "k": 0,
        });
        assert_eq!(String::from_utf8(json.finish()).ok(), Some(format!("{expected}\n")));
    }

    #[test]
    fn dates_are_written_as_displayed() {
        for (y, m, d) in
            [(2020, 10, 19), (1, 1, 1), (999, 12, 31), (9999, 12, 31), (0, 1, 1), (-1, 6, 5), (-9999, 1, 1)]
        {
            let Ok(date) = Date::new(y, m, d) else { continue };
            let mut out = Vec::new();
            push_date(&mut out, date);
            assert_eq!(String::from_utf8(out).ok(), Some(date.to_string()));
        }
    }
}
