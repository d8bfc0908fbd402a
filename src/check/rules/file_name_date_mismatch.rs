//! `file-name-date-mismatch`: the file name is not the meeting date, or disagrees with `date`.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "file-name-date-mismatch",
    level: Level::Deny,
    summary: "the file name is not the meeting date, or disagrees with `date`",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
