//! The pages of a site: which exist, at which path, with which template and context.

use rayon::prelude::*;
use serde::Serialize;

use super::content;
use super::i18n;
use super::theme::{PAGE_BYTES, Theme, ThemeError};
use super::view::{Link, ParagraphView, Paths, ProtocolView, link, meeting_item, root_of};
use crate::index::Archive;
use crate::parse::Status;

/// Which of the big context values the theme's templates name (`protocol.html`,
/// `decisions.html`, `person.html`, with what they extend and include: [`Theme::uses`](super::Theme::uses)).
/// One that no template names is not made: as template values, a protocol's `paragraphs`
/// and `toc` cost about as much as writing its content.
#[derive(Debug, Clone, Copy)]
#[allow(clippy::struct_excessive_bools, reason = "independent yes/no answers, one per variable")]
pub struct Needs {
    /// `paragraphs`: the paragraph views.
    pub paragraphs: bool,
    /// `toc`: label, title and anchor of each paragraph.
    pub toc: bool,
    /// `attendees` and `absent`: the people, as lists of values.
    pub participants: bool,
    /// `decisions`: a decision register page's decisions one by one (`decisions.html`).
    pub decisions: bool,
    /// `attended` and `missed`: a person's meetings as lists of values (`person.html`).
    pub attendance: bool,
}

impl Needs {
    /// Everything (when the theme is not known).
    pub const ALL: Self = Self { paragraphs: true, toc: true, participants: true, decisions: true, attendance: true };

    /// What `theme`'s protocol template names.
    #[must_use]
    pub fn of(theme: &super::Theme) -> Self {
        let uses = |name| theme.uses("protocol.html", name);
        Self {
            paragraphs: uses("paragraphs"),
            toc: uses("toc"),
            participants: uses("attendees") || uses("absent"),
            decisions: theme.uses("decisions.html", "decisions"),
            attendance: theme.uses("person.html", "attended") || theme.uses("person.html", "missed"),
        }
    }
}

/// One page to render.
#[derive(Debug)]
pub struct PageSpec {
    /// Where it goes, relative to the output folder, `/`-separated.
    pub path: String,
    /// The template that renders it.
    pub template: &'static str,
    /// Its context.
    pub context: tera::Context,
    /// About how long the page will be, in bytes ([`Theme::render_sized`]).
    pub size_hint: usize,
}

impl PageSpec {
    /// The page carries `html` bytes of HTML made in Rust, besides what its template writes.
    #[must_use]
    fn with_html(mut self, html: usize) -> Self {
        self.size_hint = PAGE_BYTES.saturating_add(html);
        self
    }
}

/// A page: `data` (a struct of the page's own fields) as the template context, plus what
/// every page has: `root` (the prefix back to the site root, "" or "../"), `path` (the
/// page's own path), `title` (without the site title), `kind` (home, body, protocol, …: a
/// CSS hook and the navigation state), `folder` (the first folder of `path`, "" at the
/// top: the body whose pages these are, for the navigation's active body) and `crumbs`
/// (the body → year → meeting trail, without the current page).
pub(crate) fn page<T: Serialize>(
    path: String,
    template: &'static str,
    kind: &'static str,
    title: String,
    crumbs: Vec<Link>,
    data: &T,
) -> PageSpec {
    let root = root_of(&path);
    let folder = path.split_once('/').map_or("", |(f, _)| f).to_owned();
    // The page's own data as the context, then the fields every page has. (Not one struct
    // with `#[serde(flatten)]`: serde serialises a flattened struct through a map, field
    // by field, which cost more than the rest of a protocol page's context.)
    let mut context = tera::Context::from_serialize(data).unwrap_or_default();
    context.insert("root", &root);
    context.insert("path", &path);
    context.insert_value("title", title.into());
    context.insert("kind", kind);
    context.insert("folder", &folder);
    context.insert_value(
        "crumbs",
        crumbs.into_iter().map(|link| tera::Value::from_serializable(&link)).collect::<Vec<_>>().into(),
    );
    PageSpec { path, template, context, size_hint: PAGE_BYTES }
}

pub(crate) fn t(lang: crate::config::Language, key: &str) -> String {
    i18n::string(lang, key).unwrap_or(key).to_owned()
}

/// A meeting in a list, as a template value ([`view::MeetingItem`](super::view::MeetingItem)
/// with its list entry rendered by the theme: [`Theme::meeting_item`]): made once per
/// meeting for the pages one folder deep (almost all lists) and shared, so a meeting
/// listed on a hundred pages is built, converted and rendered once, not a hundred times.
type Item = tera::Value;

/// The list entries of every meeting for pages one folder deep (`root` = `../`).
pub(crate) struct Items<'t> {
    theme: &'t Theme,
    made: Vec<Option<Item>>,
}

impl<'t> Items<'t> {
    /// Every meeting's entry, made ahead, in parallel.
    pub(crate) fn new(archive: &Archive<'_>, theme: &'t Theme) -> Result<Self, ThemeError> {
        let made = (0..archive.meetings.len())
            .into_par_iter()
            .map(|mi| make_item(archive, theme, "../", mi))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { theme, made })
    }

    /// No entries made ahead: each is made when asked for (rendering one page).
    pub(crate) fn on_demand(theme: &'t Theme) -> Self {
        Self { theme, made: Vec::new() }
    }

    /// The entry of meeting `mi` on a page whose root prefix is `root`. (Made on demand, a
    /// theme error leaves the entry without its rendered `li`: the page that lists it then
    /// fails to render, naming the missing field.)
    fn get(&self, archive: &Archive<'_>, root: &str, mi: usize) -> Option<Item> {
        if root == "../"
            && let Some(Some(item)) = self.made.get(mi)
        {
            return Some(item.clone());
        }
        match make_item(archive, self.theme, root, mi) {
            Ok(item) => item,
            Err(_) => meeting_item(archive, root, mi).and_then(|x| tera::Value::try_from_serializable(&x).ok()),
        }
    }
}

