//! Index: parsed protocols → [`Archive`], the cross-meeting view that pages are made from.
//!
//! The archive decides what a build includes (drafts only with `--drafts`), gives every
//! body, meeting, person, organisation, tag and year a unique, path-safe slug, and links
//! meetings to their neighbours. It holds indices into [`Site::protocols`], not copies.
//! It never looks at paragraph text: confidentiality is applied in `render`.

pub mod collate;

use std::collections::{BTreeMap, HashMap};

/// A map by name or key. foldhash, seeded per process, instead of std's `SipHash`: the
/// index looks names up by the hundred thousand (every attendee of every protocol), and
/// `SipHash` cost more than the rest of a lookup. The search index's word maps use it too.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use jiff::civil::Date;

use crate::Site;
use crate::config::BodyConfig;
use crate::diagnostic::suggest;
use crate::parse::{Protocol, Status, slugify};

/// What a build includes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Include `status: draft` protocols.
    pub drafts: bool,
}

/// A body (board, council): its meetings in date order.
#[derive(Debug, Clone)]
pub struct BodyEntry {
    /// Its folder under `content/`.
    pub folder: String,
    /// Its path in the site: the folder's name, unless that is reserved for a section.
    pub slug: String,
    /// Its name: from bodies.yaml, else the most common `body:` of its protocols.
    pub name: String,
    /// Its configuration, when bodies.yaml has it.
    pub config: Option<BodyConfig>,
    /// Indices into [`Archive::meetings`], oldest first.
    pub meetings: Vec<usize>,
}

/// A meeting in the archive: one protocol.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// Index into [`Site::protocols`].
    pub protocol: usize,
    /// Index into [`Archive::bodies`].
    pub body: usize,
    /// The meeting date.
    pub date: Date,
    /// 1, or 2 for a second meeting that day.
    pub seq: u32,
    /// `2020-10-19` or `2020-10-19-2`: the page's file name within the body's folder.
    pub slug: String,
    /// The body's previous meeting in the archive (index into meetings).
    pub prev: Option<usize>,
    /// The body's next meeting.
    pub next: Option<usize>,
}

/// One person's presence at a meeting.
#[derive(Debug, Clone)]
pub struct Attendance {
    /// Index into [`Archive::meetings`].
    pub meeting: usize,
    /// Present (`attendees`) or not (`absent`).
    pub present: bool,
    /// The role written for this meeting.
    pub role: Option<String>,
    /// The organisation written for this meeting.
    pub org: Option<String>,
    /// For a serving substitute: whom they served for.
    pub serves_for: Option<String>,
}

/// A person: every meeting attended or missed.
#[derive(Debug, Clone)]
pub struct PersonEntry {
    /// Path-safe, unique.
    pub slug: String,
    /// The name (people.yaml's spelling when the person is known there).
    pub name: String,
    /// The usual organisation (people.yaml's, else the most recent).
    pub org: Option<String>,
    /// Every meeting, oldest first.
    pub attendance: Vec<Attendance>,
}

/// An organisation: the people who came from it.
#[derive(Debug, Clone)]
pub struct OrgEntry {
    /// Path-safe, unique.
    pub slug: String,
    /// The name.
    pub name: String,
    /// Indices into [`Archive::people`], sorted by name.
    pub people: Vec<usize>,
    /// Meetings where someone from it was present, oldest first.
    pub meetings: Vec<usize>,
}

/// A tag: the meetings that carry it.
#[derive(Debug, Clone)]
pub struct TagEntry {
    /// Path-safe, unique.
    pub slug: String,
    /// The tag as written.
    pub name: String,
    /// Meetings, newest first.
    pub meetings: Vec<usize>,
}

/// The archive: what a build shows, indexed every way a reader looks. It dereferences to
/// its [`Index`] (`archive.meetings`, `archive.people`, …).
#[derive(Debug)]
pub struct Archive<'s> {
    /// The site it was made from.
    pub site: &'s Site,
    index: Index,
}

