//! View models: what templates see. **This is where confidentiality is applied**: the
//! text of a confidential paragraph is dropped here, in a public build, before any
//! template (or search index, feed or export built from these views) can see it.
//!
//! Every string in a view is plain text that templates escape, except fields named
//! `*_html`, which the Markdown renderer has already made safe.

use std::fmt::Write as _;

use serde::Serialize;

use super::i18n;
use super::markdown;
use crate::config::Language;
use crate::index::{Archive, Meeting};
use crate::parse::{Paragraph, Protocol, SectionKind, Show, Status};
use crate::source::SourceFile;

/// A link: text and a relative URL.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// What the reader sees.
    pub text: String,
    /// Relative to the page.
    pub href: String,
}

/// A meeting in a list.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingItem {
    /// The body's name.
    pub body: String,
    /// Link to the body's page.
    pub body_href: String,
    /// ISO date, for `<time datetime>`.
    pub date: String,
    /// The date as a reader writes it ("19 oktober 2020").
    pub date_text: String,
    /// Link to the protocol.
    pub href: String,
    /// "§ 1–11", or empty.
    pub range: String,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// `draft` for drafts (shown only with `--drafts`), else empty.
    pub status: String,
}

/// Paths of pages, relative to the site root, and links between them.
#[derive(Debug, Clone, Copy)]
pub struct Paths {
    /// The interface language (decides section folder names).
    pub lang: Language,
}

impl Paths {
    fn section(self, sv: &'static str, en: &'static str) -> &'static str {
        if self.lang == Language::Sv { sv } else { en }
    }
    /// `personer` / `people`.
    #[must_use]
    pub fn people_dir(self) -> &'static str {
        self.section("personer", "people")
    }
    /// `organisationer` / `organisations`.
    #[must_use]
    pub fn orgs_dir(self) -> &'static str {
        self.section("organisationer", "organisations")
    }
    /// `amnen` / `tags`.
    #[must_use]
    pub fn tags_dir(self) -> &'static str {
        self.section("amnen", "tags")
    }
    /// `ar` / `years`.
    #[must_use]
    pub fn years_dir(self) -> &'static str {
        self.section("ar", "years")
    }
    /// `beslut` / `decisions`.
    #[must_use]
    pub fn decisions_dir(self) -> &'static str {
        self.section("beslut", "decisions")
    }
    /// A meeting's page.
    #[must_use]
    pub fn meeting(self, archive: &Archive<'_>, m: &Meeting) -> String {
        let body = archive.bodies.get(m.body).map_or("", |b| b.slug.as_str());
        link("", body, &m.slug)
    }
}

/// `{root}{folder}/{name}.html`: a page's path or a link to it, made in one allocation of
/// the right size. (Links are made by the hundred thousand; `format!` grows its string as
/// it writes, and that cost more than the rest of making them.)
#[must_use]
pub fn link(root: &str, folder: &str, name: &str) -> String {
    [root, folder, "/", name, ".html"].concat()
}

/// The prefix that leads from a page at `path` back to the site root ("" or "../").
#[must_use]
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Everything a list entry needs about a meeting.
#[must_use]
pub fn meeting_item(archive: &Archive<'_>, root: &str, mi: usize) -> Option<MeetingItem> {
    let m = archive.meetings.get(mi)?;
    let p = archive.site.protocols.get(m.protocol)?;
    let body = archive.bodies.get(m.body)?;
    let lang = archive.site.config.site.language;
    Some(MeetingItem {
        body: body.name.clone(),
        body_href: link(root, &body.slug, "index"),
        date: m.date.to_string(),
        date_text: i18n::date(lang, m.date),
        href: link(root, &body.slug, &m.slug),
        range: range(p),
        paragraphs: p.paragraphs.len(),
        status: if p.status() == Status::Draft { "draft".into() } else { String::new() },
    })
}

/// "§ 1–11" for a protocol's paragraphs.
#[must_use]
pub fn range(p: &Protocol) -> String {
    match (p.paragraphs.first(), p.paragraphs.last()) {
        (Some(a), Some(b)) => {
            let (a, b) = (a.number_label(), b.number_label());
            if a == b { ["§ ", &a].concat() } else { ["§ ", &a, "–", &b].concat() }
        }
        _ => String::new(),
    }
}

/// A `###` section of a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// decision, motions, vote, dissent, note or other.
    pub kind: SectionKind,
    /// The heading as written.
    pub title: String,
    /// Safe HTML.
    pub body_html: String,
}

/// One paragraph of a protocol page.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    /// "17 a".
    pub label: String,
    /// The stable anchor: `p17a`.
    pub anchor: String,
    /// The title; for `show=nothing` in a public build, a neutral "Confidential matter".
    pub title: String,
    /// Whether it is confidential.
    pub confidential: bool,
    /// Whether its text was withheld from this build.
    pub withheld: bool,
    /// The legal ground, when given.
    pub ground: Option<String>,
    /// Case number.
    pub dnr: Option<String>,
    /// The text before the first section, safe HTML ("" when withheld).
    pub intro_html: String,
    /// The sections (only the decision when withheld with `show=decision`).
    pub sections: Vec<SectionView>,
}

