//! `duplicate-meeting`: two protocols for the same body and meeting.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "duplicate-meeting",
    level: Level::Deny,
    summary: "two protocols for the same body and meeting",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ArchiveCtx<'_>, _out: &mut Vec<Diagnostic>) {}
