//! `attendee-table-mismatch`: an attendee table in the body that disagrees with `attendees`.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "attendee-table-mismatch",
    level: Level::Warn,
    summary: "an attendee table in the body that disagrees with `attendees`",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
