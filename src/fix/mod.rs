//! Fix: apply the machine-applicable fixes that diagnostics carry (`protokoll fix`).
//!
//! [`plan`] reads and checks a site, then fixes it **in memory**, round after round like
//! `ruff --fix`: in each round every file takes the fixes of its diagnostics that do not
//! overlap one chosen before (a later round picks up the rest, against the new text),
//! until nothing changes or [`MAX_ROUNDS`] have run. [`write_file`] then writes one fixed
//! file atomically; [`unified_diff`] shows what would change.
//!
//! Fixes are [`Applicability::Safe`] or [`Applicability::Unsafe`], as in ruff: a safe fix
//! keeps what the protocol says and only repairs its form (renumbering §, the heading
//! style, an agenda title aligned with its heading, an empty bullet or a stray `.`, a
//! misspelt key); an unsafe fix changes a fact (a person's or organisation's name, a role,
//! the body, `previous`) and is applied only when asked for. [`SAFE`] and [`UNSAFE`] list
//! the rules; a rule in neither list is unsafe.
//!
//! **Nothing is lost.** A fixed text is accepted only when it is verified:
//!
//! 1. every word (a run of letters and digits) of the old text is still there, in order,
//!    except words inside an edit that may change them: a renumbered `§ N` loses its old
//!    number, a renamed key its old name, an empty `3.` bullet its number; a heading
//!    rewritten as `## § N Title` keeps every word it had;
//! 2. the new text parses (its front matter still parses) and checks again with the
//!    diagnostics that were fixed gone and **no new diagnostic** of any rule, in this file
//!    or, through the archive-wide rules, in any other.
//!
//! A fix that fails is left out and reported with the reason; the others are applied.
//! Files whose front matter does not parse, that are not UTF-8 or cannot be read are never
//! touched: protokoll does not rewrite what it does not understand.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::{self, Run};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Edit, Fix, suggest};
use crate::parse::{self, Protocol};
use crate::source::{FileId, FileKind, LoadError, SourceFile, SourceMap, Span};

/// A rule whose fixes `protokoll fix` applies, and what its fix does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixRule {
    /// The rule id.
    pub id: &'static str,
    /// What the fix does, for `fix --help`.
    pub what: &'static str,
}

/// Rules whose fixes are safe: they repair the form and keep what the protocol says.
pub const SAFE: &[FixRule] = &[
    FixRule { id: "paragraph-number-gap", what: "renumbers the paragraphs after a gap, when all are in order" },
    FixRule { id: "paragraph-number-start", what: "renumbers the paragraphs from § 1, when all are in order" },
    FixRule {
        id: "malformed-paragraph-heading",
        what: "writes a heading as `## § N Title`, keeping its title and attributes",
    },
    FixRule { id: "agenda-title-mismatch", what: "copies the heading's title into the agenda entry it nearly matches" },
    FixRule { id: "empty-list-item", what: "deletes a list item with no text" },
    FixRule { id: "stray-punctuation", what: "deletes a line of lone punctuation" },
    FixRule { id: "unknown-key", what: "renames a misspelt key to the one known key it is nearest to" },
    FixRule { id: "unknown-attribute", what: "renames a misspelt `{…}` attribute to the known one" },
    FixRule { id: "wrong-type", what: "writes a date number with dashes; puts a single value in a list" },
];

/// Rules whose fixes change a fact: applied only with `--unsafe-fixes`.
pub const UNSAFE: &[FixRule] = &[
    FixRule { id: "person-near-miss", what: "replaces a name with the known person's spelling" },
    FixRule { id: "organisation-near-miss", what: "replaces an organisation with the known one it resembles" },
    FixRule { id: "unknown-role", what: "replaces a role with the known role it resembles" },
    FixRule { id: "body-name-mismatch", what: "writes the body's name from bodies.yaml" },
    FixRule { id: "body-name-inconsistent", what: "writes the body name most files of the folder use" },
    FixRule { id: "missing-required-key", what: "adds `body` from bodies.yaml or `date` from the file name" },
    FixRule { id: "previous-not-found", what: "sets `previous` to the body's previous meeting" },
];

/// Rounds of fixing at most. Most files settle in two or three (headings first, then the
/// renumbering that overlapped them); each gap in a file's numbering takes one.
pub const MAX_ROUNDS: usize = 32;

/// Parser findings that mean the file is not understood: such a file is never rewritten.
const NOT_UNDERSTOOD: &[&str] = &["front-matter-malformed", "file-not-utf8", "file-unreadable"];

/// Every key a protocol may have (front matter, attendee, `justering`, `anslag`, agenda
/// entries, `{…}` attributes): a rename is ambiguous when another of them is as near.
fn protocol_names() -> impl Iterator<Item = &'static str> {
    use crate::parse::front;
    [
        front::KEYS,
        front::ATTENDEE_KEYS,
        front::JUSTERING_KEYS,
        front::ANSLAG_KEYS,
        front::AGENDA_KEYS,
        crate::parse::ATTRIBUTES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// Whether a fix may be applied without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Keeps what the protocol says: applied by `protokoll fix`.
    Safe,
    /// Changes a fact: applied only with `--unsafe-fixes`.
    Unsafe,
}

