//! `adjuster-not-attendee`: an adjuster is not among the attendees.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "adjuster-not-attendee",
    level: Level::Deny,
    summary: "an adjuster is not among the attendees",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
