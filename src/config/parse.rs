//! Reading `protokoll.yaml`, `bodies.yaml` and `people.yaml`, totally: every problem is a
//! diagnostic at its value, and the default is used in its place.

use std::collections::HashSet;

use super::{BodyConfig, Config, Language, Level, Numbering, PersonConfig, Profile, SiteConfig};
use crate::diagnostic::{Diagnostic, suggest};
use crate::parse::convert::Conv;
use crate::parse::yaml::{self, Node, NodeKind};
use crate::source::{FileId, FileKind, Loaded, SourceFile, Span, Spanned};

const SITE_KEYS: &[&str] = &["title", "language", "base_url", "theme", "internal", "rules"];
const BODY_KEYS: &[&str] = &["name", "slug", "numbering", "profile", "prefix", "seats"];
const PERSON_KEYS: &[&str] = &["name", "org", "other_names"];

/// Parses the site's configuration files. Problems become diagnostics; defaults fill in.
pub fn parse_config(loaded: &Loaded, diags: &mut Vec<Diagnostic>) -> Config {
    let mut config = Config::default();
    if let Some(id) = loaded.find(FileKind::SiteConfig)
        && let Some(file) = loaded.sources.get(id)
        && let Some(root) = root(id, file, diags)
    {
        config.site = site(&root, id, diags);
    }
    if let Some(id) = loaded.find(FileKind::Bodies)
        && let Some(file) = loaded.sources.get(id)
        && let Some(root) = root(id, file, diags)
    {
        config.bodies = bodies(&root, id, diags);
    }
    if let Some(id) = loaded.find(FileKind::People)
        && let Some(file) = loaded.sources.get(id)
        && let Some(root) = root(id, file, diags)
    {
        config.people = people(&root, id, diags);
    }
    config.index_people();
    config
}

fn root(id: FileId, file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    if file.text.trim().is_empty() {
        return None;
    }
    match yaml::parse(&file.text, 0) {
        Ok(node) => Some(node),
        Err(err) => {
            diags.push(
                Diagnostic::new(
                    "front-matter-malformed",
                    id,
                    Some(Span::point(err.offset.unwrap_or(0))),
                    format!("{} is not valid YAML: {}", file.rel, err.message),
                )
                .with_help("check the indentation and quoting on this line"),
            );
            None
        }
    }
}

fn site(root: &Node, file: FileId, diags: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut conv = Conv { file, diags };
    let mut site = SiteConfig::default();
    let Some(entries) = conv.map(root, "protokoll.yaml", "protokoll.yaml is a list of `key: value` lines") else {
        return site;
    };
    for (k, v) in entries {
        let Some(key) = conv.key(k) else { continue };
        match key {
            "title" => {
                if let Some(t) = conv.string(v, key) {
                    site.title = t.value;
                }
            }
            "language" => {
                if let Some(l) = conv.string(v, key) {
                    match l.value.to_ascii_lowercase().as_str() {
                        "sv" | "svenska" | "swedish" => site.language = Language::Sv,
                        "en" | "english" | "engelska" => site.language = Language::En,
                        other => invalid(
                            &mut conv,
                            v.span,
                            &format!("unknown language `{other}`"),
                            "`language` is `sv` (the default) or `en`",
                        ),
                    }
                }
            }
            "base_url" => site.base_url = conv.string(v, key).map(|s| s.value).filter(|s| !s.is_empty()),
            "theme" => site.theme = conv.string(v, key).map(|s| s.value).filter(|s| !s.is_empty()),
            "internal" => match v.kind {
                NodeKind::Bool(b) => site.internal = b,
                _ => conv.wrong_type(
                    v,
                    key,
                    "true or false",
                    "`internal: true` builds the intranet edition with confidential text",
                ),
            },
            "rules" if v.kind == NodeKind::Null => {}
            "rules" => {
                if let Some(rules) = conv.map(v, key, "write one rule a line: `  paragraph-number-gap: warn`") {
                    for (rk, rv) in rules {
                        let Some(id) = conv.key(rk) else { continue };
                        if crate::check::rule(id).is_none() {
                            let ids: Vec<&str> = crate::check::rules::RULES.iter().map(|r| r.id).collect();
                            conv.unknown_key(rk, id, &ids, "`rules`");
                            continue;
                        }
                        if let Some(level) = conv.string(rv, id) {
                            match Level::parse(&level.value) {
                                Some(l) => {
                                    site.rules.insert(id.to_owned(), l);
                                }
                                None => invalid(
                                    &mut conv,
                                    rv.span,
                                    &format!("unknown level `{}` for {id}", level.value),
                                    "a rule's level is deny, warn or allow",
                                ),
                            }
                        }
                    }
                }
            }
            other => conv.unknown_key(k, other, SITE_KEYS, "protokoll.yaml"),
        }
    }
    site
}

fn invalid(conv: &mut Conv, span: Span, message: &str, help: &str) {
    conv.diags
        .push(Diagnostic::new("invalid-value", conv.file, Some(span), message.to_owned()).with_help(help.to_owned()));
}