/// How safe the fix of `d` is; `None` when it has none. `text` is its file's text.
#[must_use]
pub fn applicability(d: &Diagnostic, text: &str) -> Option<Applicability> {
    let fix = d.fix.as_ref()?;
    if !SAFE.iter().any(|r| r.id == d.rule) {
        return Some(Applicability::Unsafe);
    }
    // A rename is mechanical only when the name it picks is the one nearest: with two
    // known keys as near, a person has to choose.
    if matches!(d.rule, "unknown-key" | "unknown-attribute")
        && fix.edits.iter().any(|e| ambiguous_rename(text.get(e.span.start..e.span.end).unwrap_or(""), &e.replacement))
    {
        return Some(Applicability::Unsafe);
    }
    Some(Applicability::Safe)
}

fn ambiguous_rename(old: &str, new: &str) -> bool {
    let (w, n) = (suggest::normalize(old), suggest::normalize(new));
    let chosen = suggest::distance(&w, &n);
    protocol_names().any(|c| {
        let c = suggest::normalize(c);
        c != n && c != w && suggest::distance(&w, &c) <= chosen
    })
}

/// What [`plan`] does.
#[derive(Debug, Clone)]
pub struct Options {
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// Fix only these files, or files under these folders; `None`: every protocol.
    pub only: Option<Vec<PathBuf>>,
    /// Rounds at most (see [`MAX_ROUNDS`]).
    pub max_rounds: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { unsafe_fixes: false, only: None, max_rounds: MAX_ROUNDS }
    }
}

/// A fix applied to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The rule whose diagnostic carried it.
    pub rule: &'static str,
    /// What it did.
    pub description: String,
    /// The diagnostics it fixed (usually one; a fix two diagnostics shared counts twice).
    pub problems: usize,
}

/// A fix that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotApplied {
    /// The file.
    pub rel: String,
    /// The rule whose diagnostic carried it.
    pub rule: &'static str,
    /// What it would have done.
    pub description: String,
    /// Why not, one sentence without a final full stop.
    pub reason: String,
}

/// A file `fix` did not touch although it was asked to, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untouched {
    /// The file.
    pub rel: String,
    /// Why, one sentence without a final full stop.
    pub reason: String,
}

/// One file, fixed in memory.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The file's id in [`Plan::sources`].
    pub file: FileId,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path relative to the site.
    pub rel: String,
    /// The text as read (without a byte-order mark).
    pub before: String,
    /// The text fixed, with the file's own line ends.
    pub after: String,
    /// Whether the file starts with a UTF-8 byte-order mark (kept when writing).
    pub bom: bool,
    /// The bytes as read: the file is written only if they are still what is on disk.
    pub original: Vec<u8>,
    /// The fixes applied, in the order they were applied.
    pub applied: Vec<Applied>,
}

impl FileFix {
    /// The bytes to write: the fixed text, with the byte-order mark if the file had one.
    #[must_use]
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.after.len() + 3);
        if self.bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        out.extend_from_slice(self.after.as_bytes());
        out
    }

    /// The diagnostics fixed in this file.
    #[must_use]
    pub fn problems(&self) -> usize {
        self.applied.iter().map(|a| a.problems).sum()
    }
}

/// The outcome of [`plan`]: what would change, what could not, and what remains.
#[derive(Debug)]
pub struct Plan {
    /// Files that change, in path order.
    pub files: Vec<FileFix>,
    /// Fixes left out (verification failed, or the round limit was reached).
    pub not_applied: Vec<NotApplied>,
    /// Files with fixable problems that were not touched.
    pub untouched: Vec<Untouched>,
    /// The diagnostics of the site as read.
    pub diagnostics_before: Vec<Diagnostic>,
    /// The site as fixed (in memory).
    pub sources: SourceMap,
    /// The diagnostics of the site as fixed: what remains.
    pub remaining: Vec<Diagnostic>,
    /// How many of them are in the files `fix` was asked to fix: all of [`Plan::remaining`]
    /// when no paths were named, else those in the files named.
    pub remaining_in_scope: usize,
    /// Remaining diagnostics (in the files fixed) with a fix that `--unsafe-fixes` would apply.
    pub unsafe_available: usize,
    /// Rounds run.
    pub rounds: usize,
}

impl Plan {
    /// The diagnostics fixed, over every file.
    #[must_use]
    pub fn problems_fixed(&self) -> usize {
        self.files.iter().map(FileFix::problems).sum()
    }
}

// ---------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------

/// The site in memory as the rounds change it.
struct State {
    sources: SourceMap,
    protocols: Vec<Protocol>,
    /// Diagnostics of loading, configuration and parsing, before levels.
    found: Vec<Diagnostic>,
    /// `check::run` of the above.
    checked: Vec<Diagnostic>,
}

