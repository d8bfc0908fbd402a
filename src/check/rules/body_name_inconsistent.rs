//! `body-name-inconsistent`: the `body` name differs between files of one folder.
//!
//! See [`RULE`] for the documentation.

use crate::check::{ArchiveCtx, Rule, Run};
use crate::config::Level;
use crate::diagnostic::Diagnostic;

/// The rule.
pub static RULE: Rule = Rule {
    id: "body-name-inconsistent",
    level: Level::Warn,
    summary: "the `body` name differs between files of one folder",
    doc: DOC,
    run: Run::Archive(check),
};

const DOC: &str = "TODO";

fn check(_ctx: &ArchiveCtx<'_>, _out: &mut Vec<Diagnostic>) {}
