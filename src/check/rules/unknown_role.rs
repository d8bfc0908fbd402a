//! `unknown-role`: a role that is a near-miss of a known role (ledamot, ersättare, …).
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "unknown-role",
    level: Level::Warn,
    summary: "a role that is a near-miss of a known role (ledamot, ersättare, …)",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
