//! Open data under `data/`: JSON per protocol, the archive index, a JSON Schema, the
//! attendance CSV and an iCalendar file per body. The shape is documented, and versioned
//! by [`VERSION`], in `docs/data.md`.
//!
//! Everything here is built from the same views as the pages ([`paragraph_view`]), so a
//! confidential paragraph carries in a public build exactly what its `show=` allows, and
//! the front matter's `agenda` (which may name a confidential matter) is never exported.
//! Drafts are never exported, not even with `--drafts`. The output depends on the archive
//! alone (no clock, no hash order), so the same site gives the same bytes.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::Page;
use super::feeds::{appeal_last_day, base_url, host, site_slug};
use super::view::{ParagraphView, Paths};
use crate::config::{Numbering, Profile};
use crate::index::{Archive, Meeting};
use crate::parse::{SectionKind, Show, Status};

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

/// Hands every open-data file to `sink` as soon as it is ready: the protocols' JSON in
/// parallel, each rendered and dropped in turn, so a large archive's data never sits in
/// memory whole.
///
/// `views[m]` are the paragraph views of `archive.meetings[m]`, made with the same
/// `internal` ([`super::view::meeting_views`]).
pub fn each_file<E: Send>(
    archive: &Archive<'_>,
    internal: bool,
    views: &[Vec<ParagraphView>],
    sink: &(dyn Fn(Page) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let lang = archive.site.config.site.language;
    let paths = Paths { lang };
    // Each exported meeting's JSON goes out now; what the index and calendars need of its
    // paragraphs (the "§ N Title" lines) stays. `None`: not exported (a draft).
    let titles: Vec<Option<Vec<String>>> = (0..archive.meetings.len())
        .into_par_iter()
        .map(|mi| {
            let Some(m) = exported(archive, mi) else { return Ok(None) };
            let views = views.get(mi).map_or(&[][..], Vec::as_slice);
            let lines = views.iter().map(title_line).collect();
            if let Some(data) = protocol(archive, paths, mi, views) {
                sink(Page { path: data_path(archive, m), content: json(&data) })?;
            }
            Ok(Some(lines))
        })
        .collect::<Result<_, E>>()?;
    let ctx = Ctx { archive, internal, paths, titles: &titles };
    sink(Page { path: SCHEMA_PATH.into(), content: SCHEMA.as_bytes().to_vec() })?;
    // The archive-wide files, each made by one thread: side by side.
    let (index, rest) = rayon::join(
        || sink(Page { path: "data/index.json".into(), content: json(&ctx.index()) }),
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

/// An exported meeting; `None` for a draft.
fn exported<'a>(archive: &'a Archive<'_>, mi: usize) -> Option<&'a Meeting> {
    let m = archive.meetings.get(mi)?;
    let p = archive.site.protocols.get(m.protocol)?;
    (p.status() != Status::Draft).then_some(m)
}

/// "§ 17 a Title", or "§ 17 a" without a title.
fn title_line(v: &ParagraphView) -> String {
    if v.title.is_empty() { format!("§ {}", v.label) } else { format!("§ {} {}", v.label, v.title) }
}

/// `<body>/<meeting>`.
fn meeting_id(archive: &Archive<'_>, m: &Meeting) -> String {
    let body = archive.bodies.get(m.body).map_or("", |b| b.slug.as_str());
    format!("{body}/{}", m.slug)
}

fn data_path(archive: &Archive<'_>, m: &Meeting) -> String {
    format!("data/protocols/{}.json", meeting_id(archive, m))
}

/// Compact JSON with a final newline (pretty-printing would add a fifth to the size of a
/// large archive's data; `jq .` or a browser shows it indented). Serialising our own plain
/// types cannot fail; if it ever did, the file would say so rather than be empty.
fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec(value)
        .unwrap_or_else(|e| serde_json::json!({ "version": VERSION, "error": e.to_string() }).to_string().into_bytes());
    v.push(b'\n');
    v
}

struct Ctx<'a, 's> {
    archive: &'a Archive<'s>,
    internal: bool,
    paths: Paths,
    /// By meeting: the "§ N Title" lines; `None` for meetings that are not exported (drafts).
    titles: &'a [Option<Vec<String>>],
}

// ---------------------------------------------------------------------------------------
// The shapes (docs/data.md)

#[derive(Serialize)]
struct ArchiveData {
    version: u32,
    kind: &'static str,
    site: SiteData,
    bodies: Vec<BodyData>,
    meetings: Vec<MeetingSummary>,
    persons: Vec<PersonData>,
    organizations: Vec<OrgData>,
    memberships: Vec<Membership>,
}

#[derive(Serialize)]
struct SiteData {
    title: String,
    language: &'static str,
    base_url: Option<String>,
    internal: bool,
    schema: &'static str,
    attendance: &'static str,
    feed: &'static str,
}

#[derive(Serialize)]
struct BodyData {
    id: String,
    name: String,
    prefix: Option<String>,
    numbering: Numbering,
    profile: Profile,
    seats: Option<u32>,
    meetings: usize,
    page: String,
    feed: String,
    anslag_feed: String,
    calendar: String,
}

#[derive(Serialize)]
struct MeetingSummary {
    id: String,
    body: String,
    date: String,
    seq: u32,
    status: Status,
    paragraphs: usize,
    page: String,
    data: String,
}

#[derive(Serialize)]
struct PersonData {
    id: String,
    name: String,
    organization: Option<String>,
    organization_name: Option<String>,
    page: String,
}

#[derive(Serialize)]
struct OrgData {
    id: String,
    name: String,
    page: String,
}

#[derive(Serialize)]
struct Membership {
    kind: &'static str,
    person: String,
    body: Option<String>,
    organization: Option<String>,
    role: Option<String>,
    start_date: String,
    end_date: String,
    present: usize,
    absent: usize,
}

#[derive(Serialize)]
struct ProtocolData<'v> {
    version: u32,
    kind: &'static str,
    id: String,
    body: BodyRef,
    meeting: MeetingData,
    page: String,
    previous: Option<String>,
    next: Option<String>,
    justering: Option<JusteringData>,
    anslag: Option<AnslagData>,
    chair: Option<String>,
    secretary: Option<String>,
    adjusters: Vec<String>,
    attendees: Vec<AttendeeData>,
    absent: Vec<AttendeeData>,
    tags: Vec<String>,
    preamble_html: String,
    paragraphs: Vec<ParagraphData<'v>>,
}

#[derive(Serialize)]
struct BodyRef {
    id: String,
    name: String,
    prefix: Option<String>,
}

#[derive(Serialize)]
struct MeetingData {
    date: String,
    seq: u32,
    time: Option<String>,
    start: Option<String>,
    end: Option<String>,
    location: Option<String>,
    status: Status,
}

#[derive(Serialize)]
struct JusteringData {
    date: Option<String>,
    place: Option<String>,
}

#[derive(Serialize)]
struct AnslagData {
    up: Option<String>,
    down: Option<String>,
    appeal_last_day: Option<String>,
}

#[derive(Serialize)]
struct AttendeeData {
    name: String,
    person: Option<String>,
    organization: Option<String>,
    organization_id: Option<String>,
    role: Option<String>,
    serves_for: Option<String>,
}

#[derive(Serialize)]
struct ParagraphData<'v> {
    number: u32,
    letter: Option<String>,
    label: &'v str,
    anchor: &'v str,
    title: &'v str,
    dnr: Option<&'v str>,
    confidential: bool,
    withheld: bool,
    ground: Option<&'v str>,
    text_html: &'v str,
    text: String,
    decision_html: Option<&'v str>,
    decision_text: Option<String>,
    sections: Vec<SectionData<'v>>,
}