impl State {
    fn text(&self, id: FileId) -> &str {
        self.sources.get(id).map_or("", |f| f.text.as_str())
    }

    /// This state with `changes` (file → new text) made, re-parsed and checked.
    fn with(&self, changes: &BTreeMap<FileId, String>, config: &Config) -> State {
        let mut sources = SourceMap::default();
        for (id, f) in self.sources.iter() {
            match changes.get(&id) {
                Some(text) => sources.add(SourceFile::new(f.path.clone(), f.rel.clone(), f.kind, text.clone())),
                None => sources.add(f.clone()),
            };
        }
        let mut found: Vec<Diagnostic> =
            self.found.iter().filter(|d| !changes.contains_key(&d.file)).cloned().collect();
        let mut protocols = self.protocols.clone();
        for p in &mut protocols {
            if changes.contains_key(&p.file)
                && let Some(f) = sources.get(p.file)
            {
                let (np, d) = parse::parse_protocol(p.file, f);
                *p = np;
                found.extend(d);
            }
        }
        let checked = check::run(&protocols, &sources, config, found.clone());
        State { sources, protocols, found, checked }
    }
}

/// A fix offered in one round.
#[derive(Debug, Clone)]
struct Candidate {
    rule: &'static str,
    fix: Fix,
    /// Diagnostics of the file that carry this very fix.
    covered: usize,
    key: FixKey,
}

/// A fix named by its text, so a rejected fix is known again in a later round, after
/// other edits moved it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FixKey {
    file: FileId,
    rule: &'static str,
    description: String,
    /// Per edit: the text around it, the text it replaces, the replacement.
    edits: Vec<(String, String, String, String)>,
}

