//! Atom feeds, `sitemap.xml` and `robots.txt`; and the last day to appeal.
//!
//! - `feeds/index.xml`: the newest [`FEED_ENTRIES`] protocols of the whole archive.
//! - `feeds/<body>.xml`: the body's newest protocols.
//! - `feeds/<body>-anslag.xml`: the body's notices (anslag) for a digital notice board, each
//!   with the day the notice went up and comes down and the last day to appeal.
//!
//! Feeds are written for every build. With `base_url` (an `http(s)` URL) every link and id
//! is absolute; without it links are relative to the feed (RFC 4287 allows relative
//! references; readers resolve them against the feed's own address) and ids are `tag:` URIs.
//! Entries carry § numbers and titles only, as the views show them ([`paragraph_title`]), so a
//! confidential paragraph shows what its `show=` allows. Drafts are never in a feed, not
//! even with `--drafts`. Every date is a date of the archive, never the time of the build,
//! so the same site gives the same bytes.
//!
//! `sitemap.xml` and `robots.txt` are written for a public build with `base_url` (a sitemap
//! needs absolute URLs). An internal build gets a `robots.txt` that disallows everything and
//! no sitemap: an intranet edition must not be indexed.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};

use super::Page;
use super::data::{find_special, word};
use super::i18n;
use super::view::{Paths, paragraph_title, root_of};
use crate::config::Language;
use crate::index::{Archive, Meeting};
use crate::parse::{Protocol, Status, slugify};

/// How many entries a feed holds: the newest protocols.
pub const FEED_ENTRIES: usize = 50;

/// The most URLs in one sitemap file (the sitemaps.org limit); more go in several files
/// listed by a sitemap index.
pub const SITEMAP_URLS: usize = 50_000;

/// The appeal time: three weeks from the day the notice went up (kommunallagen 13 kap. 5 §).
const APPEAL_DAYS: i64 = 21;

/// The feed, sitemap and robots files of the archive.
#[must_use]
pub fn files(archive: &Archive<'_>, internal: bool) -> Vec<Page> {
    use rayon::prelude::*;
    let mut ctx = Ctx::new(archive, internal);
    // Which meetings each feed holds: the newest adjusted protocols; the newest notices.
    let newest = |ms: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
        ms.filter(|&mi| ctx.feedable(mi)).take(FEED_ENTRIES).collect()
    };
    let all = newest(&mut (0..archive.meetings.len()).rev());
    let bodies: Vec<(Vec<usize>, Vec<usize>)> = archive
        .bodies
        .iter()
        .map(|b| {
            let ms = newest(&mut b.meetings.iter().rev().copied());
            let mut notices: Vec<(Date, usize)> = b
                .meetings
                .iter()
                .rev()
                .filter(|&&mi| ctx.published(mi))
                .filter_map(|&mi| Some((ctx.notice_up(mi)?, mi)))
                .collect();
            // Newest notice first; a notice may go up long after a later meeting's.
            notices.sort_by_key(|&(up, _)| std::cmp::Reverse(up));
            (ms, notices.into_iter().take(FEED_ENTRIES).map(|(_, mi)| mi).collect())
        })
        .collect();
    // The § titles of those meetings, from the views, once each.
    let mut wanted: Vec<usize> =
        all.iter().chain(bodies.iter().flat_map(|(a, b)| a.iter().chain(b))).copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    ctx.summaries = wanted.par_iter().map(|&mi| (mi, ctx.titles(mi))).collect();

    let mut out = vec![ctx.protocol_feed("feeds/index.xml", &ctx.site_title(), "index.html", &all, true)];
    for (b, (ms, notices)) in archive.bodies.iter().zip(&bodies) {
        let alternate = format!("{}/index.html", b.slug);
        let title = format!("{} – {}", b.name, ctx.site_title());
        out.push(ctx.protocol_feed(&format!("feeds/{}.xml", b.slug), &title, &alternate, ms, false));
        out.push(ctx.anslag_feed(&format!("feeds/{}-anslag.xml", b.slug), &b.name, &alternate, notices));
    }
    out.extend(sitemap(archive, internal, &html_pages(archive)));
    out
}

