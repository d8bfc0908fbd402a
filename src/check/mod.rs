//! Check: the rules. Pure functions of parsed protocols and configuration: no I/O.
//!
//! Each rule lives in its own file under `rules/`, with its id, default level and
//! documentation; [`rules::RULES`] lists them in the order `protokoll rules` prints.
//! [`run`] applies them, then the site's levels and inline suppressions.

pub mod rules;

use std::borrow::Cow;
use std::cell::OnceCell;

use rayon::prelude::*;

use crate::config::{BodyConfig, Config, Level, Numbering, PersonConfig, Profile};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::parse::{AgendaItem, Protocol};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use rules::structure::{self, AgendaMatch, Sequence};

/// A check: its identity, documentation, and the function that runs it.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case id, the name of the problem (`paragraph-number-gap`).
    pub id: &'static str,
    /// Level when `protokoll.yaml` does not set one.
    pub level: Level,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Markdown in the clippy form: `### What it does`, `### Why is this bad?`,
    /// `### Example`, `### Use instead`.
    pub doc: &'static str,
    /// When and on what it runs.
    pub run: Run,
}

/// A rule over one protocol.
pub type ProtocolRule = fn(&ProtocolCtx<'_>, &mut Vec<Diagnostic>);

/// When a rule runs.
#[derive(Debug, Clone, Copy)]
pub enum Run {
    /// Its findings come from loading or parsing; listed here for its id, level and doc.
    Parser,
    /// On one protocol at a time.
    Protocol(ProtocolRule),
    /// On the whole archive.
    Archive(fn(&ArchiveCtx<'_>, &mut Vec<Diagnostic>)),
}

/// What a protocol rule sees.
#[derive(Debug)]
pub struct ProtocolCtx<'a> {
    /// The protocol.
    pub protocol: &'a Protocol,
    /// Its file.
    pub source: &'a SourceFile,
    /// The site's configuration.
    pub config: &'a Config,
    /// What several rules work out from the protocol, worked out once for all of them.
    derived: Derived<'a>,
}

/// See [`ProtocolCtx::sequence`], [`ProtocolCtx::agenda_match`], [`ProtocolCtx::aliased`].
#[derive(Debug, Default)]
struct Derived<'a> {
    sequence: OnceCell<Sequence>,
    agenda: OnceCell<AgendaMatch>,
    aliased: OnceCell<Cow<'a, [&'a PersonConfig]>>,
}

impl<'a> ProtocolCtx<'a> {
    /// What the rules see of `protocol`.
    #[must_use]
    pub fn new(protocol: &'a Protocol, source: &'a SourceFile, config: &'a Config) -> Self {
        Self { protocol, source, config, derived: Derived::default() }
    }

    /// What the rules see of `protocol` in a run over many: `aliased` is the run's
    /// [`rules::people::aliased`], found once, not once per protocol.
    fn in_run(
        protocol: &'a Protocol,
        source: &'a SourceFile,
        config: &'a Config,
        aliased: &'a [&'a PersonConfig],
    ) -> Self {
        let ctx = Self::new(protocol, source, config);
        let _ = ctx.derived.aliased.set(Cow::Borrowed(aliased));
        ctx
    }

    /// The people of `people.yaml` with other names ([`rules::people::aliased`]): the
    /// only ones who can make two spellings one person. A long `people.yaml` of which
    /// few or none have other names is looked through once a run.
    #[must_use]
    pub fn aliased(&self) -> &[&'a PersonConfig] {
        self.derived.aliased.get_or_init(|| Cow::Owned(rules::people::aliased(self.config).collect()))
    }

    /// The numbering of the paragraphs ([`Sequence::of`]), analysed once for the four
    /// numbering rules.
    #[must_use]
    pub fn sequence(&self) -> &Sequence {
        self.derived.sequence.get_or_init(|| Sequence::of(&self.protocol.paragraphs))
    }

    /// The agenda, when the front matter has one ([`structure::agenda`]), and how it pairs
    /// with the paragraphs ([`structure::match_agenda`]), paired once for the three agenda
    /// rules.
    #[must_use]
    pub fn agenda_match(&self) -> Option<(&'a [AgendaItem], &AgendaMatch)> {
        let agenda = structure::agenda(self)?;
        Some((agenda, self.derived.agenda.get_or_init(|| structure::match_agenda(agenda, &self.protocol.paragraphs))))
    }

    /// The text of a span of the protocol's file.
    #[must_use]
    pub fn text(&self, span: Span) -> &'a str {
        self.source.slice(span)
    }

    /// The body's entry in `bodies.yaml`, if any.
    #[must_use]
    pub fn body(&self) -> Option<&'a BodyConfig> {
        self.config.body(&self.protocol.body_slug)
    }

    /// The body's check profile.
    #[must_use]
    pub fn profile(&self) -> Profile {
        self.config.profile(&self.protocol.body_slug)
    }

    /// The body's numbering policy.
    #[must_use]
    pub fn numbering(&self) -> Numbering {
        self.config.numbering(&self.protocol.body_slug)
    }
}

/// What an archive rule sees.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveCtx<'a> {
    /// Every protocol, in path order.
    pub protocols: &'a [Protocol],
    /// Every file.
    pub sources: &'a SourceMap,
    /// The site's configuration.
    pub config: &'a Config,
}

/// The rule with this id.
#[must_use]
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::RULES.iter().copied().find(|r| r.id == id)
}

