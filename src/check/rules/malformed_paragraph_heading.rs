//! `malformed-paragraph-heading`: a line that looks like a paragraph heading but is not `## § N Title`.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "malformed-paragraph-heading",
    level: Level::Deny,
    summary: "a line that looks like a paragraph heading but is not `## § N Title`",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