/// The entry of meeting `mi` for pages whose root prefix is `root`.
fn make_item(archive: &Archive<'_>, theme: &Theme, root: &str, mi: usize) -> Result<Option<Item>, ThemeError> {
    let Some(item) = meeting_item(archive, root, mi).and_then(|x| tera::Value::try_from_serializable(&x).ok()) else {
        return Ok(None);
    };
    theme.meeting_item(item).map(Some)
}

#[derive(Serialize)]
struct BodySummary {
    name: String,
    href: String,
    meetings: usize,
    first_year: Option<i16>,
    last_year: Option<i16>,
}

#[derive(Serialize)]
struct YearLink {
    year: i16,
    href: String,
    meetings: usize,
}

#[derive(Serialize)]
struct Home {
    bodies: Vec<BodySummary>,
    latest: Vec<Item>,
    years: Vec<YearLink>,
}

#[derive(Serialize)]
struct YearGroup {
    year: i16,
    meetings: Vec<Item>,
}

#[derive(Serialize)]
struct BodyPage {
    name: String,
    prefix: Option<String>,
    years: Vec<YearGroup>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(Clone, Debug))]
pub(super) struct PersonRef {
    pub(super) name: String,
    /// The person's page, or "" when there is none.
    pub(super) href: String,
    role: Option<String>,
    serves_for: Option<String>,
    org: Option<String>,
    /// What a list shows after the name ([`detail`]): for an attendee the role and whom
    /// they serve for, for the absent their organisation and role.
    pub(super) detail: Option<String>,
}

/// The attendees of one organisation ("" for those without one).
#[derive(Serialize)]
pub(super) struct OrgGroup {
    pub(super) name: String,
    pub(super) href: Option<String>,
    pub(super) people: Vec<PersonRef>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(Clone, Debug))]
struct Adjustment {
    date: Option<String>,
    date_text: Option<String>,
    place: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(Clone, Debug))]
struct Notice {
    up: Option<String>,
    up_text: Option<String>,
    down: Option<String>,
    down_text: Option<String>,
    appeal_last_day: Option<String>,
    appeal_last_day_text: Option<String>,
}

#[derive(Serialize)]
struct TocEntry {
    label: String,
    title: String,
    anchor: String,
}

#[derive(Serialize)]
struct ProtocolPage<'v> {
    body: String,
    body_href: String,
    prefix: Option<String>,
    date: String,
    date_text: String,
    time: Option<String>,
    location: Option<String>,
    status: String,
    status_text: String,
    justering: Option<Adjustment>,
    anslag: Option<Notice>,
    chair: Option<PersonRef>,
    secretary: Option<PersonRef>,
    adjusters: Vec<PersonRef>,
    /// The facts above as HTML ([`facts_html`]).
    facts_html: String,
    /// Only when the theme's template names `attendees` or `absent` ([`Needs`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    attendees: Option<Vec<OrgGroup>>,
    /// Only when the theme's template names `attendees` or `absent` ([`Needs`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    absent: Option<Vec<PersonRef>>,
    /// The attendees by organisation as HTML ([`content::attendees_html`]).
    attendees_html: String,
    /// The absent as HTML ([`content::absent_html`]).
    absent_html: String,
    /// Only when the theme's template names it ([`Needs`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    toc: Option<Vec<TocEntry>>,
    preamble_html: &'v str,
    /// The paragraphs as HTML ([`content::content_html`]).
    content_html: String,
    /// The table of contents' entries as HTML ([`content::toc_html`]).
    toc_html: String,
    /// Only when the theme's template names it ([`Needs`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraphs: Option<&'v [ParagraphView]>,
    prev: Option<Item>,
    next: Option<Item>,
    tags: Vec<Link>,
}

#[derive(Serialize)]
struct AttendanceRow {
    meeting: Item,
    role: Option<String>,
    serves_for: Option<String>,
    /// The role and whom they served for, as a list shows it ([`detail`]).
    detail: Option<String>,
}

#[derive(Serialize)]
struct BodyAttendance {
    body: String,
    href: String,
    present: usize,
    absent: usize,
    total: usize,
    percent: usize,
    /// "närvarande vid 3 av 4 sammanträden" (`t.present_of` filled in).
    present_of: String,
}

#[derive(Serialize)]
struct PersonPage {
    name: String,
    org: Option<Link>,
    /// How many meetings they attended, and missed.
    attended_count: usize,
    missed_count: usize,
    /// The list entries of the meetings they attended, and missed ([`attendance_html`]).
    attended_html: String,
    missed_html: String,
    /// Only when the theme's template names `attended` or `missed` ([`Needs`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    attended: Option<Vec<AttendanceRow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    missed: Option<Vec<AttendanceRow>>,
    per_body: Vec<BodyAttendance>,
}

#[derive(Serialize)]
struct ListPage {
    name: String,
    people: Vec<Link>,
    meetings: Vec<Item>,
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    items: Vec<IndexItem>,
}

#[derive(Serialize)]
struct IndexItem {
    text: String,
    href: String,
    count: usize,
    detail: Option<String>,
}

#[derive(Serialize)]
struct IndexPage {
    groups: Vec<LetterGroup>,
    total: usize,
}

#[derive(Serialize)]
struct YearPage {
    year: i16,
    bodies: Vec<YearBody>,
}

#[derive(Serialize)]
struct YearBody {
    name: String,
    href: String,
    meetings: Vec<Item>,
}

#[derive(Serialize)]
struct DecisionItem {
    body: String,
    date: String,
    date_text: String,
    label: String,
    title: String,
    href: String,
    dnr: Option<String>,
    decision_html: String,
    /// The whole entry as HTML ([`content::decision_entry_html`]), as the default theme
    /// lists it.
    entry_html: String,
    /// The meeting's page (`href` without the § anchor).
    meeting_href: String,
    /// The number of its meeting's group on the page (1, 2, …): decisions of one body on
    /// one date form a group.
    group: usize,
    /// Whether it opens its group, and whether it closes it.
    first: bool,
    last: bool,
}

