//! `paragraph-without-decision`: a paragraph without `### Beslut` in a body with the strict profile.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-without-decision",
    level: Level::Deny,
    summary: "a paragraph without `### Beslut` in a body with the strict profile",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
