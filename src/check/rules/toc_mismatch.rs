//! `toc-mismatch`: a table-of-contents row that disagrees with its paragraph's number or title.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "toc-mismatch",
    level: Level::Warn,
    summary: "a table-of-contents row that disagrees with its paragraph's number or title",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
