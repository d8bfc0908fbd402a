//! A protocol's content as HTML: its paragraphs (`content_html`, as Hugo gives a page's
//! `.Content`), its table of contents (`toc_html`, Hugo's `.TableOfContents`), and each
//! decision as the register lists it (`entry_html`), and who attended and who was absent
//! (`attendees_html`, `absent_html`).
//!
//! The paragraphs are the bulk of every protocol page; written by a template they cost
//! two fifths of the build's template work (a dozen lookups a paragraph, a few more per
//! section). Here they are written straight from the [`ParagraphView`]s, which are already
//! safe for this build (confidential text dropped), escaping every string as Tera's
//! autoescape does. Templates place `content_html` and `toc_html` on the page; a theme
//! that wants other markup for them loops over `paragraphs` and `toc`, which the protocol
//! page still has (docs/themes.md).

use std::fmt::Write as _;

use super::i18n;
use super::pages::{OrgGroup, PersonRef};
use super::view::ParagraphView;
use crate::config::Language;
use crate::parse::SectionKind;

/// The interface strings the content uses, looked up once per page.
struct Strings {
    confidential_title: &'static str,
    permalink_to: &'static str,
    dnr: &'static str,
    confidential: &'static str,
    confidential_note: &'static str,
    ground: &'static str,
}

impl Strings {
    fn new(lang: Language) -> Self {
        let s = |key| i18n::string(lang, key).unwrap_or(key);
        Self {
            confidential_title: s("confidential_title"),
            permalink_to: s("permalink_to"),
            dnr: s("dnr"),
            confidential: s("confidential"),
            confidential_note: s("confidential_note"),
            ground: s("ground"),
        }
    }
}

/// Appends `text` to `out`, HTML-escaped the way Tera escapes a template value.
pub(super) fn esc(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// The class suffix of a section (`sub-decision`): its kind as the views serialise it.
fn kind_name(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Decision => "decision",
        SectionKind::Motions => "motions",
        SectionKind::Vote => "vote",
        SectionKind::Dissent => "dissent",
        SectionKind::Note => "note",
        SectionKind::Other => "other",
    }
}

/// The `lang` attribute of a title: the protocol's language, except on the neutral title
/// of a confidential matter, which is in the interface's language.
fn title_lang(s: &Strings, title: &str) -> &'static str {
    if title == s.confidential_title { "" } else { " lang=\"sv\"" }
}

/// The entries of the table of contents: one `<li>` per paragraph, linking to its anchor.
#[must_use]
pub fn toc_html(paragraphs: &[ParagraphView], lang: Language) -> String {
    let s = Strings::new(lang);
    let mut out = String::with_capacity(paragraphs.len() * 160);
    for p in paragraphs {
        out.push_str("\n    <li><a href=\"#");
        esc(&mut out, &p.anchor);
        out.push_str("\"><span class=\"toc-num\">§ ");
        esc(&mut out, &p.label);
        out.push_str("</span> <span class=\"toc-text\"");
        out.push_str(title_lang(&s, &p.title));
        out.push('>');
        esc(&mut out, &p.title);
        out.push_str("</span></a></li>");
    }
    out
}

/// The paragraphs: one `<section>` each, with its heading, permalink, case number,
/// confidentiality note, text and `###` sections.
#[must_use]
pub fn content_html(paragraphs: &[ParagraphView], lang: Language) -> String {
    let s = Strings::new(lang);
    let size: usize = paragraphs
        .iter()
        .map(|p| 600 + p.intro_html.len() + p.sections.iter().map(|x| 120 + x.body_html.len()).sum::<usize>())
        .sum();
    let mut out = String::with_capacity(size);
    for p in paragraphs {
        paragraph(&mut out, p, &s);
    }
    out
}

