//! `missing-required-key`: a required front-matter key (body, date, attendees) is missing or empty.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "missing-required-key",
    level: Level::Deny,
    summary: "a required front-matter key (body, date, attendees) is missing or empty",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
