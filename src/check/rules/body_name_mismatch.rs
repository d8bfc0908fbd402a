//! `body-name-mismatch`: the front matter's `body` differs from the name in bodies.yaml.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ProtocolCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "body-name-mismatch",
    level: Level::Warn,
    summary: "the front matter's `body` differs from the name in bodies.yaml",
    doc: DOC,
    run: Run::Protocol(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ProtocolCtx<'_>, _out: &mut Vec<Diagnostic>) {}