/// `sitemap.xml` (or a sitemap index and `sitemap-N.xml` files beyond [`SITEMAP_URLS`]) and
/// `robots.txt` for the HTML pages at `pages` (paths from the site root, with the date each
/// last changed when known). Public builds with a `base_url` only; an internal build gets a
/// `robots.txt` that disallows everything.
#[must_use]
pub fn sitemap(archive: &Archive<'_>, internal: bool, pages: &[(String, Option<Date>)]) -> Vec<Page> {
    if internal {
        let robots = "# Intern utgåva / internal edition: not to be indexed.\nUser-agent: *\nDisallow: /\n";
        return vec![Page { path: "robots.txt".into(), content: robots.as_bytes().to_vec() }];
    }
    let Some(base) = base_url(archive) else { return Vec::new() };
    let mut out = Vec::new();
    let chunks: Vec<&[(String, Option<Date>)]> = pages.chunks(SITEMAP_URLS).collect();
    let urlset = |chunk: &[(String, Option<Date>)]| {
        let mut x = String::from(XML_DECL);
        x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (path, lastmod) in chunk {
            let _ = write!(x, "  <url><loc>{}</loc>", xml_escape(&format!("{base}{path}")));
            if let Some(d) = lastmod.filter(|d| d.year() > 0) {
                let _ = write!(x, "<lastmod>{d}</lastmod>");
            }
            x.push_str("</url>\n");
        }
        x.push_str("</urlset>\n");
        x.into_bytes()
    };
    if chunks.len() <= 1 {
        out.push(Page { path: "sitemap.xml".into(), content: urlset(chunks.first().copied().unwrap_or(&[])) });
    } else {
        let mut index = String::from(XML_DECL);
        index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (i, chunk) in chunks.iter().enumerate() {
            let path = format!("sitemap-{}.xml", i + 1);
            let _ = writeln!(index, "  <sitemap><loc>{}</loc></sitemap>", xml_escape(&format!("{base}{path}")));
            out.push(Page { path, content: urlset(chunk) });
        }
        index.push_str("</sitemapindex>\n");
        out.push(Page { path: "sitemap.xml".into(), content: index.into_bytes() });
    }
    let robots = format!("User-agent: *\nDisallow:\n\nSitemap: {base}sitemap.xml\n");
    out.push(Page { path: "robots.txt".into(), content: robots.into_bytes() });
    out
}

/// Every HTML page of the site that a search engine should see (all but `404.html` and the
/// search page, a form), with the date it last changed when the archive knows it: the paths
/// `pages.rs` writes (`tests/feeds_data.rs` fails when the two disagree).
#[must_use]
pub fn html_pages(archive: &Archive<'_>) -> Vec<(String, Option<Date>)> {
    let paths = Paths { lang: archive.site.config.site.language };
    let latest = |ms: &[usize]| ms.iter().filter_map(|&mi| archive.meetings.get(mi)).map(|m| changed(archive, m)).max();
    let all: Vec<usize> = (0..archive.meetings.len()).collect();
    let mut out: Vec<(String, Option<Date>)> = vec![("index.html".into(), latest(&all))];
    for b in &archive.bodies {
        out.push((format!("{}/index.html", b.slug), latest(&b.meetings)));
    }
    for m in &archive.meetings {
        out.push((paths.meeting(archive, m), Some(changed(archive, m))));
    }
    out.push((format!("{}/index.html", paths.people_dir()), None));
    for p in &archive.people {
        let ms: Vec<usize> = p.attendance.iter().map(|a| a.meeting).collect();
        out.push((format!("{}/{}.html", paths.people_dir(), p.slug), latest(&ms)));
    }
    out.push((format!("{}/index.html", paths.orgs_dir()), None));
    for o in &archive.orgs {
        out.push((format!("{}/{}.html", paths.orgs_dir(), o.slug), latest(&o.meetings)));
    }
    out.push((format!("{}/index.html", paths.tags_dir()), None));
    for t in &archive.tags {
        out.push((format!("{}/{}.html", paths.tags_dir(), t.slug), latest(&t.meetings)));
    }
    for (year, ms) in &archive.years {
        out.push((format!("{}/{year}.html", paths.years_dir()), latest(ms)));
    }
    out.push((format!("{}/index.html", paths.decisions_dir()), None));
    for (year, ms) in &archive.years {
        out.push((format!("{}/{year}.html", paths.decisions_dir()), latest(ms)));
    }
    let accessibility = super::i18n::string(paths.lang, "accessibility_page").unwrap_or_default();
    out.push((accessibility.to_owned(), None));
    out
}