fn list<'n>(conv: &mut Conv, root: &'n Node, what: &str, help: &str) -> &'n [Node] {
    match &root.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Null => &[],
        _ => {
            conv.wrong_type(root, what, "a list", help);
            &[]
        }
    }
}

fn bodies(root: &Node, file: FileId, diags: &mut Vec<Diagnostic>) -> Vec<BodyConfig> {
    let mut conv = Conv { file, diags };
    let mut out: Vec<BodyConfig> = Vec::new();
    let mut seen = HashSet::new();
    for item in list(
        &mut conv,
        root,
        "bodies.yaml",
        "bodies.yaml is a list: `- name: Kommunstyrelsen` with `slug:` on the next line",
    ) {
        let Some(entries) = conv.map(item, "a body", "write `- { name: Kommunstyrelsen, slug: kommunstyrelsen }`")
        else {
            continue;
        };
        let (mut name, mut slug, mut numbering, mut profile, mut prefix, mut seats) =
            (None, None, Numbering::PerMeeting, Profile::Council, None, None);
        for (k, v) in entries {
            let Some(key) = conv.key(k) else { continue };
            match key {
                "name" => name = conv.string(v, key),
                "slug" => slug = conv.string(v, key),
                "numbering" => {
                    if let Some(s) = conv.string(v, key) {
                        match s.value.as_str() {
                            "per-meeting" => numbering = Numbering::PerMeeting,
                            "per-year" => numbering = Numbering::PerYear,
                            other => invalid(
                                &mut conv,
                                v.span,
                                &format!("unknown numbering `{other}`"),
                                "numbering is `per-meeting` or `per-year`",
                            ),
                        }
                    }
                }
                "profile" => {
                    if let Some(s) = conv.string(v, key) {
                        match s.value.as_str() {
                            "council" | "råd" => profile = Profile::Council,
                            "board" | "nämnd" => profile = Profile::Board,
                            other => invalid(
                                &mut conv,
                                v.span,
                                &format!("unknown profile `{other}`"),
                                "profile is `council` (lenient) or `board` (strict)",
                            ),
                        }
                    }
                }
                "prefix" => prefix = conv.string(v, key).map(|s| s.value),
                "seats" => match v.kind {
                    NodeKind::Int(n) if n > 0 => seats = u32::try_from(n).ok(),
                    _ => conv.wrong_type(
                        v,
                        key,
                        "a positive whole number",
                        "`seats` is the number of members, for quorum",
                    ),
                },
                other => conv.unknown_key(k, other, BODY_KEYS, "a body"),
            }
        }
        let Some(name) = name.filter(|n| !n.value.is_empty()) else {
            conv.diags.push(
                Diagnostic::new("missing-required-key", file, Some(item.span), "a body without `name`")
                    .with_help("give every body a `name:` and a `slug:`"),
            );
            continue;
        };
        let slug = slug
            .filter(|s| !s.value.is_empty())
            .unwrap_or_else(|| Spanned::new(crate::parse::slugify(&name.value), name.span));
        if !seen.insert(slug.value.clone()) {
            conv.diags.push(
                Diagnostic::new(
                    "invalid-value",
                    file,
                    Some(slug.span),
                    format!("two bodies with the slug `{}`", slug.value),
                )
                .with_help("each body has its own folder: give each a different slug"),
            );
            continue;
        }
        out.push(BodyConfig { file, name, slug, numbering, profile, prefix, seats });
    }
    out
}

fn people(root: &Node, file: FileId, diags: &mut Vec<Diagnostic>) -> Vec<PersonConfig> {
    let mut conv = Conv { file, diags };
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for item in
        list(&mut conv, root, "people.yaml", "people.yaml is a list: `- { name: Anna Berg, org: Kommunstyrelsen }`")
    {
        let Some(entries) = conv.map(item, "a person", "write `- { name: Anna Berg, org: Kommunstyrelsen }`") else {
            continue;
        };
        let (mut name, mut org, mut other_names) = (None, None, Vec::new());
        for (k, v) in entries {
            let Some(key) = conv.key(k) else { continue };
            match key {
                "name" => name = conv.string(v, key),
                "org" => org = conv.string(v, key),
                "other_names" => other_names = conv.string_list(v, key),
                other => conv.unknown_key(k, other, PERSON_KEYS, "a person"),
            }
        }
        let Some(name) = name.filter(|n| !n.value.is_empty()) else {
            conv.diags.push(
                Diagnostic::new("missing-required-key", file, Some(item.span), "a person without `name`")
                    .with_help("give every person a `name:`"),
            );
            continue;
        };
        if !seen.insert(suggest::normalize(&name.value)) {
            conv.diags.push(
                Diagnostic::new(
                    "attendee-duplicate",
                    file,
                    Some(name.span),
                    format!("{} is listed twice in people.yaml", name.value),
                )
                .with_help("merge the two entries; list other spellings under `other_names`"),
            );
            continue;
        }
        out.push(PersonConfig { file, name, org, other_names });
    }
    out
}