#[derive(Serialize)]
struct DecisionsPage {
    year: Option<i16>,
    years: Vec<YearLink>,
    /// The number of decisions on the page.
    decision_count: usize,
    /// The decisions by meeting, each meeting's entries written as one piece of HTML.
    meetings: Vec<DecisionGroup>,
    /// The decisions one by one: only when the theme's template names them ([`Needs`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    decisions: Option<Vec<DecisionItem>>,
}

/// The decisions of one meeting on a decision register page.
#[derive(Serialize)]
struct DecisionGroup {
    body: String,
    date: String,
    date_text: String,
    /// The meeting's page.
    meeting_href: String,
    /// The number of the group on the page (1, 2, …), for anchors.
    group: usize,
    /// How many decisions it has.
    count: usize,
    /// Their `entry_html`, one after the other.
    entries_html: String,
}

/// Calls `emit` with every page of the archive, in parallel where there are many.
/// Paragraphs are rendered once and shared by protocol pages and the decision register.
/// `views[m]` is the view of `archive.meetings[m]` ([`view::meeting_views`]).
pub fn each_page<E: Send + From<ThemeError>>(
    archive: &Archive<'_>,
    views: &[ProtocolView],
    theme: &Theme,
    emit: &(dyn Fn(PageSpec) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let lang = archive.site.config.site.language;
    let paths = Paths { lang };
    let needs = Needs::of(theme);
    let items = &Items::new(archive, theme)?;
    emit(home(archive, paths, items))?;
    emit(page("404.html".into(), "404.html", "not-found", t(lang, "not_found"), Vec::new(), &serde_json::json!({})))?;
    emit(page(
        t(lang, "search_page"),
        "search.html",
        "search",
        t(lang, "search_title"),
        Vec::new(),
        &serde_json::json!({}),
    ))?;
    emit(page(
        t(lang, "accessibility_page"),
        "accessibility.html",
        "accessibility",
        t(lang, "accessibility_title"),
        Vec::new(),
        &serde_json::json!({}),
    ))?;
    (0..archive.bodies.len()).into_par_iter().try_for_each(|bi| emit(body_page(archive, items, bi)))?;
    (0..archive.meetings.len()).into_par_iter().try_for_each(|mi| {
        match protocol_page(archive, paths, items, mi, ProtocolView::at(views, mi), needs) {
            Some(spec) => emit(spec),
            None => Ok(()),
        }
    })?;
    (0..archive.people.len()).into_par_iter().try_for_each(|pi| emit(person_page(archive, paths, items, pi, needs)))?;
    index_pages(archive, paths, items).into_par_iter().try_for_each(emit)?;
    decision_pages(archive, paths, views, needs, emit)
}

pub(crate) fn home(archive: &Archive<'_>, paths: Paths, items: &Items<'_>) -> PageSpec {
    let root = "";
    let bodies = archive
        .bodies
        .iter()
        .map(|b| {
            let years: Vec<i16> =
                b.meetings.iter().filter_map(|&m| archive.meetings.get(m)).map(|m| m.date.year()).collect();
            BodySummary {
                name: b.name.clone(),
                href: format!("{}/index.html", b.slug),
                meetings: b.meetings.len(),
                first_year: years.first().copied(),
                last_year: years.last().copied(),
            }
        })
        .collect();
    let latest = (0..archive.meetings.len()).rev().take(10).filter_map(|mi| items.get(archive, root, mi)).collect();
    let years = archive
        .years
        .iter()
        .map(|(y, ms)| YearLink { year: *y, href: format!("{}/{y}.html", paths.years_dir()), meetings: ms.len() })
        .collect();
    let title = archive.site.config.site.title.clone();
    page("index.html".into(), "index.html", "home", title, Vec::new(), &Home { bodies, latest, years })
}

pub(crate) fn body_page(archive: &Archive<'_>, items: &Items<'_>, bi: usize) -> PageSpec {
    let Some(b) = archive.bodies.get(bi) else {
        return page(String::new(), "body.html", "body", String::new(), Vec::new(), &());
    };
    let path = format!("{}/index.html", b.slug);
    let root = root_of(&path);
    let mut years: Vec<YearGroup> = Vec::new();
    for &mi in b.meetings.iter().rev() {
        let Some(m) = archive.meetings.get(mi) else { continue };
        let Some(item) = items.get(archive, &root, mi) else { continue };
        match years.last_mut() {
            Some(g) if g.year == m.date.year() => g.meetings.push(item),
            _ => years.push(YearGroup { year: m.date.year(), meetings: vec![item] }),
        }
    }
    let prefix = b.config.as_ref().and_then(|c| c.prefix.clone());
    page(path, "body.html", "body", b.name.clone(), Vec::new(), &BodyPage { name: b.name.clone(), prefix, years })
}

/// The parts that are given (not empty), joined with ", "; `serves_for` as "tjänstgör för
/// NAME" at the end. `None` when there is nothing to show.
fn detail(parts: &[Option<&str>], serves_for: Option<(&str, &str)>) -> Option<String> {
    let mut out = String::new();
    let given = parts.iter().flatten().filter(|p| !p.is_empty());
    for part in given {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(part);
    }
    if let Some((label, name)) = serves_for.filter(|(_, n)| !n.is_empty()) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(label);
        out.push(' ');
        out.push_str(name);
    }
    (!out.is_empty()).then_some(out)
}

fn person_link(archive: &Archive<'_>, paths: Paths, root: &str, name: &str) -> String {
    archive.person(name).map_or_else(String::new, |p| link(root, paths.people_dir(), &p.slug))
}

