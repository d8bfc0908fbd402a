//! `person-near-miss`: a person's name that is a near-miss of a known person or of a name used elsewhere.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "person-near-miss",
    level: Level::Warn,
    summary: "a person's name that is a near-miss of a known person or of a name used elsewhere",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ArchiveCtx<'_>, _out: &mut Vec<Diagnostic>) {}
