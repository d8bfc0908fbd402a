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
pub mod parse;
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
    let loaded = source::load_site(root)?;
    let mut diagnostics = loaded.diagnostics.clone();
    let config = config::parse_config(&loaded, &mut diagnostics);
    let ids: Vec<_> = loaded.protocols().collect();
    let parsed: Vec<(Protocol, Vec<Diagnostic>)> = ids
        .par_iter()
        .filter_map(|&id| loaded.sources.get(id).map(|f| parse::parse_protocol(id, f)))
        .collect();
    let mut protocols = Vec::with_capacity(parsed.len());
    for (p, d) in parsed {
        protocols.push(p);
        diagnostics.extend(d);
    }
    Ok(Site { sources: loaded.sources, config, protocols, diagnostics })
}

/// Loads, parses and checks the site at `root`: every diagnostic, levels applied, sorted.
pub fn check_site(root: &Path) -> Result<(Site, Vec<Diagnostic>), LoadError> {
    let mut site = load(root)?;
    let found = std::mem::take(&mut site.diagnostics);
    let diagnostics = check::run(&site.protocols, &site.sources, &site.config, found);
    Ok((site, diagnostics))
}