pub(crate) fn protocol_page(
    archive: &Archive<'_>,
    paths: Paths,
    items: &Items<'_>,
    mi: usize,
    view: &ProtocolView,
    needs: Needs,
) -> Option<PageSpec> {
    let m = archive.meetings.get(mi)?;
    let p = archive.site.protocols.get(m.protocol)?;
    let paragraphs = view.paragraphs.as_slice();
    let b = archive.bodies.get(m.body)?;
    let lang = archive.site.config.site.language;
    let path = paths.meeting(archive, m);
    let root = root_of(&path);
    let front = p.front.as_ref();
    let serves_for_text = i18n::string(lang, "serves_for").unwrap_or_default();
    let pref = |name: &str, role: Option<String>, serves_for: Option<String>, org: Option<String>| {
        // Attendees have a role and serve for someone, the absent have an organisation.
        let detail = if org.is_some() {
            detail(&[org.as_deref(), role.as_deref()], None)
        } else {
            detail(&[role.as_deref()], serves_for.as_deref().map(|s| (serves_for_text, s)))
        };
        PersonRef {
            name: name.to_owned(),
            href: person_link(archive, paths, &root, name),
            role,
            serves_for,
            org,
            detail,
        }
    };
    let mut attendees: Vec<OrgGroup> = Vec::new();
    for a in p.attendees() {
        let Some(name) = a.name.as_ref() else { continue };
        let org = a.org.as_ref().map_or_else(String::new, |o| o.value.clone());
        let person = pref(
            &name.value,
            a.role.as_ref().map(|r| r.value.clone()),
            a.serves_for.as_ref().map(|s| s.value.clone()),
            None,
        );
        if let Some(g) = attendees.iter_mut().find(|g| g.name == org) {
            g.people.push(person);
        } else {
            let href = archive.org(&org).map(|o| link(&root, paths.orgs_dir(), &o.slug));
            attendees.push(OrgGroup { name: org, href, people: vec![person] });
        }
    }
    let absent: Vec<PersonRef> = p
        .absent()
        .iter()
        .filter_map(|a| {
            a.name.as_ref().map(|n| {
                pref(&n.value, a.role.as_ref().map(|r| r.value.clone()), None, a.org.as_ref().map(|o| o.value.clone()))
            })
        })
        .collect();
    let toc = needs.toc.then(|| {
        paragraphs
            .iter()
            .map(|v| TocEntry { label: v.label.clone(), title: v.title.clone(), anchor: v.anchor.clone() })
            .collect()
    });
    let justering = front.and_then(|f| f.justering.as_ref()).map(|j| Adjustment {
        date: j.date.as_ref().map(|d| d.value.to_string()),
        date_text: j.date.as_ref().map(|d| i18n::date(lang, d.value)),
        place: j.place.as_ref().map(|p| p.value.clone()),
    });
    let anslag = front.and_then(|f| f.anslag.as_ref()).map(|a| {
        // Three weeks from the day the notice went up, moved past weekends and holidays.
        let last = a.up.as_ref().and_then(|u| super::feeds::appeal_last_day(u.value));
        Notice {
            up: a.up.as_ref().map(|d| d.value.to_string()),
            up_text: a.up.as_ref().map(|d| i18n::date(lang, d.value)),
            down: a.down.as_ref().map(|d| d.value.to_string()),
            down_text: a.down.as_ref().map(|d| i18n::date(lang, d.value)),
            appeal_last_day: last.map(|d| d.to_string()),
            appeal_last_day_text: last.map(|d| i18n::date(lang, d)),
        }
    });
    let status = p.status();
    let (status, status_key) = match status {
        Status::Draft => ("draft", "status_draft"),
        Status::Adjusted => ("adjusted", "status_adjusted"),
        Status::Published => ("published", "status_published"),
    };
    let tags = front
        .map(|f| {
            f.tags
                .iter()
                .filter_map(|tag| {
                    archive
                        .tag(&tag.value)
                        .map(|x| Link { text: x.name.clone(), href: link(&root, paths.tags_dir(), &x.slug) })
                })
                .collect()
        })
        .unwrap_or_default();
    let date_text = i18n::date(lang, m.date);
    let crumbs = vec![
        Link { text: b.name.clone(), href: link(&root, &b.slug, "index") },
        Link { text: m.date.year().to_string(), href: link(&root, paths.years_dir(), &m.date.year().to_string()) },
    ];
    let mut data = ProtocolPage {
        body: b.name.clone(),
        body_href: link(&root, &b.slug, "index"),
        prefix: b.config.as_ref().and_then(|c| c.prefix.clone()),
        date: m.date.to_string(),
        date_text: date_text.clone(),
        time: front.and_then(|f| f.time.as_ref().map(|x| x.value.clone())),
        location: front.and_then(|f| f.location.as_ref().map(|x| x.value.clone())),
        status: status.to_owned(),
        status_text: t(lang, status_key),
        justering,
        anslag,
        chair: front.and_then(|f| f.chair.as_ref()).map(|c| pref(&c.value, None, None, None)),
        secretary: front.and_then(|f| f.secretary.as_ref()).map(|c| pref(&c.value, None, None, None)),
        adjusters: front
            .map(|f| f.adjusters.iter().map(|a| pref(&a.value, None, None, None)).collect())
            .unwrap_or_default(),
        facts_html: String::new(),
        attendees_html: content::attendees_html(&attendees, lang),
        absent_html: content::absent_html(&absent, lang),
        attendees: needs.participants.then_some(attendees),
        absent: needs.participants.then_some(absent),
        toc,
        preamble_html: &view.preamble_html,
        content_html: content::content_html(paragraphs, lang),
        toc_html: content::toc_html(paragraphs, lang),
        paragraphs: needs.paragraphs.then_some(paragraphs),
        prev: m.prev.and_then(|x| items.get(archive, &root, x)),
        next: m.next.and_then(|x| items.get(archive, &root, x)),
        tags,
    };
    data.facts_html = facts_html(&data, lang);
    let title = format!("{} {}", b.name, date_text);
    let html = [
        data.facts_html.as_str(),
        &data.attendees_html,
        &data.absent_html,
        data.preamble_html,
        &data.content_html,
        &data.toc_html,
    ]
    .iter()
    .map(|h| h.len())
    .sum::<usize>();
    Some(page(path, "protocol.html", "protocol", title, crumbs, &data).with_html(html))
}