fn paragraph(out: &mut String, p: &ParagraphView, s: &Strings) {
    out.push_str("\n<section class=\"paragraph");
    if p.confidential {
        out.push_str(" is-confidential");
    }
    out.push_str("\" id=\"");
    esc(out, &p.anchor);
    out.push_str("\" aria-labelledby=\"");
    esc(out, &p.anchor);
    out.push_str("-title\">\n  <div class=\"paragraph-head\">\n    <h2 id=\"");
    esc(out, &p.anchor);
    out.push_str("-title\"><span class=\"paragraph-num\">§ ");
    esc(out, &p.label);
    out.push_str("</span> <span");
    out.push_str(title_lang(s, &p.title));
    out.push('>');
    esc(out, &p.title);
    out.push_str("</span></h2>\n    <a class=\"permalink\" href=\"#");
    esc(out, &p.anchor);
    out.push_str("\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">");
    esc(out, s.permalink_to);
    out.push_str(" § ");
    esc(out, &p.label);
    out.push_str("</span></a>\n  </div>");
    // Empty strings count as absent, as in a template's `if`.
    let dnr = p.dnr.as_deref().filter(|d| !d.is_empty());
    let ground = p.ground.as_deref().filter(|g| !g.is_empty());
    if dnr.is_some() || p.confidential {
        out.push_str("\n  <p class=\"paragraph-meta\">");
        if let Some(dnr) = dnr {
            out.push_str("<span class=\"dnr\"><span class=\"meta-label\">");
            esc(out, s.dnr);
            out.push_str("</span> ");
            esc(out, dnr);
            out.push_str("</span>");
        }
        if p.confidential {
            out.push_str("<span class=\"confidential-tag\">");
            esc(out, s.confidential);
            if let Some(ground) = ground.filter(|_| !p.withheld) {
                out.push_str("<span class=\"ground\">: ");
                esc(out, ground);
                out.push_str("</span>");
            }
            out.push_str("</span>");
        }
        out.push_str("</p>");
    }
    if p.withheld {
        out.push_str("\n  <p class=\"withheld\">");
        esc(out, s.confidential_note);
        if let Some(ground) = ground {
            out.push(' ');
            esc(out, s.ground);
            out.push_str(": ");
            esc(out, ground);
            out.push('.');
        }
        out.push_str("</p>");
    }
    if !p.intro_html.is_empty() {
        out.push_str("\n  <div class=\"prose\" lang=\"sv\">\n");
        out.push_str(&p.intro_html);
        out.push_str("\n  </div>");
    }
    for sec in &p.sections {
        let _ = write!(out, "\n  <div class=\"sub sub-{}\" lang=\"sv\">", kind_name(sec.kind));
        if !sec.title.is_empty() {
            out.push_str("\n    <h3>");
            esc(out, &sec.title);
            out.push_str("</h3>");
        }
        out.push_str("\n    <div class=\"prose\">\n");
        out.push_str(&sec.body_html);
        out.push_str("\n    </div>\n  </div>");
    }
    out.push_str("\n</section>");
}

/// A decision as the register lists it (one `<li>`): the paragraph's number and title
/// linking to it (`href`), its case number, and the decision's text (`decision_html`).
#[must_use]
pub fn decision_entry_html(p: &ParagraphView, href: &str, decision_html: &str, lang: Language) -> String {
    let mut out = String::with_capacity(300 + decision_html.len());
    out.push_str("\n    <li class=\"decision-entry\">\n      <h3><a href=\"");
    esc(&mut out, href);
    out.push_str("\"><span class=\"paragraph-num\">§ ");
    esc(&mut out, &p.label);
    out.push_str("</span> <span lang=\"sv\">");
    esc(&mut out, &p.title);
    out.push_str("</span></a></h3>");
    if let Some(dnr) = p.dnr.as_deref().filter(|d| !d.is_empty()) {
        out.push_str("\n      <p class=\"paragraph-meta\"><span class=\"dnr\"><span class=\"meta-label\">");
        esc(&mut out, i18n::string(lang, "dnr").unwrap_or("dnr"));
        out.push_str("</span> ");
        esc(&mut out, dnr);
        out.push_str("</span></p>");
    }
    out.push_str("\n      <div class=\"sub sub-decision prose\" lang=\"sv\">\n");
    out.push_str(decision_html);
    out.push_str("\n      </div>\n    </li>");
    out
}

/// `text`, linked to `href` unless that is empty (as a template's `{% if href %}` has it).
pub(super) fn link_or_text(out: &mut String, href: &str, text: &str) {
    if href.is_empty() {
        esc(out, text);
    } else {
        out.push_str("<a href=\"");
        esc(out, href);
        out.push_str("\">");
        esc(out, text);
        out.push_str("</a>");
    }
}

/// A person in a list of attendees or absent: linked when they have a page, then what the
/// list says after the name.
fn person_item(out: &mut String, p: &PersonRef, indent: &str) {
    out.push_str(indent);
    out.push_str("<li>");
    link_or_text(out, &p.href, &p.name);
    if let Some(detail) = p.detail.as_deref().filter(|d| !d.is_empty()) {
        out.push_str("<span class=\"role\">, ");
        esc(out, detail);
        out.push_str("</span>");
    }
    out.push_str("</li>");
}

/// Who attended, grouped by organisation (each linked when it has a page): the protocol
/// page's "Närvarande" section, or "" when nobody is listed.
#[must_use]
pub(super) fn attendees_html(groups: &[OrgGroup], lang: Language) -> String {
    if groups.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(256 + groups.iter().map(|g| 96 + g.people.len() * 160).sum::<usize>());
    out.push_str(
        "\n<section class=\"participants\" aria-labelledby=\"attendees-heading\">\n  <h2 id=\"attendees-heading\">",
    );
    esc(&mut out, i18n::string(lang, "attendees").unwrap_or("attendees"));
    out.push_str("</h2>\n  <ul class=\"org-groups\">");
    for g in groups {
        out.push_str("\n    <li class=\"org-group\">");
        if !g.name.is_empty() {
            out.push_str("\n      <p class=\"org-name\">");
            link_or_text(&mut out, g.href.as_deref().unwrap_or_default(), &g.name);
            out.push_str("</p>");
        }
        out.push_str("\n      <ul class=\"people\">");
        for p in &g.people {
            person_item(&mut out, p, "\n        ");
        }
        out.push_str("\n      </ul>\n    </li>");
    }
    out.push_str("\n  </ul>\n</section>");
    out
}

/// Who was absent: the protocol page's "Frånvarande" section, or "" when nobody was.
#[must_use]
pub(super) fn absent_html(people: &[PersonRef], lang: Language) -> String {
    if people.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(256 + people.len() * 160);
    out.push_str(
        "\n<section class=\"participants participants-absent\" aria-labelledby=\"absent-heading\">\n  <h2 id=\"absent-heading\">",
    );
    esc(&mut out, i18n::string(lang, "absent").unwrap_or("absent"));
    out.push_str("</h2>\n  <ul class=\"people people-absent\">");
    for p in people {
        person_item(&mut out, p, "\n    ");
    }
    out.push_str("\n  </ul>\n</section>");
    out
}