#[derive(Serialize)]
struct SectionData<'v> {
    kind: SectionKind,
    title: &'v str,
    body_html: &'v str,
    body_text: String,
}

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

impl Ctx<'_, '_> {
    fn exported(&self, mi: usize) -> bool {
        self.titles.get(mi).is_some_and(Option::is_some)
    }

    fn meeting_id(&self, m: &Meeting) -> String {
        meeting_id(self.archive, m)
    }

    fn data_path(&self, m: &Meeting) -> String {
        data_path(self.archive, m)
    }

    fn index(&self) -> ArchiveData {
        let a = self.archive;
        let site = &a.site.config.site;
        let bodies = a
            .bodies
            .iter()
            .map(|b| BodyData {
                id: b.slug.clone(),
                name: b.name.clone(),
                prefix: b.config.as_ref().and_then(|c| c.prefix.clone()),
                numbering: b.config.as_ref().map_or_else(Numbering::default, |c| c.numbering),
                profile: b.config.as_ref().map_or_else(Profile::default, |c| c.profile),
                seats: b.config.as_ref().and_then(|c| c.seats),
                meetings: b.meetings.iter().filter(|&&mi| self.exported(mi)).count(),
                page: format!("{}/index.html", b.slug),
                feed: format!("feeds/{}.xml", b.slug),
                anslag_feed: format!("feeds/{}-anslag.xml", b.slug),
                calendar: format!("data/calendar/{}.ics", b.slug),
            })
            .collect();
        let meetings = a
            .meetings
            .iter()
            .enumerate()
            .filter(|(mi, _)| self.exported(*mi))
            .filter_map(|(_, m)| {
                let p = a.site.protocols.get(m.protocol)?;
                Some(MeetingSummary {
                    id: self.meeting_id(m),
                    body: a.bodies.get(m.body)?.slug.clone(),
                    date: m.date.to_string(),
                    seq: m.seq,
                    status: p.status(),
                    paragraphs: p.paragraphs.len(),
                    page: self.paths.meeting(a, m),
                    data: self.data_path(m),
                })
            })
            .collect();
        let (persons, memberships) = self.persons();
        let mut used_orgs: Vec<bool> = vec![false; a.orgs.len()];
        for m in &memberships {
            if let Some(o) = &m.organization
                && let Some(i) = a.orgs.iter().position(|x| &x.slug == o)
                && let Some(u) = used_orgs.get_mut(i)
            {
                *u = true;
            }
        }
        let organizations = a
            .orgs
            .iter()
            .zip(&used_orgs)
            .filter(|(_, used)| **used)
            .map(|(o, _)| OrgData {
                id: o.slug.clone(),
                name: o.name.clone(),
                page: format!("{}/{}.html", self.paths.orgs_dir(), o.slug),
            })
            .collect();
        ArchiveData {
            version: VERSION,
            kind: "archive",
            site: SiteData {
                title: site.title.clone(),
                language: site.language.code(),
                base_url: base_url(a),
                internal: self.internal,
                schema: SCHEMA_PATH,
                attendance: "data/attendance.csv",
                feed: "feeds/index.xml",
            },
            bodies,
            meetings,
            persons,
            organizations,
            memberships,
        }
    }

