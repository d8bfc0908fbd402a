//! `dates-out-of-order`: justering before the meeting, anslag before justering, or anslag taken down before it went up.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "dates-out-of-order",
    level: Level::Deny,
    summary: "justering before the meeting, anslag before justering, or anslag taken down before it went up",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