/// The stable anchor of a paragraph: `p17`, `p17a`.
#[must_use]
pub fn anchor(p: &Paragraph) -> String {
    if let Some(l) = p.letter {
        format!("p{}{l}", p.number.value)
    } else {
        let mut s = String::with_capacity(8);
        s.push('p');
        let _ = write!(s, "{}", p.number.value);
        s
    }
}

/// What a reader of this build may see of one protocol's Markdown, rendered to safe HTML:
/// its preamble and its paragraphs. Made once a build ([`protocol_views`]) and shared by
/// the pages, the open data and the search index, which therefore never read the source
/// text (a build releases it once these are made, see [`crate::Built::site`]).
#[derive(Debug, Clone, Default)]
pub struct ProtocolView {
    /// The text before the first paragraph, safe HTML.
    pub preamble_html: String,
    /// The paragraphs, in order.
    pub paragraphs: Vec<ParagraphView>,
}

impl ProtocolView {
    /// `views[i]`, or a view with neither preamble nor paragraphs when there is none.
    #[must_use]
    pub fn at(views: &[Self], i: usize) -> &Self {
        static EMPTY: ProtocolView = ProtocolView { preamble_html: String::new(), paragraphs: Vec::new() };
        views.get(i).unwrap_or(&EMPTY)
    }
}

/// The views of every meeting of the archive (`[m]` for `archive.meetings[m]`), rendered
/// once, in parallel, and shared by pages, open data and the search index.
#[must_use]
pub fn meeting_views(archive: &crate::index::Archive<'_>, internal: bool) -> Vec<ProtocolView> {
    by_meeting(archive, protocol_views(archive.site, internal))
}

/// The views of every protocol of the site (`[p]` for `site.protocols[p]`): what
/// [`meeting_views`] renders, made without the archive so that it can run while the
/// archive is indexed.
#[must_use]
pub fn protocol_views(site: &crate::Site, internal: bool) -> Vec<ProtocolView> {
    use rayon::prelude::*;
    site.protocols.par_iter().map(|p| protocol_view(site, p, internal)).collect()
}

/// The view of one protocol of the site.
#[must_use]
pub fn protocol_view(site: &crate::Site, p: &Protocol, internal: bool) -> ProtocolView {
    let Some(source) = site.sources.get(p.file) else { return ProtocolView::default() };
    ProtocolView {
        preamble_html: markdown::to_html(source.slice(p.preamble)),
        paragraphs: p
            .paragraphs
            .iter()
            .map(|para| paragraph_view(para, source, internal, site.config.site.language))
            .collect(),
    }
}

/// Views by protocol ([`protocol_views`]) rearranged by meeting, as [`meeting_views`] gives them.
#[must_use]
pub fn by_meeting(archive: &crate::index::Archive<'_>, mut views: Vec<ProtocolView>) -> Vec<ProtocolView> {
    archive.meetings.iter().map(|m| views.get_mut(m.protocol).map(std::mem::take).unwrap_or_default()).collect()
}

/// A paragraph's title as a reader of this build may see it: for `show=nothing` in a public
/// build, a neutral "Confidential matter" ([`ParagraphView::title`], without rendering the
/// rest).
#[must_use]
pub fn paragraph_title(p: &Paragraph, internal: bool, lang: Language) -> &str {
    if p.attrs.confidential && !internal && p.attrs.show == Show::Nothing {
        i18n::string(lang, "confidential_title").unwrap_or_default()
    } else {
        p.title.as_ref().map_or("", |t| t.value.as_str())
    }
}

/// A paragraph as a reader of this build may see it.
#[must_use]
pub fn paragraph_view(p: &Paragraph, source: &SourceFile, internal: bool, lang: Language) -> ParagraphView {
    let withheld = p.attrs.confidential && !internal;
    let show = p.attrs.show;
    let title = paragraph_title(p, internal, lang).to_owned();
    let intro_end = p.sections.first().map_or(p.body.end, |s| s.title.span.start);
    let intro_end =
        source.text.get(..intro_end).and_then(|t| t.rfind('\n')).map_or(intro_end, |i| (i + 1).max(p.body.start));
    let intro_html = if withheld {
        String::new()
    } else {
        markdown::to_html(source.slice(crate::source::Span::new(p.body.start, intro_end.max(p.body.start))))
    };
    let sections = p
        .sections
        .iter()
        .filter(|s| !withheld || (show == Show::Decision && s.kind == SectionKind::Decision))
        .map(|s| SectionView {
            kind: s.kind,
            title: s.title.value.clone(),
            body_html: markdown::to_html(source.slice(s.body)),
        })
        .collect();
    ParagraphView {
        label: p.number_label(),
        anchor: anchor(p),
        title,
        confidential: p.attrs.confidential,
        withheld,
        ground: p.attrs.ground.clone(),
        // `show=nothing` leaves only the number: not even the case number.
        dnr: if withheld && show == Show::Nothing { None } else { p.attrs.dnr.clone() },
        intro_html,
        sections,
    }
}