/// The meeting's facts as the default theme wrote them (`section.facts`): date, time and
/// place; chair, secretary and adjusters; justering and anslag (with the last day to
/// appeal), each shown when it is given. Written here, not by the template: a template
/// looks every value up by name, and this section was half of a protocol page's template
/// work. Escaped as Tera's autoescape escapes; a test renders the template it replaces
/// with Tera and compares.
fn facts_html(d: &ProtocolPage<'_>, lang: crate::config::Language) -> String {
    use content::esc;
    fn given(v: Option<&String>) -> Option<&str> {
        v.map(String::as_str).filter(|s| !s.is_empty())
    }
    fn person(out: &mut String, p: &PersonRef) {
        content::link_or_text(out, &p.href, &p.name);
    }
    fn fact(out: &mut String, class: &str, label: &str, value: impl FnOnce(&mut String)) {
        out.push_str("\n    <div class=\"");
        out.push_str(class);
        out.push_str("\"><dt>");
        esc(out, label);
        out.push_str("</dt><dd>");
        value(out);
        out.push_str("</dd></div>");
    }
    fn time(out: &mut String, datetime: &str, text: Option<&String>) {
        out.push_str("<time datetime=\"");
        esc(out, datetime);
        out.push_str("\">");
        esc(out, text.map_or("", String::as_str));
        out.push_str("</time>");
    }
    let t = |key| i18n::string(lang, key).unwrap_or(key);
    let mut out = String::with_capacity(1536);
    out.push_str("<section class=\"facts\" aria-label=\"");
    esc(&mut out, t("meeting_details"));
    out.push_str("\">\n  <dl class=\"facts-list\">");
    fact(&mut out, "fact", t("date"), |o| time(o, &d.date, Some(&d.date_text)));
    if let Some(x) = given(d.time.as_ref()) {
        fact(&mut out, "fact", t("time"), |o| esc(o, x));
    }
    if let Some(x) = given(d.location.as_ref()) {
        fact(&mut out, "fact", t("place"), |o| esc(o, x));
    }
    out.push_str("\n  </dl>");
    if d.chair.is_some() || d.secretary.is_some() || !d.adjusters.is_empty() {
        out.push_str("\n  <dl class=\"facts-list\">");
        if let Some(p) = &d.chair {
            fact(&mut out, "fact", t("chair"), |o| person(o, p));
        }
        if let Some(p) = &d.secretary {
            fact(&mut out, "fact", t("secretary"), |o| person(o, p));
        }
        if !d.adjusters.is_empty() {
            fact(&mut out, "fact", t("adjusters"), |o| {
                for (i, p) in d.adjusters.iter().enumerate() {
                    if i > 0 {
                        o.push_str(", ");
                    }
                    person(o, p);
                }
            });
        }
        out.push_str("\n  </dl>");
    }
    let justering =
        d.justering.as_ref().filter(|j| given(j.date.as_ref()).is_some() || given(j.place.as_ref()).is_some());
    let anslag = d.anslag.as_ref();
    if justering.is_some() || anslag.is_some_and(|a| given(a.up.as_ref()).is_some() || given(a.down.as_ref()).is_some())
    {
        out.push_str("\n  <dl class=\"facts-list\">");
        if let Some(j) = justering {
            fact(&mut out, "fact", t("justering"), |o| {
                let date = given(j.date.as_ref());
                let place = given(j.place.as_ref());
                if let Some(x) = date {
                    time(o, x, j.date_text.as_ref());
                }
                if date.is_some() && place.is_some() {
                    o.push_str(", ");
                }
                if let Some(x) = place {
                    esc(o, x);
                }
            });
        }
        if let Some(a) = anslag {
            for (class, key, datetime, text) in [
                ("fact", "anslag_up", &a.up, &a.up_text),
                ("fact", "anslag_down", &a.down, &a.down_text),
                ("fact fact-key", "appeal_last_day", &a.appeal_last_day, &a.appeal_last_day_text),
            ] {
                if let Some(x) = given(datetime.as_ref()) {
                    fact(&mut out, class, t(key), |o| time(o, x, text.as_ref()));
                }
            }
        }
        out.push_str("\n  </dl>");
    }
    out.push_str("\n</section>");
    out
}

/// The entries of a person's list of meetings, as the default theme wrote them in a loop:
/// each meeting's link (with its body's name), then what they were there as (`detail`,
/// attended) or their role (`role`, missed), and a badge on a draft.
fn attendance_html(rows: &[AttendanceRow], attended: bool, draft_label: &str) -> String {
    fn field<'i>(item: &'i Item, key: &'static str) -> &'i str {
        item.as_map().and_then(|m| m.get(&tera::value::Key::Str(key))).and_then(tera::Value::as_str).unwrap_or("")
    }
    let mut out = String::with_capacity(rows.len() * 320);
    for row in rows {
        let draft = field(&row.meeting, "status") == "draft";
        out.push_str(if draft {
            "\n    <li class=\"meeting is-draft\">\n      "
        } else {
            "\n    <li class=\"meeting\">\n      "
        });
        out.push_str(field(&row.meeting, "link_with_body"));
        let after = if attended { row.detail.as_deref() } else { row.role.as_deref() };
        if let Some(text) = after.filter(|t| !t.is_empty()) {
            out.push_str("\n      <span class=\"meeting-role\">");
            content::esc(&mut out, text);
            out.push_str("</span>");
        }
        if attended && draft {
            out.push_str("\n      <span class=\"badge badge-draft\">");
            content::esc(&mut out, draft_label);
            out.push_str("</span>");
        }
        out.push_str("\n    </li>");
    }
    out
}

