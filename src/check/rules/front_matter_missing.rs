//! `front-matter-missing`: a protocol has no front matter (or the file is empty).
//!
//! Emitted while loading or parsing; see [`RULE`] for the documentation.

use crate::check::{Rule, Run};
use crate::config::Level;

/// The rule.
pub static RULE: Rule = Rule {
    id: "front-matter-missing",
    level: Level::Deny,
    summary: "a protocol has no front matter (or the file is empty)",
    doc: DOC,
    run: Run::Parser,
};

const DOC: &str = "TODO";
