//! `protokoll new`: the next protocol of a body, pre-filled from its previous meeting.
//!
//! The draft copies what usually stays the same from the body's latest meeting before
//! the new date (time, place, chair, secretary, adjusters, and everyone who attended or
//! was absent: the usual participants), and starts the paragraphs at the number the
//! body's numbering policy gives: § 1 per meeting, or one past the last § of the body's
//! latest meeting that calendar year. It is written so that `protokoll check` has as
//! little as possible to say: only what the secretary must still fill in.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::yaml::{block_scalar, flow_list, markdown_text, scalar};
use super::{ScaffoldError, write_new};
use crate::config::{BodyConfig, Language, Numbering, Profile};
use crate::diagnostic::{Diagnostic, suggest};
use crate::parse::{Attendee, MeetingRef, Protocol};
use crate::source::{FileKind, SourceFile};
use crate::{Site, check, parse};

/// A protocol draft, not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Where it goes, relative to the site, with `/` separators
    /// (`content/kommunstyrelsen/2020-12-08.md`).
    pub rel: String,
    /// The body's folder.
    pub slug: String,
    /// The body's name, as written in `body:`.
    pub body_name: String,
    /// The meeting.
    pub meeting: MeetingRef,
    /// The body's previous meeting, the draft's `previous:`.
    pub previous: Option<MeetingRef>,
    /// The number of the first paragraph.
    pub first: u32,
    /// The number of the last paragraph (`Mötets avslutande`).
    pub last: u32,
    /// The file's text.
    pub text: String,
}