pub(crate) fn person_page(archive: &Archive<'_>, paths: Paths, items: &Items<'_>, pi: usize, needs: Needs) -> PageSpec {
    let Some(person) = archive.people.get(pi) else {
        return page(String::new(), "person.html", "person", String::new(), Vec::new(), &());
    };
    let path = format!("{}/{}.html", paths.people_dir(), person.slug);
    let root = root_of(&path);
    let lang = archive.site.config.site.language;
    let serves_for_text = i18n::string(lang, "serves_for").unwrap_or_default();
    let mut attended = Vec::new();
    let mut missed = Vec::new();
    let mut per_body: Vec<BodyAttendance> = Vec::new();
    for a in person.attendance.iter().rev() {
        let Some(item) = items.get(archive, &root, a.meeting) else { continue };
        let Some(m) = archive.meetings.get(a.meeting) else { continue };
        let Some(b) = archive.bodies.get(m.body) else { continue };
        if !per_body.iter().any(|x| x.body == b.name) {
            per_body.push(BodyAttendance {
                body: b.name.clone(),
                href: link(&root, &b.slug, "index"),
                present: 0,
                absent: 0,
                total: 0,
                percent: 0,
                present_of: String::new(),
            });
        }
        let entry = per_body.iter_mut().find(|x| x.body == b.name);
        if let Some(e) = entry {
            e.total += 1;
            if a.present {
                e.present += 1;
            } else {
                e.absent += 1;
            }
        }
        let detail = detail(&[a.role.as_deref()], a.serves_for.as_deref().map(|s| (serves_for_text, s)));
        let row = AttendanceRow { meeting: item, role: a.role.clone(), serves_for: a.serves_for.clone(), detail };
        if a.present {
            attended.push(row);
        } else {
            missed.push(row);
        }
    }
    let present_of = i18n::string(lang, "present_of").unwrap_or_default();
    for e in &mut per_body {
        e.percent = (e.present * 100 + e.total / 2).checked_div(e.total).unwrap_or(0);
        e.present_of = present_of.replace("{present}", &e.present.to_string()).replace("{total}", &e.total.to_string());
    }
    per_body.sort_by(|a, b| crate::index::collate::compare(&a.body, &b.body));
    let org = person.org.as_ref().map(|o| {
        let href = archive.org(o).map_or_else(String::new, |x| link(&root, paths.orgs_dir(), &x.slug));
        Link { text: o.clone(), href }
    });
    let crumbs = vec![Link { text: t(lang, "people"), href: format!("{root}{}/index.html", paths.people_dir()) }];
    let attended_html = attendance_html(&attended, true, i18n::string(lang, "status_draft").unwrap_or_default());
    let missed_html = attendance_html(&missed, false, "");
    let html = attended_html.len() + missed_html.len();
    page(
        path,
        "person.html",
        "person",
        person.name.clone(),
        crumbs,
        &PersonPage {
            name: person.name.clone(),
            org,
            attended_count: attended.len(),
            missed_count: missed.len(),
            attended_html,
            missed_html,
            attended: needs.attendance.then_some(attended),
            missed: needs.attendance.then_some(missed),
            per_body,
        },
    )
    .with_html(html)
}

/// Groups an index's entries, in their order, by the first letter of their key (the name,
/// or for people the surname first).
fn letter_groups(items: Vec<(String, IndexItem)>) -> Vec<LetterGroup> {
    let mut groups: Vec<LetterGroup> = Vec::new();
    for (name, item) in items {
        let letter: String = name.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
        let letter = match letter.as_str() {
            "É" | "È" => "E".to_owned(),
            _ => letter,
        };
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.items.push(item),
            _ => groups.push(LetterGroup { letter, items: vec![item] }),
        }
    }
    groups
}

pub(crate) fn index_pages(archive: &Archive<'_>, paths: Paths, items: &Items<'_>) -> Vec<PageSpec> {
    let lang = archive.site.config.site.language;
    let mut out = Vec::new();
    let root = "../";
    // People.
    let entries = archive
        .people
        .iter()
        .map(|p| {
            let count = p.attendance.iter().filter(|a| a.present).count();
            // Grouped by the letter of the surname, the order they are sorted in.
            (
                crate::index::surname_key(&p.name),
                IndexItem { text: p.name.clone(), href: format!("{}.html", p.slug), count, detail: p.org.clone() },
            )
        })
        .collect();
    let total = archive.people.len();
    out.push(page(
        format!("{}/index.html", paths.people_dir()),
        "people.html",
        "people",
        t(lang, "people"),
        Vec::new(),
        &IndexPage { groups: letter_groups(entries), total },
    ));
    // Organisations.
    let entries = archive
        .orgs
        .iter()
        .map(|o| {
            (
                o.name.clone(),
                IndexItem {
                    text: o.name.clone(),
                    href: format!("{}.html", o.slug),
                    count: o.people.len(),
                    detail: None,
                },
            )
        })
        .collect();
    out.push(page(
        format!("{}/index.html", paths.orgs_dir()),
        "organisations.html",
        "organisations",
        t(lang, "organisations"),
        Vec::new(),
        &IndexPage { groups: letter_groups(entries), total: archive.orgs.len() },
    ));
    out.par_extend(archive.orgs.par_iter().map(|o| {
        let path = format!("{}/{}.html", paths.orgs_dir(), o.slug);
        let people = o
            .people
            .iter()
            .filter_map(|&pi| archive.people.get(pi))
            .map(|p| Link { text: p.name.clone(), href: link(root, paths.people_dir(), &p.slug) })
            .collect();
        let meetings = o.meetings.iter().rev().filter_map(|&mi| items.get(archive, root, mi)).collect();
        let crumbs = vec![Link { text: t(lang, "organisations"), href: "index.html".into() }];
        page(
            path,
            "organisation.html",
            "organisation",
            o.name.clone(),
            crumbs,
            &ListPage { name: o.name.clone(), people, meetings },
        )
    }));
    // Tags.
    let entries = archive
        .tags
        .iter()
        .map(|x| {
            (
                x.name.clone(),
                IndexItem {
                    text: x.name.clone(),
                    href: format!("{}.html", x.slug),
                    count: x.meetings.len(),
                    detail: None,
                },
            )
        })
        .collect();
    out.push(page(
        format!("{}/index.html", paths.tags_dir()),
        "tags.html",
        "tags",
        t(lang, "tags"),
        Vec::new(),
        &IndexPage { groups: letter_groups(entries), total: archive.tags.len() },
    ));
    out.par_extend(archive.tags.par_iter().map(|x| {
        let path = format!("{}/{}.html", paths.tags_dir(), x.slug);
        let meetings = x.meetings.iter().filter_map(|&mi| items.get(archive, root, mi)).collect();
        let crumbs = vec![Link { text: t(lang, "tags"), href: "index.html".into() }];
        page(
            path,
            "tag.html",
            "tag",
            x.name.clone(),
            crumbs,
            &ListPage { name: x.name.clone(), people: Vec::new(), meetings },
        )
    }));
    // Years.
    out.par_extend(archive.years.par_iter().map(|(year, ms)| {
        let path = format!("{}/{year}.html", paths.years_dir());
        let mut bodies: Vec<YearBody> = Vec::new();
        for &mi in ms {
            let Some(m) = archive.meetings.get(mi) else { continue };
            let Some(b) = archive.bodies.get(m.body) else { continue };
            let Some(item) = items.get(archive, root, mi) else { continue };
            match bodies.iter_mut().find(|x| x.name == b.name) {
                Some(x) => x.meetings.push(item),
                None => bodies.push(YearBody {
                    name: b.name.clone(),
                    href: link(root, &b.slug, "index"),
                    meetings: vec![item],
                }),
            }
        }
        bodies.sort_by(|a, b| crate::index::collate::compare(&a.name, &b.name));
        page(path, "year.html", "year", year.to_string(), Vec::new(), &YearPage { year: *year, bodies })
    }));
    out
}