/// What indexing makes of a site: everything of an [`Archive`] but the site it borrows
/// (`serve` keeps it between changes and lends it out as an archive again).
#[derive(Debug, Default)]
pub struct Index {
    /// Bodies, by name (Swedish collation).
    pub bodies: Vec<BodyEntry>,
    /// Every included meeting, by date (then body): oldest first.
    pub meetings: Vec<Meeting>,
    /// People, by name.
    pub people: Vec<PersonEntry>,
    /// Organisations, by name.
    pub orgs: Vec<OrgEntry>,
    /// Tags, by name.
    pub tags: Vec<TagEntry>,
    /// Years with meetings, newest first, each with its meetings (oldest first).
    pub years: Vec<(i16, Vec<usize>)>,
    /// People by [`key`] of their name (people.yaml spellings resolved).
    pub person_by_key: FastMap<String, usize>,
    /// People by a name exactly as some included protocol writes it: the fast path of
    /// [`Archive::person`], which renderers call for every attendee of every page.
    pub person_by_name: FastMap<String, usize>,
    /// Organisations by [`key`] of their name.
    pub org_by_key: FastMap<String, usize>,
    /// Tags by [`key`] of their name.
    pub tag_by_key: FastMap<String, usize>,
    /// Organisations by a name exactly as the included protocols (or people.yaml) write it:
    /// the fast path of [`Archive::org`].
    pub org_by_name: FastMap<String, usize>,
    /// Tags by a name exactly as the included protocols write it: the fast path of
    /// [`Archive::tag`].
    pub tag_by_name: FastMap<String, usize>,
}

impl std::ops::Deref for Archive<'_> {
    type Target = Index;

    fn deref(&self) -> &Index {
        &self.index
    }
}

impl<'s> Archive<'s> {
    /// The archive of `site` with an index made of it earlier ([`Archive::into_index`]).
    #[must_use]
    pub fn new(site: &'s Site, index: Index) -> Self {
        Self { site, index }
    }

    /// The index, without the site.
    #[must_use]
    pub fn into_index(self) -> Index {
        self.index
    }
}

/// The key names are grouped by: case and spacing do not matter.
#[must_use]
pub fn key(name: &str) -> String {
    suggest::normalize(name)
}

impl Archive<'_> {
    /// The person a name written in a protocol refers to.
    #[must_use]
    pub fn person(&self, name: &str) -> Option<&PersonEntry> {
        if let Some(&i) = self.person_by_name.get(name) {
            return self.people.get(i);
        }
        self.person_slow(name)
    }

    fn person_slow(&self, name: &str) -> Option<&PersonEntry> {
        person_index(self.site, &self.person_by_key, name).and_then(|i| self.people.get(i))
    }

    /// The organisation with this name.
    #[must_use]
    pub fn org(&self, name: &str) -> Option<&OrgEntry> {
        self.org_index(name).and_then(|i| self.orgs.get(i))
    }

    /// The index in [`orgs`](Self::orgs) of the organisation with this name.
    #[must_use]
    pub fn org_index(&self, name: &str) -> Option<usize> {
        lookup(&self.org_by_name, &self.org_by_key, name)
    }

    /// The tag with this name.
    #[must_use]
    pub fn tag(&self, name: &str) -> Option<&TagEntry> {
        lookup(&self.tag_by_name, &self.tag_by_key, name).and_then(|i| self.tags.get(i))
    }
}

/// A name's entry: by its spelling as written, else by its [`key`].
fn lookup(by_name: &FastMap<String, usize>, by_key: &FastMap<String, usize>, name: &str) -> Option<usize> {
    by_name.get(name).or_else(|| by_key.get(&key(name))).copied()
}

/// Sorts people the way a Swedish register does: by surname, then given names
/// ("Anna Berg" → "Berg Anna"); the people index groups them by its first letter.
pub(crate) fn surname_key(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    match words.pop() {
        Some(last) if !words.is_empty() => format!("{last} {}", words.join(" ")),
        Some(last) => last.to_owned(),
        None => String::new(),
    }
}

