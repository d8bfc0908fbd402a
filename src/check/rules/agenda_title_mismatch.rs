//! `agenda-title-mismatch`: an agenda entry whose title nearly matches a paragraph's title.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "agenda-title-mismatch",
    level: Level::Warn,
    summary: "an agenda entry whose title nearly matches a paragraph's title",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
