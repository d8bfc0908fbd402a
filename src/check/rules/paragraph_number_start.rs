//! `paragraph-number-start`: the first paragraph number is not 1 (per-meeting numbering).
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "paragraph-number-start",
    level: Level::Deny,
    summary: "the first paragraph number is not 1 (per-meeting numbering)",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