impl FixKey {
    fn new(file: FileId, rule: &'static str, fix: &Fix, text: &str) -> Self {
        const AROUND: usize = 48;
        let edits = fix
            .edits
            .iter()
            .map(|e| {
                let before = floor(text, e.span.start.saturating_sub(AROUND));
                let after = ceil(text, e.span.end.saturating_add(AROUND));
                (
                    text.get(before..e.span.start).unwrap_or("").to_owned(),
                    text.get(e.span.start..e.span.end).unwrap_or("").to_owned(),
                    text.get(e.span.end..after).unwrap_or("").to_owned(),
                    e.replacement.clone(),
                )
            })
            .collect();
        Self { file, rule, description: fix.description.clone(), edits }
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// What one file proposes in a round, verified on its own.
#[derive(Debug)]
struct Proposal {
    file: FileId,
    text: String,
    accepted: Vec<Candidate>,
}

/// Bookkeeping over the rounds.
#[derive(Debug, Default)]
struct Log {
    /// Fixes that failed verification, with the reason. A fix is known by its text and
    /// what stands around it: when an accepted fix changes its surroundings, it is tried
    /// again in the next round.
    rejected: HashMap<FixKey, String>,
    applied: BTreeMap<FileId, Vec<Applied>>,
    /// The text as read of each file fixed (the site is not kept whole: it may be large).
    originals: HashMap<FileId, String>,
}

impl Log {
    fn reject(&mut self, c: &Candidate, reason: String) {
        self.rejected.entry(c.key.clone()).or_insert(reason);
    }

    /// Records the fixes applied to `file`, whose text before them was `text`.
    fn accept(&mut self, file: FileId, text: &str, accepted: &[Candidate]) {
        self.originals.entry(file).or_insert_with(|| text.to_owned());
        let list = self.applied.entry(file).or_default();
        list.extend(accepted.iter().map(|c| Applied {
            rule: c.rule,
            description: c.fix.description.clone(),
            problems: c.covered,
        }));
    }
}

/// Reads and checks the site at `root`, then fixes it in memory (nothing is written).
pub fn plan(root: &Path, options: &Options) -> Result<Plan, LoadError> {
    let site = crate::load(root)?;
    let crate::Site { sources, config, protocols, diagnostics: found } = site;
    let checked = check::run(&protocols, &sources, &config, found.clone());
    let mut state = State { sources, protocols, found, checked };
    let diagnostics_before = state.checked.clone();

    let only = options.only.as_ref().map(|paths| paths.iter().map(|p| canonical(p)).collect::<Vec<_>>());
    let mut untouched = Vec::new();
    let mut untouched_ids = Vec::new();
    let mut scope = Vec::new();
    let mut broken: HashMap<FileId, &'static str> = HashMap::new();
    for d in state.found.iter().filter(|d| NOT_UNDERSTOOD.contains(&d.rule)) {
        broken.entry(d.file).or_insert(d.rule);
    }
    for (id, f) in state.sources.iter() {
        if f.kind != FileKind::Protocol {
            continue;
        }
        if let Some(only) = &only {
            let path = canonical(&f.path);
            if !only.iter().any(|o| path.starts_with(o)) {
                continue;
            }
        }
        if let Some(rule) = broken.get(&id) {
            untouched.push(Untouched { rel: f.rel.clone(), reason: format!("{} ({rule})", not_understood(rule)) });
            untouched_ids.push(id);
        } else if f.text.starts_with('\u{feff}') {
            untouched
                .push(Untouched { rel: f.rel.clone(), reason: "the file starts with two byte-order marks".into() });
            untouched_ids.push(id);
        } else {
            scope.push(id);
        }
    }

    let mut log = Log::default();
    let mut rounds = 0;
    // A pass that only rejects fixes changes nothing but lets the fixes they overlapped
    // be tried in the next; it ends because each such pass rejects at least one more fix.
    let mut passes = 0;
    while rounds < options.max_rounds && passes < 4 * options.max_rounds.max(1) {
        passes += 1;
        let by_file = by_file(&state.checked);
        let proposals: Vec<(Proposal, Vec<(Candidate, String)>)> = scope
            .par_iter()
            .filter_map(|&id| {
                let diagnostics = by_file.get(&id)?;
                propose(&state, &config, id, diagnostics, options, &log.rejected)
            })
            .collect();
        let mut changes = Vec::new();
        let known = log.rejected.len();
        for (proposal, rejected) in proposals {
            for (c, reason) in rejected {
                log.reject(&c, reason);
            }
            if !proposal.accepted.is_empty() {
                changes.push(proposal);
            }
        }
        if changes.is_empty() {
            if log.rejected.len() == known {
                break;
            }
            continue;
        }
        rounds += 1;
        commit(&mut state, &config, changes, &mut log);
    }
    // The fixes still on offer: each failed verification in the last round that saw it,
    // or the round limit was reached.
    let mut not_applied = Vec::new();
    let by_file = by_file(&state.checked);
    for &id in &scope {
        let Some(diagnostics) = by_file.get(&id) else { continue };
        let rel = state.sources.get(id).map(|f| f.rel.clone()).unwrap_or_default();
        for c in candidates(&state, id, diagnostics, options, &HashMap::new()) {
            let reason = log
                .rejected
                .get(&c.key)
                .cloned()
                .unwrap_or_else(|| format!("fixing stopped after {rounds} rounds; run `protokoll fix` again"));
            not_applied.push(NotApplied { rel: rel.clone(), rule: c.rule, description: c.fix.description, reason });
        }
    }

    let mut files = Vec::new();
    for (id, applied) in std::mem::take(&mut log.applied) {
        let (Some(before), Some(new)) = (log.originals.remove(&id), state.sources.get(id)) else { continue };
        if before == new.text {
            continue;
        }
        // The file is written only if it is still the file that was read.
        let original = std::fs::read(&new.path).unwrap_or_default();
        let bom = original.starts_with("\u{feff}".as_bytes());
        let body = original.get(if bom { 3 } else { 0 }..).unwrap_or(&[]);
        if body != before.as_bytes() {
            untouched
                .push(Untouched { rel: new.rel.clone(), reason: "the file changed on disk while it was fixed".into() });
            continue;
        }
        files.push(FileFix {
            file: id,
            path: new.path.clone(),
            rel: new.rel.clone(),
            before,
            after: new.text.clone(),
            bom,
            original,
            applied,
        });
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));

    let fixable: HashSet<FileId> = scope.iter().copied().collect();
    let named: HashSet<FileId> = fixable.iter().copied().chain(untouched_ids).collect();
    let remaining_in_scope = if options.only.is_some() {
        state.checked.iter().filter(|d| named.contains(&d.file)).count()
    } else {
        state.checked.len()
    };
    let unsafe_available = if options.unsafe_fixes {
        0
    } else {
        state
            .checked
            .iter()
            .filter(|d| fixable.contains(&d.file))
            .filter(|d| applicability(d, state.text(d.file)) == Some(Applicability::Unsafe))
            .count()
    };
    Ok(Plan {
        files,
        not_applied,
        untouched,
        diagnostics_before,
        sources: state.sources,
        remaining: state.checked,
        remaining_in_scope,
        unsafe_available,
        rounds,
    })
}

/// The diagnostics with a fix, by file.
fn by_file(diagnostics: &[Diagnostic]) -> HashMap<FileId, Vec<&Diagnostic>> {
    let mut map: HashMap<FileId, Vec<&Diagnostic>> = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.fix.is_some()) {
        map.entry(d.file).or_default().push(d);
    }
    map
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn not_understood(rule: &str) -> &'static str {
    match rule {
        "front-matter-malformed" => "its front matter does not parse",
        "file-not-utf8" => "it is not UTF-8",
        _ => "it cannot be read",
    }
}

