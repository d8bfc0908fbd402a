//! `organisation-near-miss`: an organisation that is a near-miss of a known organisation.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "organisation-near-miss",
    level: Level::Warn,
    summary: "an organisation that is a near-miss of a known organisation",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ArchiveCtx<'_>, _out: &mut Vec<Diagnostic>) {}