/// When a meeting's protocol last changed, as far as the archive says: its justering, else
/// the meeting.
fn changed(archive: &Archive<'_>, m: &Meeting) -> Date {
    archive
        .site
        .protocols
        .get(m.protocol)
        .and_then(|p| p.front.as_ref()?.justering.as_ref()?.date.as_ref().map(|d| d.value))
        .filter(|&j| j >= m.date)
        .unwrap_or(m.date)
}

/// The site's `base_url` with a final `/`, when it is an absolute `http(s)` URL.
#[must_use]
pub fn base_url(archive: &Archive<'_>) -> Option<String> {
    let url = archive.site.config.site.base_url.as_deref()?.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    Some(if url.ends_with('/') { url.to_owned() } else { format!("{url}/") })
}

/// The host of `base_url` (lower case, without port or user), for ids that need a name.
#[must_use]
pub fn host(archive: &Archive<'_>) -> Option<String> {
    let base = base_url(archive)?;
    let rest = base.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// A slug of the site's title, to tell sites apart in ids when there is no `base_url`.
#[must_use]
pub fn site_slug(archive: &Archive<'_>) -> String {
    slugify(&archive.site.config.site.title)
}

// ---------------------------------------------------------------------------------------
// The last day to appeal

/// The last day to appeal a decision whose adjusted protocol was announced on the notice
/// board on `up`: three weeks later (`up` + 21 days), moved to the next weekday when that
/// falls on a Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton
/// (lagen (1930:173) om beräkning av lagstadgad tid, 2 §). `None` past the calendar's end.
#[must_use]
pub fn appeal_last_day(up: Date) -> Option<Date> {
    let mut day = up.checked_add(jiff::Span::new().days(APPEAL_DAYS)).ok()?;
    // At most a handful of days in a row are free (the longest run is four, at Easter).
    for _ in 0..10 {
        if !is_free_day(day) {
            return Some(day);
        }
        day = day.tomorrow().ok()?;
    }
    Some(day)
}

/// Whether a time limit that ends on `d` moves to the next weekday: Saturdays, Sundays,
/// Swedish public holidays (lagen (1989:253) om allmänna helgdagar, as in force in `d`'s
/// year), midsommarafton, julafton and nyårsafton.
#[must_use]
pub fn is_free_day(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) || is_public_holiday(d) || is_eve(d)
}

/// Midsommarafton (the Friday between 19 and 25 June), julafton (24 December), nyårsafton
/// (31 December): not public holidays, but time limits ending on them move all the same.
fn is_eve(d: Date) -> bool {
    let (m, day) = (d.month(), d.day());
    (m == 12 && (day == 24 || day == 31)) || (m == 6 && (19..=25).contains(&day) && d.weekday() == Weekday::Friday)
}

/// Whether `d` is a Swedish public holiday (allmän helgdag) other than an ordinary Sunday.
#[must_use]
pub fn is_public_holiday(d: Date) -> bool {
    let (y, m, day) = (d.year(), d.month(), d.day());
    // Nyårsdagen, trettondedag jul, första maj, juldagen, annandag jul; nationaldagen since 2005.
    let fixed = matches!((m, day), (1, 1 | 6) | (5, 1) | (12, 25 | 26)) || (m == 6 && day == 6 && y >= 2005);
    // Midsommardagen (the Saturday between 20 and 26 June) and alla helgons dag (the
    // Saturday between 31 October and 6 November) fall on Saturdays.
    let saturday = d.weekday() == Weekday::Saturday
        && ((m == 6 && (20..=26).contains(&day)) || (m == 10 && day == 31) || (m == 11 && day <= 6));
    fixed || saturday || easter_offset(d).is_some_and(|off| easter_holiday(off, y))
}

/// The movable holidays, by their distance in days from Easter Sunday.
fn easter_holiday(offset: i64, year: i16) -> bool {
    match offset {
        // långfredagen, påskdagen, annandag påsk, Kristi himmelsfärdsdag, pingstdagen
        -2 | 0 | 1 | 39 | 49 => true,
        // annandag pingst, replaced by nationaldagen in 2005
        50 => year < 2005,
        _ => false,
    }
}