/// A draft written to disk, and what `check` says about it.
#[derive(Debug)]
pub struct Created {
    /// The draft.
    pub draft: Draft,
    /// The file written.
    pub path: PathBuf,
    /// The site, the new file included (for rendering the diagnostics).
    pub site: Site,
    /// Every diagnostic about the new file, levels applied: what is left to fill in.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the site at `root`, drafts the protocol of `body` for `meeting` and writes it;
/// then checks the site with it and returns the diagnostics about the new file.
pub fn create(root: &Path, body: &str, meeting: MeetingRef) -> Result<Created, ScaffoldError> {
    let mut site = crate::load(root)?;
    let draft = draft(&site, body, meeting)?;
    let path = root.join(&draft.rel);
    write_new(&path, &draft.text)?;

    let id = site.sources.add(SourceFile::new(path.clone(), draft.rel.clone(), FileKind::Protocol, draft.text.clone()));
    let mut earlier = std::mem::take(&mut site.diagnostics);
    if let Some(file) = site.sources.get(id) {
        let (protocol, found) = parse::parse_protocol(id, file);
        site.protocols.push(protocol);
        earlier.extend(found);
    }
    let diagnostics = check::run(&site.protocols, &site.sources, &site.config, earlier)
        .into_iter()
        .filter(|d| d.file == id)
        .collect();
    Ok(Created { draft, path, site, diagnostics })
}

/// The folder (slug) of the body named `given`: a slug, name or citation prefix (`KS`) in
/// `bodies.yaml`, or a folder under `content/` (compared without regard to case; a name
/// is also matched by its slug, so `Kultur- och fritidsnämnden` finds
/// `kultur-och-fritidsnamnden`).
pub fn resolve_body(site: &Site, given: &str) -> Result<String, ScaffoldError> {
    let want = given.trim();
    let lower = want.to_lowercase();
    let slugged = parse::slugify(want);
    let mut candidates: Vec<(&str, Option<&str>)> =
        site.config.bodies.iter().map(|b| (b.slug.value.as_str(), Some(b.name.value.as_str()))).collect();
    for p in &site.protocols {
        if !p.body_slug.is_empty() && !candidates.iter().any(|(s, _)| *s == p.body_slug) {
            candidates.push((p.body_slug.as_str(), body_of(p)));
        }
    }
    let exact = candidates.iter().find(|(slug, name)| {
        *slug == want || slug.to_lowercase() == lower || name.is_some_and(|n| n.trim().to_lowercase() == lower)
    });
    if let Some((slug, _)) = exact.or_else(|| candidates.iter().find(|(slug, _)| *slug == slugged)) {
        return Ok((*slug).to_owned());
    }
    let prefixed =
        site.config.bodies.iter().find(|b| b.prefix.as_deref().is_some_and(|p| p.trim().to_lowercase() == lower));
    if let Some(b) = prefixed {
        return Ok(b.slug.value.clone());
    }
    let words = candidates.iter().flat_map(|(slug, name)| std::iter::once(*slug).chain(*name));
    Err(ScaffoldError::UnknownBody {
        given: want.to_owned(),
        suggestion: suggest::did_you_mean(want, words).map(str::to_owned),
        known: candidates.iter().map(|(slug, _)| (*slug).to_owned()).collect(),
    })
}

fn body_of(p: &Protocol) -> Option<&str> {
    p.front.as_ref().and_then(|f| f.body.as_ref()).map(|b| b.value.as_str())
}

/// Drafts the protocol of the body `body` (slug or name) for `meeting`, from the site as
/// loaded. Refuses when the body has a protocol for that meeting already.
pub fn draft(site: &Site, body: &str, meeting: MeetingRef) -> Result<Draft, ScaffoldError> {
    let slug = resolve_body(site, body)?;
    let config = site.config.body(&slug);
    let ours: Vec<&Protocol> = site.protocols.iter().filter(|p| p.body_slug == slug).collect();
    if let Some(p) = ours.iter().find(|p| p.meeting() == Some(meeting) || p.file_meeting == Some(meeting)) {
        let rel = site.sources.get(p.file).map_or_else(String::new, |f| f.rel.clone());
        return Err(ScaffoldError::MeetingExists { rel, meeting });
    }
    // The latest meeting before this one; of two files for one meeting, the first.
    let previous = ours.iter().filter_map(|p| p.meeting().filter(|m| *m < meeting).map(|m| (m, *p))).fold(
        None::<(MeetingRef, &Protocol)>,
        |best, (m, p)| match best {
            Some((bm, _)) if bm >= m => best,
            _ => Some((m, p)),
        },
    );
    let numbering = site.config.numbering(&slug);
    let first = match numbering {
        Numbering::PerMeeting => 1,
        Numbering::PerYear => continue_from(&ours, meeting).map_or(1, |n| n.saturating_add(1)),
    };
    let body_name = config
        .map(|b| b.name.value.clone())
        .or_else(|| previous.and_then(|(_, p)| body_of(p)).map(str::to_owned))
        .unwrap_or_else(|| slug.clone());
    let folder = match previous.and_then(|(m, p)| year_folder(site, p, m)) {
        Some(()) => format!("content/{slug}/{}", meeting.date.year()),
        None => format!("content/{slug}"),
    };
    let words = match site.config.site.language {
        Language::Sv => &SV,
        Language::En => &EN,
    };
    let input = Input {
        body_name: &body_name,
        meeting,
        previous,
        first,
        profile: config.map_or(Profile::Council, |b: &BodyConfig| b.profile),
        words,
    };
    let text = render(&input);
    Ok(Draft {
        rel: format!("{folder}/{meeting}.md"),
        slug,
        body_name,
        meeting,
        previous: previous.map(|(m, _)| m),
        first,
        last: first.saturating_add(3),
        text,
    })
}

/// The last paragraph number of the body's meetings before `meeting` in its calendar
/// year, counted as `numbering-continuity` counts: meetings in order (the first file of a
/// meeting), each ending at its last paragraph without a letter.
fn continue_from(ours: &[&Protocol], meeting: MeetingRef) -> Option<u32> {
    let mut year: Vec<(MeetingRef, &Protocol)> = ours
        .iter()
        .filter(|p| !p.paragraphs.is_empty())
        .filter_map(|p| p.meeting().map(|m| (m, *p)))
        .filter(|(m, _)| *m < meeting && m.date.year() == meeting.date.year())
        .collect();
    year.sort_by_key(|&(m, _)| m);
    year.dedup_by_key(|&mut (m, _)| m);
    year.iter()
        .filter_map(|(_, p)| p.paragraphs.iter().rev().find(|q| q.letter.is_none()))
        .map(|q| q.number.value)
        .next_back()
}

/// `Some` when the protocol lies in a year folder of its body (`content/ks/2020/…`,
/// named by the meeting's year), so the new one goes in its own year's folder too.
fn year_folder(site: &Site, p: &Protocol, m: MeetingRef) -> Option<()> {
    let rel = &site.sources.get(p.file)?.rel;
    let parts: Vec<&str> = rel.split('/').collect();
    let year = m.date.year().to_string();
    (parts.len() == 4 && parts.get(2) == Some(&year.as_str())).then_some(())
}

/// The words of a draft, in the site's language.
struct Words {
    opening: &'static str,
    adjusters: &'static str,
    agenda: &'static str,
    closing: &'static str,
    decision: &'static str,
    opening_text: &'static str,
    opening_decision: &'static str,
    /// Before the adjusters' names.
    adjusters_decision: &'static str,
    /// Joins the last two names.
    and: &'static str,
    agenda_decision: &'static str,
    closing_text: &'static str,
    closing_decision: &'static str,
    /// The placeholder for a name.
    nobody: &'static str,
    /// The placeholder for a date.
    some_date: &'static str,
    draft: &'static str,
    chosen: &'static str,
    justering: &'static str,
    anslag: &'static str,
    usual: &'static str,
    first_meeting: &'static str,
    absent_last: &'static str,
    tags: &'static str,
    agenda_items: &'static str,
    body_items: &'static str,
}

static SV: Words = Words {
    opening: "Mötets öppnande",
    adjusters: "Val av justerare",
    agenda: "Godkännande av dagordning",
    closing: "Mötets avslutande",
    decision: "Beslut",
    opening_text: "Ordföranden förklarar mötet öppnat.",
    opening_decision: "Mötet förklaras öppnat.",
    adjusters_decision: "Till att jämte ordföranden justera protokollet utses",
    and: "och",
    agenda_decision: "Dagordningen godkänns.",
    closing_text: "Ordföranden förklarar mötet avslutat.",
    closing_decision: "Mötet förklaras avslutat.",
    nobody: "NN",
    some_date: "ÅÅÅÅ-MM-DD",
    draft: "# Utkast: kommer inte med i bygget förrän status blir adjusted (justerat).",
    chosen: "# Justerarna väljs på mötet (§ {n}): ändra här och där om det blir andra.",
    justering: "# Fyll i när protokollet har justerats, senast {last} (14 dagar efter mötet):",
    anslag: "# och när justeringen har anslagits (senast andra dagen efter den, minst tre veckor):",
    usual: "# Alla som brukar delta, från förra mötet ({previous}). Flytta den som inte kommer till\n\
            # `absent:` och skriv `serves_for: <ledamotens namn>` på en ersättare som tjänstgör.",
    first_meeting: "# De närvarande, en per rad: `  - { name: Anna Berg, org: Kommunstyrelsen, role: ledamot }`",
    absent_last: "  # Frånvarande vid förra mötet:",
    tags: "# tags: [ämne, ett annat ämne]",
    agenda_items: "  # Dagordningens ärenden här, en rad per punkt, i samma ordning som paragraferna.",
    body_items: "<!--\nHär kommer ärendena: en rubrik \"## § nummer Rubrik\" per punkt på dagordningen, med\n\
                 \"### Beslut\" när ett beslut fattas. Numrera sedan om Mötets avslutande så att\n\
                 numreringen fortsätter utan lucka.\n-->",
};

static EN: Words = Words {
    opening: "Opening of the meeting",
    adjusters: "Election of adjusters",
    agenda: "Approval of the agenda",
    closing: "Closing of the meeting",
    decision: "Decision",
    opening_text: "The chair declares the meeting open.",
    opening_decision: "The meeting is declared open.",
    adjusters_decision: "Elected to adjust the minutes together with the chair:",
    and: "and",
    agenda_decision: "The agenda is approved.",
    closing_text: "The chair declares the meeting closed.",
    closing_decision: "The meeting is declared closed.",
    nobody: "NN",
    some_date: "YYYY-MM-DD",
    draft: "# A draft: left out of builds until the status is adjusted.",
    chosen: "# The adjusters are elected at the meeting (§ {n}): change them here and there if need be.",
    justering: "# Fill in when the minutes are adjusted, by {last} (14 days after the meeting):",
    anslag: "# and when the adjustment is announced (by the second day after it, for three weeks at least):",
    usual: "# Everyone who usually takes part, from the last meeting ({previous}). Move those who do not\n\
            # come to `absent:`, and give a serving substitute `serves_for: <the member's name>`.",
    first_meeting: "# Those present, one a line: `  - { name: Anna Berg, org: Executive Board, role: member }`",
    absent_last: "  # Absent at the last meeting:",
    tags: "# tags: [topic, another topic]",
    agenda_items: "  # The items of the agenda here, one a line, in the order of the paragraphs.",
    body_items: "<!--\nThe items follow here: a heading \"## § number Title\" for each item of the agenda,\n\
                 with \"### Decision\" where a decision is made. Then renumber Closing of the meeting\n\
                 so that the numbers run without a gap.\n-->",
};

/// What the text is made from.
struct Input<'a> {
    body_name: &'a str,
    meeting: MeetingRef,
    previous: Option<(MeetingRef, &'a Protocol)>,
    first: u32,
    profile: Profile,
    words: &'static Words,
}

/// One attendee entry as a flow mapping, without `serves_for` (the absent it served for
/// are listed as attendees now).
fn attendee(a: &Attendee) -> Option<String> {
    let name = a.name.as_ref().map(|n| n.value.trim()).filter(|n| !n.is_empty())?;
    let mut s = format!("  - {{ name: {}", scalar(name));
    for (key, value) in [("org", &a.org), ("role", &a.role)] {
        if let Some(v) = value.as_ref().map(|v| v.value.trim()).filter(|v| !v.is_empty()) {
            let _ = write!(s, ", {key}: {}", scalar(v));
        }
    }
    s.push_str(" }");
    Some(s)
}

fn names_joined(names: &[&str], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => markdown_text(one),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|n| markdown_text(n)).collect();
            format!("{} {and} {}", init.join(", "), markdown_text(last))
        }
    }
}

