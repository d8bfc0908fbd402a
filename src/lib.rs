//! protokoll: a compiler for meeting protocols.
//!
//! The pipeline, one stage a module, each with one input and one output type:
//!
//! ```text
//! source   site folder              -> SourceMap (every file, decoded)      load_site
//! config   protokoll.yaml, bodies…  -> Config + diagnostics                 parse_config
//! parse    SourceFile               -> Protocol + diagnostics (never fails) parse_protocol
//! check    [Protocol] + Config      -> Vec<Diagnostic> (pure: no I/O)       check::run
//! index    [Protocol]               -> Archive (by body, person, org, tag)
//! render   Archive                  -> pages in memory (Tera)
//! output   pages                    -> disk, atomically
//! ```
//!
//! Only `cli` prints. See ARCHITECTURE.md.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod import;
pub mod index;
pub mod output;
pub mod parse;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;

use std::path::Path;

use rayon::prelude::*;

pub use config::Config;
pub use diagnostic::{Diagnostic, Severity, Summary};
pub use parse::Protocol;
pub use source::{LoadError, SourceMap};

/// A site read and parsed: the input of checking, indexing and rendering.
#[derive(Debug)]
pub struct Site {
    /// Every file read.
    pub sources: SourceMap,
    /// The configuration.
    pub config: Config,
    /// Every protocol file, parsed, in path order.
    pub protocols: Vec<Protocol>,
    /// Diagnostics from loading and parsing (before levels are applied).
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and parses the site at `root`: configuration and every protocol.
pub fn load(root: &Path) -> Result<Site, LoadError> {
    let timings = Timings::from_env();
    let loaded = source::load_site(root)?;
    timings.lap("load");
    let mut diagnostics = loaded.diagnostics.clone();
    let files: Vec<_> = loaded.protocols().filter_map(|id| Some((id, loaded.sources.get(id)?))).collect();
    // Protocols are parsed without the configuration: both at once. They are parsed
    // straight into their places (a `Protocol` is some 800 bytes: moved into place
    // afterwards, 10,000 of them kept one core busy while the other waited).
    let mut protocols = Vec::new();
    let mut found: Vec<Vec<Diagnostic>> = Vec::new();
    let config = rayon::join(
        || config::parse_config(&loaded, &mut diagnostics),
        || files.par_iter().map(|&(id, f)| parse::parse_protocol(id, f)).unzip_into_vecs(&mut protocols, &mut found),
    )
    .0;
    diagnostics.extend(found.into_iter().flatten());
    Ok(Site { sources: loaded.sources, config, protocols, diagnostics })
}

/// Loads, parses and checks the site at `root`: every diagnostic, levels applied, sorted.
pub fn check_site(root: &Path) -> Result<(Site, Vec<Diagnostic>), LoadError> {
    let timings = Timings::from_env();
    let mut site = load(root)?;
    timings.lap("load, parse");
    let found = std::mem::take(&mut site.diagnostics);
    let diagnostics = check::run(&site.protocols, &site.sources, &site.config, found);
    Ok((site, diagnostics))
}

/// What `build` writes and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder.
    pub out: std::path::PathBuf,
    /// The internal edition (confidential text included); also `internal: true` in protokoll.yaml.
    pub internal: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// A build that could not run or could not write. Findings in content are not errors
/// here: they come back in [`Built::diagnostics`].
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The theme is missing or a template failed.
    #[error(transparent)]
    Theme(#[from] render::ThemeError),
    /// The site could not be written; the previous output is untouched.
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// The result of a build.
#[derive(Debug)]
pub struct Built {
    /// The site that was read. When the build was written, the text of the protocol files
    /// no diagnostic points at has been released ([`SourceMap::release_protocol_texts`]):
    /// what is left is what the diagnostics are shown with.
    pub site: Site,
    /// Every diagnostic, levels applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Files written; `None` when an error-level diagnostic stopped the build (nothing was written).
    pub written: Option<usize>,
    /// Of those, the files taken over unchanged from the previous output (hard links:
    /// they keep their modification times).
    pub unchanged: usize,
    /// What the build made on the way: the archive's index and the paragraph views.
    pub scratch: Scratch,
}

/// Millions of small strings a build makes on the way ([`Built::scratch`]), handed back so
/// that a caller about to exit can skip freeing them one by one, as the CLI does with the
/// whole [`Built`] (freeing them took 0.1 s of a build of 10,000 protocols). Dropped, they
/// are freed like anything else.
#[derive(Debug, Default)]
pub struct Scratch {
    _index: Option<index::Index>,
    _views: Vec<render::view::ProtocolView>,
}

/// Checks the site at `root` and, when no error is found, renders it and swaps it into
/// `options.out` atomically. On any failure the previous output is left as it was.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let timings = Timings::from_env();
    let (mut site, diagnostics) = check_site(root)?;
    timings.lap("(load, parse, check)");
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Ok(Built { site, diagnostics, written: None, unchanged: 0, scratch: Scratch::default() });
    }
    let internal = options.internal || site.config.site.internal;
    // The paragraphs' HTML does not depend on the index: both at once.
    let (index, views) = rayon::join(
        || index::index(&site, index::Options { drafts: options.drafts }).into_index(),
        || render::view::protocol_views(&site, internal),
    );
    timings.lap("index, paragraphs");
    // From here on nothing reads the protocols' text: the views hold what is shown of it.
    // Released, it is memory the pages reuse instead of taking fresh memory (which the
    // kernel must zero); only the files diagnostics point at keep theirs, to be shown.
    let shown: std::collections::HashSet<source::FileId> =
        diagnostics.iter().flat_map(|d| std::iter::once(d.file).chain(d.related.iter().map(|r| r.file))).collect();
    site.sources.release_protocol_texts(|id| shown.contains(&id));
    let archive = index::Archive::new(&site, index);
    let nav: Vec<(String, String)> = archive.bodies.iter().map(|b| (b.name.clone(), b.slug.clone())).collect();
    let theme = render::Theme::load(root, &site.config.site, &nav, internal)?;
    let staging = output::Staging::begin(&options.out, root)?;
    let views = render::render(
        &archive,
        &theme,
        render::Options { internal, timings: &timings, views: Some(views) },
        &|page: render::Page| -> Result<(), BuildError> { Ok(staging.write(&page)?) },
    )?;
    let unchanged = staging.reused();
    let written = staging.commit()?;
    timings.lap("commit");
    let scratch = Scratch { _index: Some(archive.into_index()), _views: views };
    Ok(Built { site, diagnostics, written: Some(written), unchanged, scratch })
}