/// The register of decisions: a page per year and the index, each handed to `emit` as
/// soon as it is made (a year's page holds every decision of that year: made all at once,
/// they sat in memory together).
pub(crate) fn decision_pages<E: Send>(
    archive: &Archive<'_>,
    paths: Paths,
    views: &[ProtocolView],
    needs: Needs,
    emit: &(dyn Fn(PageSpec) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let lang = archive.site.config.site.language;
    let root = "../";
    let years: Vec<YearLink> = archive
        .years
        .iter()
        .map(|(y, ms)| YearLink { year: *y, href: format!("{y}.html"), meetings: ms.len() })
        .collect();
    archive.years.par_iter().try_for_each(|(year, ms)| {
        let mut decisions: Vec<DecisionItem> = Vec::new();
        for &mi in ms.iter().rev() {
            let Some(m) = archive.meetings.get(mi) else { continue };
            let Some(b) = archive.bodies.get(m.body) else { continue };
            let meeting_href = link(root, &b.slug, &m.slug);
            let (date, date_text) = (m.date.to_string(), i18n::date(lang, m.date));
            for v in &ProtocolView::at(views, mi).paragraphs {
                let Some(d) = v.sections.iter().find(|s| s.kind == crate::parse::SectionKind::Decision) else {
                    continue;
                };
                let (group, first) = match decisions.last_mut() {
                    Some(prev) if prev.body == b.name && prev.date == date => (prev.group, false),
                    Some(prev) => {
                        prev.last = true;
                        (prev.group + 1, true)
                    }
                    None => (1, true),
                };
                let href = format!("{meeting_href}#{}", v.anchor);
                decisions.push(DecisionItem {
                    body: b.name.clone(),
                    date: date.clone(),
                    date_text: date_text.clone(),
                    label: v.label.clone(),
                    title: v.title.clone(),
                    entry_html: content::decision_entry_html(v, &href, &d.body_html, lang),
                    href,
                    dnr: v.dnr.clone(),
                    decision_html: d.body_html.clone(),
                    meeting_href: meeting_href.clone(),
                    group,
                    first,
                    last: false,
                });
            }
        }
        if let Some(d) = decisions.last_mut() {
            d.last = true;
        }
        let mut meetings: Vec<DecisionGroup> = Vec::new();
        for d in &decisions {
            if d.first || meetings.is_empty() {
                meetings.push(DecisionGroup {
                    body: d.body.clone(),
                    date: d.date.clone(),
                    date_text: d.date_text.clone(),
                    meeting_href: d.meeting_href.clone(),
                    group: d.group,
                    count: 0,
                    entries_html: String::new(),
                });
            }
            if let Some(g) = meetings.last_mut() {
                g.count += 1;
                g.entries_html.push_str(&d.entry_html);
            }
        }
        let title = format!("{} {year}", t(lang, "decisions"));
        let crumbs = vec![Link { text: t(lang, "decision_register"), href: "index.html".into() }];
        let html = meetings.iter().map(|g| g.entries_html.len()).sum::<usize>();
        emit(
            page(
                format!("{}/{year}.html", paths.decisions_dir()),
                "decisions.html",
                "decisions",
                title,
                crumbs,
                &DecisionsPage {
                    year: Some(*year),
                    years: Vec::new(),
                    decision_count: decisions.len(),
                    meetings,
                    decisions: needs.decisions.then_some(decisions),
                },
            )
            .with_html(html),
        )
    })?;
    emit(page(
        format!("{}/index.html", paths.decisions_dir()),
        "decisions.html",
        "decisions",
        t(lang, "decision_register"),
        Vec::new(),
        &DecisionsPage {
            year: None,
            years,
            decision_count: 0,
            meetings: Vec::new(),
            decisions: needs.decisions.then_some(Vec::new()),
        },
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::config::Language;

    /// The facts section as the default theme's `protocol.html` wrote it before
    /// [`facts_html`] took its place: the reference the Rust version must match.
    const FACTS_TEMPLATE: &str = r#"<section class="facts" aria-label="{{ t.meeting_details }}">
  <dl class="facts-list">
    <div class="fact"><dt>{{ t.date }}</dt><dd><time datetime="{{ date }}">{{ date_text }}</time></dd></div>
    {%- if time %}
    <div class="fact"><dt>{{ t.time }}</dt><dd>{{ time }}</dd></div>
    {%- endif %}
    {%- if location %}
    <div class="fact"><dt>{{ t.place }}</dt><dd>{{ location }}</dd></div>
    {%- endif %}
  </dl>
  {%- if chair or secretary or adjusters %}
  <dl class="facts-list">
    {%- if chair %}
    <div class="fact"><dt>{{ t.chair }}</dt><dd>{% if chair.href %}<a href="{{ chair.href }}">{{ chair.name }}</a>{% else %}{{ chair.name }}{% endif %}</dd></div>
    {%- endif %}
    {%- if secretary %}
    <div class="fact"><dt>{{ t.secretary }}</dt><dd>{% if secretary.href %}<a href="{{ secretary.href }}">{{ secretary.name }}</a>{% else %}{{ secretary.name }}{% endif %}</dd></div>
    {%- endif %}
    {%- if adjusters %}
    <div class="fact"><dt>{{ t.adjusters }}</dt><dd>
      {%- for a in adjusters %}{% if a.href %}<a href="{{ a.href }}">{{ a.name }}</a>{% else %}{{ a.name }}{% endif %}{% if not loop.last %}, {% endif %}{% endfor -%}
    </dd></div>
    {%- endif %}
  </dl>
  {%- endif %}
  {%- if (justering and (justering.date or justering.place)) or (anslag and (anslag.up or anslag.down)) %}
  <dl class="facts-list">
    {%- if justering and (justering.date or justering.place) %}
    <div class="fact"><dt>{{ t.justering }}</dt><dd>
      {%- if justering.date %}<time datetime="{{ justering.date }}">{{ justering.date_text }}</time>{% endif %}
      {%- if justering.date and justering.place %}, {% endif %}
      {%- if justering.place %}{{ justering.place }}{% endif -%}
    </dd></div>
    {%- endif %}
    {%- if anslag %}
    {%- if anslag.up %}
    <div class="fact"><dt>{{ t.anslag_up }}</dt><dd><time datetime="{{ anslag.up }}">{{ anslag.up_text }}</time></dd></div>
    {%- endif %}
    {%- if anslag.down %}
    <div class="fact"><dt>{{ t.anslag_down }}</dt><dd><time datetime="{{ anslag.down }}">{{ anslag.down_text }}</time></dd></div>
    {%- endif %}
    {%- if anslag.appeal_last_day %}
    <div class="fact fact-key"><dt>{{ t.appeal_last_day }}</dt><dd><time datetime="{{ anslag.appeal_last_day }}">{{ anslag.appeal_last_day_text }}</time></dd></div>
    {%- endif %}
    {%- endif %}
  </dl>
  {%- endif %}
</section>"#;

    fn person(name: &str, href: &str) -> PersonRef {
        PersonRef {
            name: name.to_owned(),
            href: href.to_owned(),
            role: None,
            serves_for: None,
            org: None,
            detail: None,
        }
    }

    fn page() -> ProtocolPage<'static> {
        ProtocolPage {
            body: "Nämnden".into(),
            body_href: String::new(),
            prefix: None,
            date: "2020-10-19".into(),
            date_text: "19 oktober 2020".into(),
            time: None,
            location: None,
            status: "adjusted".into(),
            status_text: String::new(),
            justering: None,
            anslag: None,
            chair: None,
            secretary: None,
            adjusters: Vec::new(),
            facts_html: String::new(),
            attendees: None,
            absent: None,
            attendees_html: String::new(),
            absent_html: String::new(),
            toc: None,
            preamble_html: "",
            content_html: String::new(),
            toc_html: String::new(),
            paragraphs: None,
            prev: None,
            next: None,
            tags: Vec::new(),
        }
    }

    fn with_tera(d: &ProtocolPage<'_>, lang: Language) -> String {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("facts.html", FACTS_TEMPLATE).unwrap();
        let mut context = tera::Context::from_serialize(d).unwrap();
        let t: std::collections::BTreeMap<&str, &str> = i18n::strings(lang).into_iter().collect();
        context.insert("t", &t);
        tera.render("facts.html", &context).unwrap()
    }

    #[test]
    fn facts_html_is_what_the_template_wrote() {
        let odd = "Ann <b>&amp;</b> \"O'Neil\"";
        let text = |s: &str| Some(s.to_owned());
        let times = [None, text(""), text("13:15-16:00"), text(odd)];
        let people: [Vec<PersonRef>; 4] = [
            Vec::new(),
            vec![person("Anna Ek", "")],
            vec![person("Anna Ek", "../personer/anna-ek.html"), person(odd, "")],
            vec![person(odd, "a\"b.html"), person("Bo", "bo.html"), person("Cy", "")],
        ];
        let adjustments = [
            None,
            Some(Adjustment { date: None, date_text: None, place: None }),
            Some(Adjustment { date: text("2020-10-21"), date_text: text("21 oktober 2020"), place: None }),
            Some(Adjustment { date: None, date_text: None, place: text(odd) }),
            Some(Adjustment {
                date: text("2020-10-21"),
                date_text: text("21 oktober 2020"),
                place: text("Kommunhuset"),
            }),
        ];
        let notice = |up: bool, down: bool| Notice {
            up: up.then(|| "2020-10-22".to_owned()),
            up_text: up.then(|| "22 oktober 2020".to_owned()),
            down: down.then(|| "2020-11-13".to_owned()),
            down_text: down.then(|| "13 november 2020".to_owned()),
            appeal_last_day: up.then(|| "2020-11-12".to_owned()),
            appeal_last_day_text: up.then(|| "12 november 2020".to_owned()),
        };
        let notices = [
            None,
            Some(notice(false, false)),
            Some(notice(true, false)),
            Some(notice(false, true)),
            Some(notice(true, true)),
        ];
        let mut cases = 0;
        for lang in [Language::Sv, Language::En] {
            for (i, time) in times.iter().enumerate() {
                for (j, group) in people.iter().enumerate() {
                    for justering in &adjustments {
                        for anslag in &notices {
                            let mut d = page();
                            d.time.clone_from(time);
                            d.location = times.get((i + j) % times.len()).cloned().flatten();
                            d.chair = group.first().cloned();
                            d.secretary = group.get(j % 2).cloned().filter(|_| j != 2);
                            d.adjusters = group.iter().skip(usize::from(j == 3)).cloned().collect();
                            d.justering = justering.clone();
                            d.anslag = anslag.clone();
                            assert_eq!(
                                facts_html(&d, lang),
                                with_tera(&d, lang),
                                "{lang:?} {i} {j} {justering:?} {anslag:?}"
                            );
                            cases += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(cases, 2 * 4 * 4 * 5 * 5);
    }
}