    /// The people seen at exported meetings, and their memberships: of a body (by role as
    /// written) and of an organisation (by the organisation written at meetings attended).
    fn persons(&self) -> (Vec<PersonData>, Vec<Membership>) {
        let a = self.archive;
        let mut persons = Vec::new();
        let mut memberships = Vec::new();
        for p in &a.people {
            // (body, role) and organisation → (first, last, present, absent), in archive order.
            let mut by_body: BTreeMap<(usize, Option<String>), Tally> = BTreeMap::new();
            let mut by_org: BTreeMap<usize, Tally> = BTreeMap::new();
            for att in p.attendance.iter().filter(|x| self.exported(x.meeting)) {
                let Some(m) = a.meetings.get(att.meeting) else { continue };
                let role = att.role.as_ref().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
                by_body.entry((m.body, role)).or_insert_with(|| Tally::new(m.date)).add(m.date, att.present);
                if att.present
                    && let Some(org) = att.org.as_deref()
                    && let Some(oi) = a.org_index(org.trim())
                {
                    by_org.entry(oi).or_insert_with(|| Tally::new(m.date)).add(m.date, true);
                }
            }
            if by_body.is_empty() {
                continue;
            }
            let org = p.org.as_deref().and_then(|o| a.org(o));
            persons.push(PersonData {
                id: p.slug.clone(),
                name: p.name.clone(),
                organization: org.map(|o| o.slug.clone()),
                organization_name: p.org.clone(),
                page: format!("{}/{}.html", self.paths.people_dir(), p.slug),
            });
            for ((bi, role), t) in by_body {
                let Some(b) = a.bodies.get(bi) else { continue };
                memberships.push(Membership {
                    kind: "body",
                    person: p.slug.clone(),
                    body: Some(b.slug.clone()),
                    organization: None,
                    role,
                    start_date: t.first.to_string(),
                    end_date: t.last.to_string(),
                    present: t.present,
                    absent: t.absent,
                });
            }
            for (oi, t) in by_org {
                let Some(o) = a.orgs.get(oi) else { continue };
                memberships.push(Membership {
                    kind: "organization",
                    person: p.slug.clone(),
                    body: None,
                    organization: Some(o.slug.clone()),
                    role: None,
                    start_date: t.first.to_string(),
                    end_date: t.last.to_string(),
                    present: t.present,
                    absent: t.absent,
                });
            }
        }
        (persons, memberships)
    }