/// How many days `d` is after its year's Easter Sunday (negative before it).
fn easter_offset(d: Date) -> Option<i64> {
    let easter = easter_sunday(d.year())?;
    let span = easter.until(d).ok()?;
    Some(i64::from(span.get_days()))
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus of Meeus, Jones and
/// Butcher); `None` for years before 1583.
#[must_use]
#[allow(clippy::many_single_char_names, reason = "the algorithm's own names, as published")]
pub fn easter_sunday(year: i16) -> Option<Date> {
    if year < 1583 {
        return None;
    }
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

// ---------------------------------------------------------------------------------------
// Writing XML

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 does not
/// allow (control characters other than tab and line ends, U+FFFE, U+FFFF): one stray
/// control character in a title would otherwise make the whole feed unreadable.
#[must_use]
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_xml_escaped(&mut out, s);
    out
}

/// [`xml_escape`], appended to `out`. Runs of ordinary text are found 8 bytes at a time
/// ([`find_special`]) and copied whole; only the bytes that may start something to escape
/// or drop are looked at (U+FFFE and U+FFFF are `EF BF BE`/`EF BF BF`).
fn push_xml_escaped(out: &mut String, s: &str) {
    let special =
        |b: u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF) || (b < 0x20 && b != b'\t' && b != b'\n');
    // `"` `#` `&` `'` differ from 0x22 only in bits 0 and 2, `<` `>` from 0x3C only in
    // bit 1: with those bits cleared, two tests do for five bytes (and `#`, passed over).
    // Tabs and line ends pass the test for control bytes too.
    let any_special = |w: u64| {
        word::below(w, 0x20)
            | word::eq(w & !(word::ONES * 0x05), 0x22)
            | word::eq(w & !(word::ONES * 0x02), 0x3C)
            | word::eq(w, 0xEF)
            != 0
    };
    let mut rest = s;
    while let Some(i) = find_special(rest.as_bytes(), any_special, special) {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let Some(c) = tail.chars().next() else { break };
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
        rest = tail.get(c.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
}

/// `<name>text</name>` and a line end, with the text escaped, after `indent`.
fn push_element(out: &mut String, indent: &str, name: &str, attributes: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push_str(attributes);
    out.push('>');
    push_xml_escaped(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// A date as an RFC 3339 timestamp at midnight UTC; `None` for years RFC 3339 cannot write.
fn timestamp(d: Date) -> Option<String> {
    (1..=9999).contains(&d.year()).then(|| format!("{d}T00:00:00Z"))
}

/// What every feed needs to know.
struct Ctx<'a, 's> {
    archive: &'a Archive<'s>,
    internal: bool,
    lang: Language,
    paths: Paths,
    base: Option<String>,
    /// [`site_slug`], for `tag:` ids.
    site_slug: String,
    /// The "§ N Title" lines of the meetings in some feed, by meeting.
    summaries: HashMap<usize, String>,
}

/// One `<entry>`.
struct Entry {
    id: String,
    title: String,
    updated: Date,
    published: Date,
    link: String,
    category: Option<(String, String)>,
    summary: String,
}

impl<'a, 's> Ctx<'a, 's> {
    fn new(archive: &'a Archive<'s>, internal: bool) -> Self {
        let lang = archive.site.config.site.language;
        Self {
            archive,
            internal,
            lang,
            paths: Paths { lang },
            base: base_url(archive),
            site_slug: site_slug(archive),
            summaries: HashMap::new(),
        }
    }

    fn t(&self, key: &'static str) -> &'static str {
        i18n::string(self.lang, key).unwrap_or(key)
    }

    fn site_title(&self) -> String {
        self.archive.site.config.site.title.clone()
    }

    fn protocol(&self, mi: usize) -> Option<(&'a Meeting, &'a Protocol)> {
        let m = self.archive.meetings.get(mi)?;
        Some((m, self.archive.site.protocols.get(m.protocol)?))
    }

    /// Whether a meeting may be in a feed: not a draft.
    fn published(&self, mi: usize) -> bool {
        self.protocol(mi).is_some_and(|(_, p)| p.status() != Status::Draft)
    }

    /// Whether a meeting goes in the protocol feeds: published, with a date Atom can write.
    fn feedable(&self, mi: usize) -> bool {
        self.published(mi) && self.protocol(mi).is_some_and(|(m, _)| timestamp(changed(self.archive, m)).is_some())
    }

    /// The day a meeting's notice went up, when Atom can write it.
    fn notice_up(&self, mi: usize) -> Option<Date> {
        let (_, p) = self.protocol(mi)?;
        let up = p.front.as_ref()?.anslag.as_ref()?.up.as_ref()?.value;
        timestamp(up).map(|_| up)
    }

    /// A link from the file at `from` to the file at `to` (both from the site root).
    fn url(&self, from: &str, to: &str) -> String {
        match &self.base {
            Some(base) => format!("{base}{to}"),
            None => format!("{}{to}", root_of(from)),
        }
    }

    /// A stable, absolute id for the thing at `path` (from the site root): its URL with a
    /// `base_url`, else a `tag:` URI naming the site by its title.
    fn id(&self, path: &str) -> String {
        match &self.base {
            Some(base) => format!("{base}{path}"),
            None => format!("tag:protokoll.invalid,2000:{}/{path}", self.site_slug),
        }
    }

    /// "§ 1 Title" lines of a meeting's protocol, as this build may show them.
    fn titles(&self, mi: usize) -> String {
        let Some((_, p)) = self.protocol(mi) else { return String::new() };
        let mut out = String::with_capacity(64 * p.paragraphs.len());
        for (i, para) in p.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            // "§ 17 a": the paragraph's number_label().
            let _ = write!(out, "§ {}", para.number.value);
            if let Some(letter) = para.letter {
                out.push(' ');
                out.push(letter);
            }
            let title = paragraph_title(para, self.internal, self.lang);
            if !title.is_empty() {
                out.push(' ');
                out.push_str(title);
            }
        }
        out
    }

    fn summary(&self, mi: usize) -> Cow<'_, str> {
        self.summaries.get(&mi).map_or_else(|| Cow::Owned(self.titles(mi)), |s| Cow::Borrowed(s.as_str()))
    }

    fn meeting_title(&self, m: &Meeting) -> String {
        let body = self.archive.bodies.get(m.body).map_or("", |b| b.name.as_str());
        let date = i18n::date(self.lang, m.date);
        if m.seq > 1 { format!("{body} – {date} ({})", m.seq) } else { format!("{body} – {date}") }
    }

    /// The feed of the adjusted protocols `meetings` (newest first).
    fn protocol_feed(&self, path: &str, title: &str, alternate: &str, meetings: &[usize], categories: bool) -> Page {
        let entries: Vec<Entry> = meetings
            .iter()
            .filter_map(|&mi| {
                let (m, _) = self.protocol(mi)?;
                let page = self.paths.meeting(self.archive, m);
                let body = self.archive.bodies.get(m.body)?;
                Some(Entry {
                    id: self.id(&page),
                    title: self.meeting_title(m),
                    updated: changed(self.archive, m),
                    published: m.date,
                    link: self.url(path, &page),
                    category: categories.then(|| (body.slug.clone(), body.name.clone())),
                    summary: self.summary(mi).into_owned(),
                })
            })
            .collect();
        self.feed(path, title, alternate, &entries)
    }

    /// The notices of the adjusted protocols among `meetings` (newest notice first).
    fn anslag_feed(&self, path: &str, body: &str, alternate: &str, meetings: &[usize]) -> Page {
        let entries: Vec<Entry> = meetings
            .iter()
            .filter_map(|&mi| {
                let (m, p) = self.protocol(mi)?;
                let front = p.front.as_ref()?;
                let anslag = front.anslag.as_ref()?;
                let up = anslag.up.as_ref()?.value;
                timestamp(up)?;
                let page = self.paths.meeting(self.archive, m);
                // "Label: date" lines, then a blank line and the § titles.
                let mut summary = String::with_capacity(512);
                let line = |summary: &mut String, key: &'static str, d: Date| {
                    if !summary.is_empty() {
                        summary.push('\n');
                    }
                    summary.push_str(self.t(key));
                    summary.push_str(": ");
                    summary.push_str(&i18n::date(self.lang, d));
                };
                if let Some(j) = &front.justering
                    && let Some(d) = &j.date
                {
                    line(&mut summary, "justering", d.value);
                    if let Some(place) = &j.place {
                        summary.push_str(", ");
                        summary.push_str(&place.value);
                    }
                }
                line(&mut summary, "anslag_up", up);
                if let Some(down) = &anslag.down {
                    line(&mut summary, "anslag_down", down.value);
                }
                if let Some(last) = appeal_last_day(up) {
                    line(&mut summary, "appeal_last_day", last);
                }
                let titles = self.summary(mi);
                if !titles.is_empty() {
                    summary.push_str("\n\n");
                    summary.push_str(&titles);
                }
                Some(Entry {
                    id: self.id(&format!("{page}#anslag")),
                    title: format!("{}: {}", self.t("anslag"), self.meeting_title(m)),
                    updated: up,
                    published: up,
                    link: self.url(path, &page),
                    category: None,
                    summary,
                })
            })
            .collect();
        let title = format!("{}: {body}", self.t("anslag"));
        self.feed(path, &title, alternate, &entries)
    }

    fn feed(&self, path: &str, title: &str, alternate: &str, entries: &[Entry]) -> Page {
        let updated = entries.iter().map(|e| e.updated).max();
        let updated = updated.and_then(timestamp).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let mut x = String::from(XML_DECL);
        let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", self.lang.code());
        let _ = writeln!(x, "  <id>{}</id>", xml_escape(&self.id(path)));
        let _ = writeln!(x, "  <title type=\"text\">{}</title>", xml_escape(title));
        let _ = writeln!(x, "  <updated>{updated}</updated>");
        let _ = writeln!(x, "  <author><name>{}</name></author>", xml_escape(&self.site_title()));
        let self_href = self
            .base
            .as_ref()
            .map_or_else(|| path.rsplit('/').next().unwrap_or(path).to_owned(), |base| format!("{base}{path}"));
        let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", xml_escape(&self_href));
        let _ = writeln!(
            x,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&self.url(path, alternate))
        );
        x.push_str("  <generator>protokoll</generator>\n");
        x.reserve(entries.iter().map(|e| e.summary.len() + 512).sum());
        for e in entries {
            let (Some(updated), Some(published)) = (timestamp(e.updated), timestamp(e.published)) else { continue };
            x.push_str("  <entry>\n");
            push_element(&mut x, "    ", "id", "", &e.id);
            push_element(&mut x, "    ", "title", " type=\"text\"", &e.title);
            push_element(&mut x, "    ", "updated", "", &updated);
            push_element(&mut x, "    ", "published", "", &published);
            x.push_str("    <link rel=\"alternate\" type=\"text/html\" href=\"");
            push_xml_escaped(&mut x, &e.link);
            x.push_str("\"/>\n");
            if let Some((term, label)) = &e.category {
                x.push_str("    <category term=\"");
                push_xml_escaped(&mut x, term);
                x.push_str("\" label=\"");
                push_xml_escaped(&mut x, label);
                x.push_str("\"/>\n");
            }
            if !e.summary.is_empty() {
                push_element(&mut x, "    ", "summary", " type=\"text\"", &e.summary);
            }
            x.push_str("  </entry>\n");
        }
        x.push_str("</feed>\n");
        Page { path: path.to_owned(), content: x.into_bytes() }
    }
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn xml_escape_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape("Budget < 2 mkr & \"ja\" > 'nej'"),
            "Budget &lt; 2 mkr &amp; &quot;ja&quot; &gt; &apos;nej&apos;"
        );
        // Line ends and tabs stay, CR is kept as a reference, other C0 controls and the
        // non-characters U+FFFE/U+FFFF go; everything else passes (å, C1, DEL, U+FEFF).
        assert_eq!(xml_escape("a\tb\nc\rd\u{1}e\u{1f}"), "a\tb\nc&#13;de");
        assert_eq!(xml_escape("\u{FFFE}Säby\u{FFFF}"), "Säby");
        assert_eq!(xml_escape("åäö\u{85}\u{7f}\u{FEFF}\u{FFFD}"), "åäö\u{85}\u{7f}\u{FEFF}\u{FFFD}");
        assert_eq!(xml_escape(""), "");
    }
}