/// The fixes the file's diagnostics offer now, one per distinct fix, in the order they
/// apply: by their first edit.
fn candidates(
    state: &State,
    id: FileId,
    diagnostics: &[&Diagnostic],
    options: &Options,
    rejected: &HashMap<FixKey, String>,
) -> Vec<Candidate> {
    let text = state.text(id);
    let mut out: Vec<Candidate> = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        match applicability(d, text) {
            Some(Applicability::Safe) => {}
            Some(Applicability::Unsafe) if options.unsafe_fixes => {}
            _ => continue,
        }
        if let Some(same) = out.iter_mut().find(|c| c.rule == d.rule && c.fix == *fix) {
            same.covered += 1;
            continue;
        }
        let key = FixKey::new(id, d.rule, fix, text);
        if rejected.contains_key(&key) {
            continue;
        }
        out.push(Candidate { rule: d.rule, fix: fix.clone(), covered: 1, key });
    }
    out.sort_by_key(|c| {
        let first = c.fix.edits.iter().map(|e| e.span.start).min().unwrap_or(usize::MAX);
        let last = c.fix.edits.iter().map(|e| e.span.end).max().unwrap_or(usize::MAX);
        (first, last)
    });
    out
}

/// One file's proposal for this round: the non-overlapping fixes that verify on the file
/// alone, and the fixes rejected with their reasons.
fn propose(
    state: &State,
    config: &Config,
    id: FileId,
    diagnostics: &[&Diagnostic],
    options: &Options,
    rejected: &HashMap<FixKey, String>,
) -> Option<(Proposal, Vec<(Candidate, String)>)> {
    let source = state.sources.get(id)?;
    let mut bad = Vec::new();
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in candidates(state, id, diagnostics, options, rejected) {
        if !edits_fit(&c.fix.edits, &source.text) {
            bad.push((c, "its edits do not fit the file".to_owned()));
        } else if !chosen.iter().any(|o| overlaps(&o.fix, &c.fix)) {
            chosen.push(c);
        }
    }
    if chosen.is_empty() {
        return (!bad.is_empty()).then(|| (Proposal { file: id, text: String::new(), accepted: Vec::new() }, bad));
    }
    let before = local_counts(source, &source.text, config).0;
    let attempt = |set: &[&Candidate]| verify_local(source, set, &before, config);
    let all: Vec<&Candidate> = chosen.iter().collect();
    let (text, accepted) = match attempt(&all) {
        Ok(text) => (text, chosen),
        Err(_) if chosen.len() > 1 => {
            // One by one: keep each fix that verifies together with those kept before it.
            let mut kept: Vec<Candidate> = Vec::new();
            let mut text = source.text.clone();
            for c in chosen {
                let mut set: Vec<&Candidate> = kept.iter().collect();
                set.push(&c);
                match attempt(&set) {
                    Ok(t) => {
                        text = t;
                        kept.push(c);
                    }
                    Err(reason) => bad.push((c, reason)),
                }
            }
            (text, kept)
        }
        Err(reason) => {
            bad.extend(chosen.into_iter().map(|c| (c, reason.clone())));
            (source.text.clone(), Vec::new())
        }
    };
    Some((Proposal { file: id, text, accepted }, bad))
}

/// Whether the edits lie in the text, on character boundaries, without overlapping.
fn edits_fit(edits: &[Edit], text: &str) -> bool {
    let mut spans: Vec<Span> = edits.iter().map(|e| e.span).collect();
    spans.sort();
    spans.iter().all(|s| s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end))
        && spans.windows(2).all(|w| matches!(w, [a, b] if a.end <= b.start && a.start != b.start))
}

/// Whether two fixes touch the same bytes (or insert at the same place).
fn overlaps(a: &Fix, b: &Fix) -> bool {
    a.edits.iter().any(|x| {
        b.edits.iter().any(|y| (x.span.start < y.span.end && y.span.start < x.span.end) || x.span.start == y.span.start)
    })
}

/// Which words inside an edit may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exempt {
    /// None: every word must still be there (a heading rewritten).
    Nothing,
    /// Numbers only (a § number, the number of an empty `3.` bullet, a date's digits).
    Numbers,
    /// Any (a renamed key, an agenda title, a name).
    Words,
}

fn exempt(rule: &str) -> Exempt {
    match rule {
        "malformed-paragraph-heading" => Exempt::Nothing,
        "paragraph-number-gap" | "paragraph-number-start" | "stray-punctuation" | "empty-list-item" | "wrong-type" => {
            Exempt::Numbers
        }
        _ => Exempt::Words,
    }
}

