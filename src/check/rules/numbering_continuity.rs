//! `numbering-continuity`: per-year numbering does not continue from the body's previous meeting that year.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "numbering-continuity",
    level: Level::Deny,
    summary: "per-year numbering does not continue from the body's previous meeting that year",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ArchiveCtx<'_>, _out: &mut Vec<Diagnostic>) {}
