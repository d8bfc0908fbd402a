//! `duplicate-paragraph-text`: two paragraphs with the same (or nearly the same) text: a copy-paste slip.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "duplicate-paragraph-text",
    level: Level::Warn,
    summary: "two paragraphs with the same (or nearly the same) text: a copy-paste slip",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