/// Phase timings of a build, printed to standard error when `PROTOKOLL_TIMINGS` is set
/// (for benchmarks; see benches/README.md).
#[derive(Debug)]
pub struct Timings {
    last: std::sync::Mutex<std::time::Instant>,
    on: bool,
}

impl Timings {
    /// On when the environment variable `PROTOKOLL_TIMINGS` is set.
    #[must_use]
    pub fn from_env() -> Self {
        Self {
            last: std::sync::Mutex::new(std::time::Instant::now()),
            on: std::env::var_os("PROTOKOLL_TIMINGS").is_some(),
        }
    }

    /// Off.
    #[must_use]
    pub fn off() -> Self {
        Self { last: std::sync::Mutex::new(std::time::Instant::now()), on: false }
    }

    /// Prints `took`, the time of a piece of work named `phase` that ran beside others
    /// (not a lap: the next lap still counts from the previous one).
    pub fn took(&self, phase: &str, took: std::time::Duration) {
        if self.on {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("timing:   {phase:<22} {:>7.1} ms  (beside the rest)", took.as_secs_f64() * 1000.0);
            }
        }
    }

    /// Prints the time since the previous lap, named `phase`.
    pub fn lap(&self, phase: &str) {
        if !self.on {
            return;
        }
        if let Ok(mut last) = self.last.lock() {
            let now = std::time::Instant::now();
            // Resident memory now (Linux), to see which phase holds what.
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS:"))
                        .map(|l| l.trim_start_matches("VmRSS:").trim().to_owned())
                })
                .unwrap_or_default();
            #[allow(clippy::print_stderr)]
            {
                eprintln!("timing: {phase:<24} {:>7.1} ms  rss {rss}", (now - *last).as_secs_f64() * 1000.0);
            }
            *last = now;
        }
    }
}