/// `text` with the edits of `set` made. Replacements are written with `\n`; in a file
/// whose lines end in `\r\n` they get `\r\n` too.
fn apply(text: &str, set: &[&Candidate]) -> String {
    let crlf = text.find('\n').is_some_and(|i| i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r'));
    let mut edits: Vec<&Edit> = set.iter().flat_map(|c| c.fix.edits.iter()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        out.push_str(text.get(at..e.span.start).unwrap_or(""));
        if crlf {
            let mut prev = None;
            for ch in e.replacement.chars() {
                if ch == '\n' && prev != Some('\r') {
                    out.push('\r');
                }
                out.push(ch);
                prev = Some(ch);
            }
        } else {
            out.push_str(&e.replacement);
        }
        at = e.span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// The words of a text: maximal runs of letters and digits, with their byte ranges.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        match (ch.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, text.get(s..i).unwrap_or("")));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.get(s..).unwrap_or("")));
    }
    out
}

/// Check 1 of the module doc: every word of `old` outside the edits that may change it is
/// in `new`, in order.
fn words_kept(old: &str, new: &str, set: &[&Candidate]) -> Result<(), String> {
    let spans: Vec<(Span, Exempt)> =
        set.iter().flat_map(|c| c.fix.edits.iter().map(move |e| (e.span, exempt(c.rule)))).collect();
    let mut next = words(new).into_iter().map(|(_, w)| w);
    for (at, word) in words(old) {
        let end = at + word.len();
        let inside = spans.iter().find(|(s, _)| at < s.end && s.start < end).map(|(_, e)| *e);
        let may_go = match inside {
            Some(Exempt::Words) => true,
            Some(Exempt::Numbers) => word.chars().all(|c| c.is_ascii_digit()),
            Some(Exempt::Nothing) | None => false,
        };
        if may_go {
            continue;
        }
        if !next.by_ref().any(|w| w == word) {
            return Err(format!("the word `{word}` would be lost"));
        }
    }
    Ok(())
}

/// Diagnostics per rule for one file checked alone, only rules that look at one protocol
/// (archive rules are compared on the whole site), and the first not-understood finding.
fn local_counts(
    source: &SourceFile,
    text: &str,
    config: &Config,
) -> (HashMap<&'static str, usize>, Option<&'static str>) {
    let mut map = SourceMap::default();
    let file = SourceFile::new(source.path.clone(), source.rel.clone(), source.kind, text.to_owned());
    let (p, found) = parse::parse_protocol(FileId(0), &file);
    let broken = found.iter().find(|d| NOT_UNDERSTOOD.contains(&d.rule)).map(|d| d.rule);
    map.add(file);
    let mut counts = HashMap::new();
    for d in check::run(std::slice::from_ref(&p), &map, config, found) {
        if !is_archive(d.rule) {
            *counts.entry(d.rule).or_insert(0) += 1;
        }
    }
    (counts, broken)
}

fn is_archive(rule: &str) -> bool {
    matches!(check::rule(rule).map(|r| r.run), Some(Run::Archive(_)))
}

/// Checks 1 and 2 of the module doc on the file alone; the new text when they pass.
fn verify_local(
    source: &SourceFile,
    set: &[&Candidate],
    before: &HashMap<&'static str, usize>,
    config: &Config,
) -> Result<String, String> {
    let text = apply(&source.text, set);
    words_kept(&source.text, &text, set)?;
    let (after, broken) = local_counts(source, &text, config);
    if let Some(rule) = broken {
        return Err(format!("the file would no longer parse ({rule})"));
    }
    let mut covered: HashMap<&str, usize> = HashMap::new();
    for c in set.iter().filter(|c| !is_archive(c.rule)) {
        *covered.entry(c.rule).or_insert(0) += c.covered;
    }
    compare(before, &after, &covered).map(|()| text)
}

/// Whether `after` has, per rule, at most the diagnostics of `before` less those fixed.
fn compare(
    before: &HashMap<&'static str, usize>,
    after: &HashMap<&'static str, usize>,
    covered: &HashMap<&str, usize>,
) -> Result<(), String> {
    let mut rules: Vec<&&str> = after.keys().collect();
    rules.sort();
    for rule in rules {
        let now = after.get(*rule).copied().unwrap_or(0);
        let was = before.get(*rule).copied().unwrap_or(0);
        let fixed = covered.get(*rule).copied().unwrap_or(0);
        if now > was {
            return Err(format!("it would add a `{rule}` problem"));
        }
        if now > was.saturating_sub(fixed) {
            return Err(format!("the `{rule}` problem it fixes would remain"));
        }
    }
    Ok(())
}

/// Applies the round's proposals to the site, checking the whole archive: a file whose
/// change adds a diagnostic anywhere (or leaves one it fixes) is taken back and its fixes
/// are tried again rule by rule.
fn commit(state: &mut State, config: &Config, proposals: Vec<Proposal>, log: &mut Log) {
    let mut pending: BTreeMap<FileId, Proposal> = proposals.into_iter().map(|p| (p.file, p)).collect();
    let mut retry: Vec<Proposal> = Vec::new();
    while !pending.is_empty() {
        let changes: BTreeMap<FileId, String> = pending.iter().map(|(id, p)| (*id, p.text.clone())).collect();
        let next = state.with(&changes, config);
        let failing = archive_failures(state, &next, &pending);
        if failing.is_empty() {
            for (id, p) in &pending {
                log.accept(*id, state.text(*id), &p.accepted);
            }
            *state = next;
            break;
        }
        for id in failing.keys() {
            if let Some(p) = pending.remove(id) {
                retry.push(p);
            }
        }
    }
    // Rule by rule, on the whole archive, for the files taken back.
    for p in retry {
        let Some(source) = state.sources.get(p.file).cloned() else { continue };
        let before = local_counts(&source, &source.text, config).0;
        let mut groups: Vec<(&'static str, Vec<Candidate>)> = Vec::new();
        for c in p.accepted {
            match groups.iter_mut().find(|(r, _)| *r == c.rule) {
                Some((_, g)) => g.push(c),
                None => groups.push((c.rule, vec![c])),
            }
        }
        // Each trial applies the groups kept so far and this one to the text as it was
        // (the spans point into it); the archive is compared with the state that already
        // has the groups kept.
        let mut kept: Vec<Candidate> = Vec::new();
        for (_, group) in groups {
            let set: Vec<&Candidate> = kept.iter().chain(group.iter()).collect();
            let verdict = verify_local(&source, &set, &before, config).and_then(|text| {
                let next = state.with(&BTreeMap::from([(p.file, text)]), config);
                let trial = Proposal { file: p.file, text: String::new(), accepted: group.clone() };
                match archive_failures(state, &next, &BTreeMap::from([(p.file, trial)])).remove(&p.file) {
                    Some(reason) => Err(reason),
                    None => Ok(next),
                }
            });
            match verdict {
                Ok(next) => {
                    log.accept(p.file, state.text(p.file), &group);
                    kept.extend(group);
                    *state = next;
                }
                Err(reason) => {
                    for c in &group {
                        log.reject(c, reason.clone());
                    }
                }
            }
        }
    }
}

/// Files of `pending` whose change makes the archive worse, with the reason: a rule with
/// more diagnostics than before in some file (less those the file's fixes fixed).
fn archive_failures(before: &State, after: &State, pending: &BTreeMap<FileId, Proposal>) -> BTreeMap<FileId, String> {
    let count = |ds: &[Diagnostic]| {
        let mut m: HashMap<(FileId, &'static str), usize> = HashMap::new();
        for d in ds {
            *m.entry((d.file, d.rule)).or_insert(0) += 1;
        }
        m
    };
    let (was, now) = (count(&before.checked), count(&after.checked));
    let mut keys: Vec<&(FileId, &str)> = now.keys().collect();
    keys.sort();
    let mut failing = BTreeMap::new();
    for key in keys {
        let &(file, rule) = key;
        let n = now.get(key).copied().unwrap_or(0);
        let w = was.get(key).copied().unwrap_or(0);
        let fixed: usize =
            pending.get(&file).map_or(0, |p| p.accepted.iter().filter(|c| c.rule == rule).map(|c| c.covered).sum());
        if n <= w.saturating_sub(fixed) {
            continue;
        }
        let rel = before.sources.get(file).map_or("", |f| f.rel.as_str());
        if pending.contains_key(&file) {
            let reason = if n > w {
                format!("it would add a `{rule}` problem")
            } else {
                format!("the `{rule}` problem it fixes would remain")
            };
            failing.entry(file).or_insert(reason);
            continue;
        }
        // Another file got worse: blame the changed files of its body (the archive-wide
        // rules compare within a body), or all of them.
        let body = |id: FileId| before.protocols.iter().find(|p| p.file == id).map(|p| p.body_slug.as_str());
        let culprits: Vec<FileId> = pending.keys().copied().filter(|&id| body(id) == body(file)).collect();
        let culprits = if culprits.is_empty() { pending.keys().copied().collect() } else { culprits };
        for id in culprits {
            failing.entry(id).or_insert_with(|| format!("it would add a `{rule}` problem in {rel}"));
        }
    }
    failing
}

// ---------------------------------------------------------------------------------------
// Writing and showing
// ---------------------------------------------------------------------------------------

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file on disk is no longer the file that was read and fixed.
    #[error("{0} changed on disk since it was read; run `protokoll fix` again")]
    Changed(PathBuf),
    /// The file could not be written; it is as it was.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes a fixed file atomically: a temporary file beside it, then a rename over it, so
/// the file is either as it was or fixed, never half-written. The file is written only
/// when it is still the file that was read; its permissions are kept.
pub fn write_file(fix: &FileFix) -> Result<(), WriteError> {
    let io = |source| WriteError::Io { path: fix.path.clone(), source };
    let now = std::fs::read(&fix.path).map_err(io)?;
    if now != fix.original {
        return Err(WriteError::Changed(fix.path.clone()));
    }
    let dir = fix.path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = fix.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // A leading dot: the site loader skips hidden files, should one ever be left behind.
    let tmp = dir.join(format!(".{name}.protokoll-fix-{}.tmp", std::process::id()));
    let result = (|| {
        let permissions = std::fs::metadata(&fix.path)?.permissions();
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&fix.bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::set_permissions(&tmp, permissions)?;
        std::fs::rename(&tmp, &fix.path)
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(err));
    }
    Ok(())
}

/// The unified diff of a fixed file, `label` naming it in the `---`/`+++` lines. A
/// personnummer that `check` found is masked, as in `check`'s output.
#[must_use]
pub fn unified_diff(plan: &Plan, fix: &FileFix, label: &str) -> String {
    let before = mask(&fix.before, &plan.diagnostics_before, fix.file);
    let after = mask(&fix.after, &plan.remaining, fix.file);
    similar::TextDiff::from_lines(before.as_str(), after.as_str())
        .unified_diff()
        .context_radius(3)
        .header(label, label)
        .to_string()
}

/// `text` with the last four digits of each personnummer reported in it replaced by `*`.
fn mask(text: &str, diagnostics: &[Diagnostic], file: FileId) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for d in diagnostics.iter().filter(|d| d.file == file && d.rule == "personnummer") {
        let Some(span) = d.span else { continue };
        let mut left = 4;
        let mut i = span.end.min(bytes.len());
        while i > span.start && left > 0 {
            i -= 1;
            if let Some(b) = bytes.get_mut(i)
                && b.is_ascii_digit()
            {
                *b = b'*';
                left -= 1;
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(rule: &'static str, start: usize, end: usize, replacement: &str) -> Candidate {
        let fix = Fix {
            description: String::new(),
            edits: vec![Edit { span: Span::new(start, end), replacement: replacement.to_owned() }],
        };
        let key = FixKey::new(FileId(0), rule, &fix, "");
        Candidate { rule, fix, covered: 1, key }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let w: Vec<&str> =
            words("## § 12 Sätila: **Övriga** frågor {dnr=\"KS 2020/118\"}").into_iter().map(|(_, w)| w).collect();
        assert_eq!(w, ["12", "Sätila", "Övriga", "frågor", "dnr", "KS", "2020", "118"]);
    }

    #[test]
    fn a_heading_rewrite_keeps_every_word() {
        let old = "§ 1\n\n**Föregående mötesprotokoll**\n\nText.\n";
        let end = old.find("\n\nText").unwrap_or(0);
        let c = cand("malformed-paragraph-heading", 0, end, "## § 1 Föregående mötesprotokoll");
        let new = apply(old, &[&c]);
        assert_eq!(new, "## § 1 Föregående mötesprotokoll\n\nText.\n");
        assert!(words_kept(old, &new, &[&c]).is_ok());
        let lossy = cand("malformed-paragraph-heading", 0, end, "## § 1 Föregående");
        assert!(words_kept(old, &apply(old, &[&lossy]), &[&lossy]).is_err());
    }

    #[test]
    fn a_deletion_may_drop_numbers_only() {
        let old = "a\n3.\nb\n";
        let c = cand("empty-list-item", 2, 5, "");
        assert!(words_kept(old, &apply(old, &[&c]), &[&c]).is_ok());
        let old = "a\nord\nb\n";
        let c = cand("stray-punctuation", 2, 6, "");
        assert!(words_kept(old, &apply(old, &[&c]), &[&c]).is_err());
    }

    #[test]
    fn words_joined_by_a_deletion_are_lost() {
        let old = "ett\n.\ntvå";
        let c = cand("stray-punctuation", 3, 6, "");
        assert_eq!(apply(old, &[&c]), "etttvå");
        assert!(words_kept(old, &apply(old, &[&c]), &[&c]).is_err());
    }

    #[test]
    fn crlf_files_get_crlf_replacements() {
        let c = cand("wrong-type", 0, 1, "a\nb\r\nc");
        assert_eq!(apply("x\r\ny\r\n", &[&c]), "a\r\nb\r\nc\r\ny\r\n");
        assert_eq!(apply("x\ny\n", &[&c]), "a\nb\r\nc\ny\n");
    }

    #[test]
    fn overlapping_and_same_place_edits_conflict() {
        let a = cand("x", 0, 5, "");
        assert!(overlaps(&a.fix, &cand("x", 4, 6, "").fix));
        assert!(overlaps(&a.fix, &cand("x", 0, 0, "").fix));
        assert!(!overlaps(&a.fix, &cand("x", 5, 6, "").fix));
    }

    #[test]
    fn renames_with_two_equally_near_keys_are_unsafe() {
        assert!(!ambiguous_rename("datum", "date"));
        assert!(!ambiguous_rename("atendees", "attendees"));
        // `nme`: one edit from `name`, two from the rest.
        assert!(!ambiguous_rename("nme", "name"));
        // One edit from `title` and from `time`.
        assert!(ambiguous_rename("tile", "title"));
    }

    #[test]
    fn a_rule_in_neither_list_is_unsafe() {
        let d = Diagnostic::new("some-new-rule", FileId(0), None, "x")
            .with_fix("do it", vec![Edit { span: Span::point(0), replacement: "y".into() }]);
        assert_eq!(applicability(&d, ""), Some(Applicability::Unsafe));
        let d = Diagnostic::new("stray-punctuation", FileId(0), None, "x")
            .with_fix("delete", vec![Edit { span: Span::new(0, 2), replacement: String::new() }]);
        assert_eq!(applicability(&d, ".\n"), Some(Applicability::Safe));
    }

    #[test]
    fn every_rule_with_a_fix_is_classified() {
        for r in SAFE.iter().chain(UNSAFE) {
            assert!(check::rule(r.id).is_some(), "{} is not a rule", r.id);
        }
    }
}