    /// `data/attendance.csv`: one row per person and exported meeting (RFC 4180: comma,
    /// CRLF, quoted where needed), UTF-8 with a byte-order mark so that Excel reads å ä ö.
    fn attendance_csv(&self) -> String {
        let a = self.archive;
        let mut out = String::from("\u{FEFF}");
        out.push_str(CSV_HEADER);
        out.push_str("\r\n");
        for (mi, m) in a.meetings.iter().enumerate() {
            if !self.exported(mi) {
                continue;
            }
            let Some(p) = a.site.protocols.get(m.protocol) else { continue };
            let Some(b) = a.bodies.get(m.body) else { continue };
            let (date, id) = (m.date.to_string(), self.meeting_id(m));
            let rows = p.attendees().iter().map(|x| (x, "present")).chain(p.absent().iter().map(|x| (x, "absent")));
            for (x, presence) in rows {
                let Some(name) = x.name.as_ref().map(|n| n.value.trim()).filter(|n| !n.is_empty()) else { continue };
                let person_id = a.person(name).map_or("", |p| p.slug.as_str());
                let cells = [
                    date.as_str(),
                    &b.slug,
                    &b.name,
                    &id,
                    person_id,
                    name,
                    field(x.org.as_ref()),
                    field(x.role.as_ref()),
                    field(x.serves_for.as_ref()),
                    presence,
                ];
                for (i, cell) in cells.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_csv_cell(&mut out, cell);
                }
                out.push_str("\r\n");
            }
        }
        out
    }

    /// `data/calendar/<body>.ics`: one event per exported meeting.
    fn calendar(&self, bi: usize) -> String {
        let a = self.archive;
        let Some(b) = a.bodies.get(bi) else { return String::new() };
        let base = base_url(a);
        let uid_host = host(a).unwrap_or_else(|| format!("{}.protokoll.invalid", site_slug(a)));
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            "VERSION:2.0".into(),
            "PRODID:-//protokoll//protokoll//SV".into(),
            "CALSCALE:GREGORIAN".into(),
            "METHOD:PUBLISH".into(),
            format!("X-WR-CALNAME:{}", ics_text(&b.name)),
            "X-WR-TIMEZONE:Europe/Stockholm".into(),
        ];
        lines.extend(VTIMEZONE.iter().map(|s| (*s).to_owned()));
        for &mi in &b.meetings {
            let Some(Some(titles)) = self.titles.get(mi) else { continue };
            let Some(m) = a.meetings.get(mi) else { continue };
            let Some(p) = a.site.protocols.get(m.protocol) else { continue };
            let Some(day) = ics_date(m.date) else { continue };
            let front = p.front.as_ref();
            let changed = front
                .and_then(|f| f.justering.as_ref()?.date.as_ref().map(|d| d.value))
                .filter(|&j| j >= m.date)
                .unwrap_or(m.date);
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}-{}@{}", m.slug, b.slug, uid_host));
            lines.push(format!("DTSTAMP:{}T000000Z", ics_date(changed).unwrap_or_else(|| day.clone())));
            let time = front.and_then(|f| f.time.as_ref()).and_then(|t| parse_time(&t.value));
            if let Some(((sh, sm), end)) = time {
                lines.push(format!("DTSTART;TZID=Europe/Stockholm:{day}T{sh:02}{sm:02}00"));
                if let Some((eh, em)) = end {
                    // An end before the start is past midnight.
                    let end_day = if (eh, em) <= (sh, sm) {
                        m.date.tomorrow().ok().and_then(ics_date)
                    } else {
                        Some(day.clone())
                    };
                    if let Some(end_day) = end_day {
                        lines.push(format!("DTEND;TZID=Europe/Stockholm:{end_day}T{eh:02}{em:02}00"));
                    }
                }
            } else {
                lines.push(format!("DTSTART;VALUE=DATE:{day}"));
                if let Some(next) = m.date.tomorrow().ok().and_then(ics_date) {
                    lines.push(format!("DTEND;VALUE=DATE:{next}"));
                }
            }
            lines.push(format!("SUMMARY:{}", ics_text(&b.name)));
            if let Some(loc) = front.and_then(|f| f.location.as_ref()) {
                lines.push(format!("LOCATION:{}", ics_text(&loc.value)));
            }
            if let Some(base) = &base {
                lines.push(format!("URL:{base}{}", self.paths.meeting(a, m)));
            }
            if !titles.is_empty() {
                lines.push(format!("DESCRIPTION:{}", ics_text(&titles.join("\n"))));
            }
            lines.push("STATUS:CONFIRMED".into());
            lines.push("END:VEVENT".into());
        }
        lines.push("END:VCALENDAR".into());
        let mut out = String::new();
        for line in &lines {
            fold_into(&mut out, line);
        }
        out
    }
}