/// Names reserved for the site's own sections; a body with such a slug gets a suffix.
pub const RESERVED: &[&str] = &[
    "personer",
    "people",
    "organisationer",
    "organisations",
    "amnen",
    "tags",
    "ar",
    "years",
    "beslut",
    "decisions",
    "sok",
    "search",
    "assets",
    "data",
    "feeds",
    "index",
    "404",
    "tillganglighet",
    "accessibility",
];

/// Hands out unique slugs: a second "Anna Berg" (another person with the same slug) gets `anna-berg-2`.
#[derive(Debug, Default)]
struct Slugs {
    used: FastMap<String, u32>,
}

impl Slugs {
    fn reserve(&mut self, s: &str) {
        self.used.insert(s.to_owned(), 1);
    }

    fn make(&mut self, name: &str) -> String {
        let base = slugify(name);
        let mut n = self.used.get(&base).copied().unwrap_or(0) + 1;
        self.used.insert(base.clone(), n);
        if n == 1 {
            return base;
        }
        loop {
            let cand = format!("{base}-{n}");
            if !self.used.contains_key(&cand) {
                self.used.insert(cand.clone(), 1);
                self.used.insert(base, n);
                return cand;
            }
            n += 1;
        }
    }
}

/// Builds the archive of `site`.
#[must_use]
pub fn index(site: &Site, options: Options) -> Archive<'_> {
    // Bodies: configured ones first, then any other folder.
    let mut body_slugs: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in site.protocols.iter().enumerate() {
        if included(p, options) {
            body_slugs.entry(p.body_slug.clone()).or_default().push(i);
        }
    }
    let mut slugs = Slugs::default();
    for r in RESERVED {
        slugs.reserve(r);
    }
    let mut bodies: Vec<BodyEntry> = body_slugs
        .iter()
        .map(|(folder, protos)| {
            let config = site.config.body(folder).cloned();
            let name = config.as_ref().map_or_else(
                || {
                    most_common(protos.iter().filter_map(|&i| {
                        site.protocols.get(i).and_then(|p| p.front.as_ref()?.body.as_ref().map(|b| b.value.clone()))
                    }))
                    .unwrap_or_else(|| folder.clone())
                },
                |c| c.name.value.clone(),
            );
            let slug = slugs.make(folder);
            BodyEntry { folder: folder.clone(), slug, name, config, meetings: Vec::new() }
        })
        .collect();
    bodies.sort_by_cached_key(|b| collate::key(&b.name));
    let body_index: FastMap<String, usize> = bodies.iter().enumerate().map(|(i, b)| (b.folder.clone(), i)).collect();

    // Meetings.
    let mut meetings: Vec<Meeting> = Vec::new();
    for (folder, protos) in &body_slugs {
        let Some(&body) = body_index.get(folder) else { continue };
        for &pi in protos {
            let Some(p) = site.protocols.get(pi) else { continue };
            let Some(m) = p.meeting() else { continue };
            let slug = if m.seq > 1 { format!("{}-{}", m.date, m.seq) } else { m.date.to_string() };
            meetings.push(Meeting { protocol: pi, body, date: m.date, seq: m.seq, slug, prev: None, next: None });
        }
    }
    meetings.sort_by_key(|m| (m.date, m.seq, m.body));
    // Two protocols of one body for the same meeting: a check error; keep the first.
    meetings.dedup_by(|b, a| a.body == b.body && a.slug == b.slug);
    for (mi, m) in meetings.iter().enumerate() {
        if let Some(b) = bodies.get_mut(m.body) {
            b.meetings.push(mi);
        }
    }
    for b in &bodies {
        for w in b.meetings.windows(2) {
            if let [a, c] = *w {
                if let Some(m) = meetings.get_mut(a) {
                    m.next = Some(c);
                }
                if let Some(m) = meetings.get_mut(c) {
                    m.prev = Some(a);
                }
            }
        }
    }

    // People, organisations and tags live in folders of their own: one namespace each,
    // so adding a tag never changes an organisation's URL.
    let section = || {
        let mut s = Slugs::default();
        s.reserve("index");
        s
    };
    let people = index_people(site, &meetings, &mut section());
    let orgs = index_orgs(site, &people, &mut section());
    let tags = index_tags(site, &meetings, &mut section());
    let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
    for (mi, m) in meetings.iter().enumerate() {
        years.entry(m.date.year()).or_default().push(mi);
    }
    let years = years.into_iter().rev().collect();
    let by_key = |names: Vec<&str>| -> FastMap<String, usize> {
        names.into_iter().enumerate().map(|(i, n)| (key(n), i)).collect()
    };
    let person_by_key = by_key(people.iter().map(|p| p.name.as_str()).collect());
    let org_by_key = by_key(orgs.iter().map(|o| o.name.as_str()).collect());
    let tag_by_key = by_key(tags.iter().map(|t| t.name.as_str()).collect());
    // Every name as the included protocols spell it, with its entry: `Archive::person`, `org`
    // and `tag` then look a name up without normalising it.
    let included = || meetings.iter().filter_map(|m| site.protocols.get(m.protocol));
    let rows = || included().flat_map(|p| p.attendees().iter().chain(p.absent()));
    let person_by_name = spellings(rows().filter_map(|a| a.name.as_ref().map(|n| n.value.as_str())), |name| {
        person_index(site, &person_by_key, name)
    });
    let org_by_name = spellings(
        rows()
            .filter_map(|a| a.org.as_ref().map(|o| o.value.as_str()))
            .chain(people.iter().filter_map(|p| p.org.as_deref())),
        |name| org_by_key.get(&key(name)).copied(),
    );
    let tag_by_name = spellings(
        included().filter_map(|p| p.front.as_ref()).flat_map(|f| f.tags.iter().map(|t| t.value.as_str())),
        |name| tag_by_key.get(&key(name)).copied(),
    );
    Archive::new(
        site,
        Index {
            bodies,
            meetings,
            people,
            orgs,
            tags,
            years,
            person_by_key,
            person_by_name,
            org_by_key,
            tag_by_key,
            org_by_name,
            tag_by_name,
        },
    )
}

