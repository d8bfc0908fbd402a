//! `anslag-deadline`: anslag not put up within 2 days of justering, or taken down before the 3-week appeal time ends.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "anslag-deadline",
    level: Level::Deny,
    summary: "anslag not put up within 2 days of justering, or taken down before the 3-week appeal time ends",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