/// The JSON of one exported protocol.
fn protocol<'v>(a: &Archive<'_>, paths: Paths, mi: usize, views: &'v [ParagraphView]) -> Option<ProtocolData<'v>> {
    let m = a.meetings.get(mi)?;
    let p = a.site.protocols.get(m.protocol)?;
    let b = a.bodies.get(m.body)?;
    let front = p.front.as_ref();
    let text = |v: Option<&crate::source::Spanned<String>>| v.map(|x| x.value.clone());
    let time = front.and_then(|f| text(f.time.as_ref()));
    let (start, end) = time.as_deref().and_then(parse_time).map_or((None, None), |(s, e)| {
        (Some(format!("{:02}:{:02}", s.0, s.1)), e.map(|e| format!("{:02}:{:02}", e.0, e.1)))
    });
    let attendee = |x: &crate::parse::Attendee| -> Option<AttendeeData> {
        let name = x.name.as_ref().map(|n| n.value.trim()).filter(|n| !n.is_empty())?;
        let org = x.org.as_ref().map(|o| o.value.clone());
        Some(AttendeeData {
            name: name.to_owned(),
            person: a.person(name).map(|p| p.slug.clone()),
            organization_id: org.as_deref().and_then(|o| a.org(o)).map(|o| o.slug.clone()),
            organization: org,
            role: text(x.role.as_ref()),
            serves_for: text(x.serves_for.as_ref()),
        })
    };
    let paragraphs = p
        .paragraphs
        .iter()
        .zip(views)
        .map(|(para, v)| {
            // show=nothing leaves the number alone: not even the case number.
            let dnr = if v.withheld && para.attrs.show == Show::Nothing { None } else { v.dnr.as_deref() };
            let sections: Vec<SectionData<'_>> = v
                .sections
                .iter()
                .map(|s| SectionData {
                    kind: s.kind,
                    title: &s.title,
                    body_html: &s.body_html,
                    body_text: html_to_text(&s.body_html),
                })
                .collect();
            let decision = sections.iter().find(|s| s.kind == SectionKind::Decision);
            ParagraphData {
                number: para.number.value,
                letter: para.letter.map(String::from),
                label: &v.label,
                anchor: &v.anchor,
                title: &v.title,
                dnr,
                confidential: v.confidential,
                withheld: v.withheld,
                ground: v.ground.as_deref(),
                text_html: &v.intro_html,
                text: html_to_text(&v.intro_html),
                decision_html: decision.map(|d| d.body_html),
                decision_text: decision.map(|d| d.body_text.clone()),
                sections,
            }
        })
        .collect();
    let source = a.site.sources.get(p.file)?;
    Some(ProtocolData {
        version: VERSION,
        kind: "protocol",
        id: meeting_id(a, m),
        body: BodyRef {
            id: b.slug.clone(),
            name: b.name.clone(),
            prefix: b.config.as_ref().and_then(|c| c.prefix.clone()),
        },
        meeting: MeetingData {
            date: m.date.to_string(),
            seq: m.seq,
            time,
            start,
            end,
            location: front.and_then(|f| text(f.location.as_ref())),
            status: p.status(),
        },
        page: paths.meeting(a, m),
        previous: neighbour(a, m.prev, |x| x.prev),
        next: neighbour(a, m.next, |x| x.next),
        justering: front.and_then(|f| f.justering.as_ref()).map(|j| JusteringData {
            date: j.date.as_ref().map(|d| d.value.to_string()),
            place: text(j.place.as_ref()),
        }),
        anslag: front.and_then(|f| f.anslag.as_ref()).map(|x| AnslagData {
            up: x.up.as_ref().map(|d| d.value.to_string()),
            down: x.down.as_ref().map(|d| d.value.to_string()),
            appeal_last_day: x.up.as_ref().and_then(|d| appeal_last_day(d.value)).map(|d| d.to_string()),
        }),
        chair: front.and_then(|f| text(f.chair.as_ref())),
        secretary: front.and_then(|f| text(f.secretary.as_ref())),
        adjusters: front.map(|f| f.adjusters.iter().map(|x| x.value.clone()).collect()).unwrap_or_default(),
        attendees: p.attendees().iter().filter_map(attendee).collect(),
        absent: p.absent().iter().filter_map(attendee).collect(),
        tags: front.map(|f| f.tags.iter().map(|t| t.value.clone()).collect()).unwrap_or_default(),
        preamble_html: super::markdown::to_html(source.slice(p.preamble)),
        paragraphs,
    })
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

/// The text of an optional front-matter value, or "".
fn field(v: Option<&crate::source::Spanned<String>>) -> &str {
    v.map_or("", |s| s.value.as_str())
}

/// `20201019`; `None` for years iCalendar cannot write.
fn ics_date(d: Date) -> Option<String> {
    (1..=9999).contains(&d.year()).then(|| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()))
}

/// An iCalendar TEXT value (RFC 5545 3.3.11): `\`, `;`, `,` escaped, line ends as `\n`,
/// other control characters dropped.
fn ics_text(s: &str) -> String {
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

/// Appends a content line, folded at 75 octets (RFC 5545 3.1: continuation lines start with
/// one space), never inside a character, with CRLF line ends.
fn fold_into(out: &mut String, line: &str) {
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
/// after each block, list items as `- `.
#[must_use]
pub fn html_to_text(html: &str) -> String {
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
                    "p" | "pre" | "blockquote" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6",
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