/// Every spelling in `names` that `resolve` finds an entry for, with that entry, each
/// resolved once: lookups of a name as written then need no [`key`] (which allocates and
/// lower-cases).
fn spellings<'a>(
    names: impl Iterator<Item = &'a str>,
    resolve: impl Fn(&str) -> Option<usize>,
) -> FastMap<String, usize> {
    let mut by_name: FastMap<String, usize> = FastMap::default();
    for name in names {
        if !by_name.contains_key(name)
            && let Some(i) = resolve(name)
        {
            by_name.insert(name.to_owned(), i);
        }
    }
    by_name
}

/// The index of the person a name refers to: people.yaml's spelling when it knows the
/// name (or a variant of it), then the name's [`key`].
fn person_index(site: &Site, person_by_key: &FastMap<String, usize>, name: &str) -> Option<usize> {
    let known = site.config.person(name).map_or(name, |p| p.name.value.as_str());
    person_by_key.get(&key(known)).copied()
}

fn included(p: &Protocol, options: Options) -> bool {
    p.meeting().is_some() && (options.drafts || p.status() != Status::Draft)
}

fn most_common(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(s, _)| *s == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    // Most common; ties go to the first seen.
    let mut best: Option<(String, usize)> = None;
    for (s, n) in counts {
        if best.as_ref().is_none_or(|(_, bn)| n > *bn) {
            best = Some((s, n));
        }
    }
    best.map(|(s, _)| s)
}