fn render(input: &Input<'_>) -> String {
    let w = input.words;
    let prev = input.previous.and_then(|(m, p)| p.front.as_ref().map(|f| (m, p, f)));
    let text_of =
        |v: Option<&crate::source::Spanned<String>>| v.map(|s| s.value.trim().to_owned()).filter(|s| !s.is_empty());
    let mut s = String::from("---\n");
    let _ = writeln!(s, "body: {}", block_scalar(input.body_name));
    let _ = writeln!(s, "date: {}", input.meeting.date);
    let _ = writeln!(s, "{}", w.draft);
    s.push_str("status: draft\n");
    if let Some((m, _)) = input.previous {
        let _ = writeln!(s, "previous: {m}");
    }
    if let Some((_, _, f)) = prev {
        for (key, value) in [("time", &f.time), ("location", &f.location)] {
            if let Some(v) = text_of(value.as_ref()) {
                let _ = writeln!(s, "{key}: {}", block_scalar(&v));
            }
        }
    }
    let chair = prev.and_then(|(_, _, f)| text_of(f.chair.as_ref()));
    let secretary = prev.and_then(|(_, _, f)| text_of(f.secretary.as_ref()));
    let adjusters: Vec<&str> = prev
        .map(|(_, _, f)| f.adjusters.iter().map(|a| a.value.trim()).filter(|a| !a.is_empty()).collect())
        .unwrap_or_default();
    if let Some(c) = &chair {
        let _ = writeln!(s, "chair: {}", block_scalar(c));
    }
    if let Some(c) = &secretary {
        let _ = writeln!(s, "secretary: {}", block_scalar(c));
    }
    let adjusters_no = input.first.saturating_add(1);
    if !adjusters.is_empty() {
        let _ = writeln!(s, "{}", w.chosen.replace("{n}", &adjusters_no.to_string()));
        let _ = writeln!(s, "adjusters: {}", flow_list(adjusters.iter().copied()));
    }
    let last_day = input.meeting.date.saturating_add(jiff::Span::new().days(14));
    let _ = writeln!(s, "{}", w.justering.replace("{last}", &last_day.to_string()));
    let place = prev
        .and_then(|(_, _, f)| f.justering.as_ref().and_then(|j| text_of(j.place.as_ref())))
        .map(|p| format!(", place: {}", scalar(&p)))
        .unwrap_or_default();
    let _ = writeln!(s, "# justering: {{ date: {}{place} }}", w.some_date);
    let _ = writeln!(s, "{}", w.anslag);
    let _ = writeln!(s, "# anslag: {{ up: {0}, down: {0} }}", w.some_date);

    // The usual participants: last time's attendees, then last time's absent.
    let mut present: Vec<String> = Vec::new();
    let mut absent: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    if let Some((_, p, _)) = prev {
        for (list, out) in [(p.attendees(), &mut present), (p.absent(), &mut absent)] {
            for a in list {
                let Some(name) = a.name.as_ref().map(|n| n.value.trim().to_owned()) else { continue };
                if seen.contains(&name) {
                    continue;
                }
                if let Some(line) = attendee(a) {
                    seen.push(name);
                    out.push(line);
                }
            }
        }
    }
    if present.is_empty() && absent.is_empty() {
        let _ = writeln!(s, "{}", w.first_meeting);
        s.push_str("attendees:\n");
    } else {
        let previous = input.previous.map(|(m, _)| m.to_string()).unwrap_or_default();
        let _ = writeln!(s, "{}", w.usual.replace("{previous}", &previous));
        s.push_str("attendees:\n");
        for line in &present {
            let _ = writeln!(s, "{line}");
        }
        if !absent.is_empty() {
            let _ = writeln!(s, "{}", w.absent_last);
            for line in &absent {
                let _ = writeln!(s, "{line}");
            }
        }
        s.push_str("absent: []\n");
    }
    let _ = writeln!(s, "{}", w.tags);
    s.push_str("agenda:\n");
    for title in [w.opening, w.adjusters, w.agenda] {
        let _ = writeln!(s, "  - {}", scalar(title));
    }
    let _ = writeln!(s, "{}", w.agenda_items);
    let _ = writeln!(s, "  - {}", scalar(w.closing));
    s.push_str("---\n");

    // The paragraphs. A board needs a decision in every one; a council only where one is taken.
    let board = input.profile == Profile::Board;
    let n = input.first;
    let adjuster_names = if adjusters.is_empty() { w.nobody.to_owned() } else { names_joined(&adjusters, w.and) };
    let paragraph = |s: &mut String, no: u32, title: &str, text: Option<&str>, decision: Option<&str>| {
        let _ = write!(s, "\n## § {no} {title}\n");
        if let Some(t) = text {
            let _ = write!(s, "\n{t}\n");
        }
        if let Some(d) = decision {
            let _ = write!(s, "\n### {}\n\n{d}\n", w.decision);
        }
    };
    paragraph(&mut s, n, w.opening, Some(w.opening_text), board.then_some(w.opening_decision));
    let choose = format!("{} {adjuster_names}.", w.adjusters_decision);
    paragraph(&mut s, n.saturating_add(1), w.adjusters, None, Some(&choose));
    paragraph(&mut s, n.saturating_add(2), w.agenda, None, Some(w.agenda_decision));
    let _ = write!(s, "\n{}\n", w.body_items);
    paragraph(&mut s, n.saturating_add(3), w.closing, Some(w.closing_text), board.then_some(w.closing_decision));
    s
}
