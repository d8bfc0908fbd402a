//! `file-unreadable`: a file or folder under content/ cannot be read.
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "file-unreadable",
    level: Level::Deny,
    summary: "a file or folder under content/ cannot be read",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