/// The level a rule has in this site.
#[must_use]
pub fn level(config: &Config, id: &str) -> Level {
    config.site.rules.get(id).copied().or_else(|| rule(id).map(|r| r.level)).unwrap_or(Level::Deny)
}

/// Runs every rule over the protocols, adds the findings to `diagnostics` (those from
/// loading and parsing), applies the site's levels and inline suppressions, and sorts.
#[must_use]
pub fn run(
    protocols: &[Protocol],
    sources: &SourceMap,
    config: &Config,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let timings = crate::Timings::from_env();
    let protocol_rules = protocol_rules(config);
    let aliased: Vec<&PersonConfig> = rules::people::aliased(config).collect();
    // The rules over the whole archive run beside the per-file rules: each of them is one
    // thread's work, which the other thread would otherwise wait for.
    let (per_file, archive) = rayon::join(
        || -> Vec<Diagnostic> {
            protocols
                .par_iter()
                .flat_map_iter(|p| {
                    let mut out = Vec::new();
                    per_file_rules(&protocol_rules, p, sources, config, &aliased, &mut out);
                    out
                })
                .collect()
        },
        || {
            let mut out = Vec::new();
            archive_rules(protocols, sources, config, &mut out, &timings);
            out
        },
    );
    diagnostics.extend(per_file);
    diagnostics.extend(archive);
    timings.lap("check: all rules");
    finish(diagnostics, protocols, sources, config)
}

/// The per-file rules the site does not allow.
fn protocol_rules(config: &Config) -> Vec<ProtocolRule> {
    rules::RULES
        .iter()
        .filter(|r| level(config, r.id) != Level::Allow)
        .filter_map(|r| match r.run {
            Run::Protocol(f) => Some(f),
            Run::Parser | Run::Archive(_) => None,
        })
        .collect()
}

/// Runs `rules` over one protocol; `aliased` is [`rules::people::aliased`].
fn per_file_rules(
    rules: &[ProtocolRule],
    protocol: &Protocol,
    sources: &SourceMap,
    config: &Config,
    aliased: &[&PersonConfig],
    out: &mut Vec<Diagnostic>,
) {
    if let Some(source) = sources.get(protocol.file) {
        let ctx = ProtocolCtx::in_run(protocol, source, config, aliased);
        for f in rules {
            f(&ctx, out);
        }
    }
}

/// Runs the rules over the whole archive that the site does not allow, one after the
/// other, each timed on its own.
fn archive_rules(
    protocols: &[Protocol],
    sources: &SourceMap,
    config: &Config,
    out: &mut Vec<Diagnostic>,
    timings: &crate::Timings,
) {
    let actx = ArchiveCtx { protocols, sources, config };
    for r in rules::RULES {
        if let Run::Archive(f) = r.run
            && level(config, r.id) != Level::Allow
        {
            let start = std::time::Instant::now();
            f(&actx, out);
            timings.took(r.id, start.elapsed());
        }
    }
}

/// Whether an inline `<!-- protokoll: allow … -->` covers this diagnostic.
fn suppressed(d: &Diagnostic, p: &Protocol) -> bool {
    let at = d.span.unwrap_or_default();
    p.suppressions.iter().any(|s| {
        s.covers.contains(Span::point(at.start)) && s.rules.iter().any(|r| r.value == d.rule || r.value == "all")
    })
}

/// Runs the rules over one protocol only (`serve`, after that file changed): the per-file
/// rules, then the site's levels and the file's inline suppressions, added to `diagnostics`
/// (those from parsing it). Archive rules are left to [`run_archive`].
#[must_use]
pub fn run_protocol(
    protocol: &Protocol,
    sources: &SourceMap,
    config: &Config,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let aliased: Vec<&PersonConfig> = rules::people::aliased(config).collect();
    per_file_rules(&protocol_rules(config), protocol, sources, config, &aliased, &mut diagnostics);
    finish(diagnostics, std::slice::from_ref(protocol), sources, config)
}

/// Runs only the rules over the whole archive (`serve`, after the per-file rules of a
/// changed file have been reported), with levels and suppressions applied.
#[must_use]
pub fn run_archive(protocols: &[Protocol], sources: &SourceMap, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    archive_rules(protocols, sources, config, &mut diagnostics, &crate::Timings::off());
    finish(diagnostics, protocols, sources, config)
}

/// Whether the rule with this id runs on the whole archive.
#[must_use]
pub fn is_archive_rule(id: &str) -> bool {
    rule(id).is_some_and(|r| matches!(r.run, Run::Archive(_)))
}

/// Levels, suppressions, order: what every run does after the rules.
fn finish(
    mut diagnostics: Vec<Diagnostic>,
    protocols: &[Protocol],
    sources: &SourceMap,
    config: &Config,
) -> Vec<Diagnostic> {
    // The protocol of each file, for suppressions: one lookup a diagnostic, not a scan.
    let by_file: std::collections::HashMap<FileId, &Protocol> =
        protocols.iter().filter(|p| !p.suppressions.is_empty()).map(|p| (p.file, p)).collect();
    diagnostics.retain_mut(|d| {
        let severity = match level(config, d.rule) {
            Level::Allow => return false,
            Level::Deny => Severity::Error,
            Level::Warn => Severity::Warning,
        };
        d.severity = severity;
        !by_file.get(&d.file).is_some_and(|p| suppressed(d, p))
    });
    diagnostic::sort(&mut diagnostics, sources);
    diagnostics.dedup();
    diagnostics
}