fn index_people(site: &Site, meetings: &[Meeting], slugs: &mut Slugs) -> Vec<PersonEntry> {
    // Group by the canonical name: people.yaml's spelling, else the normalised name.
    let mut by_key: FastMap<String, usize> = FastMap::default();
    let mut people: Vec<PersonEntry> = Vec::new();
    // Each spelling is resolved once: (person, whether people.yaml knows it).
    let mut spellings: FastMap<&str, (usize, bool)> = FastMap::default();
    for (mi, m) in meetings.iter().enumerate() {
        let Some(p) = site.protocols.get(m.protocol) else { continue };
        let rows = p.attendees().iter().map(|a| (a, true)).chain(p.absent().iter().map(|a| (a, false)));
        for (a, present) in rows {
            let Some(name) = a.name.as_ref().map(|n| n.value.trim()).filter(|n| !n.is_empty()) else { continue };
            let (idx, known) = *spellings.entry(name).or_insert_with(|| {
                let known = site.config.person(name);
                let display = known.map_or(name, |k| k.name.value.as_str());
                let idx = *by_key.entry(suggest::normalize(display)).or_insert_with(|| {
                    people.push(PersonEntry {
                        slug: String::new(),
                        name: display.to_owned(),
                        org: known.and_then(|k| k.org.as_ref().map(|o| o.value.clone())),
                        attendance: Vec::new(),
                    });
                    people.len() - 1
                });
                (idx, known.is_some())
            });
            if let Some(person) = people.get_mut(idx) {
                let org = a.org.as_ref().map(|o| o.value.clone());
                if !known && org.is_some() {
                    person.org.clone_from(&org);
                }
                person.attendance.push(Attendance {
                    meeting: mi,
                    present,
                    role: a.role.as_ref().map(|r| r.value.clone()),
                    org,
                    serves_for: a.serves_for.as_ref().map(|s| s.value.clone()),
                });
            }
        }
    }
    people.sort_by_cached_key(|p| (collate::sort_key(&surname_key(&p.name)), p.name.clone()));
    for p in &mut people {
        p.slug = slugs.make(&p.name);
    }
    people
}

fn index_orgs(site: &Site, people: &[PersonEntry], slugs: &mut Slugs) -> Vec<OrgEntry> {
    let _ = site;
    let mut by_key: FastMap<String, usize> = FastMap::default();
    let mut orgs: Vec<OrgEntry> = Vec::new();
    let mut spellings: FastMap<&str, usize> = FastMap::default();
    for (pi, person) in people.iter().enumerate() {
        for a in person.attendance.iter().filter(|a| a.present) {
            let Some(org) = a.org.as_deref().map(str::trim).filter(|o| !o.is_empty()) else { continue };
            let idx = *spellings.entry(org).or_insert_with(|| {
                *by_key.entry(suggest::normalize(org)).or_insert_with(|| {
                    orgs.push(OrgEntry {
                        slug: String::new(),
                        name: org.to_owned(),
                        people: Vec::new(),
                        meetings: Vec::new(),
                    });
                    orgs.len() - 1
                })
            });
            if let Some(o) = orgs.get_mut(idx) {
                if o.people.last() != Some(&pi) && !o.people.contains(&pi) {
                    o.people.push(pi);
                }
                o.meetings.push(a.meeting);
            }
        }
    }
    orgs.sort_by_cached_key(|o| collate::key(&o.name));
    for o in &mut orgs {
        o.slug = slugs.make(&o.name);
        o.meetings.sort_unstable();
        o.meetings.dedup();
        o.people.sort_by_cached_key(|&i| collate::key(people.get(i).map_or("", |p| p.name.as_str())));
    }
    orgs
}

fn index_tags(site: &Site, meetings: &[Meeting], slugs: &mut Slugs) -> Vec<TagEntry> {
    let mut by_key: FastMap<String, usize> = FastMap::default();
    let mut tags: Vec<TagEntry> = Vec::new();
    for (mi, m) in meetings.iter().enumerate() {
        let Some(front) = site.protocols.get(m.protocol).and_then(|p| p.front.as_ref()) else { continue };
        for t in &front.tags {
            let name = t.value.trim();
            if name.is_empty() {
                continue;
            }
            let idx = *by_key.entry(suggest::normalize(name)).or_insert_with(|| {
                tags.push(TagEntry { slug: String::new(), name: name.to_owned(), meetings: Vec::new() });
                tags.len() - 1
            });
            if let Some(tag) = tags.get_mut(idx)
                && tag.meetings.last() != Some(&mi)
            {
                tag.meetings.push(mi);
            }
        }
    }
    tags.sort_by_cached_key(|t| collate::key(&t.name));
    for t in &mut tags {
        t.slug = slugs.make(&t.name);
        t.meetings.reverse();
    }
    tags
}
